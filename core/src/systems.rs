//! From any table to a report: detect which system applies from the column meanings and the
//! table's shape, pick its columns, run it. This is what the task pane's and the sidebar's
//! "Analyze" button calls (`runReport` in WASM), and what `addin-server report` runs natively.
//!
//! Each system says how sure it is that a table is its input (0–100): the P&L recognises
//! ledgers with an account column, trial balances by month, actual-vs-budget tables and pasted
//! QuickBooks Online / Xero "Profit and Loss" exports from the raw cells; inventory recognises
//! SKU × date × quantity tables; pricing recognises price × quantity tables; customers recognises
//! transaction tables with a customer column;
//! sales takes any table with a date and an amount column. The surest wins; the user can force
//! a system and name columns in the options.

use crate::cells::{CellError, Grid};
use crate::ingest::{self, ColumnKind, Table, Validation};
use crate::report::{Report, Text};
use crate::sales::report::{SalesInput, SalesOptions, sales_report};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The systems a table can be analysed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum System {
    /// Daily sales monitoring (SPEC §2.1).
    Sales,
    /// Monthly P&L analysis (SPEC §2.2).
    Pnl,
    /// Inventory management (SPEC §2.3).
    Inventory,
    /// Product pricing (SPEC §2.4).
    Pricing,
    /// Customer management (SPEC §2.5).
    Customers,
}

impl System {
    /// The stable id hosts use (`sales`, `pnl`, `inventory`, `pricing`, `customers`).
    pub fn id(self) -> &'static str {
        match self {
            System::Sales => "sales",
            System::Pnl => "pnl",
            System::Inventory => "inventory",
            System::Pricing => "pricing",
            System::Customers => "customers",
        }
    }
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
    /// Columns by role (`date`, `amount`, `category`, `account`, `sku`, `demand`, `on_hand`,
    /// `unit_cost`, `lead_time`, `supplier` …), by header name.
    pub columns: BTreeMap<String, String>,
    /// Inventory: cycle service level, in (0, 1).
    pub service_level: Option<f64>,
    /// Inventory: fixed cost of placing one order.
    pub order_cost: Option<f64>,
    /// Inventory: yearly holding cost as a share of the unit cost.
    pub holding_rate: Option<f64>,
    /// P&L: statement periods, `month`, `quarter` or `year`.
    pub period: Option<String>,
    /// P&L: relative materiality threshold of a variance (0.05 = 5 %).
    pub materiality: Option<f64>,
    /// Pricing: the demand curve of the best price, `"loglog"` (constant elasticity, the default)
    /// or `"linear"`.
    pub demand_model: Option<String>,
    /// Customers: months of lifetime value (1–1200).
    pub clv_months: Option<usize>,
    /// Customers: monthly discount rate of the lifetime value, in [0, 1).
    pub monthly_discount: Option<f64>,
    /// What the user's licence grants (`verifyLicense`'s `entitlements`, or the Free plan's):
    /// a report of a system outside them is refused before it runs. `None`: not checked (the
    /// native command line, tests).
    pub entitlements: Option<Vec<String>>,
}

impl ReportOptions {
    /// The column named for `role`, from `columns` or the dedicated sales options.
    pub fn column_for(&self, role: &str) -> Option<String> {
        let dedicated = match role {
            "date" => self.date_column.as_ref(),
            "amount" => self.amount_column.as_ref(),
            "category" => self.category_column.as_ref(),
            _ => None,
        };
        dedicated.or_else(|| self.columns.get(role)).cloned()
    }
}

/// One column a system reads, by its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnUse {
    /// The role (`date`, `amount`, `account`, `sku`, `demand` …).
    pub role: String,
    /// The header of the column.
    pub column: String,
}

impl ColumnUse {
    /// A column use.
    pub fn new(role: impl Into<String>, column: impl Into<String>) -> Self {
        ColumnUse {
            role: role.into(),
            column: column.into(),
        }
    }
}

/// Which system was chosen and which columns it reads, with the reason, for the pane to show
/// (and to let the user override).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Detection {
    /// The system.
    pub system: System,
    /// The columns it reads, by role.
    pub columns: Vec<ColumnUse>,
    /// Why, in both languages.
    pub reason: Text,
}

impl Detection {
    /// A detection from a system's (role, header) pairs and reason.
    fn of(system: System, columns: &[(String, String)], reason: &Text) -> Detection {
        Detection {
            system,
            columns: columns
                .iter()
                .map(|(role, column)| ColumnUse::new(role.clone(), column.clone()))
                .collect(),
            reason: reason.clone(),
        }
    }

    /// The column read for `role`, if any.
    pub fn column(&self, role: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|c| c.role == role)
            .map(|c| c.column.as_str())
    }
}

/// A table a system recognised for auto-detection (inventory, pricing, customers): how sure,
/// why, and which column plays which role. Each system's `recognise` documents its points.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// 0–100.
    pub confidence: u8,
    /// The columns found, in both languages.
    pub reason: Text,
    /// (role, header) pairs.
    pub columns: Vec<(String, String)>,
}

impl Recognised {
    /// A recognition whose reason lists the columns: "Inventory management: SKU in \"Item\", …"
    /// from the system's name and each role's name, in English and Spanish.
    pub fn listing(
        system: (&str, &str),
        confidence: u32,
        columns: Vec<(String, String)>,
        role_en: impl Fn(&str) -> &'static str,
        role_es: impl Fn(&str) -> &'static str,
    ) -> Recognised {
        let list = |f: &dyn Fn(&str) -> &'static str, word: &str| {
            columns
                .iter()
                .map(|(r, h)| format!("{} {word} \"{h}\"", f(r)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let en = format!("{}: {}.", system.0, list(&role_en, "in"));
        let es = format!("{}: {}.", system.1, list(&role_es, "en"));
        Recognised {
            confidence: confidence.min(100) as u8,
            reason: Text::new(en, es),
            columns,
        }
    }

    /// The column chosen for `role`, if one was. `#VALUE!` naming `system` when its header is
    /// not in `table`.
    pub fn column<'t>(
        &self,
        table: &'t Table,
        role: &str,
        system: &str,
    ) -> Result<Option<&'t ingest::Column>, CellError> {
        match self.columns.iter().find(|(r, _)| r == role) {
            None => Ok(None),
            Some((_, header)) => table.column(header).map(Some).ok_or_else(|| {
                CellError::value(format!(
                    "{system}: there is no column named \"{header}\" for the {}. Choose one of the table's columns.",
                    role.replace('_', " ")
                ))
            }),
        }
    }

    /// The column chosen for `role`; `#VALUE!` saying what `system` `needs` when none was.
    pub fn required<'t>(
        &self,
        table: &'t Table,
        role: &str,
        system: &str,
        needs: &str,
    ) -> Result<&'t ingest::Column, CellError> {
        self.column(table, role, system)?.ok_or_else(|| {
            CellError::value(format!(
                "{system}: no column was chosen for the {}. The table needs {needs}.",
                role.replace('_', " ")
            ))
        })
    }
}

/// Whether a header (lower-cased, `_` and `-` read as spaces) contains one of `words`.
pub(crate) fn header_has(name: &str, words: &[&str]) -> bool {
    let n = name.to_lowercase().replace(['_', '-'], " ");
    words.iter().any(|w| n.contains(w))
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

/// How many distinct values `values` holds (texts by content, everything else as one "other"),
/// counting no further than `limit + 1`.
fn distinct_texts(values: &[ingest::Value], limit: usize) -> usize {
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut other = false;
    for v in values {
        match v {
            ingest::Value::Text(s) => {
                seen.insert(s.as_str());
            }
            _ => other = true,
        }
        if seen.len() + usize::from(other) > limit {
            break;
        }
    }
    seen.len() + usize::from(other)
}

fn word_score(name: &str, words: &[&str]) -> usize {
    let lower = name.to_lowercase();
    words.iter().filter(|w| lower.contains(*w)).count()
}

/// The sales system's reading of a table: its date, amount and category columns.
pub fn detect_sales(table: &Table, opts: &ReportOptions) -> Result<Detection, CellError> {
    let date = match named(table, &opts.column_for("date"), "date")? {
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
    let amount = match named(table, &opts.column_for("amount"), "amount")? {
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
    let category = match named(table, &opts.column_for("category"), "category")? {
        Some(c) => Some(c),
        None => table
            .columns
            .iter()
            .filter(|c| c.kind == ColumnKind::Text)
            .filter(|c| {
                let k = distinct_texts(&c.values, 50);
                (2..=50).contains(&k) && k * 2 <= n
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
    let mut columns = vec![
        ColumnUse::new("date", date.name.clone()),
        ColumnUse::new("amount", amount.name.clone()),
    ];
    if let Some(c) = category {
        columns.push(ColumnUse::new("category", c.name.clone()));
    }
    Ok(Detection {
        system: System::Sales,
        columns,
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
    analyse(grid, origin, table, validation, opts)
}

/// Like [`run_report`], from CSV or XLSX/XLS/ODS bytes.
pub fn run_report_bytes(
    bytes: &[u8],
    sheet: Option<&str>,
    opts: &ReportOptions,
) -> Result<Analysis, CellError> {
    let (grid, origin) = ingest::grid_from_any_bytes(bytes, sheet)?;
    if grid.is_empty() {
        return Err(CellError::value(
            "The file holds no cells. Choose a file with a table, header row first.",
        ));
    }
    let (table, validation) = ingest::infer_table(&grid, origin);
    analyse(&grid, origin, table, validation, opts)
}

/// How sure the sales system is that a table is its input: any date and number column will do,
/// so it is the fallback unless the user named its columns.
const SALES_CONFIDENCE: u8 = 40;
const SALES_CONFIDENCE_NAMED: u8 = 95;

/// Detects the system (or takes the forced one), then runs it.
pub fn detect(grid: &Grid, table: &Table, opts: &ReportOptions) -> Result<Chosen, CellError> {
    let wants = |s: System| opts.system.is_none_or(|f| f == s);
    let mut best: Option<(u8, Chosen)> = None;
    let mut consider = |confidence: u8, chosen: Chosen| {
        if best.as_ref().is_none_or(|(c, _)| confidence > *c) {
            best = Some((confidence, chosen));
        }
    };
    let mut sales_error = None;
    if wants(System::Sales) {
        match detect_sales(table, opts) {
            Ok(d) => {
                let named =
                    opts.column_for("date").is_some() || opts.column_for("amount").is_some();
                let c = if named {
                    SALES_CONFIDENCE_NAMED
                } else {
                    SALES_CONFIDENCE
                };
                consider(c, Chosen::Sales(d));
            }
            Err(e) => {
                // Columns named for sales that are not there: say so, whatever else fits.
                let named = opts.column_for("date").is_some()
                    || opts.column_for("amount").is_some()
                    || opts.column_for("category").is_some();
                if named {
                    return Err(e);
                }
                sales_error = Some(e);
            }
        }
    }
    if wants(System::Pnl)
        && let Some(rec) = crate::pnl::recognise(grid)
    {
        consider(rec.confidence, Chosen::Pnl(rec));
    }
    if wants(System::Inventory)
        && let Some(rec) = crate::inventory::recognise(table)
    {
        consider(rec.confidence, Chosen::Inventory(rec));
    }
    if wants(System::Pricing)
        && let Some(rec) = crate::pricing::recognise(table)
    {
        consider(rec.confidence, Chosen::Pricing(rec));
    }
    if wants(System::Customers)
        && let Some(rec) = crate::customers::recognise(table)
    {
        consider(rec.confidence, Chosen::Customers(rec));
    }
    match (best, opts.system) {
        (Some((_, chosen)), _) => Ok(chosen),
        (None, Some(System::Pnl)) => Err(CellError::value(
            "This table is not a P&L input. Select a ledger (date, account, amount), a trial balance by month (account, then one column per month), an actual-vs-budget table, or a QuickBooks Online or Xero Profit and Loss export as pasted.",
        )),
        (None, Some(System::Inventory)) => Err(CellError::value(
            "This table is not an inventory input. Select a table with an item (SKU) column, a date column and a quantity sold column; on hand, unit cost, lead time and supplier columns are optional.",
        )),
        (None, Some(System::Pricing)) => Err(CellError::value(
            "This table is not a pricing input. Select a table with a price column and a quantity (units sold) column; product, date, unit cost and competitor price columns are optional.",
        )),
        (None, Some(System::Customers)) => Err(CellError::value(
            "This table is not a customer input. Select a table of transactions with a customer column (customer, client, email …), an order date column and an amount column.",
        )),
        (None, _) => Err(sales_error.unwrap_or_else(|| {
            CellError::value(
                "No system recognises this table. Include a date column and an amount column (sales), an account column (P&L), an item column with quantities (inventory), price and quantity columns (pricing), or a customer column with order dates and amounts (customers).",
            )
        })),
    }
}

/// The system chosen for a table, with what it recognised.
#[derive(Debug, Clone)]
pub enum Chosen {
    /// Sales monitoring, with its columns.
    Sales(Detection),
    /// The P&L, with the input shape it recognised.
    Pnl(crate::pnl::Recognised),
    /// Inventory, with its columns.
    Inventory(Recognised),
    /// Pricing, with its columns.
    Pricing(Recognised),
    /// Customers, with their columns.
    Customers(Recognised),
}

impl Chosen {
    /// The system chosen.
    pub fn system(&self) -> System {
        match self {
            Chosen::Sales(_) => System::Sales,
            Chosen::Pnl(_) => System::Pnl,
            Chosen::Inventory(_) => System::Inventory,
            Chosen::Pricing(_) => System::Pricing,
            Chosen::Customers(_) => System::Customers,
        }
    }
}

/// Refuses a report of `system` when the options carry entitlements without it.
fn entitled(system: System, opts: &ReportOptions) -> Result<(), CellError> {
    let Some(granted) = &opts.entitlements else {
        return Ok(());
    };
    let needed = crate::licence::report_entitlement(system.id()).unwrap_or_default();
    if granted.iter().any(|e| e == needed) {
        return Ok(());
    }
    Err(CellError::new(
        crate::cells::ErrorKind::NotAvailable,
        format!(
            "This table is for the {} report, which is not in your plan (it needs {needed}, part \
             of the {} plans). Sign in or upgrade in the Account panel.",
            system.id(),
            crate::licence::plans_with(needed)
        ),
    ))
}

fn analyse(
    grid: &Grid,
    origin: Option<(usize, usize)>,
    table: Table,
    mut validation: Validation,
    opts: &ReportOptions,
) -> Result<Analysis, CellError> {
    if let Some(forced) = opts.system {
        entitled(forced, opts)?;
    }
    let chosen = detect(grid, &table, opts)?;
    entitled(chosen.system(), opts)?;
    let (detection, report) = match chosen {
        Chosen::Sales(d) => {
            let report = sales_from_table(&table, &d, opts)?;
            (d, report)
        }
        Chosen::Pnl(rec) => {
            let report = crate::pnl::pnl_report(grid, &rec, &pnl_options(opts)?)?;
            validation = pnl_validation(grid, origin, &rec).unwrap_or(validation);
            let detection = Detection::of(System::Pnl, &rec.columns, &rec.reason);
            (detection, report)
        }
        Chosen::Inventory(rec) => {
            let input = crate::inventory::input_from_table(&table, &rec)?;
            let report = crate::inventory::inventory_report(&input, &plan_options(opts))?;
            let detection = Detection::of(System::Inventory, &rec.columns, &rec.reason);
            (detection, report)
        }
        Chosen::Pricing(rec) => {
            let input = crate::pricing::input_from_table(&table, &rec)?;
            let report = crate::pricing::pricing_report(&input, &pricing_options(opts)?)?;
            let detection = Detection::of(System::Pricing, &rec.columns, &rec.reason);
            (detection, report)
        }
        Chosen::Customers(rec) => {
            let input = crate::customers::input_from_table(&table, &rec)?;
            let report = crate::customers::customers_report(&input, &customers_options(opts)?)?;
            let detection = Detection::of(System::Customers, &rec.columns, &rec.reason);
            (detection, report)
        }
    };
    Ok(Analysis {
        detection,
        validation,
        report,
    })
}

/// The input checks of a P&L table as its reader sees it: the recognised header row (title rows
/// of an export above it, month labels in it) names the columns, and the cells below are checked.
/// `None` when the header is the first row and plain typing already read it so.
fn pnl_validation(
    grid: &Grid,
    origin: Option<(usize, usize)>,
    rec: &crate::pnl::Recognised,
) -> Option<Validation> {
    let header = grid.rows().get(rec.header_row)?;
    let body = Grid::from_rows(
        grid.rows()
            .iter()
            .skip(rec.header_row + 1)
            .cloned()
            .collect(),
    );
    if body.is_empty() {
        return None;
    }
    let (r0, c0) = origin.unwrap_or((0, 0));
    let (_, mut v) = ingest::infer_table_without_header(&body, Some((r0 + rec.header_row + 1, c0)));
    for (c, col) in v.columns.iter_mut().enumerate() {
        if let Some(name) = header.get(c).map(crate::pnl::classify::cell_text)
            && !name.trim().is_empty()
        {
            col.name = name.trim().to_string();
        }
    }
    v.header = ingest::HeaderDecision {
        has_header: true,
        reason: if rec.header_row > 0 {
            format!(
                "Row {} holds the column names; the rows above it are the report's title.",
                r0 + rec.header_row + 1
            )
        } else {
            format!("Row {} holds the column names.", r0 + 1)
        },
    };
    Some(v)
}

/// The P&L options from the report options.
fn pnl_options(opts: &ReportOptions) -> Result<crate::pnl::PnlOptions, CellError> {
    let mut o = crate::pnl::PnlOptions::default();
    if let Some(p) = &opts.period {
        o.period = crate::pnl::statement::Period::parse(p).ok_or_else(|| {
            CellError::value(format!(
                "The P&L period \"{p}\" is not known. Use \"month\", \"quarter\" or \"year\"."
            ))
        })?;
    }
    if let Some(m) = opts.materiality {
        o.materiality_pct = m;
    }
    // The pane's horizon (28 by default) counts days for sales; a P&L forecasts periods, at most
    // a year of months: a larger horizon is taken as meant for sales and the P&L keeps its own.
    if let Some(h) = opts.horizon.filter(|h| (1..=12).contains(h)) {
        o.horizon = h;
    }
    Ok(o)
}

/// The inventory planning options from the report options.
fn pricing_options(opts: &ReportOptions) -> Result<crate::pricing::PricingOptions, CellError> {
    let mut o = crate::pricing::PricingOptions::default();
    if let Some(m) = &opts.demand_model {
        o.demand_model = crate::pricing::fns::demand_model(m).ok_or_else(|| {
            CellError::value(format!(
                "The demand model is \"{m}\"; use \"loglog\" (constant elasticity) or \"linear\"."
            ))
        })?;
    }
    Ok(o)
}

fn customers_options(
    opts: &ReportOptions,
) -> Result<crate::customers::CustomersOptions, CellError> {
    let mut o = crate::customers::CustomersOptions::default();
    if let Some(m) = opts.clv_months {
        if !(1..=1200).contains(&m) {
            return Err(CellError::num(format!(
                "The lifetime-value horizon must be 1 to 1200 months, but it is {m}. Change it."
            )));
        }
        o.horizon_months = m;
    }
    if let Some(d) = opts.monthly_discount {
        if !(0.0..1.0).contains(&d) {
            return Err(CellError::num(format!(
                "The monthly discount rate must be at least 0 and below 1 (0.01 is 1 %), but it is {d}. Change it."
            )));
        }
        o.monthly_discount = d;
    }
    Ok(o)
}

fn plan_options(opts: &ReportOptions) -> crate::inventory::PlanOptions {
    let mut o = crate::inventory::PlanOptions::default();
    if let Some(s) = opts.service_level {
        o.service_level = s;
    }
    if let Some(c) = opts.order_cost {
        o.order_cost = Some(c);
    }
    if let Some(h) = opts.holding_rate {
        o.holding_rate = h;
    }
    if let Some(h) = opts.horizon {
        o.horizon = h.clamp(1, 52);
    }
    o
}

/// The largest amount the sales report takes: sums and squares of such amounts stay finite.
const MAX_SALES_AMOUNT: f64 = 1e15;

/// Runs the sales report on the columns of `detection`.
fn sales_from_table(
    table: &Table,
    detection: &Detection,
    opts: &ReportOptions,
) -> Result<Report, CellError> {
    let (Some(date), Some(amount)) = (
        detection.column("date").and_then(|n| table.column(n)),
        detection.column("amount").and_then(|n| table.column(n)),
    ) else {
        return Err(CellError::value(
            "The detected columns are missing from the table.",
        ));
    };
    // Rows without a date cannot be placed on the timeline: they are left out and counted.
    let mut dates = Vec::with_capacity(table.height());
    let mut amounts = Vec::with_capacity(table.height());
    let mut categories = Vec::new();
    let cat_name = detection.column("category");
    let cat_col = cat_name.and_then(|n| table.column(n));
    let mut undated = 0usize;
    for i in 0..table.height() {
        match date.values.get(i).and_then(ingest::Value::as_f64) {
            Some(d) => {
                let a = amount.values.get(i).and_then(ingest::Value::as_f64);
                if let Some(x) = a
                    && x.abs() > MAX_SALES_AMOUNT
                {
                    return Err(CellError::num(format!(
                        "Row {} of \"{}\" holds {x}, larger than any sales amount (at most 1e15 in absolute value). Fix that cell.",
                        i + 1,
                        amount.name
                    )));
                }
                dates.push(d.floor());
                amounts.push(a);
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
        amount_name: amount.name.clone(),
        category: cat_name
            .filter(|_| !categories.is_empty())
            .map(|n| (n.to_string(), categories)),
    };
    let mut report = sales_report(&input, &sales_opts)?;
    if undated > 0 {
        report.notes.push(Text::new(
            format!("{undated} rows without a date were left out."),
            format!("Se omitieron {undated} filas sin fecha."),
        ));
    }
    Ok(report)
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
        assert_eq!(a.detection.column("date"), Some("Date"));
        assert_eq!(a.detection.column("amount"), Some("Sales"));
        assert_eq!(a.detection.column("category"), Some("Product"));
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
        assert_eq!(a.detection.column("amount"), Some("Ventas"));
    }

    fn texts(rows: &[&[&str]]) -> Grid {
        Grid::from_rows(
            rows.iter()
                .map(|r| {
                    r.iter()
                        .map(|t| {
                            if t.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::text(*t)
                            }
                        })
                        .collect()
                })
                .collect(),
        )
    }

    #[test]
    fn a_pasted_quickbooks_export_is_a_pnl_checked_from_its_header_row() {
        let g = texts(&[
            &["Acme Coffee Ltd"],
            &["Profit and Loss"],
            &["January - March, 2024"],
            &["", "Jan 2024", "Feb 2024", "Mar 2024", "Total"],
            &["Income"],
            &[
                "   4000 Sales",
                "1,000.00",
                "1,100.00",
                "1,200.00",
                "3,300.00",
            ],
            &[
                "Total Income",
                "1,000.00",
                "1,100.00",
                "1,200.00",
                "3,300.00",
            ],
            &["Expenses"],
            &["   6100 Rent", "300.00", "300.00", "300.00", "900.00"],
            &["Total Expenses", "300.00", "300.00", "300.00", "900.00"],
            &["Net Income", "700.00", "800.00", "900.00", "2,400.00"],
        ]);
        let a = run_report(&g, None, &ReportOptions::default()).unwrap();
        assert_eq!(a.detection.system, System::Pnl);
        assert!(
            a.detection.reason.en.contains("QuickBooks"),
            "{}",
            a.detection.reason.en
        );
        assert!(a.validation.header.has_header);
        assert!(
            a.validation.header.reason.contains("Row 4"),
            "{}",
            a.validation.header.reason
        );
        assert_eq!(a.validation.columns[1].name, "Jan 2024");
        assert!(a.validation.issues.is_empty(), "{:?}", a.validation.issues);
        // The pane's default horizon (28, meant for daily sales) leaves the P&L's own (3).
        let opts = ReportOptions {
            horizon: Some(28),
            ..Default::default()
        };
        let a = run_report(&g, None, &opts).unwrap();
        let fc = a
            .report
            .tables
            .iter()
            .find(|t| t.key == "forecast")
            .unwrap();
        assert!(!fc.rows.is_empty());
    }

    #[test]
    fn each_table_goes_to_the_system_it_is_for() {
        let mut sales = vec![vec![
            Cell::text("Date"),
            Cell::text("Description"),
            Cell::text("Amount"),
        ]];
        let mut stock = vec![vec![
            Cell::text("SKU"),
            Cell::text("Week"),
            Cell::text("Units sold"),
        ]];
        for i in 0..60usize {
            sales.push(vec![
                Cell::Number(45292.0 + i as f64),
                Cell::text(if i % 2 == 0 {
                    "Coffee beans"
                } else {
                    "Green tea"
                }),
                Cell::Number(100.0 + (i % 7) as f64 * 10.0 + ((i * 37) % 11) as f64),
            ]);
            stock.push(vec![
                Cell::text(if i % 2 == 0 { "A-1" } else { "B-2" }),
                Cell::Number(45292.0 + 7.0 * (i / 2) as f64),
                Cell::Number((i % 5) as f64),
            ]);
        }
        let a = run_report(
            &Grid::from_rows(sales.clone()),
            None,
            &ReportOptions::default(),
        )
        .unwrap();
        assert_eq!(
            a.detection.system,
            System::Sales,
            "{}",
            a.detection.reason.en
        );
        let a = run_report(&Grid::from_rows(stock), None, &ReportOptions::default()).unwrap();
        assert_eq!(
            a.detection.system,
            System::Inventory,
            "{}",
            a.detection.reason.en
        );
        let forced = ReportOptions {
            system: Some(System::Pnl),
            ..Default::default()
        };
        let e = run_report(&Grid::from_rows(sales.clone()), None, &forced);
        // Forced, the P&L reads the ledger layout but no description is a P&L account.
        assert!(e.is_err() || e.is_ok_and(|a| a.detection.system == System::Pnl));
        let forced = ReportOptions {
            system: Some(System::Inventory),
            ..Default::default()
        };
        let a = run_report(&Grid::from_rows(sales.clone()), None, &forced).unwrap();
        assert_eq!(a.detection.system, System::Inventory);
        // Forced to customers, a table without a customer column says what it needs.
        let forced = ReportOptions {
            system: Some(System::Customers),
            ..Default::default()
        };
        let e = run_report(&Grid::from_rows(sales), None, &forced).unwrap_err();
        assert!(e.message.contains("customer column"), "{}", e.message);
    }

    #[test]
    fn a_price_and_units_table_goes_to_pricing_with_its_options() {
        let mut rows = vec![vec![
            Cell::text("Month"),
            Cell::text("Product"),
            Cell::text("Unit price"),
            Cell::text("Units sold"),
            Cell::text("Unit cost"),
        ]];
        for m in 0..24usize {
            for (k, prod) in ["Espresso", "Latte"].iter().enumerate() {
                let p = 3.0 + k as f64 + 0.1 * ((m * 7 + k) % 10) as f64;
                rows.push(vec![
                    Cell::text(format!("{}-{:02}-01", 2023 + m / 12, 1 + m % 12)),
                    Cell::text(*prod),
                    Cell::Number(p),
                    Cell::Number((1000.0 * p.powf(-1.5 - k as f64)).round()),
                    Cell::Number(1.0 + k as f64),
                ]);
            }
        }
        let g = Grid::from_rows(rows);
        let a = run_report(&g, None, &ReportOptions::default()).unwrap();
        assert_eq!(
            a.detection.system,
            System::Pricing,
            "{}",
            a.detection.reason.en
        );
        assert_eq!(a.detection.column("price"), Some("Unit price"));
        assert_eq!(a.report.system, "pricing");
        let opts: ReportOptions =
            serde_json::from_value(serde_json::json!({"demandModel": "linear"})).unwrap();
        assert_eq!(
            run_report(&g, None, &opts).unwrap().report.system,
            "pricing"
        );
        let opts: ReportOptions =
            serde_json::from_value(serde_json::json!({"demandModel": "cubic"})).unwrap();
        assert!(
            run_report(&g, None, &opts)
                .unwrap_err()
                .message
                .contains("loglog")
        );
    }

    #[test]
    fn a_transaction_table_goes_to_customers_with_its_options() {
        let mut rows = vec![vec![
            Cell::text("Order date"),
            Cell::text("Customer"),
            Cell::text("Order total"),
        ]];
        for i in 0..90usize {
            rows.push(vec![
                Cell::Number(45292.0 + (i * 3) as f64),
                Cell::text(format!("c{}", (i * 7) % 23)),
                Cell::Number(20.0 + (i % 9) as f64 * 5.0),
            ]);
        }
        let g = Grid::from_rows(rows);
        let a = run_report(&g, None, &ReportOptions::default()).unwrap();
        assert_eq!(
            a.detection.system,
            System::Customers,
            "{}",
            a.detection.reason.en
        );
        assert_eq!(a.detection.column("customer"), Some("Customer"));
        assert_eq!(a.report.system, "customers");
        let opts: ReportOptions =
            serde_json::from_value(serde_json::json!({"clvMonths": 0})).unwrap();
        assert!(
            run_report(&g, None, &opts)
                .unwrap_err()
                .message
                .contains("1 to 1200")
        );
        let opts: ReportOptions =
            serde_json::from_value(serde_json::json!({"monthlyDiscount": 1.5})).unwrap();
        assert!(
            run_report(&g, None, &opts)
                .unwrap_err()
                .message
                .contains("discount")
        );
        // Forced to sales, the same table is a sales table.
        let opts = ReportOptions {
            system: Some(System::Sales),
            ..Default::default()
        };
        assert_eq!(
            run_report(&g, None, &opts).unwrap().detection.system,
            System::Sales
        );
    }

    /// A report outside the user's entitlements is refused before it runs; with them (or
    /// unchecked) the same table runs.
    #[test]
    fn reports_honour_entitlements() {
        use crate::licence::Plan;
        let g = Grid::from_rows(vec![
            vec![
                Cell::Text("SKU".into()),
                Cell::Text("Week".into()),
                Cell::Text("Units".into()),
                Cell::Text("On hand".into()),
            ],
            vec![
                Cell::Text("A".into()),
                Cell::Text("2024-01-01".into()),
                Cell::Number(5.0),
                Cell::Number(20.0),
            ],
        ]);
        let forced = |ents: Option<Vec<String>>| ReportOptions {
            system: Some(System::Pnl),
            entitlements: ents,
            ..Default::default()
        };
        let e = run_report(&g, None, &forced(Some(Plan::Free.entitlements()))).unwrap_err();
        assert_eq!(e.kind, crate::cells::ErrorKind::NotAvailable);
        assert!(
            e.message.contains("system.pnl") && e.message.contains("Course, Pro and Team"),
            "{}",
            e.message
        );
        // With Pro the P&L reader runs (and says what is wrong with this table instead).
        let e = run_report(&g, None, &forced(Some(Plan::Pro.entitlements()))).unwrap_err();
        assert!(!e.message.contains("not in your plan"), "{}", e.message);
        // Detected (not forced): the inventory table is refused on Free after detection.
        let detected = ReportOptions {
            entitlements: Some(Plan::Free.entitlements()),
            ..Default::default()
        };
        let e = run_report(&g, None, &detected).unwrap_err();
        assert!(
            e.message.contains("inventory report") && e.message.contains("system.inventory"),
            "{}",
            e.message
        );
        let sales = ReportOptions {
            entitlements: Some(Plan::Free.entitlements()),
            system: Some(System::Sales),
            ..Default::default()
        };
        let e = run_report(&g, None, &sales)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(!e.contains("not in your plan"), "{e}");
    }
}
