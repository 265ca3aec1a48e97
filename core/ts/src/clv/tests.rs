//! Reference tests of the customer-base models.
//!
//! Sources: Fader, Hardie & Lee (2005) "Counting Your Customers the Easy Way" (CDNOW sample,
//! 2,357 customers, 39-week calibration: r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4), and
//! `lifetimes` 0.11.3 on the same data (tests/golden/clv.py → clv.json; log-likelihoods there are
//! sums on the unscaled data with penalizer 0).

use super::*;
use serde_json::Value;

struct Cdnow {
    x: Vec<f64>,
    t_x: Vec<f64>,
    age: Vec<f64>,
    m: Vec<f64>,
}

fn cdnow() -> Cdnow {
    let text = include_str!("../../tests/golden/cdnow_summary.csv");
    let mut d = Cdnow {
        x: vec![],
        t_x: vec![],
        age: vec![],
        m: vec![],
    };
    for line in text.lines().skip(1) {
        let v: Vec<f64> = line.split(',').map(|s| s.trim().parse().unwrap()).collect();
        d.x.push(v[0]);
        d.t_x.push(v[1]);
        d.age.push(v[2]);
        d.m.push(v[3]);
    }
    assert_eq!(d.x.len(), 2357);
    d
}

fn golden() -> Value {
    serde_json::from_str(include_str!("../../tests/golden/clv.json")).unwrap()
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

fn bg_of(g: &Value) -> BgNbd {
    let b = &g["bgnbd"];
    BgNbd {
        r: b["r"].as_f64().unwrap(),
        alpha: b["alpha"].as_f64().unwrap(),
        a: b["a"].as_f64().unwrap(),
        b: b["b"].as_f64().unwrap(),
    }
}

fn gg_of(g: &Value) -> GammaGamma {
    let b = &g["gamma_gamma"];
    GammaGamma {
        p: b["p"].as_f64().unwrap(),
        q: b["q"].as_f64().unwrap(),
        v: b["v"].as_f64().unwrap(),
    }
}

#[test]
fn special_functions_by_construction() {
    // ln Γ(n) = ln (n−1)!; Γ(1/2) = √π; ψ(1) = −γ; ψ(x+1) = ψ(x) + 1/x.
    assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-13);
    assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
    assert!((ln_gamma(171.0) - (1..171).map(|k| (k as f64).ln()).sum::<f64>()).abs() < 1e-10);
    assert!((digamma(1.0) + 0.577_215_664_901_532_9).abs() < 1e-13);
    for x in [0.013, 0.7, 3.3, 25.0] {
        assert!((digamma(x + 1.0) - digamma(x) - 1.0 / x).abs() < 1e-12);
        // derivative of ln Γ by central difference
        let h = 1e-5;
        let num = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
        assert!(
            (num - digamma(x)).abs() < 1e-6 * digamma(x).abs().max(1.0),
            "{x}"
        );
    }
    // 2F1(1,1;2;z) = −ln(1−z)/z; 2F1(a,b;b;z) = (1−z)^(−a).
    for z in [0.1, 0.5, 0.9, 0.999] {
        let v = hyp2f1(1.0, 1.0, 2.0, z).unwrap();
        assert!(rel(v, -(1.0 - z).ln() / z) < 1e-13, "{z}");
        let w = hyp2f1(0.7, 2.3, 2.3, z).unwrap();
        assert!(rel(w, (1.0 - z).powf(-0.7)) < 1e-13, "{z}");
    }
    assert!(hyp2f1(1.0, 1.0, -2.0, 0.5).is_err());
    assert!(hyp2f1(1.0, 1.0, 2.0, 1.0).is_err());
}

#[test]
fn gradient_matches_finite_differences() {
    let d = cdnow();
    let mut data = BgData::new(&d.x, &d.t_x, &d.age);
    assert!(data.weight.len() < d.x.len());
    assert_eq!(data.weight.iter().sum::<f64>(), 2357.0);
    let theta = [-1.2, 1.4, -0.3, 0.9];
    let mut g = [0.0; 4];
    data.neg_mean_ll(&theta, &mut g);
    for i in 0..4 {
        let h = 1e-6;
        let (mut tp, mut tm) = (theta, theta);
        tp[i] += h;
        tm[i] -= h;
        let mut tmp = [0.0; 4];
        let num = (data.neg_mean_ll(&tp, &mut tmp) - data.neg_mean_ll(&tm, &mut tmp)) / (2.0 * h);
        assert!((num - g[i]).abs() < 1e-7, "{i}: {num} vs {}", g[i]);
    }
}

#[test]
fn bgnbd_cdnow_matches_paper_and_lifetimes() {
    let d = cdnow();
    let fit = fit_bgnbd(&d.x, &d.t_x, &d.age).unwrap();
    let p = fit.params;
    // Paper's printed precision (3 decimals; LL 1 decimal): |diff| ≤ half a unit of the last digit.
    assert!((p.r - 0.243).abs() <= 0.0005, "{p:?}");
    assert!((p.alpha - 4.414).abs() <= 0.0005, "{p:?}");
    assert!((p.a - 0.793).abs() <= 0.0005, "{p:?}");
    assert!((p.b - 2.426).abs() <= 0.0005, "{p:?}");
    assert!(
        (fit.log_likelihood + 9582.4).abs() <= 0.05,
        "{}",
        fit.log_likelihood
    );
    // lifetimes 0.11.3 (BFGS, tol 1e-10 on the mean NLL): 1e-3 relative on parameters, and our
    // optimum must not be worse than theirs.
    let g = golden();
    let l = bg_of(&g);
    for (a, b) in [(p.r, l.r), (p.alpha, l.alpha), (p.a, l.a), (p.b, l.b)] {
        assert!(rel(a, b) < 1e-3, "{a} vs {b}");
    }
    let l_ll = g["bgnbd"]["log_likelihood"].as_f64().unwrap();
    assert!(
        fit.log_likelihood >= l_ll - 1e-6,
        "{} vs {l_ll}",
        fit.log_likelihood
    );
    assert!(rel(fit.log_likelihood, l_ll) < 1e-9);
    // The sum of per-customer likelihoods at lifetimes' parameters is lifetimes' LL (1e-10 rel).
    let sum: f64 = (0..d.x.len())
        .map(|i| l.log_likelihood(d.x[i], d.t_x[i], d.age[i]).unwrap())
        .sum();
    assert!(rel(sum, l_ll) < 1e-10, "{sum} vs {l_ll}");
}

#[test]
fn bgnbd_customers_match_lifetimes() {
    // P(alive) and conditional expected purchases at t = 39 and 52 weeks with lifetimes'
    // parameters: 1e-10 relative (same formulas); with our own fit: 1e-4 relative.
    let g = golden();
    let l = bg_of(&g);
    let d = cdnow();
    let own = fit_bgnbd(&d.x, &d.t_x, &d.age).unwrap().params;
    for c in g["customers"].as_array().unwrap() {
        let f = |k: &str| c[k].as_f64().unwrap();
        let (x, t_x, age) = (f("frequency"), f("recency"), f("T"));
        for (model, tol) in [(l, 1e-10), (own, 1e-4)] {
            let pa = model.p_alive(x, t_x, age).unwrap();
            assert!(
                rel(pa, f("p_alive")) < tol,
                "row {}: {pa} vs {}",
                c["row"],
                f("p_alive")
            );
            for (t, key) in [(39.0, "expected_39"), (52.0, "expected_52")] {
                let e = model.expected_purchases(t, x, t_x, age).unwrap();
                assert!(
                    rel(e, f(key)) < tol,
                    "row {} t {t}: {e} vs {}",
                    c["row"],
                    f(key)
                );
            }
        }
    }
}

#[test]
fn gamma_gamma_cdnow_matches_lifetimes() {
    // lifetimes 0.11.3 GammaGammaFitter on the 946 repeat buyers: 1e-3 relative (parameters,
    // expected spend), LL 1e-9 relative and not worse.
    let g = golden();
    let l = gg_of(&g);
    let d = cdnow();
    let fit = fit_gamma_gamma(&d.x, &d.m).unwrap();
    assert_eq!(fit.customers, 946);
    let p = fit.params;
    for (a, b) in [(p.p, l.p), (p.q, l.q), (p.v, l.v)] {
        assert!(rel(a, b) < 1e-3, "{p:?} vs {l:?}");
    }
    let l_ll = g["gamma_gamma"]["log_likelihood"].as_f64().unwrap();
    assert!(fit.log_likelihood >= l_ll - 1e-6);
    assert!(
        rel(fit.log_likelihood, l_ll) < 1e-9,
        "{} vs {l_ll}",
        fit.log_likelihood
    );
    for c in g["customers"].as_array().unwrap() {
        let Some(want) = c.get("expected_spend").and_then(Value::as_f64) else {
            continue;
        };
        let (x, m) = (
            c["frequency"].as_f64().unwrap(),
            c["monetary_value"].as_f64().unwrap(),
        );
        assert!(rel(l.expected_spend(x, m).unwrap(), want) < 1e-12);
        assert!(rel(p.expected_spend(x, m).unwrap(), want) < 1e-3);
    }
}

#[test]
fn clv_matches_lifetimes() {
    // lifetimes' customer_lifetime_value (freq "W", 4.345 weeks a month) for 12 months at 1 %
    // and 6 months at 0 %: 1e-10 relative with lifetimes' parameters, 1e-3 with our fits.
    let g = golden();
    let (lb, lg) = (bg_of(&g), gg_of(&g));
    let d = cdnow();
    let ob = fit_bgnbd(&d.x, &d.t_x, &d.age).unwrap().params;
    let og = fit_gamma_gamma(&d.x, &d.m).unwrap().params;
    let mut n = 0;
    for c in g["customers"].as_array().unwrap() {
        let f = |k: &str| c[k].as_f64().unwrap();
        if f("frequency") == 0.0 {
            continue;
        }
        for (months, rate, key) in [(12, 0.01, "clv_12m_0.01"), (6, 0.0, "clv_6m_0.0")] {
            let want = f(key);
            for (b, gm, tol) in [(lb, lg, 1e-10), (ob, og, 1e-3)] {
                let v = customer_lifetime_value(
                    &b,
                    &gm,
                    f("frequency"),
                    f("recency"),
                    f("T"),
                    f("monetary_value"),
                    months,
                    rate,
                    WEEKS_PER_MONTH,
                )
                .unwrap();
                assert!(rel(v, want) < tol, "row {} {key}: {v} vs {want}", c["row"]);
            }
            n += 1;
        }
    }
    assert_eq!(n, 22);
}

#[test]
fn expected_purchases_edge_cases() {
    let m = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    // t = 0 gives 0; tiny t is continuous and positive; increasing in t.
    assert_eq!(m.expected_purchases(0.0, 2.0, 30.0, 39.0).unwrap(), 0.0);
    let e1 = m.expected_purchases(1e-8, 2.0, 30.0, 39.0).unwrap();
    let e2 = m.expected_purchases(1.0, 2.0, 30.0, 39.0).unwrap();
    let e3 = m.expected_purchases(1000.0, 2.0, 30.0, 39.0).unwrap();
    assert!(e1 > 0.0 && e1 < e2 && e2 < e3);
    // a = 1 (removable singularity) sits between neighbours a = 1 ± 1e-3.
    let at = |a: f64| {
        BgNbd { a, ..m }
            .expected_purchases(52.0, 3.0, 20.0, 39.0)
            .unwrap()
    };
    let (lo, mid, hi) = (at(0.999), at(1.0), at(1.001));
    assert!(
        (mid - 0.5 * (lo + hi)).abs() < 1e-6 * mid,
        "{lo} {mid} {hi}"
    );
    // Very frequent buyer: finite (Euler form avoids overflow of 2F1).
    let big = m.expected_purchases(52.0, 2000.0, 38.0, 39.0).unwrap();
    assert!(big.is_finite() && big > 0.0);
}

#[test]
fn documented_errors() {
    let ok = [1.0, 0.0, 2.0];
    let rec = [5.0, 0.0, 8.0];
    let age = [10.0, 10.0, 10.0];
    assert!(fit_bgnbd(&ok, &rec[..2], &age).is_err());
    assert!(matches!(
        fit_bgnbd(&ok[..2], &rec[..2], &age[..2]),
        Err(Error::TooShort { .. })
    ));
    assert!(matches!(
        fit_bgnbd(&[1.0, f64::NAN, 0.0], &rec, &age),
        Err(Error::NotFinite)
    ));
    assert!(fit_bgnbd(&[1.5, 0.0, 2.0], &rec, &age).is_err());
    assert!(fit_bgnbd(&[-1.0, 0.0, 2.0], &rec, &age).is_err());
    assert!(fit_bgnbd(&ok, &[11.0, 0.0, 8.0], &age).is_err());
    assert!(fit_bgnbd(&ok, &[0.0, 0.0, 8.0], &age).is_err());
    assert!(fit_bgnbd(&ok, &rec, &[10.0, 0.0, 10.0]).is_err());
    assert!(matches!(
        fit_bgnbd(&[0.0; 3], &[0.0; 3], &age),
        Err(Error::NoVariation)
    ));
    assert!(fit_gamma_gamma(&ok, &[1.0]).is_err());
    assert!(matches!(
        fit_gamma_gamma(&ok, &[1.0, 0.0, 2.0]),
        Err(Error::TooShort { .. })
    ));
    assert!(fit_gamma_gamma(&[1.0, 2.0, 3.0], &[1.0, -2.0, 3.0]).is_err());
    assert!(matches!(
        fit_gamma_gamma(&[1.0, 2.0, 3.0], &[4.0, 4.0, 4.0]),
        Err(Error::NoVariation)
    ));
    let bg = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    assert!(bg.expected_purchases(-1.0, 1.0, 5.0, 10.0).is_err());
    assert!(BgNbd { r: 0.0, ..bg }.p_alive(1.0, 5.0, 10.0).is_err());
    let gg = GammaGamma {
        p: 6.25,
        q: 0.9,
        v: 15.4,
    };
    assert!(gg.expected_spend(2.0, 10.0).is_err());
    let gg = GammaGamma { q: 3.7, ..gg };
    let clv = |months, disc, upm| {
        customer_lifetime_value(&bg, &gg, 2.0, 30.0, 39.0, 20.0, months, disc, upm)
    };
    assert!(clv(12, 0.01, WEEKS_PER_MONTH).is_ok());
    assert!(clv(0, 0.01, WEEKS_PER_MONTH).is_err());
    assert!(clv(12, -1.0, WEEKS_PER_MONTH).is_err());
    assert!(clv(12, 0.01, 0.0).is_err());
}

#[test]
fn fits_are_equivariant_to_units() {
    // By construction: times in days (× 7) leave r, a, b unchanged, multiply α by 7 and shift
    // the log-likelihood by −Σx·ln 7 (Σx = 2,457 repeat purchases); money in cents (× 100)
    // leaves p, q unchanged, multiplies v by 100 and shifts the LL by −946·ln 100. 1e-6 relative.
    let d = cdnow();
    let w = fit_bgnbd(&d.x, &d.t_x, &d.age).unwrap();
    let days = |v: &[f64]| v.iter().map(|t| t * 7.0).collect::<Vec<_>>();
    let dd = fit_bgnbd(&d.x, &days(&d.t_x), &days(&d.age)).unwrap();
    let sx: f64 = d.x.iter().sum();
    assert_eq!(sx, 2457.0);
    assert!(rel(dd.params.r, w.params.r) < 1e-6);
    assert!(rel(dd.params.alpha, 7.0 * w.params.alpha) < 1e-6);
    assert!(rel(dd.params.a, w.params.a) < 1e-6);
    assert!(rel(dd.params.b, w.params.b) < 1e-6);
    assert!(rel(dd.log_likelihood, w.log_likelihood - sx * 7f64.ln()) < 1e-9);
    let g = fit_gamma_gamma(&d.x, &d.m).unwrap();
    let cents: Vec<f64> = d.m.iter().map(|m| m * 100.0).collect();
    let gc = fit_gamma_gamma(&d.x, &cents).unwrap();
    assert!(rel(gc.params.p, g.params.p) < 1e-6);
    assert!(rel(gc.params.q, g.params.q) < 1e-6);
    assert!(rel(gc.params.v, 100.0 * g.params.v) < 1e-6);
    assert!(rel(gc.log_likelihood, g.log_likelihood - 946.0 * 100f64.ln()) < 1e-9);
}
