//! Point forecasts and prediction intervals (Hyndman et al. 2008, ch. 6).
//!
//! * Class 1 (additive error; trend N/A/Ad; season N/A): exact variance
//!   σ²·(1 + Σ_{j<h} c_j²), c_j = α + β·Σ_{i<=j} φ^i + γ·[j ≡ 0 mod m] (equal to the closed forms
//!   of table 6.1 used by R and statsforecast).
//! * Class 2 (multiplicative error; trend N/A/Ad; season N/A): exact
//!   v_h = (1 + σ²)·θ_h − μ_h², θ_h = μ_h² + σ²·Σ_{j<h} c_j²·θ_{h−j} (eq. 6.3).
//! * Class 3 (multiplicative error and season; trend N/A/Ad): the moment recursion of section
//!   6.5 on the Kronecker products of the level/trend and seasonal blocks (as R's
//!   `class3models`; here the level/trend block uses w = (1, φ) so damping is exact).
//! * Other models (multiplicative trend, or additive error with multiplicative season), which have
//!   no closed form and for which R and statsforecast simulate: a deterministic first-order
//!   (delta-method) propagation of the state covariance, P ← A·P·Aᵀ + σ²·g·gᵀ with A and g the
//!   Jacobians of the state transition along the point-forecast path (central differences).
//!
//! Bounds are mean ± z·√v with z the normal quantile. A variance that comes out negative or
//! non-finite is replaced by the class-1-style value (σ²·(1 + (h−1)α²), times μ_h² for
//! multiplicative error), so bounds are never NaN; non-finite point forecasts return
//! [`Error::NumericalFailure`].
use crate::filter::Kind;
use crate::{Error, ErrorType, EtsFit, SeasonType, TrendType, normal_quantile};

/// Point forecasts with prediction interval bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Point forecasts for steps 1..=h.
    pub mean: Vec<f64>,
    /// Lower bounds of the prediction interval.
    pub lower: Vec<f64>,
    /// Upper bounds of the prediction interval.
    pub upper: Vec<f64>,
}

/// Row-major square matrix product c = a·b (d×d).
fn mm(a: &[f64], b: &[f64], d: usize) -> Vec<f64> {
    let mut c = vec![0.0; d * d];
    for i in 0..d {
        for k in 0..d {
            let aik = a[i * d + k];
            if aik == 0.0 {
                continue;
            }
            for j in 0..d {
                c[i * d + j] += aik * b[k * d + j];
            }
        }
    }
    c
}

fn tr(a: &[f64], d: usize) -> Vec<f64> {
    let mut t = vec![0.0; d * d];
    for i in 0..d {
        for j in 0..d {
            t[j * d + i] = a[i * d + j];
        }
    }
    t
}

/// a·x·bᵀ for square d×d matrices.
fn axbt(a: &[f64], x: &[f64], b: &[f64], d: usize) -> Vec<f64> {
    mm(&mm(a, x, d), &tr(b, d), d)
}

/// Kronecker product of a (ra×ca) and b (rb×cb), row-major.
fn kron(a: &[f64], ra: usize, ca: usize, b: &[f64], rb: usize, cb: usize) -> Vec<f64> {
    let (r, c) = (ra * rb, ca * cb);
    let mut out = vec![0.0; r * c];
    for i in 0..ra {
        for j in 0..ca {
            for k in 0..rb {
                for l in 0..cb {
                    out[(i * rb + k) * c + j * cb + l] = a[i * ca + j] * b[k * cb + l];
                }
            }
        }
    }
    out
}

impl EtsFit {
    fn phi(&self) -> f64 {
        if self.spec.damped && self.spec.trend != TrendType::None {
            self.params.phi.unwrap_or(1.0)
        } else {
            1.0
        }
    }

    /// Point forecasts only.
    fn point(&self, h: usize) -> Vec<f64> {
        let phi = self.phi();
        let l = self.final_level;
        let b = self.final_trend.unwrap_or(0.0);
        let m = self.final_seasons.len();
        let mut out = Vec::with_capacity(h);
        let mut phisum = 0.0;
        let mut pk = 1.0;
        for step in 1..=h {
            pk *= phi;
            phisum += pk;
            let q = match self.spec.trend {
                TrendType::None => l,
                TrendType::Additive => l + phisum * b,
                TrendType::Multiplicative => l * b.powf(phisum),
            };
            let s = if m > 0 {
                self.final_seasons[(step - 1) % m]
            } else {
                0.0
            };
            out.push(match self.spec.season {
                SeasonType::None => q,
                SeasonType::Additive => q + s,
                SeasonType::Multiplicative => q * s,
            });
        }
        out
    }

    /// c_j for j = 1..h-1 of the linear models (classes 1 and 2).
    fn cvals(&self, h: usize) -> Vec<f64> {
        let phi = self.phi();
        let a = self.params.alpha;
        let b = self.params.beta.unwrap_or(0.0);
        let g = self.params.gamma.unwrap_or(0.0);
        let m = self.final_seasons.len().max(1);
        let has_s = self.spec.season != SeasonType::None;
        let mut out = Vec::with_capacity(h);
        let (mut phisum, mut pk) = (0.0, 1.0);
        for j in 1..h {
            pk *= phi;
            phisum += pk;
            let mut c = a;
            if self.spec.trend != TrendType::None {
                c += b * phisum;
            }
            if has_s && j % m == 0 {
                c += g;
            }
            out.push(c);
        }
        out
    }

    fn class3_var(&self, h: usize, sig: f64) -> Vec<f64> {
        let m = self.final_seasons.len();
        let phi = self.phi();
        let (a, b, g) = (
            self.params.alpha,
            self.params.beta.unwrap_or(0.0),
            self.params.gamma.unwrap_or(0.0),
        );
        let has_b = self.spec.trend != TrendType::None;
        let d1 = if has_b { 2 } else { 1 };
        let (h1, f1, g1): (Vec<f64>, Vec<f64>, Vec<f64>) = if has_b {
            (
                vec![1.0, phi],
                vec![1.0, phi, 0.0, phi],
                vec![a, a * phi, b, b * phi],
            )
        } else {
            (vec![1.0], vec![1.0], vec![a])
        };
        let mut h2 = vec![0.0; m];
        h2[m - 1] = 1.0;
        let mut f2 = vec![0.0; m * m];
        f2[m - 1] = 1.0;
        for i in 1..m {
            f2[i * m + i - 1] = 1.0;
        }
        let mut g2 = vec![0.0; m * m];
        g2[m - 1] = g;
        let x1: Vec<f64> = if has_b {
            vec![self.final_level, self.final_trend.unwrap_or(0.0)]
        } else {
            vec![self.final_level]
        };
        let x2: Vec<f64> = (0..m).map(|i| self.final_seasons[m - 1 - i]).collect();
        // Mh (d1 × m) row-major
        let mut mh = vec![0.0; d1 * m];
        for r in 0..d1 {
            for c in 0..m {
                mh[r * m + c] = x1[r] * x2[c];
            }
        }
        let d = d1 * m;
        // vec() is column-major: index c*d1 + r, so Kronecker products are kron(B2, B1)
        let h21 = kron(&h2, 1, m, &h1, 1, d1);
        let f21 = kron(&f2, m, m, &f1, d1, d1);
        let g21 = kron(&g2, m, m, &g1, d1, d1);
        let k1 = kron(&g2, m, m, &f1, d1, d1);
        let k2 = kron(&f2, m, m, &g1, d1, d1);
        let kk: Vec<f64> = k1.iter().zip(&k2).map(|(u, v)| u + v).collect();
        let mut vh = vec![0.0; d * d];
        let mut var = Vec::with_capacity(h);
        for _ in 0..h {
            let mut mu = 0.0;
            for r in 0..d1 {
                mu += h1[r] * mh[r * m + (m - 1)];
            }
            let mut hvh = 0.0;
            for i in 0..d {
                for j in 0..d {
                    hvh += h21[i] * vh[i * d + j] * h21[j];
                }
            }
            var.push((1.0 + sig) * hvh + sig * mu * mu);
            let mut vm = vec![0.0; d];
            for r in 0..d1 {
                for c in 0..m {
                    vm[c * d1 + r] = mh[r * m + c];
                }
            }
            let mut outer = vec![0.0; d * d];
            for i in 0..d {
                for j in 0..d {
                    outer[i * d + j] = vm[i] * vm[j];
                }
            }
            let e1 = axbt(&f21, &vh, &f21, d);
            let e2 = axbt(&f21, &vh, &g21, d);
            let e3 = axbt(&g21, &vh, &f21, d);
            let vo: Vec<f64> = vh.iter().zip(&outer).map(|(v, o)| v + o).collect();
            let e4 = axbt(&kk, &vo, &kk, d);
            let v3: Vec<f64> = vh
                .iter()
                .zip(&outer)
                .map(|(v, o)| 3.0 * v + 2.0 * o)
                .collect();
            let e5 = axbt(&g21, &v3, &g21, d);
            for i in 0..d * d {
                vh[i] = e1[i] + sig * (e2[i] + e3[i] + e4[i] + sig * e5[i]);
            }
            // Mh <- F1 Mh F2' + sig G1 Mh G2'
            let mut nm = vec![0.0; d1 * m];
            for r in 0..d1 {
                for c in 0..m {
                    let mut acc = 0.0;
                    for k in 0..d1 {
                        for l in 0..m {
                            acc += (f1[r * d1 + k] * f2[c * m + l]
                                + sig * g1[r * d1 + k] * g2[c * m + l])
                                * mh[k * m + l];
                        }
                    }
                    nm[r * m + c] = acc;
                }
            }
            mh = nm;
        }
        var
    }

    /// One step of the model from state x = [l, b?, s_0..s_{m-1} (chronological)] with
    /// innovation eps; writes the new state into `out`, returns the forecast.
    fn transition(&self, k: &Kind, x: &[f64], eps: f64, out: &mut [f64]) -> f64 {
        let phi = self.phi();
        let has_b = k.trend != TrendType::None;
        let l = x[0];
        let b = if has_b { x[1] } else { 0.0 };
        let so = usize::from(has_b) + 1;
        let s = if k.season != SeasonType::None {
            x[so]
        } else {
            0.0
        };
        let phib = match k.trend {
            TrendType::None => 0.0,
            TrendType::Additive => phi * b,
            TrendType::Multiplicative => b.powf(phi),
        };
        let q = match k.trend {
            TrendType::None => l,
            TrendType::Additive => l + phib,
            TrendType::Multiplicative => l * phib,
        };
        let f = match k.season {
            SeasonType::None => q,
            SeasonType::Additive => q + s,
            SeasonType::Multiplicative => q * s,
        };
        let y = if k.mult_error {
            f * (1.0 + eps)
        } else {
            f + eps
        };
        let (a, be, g) = (
            self.params.alpha,
            self.params.beta.unwrap_or(0.0),
            self.params.gamma.unwrap_or(0.0),
        );
        let pv = match k.season {
            SeasonType::None => y,
            SeasonType::Additive => y - s,
            SeasonType::Multiplicative => y / s,
        };
        let ln = q + a * (pv - q);
        out[0] = ln;
        if has_b {
            let r = if k.trend == TrendType::Additive {
                ln - l
            } else {
                ln / l
            };
            out[1] = phib + (be / a) * (r - phib);
        }
        if k.season != SeasonType::None {
            let m = k.m;
            let tt = if k.season == SeasonType::Additive {
                y - q
            } else {
                y / q
            };
            for i in 0..m - 1 {
                out[so + i] = x[so + i + 1];
            }
            out[so + m - 1] = s + g * (tt - s);
        }
        f
    }

    fn linearised_var(&self, h: usize, sig: f64) -> Vec<f64> {
        let k = self.spec.kind();
        let mut x = vec![self.final_level];
        if let Some(b) = self.final_trend {
            x.push(b);
        }
        x.extend_from_slice(&self.final_seasons);
        let p = x.len();
        let mut pm = vec![0.0; p * p];
        let mut var = Vec::with_capacity(h);
        let mut xp = vec![0.0; p];
        let mut xm = vec![0.0; p];
        let mut o1 = vec![0.0; p];
        let mut o2 = vec![0.0; p];
        let mut next = vec![0.0; p];
        let eps_step = if k.mult_error {
            1e-3
        } else {
            1e-3 * self.final_level.abs().max(1e-12)
        };
        for _ in 0..h {
            let f = self.transition(&k, &x, 0.0, &mut next);
            // Jacobian A (p×p) and gradient of f
            let mut a = vec![0.0; p * p];
            let mut wf = vec![0.0; p];
            for i in 0..p {
                let hh = 1e-6 * x[i].abs().max(1e-6);
                xp.copy_from_slice(&x);
                xm.copy_from_slice(&x);
                xp[i] += hh;
                xm[i] -= hh;
                let fp = self.transition(&k, &xp, 0.0, &mut o1);
                let fm = self.transition(&k, &xm, 0.0, &mut o2);
                wf[i] = (fp - fm) / (2.0 * hh);
                for r in 0..p {
                    a[r * p + i] = (o1[r] - o2[r]) / (2.0 * hh);
                }
            }
            self.transition(&k, &x, eps_step, &mut o1);
            self.transition(&k, &x, -eps_step, &mut o2);
            let gv: Vec<f64> = (0..p).map(|r| (o1[r] - o2[r]) / (2.0 * eps_step)).collect();
            let mut wpw = 0.0;
            for i in 0..p {
                for j in 0..p {
                    wpw += wf[i] * pm[i * p + j] * wf[j];
                }
            }
            var.push(if k.mult_error {
                (1.0 + sig) * wpw + sig * f * f
            } else {
                wpw + sig
            });
            let mut np = axbt(&a, &pm, &a, p);
            for i in 0..p {
                for j in 0..p {
                    np[i * p + j] += sig * gv[i] * gv[j];
                }
            }
            pm = np;
            x.copy_from_slice(&next);
        }
        var
    }

    /// Forecasts `horizon` steps ahead with a central prediction interval at `level`, given as
    /// a fraction in (0, 1) (e.g. 0.95) or a percentage in [1, 100) (e.g. 95). See the module
    /// documentation of the variance used for each model class. `horizon = 0` gives empty vectors.
    pub fn forecast(&self, horizon: usize, level: f64) -> Result<Forecast, Error> {
        let lv = if level > 0.0 && level < 1.0 {
            level
        } else if (1.0..100.0).contains(&level) {
            level / 100.0
        } else {
            return Err(Error::InvalidLevel);
        };
        let mean = self.point(horizon);
        if mean.iter().any(|v| !v.is_finite()) {
            return Err(Error::NumericalFailure("non-finite point forecast"));
        }
        let z = normal_quantile(0.5 + lv / 2.0);
        let sig = if self.sigma2.is_finite() && self.sigma2 >= 0.0 {
            self.sigma2
        } else {
            0.0
        };
        let mult = self.spec.error == ErrorType::Multiplicative;
        let linear_trend = self.spec.trend != TrendType::Multiplicative;
        let var: Vec<f64> = if horizon == 0 {
            Vec::new()
        } else if !mult && linear_trend && self.spec.season != SeasonType::Multiplicative {
            let c = self.cvals(horizon);
            let mut acc = 1.0;
            let mut v = Vec::with_capacity(horizon);
            v.push(sig);
            for cj in c {
                acc += cj * cj;
                v.push(sig * acc);
            }
            v
        } else if mult && linear_trend && self.spec.season != SeasonType::Multiplicative {
            let c = self.cvals(horizon);
            let mut theta: Vec<f64> = Vec::with_capacity(horizon);
            let mut v = Vec::with_capacity(horizon);
            for hh in 0..horizon {
                let mut s = 0.0;
                for j in 1..=hh {
                    s += c[j - 1] * c[j - 1] * theta[hh - j];
                }
                let th = mean[hh] * mean[hh] + sig * s;
                theta.push(th);
                v.push((1.0 + sig) * th - mean[hh] * mean[hh]);
            }
            v
        } else if mult && linear_trend && !self.final_seasons.is_empty() {
            self.class3_var(horizon, sig)
        } else {
            self.linearised_var(horizon, sig)
        };
        let mut lower = Vec::with_capacity(horizon);
        let mut upper = Vec::with_capacity(horizon);
        for (i, (&mu, &v)) in mean.iter().zip(&var).enumerate() {
            let v = if v.is_finite() && v >= 0.0 {
                v
            } else {
                let base = sig * (1.0 + i as f64 * self.params.alpha * self.params.alpha);
                if mult { base * mu * mu } else { base }
            };
            let half = z * v.sqrt();
            let (lo, hi) = (mu - half, mu + half);
            if lo.is_nan() || hi.is_nan() {
                return Err(Error::NumericalFailure("non-finite interval"));
            }
            lower.push(lo);
            upper.push(hi);
        }
        Ok(Forecast { mean, lower, upper })
    }
}
