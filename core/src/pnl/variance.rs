//! Variance analysis: actual vs budget (or vs a prior period), favourable by line type,
//! materiality, and the top drivers of the net-income variance.

use super::classify::fold;
use super::statement::{LineKey, LineKind, Statement};

/// Whether a line is income-like (more is better) or cost-like (less is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineType {
    /// Revenue or income: favourable when actual ≥ budget.
    Revenue,
    /// Expense or cost: favourable when actual ≤ budget.
    Expense,
}

impl LineType {
    /// Parses "revenue"/"income"/"ingreso(s)"/"venta(s)" or "expense"/"cost"/"gasto(s)"/"costo(s)"
    /// (case- and accent-insensitive).
    pub fn parse(s: &str) -> Option<LineType> {
        match fold(s.trim()).as_str() {
            "revenue" | "revenues" | "income" | "ingreso" | "ingresos" | "sales" | "venta"
            | "ventas" => Some(LineType::Revenue),
            "expense" | "expenses" | "cost" | "costs" | "gasto" | "gastos" | "costo" | "costos"
            | "coste" | "costes" => Some(LineType::Expense),
            _ => None,
        }
    }
}

/// The variance of one line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Variance {
    /// actual − budget.
    pub variance: f64,
    /// variance / |budget|; `None` when the budget is 0.
    pub pct: Option<f64>,
    /// Revenue: actual ≥ budget; expense: actual ≤ budget.
    pub favourable: bool,
}

/// Variance of `actual` against `budget` for a line of type `lt`.
pub fn variance(actual: f64, budget: f64, lt: LineType) -> Variance {
    let v = actual - budget;
    Variance {
        variance: v,
        pct: (budget != 0.0).then(|| v / budget.abs()),
        favourable: match lt {
            LineType::Revenue => actual >= budget,
            LineType::Expense => actual <= budget,
        },
    }
}

/// Materiality thresholds: a variance is material when it reaches BOTH the absolute threshold
/// and the relative one (or the comparison is 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Materiality {
    /// Absolute threshold; `None` = `revenue_share` × |revenue of the period|.
    pub abs: Option<f64>,
    /// Share of revenue used when `abs` is `None` (default 0.01 = 1 %).
    pub revenue_share: f64,
    /// Relative threshold on |variance %| (default 0.05 = 5 %).
    pub pct: f64,
}

impl Default for Materiality {
    fn default() -> Self {
        Materiality {
            abs: None,
            revenue_share: 0.01,
            pct: 0.05,
        }
    }
}

/// The variance of one statement line against a comparison (budget or prior period).
#[derive(Debug, Clone, PartialEq)]
pub struct LineVariance {
    /// Which line.
    pub key: LineKey,
    /// Actual amount (or margin).
    pub actual: f64,
    /// Comparison amount (or margin).
    pub comparison: f64,
    /// The variance, % and favourable flag.
    pub variance: Variance,
    /// Whether it passes the materiality thresholds.
    pub material: bool,
    /// Effect on net income: +variance for income lines, −variance for cost lines, 0 for
    /// subtotals and margins.
    pub net_income_effect: f64,
}

/// The line type of a statement line: costs are expenses; subtotals, margins and income lines
/// are revenue-like (more is better).
pub fn line_type(kind: LineKind) -> LineType {
    match kind {
        LineKind::Amount { cost: true } => LineType::Expense,
        _ => LineType::Revenue,
    }
}

/// Variances of every line of `st` in period `t` against `comparison` (one value per line of
/// `st.lines`, `None` = no comparison for that line, which is skipped). Materiality uses the
/// revenue of period `t` when no absolute threshold is given; margins are never material by
/// amount, only listed.
pub fn line_variances(
    st: &Statement,
    t: usize,
    comparison: &[Option<f64>],
    m: &Materiality,
) -> Vec<LineVariance> {
    let revenue = st.value(&LineKey::Revenue, t).unwrap_or(0.0);
    let abs_thr = m.abs.unwrap_or(m.revenue_share * revenue.abs());
    st.lines
        .iter()
        .zip(comparison)
        .filter_map(|(l, c)| {
            let actual = l.values.get(t).copied().flatten()?;
            let comp = (*c)?;
            let lt = line_type(l.kind);
            let v = variance(actual, comp, lt);
            let is_margin = l.kind == LineKind::Margin;
            let material = !is_margin
                && v.variance.abs() >= abs_thr
                && v.variance.abs() > 0.0
                && v.pct.is_none_or(|p| p.abs() >= m.pct);
            let effect = match l.kind {
                LineKind::Amount { cost: true } => -v.variance,
                LineKind::Amount { cost: false } => v.variance,
                _ => 0.0,
            };
            Some(LineVariance {
                key: l.key.clone(),
                actual,
                comparison: comp,
                variance: v,
                material,
                net_income_effect: effect,
            })
        })
        .collect()
}

/// Comparison values for period `t` against period `t − 1` (vs prior period).
pub fn prior_period(st: &Statement, t: usize) -> Vec<Option<f64>> {
    st.lines
        .iter()
        .map(|l| {
            t.checked_sub(1)
                .and_then(|p| l.values.get(p).copied().flatten())
        })
        .collect()
}

/// A driver of the net-income variance.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver {
    /// Which line.
    pub key: LineKey,
    /// Its effect on net income.
    pub effect: f64,
    /// Share of the total net-income variance (`None` when that is 0).
    pub share: Option<f64>,
}

/// The amount lines (not subtotals or margins) ranked by |effect on net income|, largest first,
/// at most `k` of them, skipping zero effects.
pub fn top_drivers(v: &[LineVariance], k: usize) -> Vec<Driver> {
    let total: f64 = v.iter().map(|l| l.net_income_effect).sum();
    let mut d: Vec<Driver> = v
        .iter()
        .filter(|l| l.net_income_effect != 0.0)
        .map(|l| Driver {
            key: l.key.clone(),
            effect: l.net_income_effect,
            share: (total != 0.0).then(|| l.net_income_effect / total),
        })
        .collect();
    d.sort_by(|a, b| b.effect.abs().total_cmp(&a.effect.abs()));
    d.truncate(k);
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pnl::statement::{Period, build_statement};

    #[test]
    fn favourable_by_type() {
        // Hand-computed: revenue 110 vs 100 → +10, +10 %, favourable; expense 110 vs 100 →
        // unfavourable; budget 0 → no %.
        let v = variance(110.0, 100.0, LineType::Revenue);
        assert_eq!(v.variance, 10.0);
        assert_eq!(v.pct, Some(0.1));
        assert!(v.favourable);
        assert!(!variance(110.0, 100.0, LineType::Expense).favourable);
        assert!(variance(90.0, 100.0, LineType::Expense).favourable);
        assert_eq!(variance(5.0, 0.0, LineType::Revenue).pct, None);
        assert_eq!(variance(-5.0, -10.0, LineType::Revenue).pct, Some(0.5));
        assert_eq!(LineType::parse("Gastos"), Some(LineType::Expense));
        assert_eq!(LineType::parse("INGRESO"), Some(LineType::Revenue));
        assert_eq!(LineType::parse("costo"), Some(LineType::Expense));
        assert_eq!(LineType::parse("other"), None);
    }

    #[test]
    fn prior_period_drivers_known_by_construction() {
        // From the synthetic ledger (statement tests): month to month, revenue +10, COGS +4,
        // Marketing +1, everything else flat → net income +5 = 10 − 4 − 1.
        let st = build_statement(
            &crate::pnl::statement::tests_support::synthetic(false),
            None,
            Period::Month,
        )
        .unwrap();
        let cmp = prior_period(&st, 17);
        let v = line_variances(&st, 17, &cmp, &Materiality::default());
        let ni = v.iter().find(|l| l.key == LineKey::NetIncome).unwrap();
        assert_eq!(ni.variance.variance, 5.0);
        let d = top_drivers(&v, 5);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].key, LineKey::Revenue);
        assert_eq!(d[0].effect, 10.0);
        assert_eq!(d[0].share, Some(2.0));
        assert_eq!(d[1].key, LineKey::Cogs);
        assert_eq!(d[1].effect, -4.0);
        assert_eq!(d[2].effect, -1.0);
        // Materiality: 1 % of revenue 1660 = 16.6 → a +10 revenue change is not material.
        assert!(v.iter().all(|l| !l.material));
        let loose = Materiality {
            abs: Some(1.0),
            revenue_share: 0.01,
            pct: 0.001,
        };
        let v2 = line_variances(&st, 17, &cmp, &loose);
        let rev = v2.iter().find(|l| l.key == LineKey::Revenue).unwrap();
        assert!(rev.material && rev.variance.favourable);
        let cogs = v2.iter().find(|l| l.key == LineKey::Cogs).unwrap();
        assert!(cogs.material && !cogs.variance.favourable);
    }
}
