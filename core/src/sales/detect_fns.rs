//! Registry implementations of anomaly and changepoint detection.
use crate::cells::{CellError, Grid};
use crate::registry::Args;

/// Registry entry point (being written).
pub(crate) fn anomalies(args: &Args) -> Result<Grid, CellError> {
    Err(CellError::num(format!(
        "{} is not available yet.",
        args.function()
    )))
}

/// Registry entry point (being written).
pub(crate) fn changepoints(args: &Args) -> Result<Grid, CellError> {
    Err(CellError::num(format!(
        "{} is not available yet.",
        args.function()
    )))
}
