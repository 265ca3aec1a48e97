//! From any table to a report: detect which system applies from the column meanings, pick its
//! columns, run it. This is what the task pane's and the sidebar's "Analyze" button calls
//! (`runReport` in WASM), and what `addin-server report` runs natively.

use crate::cells::{CellError, Grid};
use crate::ingest::{self, ColumnKind, Table, Validation};
use crate::report::{Report, Text};
use crate::sales::report::{SalesInput, SalesOptions, sales_report};
use serde::{Deserialize, Serialize};

/// The systems a table can be analysed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum System {
    /// Daily sales monitoring (SPEC §2.1).
    Sales,
}

/// Options of [`run_report`], as hosts send them (JSON, camelCase). Every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReportOptions {
    /// Force a system instead of detecting it.
    pub system: Option<System>,
    /// Column to use as the date (by header name).
    pub date_column: Option<String>,
    /// Column to use as the amount.
    pub amount_column: Option<String>,
    /// Column to use as the category (product, channel, region).
    pub category_column: Option<String>,
    /// Forecast horizon in steps of the timeline.
    pub horizon: Option<usize>,
    /// Anomaly sensitivity in robust standard deviations.
    pub sensitivity: Option<f64>,
    /// Prediction interval coverage, in (0, 1).
    pub level: Option<f64>,
}

/// Which system was chosen and which columns it reads, with the reason, for the pane to show
/// (and to let the user override).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Detection {
    /// The system.
    pub system: System,
    /// The date column.
    pub date_column: String,
    /// The amount column.
    pub amount_column: String,
    /// The category column, if any.
    pub category_column: Option<String>,
    /// Why, in both languages.
    pub reason: Text,
}

/// A report with how its input was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    /// What was detected.
    pub detection: Detection,
    /// The validation report of the ingestion (header, column types, issues with A1 addresses).
    pub validation: Validation,
    /// The report.
    pub report: Report,
}

const AMOUNT_WORDS: &[&str] = &[
    "sales",
    "revenue",
    "amount",
    "total",
    "value",
    "net",
    "gross",
    "ventas",
    "venta",
    "importe",
    "monto",
    "ingresos",
    "ingreso",
    "valor",
    "facturación",
    "facturacion",
];
const CATEGORY_WORDS: &[&str] = &[
    "product",
    "sku",
    "item",
    "channel",
    "region",
    "store",
    "category",
    "segment",
    "producto",
    "artículo",
    "articulo",
    "canal",
    "región",
    "tienda",
    "categoría",
    "categoria",
    "segmento",
];

fn named<'t>(
    table: &'t Table,
    name: &Option<String>,
    what: &str,
) -> Result<Option<&'t ingest::Column>, CellError> {
    match name {
        None => Ok(None),
        Some(n) => table.column(n).map(Some).ok_or_else(|| {
            let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
            CellError::value(format!(
                "There is no column named \"{n}\" to use as the {what}. The columns are: {}.",
                names.join(", ")
            ))
        }),
    }
}

fn word_score(name: &str, words: &[&str]) -> usize {
    let lower = name.to_lowercase();
    words.iter().filter(|w| lower.contains(*w)).count()
}

/// Detects the system and its columns from the column types and names.
pub fn detect(table: &Table, opts: &ReportOptions) -> Result<Detection, CellError> {
    let date = match named(table, &opts.date_column, "date")? {
        Some(c) => c,
        None => table
            .columns
            .iter()
            .find(|c| c.kind == ColumnKind::Date)
            .ok_or_else(|| {
                CellError::value(
                    "No column holds dates. Include a date column (e.g. 2024-03-14 or 3/14/2024) in the selection, or name it in the options.",
                )
            })?,
    };
    let amount = match named(table, &opts.amount_column, "amount")? {
        Some(c) => c,
        None => table
            .columns
            .iter()
            .filter(|c| c.kind == ColumnKind::Number)
            .max_by_key(|c| (word_score(&c.name, AMOUNT_WORDS), std::cmp::Reverse(c.source_col)))
            .ok_or_else(|| {
                CellError::value(
                    "No column holds numbers. Include an amount column (sales, revenue …) in the selection.",
                )
            })?,
    };
    if date.kind != ColumnKind::Date {
        return Err(CellError::value(format!(
            "Column \"{}\" does not hold dates. Choose a date column.",
            date.name
        )));
    }
    if amount.kind != ColumnKind::Number {
        return Err(CellError::value(format!(
            "Column \"{}\" does not hold numbers. Choose an amount column.",
            amount.name
        )));
    }
    let n = table.height();
    let category = match named(table, &opts.category_column, "category")? {
        Some(c) => Some(c),
        None => table
            .columns
            .iter()
            .filter(|c| c.kind == ColumnKind::Text)
            .filter(|c| {
                let mut distinct: Vec<&ingest::Value> = c.values.iter().collect();
                distinct.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
                distinct.dedup();
                distinct.len() >= 2 && distinct.len() <= 50 && distinct.len() * 2 <= n
            })
            .max_by_key(|c| {
                (
                    word_score(&c.name, CATEGORY_WORDS),
                    std::cmp::Reverse(c.source_col),
                )
            }),
    };
    let reason = Text::new(
        format!(
            "Sales monitoring: dates in \"{}\", amounts in \"{}\"{}.",
            date.name,
            amount.name,
            category
                .map(|c| format!(", broken down by \"{}\"", c.name))
                .unwrap_or_default()
        ),
        format!(
            "Seguimiento de ventas: fechas en \"{}\", importes en \"{}\"{}.",
            date.name,
            amount.name,
            category
                .map(|c| format!(", desglosado por \"{}\"", c.name))
                .unwrap_or_default()
        ),
    );
    Ok(Detection {
        system: System::Sales,
        date_column: date.name.clone(),
        amount_column: amount.name.clone(),
        category_column: category.map(|c| c.name.clone()),
        reason,
    })
}

/// Types `grid` (a range with a header row, as the host hands it over), detects the system and
/// runs it. `origin` is the zero-based (row, column) of the range in the sheet, for addresses.
pub fn run_report(
    grid: &Grid,
    origin: Option<(usize, usize)>,
    opts: &ReportOptions,
) -> Result<Analysis, CellError> {
    if grid.is_empty() {
        return Err(CellError::value(
            "The selection is empty. Select a table with a header row.",
        ));
    }
    let (table, validation) = ingest::infer_table(grid, origin);
    analyse(table, validation, opts)
}

/// Like [`run_report`], from CSV or XLSX/XLS/ODS bytes.
pub fn run_report_bytes(
    bytes: &[u8],
    sheet: Option<&str>,
    opts: &ReportOptions,
) -> Result<Analysis, CellError> {
    let (table, validation) = ingest::table_from_bytes(bytes, sheet)?;
    analyse(table, validation, opts)
}

fn analyse(
    table: Table,
    validation: Validation,
    opts: &ReportOptions,
) -> Result<Analysis, CellError> {
    let detection = detect(&table, opts)?;
    let (Some(date), Some(amount)) = (
        table.column(&detection.date_column),
        table.column(&detection.amount_column),
    ) else {
        return Err(CellError::value(
            "The detected columns are missing from the table.",
        ));
    };
    // Rows without a date cannot be placed on the timeline: they are left out and counted.
    let mut dates = Vec::with_capacity(table.height());
    let mut amounts = Vec::with_capacity(table.height());
    let mut categories = Vec::new();
    let cat_col = detection
        .category_column
        .as_deref()
        .and_then(|n| table.column(n));
    let mut undated = 0usize;
    for i in 0..table.height() {
        match date.values.get(i).and_then(ingest::Value::as_f64) {
            Some(d) => {
                dates.push(d.floor());
                amounts.push(amount.values.get(i).and_then(ingest::Value::as_f64));
                if let Some(c) = cat_col {
                    categories.push(match c.values.get(i) {
                        Some(ingest::Value::Text(s)) => s.clone(),
                        _ => String::new(),
                    });
                }
            }
            None => undated += 1,
        }
    }
    let defaults = SalesOptions::default();
    let sales_opts = SalesOptions {
        horizon: opts.horizon.unwrap_or(defaults.horizon),
        sensitivity: opts.sensitivity.unwrap_or(defaults.sensitivity),
        level: opts.level.unwrap_or(defaults.level),
    };
    let input = SalesInput {
        dates,
        amounts,
        amount_name: detection.amount_column.clone(),
        category: detection
            .category_column
            .clone()
            .filter(|_| !categories.is_empty())
            .map(|n| (n, categories)),
    };
    let mut report = sales_report(&input, &sales_opts)?;
    if undated > 0 {
        report.notes.push(Text::new(
            format!("{undated} rows without a date were left out."),
            format!("Se omitieron {undated} filas sin fecha."),
        ));
    }
    Ok(Analysis {
        detection,
        validation,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::Cell;

    /// Two years of daily sales by product, with a spike on day 500: header, ISO dates as text,
    /// amounts with currency symbols — as a user would paste them.
    fn table() -> Grid {
        let mut rows = vec![vec![
            Cell::text("Date"),
            Cell::text("Product"),
            Cell::text("Sales"),
        ]];
        for i in 0..730usize {
            let serial = 45292.0 + i as f64; // 2024-01-01
            let weekly = [0.8, 0.9, 1.0, 1.05, 1.2, 1.4, 0.65][i % 7];
            let mut amount = (1000.0 + i as f64) * weekly;
            if i == 500 {
                amount *= 3.0;
            }
            let product = if i % 3 == 0 { "Tea" } else { "Coffee" };
            rows.push(vec![
                Cell::Number(serial),
                Cell::text(product),
                Cell::text(format!("${amount:.2}")),
            ]);
        }
        Grid::from_rows(rows)
    }

    #[test]
    fn detects_sales_columns_and_reports() {
        let a = run_report(&table(), None, &ReportOptions::default()).unwrap();
        assert_eq!(a.detection.system, System::Sales);
        assert_eq!(a.detection.date_column, "Date");
        assert_eq!(a.detection.amount_column, "Sales");
        assert_eq!(a.detection.category_column.as_deref(), Some("Product"));
        assert!(a.validation.header.has_header);
        assert!(!a.report.kpis.is_empty());
        assert!(a.report.tables.iter().any(|t| t.key.contains("forecast")));
        assert!(!a.report.findings.is_empty());
        assert!(
            a.report
                .findings
                .iter()
                .all(|f| !f.text.en.is_empty() && !f.text.es.is_empty())
        );
    }

    #[test]
    fn explicit_columns_and_errors() {
        let opts = ReportOptions {
            amount_column: Some("Nope".into()),
            ..Default::default()
        };
        let e = run_report(&table(), None, &opts).unwrap_err();
        assert!(e.message.contains("Date, Product, Sales"), "{}", e.message);
        let no_dates = Grid::from_rows(vec![
            vec![Cell::text("Sales")],
            vec![Cell::Number(1.0)],
            vec![Cell::Number(2.0)],
        ]);
        let e = run_report(&no_dates, None, &ReportOptions::default()).unwrap_err();
        assert!(e.message.contains("date"), "{}", e.message);
        assert!(run_report(&Grid::default(), None, &ReportOptions::default()).is_err());
    }

    #[test]
    fn csv_bytes_run_the_same_report() {
        let mut csv = String::from("Fecha;Ventas\n");
        for i in 0..120 {
            let d = 1 + i % 28;
            let m = 1 + i / 28;
            csv.push_str(&format!("{d:02}/{m:02}/2024;{},50\n", 100 + (i % 7) * 10));
        }
        let a = run_report_bytes(csv.as_bytes(), None, &ReportOptions::default()).unwrap();
        assert_eq!(a.detection.amount_column, "Ventas");
    }
}
