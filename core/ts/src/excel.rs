//! Numerics of Excel's `FORECAST.ETS` family on a regularised series (see
//! [`crate::timeline::regularise`]).
//!
//! Microsoft documents that `FORECAST.ETS` uses "the AAA version of the Exponential Triple
//! Smoothing (ETS) algorithm" (additive error, additive trend, additive season), that
//! seasonality 1 means automatic detection, 0 none, and up to 8 760 may be given; the optimiser,
//! initialisation and detection rule are not published. Here:
//!
//! - the model is ETS(A,A,A) with the season length (ETS(A,A,N) without one), estimated by
//!   maximum likelihood with `aism_ets::fit` (statsforecast's `AutoETS(model="AAA")` estimates);
//! - automatic detection is [`crate::seasonality::excel_seasonality`];
//! - seasons longer than 24 steps (beyond the state-space optimiser) use a fixed seasonal pattern
//!   (γ = 0): classical seasonal indices (phase means around a centred moving average) are
//!   removed, ETS(A,A,N) is fitted to the adjusted series and the indices are added back;
//! - a target between two steps gets the linear interpolation of the forecasts on either side
//!   (the last observation stands for step 0);
//! - the `FORECAST.ETS.CONFINT` half-width is `z_{(1+c)/2}·σ_h`, `σ_h` the analytic h-step
//!   standard deviation of the additive model;
//! - `FORECAST.ETS.STAT` reports α, β (R's parametrisation, `0 < β < α`), γ (0 without a
//!   season), and MASE, SMAPE, MAE, RMSE of the one-step-ahead in-sample errors: MASE scales the
//!   MAE by the in-sample MAE of the (seasonal, when a season is used) naive forecast (Hyndman &
//!   Koehler 2006); SMAPE is the mean of `2|y − ŷ|/(|y| + |ŷ|)` as a fraction.

use crate::Error;
use crate::forecast::{MAX_ETS_PERIOD, Seasonality};
use crate::seasonality::{MAX_EXCEL_SEASONALITY, excel_seasonality};
use aism_ets::{ErrorType, EtsFit, ModelSpec, SeasonType, TrendType};

/// Fewest points `FORECAST.ETS` works with here (a linear trend needs a few more than two).
pub const MIN_POINTS: usize = 3;

/// A fitted Excel-style AAA model.
#[derive(Debug, Clone)]
pub struct ExcelEts {
    /// Season length used (0 when none).
    pub period: usize,
    /// Level smoothing α.
    pub alpha: f64,
    /// Trend smoothing β.
    pub beta: f64,
    /// Seasonal smoothing γ (0 without a season or for a fixed pattern).
    pub gamma: f64,
    /// One-step-ahead in-sample forecasts.
    pub fitted: Vec<f64>,
    /// The series the model was fitted to.
    pub y: Vec<f64>,
    fit: EtsFit,
    /// Fixed seasonal indices (periods above 24), in phase order of the series.
    fixed_season: Vec<f64>,
}

/// The statistics of `FORECAST.ETS.STAT` (types 1–7; type 8, the step, comes from the timeline).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Statistic {
    /// 1: α.
    Alpha,
    /// 2: β.
    Beta,
    /// 3: γ.
    Gamma,
    /// 4: mean absolute scaled error.
    Mase,
    /// 5: symmetric mean absolute percentage error (a fraction).
    Smape,
    /// 6: mean absolute error.
    Mae,
    /// 7: root mean squared error.
    Rmse,
}

impl Statistic {
    /// The statistic of Excel code 1–7 (`None` otherwise; 8 is the timeline's step).
    pub fn from_code(code: i64) -> Option<Statistic> {
        Some(match code {
            1 => Statistic::Alpha,
            2 => Statistic::Beta,
            3 => Statistic::Gamma,
            4 => Statistic::Mase,
            5 => Statistic::Smape,
            6 => Statistic::Mae,
            7 => Statistic::Rmse,
            _ => return None,
        })
    }
}

fn aaa(period: usize) -> ModelSpec {
    ModelSpec {
        error: ErrorType::Additive,
        trend: TrendType::Additive,
        damped: false,
        season: if period >= 2 {
            SeasonType::Additive
        } else {
            SeasonType::None
        },
        period: period.max(1),
    }
}

/// Classical seasonal indices of period `p` (centred moving-average detrending, phase means,
/// centred to zero); needs at least two full cycles.
fn classical_indices(y: &[f64], p: usize) -> Result<Vec<f64>, Error> {
    let n = y.len();
    let h = p / 2;
    if n < 2 * p + 2 * h {
        return Err(Error::TooShort {
            needed: 2 * p + 2 * h,
            got: n,
        });
    }
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0);
    let mut acc = 0.0;
    for v in y {
        acc += v;
        prefix.push(acc);
    }
    let s = |a: usize| prefix.get(a).copied().unwrap_or(0.0);
    let yv = |a: usize| y.get(a).copied().unwrap_or(0.0);
    let mut sums = vec![0.0; p];
    let mut counts = vec![0.0; p];
    for i in h..n - h {
        let trend = if p % 2 == 1 {
            (s(i + h + 1) - s(i - h)) / p as f64
        } else {
            (s(i + h) - s(i - h + 1) + 0.5 * (yv(i - h) + yv(i + h))) / p as f64
        };
        if let (Some(a), Some(c)) = (sums.get_mut(i % p), counts.get_mut(i % p)) {
            *a += yv(i) - trend;
            *c += 1.0;
        }
    }
    let means: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(a, c)| if *c > 0.0 { a / c } else { 0.0 })
        .collect();
    let centre = means.iter().sum::<f64>() / p as f64;
    Ok(means.iter().map(|m| m - centre).collect())
}

/// Fits the Excel-style AAA model to an evenly spaced series.
///
/// # Errors
/// [`Error::TooShort`] (fewer than [`MIN_POINTS`], or too few for the season),
/// [`Error::NotFinite`], [`Error::InvalidArgument`] (a period above 8 760 or of 1),
/// [`Error::Ets`] when the model cannot be fitted.
pub fn fit(y: &[f64], seasonality: Seasonality) -> Result<ExcelEts, Error> {
    if y.len() < MIN_POINTS {
        return Err(Error::TooShort {
            needed: MIN_POINTS,
            got: y.len(),
        });
    }
    if y.iter().any(|v| !v.is_finite()) {
        return Err(Error::NotFinite);
    }
    let period = match seasonality {
        Seasonality::Auto => excel_seasonality(y),
        Seasonality::None => 0,
        Seasonality::Period(p) if (2..=MAX_EXCEL_SEASONALITY).contains(&p) => p,
        Seasonality::Period(p) => {
            return Err(Error::InvalidArgument(format!(
                "the season length must be between 2 and {MAX_EXCEL_SEASONALITY}, not {p}"
            )));
        }
    };
    if period <= MAX_ETS_PERIOD {
        let fit = aism_ets::fit(y, aaa(period))?;
        return Ok(ExcelEts {
            period,
            alpha: fit.params.alpha,
            beta: fit.params.beta.unwrap_or(0.0),
            gamma: fit.params.gamma.unwrap_or(0.0),
            fitted: fit.fitted.clone(),
            y: y.to_vec(),
            fit,
            fixed_season: Vec::new(),
        });
    }
    let idx = classical_indices(y, period)?;
    let adjusted: Vec<f64> = y
        .iter()
        .enumerate()
        .map(|(t, v)| v - idx.get(t % period).copied().unwrap_or(0.0))
        .collect();
    let fit = aism_ets::fit(&adjusted, aaa(0))?;
    let fitted = fit
        .fitted
        .iter()
        .enumerate()
        .map(|(t, f)| f + idx.get(t % period).copied().unwrap_or(0.0))
        .collect();
    Ok(ExcelEts {
        period,
        alpha: fit.params.alpha,
        beta: fit.params.beta.unwrap_or(0.0),
        gamma: 0.0,
        fitted,
        y: y.to_vec(),
        fit,
        fixed_season: idx,
    })
}

impl ExcelEts {
    /// Point forecasts and 2-sided half-widths for whole steps `0..=steps` at `confidence`
    /// (step 0 is the last observation, half-width 0).
    fn steps(&self, steps: usize, confidence: f64) -> Result<(Vec<f64>, Vec<f64>), Error> {
        let fc = self.fit.forecast(steps, confidence)?;
        let n = self.y.len();
        let mut mean = vec![self.y.last().copied().unwrap_or(0.0)];
        let mut half = vec![0.0];
        for (i, ((m, lo), hi)) in fc.mean.iter().zip(&fc.lower).zip(&fc.upper).enumerate() {
            let s = if self.fixed_season.is_empty() {
                0.0
            } else {
                self.fixed_season
                    .get((n + i) % self.period.max(1))
                    .copied()
                    .unwrap_or(0.0)
            };
            mean.push(m + s);
            half.push((hi - lo) / 2.0);
        }
        if mean.iter().chain(&half).any(|v| !v.is_finite()) {
            return Err(Error::NotFinite);
        }
        Ok((mean, half))
    }

    /// Forecasts (and interval half-widths at `confidence`) at fractional step positions after
    /// the last observation (`k ≥ 0`; between whole steps, linear interpolation).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a negative or non-finite position, or a confidence outside
    /// (0, 1); [`Error::NotFinite`] when the model explodes.
    pub fn forecast_at(&self, ks: &[f64], confidence: f64) -> Result<Vec<(f64, f64)>, Error> {
        if !(confidence > 0.0 && confidence < 1.0) {
            return Err(Error::InvalidArgument(format!(
                "the confidence level must be between 0 and 1 (exclusive), not {confidence}"
            )));
        }
        let mut max_k = 0.0_f64;
        for k in ks {
            if !(k.is_finite() && *k >= 0.0) {
                return Err(Error::InvalidArgument(format!(
                    "a target must not lie before the end of the timeline (position {k})"
                )));
            }
            max_k = max_k.max(*k);
        }
        if max_k > 1e7 {
            return Err(Error::InvalidArgument(format!(
                "a target lies {max_k:.0} steps after the timeline; at most 10 000 000 are supported"
            )));
        }
        let steps = max_k.ceil() as usize;
        let (mean, half) = self.steps(steps.max(1), confidence)?;
        Ok(ks
            .iter()
            .map(|k| {
                let lo = k.floor() as usize;
                let w = k - k.floor();
                let at = |v: &[f64], i: usize| v.get(i).copied().unwrap_or(f64::NAN);
                if w == 0.0 {
                    (at(&mean, lo), at(&half, lo))
                } else {
                    (
                        at(&mean, lo) * (1.0 - w) + at(&mean, lo + 1) * w,
                        at(&half, lo) * (1.0 - w) + at(&half, lo + 1) * w,
                    )
                }
            })
            .collect())
    }

    /// One of the statistics 1–7 of `FORECAST.ETS.STAT` (see the module docs).
    pub fn statistic(&self, stat: Statistic) -> f64 {
        let errors: Vec<(f64, f64)> = self
            .y
            .iter()
            .zip(&self.fitted)
            .map(|(y, f)| (*y, *f))
            .collect();
        let n = errors.len().max(1) as f64;
        let mae = errors.iter().map(|(y, f)| (y - f).abs()).sum::<f64>() / n;
        match stat {
            Statistic::Alpha => self.alpha,
            Statistic::Beta => self.beta,
            Statistic::Gamma => self.gamma,
            Statistic::Mae => mae,
            Statistic::Rmse => {
                (errors.iter().map(|(y, f)| (y - f) * (y - f)).sum::<f64>() / n).sqrt()
            }
            Statistic::Smape => {
                let terms: Vec<f64> = errors
                    .iter()
                    .filter(|(y, f)| y.abs() + f.abs() > 0.0)
                    .map(|(y, f)| 2.0 * (y - f).abs() / (y.abs() + f.abs()))
                    .collect();
                if terms.is_empty() {
                    0.0
                } else {
                    terms.iter().sum::<f64>() / terms.len() as f64
                }
            }
            Statistic::Mase => {
                let m = if self.period >= 2 && self.period < self.y.len() {
                    self.period
                } else {
                    1
                };
                let naive: Vec<f64> = self
                    .y
                    .iter()
                    .skip(m)
                    .zip(&self.y)
                    .map(|(a, b)| (a - b).abs())
                    .collect();
                let scale = naive.iter().sum::<f64>() / naive.len().max(1) as f64;
                if scale > 0.0 { mae / scale } else { 0.0 }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seasonality::tests::AIR_PASSENGERS;

    use crate::test_util::{golden, vec_of};

    #[test]
    fn aaa_and_aan_match_statsforecast() {
        // statsforecast 2.1.1 AutoETS(model="AAA", season_length=12) and AutoETS(model="AAN")
        // on AirPassengers (forecast_golden.py). Tolerances: parameters 1e-4 absolute, forecasts
        // and 95 % half-widths 1e-4 relative (aism-ets reproduces statsforecast's optimiser).
        let g = golden();
        for (key, season) in [("aaa", Seasonality::Period(12)), ("aan", Seasonality::None)] {
            let m = fit(&AIR_PASSENGERS, season).unwrap();
            let gk = &g[key];
            assert!(
                (m.alpha - gk["alpha"].as_f64().unwrap()).abs() < 1e-4,
                "{key} alpha"
            );
            assert!(
                (m.beta - gk["beta"].as_f64().unwrap()).abs() < 1e-4,
                "{key} beta"
            );
            assert!(
                (m.gamma - gk["gamma"].as_f64().unwrap()).abs() < 1e-4,
                "{key} gamma"
            );
            let ks: Vec<f64> = (1..=12).map(f64::from).collect();
            let out = m.forecast_at(&ks, 0.95).unwrap();
            let (mean, lo, hi) = (
                vec_of(&gk["mean"]),
                vec_of(&gk["lo95"]),
                vec_of(&gk["hi95"]),
            );
            for i in 0..12 {
                let half = (hi[i] - lo[i]) / 2.0;
                assert!(
                    (out[i].0 - mean[i]).abs() < 1e-4 * mean[i].abs(),
                    "{key} mean {i}"
                );
                // statsforecast divides Σe² by one degree of freedom fewer than aism-ets for the
                // seasonal model (σ² 230.518 vs 228.70 = ×127/126), so half-widths differ by
                // 0.4 %; tolerance 5e-3 relative.
                assert!(
                    (out[i].1 - half).abs() < 5e-3 * half,
                    "{key} half {i}: {} vs {half}",
                    out[i].1
                );
            }
            let fitted = vec_of(&gk["fitted"]);
            for (a, b) in m.fitted.iter().zip(&fitted) {
                assert!((a - b).abs() < 1e-3 * b.abs());
            }
        }
    }

    #[test]
    fn statistics_from_one_step_errors() {
        let m = fit(&AIR_PASSENGERS, Seasonality::Period(12)).unwrap();
        let e: Vec<f64> = AIR_PASSENGERS
            .iter()
            .zip(&m.fitted)
            .map(|(y, f)| y - f)
            .collect();
        let mae = e.iter().map(|v| v.abs()).sum::<f64>() / 144.0;
        let rmse = (e.iter().map(|v| v * v).sum::<f64>() / 144.0).sqrt();
        assert!((m.statistic(Statistic::Mae) - mae).abs() < 1e-12);
        assert!((m.statistic(Statistic::Rmse) - rmse).abs() < 1e-12);
        // Seasonal-naive scale of AirPassengers: mean |y_t − y_{t−12}| = 32.0303... (computed
        // directly from the data; numpy gives 32.030303030...).
        let mase = m.statistic(Statistic::Mase);
        assert!((mase - mae / 32.030_303_030_303_03).abs() < 1e-9);
        let smape = m.statistic(Statistic::Smape);
        assert!(smape > 0.0 && smape < 0.1);
        assert_eq!(Statistic::from_code(8), None);
        assert_eq!(Statistic::from_code(1), Some(Statistic::Alpha));
    }

    #[test]
    fn interpolation_and_step_zero() {
        let y: Vec<f64> = (0..30).map(|t| 10.0 + 2.0 * f64::from(t)).collect();
        let m = fit(&y, Seasonality::None).unwrap();
        let out = m.forecast_at(&[0.0, 1.0, 1.5, 2.0], 0.95).unwrap();
        assert_eq!(out[0], (68.0, 0.0));
        // A perfect line is extrapolated.
        assert!((out[1].0 - 70.0).abs() < 1e-3);
        assert!((out[3].0 - 72.0).abs() < 1e-3);
        assert!((out[2].0 - (out[1].0 + out[3].0) / 2.0).abs() < 1e-9);
        assert!(matches!(
            m.forecast_at(&[-1.0], 0.95),
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            m.forecast_at(&[1.0], 1.0),
            Err(Error::InvalidArgument(_))
        ));
    }

    #[test]
    fn long_season_uses_fixed_pattern() {
        // Period 30 (beyond the state-space optimiser): a repeated pattern is reproduced.
        let pattern: Vec<f64> = (0..30).map(|i| f64::from((i * 7) % 30)).collect();
        let y: Vec<f64> = (0..150)
            .map(|t| 100.0 + pattern[t % 30] + 0.1 * t as f64)
            .collect();
        let m = fit(&y, Seasonality::Period(30)).unwrap();
        assert_eq!(m.period, 30);
        assert_eq!(m.gamma, 0.0);
        let out = m.forecast_at(&[1.0, 2.0], 0.95).unwrap();
        assert!(
            (out[0].0 - (100.0 + pattern[0] + 15.0)).abs() < 1.0,
            "{:?}",
            out[0]
        );
        assert!(
            (out[1].0 - (100.0 + pattern[1] + 15.1)).abs() < 1.0,
            "{:?}",
            out[1]
        );
        assert!(matches!(
            fit(&y[..60], Seasonality::Period(30)),
            Err(Error::TooShort { .. })
        ));
    }

    #[test]
    fn argument_errors() {
        assert!(matches!(
            fit(&[1.0, 2.0], Seasonality::None),
            Err(Error::TooShort { needed: 3, got: 2 })
        ));
        assert!(matches!(
            fit(&AIR_PASSENGERS, Seasonality::Period(8761)),
            Err(Error::InvalidArgument(_))
        ));
        // Auto detection on AirPassengers finds 12.
        assert_eq!(fit(&AIR_PASSENGERS, Seasonality::Auto).unwrap().period, 12);
    }
}
