//! Registry implementations of the forecasting functions: `FORECAST`, the Excel-compatible
//! `FORECAST.ETS` family and `SEASONALITY` (FUNCTIONS.md). Error kinds follow Excel's
//! documentation of `FORECAST.ETS`: ranges of different sizes `#N/A`; non-numeric input
//! `#VALUE!`; too few points, no constant step, a target before the end of the timeline, a
//! confidence outside (0, 1), a seasonality above 8 760 or not a whole number, an unknown
//! aggregation or statistic type `#NUM!`.

use crate::cells::{Cell, CellError, Grid};
use crate::registry::Args;
use aism_ts::Error as TsError;
use aism_ts::excel::{self, ExcelEts, Statistic};
use aism_ts::forecast::{ForecastOptions, Method, Seasonality};
use aism_ts::seasonality::{MAX_EXCEL_SEASONALITY, detect_periods, excel_seasonality};
use aism_ts::timeline::{Aggregation, RegularSeries, RegulariseOptions, regularise};

/// Largest `FORECAST` horizon.
const MAX_HORIZON: f64 = 10_000.0;

/// Fewest values `SEASONALITY` looks at.
const MIN_SEASONALITY_POINTS: usize = 8;

/// Translates an aism-ts error into a cell error with a message saying what to change.
fn ts_error(f: &str, e: TsError) -> CellError {
    match e {
        TsError::LengthMismatch { values, timeline } => CellError::na(format!(
            "{f}: 'values' has {values} entries but 'timeline' has {timeline}. Select ranges of the same size."
        )),
        TsError::BlankTime { position } => CellError::value(format!(
            "{f}: 'timeline' is blank at position {position} although that value is filled. Enter the date or clear the value."
        )),
        TsError::NotFinite => CellError::value(format!(
            "{f}: the input holds a value that is not a finite number. Fix that cell."
        )),
        TsError::TooShort { needed, got } => CellError::num(format!(
            "{f}: needs at least {needed} data points, but has {got}. Provide a longer history (or a shorter season length)."
        )),
        TsError::NoConsistentStep(detail) => CellError::num(format!(
            "{f}: the timeline has no constant step ({detail}). Use evenly spaced dates (daily, weekly, monthly, …); gaps are allowed."
        )),
        TsError::TooManyMissing { missing, total } => CellError::num(format!(
            "{f}: {missing} of the {total} points of the timeline are missing; at most 30 % may be. Fill the gaps or use a coarser timeline."
        )),
        TsError::InvalidArgument(m) => CellError::num(format!("{f}: {m}. Change that argument.")),
        TsError::NoVariation => CellError::num(format!(
            "{f}: the values do not vary. Provide a series that changes over time."
        )),
        TsError::Ets(aism_ets::Error::TooShort { needed, got }) => CellError::num(format!(
            "{f}: the model needs at least {needed} data points, but has {got}. Provide a longer history or set seasonality to 0."
        )),
        TsError::Ets(e) => CellError::num(format!(
            "{f}: the exponential smoothing model could not be fitted ({e}). Check the values or set seasonality to 0."
        )),
        TsError::Decomposition(m) => CellError::num(format!(
            "{f}: the seasonal decomposition failed ({m}). Provide at least two full seasons or another season length."
        )),
        // Variants added to aism-ts later.
        #[allow(unreachable_patterns)]
        other => CellError::num(format!("{f}: {other}. Check the input.")),
    }
}

/// The raw length of vector argument `i` (trailing blanks included), for the size check.
/// A whole-number option argument, `#NUM!` when not whole or outside `lo..=hi`.
fn whole_in(
    args: &Args,
    i: usize,
    name: &str,
    default: f64,
    lo: f64,
    hi: f64,
    what: &str,
) -> Result<i64, CellError> {
    let x = args.number_or(i, default)?;
    if x.fract() != 0.0 || x < lo || x > hi {
        return Err(CellError::num(format!(
            "{}: '{name}' is {x}, but it must be {what}. Change it.",
            args.function()
        )));
    }
    Ok(x as i64)
}

/// Reads values and timeline (indices `iv`, `it`), checks sizes and regularises.
fn series(
    args: &Args,
    iv: usize,
    it: usize,
    completion: usize,
    aggregation: usize,
) -> Result<RegularSeries, CellError> {
    let f = args.function();
    let mut values = args.numbers(iv)?;
    let complete = whole_in(
        args,
        completion,
        "data_completion",
        1.0,
        0.0,
        1.0,
        "0 (zeros) or 1 (neighbours' average)",
    )? == 1;
    let code = whole_in(
        args,
        aggregation,
        "aggregation",
        1.0,
        1.0,
        7.0,
        "a whole number from 1 (AVERAGE) to 7 (SUM)",
    )?;
    let aggregation = Aggregation::from_code(code).unwrap_or_default();
    let mut times = if args.has(it) {
        let (lv, lt) = (args.raw_len(iv).unwrap_or(0), args.raw_len(it).unwrap_or(0));
        if lv != lt {
            return Err(ts_error(
                &f,
                TsError::LengthMismatch {
                    values: lv,
                    timeline: lt,
                },
            ));
        }
        args.dates(it)?
    } else {
        (1..=values.len()).map(|i| Some(i as f64)).collect()
    };
    let n = values.len().max(times.len());
    values.resize(n, None);
    times.resize(n, None);
    regularise(
        &times,
        &values,
        &RegulariseOptions {
            aggregation,
            complete,
        },
    )
    .map_err(|e| ts_error(&f, e))
}

/// Excel's `seasonality` argument: 1 detects, 0 none, 2..=8760 that length.
fn excel_season(args: &Args, i: usize) -> Result<Seasonality, CellError> {
    let s = whole_in(
        args,
        i,
        "seasonality",
        1.0,
        0.0,
        MAX_EXCEL_SEASONALITY as f64,
        "a whole number: 1 to detect, 0 for none, or a season length from 2 to 8760",
    )?;
    Ok(match s {
        0 => Seasonality::None,
        1 => Seasonality::Auto,
        p => Seasonality::Period(p as usize),
    })
}

/// The target dates (argument 0) as steps after the end of the regular timeline.
fn target_steps(args: &Args, s: &RegularSeries) -> Result<Vec<f64>, CellError> {
    let f = args.function();
    let targets = args.dates(0)?;
    if targets.is_empty() {
        return Err(CellError::value(format!(
            "{f} needs a target date. Fill it in."
        )));
    }
    targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let t = t.ok_or_else(|| {
                CellError::value(format!(
                    "{f}: 'target_date' is blank at position {}. Enter a date or remove the cell.",
                    i + 1
                ))
            })?;
            let k = s.steps_after_end(t).ok_or_else(|| {
                CellError::num(format!(
                    "{f}: the target {t} is not a valid date for a monthly timeline. Enter a date serial."
                ))
            })?;
            if k < -1e-9 {
                return Err(CellError::num(format!(
                    "{f}: the target {t} lies before the end of the timeline ({}). Choose a target on or after the last date.",
                    s.end()
                )));
            }
            Ok(k.max(0.0))
        })
        .collect()
}

/// Fits the Excel AAA model with the `seasonality` argument at `is`.
fn excel_model(args: &Args, s: &RegularSeries, is: usize) -> Result<ExcelEts, CellError> {
    let season = excel_season(args, is)?;
    excel::fit(&s.values, season).map_err(|e| ts_error(&args.function(), e))
}

/// `FORECAST(values, [timeline], [horizon], [seasonality], [confidence], [model])`.
pub(crate) fn forecast(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let horizon = whole_in(
        args,
        2,
        "horizon",
        12.0,
        1.0,
        MAX_HORIZON,
        "a whole number from 1 to 10000",
    )? as usize;
    let seasonality = match args.number_or(3, 1.0)? {
        x if x.fract() != 0.0 || x < 0.0 => {
            return Err(CellError::num(format!(
                "{f}: 'seasonality' is {x}, but it must be 0 (none), 1 (detect) or a whole season length of 2 or more. Change it."
            )));
        }
        0.0 => Seasonality::None,
        1.0 => Seasonality::Auto,
        x => Seasonality::Period(x.min(1e9) as usize),
    };
    let level = args.number_or(4, 0.95)?;
    if !(level > 0.0 && level < 1.0) {
        return Err(CellError::num(format!(
            "{f}: 'confidence' is {level}, but it must lie strictly between 0 and 1 (e.g. 0.95). Change it."
        )));
    }
    let model = match args.text_or(5, "auto")?.as_str() {
        "auto" => Method::Auto,
        "ets" => Method::Ets,
        "mstl" => Method::Mstl,
        "naive" => Method::Naive,
        "snaive" | "seasonal naive" | "seasonalnaive" => Method::SeasonalNaive,
        other => {
            return Err(CellError::value(format!(
                "{f}: 'model' is \"{other}\", which is not one of \"auto\", \"ets\", \"mstl\", \"naive\", \"snaive\". Change it."
            )));
        }
    };
    let s = series(args, 0, 1, usize::MAX, usize::MAX)?;
    let r = aism_ts::forecast::forecast(
        &s.values,
        &ForecastOptions {
            horizon,
            seasonality,
            level,
            model,
        },
    )
    .map_err(|e| ts_error(&f, e))?;
    Ok(Grid::from_rows(
        r.mean
            .iter()
            .zip(&r.lower)
            .zip(&r.upper)
            .map(|((m, l), u)| vec![Cell::number(*m), Cell::number(*l), Cell::number(*u)])
            .collect(),
    ))
}

/// `FORECAST.ETS(target_date, values, timeline, [seasonality], [data_completion], [aggregation])`.
pub(crate) fn forecast_ets(args: &Args) -> Result<Grid, CellError> {
    let s = series(args, 1, 2, 4, 5)?;
    let ks = target_steps(args, &s)?;
    let model = excel_model(args, &s, 3)?;
    let out = model
        .forecast_at(&ks, 0.95)
        .map_err(|e| ts_error(&args.function(), e))?;
    Ok(Grid::column_of_numbers(
        &out.iter().map(|o| o.0).collect::<Vec<_>>(),
    ))
}

/// `FORECAST.ETS.CONFINT(target_date, values, timeline, [confidence], [seasonality],
/// [data_completion], [aggregation])`.
pub(crate) fn forecast_ets_confint(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let level = args.number_or(3, 0.95)?;
    if !(level > 0.0 && level < 1.0) {
        return Err(CellError::num(format!(
            "{f}: 'confidence' is {level}, but it must lie strictly between 0 and 1 (e.g. 0.95). Change it."
        )));
    }
    let s = series(args, 1, 2, 5, 6)?;
    let ks = target_steps(args, &s)?;
    let model = excel_model(args, &s, 4)?;
    let out = model.forecast_at(&ks, level).map_err(|e| ts_error(&f, e))?;
    Ok(Grid::column_of_numbers(
        &out.iter().map(|o| o.1).collect::<Vec<_>>(),
    ))
}

/// `FORECAST.ETS.SEASONALITY(values, timeline, [data_completion], [aggregation])`.
pub(crate) fn forecast_ets_seasonality(args: &Args) -> Result<Grid, CellError> {
    let s = series(args, 0, 1, 2, 3)?;
    if s.values.len() < excel::MIN_POINTS {
        return Err(ts_error(
            &args.function(),
            TsError::TooShort {
                needed: excel::MIN_POINTS,
                got: s.values.len(),
            },
        ));
    }
    Ok(Grid::scalar(Cell::number(
        excel_seasonality(&s.values) as f64
    )))
}

/// `FORECAST.ETS.STAT(values, timeline, statistic_type, [seasonality], [data_completion],
/// [aggregation])`.
pub(crate) fn forecast_ets_stat(args: &Args) -> Result<Grid, CellError> {
    let code = whole_in(
        args,
        2,
        "statistic_type",
        f64::NAN,
        1.0,
        8.0,
        "a whole number from 1 to 8 (1 alpha, 2 beta, 3 gamma, 4 MASE, 5 SMAPE, 6 MAE, 7 RMSE, 8 step size)",
    )?;
    let s = series(args, 0, 1, 4, 5)?;
    let value = match Statistic::from_code(code) {
        None => s.step.size(),
        Some(stat) => excel_model(args, &s, 3)?.statistic(stat),
    };
    Ok(Grid::scalar(Cell::number(value)))
}

/// `SEASONALITY(values)`: the detected periods, strongest first; 0 when none.
pub(crate) fn seasonality(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let s = series(args, 0, usize::MAX, usize::MAX, usize::MAX)?;
    if s.values.len() < MIN_SEASONALITY_POINTS {
        return Err(CellError::num(format!(
            "{f}: needs at least {MIN_SEASONALITY_POINTS} values to look for a season, but has {}. Provide a longer history.",
            s.values.len()
        )));
    }
    let periods = detect_periods(&s.values);
    if periods.is_empty() {
        return Ok(Grid::column_of_numbers(&[0.0]));
    }
    Ok(Grid::column_of_numbers(
        &periods.iter().map(|p| *p as f64).collect::<Vec<_>>(),
    ))
}

#[cfg(test)]
mod tests {
    use crate::cells::{Cell, ErrorKind, Grid};
    use crate::registry::test_util::run;
    use serde_json::{Value, json};

    fn err(name: &str, args: Value) -> ErrorKind {
        match run(name, args) {
            Err(e) => {
                assert!(e.message.len() > 20, "message too short: {}", e.message);
                e.kind
            }
            Ok(g) => panic!("{name} should fail, got {g:?}"),
        }
    }

    fn num(c: &Cell) -> f64 {
        match c {
            Cell::Number(x) => *x,
            other => panic!("not a number: {other:?}"),
        }
    }

    /// Monthly series with a 12-month pattern, a trend and deterministic pseudo-random noise.
    fn monthly(n: usize) -> Vec<f64> {
        let pattern = [
            -10.0, -14.0, -2.0, -4.0, -1.0, 12.0, 25.0, 24.0, 8.0, -6.0, -20.0, -12.0,
        ];
        let mut state: u64 = 12345;
        (0..n)
            .map(|t| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let u = (state >> 11) as f64 / (1u64 << 53) as f64;
                200.0 + 2.0 * t as f64 + pattern[t % 12] + 4.0 * (u - 0.5)
            })
            .collect()
    }

    /// Excel serials of the first of each month from January 2015.
    fn month_starts(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| {
                aism_ts::timeline::ymd_to_serial(2015 + (i / 12) as i32, (i % 12) as u32 + 1, 1)
                    .unwrap()
            })
            .collect()
    }

    fn days(n: usize) -> Vec<f64> {
        (0..n).map(|i| 45_000.0 + i as f64).collect()
    }

    #[test]
    fn forecast_valid_calls() {
        let y = monthly(72);
        let g = run("AISM.FORECAST", json!([y])).unwrap();
        assert_eq!((g.height(), g.width()), (12, 3));
        for r in g.rows() {
            assert!(num(&r[1]) < num(&r[0]) && num(&r[0]) < num(&r[2]));
        }
        let g = run(
            "AISM.FORECAST",
            json!([y, month_starts(72), 5, 12, 0.8, "ets"]),
        )
        .unwrap();
        assert_eq!((g.height(), g.width()), (5, 3));
        for model in ["naive", "snaive", "mstl", "AUTO"] {
            let g = run("AISM.FORECAST", json!([y, null, 3, null, null, model])).unwrap();
            assert_eq!(g.height(), 3, "{model}");
        }
        // Naive: the last value.
        let g = run(
            "AISM.FORECAST",
            json!([[1, 2, 3, 4], null, 2, 0, 0.95, "naive"]),
        )
        .unwrap();
        assert_eq!(num(&g.rows()[0][0]), 4.0);
        // Blanks inside are completed.
        let g = run(
            "AISM.FORECAST",
            json!([[1, 2, null, 4, 5, 6, 7, 8], null, 1]),
        )
        .unwrap();
        assert_eq!(g.height(), 1);
    }

    #[test]
    fn forecast_errors() {
        let y = monthly(36);
        let f = "AISM.FORECAST";
        assert_eq!(err(f, json!([[1, "abc", 3]])), ErrorKind::Value);
        assert_eq!(err(f, json!([[1, 2, 3], [1, 2]])), ErrorKind::NotAvailable);
        assert_eq!(err(f, json!([[5]])), ErrorKind::Num);
        assert_eq!(err(f, json!([y, null, 0])), ErrorKind::Num);
        assert_eq!(err(f, json!([y, null, 10001])), ErrorKind::Num);
        assert_eq!(err(f, json!([y, null, 2.5])), ErrorKind::Num);
        assert_eq!(err(f, json!([y, null, 3, -1])), ErrorKind::Num);
        assert_eq!(err(f, json!([y, null, 3, 1.5])), ErrorKind::Num);
        assert_eq!(err(f, json!([y, null, 3, null, 0])), ErrorKind::Num);
        assert_eq!(err(f, json!([y, null, 3, null, 1])), ErrorKind::Num);
        assert_eq!(
            err(f, json!([y, null, 3, null, null, "prophet"])),
            ErrorKind::Value
        );
        assert_eq!(err(f, json!([[1, 2, 3], [1, 3, 6]])), ErrorKind::Num);
        assert_eq!(err(f, json!([y, null, 3, 30, null, "ets"])), ErrorKind::Num);
        assert_eq!(
            err(f, json!([y, null, 3, 0, null, "snaive"])),
            ErrorKind::Num
        );
        assert_eq!(
            err(f, json!([[{"error": "#DIV/0!"}, 1, 2]])),
            ErrorKind::Div0
        );
    }

    #[test]
    fn forecast_ets_valid_calls() {
        let y = monthly(48);
        let t = month_starts(60);
        let f = "AISM.FORECAST.ETS";
        let targets: Vec<f64> = t[48..51].to_vec();
        let g = run(f, json!([targets, y, &t[..48]])).unwrap();
        assert_eq!((g.height(), g.width()), (3, 1));
        // Same forecasts with the season given explicitly, and ISO text dates for the target.
        let g2 = run(
            f,
            json!([["2019-01-01", "2019-02-01", "2019-03-01"], y, &t[..48], 12]),
        )
        .unwrap();
        assert_eq!(g, g2);
        // Target equal to the last date: the last value.
        let g = run(f, json!([t[47], y, &t[..48]])).unwrap();
        assert_eq!(num(&g.rows()[0][0]), y[47]);
        // Unsorted timeline with a duplicate (aggregated with SUM) and seasonality 0.
        let g = run(
            f,
            json!([
                10,
                [1, 5, 2, 3, 2, 4, 6, 7, 8, 9, 10],
                [1, 5, 2, 3, 2, 4, 6, 7, 8, 9, 10],
                0,
                1,
                7
            ]),
        )
        .unwrap();
        assert_eq!(g.height(), 1);
        // Data completion 0 (zeros) with a gap.
        let g = run(
            f,
            json!([
                12,
                [1, 2, 3, 5, 6, 7, 8, 9, 10],
                [1, 2, 3, 5, 6, 7, 8, 9, 10],
                0,
                0
            ]),
        )
        .unwrap();
        assert!(num(&g.rows()[0][0]).is_finite());
    }

    #[test]
    fn forecast_ets_errors() {
        let y = monthly(48);
        let t = month_starts(48);
        let f = "AISM.FORECAST.ETS";
        // Target before the end of the timeline.
        assert_eq!(err(f, json!([t[10], y, t])), ErrorKind::Num);
        // Values and timeline of different sizes.
        assert_eq!(err(f, json!([t[47], y, &t[..47]])), ErrorKind::NotAvailable);
        // Non-numeric value / timeline / target.
        assert_eq!(
            err(f, json!([t[47], [1, "x", 3], [1, 2, 3]])),
            ErrorKind::Value
        );
        assert_eq!(err(f, json!([5, [1, 2, 3], [1, "x", 3]])), ErrorKind::Value);
        assert_eq!(
            err(f, json!(["soon", [1, 2, 3], [1, 2, 3]])),
            ErrorKind::Value
        );
        // Blank date next to a value.
        assert_eq!(
            err(f, json!([5, [1, 2, 3, 4], [1, null, 3, 4]])),
            ErrorKind::Value
        );
        // No constant step; too many missing points; too few points.
        assert_eq!(
            err(f, json!([20, [1, 2, 3, 4], [1, 2, 4, 7]])),
            ErrorKind::Num
        );
        assert_eq!(
            err(f, json!([20, [1, 2, 3, 4], [1, 2, 3, 10]])),
            ErrorKind::Num
        );
        assert_eq!(err(f, json!([5, [1, 2], [1, 2]])), ErrorKind::Num);
        // Seasonality outside 0..=8760 or not whole; completion not 0/1; aggregation not 1..=7.
        for s in [json!(8761), json!(-1), json!(1.5)] {
            assert_eq!(err(f, json!([t[47], y, t, s])), ErrorKind::Num);
        }
        assert_eq!(err(f, json!([t[47], y, t, 1, 2])), ErrorKind::Num);
        assert_eq!(err(f, json!([t[47], y, t, 1, 1, 8])), ErrorKind::Num);
        assert_eq!(err(f, json!([t[47], y, t, 1, 1, 0])), ErrorKind::Num);
        // A season too long for the history.
        assert_eq!(err(f, json!([t[47], y, t, 40])), ErrorKind::Num);
        // Missing required argument.
        assert_eq!(err(f, json!([t[47], y])), ErrorKind::Value);
    }

    #[test]
    fn confint_valid_and_errors() {
        let y = monthly(48);
        let t = month_starts(52);
        let f = "AISM.FORECAST.ETS.CONFINT";
        let g95 = run(f, json!([&t[48..52], y, &t[..48]])).unwrap();
        let g80 = run(f, json!([&t[48..52], y, &t[..48], 0.8])).unwrap();
        assert_eq!(g95.height(), 4);
        for (a, b) in g95.rows().iter().zip(g80.rows()) {
            assert!(num(&a[0]) > num(&b[0]) && num(&b[0]) > 0.0);
        }
        // Half-widths grow with the horizon.
        assert!(num(&g95.rows()[3][0]) > num(&g95.rows()[0][0]));
        for c in [json!(0), json!(1), json!(1.5), json!(-0.2)] {
            assert_eq!(err(f, json!([t[48], y, &t[..48], c])), ErrorKind::Num);
        }
        assert_eq!(err(f, json!([t[1], y, &t[..48]])), ErrorKind::Num);
        assert_eq!(err(f, json!([t[48], y, &t[..40]])), ErrorKind::NotAvailable);
        assert_eq!(
            err(f, json!([t[48], y, &t[..48], 0.9, 9000])),
            ErrorKind::Num
        );
    }

    #[test]
    fn ets_seasonality_valid_and_errors() {
        let f = "AISM.FORECAST.ETS.SEASONALITY";
        let g = run(f, json!([monthly(60), month_starts(60)])).unwrap();
        assert_eq!(g, Grid::scalar(Cell::Number(12.0)));
        let line: Vec<f64> = (0..30).map(f64::from).collect();
        let g = run(f, json!([line, days(30)])).unwrap();
        assert_eq!(g, Grid::scalar(Cell::Number(0.0)));
        assert_eq!(
            err(f, json!([monthly(60), month_starts(59)])),
            ErrorKind::NotAvailable
        );
        assert_eq!(err(f, json!([[1, "a", 3], [1, 2, 3]])), ErrorKind::Value);
        assert_eq!(err(f, json!([[1, 2, 3], [1, 2, 5]])), ErrorKind::Num);
        assert_eq!(err(f, json!([[1, 2], [1, 2]])), ErrorKind::Num);
        assert_eq!(err(f, json!([[1, 2, 3], [1, 2, 3], 3])), ErrorKind::Num);
        assert_eq!(err(f, json!([[1, 2, 3], [1, 2, 3], 1, 9])), ErrorKind::Num);
    }

    #[test]
    fn ets_stat_valid_and_errors() {
        let y = monthly(48);
        let t = month_starts(48);
        let f = "AISM.FORECAST.ETS.STAT";
        let stats: Vec<f64> = (1..=8)
            .map(|k| num(&run(f, json!([y, t, k])).unwrap().rows()[0][0]))
            .collect();
        let (alpha, beta, gamma) = (stats[0], stats[1], stats[2]);
        assert!(alpha > 0.0 && alpha < 1.0);
        assert!(beta >= 0.0 && beta <= alpha);
        assert!((0.0..1.0).contains(&gamma));
        assert!(stats[3] > 0.0 && stats[4] > 0.0 && stats[4] < 2.0);
        assert!(stats[6] >= stats[5]); // RMSE ≥ MAE
        // Monthly step: the average month, 365.2425 / 12 days.
        assert!((stats[7] - 30.436_875).abs() < 1e-9);
        let g = run(f, json!([[1, 2, 3, 4, 5], [10, 12, 14, 16, 18], 8])).unwrap();
        assert_eq!(g, Grid::scalar(Cell::Number(2.0)));
        // No season: gamma 0.
        let g = run(f, json!([y, t, 3, 0])).unwrap();
        assert_eq!(g, Grid::scalar(Cell::Number(0.0)));
        for k in [json!(0), json!(9), json!(2.5)] {
            assert_eq!(err(f, json!([y, t, k])), ErrorKind::Num);
        }
        assert_eq!(err(f, json!([y, t, "alpha"])), ErrorKind::Value);
        assert_eq!(err(f, json!([y, &t[..40], 1])), ErrorKind::NotAvailable);
        assert_eq!(err(f, json!([y, t, 1, 8761])), ErrorKind::Num);
        assert_eq!(err(f, json!([[1, 2, 3], [1, 2, 4], 1])), ErrorKind::Num);
    }

    #[test]
    fn seasonality_valid_and_errors() {
        let f = "AISM.SEASONALITY";
        let g = run(f, json!([monthly(96)])).unwrap();
        assert_eq!(g, Grid::column_of_numbers(&[12.0]));
        let noise: Vec<f64> = (0..60).map(|i| f64::from((i * 37 % 11) as u8)).collect();
        let g = run(f, json!([noise])).unwrap();
        assert_eq!(g.height(), 1);
        let line: Vec<f64> = (0..60).map(f64::from).collect();
        assert_eq!(
            run(f, json!([line])).unwrap(),
            Grid::column_of_numbers(&[0.0])
        );
        assert_eq!(err(f, json!([[1, 2, 3]])), ErrorKind::Num);
        assert_eq!(
            err(f, json!([[1, 2, "x", 4, 5, 6, 7, 8, 9]])),
            ErrorKind::Value
        );
        assert_eq!(err(f, json!([[[1, 2], [3, 4]]])), ErrorKind::Value);
    }
}
