//! In-sheet exercises of the course (SPEC §5): a deterministic dataset generated from a seed,
//! instructions, target cells, and the checks that say whether a student's sheet solves it.
//! The same [`check`] runs in the host (instant feedback, through WASM) and on the server
//! (authoritative, natively) on a [`Snapshot`] of the student's sheet.
//!
//! Checks: a value within a tolerance of what the registry computes on the dataset (or of a
//! number), a formula present that calls the right function on the right range, a chart or a
//! table inserted over the right range. Every failed check says what to change, in English and
//! Spanish.

use crate::cells::{Cell, Grid, a1};
use crate::report::Text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How an exercise's dataset is generated (always the same cells for the same seed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Dataset {
    /// `Date | Sales`: daily sales with a level, a linear trend, a weekly pattern and noise.
    #[serde(rename_all = "camelCase")]
    DailySales {
        /// Number of days (7–3,650).
        days: usize,
        /// First date as a spreadsheet serial (45292 = 2024-01-01).
        start: f64,
        /// Sales on the first day.
        level: f64,
        /// Change per day.
        trend: f64,
        /// Weekly amplitude as a share of the level (0.2 = ±20 %).
        weekly: f64,
        /// Noise standard deviation as a share of the level.
        noise: f64,
    },
}

/// An argument of a registry call an expected value is computed with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    /// A number.
    Number(f64),
    /// A range of the dataset sheet in A1 notation (`B2:B91`), or `null` for an omitted argument.
    Range(Option<String>),
}

/// What a target cell must hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Expected {
    /// A fixed number.
    Number(f64),
    /// The first value of a registry function's result on the dataset.
    Call {
        /// The function (`AISM.FORECAST`).
        function: String,
        /// Its arguments.
        args: Vec<Arg>,
        /// Which cell of the result, row then column (default the first).
        #[serde(default)]
        at: Option<(usize, usize)>,
    },
}

/// One check of an exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "check",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Check {
    /// The cell's value is within `tolerance` (relative, and absolute below 1) of the expected.
    Value {
        /// Target cell (`E2`).
        cell: String,
        /// What it must be.
        expected: Expected,
        /// Tolerance.
        tolerance: f64,
    },
    /// The cell holds a formula calling `function` on `range`.
    Formula {
        /// Target cell.
        cell: String,
        /// The function (`AISM.FORECAST`; the Sheets spelling `AISM_FORECAST` counts too).
        function: String,
        /// The range its first argument must be (absolute or relative references alike).
        range: String,
    },
    /// A chart (of `chart_type`, when given) whose data include `range`.
    Chart {
        /// `line`, `column`, `bar`, `pie` …; `None` for any.
        #[serde(default)]
        chart_type: Option<String>,
        /// A range the chart must plot.
        range: String,
    },
}

/// An in-sheet exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Exercise {
    /// Stable id (`m3-forecast-total`).
    pub id: String,
    /// Course module (1–12).
    pub module: u8,
    /// Title.
    pub title: Text,
    /// What to do.
    pub instructions: Text,
    /// Seed of the dataset.
    pub seed: u64,
    /// The dataset.
    pub dataset: Dataset,
    /// The checks, all of which must pass.
    pub checks: Vec<Check>,
}

/// A chart in a snapshot.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartInfo {
    /// Chart type as the host names it (`line`, `columnClustered`, `LINE` …).
    pub chart_type: String,
    /// The source ranges in A1 notation.
    pub ranges: Vec<String>,
}

/// What the host read of the student's exercise sheet.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Snapshot {
    /// Values by A1 address (numbers, texts, booleans; errors as `"#N/A"` texts).
    pub values: BTreeMap<String, serde_json::Value>,
    /// Formulas by A1 address (`=AISM.FORECAST(B2:B91,,7)`).
    pub formulas: BTreeMap<String, String>,
    /// Charts on the sheet.
    pub charts: Vec<ChartInfo>,
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    /// Passed.
    pub passed: bool,
    /// What is right or what to change.
    pub message: Text,
}

/// The result of checking an exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// Every check passed.
    pub passed: bool,
    /// One result per check, in order.
    pub checks: Vec<CheckResult>,
}

fn t(en: String, es: String) -> Text {
    Text { en, es }
}

/// An approximately standard normal draw: the sum of 12 uniforms minus 6 (Irwin–Hall). Only
/// additions, so the host (WASM) and the server (native) generate the same bits; a logarithm or
/// cosine could differ in the last place between their maths libraries.
fn normal(rng: &mut aism_ts::learn::SplitMix64) -> f64 {
    (0..12).map(|_| rng.next_f64()).sum::<f64>() - 6.0
}

/// sin(2πk/7) to three decimals: the weekly shape, as constants for the same reason.
const WEEK: [f64; 7] = [0.0, 0.782, 0.975, 0.434, -0.434, -0.975, -0.782];

/// The dataset of `exercise`: header first, as it is written into the new sheet at A1.
pub fn dataset(exercise: &Exercise) -> Grid {
    let mut rng = aism_ts::learn::SplitMix64::new(exercise.seed);
    match &exercise.dataset {
        Dataset::DailySales {
            days,
            start,
            level,
            trend,
            weekly,
            noise,
        } => {
            let mut rows = vec![vec![Cell::text("Date"), Cell::text("Sales")]];
            for d in 0..(*days).clamp(7, 3650) {
                let day = d as f64;
                let season = weekly * level * WEEK[d % 7];
                let y = level + trend * day + season + noise * level * normal(&mut rng);
                rows.push(vec![
                    Cell::Number(start + day),
                    Cell::Number((y.max(0.0) * 100.0).round() / 100.0),
                ]);
            }
            Grid::from_rows(rows)
        }
    }
}

/// A range in A1 notation: first row, first column, last row, last column (0-based).
pub fn parse_range(text: &str) -> Option<(usize, usize, usize, usize)> {
    let cleaned: String = text.trim().replace('$', "").to_ascii_uppercase();
    let cleaned = cleaned.rsplit('!').next().unwrap_or(&cleaned).to_string();
    let cell = |s: &str| -> Option<(usize, usize)> {
        let letters: String = s.chars().take_while(char::is_ascii_alphabetic).collect();
        let digits = &s[letters.len()..];
        if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
            return None;
        }
        let col = letters
            .bytes()
            .fold(0usize, |acc, b| acc * 26 + usize::from(b - b'A') + 1);
        let row: usize = digits.parse().ok().filter(|r| *r >= 1)?;
        Some((row - 1, col - 1))
    };
    let (a, b) = cleaned.split_once(':').unwrap_or((&cleaned, &cleaned));
    let (r0, c0) = cell(a)?;
    let (r1, c1) = cell(b)?;
    Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
}

fn sub_grid(grid: &Grid, range: &str) -> Option<Grid> {
    let (r0, c0, r1, c1) = parse_range(range)?;
    let rows = (r0..=r1)
        .map(|r| {
            (c0..=c1)
                .map(|c| grid.get(r, c).cloned().unwrap_or(Cell::Empty))
                .collect()
        })
        .collect();
    Some(Grid::from_rows(rows))
}

/// The value `expected` stands for on `data`, or why it cannot be computed (a broken exercise).
pub fn expected_value(expected: &Expected, data: &Grid) -> Result<f64, String> {
    match expected {
        Expected::Number(x) => Ok(*x),
        Expected::Call { function, args, at } => {
            let args = args
                .iter()
                .map(|a| match a {
                    Arg::Number(x) => Ok(Some(Grid::scalar(Cell::Number(*x)))),
                    Arg::Range(None) => Ok(None),
                    Arg::Range(Some(r)) => sub_grid(data, r)
                        .map(Some)
                        .ok_or_else(|| format!("bad range {r}")),
                })
                .collect::<Result<Vec<_>, String>>()?;
            let out = crate::registry::call(function, args).map_err(|e| e.message)?;
            let (r, c) = at.unwrap_or((0, 0));
            match out.get(r, c) {
                Some(Cell::Number(x)) => Ok(*x),
                other => Err(format!("{function} gave {other:?} at ({r}, {c})")),
            }
        }
    }
}

fn number_of(v: Option<&serde_json::Value>) -> Option<f64> {
    match v? {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The function called by a formula and its first argument, normalised (`AISM.FORECAST`,
/// `B2:B91`).
fn formula_call(formula: &str) -> Option<(String, String)> {
    let f = formula.trim().trim_start_matches('=').trim();
    let open = f.find('(')?;
    let name = f[..open].trim().to_ascii_uppercase().replace('_', ".");
    let inner = &f[open + 1..];
    let first = inner
        .split([',', ';', ')'])
        .next()
        .unwrap_or("")
        .trim()
        .replace('$', "")
        .to_ascii_uppercase();
    Some((name, first))
}

fn check_one(check: &Check, data: &Grid, snap: &Snapshot) -> Result<CheckResult, String> {
    let pass = |en: String, es: String| CheckResult {
        passed: true,
        message: t(en, es),
    };
    let fail = |en: String, es: String| CheckResult {
        passed: false,
        message: t(en, es),
    };
    Ok(match check {
        Check::Value {
            cell,
            expected,
            tolerance,
        } => {
            let want = expected_value(expected, data)?;
            match number_of(snap.values.get(&cell.to_ascii_uppercase())) {
                None => fail(
                    format!("{cell} is empty or not a number: put your result there."),
                    format!("{cell} está vacía o no es un número: pon ahí tu resultado."),
                ),
                Some(got) if (got - want).abs() <= tolerance * want.abs().max(1.0) => pass(
                    format!("{cell} is right ({got:.2})."),
                    format!("{cell} es correcta ({got:.2})."),
                ),
                Some(got) => fail(
                    format!(
                        "{cell} holds {got:.2}, which is not the expected value; check the range and the arguments of your formula."
                    ),
                    format!(
                        "{cell} contiene {got:.2}, que no es el valor esperado; revisa el rango y los argumentos de tu fórmula."
                    ),
                ),
            }
        }
        Check::Formula {
            cell,
            function,
            range,
        } => {
            let want_fn = function.to_ascii_uppercase().replace('_', ".");
            let want_range = parse_range(range);
            match snap
                .formulas
                .get(&cell.to_ascii_uppercase())
                .and_then(|f| formula_call(f))
            {
                None => fail(
                    format!("{cell} has no formula: type one that calls {want_fn}."),
                    format!("{cell} no tiene fórmula: escribe una que llame a {want_fn}."),
                ),
                Some((name, _)) if name != want_fn => fail(
                    format!("{cell} calls {name}; this exercise asks for {want_fn}."),
                    format!("{cell} llama a {name}; este ejercicio pide {want_fn}."),
                ),
                Some((_, first)) if parse_range(&first) != want_range => fail(
                    format!(
                        "{cell} uses {first} as the data; select {range} (all the sales, without the header)."
                    ),
                    format!(
                        "{cell} usa {first} como datos; selecciona {range} (todas las ventas, sin el encabezado)."
                    ),
                ),
                Some(_) => pass(
                    format!("{cell} calls {want_fn} on {range}."),
                    format!("{cell} llama a {want_fn} sobre {range}."),
                ),
            }
        }
        Check::Chart { chart_type, range } => {
            let want = parse_range(range);
            let kind_ok = |c: &ChartInfo| {
                chart_type.as_ref().is_none_or(|k| {
                    c.chart_type
                        .to_ascii_lowercase()
                        .starts_with(&k.to_ascii_lowercase())
                })
            };
            let covers = |c: &ChartInfo| {
                c.ranges
                    .iter()
                    .filter_map(|r| parse_range(r))
                    .any(|(r0, c0, r1, c1)| {
                        want.is_some_and(|(w0, wc0, w1, wc1)| {
                            r0 <= w0 && c0 <= wc0 && r1 >= w1 && c1 >= wc1
                        })
                    })
            };
            let (kind, tipo) = match chart_type.as_deref() {
                Some(k) => (format!("a {k} chart"), format!("un gráfico ({k})")),
                None => ("a chart".to_string(), "un gráfico".to_string()),
            };
            if snap.charts.iter().any(|c| kind_ok(c) && covers(c)) {
                pass(
                    format!("There is {kind} of {range} on the sheet."),
                    format!("Hay {tipo} de {range} en la hoja."),
                )
            } else if snap.charts.iter().any(kind_ok) {
                fail(
                    format!("Your chart does not plot {range}; change its data range."),
                    format!("Tu gráfico no representa {range}; cambia su rango de datos."),
                )
            } else {
                fail(
                    format!("Insert {kind} of {range}."),
                    format!("Inserta {tipo} de {range}."),
                )
            }
        }
    })
}

/// Checks a snapshot of the student's sheet against `exercise`. `Err` only when the exercise
/// itself is broken (its expected value cannot be computed), never for a wrong answer.
pub fn check(exercise: &Exercise, snapshot: &Snapshot) -> Result<Outcome, String> {
    let data = dataset(exercise);
    let checks = exercise
        .checks
        .iter()
        .map(|c| check_one(c, &data, snapshot))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Outcome {
        passed: checks.iter().all(|c| c.passed),
        checks,
    })
}

/// The A1 address of the last data row's cell in `col` of the dataset (for instructions).
pub fn last_data_cell(exercise: &Exercise, col: usize) -> String {
    a1(dataset(exercise).height().saturating_sub(1), col)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Module 3 exercise: the 7-day forecast total of 90 days of sales, with the formula and a
    /// line chart of the sales.
    fn forecast_exercise() -> Exercise {
        serde_json::from_str(include_str!(
            "../../../tests/golden/exercise-m3-forecast-week.json"
        ))
        .unwrap()
    }

    /// The reference solution: what a student's sheet holds when solved.
    fn solved(ex: &Exercise) -> Snapshot {
        let data = dataset(ex);
        let sales = sub_grid(&data, "B2:B91").unwrap();
        let forecast = crate::registry::call(
            "AISM.FORECAST",
            vec![Some(sales), None, Some(Grid::scalar(Cell::Number(7.0)))],
        )
        .unwrap();
        let mut snap = Snapshot::default();
        for r in 0..forecast.height() {
            if let Some(Cell::Number(x)) = forecast.get(r, 0) {
                snap.values.insert(a1(1 + r, 4), serde_json::json!(x));
            }
        }
        snap.formulas
            .insert("E2".into(), "=AISM.FORECAST($B$2:$B$91,,7)".into());
        snap.charts.push(ChartInfo {
            chart_type: "line".into(),
            ranges: vec!["Exercise!A1:B91".into()],
        });
        snap
    }

    #[test]
    fn dataset_is_deterministic_and_shaped() {
        let ex = forecast_exercise();
        let a = dataset(&ex);
        assert_eq!(a, dataset(&ex));
        assert_eq!((a.height(), a.width()), (91, 2));
        assert_eq!(a.get(1, 0), Some(&Cell::Number(45292.0)));
        let mut other = ex.clone();
        other.seed = 43;
        assert_ne!(a, dataset(&other));
        // Level 1000, +2/day, ±20 % weekly, 5 % noise: every value positive and plausible.
        for r in 1..a.height() {
            let Some(Cell::Number(y)) = a.get(r, 1) else {
                panic!("row {r}")
            };
            assert!((600.0..1600.0).contains(y), "{y}");
        }
        assert_eq!(last_data_cell(&ex, 1), "B91");
        // The first values, also asserted through the WASM package (tests/node/course.test.mjs):
        // host and server generate the same sheet.
        let first: Vec<&Cell> = (1..=3).map(|r| a.get(r, 1).unwrap()).collect();
        assert_eq!(
            first,
            [
                &Cell::Number(955.29),
                &Cell::Number(1135.07),
                &Cell::Number(1278.63)
            ]
        );
    }

    #[test]
    fn the_reference_solution_passes() {
        let ex = forecast_exercise();
        let out = check(&ex, &solved(&ex)).unwrap();
        assert!(out.passed, "{out:?}");
        assert_eq!(out.checks.len(), 3);
        // The Sheets spelling and relative references count too.
        let mut snap = solved(&ex);
        snap.formulas
            .insert("E2".into(), "=aism_forecast(B2:B91, , 7)".into());
        snap.charts[0].chart_type = "LINE".into();
        assert!(check(&ex, &snap).unwrap().passed);
    }

    #[test]
    fn wrong_solutions_fail_with_what_to_change() {
        let ex = forecast_exercise();
        let message = |snap: &Snapshot, i: usize| {
            let out = check(&ex, snap).unwrap();
            assert!(!out.passed, "{out:?}");
            assert!(!out.checks[i].passed, "{out:?}");
            out.checks[i].message.clone()
        };
        // The header included in the range: the formula check says which range to select.
        let mut s = solved(&ex);
        s.formulas
            .insert("E2".into(), "=AISM.FORECAST(B1:B91,,7)".into());
        let m = message(&s, 0);
        assert!(
            m.en.contains("uses B1:B91") && m.en.contains("select B2:B91"),
            "{}",
            m.en
        );
        assert!(m.es.contains("selecciona B2:B91"), "{}", m.es);
        // Another function.
        s.formulas.insert("E2".into(), "=AVERAGE(B2:B91)".into());
        assert!(message(&s, 0).en.contains("calls AVERAGE"));
        // No formula, typed value.
        s.formulas.clear();
        assert!(message(&s, 0).en.contains("has no formula"));
        // A value off by 1 %.
        let mut s = solved(&ex);
        let v = s.values["E2"].as_f64().unwrap();
        s.values.insert("E2".into(), serde_json::json!(v * 1.01));
        assert!(message(&s, 1).en.contains("not the expected value"));
        s.values.remove("E2");
        assert!(message(&s, 1).en.contains("E2 is empty"));
        // A column chart, and a line chart of something else.
        let mut s = solved(&ex);
        s.charts[0].chart_type = "columnClustered".into();
        assert!(message(&s, 2).en.contains("Insert a line chart of B2:B91"));
        s.charts[0] = ChartInfo {
            chart_type: "line".into(),
            ranges: vec!["A1:A91".into()],
        };
        assert!(message(&s, 2).en.contains("does not plot B2:B91"));
    }

    #[test]
    fn ranges_and_broken_exercises() {
        assert_eq!(parse_range("B2:B91"), Some((1, 1, 90, 1)));
        assert_eq!(parse_range("Sheet 1!$b$91:$b$2"), Some((1, 1, 90, 1)));
        assert_eq!(parse_range("AA10"), Some((9, 26, 9, 26)));
        assert_eq!(parse_range("B0"), None);
        assert_eq!(parse_range("12"), None);
        let mut ex = forecast_exercise();
        ex.checks = vec![Check::Value {
            cell: "E2".into(),
            expected: Expected::Call {
                function: "AISM.NOPE".into(),
                args: vec![],
                at: None,
            },
            tolerance: 0.0,
        }];
        assert!(check(&ex, &Snapshot::default()).is_err());
    }
}
