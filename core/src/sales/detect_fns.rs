//! Registry implementations of anomaly and changepoint detection (`AISM.ANOMALIES`,
//! `AISM.CHANGEPOINTS`).
//!
//! Both take `values` and an optional `timeline`. With a timeline, the values are put in date
//! order before the analysis (results stay aligned with the input rows) and the timeline's step
//! suggests the seasonal period (daily → 7, weekly → 52, monthly → 12, quarterly → 4); without
//! one, the values are taken as evenly spaced, oldest first, and the period is detected.

use crate::cells::{Cell, CellError, Grid};
use crate::registry::Args;
use aism_ts::Error as TsError;

/// Maps an `aism-ts` error to a spreadsheet error with a message saying what to change.
pub(crate) fn ts_error(function: &str, e: TsError) -> CellError {
    match e {
        TsError::TooShort { needed, got } => CellError::num(format!(
            "{function} needs at least {needed} numbers in 'values' but found {got}. Give a longer series."
        )),
        TsError::NoVariation => CellError::num(format!(
            "{function}: the values do not vary, so there is nothing to detect. Check that 'values' points at the right range."
        )),
        TsError::NotFinite => CellError::num(format!(
            "{function}: a value is not a finite number. Fix that cell."
        )),
        TsError::LengthMismatch { values, timeline } => CellError::na(format!(
            "{function}: 'values' has {values} cells but 'timeline' has {timeline}. Select ranges of the same length."
        )),
        TsError::BlankTime { position } => CellError::value(format!(
            "{function}: 'timeline' is blank at position {position} where 'values' has a number. Fill in the date or clear the value."
        )),
        other => CellError::num(format!("{function}: {other}. Check the input.")),
    }
}

/// Length of a vector argument as given (trailing blanks included), if it is a vector.
/// A series ready for analysis: the values in time order and, for each, its input position.
struct Prepared {
    values: Vec<Option<f64>>,
    order: Vec<usize>,
    periods: Vec<usize>,
    n_input: usize,
}

/// Seasonal period suggested by a timeline's typical step (in days).
fn periods_from_step(step: f64) -> Vec<usize> {
    match step {
        s if (0.99..=1.01).contains(&s) => vec![7],
        s if (6.9..=7.1).contains(&s) => vec![52],
        s if (27.5..=31.5).contains(&s) => vec![12],
        s if (89.0..=92.5).contains(&s) => vec![4],
        _ => Vec::new(),
    }
}

/// Seasonal periods detected from the values alone (evenly spaced, blanks skipped).
fn detected_periods(values: &[Option<f64>]) -> Vec<usize> {
    let dense: Vec<f64> = values.iter().flatten().copied().collect();
    aism_ts::seasonality::detect_periods(&dense)
}

fn prepare(args: &Args) -> Result<Prepared, CellError> {
    let f = args.function();
    let values = args.numbers(0)?;
    let n = values.len();
    if !args.has(1) {
        let periods = detected_periods(&values);
        return Ok(Prepared {
            order: (0..n).collect(),
            values,
            periods,
            n_input: n,
        });
    }
    let times = args.dates(1)?;
    let (vl, tl) = (
        args.raw_len(0).unwrap_or(n),
        args.raw_len(1).unwrap_or(times.len()),
    );
    if vl != tl {
        return Err(ts_error(
            &f,
            TsError::LengthMismatch {
                values: vl,
                timeline: tl,
            },
        ));
    }
    let mut rows: Vec<(f64, usize)> = Vec::with_capacity(n);
    for (i, v) in values.iter().enumerate() {
        match (times.get(i).copied().flatten(), v) {
            (Some(t), _) => rows.push((t, i)),
            (None, Some(_)) => {
                return Err(ts_error(&f, TsError::BlankTime { position: i + 1 }));
            }
            (None, None) => {}
        }
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let steps: Vec<f64> = rows
        .windows(2)
        .map(|w| w[1].0 - w[0].0)
        .filter(|d| *d > 0.0)
        .collect();
    let periods = match aism_ts::anomaly::median(&steps) {
        Some(step) => periods_from_step(step),
        None => Vec::new(),
    };
    let order: Vec<usize> = rows.iter().map(|r| r.1).collect();
    let sorted_values = order
        .iter()
        .map(|&i| values.get(i).copied().flatten())
        .collect();
    Ok(Prepared {
        values: sorted_values,
        order,
        periods,
        n_input: n,
    })
}

/// `AISM.ANOMALIES(values, [timeline], [sensitivity=3])`: n rows × 3 aligned with the input —
/// expected value, robust score, TRUE/FALSE (blank score and flag where the value is blank).
pub(crate) fn anomalies(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let sensitivity = args.number_or(2, aism_ts::anomaly::DEFAULT_SENSITIVITY)?;
    if sensitivity.is_nan() || sensitivity <= 0.0 {
        return Err(CellError::num(format!(
            "{f}: 'sensitivity' must be greater than 0 (3 is usual; lower flags more), but it is {sensitivity}."
        )));
    }
    let p = prepare(args)?;
    let r = aism_ts::anomaly::anomalies(
        &p.values,
        &aism_ts::anomaly::AnomalyOptions {
            periods: p.periods.clone(),
            sensitivity,
        },
    )
    .map_err(|e| ts_error(&f, e))?;
    let mut rows = vec![vec![Cell::Empty, Cell::Empty, Cell::Empty]; p.n_input];
    for (k, &i) in p.order.iter().enumerate() {
        if let (Some(row), Some(e)) = (rows.get_mut(i), r.expected.get(k)) {
            *row = vec![
                Cell::number(*e),
                r.score
                    .get(k)
                    .copied()
                    .flatten()
                    .map_or(Cell::Empty, Cell::number),
                r.flag
                    .get(k)
                    .copied()
                    .flatten()
                    .map_or(Cell::Empty, Cell::Bool),
            ];
        }
    }
    Ok(Grid::from_rows(rows))
}

/// `AISM.CHANGEPOINTS(values, [timeline])`: 1-based input positions where a new level or trend
/// starts, one per row; a single 0 when there is none.
pub(crate) fn changepoints(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let p = prepare(args)?;
    let cps = aism_ts::changepoint::detect(&p.values, &p.periods).map_err(|e| ts_error(&f, e))?;
    let mut positions: Vec<f64> = cps
        .iter()
        .filter_map(|&k| p.order.get(k).map(|&i| (i + 1) as f64))
        .collect();
    if positions.is_empty() {
        positions.push(0.0);
    }
    Ok(Grid::column_of_numbers(&positions))
}

#[cfg(test)]
mod tests {
    use crate::cells::{Cell, ErrorKind};
    use crate::registry::test_util::run;
    use serde_json::{Value, json};

    /// Weekly-seasonal daily sales with uniform pseudo-noise of ±15.
    fn series(n: usize) -> Vec<f64> {
        let pattern = [0.0, 40.0, 60.0, 50.0, 80.0, 150.0, -120.0];
        (0..n).map(|t| 1000.0 + pattern[t % 7] + noise(t)).collect()
    }

    /// Uniform pseudo-noise in ±15 (SplitMix64 finaliser of the index).
    fn noise(t: usize) -> f64 {
        let mut z = (t as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        30.0 * ((z >> 11) as f64 / (1u64 << 53) as f64 - 0.5)
    }

    #[test]
    fn anomalies_are_aligned_with_interior_blanks() {
        let mut v: Vec<Value> = series(70).into_iter().map(|x| json!(x)).collect();
        v[30] = json!(3000.0);
        v[10] = Value::Null;
        let dates: Vec<Value> = (0..70).map(|i| json!(45_000 + i)).collect();
        let g = run("AISM.ANOMALIES", json!([v, dates])).unwrap();
        assert_eq!((g.height(), g.width()), (70, 3));
        assert!(matches!(g.get(10, 0), Some(Cell::Number(_))));
        assert_eq!(g.get(10, 1), Some(&Cell::Empty));
        assert_eq!(g.get(10, 2), Some(&Cell::Empty));
        assert_eq!(g.get(30, 2), Some(&Cell::Bool(true)));
        let flags = (0..70)
            .filter(|&i| g.get(i, 2) == Some(&Cell::Bool(true)))
            .count();
        assert_eq!(flags, 1);
        // Same answer without a timeline and with a looser sensitivity more flags or equal.
        let g2 = run("AISM_ANOMALIES", json!([v, null, 1.0])).unwrap();
        let flags2 = (0..70)
            .filter(|&i| g2.get(i, 2) == Some(&Cell::Bool(true)))
            .count();
        assert!(flags2 >= 1);
    }

    #[test]
    fn anomalies_follow_the_timeline_order() {
        // Reversed input order with a timeline gives the same rows, reversed.
        let v: Vec<f64> = series(42);
        let dates: Vec<f64> = (0..42).map(|i| 45_000.0 + f64::from(i)).collect();
        let a = run("AISM.ANOMALIES", json!([v, dates])).unwrap();
        let rv: Vec<f64> = v.iter().rev().copied().collect();
        let rd: Vec<f64> = dates.iter().rev().copied().collect();
        let b = run("AISM.ANOMALIES", json!([rv, rd])).unwrap();
        for i in 0..42 {
            assert_eq!(a.get(i, 0), b.get(41 - i, 0));
        }
    }

    #[test]
    fn anomalies_errors() {
        let v: Vec<f64> = series(30);
        let cases: Vec<(Value, ErrorKind, &str)> = vec![
            (json!([[1, 2, 3]]), ErrorKind::Num, "at least"),
            (json!([vec![5.0; 30]]), ErrorKind::Num, "do not vary"),
            (json!([v, null, 0]), ErrorKind::Num, "sensitivity"),
            (json!([v, null, -1]), ErrorKind::Num, "sensitivity"),
            (json!([v, null, "high"]), ErrorKind::Value, "sensitivity"),
            (
                json!([[1, "abc", 3, 4, 5, 6]]),
                ErrorKind::Value,
                "position 2",
            ),
            (
                json!([v, [1, 2, 3]]),
                ErrorKind::NotAvailable,
                "same length",
            ),
            (
                json!([[[1, 2], [3, 4]]]),
                ErrorKind::Value,
                "single row or column",
            ),
            (
                json!([[1, 2, {"error": "#N/A"}, 4, 5]]),
                ErrorKind::NotAvailable,
                "error",
            ),
            (
                json!([
                    v,
                    (0..30)
                        .map(|i| if i == 3 {
                            json!(null)
                        } else {
                            json!(45_000 + i)
                        })
                        .collect::<Vec<_>>()
                ]),
                ErrorKind::Value,
                "blank at position 4",
            ),
            (json!([]), ErrorKind::Value, "values"),
        ];
        for (args, kind, msg) in cases {
            let e = run("AISM.ANOMALIES", args.clone()).unwrap_err();
            assert_eq!(e.kind, kind, "{args}: {}", e.message);
            assert!(e.message.contains(msg), "{args}: {}", e.message);
        }
    }

    #[test]
    fn changepoints_level_shift() {
        let v: Vec<f64> = series(140)
            .into_iter()
            .enumerate()
            .map(|(t, x)| if t >= 80 { x + 400.0 } else { x })
            .collect();
        let dates: Vec<f64> = (0..140).map(|i| 45_000.0 + f64::from(i)).collect();
        let g = run("AISM.CHANGEPOINTS", json!([v, dates])).unwrap();
        assert_eq!(g.width(), 1);
        assert_eq!(g.height(), 1, "{g:?}");
        // 0-based 80 is the 81st value.
        match g.get(0, 0) {
            Some(Cell::Number(p)) => assert!((p - 81.0).abs() <= 2.0, "{p}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn changepoints_none_gives_zero() {
        // Seasonal daily data with a timeline (period 7 from the daily step).
        let v = series(140);
        let dates: Vec<f64> = (0..140).map(|i| 45_000.0 + f64::from(i)).collect();
        let g = run("AISM.CHANGEPOINTS", json!([v, dates])).unwrap();
        assert_eq!(g.get(0, 0), Some(&Cell::Number(0.0)), "{g:?}");
        assert_eq!(g.height(), 1);
        // Non-seasonal noise without a timeline.
        let v: Vec<f64> = (0..100).map(|t| 500.0 + noise(t)).collect();
        let g = run("AISM.CHANGEPOINTS", json!([v])).unwrap();
        assert_eq!(g.get(0, 0), Some(&Cell::Number(0.0)), "{g:?}");
    }

    #[test]
    fn changepoints_errors() {
        let v: Vec<f64> = series(30);
        let cases: Vec<(Value, ErrorKind, &str)> = vec![
            (json!([[1, 2, 3, 4]]), ErrorKind::Num, "at least"),
            (json!([vec![5.0; 30]]), ErrorKind::Num, "do not vary"),
            (
                json!([[1, true, 3, 4, 5, 6]]),
                ErrorKind::Value,
                "position 2",
            ),
            (
                json!([v, [1, 2, 3]]),
                ErrorKind::NotAvailable,
                "same length",
            ),
            (json!([v, "x"]), ErrorKind::Value, "date"),
            (
                json!([[[1, 2], [3, 4]]]),
                ErrorKind::Value,
                "single row or column",
            ),
            (
                json!([[1, 2, {"error": "#DIV/0!"}, 4, 5]]),
                ErrorKind::Div0,
                "error",
            ),
            (json!([]), ErrorKind::Value, "values"),
        ];
        for (args, kind, msg) in cases {
            let e = run("AISM.CHANGEPOINTS", args.clone()).unwrap_err();
            assert_eq!(e.kind, kind, "{args}: {}", e.message);
            assert!(e.message.contains(msg), "{args}: {}", e.message);
        }
    }
}
