//! Times `fit` per candidate model on the `bench_auto` series (730 points, period 7). Run with
//! `cargo run --release -p aism-ets --example bench_models`.
use aism_ets::{ErrorType, ModelSpec, SeasonType, TrendType};
use std::time::Instant;

fn main() {
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
    let mut total = 0.0;
    for e in [ErrorType::Additive, ErrorType::Multiplicative] {
        for (t, d) in [
            (TrendType::None, false),
            (TrendType::Additive, true),
            (TrendType::Additive, false),
        ] {
            for s in [
                SeasonType::None,
                SeasonType::Additive,
                SeasonType::Multiplicative,
            ] {
                if e == ErrorType::Additive && s == SeasonType::Multiplicative {
                    continue;
                }
                let spec = ModelSpec {
                    error: e,
                    trend: t,
                    damped: d,
                    season: s,
                    period: 7,
                };
                let reps = 10;
                let start = Instant::now();
                let mut ll = 0.0;
                for _ in 0..reps {
                    if let Ok(f) = aism_ets::fit(&y, spec) {
                        ll = f.log_likelihood;
                    }
                }
                let ms = start.elapsed().as_secs_f64() * 1e3 / reps as f64;
                total += ms;
                println!("{:<14} {ms:7.2} ms  loglik {ll:.4}", spec.name());
            }
        }
    }
    println!("total {total:.2} ms");
}
