//! Customer-base models on RFM summary data: BG/NBD (Fader, Hardie & Lee 2005, "Counting Your
//! Customers the Easy Way", Marketing Science 24(2)), Gamma-Gamma spend (Fader, Hardie & Lee
//! 2005, "RFM and CLV", JMR 42(4); Hardie's note 025) and a discounted customer lifetime value
//! following the monthly-step definition of the `lifetimes` Python package
//! (`customer_lifetime_value`).
//!
//! Data per customer: `frequency` x (number of repeat purchases), `recency` t_x (age at the last
//! purchase), `age` T (time since the first purchase), in any one time unit; `monetary` is the
//! mean value of the repeat purchases.
//!
//! Fits are maximum likelihood with the parameters in log space, minimised by BFGS with the
//! analytic gradient, an Armijo backtracking line search and several starts (the best one is
//! kept). The likelihood is evaluated once per distinct frequency for the gamma-function terms
//! and once per customer for the rest, without allocating.

use crate::Error;

/// Parameters of the BG/NBD model: purchase rates gamma(r, alpha), dropout probability
/// beta(a, b).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgNbd {
    /// Shape of the gamma distribution of purchase rates.
    pub r: f64,
    /// Scale of the gamma distribution of purchase rates (in the data's time unit).
    pub alpha: f64,
    /// First shape of the beta distribution of the dropout probability.
    pub a: f64,
    /// Second shape of the beta distribution of the dropout probability.
    pub b: f64,
}

/// A fitted BG/NBD model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BgNbdFit {
    /// Maximum-likelihood parameters.
    pub params: BgNbd,
    /// Log-likelihood at the parameters, summed over customers (paper eq. 6, no constant dropped).
    pub log_likelihood: f64,
    /// Number of customers fitted.
    pub customers: usize,
}

/// Parameters of the Gamma-Gamma spend model: transaction values gamma(p, nu) with
/// nu ~ gamma(q, v).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaGamma {
    /// Shape of the gamma distribution of single transaction values.
    pub p: f64,
    /// Shape of the gamma distribution of the customers' scale parameter.
    pub q: f64,
    /// Scale of the gamma distribution of the customers' scale parameter (money unit).
    pub v: f64,
}

/// A fitted Gamma-Gamma model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaGammaFit {
    /// Maximum-likelihood parameters.
    pub params: GammaGamma,
    /// Log-likelihood at the parameters, summed over the repeat buyers (Hardie's note 025 eq. 1a).
    pub log_likelihood: f64,
    /// Number of customers fitted (those with frequency > 0).
    pub customers: usize,
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidArgument(msg.into())
}

/// Checks one customer's summary: finite, x a whole number ≥ 0, 0 ≤ t_x ≤ T, T ≥ 0 (T = 0 is a
/// customer whose first purchase is at the end of the data; with repeat purchases T > 0 follows
/// from t_x > 0).
fn check_customer(i: usize, x: f64, t_x: f64, age: f64) -> Result<(), Error> {
    if !(x.is_finite() && t_x.is_finite() && age.is_finite()) {
        return Err(Error::NotFinite);
    }
    let row = i + 1;
    if x < 0.0 || x.fract() != 0.0 {
        return Err(invalid(format!(
            "customer {row}: the frequency (number of repeat purchases) must be a whole number \
             ≥ 0, got {x}"
        )));
    }
    if age < 0.0 {
        return Err(invalid(format!(
            "customer {row}: the age T (time since the first purchase) must be ≥ 0, got {age}"
        )));
    }
    if t_x < 0.0 || t_x > age {
        return Err(invalid(format!(
            "customer {row}: the recency (age at the last purchase) must be between 0 and the age \
             T = {age}, got {t_x}"
        )));
    }
    if x > 0.0 && t_x <= 0.0 {
        return Err(invalid(format!(
            "customer {row}: with {x} repeat purchases the recency must be > 0, got {t_x}"
        )));
    }
    Ok(())
}

fn check_lengths(what: &str, n: usize, got: usize) -> Result<(), Error> {
    if n != got {
        return Err(invalid(format!(
            "the {what} has {got} values but the frequency has {n}; give one value per customer"
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Special functions.

/// ln Γ(x) for x > 0: shifted to x ≥ 12 by the recurrence, then Stirling's series (relative error
/// ~1e-15).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    let mut x = x;
    let mut shift = 0.0;
    let mut prod = 1.0;
    while x < 12.0 {
        prod *= x;
        x += 1.0;
        if prod > 1e250 {
            shift += prod.ln();
            prod = 1.0;
        }
    }
    shift += prod.ln();
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    // Stirling: (x-1/2) ln x - x + ln(2π)/2 + Σ B_2k / (2k(2k-1) x^(2k-1)).
    let series = inv
        * (1.0 / 12.0
            + inv2
                * (-1.0 / 360.0
                    + inv2
                        * (1.0 / 1260.0
                            + inv2
                                * (-1.0 / 1680.0
                                    + inv2 * (1.0 / 1188.0 - inv2 * 691.0 / 360360.0)))));
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + series - shift
}

/// Digamma ψ(x) for x > 0: shifted to x ≥ 12 by the recurrence, then the asymptotic series.
pub(crate) fn digamma(x: f64) -> f64 {
    let mut x = x;
    let mut acc = 0.0;
    while x < 12.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let inv2 = 1.0 / (x * x);
    // ψ(x) ~ ln x − 1/(2x) − Σ B_2k / (2k x^(2k)).
    acc + x.ln()
        - 0.5 / x
        - inv2
            * (1.0 / 12.0
                - inv2
                    * (1.0 / 120.0
                        - inv2 * (1.0 / 252.0 - inv2 * (1.0 / 240.0 - inv2 * (1.0 / 132.0)))))
}

/// Maximum number of series terms for the Gauss hypergeometric function.
const HYP_MAX_TERMS: usize = 1_000_000;

/// Gauss hypergeometric ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed until a term
/// is below 1e-17 of the sum once the term ratio is below 1 for good. Errors when `c` is a
/// non-positive integer or the series has not converged after 1,000,000 terms.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Result<f64, Error> {
    if !(a.is_finite() && b.is_finite() && c.is_finite() && z.is_finite()) {
        return Err(Error::NotFinite);
    }
    if !(0.0..1.0).contains(&z) {
        return Err(invalid(format!(
            "the hypergeometric series needs 0 ≤ z < 1, got z = {z}"
        )));
    }
    if c <= 0.0 && c.fract() == 0.0 {
        return Err(invalid(format!(
            "the hypergeometric function is undefined for c = {c} (a non-positive integer)"
        )));
    }
    let mut sum = 1.0;
    let mut term = 1.0;
    for n in 0..HYP_MAX_TERMS {
        let nf = n as f64;
        term *= (a + nf) * (b + nf) / ((c + nf) * (nf + 1.0)) * z;
        sum += term;
        if term == 0.0 {
            return Ok(sum);
        }
        // Past the point where |ratio| stays below 1 (n beyond |a|, |b|, |c| and the ratio
        // bound), the tail is at most |term| · z/(1 − z)-ish; stop when negligible.
        let past = nf > a.abs() + b.abs() + c.abs();
        if past && term.abs() * (1.0 + z / (1.0 - z)) <= 1e-17 * sum.abs() {
            return Ok(sum);
        }
        if !sum.is_finite() {
            break;
        }
    }
    Err(invalid(format!(
        "the hypergeometric series 2F1({a}, {b}; {c}; {z}) did not converge; the horizon is \
         too long for the fitted model"
    )))
}

// ---------------------------------------------------------------------------------------------
// Optimiser.

/// Result of a BFGS run.
struct Minimum<const N: usize> {
    x: [f64; N],
    f: f64,
    grad_norm: f64,
}

/// BFGS on an objective that writes its gradient; `f` returns +inf outside its domain.
fn bfgs<const N: usize, F: FnMut(&[f64; N], &mut [f64; N]) -> f64>(
    f: &mut F,
    x0: [f64; N],
    max_iter: usize,
) -> Minimum<N> {
    let mut x = x0;
    let mut g = [0.0; N];
    let mut fx = f(&x, &mut g);
    let mut h = [[0.0; N]; N];
    let reset = |h: &mut [[f64; N]; N], scale: f64| {
        for (i, row) in h.iter_mut().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                *v = if i == j { scale } else { 0.0 };
            }
        }
    };
    reset(&mut h, 1.0);
    let mut g_new = [0.0; N];
    let mut fresh = true;
    let mut stalls = 0;
    for _ in 0..max_iter {
        if !fx.is_finite() {
            break;
        }
        let gmax = g.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        if gmax < 1e-11 {
            break;
        }
        // Direction d = −H g; fall back to steepest descent if not a descent direction.
        let mut d = [0.0; N];
        for (i, di) in d.iter_mut().enumerate() {
            *di = -h[i].iter().zip(&g).map(|(a, b)| a * b).sum::<f64>();
        }
        let mut slope: f64 = d.iter().zip(&g).map(|(a, b)| a * b).sum();
        if slope.is_nan() || slope >= 0.0 {
            reset(&mut h, 1.0);
            for (di, gi) in d.iter_mut().zip(&g) {
                *di = -gi;
            }
            slope = -g.iter().map(|v| v * v).sum::<f64>();
            fresh = true;
        }
        // Limit the step to 5 log units per coordinate.
        let dmax = d.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let mut step = if dmax > 5.0 { 5.0 / dmax } else { 1.0 };
        let mut accepted = false;
        let mut x_new = x;
        let mut f_new = f64::INFINITY;
        for _ in 0..60 {
            for i in 0..N {
                x_new[i] = x[i] + step * d[i];
            }
            f_new = f(&x_new, &mut g_new);
            if f_new.is_finite() && f_new <= fx + 1e-4 * step * slope {
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            if fresh {
                break;
            }
            reset(&mut h, 1.0);
            fresh = true;
            continue;
        }
        let mut s = [0.0; N];
        let mut y = [0.0; N];
        for i in 0..N {
            s[i] = x_new[i] - x[i];
            y[i] = g_new[i] - g[i];
        }
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        let improvement = fx - f_new;
        x = x_new;
        fx = f_new;
        g = g_new;
        if sy > 1e-300 {
            if fresh {
                let yy: f64 = y.iter().map(|v| v * v).sum();
                if yy > 0.0 {
                    reset(&mut h, sy / yy);
                }
            }
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ.
            let rho = 1.0 / sy;
            let mut hy = [0.0; N];
            for (i, v) in hy.iter_mut().enumerate() {
                *v = h[i].iter().zip(&y).map(|(a, b)| a * b).sum();
            }
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..N {
                for j in 0..N {
                    h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j])
                        + (rho * rho * yhy + rho) * s[i] * s[j];
                }
            }
            fresh = false;
        }
        // Stop when the objective no longer moves: at once near a stationary point, or after
        // five stalled steps (with many customers the gradient's rounding floor can sit above
        // 1e-7, and the Newton polish that follows finishes the job).
        if improvement.abs() <= 1e-15 * fx.abs().max(1.0) {
            stalls += 1;
            if gmax < 1e-7 || stalls >= 5 {
                break;
            }
        } else {
            stalls = 0;
        }
    }
    let grad_norm = g.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    Minimum {
        x,
        f: fx,
        grad_norm,
    }
}

/// Newton steps from a BFGS optimum, the Hessian by central differences of the analytic
/// gradient: BFGS stops where its line search can no longer tell values apart (gradient about
/// 1e-7), and where it stops then depends on the last bits of `ln`/`exp`, which differ between
/// the native and the WebAssembly maths libraries. Two or three Newton steps drive the gradient
/// to rounding level, so both builds land on the same optimum (1e-9 relative). A step is kept
/// only when it shrinks the gradient and does not raise the objective.
fn newton_polish<const N: usize, F: FnMut(&[f64; N], &mut [f64; N]) -> f64>(
    f: &mut F,
    start: Minimum<N>,
) -> Minimum<N> {
    let mut best = start;
    for _ in 0..6 {
        if !best.f.is_finite() || best.grad_norm < 1e-13 {
            break;
        }
        let mut g = [0.0; N];
        f(&best.x, &mut g);
        // Hessian columns from gradients at x ± h·e_j.
        let mut hess = [[0.0; N]; N];
        let mut ok = true;
        for j in 0..N {
            let h = 1e-5 * best.x[j].abs().max(1.0);
            let (mut xp, mut xm) = (best.x, best.x);
            xp[j] += h;
            xm[j] -= h;
            let (mut gp, mut gm) = ([0.0; N], [0.0; N]);
            let (fp, fm) = (f(&xp, &mut gp), f(&xm, &mut gm));
            if !fp.is_finite() || !fm.is_finite() {
                ok = false;
                break;
            }
            for i in 0..N {
                hess[i][j] = (gp[i] - gm[i]) / (2.0 * h);
            }
        }
        if !ok {
            break;
        }
        // Symmetrise and solve H·d = −g by Gaussian elimination with partial pivoting.
        let mut a = [[0.0; N]; N];
        for i in 0..N {
            for j in 0..N {
                a[i][j] = 0.5 * (hess[i][j] + hess[j][i]);
            }
        }
        let mut rhs = g.map(|v| -v);
        let mut solved = true;
        for col in 0..N {
            let Some(piv) = (col..N).max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))
            else {
                solved = false;
                break;
            };
            if a[piv][col].abs() < 1e-300 {
                solved = false;
                break;
            }
            a.swap(col, piv);
            rhs.swap(col, piv);
            let pivot_row = a[col];
            let pivot_rhs = rhs[col];
            for r in col + 1..N {
                let k = a[r][col] / pivot_row[col];
                for (v, p) in a[r].iter_mut().zip(pivot_row).skip(col) {
                    *v -= k * p;
                }
                rhs[r] -= k * pivot_rhs;
            }
        }
        if !solved {
            break;
        }
        let mut d = [0.0; N];
        for i in (0..N).rev() {
            let tail: f64 = (i + 1..N).map(|c| a[i][c] * d[c]).sum();
            d[i] = (rhs[i] - tail) / a[i][i];
        }
        let mut x_new = best.x;
        for i in 0..N {
            x_new[i] += d[i];
        }
        let mut g_new = [0.0; N];
        let f_new = f(&x_new, &mut g_new);
        let gmax = g_new.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        if f_new.is_finite() && gmax < best.grad_norm && f_new <= best.f + 1e-12 * best.f.abs() {
            best = Minimum {
                x: x_new,
                f: f_new,
                grad_norm: gmax,
            };
        } else {
            break;
        }
    }
    best
}

/// Distinct values of `x` (sorted) with their counts, and each entry's index among them.
fn levels(x: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<usize>) {
    let mut sorted: Vec<f64> = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.dedup();
    let mut counts = vec![0.0; sorted.len()];
    let mut idx = Vec::with_capacity(x.len());
    for v in x {
        let k = sorted.partition_point(|s| s < v);
        if let Some(c) = counts.get_mut(k) {
            *c += 1.0;
        }
        idx.push(k);
    }
    (sorted, counts, idx)
}

/// Log parameters are kept within ±LOG_BOUND (the objective is +inf outside).
const LOG_BOUND: f64 = 30.0;

// ---------------------------------------------------------------------------------------------
// BG/NBD.

/// Summary data prepared for repeated likelihood evaluations: customers with the same
/// (x, t_x, T) are one weighted entry; the gamma-function terms are per distinct x.
struct BgData {
    recency: Vec<f64>,
    age: Vec<f64>,
    weight: Vec<f64>,
    customers: f64,
    level_x: Vec<f64>,
    level_n: Vec<f64>,
    level_of: Vec<usize>,
    /// Per level scratch: (A1 + A2, d/dr, d/da, d/db, ln(b+x−1)).
    level_terms: Vec<[f64; 5]>,
}

impl BgData {
    /// Groups identical customers (equal-length, checked slices).
    fn new(frequency: &[f64], recency: &[f64], age: &[f64]) -> BgData {
        let mut order: Vec<usize> = (0..frequency.len()).collect();
        let key = |i: &usize| {
            (
                frequency.get(*i).copied().unwrap_or(0.0),
                recency.get(*i).copied().unwrap_or(0.0),
                age.get(*i).copied().unwrap_or(0.0),
            )
        };
        order.sort_by(|i, j| {
            let (a, b) = (key(i), key(j));
            a.0.total_cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.2.total_cmp(&b.2))
        });
        let mut x_u: Vec<f64> = Vec::new();
        let mut t_u = Vec::new();
        let mut age_u = Vec::new();
        let mut weight: Vec<f64> = Vec::new();
        for i in &order {
            let (x, t, tt) = key(i);
            let same =
                x_u.last() == Some(&x) && t_u.last() == Some(&t) && age_u.last() == Some(&tt);
            match weight.last_mut() {
                Some(w) if same => *w += 1.0,
                _ => {
                    x_u.push(x);
                    t_u.push(t);
                    age_u.push(tt);
                    weight.push(1.0);
                }
            }
        }
        let (level_x, _, level_of) = levels(&x_u);
        let mut level_n = vec![0.0; level_x.len()];
        for (k, w) in level_of.iter().zip(&weight) {
            if let Some(n) = level_n.get_mut(*k) {
                *n += w;
            }
        }
        let level_terms = vec![[0.0; 5]; level_x.len()];
        BgData {
            recency: t_u,
            age: age_u,
            weight,
            customers: frequency.len() as f64,
            level_x,
            level_n,
            level_of,
            level_terms,
        }
    }
    /// Mean negative log-likelihood at log parameters `theta`, gradient w.r.t. `theta` in `grad`.
    fn neg_mean_ll(&mut self, theta: &[f64; 4], grad: &mut [f64; 4]) -> f64 {
        if theta.iter().any(|t| !t.is_finite() || t.abs() > LOG_BOUND) {
            return f64::INFINITY;
        }
        let [r, alpha, a, b] = theta.map(f64::exp);
        let (lg_r, lg_b, lg_ab) = (ln_gamma(r), ln_gamma(b), ln_gamma(a + b));
        let (dg_r, dg_b, dg_ab) = (digamma(r), digamma(b), digamma(a + b));
        let ln_alpha = alpha.ln();
        let mut total = 0.0;
        let mut g = [0.0; 4];
        for ((x, n), terms) in self
            .level_x
            .iter()
            .zip(&self.level_n)
            .zip(self.level_terms.iter_mut())
        {
            let x = *x;
            let a1 = ln_gamma(r + x) - lg_r + r * ln_alpha;
            let a2 = lg_ab + ln_gamma(b + x) - lg_b - ln_gamma(a + b + x);
            let dr = digamma(r + x) - dg_r + ln_alpha;
            let dab = dg_ab - digamma(a + b + x);
            let db = dab + digamma(b + x) - dg_b;
            let lb = if x > 0.0 { (b + x - 1.0).ln() } else { 0.0 };
            *terms = [a1 + a2, dr, dab, db, lb];
            total += n * (a1 + a2);
            g[0] += n * dr;
            g[1] += n * r / alpha;
            g[2] += n * dab;
            g[3] += n * db;
        }
        let ln_a = a.ln();
        for (((t_x, age), k), w) in self
            .recency
            .iter()
            .zip(&self.age)
            .zip(&self.level_of)
            .zip(&self.weight)
        {
            let (x, lb) = match (self.level_x.get(*k), self.level_terms.get(*k)) {
                (Some(x), Some(t)) => (*x, t[4]),
                _ => continue,
            };
            let rx = r + x;
            let l_t = (alpha + age).ln();
            let a3 = -rx * l_t;
            if x > 0.0 {
                let l_tx = (alpha + t_x).ln();
                let a4 = ln_a - lb - rx * l_tx;
                let m = a3.max(a4);
                let e3 = (a3 - m).exp();
                let e4 = (a4 - m).exp();
                let s = e3 + e4;
                total += w * (m + s.ln());
                let w3 = w * e3 / s;
                let w4 = w * e4 / s;
                g[0] -= w3 * l_t + w4 * l_tx;
                g[1] -= rx * (w3 / (alpha + age) + w4 / (alpha + t_x));
                g[2] += w4 / a;
                g[3] -= w4 / (b + x - 1.0);
            } else {
                total += w * a3;
                g[0] -= w * l_t;
                g[1] -= w * rx / (alpha + age);
            }
        }
        let n = self.customers;
        let p = [r, alpha, a, b];
        for i in 0..4 {
            grad[i] = -g[i] * p[i] / n;
        }
        -total / n
    }
}

/// Fits the BG/NBD model by maximum likelihood to per-customer summaries (equal-length slices).
///
/// Errors: different lengths, fewer than 3 customers, a value that is not finite, a frequency
/// that is not a whole number ≥ 0, an age < 0, a recency outside [0, T] (or 0 with repeat
/// purchases), no customer with a repeat purchase, or an optimum at the edge of the parameter
/// space (the data do not identify the model).
pub fn fit_bgnbd(frequency: &[f64], recency: &[f64], age: &[f64]) -> Result<BgNbdFit, Error> {
    let n = frequency.len();
    check_lengths("recency", n, recency.len())?;
    check_lengths("age T", n, age.len())?;
    if n < 3 {
        return Err(Error::TooShort { needed: 3, got: n });
    }
    for (i, ((x, t), tt)) in frequency.iter().zip(recency).zip(age).enumerate() {
        check_customer(i, *x, *t, *tt)?;
    }
    if frequency.iter().all(|x| *x == 0.0) {
        return Err(Error::NoVariation);
    }
    let mut data = BgData::new(frequency, recency, age);
    let mean_age = age.iter().sum::<f64>() / n as f64;
    let mean_x = frequency.iter().sum::<f64>() / n as f64;
    // Starts: purchase rate r/alpha near the observed repeat rate; a few dropout shapes.
    let mut best: Option<Minimum<4>> = None;
    for (r0, a0, b0) in [(1.0, 1.0, 1.0), (0.3, 0.7, 2.5), (2.0, 2.0, 5.0)] {
        let alpha0 = r0 * mean_age / (mean_x + 0.1);
        let x0 = [r0, alpha0, a0, b0].map(|v: f64| v.ln());
        let m = bfgs(&mut |t, g| data.neg_mean_ll(t, g), x0, 1000);
        if best.as_ref().is_none_or(|b| m.f < b.f) {
            best = Some(m);
        }
    }
    let best = best.ok_or_else(|| invalid("the BG/NBD fit did not run"))?;
    let best = newton_polish(&mut |t, g| data.neg_mean_ll(t, g), best);
    if !best.f.is_finite() || best.grad_norm > 1e-5 || best.x.iter().any(|t| t.abs() > 25.0) {
        return Err(invalid(
            "the BG/NBD fit did not converge to an interior optimum; the data do not identify \
             the model (too few repeat purchases or no sign of customers dropping out)",
        ));
    }
    let [r, alpha, a, b] = best.x.map(f64::exp);
    Ok(BgNbdFit {
        params: BgNbd { r, alpha, a, b },
        log_likelihood: -best.f * n as f64,
        customers: n,
    })
}

impl BgNbd {
    fn check(&self) -> Result<(), Error> {
        let ok = |v: f64| v.is_finite() && v > 0.0;
        if ok(self.r) && ok(self.alpha) && ok(self.a) && ok(self.b) {
            Ok(())
        } else {
            Err(invalid(format!(
                "the BG/NBD parameters must be finite and > 0, got r {}, alpha {}, a {}, b {}",
                self.r, self.alpha, self.a, self.b
            )))
        }
    }

    /// Log-likelihood of one customer's summary (paper eq. 6).
    pub fn log_likelihood(&self, frequency: f64, recency: f64, age: f64) -> Result<f64, Error> {
        self.check()?;
        check_customer(0, frequency, recency, age)?;
        let BgNbd { r, alpha, a, b } = *self;
        let x = frequency;
        let a12 =
            ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + ln_gamma(a + b) + ln_gamma(b + x)
                - ln_gamma(b)
                - ln_gamma(a + b + x);
        let a3 = -(r + x) * (alpha + age).ln();
        if x == 0.0 {
            return Ok(a12 + a3);
        }
        let a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + recency).ln();
        let m = a3.max(a4);
        Ok(a12 + m + ((a3 - m).exp() + (a4 - m).exp()).ln())
    }

    /// Probability that a customer with this history is still alive at T (paper eq. 12 in
    /// logistic form); 1 for customers without repeat purchases.
    pub fn p_alive(&self, frequency: f64, recency: f64, age: f64) -> Result<f64, Error> {
        self.check()?;
        check_customer(0, frequency, recency, age)?;
        if frequency == 0.0 {
            return Ok(1.0);
        }
        let BgNbd { r, alpha, a, b } = *self;
        let x = frequency;
        let log_odds_dead =
            (r + x) * ((alpha + age) / (alpha + recency)).ln() + (a / (b + x - 1.0)).ln();
        Ok(1.0 / (1.0 + log_odds_dead.exp()))
    }

    /// Expected number of purchases in (T, T + t] for a customer with this history (paper
    /// eq. 10). The hypergeometric term is taken in Euler's transformed form
    /// (1 − z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose parameters do not grow with x; at
    /// a = 1 (a removable singularity) the value is the mean of a = 1 ± 1e-4.
    pub fn expected_purchases(
        &self,
        t: f64,
        frequency: f64,
        recency: f64,
        age: f64,
    ) -> Result<f64, Error> {
        self.check()?;
        check_customer(0, frequency, recency, age)?;
        if !t.is_finite() || t < 0.0 {
            return Err(invalid(format!(
                "the horizon t must be a finite number ≥ 0, got {t}"
            )));
        }
        if t == 0.0 {
            return Ok(0.0);
        }
        const H: f64 = 1e-4;
        if (self.a - 1.0).abs() < H {
            let lo = BgNbd {
                a: 1.0 - H,
                ..*self
            };
            let hi = BgNbd {
                a: 1.0 + H,
                ..*self
            };
            let v = 0.5
                * (lo.expected_unchecked(t, frequency, recency, age)?
                    + hi.expected_unchecked(t, frequency, recency, age)?);
            return Ok(v);
        }
        self.expected_unchecked(t, frequency, recency, age)
    }

    fn expected_unchecked(&self, t: f64, x: f64, t_x: f64, age: f64) -> Result<f64, Error> {
        let BgNbd { r, alpha, a, b } = *self;
        let z = t / (alpha + age + t);
        let f = hyp2f1(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z)?;
        // 1 − (1−z)^(a−1) F, with the power through exp_m1 for small horizons.
        let pow_m1 = ((a - 1.0) * (-z).ln_1p()).exp_m1();
        let second = -(pow_m1 + (f - 1.0) * (1.0 + pow_m1));
        let first = (a + b + x - 1.0) / (a - 1.0);
        let denom = if x > 0.0 {
            1.0 + (a / (b + x - 1.0)) * ((r + x) * ((alpha + age) / (alpha + t_x)).ln()).exp()
        } else {
            1.0
        };
        Ok(first * second / denom)
    }
}

// ---------------------------------------------------------------------------------------------
// Gamma-Gamma.

struct GgData {
    /// (x, ln x, ln m) of the repeat buyers.
    cust: Vec<[f64; 3]>,
    m: Vec<f64>,
    level_x: Vec<f64>,
    level_of: Vec<usize>,
    /// Per level scratch: (lnΓ(px+q) − lnΓ(px), ψ(px+q) − ψ(px), ψ(px+q)).
    level_terms: Vec<[f64; 3]>,
}

impl GgData {
    fn neg_mean_ll(&mut self, theta: &[f64; 3], grad: &mut [f64; 3]) -> f64 {
        if theta.iter().any(|t| !t.is_finite() || t.abs() > LOG_BOUND) {
            return f64::INFINITY;
        }
        let [p, q, v] = theta.map(f64::exp);
        let lg_q = ln_gamma(q);
        let dg_q = digamma(q);
        let ln_v = v.ln();
        for (x, terms) in self.level_x.iter().zip(self.level_terms.iter_mut()) {
            let px = p * x;
            let dg = digamma(px + q);
            *terms = [ln_gamma(px + q) - ln_gamma(px), dg - digamma(px), dg];
        }
        let mut total = 0.0;
        let mut g = [0.0; 3];
        for ((c, m), k) in self.cust.iter().zip(&self.m).zip(&self.level_of) {
            let Some(terms) = self.level_terms.get(*k) else {
                continue;
            };
            let [x, ln_x, ln_m] = *c;
            let px = p * x;
            let xm_v = x * m + v;
            let ln_xm_v = xm_v.ln();
            total +=
                terms[0] - lg_q + q * ln_v + (px - 1.0) * ln_m + px * ln_x - (px + q) * ln_xm_v;
            g[0] += x * (terms[1] + ln_m + ln_x - ln_xm_v);
            g[1] += terms[2] - dg_q + ln_v - ln_xm_v;
            g[2] += q / v - (px + q) / xm_v;
        }
        let n = self.cust.len() as f64;
        let par = [p, q, v];
        for i in 0..3 {
            grad[i] = -g[i] * par[i] / n;
        }
        -total / n
    }
}

/// Fits the Gamma-Gamma spend model by maximum likelihood on the customers with frequency > 0
/// (`monetary` is the mean value of each customer's repeat purchases; customers with frequency
/// 0 are skipped whatever their monetary value).
///
/// Errors: different lengths, a value that is not finite, a frequency that is not a whole
/// number ≥ 0, a monetary value ≤ 0 for a repeat buyer, fewer than 3 repeat buyers, all repeat
/// buyers with the same mean spend, or an optimum at the edge of the parameter space.
pub fn fit_gamma_gamma(frequency: &[f64], monetary: &[f64]) -> Result<GammaGammaFit, Error> {
    check_lengths("monetary value", frequency.len(), monetary.len())?;
    let mut cust = Vec::new();
    let mut m = Vec::new();
    let mut xs = Vec::new();
    for (i, (x, mv)) in frequency.iter().zip(monetary).enumerate() {
        if !(x.is_finite() && mv.is_finite()) {
            return Err(Error::NotFinite);
        }
        if *x < 0.0 || x.fract() != 0.0 {
            return Err(invalid(format!(
                "customer {}: the frequency must be a whole number ≥ 0, got {x}",
                i + 1
            )));
        }
        if *x == 0.0 {
            continue;
        }
        if *mv <= 0.0 {
            return Err(invalid(format!(
                "customer {}: the mean spend of a repeat buyer must be > 0, got {mv}",
                i + 1
            )));
        }
        cust.push([*x, x.ln(), mv.ln()]);
        m.push(*mv);
        xs.push(*x);
    }
    if cust.len() < 3 {
        return Err(Error::TooShort {
            needed: 3,
            got: cust.len(),
        });
    }
    let first = m.first().copied().unwrap_or(0.0);
    if m.iter().all(|v| *v == first) {
        return Err(Error::NoVariation);
    }
    let (level_x, _, level_of) = levels(&xs);
    let level_terms = vec![[0.0; 3]; level_x.len()];
    let n = cust.len();
    let mean_m = m.iter().sum::<f64>() / n as f64;
    let mut data = GgData {
        cust,
        m,
        level_x,
        level_of,
        level_terms,
    };
    let mut best: Option<Minimum<3>> = None;
    // Starts with the implied mean spend p·v/(q−1) near the observed mean where q > 1.
    for (p0, q0, v_rel) in [(1.0, 2.0, 1.0), (5.0, 4.0, 0.6), (1.0, 1.0, 0.1)] {
        let x0 = [p0, q0, v_rel * mean_m].map(|v: f64| v.ln());
        let mm = bfgs(&mut |t, g| data.neg_mean_ll(t, g), x0, 1000);
        if best.as_ref().is_none_or(|b| mm.f < b.f) {
            best = Some(mm);
        }
    }
    let best = best.ok_or_else(|| invalid("the Gamma-Gamma fit did not run"))?;
    let best = newton_polish(&mut |t, g| data.neg_mean_ll(t, g), best);
    if !best.f.is_finite() || best.grad_norm > 1e-5 || best.x.iter().any(|t| t.abs() > 25.0) {
        return Err(invalid(
            "the Gamma-Gamma fit did not converge to an interior optimum; the spend data do not \
             identify the model (too few repeat buyers or too little variation in spend)",
        ));
    }
    let [p, q, v] = best.x.map(f64::exp);
    Ok(GammaGammaFit {
        params: GammaGamma { p, q, v },
        log_likelihood: -best.f * n as f64,
        customers: n,
    })
}

impl GammaGamma {
    /// Expected mean spend per transaction of a customer with `frequency` repeat purchases of
    /// mean value `monetary` (Hardie's note 025 eq. 5): a weighted mean of the population mean
    /// p·v/(q−1) and the customer's own mean (which is ignored when the frequency is 0).
    ///
    /// Errors: q ≤ 1 (the population mean spend does not exist), parameters not finite and > 0,
    /// a frequency that is not a whole number ≥ 0, a monetary value not finite.
    pub fn expected_spend(&self, frequency: f64, monetary: f64) -> Result<f64, Error> {
        let GammaGamma { p, q, v } = *self;
        if !(p.is_finite() && q.is_finite() && v.is_finite() && p > 0.0 && v > 0.0) {
            return Err(invalid(format!(
                "the Gamma-Gamma parameters must be finite and > 0, got p {p}, q {q}, v {v}"
            )));
        }
        if q <= 1.0 {
            return Err(invalid(format!(
                "the Gamma-Gamma q is {q}; the expected spend needs q > 1 (more repeat buyers or \
                 less extreme spend values)"
            )));
        }
        if !(frequency.is_finite() && monetary.is_finite()) {
            return Err(Error::NotFinite);
        }
        if frequency < 0.0 || frequency.fract() != 0.0 {
            return Err(invalid(format!(
                "the frequency must be a whole number ≥ 0, got {frequency}"
            )));
        }
        let w = p * frequency / (p * frequency + q - 1.0);
        let population = p * v / (q - 1.0);
        let own = if frequency > 0.0 { monetary } else { 0.0 };
        Ok((1.0 - w) * population + w * own)
    }
}

// ---------------------------------------------------------------------------------------------
// CLV.

/// Weeks per month used by `lifetimes` for weekly data (`freq="W"`).
pub const WEEKS_PER_MONTH: f64 = 4.345;
/// Days per month used by `lifetimes` for daily data (`freq="D"`).
pub const DAYS_PER_MONTH: f64 = 30.0;

/// Discounted customer lifetime value over `months` months, as `lifetimes`'
/// `GammaGammaFitter.customer_lifetime_value`: for each month k = 1..=months, the BG/NBD
/// expected purchases in month k (difference of the conditional expectations at k and k−1
/// months, with `units_per_month` time units per month) times the Gamma-Gamma expected spend,
/// divided by (1 + monthly_discount)^k, summed.
///
/// Errors: those of [`BgNbd::expected_purchases`] and [`GammaGamma::expected_spend`], months
/// = 0 or above 1,200, a discount ≤ −1 or not finite, units per month ≤ 0 or not finite.
#[allow(clippy::too_many_arguments)]
pub fn customer_lifetime_value(
    bg: &BgNbd,
    gg: &GammaGamma,
    frequency: f64,
    recency: f64,
    age: f64,
    monetary: f64,
    months: usize,
    monthly_discount: f64,
    units_per_month: f64,
) -> Result<f64, Error> {
    if months == 0 || months > 1200 {
        return Err(invalid(format!(
            "the horizon must be between 1 and 1200 months, got {months}"
        )));
    }
    if !monthly_discount.is_finite() || monthly_discount <= -1.0 {
        return Err(invalid(format!(
            "the monthly discount rate must be a number > −1 (e.g. 0.01 for 1 %), got \
             {monthly_discount}"
        )));
    }
    if !units_per_month.is_finite() || units_per_month <= 0.0 {
        return Err(invalid(format!(
            "the time units per month must be > 0 (4.345 for weeks, 30 for days), got \
             {units_per_month}"
        )));
    }
    let spend = gg.expected_spend(frequency, monetary)?;
    let mut prev = 0.0;
    let mut total = 0.0;
    let mut factor = 1.0;
    for k in 1..=months {
        let cum = bg.expected_purchases(k as f64 * units_per_month, frequency, recency, age)?;
        factor *= 1.0 + monthly_discount;
        total += spend * (cum - prev) / factor;
        prev = cum;
    }
    Ok(total)
}

#[cfg(test)]
mod tests;
