//! Registry implementations of the forecasting functions.
use crate::cells::{CellError, Grid};
use crate::registry::Args;

/// Registry entry point (being written).
pub(crate) fn forecast(args: &Args) -> Result<Grid, CellError> {
    Err(CellError::num(format!(
        "{} is not available yet.",
        args.function()
    )))
}

/// Registry entry point (being written).
pub(crate) fn forecast_ets(args: &Args) -> Result<Grid, CellError> {
    Err(CellError::num(format!(
        "{} is not available yet.",
        args.function()
    )))
}

/// Registry entry point (being written).
pub(crate) fn forecast_ets_confint(args: &Args) -> Result<Grid, CellError> {
    Err(CellError::num(format!(
        "{} is not available yet.",
        args.function()
    )))
}

/// Registry entry point (being written).
pub(crate) fn forecast_ets_seasonality(args: &Args) -> Result<Grid, CellError> {
    Err(CellError::num(format!(
        "{} is not available yet.",
        args.function()
    )))
}

/// Registry entry point (being written).
pub(crate) fn forecast_ets_stat(args: &Args) -> Result<Grid, CellError> {
    Err(CellError::num(format!(
        "{} is not available yet.",
        args.function()
    )))
}

/// Registry entry point (being written).
pub(crate) fn seasonality(args: &Args) -> Result<Grid, CellError> {
    Err(CellError::num(format!(
        "{} is not available yet.",
        args.function()
    )))
}
