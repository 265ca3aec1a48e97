//! Time-series building blocks for sales monitoring.

pub mod anomaly;
pub mod changepoint;
pub mod clv;
pub mod excel;
pub mod forecast;
pub mod intermittent;
pub mod inventory;
pub mod kpi;
pub mod learn;
pub mod pricing;
pub mod seasonality;
pub mod timeline;

/// Errors of the time-series building blocks.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The series is too short for the requested computation.
    #[error("the series has {got} usable points but at least {needed} are needed")]
    TooShort {
        /// Minimum number of points required.
        needed: usize,
        /// Number of points supplied.
        got: usize,
    },
    /// The series contains NaN or infinite values.
    #[error("the series contains a value that is not a finite number")]
    NotFinite,
    /// An argument is outside its valid range.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// The series is constant where variation is required.
    #[error("the series has no variation")]
    NoVariation,
    /// The ETS model failed.
    #[error("ETS model: {0}")]
    Ets(#[from] aism_ets::Error),
    /// A decomposition (MSTL/STL) failed.
    #[error("decomposition failed: {0}")]
    Decomposition(String),
    /// Values and timeline have different lengths.
    #[error("the values have {values} points but the timeline has {timeline}")]
    LengthMismatch {
        /// Number of values.
        values: usize,
        /// Number of timeline entries.
        timeline: usize,
    },
    /// A timeline entry is blank while its value is not (1-based position).
    #[error("timeline position {position} is blank but has a value")]
    BlankTime {
        /// 1-based position in the input.
        position: usize,
    },
    /// The timeline has no consistent step (after aggregating duplicates).
    #[error("the timeline has no consistent step: {0}")]
    NoConsistentStep(String),
    /// More than 30 % of the regular timeline is missing.
    #[error("{missing} of {total} points of the regular timeline are missing (more than 30 %)")]
    TooManyMissing {
        /// Missing points.
        missing: usize,
        /// Points on the regular timeline.
        total: usize,
    },
}

/// Helpers shared by the tests that read `forecast_golden.json` (statsforecast reference values).
#[cfg(test)]
pub(crate) mod test_util {
    use serde_json::Value;

    /// The golden file.
    pub(crate) fn golden() -> Value {
        serde_json::from_str(include_str!("forecast_golden.json")).unwrap()
    }

    /// A JSON array of numbers.
    pub(crate) fn vec_of(v: &Value) -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    }
}
