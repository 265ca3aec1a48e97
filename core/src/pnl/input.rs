//! Input shapes: recognise what a pasted range holds and turn it into statement input.
//!
//! Shapes: (a) a ledger table (date, account, amount[, category], or debit and credit columns);
//! (b) a trial balance by month (account column + one column per month); (c) an actual-vs-budget
//! table (line, actual, budget[, line type]); (d) a QuickBooks Online "Profit and Loss" export as
//! pasted (company row, "Profit and Loss", date range, a header row with a blank first cell and
//! month columns "Jan 2024" … "Total"; sections "Income", "Cost of Goods Sold", "Expenses",
//! "Other Income", "Other Expenses"; "Total …", "Gross Profit", "Net Operating Income",
//! "Net Other Income", "Net Income" rows); (e) a Xero "Profit and Loss" export as pasted (title,
//! organisation, "For the 12 months ended …"; header "Account" + month columns "Jan-24" or
//! "31 Jan 2024"; sections "Trading Income", "Cost of Sales", "Operating Expenses",
//! "Other Income"; "Total …", "Gross Profit", "Net Profit" rows).
//!
//! Printed subtotal and total rows are never summed: they are kept as [`PrintedTotal`]s so the
//! recomputed statement can be checked against them ([`check_totals`]).

use super::classify::{AccountMap, OTHER_OPEX, PnlLine, cell_text, classify_keywords, fold};
use super::statement::{LedgerRow, LineKey, MAX_AMOUNT, Statement};
use super::variance::LineType;
use crate::cells::{Cell, CellError, Grid};
use crate::ingest;
use crate::report::Text;
use aism_ts::timeline::{serial_to_ymd, ymd_to_serial};

/// The shape of a P&L input range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PnlShape {
    /// Ledger rows: date, account, amount (or debit/credit), optional category.
    Ledger,
    /// Account column plus one column per month.
    TrialBalance,
    /// Line, actual, budget, optional line type.
    ActualVsBudget,
    /// QuickBooks Online "Profit and Loss" export.
    QuickBooks,
    /// Xero "Profit and Loss" export.
    Xero,
}

/// What [`recognise`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// The shape.
    pub shape: PnlShape,
    /// How sure, 0–100.
    pub confidence: u8,
    /// Why, in English and Spanish.
    pub reason: Text,
    /// (role, header) of the columns used: ("date", "Fecha"), ("month", "Jan 2024") …
    pub columns: Vec<(String, String)>,
    /// Zero-based grid row of the header.
    pub header_row: usize,
    /// Zero-based grid columns of each role, in `columns` order.
    col_index: Vec<usize>,
}

/// A total printed in an export, for checking the recomputed statement.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedTotal {
    /// The row label as printed ("Total Income").
    pub label: String,
    /// The statement line it corresponds to.
    pub key: LineKey,
    /// (period label "2024-01", value) per month column.
    pub values: Vec<(String, f64)>,
}

/// One row of an actual-vs-budget table.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetRow {
    /// Line or account name.
    pub line: String,
    /// Actual amount.
    pub actual: f64,
    /// Budget amount.
    pub budget: f64,
    /// Line type given in the table, or decided from the name's classification.
    pub line_type: LineType,
}

/// What the statement (or the variance report) reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatementInput {
    /// Ledger rows (one per account and month for exports and trial balances).
    pub rows: Vec<LedgerRow>,
    /// Account → line decided by the export's sections.
    pub map: AccountMap,
    /// Totals printed in the export.
    pub printed_totals: Vec<PrintedTotal>,
    /// Rows of an actual-vs-budget table.
    pub budget_rows: Vec<BudgetRow>,
}

const MONTHS: [[&str; 4]; 12] = [
    ["jan", "ene", "january", "enero"],
    ["feb", "feb", "february", "febrero"],
    ["mar", "mar", "march", "marzo"],
    ["apr", "abr", "april", "abril"],
    ["may", "may", "may", "mayo"],
    ["jun", "jun", "june", "junio"],
    ["jul", "jul", "july", "julio"],
    ["aug", "ago", "august", "agosto"],
    ["sep", "sep", "september", "septiembre"],
    ["oct", "oct", "october", "octubre"],
    ["nov", "nov", "november", "noviembre"],
    ["dec", "dic", "december", "diciembre"],
];

/// The month a word names: an English or Spanish abbreviation, or a prefix (≥ 3 letters) of the
/// full name ("sept", "marz").
fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|[a, b, l1, l2]| w == *a || w == *b || l1.starts_with(w) || l2.starts_with(w))
        .map(|i| i as u32 + 1)
}

fn year_of(tok: &str) -> Option<i32> {
    if !tok.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = tok.parse().ok()?;
    match tok.len() {
        4 if (1900..=9999).contains(&y) => Some(y),
        2 => Some(if y < 30 { 2000 + y } else { 1900 + y }),
        _ => None,
    }
}

/// The (year, month) a column header names: "Jan 2024", "Jan-24", "ene-24", "2024-01",
/// "01/2024", "31 Jan 2024", or a date serial. `None` for "Total" and anything else.
pub fn month_label(cell: &Cell) -> Option<(i32, u32)> {
    match cell {
        Cell::Number(x) if (2.0..=2_958_465.0).contains(x) && *x > 3000.0 => {
            serial_to_ymd(*x).map(|(y, m, _)| (y, m))
        }
        Cell::Text(s) => {
            let f = fold(s.trim());
            if f.is_empty() || f.contains("total") {
                return None;
            }
            let toks: Vec<&str> = f
                .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '.' | '\'' | ','))
                .filter(|t| !t.is_empty())
                .collect();
            let month = toks.iter().find_map(|t| {
                if t.bytes().all(|b| b.is_ascii_alphabetic()) {
                    month_of(t)
                } else {
                    None
                }
            });
            match (month, toks.as_slice()) {
                (Some(m), _) => {
                    let y = toks
                        .iter()
                        .filter(|t| t.len() == 4)
                        .find_map(|t| year_of(t))
                        .or_else(|| {
                            if toks.len() == 2 {
                                toks.iter().find_map(|t| year_of(t))
                            } else {
                                None
                            }
                        })?;
                    Some((y, m))
                }
                (None, [a, b]) => {
                    let (ya, yb) = (year_of(a).filter(|_| a.len() == 4), year_of(b));
                    let small = |t: &str| t.parse::<u32>().ok().filter(|m| (1..=12).contains(m));
                    match (ya, yb) {
                        (Some(y), _) => small(b).map(|m| (y, m)),
                        (None, Some(y)) if b.len() == 4 => small(a).map(|m| (y, m)),
                        _ => None,
                    }
                }
                _ => ingest::parse_date(s)
                    .and_then(serial_to_ymd)
                    .map(|(y, m, _)| (y, m)),
            }
        }
        _ => None,
    }
}

fn label(ym: (i32, u32)) -> String {
    format!("{}-{:02}", ym.0, ym.1)
}

fn amount(c: &Cell) -> Option<f64> {
    match c {
        Cell::Number(x) if x.is_finite() => Some(*x),
        Cell::Text(s) if !s.trim().is_empty() => {
            let t = s.trim();
            // "-" alone or "—" is a dash for zero in some exports.
            if t == "-" || t == "—" {
                Some(0.0)
            } else {
                ingest::parse_number(t)
            }
        }
        _ => None,
    }
}

const QBO_MARKERS: &[&str] = &[
    "net operating income",
    "net other income",
    "total income",
    "cost of goods sold",
    "total cost of goods sold",
    "net income",
    "total expenses",
];
const XERO_MARKERS: &[&str] = &[
    "trading income",
    "total trading income",
    "net profit",
    "total operating expenses",
    "operating expenses",
    "less operating expenses",
    "cost of sales",
    "total cost of sales",
];

fn first_text(row: &[Cell]) -> String {
    row.iter()
        .map(cell_text)
        .find(|t| !t.trim().is_empty())
        .unwrap_or_default()
}

fn has_role(h: &str, words: &[&str]) -> bool {
    let f = fold(h.trim());
    words
        .iter()
        .any(|w| f == *w || f.split(|c: char| !c.is_alphanumeric()).any(|t| t == *w))
}

const DATE_W: &[&str] = &["date", "fecha", "posted", "posting"];
const ACCOUNT_W: &[&str] = &[
    "account",
    "cuenta",
    "concepto",
    "description",
    "descripcion",
    "gl",
    "line",
    "linea",
    "partida",
    "rubro",
];
const AMOUNT_W: &[&str] = &[
    "amount", "importe", "monto", "valor", "value", "net", "neto",
];
const DEBIT_W: &[&str] = &["debit", "debe", "cargo", "cargos", "debits"];
const CREDIT_W: &[&str] = &["credit", "haber", "abono", "abonos", "credits"];
const CATEGORY_W: &[&str] = &[
    "category",
    "categoria",
    "department",
    "departamento",
    "class",
    "clase",
];
const ACTUAL_W: &[&str] = &["actual", "actuals", "real", "ejecutado"];
const BUDGET_W: &[&str] = &["budget", "presupuesto", "plan", "target", "meta"];
const TYPE_W: &[&str] = &["type", "tipo"];

/// Share of the distinct account labels (at most 200 looked at) that a P&L rule classifies.
fn classified_share(grid: &Grid, header_row: usize, col: usize) -> f64 {
    let mut seen = std::collections::HashSet::new();
    let mut hits = 0usize;
    for row in grid.rows().iter().skip(header_row + 1) {
        let text = row.get(col).map(cell_text).unwrap_or_default();
        let text = text.trim();
        if text.is_empty() || !seen.insert(text.to_string()) {
            continue;
        }
        let c = super::classify::classify(text, None);
        if c.line != PnlLine::Unclassified {
            hits += 1;
        }
        if seen.len() >= 200 {
            break;
        }
    }
    if seen.is_empty() {
        0.0
    } else {
        hits as f64 / seen.len() as f64
    }
}

/// Recognises the P&L shape of `grid` (see the module docs), scanning the first 15 rows for a
/// header. `None` when nothing fits. A ledger or trial balance whose account labels mostly match
/// no P&L rule (numbering or keywords) is reported with low confidence (35), so a sales table
/// with a "Description" column stays a sales table unless the user picks the P&L.
pub fn recognise(grid: &Grid) -> Option<Recognised> {
    let mut rec = recognise_layout(grid)?;
    if matches!(rec.shape, PnlShape::Ledger | PnlShape::TrialBalance) {
        let account_col = rec
            .columns
            .iter()
            .position(|(role, _)| role == "account")
            .and_then(|i| rec.col_index.get(i).copied());
        if let Some(col) = account_col
            && classified_share(grid, rec.header_row, col) < 0.5
        {
            rec.confidence = rec.confidence.min(35);
        }
    }
    Some(rec)
}

fn recognise_layout(grid: &Grid) -> Option<Recognised> {
    let rows = grid.rows();
    let scan = rows.len().min(15);
    // Month-column layouts first.
    for h in 0..scan {
        let row = rows.get(h)?;
        let months: Vec<(usize, (i32, u32))> = row
            .iter()
            .enumerate()
            .skip(1)
            .filter_map(|(c, cell)| month_label(cell).map(|ym| (c, ym)))
            .collect();
        if months.len() < 2 {
            continue;
        }
        let labels: Vec<String> = rows.iter().map(|r| fold(first_text(r).trim())).collect();
        let count = |m: &[&str]| labels.iter().filter(|l| m.contains(&l.as_str())).count();
        let (q, x) = (count(QBO_MARKERS), count(XERO_MARKERS));
        let title = labels
            .iter()
            .take(h)
            .any(|l| l.contains("profit and loss") || l.contains("income statement"));
        let first_header = fold(cell_text(row.first().unwrap_or(&Cell::Empty)).trim());
        let (shape, confidence, en, es) = if x > q || (x > 0 && first_header == "account") {
            (
                PnlShape::Xero,
                if title { 95 } else { 80 },
                "a Xero Profit and Loss export (Trading Income / Net Profit rows, month columns)",
                "un informe de Pérdidas y Ganancias de Xero (filas Trading Income / Net Profit, columnas por mes)",
            )
        } else if q > 0 {
            (
                PnlShape::QuickBooks,
                if title { 95 } else { 80 },
                "a QuickBooks Online Profit and Loss export (Total Income / Net Income rows, month columns)",
                "un informe de Pérdidas y Ganancias de QuickBooks Online (filas Total Income / Net Income, columnas por mes)",
            )
        } else {
            (
                PnlShape::TrialBalance,
                70,
                "a trial balance by month (an account column and one column per month)",
                "una balanza por mes (una columna de cuentas y una por mes)",
            )
        };
        let mut columns = vec![("account".to_string(), cell_text(&row[0]))];
        let mut col_index = vec![0];
        for (c, ym) in &months {
            columns.push(("month".to_string(), label(*ym)));
            col_index.push(*c);
        }
        return Some(Recognised {
            shape,
            confidence,
            reason: Text::new(
                format!("Read as {en}, header in row {}.", h + 1),
                format!("Se leyó como {es}, encabezado en la fila {}.", h + 1),
            ),
            columns,
            header_row: h,
            col_index,
        });
    }
    // Header-keyword layouts.
    for h in 0..scan {
        let row = rows.get(h)?;
        let heads: Vec<String> = row.iter().map(cell_text).collect();
        let find = |w: &[&str]| heads.iter().position(|t| has_role(t, w));
        let (actual, budget) = (find(ACTUAL_W), find(BUDGET_W));
        if let (Some(a), Some(b)) = (actual, budget) {
            let line = find(ACCOUNT_W)
                .or_else(|| (0..heads.len()).find(|c| *c != a && *c != b))
                .unwrap_or(0);
            let mut roles = vec![("line", line), ("actual", a), ("budget", b)];
            if let Some(t) = find(TYPE_W) {
                roles.push(("line_type", t));
            }
            return Some(build_rec(
                PnlShape::ActualVsBudget,
                85,
                h,
                &heads,
                &roles,
                (
                    "an actual-vs-budget table",
                    "una tabla de real contra presupuesto",
                ),
            ));
        }
        let date = find(DATE_W);
        let account = find(ACCOUNT_W);
        let amt = find(AMOUNT_W);
        let (deb, cred) = (find(DEBIT_W), find(CREDIT_W));
        if let (Some(d), Some(a)) = (date, account) {
            let mut roles = vec![("date", d), ("account", a)];
            match (amt, deb, cred) {
                (Some(x), _, _) => roles.push(("amount", x)),
                (None, Some(db), Some(cr)) => {
                    roles.push(("debit", db));
                    roles.push(("credit", cr));
                }
                _ => continue,
            }
            if let Some(c) = find(CATEGORY_W) {
                roles.push(("category", c));
            }
            return Some(build_rec(
                PnlShape::Ledger,
                85,
                h,
                &heads,
                &roles,
                (
                    "a ledger (date, account, amount)",
                    "un libro mayor (fecha, cuenta, importe)",
                ),
            ));
        }
    }
    None
}

fn build_rec(
    shape: PnlShape,
    confidence: u8,
    h: usize,
    heads: &[String],
    roles: &[(&str, usize)],
    what: (&str, &str),
) -> Recognised {
    Recognised {
        shape,
        confidence,
        reason: Text::new(
            format!("Read as {}, header in row {}.", what.0, h + 1),
            format!("Se leyó como {}, encabezado en la fila {}.", what.1, h + 1),
        ),
        columns: roles
            .iter()
            .map(|(r, c)| (r.to_string(), heads.get(*c).cloned().unwrap_or_default()))
            .collect(),
        header_row: h,
        col_index: roles.iter().map(|(_, c)| *c).collect(),
    }
}

impl Recognised {
    fn col(&self, role: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|(r, _)| r == role)
            .and_then(|i| self.col_index.get(i).copied())
    }
    fn month_cols(&self) -> Vec<(usize, String)> {
        self.columns
            .iter()
            .zip(&self.col_index)
            .filter(|((r, _), _)| r == "month")
            .map(|((_, h), c)| (*c, h.clone()))
            .collect()
    }
}

/// Section of an export a row belongs to.
fn section_of(label: &str) -> Option<PnlLine> {
    Some(match label {
        "income" | "trading income" | "revenue" | "sales" | "ingresos" | "operating revenue" => {
            PnlLine::Revenue
        }
        "cost of goods sold" | "cost of sales" | "cogs" | "costo de ventas"
        | "less cost of sales" => PnlLine::Cogs,
        "expenses"
        | "operating expenses"
        | "less operating expenses"
        | "gastos"
        | "gastos operativos" => PnlLine::Opex(OTHER_OPEX.into()),
        "other income" | "plus other income" | "otros ingresos" => PnlLine::OtherIncome,
        "other expenses" | "other expense" | "less other expenses" | "otros gastos" => {
            PnlLine::OtherExpense
        }
        _ => return None,
    })
}

/// The statement line of a printed computed/total row, if it is one.
fn printed_key(label: &str) -> Option<Option<LineKey>> {
    let k = match label {
        "total income" | "total trading income" | "total revenue" => Some(LineKey::Revenue),
        "total cost of goods sold" | "total cost of sales" => Some(LineKey::Cogs),
        "gross profit" => Some(LineKey::GrossProfit),
        "total expenses" | "total operating expenses" => Some(LineKey::TotalOpex),
        "net operating income" | "operating profit" => Some(LineKey::OperatingIncome),
        "total other income" => Some(LineKey::OtherIncome),
        "total other expenses" => Some(LineKey::OtherExpense),
        "net income" | "net profit" | "net profit (loss)" | "net loss" => Some(LineKey::NetIncome),
        "net other income" => None,
        l if l.starts_with("total ") || l == "total" => None,
        _ => return None,
    };
    Some(k)
}

/// Turns `grid` as recognised into statement input.
///
/// Errors: `#VALUE!` when the recognised columns are missing, or a ledger row has an amount but
/// no readable date (the message gives the cell); `#NUM!` when no row has an amount.
pub fn read_input(grid: &Grid, rec: &Recognised) -> Result<StatementInput, CellError> {
    let rows = grid.rows();
    let body = rows.get(rec.header_row + 1..).unwrap_or(&[]);
    let mut out = StatementInput::default();
    match rec.shape {
        PnlShape::Ledger => {
            let (Some(dc), Some(ac)) = (rec.col("date"), rec.col("account")) else {
                return Err(CellError::value(
                    "The ledger needs a date and an account column.",
                ));
            };
            let cat = rec.col("category");
            for (i, r) in body.iter().enumerate() {
                let get = |c: Option<usize>| c.and_then(|c| r.get(c));
                let amt = match rec.col("amount") {
                    Some(x) => get(Some(x)).and_then(amount),
                    None => {
                        let d = get(rec.col("debit")).and_then(amount);
                        let c = get(rec.col("credit")).and_then(amount);
                        match (d, c) {
                            (None, None) => None,
                            (d, c) => Some(d.unwrap_or(0.0) - c.unwrap_or(0.0)),
                        }
                    }
                };
                let Some(amt) = amt else { continue };
                let date = match r.get(dc) {
                    Some(Cell::Number(x)) if ingest::is_plausible_serial(*x) => Some(*x),
                    Some(Cell::Text(s)) => ingest::parse_date(s),
                    _ => None,
                };
                let Some(date) = date else {
                    return Err(CellError::value(format!(
                        "Cell {} has an amount but its date cannot be read. Fix the date or clear the row.",
                        crate::cells::a1(rec.header_row + 1 + i, dc)
                    )));
                };
                let account = r.get(ac).map(cell_text).unwrap_or_default();
                out.rows.push(LedgerRow {
                    date,
                    account: if account.is_empty() {
                        "(no account)".into()
                    } else {
                        account.into()
                    },
                    amount: amt,
                    category: get(cat).map(cell_text).filter(|s| !s.is_empty()),
                });
            }
        }
        PnlShape::ActualVsBudget => {
            let (Some(lc), Some(ac), Some(bc)) =
                (rec.col("line"), rec.col("actual"), rec.col("budget"))
            else {
                return Err(CellError::value(
                    "The actual-vs-budget table needs line, actual and budget columns.",
                ));
            };
            for r in body {
                let line = r.get(lc).map(cell_text).unwrap_or_default();
                let (Some(a), Some(b)) = (r.get(ac).and_then(amount), r.get(bc).and_then(amount))
                else {
                    continue;
                };
                if line.is_empty() || fold(&line).starts_with("total") {
                    continue;
                }
                if a.abs() > MAX_AMOUNT || b.abs() > MAX_AMOUNT {
                    return Err(CellError::num(format!(
                        "The line \"{line}\" has an amount larger than any P&L amount (at most 1e15 in absolute value). Fix that cell."
                    )));
                }
                let lt = rec
                    .col("line_type")
                    .and_then(|c| r.get(c))
                    .and_then(|c| LineType::parse(&cell_text(c)))
                    .unwrap_or_else(|| {
                        let l = super::classify::parse_line_name(&line)
                            .or_else(|| classify_keywords(&line));
                        if l.is_some_and(|l| l.is_cost()) {
                            LineType::Expense
                        } else {
                            LineType::Revenue
                        }
                    });
                out.budget_rows.push(BudgetRow {
                    line,
                    actual: a,
                    budget: b,
                    line_type: lt,
                });
            }
        }
        PnlShape::TrialBalance | PnlShape::QuickBooks | PnlShape::Xero => {
            let months: Vec<(usize, (i32, u32), f64)> = rec
                .month_cols()
                .into_iter()
                .filter_map(|(c, l)| {
                    let (y, m) = l.split_once('-')?;
                    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
                    Some((c, (y, m), ymd_to_serial(y, m, 1)?))
                })
                .collect();
            let export = rec.shape != PnlShape::TrialBalance;
            let mut section: Option<PnlLine> = None;
            let mut entries: Vec<(String, PnlLine)> = Vec::new();
            for r in body {
                let raw = r.first().map(cell_text).unwrap_or_default();
                let lab = fold(raw.trim());
                let vals: Vec<Option<f64>> = months
                    .iter()
                    .map(|(c, _, _)| r.get(*c).and_then(amount))
                    .collect();
                let has = vals.iter().any(Option::is_some);
                if lab.is_empty() {
                    continue;
                }
                if export && let Some(k) = printed_key(&lab) {
                    if let (Some(key), true) = (k, has) {
                        out.printed_totals.push(PrintedTotal {
                            label: raw.trim().to_string(),
                            key,
                            values: months
                                .iter()
                                .zip(&vals)
                                .map(|((_, ym, _), v)| (label(*ym), v.unwrap_or(0.0)))
                                .collect(),
                        });
                    }
                    continue;
                }
                if !export && lab.starts_with("total") {
                    continue;
                }
                if !has {
                    if export && let Some(s) = section_of(&lab) {
                        section = Some(s);
                    }
                    continue;
                }
                let account = raw.trim().to_string();
                if export {
                    let line = match &section {
                        Some(PnlLine::Opex(_)) => match classify_keywords(&account) {
                            Some(PnlLine::Taxes) => PnlLine::Taxes,
                            Some(PnlLine::Opex(c)) if c != OTHER_OPEX => PnlLine::Opex(c),
                            _ => PnlLine::Opex(account.clone()),
                        },
                        Some(l) => l.clone(),
                        None => classify_keywords(&account).unwrap_or(PnlLine::Unclassified),
                    };
                    let mut name = account.clone();
                    if entries.iter().any(|(a, l)| *a == name && *l != line) {
                        name = format!("{account} ({})", line.name());
                    }
                    if !entries.iter().any(|(a, _)| *a == name) {
                        entries.push((name.clone(), line));
                    }
                    for ((_, _, d), v) in months.iter().zip(&vals) {
                        out.rows.push(LedgerRow {
                            date: *d,
                            account: name.as_str().into(),
                            amount: v.unwrap_or(0.0),
                            category: None,
                        });
                    }
                } else {
                    for ((_, _, d), v) in months.iter().zip(&vals) {
                        out.rows.push(LedgerRow {
                            date: *d,
                            account: account.as_str().into(),
                            amount: v.unwrap_or(0.0),
                            category: None,
                        });
                    }
                }
            }
            out.map = AccountMap::new(entries);
        }
    }
    if out.rows.is_empty() && out.budget_rows.is_empty() {
        return Err(CellError::num(
            "No row of the range has an amount. Select the whole report or table.",
        ));
    }
    Ok(out)
}

/// Compares the recomputed statement with the totals printed in an export: one text per
/// mismatch larger than 0.005 (none when everything agrees).
pub fn check_totals(st: &Statement, input: &StatementInput) -> Vec<Text> {
    let mut out = Vec::new();
    for p in &input.printed_totals {
        for (lab, v) in &p.values {
            let Some(t) = st.labels.iter().position(|l| l == lab) else {
                continue;
            };
            let ours = st.value(&p.key, t).unwrap_or(0.0);
            if (ours - v).abs() > 0.005 {
                out.push(Text::new(
                    format!(
                        "The export's \"{}\" for {lab} is {v}, but the accounts add up to {ours}.",
                        p.label
                    ),
                    format!(
                        "El informe muestra \"{}\" de {lab} = {v}, pero las cuentas suman {ours}.",
                        p.label
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::pnl::statement::{Period, build_statement};

    fn t(s: &str) -> Cell {
        Cell::text(s)
    }

    #[test]
    fn month_labels() {
        assert_eq!(month_label(&t("Jan 2024")), Some((2024, 1)));
        assert_eq!(month_label(&t("Jan-24")), Some((2024, 1)));
        assert_eq!(month_label(&t("ene-24")), Some((2024, 1)));
        assert_eq!(month_label(&t("sept 2024")), Some((2024, 9)));
        assert_eq!(month_label(&t("2024-01")), Some((2024, 1)));
        assert_eq!(month_label(&t("03/2024")), Some((2024, 3)));
        assert_eq!(month_label(&t("31 Jan 2024")), Some((2024, 1)));
        assert_eq!(month_label(&t("Dic 2024")), Some((2024, 12)));
        // 2024-03-14 is serial 45365 (Excel).
        assert_eq!(month_label(&Cell::Number(45365.0)), Some((2024, 3)));
        assert_eq!(month_label(&t("Total")), None);
        assert_eq!(month_label(&t("Account")), None);
        assert_eq!(month_label(&t("Marketing")), None);
        assert_eq!(month_label(&t("Marketing 2024")), None);
        assert_eq!(month_label(&t("Septiembre 2024")), Some((2024, 9)));
        assert_eq!(month_label(&Cell::Number(12.0)), None);
    }

    /// A QuickBooks Online P&L as pasted, 3 months. Printed totals are right by construction:
    /// income 1,000/1,100/1,200 + 50 = 1,050/1,150/1,250; COGS 400/440/480; gross profit
    /// 650/710/770; expenses rent 200, payroll (parent) wages 300 each, advertising 25/30/35:
    /// 525/530/535; NOI 125/180/235; other income interest 5; other expenses 10; net other
    /// income −5; net income 120/175/230.
    pub(crate) fn qbo() -> Grid {
        let row = |l: &str, v: [&str; 4]| -> Vec<Cell> {
            let mut r = vec![t(l)];
            r.extend(
                v.iter()
                    .map(|x| if x.is_empty() { Cell::Empty } else { t(x) }),
            );
            r
        };
        let e = ["", "", "", ""];
        Grid::from_rows(vec![
            vec![t("Craig's Design and Landscaping Services")],
            vec![t("Profit and Loss")],
            vec![t("January - March, 2024")],
            vec![
                Cell::Empty,
                t("Jan 2024"),
                t("Feb 2024"),
                t("Mar 2024"),
                t("Total"),
            ],
            row("Income", e),
            row(
                "   Design income",
                ["$1,000.00", "$1,100.00", "$1,200.00", "$3,300.00"],
            ),
            row("   Services", ["50.00", "50.00", "50.00", "150.00"]),
            row(
                "Total Income",
                ["$1,050.00", "$1,150.00", "$1,250.00", "$3,450.00"],
            ),
            row("Cost of Goods Sold", e),
            row(
                "   Cost of Goods Sold",
                ["400.00", "440.00", "480.00", "1,320.00"],
            ),
            row(
                "Total Cost of Goods Sold",
                ["$400.00", "$440.00", "$480.00", "$1,320.00"],
            ),
            row(
                "Gross Profit",
                ["$650.00", "$710.00", "$770.00", "$2,130.00"],
            ),
            row("Expenses", e),
            row("   Rent or Lease", ["200.00", "200.00", "200.00", "600.00"]),
            row("   Payroll Expenses", e),
            row("      Wages", ["300.00", "300.00", "300.00", "900.00"]),
            row(
                "   Total Payroll Expenses",
                ["300.00", "300.00", "300.00", "900.00"],
            ),
            row("   Advertising", ["25.00", "30.00", "35.00", "90.00"]),
            row(
                "Total Expenses",
                ["$525.00", "$530.00", "$535.00", "$1,590.00"],
            ),
            row(
                "Net Operating Income",
                ["$125.00", "$180.00", "$235.00", "$540.00"],
            ),
            row("Other Income", e),
            row("   Interest Earned", ["5.00", "5.00", "5.00", "15.00"]),
            row("Total Other Income", ["$5.00", "$5.00", "$5.00", "$15.00"]),
            row("Other Expenses", e),
            row("   Penalties", ["10.00", "10.00", "10.00", "30.00"]),
            row(
                "Total Other Expenses",
                ["$10.00", "$10.00", "$10.00", "$30.00"],
            ),
            row(
                "Net Other Income",
                ["-$5.00", "-$5.00", "-$5.00", "-$15.00"],
            ),
            row("Net Income", ["$120.00", "$175.00", "$230.00", "$525.00"]),
            vec![],
            vec![t("Accrual basis Monday, April 1, 2024 10:00 AM GMT-07:00")],
        ])
    }

    /// A Xero P&L as pasted, 2 months ("Jan-24", "Feb-24"). By construction: sales 900/1,000;
    /// cost of sales 300/320; gross profit 600/680; operating expenses wages 250, rent 100,
    /// advertising (120) refund in Feb: 350/230; net profit before other 250/450; other income
    /// 20 → net profit 270/470.
    pub(crate) fn xero() -> Grid {
        let row = |l: &str, v: [&str; 2]| -> Vec<Cell> {
            let mut r = vec![t(l)];
            r.extend(
                v.iter()
                    .map(|x| if x.is_empty() { Cell::Empty } else { t(x) }),
            );
            r
        };
        let e = ["", ""];
        Grid::from_rows(vec![
            vec![t("Profit and Loss")],
            vec![t("Demo Company (AU)")],
            vec![t("For the 2 months ended 29 February 2024")],
            vec![],
            vec![t("Account"), t("Jan-24"), t("Feb-24")],
            row("Trading Income", e),
            row("Sales", ["900.00", "1,000.00"]),
            row("Total Trading Income", ["900.00", "1,000.00"]),
            row("Cost of Sales", e),
            row("Purchases", ["300.00", "320.00"]),
            row("Total Cost of Sales", ["300.00", "320.00"]),
            row("Gross Profit", ["600.00", "680.00"]),
            row("Operating Expenses", e),
            row("Wages and Salaries", ["250.00", "250.00"]),
            row("Rent", ["100.00", "100.00"]),
            row("Advertising", ["0.00", "(120.00)"]),
            row("Total Operating Expenses", ["350.00", "230.00"]),
            row("Other Income", e),
            row("Interest Income", ["20.00", "20.00"]),
            row("Total Other Income", ["20.00", "20.00"]),
            row("Net Profit", ["270.00", "470.00"]),
        ])
    }

    #[test]
    fn quickbooks_export_totals_match() {
        let g = qbo();
        let rec = recognise(&g).unwrap();
        assert_eq!(rec.shape, PnlShape::QuickBooks);
        assert!(rec.confidence >= 90);
        assert_eq!(rec.header_row, 3);
        assert_eq!(rec.month_cols().len(), 3); // "Total" is not a month
        let input = read_input(&g, &rec).unwrap();
        assert_eq!(input.printed_totals.len(), 8);
        let st = build_statement(&input.rows, Some(&input.map), Period::Month).unwrap();
        assert_eq!(st.labels, ["2024-01", "2024-02", "2024-03"]);
        assert!(
            check_totals(&st, &input).is_empty(),
            "{:?}",
            check_totals(&st, &input)
        );
        assert_eq!(st.value(&LineKey::NetIncome, 2), Some(230.0));
        assert_eq!(st.value(&LineKey::Opex("Rent".into()), 0), Some(200.0));
        assert_eq!(st.value(&LineKey::Opex("Salaries".into()), 0), Some(300.0));
        assert_eq!(st.value(&LineKey::Opex("Marketing".into()), 2), Some(35.0));
        assert!(st.unclassified().is_empty());
        // A wrong printed total is reported.
        let mut bad = input.clone();
        bad.printed_totals[0].values[0].1 = 999.0;
        assert_eq!(check_totals(&st, &bad).len(), 1);
    }

    #[test]
    fn xero_export_totals_match() {
        let g = xero();
        let rec = recognise(&g).unwrap();
        assert_eq!(rec.shape, PnlShape::Xero);
        assert!(rec.confidence >= 90);
        let input = read_input(&g, &rec).unwrap();
        let st = build_statement(&input.rows, Some(&input.map), Period::Month).unwrap();
        assert!(
            check_totals(&st, &input).is_empty(),
            "{:?}",
            check_totals(&st, &input)
        );
        assert_eq!(st.value(&LineKey::NetIncome, 1), Some(470.0));
        assert_eq!(
            st.value(&LineKey::Opex("Marketing".into()), 1),
            Some(-120.0)
        );
        assert_eq!(input.printed_totals.len(), 6);
    }

    #[test]
    fn trial_balance_ledger_and_budget() {
        let tb = Grid::from_rows(vec![
            vec![t("Trial balance 2024")],
            vec![t("Cuenta"), t("ene-24"), t("feb-24"), t("Total")],
            vec![t("4000 Ventas"), 100.0.into(), 120.0.into(), 220.0.into()],
            vec![t("6100 Sueldos"), 40.0.into(), 40.0.into(), 80.0.into()],
            vec![t("Total"), 140.0.into(), 160.0.into(), 300.0.into()],
        ]);
        let rec = recognise(&tb).unwrap();
        assert_eq!(rec.shape, PnlShape::TrialBalance);
        let input = read_input(&tb, &rec).unwrap();
        assert_eq!(input.rows.len(), 4);
        let st = build_statement(&input.rows, None, Period::Month).unwrap();
        assert_eq!(st.value(&LineKey::NetIncome, 1), Some(80.0));

        let led = Grid::from_rows(vec![
            vec![t("Export")],
            vec![
                t("Fecha"),
                t("Cuenta"),
                t("Debe"),
                t("Haber"),
                t("Departamento"),
            ],
            vec![
                t("2024-01-03"),
                t("Ventas"),
                Cell::Empty,
                500.0.into(),
                t("Norte"),
            ],
            vec![
                t("2024-01-09"),
                t("Alquiler"),
                100.0.into(),
                Cell::Empty,
                t("Norte"),
            ],
        ]);
        let rec = recognise(&led).unwrap();
        assert_eq!(rec.shape, PnlShape::Ledger);
        assert_eq!(rec.columns[2].0, "debit");
        let input = read_input(&led, &rec).unwrap();
        let st = build_statement(&input.rows, None, Period::Month).unwrap();
        assert!(st.flipped);
        assert_eq!(st.value(&LineKey::Revenue, 0), Some(500.0));
        assert_eq!(st.value(&LineKey::NetIncome, 0), Some(400.0));

        let avb = Grid::from_rows(vec![
            vec![t("Line"), t("Actual"), t("Budget")],
            vec![t("Revenue"), 1000.0.into(), 900.0.into()],
            vec![t("Rent"), 120.0.into(), 100.0.into()],
            vec![t("Total"), 880.0.into(), 800.0.into()],
        ]);
        let rec = recognise(&avb).unwrap();
        assert_eq!(rec.shape, PnlShape::ActualVsBudget);
        let input = read_input(&avb, &rec).unwrap();
        assert_eq!(input.budget_rows.len(), 2);
        assert_eq!(input.budget_rows[1].line_type, LineType::Expense);
        assert_eq!(input.budget_rows[0].line_type, LineType::Revenue);

        let junk = Grid::from_rows(vec![vec![t("a"), t("b")], vec![1.0.into(), 2.0.into()]]);
        assert!(recognise(&junk).is_none());
        let bad_date = Grid::from_rows(vec![
            vec![t("Date"), t("Account"), t("Amount")],
            vec![t("someday"), t("Sales"), 5.0.into()],
        ]);
        let rec = recognise(&bad_date).unwrap();
        let e = read_input(&bad_date, &rec).unwrap_err();
        assert!(e.message.contains("A2"), "{}", e.message);
    }
}
