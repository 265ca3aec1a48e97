//! Fuzz target: any table, through any system's report (auto-detected or forced), returns a
//! report or a spreadsheet error, never panics. Bytes are decoded into a system choice and a grid
//! whose cells are numbers, dates, texts the systems look for, booleans and errors.
#![no_main]

use aism_core::systems::{ReportOptions, System, run_report};
use aism_core::{Cell, ErrorKind, Grid};
use libfuzzer_sys::fuzz_target;

const WORDS: &[&str] = &[
    "Date",
    "Account",
    "Amount",
    "SKU",
    "Units sold",
    "On hand",
    "Unit cost",
    "Lead time",
    "Supplier",
    "Actual",
    "Budget",
    "Profit and Loss",
    "Total Income",
    "Gross Profit",
    "Net Income",
    "Cost of Sales",
    "Net Profit",
    "Jan 2024",
    "Feb-24",
    "Total",
    "4000 Sales",
    "6100 Rent",
    "Ventas",
    "(12.50)",
    "",
    "Customer",
    "Cliente",
    "Order total",
    "Unit price",
    "Precio",
    "Competitor price",
    "Product",
];

fuzz_target!(|data: &[u8]| {
    let mut it = data.iter().copied();
    let mut byte = move || it.next().unwrap_or(0);
    let system = [
        None,
        Some(System::Sales),
        Some(System::Pnl),
        Some(System::Inventory),
        Some(System::Pricing),
        Some(System::Customers),
    ][(byte() % 6) as usize];
    let w = 1 + (byte() % 6) as usize;
    let h = (byte() % 64) as usize;
    let rows = (0..h)
        .map(|_| {
            (0..w)
                .map(|_| match byte() % 7 {
                    0 => Cell::Empty,
                    1 => Cell::Number(f64::from(byte()) * 10.0 - 300.0),
                    2 => Cell::Number(45000.0 + f64::from(byte()) * 3.0),
                    3 | 4 => Cell::Text(WORDS[(byte() as usize) % WORDS.len()].to_string()),
                    5 => Cell::Bool(byte() & 1 == 1),
                    _ => Cell::Error(ErrorKind::ALL[(byte() as usize) % ErrorKind::ALL.len()]),
                })
                .collect()
        })
        .collect();
    let opts = ReportOptions {
        system,
        ..Default::default()
    };
    let _ = run_report(&Grid::from_rows(rows), None, &opts);
});
