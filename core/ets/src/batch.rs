//! The likelihood of up to [`LANES`] parameter points, possibly of different models, in one
//! pass over the data. One filter evaluation is a long chain of dependent operations (the level
//! of time t needs the level of time t − 1), so a single evaluation leaves most of the CPU idle;
//! running independent evaluations side by side (structure of arrays, a branch-free update that
//! the compiler vectorises) uses that idle capacity. The arithmetic of each lane is exactly that
//! of [`crate::filter::run`] (same operations in the same order, neutral elements for absent
//! components), so a lane gives the same value bit for bit.
//!
//! Supported: additive or multiplicative error, no or additive (possibly damped) trend, no,
//! additive or (with multiplicative error) multiplicative season. Other models use the scalar
//! filter.

use crate::filter::Kind;
use crate::{SeasonType, TrendType};

/// Number of evaluations done side by side.
pub(crate) const LANES: usize = 16;

/// Can `k` be evaluated here?
pub(crate) fn supports(k: &Kind) -> bool {
    k.trend != TrendType::Multiplicative && (k.mult_error || k.season != SeasonType::Multiplicative)
}

/// One lane: a model kind and a parameter point (smoothing parameters and initial states).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Lane {
    /// Multiplicative error.
    pub mult_error: bool,
    /// Multiplicative season.
    pub mult_season: bool,
    pub alpha: f64,
    /// beta / alpha (0 without trend).
    pub ratio: f64,
    /// 0 without season.
    pub gamma: f64,
    /// 1 unless damped.
    pub phi: f64,
    pub level: f64,
    /// 0 without trend.
    pub trend: f64,
}

/// Work space for [`Batch::run`]: the seasonal rings of all lanes, `ring[j][lane]`.
#[derive(Debug, Clone)]
pub(crate) struct Batch {
    m: usize,
    ring: Vec<[f64; LANES]>,
    /// the rings regrouped by pair for [`Batch::run`]
    pring: Vec<[[f64; 2]; MAX_PAIRS]>,
    lanes: [Lane; LANES],
    used: usize,
}

impl Batch {
    /// Work space for period `m` (1 for non-seasonal only).
    pub(crate) fn new(m: usize) -> Self {
        let m = m.max(1);
        Batch {
            m,
            ring: vec![[0.0; LANES]; m],
            pring: Vec::with_capacity(m),
            lanes: [Lane::default(); LANES],
            used: 0,
        }
    }

    /// Removes all lanes.
    pub(crate) fn clear(&mut self) {
        self.used = 0;
    }

    /// Adds a lane with its seasonal states in chronological order (`seasons[j]` is used for
    /// observation j; empty or shorter than m for non-seasonal models: the rest is 0). Returns
    /// false when full.
    pub(crate) fn push(&mut self, lane: Lane, seasons: &[f64]) -> bool {
        if self.used >= LANES {
            return false;
        }
        let k = self.used;
        for (j, row) in self.ring.iter_mut().enumerate() {
            row[k] = seasons.get(j).copied().unwrap_or(0.0);
        }
        if let Some(l) = self.lanes.get_mut(k) {
            *l = lane;
        }
        self.used += 1;
        true
    }

    /// Runs all lanes over `y` and writes R's "lik" (n·log SSE + 2·Σlog|ŷ| for multiplicative
    /// error, at least −1e10) of lane k into `out[k]`; +∞ when the filter fails (non-finite
    /// values, or the divisions by nearly zero that [`crate::filter::run`] rejects).
    ///
    /// Lanes are packed in pairs of the same class (additive error; multiplicative error with
    /// no or additive season; multiplicative error and season) so that each pair runs a
    /// specialised, two-wide update with only the divisions its class needs.
    // index loops over the two halves of a pair: the form the compiler vectorises
    #[allow(clippy::needless_range_loop)]
    pub(crate) fn run(&mut self, y: &[f64], out: &mut [f64; LANES]) {
        const TINY: f64 = 1e-10;
        // pair slots: (class, lane indices); an odd lane is duplicated
        let mut cls = [0u8; MAX_PAIRS];
        let mut who = [[0usize; 2]; MAX_PAIRS];
        let mut np = 0usize;
        for c in 0..3u8 {
            let mut pending: Option<usize> = None;
            for (k, ln) in self.lanes.iter().enumerate().take(self.used) {
                if class_of(ln) != c {
                    continue;
                }
                match pending.take() {
                    None => pending = Some(k),
                    Some(first) => {
                        cls[np] = c;
                        who[np] = [first, k];
                        np += 1;
                    }
                }
            }
            if let Some(first) = pending {
                cls[np] = c;
                who[np] = [first, first];
                np += 1;
            }
        }
        let mut st = [Pair::default(); MAX_PAIRS];
        for p in 0..np {
            for h in 0..2 {
                let ln = &self.lanes[who[p][h]];
                let sp = &mut st[p];
                sp.a[h] = ln.alpha;
                sp.ratio[h] = ln.ratio;
                sp.g[h] = ln.gamma;
                sp.ph[h] = ln.phi;
                sp.l[h] = ln.level;
                sp.b[h] = ln.trend;
            }
        }
        let m = self.m;
        self.pring.clear();
        for row in &self.ring {
            let mut pr = [[0.0; 2]; MAX_PAIRS];
            for p in 0..np {
                pr[p] = [row[who[p][0]], row[who[p][1]]];
            }
            self.pring.push(pr);
        }
        let mut j = 0usize;
        let mut renorm = 0usize;
        for &yt in y {
            let Some(row) = self.pring.get_mut(j) else {
                break;
            };
            for ((sp, s), c) in st.iter_mut().zip(row.iter_mut()).zip(&cls).take(np) {
                match c {
                    0 => step::<false, false>(sp, yt, s),
                    1 => step::<true, false>(sp, yt, s),
                    _ => step::<true, true>(sp, yt, s),
                }
            }
            j += 1;
            if j == m {
                j = 0;
            }
            renorm += 1;
            if renorm == RENORM_EVERY {
                renorm = 0;
                for sp in st.iter_mut().take(np) {
                    sp.renormalise();
                }
            }
        }
        for sp in st.iter_mut().take(np) {
            sp.renormalise();
        }
        let n = y.len() as f64;
        for p in 0..np {
            for h in 0..2 {
                let sp = &st[p];
                let sum_log = sp.prod[h].ln() + sp.exp2[h] as f64 * std::f64::consts::LN_2;
                let mut lik = n * sp.sse[h].max(f64::MIN_POSITIVE).ln();
                if cls[p] != 0 {
                    lik += 2.0 * sum_log;
                }
                let ok = sp.small[h] >= TINY
                    && sp.sse[h].is_finite()
                    && sum_log.is_finite()
                    && sp.l[h].is_finite()
                    && sp.b[h].is_finite();
                if let Some(o) = out.get_mut(who[p][h]) {
                    *o = if ok { lik.max(-1e10) } else { f64::INFINITY };
                }
            }
        }
    }
}

/// Most pairs a batch can need: every lane paired, plus one padded pair per class.
const MAX_PAIRS: usize = LANES / 2 + 3;

/// 0: additive error; 1: multiplicative error, season none or additive; 2: multiplicative
/// error and season.
fn class_of(l: &Lane) -> u8 {
    match (l.mult_error, l.mult_season) {
        (false, _) => 0,
        (true, false) => 1,
        (true, true) => 2,
    }
}

/// State of two lanes of the same class.
#[derive(Debug, Clone, Copy)]
struct Pair {
    a: [f64; 2],
    ratio: [f64; 2],
    g: [f64; 2],
    ph: [f64; 2],
    l: [f64; 2],
    b: [f64; 2],
    sse: [f64; 2],
    prod: [f64; 2],
    exp2: [i64; 2],
    /// smallest |divisor| met (multiplicative classes)
    small: [f64; 2],
}

impl Default for Pair {
    fn default() -> Self {
        Pair {
            a: [0.0; 2],
            ratio: [0.0; 2],
            g: [0.0; 2],
            ph: [1.0; 2],
            l: [0.0; 2],
            b: [0.0; 2],
            sse: [0.0; 2],
            prod: [1.0; 2],
            exp2: [0; 2],
            small: [f64::INFINITY; 2],
        }
    }
}

/// Steps between two renormalisations of the running product of |ŷ|: rescaling by a power of
/// two is exact, so this gives the same bits as renormalising at every step (as
/// [`crate::filter::run`] does) unless eight consecutive |ŷ| multiply beyond the f64 range,
/// which the 1e-10 floor on |ŷ| rules out from below.
const RENORM_EVERY: usize = 8;

impl Pair {
    /// Moves the binary exponent of the running products into `exp2`.
    #[inline(always)]
    fn renormalise(&mut self) {
        for h in 0..2 {
            let bits = self.prod[h].to_bits();
            self.exp2[h] += ((bits >> 52) & 0x7ff) as i64 - 1023;
            self.prod[h] = f64::from_bits((bits & 0x800f_ffff_ffff_ffff) | (1023u64 << 52));
        }
    }
}

/// One time step of a pair; the same operations, in the same order, as [`crate::filter::run`].
#[inline(always)]
#[allow(clippy::needless_range_loop)] // lane index loop, vectorised by the compiler
fn step<const ME: bool, const MS: bool>(p: &mut Pair, yt: f64, s: &mut [f64; 2]) {
    for h in 0..2 {
        let q = p.l[h] + p.ph[h] * p.b[h];
        let sk = s[h];
        let f = if MS { q * sk } else { q + sk };
        let e = if ME { (yt - f) / f } else { yt - f };
        p.sse[h] += e * e;
        let mut mn = p.small[h];
        if ME {
            let fa = f.abs();
            mn = if fa < mn { fa } else { mn };
            p.prod[h] *= fa;
        }
        let pv = if MS {
            let sa = sk.abs();
            mn = if sa < mn { sa } else { mn };
            yt / sk
        } else {
            yt - sk
        };
        let lnew = q + p.a[h] * (pv - q);
        let phib = p.ph[h] * p.b[h];
        p.b[h] = phib + p.ratio[h] * (lnew - p.l[h] - phib);
        let t = if MS {
            let qa = q.abs();
            mn = if qa < mn { qa } else { mn };
            yt / q
        } else {
            yt - q
        };
        p.small[h] = mn;
        s[h] = sk + p.g[h] * (t - sk);
        p.l[h] = lnew;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{self, Smooth};
    use crate::tests::lcg;

    #[test]
    fn lanes_equal_scalar_filter_bit_for_bit() {
        // Reference: crate::filter::run (the scalar filter); the batch must give identical bits.
        let mut st = 99;
        let m = 7;
        let y: Vec<f64> = (0..200)
            .map(|t| {
                (1.0 + 0.01 * t as f64) * (1.0 + 0.3 * ((t % m) as f64 / 7.0)) + 0.1 * lcg(&mut st)
            })
            .collect();
        let kinds = [
            (false, TrendType::None, false, SeasonType::None),
            (false, TrendType::Additive, false, SeasonType::Additive),
            (false, TrendType::Additive, true, SeasonType::Additive),
            (false, TrendType::None, false, SeasonType::Additive),
            (true, TrendType::None, false, SeasonType::None),
            (true, TrendType::Additive, true, SeasonType::None),
            (true, TrendType::Additive, false, SeasonType::Additive),
            (true, TrendType::None, false, SeasonType::Multiplicative),
            (true, TrendType::Additive, false, SeasonType::Multiplicative),
            (true, TrendType::Additive, true, SeasonType::Multiplicative),
        ];
        let mut batch = Batch::new(m);
        for round in 0..6 {
            batch.clear();
            let mut expect = Vec::new();
            for (i, &(me, tr, damped, se)) in
                kinds.iter().cycle().skip(round).take(LANES).enumerate()
            {
                let k = Kind {
                    mult_error: me,
                    trend: tr,
                    damped,
                    season: se,
                    m: if se == SeasonType::None { 1 } else { m },
                };
                let alpha = 0.05 + 0.9 * lcg(&mut st);
                let sm = Smooth {
                    alpha,
                    beta: if tr == TrendType::None {
                        0.0
                    } else {
                        alpha * lcg(&mut st)
                    },
                    gamma: if se == SeasonType::None {
                        0.0
                    } else {
                        0.5 * lcg(&mut st)
                    },
                    phi: if damped {
                        0.8 + 0.18 * lcg(&mut st)
                    } else {
                        1.0
                    },
                };
                let l0 = 1.0 + 0.1 * lcg(&mut st);
                let b0 = if tr == TrendType::None {
                    0.0
                } else {
                    0.02 * lcg(&mut st)
                };
                let mut seas: Vec<f64> = match se {
                    SeasonType::None => Vec::new(),
                    SeasonType::Additive => (0..m).map(|_| 0.2 * lcg(&mut st) - 0.1).collect(),
                    SeasonType::Multiplicative => {
                        (0..m).map(|_| 0.8 + 0.4 * lcg(&mut st)).collect()
                    }
                };
                // one lane with a near-zero multiplicative state: both must reject it
                if round == 1 && i == 7 && se == SeasonType::Multiplicative {
                    seas[3] = 1e-12;
                }
                assert!(batch.push(
                    Lane {
                        mult_error: me,
                        mult_season: se == SeasonType::Multiplicative,
                        alpha: sm.alpha,
                        ratio: sm.beta / sm.alpha,
                        gamma: sm.gamma,
                        phi: sm.phi,
                        level: l0,
                        trend: b0,
                    },
                    &seas
                ));
                let mut ring = seas.clone();
                if ring.is_empty() {
                    ring.push(0.0);
                }
                let v = match filter::run(&k, &sm, l0, b0, &mut ring, &y, None) {
                    Some(p) => p.lik(y.len(), me).max(-1e10),
                    None => f64::INFINITY,
                };
                expect.push(v);
            }
            let mut out = [0.0; LANES];
            batch.run(&y, &mut out);
            for (i, v) in expect.iter().enumerate() {
                assert_eq!(
                    out[i].to_bits(),
                    v.to_bits(),
                    "round {round} lane {i}: {} vs {v}",
                    out[i]
                );
            }
        }
    }
}
