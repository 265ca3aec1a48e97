//! Product pricing (SPEC §2.4): ordinary least squares with standard errors, log-log price
//! elasticity with optional trend and seasonal controls, profit-maximising prices under
//! constant-elasticity and linear demand, a competitor price index and the price/volume/mix
//! decomposition of a revenue change.
//!
//! Everything here is pure arithmetic on slices; nothing panics on user data.

use std::fmt;

/// Coefficient of variation of the prices below which a warning says they barely vary.
pub const LOW_PRICE_CV: f64 = 0.02;

/// Fewest distinct prices without a warning.
pub const MIN_DISTINCT_PRICES: usize = 3;

/// Points a model with controls needs beyond its number of parameters.
pub const CONTROL_MARGIN: usize = 8;

/// Errors of the pricing computations.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PricingError {
    /// Prices and quantities have different lengths.
    #[error("there are {prices} prices but {quantities} quantities")]
    LengthMismatch {
        /// Number of prices.
        prices: usize,
        /// Number of quantities.
        quantities: usize,
    },
    /// Too few usable observations.
    #[error("{got} usable observations, but at least {needed} are needed")]
    TooFew {
        /// Minimum required.
        needed: usize,
        /// Usable observations supplied.
        got: usize,
    },
    /// A value is NaN or infinite.
    #[error("a value is not a finite number")]
    NotFinite,
    /// All usable prices are equal, so no slope can be measured.
    #[error("all usable prices are equal, so the effect of price cannot be measured")]
    NoPriceVariation,
    /// The regressors are (numerically) collinear.
    #[error("the regressors are collinear")]
    Singular,
    /// The demand model has no finite profit-maximising price.
    #[error("{0}")]
    NoFiniteOptimum(String),
    /// An argument is outside its valid range.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

/// An ordinary least-squares fit `y = X·b + ε`.
#[derive(Debug, Clone, PartialEq)]
pub struct OlsFit {
    /// Coefficients, one per column of `X`.
    pub coef: Vec<f64>,
    /// Standard errors `sqrt(σ̂²·[(XᵀX)⁻¹]ⱼⱼ)`, `σ̂² = RSS / (n − k)`.
    pub se: Vec<f64>,
    /// Coefficient of determination `1 − RSS/TSS` (TSS about the mean of `y`; the design is
    /// assumed to contain a constant).
    pub r_squared: f64,
    /// Residual degrees of freedom `n − k`.
    pub df_resid: usize,
    /// Residual sum of squares.
    pub rss: f64,
}

/// Ordinary least squares by Householder QR of the design matrix. `rows` holds one row of `X`
/// per observation (all of the same length `k`), `y` the responses.
///
/// # Errors
/// [`PricingError::LengthMismatch`] when `rows` and `y` differ in length or rows are ragged,
/// [`PricingError::TooFew`] when `n ≤ k`, [`PricingError::NotFinite`] for NaN/∞ and
/// [`PricingError::Singular`] when a column is (numerically) a combination of the others.
pub fn ols(rows: &[Vec<f64>], y: &[f64]) -> Result<OlsFit, PricingError> {
    let n = y.len();
    if rows.len() != n {
        return Err(PricingError::LengthMismatch {
            prices: rows.len(),
            quantities: n,
        });
    }
    let k = rows.first().map_or(0, Vec::len);
    if k == 0 || rows.iter().any(|r| r.len() != k) {
        return Err(PricingError::InvalidArgument(
            "the design matrix must have rows of one common, non-zero length".into(),
        ));
    }
    if n <= k {
        return Err(PricingError::TooFew {
            needed: k + 1,
            got: n,
        });
    }
    if y.iter()
        .chain(rows.iter().flatten())
        .any(|v| !v.is_finite())
    {
        return Err(PricingError::NotFinite);
    }
    // Column-major copy of X and of y, reduced in place.
    let mut a: Vec<Vec<f64>> = (0..k)
        .map(|j| {
            rows.iter()
                .map(|r| r.get(j).copied().unwrap_or(0.0))
                .collect()
        })
        .collect();
    let col_norms: Vec<f64> = a.iter().map(|c| norm(c)).collect();
    let mut qty = y.to_vec();
    let mut r = vec![vec![0.0; k]; k];
    for j in 0..k {
        let Some((cj, later)) = a[j..].split_first_mut() else {
            return Err(PricingError::Singular);
        };
        let alpha = norm(&cj[j..]);
        let scale = col_norms.get(j).copied().unwrap_or(0.0);
        if alpha == 0.0 || alpha <= 1e-12 * scale {
            return Err(PricingError::Singular);
        }
        let x0 = cj[j];
        let d = if x0 >= 0.0 { -alpha } else { alpha };
        // Householder vector v = x − d·e₁ (stored in cj[j..]), H = I − 2vvᵀ/(vᵀv).
        cj[j] = x0 - d;
        let vtv = cj[j..].iter().map(|v| v * v).sum::<f64>();
        let apply = |col: &mut [f64], v: &[f64]| {
            let dot: f64 = col.iter().zip(v).map(|(c, v)| c * v).sum();
            let f = 2.0 * dot / vtv;
            for (c, v) in col.iter_mut().zip(v) {
                *c -= f * v;
            }
        };
        for c in later.iter_mut() {
            apply(&mut c[j..], &cj[j..]);
        }
        apply(&mut qty[j..], &cj[j..]);
        if let Some(row) = r.get_mut(j) {
            row[j] = d;
            for (jj, c) in later.iter().enumerate() {
                row[j + 1 + jj] = c[j];
            }
        }
    }
    // Back substitution R·b = (Qᵀy)[..k].
    let mut coef = vec![0.0; k];
    for i in (0..k).rev() {
        let s: f64 = ((i + 1)..k).map(|j| r[i][j] * coef[j]).sum();
        coef[i] = (qty[i] - s) / r[i][i];
    }
    // Residuals computed directly for accuracy.
    let rss: f64 = rows
        .iter()
        .zip(y)
        .map(|(row, yi)| {
            let fit: f64 = row.iter().zip(&coef).map(|(x, b)| x * b).sum();
            (yi - fit) * (yi - fit)
        })
        .sum();
    let mean = y.iter().sum::<f64>() / n as f64;
    let tss: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
    let df_resid = n - k;
    let sigma2 = rss / df_resid as f64;
    // (XᵀX)⁻¹ = R⁻¹R⁻ᵀ: its diagonal is the squared norms of the rows of R⁻¹.
    let mut rinv = vec![vec![0.0; k]; k];
    for j in 0..k {
        rinv[j][j] = 1.0 / r[j][j];
        for i in (0..j).rev() {
            let s: f64 = ((i + 1)..=j).map(|m| r[i][m] * rinv[m][j]).sum();
            rinv[i][j] = -s / r[i][i];
        }
    }
    let se = rinv
        .iter()
        .map(|row| (sigma2 * row.iter().map(|v| v * v).sum::<f64>()).sqrt())
        .collect();
    let r_squared = if tss > 0.0 { 1.0 - rss / tss } else { f64::NAN };
    Ok(OlsFit {
        coef,
        se,
        r_squared,
        df_resid,
        rss,
    })
}

fn norm(v: &[f64]) -> f64 {
    // Scaled to avoid overflow/underflow.
    let m = v.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    if m == 0.0 {
        return 0.0;
    }
    m * v.iter().map(|x| (x / m) * (x / m)).sum::<f64>().sqrt()
}

/// Which controls the elasticity regression may add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Controls {
    /// Add a linear trend (the observation's position, 0-based, in the input).
    pub trend: bool,
    /// Add seasonal dummies for this period (positions modulo the period); 0 or 1 = none.
    pub season: usize,
}

/// A caution about an elasticity estimate.
#[derive(Debug, Clone, PartialEq)]
pub enum PricingWarning {
    /// The coefficient of variation (sample sd / mean) of the prices is below [`LOW_PRICE_CV`].
    LowPriceVariation {
        /// The coefficient of variation.
        cv: f64,
    },
    /// Fewer than [`MIN_DISTINCT_PRICES`] distinct prices.
    FewDistinctPrices {
        /// Distinct prices seen.
        count: usize,
    },
    /// Observations with a price or quantity ≤ 0 were left out (logarithms need positives).
    NonPositiveExcluded {
        /// How many.
        count: usize,
    },
    /// Requested controls were left out for lack of data (they need two full seasons and
    /// [`CONTROL_MARGIN`] more points than parameters).
    ControlsDropped,
}

impl fmt::Display for PricingWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LowPriceVariation { cv } => write!(
                f,
                "prices barely vary (coefficient of variation {:.2} %), so the elasticity is unreliable",
                cv * 100.0
            ),
            Self::FewDistinctPrices { count } => write!(
                f,
                "only {count} distinct price(s), so the elasticity rests on very few price points"
            ),
            Self::NonPositiveExcluded { count } => write!(
                f,
                "{count} observation(s) with a price or quantity of 0 or less were left out"
            ),
            Self::ControlsDropped => write!(
                f,
                "too few observations for trend/seasonal controls; fitted without them"
            ),
        }
    }
}

/// A log-log elasticity estimate `ln q = a + e·ln p (+ controls)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Elasticity {
    /// The elasticity `e` (slope of ln q on ln p).
    pub elasticity: f64,
    /// Its standard error.
    pub se: f64,
    /// R² of the whole regression (controls included).
    pub r_squared: f64,
    /// Residual degrees of freedom.
    pub df_resid: usize,
    /// Intercept `a`.
    pub intercept: f64,
    /// Observations used (positive price and quantity).
    pub n_used: usize,
    /// Observations left out for a non-positive price or quantity.
    pub n_excluded: usize,
    /// Whether a linear trend was included.
    pub trend: bool,
    /// The seasonal period whose dummies were included, if any.
    pub season: Option<usize>,
    /// Cautions.
    pub warnings: Vec<PricingWarning>,
    /// Smallest and largest usable price.
    pub price_range: (f64, f64),
}

/// Checks lengths and finiteness of paired prices and quantities.
fn check_pairs(prices: &[f64], quantities: &[f64]) -> Result<(), PricingError> {
    if prices.len() != quantities.len() {
        return Err(PricingError::LengthMismatch {
            prices: prices.len(),
            quantities: quantities.len(),
        });
    }
    if prices.iter().chain(quantities).any(|v| !v.is_finite()) {
        return Err(PricingError::NotFinite);
    }
    Ok(())
}

/// Warnings about how little the prices vary (sample coefficient of variation and distinct
/// values).
pub fn price_variation_warnings(prices: &[f64]) -> Vec<PricingWarning> {
    let mut out = Vec::new();
    let n = prices.len();
    if n >= 2 {
        let mean = prices.iter().sum::<f64>() / n as f64;
        let var = prices.iter().map(|p| (p - mean) * (p - mean)).sum::<f64>() / (n - 1) as f64;
        let cv = if mean != 0.0 {
            var.sqrt() / mean.abs()
        } else {
            0.0
        };
        if cv < LOW_PRICE_CV {
            out.push(PricingWarning::LowPriceVariation { cv });
        }
    }
    let mut sorted = prices.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    if sorted.len() < MIN_DISTINCT_PRICES {
        out.push(PricingWarning::FewDistinctPrices {
            count: sorted.len(),
        });
    }
    out
}

/// Log-log price elasticity: OLS of `ln q` on a constant, `ln p` and, when requested and the
/// data allow (at least two full seasons and [`CONTROL_MARGIN`] more usable points than
/// parameters), a linear trend and seasonal dummies. Trend and season use each observation's
/// position in the input, so excluded observations do not shift the calendar. Observations
/// with a price or quantity ≤ 0 are left out and counted.
///
/// # Errors
/// [`PricingError::LengthMismatch`], [`PricingError::NotFinite`], [`PricingError::TooFew`]
/// (fewer than 3 usable points), [`PricingError::NoPriceVariation`] (all usable prices equal).
pub fn elasticity(
    prices: &[f64],
    quantities: &[f64],
    controls: Controls,
) -> Result<Elasticity, PricingError> {
    check_pairs(prices, quantities)?;
    let used: Vec<(usize, f64, f64)> = prices
        .iter()
        .zip(quantities)
        .enumerate()
        .filter(|(_, (p, q))| **p > 0.0 && **q > 0.0)
        .map(|(i, (p, q))| (i, *p, *q))
        .collect();
    let n = used.len();
    let n_excluded = prices.len() - n;
    if n < 3 {
        return Err(PricingError::TooFew { needed: 3, got: n });
    }
    let used_prices: Vec<f64> = used.iter().map(|u| u.1).collect();
    let lo = used_prices.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = used_prices
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    if lo == hi {
        return Err(PricingError::NoPriceVariation);
    }
    let mut warnings = price_variation_warnings(&used_prices);
    if n_excluded > 0 {
        warnings.push(PricingWarning::NonPositiveExcluded { count: n_excluded });
    }
    // Choose the controls the data allow.
    let season = (controls.season >= 2).then_some(controls.season);
    let (trend, season) = match (controls.trend, season) {
        (_, Some(s)) if n >= 2 * s && n >= 3 + (s - 1) + CONTROL_MARGIN => (true, Some(s)),
        (want_trend, s) => {
            let trend = want_trend && n >= 3 + CONTROL_MARGIN;
            if s.is_some() || (want_trend && !trend) {
                warnings.push(PricingWarning::ControlsDropped);
            }
            (trend, None)
        }
    };
    let rows: Vec<Vec<f64>> = used
        .iter()
        .map(|&(i, p, _)| {
            let mut row = vec![1.0, p.ln()];
            if trend {
                row.push(i as f64);
            }
            if let Some(s) = season {
                row.extend((1..s).map(|j| if i % s == j { 1.0 } else { 0.0 }));
            }
            row
        })
        .collect();
    let y: Vec<f64> = used.iter().map(|u| u.2.ln()).collect();
    let fit = ols(&rows, &y)?;
    Ok(Elasticity {
        elasticity: fit.coef.get(1).copied().unwrap_or(f64::NAN),
        se: fit.se.get(1).copied().unwrap_or(f64::NAN),
        r_squared: fit.r_squared,
        df_resid: fit.df_resid,
        intercept: fit.coef.first().copied().unwrap_or(f64::NAN),
        n_used: n,
        n_excluded,
        trend,
        season,
        warnings,
        price_range: (lo, hi),
    })
}

/// A linear demand fit `q = α + β·p`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearDemand {
    /// Intercept α.
    pub alpha: f64,
    /// Slope β (units per unit of price).
    pub beta: f64,
    /// The OLS fit behind it (coefficients α, β).
    pub fit: OlsFit,
    /// Smallest and largest price.
    pub price_range: (f64, f64),
}

/// OLS of quantity on price. Observations with a negative quantity or a price ≤ 0 are
/// rejected as [`PricingError::InvalidArgument`] by the caller's choice; here every finite pair
/// is used.
///
/// # Errors
/// Length mismatch, non-finite values, fewer than 3 points, all prices equal.
pub fn linear_demand(prices: &[f64], quantities: &[f64]) -> Result<LinearDemand, PricingError> {
    check_pairs(prices, quantities)?;
    if prices.len() < 3 {
        return Err(PricingError::TooFew {
            needed: 3,
            got: prices.len(),
        });
    }
    let lo = prices.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = prices.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if lo == hi {
        return Err(PricingError::NoPriceVariation);
    }
    let rows: Vec<Vec<f64>> = prices.iter().map(|p| vec![1.0, *p]).collect();
    let fit = ols(&rows, quantities)?;
    Ok(LinearDemand {
        alpha: fit.coef.first().copied().unwrap_or(f64::NAN),
        beta: fit.coef.get(1).copied().unwrap_or(f64::NAN),
        fit,
        price_range: (lo, hi),
    })
}

/// Profit-maximising price under constant elasticity `q = A·p^e`: profit `(p − c)·A·p^e` has
/// its maximum at `p* = c·e/(1 + e)` when `e < −1`.
///
/// # Errors
/// [`PricingError::NoFiniteOptimum`] when `e ≥ −1` (demand is inelastic: raising the price
/// always raises profit), [`PricingError::InvalidArgument`] for a negative or non-finite cost.
pub fn optimal_price_constant_elasticity(
    elasticity: f64,
    unit_cost: f64,
) -> Result<f64, PricingError> {
    if !(unit_cost.is_finite() && unit_cost >= 0.0) {
        return Err(PricingError::InvalidArgument(format!(
            "the unit cost must be 0 or more, but it is {unit_cost}"
        )));
    }
    if !elasticity.is_finite() || elasticity >= -1.0 {
        return Err(PricingError::NoFiniteOptimum(format!(
            "the elasticity is {elasticity:.4}, not below −1: demand is inelastic, so under constant elasticity every price rise raises profit and there is no finite best price"
        )));
    }
    Ok(unit_cost * elasticity / (1.0 + elasticity))
}

/// Profit-maximising price under linear demand `q = α + β·p`: profit `(p − c)(α + β·p)` has
/// derivative `α + 2βp − βc`, zero at `p* = (β·c − α)/(2β)`, a maximum when `β < 0`.
///
/// # Errors
/// [`PricingError::NoFiniteOptimum`] when `β ≥ 0` (demand does not fall with price),
/// [`PricingError::InvalidArgument`] for a negative or non-finite cost.
pub fn optimal_price_linear(alpha: f64, beta: f64, unit_cost: f64) -> Result<f64, PricingError> {
    if !(unit_cost.is_finite() && unit_cost >= 0.0) {
        return Err(PricingError::InvalidArgument(format!(
            "the unit cost must be 0 or more, but it is {unit_cost}"
        )));
    }
    if !(beta.is_finite() && alpha.is_finite()) || beta >= 0.0 {
        return Err(PricingError::NoFiniteOptimum(format!(
            "the fitted demand slope is {beta:.4} units per unit of price, not negative: demand does not fall as the price rises, so there is no finite best price"
        )));
    }
    Ok((beta * unit_cost - alpha) / (2.0 * beta))
}

/// A demand model for [`optimal_price`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DemandModel {
    /// Constant elasticity, fitted by the log-log regression.
    #[default]
    LogLog,
    /// Linear demand, fitted by OLS of quantity on price.
    Linear,
}

/// A profit-maximising price, clamped to the observed prices.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimalPrice {
    /// The recommended price: the optimum clamped to the observed price range.
    pub price: f64,
    /// The model's optimum before clamping.
    pub unclamped: f64,
    /// True when the optimum lies outside the observed prices (the recommendation is then the
    /// nearest end of the range; beyond it the model is extrapolating).
    pub extrapolated: bool,
    /// Smallest and largest observed price.
    pub price_range: (f64, f64),
    /// The elasticity (log-log) or slope β (linear) behind it.
    pub slope: f64,
    /// Cautions from the fit.
    pub warnings: Vec<PricingWarning>,
}

/// Fits `model` to the observations and returns the profit-maximising price clamped to the
/// observed price range. The log-log model leaves out observations with a price or quantity
/// ≤ 0; the linear model uses observations with a price > 0 and a quantity ≥ 0.
///
/// # Errors
/// Those of [`elasticity`] / [`linear_demand`] and of the optimum formulas.
pub fn optimal_price(
    prices: &[f64],
    quantities: &[f64],
    unit_cost: f64,
    model: DemandModel,
) -> Result<OptimalPrice, PricingError> {
    let (unclamped, range, slope, warnings) = match model {
        DemandModel::LogLog => {
            let e = elasticity(prices, quantities, Controls::default())?;
            let p = optimal_price_constant_elasticity(e.elasticity, unit_cost)?;
            (p, e.price_range, e.elasticity, e.warnings)
        }
        DemandModel::Linear => {
            check_pairs(prices, quantities)?;
            let (p, q): (Vec<f64>, Vec<f64>) = prices
                .iter()
                .zip(quantities)
                .filter(|(p, q)| **p > 0.0 && **q >= 0.0)
                .map(|(p, q)| (*p, *q))
                .unzip();
            let excluded = prices.len() - p.len();
            let d = linear_demand(&p, &q)?;
            let mut warnings = price_variation_warnings(&p);
            if excluded > 0 {
                warnings.push(PricingWarning::NonPositiveExcluded { count: excluded });
            }
            let opt = optimal_price_linear(d.alpha, d.beta, unit_cost)?;
            (opt, d.price_range, d.beta, warnings)
        }
    };
    let price = unclamped.clamp(range.0, range.1);
    Ok(OptimalPrice {
        price,
        unclamped,
        extrapolated: unclamped < range.0 || unclamped > range.1,
        price_range: range,
        slope,
        warnings,
    })
}

/// Our price against competitors' prices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriceIndex {
    /// `100 × our / median(competitors)`: 100 = the median competitor, 110 = 10 % dearer.
    pub index: f64,
    /// Percentile position: `100 × (competitors strictly cheaper + ½ × competitors at the same
    /// price) / competitors`. 0 = cheapest of all, 100 = dearest, 50 = in the middle.
    pub percentile: f64,
    /// The median competitor price (mean of the two middle prices for an even count).
    pub median: f64,
}

/// The price index and percentile position of `our` price among `competitors`.
///
/// # Errors
/// [`PricingError::TooFew`] without competitors, [`PricingError::NotFinite`],
/// [`PricingError::InvalidArgument`] for a price ≤ 0.
pub fn price_index(our: f64, competitors: &[f64]) -> Result<PriceIndex, PricingError> {
    if competitors.is_empty() {
        return Err(PricingError::TooFew { needed: 1, got: 0 });
    }
    if !our.is_finite() || competitors.iter().any(|c| !c.is_finite()) {
        return Err(PricingError::NotFinite);
    }
    if our <= 0.0 || competitors.iter().any(|c| *c <= 0.0) {
        return Err(PricingError::InvalidArgument(
            "prices must be greater than 0".into(),
        ));
    }
    let mut s = competitors.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len();
    let median = match (s.get((m - 1) / 2), s.get(m / 2)) {
        (Some(a), Some(b)) => 0.5 * (a + b),
        _ => return Err(PricingError::TooFew { needed: 1, got: 0 }),
    };
    let below = s.iter().filter(|c| **c < our).count() as f64;
    let ties = s.iter().filter(|c| **c == our).count() as f64;
    Ok(PriceIndex {
        index: 100.0 * our / median,
        percentile: 100.0 * (below + 0.5 * ties) / m as f64,
        median,
    })
}

/// One product's price and quantity in the base and the current period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProductPeriods {
    /// Base-period price (ignored when the base quantity is 0).
    pub price0: f64,
    /// Base-period quantity.
    pub quantity0: f64,
    /// Current-period price (ignored when the current quantity is 0).
    pub price1: f64,
    /// Current-period quantity.
    pub quantity1: f64,
}

/// The price/volume/mix decomposition of a revenue change `R₁ − R₀`.
///
/// With `Qₜ = Σqᵢₜ`, base shares `sᵢ₀ = qᵢ₀/Q₀` and base average price `P̄₀ = R₀/Q₀`:
/// - volume `= (Q₁ − Q₀)·P̄₀`: the change in total units at the base mix and base prices;
/// - mix `= Σ qᵢ₁·pᵢ₀ − Q₁·P̄₀`: current units at base prices against the same units sold in
///   the base mix — positive when the mix moved towards dearer products;
/// - price `= Σ (pᵢ₁ − pᵢ₀)·qᵢ₁`: the price changes on the current units.
///
/// The three sum to `R₁ − R₀` algebraically. A product sold only in the current period takes
/// its current price as base price (no price effect; its revenue is volume and mix); a product
/// sold only in the base period has no current units (no price effect).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pvm {
    /// Base revenue `R₀ = Σpᵢ₀qᵢ₀`.
    pub revenue0: f64,
    /// Current revenue `R₁ = Σpᵢ₁qᵢ₁`.
    pub revenue1: f64,
    /// Volume effect.
    pub volume: f64,
    /// Price effect.
    pub price: f64,
    /// Mix effect.
    pub mix: f64,
}

impl Pvm {
    /// `R₁ − R₀`.
    pub fn total(&self) -> f64 {
        self.revenue1 - self.revenue0
    }
}

/// Decomposes the revenue change of `products` between two periods (see [`Pvm`]).
///
/// # Errors
/// [`PricingError::NotFinite`], [`PricingError::InvalidArgument`] for a negative price or
/// quantity, [`PricingError::TooFew`] when nothing was sold in the base period.
pub fn price_volume_mix(products: &[ProductPeriods]) -> Result<Pvm, PricingError> {
    if products.iter().any(|p| {
        !(p.price0.is_finite()
            && p.price1.is_finite()
            && p.quantity0.is_finite()
            && p.quantity1.is_finite())
    }) {
        return Err(PricingError::NotFinite);
    }
    if products
        .iter()
        .any(|p| p.price0 < 0.0 || p.price1 < 0.0 || p.quantity0 < 0.0 || p.quantity1 < 0.0)
    {
        return Err(PricingError::InvalidArgument(
            "prices and quantities must be 0 or more".into(),
        ));
    }
    let q0: f64 = products.iter().map(|p| p.quantity0).sum();
    if q0 <= 0.0 {
        return Err(PricingError::TooFew { needed: 1, got: 0 });
    }
    let base_price = |p: &ProductPeriods| {
        if p.quantity0 > 0.0 {
            p.price0
        } else {
            p.price1
        }
    };
    let q1: f64 = products.iter().map(|p| p.quantity1).sum();
    let r0: f64 = products.iter().map(|p| p.price0 * p.quantity0).sum();
    let r1: f64 = products.iter().map(|p| p.price1 * p.quantity1).sum();
    let at_base: f64 = products.iter().map(|p| base_price(p) * p.quantity1).sum();
    let avg0 = r0 / q0;
    let volume = (q1 - q0) * avg0;
    let mix = at_base - q1 * avg0;
    let price = products
        .iter()
        .map(|p| (p.price1 - base_price(p)) * p.quantity1)
        .sum();
    Ok(Pvm {
        revenue0: r0,
        revenue1: r1,
        volume,
        price,
        mix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// statsmodels OLS on seeded data, written by `tests/golden/pricing.py`.
    fn golden() -> Value {
        serde_json::from_str(include_str!("../tests/golden/pricing.json")).unwrap()
    }

    fn nums(v: &Value) -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    }

    /// |got − want| ≤ tol·max(1, |want|).
    #[track_caller]
    fn close(got: f64, want: f64, tol: f64, what: &str) {
        assert!(
            (got - want).abs() <= tol * want.abs().max(1.0),
            "{what}: got {got}, want {want} (diff {:e})",
            (got - want).abs()
        );
    }

    /// Elasticity, SE, R² and df against statsmodels' `fit` object to 1e-8.
    #[track_caller]
    fn matches(e: &Elasticity, fit: &Value) {
        close(e.intercept, nums(&fit["coef"])[0], 1e-8, "intercept");
        close(e.elasticity, nums(&fit["coef"])[1], 1e-8, "elasticity");
        close(e.se, nums(&fit["se"])[1], 1e-8, "se");
        close(e.r_squared, fit["r_squared"].as_f64().unwrap(), 1e-8, "r2");
        assert_eq!(e.df_resid as u64, fit["df_resid"].as_u64().unwrap());
    }

    #[test]
    fn elasticity_matches_statsmodels() {
        // Source: statsmodels OLS (pricing.json "simple"), tolerance 1e-8.
        let g = &golden()["simple"];
        let e = elasticity(
            &nums(&g["prices"]),
            &nums(&g["quantities"]),
            Controls::default(),
        )
        .unwrap();
        matches(&e, &g["fit"]);
        assert_eq!(
            (e.n_used, e.n_excluded, e.trend, e.season),
            (40, 0, false, None)
        );
        assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    }

    #[test]
    fn elasticity_with_trend_and_season_matches_statsmodels() {
        // Source: statsmodels OLS with constant, ln p, trend and 3 quarterly dummies
        // (pricing.json "seasonal"), every coefficient and SE to 1e-8.
        let g = &golden()["seasonal"];
        let (p, q) = (nums(&g["prices"]), nums(&g["quantities"]));
        let c = Controls {
            trend: true,
            season: 4,
        };
        let e = elasticity(&p, &q, c).unwrap();
        assert_eq!((e.trend, e.season), (true, Some(4)));
        matches(&e, &g["fit"]);
        // The full coefficient vector through `ols` directly.
        let rows: Vec<Vec<f64>> = p
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut r = vec![1.0, p.ln(), i as f64];
                r.extend((1..4).map(|j| f64::from(u8::from(i % 4 == j))));
                r
            })
            .collect();
        let y: Vec<f64> = q.iter().map(|q| q.ln()).collect();
        let fit = ols(&rows, &y).unwrap();
        for (got, want) in fit.coef.iter().zip(nums(&g["fit"]["coef"])) {
            close(*got, want, 1e-8, "coef");
        }
        for (got, want) in fit.se.iter().zip(nums(&g["fit"]["se"])) {
            close(*got, want, 1e-8, "se");
        }
        // Without controls: the plain statsmodels fit.
        matches(
            &elasticity(&p, &q, Controls::default()).unwrap(),
            &g["plain"],
        );
        // 24 points cannot hold two full seasons of 13 (26): the season is dropped with a
        // warning; the trend (3 parameters + 8 = 11 points) stays.
        let short = elasticity(
            &p[..24],
            &q[..24],
            Controls {
                trend: true,
                season: 13,
            },
        )
        .unwrap();
        assert_eq!((short.trend, short.season), (true, None));
        assert!(short.warnings.contains(&PricingWarning::ControlsDropped));
    }

    #[test]
    fn non_positive_observations_are_excluded_and_counted() {
        // Source: statsmodels OLS on the 27 positive pairs (pricing.json "excluded"), with and
        // without a trend on the original positions.
        let g = &golden()["excluded"];
        let (p, q) = (nums(&g["prices"]), nums(&g["quantities"]));
        let e = elasticity(&p, &q, Controls::default()).unwrap();
        matches(&e, &g["fit"]);
        assert_eq!((e.n_used, e.n_excluded), (27, 3));
        assert!(
            e.warnings
                .contains(&PricingWarning::NonPositiveExcluded { count: 3 })
        );
        let t = elasticity(
            &p,
            &q,
            Controls {
                trend: true,
                season: 0,
            },
        )
        .unwrap();
        assert!(t.trend);
        matches(&t, &g["trend_fit"]);
    }

    #[test]
    fn linear_demand_matches_statsmodels() {
        // Source: statsmodels OLS q ~ 1 + p (pricing.json "linear"), tolerance 1e-8.
        let g = &golden()["linear"];
        let d = linear_demand(&nums(&g["prices"]), &nums(&g["quantities"])).unwrap();
        let want = nums(&g["fit"]["coef"]);
        close(d.alpha, want[0], 1e-8, "alpha");
        close(d.beta, want[1], 1e-8, "beta");
        for (got, want) in d.fit.se.iter().zip(nums(&g["fit"]["se"])) {
            close(*got, want, 1e-8, "se");
        }
        close(
            d.fit.r_squared,
            g["fit"]["r_squared"].as_f64().unwrap(),
            1e-8,
            "r2",
        );
    }

    #[test]
    fn exact_fit_by_construction() {
        // q = 1000·p^−2 exactly: elasticity −2, intercept ln 1000, R² 1, SE 0 (to 1e-12).
        let p = [1.0, 2.0, 4.0, 5.0, 8.0];
        let q: Vec<f64> = p.iter().map(|p| 1000.0 / (p * p)).collect();
        let e = elasticity(&p, &q, Controls::default()).unwrap();
        close(e.elasticity, -2.0, 1e-12, "e");
        close(e.intercept, 1000f64.ln(), 1e-12, "a");
        assert!(e.se < 1e-12, "{}", e.se);
        close(e.r_squared, 1.0, 1e-12, "r2");
    }

    #[test]
    fn warns_when_prices_barely_vary() {
        // Prices 10.00/10.05/10.10 repeated: CV ≈ 0.41 % < 2 %, 3 distinct prices.
        let p: Vec<f64> = (0..12).map(|i| 10.0 + 0.05 * f64::from(i % 3)).collect();
        let q: Vec<f64> = (0..12)
            .map(|i| 100.0 - f64::from(i % 3) + f64::from(i % 2))
            .collect();
        let e = elasticity(&p, &q, Controls::default()).unwrap();
        assert!(
            e.warnings
                .iter()
                .any(|w| matches!(w, PricingWarning::LowPriceVariation { cv } if *cv < 0.02))
        );
        // Two distinct prices: that warning too.
        let p2: Vec<f64> = (0..6).map(|i| if i % 2 == 0 { 5.0 } else { 8.0 }).collect();
        let e2 = elasticity(&p2, &[10.0, 6.0, 11.0, 5.0, 9.0, 6.0], Controls::default()).unwrap();
        assert!(
            e2.warnings
                .contains(&PricingWarning::FewDistinctPrices { count: 2 })
        );
    }

    #[test]
    fn elasticity_errors() {
        let c = Controls::default();
        assert_eq!(
            elasticity(&[1.0, 2.0], &[1.0], c).unwrap_err(),
            PricingError::LengthMismatch {
                prices: 2,
                quantities: 1
            }
        );
        assert_eq!(
            elasticity(&[1.0, 2.0, 0.0], &[1.0, 2.0, 3.0], c).unwrap_err(),
            PricingError::TooFew { needed: 3, got: 2 }
        );
        assert_eq!(
            elasticity(&[3.0; 5], &[1.0, 2.0, 3.0, 4.0, 5.0], c).unwrap_err(),
            PricingError::NoPriceVariation
        );
        assert_eq!(
            elasticity(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0], c).unwrap_err(),
            PricingError::NotFinite
        );
    }

    #[test]
    fn constant_elasticity_optimum_is_the_closed_form() {
        // p* = c·e/(1 + e): e = −2, c = 10 → 20 (markup rule (p − c)/p = −1/e = 50 %).
        close(
            optimal_price_constant_elasticity(-2.0, 10.0).unwrap(),
            20.0,
            1e-15,
            "e=-2",
        );
        close(
            optimal_price_constant_elasticity(-3.5, 4.0).unwrap(),
            4.0 * 3.5 / 2.5,
            1e-15,
            "e=-3.5",
        );
        assert!(matches!(
            optimal_price_constant_elasticity(-0.8, 10.0),
            Err(PricingError::NoFiniteOptimum(_))
        ));
        assert!(matches!(
            optimal_price_constant_elasticity(-1.0, 10.0),
            Err(PricingError::NoFiniteOptimum(_))
        ));
        // Fitted on the statsmodels case "simple" (e ≈ −1.8978, prices 8.03–11.94): the closed
        // form with the fitted e, here c = 5 → 10.570… inside the range, not clamped.
        let g = &golden()["simple"];
        let (p, q) = (nums(&g["prices"]), nums(&g["quantities"]));
        let e = nums(&g["fit"]["coef"])[1];
        let o = optimal_price(&p, &q, 5.0, DemandModel::LogLog).unwrap();
        close(o.unclamped, 5.0 * e / (1.0 + e), 1e-8, "p*");
        assert!(!o.extrapolated);
        assert_eq!(o.price, o.unclamped);
        // c = 8 → 16.91… above the highest price 11.94: clamped and flagged.
        let o = optimal_price(&p, &q, 8.0, DemandModel::LogLog).unwrap();
        close(o.unclamped, 8.0 * e / (1.0 + e), 1e-8, "p* c=8");
        assert!(o.extrapolated);
        assert_eq!(o.price, 11.94);
    }

    #[test]
    fn linear_optimum_by_hand() {
        // q = 100 − 4p exactly (p = 5..=15): profit (p − c)(100 − 4p), derivative
        // 100 − 8p + 4c = 0 → p* = 12.5 + c/2. c = 4 → 14.5 (inside 5–15).
        let p: Vec<f64> = (5..=15).map(f64::from).collect();
        let q: Vec<f64> = p.iter().map(|p| 100.0 - 4.0 * p).collect();
        let o = optimal_price(&p, &q, 4.0, DemandModel::Linear).unwrap();
        close(o.slope, -4.0, 1e-12, "beta");
        close(o.unclamped, 14.5, 1e-12, "p*");
        assert!(!o.extrapolated);
        // c = 10 → 17.5, clamped to 15.
        let o = optimal_price(&p, &q, 10.0, DemandModel::Linear).unwrap();
        close(o.unclamped, 17.5, 1e-12, "p* c=10");
        assert_eq!((o.price, o.extrapolated), (15.0, true));
        // Formula directly: α = 200, β = −12, c = 6 → (−72 − 200)/(−24) = 11.333….
        close(
            optimal_price_linear(200.0, -12.0, 6.0).unwrap(),
            272.0 / 24.0,
            1e-15,
            "formula",
        );
        // Demand rising with price: no optimum.
        assert!(matches!(
            optimal_price_linear(10.0, 0.5, 1.0),
            Err(PricingError::NoFiniteOptimum(_))
        ));
    }

    #[test]
    fn price_index_and_percentile() {
        // Competitors 8, 10, 10, 12, 14: median 10. Ours 10: index 100, percentile
        // (1 below + ½·2 ties)/5 = 40. Ours 15: index 150, percentile 100. Ours 7: 70, 0.
        let c = [12.0, 10.0, 8.0, 14.0, 10.0];
        let r = price_index(10.0, &c).unwrap();
        assert_eq!((r.index, r.percentile, r.median), (100.0, 40.0, 10.0));
        let r = price_index(15.0, &c).unwrap();
        assert_eq!((r.index, r.percentile), (150.0, 100.0));
        let r = price_index(7.0, &c).unwrap();
        assert_eq!((r.index, r.percentile), (70.0, 0.0));
        // Even count: median of 8, 10, 12, 14 is 11; ours 11 → 100, 50.
        let r = price_index(11.0, &[8.0, 10.0, 12.0, 14.0]).unwrap();
        assert_eq!((r.index, r.percentile), (100.0, 50.0));
        assert!(price_index(10.0, &[]).is_err());
        assert!(price_index(0.0, &[1.0]).is_err());
        assert!(price_index(1.0, &[-1.0]).is_err());
    }

    #[test]
    fn pvm_sums_exactly_to_the_revenue_change() {
        // Known by construction (integers and halves, so every sum is exact in binary):
        // A: 10 × 100 → 11 × 120; B: 20 × 50 → 19 × 40; C: new, 5 × 20; D: dropped, 8 × 10.
        let prods = [
            ProductPeriods {
                price0: 10.0,
                quantity0: 100.0,
                price1: 11.0,
                quantity1: 120.0,
            },
            ProductPeriods {
                price0: 20.0,
                quantity0: 50.0,
                price1: 19.0,
                quantity1: 40.0,
            },
            ProductPeriods {
                price0: 0.0,
                quantity0: 0.0,
                price1: 5.0,
                quantity1: 20.0,
            },
            ProductPeriods {
                price0: 8.0,
                quantity0: 10.0,
                price1: 0.0,
                quantity1: 0.0,
            },
        ];
        let d = price_volume_mix(&prods).unwrap();
        // R0 = 1000 + 1000 + 80 = 2080, Q0 = 160, P̄0 = 13; R1 = 1320 + 760 + 100 = 2180, Q1 = 180.
        assert_eq!((d.revenue0, d.revenue1, d.total()), (2080.0, 2180.0, 100.0));
        // Volume (180 − 160)·13 = 260; price (11−10)·120 + (19−20)·40 + 0 = 80;
        // mix = (1200 + 800 + 100) − 180·13 = −240. 260 + 80 − 240 = 100.
        assert_eq!((d.volume, d.price, d.mix), (260.0, 80.0, -240.0));
        assert_eq!(d.volume + d.price + d.mix, d.total());
        // Same prices and mix, double the units: all volume.
        let doubled: Vec<ProductPeriods> = prods[..2]
            .iter()
            .map(|p| ProductPeriods {
                price1: p.price0,
                quantity1: 2.0 * p.quantity0,
                ..*p
            })
            .collect();
        let d = price_volume_mix(&doubled).unwrap();
        assert_eq!(
            (d.volume, d.price, d.mix, d.total()),
            (2000.0, 0.0, 0.0, 2000.0)
        );
        // Non-integer data: the sum matches to rounding (1e-12 relative).
        let odd = [
            ProductPeriods {
                price0: 3.17,
                quantity0: 41.3,
                price1: 3.29,
                quantity1: 38.9,
            },
            ProductPeriods {
                price0: 12.41,
                quantity0: 7.7,
                price1: 11.93,
                quantity1: 9.4,
            },
        ];
        let d = price_volume_mix(&odd).unwrap();
        close(d.volume + d.price + d.mix, d.total(), 1e-12, "sum");
        assert!(price_volume_mix(&[]).is_err());
    }

    #[test]
    fn ols_rejects_collinear_columns() {
        let rows: Vec<Vec<f64>> = (0..6)
            .map(|i| vec![1.0, f64::from(i), 2.0 * f64::from(i)])
            .collect();
        assert_eq!(
            ols(&rows, &[1.0, 2.0, 3.0, 5.0, 4.0, 6.0]).unwrap_err(),
            PricingError::Singular
        );
    }
}
