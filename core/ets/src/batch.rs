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
use crate::lanes::F2;
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
    pring: Vec<[F2; MAX_PAIRS]>,
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
    pub(crate) fn run(&mut self, y: &[f64], out: &mut [f64; LANES]) {
        const TINY: f64 = 1e-10;
        // pair slots: (class, lane indices); an odd lane is duplicated
        let mut cls = [0u8; MAX_PAIRS];
        let mut who = [[0usize; 2]; MAX_PAIRS];
        let mut np = 0usize;
        // one past the last pair of classes 0 and 1 (and 2)
        let mut ends = [0usize; 3];
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
            if let Some(e) = ends.get_mut(c as usize) {
                *e = np;
            }
        }
        let mut st = [Pair::default(); MAX_PAIRS];
        for (sp, w) in st.iter_mut().zip(&who).take(np) {
            let (x, z) = (&self.lanes[w[0]], &self.lanes[w[1]]);
            let two = |f: fn(&Lane) -> f64| F2::new(f(x), f(z));
            sp.a = two(|l| l.alpha);
            sp.ratio = two(|l| l.ratio);
            sp.g = two(|l| l.gamma);
            sp.ph = two(|l| l.phi);
            sp.l = two(|l| l.level);
            sp.b = two(|l| l.trend);
        }
        let m = self.m;
        self.pring.clear();
        for row in &self.ring {
            let mut pr = [F2::default(); MAX_PAIRS];
            for (v, w) in pr.iter_mut().zip(&who).take(np) {
                *v = F2::new(row[w[0]], row[w[1]]);
            }
            self.pring.push(pr);
        }
        let mut j = 0usize;
        let mut renorm = 0usize;
        for &yt in y {
            let Some(row) = self.pring.get_mut(j) else {
                break;
            };
            // Pairs are grouped by class: one monomorphic loop per class, no branch per pair.
            let (st0, rest) = st.split_at_mut(ends[0]);
            let (st1, st2) = rest.split_at_mut(ends[1] - ends[0]);
            let (r0, rest) = row.split_at_mut(ends[0]);
            let (r1, r2) = rest.split_at_mut(ends[1] - ends[0]);
            for (sp, s) in st0.iter_mut().zip(r0.iter_mut()) {
                step::<false, false>(sp, yt, s);
            }
            for (sp, s) in st1.iter_mut().zip(r1.iter_mut()) {
                step::<true, false>(sp, yt, s);
            }
            for (sp, s) in st2.iter_mut().zip(r2.iter_mut()).take(np - ends[1]) {
                step::<true, true>(sp, yt, s);
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
            let sp = &st[p];
            let (prod, sse, small) = (sp.prod.lanes(), sp.sse.lanes(), sp.small.lanes());
            let (l, b) = (sp.l.lanes(), sp.b.lanes());
            for h in 0..2 {
                let sum_log = prod[h].ln() + sp.exp2[h] as f64 * std::f64::consts::LN_2;
                let mut lik = n * sse[h].max(f64::MIN_POSITIVE).ln();
                if cls[p] != 0 {
                    lik += 2.0 * sum_log;
                }
                let ok = small[h] >= TINY
                    && sse[h].is_finite()
                    && sum_log.is_finite()
                    && l[h].is_finite()
                    && b[h].is_finite();
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
    a: F2,
    ratio: F2,
    g: F2,
    ph: F2,
    l: F2,
    b: F2,
    sse: F2,
    prod: F2,
    exp2: [i64; 2],
    /// smallest |divisor| met (multiplicative classes)
    small: F2,
}

impl Default for Pair {
    fn default() -> Self {
        Pair {
            a: F2::splat(0.0),
            ratio: F2::splat(0.0),
            g: F2::splat(0.0),
            ph: F2::splat(1.0),
            l: F2::splat(0.0),
            b: F2::splat(0.0),
            sse: F2::splat(0.0),
            prod: F2::splat(1.0),
            exp2: [0; 2],
            small: F2::splat(f64::INFINITY),
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
        let mut prod = self.prod.lanes();
        for (p, e) in prod.iter_mut().zip(self.exp2.iter_mut()) {
            let bits = p.to_bits();
            *e += ((bits >> 52) & 0x7ff) as i64 - 1023;
            *p = f64::from_bits((bits & 0x800f_ffff_ffff_ffff) | (1023u64 << 52));
        }
        self.prod = F2::new(prod[0], prod[1]);
    }
}

/// One time step of a pair; the same operations, in the same order, as [`crate::filter::run`].
#[inline(always)]
fn step<const ME: bool, const MS: bool>(p: &mut Pair, yt: f64, s: &mut F2) {
    let y = F2::splat(yt);
    let q = p.l.add(p.ph.mul(p.b));
    let sk = *s;
    let f = if MS { q.mul(sk) } else { q.add(sk) };
    let e = if ME { y.sub(f).div(f) } else { y.sub(f) };
    p.sse = p.sse.add(e.mul(e));
    let mut mn = p.small;
    if ME {
        let fa = f.abs();
        mn = mn.min_keep(fa);
        p.prod = p.prod.mul(fa);
    }
    let pv = if MS {
        mn = mn.min_keep(sk.abs());
        y.div(sk)
    } else {
        y.sub(sk)
    };
    let lnew = q.add(p.a.mul(pv.sub(q)));
    let phib = p.ph.mul(p.b);
    p.b = phib.add(p.ratio.mul(lnew.sub(p.l).sub(phib)));
    let t = if MS {
        mn = mn.min_keep(q.abs());
        y.div(q)
    } else {
        y.sub(q)
    };
    p.small = mn;
    *s = sk.add(p.g.mul(t.sub(sk)));
    p.l = lnew;
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
