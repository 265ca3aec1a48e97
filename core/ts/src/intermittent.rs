//! Intermittent demand: Syntetos–Boylan–Croston classification and the Croston, SBA and TSB
//! forecasts.
//!
//! The forecasts follow statsforecast 2.1.1 (`CrostonClassic`, `CrostonSBA`, `TSB`) exactly, so
//! that results agree with it to rounding (see `tests/golden/intermittent.py`):
//!
//! * **Simple exponential smoothing** of a sequence `x` with weight `α` starts its level at
//!   `x[0]`; the one-step value for position `i ≥ 1` is `α·x[i−1] + (1−α)·f[i−1]` (with
//!   `f[0] = x[0]`), the forecast is `α·x[n−1] + (1−α)·f[n−1]`, and the reported fitted value of
//!   position 0 is NaN (nothing precedes it). A one-element sequence forecasts its element.
//! * **Croston (classic)** smooths the non-zero demand sizes and the inter-demand intervals, both
//!   with `α = 0.1` (fixed, as statsforecast). The intervals are counted in periods between
//!   successive demands; the first one is counted from the start of the series (a first demand
//!   in period 3 gives an interval of 3). Forecast = smoothed size / smoothed interval.
//! * **SBA** multiplies the Croston forecast and fitted values by `1 − α/2 = 0.95`.
//! * **TSB** smooths the non-zero demand sizes with `alpha_d` and the demand indicator
//!   (1 when the period has demand, 0 otherwise) of every period with `alpha_p`. Forecast =
//!   smoothed probability × smoothed size.
//! * **Fitted values** are one-step-ahead values per period: position 0 is NaN; the size (and
//!   interval) estimates are updated only in the period after a demand and carried forward
//!   otherwise; before the first demand the size estimate is 0 and the interval estimate 1.
//!
//! A history with no demand at all forecasts 0 (statsforecast does the same), while the
//! classification needs at least two demand periods and reports an error otherwise.

use crate::Error;

/// Syntetos–Boylan–Croston (2005) cut-off for the average inter-demand interval.
pub const ADI_CUTOFF: f64 = 1.32;

/// Syntetos–Boylan–Croston (2005) cut-off for the squared coefficient of variation of the
/// demand sizes.
pub const CV2_CUTOFF: f64 = 0.49;

/// Smoothing weight of both components of Croston's method and SBA (fixed, as statsforecast).
pub const CROSTON_ALPHA: f64 = 0.1;

/// Demand pattern class of Syntetos, Boylan & Croston (2005).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandClass {
    /// Frequent demand (ADI ≤ 1.32) with stable sizes (CV² ≤ 0.49).
    Smooth,
    /// Frequent demand (ADI ≤ 1.32) with variable sizes (CV² > 0.49).
    Erratic,
    /// Infrequent demand (ADI > 1.32) with stable sizes (CV² ≤ 0.49).
    Intermittent,
    /// Infrequent demand (ADI > 1.32) with variable sizes (CV² > 0.49).
    Lumpy,
}

impl DemandClass {
    /// The lower-case English name: "smooth", "erratic", "intermittent" or "lumpy".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Smooth => "smooth",
            Self::Erratic => "erratic",
            Self::Intermittent => "intermittent",
            Self::Lumpy => "lumpy",
        }
    }
}

/// Result of [`classify_demand`].
#[derive(Debug, Clone, PartialEq)]
pub struct DemandClassification {
    /// Average inter-demand interval in periods (mean of the intervals between successive
    /// demands, the first counted from the start of the series; trailing zeros do not count).
    pub adi: f64,
    /// Squared coefficient of variation of the non-zero demand sizes (sample variance, n − 1).
    pub cv2: f64,
    /// Number of periods with demand.
    pub demand_periods: usize,
    /// The class given by the cut-offs [`ADI_CUTOFF`] and [`CV2_CUTOFF`].
    pub class: DemandClass,
}

/// A flat point forecast and the in-sample one-step-ahead values.
#[derive(Debug, Clone, PartialEq)]
pub struct IntermittentForecast {
    /// Demand per period for every future period (the forecast is flat).
    pub forecast: f64,
    /// One-step-ahead fitted value of every period of the history; position 0 is NaN.
    pub fitted: Vec<f64>,
}

/// Checks that the history is non-empty, finite and non-negative.
fn validate(demand: &[f64]) -> Result<(), Error> {
    if demand.is_empty() {
        return Err(Error::TooShort { needed: 1, got: 0 });
    }
    for (i, &v) in demand.iter().enumerate() {
        if !v.is_finite() {
            return Err(Error::InvalidArgument(format!(
                "demand history position {} is not a number; enter a number there (0 for a period without demand)",
                i + 1
            )));
        }
        if v < 0.0 {
            return Err(Error::InvalidArgument(format!(
                "demand history position {} is negative ({v}); demand cannot be negative, enter 0 or net returns out of the history",
                i + 1
            )));
        }
    }
    Ok(())
}

/// Classifies a demand history (one value per period, 0 for no demand) with the scheme of
/// Syntetos, Boylan & Croston (2005, *J. Oper. Res. Soc.* 56, 495–503).
///
/// ADI is the mean of the inter-demand intervals (the first counted from the start of the
/// series, the same intervals Croston's method smooths). CV² is the squared coefficient of
/// variation of the non-zero sizes using the **sample** variance (divisor n − 1): the paper
/// defines CV² as a property of the size distribution, which the unbiased sample variance
/// estimates, and it is the convention of the R package tsintermittent (`idclass`) and of the
/// sample standard deviation used elsewhere in the inventory functions (Excel's STDEV.S).
/// A value exactly at a cut-off belongs to the lower side (smooth / intermittent rows).
///
/// # Errors
/// [`Error::TooShort`] for an empty history; [`Error::InvalidArgument`] for a value that is not a
/// number or is negative (the message gives its 1-based position), and for a history with fewer
/// than two demand periods (the size variation cannot be measured).
pub fn classify_demand(demand: &[f64]) -> Result<DemandClassification, Error> {
    if demand.is_empty() {
        return Err(Error::TooShort { needed: 2, got: 0 });
    }
    validate(demand)?;
    let sizes: Vec<f64> = demand.iter().copied().filter(|&v| v > 0.0).collect();
    let n = sizes.len();
    if n == 0 {
        return Err(Error::InvalidArgument(
            "no period has demand (all values are 0); the demand class needs at least 2 periods with demand".into(),
        ));
    }
    if n == 1 {
        return Err(Error::InvalidArgument(
            "only 1 period has demand; the demand class needs at least 2 periods with demand, supply a longer history".into(),
        ));
    }
    let intervals = intervals(demand);
    let adi = intervals.iter().sum::<f64>() / intervals.len() as f64;
    let mean = sizes.iter().sum::<f64>() / n as f64;
    let var = sizes.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / (n - 1) as f64;
    let cv2 = var / (mean * mean);
    let class = match (adi > ADI_CUTOFF, cv2 > CV2_CUTOFF) {
        (false, false) => DemandClass::Smooth,
        (false, true) => DemandClass::Erratic,
        (true, false) => DemandClass::Intermittent,
        (true, true) => DemandClass::Lumpy,
    };
    Ok(DemandClassification {
        adi,
        cv2,
        demand_periods: n,
        class,
    })
}

/// Croston's method (classic): sizes and intervals smoothed with `α = 0.1`.
///
/// # Errors
/// [`Error::TooShort`] for an empty history; [`Error::InvalidArgument`] for a value that is not a
/// number or is negative. A history without demand is not an error: it forecasts 0.
pub fn croston(demand: &[f64]) -> Result<IntermittentForecast, Error> {
    validate(demand)?;
    Ok(croston_unchecked(demand))
}

/// Croston with the Syntetos–Boylan approximation: the Croston forecast and fitted values
/// multiplied by `1 − α/2` with `α = 0.1`, i.e. 0.95.
///
/// # Errors
/// As [`croston`].
pub fn sba(demand: &[f64]) -> Result<IntermittentForecast, Error> {
    validate(demand)?;
    let mut out = croston_unchecked(demand);
    let factor = 1.0 - CROSTON_ALPHA / 2.0;
    out.forecast *= factor;
    for f in &mut out.fitted {
        *f *= factor;
    }
    Ok(out)
}

/// Teunter–Syntetos–Babai: demand sizes smoothed with `alpha_d`, demand probability (the 0/1
/// indicator of every period) smoothed with `alpha_p`.
///
/// # Errors
/// [`Error::InvalidArgument`] if `alpha_d` or `alpha_p` is not in (0, 1], or for a history value
/// that is not a number or is negative; [`Error::TooShort`] for an empty history.
pub fn tsb(demand: &[f64], alpha_d: f64, alpha_p: f64) -> Result<IntermittentForecast, Error> {
    for (name, a) in [("alpha_d", alpha_d), ("alpha_p", alpha_p)] {
        if !(a > 0.0 && a <= 1.0) {
            return Err(Error::InvalidArgument(format!(
                "{name} is {a}; use a smoothing weight greater than 0 and at most 1 (e.g. 0.1)"
            )));
        }
    }
    validate(demand)?;
    if demand.iter().all(|&v| v == 0.0) {
        return Ok(no_demand(demand.len()));
    }
    let sizes: Vec<f64> = demand.iter().copied().filter(|&v| v > 0.0).collect();
    let indicator: Vec<f64> = demand
        .iter()
        .map(|&v| if v != 0.0 { 1.0 } else { 0.0 })
        .collect();
    let (p_fc, p_fit) = ses(&indicator, alpha_p);
    let (d_fc, d_fit) = ses(&sizes, alpha_d);
    let d_exp = expand(&d_fit, d_fc, demand, 0.0, false);
    let fitted = p_fit.iter().zip(&d_exp).map(|(p, d)| p * d).collect();
    Ok(IntermittentForecast {
        forecast: p_fc * d_fc,
        fitted,
    })
}

/// Croston on a validated history.
fn croston_unchecked(demand: &[f64]) -> IntermittentForecast {
    let sizes: Vec<f64> = demand.iter().copied().filter(|&v| v > 0.0).collect();
    if sizes.is_empty() {
        return no_demand(demand.len());
    }
    let (d_fc, d_fit) = ses(&sizes, CROSTON_ALPHA);
    let (i_fc, i_fit) = ses(&intervals(demand), CROSTON_ALPHA);
    let forecast = if i_fc != 0.0 { d_fc / i_fc } else { d_fc };
    let d_exp = expand(&d_fit, d_fc, demand, 0.0, false);
    let i_exp = expand(&i_fit, i_fc, demand, 1.0, true);
    let fitted = d_exp.iter().zip(&i_exp).map(|(d, i)| d / i).collect();
    IntermittentForecast { forecast, fitted }
}

/// Forecast of a history without demand: 0, fitted NaN then 0.
fn no_demand(n: usize) -> IntermittentForecast {
    let mut fitted = vec![0.0; n];
    if let Some(first) = fitted.first_mut() {
        *first = f64::NAN;
    }
    IntermittentForecast {
        forecast: 0.0,
        fitted,
    }
}

/// Intervals between successive non-zero periods, the first counted from the start.
fn intervals(demand: &[f64]) -> Vec<f64> {
    let mut out = Vec::new();
    let mut last = 0usize;
    for (i, &v) in demand.iter().enumerate() {
        if v != 0.0 {
            out.push((i + 1 - last) as f64);
            last = i + 1;
        }
    }
    out
}

/// Simple exponential smoothing with the level started at `x[0]`; returns the one-step forecast
/// and the fitted values (position 0 NaN). `x` must not be empty.
fn ses(x: &[f64], alpha: f64) -> (f64, Vec<f64>) {
    let Some(&first) = x.first() else {
        return (f64::NAN, Vec::new());
    };
    let mut fitted = Vec::with_capacity(x.len());
    fitted.push(first);
    let mut level = first;
    for &xi in &x[..x.len() - 1] {
        level = alpha * xi + (1.0 - alpha) * level;
        fitted.push(level);
    }
    let forecast = if x.len() == 1 {
        first
    } else {
        alpha * x[x.len() - 1] + (1.0 - alpha) * level
    };
    fitted[0] = f64::NAN;
    (forecast, fitted)
}

/// Spreads per-demand smoothed values over the periods of `demand`: the estimate changes in
/// the period after each demand and is carried forward otherwise; `before` is used before the
/// first demand. `zero_is_one` replaces an estimate of exactly 0 by 1 (intervals).
fn expand(fit: &[f64], fc: f64, demand: &[f64], before: f64, zero_is_one: bool) -> Vec<f64> {
    let mut out = Vec::with_capacity(demand.len());
    out.push(f64::NAN);
    let mut k = 0usize;
    let mut current = before;
    for w in demand.windows(2) {
        if w[0] != 0.0 {
            k += 1;
            let v = fit.get(k).copied().unwrap_or(fc);
            current = if zero_is_one && v == 0.0 { 1.0 } else { v };
        }
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn golden() -> Value {
        serde_json::from_str(include_str!("../tests/golden/intermittent_golden.json")).unwrap()
    }

    fn nums(v: &Value) -> Vec<f64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap_or(f64::NAN))
            .collect()
    }

    fn close(a: f64, b: f64, what: &str) {
        if a.is_nan() || b.is_nan() {
            assert!(a.is_nan() && b.is_nan(), "{what}: {a} vs {b}");
        } else {
            let tol = 1e-6 * b.abs().max(1e-12);
            assert!((a - b).abs() <= tol, "{what}: {a} vs {b}");
        }
    }

    fn check(name: &str, key: &str, got: &IntermittentForecast, exp: &Value) {
        let mean = nums(&exp["mean"]);
        assert_eq!(mean.len(), 3);
        for m in mean {
            close(got.forecast, m, &format!("{name} {key} forecast"));
        }
        let fitted = nums(&exp["fitted"]);
        assert_eq!(got.fitted.len(), fitted.len(), "{name} {key} fitted length");
        for (i, (a, b)) in got.fitted.iter().zip(&fitted).enumerate() {
            close(*a, *b, &format!("{name} {key} fitted[{i}]"));
        }
    }

    #[test]
    fn matches_statsforecast() {
        // statsforecast 2.1.1 CrostonClassic, CrostonSBA, TSB(0.2, 0.1) on 7 deterministic
        // series (tests/golden/intermittent.py); tolerance 1e-6 relative.
        let g = golden();
        let series = g.as_object().unwrap();
        assert!(series.len() >= 4);
        for (name, entry) in series {
            let y = nums(&entry["y"]);
            check(name, "croston", &croston(&y).unwrap(), &entry["croston"]);
            check(name, "sba", &sba(&y).unwrap(), &entry["sba"]);
            check(name, "tsb", &tsb(&y, 0.2, 0.1).unwrap(), &entry["tsb"]);
            if entry["class"].is_null() {
                assert!(classify_demand(&y).is_err(), "{name}");
            } else {
                let c = classify_demand(&y).unwrap();
                close(c.adi, entry["class"]["adi"].as_f64().unwrap(), name);
                close(c.cv2, entry["class"]["cv2"].as_f64().unwrap(), name);
            }
        }
    }

    #[test]
    fn golden_series_cover_all_classes() {
        let g = golden();
        let class = |k: &str| classify_demand(&nums(&g[k]["y"])).unwrap().class;
        assert_eq!(class("smooth_52"), DemandClass::Smooth);
        assert_eq!(class("erratic_48"), DemandClass::Erratic);
        assert_eq!(class("intermittent_60"), DemandClass::Intermittent);
        assert_eq!(class("lumpy_104"), DemandClass::Lumpy);
    }

    #[test]
    fn classification_by_hand() {
        // Demands 3, 5, 2 in periods 3, 7, 9: intervals 3, 4, 2 → ADI = 3.
        // Mean size 10/3; sample variance ((−1/3)² + (5/3)² + (−4/3)²)/2 = 7/3;
        // CV² = (7/3)/(100/9) = 0.21 → intermittent.
        let c = classify_demand(&[0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 5.0, 0.0, 2.0]).unwrap();
        assert!((c.adi - 3.0).abs() < 1e-12);
        assert!((c.cv2 - 0.21).abs() < 1e-12);
        assert_eq!(c.demand_periods, 3);
        assert_eq!(c.class, DemandClass::Intermittent);
        assert_eq!(c.class.as_str(), "intermittent");
        // Every period has demand, sizes 1 and 9: ADI 1; mean 5, var 32, CV² 1.28 → erratic.
        let c = classify_demand(&[1.0, 9.0]).unwrap();
        assert_eq!((c.adi, c.cv2, c.class), (1.0, 1.28, DemandClass::Erratic));
        // Sizes 1 and 9 every other period: ADI 2 → lumpy; sizes equal → intermittent/smooth.
        assert_eq!(
            classify_demand(&[0.0, 1.0, 0.0, 9.0]).unwrap().class,
            DemandClass::Lumpy
        );
        assert_eq!(
            classify_demand(&[4.0, 4.0, 4.0]).unwrap().class,
            DemandClass::Smooth
        );
    }

    #[test]
    fn croston_by_hand() {
        // Sizes 3, 5, 2 smoothed with 0.1: levels 3, 3, 3.2 → forecast 0.2 + 2.88 = 3.08.
        // Intervals 3, 4, 2: levels 3, 3, 3.1 → forecast 0.2 + 2.79 = 2.99.
        let y = [0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 5.0, 0.0, 2.0];
        let c = croston(&y).unwrap();
        assert!((c.forecast - 3.08 / 2.99).abs() < 1e-12);
        assert!(c.fitted[0].is_nan());
        assert_eq!(&c.fitted[1..7], &[0.0, 0.0, 1.0, 1.0, 1.0, 1.0]);
        assert!((c.fitted[7] - 3.2 / 3.1).abs() < 1e-12);
        let s = sba(&y).unwrap();
        assert!((s.forecast - 0.95 * 3.08 / 2.99).abs() < 1e-12);
    }

    #[test]
    fn no_demand_forecasts_zero() {
        for f in all_methods() {
            let r = f(&[0.0, 0.0, 0.0]).unwrap();
            assert_eq!(r.forecast, 0.0);
            assert!(r.fitted[0].is_nan());
            assert_eq!(&r.fitted[1..], &[0.0, 0.0]);
        }
    }

    type Method = fn(&[f64]) -> Result<IntermittentForecast, Error>;

    fn all_methods() -> [Method; 3] {
        [croston, sba, |y| tsb(y, 0.2, 0.1)]
    }

    fn message(e: Error) -> String {
        e.to_string()
    }

    #[test]
    fn errors() {
        assert_eq!(
            classify_demand(&[]),
            Err(Error::TooShort { needed: 2, got: 0 })
        );
        for f in all_methods() {
            assert_eq!(f(&[]), Err(Error::TooShort { needed: 1, got: 0 }));
            let m = message(f(&[1.0, f64::NAN]).unwrap_err());
            assert!(
                m.contains("position 2") && m.contains("enter a number"),
                "{m}"
            );
            let m = message(f(&[1.0, 2.0, -3.0]).unwrap_err());
            assert!(m.contains("position 3") && m.contains("negative"), "{m}");
        }
        let m = message(classify_demand(&[0.0, 0.0, 0.0]).unwrap_err());
        assert!(
            m.contains("all values are 0") && m.contains("at least 2"),
            "{m}"
        );
        let m = message(classify_demand(&[0.0, 5.0, 0.0]).unwrap_err());
        assert!(
            m.contains("only 1 period") && m.contains("longer history"),
            "{m}"
        );
        let m = message(classify_demand(&[0.0, f64::INFINITY]).unwrap_err());
        assert!(m.contains("position 2"), "{m}");
        let m = message(classify_demand(&[-1.0, 2.0]).unwrap_err());
        assert!(m.contains("position 1") && m.contains("negative"), "{m}");
        for (d, p) in [(0.0, 0.1), (0.2, 1.5), (f64::NAN, 0.1), (0.2, -0.1)] {
            let m = message(tsb(&[1.0, 0.0], d, p).unwrap_err());
            assert!(m.contains("greater than 0 and at most 1"), "{m}");
        }
    }
}
