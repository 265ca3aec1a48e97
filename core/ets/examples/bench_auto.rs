//! Times `auto_ets` on a synthetic daily series (730 points, period 7 and period 1). Run with
//! `cargo run --release -p aism-ets --example bench_auto [7|1]`.
use std::time::Instant;

#[path = "common/series.rs"]
mod series;

fn main() {
    let y = series::daily_730();
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
