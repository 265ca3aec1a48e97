//! Changepoints in level and trend by PELT (Killick, Fearnhead & Eckley 2012, "Optimal detection
//! of changepoints with a linear computational cost", JASA 107:1590).
//!
//! Segment costs are Gaussian: −2 log-likelihood with a known noise variance σ², i.e. the
//! residual sum of squares divided by σ²,
//! - [`CostModel::Mean`]: a constant level per segment (changes in level);
//! - [`CostModel::Linear`]: a straight line per segment (changes in level and/or slope).
//!
//! σ is estimated robustly from the first differences, σ̂ = 1.4826 · MAD(Δx) / √2 (the usual
//! default of the changepoint literature, e.g. Fryzlewicz 2014 "Wild binary segmentation"), so a
//! few changes do not inflate it. The penalty is BIC-style, `(k + 1) · ln n` per changepoint,
//! where `k` is the number of parameters of a segment (1 for Mean, 2 for Linear) and the extra 1
//! counts the changepoint's location.
//!
//! [`detect`] is what the registry and the sales report use: it removes the robust seasonal
//! expectation's seasonal part, replaces anomalies and blanks by their expected value (so a
//! spike is not taken for two changes) and runs PELT with the Linear cost, with σ the larger of
//! the difference-based estimate and the robust SD of the anomaly residuals.

use crate::Error;
use crate::anomaly::{self, AnomalyOptions};

/// The segment model of [`pelt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostModel {
    /// A constant level per segment.
    Mean,
    /// A straight line (level and slope) per segment.
    Linear,
}

impl CostModel {
    fn params(self) -> f64 {
        match self {
            CostModel::Mean => 1.0,
            CostModel::Linear => 2.0,
        }
    }
}

/// Options of [`pelt`].
#[derive(Debug, Clone, PartialEq)]
pub struct PeltOptions {
    /// The segment model.
    pub model: CostModel,
    /// Minimum number of points in a segment (≥ 2 for Mean, ≥ 3 for Linear).
    pub min_segment: usize,
    /// Penalty per changepoint in units of −2 log-likelihood; `None` = `(k + 1) · ln n`.
    pub penalty: Option<f64>,
    /// Noise standard deviation; `None` = `1.4826 · MAD(Δx) / √2`.
    pub sigma: Option<f64>,
}

impl Default for PeltOptions {
    fn default() -> Self {
        PeltOptions {
            model: CostModel::Linear,
            min_segment: 5,
            penalty: None,
            sigma: None,
        }
    }
}

/// Prefix sums for O(1) segment costs.
struct Sums {
    s: Vec<[f64; 5]>, // Σ1·(t), Σt², Σx, Σx², Σt·x  (t = local index / n)
    model: CostModel,
}

impl Sums {
    fn new(x: &[f64], model: CostModel) -> Sums {
        let n = x.len().max(1) as f64;
        let mut s = Vec::with_capacity(x.len() + 1);
        let mut acc = [0.0; 5];
        s.push(acc);
        for (i, v) in x.iter().enumerate() {
            let t = i as f64 / n;
            acc[0] += t;
            acc[1] += t * t;
            acc[2] += v;
            acc[3] += v * v;
            acc[4] += t * v;
            s.push(acc);
        }
        Sums { s, model }
    }

    /// Residual sum of squares of the segment `a..b` (0-based, `b` exclusive).
    fn cost(&self, a: usize, b: usize) -> f64 {
        let (Some(lo), Some(hi)) = (self.s.get(a), self.s.get(b)) else {
            return f64::INFINITY;
        };
        let m = (b - a) as f64;
        let st = hi[0] - lo[0];
        let stt = hi[1] - lo[1];
        let sx = hi[2] - lo[2];
        let sxx = hi[3] - lo[3];
        let stx = hi[4] - lo[4];
        let sxx_c = sxx - sx * sx / m;
        let rss = match self.model {
            CostModel::Mean => sxx_c,
            CostModel::Linear => {
                let stt_c = stt - st * st / m;
                let stx_c = stx - st * sx / m;
                if stt_c > 0.0 {
                    sxx_c - stx_c * stx_c / stt_c
                } else {
                    sxx_c
                }
            }
        };
        rss.max(0.0)
    }
}

/// Robust noise SD from first differences: 1.4826 · MAD(Δx) / √2 (falls back to the mean
/// absolute deviation when the MAD is 0); `None` when the differences do not vary.
pub fn sigma_from_differences(x: &[f64]) -> Option<f64> {
    let d: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
    anomaly::robust_sd(&d).map(|s| s / std::f64::consts::SQRT_2)
}

/// PELT on a dense series: the 0-based indices where a new segment starts, in order.
///
/// Errors: `NotFinite` for a NaN/infinite value, `InvalidArgument` for a bad option,
/// `TooShort` with fewer than two minimum segments of data, `NoVariation` when σ cannot be
/// estimated (a constant series).
pub fn pelt(x: &[f64], opts: &PeltOptions) -> Result<Vec<usize>, Error> {
    if x.iter().any(|v| !v.is_finite()) {
        return Err(Error::NotFinite);
    }
    let min_needed = match opts.model {
        CostModel::Mean => 2,
        CostModel::Linear => 3,
    };
    if opts.min_segment < min_needed {
        return Err(Error::InvalidArgument(format!(
            "the minimum segment length must be at least {min_needed}"
        )));
    }
    let m = opts.min_segment;
    let n = x.len();
    if n < 2 * m {
        return Err(Error::TooShort {
            needed: 2 * m,
            got: n,
        });
    }
    let sigma = match opts.sigma {
        Some(s) if s.is_finite() && s > 0.0 => s,
        Some(s) => {
            return Err(Error::InvalidArgument(format!(
                "the noise SD must be positive, got {s}"
            )));
        }
        None => sigma_from_differences(x).ok_or(Error::NoVariation)?,
    };
    let beta = match opts.penalty {
        Some(p) if p.is_finite() && p >= 0.0 => p,
        Some(p) => {
            return Err(Error::InvalidArgument(format!(
                "the penalty must be a non-negative number, got {p}"
            )));
        }
        None => (opts.model.params() + 1.0) * (n as f64).ln(),
    };
    let centre = x.iter().sum::<f64>() / n as f64;
    let z: Vec<f64> = x.iter().map(|v| (v - centre) / sigma).collect();
    let sums = Sums::new(&z, opts.model);

    let mut f = vec![f64::INFINITY; n + 1];
    let mut last = vec![0usize; n + 1];
    if let Some(f0) = f.get_mut(0) {
        *f0 = -beta;
    }
    let mut cands: Vec<usize> = vec![0];
    for t in m..=n {
        if t >= 2 * m {
            cands.push(t - m);
        }
        let mut best = f64::INFINITY;
        let mut arg = 0;
        let mut costs = Vec::with_capacity(cands.len());
        for &s in &cands {
            let v = f.get(s).copied().unwrap_or(f64::INFINITY) + sums.cost(s, t);
            costs.push(v);
            if v + beta < best {
                best = v + beta;
                arg = s;
            }
        }
        if let (Some(ft), Some(lt)) = (f.get_mut(t), last.get_mut(t)) {
            *ft = best;
            *lt = arg;
        }
        // Pruning (K = 0 for RSS costs): a start that cannot beat the optimum now never will.
        let mut k = 0;
        cands.retain(|_| {
            let keep = costs.get(k).is_some_and(|c| *c <= best);
            k += 1;
            keep
        });
    }
    let mut cps = Vec::new();
    let mut t = n;
    while t > 0 {
        let s = last.get(t).copied().unwrap_or(0);
        if s == 0 || s >= t {
            break;
        }
        cps.push(s);
        t = s;
    }
    cps.reverse();
    Ok(cps)
}

/// Minimum number of present values for [`detect`].
pub const MIN_POINTS: usize = 10;

/// Changepoints in level and trend of a sales-like series with blanks (`None`) and seasonality
/// (`periods` as for [`anomaly::anomalies`]): the 0-based positions where a new segment starts.
///
/// Errors: `TooShort` below [`MIN_POINTS`] values, `NotFinite`, `NoVariation` for a constant
/// series.
pub fn detect(y: &[Option<f64>], periods: &[usize]) -> Result<Vec<usize>, Error> {
    let present: Vec<f64> = y.iter().flatten().copied().collect();
    if present.iter().any(|v| !v.is_finite()) {
        return Err(Error::NotFinite);
    }
    if present.len() < MIN_POINTS {
        return Err(Error::TooShort {
            needed: MIN_POINTS,
            got: present.len(),
        });
    }
    let first = present.first().copied().unwrap_or(0.0);
    if present.iter().all(|v| *v == first) {
        return Err(Error::NoVariation);
    }
    let exp = anomaly::robust_expectation(y, periods, false)?;
    let expected = exp.expected();
    // Anomalies (at the default sensitivity) and blanks are replaced by their expectation; a
    // noiseless series has no anomalies to replace.
    let (flags, resid_sd) = match anomaly::anomalies(
        y,
        &AnomalyOptions {
            periods: periods.to_vec(),
            ..Default::default()
        },
    ) {
        Ok(r) => (r.flag, Some(r.scale)),
        Err(Error::NoVariation) => (vec![Some(false); y.len()], None),
        Err(e) => return Err(e),
    };
    let x: Vec<f64> = y
        .iter()
        .enumerate()
        .map(|(t, v)| {
            let e = expected.get(t).copied().unwrap_or(0.0);
            let clean = match (v, flags.get(t)) {
                (Some(v), Some(Some(false))) => *v,
                _ => e,
            };
            clean - exp.seasonal.get(t).copied().unwrap_or(0.0)
        })
        .collect();
    let min_segment = match exp.period {
        Some(p) if p <= 14 => p.max(5),
        _ => 5,
    };
    // σ: the larger of the difference-based estimate and the robust SD of the anomaly
    // residuals (which a level or trend change does not inflate, since the running median
    // follows it); the larger one guards against series whose first differences are unusually
    // regular (anti-correlated noise), which would otherwise make every wiggle a change.
    let sigma = match (sigma_from_differences(&x), resid_sd) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let opts = PeltOptions {
        model: CostModel::Linear,
        min_segment,
        sigma,
        ..Default::default()
    };
    if x.len() < 2 * min_segment {
        return Ok(Vec::new());
    }
    match pelt(&x, &opts) {
        Err(Error::NoVariation) => Ok(Vec::new()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn noise(seed: u64, n: usize) -> Vec<f64> {
        crate::anomaly::tests::normal_noise(seed, n)
    }

    #[derive(Deserialize)]
    struct Nile {
        volume: Vec<f64>,
        breakpoint_start: usize,
    }

    #[test]
    fn nile_published_break() {
        // Annual Nile flow at Aswan 1871–1970 (statsmodels.datasets.nile, generated by
        // nile_changepoint.py). Published answer: one break in level after 1898 (Cobb 1978,
        // "The problem of the Nile", Biometrika 65:243; strucchange's
        // breakpoints(Nile ~ 1) gives observation 28), i.e. a new segment starts at 0-based 28.
        let data: Nile = serde_json::from_str(include_str!("nile_changepoint.json")).unwrap();
        for model in [CostModel::Mean, CostModel::Linear] {
            let cps = pelt(
                &data.volume,
                &PeltOptions {
                    model,
                    ..Default::default()
                },
            )
            .unwrap();
            assert_eq!(cps, vec![data.breakpoint_start], "{model:?}");
        }
        let y: Vec<Option<f64>> = data.volume.iter().copied().map(Some).collect();
        let cps = detect(&y, &[]).unwrap();
        assert_eq!(cps.len(), 1);
        assert!(cps[0].abs_diff(data.breakpoint_start) <= 1, "{cps:?}");
    }

    #[test]
    fn step_change_found_within_two() {
        let e = noise(21, 200);
        let x: Vec<f64> = (0..200)
            .map(|t| if t < 120 { 10.0 } else { 13.0 } + e[t])
            .collect();
        for model in [CostModel::Mean, CostModel::Linear] {
            let cps = pelt(
                &x,
                &PeltOptions {
                    model,
                    ..Default::default()
                },
            )
            .unwrap();
            assert_eq!(cps.len(), 1, "{model:?}: {cps:?}");
            assert!(cps[0].abs_diff(120) <= 2, "{cps:?}");
        }
    }

    #[test]
    fn slope_change_found() {
        // Continuous trend: flat until 150, then rising 0.1 per step (noise SD 1).
        let e = noise(22, 300);
        let x: Vec<f64> = (0..300)
            .map(|t| 50.0 + if t < 150 { 0.0 } else { 0.1 * (t - 150) as f64 } + e[t])
            .collect();
        let cps = pelt(&x, &PeltOptions::default()).unwrap();
        assert_eq!(cps.len(), 1, "{cps:?}");
        assert!(cps[0].abs_diff(150) <= 15, "{cps:?}");
    }

    #[test]
    fn stationary_noise_has_no_changepoint() {
        for seed in [1, 2, 3, 4, 5] {
            let x: Vec<f64> = noise(seed, 500).iter().map(|v| 100.0 + 5.0 * v).collect();
            for model in [CostModel::Mean, CostModel::Linear] {
                let cps = pelt(
                    &x,
                    &PeltOptions {
                        model,
                        ..Default::default()
                    },
                )
                .unwrap();
                assert!(cps.is_empty(), "seed {seed} {model:?}: {cps:?}");
            }
        }
    }

    #[test]
    fn seasonal_series_with_spike_and_shift() {
        // Weekly seasonality, a spike at 40 and a level shift at 100: only the shift is found.
        let e = noise(23, 182);
        let pattern = [0.0, 40.0, 60.0, 50.0, 80.0, 150.0, -120.0];
        let mut y: Vec<Option<f64>> = (0..182)
            .map(|t| {
                Some(1000.0 + pattern[t % 7] + 10.0 * e[t] + if t >= 100 { 200.0 } else { 0.0 })
            })
            .collect();
        y[40] = y[40].map(|v| v + 500.0);
        y[60] = None;
        let cps = detect(&y, &[7]).unwrap();
        assert_eq!(cps.len(), 1, "{cps:?}");
        assert!(cps[0].abs_diff(100) <= 2, "{cps:?}");
    }

    #[test]
    fn brute_force_agrees_with_pelt() {
        // PELT is exact: compare with an exhaustive optimal partition on a small series.
        let e = noise(24, 40);
        let x: Vec<f64> = (0..40)
            .map(|t| if (12..25).contains(&t) { 4.0 } else { 0.0 } + e[t])
            .collect();
        let opts = PeltOptions {
            model: CostModel::Mean,
            min_segment: 3,
            penalty: Some(6.0),
            sigma: Some(1.0),
        };
        let cps = pelt(&x, &opts).unwrap();
        let centre = x.iter().sum::<f64>() / 40.0;
        let z: Vec<f64> = x.iter().map(|v| v - centre).collect();
        let sums = Sums::new(&z, CostModel::Mean);
        // Optimal partitioning (Jackson et al. 2005), O(n²), no pruning.
        let mut f = vec![f64::INFINITY; 41];
        let mut last = vec![0; 41];
        f[0] = -6.0;
        for t in 3..=40 {
            for s in (0..=t - 3).filter(|&s| s == 0 || s >= 3) {
                let v = f[s] + sums.cost(s, t) + 6.0;
                if v < f[t] {
                    f[t] = v;
                    last[t] = s;
                }
            }
        }
        let mut want = Vec::new();
        let mut t = 40;
        while last[t] > 0 {
            want.push(last[t]);
            t = last[t];
        }
        want.reverse();
        assert_eq!(cps, want);
        assert!(!cps.is_empty());
    }

    #[test]
    fn errors() {
        assert!(matches!(
            pelt(&[1.0; 6], &PeltOptions::default()),
            Err(Error::TooShort { needed: 10, got: 6 })
        ));
        assert!(matches!(
            pelt(&[1.0; 20], &PeltOptions::default()),
            Err(Error::NoVariation)
        ));
        assert!(matches!(
            pelt(&[1.0, f64::INFINITY], &PeltOptions::default()),
            Err(Error::NotFinite)
        ));
        let bad = PeltOptions {
            min_segment: 1,
            ..Default::default()
        };
        assert!(matches!(
            pelt(&[0.0; 20], &bad),
            Err(Error::InvalidArgument(_))
        ));
        assert!(matches!(
            detect(&[Some(3.0); 30], &[]),
            Err(Error::NoVariation)
        ));
        assert!(matches!(
            detect(&[Some(3.0), None, Some(4.0)], &[]),
            Err(Error::TooShort { needed: 10, got: 2 })
        ));
    }
}
