//! Exponential smoothing state-space models (ETS) after Hyndman, Koehler, Ord & Snyder (2008),
//! *Forecasting with Exponential Smoothing*, with the semantics of R's `forecast::ets` and
//! statsforecast's `ets` / `AutoETS`.
//!
//! * All error {A, M} × trend {N, A, Ad, M, Md} × season {N, A, M} models ([`fit`]).
//! * Estimation by maximum likelihood: the criterion minimised is R's "lik",
//!   `n·log(SSE) + 2·Σlog|ŷ_t|` (the last term for multiplicative error only), i.e. −2·logL up to
//!   constants; the reported `log_likelihood` is −lik/2 exactly as R and statsforecast report it.
//!   Smoothing parameters and initial states are optimised jointly with statsforecast 2.1.1's
//!   procedure, reproduced step for step (see `optim`): R's `initparam` starting values and
//!   `initstate` initial states, a box-clamped dimension-adaptive Nelder–Mead (stop when the
//!   standard deviation of the simplex values is below 1e-4, at most 1000 iterations), box
//!   α ∈ [1e-4, 0.9999], β ∈ [1e-4, min(0.9999, α₀)], γ ∈ [1e-4, min(0.9999, 1 − α₀)],
//!   φ ∈ [0.8, 0.98] (α₀ the starting α), and, as statsforecast, no admissibility test in the
//!   objective. With the same data this gives statsforecast's estimates (e.g. ETS(A,A,A) on
//!   AirPassengers: the same α, β, γ and log-likelihood to 4 decimals). Note that this
//!   optimiser usually stops at the iteration cap on seasonal models, well short of the
//!   maximum likelihood: fidelity to statsforecast, not optimality, is the goal.
//! * [`auto_ets`] optimises all candidate models side by side: their Nelder–Mead runs advance in
//!   lockstep and each round's points are evaluated together by a vectorised filter (`batch`),
//!   with bit-for-bit the same values as the scalar filter.
//! * Information criteria count σ² as a parameter (R's `np = length(par) + 1`).
//! * [`auto_ets`] selects by AICc among the models R's `ets(restrict = TRUE)` would try.
//! * Forecasts with analytic prediction intervals (see [`EtsFit::forecast`]).
//!
//! Internally the series is divided by a power of two close to max|y| before fitting (exact, so
//! the optimiser takes the same steps as on the raw data; the likelihood only shifts by a
//! constant), which keeps huge or tiny values from overflowing.

mod batch;
mod filter;
mod forecast;
mod lanes;
mod normal;
mod optim;

use filter::{Kind, Smooth};
pub use forecast::Forecast;
pub use normal::{normal_cdf, normal_quantile};

/// Errors returned by this crate. No function panics on bad input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The series is too short for the requested (or any) model.
    #[error("series too short: need at least {needed} observations, got {got}")]
    TooShort {
        /// Minimum number of observations required.
        needed: usize,
        /// Number of observations given.
        got: usize,
    },
    /// The series contains NaN or infinite values.
    #[error("series contains NaN or infinite values")]
    NotFinite,
    /// A multiplicative component was requested for a series with zero or negative values.
    #[error("multiplicative components need strictly positive data")]
    NonPositive,
    /// No candidate model could be fitted.
    #[error("no admissible ETS model could be fitted")]
    NoAdmissibleModel,
    /// The interval level is not in (0, 1) or [1, 100).
    #[error("prediction interval level must be in (0, 1) or a percentage in [1, 100)")]
    InvalidLevel,
    /// The model specification is not usable (reason given).
    #[error("invalid model specification: {0}")]
    InvalidSpec(&'static str),
    /// The computation produced non-finite numbers (e.g. an exploding multiplicative trend).
    #[error("numerical failure: {0}")]
    NumericalFailure(&'static str),
}

/// Type of the error term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorType {
    /// Additive errors.
    Additive,
    /// Multiplicative (relative) errors.
    Multiplicative,
}

/// Type of the trend component (damping is a separate flag in [`ModelSpec`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrendType {
    /// No trend.
    None,
    /// Additive trend.
    Additive,
    /// Multiplicative trend.
    Multiplicative,
}

/// Type of the seasonal component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeasonType {
    /// No seasonality.
    None,
    /// Additive seasonality.
    Additive,
    /// Multiplicative seasonality.
    Multiplicative,
}

/// An ETS model specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ModelSpec {
    /// Error type.
    pub error: ErrorType,
    /// Trend type.
    pub trend: TrendType,
    /// Damped trend (ignored, and must be false, when `trend` is `None`).
    pub damped: bool,
    /// Season type.
    pub season: SeasonType,
    /// Seasonal period (ignored when `season` is `None`; must be in 2..=24 otherwise).
    pub period: usize,
}

impl ModelSpec {
    /// Name in Hyndman's notation, e.g. `"ETS(M,Ad,M)"`.
    pub fn name(&self) -> String {
        let e = match self.error {
            ErrorType::Additive => "A",
            ErrorType::Multiplicative => "M",
        };
        let t = match self.trend {
            TrendType::None => "N",
            TrendType::Additive => "A",
            TrendType::Multiplicative => "M",
        };
        let d = if self.damped && self.trend != TrendType::None {
            "d"
        } else {
            ""
        };
        let s = match self.season {
            SeasonType::None => "N",
            SeasonType::Additive => "A",
            SeasonType::Multiplicative => "M",
        };
        format!("ETS({e},{t}{d},{s})")
    }

    fn kind(&self) -> Kind {
        Kind {
            mult_error: self.error == ErrorType::Multiplicative,
            trend: self.trend,
            damped: self.damped && self.trend != TrendType::None,
            season: self.season,
            m: if self.season == SeasonType::None {
                1
            } else {
                self.period
            },
        }
    }

    /// R's `npars` used for the "too short" rule: alpha + l0, beta + b0, gamma + s, phi.
    fn short_npars(&self) -> usize {
        2 + if self.trend != TrendType::None { 2 } else { 0 }
            + if self.season != SeasonType::None {
                2
            } else {
                0
            }
            + usize::from(self.damped && self.trend != TrendType::None)
    }

    /// Number of estimated quantities (smoothing parameters + free initial states), without σ².
    fn n_free(&self) -> usize {
        let k = self.kind();
        1 + 2 * usize::from(k.trend != TrendType::None)
            + usize::from(k.damped)
            + if k.season != SeasonType::None {
                1 + (k.m - 1)
            } else {
                0
            }
            + 1
    }
}

/// Options for [`auto_ets`]. `None` means "try all allowed choices" (R's "Z").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AutoOptions {
    /// Seasonal period (1 = non-seasonal). Seasonal models are skipped when it is < 2, > 24 or
    /// not smaller than the series length.
    pub period: usize,
    /// Also try multiplicative trends (R's `allow.multiplicative.trend`, default false).
    pub allow_multiplicative_trend: bool,
    /// Restrict the error type.
    pub error: Option<ErrorType>,
    /// Restrict the trend type.
    pub trend: Option<TrendType>,
    /// Restrict damping.
    pub damped: Option<bool>,
    /// Restrict the season type.
    pub season: Option<SeasonType>,
}

impl Default for AutoOptions {
    fn default() -> Self {
        AutoOptions {
            period: 1,
            allow_multiplicative_trend: false,
            error: None,
            trend: None,
            damped: None,
            season: None,
        }
    }
}

/// Smoothing parameters (R's parametrisation: β is the book's α·β*, so 0 < β < α).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Level smoothing.
    pub alpha: f64,
    /// Trend smoothing (None without trend).
    pub beta: Option<f64>,
    /// Seasonal smoothing (None without season).
    pub gamma: Option<f64>,
    /// Damping (None when not damped).
    pub phi: Option<f64>,
}

/// A fitted ETS model.
#[derive(Debug, Clone, PartialEq)]
pub struct EtsFit {
    /// The model.
    pub spec: ModelSpec,
    /// Estimated smoothing parameters.
    pub params: Params,
    /// Initial level ℓ₀.
    pub initial_level: f64,
    /// Initial trend b₀ (a ratio for multiplicative trend).
    pub initial_trend: Option<f64>,
    /// Initial seasonal states in chronological order: `initial_seasons[j]` is the seasonal
    /// index applied to observation `j` (j < period). Empty without season.
    pub initial_seasons: Vec<f64>,
    /// Innovation variance: Σe²/(n − np), e the one-step innovations (relative errors for
    /// multiplicative error), np the parameter count including σ² (R's convention).
    pub sigma2: f64,
    /// Log-likelihood as reported by R / statsforecast: −(n·log(SSE) + 2·Σlog|ŷ|)/2.
    pub log_likelihood: f64,
    /// AIC = −2·logL + 2·np.
    pub aic: f64,
    /// AICc = AIC + 2·np·(np + 1)/(n − np − 1) (infinite when n − np − 1 <= 0).
    pub aicc: f64,
    /// BIC = −2·logL + log(n)·np.
    pub bic: f64,
    /// Mean squared one-step error on the data scale.
    pub mse: f64,
    /// One-step fitted values.
    pub fitted: Vec<f64>,
    /// y − fitted.
    pub residuals: Vec<f64>,
    /// Number of parameters including σ² (np).
    pub n_params: usize,
    /// Final level ℓ_n.
    pub final_level: f64,
    /// Final trend b_n.
    pub final_trend: Option<f64>,
    /// Last `period` seasonal states in chronological order; the forecast `h` steps ahead uses
    /// `final_seasons[(h - 1) % period]`.
    pub final_seasons: Vec<f64>,
}

fn check_data(y: &[f64]) -> Result<(), Error> {
    if y.is_empty() {
        return Err(Error::TooShort { needed: 1, got: 0 });
    }
    if y.iter().any(|v| !v.is_finite()) {
        return Err(Error::NotFinite);
    }
    Ok(())
}

fn validate_spec(spec: &ModelSpec, n: usize, positive: bool) -> Result<(), Error> {
    if spec.damped && spec.trend == TrendType::None {
        return Err(Error::InvalidSpec("damped needs a trend"));
    }
    if spec.season != SeasonType::None && !(2..=24).contains(&spec.period) {
        return Err(Error::InvalidSpec("seasonal period must be in 2..=24"));
    }
    let mult = spec.error == ErrorType::Multiplicative
        || spec.trend == TrendType::Multiplicative
        || spec.season == SeasonType::Multiplicative;
    if mult && !positive {
        return Err(Error::NonPositive);
    }
    let k = spec.kind();
    let needed =
        (spec.short_npars() + 5)
            .max(spec.n_free() + 2)
            .max(if k.season != SeasonType::None {
                (k.m + 1).max(4)
            } else {
                1
            });
    if n < needed {
        return Err(Error::TooShort { needed, got: n });
    }
    Ok(())
}

/// Scale used internally: the largest power of two not above max|y| (1 when all zero or
/// subnormal). A power of two makes the scaling exact, so the optimiser follows the same path as
/// on the raw data.
fn data_scale(y: &[f64]) -> f64 {
    let s = y.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    if !(s > 0.0 && s.is_finite()) {
        return 1.0;
    }
    let biased_exp = (s.to_bits() >> 52) & 0x7ff;
    if biased_exp == 0 {
        return 1.0;
    }
    f64::from_bits(biased_exp << 52)
}

/// Layout of the optimisation vector (statsforecast's): [alpha, beta?, gamma?, phi?, l0, b0?,
/// seasonal states m − 1 down to 1] (see [`Layout::states`]).
struct Layout {
    k: Kind,
    nsm: usize,
    has_b: bool,
    has_g: bool,
}

impl Layout {
    fn new(k: Kind) -> Self {
        let has_b = k.trend != TrendType::None;
        let has_g = k.season != SeasonType::None;
        Layout {
            k,
            nsm: 1 + usize::from(has_b) + usize::from(has_g) + usize::from(k.damped),
            has_b,
            has_g,
        }
    }

    fn smooth(&self, x: &[f64]) -> (Smooth, Option<f64>, Option<f64>, Option<f64>) {
        let mut i = 1;
        let alpha = x[0];
        let beta = self.has_b.then(|| {
            i += 1;
            x[i - 1]
        });
        let gamma = self.has_g.then(|| {
            i += 1;
            x[i - 1]
        });
        let phi = self.k.damped.then(|| x[i]);
        (
            Smooth {
                alpha,
                beta: beta.unwrap_or(0.0),
                gamma: gamma.unwrap_or(0.0),
                phi: phi.unwrap_or(1.0),
            },
            beta,
            gamma,
            phi,
        )
    }

    /// Writes the initial states encoded in x into (level, trend, seasons). The free seasonal
    /// states are stored most recent first, as statsforecast does: `x[start + i]` is the state
    /// used for observation `m - 1 - i`; the state of observation 0 follows from the
    /// normalisation (sum 0, or sum m when multiplicative).
    fn states(&self, x: &[f64], seas: &mut [f64]) -> (f64, f64) {
        let l0 = x[self.nsm];
        let b0 = if self.has_b { x[self.nsm + 1] } else { 0.0 };
        if self.has_g {
            let start = self.nsm + 1 + usize::from(self.has_b);
            let m = self.k.m;
            let mut sum = 0.0;
            for (i, v) in x[start..start + m - 1].iter().enumerate() {
                seas[m - 1 - i] = *v;
                sum += v;
            }
            seas[0] = if self.k.season == SeasonType::Multiplicative {
                m as f64 - sum
            } else {
                -sum
            };
        }
        (l0, b0)
    }
}

/// Fits one model on the (already scaled and validated) data with statsforecast's procedure:
/// R's `initparam` starting values, R's `initstate` initial states, box bounds
/// (α in [1e-4, 0.9999], β in [1e-4, min(0.9999, α₀)], γ in [1e-4, min(0.9999, 1 − α₀)],
/// φ in [0.8, 0.98], with α₀ the starting α), and the Nelder–Mead of [`optim::nelder_mead`]
/// (tolerance 1e-4 on the standard deviation of the simplex values, 1000 iterations). As in
/// statsforecast, the objective has no admissibility check; it is infinite only when a
/// multiplicative seasonal state is negative or the filter fails. `c` is the (power of two)
/// data scale: the zero perturbation of the initial states is 1e-4 on the original scale.
/// Returns the optimised vector and its objective.
fn optimise(ys: &[f64], spec: &ModelSpec, c: f64) -> Option<(Vec<f64>, f64)> {
    let pb = setup(ys, spec, c)?;
    let n = ys.len();
    let k = pb.k;
    let mut seas = vec![0.0; k.m.max(1)];
    let obj = |x: &[f64]| {
        let (sm, ..) = pb.lay.smooth(x);
        let (l0, b0) = pb.lay.states(x, &mut seas);
        if k.season == SeasonType::Multiplicative && seas.iter().any(|v| *v < 0.0) {
            return f64::INFINITY;
        }
        match filter::run(&k, &sm, l0, b0, &mut seas, ys, None) {
            Some(p) => p.lik(n, k.mult_error).max(-1e10),
            None => f64::INFINITY,
        }
    };
    let (x, v, _) = optim::nelder_mead(
        obj,
        &pb.x0,
        &pb.lower,
        &pb.upper,
        &pb.zero_pert,
        TOL,
        MAX_ITER,
    );
    v.is_finite().then_some((x, v))
}

/// statsforecast's Nelder–Mead settings for ETS: tolerance on the standard deviation of the
/// simplex values and iteration cap.
const TOL: f64 = 1e-4;
/// See [`TOL`].
const MAX_ITER: usize = 1000;

/// Starting point, box and zero perturbations of one model's optimisation.
struct Problem {
    k: Kind,
    lay: Layout,
    x0: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    zero_pert: Vec<f64>,
}

/// Builds the optimisation problem of [`optimise`].
fn setup(ys: &[f64], spec: &ModelSpec, c: f64) -> Option<Problem> {
    let k = spec.kind();
    let lay = Layout::new(k);
    let init = filter::initstate(ys, &k)?;
    let mf = k.m as f64;
    let [lo_a, lo_b, lo_g, lo_p] = optim::LOWER;
    let [hi_a, hi_b, hi_g, hi_p] = optim::UPPER;
    // R's / statsforecast's initparam
    let mut alpha = lo_a + 0.2 * (hi_a - lo_a) / mf;
    if !(0.0..=1.0).contains(&alpha) {
        alpha = lo_a + 2e-3;
    }
    let mut x0 = vec![alpha];
    let mut lower = vec![lo_a];
    let mut upper = vec![hi_a];
    if lay.has_b {
        let ub = hi_b.min(alpha);
        let mut beta = lo_b + 0.1 * (ub - lo_b);
        if beta < 0.0 || beta > alpha {
            beta = alpha - 1e-3;
        }
        x0.push(beta);
        lower.push(lo_b);
        upper.push(ub);
    }
    if lay.has_g {
        let ug = hi_g.min(1.0 - alpha);
        let mut gamma = lo_g + 0.05 * (ug - lo_g);
        if gamma < 0.0 || gamma > 1.0 - alpha {
            gamma = 1.0 - alpha - 1e-3;
        }
        x0.push(gamma);
        lower.push(lo_g);
        upper.push(ug);
    }
    if k.damped {
        let mut phi = lo_p + 0.99 * (hi_p - lo_p);
        if !(0.0..=1.0).contains(&phi) {
            phi = hi_p - 1e-3;
        }
        x0.push(phi);
        lower.push(lo_p);
        upper.push(hi_p);
    }
    let mut zero_pert = vec![1e-4; x0.len()];
    x0.push(init.level);
    if lay.has_b {
        x0.push(init.trend);
    }
    if lay.has_g {
        let m = k.m;
        for j in (1..m).rev() {
            x0.push(*init.seasons.get(j)?);
        }
    }
    while lower.len() < x0.len() {
        lower.push(f64::NEG_INFINITY);
        upper.push(f64::INFINITY);
        zero_pert.push(1e-4 / c);
    }
    Some(Problem {
        k,
        lay,
        x0,
        lower,
        upper,
        zero_pert,
    })
}

/// Optimises several models of the same (scaled) series side by side: their Nelder–Mead runs
/// advance in lockstep and the points they ask for are evaluated together by [`batch::Batch`]
/// (same values as the scalar filter, so the result of each model is the one [`optimise`] gives).
/// Models the batch does not support are optimised alone.
fn optimise_many(ys: &[f64], specs: &[ModelSpec], c: f64) -> Vec<Option<(Vec<f64>, f64)>> {
    let mut results: Vec<Option<(Vec<f64>, f64)>> = vec![None; specs.len()];
    let mut jobs: Vec<(usize, Problem, optim::NelderMead)> = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let k = spec.kind();
        if !batch::supports(&k) {
            results[i] = optimise(ys, spec, c);
            continue;
        }
        if let Some(pb) = setup(ys, spec, c) {
            let nm =
                optim::NelderMead::new(&pb.x0, &pb.lower, &pb.upper, &pb.zero_pert, TOL, MAX_ITER);
            jobs.push((i, pb, nm));
        }
    }
    let m = jobs.iter().map(|j| j.1.k.m).max().unwrap_or(1).max(1);
    let mut bt = batch::Batch::new(m);
    let mut seas = vec![0.0; m];
    let mut active: Vec<usize> = Vec::with_capacity(jobs.len());
    let mut out = [0.0; batch::LANES];
    loop {
        active.clear();
        active.extend((0..jobs.len()).filter(|&j| jobs[j].2.point().is_some()));
        if active.is_empty() {
            break;
        }
        for chunk in active.chunks(batch::LANES) {
            bt.clear();
            let mut reject = [false; batch::LANES];
            for (slot, &ji) in chunk.iter().enumerate() {
                let (_, pb, nm) = &jobs[ji];
                let mut lane = batch::Lane::default();
                if let Some(x) = nm.point() {
                    let km = pb.k.m.max(1);
                    let sz = &mut seas[..km];
                    sz.fill(0.0);
                    let (sm, ..) = pb.lay.smooth(x);
                    let (l0, b0) = pb.lay.states(x, sz);
                    let mult_season = pb.k.season == SeasonType::Multiplicative;
                    reject[slot] = mult_season && sz.iter().any(|v| *v < 0.0);
                    lane = batch::Lane {
                        mult_error: pb.k.mult_error,
                        mult_season,
                        alpha: sm.alpha,
                        ratio: if sm.alpha != 0.0 {
                            sm.beta / sm.alpha
                        } else {
                            0.0
                        },
                        gamma: sm.gamma,
                        phi: if pb.k.damped { sm.phi } else { 1.0 },
                        level: l0,
                        trend: b0,
                    };
                    if pb.k.season == SeasonType::None {
                        sz.fill(0.0);
                    }
                }
                let sz = &seas[..pb.k.m.max(1)];
                bt.push(
                    lane,
                    if pb.k.season == SeasonType::None {
                        &[]
                    } else {
                        sz
                    },
                );
            }
            bt.run(ys, &mut out);
            for (slot, &ji) in chunk.iter().enumerate() {
                let v = if reject[slot] {
                    f64::INFINITY
                } else {
                    out[slot]
                };
                jobs[ji].2.tell(v);
            }
        }
    }
    for (i, _, nm) in jobs {
        let (x, v, _) = nm.result();
        results[i] = v.is_finite().then_some((x, v));
    }
    results
}

/// Builds the full fit from a parameter vector on the scaled data, then rescales by `c`.
#[allow(clippy::too_many_arguments)]
fn assemble(
    y: &[f64],
    ys: &[f64],
    c: f64,
    spec: ModelSpec,
    smooth: Smooth,
    params: Params,
    l0s: f64,
    b0s: f64,
    seas0s: &[f64],
) -> Result<EtsFit, Error> {
    let k = spec.kind();
    let n = y.len();
    let mut seas = seas0s.to_vec();
    let mut fitted = vec![0.0; n];
    let mut innov = vec![0.0; n];
    let pass = filter::run(
        &k,
        &smooth,
        l0s,
        b0s,
        &mut seas,
        ys,
        Some((&mut fitted, &mut innov)),
    )
    .ok_or(Error::NumericalFailure("filter produced non-finite values"))?;
    let lik = pass.lik(n, k.mult_error) + 2.0 * n as f64 * c.ln();
    let np = spec.n_free() + 1;
    let nf = n as f64;
    let npf = np as f64;
    let aic = lik + 2.0 * npf;
    let aicc = if nf - npf - 1.0 > 0.0 {
        aic + 2.0 * npf * (npf + 1.0) / (nf - npf - 1.0)
    } else {
        f64::INFINITY
    };
    let bic = lik + nf.ln() * npf;
    let add_scale = |v: f64| v * c;
    for v in &mut fitted {
        *v *= c;
    }
    let residuals: Vec<f64> = y.iter().zip(&fitted).map(|(a, b)| a - b).collect();
    let sse_err: f64 = innov.iter().map(|e| e * e).sum();
    let sse_err = if k.mult_error {
        sse_err
    } else {
        sse_err * c * c
    };
    let sigma2 = if n > np {
        sse_err / (nf - npf)
    } else {
        sse_err / nf
    };
    let mse = residuals.iter().map(|r| r * r).sum::<f64>() / nf;
    let season_scale = |v: f64| {
        if k.season == SeasonType::Additive {
            v * c
        } else {
            v
        }
    };
    let trend_scale = |v: f64| {
        if k.trend == TrendType::Additive {
            v * c
        } else {
            v
        }
    };
    let m = k.m;
    let (initial_seasons, final_seasons) = if k.season != SeasonType::None {
        (
            seas0s.iter().map(|v| season_scale(*v)).collect(),
            (0..m)
                .map(|j| season_scale(seas[(n + j) % m]))
                .collect::<Vec<f64>>(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let has_b = k.trend != TrendType::None;
    let fit = EtsFit {
        spec,
        params,
        initial_level: add_scale(l0s),
        initial_trend: has_b.then(|| trend_scale(b0s)),
        initial_seasons,
        sigma2,
        log_likelihood: -0.5 * lik,
        aic,
        aicc,
        bic,
        mse,
        fitted,
        residuals,
        n_params: np,
        final_level: add_scale(pass.level),
        final_trend: has_b.then(|| trend_scale(pass.trend)),
        final_seasons,
    };
    if !(fit.log_likelihood.is_finite() && fit.final_level.is_finite()) {
        return Err(Error::NumericalFailure("non-finite likelihood or state"));
    }
    Ok(fit)
}

fn fit_scaled(y: &[f64], ys: &[f64], c: f64, spec: ModelSpec) -> Result<EtsFit, Error> {
    let opt = optimise(ys, &spec, c);
    fit_from_opt(y, ys, c, spec, opt)
}

/// Assembles the fit of `spec` from its optimised vector.
fn fit_from_opt(
    y: &[f64],
    ys: &[f64],
    c: f64,
    spec: ModelSpec,
    opt: Option<(Vec<f64>, f64)>,
) -> Result<EtsFit, Error> {
    let k = spec.kind();
    let lay = Layout::new(k);
    let (x, _) = opt.ok_or(Error::NoAdmissibleModel)?;
    let (sm, beta, gamma, phi) = lay.smooth(&x);
    let mut seas = vec![0.0; k.m.max(1)];
    let (l0, b0) = lay.states(&x, &mut seas);
    if k.season == SeasonType::None {
        seas.clear();
    }
    let params = Params {
        alpha: sm.alpha,
        beta,
        gamma,
        phi,
    };
    assemble(y, ys, c, spec, sm, params, l0, b0, &seas)
}

/// Fits one ETS model by maximum likelihood.
///
/// Any of the 30 combinations may be requested (no "restrict" rule here). Errors: empty or
/// non-finite data, multiplicative components on non-positive data, a seasonal period outside
/// 2..=24, too few observations (R's `n <= npars + 4` rule and more parameters than `n - 2`).
pub fn fit(y: &[f64], spec: ModelSpec) -> Result<EtsFit, Error> {
    check_data(y)?;
    let positive = y.iter().all(|v| *v > 0.0);
    validate_spec(&spec, y.len(), positive)?;
    let c = data_scale(y);
    let ys: Vec<f64> = y.iter().map(|v| v / c).collect();
    fit_scaled(y, &ys, c, spec)
}

/// Automatic model selection by AICc, as R's `ets(y, model = "ZZZ")` with its defaults
/// (`restrict = TRUE`, `allow.multiplicative.trend = FALSE` unless enabled in `opts`).
///
/// Candidates skip: damped without trend; additive error with a multiplicative trend or season;
/// M error with M trend and A season; multiplicative error or season unless the data are strictly
/// positive; seasonal models when the period is < 2, > 24 or >= n; models with
/// `n <= npars + 4` or with at least `n - 1` parameters. A constant series gets ETS(A,N,N) with
/// α = 0.9999 (as R and statsforecast do).
pub fn auto_ets(y: &[f64], opts: &AutoOptions) -> Result<EtsFit, Error> {
    check_data(y)?;
    let n = y.len();
    let c = data_scale(y);
    let ys: Vec<f64> = y.iter().map(|v| v / c).collect();
    if y.iter().all(|v| *v == y[0]) {
        let spec = ModelSpec {
            error: ErrorType::Additive,
            trend: TrendType::None,
            damped: false,
            season: SeasonType::None,
            period: 1,
        };
        let sm = Smooth {
            alpha: 0.9999,
            beta: 0.0,
            gamma: 0.0,
            phi: 1.0,
        };
        let params = Params {
            alpha: 0.9999,
            beta: None,
            gamma: None,
            phi: None,
        };
        return assemble(y, &ys, c, spec, sm, params, ys[0], 0.0, &[]);
    }
    let positive = y.iter().all(|v| *v > 0.0);
    let m = opts.period;
    let seasonal_ok = (2..=24).contains(&m) && n > m;
    if let Some(s) = opts.season
        && s != SeasonType::None
        && !(2..=24).contains(&m)
    {
        return Err(Error::InvalidSpec("seasonal period must be in 2..=24"));
    }
    let errors: Vec<ErrorType> = match opts.error {
        Some(e) => vec![e],
        None => vec![ErrorType::Additive, ErrorType::Multiplicative],
    };
    let trends: Vec<TrendType> = match opts.trend {
        Some(t) => vec![t],
        None if opts.allow_multiplicative_trend => vec![
            TrendType::None,
            TrendType::Additive,
            TrendType::Multiplicative,
        ],
        None => vec![TrendType::None, TrendType::Additive],
    };
    let seasons: Vec<SeasonType> = match opts.season {
        _ if !seasonal_ok => vec![SeasonType::None],
        Some(s) => vec![s],
        None => vec![
            SeasonType::None,
            SeasonType::Additive,
            SeasonType::Multiplicative,
        ],
    };
    let dampeds: Vec<bool> = match opts.damped {
        Some(d) => vec![d],
        None => vec![true, false],
    };
    let mut best: Option<EtsFit> = None;
    let mut candidates: Vec<ModelSpec> = Vec::new();
    let mut min_needed = usize::MAX;
    let mut tried = 0usize;
    for &e in &errors {
        for &t in &trends {
            for &s in &seasons {
                for &d in &dampeds {
                    if t == TrendType::None && d {
                        continue;
                    }
                    if e == ErrorType::Additive
                        && (t == TrendType::Multiplicative || s == SeasonType::Multiplicative)
                    {
                        continue;
                    }
                    if e == ErrorType::Multiplicative
                        && t == TrendType::Multiplicative
                        && s == SeasonType::Additive
                    {
                        continue;
                    }
                    let mult = e == ErrorType::Multiplicative
                        || t == TrendType::Multiplicative
                        || s == SeasonType::Multiplicative;
                    if mult && !positive {
                        continue;
                    }
                    let spec = ModelSpec {
                        error: e,
                        trend: t,
                        damped: d,
                        season: s,
                        period: if s == SeasonType::None { 1 } else { m },
                    };
                    if let Err(err) = validate_spec(&spec, n, positive) {
                        if let Error::TooShort { needed, .. } = err {
                            min_needed = min_needed.min(needed);
                        }
                        continue;
                    }
                    tried += 1;
                    if !candidates.contains(&spec) {
                        candidates.push(spec);
                    }
                }
            }
        }
    }
    let opts = optimise_many(&ys, &candidates, c);
    for (spec, opt) in candidates.iter().zip(opts) {
        if let Ok(f) = fit_from_opt(y, &ys, c, *spec, opt)
            && f.aicc.is_finite()
            && best.as_ref().is_none_or(|b| f.aicc < b.aicc)
        {
            best = Some(f);
        }
    }
    match best {
        Some(b) => Ok(b),
        None if tried == 0 && min_needed != usize::MAX => Err(Error::TooShort {
            needed: min_needed,
            got: n,
        }),
        None => Err(Error::NoAdmissibleModel),
    }
}

impl EtsFit {
    /// Rebuilds a fit from given smoothing parameters and initial states (no optimisation): runs
    /// the filter over `y` and computes fitted values, likelihood, criteria and σ² exactly as
    /// [`fit`] does. Useful to evaluate parameters estimated elsewhere (e.g. by R or
    /// statsforecast). `initial_seasons` is in chronological order (see the field doc) and must
    /// have `spec.period` values when the model is seasonal.
    pub fn from_parts(
        y: &[f64],
        spec: ModelSpec,
        params: Params,
        initial_level: f64,
        initial_trend: Option<f64>,
        initial_seasons: &[f64],
    ) -> Result<EtsFit, Error> {
        check_data(y)?;
        let positive = y.iter().all(|v| *v > 0.0);
        validate_spec(&spec, y.len(), positive)?;
        let k = spec.kind();
        if k.season != SeasonType::None && initial_seasons.len() != k.m {
            return Err(Error::InvalidSpec(
                "initial_seasons must have period values",
            ));
        }
        let c = 1.0;
        let sm = Smooth {
            alpha: params.alpha,
            beta: params.beta.unwrap_or(0.0),
            gamma: params.gamma.unwrap_or(0.0),
            phi: params.phi.unwrap_or(1.0),
        };
        let seas: Vec<f64> = if k.season == SeasonType::None {
            Vec::new()
        } else {
            initial_seasons.to_vec()
        };
        assemble(
            y,
            y,
            c,
            spec,
            sm,
            params,
            initial_level,
            initial_trend.unwrap_or(0.0),
            &seas,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tiny LCG for generated inputs (no RNG crate); shared with the other modules' tests.
    pub(crate) fn lcg(state: &mut u64) -> f64 {
        *state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (*state >> 11) as f64 / (1u64 << 53) as f64
    }

    fn opts(period: usize) -> AutoOptions {
        AutoOptions {
            period,
            ..Default::default()
        }
    }

    #[test]
    fn data_scale_is_exact_power_of_two() {
        assert_eq!(data_scale(&[3.0, -5.0]), 4.0);
        assert_eq!(data_scale(&[f64::MAX]), 2f64.powi(1023));
        assert_eq!(data_scale(&[1e-320]), 1.0);
        assert_eq!(data_scale(&[0.0]), 1.0);
        // near f64::MAX: must terminate without panicking (the result is not checked)
        let _ = auto_ets(
            &[
                1.7e308, 1.6e308, 1.65e308, 1.7e308, 1.62e308, 1.68e308, 1.6e308, 1.7e308,
                1.64e308, 1.66e308, 1.61e308, 1.69e308,
            ],
            &opts(1),
        );
    }

    #[test]
    fn names() {
        let s = ModelSpec {
            error: ErrorType::Multiplicative,
            trend: TrendType::Additive,
            damped: true,
            season: SeasonType::Multiplicative,
            period: 12,
        };
        assert_eq!(s.name(), "ETS(M,Ad,M)");
    }

    #[test]
    fn constant_series_gives_ann() {
        let y = vec![5.0; 40];
        let f = auto_ets(&y, &opts(12)).unwrap();
        assert_eq!(f.spec.name(), "ETS(A,N,N)");
        let fc = f.forecast(5, 0.95).unwrap();
        for v in fc.mean.iter().chain(&fc.lower).chain(&fc.upper) {
            assert!((v - 5.0).abs() < 1e-9);
        }
    }

    #[test]
    fn zeros_exclude_multiplicative() {
        let mut st = 7;
        let y: Vec<f64> = (0..60)
            .map(|t| if t % 5 == 0 { 0.0 } else { 10.0 + lcg(&mut st) })
            .collect();
        let f = auto_ets(&y, &opts(4)).unwrap();
        assert_eq!(f.spec.error, ErrorType::Additive);
        assert_ne!(f.spec.season, SeasonType::Multiplicative);
        let spec = ModelSpec {
            error: ErrorType::Multiplicative,
            trend: TrendType::None,
            damped: false,
            season: SeasonType::None,
            period: 1,
        };
        assert_eq!(fit(&y, spec), Err(Error::NonPositive));
    }

    #[test]
    fn bad_inputs_error_never_panic() {
        assert!(matches!(
            auto_ets(&[], &opts(1)),
            Err(Error::TooShort { .. })
        ));
        assert_eq!(
            auto_ets(&[1.0, f64::NAN, 2.0], &opts(1)),
            Err(Error::NotFinite)
        );
        assert_eq!(
            auto_ets(&[1.0, f64::INFINITY], &opts(1)),
            Err(Error::NotFinite)
        );
        for n in 0..8 {
            let y: Vec<f64> = (0..n).map(|i| 1.0 + i as f64 * 0.5).collect();
            let _ = auto_ets(&y, &opts(12));
        }
        let f = auto_ets(
            &[1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 5.0, 7.0, 6.0, 8.0],
            &opts(1),
        )
        .unwrap();
        assert!(f.forecast(3, 100.0).is_err());
        assert!(f.forecast(3, -0.5).is_err());
        assert!(f.forecast(3, 0.0).is_err());
        assert!(f.forecast(3, f64::NAN).is_err());
        assert!(f.forecast(0, 0.9).unwrap().mean.is_empty());
    }

    #[test]
    fn generated_series_never_panic_nor_nan() {
        let mut st = 42;
        for case in 0..60 {
            let n = 3 + (lcg(&mut st) * 80.0) as usize;
            let period = 1 + (lcg(&mut st) * 30.0) as usize; // often > n/2 and > 24
            let scale = match case % 4 {
                0 => 1.0,
                1 => 1e150,
                2 => 1e-150,
                _ => 1e6,
            };
            let y: Vec<f64> = (0..n)
                .map(|t| scale * (5.0 + (t % period.max(1)) as f64 + 3.0 * lcg(&mut st)))
                .collect();
            if let Ok(f) = auto_ets(&y, &opts(period)) {
                assert!(f.log_likelihood.is_finite(), "case {case}");
                if let Ok(fc) = f.forecast(2 * period.max(1), 0.9) {
                    for v in fc.mean.iter().chain(&fc.lower).chain(&fc.upper) {
                        assert!(!v.is_nan(), "case {case}");
                    }
                }
            }
            // every forced model too
            for e in [ErrorType::Additive, ErrorType::Multiplicative] {
                for t in [
                    TrendType::None,
                    TrendType::Additive,
                    TrendType::Multiplicative,
                ] {
                    for s in [
                        SeasonType::None,
                        SeasonType::Additive,
                        SeasonType::Multiplicative,
                    ] {
                        let spec = ModelSpec {
                            error: e,
                            trend: t,
                            damped: t != TrendType::None && case % 2 == 0,
                            season: s,
                            period,
                        };
                        if let Ok(f) = fit(&y, spec)
                            && let Ok(fc) = f.forecast(6, 0.8)
                        {
                            assert!(fc.lower.iter().chain(&fc.upper).all(|v| !v.is_nan()));
                        }
                    }
                }
            }
        }
    }
}
