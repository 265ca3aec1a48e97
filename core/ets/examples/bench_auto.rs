//! Times `auto_ets` on a synthetic daily series (730 points, period 7 and period 1). Run with
//! `cargo run --release -p aism-ets --example bench_auto [7|1]`.
use std::time::Instant;

fn main() {
    // deterministic synthetic daily sales: trend + weekly pattern + LCG noise
    let mut state: u64 = 12345;
    let y: Vec<f64> = (0..730)
        .map(|t| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64;
            let week = [1.0, 1.1, 1.05, 0.95, 1.2, 1.4, 0.7][t % 7];
            (100.0 + 0.05 * t as f64) * week * (1.0 + 0.1 * (u - 0.5))
        })
        .collect();
    // period 7 (15 candidates, 6 of them seasonal with trend) and period 1 (the non-seasonal
    // search, as on an MSTL-deseasonalised series)
    // optional argument: run only that period (for CPU timing with /usr/bin/time)
    let only: Option<usize> = std::env::args().nth(1).and_then(|a| a.parse().ok());
    for (period, reps) in [(7, 20), (1, 100)] {
        if only.is_some_and(|p| p != period) {
            continue;
        }
        let opts = aism_ets::AutoOptions {
            period,
            ..Default::default()
        };
        let start = Instant::now();
        let mut name = String::new();
        for _ in 0..reps {
            match aism_ets::auto_ets(&y, &opts) {
                Ok(f) => name = f.spec.name(),
                Err(e) => name = format!("error: {e}"),
            }
        }
        let per = start.elapsed().as_secs_f64() * 1e3 / reps as f64;
        println!("auto_ets 730 points, period {period}: {per:.2} ms per call (model {name})");
    }
}
