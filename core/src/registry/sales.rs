//! Specs of the "Time series and sales" functions (FUNCTIONS.md).

use super::{Category, FunctionSpec};

/// The time series and sales functions.
pub(super) static FUNCTIONS: &[FunctionSpec] = &[];
