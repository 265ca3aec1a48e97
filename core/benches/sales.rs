//! Criterion benches of the sales functions through the registry (what every host calls).

use aism_core::{Cell, Grid, call};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// A deterministic daily series: trend, weekly pattern, noise from a small LCG.
fn daily_series(n: usize) -> Vec<f64> {
    let mut seed: u64 = 42;
    let weekly = [0.8, 0.9, 1.0, 1.05, 1.2, 1.4, 0.65];
    (0..n)
        .map(|i| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = (seed >> 11) as f64 / (1u64 << 53) as f64;
            (1000.0 + 0.5 * i as f64) * weekly[i % 7] + (u - 0.5) * 80.0
        })
        .collect()
}

fn column(values: &[f64]) -> Option<Grid> {
    Some(Grid::column(
        values.iter().map(|&x| Cell::Number(x)).collect(),
    ))
}

fn benches(c: &mut Criterion) {
    let y730 = daily_series(730);
    c.bench_function("AISM.FORECAST 730 daily, weekly season, h=30", |b| {
        b.iter(|| {
            call(
                "AISM.FORECAST",
                vec![
                    column(black_box(&y730)),
                    None,
                    Some(Grid::scalar(Cell::Number(30.0))),
                ],
            )
        })
    });
    let y10k = daily_series(10_000);
    c.bench_function("AISM.ANOMALIES 10,000 cells", |b| {
        b.iter(|| call("AISM.ANOMALIES", vec![column(black_box(&y10k))]))
    });
}

criterion_group! {
    name = sales;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(sales);
