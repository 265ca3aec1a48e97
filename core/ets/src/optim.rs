//! Nelder–Mead minimiser (with the dimension-adaptive coefficients of Gao & Han 2012, box
//! clamping of the coordinates that have finite bounds, convergence on the standard deviation of
//! the simplex values, as statsforecast's ETS optimiser) and R's parameter checks for ETS
//! (`check.param`: "usual" bounds and the admissibility region, `bounds = "both"`).

/// Minimises `f` from `x0`. Coordinates are clamped into `[lower, upper]` (use infinities for
/// unbounded ones). Stops when the population standard deviation of the simplex values is below
/// `tol` or after `max_iter` iterations. Returns the best point and value.
pub(crate) fn nelder_mead<F: FnMut(&[f64]) -> f64>(
    mut f: F,
    x0: &[f64],
    lower: &[f64],
    upper: &[f64],
    tol: f64,
    max_iter: usize,
) -> (Vec<f64>, f64) {
    let n = x0.len();
    let clamp = |x: &mut [f64]| {
        for ((v, lo), hi) in x.iter_mut().zip(lower).zip(upper) {
            if *v < *lo {
                *v = *lo;
            }
            if *v > *hi {
                *v = *hi;
            }
        }
    };
    let mut eval = |x: &[f64]| {
        let v = f(x);
        if v.is_nan() { f64::INFINITY } else { v }
    };
    if n == 0 {
        let v = eval(x0);
        return (x0.to_vec(), v);
    }
    let nf = n as f64;
    let (ra, ge, rc, sh) = (1.0, 1.0 + 2.0 / nf, 0.75 - 0.5 / nf, 1.0 - 1.0 / nf);
    // simplex stored row-wise: (n + 1) points of n coordinates
    let mut sx = vec![0.0; (n + 1) * n];
    let mut fv = vec![0.0; n + 1];
    for i in 0..=n {
        let row = &mut sx[i * n..(i + 1) * n];
        row.copy_from_slice(x0);
        if i > 0 {
            let v = row[i - 1];
            row[i - 1] = if v != 0.0 { v * 1.05 } else { 1e-4 };
        }
        clamp(row);
        fv[i] = eval(row);
    }
    let mut order: Vec<usize> = (0..=n).collect();
    let mut cen = vec![0.0; n];
    let mut xr = vec![0.0; n];
    let mut xe = vec![0.0; n];
    for _ in 0..max_iter {
        order.sort_by(|&a, &b| fv[a].total_cmp(&fv[b]));
        // convergence on the spread of the values
        let mean = fv.iter().sum::<f64>() / (nf + 1.0);
        let var = fv.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (nf + 1.0);
        if var.is_finite() && var.sqrt() < tol {
            break;
        }
        let (best, worst, second) = (order[0], order[n], order[n - 1]);
        cen.fill(0.0);
        for &i in &order[..n] {
            for (c, v) in cen.iter_mut().zip(&sx[i * n..(i + 1) * n]) {
                *c += v;
            }
        }
        for c in cen.iter_mut() {
            *c /= nf;
        }
        for j in 0..n {
            xr[j] = cen[j] + ra * (cen[j] - sx[worst * n + j]);
        }
        clamp(&mut xr);
        let fr = eval(&xr);
        if fr < fv[best] {
            for j in 0..n {
                xe[j] = cen[j] + ge * (xr[j] - cen[j]);
            }
            clamp(&mut xe);
            let fe = eval(&xe);
            if fe < fr {
                sx[worst * n..(worst + 1) * n].copy_from_slice(&xe);
                fv[worst] = fe;
            } else {
                sx[worst * n..(worst + 1) * n].copy_from_slice(&xr);
                fv[worst] = fr;
            }
            continue;
        }
        if fr < fv[second] {
            sx[worst * n..(worst + 1) * n].copy_from_slice(&xr);
            fv[worst] = fr;
            continue;
        }
        // contraction (outside if the reflected point beats the worst, else inside)
        let outside = fr < fv[worst];
        for j in 0..n {
            let from = if outside { xr[j] } else { sx[worst * n + j] };
            xe[j] = cen[j] + rc * (from - cen[j]);
        }
        clamp(&mut xe);
        let fc = eval(&xe);
        if (outside && fc <= fr) || (!outside && fc < fv[worst]) {
            sx[worst * n..(worst + 1) * n].copy_from_slice(&xe);
            fv[worst] = fc;
            continue;
        }
        // shrink towards the best point
        for &i in &order[1..] {
            for j in 0..n {
                let b = sx[best * n + j];
                sx[i * n + j] = b + sh * (sx[i * n + j] - b);
            }
            clamp(&mut sx[i * n..(i + 1) * n]);
            fv[i] = eval(&sx[i * n..(i + 1) * n]);
        }
    }
    let mut bi = 0;
    for i in 1..=n {
        if fv[i] < fv[bi] {
            bi = i;
        }
    }
    (sx[bi * n..(bi + 1) * n].to_vec(), fv[bi])
}

/// R's "usual" bounds on the smoothing parameters.
pub(crate) const LOWER: [f64; 4] = [1e-4, 1e-4, 1e-4, 0.8];
/// R's "usual" upper bounds (alpha, beta, gamma, phi).
pub(crate) const UPPER: [f64; 4] = [0.9999, 0.9999, 0.9999, 0.98];

/// All roots of Σ c_k z^k (c\[deg\] != 0) have modulus <= `radius`? Schur–Cohn recursion on the
/// polynomial rescaled by the radius; allocation free (degree <= 31).
fn roots_within(coef: &[f64], radius: f64) -> bool {
    let mut c = [0.0f64; 32];
    let len = coef.len();
    if len > c.len() || len == 0 {
        return false;
    }
    let mut r = 1.0;
    for (dst, src) in c.iter_mut().zip(coef) {
        *dst = src * r;
        r *= radius;
    }
    let mut d = len - 1;
    while d > 0 {
        let (p0, pd) = (c[0], c[d]);
        if p0.abs() >= pd.abs() || p0.is_nan() || pd.is_nan() {
            return false;
        }
        let mut mx: f64 = 0.0;
        for j in 0..d {
            let q = pd * c[j + 1] - p0 * c[d - j - 1];
            c[j] = q;
            mx = mx.max(q.abs());
        }
        if !(mx > 0.0 && mx.is_finite()) {
            return false;
        }
        for v in &mut c[..d] {
            *v /= mx;
        }
        d -= 1;
    }
    true
}

/// R's `admissible()` (Hyndman et al. 2008, ch. 10): forecastability region of the linear
/// models, also applied (as R does) to the nonlinear ones. `beta`, `gamma`, `phi` are `None` when
/// the component is absent.
pub(crate) fn admissible(
    alpha: f64,
    beta: Option<f64>,
    gamma: Option<f64>,
    phi: Option<f64>,
    m: usize,
) -> bool {
    let phi = phi.unwrap_or(1.0);
    if !(0.0..=1.0 + 1e-8).contains(&phi) {
        return false;
    }
    match gamma {
        None => {
            if alpha < 1.0 - 1.0 / phi || alpha > 1.0 + 1.0 / phi {
                return false;
            }
            if let Some(beta) = beta
                && (beta < alpha * (phi - 1.0) || beta > (1.0 + phi) * (2.0 - alpha))
            {
                return false;
            }
            true
        }
        Some(gamma) if m > 1 => {
            let beta = beta.unwrap_or(0.0);
            let mf = m as f64;
            if gamma < (1.0 - 1.0 / phi - alpha).max(0.0) || gamma > 1.0 + 1.0 / phi - alpha {
                return false;
            }
            if alpha < 1.0 - 1.0 / phi - gamma * (1.0 - mf + phi + phi * mf) / (2.0 * phi * mf) {
                return false;
            }
            if beta < -(1.0 - phi) * (gamma / mf + alpha) {
                return false;
            }
            // characteristic polynomial, coefficients of z^0 .. z^(m+1)
            let mut p = [0.0f64; 32];
            if m + 2 > p.len() {
                return false;
            }
            p[0] = phi * (1.0 - alpha - gamma);
            p[1] = alpha + beta - alpha * phi + gamma - 1.0;
            for v in &mut p[2..m] {
                *v = alpha + beta - alpha * phi;
            }
            p[m] = alpha + beta - phi;
            p[m + 1] = 1.0;
            // Without trend (beta = 0, phi = 1) z = 1 is an exact root, which R's numerical
            // root finder reports as |z| = 1 (admissible); divide it out before the test.
            let d = m + 1;
            let at_one: f64 = p[..=d].iter().sum();
            let scale: f64 = p[..=d].iter().map(|v| v.abs()).sum();
            if at_one.abs() <= 1e-10 * scale {
                let mut q = [0.0f64; 32];
                let mut acc = 0.0;
                for k in (0..d).rev() {
                    acc += p[k + 1];
                    q[k] = acc;
                }
                return roots_within(&q[..d], 1.0 + 1e-10);
            }
            roots_within(&p[..=d], 1.0 + 1e-10)
        }
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nm_minimises_rosenbrock() {
        let f = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let inf = f64::INFINITY;
        let (x, v) = nelder_mead(f, &[-1.2, 1.0], &[-inf; 2], &[inf; 2], 1e-14, 5000);
        assert!(v < 1e-8, "{v}");
        assert!((x[0] - 1.0).abs() < 1e-3);
    }

    #[test]
    fn schur_cohn_matches_known_roots() {
        // (z - 0.5)(z + 0.9) = z² + 0.4 z - 0.45: inside
        assert!(roots_within(&[-0.45, 0.4, 1.0], 1.0));
        // (z - 1.1)(z + 0.2) = z² - 0.9 z - 0.22: outside
        assert!(!roots_within(&[-0.22, -0.9, 1.0], 1.0));
    }

    #[test]
    fn admissible_regions() {
        assert!(admissible(0.3, Some(0.1), Some(0.1), None, 12));
        assert!(admissible(0.5, None, None, None, 1));
        // Holt: beta above (1+phi)(2-alpha) is outside
        assert!(!admissible(0.5, Some(3.5), None, None, 1));
    }
}
