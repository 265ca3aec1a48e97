//! Seasonal period detection.
//!
//! Two methods:
//!
//! - [`detect_periods`], the robust method used by `AISM.SEASONALITY` and the automatic forecast:
//!   for each candidate period `p` it runs a classical decomposition (a centred moving average of
//!   order `p` as trend, phase means of the detrended values as seasonal pattern) and a one-way
//!   ANOVA F-test of "the phase means differ" (`p − 1` and `m − p` degrees of freedom on the `m`
//!   detrended points). A period counts when its F-statistic is significant at 1 % after a
//!   Bonferroni correction over all candidates (degrees of freedom divided by `(1 + ρ)/(1 − ρ)`,
//!   `ρ` the lag-1 autocorrelation of the residuals, so wandering series do not pass) and its
//!   pattern explains at least
//!   [`MIN_STRENGTH`] of the detrended variance (ω², a bias-corrected effect size). The period
//!   with the largest F is taken first (a divisor `q` of it with `p/q ≥ 7` that is itself
//!   significant is preferred, so 7 wins over 364 on daily data), its seasonal pattern is removed
//!   and the search repeats on what is left, so weekly and yearly patterns on daily data are both
//!   found, strongest first. Later periods within 10 % of 1×, 2× or 3× a period already found
//!   are harmonic artefacts (a multiplicative pattern leaves them) and are skipped; a period
//!   within 2 % of a calendar cycle (7, 12, 24, 52, 168, 365, 8760) that is itself significant is
//!   reported as that cycle (the 365.25-day year cannot be told from 363 with two cycles).
//! - [`excel_seasonality`], for `FORECAST.ETS.SEASONALITY`. Microsoft documents only that Excel
//!   detects the season length automatically, supports up to 8 760 and returns 0 when it finds
//!   none; the exact rule is not published. Ours is ACF-based: remove the least-squares line,
//!   compute the autocorrelation function, and return the lag `k ≥ 2` (up to `min(8760, n/2)`)
//!   among the local maxima of the ACF above the Bonferroni bound `z(1 − 0.05/L)·se_k` (`L` the
//!   number of lags examined, `se_k = √((1 + 2Σ_{j<k} r_j²)/n)` Bartlett's standard error; a
//!   peak of at least 0.5 above the white-noise bound `z/√n` also counts): the shortest whose autocorrelation is at least 90 % of the
//!   highest such peak (so 7 rather than its multiple 14); 0 when there is none.

/// Largest season length Excel supports (hours in a year).
pub const MAX_EXCEL_SEASONALITY: usize = 8760;

/// Minimal share of the detrended variance a seasonal pattern must explain (ω²) in
/// [`detect_periods`].
pub const MIN_STRENGTH: f64 = 0.05;

/// An ACF peak at least this high counts in [`excel_seasonality`] even when Bartlett's bound
/// (inflated by the pattern's own autocorrelations) is higher.
const STRONG_ACF: f64 = 0.5;

/// Minimal variance of a pattern relative to the variance of the linearly detrended series in
/// [`detect_periods`] (stops the search on numerical leftovers of deterministic series).
const MIN_PATTERN_SHARE: f64 = 0.01;

/// Family-wise significance level of [`detect_periods`].
const ALPHA: f64 = 0.01;

/// At most this many periods are reported by [`detect_periods`].
const MAX_PERIODS: usize = 3;

/// Longest period scanned exhaustively by [`detect_periods`] (a leap year of days).
const MAX_SCANNED_PERIOD: usize = 366;

/// Upper tail of the standard normal distribution, `P(Z > z)`, via the complementary error
/// function approximation of Press et al., *Numerical Recipes* §6.2 (`erfcc`, fractional error
/// below 1.2e-7 everywhere).
pub(crate) fn normal_upper_tail(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    let ax = x.abs();
    let t = 1.0 / (1.0 + 0.5 * ax);
    let poly = -ax * ax - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    let erfc = if x >= 0.0 { erfc } else { 2.0 - erfc };
    0.5 * erfc
}

/// Upper tail `P(F > f)` of the F distribution with `(d1, d2)` degrees of freedom, by Paulson's
/// normal approximation (Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions* 2,
/// eq. 27.51).
fn f_upper_tail(f: f64, d1: f64, d2: f64) -> f64 {
    if f.is_infinite() {
        return 0.0;
    }
    if f <= 0.0 {
        return 1.0;
    }
    let a = 2.0 / (9.0 * d1);
    let b = 2.0 / (9.0 * d2);
    let c = f.cbrt();
    let z = ((1.0 - b) * c - (1.0 - a)) / (b * c * c + a).sqrt();
    normal_upper_tail(z)
}

/// The classical decomposition test of one candidate period (one that passed the strength and
/// pattern-variance thresholds).
#[derive(Debug, Clone, Copy)]
struct PeriodTest {
    /// F-statistic of the phase means.
    f: f64,
    /// Upper-tail probability of `f`.
    p_value: f64,
}

/// Scratch buffers reused across candidates.
struct Workspace {
    prefix: Vec<f64>,
    sums: Vec<f64>,
    counts: Vec<f64>,
    detrended: Vec<f64>,
}

impl Workspace {
    fn new(x: &[f64]) -> Workspace {
        let mut prefix = Vec::with_capacity(x.len() + 1);
        prefix.push(0.0);
        let mut acc = 0.0;
        for v in x {
            acc += v;
            prefix.push(acc);
        }
        Workspace {
            prefix,
            sums: Vec::new(),
            counts: Vec::new(),
            detrended: Vec::new(),
        }
    }

    /// Centred moving average of order `p` at index `i` (2×p for even `p`).
    fn trend(&self, x: &[f64], p: usize, i: usize) -> f64 {
        let h = p / 2;
        let s = |a: usize| self.prefix.get(a).copied().unwrap_or(0.0);
        let xv = |a: usize| x.get(a).copied().unwrap_or(0.0);
        if p % 2 == 1 {
            (s(i + h + 1) - s(i - h)) / p as f64
        } else {
            (s(i + h) - s(i - h + 1) + 0.5 * (xv(i - h) + xv(i + h))) / p as f64
        }
    }

    /// Tests period `p` on `x`; `None` when there are fewer than two detrended cycles, or when
    /// the pattern's strength is below [`MIN_STRENGTH`] or its variance below `min_pattern_var`
    /// (those candidates are rejected anyway, and skipping them skips the costlier second pass).
    fn test(&mut self, x: &[f64], p: usize, min_pattern_var: f64) -> Option<PeriodTest> {
        let n = x.len();
        let order = trend_order(p);
        let h = order / 2;
        if p < 2 || n < 2 * h + 2 * p {
            return None;
        }
        // Detrended value of x[i] for i in h..n-h, from the prefix sums: with k = i − h, the
        // moving-average window is prefix[k + order] − prefix[k] (odd order), or the 2×order
        // average (even order). Straight-line loops without carried dependencies, so the
        // compiler vectorises them; sums use four accumulators.
        let inv = 1.0 / order as f64;
        let pre = self.prefix.as_slice();
        let centre = x.get(h..n - h).unwrap_or_default();
        let after = pre.get(order..).unwrap_or_default();
        self.detrended.clear();
        if order % 2 == 1 {
            self.detrended.extend(
                centre
                    .iter()
                    .zip(pre.iter().zip(after))
                    .map(|(xi, (a, b))| xi - (b - a) * inv),
            );
        } else {
            let ends = x.iter().zip(x.get(order..).unwrap_or_default());
            self.detrended.extend(
                centre
                    .iter()
                    .zip(pre.get(1..).unwrap_or_default().iter().zip(after))
                    .zip(ends)
                    .map(|((xi, (a, b)), (first, last))| xi - (b - a + 0.5 * (first + last)) * inv),
            );
        }
        let (total, ss) = sum_and_squares(&self.detrended);
        // Phase sums: the first value has phase h mod p; after the first partial cycle the
        // values come in whole cycles starting at phase 0.
        self.sums.clear();
        self.sums.resize(p, 0.0);
        let first = h % p;
        let (head, rest) = self
            .detrended
            .split_at((p - first).min(self.detrended.len()));
        for (s, d) in self.sums.iter_mut().skip(first).zip(head) {
            *s += d;
        }
        for cycle in rest.chunks(p) {
            for (s, d) in self.sums.iter_mut().zip(cycle) {
                *s += d;
            }
        }
        // Values per phase: whole cycles of the m values, plus one for the phases the
        // remainder covers (those from `first` on, wrapping).
        let len = self.detrended.len();
        self.counts.clear();
        self.counts.resize(p, (len / p) as f64);
        for g in 0..len % p {
            if let Some(c) = self.counts.get_mut((first + g) % p) {
                *c += 1.0;
            }
        }
        let m = (n - 2 * h) as f64;
        let grand = total / m;
        let mut ss_between = 0.0;
        for (s, c) in self.sums.iter().zip(&self.counts) {
            if *c > 0.0 {
                let mean = s / c;
                ss_between += c * (mean - grand) * (mean - grand);
            }
        }
        let ss_total = ss - m * grand * grand;
        let ss_within = (ss_total - ss_between).max(0.0);
        let d1 = (p - 1) as f64;
        let d2 = m - p as f64;
        if ss_total <= 1e-12 * (ss.max(1e-300)) || d2 < 1.0 {
            return None;
        }
        let ms_within = ss_within / d2;
        let strength = ((ss_between - d1 * ms_within) / (ss_total + ms_within)).max(0.0);
        let pattern_var = ss_between / m;
        if strength < MIN_STRENGTH || pattern_var < min_pattern_var {
            return None;
        }
        // Serial correlation of the within-phase residuals shrinks the effective degrees of
        // freedom by (1 + ρ)/(1 − ρ) (AR(1) variance inflation), so a smooth wandering series
        // (a random walk) does not pass for a seasonal one.
        for (s, c) in self.sums.iter_mut().zip(&self.counts) {
            *s = if *c > 0.0 { *s / c } else { 0.0 };
        }
        let means = &self.sums;
        let (mut num, mut den) = (0.0, 0.0);
        let mut prev: Option<f64> = None;
        let phases = means.iter().cycle().skip(first);
        for (d, mean) in self.detrended.iter().zip(phases) {
            let e = d - mean;
            if let Some(pr) = prev {
                num += e * pr;
            }
            den += e * e;
            prev = Some(e);
        }
        let rho = if den > 0.0 {
            (num / den).clamp(0.0, 0.98)
        } else {
            0.0
        };
        let kappa = (1.0 + rho) / (1.0 - rho);
        let f = if ss_within <= 1e-10 * ss_total {
            f64::INFINITY
        } else {
            (ss_between / d1) / ms_within
        };
        Some(PeriodTest {
            f,
            p_value: f_upper_tail(f, (d1 / kappa).max(1.0), (d2 / kappa).max(1.0)),
        })
    }
}

/// Σx and Σx² of `x`, with four partial sums each (independent chains the CPU can overlap).
fn sum_and_squares(x: &[f64]) -> (f64, f64) {
    let mut s = [0.0; 4];
    let mut q = [0.0; 4];
    let chunks = x.chunks_exact(4);
    let tail = chunks.remainder();
    for c in chunks {
        for ((si, qi), v) in s.iter_mut().zip(q.iter_mut()).zip(c) {
            *si += v;
            *qi += v * v;
        }
    }
    for v in tail {
        s[0] += v;
        q[0] += v * v;
    }
    ((s[0] + s[1]) + (s[2] + s[3]), (q[0] + q[1]) + (q[2] + q[3]))
}

/// Order of the centred moving average that estimates the trend under period `p`: the smallest
/// multiple of `p` that is at least 12. A multiple of `p` removes the pattern from the trend; a
/// long enough window keeps the detrending filter from correlating the residuals (a 2×2 moving
/// average gives its residuals a lag-1 autocorrelation of −2/3, which would inflate the F-test
/// of period 2).
fn trend_order(p: usize) -> usize {
    p * 12usize.div_ceil(p.max(1)).max(1)
}

/// Calendar cycles preferred over a near-tie within 2 %: hours in a day and a week, days in a
/// week and a year, weeks and months in a year, hours in a year.
const CALENDAR_CYCLES: [usize; 7] = [7, 12, 24, 52, 168, 365, 8760];

/// True when `p` lies within 10 % of `q`, `2q` or `3q` (a harmonic artefact of `q`, such as a
/// multiplicative pattern leaves after the additive one is removed).
fn near_low_multiple(p: usize, q: usize) -> bool {
    (1..=3).any(|k| (p as f64 - (k * q) as f64).abs() <= 0.1 * (k * q) as f64)
}

/// Removes the seasonal pattern of period `p` (phase means of the detrended series, centred to
/// zero) from `x` in place.
fn remove_pattern(x: &mut [f64], p: usize) {
    let ws = Workspace::new(x);
    let n = x.len();
    let order = trend_order(p);
    let h = order / 2;
    let mut sums = vec![0.0; p];
    let mut counts = vec![0.0; p];
    for i in h..n.saturating_sub(h) {
        let d = x.get(i).copied().unwrap_or(0.0) - ws.trend(x, order, i);
        if let (Some(s), Some(c)) = (sums.get_mut(i % p), counts.get_mut(i % p)) {
            *s += d;
            *c += 1.0;
        }
    }
    let means: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, c)| if *c > 0.0 { s / c } else { 0.0 })
        .collect();
    let centre = means.iter().sum::<f64>() / p as f64;
    for (i, v) in x.iter_mut().enumerate() {
        *v -= means.get(i % p).copied().unwrap_or(0.0) - centre;
    }
}

/// Detects the seasonal periods of `y`, strongest first (at most three; empty when there is no
/// significant seasonality or the series is too short or not finite). See the module docs.
/// Periods range over 2 to `min(n/3, 366)` and the longer calendar cycles that fit `n/3`.
/// Cost `O(n · min(n/3, 366))` per period found.
pub fn detect_periods(y: &[f64]) -> Vec<usize> {
    let n = y.len();
    if n < 8 || y.iter().any(|v| !v.is_finite()) {
        return Vec::new();
    }
    let max_p = (n / 3).min(MAX_EXCEL_SEASONALITY);
    // Every period up to MAX_SCANNED_PERIOD (a year of days) is tested; beyond it only the
    // calendar cycles (e.g. 8760 hours a year), which keeps long series linear in n.
    let periods: Vec<usize> = (2..=max_p.min(MAX_SCANNED_PERIOD))
        .chain(
            CALENDAR_CYCLES
                .iter()
                .copied()
                .filter(|&c| c > MAX_SCANNED_PERIOD && c <= max_p),
        )
        .collect();
    let candidates = periods.len().max(1) as f64;
    let alpha = ALPHA / candidates;
    let base_var = linear_residuals(y).iter().map(|v| v * v).sum::<f64>() / n as f64;
    let min_pattern_var = MIN_PATTERN_SHARE * base_var;
    let mut x = y.to_vec();
    let mut found: Vec<usize> = Vec::new();
    while found.len() < MAX_PERIODS {
        let mut ws = Workspace::new(&x);
        let tests: Vec<(usize, PeriodTest)> = periods
            .iter()
            .copied()
            .filter(|p| !found.iter().any(|q| near_low_multiple(*p, *q)))
            .filter_map(|p| ws.test(&x, p, min_pattern_var).map(|t| (p, t)))
            .filter(|(_, t)| t.p_value < alpha)
            .collect();
        let Some(mut best) = tests
            .iter()
            .fold(None, |acc: Option<(usize, f64)>, (p, t)| match acc {
                Some((_, f)) if f >= t.f => acc,
                _ => Some((*p, t.f)),
            })
            .map(|(p, _)| p)
        else {
            break;
        };
        // Prefer a significant short cycle that repeats inside the best one (7 inside 364).
        loop {
            let divisor = tests
                .iter()
                .filter(|(q, _)| *q < best && best % q == 0 && best / q >= 7)
                .max_by(|a, b| a.1.f.total_cmp(&b.1.f))
                .map(|(q, _)| *q);
            match divisor {
                Some(q) => best = q,
                None => break,
            }
        }
        // Calendar cycles that tie within the estimation noise win (365.25-day years).
        if let Some(c) = CALENDAR_CYCLES.iter().find(|c| {
            best != **c
                && (best as f64 - **c as f64).abs() <= 0.02 * **c as f64
                && tests.iter().any(|(p, _)| p == *c)
        }) {
            best = *c;
        }
        found.push(best);
        remove_pattern(&mut x, best);
    }
    found
}

/// `y` minus its least-squares line.
fn linear_residuals(y: &[f64]) -> Vec<f64> {
    let nf = y.len() as f64;
    let tbar = (nf - 1.0) / 2.0;
    let ybar = y.iter().sum::<f64>() / nf.max(1.0);
    let (mut sty, mut stt) = (0.0, 0.0);
    for (i, v) in y.iter().enumerate() {
        let dt = i as f64 - tbar;
        sty += dt * (v - ybar);
        stt += dt * dt;
    }
    let slope = if stt > 0.0 { sty / stt } else { 0.0 };
    y.iter()
        .enumerate()
        .map(|(i, v)| v - ybar - slope * (i as f64 - tbar))
        .collect()
}

/// Excel-style season length for `FORECAST.ETS.SEASONALITY` (0 when none; see the module docs
/// for the documented ACF rule). Needs at least 6 finite points, else 0.
pub fn excel_seasonality(y: &[f64]) -> usize {
    let n = y.len();
    if n < 6 || y.iter().any(|v| !v.is_finite()) {
        return 0;
    }
    let nf = n as f64;
    let x = linear_residuals(y);
    let c0: f64 = x.iter().map(|v| v * v).sum();
    if c0 <= 1e-12 * y.iter().map(|v| v * v).sum::<f64>().max(1e-300) {
        return 0;
    }
    let max_lag = (n / 2).min(MAX_EXCEL_SEASONALITY);
    if max_lag < 3 {
        return 0;
    }
    let acf = |k: usize| -> f64 {
        x.iter()
            .zip(x.iter().skip(k))
            .map(|(a, b)| a * b)
            .sum::<f64>()
            / c0
    };
    let r: Vec<f64> = (0..=max_lag + 1).map(acf).collect();
    let lags = (max_lag - 1) as f64;
    let z = normal_quantile_upper(0.05 / lags);
    // Bartlett's standard error of r_k under "no correlation beyond lag k − 1".
    let mut cum = 1.0;
    let mut bounds = Vec::with_capacity(max_lag + 1);
    for k in 0..=max_lag {
        bounds.push(z * (cum / nf).sqrt());
        if k >= 1 {
            cum += 2.0 * r.get(k).map_or(0.0, |v| v * v);
        }
    }
    let white = z / nf.sqrt();
    let peaks: Vec<(usize, f64)> = (2..=max_lag)
        .filter_map(
            |k| match (r.get(k - 1), r.get(k), r.get(k + 1), bounds.get(k)) {
                (Some(a), Some(b), Some(c), Some(bound))
                    if b > a && b >= c && *b > white && (b > bound || *b >= STRONG_ACF) =>
                {
                    Some((k, *b))
                }
                _ => None,
            },
        )
        .collect();
    let top = peaks.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    peaks
        .iter()
        .find(|(_, rk)| *rk >= 0.9 * top)
        .map_or(0, |(k, _)| *k)
}

/// `z` with `P(Z > z) = p`, by bisection on [`normal_upper_tail`] (0 < p < 0.5).
fn normal_quantile_upper(p: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 40.0_f64);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if normal_upper_tail(mid) > p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Box's AirPassengers series (monthly totals, 1949–1960), as shipped by statsforecast
    /// 2.1.1 (`statsforecast.utils.AirPassengers`).
    pub(crate) const AIR_PASSENGERS: [f64; 144] = [
        112., 118., 132., 129., 121., 135., 148., 148., 136., 119., 104., 118., 115., 126., 141.,
        135., 125., 149., 170., 170., 158., 133., 114., 140., 145., 150., 178., 163., 172., 178.,
        199., 199., 184., 162., 146., 166., 171., 180., 193., 181., 183., 218., 230., 242., 209.,
        191., 172., 194., 196., 196., 236., 235., 229., 243., 264., 272., 237., 211., 180., 201.,
        204., 188., 235., 227., 234., 264., 302., 293., 259., 229., 203., 229., 242., 233., 267.,
        269., 270., 315., 364., 347., 312., 274., 237., 278., 284., 277., 317., 313., 318., 374.,
        413., 405., 355., 306., 271., 306., 315., 301., 356., 348., 355., 422., 465., 467., 404.,
        347., 305., 336., 340., 318., 362., 348., 363., 435., 491., 505., 404., 359., 310., 337.,
        360., 342., 406., 396., 420., 472., 548., 559., 463., 407., 362., 405., 417., 391., 419.,
        461., 472., 535., 622., 606., 508., 461., 390., 432.,
    ];

    /// A small deterministic generator for synthetic test series (SplitMix64 + Box–Muller).
    pub(crate) struct Rng(u64);
    impl Rng {
        pub(crate) fn new(seed: u64) -> Rng {
            Rng(seed)
        }
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn uniform(&mut self) -> f64 {
            ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }
        pub(crate) fn normal(&mut self) -> f64 {
            let (u, v) = (self.uniform(), self.uniform());
            (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
        }
    }

    /// Daily sales with a weekly profile (weekend peak), optional yearly wave, trend and noise.
    pub(crate) fn daily(n: usize, yearly: f64, noise: f64, seed: u64) -> Vec<f64> {
        let week = [0.0, -8.0, -6.0, -4.0, 0.0, 10.0, 14.0];
        let mut rng = Rng::new(seed);
        (0..n)
            .map(|t| {
                let tf = t as f64;
                100.0
                    + 0.02 * tf
                    + week[t % 7]
                    + yearly * (2.0 * std::f64::consts::PI * tf / 365.25).sin()
                    + noise * rng.normal()
            })
            .collect()
    }

    #[test]
    fn normal_tail_matches_tables() {
        // Standard normal table values (Abramowitz & Stegun, Table 26.1); tolerance 1e-7 relative.
        for (z, p) in [
            (0.0, 0.5),
            (1.959_963_985, 0.025),
            (2.326_347_874, 0.01),
            (3.090_232_306, 0.001),
            (-1.644_853_627, 0.95),
        ] {
            assert!(((normal_upper_tail(z) - p) / p).abs() < 2e-7, "{z}");
        }
        assert!((normal_quantile_upper(0.025) - 1.959_963_985).abs() < 1e-6);
    }

    #[test]
    fn f_tail_matches_scipy() {
        // scipy.stats.f.sf(f, d1, d2) (scipy 1.x); Paulson's approximation, tolerance 10 %
        // relative (it is only used against a Bonferroni threshold).
        for (f, d1, d2, p) in [
            (2.0, 11.0, 120.0, 0.033_992),
            (3.5, 6.0, 700.0, 0.002_034),
            (1.5, 364.0, 365.0, 0.000_057_82),
        ] {
            let got = f_upper_tail(f, d1, d2);
            assert!(((got - p) / p).abs() < 0.1, "F={f}: {got} vs {p}");
        }
    }

    #[test]
    fn air_passengers_is_monthly_seasonal() {
        // Known monthly seasonality of AirPassengers (Box & Jenkins; FPP): period 12.
        assert_eq!(detect_periods(&AIR_PASSENGERS), vec![12]);
        assert_eq!(excel_seasonality(&AIR_PASSENGERS), 12);
    }

    #[test]
    fn weekly_daily_series() {
        let y = daily(730, 0.0, 3.0, 1);
        assert_eq!(detect_periods(&y), vec![7]);
        assert_eq!(excel_seasonality(&y), 7);
    }

    #[test]
    fn weekly_and_yearly_daily_series() {
        let y = daily(3 * 365, 20.0, 3.0, 2);
        let p = detect_periods(&y);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0], 7);
        assert!((364..=365).contains(&p[1]), "{p:?}");
    }

    #[test]
    fn white_noise_and_random_walk_have_none() {
        for seed in 0..20 {
            let mut rng = Rng::new(100 + seed);
            let y: Vec<f64> = (0..500).map(|_| rng.normal()).collect();
            assert!(detect_periods(&y).is_empty(), "seed {seed}");
            assert_eq!(excel_seasonality(&y), 0, "seed {seed}");
        }
        // A line and a constant: no seasonality.
        let line: Vec<f64> = (0..100).map(f64::from).collect();
        assert!(detect_periods(&line).is_empty());
        assert_eq!(excel_seasonality(&line), 0);
        assert!(detect_periods(&[5.0; 50]).is_empty());
        assert_eq!(excel_seasonality(&[5.0; 50]), 0);
        assert!(detect_periods(&[1.0, 2.0]).is_empty());
        assert!(detect_periods(&[1.0, f64::NAN, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]).is_empty());
    }

    #[test]
    fn false_positive_rates_are_low() {
        // Statistical check of the significance tests: at the 1 % (robust) and 5 % (Excel-style)
        // family-wise levels, random walks and short white noise rarely show a period.
        let (mut robust, mut excel) = (0, 0);
        for seed in 0..100 {
            let mut rng = Rng::new(1000 + seed);
            let mut acc = 0.0;
            let walk: Vec<f64> = (0..300)
                .map(|_| {
                    acc += rng.normal();
                    acc
                })
                .collect();
            let noise: Vec<f64> = (0..120).map(|_| rng.normal()).collect();
            robust += usize::from(!detect_periods(&walk).is_empty());
            robust += usize::from(!detect_periods(&noise).is_empty());
            excel += usize::from(excel_seasonality(&walk) != 0);
            excel += usize::from(excel_seasonality(&noise) != 0);
        }
        assert!(robust <= 8, "robust false positives {robust}/200");
        assert!(excel <= 10, "Excel-style false positives {excel}/200");
    }

    #[test]
    fn yearly_is_found_across_seeds() {
        let mut ok = 0;
        for seed in 10..30 {
            let p = detect_periods(&daily(3 * 365, 20.0, 3.0, seed));
            ok += usize::from(p.first() == Some(&7) && p.get(1) == Some(&365));
        }
        assert!(ok >= 18, "{ok}/20");
    }

    #[test]
    fn exact_pattern_gives_its_period() {
        let y: Vec<f64> = (0..60).map(|t| [1.0, 5.0, 2.0, 8.0][t % 4]).collect();
        assert_eq!(detect_periods(&y), vec![4]);
        assert_eq!(excel_seasonality(&y), 4);
    }
}
