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

pub use super::datasets::{Dataset, DemandItem, Spike};

/// What a target cell must hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Expected {
    /// A fixed number.
    Number(f64),
    /// A fixed text (compared without regard to case or surrounding blanks).
    Text(String),
    /// One cell of what a formula gives on the dataset: `{"formula": "=AISM.FORECAST(B2:B91,,7)",
    /// "at": [2, 0]}` is the third row of the spilled forecast. Formulas in `given` are
    /// evaluated first, in order, and spilled where they stand, so a formula can read what
    /// another one produced (one system's output as another's input).
    Formula {
        /// One call of a registry function with ranges, numbers and texts.
        formula: String,
        /// Which cell of the result, row then column (default the first).
        #[serde(default)]
        at: Option<(usize, usize)>,
        /// Formulas the sheet holds before this one (what earlier steps of the exercise give).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        given: Vec<CellFormula>,
    },
}

/// A formula in a cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellFormula {
    /// The cell (`E1`).
    pub cell: String,
    /// The formula (`=AISM.RFM(A2:A500,B2:B500,C2:C500)`).
    pub formula: String,
}

/// One check of an exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "check",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Check {
    /// The cell's value is the expected one: numbers within `tolerance` (relative, and absolute
    /// below 1), texts without regard to case.
    Value {
        /// Target cell (`E2`).
        cell: String,
        /// What it must be.
        expected: Expected,
        /// Tolerance for numbers.
        #[serde(default)]
        tolerance: f64,
    },
    /// The cell holds a formula calling `function` (anywhere in it, nested or not) whose first
    /// arguments are `range` and then `more_ranges`.
    Formula {
        /// Target cell.
        cell: String,
        /// The function (`AISM.FORECAST`; the Sheets spelling `AISM_FORECAST` counts too).
        function: String,
        /// The range its first argument must be (absolute or relative references alike).
        range: String,
        /// The ranges of the next arguments, in order (`AISM.PNL`'s accounts and amounts).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        more_ranges: Vec<String>,
    },
    /// A chart (of `chart_type`, when given) whose data include `range`.
    Chart {
        /// `line`, `column`, `bar`, `pie`, `scatter` … (contained in the host's name of the type:
        /// Excel's `xyscatter`, Sheets' `SCATTER`); `None` for any.
        #[serde(default)]
        chart_type: Option<String>,
        /// A range the chart must plot.
        range: String,
    },
    /// A table (an Excel table; in Sheets a banded range or a filter) covering `range`.
    Table {
        /// The range the table must cover, header included.
        range: String,
    },
}

/// The reference solution of an exercise: what a student types. Tests solve every exercise
/// with it; the server never sends it to the hosts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Solution {
    /// Formulas in the order they are typed; each spills its result from its cell and later
    /// ones may read it.
    pub formulas: Vec<CellFormula>,
    /// Charts inserted.
    pub charts: Vec<ChartInfo>,
    /// Tables inserted (their ranges).
    pub tables: Vec<String>,
}

/// An in-sheet exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Exercise {
    /// Stable id (`m3-forecast-week`).
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
    /// The reference solution (absent in what the hosts receive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution: Option<Solution>,
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
    /// Tables on the sheet (their ranges, header included).
    pub tables: Vec<String>,
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
    /// Checks passed.
    pub score: usize,
    /// One result per check, in order.
    pub checks: Vec<CheckResult>,
}

fn t(en: String, es: String) -> Text {
    Text { en, es }
}

/// The dataset of `exercise`: header first, as it is written into the new sheet at A1.
pub fn dataset(exercise: &Exercise) -> Grid {
    super::datasets::generate(&exercise.dataset, exercise.seed)
}

/// A range in A1 notation: first row, first column, last row, last column (0-based).
pub fn parse_range(text: &str) -> Option<(usize, usize, usize, usize)> {
    let cleaned = super::formula::normalise_range(text)?;
    let cell = |s: &str| -> Option<(usize, usize)> {
        let letters: String = s.chars().take_while(char::is_ascii_alphabetic).collect();
        let col = letters
            .bytes()
            .fold(0usize, |acc, b| acc * 26 + usize::from(b - b'A') + 1);
        let row: usize = s[letters.len()..].parse().ok().filter(|r| *r >= 1)?;
        Some((row - 1, col - 1))
    };
    let (a, b) = cleaned.split_once(':').unwrap_or((&cleaned, &cleaned));
    let (r0, c0) = cell(a)?;
    let (r1, c1) = cell(b)?;
    Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
}

/// The largest range a formula of an exercise may read (a whole column of a dataset is far less).
const MAX_RANGE_CELLS: usize = 1_000_000;

fn sub_grid(grid: &Grid, range: &str) -> Option<Grid> {
    let (r0, c0, r1, c1) = parse_range(range)?;
    if (r1 - r0 + 1).saturating_mul(c1 - c0 + 1) > MAX_RANGE_CELLS {
        return None;
    }
    let rows = (r0..=r1)
        .map(|r| {
            (c0..=c1)
                .map(|c| grid.get(r, c).cloned().unwrap_or(Cell::Empty))
                .collect()
        })
        .collect();
    Some(Grid::from_rows(rows))
}

/// What `formula` gives on `data`: it must be one call of a registry function whose arguments
/// are ranges of the dataset, numbers, texts, booleans or blanks.
pub fn evaluate(formula: &str, data: &Grid) -> Result<Grid, String> {
    use super::formula::Arg;
    let call = super::formula::single_call(formula)
        .ok_or_else(|| format!("{formula} is not one function call"))?;
    let args = call
        .args
        .iter()
        .map(|a| match a {
            Arg::Empty => Ok(None),
            Arg::Number(x) => Ok(Some(Grid::scalar(Cell::Number(*x)))),
            Arg::Text(s) => Ok(Some(Grid::scalar(Cell::text(s.clone())))),
            Arg::Bool(b) => Ok(Some(Grid::scalar(Cell::Bool(*b)))),
            Arg::Range(r) => sub_grid(data, r)
                .map(Some)
                .ok_or_else(|| format!("bad range {r}")),
            Arg::Call(_) | Arg::Other(_) => Err(format!(
                "{formula}: only ranges, numbers and texts can be arguments here"
            )),
        })
        .collect::<Result<Vec<_>, String>>()?;
    crate::registry::call(&call.name, args).map_err(|e| e.message)
}

/// Writes `result` into `sheet` from `cell` on, as a spill, growing the sheet as needed.
fn spill(sheet: &mut Vec<Vec<Cell>>, cell: &str, result: &Grid) -> Result<(), String> {
    let (r0, c0, _, _) = parse_range(cell).ok_or_else(|| format!("bad cell {cell}"))?;
    for (r, row) in result.rows().iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (rr, cc) = (r0 + r, c0 + c);
            if rr >= MAX_RANGE_CELLS || cc >= 16_384 {
                return Err(format!("{cell}: the result does not fit on a sheet"));
            }
            if sheet.len() <= rr {
                sheet.resize_with(rr + 1, Vec::new);
            }
            let line = &mut sheet[rr];
            if line.len() <= cc {
                line.resize(cc + 1, Cell::Empty);
            }
            line[cc] = value.clone();
        }
    }
    Ok(())
}

/// The dataset with `formulas` evaluated in order and spilled where they stand.
fn sheet_with(data: &Grid, formulas: &[CellFormula]) -> Result<Grid, String> {
    if formulas.is_empty() {
        return Ok(data.clone());
    }
    let mut sheet = data.rows().to_vec();
    for f in formulas {
        let out = evaluate(&f.formula, &Grid::from_rows(sheet.clone()))?;
        spill(&mut sheet, &f.cell, &out)?;
    }
    Ok(Grid::from_rows(sheet))
}

/// What a cell must hold.
#[derive(Debug, Clone, PartialEq)]
enum Want {
    Number(f64),
    Text(String),
    Bool(bool),
}

/// The value `expected` stands for on `data`, or why it cannot be computed (a broken exercise).
fn expected_value(expected: &Expected, data: &Grid) -> Result<Want, String> {
    match expected {
        Expected::Number(x) => Ok(Want::Number(*x)),
        Expected::Text(s) => Ok(Want::Text(s.clone())),
        Expected::Formula { formula, at, given } => {
            let out = evaluate(formula, &sheet_with(data, given)?)?;
            let (r, c) = at.unwrap_or((0, 0));
            match out.get(r, c) {
                Some(Cell::Number(x)) => Ok(Want::Number(*x)),
                Some(Cell::Text(s)) => Ok(Want::Text(s.clone())),
                Some(Cell::Bool(b)) => Ok(Want::Bool(*b)),
                other => Err(format!("{formula} gave {other:?} at ({r}, {c})")),
            }
        }
    }
}

/// A snapshot value as the checker compares it.
fn got_value(v: Option<&serde_json::Value>) -> Option<Want> {
    match v? {
        serde_json::Value::Number(n) => n.as_f64().map(Want::Number),
        serde_json::Value::Bool(b) => Some(Want::Bool(*b)),
        serde_json::Value::String(s) => {
            let s = s.trim();
            match s.to_ascii_uppercase().as_str() {
                "" => None,
                "TRUE" | "VERDADERO" => Some(Want::Bool(true)),
                "FALSE" | "FALSO" => Some(Want::Bool(false)),
                _ => Some(
                    s.parse::<f64>()
                        .map_or_else(|_| Want::Text(s.to_string()), Want::Number),
                ),
            }
        }
        _ => None,
    }
}

fn show(w: &Want) -> String {
    match w {
        Want::Number(x) => format!("{x:.2}"),
        Want::Text(s) => format!("\"{s}\""),
        Want::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
    }
}

fn value_check(cell: &str, want: &Want, got: Option<Want>, tolerance: f64) -> CheckResult {
    let ok = |en: String, es: String| CheckResult {
        passed: true,
        message: t(en, es),
    };
    let fail = |en: String, es: String| CheckResult {
        passed: false,
        message: t(en, es),
    };
    let Some(got) = got else {
        return fail(
            format!("{cell} is empty: put your result there."),
            format!("{cell} está vacía: pon ahí tu resultado."),
        );
    };
    let right = match (want, &got) {
        (Want::Number(w), Want::Number(g)) => (g - w).abs() <= tolerance * w.abs().max(1.0),
        (Want::Text(w), Want::Text(g)) => w.trim().eq_ignore_ascii_case(g.trim()),
        (Want::Bool(w), Want::Bool(g)) => w == g,
        _ => false,
    };
    let shown = show(&got);
    if right {
        ok(
            format!("{cell} is right ({shown})."),
            format!("{cell} es correcta ({shown})."),
        )
    } else if std::mem::discriminant(want) != std::mem::discriminant(&got) {
        let (en, es) = match want {
            Want::Number(_) => ("a number", "un número"),
            Want::Text(_) => ("a text", "un texto"),
            Want::Bool(_) => ("TRUE or FALSE", "VERDADERO o FALSO"),
        };
        fail(
            format!(
                "{cell} holds {shown}, but the answer is {en}; check which cell your formula spills into."
            ),
            format!(
                "{cell} contiene {shown}, pero la respuesta es {es}; revisa en qué celda se extiende tu fórmula."
            ),
        )
    } else {
        fail(
            format!(
                "{cell} holds {shown}, which is not the expected value; check the range and the arguments of your formula."
            ),
            format!(
                "{cell} contiene {shown}, que no es el valor esperado; revisa el rango y los argumentos de tu fórmula."
            ),
        )
    }
}

fn formula_check(
    cell: &str,
    function: &str,
    ranges: &[&String],
    formula: Option<&String>,
) -> CheckResult {
    use super::formula::{Arg, calls, canonical_name};
    let want_fn = canonical_name(function);
    let fail = |en: String, es: String| CheckResult {
        passed: false,
        message: t(en, es),
    };
    let Some(formula) = formula.filter(|f| f.trim().starts_with('=')) else {
        return fail(
            format!("{cell} has no formula: type one that calls {want_fn}."),
            format!("{cell} no tiene fórmula: escribe una que llame a {want_fn}."),
        );
    };
    let found = calls(formula);
    let Some(call) = found.iter().find(|c| c.name == want_fn) else {
        let named = found
            .first()
            .map_or_else(|| formula.trim().to_string(), |c| c.name.clone());
        return fail(
            format!("{cell} calls {named}; this exercise asks for {want_fn}."),
            format!("{cell} llama a {named}; este ejercicio pide {want_fn}."),
        );
    };
    for (i, want) in ranges.iter().enumerate() {
        let given = match call.args.get(i) {
            Some(Arg::Range(r)) => Some(r.clone()),
            _ => None,
        };
        if given.as_deref().and_then(parse_range) != parse_range(want) {
            let given = given.unwrap_or_else(|| "nothing".into());
            let nth = i + 1;
            return fail(
                format!(
                    "{cell}: argument {nth} of {want_fn} is {given}; select {want} (the data without its header)."
                ),
                format!(
                    "{cell}: el argumento {nth} de {want_fn} es {given}; selecciona {want} (los datos sin el encabezado)."
                ),
            );
        }
    }
    let list = ranges
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    CheckResult {
        passed: true,
        message: t(
            format!("{cell} calls {want_fn} on {list}."),
            format!("{cell} llama a {want_fn} sobre {list}."),
        ),
    }
}

/// Whether the range `outer` covers the range `inner`.
fn covers(outer: &str, inner: Option<(usize, usize, usize, usize)>) -> bool {
    match (parse_range(outer), inner) {
        (Some((r0, c0, r1, c1)), Some((w0, wc0, w1, wc1))) => {
            r0 <= w0 && c0 <= wc0 && r1 >= w1 && c1 >= wc1
        }
        _ => false,
    }
}

fn chart_check(chart_type: Option<&str>, range: &str, charts: &[ChartInfo]) -> CheckResult {
    let want = parse_range(range);
    let kind_ok = |c: &ChartInfo| {
        chart_type.is_none_or(|k| {
            c.chart_type
                .to_ascii_lowercase()
                .contains(&k.to_ascii_lowercase())
        })
    };
    let plots = |c: &ChartInfo| c.ranges.iter().any(|r| covers(r, want));
    let (kind, tipo) = match chart_type {
        Some(k) => (format!("a {k} chart"), format!("un gráfico ({k})")),
        None => ("a chart".to_string(), "un gráfico".to_string()),
    };
    let (passed, en, es) = if charts.iter().any(|c| kind_ok(c) && plots(c)) {
        (
            true,
            format!("There is {kind} of {range} on the sheet."),
            format!("Hay {tipo} de {range} en la hoja."),
        )
    } else if charts.iter().any(kind_ok) {
        (
            false,
            format!("Your chart does not plot {range}; change its data range."),
            format!("Tu gráfico no representa {range}; cambia su rango de datos."),
        )
    } else {
        (
            false,
            format!("Insert {kind} of {range}."),
            format!("Inserta {tipo} de {range}."),
        )
    };
    CheckResult {
        passed,
        message: t(en, es),
    }
}

fn table_check(range: &str, tables: &[String]) -> CheckResult {
    let want = parse_range(range);
    let (passed, en, es) = if tables.iter().any(|r| covers(r, want)) {
        (
            true,
            format!("{range} is formatted as a table."),
            format!("{range} tiene formato de tabla."),
        )
    } else if tables.is_empty() {
        (
            false,
            format!(
                "Format {range} as a table (Excel: Insert → Table; Sheets: Format → Alternating colours or a filter)."
            ),
            format!(
                "Da formato de tabla a {range} (Excel: Insertar → Tabla; Sheets: Formato → Colores alternos o un filtro)."
            ),
        )
    } else {
        (
            false,
            format!(
                "Your table does not cover {range}; extend it to the whole range with its header."
            ),
            format!("Tu tabla no cubre {range}; amplíala a todo el rango con su encabezado."),
        )
    };
    CheckResult {
        passed,
        message: t(en, es),
    }
}

fn check_one(check: &Check, data: &Grid, snap: &Snapshot) -> Result<CheckResult, String> {
    Ok(match check {
        Check::Value {
            cell,
            expected,
            tolerance,
        } => {
            let want = expected_value(expected, data)?;
            let got = got_value(snap.values.get(&cell.to_ascii_uppercase()));
            value_check(cell, &want, got, *tolerance)
        }
        Check::Formula {
            cell,
            function,
            range,
            more_ranges,
        } => {
            let ranges: Vec<&String> = std::iter::once(range).chain(more_ranges).collect();
            formula_check(
                cell,
                function,
                &ranges,
                snap.formulas.get(&cell.to_ascii_uppercase()),
            )
        }
        Check::Chart { chart_type, range } => {
            chart_check(chart_type.as_deref(), range, &snap.charts)
        }
        Check::Table { range } => table_check(range, &snap.tables),
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
    let score = checks.iter().filter(|c| c.passed).count();
    Ok(Outcome {
        passed: score == checks.len(),
        score,
        checks,
    })
}

/// The cells whose values and formulas the host reads for a snapshot (the targets of the
/// value and formula checks), in order, without repeats.
pub fn targets(exercise: &Exercise) -> Vec<String> {
    let mut cells: Vec<String> = Vec::new();
    for c in &exercise.checks {
        if let Check::Value { cell, .. } | Check::Formula { cell, .. } = c {
            let cell = cell.to_ascii_uppercase();
            if !cells.contains(&cell) {
                cells.push(cell);
            }
        }
    }
    cells
}

/// The snapshot of a sheet solved by the exercise's reference solution: each formula evaluated
/// in order on the dataset (and what earlier ones spilled) and spilled from its cell, the charts
/// and tables inserted.
pub fn solve(exercise: &Exercise) -> Result<Snapshot, String> {
    let solution = exercise
        .solution
        .as_ref()
        .ok_or_else(|| format!("exercise {} has no reference solution", exercise.id))?;
    let data = dataset(exercise);
    let mut sheet = data.into_rows();
    let mut snap = Snapshot {
        charts: solution.charts.clone(),
        tables: solution.tables.clone(),
        ..Snapshot::default()
    };
    for f in &solution.formulas {
        let (r0, c0, _, _) = parse_range(&f.cell).ok_or_else(|| format!("bad cell {}", f.cell))?;
        let out = evaluate(&f.formula, &Grid::from_rows(sheet.clone()))?;
        spill(&mut sheet, &f.cell, &out)?;
        for (r, row) in out.rows().iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let v = match value {
                    Cell::Number(x) => serde_json::json!(x),
                    Cell::Text(s) => serde_json::json!(s),
                    Cell::Bool(b) => serde_json::json!(b),
                    Cell::Error(kind) => serde_json::json!(kind.as_str()),
                    Cell::Empty => continue,
                };
                snap.values.insert(a1(r0 + r, c0 + c), v);
            }
        }
        snap.formulas
            .insert(f.cell.to_ascii_uppercase(), f.formula.clone());
    }
    Ok(snap)
}

/// `exercise` with every `{n}` in its texts replaced by the row number of the dataset's last
/// row (`B2:B{n}` → `B2:B91`), for datasets whose length the seed decides. The server resolves
/// the exercises it loads, so hosts and checks only ever see real ranges.
pub fn resolved(exercise: &Exercise) -> Result<Exercise, String> {
    let text = serde_json::to_string(exercise).map_err(|e| e.to_string())?;
    if !text.contains("{n}") {
        return Ok(exercise.clone());
    }
    let last_row = dataset(exercise).height().to_string();
    serde_json::from_str(&text.replace("{n}", &last_row)).map_err(|e| e.to_string())
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
            "../../../addin-server/course/modules/03-daily-sales/exercises/m3-forecast-week.json"
        ))
        .unwrap()
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
        let solved = solve(&ex).unwrap();
        // The forecast spilled from E2 down to E8 (three columns: point, lower, upper).
        assert!(solved.values.contains_key("E8") && solved.values.contains_key("G8"));
        let out = check(&ex, &solved).unwrap();
        assert!(out.passed, "{out:?}");
        assert_eq!((out.checks.len(), out.score), (3, 3));
        assert_eq!(targets(&ex), ["E2"]);
        // The Sheets spelling, relative references and a rounding around it count too.
        let mut snap = solved.clone();
        snap.formulas
            .insert("E2".into(), "=ROUND(aism_forecast(B2:B91, , 7), 6)".into());
        snap.charts[0].chart_type = "LINE".into();
        assert!(check(&ex, &snap).unwrap().passed);
    }

    #[test]
    fn wrong_solutions_fail_with_what_to_change() {
        let ex = forecast_exercise();
        let solved = solve(&ex).unwrap();
        let message = |snap: &Snapshot, i: usize| {
            let out = check(&ex, snap).unwrap();
            assert!(!out.passed, "{out:?}");
            assert!(!out.checks[i].passed, "{out:?}");
            out.checks[i].message.clone()
        };
        // The header included in the range: the formula check says which range to select.
        let mut s = solved.clone();
        s.formulas
            .insert("E2".into(), "=AISM.FORECAST(B1:B91,,7)".into());
        let m = message(&s, 0);
        assert!(
            m.en.contains("is B1:B91") && m.en.contains("select B2:B91"),
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
        // A value off by 1 %, a text, nothing.
        let mut s = solved.clone();
        let v = s.values["E2"].as_f64().unwrap();
        s.values.insert("E2".into(), serde_json::json!(v * 1.01));
        assert!(message(&s, 1).en.contains("not the expected value"));
        s.values.insert("E2".into(), serde_json::json!("#NAME?"));
        assert!(message(&s, 1).en.contains("the answer is a number"));
        s.values.remove("E2");
        assert!(message(&s, 1).en.contains("E2 is empty"));
        // A column chart, and a line chart of something else.
        let mut s = solved.clone();
        s.charts[0].chart_type = "columnClustered".into();
        assert!(message(&s, 2).en.contains("Insert a line chart of B2:B91"));
        s.charts[0] = ChartInfo {
            chart_type: "line".into(),
            ranges: vec!["A1:A91".into()],
        };
        assert!(message(&s, 2).en.contains("does not plot B2:B91"));
    }

    #[test]
    fn values_tables_and_broken_exercises() {
        assert_eq!(parse_range("B2:B91"), Some((1, 1, 90, 1)));
        assert_eq!(parse_range("Sheet 1!$b$91:$b$2"), Some((1, 1, 90, 1)));
        assert_eq!(parse_range("AA10"), Some((9, 26, 9, 26)));
        assert_eq!(parse_range("B0"), None);
        assert_eq!(parse_range("12"), None);
        // Texts compare without case; booleans as the host or the user spells them.
        let want = Want::Text("intermittent".into());
        assert!(
            value_check(
                "E2",
                &want,
                got_value(Some(&serde_json::json!(" Intermittent "))),
                0.0
            )
            .passed
        );
        assert!(
            !value_check(
                "E2",
                &want,
                got_value(Some(&serde_json::json!("lumpy"))),
                0.0
            )
            .passed
        );
        assert!(
            value_check(
                "E2",
                &Want::Bool(true),
                got_value(Some(&serde_json::json!("VERDADERO"))),
                0.0
            )
            .passed
        );
        // Tables.
        assert!(table_check("A1:C10", &["Sheet1!$A$1:$D$12".into()]).passed);
        let m = table_check("A1:C10", &["A2:C10".into()]);
        assert!(!m.passed && m.message.en.contains("does not cover"));
        assert!(
            table_check("A1:C10", &[])
                .message
                .en
                .contains("Format A1:C10")
        );
        // An exercise whose expected value cannot be computed is an error, not a failure.
        let mut ex = forecast_exercise();
        ex.checks = vec![Check::Value {
            cell: "E2".into(),
            expected: Expected::Formula {
                formula: "=AISM.NOPE(B2:B9)".into(),
                at: None,
                given: Vec::new(),
            },
            tolerance: 0.0,
        }];
        assert!(check(&ex, &Snapshot::default()).is_err());
        assert!(evaluate("=AISM.FORECAST(B2:ZZZ999999)", &dataset(&ex)).is_err());
        assert!(evaluate("=SUM(1,2)+1", &dataset(&ex)).is_err());
        ex.solution = None;
        assert!(solve(&ex).is_err());
    }
}
