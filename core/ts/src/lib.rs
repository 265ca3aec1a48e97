//! Time-series building blocks for sales monitoring.
