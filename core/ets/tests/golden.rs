//! Reference tests against statsforecast 2.1.1 (`AutoETS`, which ports R's `forecast::ets`) and
//! scipy. Values in `golden/ets_golden.json`, produced by `golden/generate.py`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test-only helpers
use aism_ets::*;
use serde_json::Value;

fn golden() -> Value {
    let txt = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/ets_golden.json"
    ))
    .unwrap();
    serde_json::from_str(&txt).unwrap()
}

fn vecf(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

fn parse_components(c: &str, period: usize) -> ModelSpec {
    let b = c.as_bytes();
    let e = if b[0] == b'A' {
        ErrorType::Additive
    } else {
        ErrorType::Multiplicative
    };
    let t = match b[1] {
        b'N' => TrendType::None,
        b'A' => TrendType::Additive,
        _ => TrendType::Multiplicative,
    };
    let s = match b[2] {
        b'N' => SeasonType::None,
        b'A' => SeasonType::Additive,
        _ => SeasonType::Multiplicative,
    };
    ModelSpec {
        error: e,
        trend: t,
        damped: b[3] == b'D',
        season: s,
        period,
    }
}

/// Rebuilds statsforecast's fitted model from its `par` vector
/// ([alpha, beta, gamma, phi, l0, b0?, s0 (most recent) .. s_{m-1}]).
fn sf_fit(y: &[f64], info: &Value) -> EtsFit {
    let spec = parse_components(info["components"].as_str().unwrap(), 12);
    let par = vecf(&info["par"]);
    let opt = |v: f64| if v.is_nan() { None } else { Some(v) };
    let params = Params {
        alpha: par[0],
        beta: opt(par[1]),
        gamma: opt(par[2]),
        phi: opt(par[3]),
    };
    let mut i = 4;
    let l0 = par[i];
    i += 1;
    let b0 = if spec.trend != TrendType::None {
        i += 1;
        Some(par[i - 1])
    } else {
        None
    };
    let mut seas: Vec<f64> = par[i..].to_vec();
    seas.reverse();
    let mut f = EtsFit::from_parts(y, spec, params, l0, b0, &seas).unwrap();
    f.sigma2 = info["sigma2"].as_f64().unwrap();
    f
}

fn mase(train: &[f64], test: &[f64], fc: &[f64], m: usize) -> f64 {
    let scale: f64 = train[m..]
        .iter()
        .zip(train)
        .map(|(a, b)| (a - b).abs())
        .sum::<f64>()
        / (train.len() - m) as f64;
    test.iter().zip(fc).map(|(a, b)| (a - b).abs()).sum::<f64>() / test.len() as f64 / scale
}

#[test]
fn loglik_formula_matches_statsforecast() {
    // Feeding statsforecast's estimates into our filter reproduces its log-likelihood (1e-9 rel).
    let g = golden();
    let y = vecf(&g["airpassengers"]);
    for key in ["ANN", "AAN", "AAA", "MNM", "MAM"] {
        let info = &g["ap_forced"][key];
        let f = sf_fit(&y, info);
        let ll = info["loglik"].as_f64().unwrap();
        assert!(
            ((f.log_likelihood - ll) / ll).abs() < 1e-9,
            "{key}: {} vs {ll}",
            f.log_likelihood
        );
    }
}

#[test]
fn airpassengers_auto() {
    // statsforecast AutoETS(season_length=12) picks ETS(M,N,M), loglik -712.1759.
    // (R's forecast::ets picks ETS(M,Ad,M) in FPP, with an older optimiser.)
    let g = golden();
    let y = vecf(&g["airpassengers"]);
    let sf = &g["ap_auto"];
    let fit = auto_ets(
        &y,
        &AutoOptions {
            period: 12,
            ..Default::default()
        },
    )
    .unwrap();
    let ll = sf["loglik"].as_f64().unwrap();
    println!(
        "AirPassengers: ours {} loglik {:.4} aicc {:.4}; statsforecast {} loglik {ll:.4} aicc {:.4}",
        fit.spec.name(),
        fit.log_likelihood,
        fit.aicc,
        sf["method"].as_str().unwrap(),
        sf["aicc"].as_f64().unwrap()
    );
    assert_eq!(fit.spec.name(), "ETS(M,N,M)");
    assert!(((fit.log_likelihood - ll) / ll).abs() < 1e-3);
}

#[test]
fn airpassengers_forced_aaa() {
    let g = golden();
    let y = vecf(&g["airpassengers"]);
    let sf = &g["ap_forced"]["AAA"];
    let spec = ModelSpec {
        error: ErrorType::Additive,
        trend: TrendType::Additive,
        damped: false,
        season: SeasonType::Additive,
        period: 12,
    };
    let fit = fit(&y, spec).unwrap();
    let par = vecf(&sf["par"]);
    let ll = sf["loglik"].as_f64().unwrap();
    println!(
        "AAA ours alpha {:.4} beta {:.4} gamma {:.4} loglik {:.4}; sf {:.4} {:.4} {:.4} {ll:.4}",
        fit.params.alpha,
        fit.params.beta.unwrap(),
        fit.params.gamma.unwrap(),
        fit.log_likelihood,
        par[0],
        par[1],
        par[2]
    );
    assert!((fit.params.alpha - par[0]).abs() < 1e-2);
    assert!((fit.params.beta.unwrap() - par[1]).abs() < 1e-2);
    // Acceptance 1e-2 absolute; reached: identical to 4 decimals (same Nelder–Mead path).
    assert!((fit.params.gamma.unwrap() - par[2]).abs() < 1e-2);
    assert!(((fit.log_likelihood - ll) / ll).abs() < 1e-3);
}

#[test]
fn auto_and_single_fit_agree() {
    // auto_ets evaluates its candidates side by side (vectorised filter); refitting the chosen
    // model alone (scalar filter) must give the very same estimates (exact equality).
    let g = golden();
    for s in g["holdout"].as_array().unwrap() {
        let train = vecf(&s["train"]);
        let m = s["period"].as_u64().unwrap() as usize;
        let auto = auto_ets(
            &train,
            &AutoOptions {
                period: m,
                ..Default::default()
            },
        )
        .unwrap();
        let single = fit(&train, auto.spec).unwrap();
        assert_eq!(auto, single, "{}", s["name"]);
    }
}

#[test]
fn class1_intervals_match_statsforecast() {
    // Same parameters and states as statsforecast → same 95 % bounds (1e-6 relative).
    let g = golden();
    let y = vecf(&g["airpassengers"]);
    for key in ["ANN", "AAN", "AAA"] {
        let info = &g["ap_forced"][key];
        let f = sf_fit(&y, info);
        let fc = f.forecast(24, 0.95).unwrap();
        // statsforecast 2.1.1 computes hm = floor((h-1)/m) once for the whole horizon instead of
        // per step, so its ANA/AAA/AAdA variances are wrong for steps 1..=12 of a 24-step
        // forecast; steps 13..=24 (hm = 1) are right. Compare those for AAA.
        let from = if key == "AAA" { 12 } else { 0 };
        for (name, ours, theirs) in [
            ("mean", &fc.mean, vecf(&info["mean"])),
            ("lo", &fc.lower, vecf(&info["lo95"])),
            ("hi", &fc.upper, vecf(&info["hi95"])),
        ] {
            for (a, b) in ours.iter().zip(&theirs).skip(from) {
                assert!(((a - b) / b).abs() < 1e-6, "{key} {name}: {a} vs {b}");
            }
        }
    }
}

#[test]
fn multiplicative_intervals_sane() {
    // MNM / MAM (class 3): no NaN, lower < mean < upper, and for MAM the relative 95 % width
    // matches a Monte Carlo of the same model (statsforecast.ets.simulate_ets, 20000 paths,
    // seed 1: 0.2307, 0.2304, 0.2327 at h = 1, 6, 12) within 3 %. (statsforecast's own analytic
    // class-3 intervals never update the mean matrix and are too narrow: 0.166 at h = 6.)
    let g = golden();
    let y = vecf(&g["airpassengers"]);
    for key in ["MNM", "MAM"] {
        let info = &g["ap_forced"][key];
        let f = sf_fit(&y, info);
        let fc = f.forecast(24, 95.0).unwrap();
        let lo = vecf(&info["lo95"]);
        let hi = vecf(&info["hi95"]);
        for i in 0..24 {
            assert!(fc.lower[i] < fc.mean[i] && fc.mean[i] < fc.upper[i]);
            assert!(lo[i].is_finite() && hi[i].is_finite());
        }
        let rel: Vec<f64> = (0..24)
            .map(|i| (fc.upper[i] - fc.lower[i]) / fc.mean[i])
            .collect();
        assert!(rel[23] > rel[0]);
        if key == "MAM" {
            for (h, mc) in [(0, 0.2307), (5, 0.2304), (11, 0.2327)] {
                let r = rel[h];
                assert!(
                    (r / mc - 1.0).abs() < 0.03,
                    "MAM h={}: {r} vs MC {mc}",
                    h + 1
                );
            }
        }
    }
}

#[test]
fn holdout_mase_vs_statsforecast() {
    let g = golden();
    println!(
        "{:<14} {:<12} {:<12} {:>9} {:>9}",
        "series", "model sf", "model ours", "MASE sf", "MASE ours"
    );
    let mut worse = Vec::new();
    for s in g["holdout"].as_array().unwrap() {
        let train = vecf(&s["train"]);
        let test = vecf(&s["test"]);
        let m = s["period"].as_u64().unwrap() as usize;
        let h = s["h"].as_u64().unwrap() as usize;
        let fit = auto_ets(
            &train,
            &AutoOptions {
                period: m,
                ..Default::default()
            },
        )
        .unwrap();
        let fc = fit.forecast(h, 0.95).unwrap();
        let ours = mase(&train, &test, &fc.mean, m);
        let sf = s["sf_mase"].as_f64().unwrap();
        println!(
            "{:<14} {:<12} {:<12} {:>9.6} {:>9.6}",
            s["name"].as_str().unwrap(),
            s["sf_model"].as_str().unwrap(),
            fit.spec.name(),
            sf,
            ours
        );
        // Known, reported exceptions (explicit, not silent):
        // * austres: statsforecast's AutoETS mutates its `upper` bound array inside the model
        //   loop (initparam), so later candidates get narrower bounds; fitted alone, its
        //   ETS(M,A,N) has AICc 735.99 < ETS(A,Ad,N) 756.33, which is what we pick. The hold-out
        //   MASE of that (better-AICc) model is worse: 0.197 vs 0.093.
        // All other series: same model and (same Nelder–Mead path) the same forecasts.
        let allowed = match s["name"].as_str().unwrap() {
            "austres" => 0.25,
            _ => sf + 1e-9,
        };
        assert!(ours <= allowed, "{}: {ours} > {allowed}", s["name"]);
        if ours > sf + 1e-9 {
            worse.push(format!("{} ({:.4} vs {:.4})", s["name"], ours, sf));
        }
    }
    println!("MASE worse than statsforecast on: {worse:?}");
}

#[test]
fn normal_quantile_matches_scipy() {
    // scipy.stats.norm.ppf, tolerance 1e-9 absolute (relative in the far tails).
    let g = golden();
    for pair in g["normal_quantile"].as_array().unwrap() {
        let p = pair[0].as_f64().unwrap();
        let q = pair[1].as_f64().unwrap();
        let ours = normal_quantile(p);
        assert!(
            (ours - q).abs() < 1e-9 * q.abs().max(1.0),
            "p={p}: {ours} vs {q}"
        );
    }
}
