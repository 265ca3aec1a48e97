//! Criterion benches of the P&L and inventory engines on typed input (no cell typing), the work
//! the Python peers of `cargo xtask bench` do on their DataFrames: the 1,000,000-line ledger to a
//! monthly statement, and the plan of 10,000 SKUs × 104 weeks (classification, forecast, safety
//! stock, reorder point, EOQ).

use aism_core::inventory::{PlanOptions, plan, plan::synthetic_input};
use aism_core::pnl::statement::{LedgerRow, Period, build_statement};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::rc::Rc;

/// The ledger of tests/bench/cases.mjs in shape: 17 accounts, two years, amounts around a
/// typical size (a small LCG instead of the JS generator; the timing does not depend on values).
fn ledger(n: usize) -> Vec<LedgerRow> {
    let accounts: Vec<Rc<str>> = [
        "4000 Product sales",
        "4100 Service revenue",
        "Ventas online",
        "5000 Cost of goods sold",
        "5100 Freight in",
        "6000 Salaries",
        "Sueldos y salarios",
        "6100 Rent",
        "6200 Marketing",
        "Publicidad",
        "6300 Utilities",
        "6400 Software",
        "6500 Travel",
        "7000 Depreciation",
        "8000 Interest income",
        "8100 Interest expense",
        "9000 Income tax",
    ]
    .into_iter()
    .map(Rc::from)
    .collect();
    let mut seed: u64 = 7;
    (0..n)
        .map(|i| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let a = (seed >> 33) as usize % accounts.len();
            LedgerRow {
                date: 44927.0 + ((i * 730) / n) as f64,
                account: accounts[a].clone(),
                amount: 100.0 + (seed >> 40) as f64 / 1e5,
                category: None,
            }
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("systems");
    g.sample_size(10);
    let rows = ledger(1_000_000);
    g.bench_function("P&L statement, 1,000,000 ledger rows (typed)", |b| {
        b.iter(|| build_statement(black_box(&rows), None, Period::Month))
    });
    let input = synthetic_input(10_000, 104);
    let opts = PlanOptions {
        order_cost: Some(40.0),
        ..Default::default()
    };
    g.bench_function("inventory plan, 10,000 SKUs × 104 weeks (typed)", |b| {
        b.iter(|| plan(black_box(&input), &opts))
    });
    g.finish();
}

criterion_group!(systems, benches);
criterion_main!(systems);
