//! The ETS recursions (Hyndman et al. 2008, table 2.2, written in terms of the observation as in
//! R's `etscalc`) and R's heuristic initial states (`initstate`).

use crate::{SeasonType, TrendType};

/// Compact description of a model for the inner loops.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Kind {
    pub mult_error: bool,
    pub trend: TrendType,
    pub damped: bool,
    pub season: SeasonType,
    /// Seasonal period (1 when `season` is `None`).
    pub m: usize,
}

/// Smoothing parameters in the inner loop form (beta = 0, gamma = 0, phi = 1 when absent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Smooth {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
}

/// Output of one pass of the filter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Pass {
    /// Sum of squared innovations (relative errors for multiplicative error).
    pub sse: f64,
    /// Σ log|ŷ_t| (multiplicative error only, else 0).
    pub sum_log: f64,
    /// Final level and trend.
    pub level: f64,
    pub trend: f64,
}

impl Pass {
    /// R's "lik" criterion: n·log(SSE) + 2·Σlog|ŷ| (= -2 logL up to constants).
    pub fn lik(&self, n: usize, mult_error: bool) -> f64 {
        let sse = self.sse.max(f64::MIN_POSITIVE);
        let mut lik = n as f64 * sse.ln();
        if mult_error {
            lik += 2.0 * self.sum_log;
        }
        lik
    }
}

/// Runs the filter over `y`. `seas` holds the `m` seasonal states in chronological order on
/// entry (`seas[j]` is used for observation `j`) and is updated in place as a ring buffer: on exit
/// `seas[t % m]` holds the seasonal state of time `t` for the last `m` times.
///
/// When `out` is given, `out.0[t]` receives the one-step fitted value and `out.1[t]` the
/// innovation (y - ŷ, or (y - ŷ)/ŷ for multiplicative error). Returns `None` when a forecast is not
/// finite or a division by (nearly) zero would occur. Allocation free.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    k: &Kind,
    p: &Smooth,
    level0: f64,
    trend0: f64,
    seas: &mut [f64],
    y: &[f64],
    mut out: Option<(&mut [f64], &mut [f64])>,
) -> Option<Pass> {
    const TINY: f64 = 1e-10;
    let m = k.m.max(1);
    if seas.len() < m && k.season != SeasonType::None {
        return None;
    }
    let ratio = if p.alpha != 0.0 {
        p.beta / p.alpha
    } else {
        0.0
    };
    let phi = if k.damped { p.phi } else { 1.0 };
    let (mut l, mut b) = (level0, trend0);
    let mut sse = 0.0;
    // Σ log|ŷ| kept as mantissa product × 2^exponent (no log in the loop)
    let mut prod = 1.0f64;
    let mut exp2: i64 = 0;
    let mut j = 0usize;
    for (t, &yt) in y.iter().enumerate() {
        let phib = match k.trend {
            TrendType::None => 0.0,
            TrendType::Additive => phi * b,
            TrendType::Multiplicative => {
                if k.damped {
                    b.powf(phi)
                } else {
                    b
                }
            }
        };
        let q = match k.trend {
            TrendType::None => l,
            TrendType::Additive => l + phib,
            TrendType::Multiplicative => l * phib,
        };
        let s = match k.season {
            SeasonType::None => 0.0,
            _ => *seas.get(j)?,
        };
        let f = match k.season {
            SeasonType::None => q,
            SeasonType::Additive => q + s,
            SeasonType::Multiplicative => q * s,
        };
        if !f.is_finite() {
            return None;
        }
        let e = if k.mult_error {
            if f.abs() < TINY {
                return None;
            }
            prod *= f.abs();
            // move the exponent out every 8 steps (exact, as in the batched filter)
            if t % 8 == 7 {
                let bits = prod.to_bits();
                exp2 += ((bits >> 52) & 0x7ff) as i64 - 1023;
                prod = f64::from_bits((bits & 0x800f_ffff_ffff_ffff) | (1023u64 << 52));
            }
            (yt - f) / f
        } else {
            yt - f
        };
        sse += e * e;
        if let Some((fit, err)) = out.as_mut() {
            if let Some(v) = fit.get_mut(t) {
                *v = f;
            }
            if let Some(v) = err.get_mut(t) {
                *v = e;
            }
        }
        let pv = match k.season {
            SeasonType::None => yt,
            SeasonType::Additive => yt - s,
            SeasonType::Multiplicative => {
                if s.abs() < TINY {
                    return None;
                }
                yt / s
            }
        };
        let lnew = q + p.alpha * (pv - q);
        match k.trend {
            TrendType::None => {}
            TrendType::Additive => b = phib + ratio * (lnew - l - phib),
            TrendType::Multiplicative => {
                if l.abs() < TINY {
                    return None;
                }
                b = phib + ratio * (lnew / l - phib);
            }
        }
        match k.season {
            SeasonType::None => {}
            SeasonType::Additive => {
                if let Some(v) = seas.get_mut(j) {
                    *v = s + p.gamma * (yt - q - s);
                }
            }
            SeasonType::Multiplicative => {
                if q.abs() < TINY {
                    return None;
                }
                if let Some(v) = seas.get_mut(j) {
                    *v = s + p.gamma * (yt / q - s);
                }
            }
        }
        l = lnew;
        j += 1;
        if j == m {
            j = 0;
        }
    }
    let sum_log = if k.mult_error {
        let bits = prod.to_bits();
        exp2 += ((bits >> 52) & 0x7ff) as i64 - 1023;
        prod = f64::from_bits((bits & 0x800f_ffff_ffff_ffff) | (1023u64 << 52));
        prod.ln() + exp2 as f64 * std::f64::consts::LN_2
    } else {
        0.0
    };
    if !(sse.is_finite() && sum_log.is_finite() && l.is_finite() && b.is_finite()) {
        return None;
    }
    Some(Pass {
        sse,
        sum_log,
        level: l,
        trend: b,
    })
}

/// Heuristic initial states: (level, trend, seasons in chronological order, length m).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Init {
    pub level: f64,
    pub trend: f64,
    pub seasons: Vec<f64>,
}

/// Solves the least-squares problem min ||X b - y|| (X given by columns) through the normal
/// equations with partial pivoting. Small problems only (<= 4 columns).
fn lstsq(cols: &[Vec<f64>], y: &[f64]) -> Option<Vec<f64>> {
    let p = cols.len();
    let mut a = vec![0.0; p * (p + 1)];
    for i in 0..p {
        for j in 0..p {
            a[i * (p + 1) + j] = cols[i].iter().zip(&cols[j]).map(|(u, v)| u * v).sum();
        }
        a[i * (p + 1) + p] = cols[i].iter().zip(y).map(|(u, v)| u * v).sum();
    }
    for c in 0..p {
        let piv = (c..p).max_by(|&r1, &r2| {
            a[r1 * (p + 1) + c]
                .abs()
                .total_cmp(&a[r2 * (p + 1) + c].abs())
        })?;
        if a[piv * (p + 1) + c].abs() < 1e-300 {
            return None;
        }
        for k in 0..=p {
            a.swap(c * (p + 1) + k, piv * (p + 1) + k);
        }
        for r in 0..p {
            if r != c {
                let fct = a[r * (p + 1) + c] / a[c * (p + 1) + c];
                for k in c..=p {
                    a[r * (p + 1) + k] -= fct * a[c * (p + 1) + k];
                }
            }
        }
    }
    let sol: Vec<f64> = (0..p)
        .map(|i| a[i * (p + 1) + p] / a[i * (p + 1) + i])
        .collect();
    sol.iter().all(|v| v.is_finite()).then_some(sol)
}

/// Classical decomposition seasonal figure (as R `decompose` / statsmodels `seasonal_decompose`):
/// centred moving average of order m (2×m when m is even), de-trended series, mean per season
/// position, normalised to sum 0 (additive) or mean 1 (multiplicative). Returns the figure
/// indexed by position (position 0 = first observation).
fn decompose_figure(y: &[f64], m: usize, mult: bool) -> Option<Vec<f64>> {
    let n = y.len();
    let half = m / 2;
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for t in half..n.saturating_sub(half) {
        let trend = if m.is_multiple_of(2) {
            let mut s = 0.5 * (y[t - half] + y[t + half]);
            for v in &y[t + 1 - half..t + half] {
                s += v;
            }
            s / m as f64
        } else {
            y[t - half..=t + half].iter().sum::<f64>() / m as f64
        };
        let d = if mult { y[t] / trend } else { y[t] - trend };
        if d.is_finite() {
            sums[t % m] += d;
            counts[t % m] += 1;
        }
    }
    let mut fig = Vec::with_capacity(m);
    for i in 0..m {
        if counts[i] == 0 {
            return None;
        }
        fig.push(sums[i] / counts[i] as f64);
    }
    let mean = fig.iter().sum::<f64>() / m as f64;
    for v in &mut fig {
        if mult {
            *v /= mean;
        } else {
            *v -= mean;
        }
    }
    fig.iter().all(|v| v.is_finite()).then_some(fig)
}

/// R's `initstate`: seasonal part from a classical decomposition (or a trend + first Fourier pair
/// regression when n < 3m), level/trend from a regression on the first max(10, 2m) seasonally
/// adjusted points.
pub(crate) fn initstate(y: &[f64], k: &Kind) -> Option<Init> {
    let n = y.len();
    let m = k.m;
    let mut seasons = Vec::new();
    let mut y_sa: Vec<f64> = y.to_vec();
    if k.season != SeasonType::None {
        if n < 4 || m < 2 {
            return None;
        }
        let mult = k.season == SeasonType::Multiplicative;
        // seasonal value at each time t (only 1..m used) and the full seasonal series for y_sa.
        let seasonal: Vec<f64> = if n < 3 * m {
            let t: Vec<f64> = (1..=n).map(|i| i as f64).collect();
            let w = 2.0 * std::f64::consts::PI / m as f64;
            let mut cols = vec![vec![1.0; n], t.clone()];
            if m > 2 {
                cols.push(t.iter().map(|ti| (w * ti).sin()).collect());
            }
            cols.push(t.iter().map(|ti| (w * ti).cos()).collect());
            let c = lstsq(&cols, y)?;
            t.iter()
                .zip(y)
                .map(|(ti, yi)| {
                    let tr = c[0] + c[1] * ti;
                    if mult { yi / tr } else { yi - tr }
                })
                .collect()
        } else {
            let fig = decompose_figure(y, m, mult)?;
            (0..n).map(|t| fig[t % m]).collect()
        };
        // R: init.seas = rev(seasonal[2:m]); the oldest state (used for observation 0) is
        // then set by the normalisation constraint.
        seasons = vec![0.0; m];
        seasons[1..m].copy_from_slice(&seasonal[1..m]);
        if mult {
            for v in &mut seasons[1..] {
                *v = v.max(1e-2);
            }
            let sum: f64 = seasons[1..].iter().sum();
            if sum > m as f64 {
                let denom: f64 = seasons[1..].iter().map(|v| v + 1e-2).sum();
                for v in &mut seasons[1..] {
                    *v /= denom;
                }
            }
            for (v, s) in y_sa.iter_mut().zip(&seasonal) {
                *v /= s.max(1e-2);
            }
            seasons[0] = m as f64 - seasons[1..].iter().sum::<f64>();
        } else {
            for (v, s) in y_sa.iter_mut().zip(&seasonal) {
                *v -= s;
            }
            seasons[0] = -seasons[1..].iter().sum::<f64>();
        }
    }
    let mm = if k.season == SeasonType::None { 1 } else { m };
    let maxn = 10usize.max(2 * mm).min(n);
    if maxn == 0 {
        return None;
    }
    let (level, trend) = match k.trend {
        TrendType::None => (y_sa[..maxn].iter().sum::<f64>() / maxn as f64, 0.0),
        _ => {
            if maxn < 2 {
                return None;
            }
            // simple linear regression of y_sa[0..maxn] on 1..maxn
            let nn = maxn as f64;
            let tbar = (nn + 1.0) / 2.0;
            let ybar = y_sa[..maxn].iter().sum::<f64>() / nn;
            let mut sxy = 0.0;
            let mut sxx = 0.0;
            for (i, v) in y_sa[..maxn].iter().enumerate() {
                let dt = (i + 1) as f64 - tbar;
                sxy += dt * (v - ybar);
                sxx += dt * dt;
            }
            let slope = sxy / sxx;
            let icpt = ybar - slope * tbar;
            if k.trend == TrendType::Additive {
                if (icpt + slope).abs() < 1e-8 {
                    (icpt * (1.0 + 1e-3), slope * (1.0 - 1e-3))
                } else {
                    (icpt, slope)
                }
            } else {
                let mut l0 = icpt + slope;
                if l0.abs() < 1e-8 {
                    l0 = 1e-7;
                }
                let mut b0 = (icpt + 2.0 * slope) / l0;
                let div = if b0.abs() < 1e-8 { 1e-8 } else { b0 };
                l0 /= div;
                if b0.abs() > 1e10 {
                    b0 = b0.signum() * 1e10;
                }
                if l0 < 1e-8 || b0 < 1e-8 {
                    l0 = y_sa[0].max(1e-3);
                    let div = if y_sa[0].abs() < 1e-8 { 1e-8 } else { y_sa[0] };
                    b0 = (y_sa[1] / div).max(1e-3);
                }
                (l0, b0)
            }
        }
    };
    (level.is_finite() && trend.is_finite() && seasons.iter().all(|v| v.is_finite())).then_some(
        Init {
            level,
            trend,
            seasons,
        },
    )
}
