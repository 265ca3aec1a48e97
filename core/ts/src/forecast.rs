//! Automatic forecasting with prediction intervals: AutoETS (`aism_ets`) for one season up to 24,
//! MSTL (the `stlrs` decomposition re-exported by `augurs-mstl`) with a non-seasonal AutoETS
//! trend model for several seasons or longer ones, and the naive and seasonal naive benchmarks.

use crate::Error;
use crate::seasonality::detect_periods;
use aism_ets::{AutoOptions, EtsFit, SeasonType, normal_quantile};
use augurs_mstl::stlrs::MstlParams;

/// Longest season the seasonal ETS models handle; longer ones go to MSTL.
pub const MAX_ETS_PERIOD: usize = 24;

/// From this many points (20 weeks), "auto" forecasts a series with a 7-step (day-of-week)
/// season with MSTL rather than seasonal ETS.
pub const MSTL_DAILY_MIN_POINTS: usize = 140;

/// How the seasonal period is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seasonality {
    /// Detect the periods ([`detect_periods`]).
    #[default]
    Auto,
    /// No seasonality.
    None,
    /// This period (≥ 2).
    Period(usize),
}

/// The forecasting method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// One period up to 24: seasonal AutoETS; several periods or a longer one: MSTL + ETS trend;
    /// no seasonality: non-seasonal AutoETS. Series too short for ETS get the naive method.
    #[default]
    Auto,
    /// AutoETS with the (strongest) period up to 24, non-seasonal otherwise.
    Ets,
    /// MSTL with every period, non-seasonal AutoETS on the seasonally adjusted series.
    Mstl,
    /// Random walk: the last value.
    Naive,
    /// The value one season earlier.
    SeasonalNaive,
}

/// Options of [`forecast`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastOptions {
    /// Number of steps ahead.
    pub horizon: usize,
    /// Seasonal period choice.
    pub seasonality: Seasonality,
    /// Coverage of the central prediction interval, in (0, 1).
    pub level: f64,
    /// Forecasting method.
    pub model: Method,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            horizon: 12,
            seasonality: Seasonality::Auto,
            level: 0.95,
            model: Method::Auto,
        }
    }
}

/// A forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastResult {
    /// Point forecasts for steps 1..=horizon.
    pub mean: Vec<f64>,
    /// Lower bounds of the prediction interval.
    pub lower: Vec<f64>,
    /// Upper bounds of the prediction interval.
    pub upper: Vec<f64>,
    /// The model used, e.g. `"ETS(M,Ad,M)"`, `"MSTL(7,365)+ETS(A,Ad,N)"`, `"Naive"`,
    /// `"SeasonalNaive(12)"`.
    pub method: String,
    /// The seasonal periods used (empty when none).
    pub periods: Vec<usize>,
    /// In-sample one-step fitted values, one per observation (the benchmarks repeat the
    /// observation where no earlier value exists).
    pub fitted: Vec<f64>,
}

/// Forecasts `y` (evenly spaced, oldest first) `opts.horizon` steps ahead.
///
/// # Errors
/// [`Error::TooShort`] (fewer than 2 points, or too few for the requested model),
/// [`Error::NotFinite`], [`Error::InvalidArgument`] (level outside (0, 1), period < 2, a season
/// the requested method cannot use), [`Error::Ets`], [`Error::Decomposition`].
pub fn forecast(y: &[f64], opts: &ForecastOptions) -> Result<ForecastResult, Error> {
    let n = y.len();
    if n < 2 {
        return Err(Error::TooShort { needed: 2, got: n });
    }
    if y.iter().any(|v| !v.is_finite()) {
        return Err(Error::NotFinite);
    }
    if !(opts.level > 0.0 && opts.level < 1.0) {
        return Err(Error::InvalidArgument(format!(
            "the interval level must be between 0 and 1 (exclusive), not {}",
            opts.level
        )));
    }
    let periods = match opts.seasonality {
        Seasonality::Auto => detect_periods(y),
        Seasonality::None => Vec::new(),
        Seasonality::Period(1) => Vec::new(),
        Seasonality::Period(p) if p >= 2 => vec![p],
        Seasonality::Period(p) => {
            return Err(Error::InvalidArgument(format!(
                "a seasonal period must be at least 2, not {p}"
            )));
        }
    };
    let h = opts.horizon;
    match opts.model {
        Method::Naive => naive(y, h, opts.level, 1),
        Method::SeasonalNaive => match periods.first() {
            Some(&p) => naive(y, h, opts.level, p),
            None => Err(Error::InvalidArgument(
                "the seasonal naive method needs a seasonal period, and none was detected; give one"
                    .to_string(),
            )),
        },
        Method::Ets => {
            if let Seasonality::Period(p) = opts.seasonality
                && p > MAX_ETS_PERIOD
            {
                return Err(Error::InvalidArgument(format!(
                    "ETS handles seasons up to {MAX_ETS_PERIOD} steps, not {p}; use MSTL"
                )));
            }
            let p = periods.iter().copied().find(|p| *p <= MAX_ETS_PERIOD);
            ets(y, h, opts.level, p)
        }
        Method::Mstl => {
            if periods.is_empty() {
                return Err(Error::InvalidArgument(
                    "MSTL needs a seasonal period, and none was detected; give one".to_string(),
                ));
            }
            mstl(y, h, opts.level, &periods)
        }
        Method::Auto => auto(y, h, opts.level, &periods),
    }
}

/// The automatic choice (see [`Method::Auto`]).
fn auto(y: &[f64], h: usize, level: f64, periods: &[usize]) -> Result<ForecastResult, Error> {
    let result = match periods {
        [] => ets(y, h, level, None),
        // Daily data with a day-of-week pattern and a long history is decomposed with MSTL and
        // its trend forecast by AutoETS, as for every high-frequency series (Hyndman &
        // Athanasopoulos, FPP3 §12.1; statsforecast's MSTL recipe): STL estimates the weekly
        // pattern robustly, and the search is an order of magnitude cheaper than seven seasonal
        // ETS states per model.
        [7] if y.len() >= MSTL_DAILY_MIN_POINTS => {
            mstl(y, h, level, periods).or_else(|_| ets(y, h, level, Some(7)))
        }
        [p] if *p <= MAX_ETS_PERIOD => {
            ets(y, h, level, Some(*p)).or_else(|_| ets(y, h, level, None))
        }
        _ => mstl(y, h, level, periods).or_else(|_| ets(y, h, level, None)),
    };
    match result {
        Err(Error::Ets(aism_ets::Error::TooShort { .. })) => naive(y, h, level, 1),
        other => other,
    }
}

/// Seasonal AutoETS with `period`, or non-seasonal AutoETS.
fn ets(y: &[f64], h: usize, level: f64, period: Option<usize>) -> Result<ForecastResult, Error> {
    let opts = AutoOptions {
        period: period.unwrap_or(1),
        ..AutoOptions::default()
    };
    let fit = aism_ets::auto_ets(y, &opts)?;
    let fc = fit.forecast(h, level)?;
    let periods = if fit.spec.season == SeasonType::None {
        Vec::new()
    } else {
        vec![fit.spec.period]
    };
    finish(ForecastResult {
        mean: fc.mean,
        lower: fc.lower,
        upper: fc.upper,
        method: fit.spec.name(),
        periods,
        fitted: fit.fitted,
    })
}

/// Rejects non-finite output (never hand NaN to a spreadsheet).
fn finish(r: ForecastResult) -> Result<ForecastResult, Error> {
    if r.mean
        .iter()
        .chain(&r.lower)
        .chain(&r.upper)
        .any(|v| !v.is_finite())
    {
        return Err(Error::NotFinite);
    }
    Ok(r)
}

/// Naive (`m = 1`) or seasonal naive forecasts with the random-walk intervals of Hyndman &
/// Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed.), §5.5: `σ̂_h = σ̂·√h` for
/// the naive method and `σ̂_h = σ̂·√(k + 1)`, `k = ⌊(h − 1)/m⌋`, for the seasonal naive method,
/// `σ̂²` the mean squared in-sample residual.
fn naive(y: &[f64], h: usize, level: f64, m: usize) -> Result<ForecastResult, Error> {
    let n = y.len();
    if n <= m {
        return Err(Error::TooShort {
            needed: m + 1,
            got: n,
        });
    }
    let resid: Vec<f64> = y.iter().skip(m).zip(y).map(|(a, b)| a - b).collect();
    let sigma = (resid.iter().map(|e| e * e).sum::<f64>() / resid.len() as f64).sqrt();
    let z = normal_quantile(0.5 + level / 2.0);
    let last = &y[n - m..];
    let mut mean = Vec::with_capacity(h);
    let mut lower = Vec::with_capacity(h);
    let mut upper = Vec::with_capacity(h);
    for i in 0..h {
        let f = last.get(i % m).copied().unwrap_or(0.0);
        let k = (i / m) as f64;
        let half = z * sigma * (k + 1.0).sqrt();
        mean.push(f);
        lower.push(f - half);
        upper.push(f + half);
    }
    let fitted = (0..n)
        .map(|t| {
            t.checked_sub(m)
                .and_then(|s| y.get(s))
                .or_else(|| y.get(t))
                .copied()
                .unwrap_or(0.0)
        })
        .collect();
    finish(ForecastResult {
        mean,
        lower,
        upper,
        method: if m == 1 {
            "Naive".to_string()
        } else {
            format!("SeasonalNaive({m})")
        },
        periods: if m == 1 { Vec::new() } else { vec![m] },
        fitted,
    })
}

/// MSTL decomposition (every period with at least two full cycles), then non-seasonal AutoETS on
/// the seasonally adjusted series (trend + remainder). The trend model's prediction intervals
/// therefore carry the remainder variance; the seasonal components are repeated from their last
/// cycle and added to the point forecast and both bounds.
fn mstl(y: &[f64], h: usize, level: f64, periods: &[usize]) -> Result<ForecastResult, Error> {
    let n = y.len();
    let mut ps: Vec<usize> = periods
        .iter()
        .copied()
        .filter(|p| *p >= 2 && 2 * p <= n)
        .collect();
    ps.sort_unstable();
    ps.dedup();
    if ps.is_empty() {
        let shortest = periods.iter().copied().min().unwrap_or(2).max(2);
        return Err(Error::TooShort {
            needed: 2 * shortest,
            got: n,
        });
    }
    // Standardise before the single-precision decomposition.
    let mu = y.iter().sum::<f64>() / n as f64;
    let sd = (y.iter().map(|v| (v - mu) * (v - mu)).sum::<f64>() / n as f64).sqrt();
    if sd <= 1e-12 * mu.abs().max(1.0) {
        return ets(y, h, level, None);
    }
    let z: Vec<f32> = y.iter().map(|v| ((v - mu) / sd) as f32).collect();
    let fit = MstlParams::new()
        .fit(&z, &ps)
        .map_err(|e| Error::Decomposition(e.to_string()))?;
    let seasonal: Vec<Vec<f64>> = fit
        .seasonal()
        .iter()
        .map(|c| c.iter().map(|v| f64::from(*v) * sd).collect())
        .collect();
    let adjusted: Vec<f64> = (0..n)
        .map(|t| {
            y.get(t).copied().unwrap_or(0.0)
                - seasonal
                    .iter()
                    .map(|c| c.get(t).copied().unwrap_or(0.0))
                    .sum::<f64>()
        })
        .collect();
    let trend_opts = AutoOptions {
        period: 1,
        season: Some(SeasonType::None),
        ..AutoOptions::default()
    };
    let trend: EtsFit = aism_ets::auto_ets(&adjusted, &trend_opts)?;
    let fc = trend.forecast(h, level)?;
    let season_ahead = |i: usize| -> f64 {
        ps.iter()
            .zip(&seasonal)
            .map(|(p, c)| c.get(n - p + i % p).copied().unwrap_or(0.0))
            .sum()
    };
    let add = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .enumerate()
            .map(|(i, x)| x + season_ahead(i))
            .collect()
    };
    let fitted = trend
        .fitted
        .iter()
        .enumerate()
        .map(|(t, f)| {
            f + seasonal
                .iter()
                .map(|c| c.get(t).copied().unwrap_or(0.0))
                .sum::<f64>()
        })
        .collect();
    let names: Vec<String> = ps.iter().map(usize::to_string).collect();
    finish(ForecastResult {
        mean: add(&fc.mean),
        lower: add(&fc.lower),
        upper: add(&fc.upper),
        method: format!("MSTL({})+{}", names.join(","), trend.spec.name()),
        periods: ps,
        fitted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seasonality::tests::{AIR_PASSENGERS, daily};

    use crate::test_util::{golden, vec_of};

    fn close(a: &[f64], b: &[f64], tol: f64) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!(
                (x - y).abs() <= tol * y.abs().max(1.0),
                "[{i}] {x} vs {y} (tol {tol})"
            );
        }
    }

    #[test]
    fn naive_and_seasonal_naive_match_statsforecast() {
        // statsforecast 2.1.1 Naive() / SeasonalNaive(12) on AirPassengers, level 95
        // (forecast_golden.py); tolerance 1e-9 relative.
        let g = golden();
        for (model, key) in [(Method::Naive, "naive"), (Method::SeasonalNaive, "snaive")] {
            let r = forecast(
                &AIR_PASSENGERS,
                &ForecastOptions {
                    horizon: 24,
                    seasonality: Seasonality::Period(12),
                    level: 0.95,
                    model,
                },
            )
            .unwrap();
            close(&r.mean, &vec_of(&g[key]["mean"]), 1e-9);
            close(&r.lower, &vec_of(&g[key]["lo95"]), 1e-9);
            close(&r.upper, &vec_of(&g[key]["hi95"]), 1e-9);
        }
    }

    #[test]
    fn auto_on_air_passengers_is_seasonal_ets() {
        // R's ets() chooses ETS(M,Ad,M) for AirPassengers (Hyndman & Athanasopoulos, FPP2 §7.6
        // uses it as the example of a damped multiplicative model); we only require a
        // multiplicative-season ETS with period 12 and sane intervals.
        let r = forecast(&AIR_PASSENGERS, &ForecastOptions::default()).unwrap();
        assert_eq!(r.periods, vec![12]);
        assert!(
            r.method.starts_with("ETS(") && r.method.ends_with(",M)"),
            "{}",
            r.method
        );
        assert_eq!(r.mean.len(), 12);
        assert_eq!(r.fitted.len(), 144);
        for i in 0..12 {
            assert!(r.lower[i] < r.mean[i] && r.mean[i] < r.upper[i]);
        }
        // The July peak is forecast above the November trough.
        assert!(r.mean[6] > r.mean[10] + 100.0);
    }

    #[test]
    fn weekly_and_yearly_daily_goes_to_mstl() {
        let y = daily(3 * 365, 20.0, 3.0, 7);
        let r = forecast(
            &y,
            &ForecastOptions {
                horizon: 30,
                ..ForecastOptions::default()
            },
        )
        .unwrap();
        assert_eq!(r.periods, vec![7, 365]);
        assert!(r.method.starts_with("MSTL(7,365)+ETS("), "{}", r.method);
        // Truth without noise for the next 30 days; the 95 % interval should cover nearly all.
        let week = [0.0, -8.0, -6.0, -4.0, 0.0, 10.0, 14.0];
        let mut covered = 0;
        for i in 0..30 {
            let t = (3 * 365 + i) as f64;
            let truth = 100.0
                + 0.02 * t
                + week[(3 * 365 + i) % 7]
                + 20.0 * (2.0 * std::f64::consts::PI * t / 365.25).sin();
            assert!(
                (r.mean[i] - truth).abs() < 8.0,
                "day {i}: {} vs {truth}",
                r.mean[i]
            );
            covered += usize::from(r.lower[i] <= truth && truth <= r.upper[i]);
            assert!(r.upper[i] - r.lower[i] < 40.0);
        }
        assert!(covered >= 28, "{covered}");
    }

    #[test]
    fn explicit_methods_and_fallbacks() {
        let y = daily(730, 0.0, 3.0, 3);
        let base = ForecastOptions {
            horizon: 14,
            ..ForecastOptions::default()
        };
        // Long daily series with a weekly pattern: MSTL (see `auto`); shorter: seasonal ETS.
        let r = forecast(&y, &base).unwrap();
        assert_eq!(r.periods, vec![7]);
        assert!(r.method.starts_with("MSTL(7)+ETS("), "{}", r.method);
        let r = forecast(&y[..MSTL_DAILY_MIN_POINTS - 1], &base).unwrap();
        assert!(
            r.method.starts_with("ETS(") && !r.method.ends_with(",N)"),
            "{}",
            r.method
        );
        let r = forecast(
            &y,
            &ForecastOptions {
                model: Method::Mstl,
                ..base
            },
        )
        .unwrap();
        assert!(r.method.starts_with("MSTL(7)+ETS("), "{}", r.method);
        let r = forecast(
            &y,
            &ForecastOptions {
                seasonality: Seasonality::None,
                ..base
            },
        )
        .unwrap();
        assert!(r.method.ends_with(",N)") && r.periods.is_empty());
        let r = forecast(
            &y,
            &ForecastOptions {
                seasonality: Seasonality::Period(30),
                model: Method::Auto,
                ..base
            },
        )
        .unwrap();
        assert!(r.method.starts_with("MSTL(30)+"), "{}", r.method);
        // Tiny series: naive.
        let r = forecast(&[1.0, 2.0, 3.0], &base).unwrap();
        assert_eq!(r.method, "Naive");
        // Constant series: flat forecast.
        let r = forecast(&[5.0; 40], &base).unwrap();
        assert!(r.mean.iter().all(|v| (v - 5.0).abs() < 1e-9));
    }

    #[test]
    fn errors() {
        let o = ForecastOptions::default();
        assert!(matches!(forecast(&[1.0], &o), Err(Error::TooShort { .. })));
        assert_eq!(forecast(&[1.0, f64::NAN], &o), Err(Error::NotFinite));
        assert!(matches!(
            forecast(&[1.0, 2.0, 3.0], &ForecastOptions { level: 1.0, ..o }),
            Err(Error::InvalidArgument(_))
        ));
        let noise: Vec<f64> = (0..50).map(|i| f64::from((i * 37) % 11)).collect();
        assert!(matches!(
            forecast(
                &noise,
                &ForecastOptions {
                    seasonality: Seasonality::None,
                    model: Method::SeasonalNaive,
                    ..o
                }
            ),
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            forecast(
                &noise,
                &ForecastOptions {
                    seasonality: Seasonality::Period(40),
                    model: Method::Mstl,
                    ..o
                }
            ),
            Err(Error::TooShort { needed: 80, .. })
        ));
        assert!(matches!(
            forecast(
                &noise,
                &ForecastOptions {
                    seasonality: Seasonality::Period(30),
                    model: Method::Ets,
                    ..o
                }
            ),
            Err(Error::InvalidArgument(_))
        ));
        let r = forecast(&noise, &ForecastOptions { horizon: 0, ..o }).unwrap();
        assert!(r.mean.is_empty());
    }
}
