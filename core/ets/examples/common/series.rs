//! The synthetic series the timing examples share: 730 daily points, trend, weekly pattern and
//! LCG noise (deterministic).

/// The benchmark series.
pub fn daily_730() -> Vec<f64> {
    let mut state: u64 = 12345;
    (0..730)
        .map(|t| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            let week = [1.0, 1.1, 1.05, 0.95, 1.2, 1.4, 0.7][t % 7];
            (100.0 + 0.05 * t as f64) * week * (1.0 + 0.1 * (u - 0.5))
        })
        .collect()
}
