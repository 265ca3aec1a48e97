//! Fuzz target for ingestion: `cargo +nightly fuzz run ingest` from `core/`.
//!
//! Feeds the bytes to the CSV and workbook readers, their text to the number and date
//! parsers, and every grid that comes out to type inference and `AISM.CLEAN`. Any panic is a
//! bug: in WASM a panic kills every custom function. The stable stand-in that runs in CI is
//! the `ingest_never_panics` test in `core/src/ingest/mod.rs`.
#![no_main]

use aism_core::ingest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = ingest::parse_number(&text);
    let _ = ingest::parse_date(&text);
    for line in text.lines().take(64) {
        let _ = ingest::parse_number(line);
        let _ = ingest::parse_date_with(line, ingest::DateOrder::Dmy);
    }
    if let Ok(grid) = ingest::grid_from_csv(data) {
        let _ = ingest::infer_table(&grid, Some((4, 2)));
        let _ = aism_core::call("AISM.CLEAN", vec![Some(grid)]);
    }
    if let Ok((grid, origin)) = ingest::sheet_from_workbook(data, None) {
        let _ = ingest::infer_table(&grid, Some(origin));
        let _ = ingest::clean_grid(&grid);
    }
});
