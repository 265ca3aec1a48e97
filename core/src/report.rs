//! The host-neutral report every system produces: KPIs, tables, chart specs and findings, in
//! English and Spanish. The task pane and the Sheets sidebar render it with one view module;
//! the "insert report sheet" writers map it onto each host's API.

use serde::Serialize;

/// A text in every language the product speaks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, serde::Deserialize)]
pub struct Text {
    /// English.
    pub en: String,
    /// Spanish.
    pub es: String,
}

impl Text {
    /// A text from its English and Spanish versions.
    pub fn new(en: impl Into<String>, es: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            es: es.into(),
        }
    }
}

/// How a KPI value is formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Format {
    /// A plain number.
    Number,
    /// An amount of money.
    Currency,
    /// A share, 0.12 shown as 12 %.
    Percent,
    /// An Excel date serial.
    Date,
    /// A whole count.
    Integer,
}

/// One headline number.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Kpi {
    /// Stable key for hosts and tests (`mtd_total`).
    pub key: String,
    /// Label shown to the user.
    pub label: Text,
    /// The value (`None` when it cannot be computed from the data, e.g. no prior year).
    pub value: Option<f64>,
    /// How to format it.
    pub format: Format,
    /// Relative change against its comparison, when there is one (0.05 = +5 %).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<f64>,
}

impl Kpi {
    /// A KPI without a comparison; a value that is not finite is shown as missing.
    pub fn new(key: &str, en: &str, es: &str, value: Option<f64>, format: Format) -> Kpi {
        Kpi {
            key: key.to_string(),
            label: Text::new(en, es),
            value: value.filter(|v| v.is_finite()),
            format,
            change: None,
        }
    }
}

/// A table cell of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A number.
    Number(f64),
    /// A text.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// Nothing.
    Null,
}

/// A table of a report, with typed columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    /// Stable key (`forecast`).
    pub key: String,
    /// Title shown above the table.
    pub title: Text,
    /// Column headers.
    pub columns: Vec<Text>,
    /// How each column is formatted.
    pub formats: Vec<Format>,
    /// The rows.
    pub rows: Vec<Vec<Value>>,
}

/// The kind of chart a host should draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChartKind {
    /// Lines over a time axis.
    Line,
    /// Vertical bars.
    Column,
    /// Horizontal bars.
    Bar,
}

/// What a series means, so hosts style it consistently (forecast dashed, interval shaded …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SeriesRole {
    /// Observed values.
    Actual,
    /// Fitted or expected values.
    Expected,
    /// Point forecast.
    Forecast,
    /// Lower bound of the prediction interval.
    Lower,
    /// Upper bound of the prediction interval.
    Upper,
    /// Points flagged as anomalies (null elsewhere).
    Anomaly,
}

/// One series of a chart; `values` are aligned with the chart's `x`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    /// Legend name.
    pub name: Text,
    /// What it means.
    pub role: SeriesRole,
    /// One value per x (None = gap).
    pub values: Vec<Option<f64>>,
}

/// A chart a host draws natively (Excel chart, Sheets EmbeddedChart) or as SVG in the pane.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Chart {
    /// Stable key.
    pub key: String,
    /// Kind of chart.
    pub kind: ChartKind,
    /// Title.
    pub title: Text,
    /// X values (date serials when `x_is_date`).
    pub x: Vec<f64>,
    /// Whether `x` holds Excel date serials.
    pub x_is_date: bool,
    /// The series.
    pub series: Vec<Series>,
    /// Category names of a column or bar chart, one per `x` (then `x` is 0, 1, 2 …); empty for
    /// charts over time.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Text>,
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Worth a look.
    Warning,
    /// Act on it.
    Alert,
}

/// A plain-language finding with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable key of the kind of finding (`anomaly`, `trend`, `run_rate`).
    pub key: String,
    /// How much it matters.
    pub severity: Severity,
    /// Ranking score, higher first.
    pub score: f64,
    /// The sentence.
    pub text: Text,
    /// The numbers it cites, by name.
    pub numbers: Vec<(String, f64)>,
}

impl Finding {
    /// A finding without cited numbers.
    pub fn new(key: &str, severity: Severity, score: f64, text: Text) -> Finding {
        Finding {
            key: key.to_string(),
            severity,
            score,
            text,
            numbers: Vec::new(),
        }
    }
}

/// A finding from its English and Spanish sentences (the form the reports build).
pub(crate) fn finding(
    key: &str,
    severity: Severity,
    score: f64,
    en: impl Into<String>,
    es: impl Into<String>,
) -> Finding {
    Finding::new(key, severity, score, Text::new(en, es))
}

/// A whole report of one system.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Which system produced it (`sales`, `pnl` …).
    pub system: String,
    /// Title.
    pub title: Text,
    /// Headline numbers.
    pub kpis: Vec<Kpi>,
    /// Tables.
    pub tables: Vec<Table>,
    /// Charts.
    pub charts: Vec<Chart>,
    /// Findings, most important first.
    pub findings: Vec<Finding>,
    /// Notes about the input (cells skipped, gaps filled …).
    pub notes: Vec<Text>,
}
