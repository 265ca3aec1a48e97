//! The pricing report (SPEC §2.4): per product, the price elasticity of demand, the
//! profit-maximising price, margins and markups, the competitor price index, and the
//! price/volume/mix decomposition of the last revenue change, as a host-neutral [`Report`] in
//! English and Spanish.
//!
//! Rows are observations: one product's price and units sold in one period. Per product, rows
//! are taken in date order (input order without dates). The elasticity is the log-log
//! regression of `aism_ts::pricing::elasticity`, with a linear trend whenever there are dates
//! and seasonal dummies (12 for monthly, 52 for weekly, 7 for daily rows) when the product's
//! dates are one row per period at a regular step; the regression itself drops the controls
//! when there are too few periods (with a warning).
//!
//! Best prices need a unit cost. Constant elasticity (the default model) uses the report's
//! elasticity: `p* = c·e/(1 + e)` for `e < −1`, clamped to the observed prices; for
//! `−1 ≤ e < 0` profit rises with price everywhere, so the recommendation is the highest
//! observed price; for `e ≥ 0` there is none. Linear demand uses
//! `aism_ts::pricing::optimal_price`. Expected profit per period at a price comes from the
//! fitted curve: `(p − c)·A·p^e` with `A = exp(mean(ln q − e·ln p))` (the average demand level
//! of the rows used, which is the fitted intercept without controls), or `(p − c)·max(0, α + β·p)`
//! for linear demand. The current price is the last row's.
//!
//! Finding scores share one scale: negative margins 8 plus their share of products (Alert);
//! raising or lowering prices to gain profit 6 plus the gain as a share of current profit (at
//! most 1) (Warning); thin margins 5 plus their share (Warning); prices far from competitors 4
//! plus their share (Warning); elasticities with the wrong sign 3.5; unreliable elasticities 3
//! plus their share; the main driver of the revenue change 2.5; elastic against inelastic
//! products 2.

use super::{
    Controls, DemandModel, Elasticity, PriceIndex, PricingError, PricingWarning, ProductPeriods,
    Pvm, extrapolation_text, warning_text,
};
use crate::cells::CellError;
use crate::report::{
    Chart, ChartKind, Finding, Format, Kpi, Report, Series, SeriesRole, Severity, Table, Text,
    Value,
};
use crate::sales::report::{amount, date, month_name, num, pct_abs};
use aism_ts::pricing as tp;
use aism_ts::timeline;
use std::collections::HashMap;

/// Most products named in one finding or listed in the notes.
const MAX_NAMED: usize = 5;
/// Most products in the elasticity chart.
const MAX_CHART: usize = 20;
/// Most per-product cautions written as notes.
const MAX_NOTES: usize = 10;
/// Margins below this share of the price are thin.
const THIN_MARGIN: f64 = 0.10;
/// Fewest rows with a price and a quantity above 0 that a product's elasticity needs.
const MIN_ROWS: usize = 3;
/// A price index above this is "far above" the competitors (and below 200 − this, far below).
const FAR_ABOVE: f64 = 110.0;
/// A price index below this is "far below" the competitors.
const FAR_BELOW: f64 = 90.0;
/// Smallest relative price change worth recommending.
const MIN_CHANGE: f64 = 0.005;

/// The input of the pricing report: one row per observation, a product's price and units sold
/// in one period. Every column present has one value per row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PricingInput {
    /// Product names (`None`: all rows are one product; blank names are skipped).
    pub product: Option<Vec<String>>,
    /// Dates as Excel serials, NaN where missing (`None`: no date column; rows keep their
    /// order).
    pub date: Option<Vec<f64>>,
    /// Prices (rows without a price above 0 are skipped).
    pub price: Vec<Option<f64>>,
    /// Units sold (rows without a quantity of 0 or more are skipped).
    pub quantity: Vec<Option<f64>>,
    /// Variable cost of one unit (needed for margins and best prices).
    pub unit_cost: Option<Vec<Option<f64>>>,
    /// A competitor's price for the same product and period.
    pub competitor_price: Option<Vec<Option<f64>>>,
}

/// Options of the pricing report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PricingOptions {
    /// The demand model behind the best prices (default: constant elasticity).
    pub demand_model: DemandModel,
}

/// One usable row.
#[derive(Debug, Clone, Copy)]
struct Row {
    /// Excel serial, NaN without dates.
    date: f64,
    price: f64,
    qty: f64,
    cost: Option<f64>,
    comp: Option<f64>,
}

/// The rows of one product, in date order.
struct Group {
    /// Name in table cells.
    name: String,
    /// Name in sentences.
    label: Text,
    rows: Vec<Row>,
}

/// Rows left out, by reason.
#[derive(Default)]
struct Skipped {
    price: usize,
    quantity: usize,
    product: usize,
    date: usize,
    cost: usize,
}

struct Prepared {
    groups: Vec<Group>,
    has_dates: bool,
    has_cost: bool,
    has_comp: bool,
    skipped: Skipped,
}

fn err(msg: String) -> CellError {
    CellError::value(format!("Pricing: {msg}"))
}

/// Whether `serial` is a date the calendar functions accept.
fn valid_date(serial: f64) -> bool {
    timeline::serial_to_ymd(serial).is_some()
}

fn prepare(input: &PricingInput) -> Result<Prepared, CellError> {
    let n = input.price.len();
    let lens = [
        ("quantity", Some(input.quantity.len())),
        ("product", input.product.as_ref().map(Vec::len)),
        ("date", input.date.as_ref().map(Vec::len)),
        ("unit cost", input.unit_cost.as_ref().map(Vec::len)),
        (
            "competitor price",
            input.competitor_price.as_ref().map(Vec::len),
        ),
    ];
    for (name, len) in lens {
        if let Some(m) = len
            && m != n
        {
            return Err(err(format!(
                "the {name} column has {m} values but the price column has {n}. Select columns of one table, one row per product and period."
            )));
        }
    }
    if n == 0 {
        return Err(err(
            "the table has no rows. Select a table with one row per product and period: price and units sold."
                .into(),
        ));
    }
    let has_dates = input
        .date
        .as_ref()
        .is_some_and(|d| d.iter().any(|s| valid_date(*s)));
    let mut skipped = Skipped::default();
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for i in 0..n {
        let price = input.price.get(i).copied().flatten();
        let Some(price) = price.filter(|p| p.is_finite() && *p > 0.0) else {
            skipped.price += 1;
            continue;
        };
        let qty = input.quantity.get(i).copied().flatten();
        let Some(qty) = qty.filter(|q| q.is_finite() && *q >= 0.0) else {
            skipped.quantity += 1;
            continue;
        };
        let name = match &input.product {
            Some(p) => match p.get(i).map(|s| s.trim()) {
                Some(s) if !s.is_empty() => Some(s.to_string()),
                _ => {
                    skipped.product += 1;
                    continue;
                }
            },
            None => None,
        };
        let date = match (&input.date, has_dates) {
            (Some(d), true) => match d.get(i).copied().filter(|s| valid_date(*s)) {
                Some(s) => s,
                None => {
                    skipped.date += 1;
                    continue;
                }
            },
            _ => f64::NAN,
        };
        let cost = match input
            .unit_cost
            .as_ref()
            .and_then(|c| c.get(i).copied().flatten())
        {
            Some(c) if c.is_finite() && c >= 0.0 => Some(c),
            Some(_) => {
                skipped.cost += 1;
                None
            }
            None => None,
        };
        let comp = input
            .competitor_price
            .as_ref()
            .and_then(|c| c.get(i).copied().flatten())
            .filter(|c| c.is_finite() && *c > 0.0);
        let row = Row {
            date,
            price,
            qty,
            cost,
            comp,
        };
        let key = name.clone().unwrap_or_default();
        let g = match index.get(&key) {
            Some(&g) => g,
            None => {
                let (name, label) = match name {
                    Some(s) => (s.clone(), Text::new(s.clone(), s)),
                    None => (
                        "All products".to_string(),
                        Text::new("All products", "Todos los productos"),
                    ),
                };
                groups.push(Group {
                    name,
                    label,
                    rows: Vec::new(),
                });
                index.insert(key, groups.len() - 1);
                groups.len() - 1
            }
        };
        if let Some(group) = groups.get_mut(g) {
            group.rows.push(row);
        }
    }
    if has_dates {
        for g in &mut groups {
            g.rows.sort_by(|a, b| a.date.total_cmp(&b.date));
        }
    }
    let has_cost = groups
        .iter()
        .flat_map(|g| &g.rows)
        .any(|r| r.cost.is_some());
    let has_comp = groups
        .iter()
        .flat_map(|g| &g.rows)
        .any(|r| r.comp.is_some());
    Ok(Prepared {
        groups,
        has_dates,
        has_cost,
        has_comp,
        skipped,
    })
}

/// The seasonal period of a product's dates: 12 (monthly), 52 (weekly) or 7 (daily) when the
/// median step between consecutive rows says so and every step agrees (one row per period, no
/// gaps); 0 otherwise.
fn season_of(dates: &[f64]) -> usize {
    let days: Vec<f64> = dates.iter().map(|d| d.floor()).collect();
    let mut steps: Vec<f64> = days.windows(2).map(|w| w[1] - w[0]).collect();
    if steps.len() < 2 || steps.iter().any(|s| !s.is_finite()) {
        return 0;
    }
    steps.sort_by(f64::total_cmp);
    let median = steps[steps.len() / 2];
    let (lo, hi, season) = if median == 1.0 {
        (1.0, 1.0, 7)
    } else if median == 7.0 {
        (7.0, 7.0, 52)
    } else if (28.0..=31.0).contains(&median) {
        (28.0, 31.0, 12)
    } else {
        return 0;
    };
    let (first, last) = (steps[0], steps[steps.len() - 1]);
    if first >= lo && last <= hi { season } else { 0 }
}

/// Why a product has no elasticity.
struct Failure {
    /// English, for the table cell.
    short: String,
    /// Both languages, for findings.
    text: Text,
}

fn failure(e: &PricingError) -> Failure {
    match e {
        PricingError::TooFew { got, .. } => Failure {
            short: format!("Only {got} row(s) with a price and units above 0; 3 needed"),
            text: Text::new(
                format!("only {got} row(s) with a price and units above 0 (3 needed)"),
                format!(
                    "solo {got} fila(s) con precio y unidades por encima de 0 (se necesitan 3)"
                ),
            ),
        },
        PricingError::NoPriceVariation | PricingError::Singular => Failure {
            short: "The price never changes".into(),
            text: Text::new(
                "the price never changes, so its effect cannot be measured",
                "el precio nunca cambia, así que su efecto no se puede medir",
            ),
        },
        other => Failure {
            short: format!("Cannot be fitted: {other}"),
            text: Text::new(
                format!("the fit failed ({other})"),
                format!("el ajuste falló ({other})"),
            ),
        },
    }
}

/// A recommended price and the expected profit around it.
struct Optimum {
    recommended: f64,
    /// The model's optimum before clamping (`None` when it has no finite optimum).
    unclamped: Option<f64>,
    /// Caution about the recommendation, when it is held at an end of the observed prices.
    note: Option<Text>,
    /// Expected profit per period at the current price.
    profit_now: f64,
    /// Expected profit per period at the recommended price.
    profit_best: f64,
}

/// The analysis of one product.
struct Product {
    name: String,
    label: Text,
    rows: usize,
    units: f64,
    revenue: f64,
    avg_price: f64,
    current_price: f64,
    cost: Option<f64>,
    gross_profit: Option<f64>,
    season_requested: usize,
    fit: Result<Elasticity, Failure>,
    /// `None` without a unit cost.
    optimum: Option<Result<Optimum, Text>>,
    index: Option<PriceIndex>,
}

impl Product {
    fn elasticity(&self) -> Option<f64> {
        self.fit
            .as_ref()
            .ok()
            .map(|e| e.elasticity)
            .filter(|e| e.is_finite())
    }
    fn margin(&self) -> Option<f64> {
        let c = self.cost?;
        let m = (self.avg_price - c) / self.avg_price;
        m.is_finite().then_some(m)
    }
    fn markup(&self) -> Option<f64> {
        let c = self.cost?;
        let m = (self.avg_price - c) / c;
        (c > 0.0 && m.is_finite()).then_some(m)
    }
    fn best(&self) -> Option<&Optimum> {
        self.optimum.as_ref().and_then(|o| o.as_ref().ok())
    }
    /// Profit gained per period at the recommended price.
    fn uplift(&self) -> Option<f64> {
        self.best()
            .map(|o| o.profit_best - o.profit_now)
            .filter(|u| u.is_finite())
    }
    /// Recommended price against the current one, as a relative change.
    fn change(&self) -> Option<f64> {
        self.best()
            .map(|o| o.recommended / self.current_price - 1.0)
            .filter(|c| c.is_finite())
    }
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        f64::NAN
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(0.5 * (v[(n - 1) / 2] + v[n / 2]))
}

/// The best price under constant elasticity from the report's own fit.
fn optimum_loglog(e: &Elasticity, rows: &[Row], cost: f64, current: f64) -> Result<Optimum, Text> {
    let el = e.elasticity;
    if !el.is_finite() || el >= 0.0 {
        return Err(Text::new(
            "demand rises with price in these data, so there is no best price to recommend",
            "en estos datos la demanda sube con el precio, así que no hay un mejor precio que recomendar",
        ));
    }
    let logs: Vec<f64> = rows
        .iter()
        .filter(|r| r.price > 0.0 && r.qty > 0.0)
        .map(|r| r.qty.ln() - el * r.price.ln())
        .collect();
    let level = mean(&logs).exp();
    let profit = |p: f64| (p - cost) * level * p.powf(el);
    let (lo, hi) = e.price_range;
    let (recommended, unclamped, note) = if el >= -1.0 {
        let hi_s = (num(hi, 2, false), num(hi, 2, true));
        let e_s = (num(el, 2, false), num(el, 2, true));
        (
            hi,
            None,
            Some(Text::new(
                format!(
                    "Demand is inelastic (elasticity {}): under constant elasticity every price rise raises profit, so the model has no finite best price; the recommendation is held at the highest price observed, {}. Test higher prices step by step.",
                    e_s.0, hi_s.0
                ),
                format!(
                    "La demanda es inelástica (elasticidad {}): con elasticidad constante toda subida de precio aumenta el beneficio, así que el modelo no tiene un mejor precio finito; la recomendación se limita al precio más alto observado, {}. Pruebe precios más altos poco a poco.",
                    e_s.1, hi_s.1
                ),
            )),
        )
    } else {
        let best = tp::optimal_price_constant_elasticity(el, cost).map_err(|x| {
            Text::new(
                format!("no best price ({x})"),
                format!("sin mejor precio ({x})"),
            )
        })?;
        if !best.is_finite() {
            return Err(Text::new(
                "the best price cannot be computed (the unit cost is too large)",
                "no se puede calcular el mejor precio (el coste unitario es demasiado grande)",
            ));
        }
        let price = best.clamp(lo, hi);
        let o = tp::OptimalPrice {
            price,
            unclamped: best,
            extrapolated: best < lo || best > hi,
            price_range: (lo, hi),
            slope: el,
            warnings: Vec::new(),
        };
        (price, Some(best), extrapolation_text(&o))
    };
    Ok(Optimum {
        recommended,
        unclamped,
        note,
        profit_now: profit(current),
        profit_best: profit(recommended),
    })
}

/// The best price under linear demand.
fn optimum_linear(rows: &[Row], cost: f64, current: f64) -> Result<Optimum, Text> {
    let p: Vec<f64> = rows.iter().map(|r| r.price).collect();
    let q: Vec<f64> = rows.iter().map(|r| r.qty).collect();
    let why = |x: PricingError| match x {
        PricingError::NoFiniteOptimum(_) => Text::new(
            "the fitted linear demand does not fall as the price rises, so there is no best price to recommend",
            "la demanda lineal ajustada no baja al subir el precio, así que no hay un mejor precio que recomendar",
        ),
        other => Text::new(
            format!("no best price ({other})"),
            format!("sin mejor precio ({other})"),
        ),
    };
    let o = tp::optimal_price(&p, &q, cost, DemandModel::Linear).map_err(why)?;
    if !o.unclamped.is_finite() {
        return Err(Text::new(
            "the best price cannot be computed (the numbers are too large)",
            "no se puede calcular el mejor precio (los números son demasiado grandes)",
        ));
    }
    let d = tp::linear_demand(&p, &q).map_err(why)?;
    let profit = |x: f64| (x - cost) * (d.alpha + d.beta * x).max(0.0);
    Ok(Optimum {
        recommended: o.price,
        unclamped: Some(o.unclamped),
        note: extrapolation_text(&o),
        profit_now: profit(current),
        profit_best: profit(o.price),
    })
}

fn analyse(g: &Group, has_dates: bool, opts: &PricingOptions) -> Product {
    let units: f64 = g.rows.iter().map(|r| r.qty).sum();
    let revenue: f64 = g.rows.iter().map(|r| r.price * r.qty).sum();
    let prices: Vec<f64> = g.rows.iter().map(|r| r.price).collect();
    let quantities: Vec<f64> = g.rows.iter().map(|r| r.qty).collect();
    let avg_price = if units > 0.0 && (revenue / units).is_finite() {
        revenue / units
    } else {
        mean(&prices)
    };
    let current_price = prices.last().copied().unwrap_or(f64::NAN);
    let costed: Vec<&Row> = g.rows.iter().filter(|r| r.cost.is_some()).collect();
    let cost = if costed.is_empty() {
        None
    } else {
        let q: f64 = costed.iter().map(|r| r.qty).sum();
        let cq: f64 = costed.iter().map(|r| r.cost.unwrap_or(0.0) * r.qty).sum();
        let costs = costed.iter().filter_map(|r| r.cost);
        let (lo, hi) = (
            costs.clone().fold(f64::INFINITY, f64::min),
            costs.fold(f64::NEG_INFINITY, f64::max),
        );
        let c = if lo == hi {
            // One cost for every row: exactly that cost, without rounding.
            lo
        } else if q > 0.0 && (cq / q).is_finite() {
            cq / q
        } else {
            mean(&costed.iter().filter_map(|r| r.cost).collect::<Vec<_>>())
        };
        Some(c).filter(|c| c.is_finite())
    };
    let gross_profit = cost.map(|c| revenue - c * units).filter(|v| v.is_finite());
    let season_requested = if has_dates {
        season_of(&g.rows.iter().map(|r| r.date).collect::<Vec<_>>())
    } else {
        0
    };
    let controls = Controls {
        trend: has_dates,
        season: season_requested,
    };
    let fit = tp::elasticity(&prices, &quantities, controls)
        .map_err(|e| failure(&e))
        .and_then(|e| {
            if e.elasticity.is_finite() && e.se.is_finite() {
                Ok(e)
            } else {
                Err(failure(&PricingError::NotFinite))
            }
        });
    let optimum = cost.map(|c| match (&fit, opts.demand_model) {
        (Err(f), _) => Err(f.text.clone()),
        (Ok(e), DemandModel::LogLog) => optimum_loglog(e, &g.rows, c, current_price),
        (Ok(_), DemandModel::Linear) => optimum_linear(&g.rows, c, current_price),
    });
    let comps: Vec<f64> = g.rows.iter().filter_map(|r| r.comp).collect();
    let index = if comps.is_empty() {
        None
    } else {
        tp::price_index(avg_price, &comps).ok()
    };
    Product {
        name: g.name.clone(),
        label: g.label.clone(),
        rows: g.rows.len(),
        units,
        revenue,
        avg_price,
        current_price,
        cost,
        gross_profit,
        season_requested,
        fit,
        optimum,
        index,
    }
}

/// The two periods of the price/volume/mix decomposition and its result.
struct PvmResult {
    base: Text,
    current: Text,
    pvm: Pvm,
    /// Per product: name, base price, base units, current price, current units.
    products: Vec<(String, ProductPeriods)>,
}

/// Year·12 + month − 1 of a serial.
fn month_key(serial: f64) -> Option<i64> {
    timeline::serial_to_ymd(serial).map(|(y, m, _)| i64::from(y) * 12 + i64::from(m) - 1)
}

fn month_label(serial: f64) -> Text {
    let y = timeline::serial_to_ymd(serial).map_or(0, |(y, _, _)| y);
    Text::new(
        format!("{} {y}", month_name(serial, false)),
        format!("{} de {y}", month_name(serial, true)),
    )
}

fn range_label(lo: f64, hi: f64) -> Text {
    Text::new(
        format!("{} – {}", date(lo, false), date(hi, false)),
        format!("{} – {}", date(lo, true), date(hi, true)),
    )
}

/// Price/volume/mix between the last period and the one before (see the module docs), or the
/// note saying why it was skipped.
fn pvm_of(prep: &Prepared) -> Result<PvmResult, Text> {
    if !prep.has_dates {
        return Err(Text::new(
            "There are no dates, so the revenue change could not be split into price, volume and mix. Add the date of each row.",
            "No hay fechas, así que el cambio de ingresos no se pudo separar en precio, volumen y mezcla. Añada la fecha de cada fila.",
        ));
    }
    let dates: Vec<f64> = prep
        .groups
        .iter()
        .flat_map(|g| g.rows.iter().map(|r| r.date))
        .collect();
    let lo = dates.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = dates.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut months: Vec<i64> = dates.iter().filter_map(|d| month_key(*d)).collect();
    months.sort_unstable();
    months.dedup();
    // Which period a date falls in: Some(false) base, Some(true) current, None neither.
    type Classify = Box<dyn Fn(f64) -> Option<bool>>;
    let (classify, base, current): (Classify, Text, Text) = if months.len() >= 2 && hi - lo >= 28.0
    {
        let cur = months[months.len() - 1];
        let prev = months[months.len() - 2];
        let first_of = |key: i64| {
            dates
                .iter()
                .copied()
                .find(|d| month_key(*d) == Some(key))
                .unwrap_or(f64::NAN)
        };
        let (base, current) = (month_label(first_of(prev)), month_label(first_of(cur)));
        (
            Box::new(move |d| match month_key(d) {
                Some(k) if k == cur => Some(true),
                Some(k) if k == prev => Some(false),
                _ => None,
            }),
            base,
            current,
        )
    } else if hi > lo {
        let mid = 0.5 * (lo + hi);
        let before = dates
            .iter()
            .copied()
            .filter(|d| *d < mid)
            .fold(f64::NEG_INFINITY, f64::max);
        let after = dates
            .iter()
            .copied()
            .filter(|d| *d >= mid)
            .fold(f64::INFINITY, f64::min);
        (
            Box::new(move |d| Some(d >= mid)),
            range_label(lo, before),
            range_label(after, hi),
        )
    } else {
        return Err(Text::new(
            "All rows share one date, so there is no earlier period to compare revenue with.",
            "Todas las filas tienen la misma fecha, así que no hay un periodo anterior con el que comparar los ingresos.",
        ));
    };
    let mut products = Vec::new();
    for g in &prep.groups {
        let (mut q0, mut r0, mut q1, mut r1) = (0.0, 0.0, 0.0, 0.0);
        for r in &g.rows {
            match classify(r.date) {
                Some(false) => {
                    q0 += r.qty;
                    r0 += r.price * r.qty;
                }
                Some(true) => {
                    q1 += r.qty;
                    r1 += r.price * r.qty;
                }
                None => {}
            }
        }
        let avg = |r: f64, q: f64| if q > 0.0 { r / q } else { 0.0 };
        products.push((
            g.name.clone(),
            ProductPeriods {
                price0: avg(r0, q0),
                quantity0: q0,
                price1: avg(r1, q1),
                quantity1: q1,
            },
        ));
    }
    let parts: Vec<ProductPeriods> = products.iter().map(|p| p.1).collect();
    let pvm = tp::price_volume_mix(&parts).map_err(|e| match e {
        PricingError::TooFew { .. } => Text::new(
            format!(
                "Nothing was sold in {}, so the revenue change could not be split into price, volume and mix.",
                base.en
            ),
            format!(
                "No se vendió nada en {}, así que el cambio de ingresos no se pudo separar en precio, volumen y mezcla.",
                base.es
            ),
        ),
        other => Text::new(
            format!("The price/volume/mix split failed: {other}."),
            format!("La separación en precio, volumen y mezcla falló: {other}."),
        ),
    })?;
    if ![pvm.revenue0, pvm.revenue1, pvm.volume, pvm.price, pvm.mix]
        .iter()
        .all(|v| v.is_finite())
    {
        return Err(Text::new(
            "The revenues are too large to split into price, volume and mix. Check the prices and quantities.",
            "Los ingresos son demasiado grandes para separarlos en precio, volumen y mezcla. Revise los precios y las cantidades.",
        ));
    }
    Ok(PvmResult {
        base,
        current,
        pvm,
        products,
    })
}

fn opt_num(x: Option<f64>) -> Value {
    x.filter(|v| v.is_finite())
        .map_or(Value::Null, Value::Number)
}

/// "A, B, C and 4 more" / "A, B, C y 4 más" from already formatted items.
fn list(items: &[String], spanish: bool) -> String {
    let shown = items
        .iter()
        .take(MAX_NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    let more = items.len().saturating_sub(MAX_NAMED);
    match (more, spanish) {
        (0, _) => shown,
        (m, false) => format!("{shown} and {m} more"),
        (m, true) => format!("{shown} y {m} más"),
    }
}

/// A signed number with `decimals` decimals: "+1.50" / "−0,50".
fn signed(x: f64, decimals: usize, spanish: bool) -> String {
    let s = num(x, decimals, spanish);
    if x >= 0.0 { format!("+{s}") } else { s }
}

/// A signed amount: "+450" / "-12.50".
fn signed_amount(x: f64, spanish: bool) -> String {
    let s = amount(x, spanish);
    if x >= 0.0 { format!("+{s}") } else { s }
}

/// A signed percentage with one decimal: "+4.1 %".
fn signed_pct(x: f64, spanish: bool) -> String {
    let s = pct_abs(x, spanish);
    if x >= 0.0 {
        format!("+{s}")
    } else {
        format!("-{s}")
    }
}

fn controls_cell(e: &Elasticity) -> String {
    match (e.trend, e.season) {
        (true, Some(s)) => format!("Trend, season of {s}"),
        (true, None) => "Trend".into(),
        (false, Some(s)) => format!("Season of {s}"),
        (false, None) => "None".into(),
    }
}

fn reading_cell(e: f64) -> String {
    if e >= 0.0 {
        "Wrong sign: demand rises with price; other factors dominate".into()
    } else if e < -1.0 {
        format!("Elastic: +1 % price, {:.2} % units", e)
    } else {
        format!("Inelastic: +1 % price, {:.2} % units", e)
    }
}

fn warning_cell(w: &PricingWarning) -> String {
    match w {
        PricingWarning::LowPriceVariation { .. } => "Prices barely vary".into(),
        PricingWarning::FewDistinctPrices { count } => format!("Only {count} distinct prices"),
        PricingWarning::NonPositiveExcluded { count } => {
            format!("{count} rows with 0 units left out")
        }
        PricingWarning::ControlsDropped => "Too few periods for trend/season".into(),
    }
}

/// Whether a warning makes the elasticity unreliable.
fn unreliable(w: &PricingWarning) -> bool {
    matches!(
        w,
        PricingWarning::LowPriceVariation { .. } | PricingWarning::FewDistinctPrices { .. }
    )
}

/// Builds the pricing report of `input` (see the module docs).
///
/// Errors: `#VALUE!` when the columns differ in length, when there are no rows, when no
/// product has 3 rows with a price and units above 0, or when no product's elasticity can be
/// fitted (every product sold at one price); the message says what to change.
pub fn pricing_report(input: &PricingInput, opts: &PricingOptions) -> Result<Report, CellError> {
    let prep = prepare(input)?;
    let usable = |g: &Group| {
        g.rows
            .iter()
            .filter(|r| r.price > 0.0 && r.qty > 0.0)
            .count()
    };
    let most = prep
        .groups
        .iter()
        .map(|g| (usable(g), g.name.as_str()))
        .max_by_key(|x| x.0);
    match most {
        Some((k, _)) if k >= MIN_ROWS => {}
        Some((k, name)) => {
            return Err(err(format!(
                "no product has {MIN_ROWS} rows with a price and units sold above 0 (the most is {k}, for \"{name}\"). Include more periods per product, one row per product and period."
            )));
        }
        None => {
            return Err(err(format!(
                "no row has a price above 0 and units sold of 0 or more ({} rows without a usable price, {} without a usable quantity{}). Check that the price and quantity columns hold numbers.",
                prep.skipped.price,
                prep.skipped.quantity,
                if prep.skipped.product + prep.skipped.date > 0 {
                    ", others without a product or a date"
                } else {
                    ""
                }
            )));
        }
    }
    let products: Vec<Product> = prep
        .groups
        .iter()
        .map(|g| analyse(g, prep.has_dates, opts))
        .collect();
    if products.iter().all(|p| p.fit.is_err()) {
        let reasons: Vec<String> = products
            .iter()
            .filter_map(|p| {
                p.fit
                    .as_ref()
                    .err()
                    .map(|f| format!("{}: {}", p.name, f.text.en))
            })
            .collect();
        return Err(err(format!(
            "no product's elasticity can be measured ({}). Include periods sold at different prices, at least {MIN_ROWS} per product.",
            list(&reasons, false)
        )));
    }
    let pvm = pvm_of(&prep);
    Ok(build(&prep, &products, pvm, opts))
}

fn build(
    prep: &Prepared,
    products: &[Product],
    pvm: Result<PvmResult, Text>,
    opts: &PricingOptions,
) -> Report {
    let n = products.len();
    let share = |k: usize| if n > 0 { k as f64 / n as f64 } else { 0.0 };
    let revenue: f64 = products.iter().map(|p| p.revenue).sum();
    let mut es: Vec<f64> = products.iter().filter_map(Product::elasticity).collect();
    let median_e = median(&mut es);
    let elastic: Vec<&Product> = products
        .iter()
        .filter(|p| p.elasticity().is_some_and(|e| e < -1.0))
        .collect();
    let inelastic: Vec<&Product> = products
        .iter()
        .filter(|p| p.elasticity().is_some_and(|e| (-1.0..0.0).contains(&e)))
        .collect();
    let wrong_sign: Vec<&Product> = products
        .iter()
        .filter(|p| p.elasticity().is_some_and(|e| e >= 0.0))
        .collect();
    let costed: Vec<&Product> = products.iter().filter(|p| p.cost.is_some()).collect();
    let costed_revenue: f64 = costed.iter().map(|p| p.revenue).sum();
    let costed_profit: f64 = costed.iter().filter_map(|p| p.gross_profit).sum();
    let avg_margin = (costed_revenue > 0.0).then(|| costed_profit / costed_revenue);
    let uplifts: Vec<f64> = products.iter().filter_map(Product::uplift).collect();
    let profit_uplift = (!uplifts.is_empty()).then(|| uplifts.iter().sum::<f64>());

    let kpis = vec![
        Kpi::new(
            "products",
            "Products",
            "Productos",
            Some(n as f64),
            Format::Integer,
        ),
        Kpi::new(
            "revenue",
            "Revenue",
            "Ingresos",
            Some(revenue),
            Format::Currency,
        ),
        Kpi::new(
            "median_elasticity",
            "Median price elasticity",
            "Elasticidad precio mediana",
            median_e,
            Format::Number,
        ),
        Kpi::new(
            "elastic_products",
            "Price-elastic products",
            "Productos elásticos al precio",
            Some(elastic.len() as f64),
            Format::Integer,
        ),
        Kpi::new(
            "avg_margin",
            "Average gross margin",
            "Margen bruto medio",
            avg_margin,
            Format::Percent,
        ),
        Kpi::new(
            "profit_uplift",
            "Profit gain per period at the best prices",
            "Ganancia de beneficio por periodo a los mejores precios",
            profit_uplift,
            Format::Currency,
        ),
    ];

    // Findings.
    let mut findings = Vec::new();
    let margin_item = |p: &Product, spanish: bool| {
        format!(
            "{} ({}{})",
            if spanish { &p.label.es } else { &p.label.en },
            if p.margin().unwrap_or(0.0) < 0.0 {
                "-"
            } else {
                ""
            },
            pct_abs(p.margin().unwrap_or(0.0), spanish)
        )
    };
    let negative: Vec<&Product> = products
        .iter()
        .filter(|p| p.margin().is_some_and(|m| m < 0.0))
        .collect();
    if !negative.is_empty() {
        let loss: f64 = negative.iter().filter_map(|p| p.gross_profit).sum();
        let items = |s: bool| {
            negative
                .iter()
                .map(|p| margin_item(p, s))
                .collect::<Vec<_>>()
        };
        let mut f = Finding::new(
            "negative_margin",
            Severity::Alert,
            8.0 + share(negative.len()),
            Text::new(
                format!(
                    "{} sold below unit cost, losing {} in total: {}. Raise the price or cut the cost.",
                    products_are(negative.len(), false),
                    amount(-loss, false),
                    list(&items(false), false)
                ),
                format!(
                    "{} por debajo del coste unitario, con una pérdida total de {}: {}. Suba el precio o reduzca el coste.",
                    products_are(negative.len(), true),
                    amount(-loss, true),
                    list(&items(true), true)
                ),
            ),
        );
        f.numbers = vec![
            ("products".into(), negative.len() as f64),
            ("gross_profit".into(), loss),
        ];
        findings.push(f);
    }
    let total_now: f64 = products
        .iter()
        .filter_map(|p| p.best().map(|o| o.profit_now.abs()))
        .filter(|v| v.is_finite())
        .sum();
    for raise in [true, false] {
        let movers: Vec<&Product> = products
            .iter()
            .filter(|p| {
                p.uplift().is_some_and(|u| u > 0.0)
                    && p.change()
                        .is_some_and(|c| c.abs() >= MIN_CHANGE && (c > 0.0) == raise)
            })
            .collect();
        if movers.is_empty() {
            continue;
        }
        let gain: f64 = movers.iter().filter_map(|p| p.uplift()).sum();
        let items = |s: bool| {
            movers
                .iter()
                .filter_map(|p| {
                    let o = p.best()?;
                    Some(format!(
                        "{} {} → {} ({}, {} {})",
                        if s { &p.label.es } else { &p.label.en },
                        num(p.current_price, 2, s),
                        num(o.recommended, 2, s),
                        signed_pct(p.change().unwrap_or(0.0), s),
                        signed_amount(p.uplift().unwrap_or(0.0), s),
                        if s { "por periodo" } else { "per period" }
                    ))
                })
                .collect::<Vec<_>>()
        };
        let score = 6.0
            + if total_now > 0.0 {
                (gain / total_now).min(1.0)
            } else {
                1.0
            };
        let (key, en_verb, es_verb) = if raise {
            ("raise_price", "Raising", "Subir")
        } else {
            ("lower_price", "Lowering", "Bajar")
        };
        let mut f = Finding::new(
            key,
            Severity::Warning,
            score,
            Text::new(
                format!(
                    "{en_verb} the price of {} would add about {} of profit per period by the fitted demand: {}.",
                    count_products(movers.len(), false),
                    amount(gain, false),
                    list(&items(false), false)
                ),
                format!(
                    "{es_verb} el precio de {} añadiría unos {} de beneficio por periodo según la demanda ajustada: {}.",
                    count_products(movers.len(), true),
                    amount(gain, true),
                    list(&items(true), true)
                ),
            ),
        );
        f.numbers = vec![
            ("products".into(), movers.len() as f64),
            ("profit_gain".into(), gain),
        ];
        findings.push(f);
    }
    let thin: Vec<&Product> = products
        .iter()
        .filter(|p| p.margin().is_some_and(|m| (0.0..THIN_MARGIN).contains(&m)))
        .collect();
    if !thin.is_empty() {
        let items = |s: bool| thin.iter().map(|p| margin_item(p, s)).collect::<Vec<_>>();
        let mut f = Finding::new(
            "thin_margin",
            Severity::Warning,
            5.0 + share(thin.len()),
            Text::new(
                format!(
                    "{} a gross margin under {}: {}.",
                    products_have(thin.len(), false),
                    pct_abs(THIN_MARGIN, false),
                    list(&items(false), false)
                ),
                format!(
                    "{} un margen bruto inferior al {}: {}.",
                    products_have(thin.len(), true),
                    pct_abs(THIN_MARGIN, true),
                    list(&items(true), true)
                ),
            ),
        );
        f.numbers = vec![("products".into(), thin.len() as f64)];
        findings.push(f);
    }
    for above in [true, false] {
        let far: Vec<&Product> = products
            .iter()
            .filter(|p| {
                p.index.is_some_and(|i| {
                    if above {
                        i.index > FAR_ABOVE
                    } else {
                        i.index < FAR_BELOW
                    }
                })
            })
            .collect();
        if far.is_empty() {
            continue;
        }
        let items = |s: bool| {
            far.iter()
                .filter_map(|p| {
                    let i = p.index?;
                    Some(format!(
                        "{} ({} {} {}, {} {})",
                        if s { &p.label.es } else { &p.label.en },
                        num(p.avg_price, 2, s),
                        if s { "frente a" } else { "vs" },
                        num(i.median, 2, s),
                        if s { "índice" } else { "index" },
                        num(i.index, 1, s)
                    ))
                })
                .collect::<Vec<_>>()
        };
        let (key, en, es) = if above {
            (
                "above_competitors",
                format!(
                    "{} priced more than 10 % above the median competitor: {}. Check that the extra is earned, or expect to lose volume.",
                    products_are(far.len(), false),
                    list(&items(false), false)
                ),
                format!(
                    "{} más de un 10 % por encima del competidor mediano: {}. Compruebe que la diferencia se justifica o espere perder volumen.",
                    products_are_priced_es(far.len()),
                    list(&items(true), true)
                ),
            )
        } else {
            (
                "below_competitors",
                format!(
                    "{} priced more than 10 % below the median competitor: {}. There may be room to raise the price.",
                    products_are(far.len(), false),
                    list(&items(false), false)
                ),
                format!(
                    "{} más de un 10 % por debajo del competidor mediano: {}. Puede haber margen para subir el precio.",
                    products_are_priced_es(far.len()),
                    list(&items(true), true)
                ),
            )
        };
        let mut f = Finding::new(
            key,
            Severity::Warning,
            4.0 + share(far.len()),
            Text::new(en, es),
        );
        f.numbers = vec![("products".into(), far.len() as f64)];
        findings.push(f);
    }
    if !wrong_sign.is_empty() {
        let items = |s: bool| {
            wrong_sign
                .iter()
                .map(|p| {
                    format!(
                        "{} ({})",
                        if s { &p.label.es } else { &p.label.en },
                        signed(p.elasticity().unwrap_or(0.0), 2, s)
                    )
                })
                .collect::<Vec<_>>()
        };
        findings.push(Finding::new(
            "wrong_sign",
            Severity::Info,
            3.5,
            Text::new(
                format!(
                    "Demand rises with price for {}: other factors (promotions, season, distribution) dominate, so the effect of price cannot be read from these data.",
                    list(&items(false), false)
                ),
                format!(
                    "La demanda sube con el precio en {}: dominan otros factores (promociones, estacionalidad, distribución), así que el efecto del precio no se puede leer en estos datos.",
                    list(&items(true), true)
                ),
            ),
        ));
    }
    let shaky: Vec<&Product> = products
        .iter()
        .filter(|p| match &p.fit {
            Ok(e) => e.warnings.iter().any(unreliable),
            Err(_) => true,
        })
        .collect();
    if !shaky.is_empty() {
        let items = |s: bool| {
            shaky
                .iter()
                .map(|p| {
                    let name = if s { &p.label.es } else { &p.label.en };
                    match &p.fit {
                        Ok(_) if s => format!("{name} (precios poco variados)"),
                        Ok(_) => format!("{name} (little price variation)"),
                        Err(f) if s => format!("{name} ({})", f.text.es),
                        Err(f) => format!("{name} ({})", f.text.en),
                    }
                })
                .collect::<Vec<_>>()
        };
        let mut f = Finding::new(
            "unreliable",
            Severity::Info,
            3.0 + share(shaky.len()),
            Text::new(
                format!(
                    "The elasticity of {} is missing or unreliable: {}. Sell at a wider range of prices to measure it.",
                    count_products(shaky.len(), false),
                    list(&items(false), false)
                ),
                format!(
                    "La elasticidad de {} falta o no es fiable: {}. Venda a precios más variados para medirla.",
                    count_products(shaky.len(), true),
                    list(&items(true), true)
                ),
            ),
        );
        f.numbers = vec![("products".into(), shaky.len() as f64)];
        findings.push(f);
    }
    if let Ok(r) = &pvm {
        let change = r.pvm.total();
        let parts = [
            (r.pvm.volume, "volume", "el volumen"),
            (r.pvm.price, "price", "el precio"),
            (r.pvm.mix, "mix", "la mezcla"),
        ];
        let main = parts
            .iter()
            .max_by(|a, b| a.0.abs().total_cmp(&b.0.abs()))
            .copied()
            .unwrap_or(parts[0]);
        let (up_en, up_es) = if change >= 0.0 {
            ("rose", "subieron")
        } else {
            ("fell", "bajaron")
        };
        let mut f = Finding::new(
            "pvm_driver",
            Severity::Info,
            2.5,
            Text::new(
                format!(
                    "Revenue {up_en} by {} from {} to {}, mainly through {}: volume {}, price {}, mix {}.",
                    amount(change.abs(), false),
                    r.base.en,
                    r.current.en,
                    main.1,
                    signed(r.pvm.volume, 0, false),
                    signed(r.pvm.price, 0, false),
                    signed(r.pvm.mix, 0, false)
                ),
                format!(
                    "Los ingresos {up_es} en {} de {} a {}, sobre todo por {}: volumen {}, precio {}, mezcla {}.",
                    amount(change.abs(), true),
                    r.base.es,
                    r.current.es,
                    main.2,
                    signed(r.pvm.volume, 0, true),
                    signed(r.pvm.price, 0, true),
                    signed(r.pvm.mix, 0, true)
                ),
            ),
        );
        f.numbers = vec![
            ("change".into(), change),
            ("volume".into(), r.pvm.volume),
            ("price".into(), r.pvm.price),
            ("mix".into(), r.pvm.mix),
        ];
        findings.push(f);
    }
    if !elastic.is_empty() || !inelastic.is_empty() {
        let names = |v: &[&Product], s: bool| {
            v.iter()
                .map(|p| {
                    format!(
                        "{} ({})",
                        if s { &p.label.es } else { &p.label.en },
                        num(p.elasticity().unwrap_or(0.0), 2, s)
                    )
                })
                .collect::<Vec<_>>()
        };
        let mut en = Vec::new();
        let mut es = Vec::new();
        if !elastic.is_empty() {
            en.push(format!(
                "{} price-elastic (|e| > 1: a price rise loses more in units than it gains per unit): {}.",
                products_are(elastic.len(), false),
                list(&names(&elastic, false), false)
            ));
            es.push(format!(
                "{} elástic{} al precio (|e| > 1: una subida de precio pierde más en unidades de lo que gana por unidad): {}.",
                products_es_son(elastic.len()),
                if elastic.len() == 1 { "o" } else { "os" },
                list(&names(&elastic, true), true)
            ));
        }
        if !inelastic.is_empty() {
            en.push(format!(
                "{} price-inelastic (|e| < 1: a price rise raises revenue): {}.",
                products_are(inelastic.len(), false),
                list(&names(&inelastic, false), false)
            ));
            es.push(format!(
                "{} inelástic{} al precio (|e| < 1: una subida de precio aumenta los ingresos): {}.",
                products_es_son(inelastic.len()),
                if inelastic.len() == 1 { "o" } else { "os" },
                list(&names(&inelastic, true), true)
            ));
        }
        let (en, es) = (en.join(" "), es.join(" "));
        let mut f = Finding::new("elasticity", Severity::Info, 2.0, Text::new(en, es));
        f.numbers = vec![
            ("elastic".into(), elastic.len() as f64),
            ("inelastic".into(), inelastic.len() as f64),
        ];
        findings.push(f);
    }
    findings.sort_by(|a, b| b.score.total_cmp(&a.score));

    // Tables.
    let mut by_revenue: Vec<&Product> = products.iter().collect();
    by_revenue.sort_by(|a, b| {
        b.revenue
            .total_cmp(&a.revenue)
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut tables = vec![Table {
        key: "elasticity".into(),
        title: Text::new(
            "Price elasticity per product",
            "Elasticidad precio por producto",
        ),
        columns: vec![
            Text::new("Product", "Producto"),
            Text::new("Elasticity", "Elasticidad"),
            Text::new("Standard error", "Error típico"),
            Text::new("R²", "R²"),
            Text::new("Rows used", "Filas usadas"),
            Text::new("Controls", "Controles"),
            Text::new("Reading", "Lectura"),
            Text::new("Warnings", "Avisos"),
        ],
        formats: vec![
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Integer,
            Format::Number,
            Format::Number,
            Format::Number,
        ],
        rows: by_revenue
            .iter()
            .map(|p| match &p.fit {
                Ok(e) => vec![
                    Value::Text(p.name.clone()),
                    Value::Number(e.elasticity),
                    opt_num(Some(e.se)),
                    opt_num(Some(e.r_squared)),
                    Value::Number(e.n_used as f64),
                    Value::Text(controls_cell(e)),
                    Value::Text(reading_cell(e.elasticity)),
                    Value::Text(
                        e.warnings
                            .iter()
                            .map(warning_cell)
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                ],
                Err(f) => vec![
                    Value::Text(p.name.clone()),
                    Value::Null,
                    Value::Null,
                    Value::Null,
                    Value::Number(p.rows as f64),
                    Value::Null,
                    Value::Text(f.short.clone()),
                    Value::Null,
                ],
            })
            .collect(),
    }];
    if prep.has_cost {
        tables.push(Table {
            key: "best_prices".into(),
            title: Text::new(
                match opts.demand_model {
                    DemandModel::LogLog => "Profit-maximising prices (constant elasticity)",
                    DemandModel::Linear => "Profit-maximising prices (linear demand)",
                },
                match opts.demand_model {
                    DemandModel::LogLog => {
                        "Precios que maximizan el beneficio (elasticidad constante)"
                    }
                    DemandModel::Linear => "Precios que maximizan el beneficio (demanda lineal)",
                },
            ),
            columns: vec![
                Text::new("Product", "Producto"),
                Text::new("Unit cost", "Coste unitario"),
                Text::new("Current price", "Precio actual"),
                Text::new("Recommended price", "Precio recomendado"),
                Text::new("Model optimum", "Óptimo del modelo"),
                Text::new("Change", "Cambio"),
                Text::new("Profit per period now", "Beneficio por periodo actual"),
                Text::new(
                    "Profit per period at recommended",
                    "Beneficio por periodo recomendado",
                ),
                Text::new("Note", "Nota"),
            ],
            formats: vec![
                Format::Number,
                Format::Currency,
                Format::Currency,
                Format::Currency,
                Format::Currency,
                Format::Percent,
                Format::Currency,
                Format::Currency,
                Format::Number,
            ],
            rows: by_revenue
                .iter()
                .filter_map(|p| {
                    let o = p.optimum.as_ref()?;
                    Some(match o {
                        Ok(o) => vec![
                            Value::Text(p.name.clone()),
                            opt_num(p.cost),
                            opt_num(Some(p.current_price)),
                            opt_num(Some(o.recommended)),
                            opt_num(o.unclamped),
                            opt_num(p.change()),
                            opt_num(Some(o.profit_now)),
                            opt_num(Some(o.profit_best)),
                            match (&o.note, o.unclamped) {
                                (Some(_), None) => Value::Text(
                                    "Inelastic: held at the highest observed price".into(),
                                ),
                                (Some(_), Some(_)) => {
                                    Value::Text("Held at the edge of the observed prices".into())
                                }
                                (None, _) => Value::Null,
                            },
                        ],
                        Err(t) => vec![
                            Value::Text(p.name.clone()),
                            opt_num(p.cost),
                            opt_num(Some(p.current_price)),
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Null,
                            Value::Text(capitalise(&t.en)),
                        ],
                    })
                })
                .collect(),
        });
        tables.push(Table {
            key: "margins".into(),
            title: Text::new(
                "Margin and markup per product",
                "Margen y recargo por producto",
            ),
            columns: vec![
                Text::new("Product", "Producto"),
                Text::new("Average price", "Precio medio"),
                Text::new("Unit cost", "Coste unitario"),
                Text::new("Margin", "Margen"),
                Text::new("Markup", "Recargo"),
                Text::new("Units", "Unidades"),
                Text::new("Revenue", "Ingresos"),
                Text::new("Gross profit", "Beneficio bruto"),
                Text::new("Flag", "Alerta"),
            ],
            formats: vec![
                Format::Number,
                Format::Currency,
                Format::Currency,
                Format::Percent,
                Format::Percent,
                Format::Number,
                Format::Currency,
                Format::Currency,
                Format::Number,
            ],
            rows: by_revenue
                .iter()
                .filter(|p| p.cost.is_some())
                .map(|p| {
                    let flag = match p.margin() {
                        Some(m) if m < 0.0 => Value::Text("Negative margin".into()),
                        Some(m) if m < THIN_MARGIN => Value::Text("Thin margin (< 10 %)".into()),
                        _ => Value::Null,
                    };
                    vec![
                        Value::Text(p.name.clone()),
                        opt_num(Some(p.avg_price)),
                        opt_num(p.cost),
                        opt_num(p.margin()),
                        opt_num(p.markup()),
                        opt_num(Some(p.units)),
                        opt_num(Some(p.revenue)),
                        opt_num(p.gross_profit),
                        flag,
                    ]
                })
                .collect(),
        });
    }
    if prep.has_comp {
        tables.push(Table {
            key: "competitors".into(),
            title: Text::new(
                "Price against competitors",
                "Precio frente a la competencia",
            ),
            columns: vec![
                Text::new("Product", "Producto"),
                Text::new("Our average price", "Nuestro precio medio"),
                Text::new(
                    "Median competitor price",
                    "Precio mediano de la competencia",
                ),
                Text::new("Price index", "Índice de precio"),
                Text::new("Percentile", "Percentil"),
                Text::new("Gap", "Diferencia"),
                Text::new("Gap %", "Diferencia %"),
            ],
            formats: vec![
                Format::Number,
                Format::Currency,
                Format::Currency,
                Format::Number,
                Format::Number,
                Format::Currency,
                Format::Percent,
            ],
            rows: by_revenue
                .iter()
                .filter_map(|p| {
                    let i = p.index?;
                    Some(vec![
                        Value::Text(p.name.clone()),
                        opt_num(Some(p.avg_price)),
                        opt_num(Some(i.median)),
                        opt_num(Some(i.index)),
                        opt_num(Some(i.percentile)),
                        opt_num(Some(p.avg_price - i.median)),
                        opt_num(Some(p.avg_price / i.median - 1.0)),
                    ])
                })
                .collect(),
        });
    }
    let mut charts = Vec::new();
    let mut ranked: Vec<&Product> = products
        .iter()
        .filter(|p| p.elasticity().is_some())
        .collect();
    ranked.sort_by(|a, b| {
        let (x, y) = (a.elasticity().unwrap_or(0.0), b.elasticity().unwrap_or(0.0));
        y.abs()
            .total_cmp(&x.abs())
            .then_with(|| a.name.cmp(&b.name))
    });
    ranked.truncate(MAX_CHART);
    charts.push(Chart {
        key: "elasticity".into(),
        kind: ChartKind::Bar,
        title: Text::new(
            "Price elasticity per product (largest 20 by size)",
            "Elasticidad precio por producto (las 20 mayores en valor absoluto)",
        ),
        x: (0..ranked.len()).map(|i| i as f64).collect(),
        x_is_date: false,
        series: vec![Series {
            name: Text::new("Elasticity", "Elasticidad"),
            role: SeriesRole::Actual,
            values: ranked.iter().map(|p| p.elasticity()).collect(),
        }],
        labels: ranked.iter().map(|p| p.label.clone()).collect(),
    });
    let mut notes = Vec::new();
    match &pvm {
        Ok(r) => {
            let total = r.pvm.total();
            let share_of = |x: f64| if total != 0.0 { Some(x / total) } else { None };
            tables.push(Table {
                key: "pvm".into(),
                title: Text::new(
                    format!("Revenue change from {} to {}", r.base.en, r.current.en),
                    format!("Cambio de ingresos de {} a {}", r.base.es, r.current.es),
                ),
                columns: vec![
                    Text::new("Effect", "Efecto"),
                    Text::new("Amount", "Importe"),
                    Text::new("Share of the change", "Parte del cambio"),
                ],
                formats: vec![Format::Number, Format::Currency, Format::Percent],
                rows: [
                    ("Base revenue", r.pvm.revenue0, None),
                    ("Volume", r.pvm.volume, share_of(r.pvm.volume)),
                    ("Price", r.pvm.price, share_of(r.pvm.price)),
                    ("Mix", r.pvm.mix, share_of(r.pvm.mix)),
                    ("Total change", total, share_of(total)),
                    ("Current revenue", r.pvm.revenue1, None),
                ]
                .into_iter()
                .map(|(name, v, s)| vec![Value::Text(name.into()), opt_num(Some(v)), opt_num(s)])
                .collect(),
            });
            tables.push(Table {
                key: "pvm_products".into(),
                title: Text::new(
                    format!(
                        "Price and units per product, {} and {}",
                        r.base.en, r.current.en
                    ),
                    format!(
                        "Precio y unidades por producto, {} y {}",
                        r.base.es, r.current.es
                    ),
                ),
                columns: vec![
                    Text::new("Product", "Producto"),
                    Text::new("Base price", "Precio base"),
                    Text::new("Base units", "Unidades base"),
                    Text::new("Current price", "Precio actual"),
                    Text::new("Current units", "Unidades actuales"),
                    Text::new("Base revenue", "Ingresos base"),
                    Text::new("Current revenue", "Ingresos actuales"),
                ],
                formats: vec![
                    Format::Number,
                    Format::Currency,
                    Format::Number,
                    Format::Currency,
                    Format::Number,
                    Format::Currency,
                    Format::Currency,
                ],
                rows: r
                    .products
                    .iter()
                    .filter(|(_, p)| p.quantity0 > 0.0 || p.quantity1 > 0.0)
                    .map(|(name, p)| {
                        let price = |x: f64, q: f64| {
                            if q > 0.0 {
                                opt_num(Some(x))
                            } else {
                                Value::Null
                            }
                        };
                        vec![
                            Value::Text(name.clone()),
                            price(p.price0, p.quantity0),
                            opt_num(Some(p.quantity0)),
                            price(p.price1, p.quantity1),
                            opt_num(Some(p.quantity1)),
                            opt_num(Some(p.price0 * p.quantity0)),
                            opt_num(Some(p.price1 * p.quantity1)),
                        ]
                    })
                    .collect(),
            });
            charts.push(Chart {
                key: "pvm".into(),
                kind: ChartKind::Column,
                title: Text::new(
                    format!(
                        "Revenue change from {} to {}: volume, price, mix",
                        r.base.en, r.current.en
                    ),
                    format!(
                        "Cambio de ingresos de {} a {}: volumen, precio, mezcla",
                        r.base.es, r.current.es
                    ),
                ),
                x: vec![0.0, 1.0, 2.0],
                x_is_date: false,
                series: vec![Series {
                    name: Text::new("Revenue change", "Cambio de ingresos"),
                    role: SeriesRole::Actual,
                    values: vec![Some(r.pvm.volume), Some(r.pvm.price), Some(r.pvm.mix)],
                }],
                labels: vec![
                    Text::new("Volume", "Volumen"),
                    Text::new("Price", "Precio"),
                    Text::new("Mix", "Mezcla"),
                ],
            });
        }
        Err(t) => notes.push(t.clone()),
    }

    // Notes.
    let fitted = products.iter().filter(|p| p.fit.is_ok()).count();
    let (order_en, order_es) = if prep.has_dates {
        ("in date order", "en orden de fecha")
    } else {
        ("in the table's order", "en el orden de la tabla")
    };
    notes.insert(
        0,
        Text::new(
            format!(
                "Elasticities are log-log regressions of units on price per product ({fitted} of {n} fitted), rows {order_en}; a trend is added when there are dates, and seasonal dummies when a product has one row per month, week or day without gaps and enough periods."
            ),
            format!(
                "Las elasticidades son regresiones log-log de las unidades sobre el precio por producto ({fitted} de {n} ajustadas), filas {order_es}; se añade una tendencia cuando hay fechas, y variables estacionales cuando un producto tiene una fila por mes, semana o día sin huecos y periodos suficientes."
            ),
        ),
    );
    let s = &prep.skipped;
    let skipped_total = s.price + s.quantity + s.product + s.date;
    if skipped_total > 0 {
        let reasons = [
            (
                s.price,
                "without a price above 0",
                "sin un precio mayor que 0",
            ),
            (
                s.quantity,
                "without units sold of 0 or more (returns are negative)",
                "sin unidades vendidas de 0 o más (las devoluciones son negativas)",
            ),
            (s.product, "without a product", "sin producto"),
            (s.date, "without a valid date", "sin una fecha válida"),
        ];
        let parts = |spanish: bool| {
            reasons
                .iter()
                .filter(|r| r.0 > 0)
                .map(|r| format!("{} {}", r.0, if spanish { r.2 } else { r.1 }))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (en, es) = if skipped_total == 1 {
            (
                "1 row was skipped".to_string(),
                "Se omitió 1 fila".to_string(),
            )
        } else {
            (
                format!("{skipped_total} rows were skipped"),
                format!("Se omitieron {skipped_total} filas"),
            )
        };
        notes.push(Text::new(
            format!("{en}: {}.", parts(false)),
            format!("{es}: {}.", parts(true)),
        ));
    }
    if s.cost > 0 {
        notes.push(Text::new(
            format!(
                "{} unit costs that were negative or not numbers were ignored.",
                s.cost
            ),
            format!(
                "Se ignoraron {} costes unitarios negativos o no numéricos.",
                s.cost
            ),
        ));
    }
    if !prep.has_cost {
        notes.push(Text::new(
            "There is no unit cost, so margins and profit-maximising prices were left out. Add a unit cost column.",
            "No hay coste unitario, así que se omitieron los márgenes y los precios que maximizan el beneficio. Añada una columna de coste unitario.",
        ));
    } else {
        notes.push(Text::new(
            "Best prices and profits per period come from the fitted demand curve at the average demand level; the current price is the last row's. Recommendations stay within the prices observed.",
            "Los mejores precios y los beneficios por periodo salen de la curva de demanda ajustada al nivel medio de demanda; el precio actual es el de la última fila. Las recomendaciones no salen de los precios observados.",
        ));
    }
    let mut cautions: Vec<Text> = Vec::new();
    for p in &by_revenue {
        if let Ok(e) = &p.fit {
            for w in &e.warnings {
                let t = warning_text(w);
                cautions.push(Text::new(
                    format!("{}: {}", p.label.en, t.en),
                    format!("{}: {}", p.label.es, t.es),
                ));
            }
        }
        if let Some(note) = p.best().and_then(|o| o.note.as_ref()) {
            cautions.push(Text::new(
                format!("{}: {}", p.label.en, note.en),
                format!("{}: {}", p.label.es, note.es),
            ));
        }
    }
    let more = cautions.len().saturating_sub(MAX_NOTES);
    notes.extend(cautions.into_iter().take(MAX_NOTES));
    if more > 0 {
        notes.push(Text::new(
            format!("{more} more cautions are summarised in the Warnings and Note columns."),
            format!("Otros {more} avisos se resumen en las columnas Avisos y Nota."),
        ));
    }
    let requested = products.iter().filter(|p| p.season_requested > 0).count();
    if prep.has_dates && requested == 0 {
        notes.push(Text::new(
            "No product has one row per month, week or day without gaps, so no seasonal control was used.",
            "Ningún producto tiene una fila por mes, semana o día sin huecos, así que no se controló la estacionalidad.",
        ));
    }

    Report {
        system: "pricing".into(),
        title: Text::new("Product pricing", "Precios de productos"),
        kpis,
        tables,
        charts,
        findings,
        notes,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "1 product" / "3 products"; "1 producto" / "3 productos".
fn count_products(n: usize, spanish: bool) -> String {
    match (n, spanish) {
        (1, false) => "1 product".into(),
        (1, true) => "1 producto".into(),
        (n, false) => format!("{n} products"),
        (n, true) => format!("{n} productos"),
    }
}

/// "1 product is" / "3 products are"; "1 producto se vende" / "3 productos se venden".
fn products_are(n: usize, spanish: bool) -> String {
    match (n, spanish) {
        (1, false) => "1 product is".into(),
        (n, false) => format!("{n} products are"),
        (1, true) => "1 producto se vende".into(),
        (n, true) => format!("{n} productos se venden"),
    }
}

/// "1 producto es" / "3 productos son".
fn products_es_son(n: usize) -> String {
    if n == 1 {
        "1 producto es".into()
    } else {
        format!("{n} productos son")
    }
}

/// "1 producto tiene un precio" / "3 productos tienen un precio".
fn products_are_priced_es(n: usize) -> String {
    if n == 1 {
        "1 producto tiene un precio".into()
    } else {
        format!("{n} productos tienen un precio")
    }
}

/// "1 product has" / "3 products have"; "1 producto tiene" / "3 productos tienen".
fn products_have(n: usize, spanish: bool) -> String {
    match (n, spanish) {
        (1, false) => "1 product has".into(),
        (n, false) => format!("{n} products have"),
        (1, true) => "1 producto tiene".into(),
        (n, true) => format!("{n} productos tienen"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use aism_ts::timeline::ymd_to_serial;

    /// Prices of product A over 24 months; the last two are 8 (Nov 2024) and 10 (Dec 2024).
    const PA: [f64; 24] = [
        6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 9.5, 8.5, 7.5, 6.5, 11.5, 10.5, 12.0, 6.0, 9.0, 7.0,
        11.0, 8.0, 10.0, 6.5, 12.0, 8.0, 10.0,
    ];
    /// Prices of product B; the last two are 25 and 16.
    const PB: [f64; 24] = [
        16.0, 18.0, 20.0, 22.0, 24.0, 25.0, 17.0, 19.0, 21.0, 23.0, 16.5, 24.5, 20.0, 18.0, 22.0,
        16.0, 25.0, 19.5, 21.5, 23.5, 17.5, 24.0, 25.0, 16.0,
    ];

    /// The first day of month `t` counted from January 2023.
    fn month(t: usize) -> f64 {
        ymd_to_serial(2023 + (t / 12) as i32, (t % 12) as u32 + 1, 1).unwrap()
    }
    /// Demand of A by construction: q = 40 000·p^−2 (elasticity −2).
    fn qa(p: f64) -> f64 {
        40_000.0 / (p * p)
    }
    /// Demand of B by construction: q = 300·p^−0.5 (elasticity −0.5).
    fn qb(p: f64) -> f64 {
        300.0 / p.sqrt()
    }

    /// A and B over 24 months; A's rows in date order, B's in reverse (the report sorts them).
    /// Unit costs 4 (A) and 10 (B); competitor prices 9 and 11 alternating (A) and 20 (B).
    fn synthetic() -> PricingInput {
        let mut x = PricingInput {
            product: Some(Vec::new()),
            date: Some(Vec::new()),
            unit_cost: Some(Vec::new()),
            competitor_price: Some(Vec::new()),
            ..Default::default()
        };
        let mut push = |name: &str, t: usize, p: f64, q: f64, c: f64, comp: f64| {
            x.product.as_mut().unwrap().push(name.into());
            x.date.as_mut().unwrap().push(month(t));
            x.price.push(Some(p));
            x.quantity.push(Some(q));
            x.unit_cost.as_mut().unwrap().push(Some(c));
            x.competitor_price.as_mut().unwrap().push(Some(comp));
        };
        for (t, &pa) in PA.iter().enumerate() {
            push("A", t, pa, qa(pa), 4.0, if t % 2 == 0 { 9.0 } else { 11.0 });
            let u = 23 - t;
            push("B", u, PB[u], qb(PB[u]), 10.0, 20.0);
        }
        x
    }

    fn table<'a>(r: &'a Report, key: &str) -> &'a Table {
        r.tables.iter().find(|t| t.key == key).unwrap()
    }
    fn row<'a>(t: &'a Table, name: &str) -> &'a [Value] {
        t.rows
            .iter()
            .find(|r| r[0] == Value::Text(name.into()))
            .unwrap()
    }
    fn number(v: &Value) -> f64 {
        match v {
            Value::Number(x) => *x,
            other => panic!("not a number: {other:?}"),
        }
    }
    fn kpi_of(r: &Report, key: &str) -> Option<f64> {
        r.kpis.iter().find(|k| k.key == key).unwrap().value
    }
    /// |got − want| ≤ tol·max(1, |want|).
    #[track_caller]
    fn close(got: f64, want: f64, tol: f64) {
        assert!(
            (got - want).abs() <= tol * want.abs().max(1.0),
            "got {got}, want {want}"
        );
    }

    #[test]
    fn synthetic_report_matches_the_construction() {
        let r = pricing_report(&synthetic(), &PricingOptions::default()).unwrap();
        for f in &r.findings {
            println!("{:>5.2} {}\n      {}", f.score, f.text.en, f.text.es);
        }
        for n in &r.notes {
            println!("note: {}", n.en);
        }
        assert_eq!(r.system, "pricing");
        assert_eq!(
            r.title,
            Text::new("Product pricing", "Precios de productos")
        );

        // Elasticities equal the construction; monthly data get a trend and 12 seasons.
        let t = table(&r, "elasticity");
        assert!(t.rows.iter().all(|x| x.len() == t.columns.len()));
        let a = row(t, "A");
        close(number(&a[1]), -2.0, 1e-9);
        close(number(&a[3]), 1.0, 1e-9);
        assert_eq!(number(&a[4]), 24.0);
        assert_eq!(a[5], Value::Text("Trend, season of 12".into()));
        assert!(matches!(&a[6], Value::Text(s) if s.starts_with("Elastic")));
        let b = row(t, "B");
        close(number(&b[1]), -0.5, 1e-9);
        assert!(matches!(&b[6], Value::Text(s) if s.starts_with("Inelastic")));

        // Margins and markups: revenue-weighted average price R/Q, margin (p − c)/p,
        // markup (p − c)/c, gross profit R − c·Q, summed in date order as the report does.
        let sums = |prices: &[f64; 24], q: fn(f64) -> f64| {
            let r: f64 = prices.iter().map(|p| p * q(*p)).sum();
            let u: f64 = prices.iter().map(|p| q(*p)).sum();
            (r, u)
        };
        let m = table(&r, "margins");
        let mut gp_total = 0.0;
        let mut rev_total = 0.0;
        for (name, prices, q, c) in [("A", &PA, qa as fn(f64) -> f64, 4.0), ("B", &PB, qb, 10.0)] {
            let (rev, units) = sums(prices, q);
            let avg = rev / units;
            let x = row(m, name);
            close(number(&x[1]), avg, 1e-12);
            assert_eq!(number(&x[2]), c);
            close(number(&x[3]), (avg - c) / avg, 1e-12);
            close(number(&x[4]), (avg - c) / c, 1e-12);
            close(number(&x[5]), units, 1e-12);
            close(number(&x[6]), rev, 1e-12);
            close(number(&x[7]), rev - c * units, 1e-12);
            assert_eq!(x[8], Value::Null);
            gp_total += rev - c * units;
            rev_total += rev;
        }
        close(kpi_of(&r, "revenue").unwrap(), rev_total, 1e-12);
        close(
            kpi_of(&r, "avg_margin").unwrap(),
            gp_total / rev_total,
            1e-12,
        );
        assert_eq!(kpi_of(&r, "products"), Some(2.0));
        close(kpi_of(&r, "median_elasticity").unwrap(), -1.25, 1e-9);
        assert_eq!(kpi_of(&r, "elastic_products"), Some(1.0));

        // Price/volume/mix, Nov 2024 → Dec 2024, by hand: A 8 × 625 → 10 × 400, B 25 × 60 →
        // 16 × 75. R₀ = 6500, R₁ = 5200, Q₀ = 685, Q₁ = 475, P̄₀ = 6500/685.
        // Volume (475 − 685)·6500/685; mix (400·8 + 75·25) − 475·6500/685; price
        // (10 − 8)·400 + (16 − 25)·75 = 125.
        let p = table(&r, "pvm");
        assert_eq!(
            p.title.en,
            "Revenue change from November 2024 to December 2024"
        );
        let effect = |name: &str| number(&row(p, name)[1]);
        assert_eq!(effect("Base revenue"), 6500.0);
        assert_eq!(effect("Current revenue"), 5200.0);
        close(effect("Volume"), -210.0 * 6500.0 / 685.0, 1e-12);
        close(effect("Mix"), 5075.0 - 475.0 * 6500.0 / 685.0, 1e-12);
        close(effect("Price"), 125.0, 1e-12);
        close(effect("Total change"), -1300.0, 1e-12);
        close(
            effect("Volume") + effect("Price") + effect("Mix"),
            effect("Total change"),
            1e-12,
        );
        let pp = table(&r, "pvm_products");
        assert_eq!(
            row(pp, "A")[1..5].iter().map(number).collect::<Vec<_>>(),
            vec![8.0, 625.0, 10.0, 400.0]
        );
        let chart = r.charts.iter().find(|c| c.key == "pvm").unwrap();
        assert_eq!(chart.kind, ChartKind::Column);
        assert_eq!(chart.x, vec![0.0, 1.0, 2.0]);
        assert_eq!(
            chart
                .labels
                .iter()
                .map(|l| l.en.as_str())
                .collect::<Vec<_>>(),
            ["Volume", "Price", "Mix"]
        );
        assert_eq!(chart.series[0].values[2], Some(effect("Mix")));

        // Best prices: A elastic, p* = c·e/(1 + e) = 4·(−2)/(−1) = 8, inside 6–12; current 10.
        // Profit per period (p − 4)·40 000·p^−2: 2400 at 10, 2500 at 8. B inelastic: held at the
        // highest observed price 25; (p − 10)·300·p^−0.5: 450 at 16, 900 at 25.
        let o = table(&r, "best_prices");
        let a = row(o, "A");
        close(number(&a[3]), 8.0, 1e-9);
        close(number(&a[4]), 8.0, 1e-9);
        assert_eq!(number(&a[2]), 10.0);
        close(number(&a[5]), -0.2, 1e-9);
        close(number(&a[6]), 2400.0, 1e-9);
        close(number(&a[7]), 2500.0, 1e-9);
        assert_eq!(a[8], Value::Null);
        let b = row(o, "B");
        assert_eq!(number(&b[3]), 25.0);
        assert_eq!(b[4], Value::Null);
        close(number(&b[6]), 450.0, 1e-9);
        close(number(&b[7]), 900.0, 1e-9);
        close(kpi_of(&r, "profit_uplift").unwrap(), 550.0, 1e-9);
        assert!(
            r.notes
                .iter()
                .any(|n| n.en.starts_with("B: Demand is inelastic") && n.es.contains("25,00"))
        );

        // Competitors: A's average against 9 and 11 (median 10), all dearer: percentile 0;
        // B's against 20, all cheaper: percentile 100.
        let c = table(&r, "competitors");
        let (ra, ua) = sums(&PA, qa);
        let (rb, ub) = sums(&PB, qb);
        close(number(&row(c, "A")[3]), 100.0 * (ra / ua) / 10.0, 1e-12);
        assert_eq!(number(&row(c, "A")[4]), 0.0);
        close(number(&row(c, "B")[3]), 100.0 * (rb / ub) / 20.0, 1e-12);
        assert_eq!(number(&row(c, "B")[4]), 100.0);

        // Elasticity chart: largest |e| first.
        let e = r.charts.iter().find(|c| c.key == "elasticity").unwrap();
        assert_eq!(e.kind, ChartKind::Bar);
        assert_eq!(e.labels, vec![Text::new("A", "A"), Text::new("B", "B")]);
        close(e.series[0].values[0].unwrap(), -2.0, 1e-9);

        // Findings: ranked, bilingual; raise B, lower A, A below competitors, volume drove the
        // fall.
        assert!(r.findings.windows(2).all(|w| w[0].score >= w[1].score));
        for f in &r.findings {
            assert!(!f.text.en.is_empty() && !f.text.es.is_empty());
            assert_ne!(f.text.en, f.text.es);
        }
        let keys: Vec<&str> = r.findings.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "raise_price",
                "lower_price",
                "below_competitors",
                "pvm_driver",
                "elasticity"
            ]
        );
        let raise = &r.findings[0];
        assert!(
            raise
                .text
                .en
                .contains("B 16.00 → 25.00 (+56.2 %, +450 per period)")
        );
        assert!(
            raise
                .text
                .es
                .contains("B 16,00 → 25,00 (+56,2 %, +450 por periodo)")
        );
        assert_eq!(raise.numbers[0], ("products".into(), 1.0));
        close(raise.numbers[1].1, 450.0, 1e-9);
        assert!(
            r.findings[1]
                .text
                .en
                .contains("A 10.00 → 8.00 (-20.0 %, +100 per period)")
        );
        assert!(r.findings[3].text.en.contains(
            "Revenue fell by 1,300 from November 2024 to December 2024, mainly through volume: volume -1,993, price +125, mix +568."
        ));
        assert!(r.findings[3].text.es.contains("sobre todo por el volumen"));
        assert!(
            serde_json::to_string(&r)
                .unwrap()
                .contains("\"system\":\"pricing\"")
        );
    }

    /// One product without a product column over 36 months, q = 1000·p^−3·e^{0.02·t}: the
    /// trend control recovers −3 exactly; with unit cost 8 the optimum 8·(−3)/(−2) = 12 lies
    /// above the highest price 10, so the recommendation is held at 10.
    #[test]
    fn trend_control_and_clamped_optimum() {
        let prices: Vec<f64> = (0..36)
            .map(|t| 5.0 + f64::from((t * 7) % 11) * 0.5)
            .collect();
        let q: Vec<f64> = prices
            .iter()
            .enumerate()
            .map(|(t, p)| 1000.0 * p.powi(-3) * (0.02 * t as f64).exp())
            .collect();
        let x = PricingInput {
            product: None,
            date: Some((0..36).map(month).collect()),
            price: prices.iter().copied().map(Some).collect(),
            quantity: q.iter().copied().map(Some).collect(),
            unit_cost: Some(vec![Some(8.0); 36]),
            competitor_price: None,
        };
        let r = pricing_report(&x, &PricingOptions::default()).unwrap();
        let t = table(&r, "elasticity");
        let all = row(t, "All products");
        close(number(&all[1]), -3.0, 1e-9);
        // Without the trend the fit is off: the control matters.
        let plain = tp::elasticity(&prices, &q, Controls::default()).unwrap();
        assert!(
            (plain.elasticity + 3.0).abs() > 1e-3,
            "{}",
            plain.elasticity
        );
        let o = row(table(&r, "best_prices"), "All products");
        assert_eq!(number(&o[3]), 10.0);
        close(number(&o[4]), 12.0, 1e-9);
        // Expected profit per period (p − 8)·A·p^−3 with A = 1000·e^{0.02·mean t}, mean t = 17.5.
        let level = 1000.0 * (0.02_f64 * 17.5).exp();
        let current = prices[35];
        close(
            number(&o[6]),
            (current - 8.0) * level * current.powi(-3),
            1e-9,
        );
        close(number(&o[7]), 2.0 * level * 1e-3, 1e-9);
        assert!(r.notes.iter().any(|n| {
            n.en.starts_with("All products: The model's best price 12.00")
                && n.es.starts_with("Todos los productos: El mejor precio")
        }));
        assert!(r.tables.iter().all(|t| t.key != "competitors"));
        let label = &r.charts[0].labels[0];
        assert_eq!(label, &Text::new("All products", "Todos los productos"));
    }

    /// Linear demand q = 100 − 4p on p = 5 … 15 without dates, cost 10: the optimum
    /// (β·c − α)/(2β) = (−40 − 100)/(−8) = 17.5 is held at 15; the last row's price 12 is the
    /// current one. Profit (p − 10)(100 − 4p): 104 at 12, 200 at 15.
    #[test]
    fn linear_model_without_dates() {
        let mut p: Vec<f64> = (5..=15).map(f64::from).filter(|p| *p != 12.0).collect();
        p.push(12.0);
        let x = PricingInput {
            price: p.iter().copied().map(Some).collect(),
            quantity: p.iter().map(|p| Some(100.0 - 4.0 * p)).collect(),
            unit_cost: Some(vec![Some(10.0); p.len()]),
            ..Default::default()
        };
        let opts = PricingOptions {
            demand_model: DemandModel::Linear,
        };
        let r = pricing_report(&x, &opts).unwrap();
        let o = row(table(&r, "best_prices"), "All products");
        assert_eq!(number(&o[2]), 12.0);
        assert_eq!(number(&o[3]), 15.0);
        close(number(&o[4]), 17.5, 1e-9);
        close(number(&o[6]), 104.0, 1e-9);
        close(number(&o[7]), 200.0, 1e-9);
        close(kpi_of(&r, "profit_uplift").unwrap(), 96.0, 1e-9);
        assert!(
            r.notes
                .iter()
                .any(|n| n.en.starts_with("There are no dates"))
        );
        assert!(r.tables.iter().all(|t| t.key != "pvm"));
        assert!(r.charts.iter().all(|c| c.key != "pvm"));
    }

    /// C sells below cost (price 5–7, cost 8), D at a thin margin (cost 0.95 × price… fixed
    /// at 5.7 against an average near 6), E has one row only.
    #[test]
    fn margin_flags_and_unfittable_products() {
        let mut x = PricingInput {
            product: Some(Vec::new()),
            unit_cost: Some(Vec::new()),
            ..Default::default()
        };
        for (name, prices, cost) in [
            ("C", vec![5.0, 6.0, 7.0, 5.5], 8.0),
            ("D", vec![5.8, 6.0, 6.2, 6.1], 5.7),
            ("E", vec![3.0], 1.0),
        ] {
            for p in prices {
                x.product.as_mut().unwrap().push(name.into());
                x.price.push(Some(p));
                x.quantity.push(Some(600.0 / p));
                x.unit_cost.as_mut().unwrap().push(Some(cost));
            }
        }
        let r = pricing_report(&x, &PricingOptions::default()).unwrap();
        // q = 600/p: revenue 600 per row, so C's average price is 4·600/Σ(600/p).
        let m = table(&r, "margins");
        let c_avg = 4.0 / (1.0 / 5.0 + 1.0 / 6.0 + 1.0 / 7.0 + 1.0 / 5.5);
        close(number(&row(m, "C")[1]), c_avg, 1e-12);
        close(number(&row(m, "C")[3]), (c_avg - 8.0) / c_avg, 1e-12);
        close(
            number(&row(m, "C")[7]),
            2400.0 - 8.0 * 2400.0 / c_avg,
            1e-12,
        );
        assert_eq!(row(m, "C")[8], Value::Text("Negative margin".into()));
        assert_eq!(row(m, "D")[8], Value::Text("Thin margin (< 10 %)".into()));
        assert_eq!(r.findings[0].key, "negative_margin");
        assert_eq!(r.findings[0].severity, Severity::Alert);
        assert!(
            r.findings[0]
                .text
                .en
                .starts_with("1 product is sold below unit cost")
        );
        assert!(r.findings.iter().any(|f| f.key == "thin_margin"));
        // E is listed with its reason, not an error for the report.
        let e = row(table(&r, "elasticity"), "E");
        assert_eq!(e[1], Value::Null);
        assert!(matches!(&e[6], Value::Text(s) if s.starts_with("Only 1 row")));
        let u = r.findings.iter().find(|f| f.key == "unreliable").unwrap();
        assert!(u.text.en.contains("E (only 1 row(s)"), "{}", u.text.en);
        // q = 600/p exactly: elasticity −1 for C and D (inelastic boundary: held at the top).
        close(number(&row(table(&r, "elasticity"), "C")[1]), -1.0, 1e-9);
    }

    #[track_caller]
    fn value_error(x: &PricingInput, needle: &str) {
        let e = pricing_report(x, &PricingOptions::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value, "{e:?}");
        assert!(e.message.contains(needle), "{}", e.message);
    }

    fn plain(prices: &[f64], quantities: &[f64]) -> PricingInput {
        PricingInput {
            price: prices.iter().copied().map(Some).collect(),
            quantity: quantities.iter().copied().map(Some).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn garbage_inputs_never_panic() {
        value_error(&PricingInput::default(), "no rows");
        value_error(&plain(&[10.0], &[5.0]), "the most is 1");
        value_error(&plain(&[f64::NAN; 4], &[1.0; 4]), "no row has a price");
        value_error(
            &plain(&[10.0; 6], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            "price never changes",
        );
        value_error(
            &plain(&[1.0, 2.0, 3.0, 4.0], &[-1.0; 4]),
            "without a usable quantity",
        );
        let mut x = plain(&[1.0, 2.0], &[1.0, 2.0]);
        x.quantity.pop();
        value_error(
            &x,
            "the quantity column has 1 values but the price column has 2",
        );
        x.quantity.push(None);
        x.product = Some(vec!["A".into()]);
        value_error(&x, "the product column has 1 values");

        // Negative quantities and blanks are skipped with a note.
        let mut x = plain(&[2.0, 3.0, 4.0, 5.0, 6.0], &[50.0, 30.0, -4.0, 20.0, 15.0]);
        x.price.push(None);
        x.quantity.push(Some(3.0));
        let r = pricing_report(&x, &PricingOptions::default()).unwrap();
        assert!(
            r.notes
                .iter()
                .any(|n| n.en
                    == "2 rows were skipped: 1 without a price above 0, 1 without units sold of 0 or more (returns are negative).")
        );
        assert_eq!(
            number(&row(table(&r, "elasticity"), "All products")[4]),
            4.0
        );

        // Extreme values, infinities, bad dates and costs: a report or an error, never a panic.
        let cases: Vec<PricingInput> = vec![
            plain(&[1e300, 2e300, 3e300], &[1e300, 2e300, 3e300]),
            plain(&[1e-300, 2e-300, 3e-300], &[1e300, 1e-300, 5.0]),
            plain(
                &[f64::INFINITY, 1.0, 2.0, 3.0],
                &[1.0, f64::NEG_INFINITY, 2.0, 1.0],
            ),
            plain(&[1.0, 1.0 + 1e-15, 1.0, 1.0 + 1e-15], &[1.0, 2.0, 3.0, 4.0]),
            plain(&[1.0, 2.0, 3.0], &[0.0, 0.0, 0.0]),
            PricingInput {
                date: Some(vec![f64::NAN, -5.0, 1e12]),
                unit_cost: Some(vec![Some(-1.0), Some(f64::NAN), Some(1e308)]),
                competitor_price: Some(vec![Some(0.0), Some(-1.0), Some(f64::INFINITY)]),
                ..plain(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0])
            },
            PricingInput {
                date: Some(vec![45_000.0; 4]),
                product: Some(vec![" ".into(), "A".into(), "A".into(), "A".into()]),
                unit_cost: Some(vec![Some(1e308); 4]),
                competitor_price: Some(vec![Some(1e-308); 4]),
                ..plain(&[1.0, 2.0, 3.0, 4.0], &[4.0, 3.0, 2.0, 1.0])
            },
            PricingInput {
                date: Some(vec![45_000.0, 45_001.0, 45_002.5, 45_010.0, f64::NAN]),
                ..plain(&[1.0, 2.0, 3.0, 4.0, 5.0], &[5.0, 4.0, 3.0, 2.0, 1.0])
            },
        ];
        for x in &cases {
            match pricing_report(x, &PricingOptions::default()) {
                Ok(r) => {
                    println!(
                        "ok: {:?}",
                        r.notes.iter().map(|n| &n.en).collect::<Vec<_>>()
                    );
                    assert!(serde_json::to_string(&r).is_ok());
                    for t in &r.tables {
                        assert!(t.rows.iter().all(|row| row.len() == t.columns.len()));
                    }
                }
                Err(e) => {
                    println!("error: {}", e.message);
                    assert!(!e.message.is_empty());
                }
            }
        }
        // Dates that are all missing count as no dates.
        let x = PricingInput {
            date: Some(vec![f64::NAN; 3]),
            ..plain(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0])
        };
        let r = pricing_report(&x, &PricingOptions::default()).unwrap();
        assert!(
            r.notes
                .iter()
                .any(|n| n.en.starts_with("There are no dates"))
        );
    }

    #[test]
    fn seasons_from_the_date_step() {
        let monthly: Vec<f64> = (0..30).map(month).collect();
        assert_eq!(season_of(&monthly), 12);
        let weekly: Vec<f64> = (0..10).map(|i| 45_000.0 + 7.0 * f64::from(i)).collect();
        assert_eq!(season_of(&weekly), 52);
        let daily: Vec<f64> = (0..10).map(|i| 45_000.0 + f64::from(i)).collect();
        assert_eq!(season_of(&daily), 7);
        // A gap or a repeated date: no season.
        let mut gap = daily.clone();
        gap.remove(4);
        assert_eq!(season_of(&gap), 0);
        let mut twice = weekly.clone();
        twice.insert(3, weekly[3]);
        assert_eq!(season_of(&twice), 0);
        assert_eq!(season_of(&[45_000.0, 45_001.0]), 0);
    }

    #[test]
    fn halves_when_the_data_span_less_than_two_months() {
        // Daily rows 1–20 Jan 2024: base = before the middle of the range (10.5 Jan).
        let d0 = ymd_to_serial(2024, 1, 1).unwrap();
        let prices: Vec<f64> = (0..20).map(|i| 10.0 + f64::from(i % 4)).collect();
        let x = PricingInput {
            date: Some((0..20).map(|i| d0 + f64::from(i)).collect()),
            ..plain(
                &prices,
                &prices.iter().map(|p| 1000.0 / p).collect::<Vec<_>>(),
            )
        };
        let r = pricing_report(&x, &PricingOptions::default()).unwrap();
        let p = table(&r, "pvm");
        assert_eq!(
            p.title.en,
            "Revenue change from 1 Jan 2024 – 10 Jan 2024 to 11 Jan 2024 – 20 Jan 2024"
        );
        // Revenue 1000 per row, 10 rows each: no change; one product: no mix.
        close(number(&row(p, "Total change")[1]), 0.0, 1e-9);
        close(number(&row(p, "Mix")[1]), 0.0, 1e-9);
    }
}
