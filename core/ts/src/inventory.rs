//! Inventory-policy calculations: EOQ, EPQ, newsvendor, (r,Q), (s,S), safety stock and reorder
//! point, ABC and XYZ classification.
//!
//! Notation follows Snyder & Shen, *Fundamentals of Supply Chain Theory* (2nd ed., 2019):
//! `K` fixed cost per order, `h` holding cost per unit per time unit, `p` stockout (backorder)
//! cost per unit, `d` demand rate per time unit, `L` lead time in the same time unit.

use crate::Error;
use aism_ets::{normal_cdf, normal_quantile};

/// Largest Poisson mean accepted by [`newsvendor_poisson`] (beyond it the normal model is exact
/// enough and the summation would be slow).
const MAX_POISSON_MEAN: f64 = 1.0e6;

/// Iteration limit of [`rq_eil_approximation`].
const MAX_EIL_ITERATIONS: usize = 1000;

/// Convergence tolerance (units) of [`rq_eil_approximation`].
const EIL_TOLERANCE: f64 = 1e-6;

/// Result of an order-quantity model: optimal quantity and the cost per time unit at it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrderQuantity {
    /// Optimal order (or production) quantity.
    pub quantity: f64,
    /// Ordering plus holding (plus backorder) cost per time unit at that quantity.
    pub cost: f64,
}

/// Result of the EOQ model with planned backorders.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackorderOrderQuantity {
    /// Optimal order quantity.
    pub quantity: f64,
    /// Optimal fraction of each cycle spent in backorder, `h / (h + p)`.
    pub stockout_fraction: f64,
    /// Cost per time unit at the optimum.
    pub cost: f64,
}

/// Result of a newsvendor model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Newsvendor {
    /// Optimal order quantity.
    pub quantity: f64,
    /// Critical ratio `p / (p + h)` (probability of not stocking out).
    pub critical_ratio: f64,
    /// Expected overage plus underage cost at the optimal quantity.
    pub expected_cost: f64,
}

/// Result of the newsvendor model stated with prices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewsvendorProfit {
    /// Optimal order quantity.
    pub quantity: f64,
    /// Critical ratio `(price − cost) / (price − salvage)`.
    pub critical_ratio: f64,
    /// Expected profit at the optimal quantity.
    pub expected_profit: f64,
}

/// An (r,Q) policy: order `order_quantity` whenever the inventory position falls to
/// `reorder_point`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RqPolicy {
    /// Reorder point r.
    pub reorder_point: f64,
    /// Order quantity Q.
    pub order_quantity: f64,
    /// Expected cost per time unit (see the producing function for which cost).
    pub cost: f64,
}

/// An (s,S) policy: when the inventory position is at or below `s`, order up to `big_s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SsPolicy {
    /// Reorder level s.
    pub s: f64,
    /// Order-up-to level S.
    pub big_s: f64,
}

/// Safety stock and reorder point with their ingredients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SafetyStock {
    /// Mean demand per period `d`.
    pub mean_demand: f64,
    /// Standard deviation of demand per period `σ_d`.
    pub sd_demand: f64,
    /// Mean lead time `L` in periods.
    pub lead_time: f64,
    /// Standard deviation of the lead time `σ_L` in periods.
    pub sd_lead_time: f64,
    /// Safety factor `z = Φ⁻¹(service level)`.
    pub z: f64,
    /// Mean lead-time demand `d·L`.
    pub mean_lead_time_demand: f64,
    /// Standard deviation of lead-time demand `sqrt(L·σ_d² + d²·σ_L²)`.
    pub sd_lead_time_demand: f64,
    /// Safety stock `z·σ_LTD`.
    pub safety_stock: f64,
    /// Reorder point `d·L + safety stock`.
    pub reorder_point: f64,
}

/// ABC class of an item by its share of total value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbcClass {
    /// The items making up the first `a_share` of value.
    A,
    /// The items up to the `b_share` of value.
    B,
    /// The remaining items.
    C,
}

impl AbcClass {
    /// The class letter.
    pub fn as_str(self) -> &'static str {
        match self {
            AbcClass::A => "A",
            AbcClass::B => "B",
            AbcClass::C => "C",
        }
    }
}

/// XYZ class of an item by the coefficient of variation of its demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XyzClass {
    /// Steady demand: CV at most `x_cv`.
    X,
    /// Variable demand: CV above `x_cv` and at most `y_cv`.
    Y,
    /// Erratic demand: CV above `y_cv`, or no positive mean demand.
    Z,
}

impl XyzClass {
    /// The class letter.
    pub fn as_str(self) -> &'static str {
        match self {
            XyzClass::X => "X",
            XyzClass::Y => "Y",
            XyzClass::Z => "Z",
        }
    }
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidArgument(msg.into())
}

/// Checks that `x` is a finite number greater than zero.
fn positive(name: &str, x: f64) -> Result<f64, Error> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(invalid(format!(
            "{name} must be a number greater than 0 (got {x})"
        )))
    }
}

/// Checks that `x` is a finite number not below zero.
fn non_negative(name: &str, x: f64) -> Result<f64, Error> {
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(invalid(format!(
            "{name} must be a number of at least 0 (got {x})"
        )))
    }
}

/// Checks that `x` is a probability strictly between 0 and 1.
fn open_unit(name: &str, x: f64) -> Result<f64, Error> {
    if x.is_finite() && x > 0.0 && x < 1.0 {
        Ok(x)
    } else {
        Err(invalid(format!(
            "{name} must be strictly between 0 and 1, e.g. 0.95 (got {x})"
        )))
    }
}

/// Standard normal density φ(z).
fn normal_pdf(z: f64) -> f64 {
    (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// First-order loss `E[(D − x)⁺]` of D ~ N(mean, sd²); `sd = 0` gives the deterministic limit.
fn normal_loss(x: f64, mean: f64, sd: f64) -> f64 {
    if sd == 0.0 {
        return (mean - x).max(0.0);
    }
    let z = (x - mean) / sd;
    sd * (normal_pdf(z) - z * normal_cdf(-z))
}

/// Second-order loss `½·E[((D − x)⁺)²]` of D ~ N(mean, sd²); `sd = 0` gives the deterministic
/// limit. Its derivative in `x` is minus the first-order loss.
fn normal_second_loss(x: f64, mean: f64, sd: f64) -> f64 {
    if sd == 0.0 {
        let e = (mean - x).max(0.0);
        return 0.5 * e * e;
    }
    let z = (x - mean) / sd;
    0.5 * sd * sd * ((z * z + 1.0) * normal_cdf(-z) - z * normal_pdf(z))
}

/// Economic order quantity `Q* = sqrt(2Kd/h)` and its cost per time unit `h·Q*`.
///
/// Errors when a cost or the demand rate is not positive.
pub fn eoq(fixed_cost: f64, holding_cost: f64, demand_rate: f64) -> Result<OrderQuantity, Error> {
    positive("the fixed order cost", fixed_cost)?;
    positive("the holding cost per unit", holding_cost)?;
    positive("the demand rate", demand_rate)?;
    let quantity = (2.0 * fixed_cost * demand_rate / holding_cost).sqrt();
    Ok(OrderQuantity {
        quantity,
        cost: holding_cost * quantity,
    })
}

/// Cost per time unit `K·d/Q + h·Q/2` of ordering `quantity` in the EOQ model.
pub fn eoq_cost(
    quantity: f64,
    fixed_cost: f64,
    holding_cost: f64,
    demand_rate: f64,
) -> Result<f64, Error> {
    positive("the order quantity", quantity)?;
    non_negative("the fixed order cost", fixed_cost)?;
    positive("the holding cost per unit", holding_cost)?;
    non_negative("the demand rate", demand_rate)?;
    Ok(fixed_cost * demand_rate / quantity + holding_cost * quantity / 2.0)
}

/// EOQ with planned backorders at cost `p` per unit per time unit:
/// `Q* = sqrt(2Kd(h+p)/(hp))`, stockout fraction `h/(h+p)`, cost `Q*·hp/(h+p)`.
pub fn eoq_with_backorders(
    fixed_cost: f64,
    holding_cost: f64,
    stockout_cost: f64,
    demand_rate: f64,
) -> Result<BackorderOrderQuantity, Error> {
    positive("the fixed order cost", fixed_cost)?;
    positive("the holding cost per unit", holding_cost)?;
    positive("the backorder cost per unit", stockout_cost)?;
    positive("the demand rate", demand_rate)?;
    let h = holding_cost;
    let p = stockout_cost;
    let quantity = (2.0 * fixed_cost * demand_rate * (h + p) / (h * p)).sqrt();
    Ok(BackorderOrderQuantity {
        quantity,
        stockout_fraction: h / (h + p),
        cost: quantity * h * p / (h + p),
    })
}

/// Economic production quantity with production rate `production_rate > demand_rate`:
/// `Q* = sqrt(2Kd/(h(1−ρ)))`, `ρ = d/production_rate`, cost `h(1−ρ)Q*`.
pub fn epq(
    fixed_cost: f64,
    holding_cost: f64,
    demand_rate: f64,
    production_rate: f64,
) -> Result<OrderQuantity, Error> {
    positive("the fixed setup cost", fixed_cost)?;
    positive("the holding cost per unit", holding_cost)?;
    positive("the demand rate", demand_rate)?;
    positive("the production rate", production_rate)?;
    if production_rate <= demand_rate {
        return Err(invalid(format!(
            "the production rate ({production_rate}) must be greater than the demand rate \
             ({demand_rate}); otherwise production never builds up stock"
        )));
    }
    let rho = demand_rate / production_rate;
    let quantity = (2.0 * fixed_cost * demand_rate / (holding_cost * (1.0 - rho))).sqrt();
    Ok(OrderQuantity {
        quantity,
        cost: holding_cost * (1.0 - rho) * quantity,
    })
}

fn check_normal_demand(mean: f64, sd: f64) -> Result<(), Error> {
    positive("the mean demand", mean)?;
    positive("the demand standard deviation", sd)?;
    Ok(())
}

/// Newsvendor with normal demand N(mean, sd²), overage cost `h` and underage cost `p` per unit:
/// critical ratio `p/(p+h)`, `Q* = mean + z·sd`, expected cost `(h+p)·φ(z)·sd`.
pub fn newsvendor_normal(
    holding_cost: f64,
    stockout_cost: f64,
    mean: f64,
    sd: f64,
) -> Result<Newsvendor, Error> {
    positive("the overage (holding) cost per unit", holding_cost)?;
    positive("the underage (stockout) cost per unit", stockout_cost)?;
    check_normal_demand(mean, sd)?;
    let ratio = stockout_cost / (stockout_cost + holding_cost);
    let z = normal_quantile(ratio);
    Ok(Newsvendor {
        quantity: mean + z * sd,
        critical_ratio: ratio,
        expected_cost: (holding_cost + stockout_cost) * normal_pdf(z) * sd,
    })
}

/// Expected newsvendor cost `h·E[(Q−D)⁺] + p·E[(D−Q)⁺]` of ordering `quantity` under normal demand.
pub fn newsvendor_normal_cost(
    quantity: f64,
    holding_cost: f64,
    stockout_cost: f64,
    mean: f64,
    sd: f64,
) -> Result<f64, Error> {
    if !quantity.is_finite() {
        return Err(invalid("the order quantity must be a finite number"));
    }
    positive("the overage (holding) cost per unit", holding_cost)?;
    positive("the underage (stockout) cost per unit", stockout_cost)?;
    check_normal_demand(mean, sd)?;
    let n = normal_loss(quantity, mean, sd);
    let n_bar = quantity - mean + n;
    Ok(holding_cost * n_bar + stockout_cost * n)
}

/// Newsvendor with normal demand stated with prices: selling price, unit cost and salvage value
/// per unsold unit (`price > unit_cost > salvage`). Critical ratio
/// `(price−cost)/(price−salvage)`, expected profit `(price−cost)·mean − (price−salvage)·φ(z)·sd`.
pub fn newsvendor_with_prices(
    price: f64,
    unit_cost: f64,
    salvage: f64,
    mean: f64,
    sd: f64,
) -> Result<NewsvendorProfit, Error> {
    if !(price.is_finite() && unit_cost.is_finite() && salvage.is_finite()) {
        return Err(invalid(
            "the price, unit cost and salvage value must be finite numbers",
        ));
    }
    if price <= unit_cost {
        return Err(invalid(format!(
            "the selling price ({price}) must be greater than the unit cost ({unit_cost})"
        )));
    }
    if unit_cost <= salvage {
        return Err(invalid(format!(
            "the unit cost ({unit_cost}) must be greater than the salvage value ({salvage})"
        )));
    }
    check_normal_demand(mean, sd)?;
    let ratio = (price - unit_cost) / (price - salvage);
    let z = normal_quantile(ratio);
    Ok(NewsvendorProfit {
        quantity: mean + z * sd,
        critical_ratio: ratio,
        expected_profit: (price - unit_cost) * mean - (price - salvage) * normal_pdf(z) * sd,
    })
}

/// ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; relative error ~1e-15).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Newsvendor with Poisson demand of the given mean: the smallest integer `Q` with
/// `F(Q) ≥ p/(p+h)`, and its expected cost `h·E[(Q−D)⁺] + p·E[(D−Q)⁺]`.
///
/// The mean must be at most 1e6 (use [`newsvendor_normal`] beyond).
pub fn newsvendor_poisson(
    holding_cost: f64,
    stockout_cost: f64,
    mean: f64,
) -> Result<Newsvendor, Error> {
    positive("the overage (holding) cost per unit", holding_cost)?;
    positive("the underage (stockout) cost per unit", stockout_cost)?;
    positive("the mean demand", mean)?;
    if mean > MAX_POISSON_MEAN {
        return Err(invalid(format!(
            "the Poisson mean demand must be at most {MAX_POISSON_MEAN} (got {mean}); use the \
             normal newsvendor for such volumes"
        )));
    }
    let ratio = stockout_cost / (stockout_cost + holding_cost);
    let ln_mean = mean.ln();
    let mut cdf = 0.0;
    // Σ_{k≤Q} (Q−k)·P(k) accumulated as Q·F(Q) − Σ_{k≤Q} k·P(k).
    let mut partial_mean = 0.0;
    let mut k = 0u64;
    // The tail beyond mean + 40·sqrt(mean) + 50 has probability far below 1e-16.
    let limit = (mean + 40.0 * mean.sqrt() + 50.0).ceil() as u64;
    loop {
        let kf = k as f64;
        let pmf = (-mean + kf * ln_mean - ln_gamma(kf + 1.0)).exp();
        cdf += pmf;
        partial_mean += kf * pmf;
        if cdf >= ratio || k >= limit {
            break;
        }
        k += 1;
    }
    let q = k as f64;
    let n_bar = (q * cdf - partial_mean).max(0.0);
    let n = (n_bar - (q - mean)).max(0.0);
    Ok(Newsvendor {
        quantity: q,
        critical_ratio: ratio,
        expected_cost: holding_cost * n_bar + stockout_cost * n,
    })
}

/// Checks the (r,Q) inputs and returns the mean and sd of lead-time demand.
fn rq_inputs(
    holding_cost: f64,
    stockout_cost: f64,
    fixed_cost: f64,
    demand_mean: f64,
    demand_sd: f64,
    lead_time: f64,
) -> Result<(f64, f64), Error> {
    positive("the holding cost per unit", holding_cost)?;
    positive("the stockout cost per unit", stockout_cost)?;
    positive("the fixed order cost", fixed_cost)?;
    positive("the demand rate", demand_mean)?;
    non_negative("the demand standard deviation", demand_sd)?;
    non_negative("the lead time", lead_time)?;
    Ok((demand_mean * lead_time, demand_sd * lead_time.sqrt()))
}

/// Exact expected cost per time unit of an (r,Q) policy under normal demand (Snyder & Shen
/// eq. 5.7): `(K·d + ∫_r^{r+Q} g(y) dy) / Q` with `g` the newsvendor cost of lead-time demand
/// N(d·L, σ²·L), integrated in closed form with the second-order loss function.
///
/// `demand_mean` and `demand_sd` are per time unit, `lead_time` in time units.
#[allow(clippy::too_many_arguments)]
pub fn rq_cost(
    reorder_point: f64,
    order_quantity: f64,
    holding_cost: f64,
    stockout_cost: f64,
    fixed_cost: f64,
    demand_mean: f64,
    demand_sd: f64,
    lead_time: f64,
) -> Result<f64, Error> {
    if !reorder_point.is_finite() {
        return Err(invalid("the reorder point must be a finite number"));
    }
    positive("the order quantity", order_quantity)?;
    let (mu, sigma) = rq_inputs(
        holding_cost,
        stockout_cost,
        fixed_cost,
        demand_mean,
        demand_sd,
        lead_time,
    )?;
    let a = reorder_point;
    let b = reorder_point + order_quantity;
    let integral = holding_cost * ((b - mu).powi(2) - (a - mu).powi(2)) / 2.0
        + (holding_cost + stockout_cost)
            * (normal_second_loss(a, mu, sigma) - normal_second_loss(b, mu, sigma));
    Ok((fixed_cost * demand_mean + integral) / order_quantity)
}

/// (r,Q) by the EOQ + safety-stock approximation (Snyder & Shen §5.2.4): `Q` is the EOQ and `r`
/// the newsvendor quantile of lead-time demand at `p/(p+h)`. `cost` is the exact [`rq_cost`] of
/// that policy.
pub fn rq_eoqss_approximation(
    holding_cost: f64,
    stockout_cost: f64,
    fixed_cost: f64,
    demand_mean: f64,
    demand_sd: f64,
    lead_time: f64,
) -> Result<RqPolicy, Error> {
    let (mu, sigma) = rq_inputs(
        holding_cost,
        stockout_cost,
        fixed_cost,
        demand_mean,
        demand_sd,
        lead_time,
    )?;
    let q = eoq(fixed_cost, holding_cost, demand_mean)?.quantity;
    let r = mu + sigma * normal_quantile(stockout_cost / (stockout_cost + holding_cost));
    let cost = rq_cost(
        r,
        q,
        holding_cost,
        stockout_cost,
        fixed_cost,
        demand_mean,
        demand_sd,
        lead_time,
    )?;
    Ok(RqPolicy {
        reorder_point: r,
        order_quantity: q,
        cost,
    })
}

/// (r,Q) by the expected-inventory-level approximation (Snyder & Shen §5.2.3): iterate
/// `r = F⁻¹(1 − Qh/(pd))` and `Q = sqrt(2d(K + p·n(r))/h)` from the EOQ until both move less
/// than 1e-6. `cost` is the approximate cost `h(r − μ + Q/2) + Kd/Q + p·d·n(r)/Q`.
///
/// Errors when `Q·h ≥ p·d` at some step (stockouts too cheap for the approximation) or when the
/// iteration does not converge.
pub fn rq_eil_approximation(
    holding_cost: f64,
    stockout_cost: f64,
    fixed_cost: f64,
    demand_mean: f64,
    demand_sd: f64,
    lead_time: f64,
) -> Result<RqPolicy, Error> {
    let (mu, sigma) = rq_inputs(
        holding_cost,
        stockout_cost,
        fixed_cost,
        demand_mean,
        demand_sd,
        lead_time,
    )?;
    let (h, p, k, d) = (holding_cost, stockout_cost, fixed_cost, demand_mean);
    let mut q = eoq(k, h, d)?.quantity;
    let mut r = 0.0;
    for _ in 0..MAX_EIL_ITERATIONS {
        let tail = q * h / (p * d);
        if tail >= 1.0 {
            return Err(invalid(format!(
                "the stockout cost per unit ({p}) is too small for the expected-inventory-level \
                 approximation: it needs stockout cost × demand rate > holding cost × Q ({}); \
                 raise the stockout cost or use the EOQ + safety-stock approximation",
                h * q
            )));
        }
        let r_new = mu + sigma * normal_quantile(1.0 - tail);
        let q_new = (2.0 * d * (k + p * normal_loss(r_new, mu, sigma)) / h).sqrt();
        let done = (q_new - q).abs() <= EIL_TOLERANCE && (r_new - r).abs() <= EIL_TOLERANCE;
        q = q_new;
        r = r_new;
        if done {
            let loss = normal_loss(r, mu, sigma);
            return Ok(RqPolicy {
                reorder_point: r,
                order_quantity: q,
                cost: h * (r - mu + q / 2.0) + k * d / q + p * d * loss / q,
            });
        }
    }
    Err(invalid(
        "the expected-inventory-level approximation did not converge; use the EOQ + \
         safety-stock approximation for these parameters",
    ))
}

/// (s,S) policy by the power approximation (Ehrhardt & Mosier; Snyder & Shen §4.5.3) for
/// periodic review with normal demand per period N(mean, sd²), no lead time:
/// `Q = 1.30·μ^0.494·(K/h)^0.506·(1+σ²/μ²)^0.116`, `z = sqrt(Q·h/(σ·p))`,
/// `s = 0.973·μ + σ(0.183/z + 1.063 − 2.192·z)`, `S = s + Q`.
pub fn ss_power_approximation(
    holding_cost: f64,
    stockout_cost: f64,
    fixed_cost: f64,
    mean: f64,
    sd: f64,
) -> Result<SsPolicy, Error> {
    positive("the holding cost per unit", holding_cost)?;
    positive("the stockout cost per unit", stockout_cost)?;
    positive("the fixed order cost", fixed_cost)?;
    check_normal_demand(mean, sd)?;
    let q = 1.30
        * mean.powf(0.494)
        * (fixed_cost / holding_cost).powf(0.506)
        * (1.0 + (sd / mean).powi(2)).powf(0.116);
    let z = (q / sd * holding_cost / stockout_cost).sqrt();
    let s = 0.973 * mean + sd * (0.183 / z + 1.063 - 2.192 * z);
    Ok(SsPolicy { s, big_s: s + q })
}

/// Safety stock and reorder point for a cycle service level with demand and lead-time
/// variability: `σ_LTD = sqrt(L·σ_d² + d²·σ_L²)`, `SS = z·σ_LTD`, `ROP = d·L + SS`.
///
/// Demand is per period, lead time in periods.
pub fn safety_stock(
    mean_demand: f64,
    sd_demand: f64,
    lead_time: f64,
    sd_lead_time: f64,
    service_level: f64,
) -> Result<SafetyStock, Error> {
    non_negative("the mean demand", mean_demand)?;
    non_negative("the demand standard deviation", sd_demand)?;
    non_negative("the lead time", lead_time)?;
    non_negative("the lead-time standard deviation", sd_lead_time)?;
    open_unit("the service level", service_level)?;
    let z = normal_quantile(service_level);
    let sd_ltd = (lead_time * sd_demand * sd_demand
        + mean_demand * mean_demand * sd_lead_time * sd_lead_time)
        .sqrt();
    let ss = z * sd_ltd;
    Ok(SafetyStock {
        mean_demand,
        sd_demand,
        lead_time,
        sd_lead_time,
        z,
        mean_lead_time_demand: mean_demand * lead_time,
        sd_lead_time_demand: sd_ltd,
        safety_stock: ss,
        reorder_point: mean_demand * lead_time + ss,
    })
}

/// Mean and sample standard deviation (n − 1 denominator, like Excel STDEV.S) of `data`.
///
/// `what` names the data in error messages. Needs at least two finite values.
pub fn mean_and_sample_sd(data: &[f64], what: &str) -> Result<(f64, f64), Error> {
    if let Some(i) = data.iter().position(|x| !x.is_finite()) {
        return Err(invalid(format!(
            "{what} has a value that is not a number at position {}; remove it or replace it \
             with a number",
            i + 1
        )));
    }
    if data.len() < 2 {
        return Err(invalid(format!(
            "{what} needs at least 2 values to estimate its variability (got {})",
            data.len()
        )));
    }
    let n = data.len() as f64;
    let mean = data.iter().sum::<f64>() / n;
    let ss: f64 = data.iter().map(|x| (x - mean).powi(2)).sum();
    Ok((mean, (ss / (n - 1.0)).sqrt()))
}

/// [`safety_stock`] from a demand history (one value per period) and a fixed lead time with
/// known standard deviation (0 when the lead time is certain).
pub fn safety_stock_from_history(
    demand_history: &[f64],
    lead_time: f64,
    sd_lead_time: f64,
    service_level: f64,
) -> Result<SafetyStock, Error> {
    let (d, sd_d) = mean_and_sample_sd(demand_history, "the demand history")?;
    safety_stock(d, sd_d, lead_time, sd_lead_time, service_level)
}

/// [`safety_stock`] from a demand history and a history of observed lead times (in periods);
/// both standard deviations are sample standard deviations.
pub fn safety_stock_from_histories(
    demand_history: &[f64],
    lead_time_history: &[f64],
    service_level: f64,
) -> Result<SafetyStock, Error> {
    let (d, sd_d) = mean_and_sample_sd(demand_history, "the demand history")?;
    let (l, sd_l) = mean_and_sample_sd(lead_time_history, "the lead-time history")?;
    safety_stock(d, sd_d, l, sd_l, service_level)
}

/// ABC classification by cumulative share of value. Items are ranked by value (descending,
/// ties in input order); an item is A if the items ranked before it hold less than `a_share`
/// of the total value, B if they hold less than `b_share`, C otherwise. The most valuable item
/// is therefore always A. Classes are returned in input order.
///
/// Typical shares are 0.8 and 0.95. Values must be finite and non-negative with a positive sum.
pub fn abc(values: &[f64], a_share: f64, b_share: f64) -> Result<Vec<AbcClass>, Error> {
    open_unit("the A share", a_share)?;
    if !(b_share.is_finite() && b_share > a_share && b_share <= 1.0) {
        return Err(invalid(format!(
            "the B share must be greater than the A share ({a_share}) and at most 1 (got \
             {b_share})"
        )));
    }
    if values.is_empty() {
        return Err(invalid("give at least one item value"));
    }
    if let Some(i) = values.iter().position(|x| !x.is_finite() || *x < 0.0) {
        return Err(invalid(format!(
            "item value {} is {}; values must be numbers of at least 0",
            i + 1,
            values[i]
        )));
    }
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return Err(invalid(
            "the item values sum to 0; give at least one positive value",
        ));
    }
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[j].total_cmp(&values[i]));
    let mut classes = vec![AbcClass::C; values.len()];
    let mut before = 0.0;
    for i in order {
        let share = before / total;
        classes[i] = if share < a_share {
            AbcClass::A
        } else if share < b_share {
            AbcClass::B
        } else {
            AbcClass::C
        };
        before += values[i];
    }
    Ok(classes)
}

/// XYZ classification of each item's demand history by its coefficient of variation
/// (sample standard deviation / mean): X if CV ≤ `x_cv`, Y if CV ≤ `y_cv`, Z otherwise.
/// Items whose mean demand is not positive are Z.
///
/// Typical cut-offs are 0.5 and 1.0. Every history needs at least two finite values.
pub fn xyz<R: AsRef<[f64]>>(histories: &[R], x_cv: f64, y_cv: f64) -> Result<Vec<XyzClass>, Error> {
    positive("the X cut-off", x_cv)?;
    if !(y_cv.is_finite() && y_cv > x_cv) {
        return Err(invalid(format!(
            "the Y cut-off must be greater than the X cut-off ({x_cv}) (got {y_cv})"
        )));
    }
    if histories.is_empty() {
        return Err(invalid("give at least one item's demand history"));
    }
    histories
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let (mean, sd) =
                mean_and_sample_sd(h.as_ref(), &format!("the demand history of item {}", i + 1))?;
            if mean <= 0.0 {
                return Ok(XyzClass::Z);
            }
            let cv = sd / mean;
            Ok(if cv <= x_cv {
                XyzClass::X
            } else if cv <= y_cv {
                XyzClass::Y
            } else {
                XyzClass::Z
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Reference values from stockpyl 1.0.2 on Snyder & Shen's worked examples, generated by
    /// `tests/golden/inventory.py`.
    fn golden() -> Value {
        serde_json::from_str(include_str!("../tests/golden/inventory_golden.json")).unwrap()
    }

    fn num(v: &Value) -> f64 {
        v.as_f64().unwrap()
    }

    fn args(case: &Value) -> Vec<f64> {
        case["args"].as_array().unwrap().iter().map(num).collect()
    }

    #[track_caller]
    fn close(got: f64, want: f64, what: &str) {
        let rel = (got - want).abs() / want.abs().max(1e-12);
        assert!(rel <= 1e-4, "{what}: got {got}, want {want} (rel {rel:e})");
    }

    #[test]
    fn eoq_matches_stockpyl_example_3_1() {
        let g = golden();
        let c = &g["eoq_3_1"];
        let a = args(c);
        let r = eoq(a[0], a[1], a[2]).unwrap();
        close(r.quantity, num(&c["quantity"]), "Q*");
        close(r.cost, num(&c["cost"]), "cost");
        // The cost at Q* agrees with the general cost formula.
        close(
            eoq_cost(r.quantity, a[0], a[1], a[2]).unwrap(),
            r.cost,
            "eoq_cost",
        );
    }

    #[test]
    fn eoq_backorders_matches_stockpyl_example_3_8() {
        let g = golden();
        let c = &g["eoqb_3_8"];
        let a = args(c);
        let r = eoq_with_backorders(a[0], a[1], a[2], a[3]).unwrap();
        close(r.quantity, num(&c["quantity"]), "Q*");
        close(r.stockout_fraction, num(&c["stockout_fraction"]), "x*");
        close(r.cost, num(&c["cost"]), "cost");
    }

    #[test]
    fn epq_matches_stockpyl() {
        let g = golden();
        let c = &g["epq"];
        let a = args(c);
        let r = epq(a[0], a[1], a[2], a[3]).unwrap();
        close(r.quantity, num(&c["quantity"]), "Q*");
        close(r.cost, num(&c["cost"]), "cost");
    }

    #[test]
    fn newsvendor_normal_matches_stockpyl_examples_4_1_to_4_3() {
        let g = golden();
        let c = &g["nv_normal_4_3"];
        let a = args(c);
        let r = newsvendor_normal(a[0], a[1], a[2], a[3]).unwrap();
        close(r.quantity, num(&c["quantity"]), "Q* (4.3)");
        close(r.expected_cost, num(&c["cost"]), "cost (4.3)");
        close(r.critical_ratio, 0.70 / 0.88, "critical ratio");
        // The optimal cost equals the cost function at Q*.
        let at_q = newsvendor_normal_cost(r.quantity, a[0], a[1], a[2], a[3]).unwrap();
        close(at_q, r.expected_cost, "cost function at Q*");

        let c = &g["nv_normal_cost_4_1"];
        let a = args(c);
        let cost = newsvendor_normal_cost(a[0], a[1], a[2], a[3], a[4]).unwrap();
        close(cost, num(&c["cost"]), "cost of Q = 60 (4.1)");

        let c = &g["nv_explicit_4_2"];
        let a = args(c);
        let r = newsvendor_with_prices(a[0], a[1], a[2], a[3], a[4]).unwrap();
        close(r.quantity, num(&c["quantity"]), "Q* (4.2)");
        close(r.expected_profit, num(&c["profit"]), "profit (4.2)");
    }

    #[test]
    fn newsvendor_poisson_matches_stockpyl() {
        let g = golden();
        for key in ["nv_poisson_50", "nv_poisson_3"] {
            let c = &g[key];
            let a = args(c);
            let r = newsvendor_poisson(a[0], a[1], a[2]).unwrap();
            assert_eq!(r.quantity, num(&c["quantity"]), "{key} Q*");
            close(r.expected_cost, num(&c["cost"]), key);
        }
    }

    #[test]
    fn newsvendor_poisson_handles_large_means() {
        // exp(-mean) underflows for mean > 745; the log-space pmf must still find the quantile,
        // which for a large mean is close to the normal one.
        let r = newsvendor_poisson(1.0, 1.0, 10_000.0).unwrap();
        assert!((r.quantity - 10_000.0).abs() <= 1.0, "{}", r.quantity);
        let normal = newsvendor_normal(1.0, 1.0, 10_000.0, 100.0).unwrap();
        assert!((r.expected_cost - normal.expected_cost).abs() / normal.expected_cost < 0.01);
    }

    #[test]
    fn rq_matches_stockpyl_examples_5_1_5_2_5_5() {
        let g = golden();
        let c = &g["rq_cost_5_1"];
        let a = args(c);
        let cost = rq_cost(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]).unwrap();
        close(cost, num(&c["cost"]), "r_q_cost (5.1)");

        let c = &g["rq_eil_5_2"];
        let a = args(c);
        let r = rq_eil_approximation(a[0], a[1], a[2], a[3], a[4], a[5]).unwrap();
        close(r.reorder_point, num(&c["reorder_point"]), "EIL r (5.2)");
        close(r.order_quantity, num(&c["order_quantity"]), "EIL Q (5.2)");
        close(r.cost, num(&c["cost"]), "EIL cost (5.2)");

        let c = &g["rq_eoqss_5_5"];
        let a = args(c);
        let r = rq_eoqss_approximation(a[0], a[1], a[2], a[3], a[4], a[5]).unwrap();
        close(r.reorder_point, num(&c["reorder_point"]), "EOQ+SS r (5.5)");
        close(
            r.order_quantity,
            num(&c["order_quantity"]),
            "EOQ+SS Q (5.5)",
        );
        close(r.cost, num(&c["cost"]), "EOQ+SS exact cost");
    }

    #[test]
    fn rq_cost_without_variability_is_the_eoq_cost_plus_holding_safety_stock() {
        // sd = 0: inventory never runs out for r >= d·L, so cost = K·d/Q + h(Q/2 + r − d·L).
        let c = rq_cost(120.0, 300.0, 0.225, 7.5, 8.0, 1300.0, 0.0, 1.0 / 12.0).unwrap();
        let want = 8.0 * 1300.0 / 300.0 + 0.225 * (150.0 + 120.0 - 1300.0 / 12.0);
        close(c, want, "deterministic (r,Q)");
    }

    #[test]
    fn ss_power_matches_stockpyl_example_4_7() {
        let g = golden();
        let c = &g["ss_power_4_7"];
        let a = args(c);
        let r = ss_power_approximation(a[0], a[1], a[2], a[3], a[4]).unwrap();
        close(r.s, num(&c["s"]), "s");
        close(r.big_s, num(&c["S"]), "S");
    }

    #[test]
    fn safety_stock_matches_numpy_scipy() {
        let g = golden();
        let c = &g["safety_stock"];
        let vec = |k: &str| -> Vec<f64> { c[k].as_array().unwrap().iter().map(num).collect() };
        let r = safety_stock_from_histories(
            &vec("demand"),
            &vec("lead_times"),
            num(&c["service_level"]),
        )
        .unwrap();
        close(r.mean_demand, num(&c["mean_demand"]), "d");
        close(r.sd_demand, num(&c["sd_demand"]), "sd_d");
        close(r.lead_time, num(&c["mean_lead_time"]), "L");
        close(r.sd_lead_time, num(&c["sd_lead_time"]), "sd_L");
        close(r.z, num(&c["z"]), "z");
        close(
            r.sd_lead_time_demand,
            num(&c["sd_lead_time_demand"]),
            "sd_LTD",
        );
        close(r.safety_stock, num(&c["safety_stock"]), "SS");
        close(r.reorder_point, num(&c["reorder_point"]), "ROP");

        // Fixed lead time: only demand variability, SS = z·σ_d·sqrt(L).
        let f = safety_stock_from_history(&vec("demand"), 4.0, 0.0, 0.95).unwrap();
        close(
            f.safety_stock,
            num(&c["z"]) * num(&c["sd_demand"]) * 2.0,
            "SS with fixed lead time",
        );
    }

    #[test]
    fn sample_sd_is_stdev_s() {
        // Excel: STDEV.S(2,4,4,4,5,5,7,9) = 2.138089935...
        let (m, s) = mean_and_sample_sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], "x").unwrap();
        assert_eq!(m, 5.0);
        close(s, (32.0f64 / 7.0).sqrt(), "STDEV.S");
    }

    #[test]
    fn abc_uses_cumulative_value_share() {
        // Total 100; ranked 50, 25, 10, 8, 4, 2, 1 with shares before each item
        // 0, .50, .75, .85, .93, .97, .99.
        let values = [8.0, 50.0, 1.0, 25.0, 4.0, 10.0, 2.0];
        let got: Vec<&str> = abc(&values, 0.8, 0.95)
            .unwrap()
            .into_iter()
            .map(AbcClass::as_str)
            .collect();
        assert_eq!(got, ["B", "A", "C", "A", "B", "A", "C"]);
        // A dominant item is A even beyond the A share; equal values are ranked in input order
        // (shares before them .98 and .99 with cut-offs 0.5 / 0.99).
        let got = abc(&[1.0, 98.0, 1.0], 0.5, 0.99).unwrap();
        assert_eq!(got, [AbcClass::B, AbcClass::A, AbcClass::C]);
    }

    #[test]
    fn xyz_uses_coefficient_of_variation() {
        let steady = [10.0, 11.0, 9.0, 10.0]; // CV ≈ 0.08
        let variable = [5.0, 15.0, 5.0, 15.0]; // sd = 5.77, mean 10, CV ≈ 0.58
        let erratic = [0.0, 0.0, 30.0, 0.0]; // mean 7.5, sd 15, CV = 2
        let none = [0.0, 0.0, 0.0];
        let rows: Vec<&[f64]> = vec![&steady, &variable, &erratic, &none];
        let got: Vec<&str> = xyz(&rows, 0.5, 1.0)
            .unwrap()
            .into_iter()
            .map(XyzClass::as_str)
            .collect();
        assert_eq!(got, ["X", "Y", "Z", "Z"]);
        // Configurable cut-offs move the variable item to X.
        assert_eq!(xyz(&rows, 0.6, 2.5).unwrap()[1], XyzClass::X);
        assert_eq!(xyz(&rows, 0.6, 2.5).unwrap()[2], XyzClass::Y);
    }

    fn message(e: Error) -> String {
        e.to_string()
    }

    #[test]
    fn invalid_inputs_say_what_to_change() {
        let cases: Vec<(Result<(), Error>, &str)> = vec![
            (
                eoq(0.0, 1.0, 1.0).map(|_| ()),
                "fixed order cost must be a number greater than 0",
            ),
            (
                eoq(1.0, -1.0, 1.0).map(|_| ()),
                "holding cost per unit must be",
            ),
            (eoq(1.0, 1.0, f64::NAN).map(|_| ()), "demand rate must be"),
            (
                eoq_cost(0.0, 1.0, 1.0, 1.0).map(|_| ()),
                "order quantity must be",
            ),
            (
                eoq_with_backorders(8.0, 0.225, 0.0, 1300.0).map(|_| ()),
                "backorder cost per unit must be",
            ),
            (
                epq(8.0, 0.225, 1300.0, 1300.0).map(|_| ()),
                "production rate (1300) must be greater than the demand rate",
            ),
            (
                newsvendor_normal(0.18, 0.7, 50.0, 0.0).map(|_| ()),
                "demand standard deviation must be a number greater than 0",
            ),
            (
                newsvendor_normal(0.0, 0.7, 50.0, 8.0).map(|_| ()),
                "overage (holding) cost",
            ),
            (
                newsvendor_with_prices(1.0, 1.0, 0.1, 50.0, 8.0).map(|_| ()),
                "selling price (1) must be greater than the unit cost",
            ),
            (
                newsvendor_with_prices(1.0, 0.3, 0.3, 50.0, 8.0).map(|_| ()),
                "unit cost (0.3) must be greater than the salvage value",
            ),
            (
                newsvendor_poisson(0.18, 0.7, 2e6).map(|_| ()),
                "use the normal newsvendor",
            ),
            (
                rq_cost(f64::NAN, 300.0, 0.225, 7.5, 8.0, 1300.0, 150.0, 0.1).map(|_| ()),
                "reorder point must be a finite number",
            ),
            (
                rq_eoqss_approximation(0.225, 7.5, 8.0, 1300.0, 150.0, -1.0).map(|_| ()),
                "lead time must be a number of at least 0",
            ),
            (
                rq_eil_approximation(10.0, 0.01, 8.0, 100.0, 10.0, 1.0).map(|_| ()),
                "raise the stockout cost",
            ),
            (
                ss_power_approximation(0.18, 0.7, -2.5, 50.0, 8.0).map(|_| ()),
                "fixed order cost must be",
            ),
            (
                safety_stock(10.0, 2.0, 3.0, 0.0, 1.0).map(|_| ()),
                "service level must be strictly between 0 and 1",
            ),
            (
                safety_stock(10.0, 2.0, 3.0, 0.0, 0.0).map(|_| ()),
                "service level must be strictly between 0 and 1",
            ),
            (
                safety_stock_from_history(&[], 3.0, 0.0, 0.95).map(|_| ()),
                "demand history needs at least 2 values",
            ),
            (
                safety_stock_from_history(&[1.0, f64::NAN, 2.0], 3.0, 0.0, 0.95).map(|_| ()),
                "not a number at position 2",
            ),
            (
                safety_stock_from_histories(&[1.0, 2.0], &[3.0], 0.95).map(|_| ()),
                "lead-time history needs at least 2 values",
            ),
            (abc(&[], 0.8, 0.95).map(|_| ()), "at least one item value"),
            (
                abc(&[1.0, -2.0], 0.8, 0.95).map(|_| ()),
                "item value 2 is -2",
            ),
            (abc(&[0.0, 0.0], 0.8, 0.95).map(|_| ()), "sum to 0"),
            (abc(&[1.0], 0.9, 0.8).map(|_| ()), "B share must be greater"),
            (
                abc(&[1.0], 1.0, 1.0).map(|_| ()),
                "A share must be strictly between",
            ),
            (
                xyz(&[[1.0, 2.0]], 1.0, 0.5).map(|_| ()),
                "Y cut-off must be greater than the X cut-off",
            ),
            (
                xyz::<Vec<f64>>(&[], 0.5, 1.0).map(|_| ()),
                "at least one item's demand history",
            ),
            (
                xyz(&[vec![1.0, 2.0], vec![f64::INFINITY, 1.0]], 0.5, 1.0).map(|_| ()),
                "demand history of item 2 has a value that is not a number",
            ),
        ];
        for (i, (res, want)) in cases.into_iter().enumerate() {
            let msg = message(res.expect_err(&format!("case {i} should fail")));
            assert!(msg.contains(want), "case {i}: {msg:?} lacks {want:?}");
        }
    }
}
