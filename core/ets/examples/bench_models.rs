//! Times `fit` per candidate model on the `bench_auto` series (730 points, period 7). Run with
//! `cargo run --release -p aism-ets --example bench_models`.
use aism_ets::{ErrorType, ModelSpec, SeasonType, TrendType};
use std::time::Instant;

#[path = "common/series.rs"]
mod series;

fn main() {
    let y = series::daily_730();
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
