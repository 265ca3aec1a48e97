//! AI Spreadsheet Mastery analytics core.
//!
//! Everything that computes lives here and in the `aism-ets` / `aism-ts` crates below it:
//! cells and spreadsheet errors ([`cells`]), ingestion of host ranges, CSV and XLSX
//! ([`ingest`]), the one function registry every host calls ([`registry`]), the report model
//! ([`report`]) and the systems ([`sales`], [`pnl`], [`inventory`], [`pricing`], [`customers`]).
//!
//! Invariant: this crate does no IO, no async, reads no clock and draws no randomness it was
//! not given; it builds for `wasm32-unknown-unknown` and natively, and it fails only through
//! values ([`cells::CellError`]), never by panicking.

pub mod cells;
pub mod course;
pub mod customers;
pub mod ingest;
pub mod inventory;
pub mod json;
pub mod licence;
pub mod pnl;
pub mod pricing;
pub mod registry;
pub mod report;
pub mod sales;
pub mod systems;

pub use cells::{Cell, CellError, ErrorKind, Grid};
pub use registry::{call, catalog, catalog_json};
pub use systems::{run_report, run_report_bytes};
