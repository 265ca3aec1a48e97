//! Reference tests of the learners against scikit-learn (tests/golden/learn.py → learn.json; the
//! data are in the JSON). Tolerances are stated per test.

use super::*;
use serde_json::Value;

fn golden() -> Value {
    serde_json::from_str(include_str!("../../tests/golden/learn.json")).unwrap()
}

fn matrix(v: &Value) -> (Vec<f64>, usize, usize) {
    let rows = v.as_array().unwrap();
    let cols = rows[0].as_array().unwrap().len();
    let flat = rows
        .iter()
        .flat_map(|r| r.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()))
        .collect();
    (flat, rows.len(), cols)
}

fn vector(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[test]
fn lloyd_matches_scikit_learn_from_the_same_start() {
    // sklearn KMeans(init = first 3 rows, n_init=1, algorithm="lloyd", tol=0): same labels,
    // inertia to 1e-10 relative, centres to 1e-10.
    let g = &golden()["kmeans"];
    let (x, rows, cols) = matrix(&g["X"]);
    let k = g["k"].as_u64().unwrap() as usize;
    let fit = kmeans_from(&x, rows, cols, &x[..k * cols]).unwrap();
    let want: Vec<usize> = vector(&g["labels"]).iter().map(|v| *v as usize).collect();
    assert_eq!(fit.labels, want);
    let inertia = g["inertia"].as_f64().unwrap();
    assert!(((fit.inertia - inertia) / inertia).abs() < 1e-10);
    let (c, _, _) = matrix(&g["centers"]);
    for (a, b) in fit.centers.iter().zip(&c) {
        assert!((a - b).abs() < 1e-10);
    }
}

#[test]
fn silhouette_matches_scikit_learn() {
    // sklearn silhouette_score on the Lloyd labels and on an arbitrary 4-way labelling: 1e-12.
    let g = &golden()["kmeans"];
    let (x, rows, cols) = matrix(&g["X"]);
    let labels: Vec<usize> = vector(&g["labels"]).iter().map(|v| *v as usize).collect();
    let s = silhouette(&x, rows, cols, &labels).unwrap();
    assert!((s - g["silhouette"].as_f64().unwrap()).abs() < 1e-12, "{s}");
    let mod4: Vec<usize> = (0..rows).map(|i| i % 4).collect();
    let s4 = silhouette(&x, rows, cols, &mod4).unwrap();
    assert!(
        (s4 - g["silhouette_mod4"].as_f64().unwrap()).abs() < 1e-12,
        "{s4}"
    );
}

#[test]
fn auto_k_finds_the_three_blobs_and_is_deterministic() {
    let g = &golden()["kmeans"];
    let (x, rows, cols) = matrix(&g["X"]);
    let a = kmeans_auto(&x, rows, cols, 2, 8, 7).unwrap();
    assert_eq!(a.best.k, 3, "{:?}", a.scores);
    // The blobs are well separated: the best run is the Lloyd optimum sklearn found.
    let inertia = g["inertia"].as_f64().unwrap();
    assert!(((a.best.inertia - inertia) / inertia).abs() < 1e-10);
    assert_eq!(kmeans_auto(&x, rows, cols, 2, 8, 7).unwrap(), a);
    assert_eq!(a.scores.len(), 7);
}

#[test]
fn auto_k_samples_large_inputs_deterministically() {
    // 6,000 rows on two lines: above SILHOUETTE_SAMPLE, so the silhouette uses a sample.
    let mut x = Vec::new();
    for i in 0..6000 {
        let t = (i % 1000) as f64 / 1000.0;
        x.extend_from_slice(&[if i % 2 == 0 { t } else { 10.0 + t }, t]);
    }
    let a = kmeans_auto(&x, 6000, 2, 2, 5, 1).unwrap();
    assert_eq!(a.best.k, 2);
    assert_eq!(a, kmeans_auto(&x, 6000, 2, 2, 5, 1).unwrap());
}

#[test]
fn kmeans_rejects_bad_shapes_and_too_many_clusters() {
    let x = [1.0, 1.0, 1.0, 1.0, 2.0, 2.0];
    assert!(kmeans(&x, 3, 2, 3, 4, 1).is_err()); // only 2 distinct rows
    assert!(kmeans(&x, 3, 2, 0, 4, 1).is_err());
    assert!(kmeans(&x[..5], 3, 2, 2, 4, 1).is_err());
    assert_eq!(
        kmeans(&[f64::NAN, 1.0], 1, 2, 1, 1, 1),
        Err(Error::NotFinite)
    );
    assert_eq!(
        kmeans_auto(&[1.0, 1.0, 1.0], 3, 1, 2, 5, 1),
        Err(Error::NoVariation)
    );
}

#[test]
fn logistic_matches_scikit_learn() {
    // sklearn LogisticRegression(C=0.5, newton-cg, tol=1e-12): coefficients to 1e-7, probabilities
    // to 1e-9.
    let g = &golden()["logistic"];
    let (x, rows, cols) = matrix(&g["X"]);
    let y = vector(&g["y"]);
    let fit = Logistic::fit(&x, rows, cols, &y, g["lambda"].as_f64().unwrap()).unwrap();
    assert!((fit.intercept - g["intercept"].as_f64().unwrap()).abs() < 1e-7);
    for (a, b) in fit.coef.iter().zip(vector(&g["coef"])) {
        assert!((a - b).abs() < 1e-7, "{a} vs {b}");
    }
    let p = fit.predict(&x[..5 * cols]);
    for (a, b) in p.iter().zip(vector(&g["p_first5"])) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
}

#[test]
fn logistic_rejects_bad_labels() {
    let x = [0.0, 1.0, 2.0, 3.0];
    assert_eq!(
        Logistic::fit(&x, 4, 1, &[1.0, 1.0, 1.0, 1.0], 1.0),
        Err(Error::NoVariation)
    );
    assert!(Logistic::fit(&x, 4, 1, &[0.0, 2.0, 1.0, 1.0], 1.0).is_err());
    assert!(Logistic::fit(&x, 4, 1, &[0.0, 1.0], 1.0).is_err());
    assert!(Logistic::fit(&x, 4, 1, &[0.0, 1.0, 0.0, 1.0], -1.0).is_err());
    // Separable data stay finite with a penalty.
    let fit = Logistic::fit(&x, 4, 1, &[0.0, 0.0, 1.0, 1.0], 1e-3).unwrap();
    assert!(fit.coef[0].is_finite() && fit.coef[0] > 0.0);
}

#[test]
fn auc_matches_scikit_learn_with_ties() {
    // sklearn roc_auc_score on scores rounded to one decimal (many ties): 1e-12.
    let g = &golden()["auc"];
    let a = auc(&vector(&g["scores"]), &vector(&g["labels"])).unwrap();
    assert!((a - g["auc"].as_f64().unwrap()).abs() < 1e-12, "{a}");
    assert_eq!(auc(&[0.1, 0.2], &[1.0, 1.0]), Err(Error::NoVariation));
    assert_eq!(auc(&[0.1, 0.9], &[0.0, 1.0]), Ok(1.0));
}

#[test]
fn scaler_uses_the_sample_sd_and_flags_constant_columns() {
    let x = [1.0, 5.0, 2.0, 5.0, 3.0, 5.0];
    let s = Scaler::fit(&x, 3, 2).unwrap();
    assert_eq!(s.means, vec![2.0, 5.0]);
    assert_eq!(s.sds, vec![1.0, 1.0]);
    assert_eq!(s.constant, vec![1]);
    assert_eq!(s.transform(&x), vec![-1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
}

#[test]
fn splitmix_is_the_published_sequence() {
    // First outputs of SplitMix64 seeded with 1234567 (the reference C implementation by
    // Vigna, prng.di.unimi.it/splitmix64.c).
    let mut r = SplitMix64::new(1234567);
    assert_eq!(r.next_u64(), 6457827717110365317);
    assert_eq!(r.next_u64(), 3203168211198807973);
}
