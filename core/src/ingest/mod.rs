//! Ingestion: from what hosts hand over (cells, CSV, XLSX bytes) to typed columns.
//!
//! [`infer_table`] takes a [`Grid`] as a host hands it over (numbers, text, booleans, blanks,
//! error values, dates as serials), decides whether the first row is a header, types each
//! column by majority (number, date, text, boolean), decides per column the date order (US or
//! European) and the decimal separator, and returns a [`Table`] with a [`Validation`] report
//! whose [`Issue`]s carry the A1 address of every cell that did not fit.
//!
//! Files come in as bytes ([`grid_from_csv`], [`grid_from_xlsx`]); nothing here does IO.

mod date;
mod files;
mod number;

pub use date::{
    DateOrder, MAX_SERIAL, date_to_serial, is_plausible_serial, parse_date_with, serial_to_date,
    time_fraction,
};
pub use files::{MAX_CELLS, grid_from_bytes, grid_from_csv, grid_from_xlsx, sheet_from_workbook};
pub use number::{DecimalSeparator, parse_number_with};

use crate::cells::{Cell, CellError, ErrorKind, Grid, a1};
use date::DateReading;
use serde::Serialize;
use std::collections::HashMap;

/// Parses a number as users type it: `1,234.5`, `$1 200`, `(35)`, `1200-`, `12.5%` (→ 0.125),
/// `+3`, `-3e4`, `USD 1,200`, `1.234,5 €`. US conventions first (`1,234` is 1234), then
/// unambiguous European forms (`1.234,5`, `0,5`).
pub fn parse_number(text: &str) -> Option<f64> {
    number::parse_number(text)
}

/// Parses a date text into an Excel serial number (1900 system): ISO-8601 first, then US
/// month/day/year, then European day/month/year; English and Spanish month names; a time of
/// day becomes the fraction.
pub fn parse_date(text: &str) -> Option<f64> {
    date::parse_date(text)
}

/// Share of a column's typed cells (not blank, not an error) that must agree on a type.
pub const TYPE_THRESHOLD: f64 = 0.6;

/// The most issues listed in one [`Validation`]; the rest are summarised in a last issue.
pub const MAX_ISSUES: usize = 1000;

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ColumnKind {
    /// Numbers (amounts, quantities, percentages as fractions).
    Number,
    /// Dates, as Excel serial numbers (1900 system; the fraction is the time of day).
    Date,
    /// Free text (names, categories, codes).
    Text,
    /// TRUE/FALSE.
    Bool,
    /// No values at all (every cell blank or an error).
    Empty,
}

/// One typed cell of a column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "type", content = "value")]
pub enum Value {
    /// A number.
    Number(f64),
    /// A date as an Excel serial (1900 system).
    Date(f64),
    /// Text, trimmed.
    Text(String),
    /// TRUE or FALSE.
    Bool(bool),
    /// A blank, a missing-value marker (`N/A`, `null`, `-`), or a cell that did not fit the
    /// column's type (that cell also has an [`Issue`]).
    Missing,
    /// A spreadsheet error value such as `#N/A`.
    Error(ErrorKind),
}

impl Value {
    /// The number of a number or date value.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(x) | Value::Date(x) => Some(*x),
            _ => None,
        }
    }

    /// The value as an identifier (SKU, customer id): text as is, whole numbers without
    /// decimals (1001, not 1001.0), other numbers as they print; "" for anything else.
    pub fn id_text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
            Value::Number(x) => format!("{x}"),
            _ => String::new(),
        }
    }
}

/// One typed column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// Unique name: the header text, `Column B` when there is none, `Sales (2)` for a repeat.
    pub name: String,
    /// The inferred type.
    pub kind: ColumnKind,
    /// One value per body row (the header row excluded).
    pub values: Vec<Value>,
    /// Zero-based index of the column in the grid it came from.
    pub source_col: usize,
}

impl Column {
    /// The values as numbers (numbers and date serials; anything else is `None`).
    pub fn numbers(&self) -> Vec<Option<f64>> {
        self.values.iter().map(Value::as_f64).collect()
    }
}

/// A typed table.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Table {
    /// The columns, in sheet order.
    pub columns: Vec<Column>,
}

impl Table {
    /// The column named `name` (case-insensitive, surrounding spaces ignored).
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name.trim().eq_ignore_ascii_case(name.trim()))
    }
    /// Number of body rows.
    pub fn height(&self) -> usize {
        self.columns.first().map_or(0, |c| c.values.len())
    }
}

/// How much an issue matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// A decision worth knowing (e.g. dates read as US because nothing decided).
    Info,
    /// A cell was left out or read in a way worth checking.
    Warning,
}

/// A cell (or column) that needs attention.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// The A1 address in the user's sheet (see [`infer_table`]'s `origin`).
    pub cell: String,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong and what to change.
    pub message: String,
}

/// Whether the first row was taken as a header, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeaderDecision {
    /// True when the first row holds column names.
    pub has_header: bool,
    /// Why, in one sentence.
    pub reason: String,
}

/// What was decided and counted for one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnReport {
    /// The column's name.
    pub name: String,
    /// The inferred type.
    pub kind: ColumnKind,
    /// For date columns: the order used for all-numeric dates.
    pub date_order: Option<DateOrder>,
    /// How many cells could only be read in the chosen date order (0 = default or not needed).
    pub date_order_evidence: usize,
    /// For number columns: the decimal separator used for ambiguous texts such as `1,234`.
    pub decimal: Option<DecimalSeparator>,
    /// How many cells could only be read with the chosen separator (0 = default or not needed).
    pub decimal_evidence: usize,
    /// Body cells that were blank or a missing-value marker.
    pub blanks: usize,
    /// Body cells holding a spreadsheet error.
    pub errors: usize,
    /// Body cells that did not fit the column's type.
    pub unparsed: usize,
}

/// The validation report of one ingestion.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    /// The header decision.
    pub header: HeaderDecision,
    /// One report per column, in order.
    pub columns: Vec<ColumnReport>,
    /// Cells to look at, in column order then row order.
    pub issues: Vec<Issue>,
}

/// What one cell can be, before its column's type is known.
#[derive(Debug, Clone)]
enum Probe<'a> {
    Blank,
    Error(ErrorKind),
    Bool(bool),
    /// A number as the host handed it over (dates from Excel arrive so).
    Number(f64),
    /// Text with its possible readings.
    Text {
        text: &'a str,
        us: Option<f64>,
        eu: Option<f64>,
        date: Option<DateReading>,
        boolean: Option<bool>,
    },
}

/// The readings of one text (number under either decimal convention, date, boolean), kept so
/// a text repeated down a column (a SKU, a category) is parsed once.
type TextReadings = (Option<f64>, Option<f64>, Option<DateReading>, Option<bool>);

impl<'a> Probe<'a> {
    /// The probe of `cell`, reusing the readings of texts seen before (`memo`).
    fn of_memo(cell: &'a Cell, memo: &mut HashMap<&'a str, TextReadings>) -> Probe<'a> {
        if let Cell::Text(s) = cell {
            let t = s.trim();
            if let Some(&(us, eu, date, boolean)) = memo.get(t) {
                return Probe::Text {
                    text: t,
                    us,
                    eu,
                    date,
                    boolean,
                };
            }
            let p = Probe::of(cell);
            if let Probe::Text {
                us,
                eu,
                date,
                boolean,
                ..
            } = p
                && memo.len() < MEMO_LIMIT
            {
                memo.insert(t, (us, eu, date, boolean));
            }
            return p;
        }
        Probe::of(cell)
    }

    fn of(cell: &'a Cell) -> Probe<'a> {
        match cell {
            Cell::Empty => Probe::Blank,
            Cell::Number(x) if x.is_finite() => Probe::Number(*x),
            Cell::Number(_) => Probe::Error(ErrorKind::Num),
            Cell::Bool(b) => Probe::Bool(*b),
            Cell::Error(k) => Probe::Error(*k),
            Cell::Text(s) => {
                let t = s.trim();
                if t.is_empty() || is_missing_marker(t) {
                    return Probe::Blank;
                }
                if let Some(k) = ErrorKind::parse(t) {
                    return Probe::Error(k);
                }
                // Numbers and dates need a digit; skip the parsers for plain words.
                let digits = t.bytes().any(|b| b.is_ascii_digit());
                let (us, eu) = if digits {
                    number::readings(t)
                } else {
                    (None, None)
                };
                let date = if !digits || us.is_some() || eu.is_some() {
                    None
                } else {
                    date::read_date(t)
                };
                let is = |w: &str| t.eq_ignore_ascii_case(w);
                let boolean = if is("true") || is("verdadero") {
                    Some(true)
                } else if is("false") || is("falso") {
                    Some(false)
                } else {
                    None
                };
                Probe::Text {
                    text: t,
                    us,
                    eu,
                    date,
                    boolean,
                }
            }
        }
    }
    fn is_number(&self) -> bool {
        matches!(self, Probe::Number(_))
            || matches!(self, Probe::Text { us, eu, .. } if us.is_some() || eu.is_some())
    }
    fn is_date_text(&self) -> bool {
        matches!(self, Probe::Text { date: Some(_), .. })
    }
    fn is_bool(&self) -> bool {
        matches!(
            self,
            Probe::Bool(_)
                | Probe::Text {
                    boolean: Some(_),
                    ..
                }
        )
    }
    /// Text that is neither a number, a date nor a boolean.
    fn is_plain_text(&self) -> bool {
        matches!(self, Probe::Text { .. })
            && !self.is_number()
            && !self.is_date_text()
            && !self.is_bool()
    }
    fn is_typed_value(&self) -> bool {
        self.is_number() || self.is_date_text() || self.is_bool()
    }
    fn is_value(&self) -> bool {
        !matches!(self, Probe::Blank | Probe::Error(_))
    }
    /// A serial a date column may hold: a host number or a number text in 1..=2958465.
    fn serial(&self) -> Option<f64> {
        match self {
            Probe::Number(x) => Some(*x),
            Probe::Text { us, eu, .. } => us.or(*eu),
            _ => None,
        }
        .filter(|x| date::is_plausible_serial(*x))
    }
    fn display(&self, cell: &Cell) -> String {
        match (self, cell) {
            (Probe::Text { text, .. }, _) => text.to_string(),
            (_, Cell::Number(x)) => format!("{x}"),
            (_, Cell::Bool(b)) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
            (_, Cell::Text(s)) => s.trim().to_string(),
            _ => String::new(),
        }
    }
}

/// Texts that mean "no value" in exported data.
fn is_missing_marker(t: &str) -> bool {
    [
        "n/a", "na", "null", "none", "nan", "-", "--", "—", "–", "(blank)", "#n/d",
    ]
    .iter()
    .any(|m| t.eq_ignore_ascii_case(m))
}

/// Distinct texts whose readings are remembered while typing one grid.
const MEMO_LIMIT: usize = 100_000;

/// True when a header names a date (`Date`, `Order date`, `OrderDate`, `Fecha`, `fecha_pedido`).
fn header_says_date(name: &str) -> bool {
    header_words(name)
        .iter()
        .any(|w| matches!(w.as_str(), "date" | "fecha" | "dates" | "fechas"))
}

/// True when a header names a period that may be a date or a number (`Week`, `Month`, `Día`,
/// `Semana`, `Periodo`): its numbers are taken as dates only when they are all recent serials.
fn header_says_period(name: &str) -> bool {
    header_words(name).iter().any(|w| {
        matches!(
            w.as_str(),
            "day"
                | "week"
                | "month"
                | "period"
                | "dia"
                | "día"
                | "semana"
                | "mes"
                | "periodo"
                | "período"
        )
    })
}

/// The lower-case words of a header, split at non-alphanumerics and camelCase boundaries.
fn header_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            words.push(std::mem::take(&mut current));
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase();
        current.extend(c.to_lowercase());
    }
    words.push(current);
    words
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 0.0 } else { n as f64 / of as f64 }
}

/// Decides whether row 0 is a header.
fn decide_header(probes: &[Vec<Probe>]) -> HeaderDecision {
    let Some(first) = probes.first() else {
        return HeaderDecision {
            has_header: false,
            reason: "The range is empty.".to_string(),
        };
    };
    let non_blank: Vec<&Probe> = first
        .iter()
        .filter(|p| !matches!(p, Probe::Blank))
        .collect();
    if non_blank.is_empty() {
        return HeaderDecision {
            has_header: false,
            reason: "The first row is blank, so it is read as data.".to_string(),
        };
    }
    let all_text = non_blank.iter().all(|p| p.is_plain_text());
    if probes.len() == 1 {
        return if all_text {
            HeaderDecision {
                has_header: true,
                reason: "The range is a single row of labels: a header with no data below it."
                    .to_string(),
            }
        } else {
            HeaderDecision {
                has_header: false,
                reason: "The range is a single row holding numbers or dates: data with no header."
                    .to_string(),
            }
        };
    }
    // Columns whose body is mostly numbers, dates or booleans vote with their first cell.
    let (mut yes, mut no) = (0usize, 0usize);
    for (c, head) in first.iter().enumerate() {
        let body: Vec<&Probe> = probes
            .iter()
            .skip(1)
            .filter_map(|row| row.get(c))
            .filter(|p| p.is_value())
            .collect();
        let typed = body.iter().filter(|p| p.is_typed_value()).count();
        if body.is_empty() || share(typed, body.len()) < TYPE_THRESHOLD {
            continue;
        }
        if head.is_plain_text() {
            yes += 1;
        } else if head.is_typed_value() {
            no += 1;
        }
    }
    if yes + no > 0 {
        let has_header = yes > no;
        let reason = if has_header {
            format!(
                "The first row is text over {yes} column(s) of numbers or dates, so it is the header."
            )
        } else {
            format!(
                "The first row holds numbers or dates in {no} column(s) like the rows below, so it is data."
            )
        };
        return HeaderDecision { has_header, reason };
    }
    // Only text columns: a row of distinct labels is taken as a header.
    let mut seen: Vec<String> = Vec::new();
    let distinct = non_blank.iter().all(|p| match p {
        Probe::Text { text, .. } => {
            let k = text.to_lowercase();
            let new = !seen.contains(&k);
            seen.push(k);
            new
        }
        _ => false,
    });
    if all_text && distinct {
        HeaderDecision {
            has_header: true,
            reason: "Every column holds text; the first row has distinct labels, so it is taken as the header."
                .to_string(),
        }
    } else {
        HeaderDecision {
            has_header: false,
            reason:
                "The first row does not look like a row of distinct labels, so it is read as data."
                    .to_string(),
        }
    }
}

/// Column names from the header row (or `Column B` style names), made unique.
fn column_names(grid: &Grid, has_header: bool, col0: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for c in 0..grid.width() {
        let letter = a1(0, col0 + c)
            .trim_end_matches(|ch: char| ch.is_ascii_digit())
            .to_string();
        let fallback = format!("Column {letter}");
        let base = if has_header {
            match grid.get(0, c) {
                Some(Cell::Text(s)) if !s.trim().is_empty() => s.trim().to_string(),
                Some(Cell::Number(x)) => format!("{x}"),
                Some(Cell::Bool(b)) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
                _ => fallback,
            }
        } else {
            fallback
        };
        let mut name = base.clone();
        let mut k = 2;
        while names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            name = format!("{base} ({k})");
            k += 1;
        }
        names.push(name);
    }
    names
}

/// Collects issues up to [`MAX_ISSUES`].
struct Issues {
    list: Vec<Issue>,
    dropped: usize,
}

impl Issues {
    fn push(&mut self, cell: String, severity: Severity, message: String) {
        if self.list.len() < MAX_ISSUES {
            self.list.push(Issue {
                cell,
                severity,
                message,
            });
        } else {
            self.dropped += 1;
        }
    }
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// Types one column. `cells` are the body cells, `rows` their zero-based sheet rows.
fn infer_column(
    name: &str,
    probes: &[&Probe],
    cells: &[&Cell],
    address: &dyn Fn(usize) -> String,
    issues: &mut Issues,
) -> (ColumnKind, Vec<Value>, ColumnReport) {
    let values_n = probes.iter().filter(|p| p.is_value()).count();
    let numbers = probes.iter().filter(|p| p.is_number()).count();
    let date_texts = probes.iter().filter(|p| p.is_date_text()).count();
    let bools = probes.iter().filter(|p| p.is_bool()).count();
    let serials = probes.iter().filter(|p| p.serial().is_some()).count();
    // Serial 10,000 is 1927-05-18: week or month numbers under "Week" or "Mes" stay numbers.
    let dated_header = header_says_date(name)
        || (header_says_period(name)
            && serials > 0
            && probes
                .iter()
                .filter_map(|p| p.serial())
                .all(|x| x >= 10_000.0));
    // Numbers count as date serials under a date header, or when date texts are at least half
    // as many as the numbers (a date column where some dates arrived as serials).
    let serials_count = dated_header || (date_texts > 0 && date_texts * 2 >= numbers);
    let date_votes = date_texts + if serials_count { serials } else { 0 };
    let kind = if values_n == 0 {
        ColumnKind::Empty
    } else if (date_texts > 0 || dated_header) && share(date_votes, values_n) >= TYPE_THRESHOLD {
        ColumnKind::Date
    } else if share(numbers, values_n) >= TYPE_THRESHOLD {
        ColumnKind::Number
    } else if share(bools, values_n) >= TYPE_THRESHOLD {
        ColumnKind::Bool
    } else {
        ColumnKind::Text
    };

    // Date order and decimal separator from the cells that only read one way.
    let (mut us_dates, mut eu_dates, mut ambiguous_dates, mut numeric_dates) = (0, 0, 0, 0);
    let (mut us_nums, mut eu_nums, mut ambiguous_nums) = (0, 0, 0);
    for p in probes {
        if let Probe::Text { us, eu, date, .. } = p {
            if let Some(DateReading::Numeric { mdy, dmy }) = date {
                numeric_dates += 1;
                match (mdy, dmy) {
                    (Some(a), Some(b)) if a != b => ambiguous_dates += 1,
                    (Some(_), None) => us_dates += 1,
                    (None, Some(_)) => eu_dates += 1,
                    _ => {}
                }
            }
            match (us, eu) {
                (Some(a), Some(b)) if a != b => ambiguous_nums += 1,
                (Some(_), None) => us_nums += 1,
                (None, Some(_)) => eu_nums += 1,
                _ => {}
            }
        }
    }
    let order = if eu_dates > us_dates {
        DateOrder::Dmy
    } else if numeric_dates > 0 {
        DateOrder::Mdy
    } else {
        DateOrder::Ymd
    };
    let decimal = if eu_nums > us_nums {
        DecimalSeparator::Comma
    } else {
        DecimalSeparator::Point
    };

    let mut report = ColumnReport {
        name: name.to_string(),
        kind,
        date_order: (kind == ColumnKind::Date).then_some(order),
        date_order_evidence: if kind == ColumnKind::Date {
            us_dates.max(eu_dates)
        } else {
            0
        },
        decimal: (kind == ColumnKind::Number).then_some(decimal),
        decimal_evidence: if kind == ColumnKind::Number {
            us_nums.max(eu_nums)
        } else {
            0
        },
        blanks: 0,
        errors: 0,
        unparsed: 0,
    };
    let first_address = address(0);
    if kind == ColumnKind::Date && ambiguous_dates > 0 && us_dates == 0 && eu_dates == 0 {
        issues.push(
            first_address.clone(),
            Severity::Info,
            format!(
                "Dates in column '{name}' could be month/day or day/month and no day is above 12, so they were read as US month/day/year. If they are day/month, retype them as ISO dates (2024-03-14)."
            ),
        );
    }
    if kind == ColumnKind::Number && ambiguous_nums > 0 && us_nums == 0 && eu_nums == 0 {
        issues.push(
            first_address,
            Severity::Info,
            format!(
                "Numbers such as 1,234 in column '{name}' were read with ',' separating thousands (US). If ',' is your decimal separator, write at least one value with decimals (1,5) or use a point for decimals."
            ),
        );
    }

    let order_word = |o: DateOrder| match o {
        DateOrder::Dmy => "day/month/year",
        _ => "month/day/year",
    };
    let mut values = Vec::with_capacity(probes.len());
    for (i, (p, cell)) in probes.iter().zip(cells).enumerate() {
        let value = match p {
            Probe::Blank => {
                report.blanks += 1;
                Value::Missing
            }
            Probe::Error(k) => {
                report.errors += 1;
                issues.push(
                    address(i),
                    Severity::Warning,
                    format!(
                        "This cell holds the error {k}; it is left out. Fix the formula or value it comes from, or clear the cell."
                    ),
                );
                Value::Error(*k)
            }
            _ => {
                let fitted = match kind {
                    ColumnKind::Number => match p {
                        Probe::Number(x) => Some(Value::Number(*x)),
                        Probe::Text { us, eu, text, .. } => {
                            let (chosen, other) = match decimal {
                                DecimalSeparator::Point => (*us, *eu),
                                DecimalSeparator::Comma => (*eu, *us),
                            };
                            if chosen.is_none() && other.is_some() {
                                issues.push(
                                    address(i),
                                    Severity::Warning,
                                    format!(
                                        "\"{}\" only reads with the other decimal separator than the rest of column '{name}'. Check its value and write it like the others.",
                                        short(text)
                                    ),
                                );
                            }
                            chosen.or(other).map(Value::Number)
                        }
                        _ => None,
                    },
                    ColumnKind::Date => match p {
                        Probe::Text {
                            date: Some(r),
                            text,
                            ..
                        } => {
                            let chosen = r.under(order);
                            let any = r.any();
                            if chosen.is_none() && any.is_some() {
                                issues.push(
                                    address(i),
                                    Severity::Warning,
                                    format!(
                                        "\"{}\" only reads as {} but column '{name}' reads {}. Check it and retype it as an ISO date (2024-03-14).",
                                        short(text),
                                        order_word(if order == DateOrder::Dmy { DateOrder::Mdy } else { DateOrder::Dmy }),
                                        order_word(order)
                                    ),
                                );
                            }
                            chosen.or(any).map(Value::Date)
                        }
                        other => other.serial().map(Value::Date),
                    },
                    ColumnKind::Bool => match p {
                        Probe::Bool(b) => Some(Value::Bool(*b)),
                        Probe::Text {
                            boolean: Some(b), ..
                        } => Some(Value::Bool(*b)),
                        _ => None,
                    },
                    ColumnKind::Text => Some(Value::Text(p.display(cell))),
                    ColumnKind::Empty => None,
                };
                match fitted {
                    Some(v) => v,
                    None => {
                        report.unparsed += 1;
                        let (what, example) = match kind {
                            ColumnKind::Date => ("a date", "2024-03-14"),
                            ColumnKind::Bool => ("TRUE or FALSE", "TRUE"),
                            _ => ("a number", "1234.5"),
                        };
                        issues.push(
                            address(i),
                            Severity::Warning,
                            format!(
                                "\"{}\" is not {what}, but column '{name}' holds {}s; it is left out. Enter {what} such as {example}, or clear the cell.",
                                short(&p.display(cell)),
                                match kind {
                                    ColumnKind::Date => "date",
                                    ColumnKind::Bool => "logical value",
                                    _ => "number",
                                }
                            ),
                        );
                        Value::Missing
                    }
                }
            }
        };
        values.push(value);
    }
    (kind, values, report)
}

/// Types a grid: header detection, one typed [`Column`] per grid column, and the
/// [`Validation`] report. `origin` is the zero-based (row, column) of the grid's top-left cell
/// in the user's sheet (`(4, 2)` for a range starting at C5; `None` = A1), so that issue
/// addresses match the sheet.
pub fn infer_table(grid: &Grid, origin: Option<(usize, usize)>) -> (Table, Validation) {
    infer_with(grid, origin, None)
}

/// Like [`infer_table`] for a grid known to have no header row (every row is data; columns are
/// named "Column A" …, after `origin`).
pub fn infer_table_without_header(
    grid: &Grid,
    origin: Option<(usize, usize)>,
) -> (Table, Validation) {
    infer_with(
        grid,
        origin,
        Some(HeaderDecision {
            has_header: false,
            reason: "The caller read the header elsewhere; every row here is data.".to_string(),
        }),
    )
}

fn infer_with(
    grid: &Grid,
    origin: Option<(usize, usize)>,
    header: Option<HeaderDecision>,
) -> (Table, Validation) {
    let (row0, col0) = origin.unwrap_or((0, 0));
    let mut memo = HashMap::new();
    let probes: Vec<Vec<Probe>> = grid
        .rows()
        .iter()
        .map(|r| r.iter().map(|c| Probe::of_memo(c, &mut memo)).collect())
        .collect();
    let header = header.unwrap_or_else(|| decide_header(&probes));
    let names = column_names(grid, header.has_header, col0);
    let skip = usize::from(header.has_header);
    let mut issues = Issues {
        list: Vec::new(),
        dropped: 0,
    };
    let mut table = Table::default();
    let mut reports = Vec::new();
    let empty = Cell::Empty;
    let blank = Probe::Blank;
    for (c, name) in names.iter().enumerate() {
        let col_probes: Vec<&Probe> = probes
            .iter()
            .skip(skip)
            .map(|row| row.get(c).unwrap_or(&blank))
            .collect();
        let cells: Vec<&Cell> = grid
            .rows()
            .iter()
            .skip(skip)
            .map(|row| row.get(c).unwrap_or(&empty))
            .collect();
        let address = |i: usize| a1(row0.saturating_add(skip + i), col0.saturating_add(c));
        let (kind, values, report) = infer_column(name, &col_probes, &cells, &address, &mut issues);
        table.columns.push(Column {
            name: name.clone(),
            kind,
            values,
            source_col: c,
        });
        reports.push(report);
    }
    if issues.dropped > 0 {
        let more = issues.dropped;
        issues.list.push(Issue {
            cell: a1(row0, col0),
            severity: Severity::Info,
            message: format!(
                "{more} more issues are not listed. Fix the ones above first; the column counts include all of them."
            ),
        });
    }
    (
        table,
        Validation {
            header,
            columns: reports,
            issues: issues.list,
        },
    )
}

/// The cell CLEAN shows for a typed value (`original` is kept for text and unparsed cells).
fn clean_cell(value: &Value, original: &Cell) -> Cell {
    match value {
        Value::Number(x) | Value::Date(x) => Cell::number(*x),
        Value::Bool(b) => Cell::Bool(*b),
        Value::Error(k) => Cell::Error(*k),
        Value::Text(s) => match original {
            Cell::Number(_) | Cell::Bool(_) => original.clone(),
            _ => Cell::Text(s.clone()),
        },
        Value::Missing if original.is_blank() => Cell::Empty,
        Value::Missing => match original {
            Cell::Text(s) if is_missing_marker(s.trim()) => Cell::Empty,
            _ => original.clone(),
        },
    }
}

/// The grid as the analytics see it, same shape: numbers parsed, dates as serials, blanks
/// empty, the header row kept as text, error values kept; cells that did not fit their column
/// are left as they were.
pub fn clean_grid(grid: &Grid) -> Grid {
    let (table, validation) = infer_table(grid, None);
    let skip = usize::from(validation.header.has_header);
    let rows = grid
        .rows()
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| {
                    if r < skip {
                        return match cell {
                            Cell::Empty => Cell::Empty,
                            Cell::Text(s) => Cell::Text(s.trim().to_string()),
                            Cell::Number(x) => Cell::Text(format!("{x}")),
                            Cell::Bool(b) => {
                                Cell::Text((if *b { "TRUE" } else { "FALSE" }).to_string())
                            }
                            Cell::Error(k) => Cell::Error(*k),
                        };
                    }
                    match table
                        .columns
                        .get(c)
                        .and_then(|col| col.values.get(r - skip))
                    {
                        Some(v) => clean_cell(v, cell),
                        None => cell.clone(),
                    }
                })
                .collect()
        })
        .collect();
    Grid::from_rows(rows)
}

/// `AISM.CLEAN`: the range as the analytics see it (see [`clean_grid`]).
pub(crate) fn clean_fn(args: &crate::registry::Args) -> Result<crate::Grid, crate::CellError> {
    Ok(clean_grid(args.required_grid(0)?))
}

/// Reads CSV or workbook bytes and types the first (or the named) sheet in one step; issue
/// addresses follow the sheet.
pub fn table_from_bytes(
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(Table, Validation), CellError> {
    let (grid, origin) = grid_from_any_bytes(bytes, sheet)?;
    Ok(infer_table(&grid, origin))
}

/// The cells of CSV or workbook bytes (the first or the named sheet) as they are, with the
/// zero-based (row, column) of the sheet's used range for workbooks.
pub fn grid_from_any_bytes(
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(Grid, Option<(usize, usize)>), CellError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let (grid, origin) = sheet_from_workbook(bytes, sheet)?;
        Ok((grid, Some(origin)))
    } else {
        Ok((grid_from_csv(bytes)?, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[Cell]]) -> Grid {
        Grid::from_rows(rows.iter().map(|r| r.to_vec()).collect())
    }
    fn t(s: &str) -> Cell {
        Cell::text(s)
    }
    fn n(x: f64) -> Cell {
        Cell::Number(x)
    }
    fn texts(rows: &[&[&str]]) -> Grid {
        Grid::from_rows(
            rows.iter()
                .map(|r| {
                    r.iter()
                        .map(|s| if s.is_empty() { Cell::Empty } else { t(s) })
                        .collect()
                })
                .collect(),
        )
    }

    #[test]
    fn header_detection() {
        let cases: Vec<(&str, Grid, bool)> = vec![
            (
                "text over numbers",
                grid(&[&[t("Date"), t("Sales")], &[t("2024-03-14"), n(5.0)]]),
                true,
            ),
            (
                "numbers only",
                grid(&[&[n(1.0), n(2.0)], &[n(3.0), n(4.0)]]),
                false,
            ),
            (
                "date text first row",
                texts(&[&["2024-03-14", "5"], &["2024-03-15", "6"]]),
                false,
            ),
            ("header only", texts(&[&["Region", "Sales"]]), true),
            ("single data row", grid(&[&[t("North"), n(5.0)]]), false),
            (
                "text table with labels",
                texts(&[&["Name", "City"], &["Ana", "Lima"], &["Bo", "Oslo"]]),
                true,
            ),
            (
                "text table repeated first row",
                texts(&[&["x", "x"], &["y", "z"]]),
                false,
            ),
            (
                "blank first row",
                grid(&[&[Cell::Empty, Cell::Empty], &[n(1.0), n(2.0)]]),
                false,
            ),
            (
                "numeric header year",
                grid(&[&[t("Region"), n(2023.0)], &[t("N"), n(5.0)]]),
                false,
            ),
            (
                "header with a blank",
                grid(&[
                    &[t("Region"), Cell::Empty, t("Units")],
                    &[t("N"), n(5.0), n(1.0)],
                ]),
                true,
            ),
            ("empty", Grid::default(), false),
        ];
        for (what, g, want) in cases {
            let (_, v) = infer_table(&g, None);
            assert_eq!(v.header.has_header, want, "{what}: {}", v.header.reason);
        }
    }

    #[test]
    fn unique_column_names() {
        let g = grid(&[
            &[
                t("Sales"),
                Cell::Empty,
                t("Sales"),
                t("sales"),
                t(" Units "),
            ],
            &[n(1.0), n(2.0), n(3.0), n(4.0), n(5.0)],
        ]);
        let (table, _) = infer_table(&g, Some((4, 1)));
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["Sales", "Column C", "Sales (2)", "sales (3)", "Units"]
        );
        let (table, _) = infer_table(&grid(&[&[n(1.0), n(2.0)]]), None);
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Column A", "Column B"]);
        assert_eq!(table.column("column b").map(|c| c.source_col), Some(1));
    }

    /// Expected serials: Excel DATE(y,m,d) (e.g. DATE(2024,3,14) = 45365).
    #[test]
    fn date_order_is_decided_per_column() {
        let d = |y, m, dd| Value::Date(date_to_serial(y, m, dd).unwrap());
        let g = texts(&[
            &["US", "EU", "Unknown", "ISO"],
            &["3/4/2024", "03/04/2024", "03/04/2024", "2024-03-04"],
            &["3/14/2024", "14/03/2024", "05/06/2024", "14 Mar 2024"],
        ]);
        let (table, v) = infer_table(&g, None);
        assert_eq!(table.columns[0].values, vec![d(2024, 3, 4), d(2024, 3, 14)]);
        assert_eq!(table.columns[1].values, vec![d(2024, 4, 3), d(2024, 3, 14)]);
        assert_eq!(table.columns[2].values, vec![d(2024, 3, 4), d(2024, 5, 6)]);
        assert_eq!(table.columns[3].values, vec![d(2024, 3, 4), d(2024, 3, 14)]);
        let orders: Vec<_> = v
            .columns
            .iter()
            .map(|c| (c.date_order, c.date_order_evidence))
            .collect();
        assert_eq!(
            orders,
            vec![
                (Some(DateOrder::Mdy), 1),
                (Some(DateOrder::Dmy), 1),
                (Some(DateOrder::Mdy), 0), // nothing decided: US by default
                (Some(DateOrder::Ymd), 0),
            ]
        );
        // The default is reported at the column's first cell.
        assert!(v.issues.iter().any(|i| i.cell == "C2"
            && i.severity == Severity::Info
            && i.message.contains("US month/day/year")));
        // A cell that only reads the other way is kept, with a warning.
        let g = texts(&[&["When"], &["14/03/2024"], &["15/03/2024"], &["3/16/2024"]]);
        let (table, v) = infer_table(&g, None);
        assert_eq!(table.columns[0].values[2], d(2024, 3, 16));
        assert_eq!(v.issues.len(), 1);
        assert_eq!(v.issues[0].cell, "A4");
    }

    #[test]
    fn decimal_separator_is_decided_per_column() {
        let g = texts(&[
            &["US", "EU", "Unknown", "EU by one"],
            &["1,234", "1.234,5", "1,234", "1,234"],
            &["2,500.75", "2,5", "2,500", "0,5"],
        ]);
        let (table, v) = infer_table(&g, None);
        let nums = |c: usize| table.columns[c].numbers();
        assert_eq!(nums(0), vec![Some(1234.0), Some(2500.75)]);
        assert_eq!(nums(1), vec![Some(1234.5), Some(2.5)]);
        assert_eq!(nums(2), vec![Some(1234.0), Some(2500.0)]);
        assert_eq!(nums(3), vec![Some(1.234), Some(0.5)]);
        let dec: Vec<_> = v
            .columns
            .iter()
            .map(|c| (c.decimal, c.decimal_evidence))
            .collect();
        assert_eq!(
            dec,
            vec![
                (Some(DecimalSeparator::Point), 1),
                (Some(DecimalSeparator::Comma), 2),
                (Some(DecimalSeparator::Point), 0),
                (Some(DecimalSeparator::Comma), 1),
            ]
        );
        assert!(
            v.issues
                .iter()
                .any(|i| i.cell == "C2" && i.message.contains("thousands"))
        );
    }

    #[test]
    fn kinds_counts_and_issue_addresses() {
        // A range starting at B2: the bad cell at the 3rd row of the 2nd column is C4.
        let g = grid(&[
            &[t("Region"), t("Sales"), t("Paid"), t("Notes"), t("Nothing")],
            &[
                t("North"),
                t("$1,200"),
                Cell::Bool(true),
                t("ok"),
                Cell::Empty,
            ],
            &[t("South"), t("oops"), t("FALSE"), n(3.0), Cell::Empty],
            &[
                t("East"),
                Cell::Error(ErrorKind::NotAvailable),
                t("verdadero"),
                Cell::Empty,
                t("N/A"),
            ],
            &[t("West"), t("(35)"), Cell::Empty, t("x"), Cell::Empty],
            &[t("North"), t("12.5%"), t("TRUE"), t("y"), Cell::Empty],
        ]);
        let (table, v) = infer_table(&g, Some((1, 1)));
        let kinds: Vec<ColumnKind> = table.columns.iter().map(|c| c.kind).collect();
        use ColumnKind::*;
        assert_eq!(kinds, vec![Text, Number, Bool, Text, Empty]);
        assert_eq!(
            table.columns[1].values,
            vec![
                Value::Number(1200.0),
                Value::Missing,
                Value::Error(ErrorKind::NotAvailable),
                Value::Number(-35.0),
                Value::Number(0.125)
            ]
        );
        assert_eq!(table.columns[3].values[1], Value::Text("3".to_string()));
        assert_eq!(table.columns[2].values[2], Value::Bool(true));
        let sales = &v.columns[1];
        assert_eq!((sales.blanks, sales.errors, sales.unparsed), (0, 1, 1));
        assert_eq!((v.columns[4].blanks, v.columns[4].errors), (5, 0));
        let cells: Vec<&str> = v.issues.iter().map(|i| i.cell.as_str()).collect();
        assert_eq!(cells, vec!["C4", "C5"]);
        assert!(v.issues[0].message.contains("\"oops\" is not a number"));
        assert!(v.issues[1].message.contains("#N/A"));
    }

    #[test]
    fn serial_numbers_under_a_date_header_are_dates() {
        let g = grid(&[
            &[t("Fecha"), t("OrderDate"), t("Units"), t("Mixed")],
            &[n(45365.0), n(45365.5), n(45365.0), t("2024-03-14")],
            &[n(45366.0), n(45366.0), n(45366.0), n(45366.0)],
        ]);
        let (table, _) = infer_table(&g, None);
        let kinds: Vec<ColumnKind> = table.columns.iter().map(|c| c.kind).collect();
        use ColumnKind::*;
        assert_eq!(kinds, vec![Date, Date, Number, Date]);
        assert_eq!(
            table.columns[3].values,
            vec![Value::Date(45365.0), Value::Date(45366.0)]
        );
        // Out-of-range numbers in a date column are issues.
        let g = grid(&[&[t("Date")], &[n(45365.0)], &[n(-4.0)], &[n(45367.0)]]);
        let (table, v) = infer_table(&g, Some((0, 3)));
        assert_eq!(table.columns[0].kind, Date);
        assert_eq!(v.issues[0].cell, "D3");
    }

    #[test]
    fn serials_under_a_period_header_are_dates_but_period_numbers_are_not() {
        let g = grid(&[
            &[t("Week"), t("Semana"), t("Month")],
            &[n(45292.0), n(1.0), n(45292.0)],
            &[n(45299.0), n(2.0), n(12.0)],
        ]);
        let (table, _) = infer_table(&g, None);
        let kinds: Vec<ColumnKind> = table.columns.iter().map(|c| c.kind).collect();
        use ColumnKind::*;
        assert_eq!(kinds, vec![Date, Number, Number]);
    }

    #[test]
    fn csv_with_semicolons_and_decimal_commas() {
        let bytes = "\u{feff}Fecha;Producto;Ventas;Margen\r\n14/03/2024;\"Café; molido\";1.234,50 €;12,5%\r\n15/03/2024;Té;980,25 €;-3%\r\n"
            .as_bytes();
        let g = grid_from_csv(bytes).unwrap();
        let (table, v) = infer_table(&g, None);
        assert!(v.header.has_header);
        assert_eq!(
            table.columns[0].values,
            vec![Value::Date(45365.0), Value::Date(45366.0)]
        );
        assert_eq!(v.columns[0].date_order, Some(DateOrder::Dmy));
        assert_eq!(
            table.columns[1].values[0],
            Value::Text("Café; molido".to_string())
        );
        assert_eq!(table.columns[2].numbers(), vec![Some(1234.5), Some(980.25)]);
        assert_eq!(v.columns[2].decimal, Some(DecimalSeparator::Comma));
        assert_eq!(table.columns[3].numbers(), vec![Some(0.125), Some(-0.03)]);
        assert!(v.issues.is_empty(), "{:?}", v.issues);
    }

    /// `core/tests/data/ingest_sample.xlsx`, written by `make_ingest_xlsx.py` (openpyxl 3.1.5):
    /// sheet "Sales" starts at C5; 2024-03-14 is stored as serial 45365 (Excel's value).
    #[test]
    fn xlsx_read_back() {
        let bytes: &[u8] = include_bytes!("../../tests/data/ingest_sample.xlsx");
        let first = grid_from_xlsx(bytes, None).unwrap();
        assert_eq!(first.get(0, 0), Some(&t("Read me")));
        assert_eq!(first.get(1, 0), Some(&n(42.0)));
        let (g, origin) = sheet_from_workbook(bytes, Some("sales")).unwrap();
        assert_eq!(origin, (4, 2));
        assert_eq!((g.height(), g.width()), (5, 5));
        let (table, v) = infer_table(&g, Some(origin));
        assert!(v.header.has_header);
        let kinds: Vec<ColumnKind> = table.columns.iter().map(|c| c.kind).collect();
        use ColumnKind::*;
        assert_eq!(kinds, vec![Date, Text, Number, Number, Bool]);
        assert_eq!(
            table.columns[0].values,
            vec![
                Value::Date(45365.0),
                Value::Date(45366.5),
                Value::Date(45367.0),
                Value::Date(45368.0)
            ]
        );
        assert_eq!(
            table.columns[2].values,
            vec![
                Value::Number(1200.5),
                Value::Number(1300.0),
                Value::Error(ErrorKind::NotAvailable),
                Value::Missing
            ]
        );
        assert_eq!(table.columns[4].values[1], Value::Bool(false));
        let cells: Vec<&str> = v.issues.iter().map(|i| i.cell.as_str()).collect();
        // E6: `$1,300` alone does not say which decimal separator the column uses (Info).
        assert_eq!(cells, vec!["E6", "E8", "E9"]);
        assert_eq!(v.issues[0].severity, Severity::Info);
        let via_bytes = table_from_bytes(bytes, Some("Sales")).unwrap();
        assert_eq!(via_bytes.1.issues, v.issues);
        let e = grid_from_xlsx(bytes, Some("Nope")).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Ref);
        assert!(e.message.contains("Notes, Sales"));
    }

    #[test]
    fn clean_through_the_registry() {
        let args = crate::json::args_from_json(&serde_json::json!([[
            ["Date", "Sales"],
            ["2024-03-14", "$1,200"]
        ]]))
        .unwrap();
        let out = crate::registry::call("AISM.CLEAN", args).unwrap();
        assert_eq!(
            out.rows(),
            &[vec![t("Date"), t("Sales")], vec![n(45365.0), n(1200.0)]]
        );
        // Same shape; blanks, errors and unparsed cells kept; header numbers become text.
        let g = grid(&[
            &[t("Sales"), t("Units")],
            &[t("1.5"), Cell::Empty],
            &[t("oops"), Cell::Error(ErrorKind::Div0)],
            &[t("-"), n(7.0)],
            &[t("3"), n(8.0)],
        ]);
        let out = clean_grid(&g);
        assert_eq!(
            out.rows(),
            &[
                vec![t("Sales"), t("Units")],
                vec![n(1.5), Cell::Empty],
                vec![t("oops"), Cell::Error(ErrorKind::Div0)],
                vec![Cell::Empty, n(7.0)],
                vec![n(3.0), n(8.0)],
            ]
        );
    }

    /// A tiny LCG (Knuth's MMIX constants), fixed seed: the inputs are the same on every run.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    const PIECES: &[&str] = &[
        "0",
        "1",
        "2",
        "9",
        "12",
        "31",
        "2024",
        "1900",
        "60",
        "45365",
        ",",
        ".",
        " ",
        "\u{a0}",
        "\u{202f}",
        "'",
        "’",
        "$",
        "€",
        "£",
        "¥",
        "USD",
        "eur",
        "(",
        ")",
        "-",
        "+",
        "−",
        "%",
        "e",
        "E",
        "/",
        ":",
        "T",
        "Z",
        "AM",
        "pm",
        "de",
        "marzo",
        "Mar",
        "sept",
        "Thursday",
        "é",
        "日本",
        "🙂",
        "\"",
        ";",
        "\t",
        "|",
        "\r\n",
        "\n",
        "\r",
        "#N/A",
        "#DIV/0!",
        "TRUE",
        "n/a",
        "\u{feff}",
        "\u{0}",
        "\u{ffff}",
        "ñ",
        "th",
        "º",
        "99999999999999999999",
        "e999",
        "sep=",
        "PK\u{3}\u{4}",
    ];

    fn random_text(rng: &mut Lcg) -> String {
        let len = if rng.below(500) == 0 {
            5000 + rng.below(20000)
        } else {
            rng.below(12)
        };
        (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect()
    }

    #[test]
    fn ingest_never_panics() {
        let mut rng = Lcg(0x5EED_1234);
        let xlsx: &[u8] = include_bytes!("../../tests/data/ingest_sample.xlsx");
        for i in 0..20_000 {
            let text = random_text(&mut rng);
            let _ = parse_number(&text);
            let _ = parse_date(&text);
            let _ = parse_date_with(&text, DateOrder::Dmy);
            let _ = serial_to_date(parse_number(&text).unwrap_or(0.0));
            // Arbitrary bytes (not only UTF-8) to the file readers.
            let mut bytes = text.clone().into_bytes();
            if rng.below(4) == 0 {
                bytes.extend((0..rng.below(64)).map(|_| rng.next() as u8));
            }
            if let Ok(g) = grid_from_csv(&bytes) {
                let (table, v) = infer_table(&g, Some((rng.below(1 << 20), rng.below(20_000))));
                assert_eq!(table.columns.len(), g.width());
                assert_eq!(v.columns.len(), g.width());
                let clean = clean_grid(&g);
                assert_eq!((clean.height(), clean.width()), (g.height(), g.width()));
            }
            if i % 50 == 0 {
                let _ = grid_from_xlsx(&bytes, None);
                // A real workbook with a few bytes flipped.
                let mut broken = xlsx.to_vec();
                for _ in 0..1 + rng.below(8) {
                    let at = rng.below(broken.len());
                    broken[at] = rng.next() as u8;
                }
                if let Ok(g) = grid_from_xlsx(&broken, Some("Sales")) {
                    let _ = infer_table(&g, None);
                }
            }
            // Random grids of host cells.
            if i % 10 == 0 {
                let (h, w) = (1 + rng.below(6), 1 + rng.below(4));
                let rows = (0..h)
                    .map(|_| {
                        (0..w)
                            .map(|_| match rng.below(6) {
                                0 => Cell::Empty,
                                1 => Cell::number((rng.next() as f64 - 1e9) / 7.0),
                                2 => Cell::Bool(rng.below(2) == 0),
                                3 => Cell::Error(ErrorKind::ALL[rng.below(ErrorKind::ALL.len())]),
                                _ => Cell::Text(random_text(&mut rng)),
                            })
                            .collect()
                    })
                    .collect();
                let g = Grid::from_rows(rows);
                let _ = crate::registry::call("AISM.CLEAN", vec![Some(g)]);
            }
        }
    }
}
