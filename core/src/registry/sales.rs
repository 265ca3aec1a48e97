//! Specs of the "Time series and sales" functions (FUNCTIONS.md). The names, argument order and
//! result shapes are a contract.

use super::{Category, FunctionSpec, ParamSpec, ParamType, ResultShape, ResultSpec, opt, req};
use crate::sales::{detect_fns, forecast_fns};

const VALUES: ParamSpec = req(
    "values",
    ParamType::Range,
    "The historical values, one column or row, oldest first.",
);
const TIMELINE_OPT: ParamSpec = ParamSpec {
    name: "timeline",
    kind: ParamType::Range,
    optional: true,
    default: None,
    description: "Dates of the values (serials or ISO text); omitted means one step per value.",
};
const TIMELINE: ParamSpec = req(
    "timeline",
    ParamType::Range,
    "Dates or numbers of the values, same length as values, with a consistent step.",
);
const TARGET: ParamSpec = req(
    "target_date",
    ParamType::Any,
    "The date (or dates) to forecast, after the end of the timeline.",
);
const SEASONALITY_EXCEL: ParamSpec = opt(
    "seasonality",
    ParamType::Number,
    "1",
    "1 detects the season length, 0 means none, 2 to 8760 sets it.",
);
const COMPLETION: ParamSpec = opt(
    "data_completion",
    ParamType::Number,
    "1",
    "1 fills missing points with the neighbours' average (up to 30 %), 0 treats them as zeros.",
);
const AGGREGATION: ParamSpec = opt(
    "aggregation",
    ParamType::Number,
    "1",
    "How values with the same date are combined: 1 AVERAGE, 2 COUNT, 3 COUNTA, 4 MAX, 5 MEDIAN, 6 MIN, 7 SUM.",
);

/// The time series and sales functions.
pub(super) static FUNCTIONS: &[FunctionSpec] = &[
    FunctionSpec {
        name: "FORECAST",
        category: Category::Sales,
        description: "Forecasts the next values of a series with prediction intervals (AutoETS, or MSTL for several seasonalities).",
        params: &[
            VALUES,
            TIMELINE_OPT,
            opt(
                "horizon",
                ParamType::Number,
                "12",
                "How many periods ahead to forecast.",
            ),
            opt(
                "seasonality",
                ParamType::Number,
                "auto",
                "0 none, 1 or omitted detects it, 2 or more sets the season length.",
            ),
            opt(
                "confidence",
                ParamType::Number,
                "0.95",
                "Coverage of the prediction interval, between 0 and 1.",
            ),
            opt(
                "model",
                ParamType::Text,
                "\"auto\"",
                "\"auto\", \"ets\", \"mstl\", \"naive\" or \"snaive\".",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Matrix,
            description: "horizon rows × 3: point forecast, lower bound, upper bound.",
        },
        run: forecast_fns::forecast,
    },
    FunctionSpec {
        name: "FORECAST.ETS",
        category: Category::Sales,
        description: "Excel-compatible FORECAST.ETS: additive exponential smoothing (AAA) forecast for each target date.",
        params: &[
            TARGET,
            VALUES,
            TIMELINE,
            SEASONALITY_EXCEL,
            COMPLETION,
            AGGREGATION,
        ],
        result: ResultSpec {
            shape: ResultShape::Column,
            description: "One forecast per target date.",
        },
        run: forecast_fns::forecast_ets,
    },
    FunctionSpec {
        name: "FORECAST.ETS.CONFINT",
        category: Category::Sales,
        description: "Excel-compatible FORECAST.ETS.CONFINT: half-width of the prediction interval at each target date.",
        params: &[
            TARGET,
            VALUES,
            TIMELINE,
            opt(
                "confidence",
                ParamType::Number,
                "0.95",
                "Confidence level, between 0 and 1 (exclusive).",
            ),
            SEASONALITY_EXCEL,
            COMPLETION,
            AGGREGATION,
        ],
        result: ResultSpec {
            shape: ResultShape::Column,
            description: "One interval half-width per target date.",
        },
        run: forecast_fns::forecast_ets_confint,
    },
    FunctionSpec {
        name: "FORECAST.ETS.SEASONALITY",
        category: Category::Sales,
        description: "Excel-compatible FORECAST.ETS.SEASONALITY: the season length FORECAST.ETS detects.",
        params: &[VALUES, TIMELINE, COMPLETION, AGGREGATION],
        result: ResultSpec {
            shape: ResultShape::Scalar,
            description: "The detected period (0 when none).",
        },
        run: forecast_fns::forecast_ets_seasonality,
    },
    FunctionSpec {
        name: "FORECAST.ETS.STAT",
        category: Category::Sales,
        description: "Excel-compatible FORECAST.ETS.STAT: a statistic of the fitted AAA model.",
        params: &[
            VALUES,
            TIMELINE,
            req(
                "statistic_type",
                ParamType::Number,
                "1 alpha, 2 beta, 3 gamma, 4 MASE, 5 SMAPE, 6 MAE, 7 RMSE, 8 step size.",
            ),
            SEASONALITY_EXCEL,
            COMPLETION,
            AGGREGATION,
        ],
        result: ResultSpec {
            shape: ResultShape::Scalar,
            description: "The requested statistic.",
        },
        run: forecast_fns::forecast_ets_stat,
    },
    FunctionSpec {
        name: "SEASONALITY",
        category: Category::Sales,
        description: "Detects the seasonal period(s) of a series, strongest first.",
        params: &[VALUES],
        result: ResultSpec {
            shape: ResultShape::Column,
            description: "The detected periods, one per row; 0 when none.",
        },
        run: forecast_fns::seasonality,
    },
    FunctionSpec {
        name: "ANOMALIES",
        category: Category::Sales,
        description: "Scores every value against its seasonal expectation with robust statistics and flags the anomalies.",
        params: &[
            VALUES,
            TIMELINE_OPT,
            opt(
                "sensitivity",
                ParamType::Number,
                "3",
                "How many robust standard deviations make an anomaly; lower flags more.",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Matrix,
            description: "n rows × 3 aligned with the input: expected value, robust score, anomaly flag.",
        },
        run: detect_fns::anomalies,
    },
    FunctionSpec {
        name: "CHANGEPOINTS",
        category: Category::Sales,
        description: "Finds the positions where the level or the trend of a series changes.",
        params: &[VALUES, TIMELINE_OPT],
        result: ResultSpec {
            shape: ResultShape::Column,
            description: "1-based positions of the changes, one per row (0 when none).",
        },
        run: detect_fns::changepoints,
    },
];
