//! Single-series anomaly scores against a robust seasonal expectation (SPEC §2.1).
//!
//! The expectation is a robust decomposition built only from medians, so the anomalies
//! themselves cannot drag it:
//!
//! 1. trend = centred running median of the series over a window `w` (two full seasons plus one
//!    point for short seasons, one season for long ones, 9 points without seasonality);
//! 2. seasonal = per-phase median of `y − trend`, centred so that its median over the phases is 0;
//! 3. steps 1–2 are repeated once on the deseasonalised series `y − seasonal`;
//! 4. expected = trend + seasonal, where in this last pass each present value is left out of its
//!    own running median and phase median (a prediction from its neighbours, so its residual is
//!    not shrunk by itself); residual = actual − expected;
//! 5. robust score = residual / σ̂ with σ̂ = 1.4826 · MAD(residuals).
//!
//! 1.4826 ≈ 1/Φ⁻¹(3/4) is the constant that makes the median absolute deviation a consistent
//! estimator of the standard deviation of a normal distribution (Rousseeuw & Croux 1993,
//! "Alternatives to the median absolute deviation", JASA 88:1273; also R's `mad()` default).
//! When more than half of the residuals are exactly equal (MAD = 0, e.g. a perfectly repeating
//! pattern) the scale falls back to 1.253314 · mean absolute deviation around the median
//! (√(π/2), the normal consistency constant of the mean absolute deviation; the same fallback as
//! Iglewicz & Hoaglin's modified z-score in IBM SPSS).
//!
//! A running median is unaffected by a single spike (and by runs shorter than half its window), a
//! level shift is preserved as a step (median filters are edge-preserving), and the MAD has a 50 %
//! breakdown point, so a big spike inflates neither the expectation nor the scale.
//!
//! Missing values (`None`) stay aligned: they get an expected value but no score and no flag.

use crate::Error;

/// Normal consistency constant of the MAD: 1/Φ⁻¹(0.75) (Rousseeuw & Croux 1993).
pub const MAD_TO_SD: f64 = 1.4826;

/// Normal consistency constant of the mean absolute deviation: √(π/2).
pub const MEAN_AD_TO_SD: f64 = 1.253_314;

/// Default sensitivity: three robust standard deviations.
pub const DEFAULT_SENSITIVITY: f64 = 3.0;

/// Options of [`anomalies`].
#[derive(Debug, Clone, PartialEq)]
pub struct AnomalyOptions {
    /// Candidate seasonal periods (e.g. from seasonality detection); the shortest one with at
    /// least two full seasons of data is used. Empty means no seasonality.
    pub periods: Vec<usize>,
    /// How many robust standard deviations make an anomaly (> 0).
    pub sensitivity: f64,
}

impl Default for AnomalyOptions {
    fn default() -> Self {
        AnomalyOptions {
            periods: Vec::new(),
            sensitivity: DEFAULT_SENSITIVITY,
        }
    }
}

/// Anomaly scores, aligned with the input.
#[derive(Debug, Clone, PartialEq)]
pub struct AnomalyResult {
    /// Expected value at every position (also where the value is missing).
    pub expected: Vec<f64>,
    /// Robust score `(actual − expected) / scale`; `None` where the value is missing.
    pub score: Vec<Option<f64>>,
    /// Whether `|score| ≥ sensitivity`; `None` where the value is missing.
    pub flag: Vec<Option<bool>>,
    /// The robust standard deviation of the residuals used as the scale.
    pub scale: f64,
    /// The seasonal period used, if any.
    pub period: Option<usize>,
}

/// A robust trend + seasonal decomposition (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct RobustExpectation {
    /// Running-median trend, one per position.
    pub trend: Vec<f64>,
    /// Seasonal component, one per position (zeros without seasonality).
    pub seasonal: Vec<f64>,
    /// The seasonal period used, if any.
    pub period: Option<usize>,
}

impl RobustExpectation {
    /// trend + seasonal at every position.
    pub fn expected(&self) -> Vec<f64> {
        self.trend
            .iter()
            .zip(&self.seasonal)
            .map(|(t, s)| t + s)
            .collect()
    }
}

/// Median of a slice (sorts a copy); `None` when empty.
pub fn median(x: &[f64]) -> Option<f64> {
    let mut v = x.to_vec();
    median_in_place(&mut v)
}

fn median_in_place(v: &mut [f64]) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    Some(median_sorted(v))
}

fn median_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    match (v.get(n / 2), n % 2) {
        (Some(hi), 1) => *hi,
        (Some(hi), _) => match v.get(n / 2 - 1) {
            Some(lo) => 0.5 * (lo + hi),
            None => *hi,
        },
        (None, _) => f64::NAN,
    }
}

/// Median absolute deviation from the median (raw, without the consistency constant).
pub fn mad(x: &[f64]) -> Option<f64> {
    let m = median(x)?;
    let mut dev: Vec<f64> = x.iter().map(|v| (v - m).abs()).collect();
    median_in_place(&mut dev)
}

/// Robust standard deviation: `1.4826 · MAD`, or `1.253314 · mean |x − median|` when the MAD is
/// 0; `None` when both are 0 (no variation) or `x` is empty.
pub fn robust_sd(x: &[f64]) -> Option<f64> {
    let m = median(x)?;
    let mut dev: Vec<f64> = x.iter().map(|v| (v - m).abs()).collect();
    let mean_ad = dev.iter().sum::<f64>() / dev.len() as f64;
    let mad = median_in_place(&mut dev)?;
    let s = if mad > 0.0 {
        MAD_TO_SD * mad
    } else {
        MEAN_AD_TO_SD * mean_ad
    };
    (s > 0.0 && s.is_finite()).then_some(s)
}

/// The running-median window for a seasonal period (odd).
fn window_for(period: Option<usize>) -> usize {
    match period {
        Some(p) if p <= 7 => 2 * p + 1,
        Some(p) => p | 1,
        None => 9,
    }
}

/// Median of a sorted slice without its element of rank `r`; `None` when nothing is left.
///
/// Known limitation: right next to an abrupt level shift a symmetric window holds as many values
/// of each level, so the expectation of the one or two points at the shift sits halfway between
/// the levels and they may be flagged. (Picking the middle value closer to the point instead
/// shrinks every residual and breaks the calibration of the scores, so it is not done.)
fn median_excluding(sorted: &[f64], r: usize) -> Option<f64> {
    let k = sorted.len().checked_sub(1)?;
    if k == 0 {
        return None;
    }
    // Element of rank i in the reduced array.
    let at = |i: usize| sorted.get(if i < r { i } else { i + 1 }).copied();
    if k % 2 == 1 {
        at(k / 2)
    } else {
        Some(0.5 * (at(k / 2 - 1)? + at(k / 2)?))
    }
}

/// Centred running median of the present values over `w` positions (clamped at the ends so the
/// window keeps its length). With `leave_one_out`, the value at `t` itself is left out of its own
/// window, so the expectation of a point is a prediction from its neighbours. Positions whose
/// window holds no value are interpolated from the nearest computed ones.
fn running_median(y: &[Option<f64>], w: usize, leave_one_out: bool) -> Vec<f64> {
    let n = y.len();
    let w = w.clamp(1, n.max(1));
    let h = w / 2;
    let mut sorted: Vec<f64> = Vec::with_capacity(w);
    let mut out: Vec<Option<f64>> = Vec::with_capacity(n);
    let (mut lo, mut hi) = (0usize, 0usize);
    let rank = |sorted: &[f64], v: &f64| sorted.partition_point(|x| x.total_cmp(v).is_lt());
    for t in 0..n {
        let start = t.saturating_sub(h).min(n - w);
        let end = start + w;
        while hi < end {
            if let Some(Some(v)) = y.get(hi) {
                let pos = rank(&sorted, v);
                sorted.insert(pos, *v);
            }
            hi += 1;
        }
        while lo < start {
            if let Some(Some(v)) = y.get(lo) {
                let pos = rank(&sorted, v);
                if pos < sorted.len() {
                    sorted.remove(pos);
                }
            }
            lo += 1;
        }
        let m = match (leave_one_out, y.get(t)) {
            (true, Some(Some(v))) => median_excluding(&sorted, rank(&sorted, v)),
            _ => (!sorted.is_empty()).then(|| median_sorted(&sorted)),
        };
        out.push(m);
    }
    fill_gaps(&out)
}

/// Linear interpolation over `None`s, constant extrapolation at the ends.
fn fill_gaps(x: &[Option<f64>]) -> Vec<f64> {
    let known: Vec<(usize, f64)> = x
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let mut out = Vec::with_capacity(x.len());
    let mut k = 0usize;
    for i in 0..x.len() {
        while known.get(k + 1).is_some_and(|(j, _)| *j <= i) {
            k += 1;
        }
        let v = match (known.get(k), known.get(k + 1)) {
            (Some(&(j0, v0)), Some(&(j1, v1))) if j0 < i => {
                v0 + (v1 - v0) * (i - j0) as f64 / (j1 - j0) as f64
            }
            (Some(&(_, v0)), _) => v0,
            (None, _) => 0.0,
        };
        out.push(v);
    }
    out
}

/// Per-phase medians of `d` (present values only), centred so their median is 0; with
/// `leave_one_out`, each present position gets the median of its phase without itself (the
/// full phase median when it is alone in its phase).
fn phase_medians(d: &[Option<f64>], p: usize, leave_one_out: bool) -> Vec<f64> {
    let mut buckets: Vec<Vec<(f64, usize)>> = vec![Vec::new(); p];
    for (t, v) in d.iter().enumerate() {
        if let (Some(v), Some(b)) = (v, buckets.get_mut(t % p)) {
            b.push((*v, t));
        }
    }
    let mut full = Vec::with_capacity(p);
    for b in &mut buckets {
        b.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
        let vals: Vec<f64> = b.iter().map(|x| x.0).collect();
        full.push(if vals.is_empty() {
            0.0
        } else {
            median_sorted(&vals)
        });
    }
    let centre = median(&full).unwrap_or(0.0);
    let mut out: Vec<f64> = (0..d.len())
        .map(|t| full.get(t % p).copied().unwrap_or(0.0) - centre)
        .collect();
    if leave_one_out {
        for b in &buckets {
            let vals: Vec<f64> = b.iter().map(|x| x.0).collect();
            for (r, (_, t)) in b.iter().enumerate() {
                if let (Some(m), Some(o)) = (median_excluding(&vals, r), out.get_mut(*t)) {
                    *o = m - centre;
                }
            }
        }
    }
    out
}

fn check_values(y: &[Option<f64>]) -> Result<usize, Error> {
    let mut present = 0;
    for v in y.iter().flatten() {
        if !v.is_finite() {
            return Err(Error::NotFinite);
        }
        present += 1;
    }
    Ok(present)
}

/// The shortest candidate period with at least two full seasons of present data.
fn choose_period(periods: &[usize], n: usize, present: usize) -> Option<usize> {
    periods
        .iter()
        .copied()
        .filter(|&p| p >= 2 && 2 * p <= n && 2 * p <= present)
        .min()
}

/// Minimum number of present values for [`robust_expectation`] and [`anomalies`].
pub const MIN_POINTS: usize = 5;

/// Robust trend + seasonal expectation of `y` (see the module docs). `periods` are candidate
/// seasonal periods; the shortest one with two full seasons of data is used.
///
/// With `leave_one_out`, each present value is left out of its own running median and phase
/// median, so its expectation is a prediction from the other values and its residual is not
/// shrunk towards 0 by itself (this keeps the robust scores calibrated: on Gaussian noise,
/// `|score| ≥ 3` happens about 0.27 % of the time).
pub fn robust_expectation(
    y: &[Option<f64>],
    periods: &[usize],
    leave_one_out: bool,
) -> Result<RobustExpectation, Error> {
    let present = check_values(y)?;
    if present < MIN_POINTS {
        return Err(Error::TooShort {
            needed: MIN_POINTS,
            got: present,
        });
    }
    let n = y.len();
    let period = choose_period(periods, n, present);
    let w = window_for(period);
    let Some(p) = period else {
        return Ok(RobustExpectation {
            trend: running_median(y, w, leave_one_out),
            seasonal: vec![0.0; n],
            period: None,
        });
    };
    let mut trend = running_median(y, w, false);
    let mut seasonal = vec![0.0; n];
    for pass in 0..2 {
        let last = pass == 1;
        let detrended: Vec<Option<f64>> = y
            .iter()
            .zip(&trend)
            .map(|(v, t)| v.map(|v| v - t))
            .collect();
        seasonal = phase_medians(&detrended, p, last && leave_one_out);
        let deseason: Vec<Option<f64>> = y
            .iter()
            .zip(&seasonal)
            .map(|(v, s)| v.map(|v| v - s))
            .collect();
        trend = running_median(&deseason, w, last && leave_one_out);
    }
    Ok(RobustExpectation {
        trend,
        seasonal,
        period: Some(p),
    })
}

/// Scores every value of `y` against its robust seasonal expectation and flags those with
/// `|score| ≥ sensitivity`.
///
/// Errors: `InvalidArgument` when the sensitivity is not a positive number, `NotFinite` for a
/// NaN or infinite value, `TooShort` with fewer than [`MIN_POINTS`] values, `NoVariation` when
/// the residuals have no spread at all (e.g. a constant series).
pub fn anomalies(y: &[Option<f64>], opts: &AnomalyOptions) -> Result<AnomalyResult, Error> {
    if !(opts.sensitivity.is_finite() && opts.sensitivity > 0.0) {
        return Err(Error::InvalidArgument(format!(
            "the sensitivity must be a positive number, got {}",
            opts.sensitivity
        )));
    }
    let exp = robust_expectation(y, &opts.periods, true)?;
    let expected = exp.expected();
    let residuals: Vec<Option<f64>> = y
        .iter()
        .zip(&expected)
        .map(|(v, e)| v.map(|v| v - e))
        .collect();
    let present: Vec<f64> = residuals.iter().flatten().copied().collect();
    let scale = robust_sd(&present).ok_or(Error::NoVariation)?;
    let score: Vec<Option<f64>> = residuals.iter().map(|r| r.map(|r| r / scale)).collect();
    let flag = score
        .iter()
        .map(|s| s.map(|s| s.abs() >= opts.sensitivity))
        .collect();
    Ok(AnomalyResult {
        expected,
        score,
        flag,
        scale,
        period: exp.period,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Deterministic standard-normal noise: SplitMix64 + Box–Muller (test-only generator).
    pub(crate) fn normal_noise(seed: u64, n: usize) -> Vec<f64> {
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| {
                let (u1, u2) = (next(), next());
                (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
            })
            .collect()
    }

    fn weekly(n: usize, seed: u64, sd: f64) -> Vec<f64> {
        let pattern = [0.0, 40.0, 60.0, 50.0, 80.0, 150.0, -120.0];
        let noise = normal_noise(seed, n);
        (0..n)
            .map(|t| 1000.0 + 0.5 * t as f64 + pattern[t % 7] + sd * noise[t])
            .collect()
    }

    #[test]
    fn hand_computed_mad() {
        // x = [1, 1, 2, 2, 4, 6, 9]: median 2; |x − 2| = [1, 1, 0, 0, 2, 4, 7] → median 1.
        // Robust SD = 1.4826 · 1 (by hand). R: mad(c(1,1,2,2,4,6,9)) = 1.4826.
        let x = [1.0, 1.0, 2.0, 2.0, 4.0, 6.0, 9.0];
        assert_eq!(median(&x), Some(2.0));
        assert_eq!(mad(&x), Some(1.0));
        assert!((robust_sd(&x).unwrap() - 1.4826).abs() < 1e-12);
        // Even count: [1, 2, 3, 4] median 2.5; deviations [1.5, .5, .5, 1.5] → MAD 1.
        assert_eq!(mad(&[4.0, 1.0, 3.0, 2.0]), Some(1.0));
        // MAD = 0 → mean-AD fallback: [5,5,5,5,9]: median 5, mean |dev| = 0.8 → 1.253314·0.8.
        let s = robust_sd(&[5.0, 5.0, 5.0, 5.0, 9.0]).unwrap();
        assert!((s - 1.253_314 * 0.8).abs() < 1e-12);
        assert_eq!(robust_sd(&[3.0, 3.0, 3.0]), None);
    }

    #[test]
    fn hand_computed_scores_without_seasonality() {
        // 11 points, window 9: the running median of a linear ramp is the ramp itself except
        // near the ends; a +50 spike at t = 5 leaves the median at 5.
        let mut y: Vec<Option<f64>> = (0..11).map(|t| Some(t as f64)).collect();
        y[5] = Some(55.0);
        let r = anomalies(&y, &AnomalyOptions::default()).unwrap();
        // Leave-one-out window of t = 5: [1, 2, 3, 4, 6, 7, 8, 9] → median (4 + 6) / 2 = 5.
        assert_eq!(r.expected[5], 5.0);
        assert_eq!(r.flag[5], Some(true));
        assert_eq!(r.flag.iter().filter(|f| **f == Some(true)).count(), 1);
    }

    #[test]
    fn injected_anomalies_are_all_found_without_false_positives() {
        // 26 weeks of weekly-seasonal data with N(0, 10²) noise (seed 7) and 6 injected
        // anomalies of ±8σ; recall must be 100 % and there must be no other flag.
        let mut y = weekly(182, 7, 10.0);
        let injected = [
            (20usize, 80.0),
            (45, -90.0),
            (46, 85.0),
            (100, 120.0),
            (150, -80.0),
            (181, 90.0),
        ];
        for (t, d) in injected {
            y[t] += d;
        }
        let y: Vec<Option<f64>> = y.into_iter().map(Some).collect();
        let opts = AnomalyOptions {
            periods: vec![7],
            ..Default::default()
        };
        let r = anomalies(&y, &opts).unwrap();
        assert_eq!(r.period, Some(7));
        let flagged: Vec<usize> = (0..y.len()).filter(|&t| r.flag[t] == Some(true)).collect();
        let want: Vec<usize> = injected.iter().map(|(t, _)| *t).collect();
        assert_eq!(flagged, want);
        // The scale stays close to the true noise SD (10) despite the spikes.
        assert!((r.scale - 10.0).abs() < 3.0, "scale {}", r.scale);
    }

    #[test]
    fn clean_data_has_no_false_positives() {
        // "Clean" = noise clipped at ±2.5 σ (seed 3, 2 years daily, weekly + yearly candidate
        // periods): no point deviates by 3 σ, so any flag at sensitivity 3 is a false positive.
        let noise = normal_noise(3, 730);
        let pattern = [0.0, 40.0, 60.0, 50.0, 80.0, 150.0, -120.0];
        let y: Vec<Option<f64>> = (0..730)
            .map(|t| {
                Some(1000.0 + 0.5 * t as f64 + pattern[t % 7] + 10.0 * noise[t].clamp(-2.5, 2.5))
            })
            .collect();
        let opts = AnomalyOptions {
            periods: vec![7, 365],
            ..Default::default()
        };
        let r = anomalies(&y, &opts).unwrap();
        assert_eq!(r.period, Some(7));
        assert_eq!(r.flag.iter().filter(|f| **f == Some(true)).count(), 0);
    }

    #[test]
    fn gaussian_scores_are_calibrated() {
        // Unclipped Gaussian noise flags |z| ≥ 3 with probability 0.27 % (≈ 2 of 730): allow
        // at most 0.6 %, and every flag must sit on a genuinely large noise draw (|e| ≥ 2.5 σ).
        for seed in [3u64, 7, 11] {
            let noise = normal_noise(seed, 730);
            let y: Vec<Option<f64>> = weekly(730, seed, 10.0).into_iter().map(Some).collect();
            let opts = AnomalyOptions {
                periods: vec![7],
                ..Default::default()
            };
            let r = anomalies(&y, &opts).unwrap();
            let flagged: Vec<usize> = (0..730).filter(|&t| r.flag[t] == Some(true)).collect();
            assert!(flagged.len() <= 4, "seed {seed}: {flagged:?}");
            assert!(
                flagged.iter().all(|&t| noise[t].abs() >= 2.5),
                "seed {seed}"
            );
            // The robust scale estimates the residual SD: noise SD 10 plus the expectation's own
            // error (a median of ~14 neighbours: SD ≈ 10·√(π/28) ≈ 3.3, so √(100 + 11) ≈ 10.5).
            assert!(
                (r.scale - 10.5).abs() < 1.0,
                "seed {seed}: scale {}",
                r.scale
            );
        }
    }

    #[test]
    fn a_huge_spike_inflates_neither_expectation_nor_scale() {
        let base: Vec<Option<f64>> = weekly(140, 5, 10.0).into_iter().map(Some).collect();
        let mut spiked = base.clone();
        spiked[70] = spiked[70].map(|v| v + 1.0e6);
        let opts = AnomalyOptions {
            periods: vec![7],
            ..Default::default()
        };
        let a = anomalies(&base, &opts).unwrap();
        let b = anomalies(&spiked, &opts).unwrap();
        assert!((a.scale - b.scale).abs() / a.scale < 0.05);
        let max_shift = a
            .expected
            .iter()
            .zip(&b.expected)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        assert!(max_shift < 10.0, "expectation moved by {max_shift}");
        assert!(b.score[70].unwrap() > 1000.0);
    }

    #[test]
    fn missing_values_stay_aligned() {
        let mut y: Vec<Option<f64>> = weekly(70, 9, 5.0).into_iter().map(Some).collect();
        y[0] = None;
        y[30] = None;
        y[31] = None;
        y[69] = None;
        let opts = AnomalyOptions {
            periods: vec![7],
            ..Default::default()
        };
        let r = anomalies(&y, &opts).unwrap();
        assert_eq!(r.expected.len(), 70);
        for t in [0, 30, 31, 69] {
            assert!(r.expected[t].is_finite());
            assert_eq!(r.score[t], None);
            assert_eq!(r.flag[t], None);
        }
        // The expectation at a gap is near the true value (level + 0.5 t + pattern).
        let truth = 1000.0 + 0.5 * 30.0 + [0.0, 40.0, 60.0, 50.0, 80.0, 150.0, -120.0][30 % 7];
        assert!((r.expected[30] - truth).abs() < 15.0);
    }

    #[test]
    fn level_shift_is_tracked_not_flagged() {
        let mut y = weekly(140, 13, 10.0);
        for v in y.iter_mut().skip(70) {
            *v += 300.0;
        }
        let y: Vec<Option<f64>> = y.into_iter().map(Some).collect();
        let opts = AnomalyOptions {
            periods: vec![7],
            ..Default::default()
        };
        let r = anomalies(&y, &opts).unwrap();
        let fp = r.flag.iter().filter(|f| **f == Some(true)).count();
        assert!(fp <= 2, "{fp} flags around a level shift");
    }

    #[test]
    fn errors() {
        let ok: Vec<Option<f64>> = (0..20).map(|t| Some(t as f64 % 3.0)).collect();
        let bad = AnomalyOptions {
            sensitivity: 0.0,
            ..Default::default()
        };
        assert!(matches!(
            anomalies(&ok, &bad),
            Err(Error::InvalidArgument(_))
        ));
        let short = [Some(1.0), None, Some(2.0), Some(3.0), None, Some(4.0)];
        assert!(matches!(
            anomalies(&short, &AnomalyOptions::default()),
            Err(Error::TooShort { needed: 5, got: 4 })
        ));
        let flat = vec![Some(2.0); 30];
        assert!(matches!(
            anomalies(&flat, &AnomalyOptions::default()),
            Err(Error::NoVariation)
        ));
        let nan = [Some(1.0), Some(f64::NAN), Some(1.0), Some(2.0), Some(3.0)];
        assert!(matches!(
            anomalies(&nan, &AnomalyOptions::default()),
            Err(Error::NotFinite)
        ));
        // A period longer than half the data is ignored rather than failing.
        let r = anomalies(
            &ok,
            &AnomalyOptions {
                periods: vec![12],
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(r.period, None);
    }

    #[test]
    fn ten_thousand_points_are_fast() {
        // The real budget (< 20 ms) is checked in release with `--ignored --nocapture`; here
        // only that it runs and flags the injected points.
        let mut y = weekly(10_000, 17, 10.0);
        y[5000] += 200.0;
        let y: Vec<Option<f64>> = y.into_iter().map(Some).collect();
        let opts = AnomalyOptions {
            periods: vec![7, 365],
            ..Default::default()
        };
        let r = anomalies(&y, &opts).unwrap();
        assert_eq!(r.flag[5000], Some(true));
    }
}
