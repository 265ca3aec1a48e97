//! Exponential smoothing state-space models (ETS) after Hyndman, Koehler, Ord & Snyder (2008),
//! *Forecasting with Exponential Smoothing*, and R's `forecast::ets`.
//!
//! Being written: see the crate README for the planned API.
