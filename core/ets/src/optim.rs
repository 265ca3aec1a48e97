//! Nelder–Mead minimiser following the documented behaviour of statsforecast's ETS optimiser
//! (statsforecast 2.1.1, `nelder_mead.h` called from `ets.cpp` with `tol_std = 1e-4`,
//! `max_iter = 1000`, `adaptive = true`), and the "usual" bounds of the smoothing parameters.
//!
//! Facts reproduced (no code copied):
//! * the start point is clamped into the box; the initial simplex is `n + 1` copies of it where
//!   row `i < n` has coordinate `i` multiplied by 1.05 (or set to the "zero perturbation" when it
//!   is exactly 0) and clamped; the last row is the start point itself;
//! * coefficients: reflection 1, and the dimension-adaptive expansion `1 + 2/n`, contraction
//!   `0.75 - 1/(2n)`, shrink `1 - 1/n` (Gao & Han 2012);
//! * every trial point is clamped into the box (no penalty; infinite bounds for initial states);
//! * stop test, before each iteration: population standard deviation of the simplex values below
//!   `tol`; at most `max_iter` iterations, no restart;
//! * the centroid is (sum of all rows − worst row) / n;
//! * reflection accepted when best <= f_r < second worst; expansion when f_r < best (keep the
//!   expanded point if it beats the reflected one); outside contraction when second worst <= f_r <
//!   worst (accepted if <= f_r), else inside contraction (accepted if < worst);
//! * the shrink step rescales rows 1..=n towards the best row (row 0 is left as is when it is not
//!   the best one);
//! * the returned point is the best row of the last ordering done (not re-sorted after the last
//!   update).

/// Minimises `f` from `x0` inside the box `[lower, upper]` (infinities for unbounded
/// coordinates). `zero_pert[i]` replaces a zero start coordinate in the initial simplex. Returns
/// the point, its value and the number of iterations run.
pub(crate) fn nelder_mead<F: FnMut(&[f64]) -> f64>(
    mut f: F,
    x0: &[f64],
    lower: &[f64],
    upper: &[f64],
    zero_pert: &[f64],
    tol: f64,
    max_iter: usize,
) -> (Vec<f64>, f64, usize) {
    let mut nm = NelderMead::new(x0, lower, upper, zero_pert, tol, max_iter);
    while let Some(x) = nm.point() {
        let v = f(x);
        nm.tell(v);
    }
    nm.result()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Init(usize),
    Reflect,
    Expand,
    Outside,
    Inside,
    Shrink(usize),
    Done,
}

/// The same minimiser as an ask/tell state machine, so that several independent minimisations
/// can have their points evaluated together: [`NelderMead::point`] gives the point to evaluate
/// next (None when finished), [`NelderMead::tell`] takes its value. All storage is allocated in
/// [`NelderMead::new`].
#[derive(Debug, Clone)]
pub(crate) struct NelderMead {
    n: usize,
    lower: Vec<f64>,
    upper: Vec<f64>,
    sx: Vec<f64>,
    fv: Vec<f64>,
    order: Vec<usize>,
    cen: Vec<f64>,
    xr: Vec<f64>,
    xt: Vec<f64>,
    fr: f64,
    ge: f64,
    rho: f64,
    sigma: f64,
    tol: f64,
    max_iter: usize,
    it: usize,
    best: usize,
    worst: usize,
    second: usize,
    phase: Phase,
}

impl NelderMead {
    /// Builds the initial simplex (see the module documentation).
    pub(crate) fn new(
        x0: &[f64],
        lower: &[f64],
        upper: &[f64],
        zero_pert: &[f64],
        tol: f64,
        max_iter: usize,
    ) -> Self {
        let n = x0.len();
        let lower: Vec<f64> = (0..n)
            .map(|i| lower.get(i).copied().unwrap_or(f64::NEG_INFINITY))
            .collect();
        let upper: Vec<f64> = (0..n)
            .map(|i| upper.get(i).copied().unwrap_or(f64::INFINITY))
            .collect();
        let start: Vec<f64> = x0
            .iter()
            .zip(lower.iter().zip(&upper))
            .map(|(v, (lo, hi))| v.max(*lo).min(*hi))
            .collect();
        let mut sx = Vec::with_capacity((n + 1) * n.max(1));
        for _ in 0..=n {
            sx.extend_from_slice(&start);
        }
        for i in 0..n {
            let v = sx[i * n + i];
            let p = if v == 0.0 {
                zero_pert.get(i).copied().unwrap_or(1e-4)
            } else {
                v * 1.05
            };
            sx[i * n + i] = p.max(lower[i]).min(upper[i]);
        }
        let nf = n.max(1) as f64;
        NelderMead {
            n,
            lower,
            upper,
            sx,
            fv: vec![f64::INFINITY; n + 1],
            order: (0..=n).collect(),
            cen: vec![0.0; n],
            xr: vec![0.0; n],
            xt: vec![0.0; n],
            fr: f64::INFINITY,
            ge: 1.0 + 2.0 / nf,
            rho: 0.75 - 1.0 / (2.0 * nf),
            sigma: 1.0 - 1.0 / nf,
            tol,
            max_iter,
            it: 0,
            best: 0,
            worst: 0,
            second: 0,
            phase: Phase::Init(0),
        }
    }

    fn row(&self, r: usize) -> &[f64] {
        &self.sx[r * self.n..(r + 1) * self.n]
    }

    /// The point whose value is expected next, or None when the minimisation is over.
    pub(crate) fn point(&self) -> Option<&[f64]> {
        match self.phase {
            Phase::Init(r) | Phase::Shrink(r) => Some(self.row(r)),
            Phase::Reflect => Some(&self.xr),
            Phase::Expand | Phase::Outside | Phase::Inside => Some(&self.xt),
            Phase::Done => None,
        }
    }

    fn replace_worst(&mut self, from_trial: bool, v: f64) {
        let (n, w) = (self.n, self.worst);
        let src = if from_trial { &self.xt } else { &self.xr };
        self.sx[w * n..(w + 1) * n].copy_from_slice(src);
        self.fv[w] = v;
    }

    fn clamp(x: &mut [f64], lower: &[f64], upper: &[f64]) {
        for ((v, lo), hi) in x.iter_mut().zip(lower).zip(upper) {
            *v = v.max(*lo).min(*hi);
        }
    }

    /// Trial point cen + coef·(xr − cen), clamped.
    fn trial(&mut self, coef: f64) {
        for ((t, c), r) in self.xt.iter_mut().zip(&self.cen).zip(&self.xr) {
            *t = c + coef * (r - c);
        }
        Self::clamp(&mut self.xt, &self.lower, &self.upper);
    }

    fn start_iteration(&mut self) {
        let n = self.n;
        let nf = n as f64;
        let mean = self.fv.iter().sum::<f64>() / (nf + 1.0);
        let var = self.fv.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (nf + 1.0);
        if n == 0 || var.sqrt() < self.tol || self.it >= self.max_iter {
            self.phase = Phase::Done;
            return;
        }
        self.it += 1;
        for (k, o) in self.order.iter_mut().enumerate() {
            *o = k;
        }
        let fv = &self.fv;
        self.order.sort_by(|&a, &b| fv[a].total_cmp(&fv[b]));
        self.best = self.order[0];
        self.worst = self.order[n];
        self.second = self.order[n - 1];
        centroid(&self.sx, n, self.worst, &mut self.cen);
        let w = self.worst;
        for j in 0..n {
            self.xr[j] = self.cen[j] + (self.cen[j] - self.sx[w * n + j]);
        }
        Self::clamp(&mut self.xr, &self.lower, &self.upper);
        self.phase = Phase::Reflect;
    }

    /// Rescales row `r` towards the best row (unless it is the best row) and asks for it.
    fn shrink_row(&mut self, r: usize) {
        let (n, b) = (self.n, self.best);
        if r != b {
            for j in 0..n {
                let bv = self.sx[b * n + j];
                let v = bv + self.sigma * (self.sx[r * n + j] - bv);
                self.sx[r * n + j] = v.max(self.lower[j]).min(self.upper[j]);
            }
        }
        self.phase = Phase::Shrink(r);
    }

    /// Takes the value of the point given by [`NelderMead::point`] (NaN counts as +∞).
    pub(crate) fn tell(&mut self, v: f64) {
        let v = if v.is_nan() { f64::INFINITY } else { v };
        match self.phase {
            Phase::Init(r) => {
                self.fv[r] = v;
                if r < self.n {
                    self.phase = Phase::Init(r + 1);
                } else {
                    self.start_iteration();
                }
            }
            Phase::Reflect => {
                let fr = v;
                self.fr = fr;
                let (fb, fs, fw) = (
                    self.fv[self.best],
                    self.fv[self.second],
                    self.fv[self.worst],
                );
                if fb <= fr && fr < fs {
                    self.replace_worst(false, fr);
                    self.start_iteration();
                } else if fr < fb {
                    self.trial(self.ge);
                    self.phase = Phase::Expand;
                } else if fs <= fr && fr < fw {
                    self.trial(self.rho);
                    self.phase = Phase::Outside;
                } else {
                    self.trial(-self.rho);
                    self.phase = Phase::Inside;
                }
            }
            Phase::Expand => {
                if v < self.fr {
                    self.replace_worst(true, v);
                } else {
                    self.replace_worst(false, self.fr);
                }
                self.start_iteration();
            }
            Phase::Outside => {
                if v <= self.fr {
                    self.replace_worst(true, v);
                    self.start_iteration();
                } else {
                    self.shrink_row(1);
                }
            }
            Phase::Inside => {
                if v < self.fv[self.worst] {
                    self.replace_worst(true, v);
                    self.start_iteration();
                } else {
                    self.shrink_row(1);
                }
            }
            Phase::Shrink(r) => {
                self.fv[r] = v;
                if r < self.n {
                    self.shrink_row(r + 1);
                } else {
                    self.start_iteration();
                }
            }
            Phase::Done => {}
        }
    }

    /// The best row of the last ordering (as the reference implementation returns), its value
    /// and the number of iterations.
    pub(crate) fn result(&self) -> (Vec<f64>, f64, usize) {
        let b = if self.n == 0 { 0 } else { self.best };
        (self.row(b).to_vec(), self.fv[b], self.it)
    }
}

/// Centroid of all rows but `worst`, computed as (column sums − worst row) / n. The column sums
/// add the rows in the order first row, then groups of four ((r1 + r2) + (r3 + r4)), then the
/// remaining rows one by one, which is the summation order of the reference implementation
/// (Eigen's partial reduction); it matters only in the last bits.
fn centroid(sx: &[f64], n: usize, worst: usize, out: &mut [f64]) {
    let rows = n + 1;
    let size4 = (rows - 1) & !3usize;
    for (j, o) in out.iter_mut().enumerate() {
        let at = |r: usize| sx[r * n + j];
        let mut p = at(0);
        let mut i = 1;
        while i < size4 {
            p += (at(i) + at(i + 1)) + (at(i + 2) + at(i + 3));
            i += 4;
        }
        while i < rows {
            p += at(i);
            i += 1;
        }
        *o = (p - at(worst)) / n as f64;
    }
}

/// R's "usual" bounds on the smoothing parameters.
pub(crate) const LOWER: [f64; 4] = [1e-4, 1e-4, 1e-4, 0.8];
/// R's "usual" upper bounds (alpha, beta, gamma, phi).
pub(crate) const UPPER: [f64; 4] = [0.9999, 0.9999, 0.9999, 0.98];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nm_minimises_rosenbrock() {
        let f = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let inf = f64::INFINITY;
        let (x, v, _) = nelder_mead(
            f,
            &[-1.2, 1.0],
            &[-inf; 2],
            &[inf; 2],
            &[1e-4; 2],
            1e-14,
            5000,
        );
        assert!(v < 1e-8, "{v}");
        assert!((x[0] - 1.0).abs() < 1e-3);
    }
}
