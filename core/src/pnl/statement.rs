//! The P&L statement: ledger rows → one column per month (or quarter, or year), lines in the
//! standard order with subtotals and margins, plus per-line changes, YTD and trailing 12 months.
//!
//! Sign convention: costs are shown as positive amounts and subtracted. The ledger's own
//! convention is detected: when revenue sums negative (credits negative), every amount is
//! flipped; then, when the expense accounts sum negative (revenue +, expenses −), costs are
//! negated. Both decisions are recorded in [`Statement::notes`]. Accounts numbered 8xxx with no
//! keyword count as other income when they add to profit under the detected convention, else as
//! other expense (other expense when expenses are stored positive, as the sign says nothing then).

use super::classify::{AccountMap, Classification, OTHER_OPEX, PnlLine, Rule, classify};
use crate::cells::CellError;
use crate::report::Text;
use aism_ts::timeline::{serial_to_ymd, ymd_to_serial};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// One ledger entry.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    /// Date as an Excel serial.
    pub date: f64,
    /// Account name or code ("4000 Sales"), shared between the rows of one account.
    pub account: Rc<str>,
    /// Signed amount as the ledger stores it.
    pub amount: f64,
    /// Optional category: names the opex category of accounts that fall in
    /// "Other operating expenses".
    pub category: Option<String>,
}

/// The length of a statement column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Calendar months, labelled "2024-01".
    Month,
    /// Calendar quarters, labelled "2024-Q1".
    Quarter,
    /// Calendar years, labelled "2024".
    Year,
}

impl Period {
    /// Parses "month" | "quarter" | "year" (also "monthly", "mes", "trimestre", "año" …).
    pub fn parse(s: &str) -> Option<Period> {
        match super::classify::fold(s.trim()).as_str() {
            "month" | "monthly" | "m" | "mes" | "mensual" | "months" | "meses" => {
                Some(Period::Month)
            }
            "quarter" | "quarterly" | "q" | "trimestre" | "trimestral" | "quarters" => {
                Some(Period::Quarter)
            }
            "year" | "yearly" | "annual" | "y" | "ano" | "anual" | "years" => Some(Period::Year),
            _ => None,
        }
    }
    /// Periods per calendar year (12, 4, 1).
    pub fn per_year(self) -> usize {
        match self {
            Period::Month => 12,
            Period::Quarter => 4,
            Period::Year => 1,
        }
    }
    /// The running index of the period holding `serial` (year × per_year + part).
    fn index(self, serial: f64) -> Option<i64> {
        let (y, m, _) = serial_to_ymd(serial)?;
        let part = match self {
            Period::Month => i64::from(m) - 1,
            Period::Quarter => (i64::from(m) - 1) / 3,
            Period::Year => 0,
        };
        Some(i64::from(y) * self.per_year() as i64 + part)
    }
    fn year_of(self, idx: i64) -> i64 {
        idx.div_euclid(self.per_year() as i64)
    }
    /// "2024-01", "2024-Q1" or "2024".
    fn label(self, idx: i64) -> String {
        let y = self.year_of(idx);
        let part = idx.rem_euclid(self.per_year() as i64);
        match self {
            Period::Month => format!("{y}-{:02}", part + 1),
            Period::Quarter => format!("{y}-Q{}", part + 1),
            Period::Year => format!("{y}"),
        }
    }
    /// Serial of the first day of period `idx`.
    fn start(self, idx: i64) -> f64 {
        let y = self.year_of(idx) as i32;
        let part = idx.rem_euclid(self.per_year() as i64) as u32;
        let m = match self {
            Period::Month => part + 1,
            Period::Quarter => 3 * part + 1,
            Period::Year => 1,
        };
        ymd_to_serial(y, m, 1).unwrap_or(0.0)
    }
}

/// Most periods one statement may span (100 years of months).
pub const MAX_PERIODS: usize = 1200;

/// Which line of the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKey {
    /// Revenue.
    Revenue,
    /// Cost of goods sold.
    Cogs,
    /// Revenue − COGS.
    GrossProfit,
    /// One operating-expense category.
    Opex(String),
    /// Sum of the operating-expense categories.
    TotalOpex,
    /// Gross profit − total operating expenses (EBIT).
    OperatingIncome,
    /// Other income.
    OtherIncome,
    /// Other expense.
    OtherExpense,
    /// Operating income + other income − other expense.
    EarningsBeforeTax,
    /// Income tax.
    Taxes,
    /// Earnings before tax − taxes.
    NetIncome,
    /// Gross profit / revenue.
    GrossMargin,
    /// Operating income / revenue.
    OperatingMargin,
    /// Net income / revenue.
    NetMargin,
}

/// What a statement line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// An amount summed from accounts; `cost` lines reduce profit.
    Amount {
        /// True for COGS, opex, other expense and taxes.
        cost: bool,
    },
    /// A subtotal computed from other lines.
    Subtotal,
    /// A margin: a fraction of revenue (0.25 = 25 %).
    Margin,
}

/// One line of the statement.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementLine {
    /// Which line.
    pub key: LineKey,
    /// Name in English and Spanish (the English one is what AISM.PNL shows).
    pub name: Text,
    /// What it holds.
    pub kind: LineKind,
    /// One value per period (`None` for a margin when revenue is 0).
    pub values: Vec<Option<f64>>,
}

/// One account of the ledger and what was made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountSummary {
    /// The account as written.
    pub account: String,
    /// Its classification (after the sign decision for 8xxx accounts).
    pub classification: Classification,
    /// Total over all periods, after the sign flip (if any).
    pub total: f64,
    /// Number of ledger rows.
    pub rows: usize,
    /// Per-period amounts, after the sign flip (if any).
    pub values: Vec<f64>,
}

/// A change against an earlier period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// Difference (now − then).
    pub abs: f64,
    /// Relative change (abs / |then|), `None` when then is 0 or for margins.
    pub rel: Option<f64>,
}

/// A P&L statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Column length.
    pub period: Period,
    /// Column labels ("2024-01" …), contiguous from the first to the last period with data.
    pub labels: Vec<String>,
    /// Serial of the first day of each column.
    pub starts: Vec<f64>,
    /// Running period index of each column (year × periods per year + part).
    indices: Vec<i64>,
    /// Lines in statement order (margins last).
    pub lines: Vec<StatementLine>,
    /// Every account with its classification, largest |total| first.
    pub accounts: Vec<AccountSummary>,
    /// True when every amount was flipped (credit-negative ledger).
    pub flipped: bool,
    /// True when expenses were stored as negative amounts (after the flip).
    pub expenses_negative: bool,
    /// Notes about sign decisions and accounts left out.
    pub notes: Vec<Text>,
}

fn opex_es(cat: &str) -> String {
    match cat {
        "Salaries" => "Sueldos",
        "Rent" => "Alquiler",
        "Marketing" => "Publicidad",
        "Utilities" => "Servicios",
        "Depreciation" => "Depreciación",
        "Insurance" => "Seguros",
        "Professional fees" => "Honorarios",
        "Travel" => "Viajes",
        "Office" => "Oficina",
        OTHER_OPEX => "Otros gastos operativos",
        other => other,
    }
    .to_string()
}

impl LineKey {
    /// English and Spanish name.
    pub fn name(&self) -> Text {
        let (en, es) = match self {
            LineKey::Revenue => ("Revenue", "Ingresos"),
            LineKey::Cogs => ("COGS", "Costo de ventas"),
            LineKey::GrossProfit => ("Gross profit", "Utilidad bruta"),
            LineKey::Opex(c) => return Text::new(c.clone(), opex_es(c)),
            LineKey::TotalOpex => ("Total operating expenses", "Total gastos operativos"),
            LineKey::OperatingIncome => ("Operating income (EBIT)", "Utilidad operativa (EBIT)"),
            LineKey::OtherIncome => ("Other income", "Otros ingresos"),
            LineKey::OtherExpense => ("Other expense", "Otros gastos"),
            LineKey::EarningsBeforeTax => ("Earnings before tax", "Utilidad antes de impuestos"),
            LineKey::Taxes => ("Taxes", "Impuestos"),
            LineKey::NetIncome => ("Net income", "Utilidad neta"),
            LineKey::GrossMargin => ("Gross margin %", "Margen bruto %"),
            LineKey::OperatingMargin => ("Operating margin %", "Margen operativo %"),
            LineKey::NetMargin => ("Net margin %", "Margen neto %"),
        };
        Text::new(en, es)
    }
}

impl Statement {
    /// Number of periods (columns).
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    /// True when the statement has no periods.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    /// The line `key`, if present (opex categories appear only when they have amounts).
    pub fn line(&self, key: &LineKey) -> Option<&StatementLine> {
        self.lines.iter().find(|l| &l.key == key)
    }
    /// The value of line `key` in period `t`.
    pub fn value(&self, key: &LineKey, t: usize) -> Option<f64> {
        self.line(key)
            .and_then(|l| l.values.get(t).copied().flatten())
    }
    /// Accounts that no rule classified, largest |total| first.
    pub fn unclassified(&self) -> Vec<&AccountSummary> {
        self.accounts
            .iter()
            .filter(|a| a.classification.line == PnlLine::Unclassified)
            .collect()
    }
    /// Sum of line `key` over periods `a..=b` (for a margin: the margin of the sums).
    fn aggregate(&self, key: &LineKey, a: usize, b: usize) -> Option<f64> {
        let margin_of = |num: &LineKey| -> Option<f64> {
            let n = self.aggregate(num, a, b)?;
            let r = self.aggregate(&LineKey::Revenue, a, b)?;
            (r != 0.0).then(|| n / r)
        };
        match key {
            LineKey::GrossMargin => margin_of(&LineKey::GrossProfit),
            LineKey::OperatingMargin => margin_of(&LineKey::OperatingIncome),
            LineKey::NetMargin => margin_of(&LineKey::NetIncome),
            _ => {
                let l = self.line(key)?;
                let vals = l.values.get(a..=b)?;
                Some(vals.iter().map(|v| v.unwrap_or(0.0)).sum())
            }
        }
    }
    /// Change of line `key` in period `t` against `lag` periods earlier.
    fn change(&self, key: &LineKey, t: usize, lag: usize) -> Option<Change> {
        let then_t = t.checked_sub(lag)?;
        let now = self.value(key, t)?;
        let then = self.value(key, then_t)?;
        let margin = matches!(
            self.line(key).map(|l| l.kind),
            Some(LineKind::Margin) | None
        );
        Some(Change {
            abs: now - then,
            rel: (!margin && then != 0.0).then(|| (now - then) / then.abs()),
        })
    }
    /// Change against the previous period (month-over-month for a monthly statement).
    pub fn mom(&self, key: &LineKey, t: usize) -> Option<Change> {
        self.change(key, t, 1)
    }
    /// Change against the same period one year earlier, when it is in the statement.
    pub fn yoy(&self, key: &LineKey, t: usize) -> Option<Change> {
        self.change(key, t, self.period.per_year())
    }
    /// Year to date at period `t`: from the first period of `t`'s calendar year present in the
    /// statement through `t` (for a margin, the margin of the YTD sums).
    pub fn ytd(&self, key: &LineKey, t: usize) -> Option<f64> {
        let idx = *self.indices.get(t)?;
        let year = self.period.year_of(idx);
        let first = self
            .indices
            .iter()
            .position(|&i| self.period.year_of(i) == year)?;
        self.aggregate(key, first, t)
    }
    /// Trailing twelve months at period `t` (the last 12 months, 4 quarters or 1 year ending at
    /// `t`); `None` when the statement does not reach that far back.
    pub fn t12m(&self, key: &LineKey, t: usize) -> Option<f64> {
        let w = self.period.per_year();
        let a = (t + 1).checked_sub(w)?;
        self.aggregate(key, a, t)
    }
}

fn note(en: String, es: String) -> Text {
    Text::new(en, es)
}

/// The largest amount a ledger line may carry; sums of such amounts stay finite and exact to the
/// cent far beyond any real ledger.
pub const MAX_AMOUNT: f64 = 1e15;

/// Builds the statement of `rows` (see the module docs).
///
/// Errors: `#NUM!` when no row belongs to a P&L line (every account is a balance-sheet account
/// or unclassified), when there are no rows, when an amount exceeds [`MAX_AMOUNT`], or when the
/// dates span more than [`MAX_PERIODS`] periods; `#VALUE!` for a date outside Excel's calendar.
pub fn build_statement(
    rows: &[LedgerRow],
    map: Option<&AccountMap>,
    period: Period,
) -> Result<Statement, CellError> {
    // Accounts in first-seen order, interned: each row refers to its account by index, so the
    // per-row work is one hash lookup (a ledger has millions of rows and a few hundred accounts).
    let mut order: Vec<&str> = Vec::new();
    let mut class: Vec<Classification> = Vec::new();
    let mut id_of: HashMap<&str, usize> = HashMap::new();
    let mut acc_of_row: Vec<usize> = Vec::with_capacity(rows.len());
    let mut idx_of_row: Vec<i64> = Vec::with_capacity(rows.len());
    let mut last_day: Option<(f64, i64)> = None;
    for (i, r) in rows.iter().enumerate() {
        let day = r.date.floor();
        let idx = match last_day {
            Some((d, idx)) if d == day => Some(idx),
            _ => period.index(r.date),
        }
        .ok_or_else(|| {
            CellError::value(format!(
                "Row {}: the date {} is not a date between 1900 and 9999. Fix that date.",
                i + 1,
                r.date
            ))
        })?;
        last_day = Some((day, idx));
        if !r.amount.is_finite() || r.amount.abs() > MAX_AMOUNT {
            return Err(CellError::num(format!(
                "Row {}: the amount {} is larger than any ledger amount (at most 1e15 in absolute value). Fix that amount.",
                i + 1,
                r.amount
            )));
        }
        idx_of_row.push(idx);
        let id = *id_of.entry(&r.account).or_insert_with(|| {
            order.push(&r.account);
            class.push(classify(&r.account, map));
            order.len() - 1
        });
        acc_of_row.push(id);
    }
    let (Some(&lo), Some(&hi)) = (idx_of_row.iter().min(), idx_of_row.iter().max()) else {
        return Err(CellError::num(
            "There are no ledger rows with a date, an account and an amount. Select the ledger's columns.",
        ));
    };
    let n = (hi - lo + 1) as usize;
    if n > MAX_PERIODS {
        return Err(CellError::num(format!(
            "The dates span {n} periods, more than the {MAX_PERIODS} a statement can show. Check the date column or use a longer period (\"quarter\" or \"year\")."
        )));
    }
    if !acc_of_row
        .iter()
        .any(|&a| class.get(a).is_some_and(|c| c.line.is_pnl()))
    {
        return Err(CellError::num(
            "No account could be classified into a P&L line (revenue, COGS, expenses, taxes): they are all balance-sheet accounts or unknown names. Use account numbers (4xxx revenue, 5xxx COGS, 6xxx–7xxx expenses) or give an account_map.",
        ));
    }

    // Per-account per-period sums, as stored.
    let mut acc_vals: Vec<(Vec<f64>, usize)> = vec![(vec![0.0; n], 0); order.len()];
    for ((r, &idx), &a) in rows.iter().zip(&idx_of_row).zip(&acc_of_row) {
        if let Some(e) = acc_vals.get_mut(a) {
            if let Some(v) = e.0.get_mut((idx - lo) as usize) {
                *v += r.amount;
            }
            e.1 += 1;
        }
    }
    let account_total = |a: usize| acc_vals.get(a).map_or(0.0, |v| v.0.iter().sum::<f64>());

    // Sign convention.
    let revenue_raw: f64 = (0..order.len())
        .filter(|&a| class.get(a).map(|c| &c.line) == Some(&PnlLine::Revenue))
        .map(account_total)
        .sum();
    let flipped = revenue_raw < 0.0;
    let s = if flipped { -1.0 } else { 1.0 };
    let cost_raw: f64 = (0..order.len())
        .filter(|&a| {
            class
                .get(a)
                .is_some_and(|c| c.line.is_cost() && c.rule != Rule::NumberingSign)
        })
        .map(|a| s * account_total(a))
        .sum();
    let expenses_negative = cost_raw < 0.0;
    let mut notes = Vec::new();
    if flipped {
        notes.push(note(
            "Revenue summed negative (credits stored as negative amounts), so every amount's sign was flipped.".into(),
            "Los ingresos sumaban negativo (abonos con signo negativo), así que se invirtió el signo de todos los importes.".into(),
        ));
        for (values, _) in &mut acc_vals {
            for v in values.iter_mut() {
                *v = -*v;
            }
        }
    }
    if expenses_negative {
        notes.push(note(
            "Expenses are stored as negative amounts; they are shown as positive costs.".into(),
            "Los gastos están con signo negativo; se muestran como costos positivos.".into(),
        ));
    }
    // Resolve 8xxx-by-sign accounts.
    for (a, c) in class.iter_mut().enumerate() {
        if c.rule == Rule::NumberingSign {
            let total: f64 = acc_vals.get(a).map_or(0.0, |v| v.0.iter().sum());
            c.line = if expenses_negative && total >= 0.0 {
                PnlLine::OtherIncome
            } else {
                PnlLine::OtherExpense
            };
        }
    }

    // Line sums: whole accounts, except opex rows whose own category names their line.
    let mut revenue = vec![0.0; n];
    let mut cogs = vec![0.0; n];
    let mut oi = vec![0.0; n];
    let mut oe = vec![0.0; n];
    let mut taxes = vec![0.0; n];
    let mut opex: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let cost_sign = if expenses_negative { -1.0 } else { 1.0 };
    let add = |target: &mut Vec<f64>, values: &[f64], sign: f64| {
        for (t, v) in target.iter_mut().zip(values) {
            *t += sign * v;
        }
    };
    // Accounts that take their category from the rows (opex "other" without a map entry).
    let by_row_category = |c: &Classification| {
        matches!(&c.line, PnlLine::Opex(cat) if cat == OTHER_OPEX) && c.rule != Rule::Map
    };
    let any_row_category = rows.iter().any(|r| r.category.is_some());
    for (a, c) in class.iter().enumerate() {
        let Some((values, _)) = acc_vals.get(a) else {
            continue;
        };
        match &c.line {
            PnlLine::Revenue => add(&mut revenue, values, 1.0),
            PnlLine::Cogs => add(&mut cogs, values, cost_sign),
            PnlLine::OtherIncome => add(&mut oi, values, 1.0),
            PnlLine::OtherExpense => add(&mut oe, values, cost_sign),
            PnlLine::Taxes => add(&mut taxes, values, cost_sign),
            PnlLine::Opex(_) if any_row_category && by_row_category(c) => {}
            PnlLine::Opex(cat) => add(
                opex.entry(cat.clone()).or_insert_with(|| vec![0.0; n]),
                values,
                cost_sign,
            ),
            PnlLine::NotPnl | PnlLine::Unclassified => {}
        }
    }
    if any_row_category {
        for ((r, &idx), &a) in rows.iter().zip(&idx_of_row).zip(&acc_of_row) {
            if !class.get(a).is_some_and(by_row_category) {
                continue;
            }
            let cat = match &r.category {
                Some(rc) if !rc.trim().is_empty() => rc.trim().to_string(),
                _ => OTHER_OPEX.to_string(),
            };
            let v = opex.entry(cat).or_insert_with(|| vec![0.0; n]);
            if let Some(slot) = v.get_mut((idx - lo) as usize) {
                *slot += cost_sign * s * r.amount;
            }
        }
    }
    let mut cats: Vec<(String, Vec<f64>)> = opex.into_iter().collect();
    cats.sort_by(|a, b| {
        let other = |c: &str| c == OTHER_OPEX;
        other(&a.0).cmp(&other(&b.0)).then_with(|| {
            let ta: f64 = a.1.iter().map(|x| x.abs()).sum();
            let tb: f64 = b.1.iter().map(|x| x.abs()).sum();
            tb.total_cmp(&ta).then_with(|| a.0.cmp(&b.0))
        })
    });
    let zip = |a: &[f64], b: &[f64], f: fn(f64, f64) -> f64| -> Vec<f64> {
        a.iter().zip(b).map(|(x, y)| f(*x, *y)).collect()
    };
    let gross = zip(&revenue, &cogs, |a, b| a - b);
    let mut total_opex = vec![0.0; n];
    for (_, v) in &cats {
        total_opex = zip(&total_opex, v, |a, b| a + b);
    }
    let ebit = zip(&gross, &total_opex, |a, b| a - b);
    let ebt: Vec<f64> = ebit
        .iter()
        .zip(&oi)
        .zip(&oe)
        .map(|((e, i), o)| e + i - o)
        .collect();
    let net = zip(&ebt, &taxes, |a, b| a - b);
    let ratio = |num: &[f64]| -> Vec<Option<f64>> {
        num.iter()
            .zip(&revenue)
            .map(|(x, r)| (*r != 0.0).then(|| x / r))
            .collect()
    };
    let some = |v: &[f64]| -> Vec<Option<f64>> { v.iter().copied().map(Some).collect() };
    let amount = |key: LineKey, v: &[f64], cost: bool| StatementLine {
        name: key.name(),
        key,
        kind: LineKind::Amount { cost },
        values: some(v),
    };
    let subtotal = |key: LineKey, v: &[f64]| StatementLine {
        name: key.name(),
        key,
        kind: LineKind::Subtotal,
        values: some(v),
    };
    let margin = |key: LineKey, v: Vec<Option<f64>>| StatementLine {
        name: key.name(),
        key,
        kind: LineKind::Margin,
        values: v,
    };
    let mut lines = vec![
        amount(LineKey::Revenue, &revenue, false),
        amount(LineKey::Cogs, &cogs, true),
        subtotal(LineKey::GrossProfit, &gross),
    ];
    for (c, v) in &cats {
        lines.push(amount(LineKey::Opex(c.clone()), v, true));
    }
    lines.extend([
        subtotal(LineKey::TotalOpex, &total_opex),
        subtotal(LineKey::OperatingIncome, &ebit),
        amount(LineKey::OtherIncome, &oi, false),
        amount(LineKey::OtherExpense, &oe, true),
        subtotal(LineKey::EarningsBeforeTax, &ebt),
        amount(LineKey::Taxes, &taxes, true),
        subtotal(LineKey::NetIncome, &net),
        margin(LineKey::GrossMargin, ratio(&gross)),
        margin(LineKey::OperatingMargin, ratio(&ebit)),
        margin(LineKey::NetMargin, ratio(&net)),
    ]);

    let mut accounts: Vec<AccountSummary> = order
        .iter()
        .zip(class)
        .zip(acc_vals)
        .map(|((a, classification), (values, rows))| AccountSummary {
            account: a.to_string(),
            classification,
            total: values.iter().sum(),
            rows,
            values,
        })
        .collect();
    accounts.sort_by(|a, b| b.total.abs().total_cmp(&a.total.abs()));
    let n_not = accounts
        .iter()
        .filter(|a| a.classification.line == PnlLine::NotPnl)
        .count();
    if n_not > 0 {
        notes.push(note(
            format!("{n_not} balance-sheet accounts (assets, liabilities, equity) were left out of the statement."),
            format!("Se dejaron fuera del estado {n_not} cuentas de balance (activos, pasivos, capital)."),
        ));
    }
    let n_unc = accounts
        .iter()
        .filter(|a| a.classification.line == PnlLine::Unclassified)
        .count();
    if n_unc > 0 {
        notes.push(note(
            format!("{n_unc} accounts could not be classified; they are listed separately and not counted in net income. Give them a line in an account map."),
            format!("{n_unc} cuentas no se pudieron clasificar; se listan aparte y no cuentan en la utilidad neta. Asígneles una línea en un mapa de cuentas."),
        ));
    }
    let indices: Vec<i64> = (lo..=hi).collect();
    Ok(Statement {
        period,
        labels: indices.iter().map(|&i| period.label(i)).collect(),
        starts: indices.iter().map(|&i| period.start(i)).collect(),
        indices,
        lines,
        accounts,
        flipped,
        expenses_negative,
        notes,
    })
}

#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    pub(crate) fn d(m: usize) -> f64 {
        ymd_to_serial(2023 + (m / 12) as i32, (m % 12) as u32 + 1, 15).unwrap()
    }
    pub(crate) fn row(m: usize, a: &str, x: f64) -> LedgerRow {
        LedgerRow {
            date: d(m),
            account: a.into(),
            amount: x,
            category: None,
        }
    }

    /// 24 months (Jan 2023 – Dec 2024) with fixed amounts per account per month, month index
    /// m = 0..23. By construction: revenue 1500 + 10m, COGS 400 + 4m, gross profit 1100 + 6m,
    /// opex Salaries 200 (two rows 120 + 80), Rent 100, Marketing 50 + m, total 350 + m,
    /// EBIT 750 + 5m, other income 10, other expense 20, EBT 740 + 5m, taxes 30,
    /// net income 710 + 5m. Cash (balance sheet) and "Misc stuff" (unclassified) are left out.
    pub(crate) fn synthetic(credit_negative: bool) -> Vec<LedgerRow> {
        let sg = if credit_negative { -1.0 } else { 1.0 };
        let mut rows = Vec::new();
        for m in 0..24 {
            let mf = m as f64;
            rows.push(row(m, "4000 Sales", sg * (1000.0 + 10.0 * mf)));
            rows.push(row(m, "Ventas servicios", sg * 500.0));
            rows.push(row(m, "5000 Cost of goods", 400.0 + 4.0 * mf));
            rows.push(row(m, "6100 Salaries", 120.0));
            rows.push(row(m, "6100 Salaries", 80.0));
            rows.push(row(m, "Alquiler", 100.0));
            rows.push(row(m, "Marketing", 50.0 + mf));
            rows.push(row(m, "8100 Interest income", sg * 10.0));
            rows.push(row(m, "Interest expense", 20.0));
            rows.push(row(m, "9000 Income tax", 30.0));
            rows.push(row(m, "1000 Cash", 999.0));
            rows.push(row(m, "Misc stuff", 7.0));
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::tests_support::{row, synthetic};

    fn check_known(st: &Statement) {
        assert_eq!(st.len(), 24);
        assert_eq!(st.labels[0], "2023-01");
        assert_eq!(st.labels[23], "2024-12");
        for m in 0..24 {
            let mf = m as f64;
            let rev = 1500.0 + 10.0 * mf;
            let expect = [
                (LineKey::Revenue, rev),
                (LineKey::Cogs, 400.0 + 4.0 * mf),
                (LineKey::GrossProfit, 1100.0 + 6.0 * mf),
                (LineKey::Opex("Salaries".into()), 200.0),
                (LineKey::Opex("Rent".into()), 100.0),
                (LineKey::Opex("Marketing".into()), 50.0 + mf),
                (LineKey::TotalOpex, 350.0 + mf),
                (LineKey::OperatingIncome, 750.0 + 5.0 * mf),
                (LineKey::OtherIncome, 10.0),
                (LineKey::OtherExpense, 20.0),
                (LineKey::EarningsBeforeTax, 740.0 + 5.0 * mf),
                (LineKey::Taxes, 30.0),
                (LineKey::NetIncome, 710.0 + 5.0 * mf),
                (LineKey::GrossMargin, (1100.0 + 6.0 * mf) / rev),
                (LineKey::OperatingMargin, (750.0 + 5.0 * mf) / rev),
                (LineKey::NetMargin, (710.0 + 5.0 * mf) / rev),
            ];
            for (k, v) in expect {
                let got = st.value(&k, m).unwrap();
                assert!((got - v).abs() < 1e-9, "{k:?} m={m}: {got} vs {v}");
            }
        }
        // Order of lines: Salaries (largest opex) first.
        let names: Vec<&str> = st.lines.iter().map(|l| l.name.en.as_str()).collect();
        assert_eq!(
            names,
            [
                "Revenue",
                "COGS",
                "Gross profit",
                "Salaries",
                "Rent",
                "Marketing",
                "Total operating expenses",
                "Operating income (EBIT)",
                "Other income",
                "Other expense",
                "Earnings before tax",
                "Taxes",
                "Net income",
                "Gross margin %",
                "Operating margin %",
                "Net margin %"
            ]
        );
        // YTD and T12M (m = 17 is Jun 2024): revenue YTD = Σ_{12..17}(1500+10m) = 9000 + 870;
        // T12M = Σ_{6..17} = 18000 + 1380. Dec 2024 (m = 23): YTD = T12M = 18000 + 2100.
        let r = LineKey::Revenue;
        assert_eq!(st.ytd(&r, 17), Some(9870.0));
        assert_eq!(st.t12m(&r, 17), Some(19380.0));
        assert_eq!(st.ytd(&r, 23), Some(20100.0));
        assert_eq!(st.t12m(&r, 23), Some(20100.0));
        assert_eq!(st.t12m(&r, 10), None);
        // Jan 2023 YTD is the month itself.
        assert_eq!(st.ytd(&r, 0), Some(1500.0));
        // Net income YTD Jun 2024 = Σ_{12..17}(710+5m) = 4260 + 435.
        assert_eq!(st.ytd(&LineKey::NetIncome, 17), Some(4695.0));
        let ytd_margin = st.ytd(&LineKey::NetMargin, 17).unwrap();
        assert!((ytd_margin - 4695.0 / 9870.0).abs() < 1e-12);
        // MoM and YoY.
        let mom = st.mom(&r, 17).unwrap();
        assert_eq!(mom.abs, 10.0);
        assert!((mom.rel.unwrap() - 10.0 / 1660.0).abs() < 1e-12);
        let yoy = st.yoy(&r, 17).unwrap();
        assert_eq!(yoy.abs, 120.0);
        assert!((yoy.rel.unwrap() - 120.0 / 1550.0).abs() < 1e-12);
        assert!(st.yoy(&r, 11).is_none());
        assert!(st.mom(&r, 0).is_none());
        let m_yoy = st.yoy(&LineKey::NetMargin, 17).unwrap();
        assert!(m_yoy.rel.is_none());
        // Unclassified and balance-sheet accounts.
        let unc = st.unclassified();
        assert_eq!(unc.len(), 1);
        assert_eq!(unc[0].account, "Misc stuff");
        assert_eq!(unc[0].rows, 24);
        assert!(
            st.accounts
                .iter()
                .any(|a| a.account == "1000 Cash" && a.classification.line == PnlLine::NotPnl)
        );
    }

    #[test]
    fn known_by_construction_statement() {
        let st = build_statement(&synthetic(false), None, Period::Month).unwrap();
        assert!(!st.flipped && !st.expenses_negative);
        check_known(&st);
    }

    #[test]
    fn credit_negative_ledger_is_flipped() {
        // Debit-positive GL: revenue and income are credits (negative), expenses debits.
        let st = build_statement(&synthetic(true), None, Period::Month).unwrap();
        assert!(st.flipped && st.expenses_negative);
        check_known(&st);
        assert!(st.notes.iter().any(|n| n.en.contains("flipped")));
    }

    #[test]
    fn quarterly_and_yearly() {
        let q = build_statement(&synthetic(false), None, Period::Quarter).unwrap();
        assert_eq!(q.labels.len(), 8);
        assert_eq!(q.labels[0], "2023-Q1");
        // Q1 2023 revenue = 3·1500 + 10·(0+1+2) = 4530.
        assert_eq!(q.value(&LineKey::Revenue, 0), Some(4530.0));
        // T12M at Q4 2024 = revenue of 2024 = 20100; YoY of Q1 2024 vs Q1 2023 = 3·120.
        assert_eq!(q.t12m(&LineKey::Revenue, 7), Some(20100.0));
        assert_eq!(q.yoy(&LineKey::Revenue, 4).unwrap().abs, 360.0);
        let y = build_statement(&synthetic(false), None, Period::Year).unwrap();
        assert_eq!(y.labels, ["2023", "2024"]);
        // 2023 revenue = 18000 + 10·66.
        assert_eq!(y.value(&LineKey::Revenue, 0), Some(18660.0));
        assert_eq!(
            y.value(&LineKey::NetIncome, 1),
            Some(12.0 * 710.0 + 5.0 * 210.0)
        );
    }

    #[test]
    fn sign_decided_8xxx_and_category_column() {
        // Revenue +, expenses − (cash-flow style): 8300 positive → other income.
        let mut rows = vec![
            row(0, "Sales", 100.0),
            row(0, "Rent", -30.0),
            row(0, "8300", 5.0),
            row(0, "8400", -2.0),
        ];
        rows.push(LedgerRow {
            category: Some("Software".into()),
            ..row(0, "6500", -4.0)
        });
        let st = build_statement(&rows, None, Period::Month).unwrap();
        assert!(st.expenses_negative);
        assert_eq!(st.value(&LineKey::OtherIncome, 0), Some(5.0));
        assert_eq!(st.value(&LineKey::OtherExpense, 0), Some(2.0));
        assert_eq!(st.value(&LineKey::Opex("Software".into()), 0), Some(4.0));
        assert_eq!(
            st.value(&LineKey::NetIncome, 0),
            Some(100.0 - 30.0 + 5.0 - 2.0 - 4.0)
        );
    }

    #[test]
    fn errors() {
        let e = build_statement(&[], None, Period::Month).unwrap_err();
        assert_eq!(e.kind, crate::cells::ErrorKind::Num);
        let only_bs = vec![row(0, "Cash", 1.0), row(1, "Misc", 2.0)];
        let e = build_statement(&only_bs, None, Period::Month).unwrap_err();
        assert_eq!(e.kind, crate::cells::ErrorKind::Num);
        let wide = vec![
            row(0, "Sales", 1.0),
            LedgerRow {
                date: 2_900_000.0,
                ..row(0, "Sales", 1.0)
            },
        ];
        let e = build_statement(&wide, None, Period::Month).unwrap_err();
        assert_eq!(e.kind, crate::cells::ErrorKind::Num);
        let bad = vec![LedgerRow {
            date: -5.0,
            ..row(0, "Sales", 1.0)
        }];
        let e = build_statement(&bad, None, Period::Month).unwrap_err();
        assert_eq!(e.kind, crate::cells::ErrorKind::Value);
        assert_eq!(Period::parse("Trimestre"), Some(Period::Quarter));
        assert_eq!(Period::parse("week"), None);
    }
}
