//! Registry implementations of the inventory functions (FUNCTIONS.md, "Inventory"):
//! `AISM.EOQ`, `AISM.SAFETYSTOCK`, `AISM.REORDERPOINT`, `AISM.NEWSVENDOR`, `AISM.ABC`,
//! `AISM.XYZ`, `AISM.DEMANDCLASS`, `AISM.DEMANDFORECAST`, and the additions `AISM.EPQ`,
//! `AISM.RQPOLICY`, `AISM.SSPOLICY`.
//!
//! The algorithms are those of `aism_ts::intermittent` and `aism_ts::inventory`; this module
//! reads the arguments, checks them with messages that name the argument to change, and shapes
//! the results.
//!
//! Blank cells inside a demand history: `SAFETYSTOCK` / `REORDERPOINT` skip them (as Excel's
//! STDEV.S does); `DEMANDCLASS` / `DEMANDFORECAST` count them as periods without demand (0),
//! because the position of a period matters there.

use crate::cells::{Cell, CellError, Grid};
use crate::registry::Args;
use aism_ts::Error as TsError;
use aism_ts::intermittent::{self, DemandClass};
use aism_ts::inventory;

/// Smoothing weight of the demand sizes in TSB (as in the statsforecast golden tests).
pub const TSB_ALPHA_D: f64 = 0.2;

/// Smoothing weight of the demand probability in TSB.
pub const TSB_ALPHA_P: f64 = 0.1;

/// Largest `DEMANDFORECAST` horizon.
pub const MAX_HORIZON: usize = 10_000;

/// How demand is forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DemandMethod {
    /// By Syntetos–Boylan class: smooth / erratic → ETS, intermittent → SBA, lumpy → TSB;
    /// fewer than two periods with demand → SBA.
    #[default]
    Auto,
    /// Croston's method (classic, α = 0.1).
    Croston,
    /// Croston with the Syntetos–Boylan approximation (× 0.95).
    Sba,
    /// Teunter–Syntetos–Babai with α_d = [`TSB_ALPHA_D`], α_p = [`TSB_ALPHA_P`].
    Tsb,
    /// AutoETS (seasonal when a season up to 24 periods is detected).
    Ets,
}

impl DemandMethod {
    /// Parses a method name (case-insensitive): "auto", "croston", "sba", "tsb", "ets".
    pub fn parse(text: &str) -> Option<DemandMethod> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Self::Auto),
            "croston" => Some(Self::Croston),
            "sba" => Some(Self::Sba),
            "tsb" => Some(Self::Tsb),
            "ets" => Some(Self::Ets),
            _ => None,
        }
    }
}

/// A demand forecast with the model that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandForecast {
    /// One value per future period (never negative).
    pub values: Vec<f64>,
    /// The model used: "Croston", "SBA", "TSB(0.2,0.1)" or the ETS model name.
    pub method: String,
    /// The Syntetos–Boylan class, when it could be measured (at least two demand periods).
    pub class: Option<DemandClass>,
}

/// Forecasts a demand history (one value per period, oldest first, 0 = no demand) `horizon`
/// periods ahead with `method`. Croston-family forecasts are flat; ETS forecasts follow the
/// fitted trend and season and are floored at 0.
///
/// # Errors
/// The `aism_ts` errors: empty history, a value that is negative or not a number, or an ETS
/// model that cannot be fitted.
pub fn forecast_demand(
    history: &[f64],
    horizon: usize,
    method: DemandMethod,
) -> Result<DemandForecast, TsError> {
    let class = intermittent::classify_demand(history).ok().map(|c| c.class);
    let resolved = match method {
        DemandMethod::Auto => match class {
            Some(DemandClass::Smooth | DemandClass::Erratic) => DemandMethod::Ets,
            Some(DemandClass::Lumpy) => DemandMethod::Tsb,
            Some(DemandClass::Intermittent) | None => DemandMethod::Sba,
        },
        m => m,
    };
    let flat = |r: intermittent::IntermittentForecast, name: &str| DemandForecast {
        values: vec![r.forecast.max(0.0); horizon],
        method: name.to_string(),
        class,
    };
    Ok(match resolved {
        DemandMethod::Croston => flat(intermittent::croston(history)?, "Croston"),
        DemandMethod::Sba | DemandMethod::Auto => flat(intermittent::sba(history)?, "SBA"),
        DemandMethod::Tsb => flat(
            intermittent::tsb(history, TSB_ALPHA_D, TSB_ALPHA_P)?,
            &format!("TSB({TSB_ALPHA_D},{TSB_ALPHA_P})"),
        ),
        DemandMethod::Ets => {
            // The same validation as the Croston family (negative demand is an error).
            intermittent::croston(history)?;
            use aism_ts::forecast::{ForecastOptions, Method, Seasonality};
            let r = aism_ts::forecast::forecast(
                history,
                &ForecastOptions {
                    horizon,
                    seasonality: Seasonality::Auto,
                    level: 0.95,
                    model: Method::Ets,
                },
            )?;
            DemandForecast {
                values: r.mean.iter().map(|v| v.max(0.0)).collect(),
                method: r.method,
                class,
            }
        }
    })
}

/// Translates an `aism_ts` error into a cell error naming `arg`.
pub(crate) fn ts_error(f: &str, arg: &str, e: TsError) -> CellError {
    match e {
        TsError::TooShort { needed, got } => CellError::num(format!(
            "{f}: '{arg}' needs at least {needed} values, but has {got}. Provide a longer history."
        )),
        TsError::NotFinite => CellError::num(format!(
            "{f}: '{arg}' holds a value that is not a finite number. Fix that cell."
        )),
        TsError::InvalidArgument(m) => CellError::num(format!("{f}: {m}.")),
        TsError::Ets(aism_ets::Error::TooShort { needed, got }) => CellError::num(format!(
            "{f}: the ETS model needs at least {needed} periods in '{arg}', but has {got}. Provide a longer history or use method \"sba\"."
        )),
        other => CellError::num(format!(
            "{f}: {other}. Check '{arg}' or choose another method."
        )),
    }
}

/// A scalar number argument that must be greater than 0.
fn positive(args: &Args, i: usize, name: &str, hint: &str) -> Result<f64, CellError> {
    let x = args.number(i)?;
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(CellError::num(format!(
            "{}: '{name}' must be greater than 0, but it is {x}. {hint}",
            args.function()
        )))
    }
}

/// An optional scalar number argument that must be at least 0.
fn non_negative_or(
    args: &Args,
    i: usize,
    name: &str,
    default: f64,
    hint: &str,
) -> Result<f64, CellError> {
    let x = args.number_or(i, default)?;
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(CellError::num(format!(
            "{}: '{name}' must be 0 or more, but it is {x}. {hint}",
            args.function()
        )))
    }
}

/// The service level argument, strictly between 0 and 1.
fn service_level(args: &Args, i: usize) -> Result<f64, CellError> {
    let x = args.number(i)?;
    if x.is_finite() && x > 0.0 && x < 1.0 {
        Ok(x)
    } else {
        Err(CellError::num(format!(
            "{}: 'service_level' must lie strictly between 0 and 1 (0.95 for 95 %), but it is {x}. Change it.",
            args.function()
        )))
    }
}

/// A demand history with blanks dropped (at least two numbers, none negative).
fn demand_values(args: &Args, i: usize) -> Result<Vec<f64>, CellError> {
    let f = args.function();
    let v: Vec<f64> = args.numbers(i)?.into_iter().flatten().collect();
    if let Some(p) = v.iter().position(|x| *x < 0.0) {
        return Err(CellError::num(format!(
            "{f}: 'demand_history' has the negative value {} (number {} of the history). Demand cannot be negative: enter 0 or remove returns.",
            v[p],
            p + 1
        )));
    }
    if v.len() < 2 {
        return Err(CellError::num(format!(
            "{f}: 'demand_history' needs at least 2 numbers to measure its variability, but has {}. Select a longer history.",
            v.len()
        )));
    }
    Ok(v)
}

/// A demand history with blanks inside as 0 (periods without demand).
fn demand_periods(args: &Args, i: usize) -> Result<Vec<f64>, CellError> {
    let v: Vec<f64> = args
        .numbers(i)?
        .into_iter()
        .map(|x| x.unwrap_or(0.0))
        .collect();
    if v.is_empty() {
        return Err(CellError::num(format!(
            "{}: 'demand_history' has no numbers. Select the demand per period.",
            args.function()
        )));
    }
    Ok(v)
}

fn scalar(x: f64) -> Grid {
    Grid::scalar(Cell::number(x))
}

/// `AISM.EOQ(annual_demand, order_cost, holding_cost)`: `Q* = sqrt(2·D·K/h)`.
pub(crate) fn eoq(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let d = positive(
        args,
        0,
        "annual_demand",
        "Enter the units demanded per year.",
    )?;
    let k = positive(
        args,
        1,
        "order_cost",
        "Enter the fixed cost of placing one order.",
    )?;
    let h = positive(
        args,
        2,
        "holding_cost",
        "Enter the cost of holding one unit for a year.",
    )?;
    let r = inventory::eoq(k, h, d).map_err(|e| ts_error(&f, "annual_demand", e))?;
    Ok(scalar(r.quantity))
}

/// `AISM.EPQ(annual_demand, order_cost, holding_cost, production_rate)`.
pub(crate) fn epq(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let d = positive(
        args,
        0,
        "annual_demand",
        "Enter the units demanded per year.",
    )?;
    let k = positive(
        args,
        1,
        "order_cost",
        "Enter the fixed cost of one production run.",
    )?;
    let h = positive(
        args,
        2,
        "holding_cost",
        "Enter the cost of holding one unit for a year.",
    )?;
    let p = positive(
        args,
        3,
        "production_rate",
        "Enter the units that can be produced per year.",
    )?;
    if p <= d {
        return Err(CellError::num(format!(
            "{f}: 'production_rate' ({p}) must be greater than 'annual_demand' ({d}); otherwise production never builds stock. Check both."
        )));
    }
    let r = inventory::epq(k, h, d, p).map_err(|e| ts_error(&f, "production_rate", e))?;
    Ok(scalar(r.quantity))
}

/// The common arguments of `SAFETYSTOCK` and `REORDERPOINT`.
fn safety(args: &Args) -> Result<inventory::SafetyStock, CellError> {
    let f = args.function();
    let history = demand_values(args, 0)?;
    let lt = args.number(1)?;
    if !(lt.is_finite() && lt >= 0.0) {
        return Err(CellError::num(format!(
            "{f}: 'lead_time' must be 0 or more periods, but it is {lt}. Enter the lead time in the periods of the history."
        )));
    }
    let sl = service_level(args, 2)?;
    let sd_lt = non_negative_or(
        args,
        3,
        "lead_time_sd",
        0.0,
        "Enter the standard deviation of the lead time (0 when it is certain).",
    )?;
    inventory::safety_stock_from_history(&history, lt, sd_lt, sl)
        .map_err(|e| ts_error(&f, "demand_history", e))
}

/// `AISM.SAFETYSTOCK(demand_history, lead_time, service_level, [lead_time_sd=0])`:
/// `z·sqrt(L·σd² + μd²·σL²)` with the sample standard deviation of the history.
pub(crate) fn safety_stock(args: &Args) -> Result<Grid, CellError> {
    Ok(scalar(safety(args)?.safety_stock))
}

/// `AISM.REORDERPOINT(...)`: `μd·L` + safety stock.
pub(crate) fn reorder_point(args: &Args) -> Result<Grid, CellError> {
    Ok(scalar(safety(args)?.reorder_point))
}

/// `AISM.NEWSVENDOR(mean, sd, unit_price, unit_cost, [salvage=0])`.
pub(crate) fn newsvendor(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let mean = positive(args, 0, "mean", "Enter the expected demand of the period.")?;
    let sd = positive(
        args,
        1,
        "sd",
        "Enter the standard deviation of the demand (greater than 0).",
    )?;
    let price = positive(args, 2, "unit_price", "Enter the selling price per unit.")?;
    let cost = positive(args, 3, "unit_cost", "Enter the purchase cost per unit.")?;
    let salvage = args.number_or(4, 0.0)?;
    if price <= cost {
        return Err(CellError::num(format!(
            "{f}: 'unit_price' ({price}) must be greater than 'unit_cost' ({cost}); otherwise the best quantity is 0. Check both."
        )));
    }
    if !(salvage.is_finite() && salvage < cost) {
        return Err(CellError::num(format!(
            "{f}: 'salvage' ({salvage}) must be less than 'unit_cost' ({cost}); otherwise unsold units cost nothing. Lower it."
        )));
    }
    let r = inventory::newsvendor_with_prices(price, cost, salvage, mean, sd)
        .map_err(|e| ts_error(&f, "mean", e))?;
    Ok(scalar(r.quantity.max(0.0)))
}

/// `AISM.ABC(item_values, [a_share=0.8], [b_share=0.95])`: class per item; blank items get a
/// blank.
pub(crate) fn abc(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let values = args.numbers(0)?;
    let a = args.number_or(1, 0.8)?;
    let b = args.number_or(2, 0.95)?;
    if !(a > 0.0 && a < 1.0) {
        return Err(CellError::num(format!(
            "{f}: 'a_share' must lie strictly between 0 and 1 (e.g. 0.8), but it is {a}. Change it."
        )));
    }
    if !(b > a && b <= 1.0) {
        return Err(CellError::num(format!(
            "{f}: 'b_share' must be greater than 'a_share' ({a}) and at most 1 (e.g. 0.95), but it is {b}. Change it."
        )));
    }
    if let Some(p) = values.iter().position(|v| v.is_some_and(|x| x < 0.0)) {
        return Err(CellError::num(format!(
            "{f}: 'item_values' position {} is negative. Item values must be 0 or more; fix that cell.",
            p + 1
        )));
    }
    let dense: Vec<f64> = values.iter().flatten().copied().collect();
    if dense.iter().sum::<f64>() <= 0.0 {
        return Err(CellError::num(format!(
            "{f}: 'item_values' has no positive value, so there is nothing to rank. Select the annual value (units × cost) per item."
        )));
    }
    let classes = inventory::abc(&dense, a, b).map_err(|e| ts_error(&f, "item_values", e))?;
    let mut it = classes.into_iter();
    Ok(Grid::column(
        values
            .iter()
            .map(|v| match v {
                Some(_) => it.next().map_or(Cell::Empty, |c| Cell::text(c.as_str())),
                None => Cell::Empty,
            })
            .collect(),
    ))
}

/// `AISM.XYZ(demand_matrix, [x_cv=0.5], [y_cv=1.0])`: class per row by the coefficient of
/// variation (sample sd / mean) of the row's numbers; blanks are skipped.
pub(crate) fn xyz(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let x = args.number_or(1, 0.5)?;
    let y = args.number_or(2, 1.0)?;
    if !(x.is_finite() && x > 0.0) {
        return Err(CellError::num(format!(
            "{f}: 'x_cv' must be greater than 0 (e.g. 0.5), but it is {x}. Change it."
        )));
    }
    if !(y.is_finite() && y > x) {
        return Err(CellError::num(format!(
            "{f}: 'y_cv' must be greater than 'x_cv' ({x}) (e.g. 1.0), but it is {y}. Change it."
        )));
    }
    let g = args.required_grid(0)?;
    let mut rows: Vec<Vec<f64>> = Vec::with_capacity(g.height());
    for (r, row) in g.rows().iter().enumerate() {
        let mut v = Vec::with_capacity(row.len());
        for (c, cell) in row.iter().enumerate() {
            let n = match cell {
                Cell::Empty => None,
                Cell::Number(n) if n.is_finite() => Some(*n),
                Cell::Text(s) if s.trim().is_empty() => None,
                Cell::Text(s) => Some(crate::ingest::parse_number(s).ok_or_else(|| {
                    CellError::value(format!(
                        "{f}: 'demand_matrix' cell {} is the text \"{}\", not a number. Enter a number or clear it.",
                        crate::cells::a1(r, c),
                        s.chars().take(30).collect::<String>()
                    ))
                })?),
                Cell::Error(k) => {
                    return Err(CellError::new(
                        *k,
                        format!(
                            "{f}: 'demand_matrix' holds the error {k} at {}. Fix or clear that cell.",
                            crate::cells::a1(r, c)
                        ),
                    ));
                }
                other => {
                    return Err(CellError::value(format!(
                        "{f}: 'demand_matrix' cell {} is {}, not a number. Enter a number or clear it.",
                        crate::cells::a1(r, c),
                        match other {
                            Cell::Bool(true) => "TRUE".to_string(),
                            Cell::Bool(false) => "FALSE".to_string(),
                            _ => "not a finite number".to_string(),
                        }
                    )));
                }
            };
            if let Some(n) = n {
                if n < 0.0 {
                    return Err(CellError::num(format!(
                        "{f}: 'demand_matrix' cell {} is negative ({n}). Demand cannot be negative: enter 0 or remove returns.",
                        crate::cells::a1(r, c)
                    )));
                }
                v.push(n);
            }
        }
        rows.push(v);
    }
    while rows.last().is_some_and(Vec::is_empty) {
        rows.pop();
    }
    if rows.is_empty() {
        return Err(CellError::num(format!(
            "{f}: 'demand_matrix' has no numbers. Select one row per item with its demand per period in the columns."
        )));
    }
    if let Some(r) = rows.iter().position(|v| v.len() < 2) {
        return Err(CellError::num(format!(
            "{f}: row {} of 'demand_matrix' has fewer than 2 numbers, so its variability cannot be measured. Each row is one item with its demand per period across the columns; select at least 2 periods.",
            r + 1
        )));
    }
    let classes = inventory::xyz(&rows, x, y).map_err(|e| ts_error(&f, "demand_matrix", e))?;
    Ok(Grid::column(
        classes
            .into_iter()
            .map(|c| Cell::text(c.as_str()))
            .collect(),
    ))
}

/// `AISM.DEMANDCLASS(demand_history)`.
pub(crate) fn demand_class(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let h = demand_periods(args, 0)?;
    let c = intermittent::classify_demand(&h).map_err(|e| ts_error(&f, "demand_history", e))?;
    Ok(Grid::scalar(Cell::text(c.class.as_str())))
}

/// `AISM.DEMANDFORECAST(demand_history, [horizon=1], [method="auto"])`.
pub(crate) fn demand_forecast(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let horizon = args.number_or(1, 1.0)?;
    if !(horizon.fract() == 0.0 && horizon >= 1.0 && horizon <= MAX_HORIZON as f64) {
        return Err(CellError::num(format!(
            "{f}: 'horizon' is {horizon}, but it must be a whole number from 1 to {MAX_HORIZON}. Change it."
        )));
    }
    let text = args.text_or(2, "auto")?;
    let method = DemandMethod::parse(&text).ok_or_else(|| {
        CellError::value(format!(
            "{f}: 'method' is \"{text}\", which is not one of \"auto\", \"croston\", \"sba\", \"tsb\", \"ets\". Change it."
        ))
    })?;
    let h = demand_periods(args, 0)?;
    let r = forecast_demand(&h, horizon as usize, method)
        .map_err(|e| ts_error(&f, "demand_history", e))?;
    Ok(Grid::column_of_numbers(&r.values))
}

/// The arguments shared by `RQPOLICY` and `SSPOLICY`: mean, sd, then costs.
fn demand_mean_sd(args: &Args) -> Result<(f64, f64), CellError> {
    let mean = positive(args, 0, "demand_mean", "Enter the mean demand per period.")?;
    let sd = positive(
        args,
        1,
        "demand_sd",
        "Enter the standard deviation of demand per period (greater than 0).",
    )?;
    Ok((mean, sd))
}

/// `AISM.RQPOLICY(demand_mean, demand_sd, lead_time, order_cost, holding_cost, stockout_cost)`:
/// The order, holding and stockout costs of a policy function, at arguments `first`,
/// `first + 1` and `first + 2`, each positive.
fn policy_costs(args: &Args, first: usize) -> Result<(f64, f64, f64), CellError> {
    let k = positive(
        args,
        first,
        "order_cost",
        "Enter the fixed cost of placing one order.",
    )?;
    let h = positive(
        args,
        first + 1,
        "holding_cost",
        "Enter the cost of holding one unit for one period.",
    )?;
    let p = positive(
        args,
        first + 2,
        "stockout_cost",
        "Enter the cost of one unit short (backordered) per period.",
    )?;
    Ok((k, h, p))
}

/// 1×2 row r, Q by the EOQ + safety-stock approximation.
pub(crate) fn rq_policy(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let (mean, sd) = demand_mean_sd(args)?;
    let lt = args.number(2)?;
    if !(lt.is_finite() && lt >= 0.0) {
        return Err(CellError::num(format!(
            "{f}: 'lead_time' must be 0 or more periods, but it is {lt}. Enter the lead time in the periods of the demand."
        )));
    }
    let (k, h, p) = policy_costs(args, 3)?;
    let r = inventory::rq_eoqss_approximation(h, p, k, mean, sd, lt)
        .map_err(|e| ts_error(&f, "demand_mean", e))?;
    Ok(Grid::from_rows(vec![vec![
        Cell::number(r.reorder_point),
        Cell::number(r.order_quantity),
    ]]))
}

/// `AISM.SSPOLICY(demand_mean, demand_sd, order_cost, holding_cost, stockout_cost)`: 1×2 row
/// s, S by the power approximation.
pub(crate) fn ss_policy(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let (mean, sd) = demand_mean_sd(args)?;
    let (k, h, p) = policy_costs(args, 2)?;
    let r = inventory::ss_power_approximation(h, p, k, mean, sd)
        .map_err(|e| ts_error(&f, "demand_mean", e))?;
    Ok(Grid::from_rows(vec![vec![
        Cell::number(r.s),
        Cell::number(r.big_s),
    ]]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::ErrorKind;
    use crate::registry::test_util::{expect_errors, num, run};
    use serde_json::{Value, json};

    fn text(g: &Grid, r: usize) -> String {
        match g.get(r, 0) {
            Some(Cell::Text(s)) => s.clone(),
            other => panic!("row {r} is {other:?}"),
        }
    }

    #[track_caller]
    fn close(got: f64, want: f64, tol: f64) {
        assert!(
            (got - want).abs() <= tol * want.abs().max(1.0),
            "got {got}, want {want}"
        );
    }

    /// Stockpyl 1.0.2 on Snyder & Shen's examples (core/ts/tests/golden/inventory_golden.json).
    fn golden() -> Value {
        serde_json::from_str(include_str!("../../ts/tests/golden/inventory_golden.json")).unwrap()
    }

    fn col(v: &[f64]) -> Value {
        json!(v.iter().map(|x| json!([x])).collect::<Vec<_>>())
    }

    #[test]
    fn eoq_matches_stockpyl_example_3_1() {
        // Snyder & Shen Example 3.1 (K = 8, h = 0.225, d = 1300), stockpyl Q* = 304.04678.
        let g = golden();
        let q = run("AISM.EOQ", json!([1300, 8, 0.225])).unwrap();
        close(
            num(&q, 0, 0),
            g["eoq_3_1"]["quantity"].as_f64().unwrap(),
            1e-9,
        );
        // By hand: sqrt(2·1000·50/2) = sqrt(50000) = 223.607.
        let q = run("AISM_EOQ", json!([1000, 50, 2])).unwrap();
        close(num(&q, 0, 0), 50_000f64.sqrt(), 1e-12);
        expect_errors(
            "AISM.EOQ",
            vec![
                (
                    json!([0, 8, 0.225]),
                    ErrorKind::Num,
                    "'annual_demand' must be greater than 0",
                ),
                (
                    json!([1300, -8, 0.225]),
                    ErrorKind::Num,
                    "'order_cost' must be greater than 0",
                ),
                (
                    json!([1300, 8, 0]),
                    ErrorKind::Num,
                    "'holding_cost' must be greater than 0",
                ),
                (json!(["lots", 8, 0.225]), ErrorKind::Value, "not a number"),
                (
                    json!([[[1, 2]], 8, 0.225]),
                    ErrorKind::Value,
                    "single value",
                ),
                (json!([1300, 8]), ErrorKind::Value, "holding_cost"),
            ],
        );
    }

    #[test]
    fn epq_matches_stockpyl() {
        // stockpyl economic_production_quantity(8, 0.225, 1300, 1700): Q* = 626.80849.
        let g = golden();
        let q = run("AISM.EPQ", json!([1300, 8, 0.225, 1700])).unwrap();
        close(num(&q, 0, 0), g["epq"]["quantity"].as_f64().unwrap(), 1e-9);
        expect_errors(
            "AISM.EPQ",
            vec![
                (
                    json!([1300, 8, 0.225, 1300]),
                    ErrorKind::Num,
                    "'production_rate' (1300) must be greater",
                ),
                (
                    json!([1300, 8, 0.225, 0]),
                    ErrorKind::Num,
                    "'production_rate' must be greater than 0",
                ),
                (
                    json!([1300, 8, "x", 1700]),
                    ErrorKind::Value,
                    "holding_cost",
                ),
            ],
        );
    }

    #[test]
    fn safety_stock_and_reorder_point_match_numpy_scipy() {
        // core/ts/tests/golden/inventory.py: numpy std(ddof=1) (= Excel STDEV.S) and scipy
        // norm.ppf(0.95); lead time 2.75 and its sample sd 0.758287544405155.
        let g = golden();
        let c = &g["safety_stock"];
        let demand: Vec<f64> = c["demand"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let lt = c["mean_lead_time"].as_f64().unwrap();
        let sd_lt = c["sd_lead_time"].as_f64().unwrap();
        let ss = run("AISM.SAFETYSTOCK", json!([col(&demand), lt, 0.95, sd_lt])).unwrap();
        close(num(&ss, 0, 0), c["safety_stock"].as_f64().unwrap(), 1e-9);
        let rop = run("AISM.REORDERPOINT", json!([col(&demand), lt, 0.95, sd_lt])).unwrap();
        close(num(&rop, 0, 0), c["reorder_point"].as_f64().unwrap(), 1e-9);
    }

    #[test]
    fn safety_stock_by_hand_with_stdev_s() {
        // Demand 2,4,4,4,5,5,7,9: AVERAGE 5, STDEV.S = sqrt(32/7) = 2.13809. Lead time 4,
        // sd 1, 95 % (z = 1.644854): SS = z·sqrt(4·32/7 + 25·1) = 1.644854·6.56832 = 10.80391.
        // A blank cell inside is skipped, as STDEV.S does.
        let h = json!([[2], [4], [4], [null], [4], [5], [5], [7], [9]]);
        let z = 1.644_853_626_951_472_2;
        let want = z * (4.0 * 32.0 / 7.0 + 25.0f64).sqrt();
        let ss = run("AISM.SAFETYSTOCK", json!([h, 4, 0.95, 1])).unwrap();
        close(num(&ss, 0, 0), want, 1e-12);
        let rop = run("AISM.REORDERPOINT", json!([h, 4, 0.95, 1])).unwrap();
        close(num(&rop, 0, 0), 20.0 + want, 1e-12);
        // Without lead-time variability: z·σ·sqrt(L) = 1.644854·2.13809·2.
        let ss = run("AISM.SAFETYSTOCK", json!([h, 4, 0.95])).unwrap();
        close(num(&ss, 0, 0), z * (32.0f64 / 7.0).sqrt() * 2.0, 1e-12);
        for name in ["AISM.SAFETYSTOCK", "AISM.REORDERPOINT"] {
            expect_errors(
                name,
                vec![
                    (
                        json!([h, 4, 1.0]),
                        ErrorKind::Num,
                        "strictly between 0 and 1",
                    ),
                    (json!([h, 4, 0]), ErrorKind::Num, "strictly between 0 and 1"),
                    (json!([h, 4, 95]), ErrorKind::Num, "0.95 for 95 %"),
                    (
                        json!([h, -1, 0.95]),
                        ErrorKind::Num,
                        "'lead_time' must be 0 or more",
                    ),
                    (
                        json!([h, 4, 0.95, -1]),
                        ErrorKind::Num,
                        "'lead_time_sd' must be 0 or more",
                    ),
                    (
                        json!([[[5]], 4, 0.95]),
                        ErrorKind::Num,
                        "at least 2 numbers",
                    ),
                    (
                        json!([[[5], [-2], [3]], 4, 0.95]),
                        ErrorKind::Num,
                        "negative",
                    ),
                    (
                        json!([[[5], ["abc"], [3]], 4, 0.95]),
                        ErrorKind::Value,
                        "position 2",
                    ),
                    (json!([h, "soon", 0.95]), ErrorKind::Value, "lead_time"),
                    (
                        json!([[[1, 2], [3, 4]], 4, 0.95]),
                        ErrorKind::Value,
                        "single row or column",
                    ),
                ],
            );
        }
    }

    #[test]
    fn newsvendor_matches_stockpyl_example_4_2() {
        // Snyder & Shen Example 4.2: price 1, cost 0.30, salvage 0.12, N(50, 8²): Q* = 56.60396.
        let g = golden();
        let q = run("AISM.NEWSVENDOR", json!([50, 8, 1, 0.3, 0.12])).unwrap();
        close(
            num(&q, 0, 0),
            g["nv_explicit_4_2"]["quantity"].as_f64().unwrap(),
            1e-9,
        );
        // Salvage omitted (0) with price 2, cost 1: critical ratio 0.5, Q* = mean.
        let q = run("AISM.NEWSVENDOR", json!([100, 20, 2, 1])).unwrap();
        close(num(&q, 0, 0), 100.0, 1e-9);
        expect_errors(
            "AISM.NEWSVENDOR",
            vec![
                (
                    json!([50, 8, 0.3, 0.3]),
                    ErrorKind::Num,
                    "'unit_price' (0.3) must be greater than 'unit_cost'",
                ),
                (
                    json!([50, 8, 1, 0.3, 0.5]),
                    ErrorKind::Num,
                    "'salvage' (0.5) must be less",
                ),
                (
                    json!([50, 0, 1, 0.3]),
                    ErrorKind::Num,
                    "'sd' must be greater than 0",
                ),
                (
                    json!([-50, 8, 1, 0.3]),
                    ErrorKind::Num,
                    "'mean' must be greater than 0",
                ),
                (json!([50, 8, true, "x"]), ErrorKind::Value, "unit_cost"),
            ],
        );
    }

    #[test]
    fn rq_and_ss_policies_match_stockpyl() {
        // Snyder & Shen Example 5.5 (EOQ + SS): h 0.225, p 7.5, K 8, d 1300, σ 150, L 1/12:
        // r = 190.33700, Q = 304.04678. Example 4.7 power approximation: h 0.18, p 0.70, K 2.5,
        // N(50, 8²): s = 40.19462, S = 74.29017.
        let g = golden();
        let r = run(
            "AISM.RQPOLICY",
            json!([1300, 150, 1.0 / 12.0, 8, 0.225, 7.5]),
        )
        .unwrap();
        assert_eq!((r.height(), r.width()), (1, 2));
        close(
            num(&r, 0, 0),
            g["rq_eoqss_5_5"]["reorder_point"].as_f64().unwrap(),
            1e-9,
        );
        close(
            num(&r, 0, 1),
            g["rq_eoqss_5_5"]["order_quantity"].as_f64().unwrap(),
            1e-9,
        );
        let s = run("AISM.SSPOLICY", json!([50, 8, 2.5, 0.18, 0.7])).unwrap();
        assert_eq!((s.height(), s.width()), (1, 2));
        close(
            num(&s, 0, 0),
            g["ss_power_4_7"]["s"].as_f64().unwrap(),
            1e-9,
        );
        close(
            num(&s, 0, 1),
            g["ss_power_4_7"]["S"].as_f64().unwrap(),
            1e-9,
        );
        expect_errors(
            "AISM.RQPOLICY",
            vec![
                (
                    json!([1300, 150, -1, 8, 0.225, 7.5]),
                    ErrorKind::Num,
                    "'lead_time' must be 0 or more",
                ),
                (
                    json!([1300, 150, 0.1, 8, 0.225, 0]),
                    ErrorKind::Num,
                    "'stockout_cost' must be greater than 0",
                ),
                (
                    json!([1300, 0, 0.1, 8, 0.225, 7.5]),
                    ErrorKind::Num,
                    "'demand_sd' must be greater than 0",
                ),
                (
                    json!([1300, 150, 0.1, "eight", 0.225, 7.5]),
                    ErrorKind::Value,
                    "order_cost",
                ),
            ],
        );
        expect_errors(
            "AISM.SSPOLICY",
            vec![
                (
                    json!([50, 8, 0, 0.18, 0.7]),
                    ErrorKind::Num,
                    "'order_cost' must be greater than 0",
                ),
                (
                    json!([0, 8, 2.5, 0.18, 0.7]),
                    ErrorKind::Num,
                    "'demand_mean' must be greater than 0",
                ),
                (
                    json!([50, 8, 2.5, "x", 0.7]),
                    ErrorKind::Value,
                    "holding_cost",
                ),
            ],
        );
    }

    #[test]
    fn abc_classes_by_value_share() {
        // Total 100; ranked 50, 25, 10, 8, 4, 2, 1: shares before each 0, .50, .75, .85, .93,
        // .97, .99 → A A A B B C C (same case as the aism-ts unit test), plus a blank item.
        let v = json!([[8], [50], [1], [null], [25], [4], [10], [2]]);
        let g = run("AISM.ABC", json!([v])).unwrap();
        let got: Vec<String> = (0..8)
            .map(|r| match g.get(r, 0) {
                Some(Cell::Text(s)) => s.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(got, ["B", "A", "C", "", "A", "B", "A", "C"]);
        // Cut-offs 0.5 / 0.9: 10 is B (share before .75), 8 is C (.85 ≥ .9? no → B); 4 is C.
        let g = run("AISM.ABC", json!([[[50, 25, 10, 8, 4]], 0.5, 0.9])).unwrap();
        let got: Vec<String> = (0..5).map(|r| text(&g, r)).collect();
        // Shares before: 0, 50/97, 75/97, 85/97 = .876, 93/97 = .959.
        assert_eq!(got, ["A", "B", "B", "B", "C"]);
        expect_errors(
            "AISM.ABC",
            vec![
                (
                    json!([[[1], [2]], 1.2]),
                    ErrorKind::Num,
                    "'a_share' must lie strictly between 0 and 1",
                ),
                (
                    json!([[[1], [2]], 0.8, 0.7]),
                    ErrorKind::Num,
                    "'b_share' must be greater than 'a_share'",
                ),
                (
                    json!([[[1], [-2]]]),
                    ErrorKind::Num,
                    "position 2 is negative",
                ),
                (json!([[[0], [0]]]), ErrorKind::Num, "no positive value"),
                (json!([[[1], ["big"]]]), ErrorKind::Value, "position 2"),
            ],
        );
    }

    #[test]
    fn xyz_classes_by_cv() {
        // Rows: CV = STDEV.S/AVERAGE: [10,11,9,10] 0.0816 → X; [5,15,5,15] 0.577 → Y;
        // [0,0,30,0] 2 → Z; a blank inside the first row is skipped.
        let m = json!([[10, 11, null, 9, 10], [5, 15, 5, 15, 5], [0, 0, 30, 0, 0]]);
        let g = run("AISM.XYZ", json!([m])).unwrap();
        let got: Vec<String> = (0..3).map(|r| text(&g, r)).collect();
        assert_eq!(got, ["X", "Y", "Z"]);
        // Row 2 with 5 values: mean 9, sd sqrt(5·... ) = 5.477, CV 0.6086 → X with x_cv 0.7.
        let g = run("AISM.XYZ", json!([m, 0.7, 2.5])).unwrap();
        let got: Vec<String> = (0..3).map(|r| text(&g, r)).collect();
        assert_eq!(got, ["X", "X", "Y"]);
        expect_errors(
            "AISM.XYZ",
            vec![
                (
                    json!([m, 0]),
                    ErrorKind::Num,
                    "'x_cv' must be greater than 0",
                ),
                (
                    json!([m, 0.5, 0.4]),
                    ErrorKind::Num,
                    "'y_cv' must be greater than 'x_cv'",
                ),
                (
                    json!([[[1], [2], [3]]]),
                    ErrorKind::Num,
                    "row 1 of 'demand_matrix' has fewer than 2",
                ),
                (json!([[[1, 2], [3, "x"]]]), ErrorKind::Value, "cell B2"),
                (
                    json!([[[1, 2], [3, -4]]]),
                    ErrorKind::Num,
                    "cell B2 is negative",
                ),
                (
                    json!([[[1, 2], [3, {"error": "#N/A"}]]]),
                    ErrorKind::NotAvailable,
                    "#N/A at B2",
                ),
            ],
        );
    }

    #[test]
    fn demand_class_follows_syntetos_boylan() {
        // By hand (as the aism-ts test): demands 3, 5, 2 in periods 3, 7, 9 → ADI 3, CV² 0.21
        // → intermittent. Blanks count as 0.
        let g = run(
            "AISM.DEMANDCLASS",
            json!([[[0], [null], [3], [0], [0], [0], [5], [0], [2]]]),
        )
        .unwrap();
        assert_eq!(text(&g, 0), "intermittent");
        let g = run("AISM.DEMANDCLASS", json!([[[1, 9]]])).unwrap();
        assert_eq!(text(&g, 0), "erratic");
        let g = run("AISM.DEMANDCLASS", json!([[[0, 1, 0, 9]]])).unwrap();
        assert_eq!(text(&g, 0), "lumpy");
        let g = run("AISM.DEMANDCLASS", json!([[[4, 4, 4]]])).unwrap();
        assert_eq!(text(&g, 0), "smooth");
        expect_errors(
            "AISM.DEMANDCLASS",
            vec![
                (
                    json!([[[0, 5, 0]]]),
                    ErrorKind::Num,
                    "only 1 period has demand",
                ),
                (
                    json!([[[0, 0, 0]]]),
                    ErrorKind::Num,
                    "at least 2 periods with demand",
                ),
                (
                    json!([[[1, -2, 3]]]),
                    ErrorKind::Num,
                    "position 2 is negative",
                ),
                (json!([[[1, "x", 3]]]), ErrorKind::Value, "position 2"),
            ],
        );
    }

    /// The intermittent golden series (statsforecast 2.1.1, core/ts/tests/golden/intermittent.py).
    fn intermittent_golden() -> Value {
        serde_json::from_str(include_str!(
            "../../ts/tests/golden/intermittent_golden.json"
        ))
        .unwrap()
    }

    fn nums(v: &Value) -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    }

    #[test]
    fn demand_forecast_methods_match_statsforecast() {
        // statsforecast 2.1.1 CrostonClassic, CrostonSBA and TSB(alpha_d=0.2, alpha_p=0.1): the
        // same TSB weights "auto" uses for lumpy demand.
        let g = intermittent_golden();
        for key in ["intermittent_60", "lumpy_104"] {
            let y = nums(&g[key]["y"]);
            for (method, gkey) in [("croston", "croston"), ("sba", "sba"), ("tsb", "tsb")] {
                let r = run("AISM.DEMANDFORECAST", json!([col(&y), 3, method])).unwrap();
                let want = nums(&g[key][gkey]["mean"]);
                assert_eq!(r.height(), 3);
                for (i, w) in want.iter().enumerate() {
                    close(num(&r, i, 0), *w, 1e-6);
                }
            }
        }
        // "auto": intermittent → SBA, lumpy → TSB.
        let y = nums(&g["intermittent_60"]["y"]);
        let r = run("AISM.DEMANDFORECAST", json!([col(&y)])).unwrap();
        assert_eq!(r.height(), 1);
        close(
            num(&r, 0, 0),
            nums(&g["intermittent_60"]["sba"]["mean"])[0],
            1e-6,
        );
        let y = nums(&g["lumpy_104"]["y"]);
        let r = run("AISM.DEMANDFORECAST", json!([col(&y), 2, "AUTO"])).unwrap();
        close(num(&r, 1, 0), nums(&g["lumpy_104"]["tsb"]["mean"])[0], 1e-6);
    }

    #[test]
    fn demand_forecast_auto_uses_ets_for_smooth_demand() {
        // A smooth series: auto equals the explicit "ets" forecast (AutoETS), and the forecast
        // of a constant series is that constant (ETS(A,N,N) with α = 0.9999).
        let g = intermittent_golden();
        let y = nums(&g["smooth_52"]["y"]);
        let a = run("AISM.DEMANDFORECAST", json!([col(&y), 4])).unwrap();
        let e = run("AISM.DEMANDFORECAST", json!([col(&y), 4, "ets"])).unwrap();
        assert_eq!(a, e);
        let r = forecast_demand(&y, 4, DemandMethod::Auto).unwrap();
        assert!(r.method.starts_with("ETS("), "{}", r.method);
        let r = run(
            "AISM.DEMANDFORECAST",
            json!([[[7, 7, 7, 7, 7, 7, 7, 7]], 2]),
        )
        .unwrap();
        close(num(&r, 0, 0), 7.0, 1e-6);
        // One demand period only: SBA. statsforecast convention: sizes [6], interval 3 → 0.95·6/3.
        let r = forecast_demand(&[0.0, 0.0, 6.0, 0.0], 1, DemandMethod::Auto).unwrap();
        assert_eq!(r.method, "SBA");
        close(r.values[0], 0.95 * 2.0, 1e-12);
        expect_errors(
            "AISM.DEMANDFORECAST",
            vec![
                (
                    json!([col(&y), 1, "holt"]),
                    ErrorKind::Value,
                    "not one of \"auto\"",
                ),
                (json!([col(&y), 0]), ErrorKind::Num, "'horizon' is 0"),
                (json!([col(&y), 1.5]), ErrorKind::Num, "whole number"),
                (
                    json!([[[1, -2, 3]]]),
                    ErrorKind::Num,
                    "position 2 is negative",
                ),
                (json!([[[1, "x", 3]]]), ErrorKind::Value, "position 2"),
                (json!([[[3]], 1, "ets"]), ErrorKind::Num, "at least 2"),
                (json!([col(&y), 1, 5]), ErrorKind::Value, "text"),
            ],
        );
    }
}
