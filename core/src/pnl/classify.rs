//! Account classification into P&L lines.
//!
//! Rules, in precedence: an explicit account map (account → line name, English or Spanish),
//! standard account numbering (a leading 4-digit code: 1xxx–3xxx balance sheet, 4xxx revenue,
//! 5xxx COGS, 6xxx–7xxx operating expenses, 8xxx other income/expense, 9xxx taxes), then name
//! keywords in English and Spanish (accent- and case-insensitive, whole words). Every
//! [`Classification`] records the [`Rule`] that decided it.

use crate::cells::{Cell, CellError, Grid};

/// A P&L line an account belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PnlLine {
    /// Sales and other operating revenue.
    Revenue,
    /// Cost of goods sold / cost of sales.
    Cogs,
    /// An operating expense of the named category ("Salaries", "Rent" …).
    Opex(String),
    /// Non-operating income (interest income, gains).
    OtherIncome,
    /// Non-operating expense (interest expense, losses).
    OtherExpense,
    /// Income tax.
    Taxes,
    /// A balance-sheet account (assets, liabilities, equity): not part of the P&L.
    NotPnl,
    /// No rule applied: listed in results, never silently dropped.
    Unclassified,
}

impl PnlLine {
    /// True for lines that reduce profit when positive (COGS, opex, other expense, taxes).
    pub fn is_cost(&self) -> bool {
        matches!(
            self,
            PnlLine::Cogs | PnlLine::Opex(_) | PnlLine::OtherExpense | PnlLine::Taxes
        )
    }
    /// True for the lines that enter the statement (not `NotPnl`, not `Unclassified`).
    pub fn is_pnl(&self) -> bool {
        !matches!(self, PnlLine::NotPnl | PnlLine::Unclassified)
    }
    /// The English name of the line (`"Revenue"`, `"Salaries"` for an opex category).
    pub fn name(&self) -> String {
        match self {
            PnlLine::Revenue => "Revenue".into(),
            PnlLine::Cogs => "COGS".into(),
            PnlLine::Opex(c) => c.clone(),
            PnlLine::OtherIncome => "Other income".into(),
            PnlLine::OtherExpense => "Other expense".into(),
            PnlLine::Taxes => "Taxes".into(),
            PnlLine::NotPnl => "Not P&L".into(),
            PnlLine::Unclassified => "Unclassified".into(),
        }
    }
}

/// Which rule classified an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The explicit account map.
    Map,
    /// Standard account numbering (leading 4-digit code).
    Numbering,
    /// Standard numbering 8xxx with no keyword: income or expense decided by the sign of the
    /// account's total once the ledger's sign convention is known.
    NumberingSign,
    /// Name keywords.
    Keyword,
    /// Nothing applied.
    None,
}

/// The line of one account and the rule that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// The P&L line.
    pub line: PnlLine,
    /// The rule used.
    pub rule: Rule,
}

/// Default operating-expense category.
pub const OTHER_OPEX: &str = "Other operating expenses";

/// Lower-cases and removes Spanish/Latin accents (á→a, ñ→n, ü→u).
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// Folded alphanumeric words of `s`.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when `phrase` (space-separated words) occurs as consecutive whole words in `w`.
fn has_phrase(w: &[String], phrase: &str) -> bool {
    let p: Vec<&str> = phrase.split(' ').collect();
    if p.is_empty() || p.len() > w.len() {
        return false;
    }
    w.windows(p.len())
        .any(|win| win.iter().zip(&p).all(|(a, b)| a == b))
}

fn any_phrase(w: &[String], phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has_phrase(w, p))
}

/// The leading 4-digit account code of `account` (`"4000 Sales"`, `"4000 - Sales"`,
/// `"4000.10"`, `"4000"`), if any.
pub fn account_code(account: &str) -> Option<u32> {
    let t = account.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() != 4 {
        return None;
    }
    let rest = t.get(4..).unwrap_or("");
    let ok = match rest.chars().next() {
        None => true,
        Some(c) => c.is_whitespace() || c == '-' || c == '.' || c == ':' || c == '_' || c == '/',
    };
    if ok { digits.parse().ok() } else { None }
}

const BALANCE_SHEET: &[&str] = &[
    "cash",
    "petty cash",
    "bank",
    "banks",
    "receivable",
    "receivables",
    "payable",
    "payables",
    "accumulated depreciation",
    "accumulated amortization",
    "inventory",
    "inventories",
    "prepaid",
    "retained earnings",
    "equity",
    "capital stock",
    "share capital",
    "loan payable",
    "accrued",
    "caja",
    "bancos",
    "banco",
    "clientes",
    "proveedores",
    "cuentas por cobrar",
    "cuentas por pagar",
    "depreciacion acumulada",
    "amortizacion acumulada",
    "inventario",
    "inventarios",
    "capital social",
    "utilidades retenidas",
    "acreedores",
    "deudores",
];

/// Bank charges are P&L even though they name a bank.
const BANK_CHARGES: &[&str] = &[
    "bank charges",
    "bank fees",
    "bank service charges",
    "comisiones bancarias",
    "gastos bancarios",
];

const TAXES: &[&str] = &[
    "income tax",
    "income taxes",
    "corporate tax",
    "corporation tax",
    "tax expense",
    "impuesto sobre la renta",
    "impuesto a la renta",
    "impuesto de renta",
    "impuesto sobre sociedades",
    "impuesto a las ganancias",
    "isr",
    "provision for income taxes",
];

const OTHER_INCOME: &[&str] = &[
    "interest income",
    "interest earned",
    "other income",
    "dividend income",
    "gain",
    "gains",
    "otros ingresos",
    "intereses ganados",
    "ingresos financieros",
    "ingresos por intereses",
    "productos financieros",
    "ganancia",
    "ganancias",
];

const OTHER_EXPENSE: &[&str] = &[
    "interest expense",
    "interest",
    "other expense",
    "other expenses",
    "loss",
    "losses",
    "bank charges",
    "bank fees",
    "finance costs",
    "otros gastos",
    "intereses",
    "intereses pagados",
    "gastos financieros",
    "comisiones bancarias",
    "perdida",
    "perdidas",
];

const COGS: &[&str] = &[
    "cost of goods sold",
    "cost of goods",
    "cost of sales",
    "cost of revenue",
    "cogs",
    "costo de ventas",
    "coste de ventas",
    "costo de lo vendido",
    "costo de venta",
    "costos de ventas",
    "cost of services",
    "costo de los servicios",
    "purchases",
    "compras",
    "materials",
    "materia prima",
];

/// Operating-expense categories: (English name, Spanish name, keywords).
const OPEX: &[(&str, &str, &[&str])] = &[
    (
        "Salaries",
        "Sueldos",
        &[
            "salaries",
            "salary",
            "wages",
            "payroll",
            "sueldos",
            "sueldo",
            "salarios",
            "nomina",
            "nominas",
            "employee benefits",
            "benefits",
            "commissions",
            "comisiones",
            "prestaciones",
            "personal",
            "staff",
        ],
    ),
    (
        "Rent",
        "Alquiler",
        &[
            "rent",
            "rental",
            "lease",
            "alquiler",
            "alquileres",
            "arriendo",
            "arriendos",
            "arrendamiento",
            "renta",
        ],
    ),
    (
        "Marketing",
        "Publicidad",
        &[
            "marketing",
            "advertising",
            "publicidad",
            "mercadotecnia",
            "promotion",
            "promocion",
            "propaganda",
        ],
    ),
    (
        "Utilities",
        "Servicios",
        &[
            "utilities",
            "electricity",
            "water",
            "telephone",
            "phone",
            "internet",
            "luz",
            "agua",
            "telefono",
            "servicios publicos",
        ],
    ),
    (
        "Depreciation",
        "Depreciación",
        &[
            "depreciation",
            "amortization",
            "amortisation",
            "depreciacion",
            "amortizacion",
        ],
    ),
    ("Insurance", "Seguros", &["insurance", "seguro", "seguros"]),
    (
        "Professional fees",
        "Honorarios",
        &[
            "professional fees",
            "legal",
            "accounting",
            "consulting",
            "honorarios",
            "asesoria",
            "contabilidad",
        ],
    ),
    (
        "Travel",
        "Viajes",
        &["travel", "meals", "viajes", "viaticos", "viaje"],
    ),
    (
        "Office",
        "Oficina",
        &[
            "office",
            "supplies",
            "software",
            "oficina",
            "papeleria",
            "suministros",
        ],
    ),
];

const REVENUE: &[&str] = &[
    "sales",
    "sale",
    "revenue",
    "revenues",
    "income",
    "turnover",
    "fees earned",
    "ventas",
    "venta",
    "ingresos",
    "ingreso",
    "facturacion",
];

const WEAK_OPEX: &[&str] = &[
    "servicios",
    "expense",
    "expenses",
    "gasto",
    "gastos",
    "cost",
    "costs",
    "fees",
    "repairs",
    "maintenance",
    "mantenimiento",
    "reparaciones",
];

/// The opex category for a name by keyword, if any.
fn opex_category(w: &[String]) -> Option<&'static str> {
    OPEX.iter()
        .find(|(_, _, kws)| any_phrase(w, kws))
        .map(|(en, _, _)| *en)
}

/// Classifies by name keywords alone (no numbering, no map).
pub fn classify_keywords(account: &str) -> Option<PnlLine> {
    let w = words(account);
    if w.is_empty() {
        return None;
    }
    if any_phrase(&w, BANK_CHARGES) {
        return Some(PnlLine::OtherExpense);
    }
    if any_phrase(&w, BALANCE_SHEET) {
        return Some(PnlLine::NotPnl);
    }
    if any_phrase(&w, TAXES) {
        return Some(PnlLine::Taxes);
    }
    if any_phrase(&w, OTHER_INCOME) {
        return Some(PnlLine::OtherIncome);
    }
    if any_phrase(&w, OTHER_EXPENSE) {
        return Some(PnlLine::OtherExpense);
    }
    if any_phrase(&w, COGS) {
        return Some(PnlLine::Cogs);
    }
    if let Some(c) = opex_category(&w) {
        return Some(PnlLine::Opex(c.to_string()));
    }
    if any_phrase(&w, REVENUE) {
        return Some(PnlLine::Revenue);
    }
    if has_phrase(&w, "servicios") {
        return Some(PnlLine::Opex("Utilities".into()));
    }
    if any_phrase(&w, WEAK_OPEX) {
        return Some(PnlLine::Opex(OTHER_OPEX.into()));
    }
    None
}

/// Parses a line name of an account map, English or Spanish: "Revenue"/"Ingresos",
/// "COGS"/"Cost of sales"/"Costo de ventas"/"Coste de ventas", `Opex:<category>` or a category
/// name ("Salaries", "Sueldos" …), "Other income"/"Otros ingresos", "Other expense"/"Otros
/// gastos", "Taxes"/"Impuestos", and "Exclude"/"Excluir"/"Balance sheet" for accounts to leave
/// out. `None` when the name is none of these.
pub fn parse_line_name(name: &str) -> Option<PnlLine> {
    let t = name.trim();
    if let Some((head, cat)) = t.split_once(':') {
        let h = fold(head.trim());
        if matches!(
            h.as_str(),
            "opex" | "operating expenses" | "gastos operativos" | "gastos de operacion"
        ) {
            let cat = cat.trim();
            return Some(PnlLine::Opex(if cat.is_empty() {
                OTHER_OPEX.to_string()
            } else {
                canonical_category(cat).unwrap_or_else(|| cat.to_string())
            }));
        }
        return None;
    }
    let f = fold(t);
    let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = match f.as_str() {
        "revenue" | "revenues" | "sales" | "income" | "ingresos" | "ventas" => PnlLine::Revenue,
        "cogs"
        | "cost of sales"
        | "cost of goods sold"
        | "costo de ventas"
        | "coste de ventas"
        | "costo de lo vendido" => PnlLine::Cogs,
        "other income" | "otros ingresos" => PnlLine::OtherIncome,
        "other expense" | "other expenses" | "otros gastos" => PnlLine::OtherExpense,
        "taxes" | "tax" | "income tax" | "impuestos" | "impuesto" | "isr" => PnlLine::Taxes,
        "opex" | "operating expenses" | "gastos operativos" | "gastos de operacion" => {
            PnlLine::Opex(OTHER_OPEX.into())
        }
        "exclude" | "excluir" | "balance sheet" | "balance" | "not p&l" | "no p&l" => {
            PnlLine::NotPnl
        }
        _ => PnlLine::Opex(canonical_category(t)?),
    };
    Some(line)
}

/// The English category for a category name in English or Spanish (`"Sueldos"` → `"Salaries"`).
fn canonical_category(name: &str) -> Option<String> {
    let f = fold(name.trim());
    if f == fold(OTHER_OPEX) || f == "otros gastos operativos" {
        return Some(OTHER_OPEX.into());
    }
    OPEX.iter()
        .find(|(en, es, _)| fold(en) == f || fold(es) == f)
        .map(|(en, _, _)| en.to_string())
}

/// The accepted line names, for error messages.
pub const ACCEPTED_LINE_NAMES: &str = "Revenue/Ingresos, COGS/Cost of sales/Costo de ventas, Opex:<category> or a category (Salaries/Sueldos, Rent/Alquiler, Marketing/Publicidad, Utilities/Servicios, Depreciation/Depreciación, Insurance/Seguros, Professional fees/Honorarios, Travel/Viajes, Office/Oficina, Other operating expenses), Other income/Otros ingresos, Other expense/Otros gastos, Taxes/Impuestos, Exclude/Excluir";

/// An explicit account → line map.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountMap {
    entries: Vec<(String, PnlLine)>,
}

impl AccountMap {
    /// A map from (account, line) pairs.
    pub fn new(entries: Vec<(String, PnlLine)>) -> AccountMap {
        AccountMap {
            entries: entries
                .into_iter()
                .map(|(a, l)| (fold(a.trim()), l))
                .collect(),
        }
    }

    /// True when the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reads a 2-column range `account | line`. A first row whose line cell is not a line name
    /// is taken as a header; blank rows are skipped. Errors: `#VALUE!` naming the row of an
    /// unknown line name and listing the accepted names, or when the range has fewer than 2
    /// columns.
    pub fn from_grid(grid: &Grid) -> Result<AccountMap, CellError> {
        if grid.width() < 2 {
            return Err(CellError::value(format!(
                "'account_map' must have 2 columns (account | line) but it has {}. Select both columns.",
                grid.width()
            )));
        }
        let mut entries = Vec::new();
        for (r, row) in grid.rows().iter().enumerate() {
            let account = row.first().map(cell_text).unwrap_or_default();
            let line = row.get(1).map(cell_text).unwrap_or_default();
            if account.trim().is_empty() && line.trim().is_empty() {
                continue;
            }
            match parse_line_name(&line) {
                Some(l) if !account.trim().is_empty() => entries.push((account, l)),
                Some(_) => {}
                None if r == 0 && is_header(&account, &line) => {}
                None => {
                    return Err(CellError::value(format!(
                        "'account_map' row {} has the line name \"{}\", which is not a P&L line. Use one of: {ACCEPTED_LINE_NAMES}.",
                        r + 1,
                        line.trim()
                    )));
                }
            }
        }
        Ok(AccountMap::new(entries))
    }

    /// The line mapped to `account`: an exact (case- and accent-insensitive) match, or a map key
    /// that is the account's leading code.
    pub fn get(&self, account: &str) -> Option<&PnlLine> {
        let a = fold(account.trim());
        let code = account_code(account).map(|c| c.to_string());
        self.entries
            .iter()
            .find(|(k, _)| *k == a)
            .or_else(|| {
                code.as_ref()
                    .and_then(|c| self.entries.iter().find(|(k, _)| k == c))
            })
            .map(|(_, l)| l)
    }
}

/// True when a first map row reads as column names ("Account | Line", "Cuenta | Línea" …).
fn is_header(account: &str, line: &str) -> bool {
    let a = fold(account.trim());
    let l = fold(line.trim());
    [
        "account",
        "accounts",
        "cuenta",
        "cuentas",
        "account name",
        "nombre",
        "code",
        "codigo",
    ]
    .contains(&a.as_str())
        || [
            "line",
            "lines",
            "linea",
            "p&l line",
            "pnl line",
            "category",
            "categoria",
            "type",
            "tipo",
            "rubro",
            "mapping",
            "mapeo",
        ]
        .contains(&l.as_str())
}

/// The text of a cell (numbers as written, e.g. an account code 4000).
pub(crate) fn cell_text(c: &Cell) -> String {
    cell_str(c).into_owned()
}

/// Like [`cell_text`], borrowing the cell's own text when it has one.
pub(crate) fn cell_str(c: &Cell) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match c {
        Cell::Text(s) => Cow::Borrowed(s.trim()),
        Cell::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
            Cow::Owned(format!("{}", *x as i64))
        }
        Cell::Number(x) => Cow::Owned(format!("{x}")),
        Cell::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        Cell::Empty | Cell::Error(_) => Cow::Borrowed(""),
    }
}

/// Classifies `account` by the map, then numbering, then keywords.
pub fn classify(account: &str, map: Option<&AccountMap>) -> Classification {
    if let Some(l) = map.and_then(|m| m.get(account)) {
        return Classification {
            line: l.clone(),
            rule: Rule::Map,
        };
    }
    let kw = classify_keywords(account);
    if let Some(code) = account_code(account) {
        let by_code = match code / 1000 {
            1..=3 => Some((PnlLine::NotPnl, Rule::Numbering)),
            4 => Some((PnlLine::Revenue, Rule::Numbering)),
            5 => Some((PnlLine::Cogs, Rule::Numbering)),
            6 | 7 => {
                let cat = match &kw {
                    Some(PnlLine::Opex(c)) => c.clone(),
                    _ => OTHER_OPEX.to_string(),
                };
                Some((PnlLine::Opex(cat), Rule::Numbering))
            }
            8 => Some(match &kw {
                Some(PnlLine::OtherIncome) | Some(PnlLine::Revenue) => {
                    (PnlLine::OtherIncome, Rule::Numbering)
                }
                Some(PnlLine::OtherExpense) | Some(PnlLine::Opex(_)) | Some(PnlLine::Cogs) => {
                    (PnlLine::OtherExpense, Rule::Numbering)
                }
                _ => (PnlLine::OtherExpense, Rule::NumberingSign),
            }),
            9 => Some((PnlLine::Taxes, Rule::Numbering)),
            _ => None,
        };
        if let Some((line, rule)) = by_code {
            return Classification { line, rule };
        }
    }
    match kw {
        Some(line) => Classification {
            line,
            rule: Rule::Keyword,
        },
        None => Classification {
            line: PnlLine::Unclassified,
            rule: Rule::None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(a: &str) -> PnlLine {
        classify(a, None).line
    }

    #[test]
    fn numbering_rules() {
        // Source: the contract's standard numbering (4xxx revenue, 5xxx COGS, 6–7xxx opex …).
        assert_eq!(line("4000 Sales"), PnlLine::Revenue);
        assert_eq!(line("4000 - Sales"), PnlLine::Revenue);
        assert_eq!(line("4000.10"), PnlLine::Revenue);
        assert_eq!(line("5100 Materials"), PnlLine::Cogs);
        assert_eq!(line("6100 Salaries"), PnlLine::Opex("Salaries".into()));
        assert_eq!(line("7200"), PnlLine::Opex(OTHER_OPEX.into()));
        assert_eq!(line("8100 Interest income"), PnlLine::OtherIncome);
        assert_eq!(line("8200 Interest expense"), PnlLine::OtherExpense);
        assert_eq!(classify("8300", None).rule, Rule::NumberingSign);
        assert_eq!(line("9000 Income tax"), PnlLine::Taxes);
        assert_eq!(line("1010 Checking"), PnlLine::NotPnl);
        assert_eq!(line("2100"), PnlLine::NotPnl);
        assert_eq!(line("3000 Owner"), PnlLine::NotPnl);
        assert_eq!(account_code("40001 x"), None);
        assert_eq!(account_code("4000x"), None);
        assert_eq!(classify("4000 Sales", None).rule, Rule::Numbering);
    }

    #[test]
    fn keyword_rules_en_es() {
        assert_eq!(line("Sales"), PnlLine::Revenue);
        assert_eq!(line("Ventas nacionales"), PnlLine::Revenue);
        assert_eq!(line("Ingresos por servicios"), PnlLine::Revenue);
        assert_eq!(line("Cost of goods sold"), PnlLine::Cogs);
        assert_eq!(line("COSTO DE VENTAS"), PnlLine::Cogs);
        assert_eq!(line("Sueldos y salarios"), PnlLine::Opex("Salaries".into()));
        assert_eq!(line("Nómina"), PnlLine::Opex("Salaries".into()));
        assert_eq!(line("Sales salaries"), PnlLine::Opex("Salaries".into()));
        assert_eq!(line("Alquiler de oficina"), PnlLine::Opex("Rent".into()));
        assert_eq!(line("Arriendo"), PnlLine::Opex("Rent".into()));
        assert_eq!(line("Publicidad"), PnlLine::Opex("Marketing".into()));
        assert_eq!(line("Servicios"), PnlLine::Opex("Utilities".into()));
        assert_eq!(line("Amortización"), PnlLine::Opex("Depreciation".into()));
        assert_eq!(line("Interest income"), PnlLine::OtherIncome);
        assert_eq!(line("Interest expense"), PnlLine::OtherExpense);
        assert_eq!(line("Intereses"), PnlLine::OtherExpense);
        assert_eq!(line("Income tax"), PnlLine::Taxes);
        assert_eq!(line("Impuesto sobre la renta"), PnlLine::Taxes);
        assert_eq!(line("ISR"), PnlLine::Taxes);
        assert_eq!(line("Cash"), PnlLine::NotPnl);
        assert_eq!(line("Bancos"), PnlLine::NotPnl);
        assert_eq!(line("Accounts receivable"), PnlLine::NotPnl);
        assert_eq!(line("Proveedores"), PnlLine::NotPnl);
        assert_eq!(line("Accumulated depreciation"), PnlLine::NotPnl);
        assert_eq!(line("Income tax payable"), PnlLine::NotPnl);
        assert_eq!(line("Misc"), PnlLine::Unclassified);
        assert_eq!(line("Bank charges"), PnlLine::OtherExpense);
        assert_eq!(classify("Misc", None).rule, Rule::None);
        // Whole words: "isr" inside another word does not match.
        assert_eq!(line("Israel trip"), PnlLine::Unclassified);
        assert_eq!(classify("Sales", None).rule, Rule::Keyword);
    }

    #[test]
    fn map_rules_and_errors() {
        let g = Grid::from_rows(vec![
            vec!["Account".into(), "Line".into()],
            vec!["Misc".into(), "Otros gastos".into()],
            vec![4500.0.into(), "Ingresos".into()],
            vec!["Consultoría".into(), "Opex:Consulting".into()],
            vec!["Cash".into(), "Sueldos".into()],
        ]);
        let m = AccountMap::from_grid(&g).unwrap();
        assert_eq!(classify("misc", Some(&m)).line, PnlLine::OtherExpense);
        assert_eq!(classify("misc", Some(&m)).rule, Rule::Map);
        assert_eq!(classify("4500 Fees", Some(&m)).line, PnlLine::Revenue);
        assert_eq!(
            classify("CONSULTORIA", Some(&m)).line,
            PnlLine::Opex("Consulting".into())
        );
        assert_eq!(
            classify("Cash", Some(&m)).line,
            PnlLine::Opex("Salaries".into())
        );
        let bad = Grid::from_rows(vec![
            vec!["Misc".into(), "Revenue".into()],
            vec!["Other".into(), "Bogus".into()],
        ]);
        let e = AccountMap::from_grid(&bad).unwrap_err();
        assert_eq!(e.kind, crate::cells::ErrorKind::Value);
        assert!(e.message.contains("row 2") && e.message.contains("Bogus"));
        assert!(e.message.contains("Ingresos"));
        // A wrong first row without header words is an error, not a skipped header.
        let bad_first = Grid::from_rows(vec![vec!["Misc".into(), "Bogus".into()]]);
        let e = AccountMap::from_grid(&bad_first).unwrap_err();
        assert!(e.message.contains("row 1"));
        let narrow = Grid::column(vec!["a".into()]);
        assert!(AccountMap::from_grid(&narrow).is_err());
        assert_eq!(parse_line_name("Coste de ventas"), Some(PnlLine::Cogs));
        assert_eq!(parse_line_name("Impuestos"), Some(PnlLine::Taxes));
        assert_eq!(parse_line_name("nonsense"), None);
    }
}
