//! Daily sales monitoring (SPEC §2.1): forecasts, the Excel-compatible FORECAST.ETS family,
//! anomalies, changepoints, KPIs and the sales report.

pub(crate) mod detect_fns;
pub(crate) mod forecast_fns;
pub mod report;
