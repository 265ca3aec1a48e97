//! Every in-sheet exercise of the course (`addin-server/course/modules/*/exercises/*.json`) is
//! solved by its reference solution, and wrong solutions fail with a message that says what to
//! change. The server re-checks with the same `check`; the hosts run it through WASM
//! (`tests/node/course.test.mjs`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: a failure should be loud

use aism_core::course::exercise::{self, Check, Exercise, Snapshot};
use std::path::Path;

fn exercises() -> Vec<(String, Exercise)> {
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../addin-server/course/modules");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&modules)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let Ok(files) = std::fs::read_dir(dir.join("exercises")) else {
            continue;
        };
        let mut files: Vec<_> = files.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let ex: Exercise =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let ex = exercise::resolved(&ex).unwrap();
            assert_eq!(
                file.file_stem().unwrap().to_str().unwrap(),
                ex.id,
                "file name is the id"
            );
            out.push((file.display().to_string(), ex));
        }
    }
    out
}

#[test]
fn modules_one_to_eight_have_two_exercises_each() {
    let all = exercises();
    for module in 1..=8u8 {
        let n = all.iter().filter(|(_, e)| e.module == module).count();
        assert!(n >= 2, "module {module} has {n} exercises");
    }
    let mut ids: Vec<&str> = all.iter().map(|(_, e)| e.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "exercise ids are unique");
}

#[test]
fn every_reference_solution_passes() {
    for (file, ex) in exercises() {
        assert!(!ex.checks.is_empty(), "{file}");
        assert!(
            !ex.instructions.en.contains("{n}") && !ex.instructions.es.is_empty(),
            "{file}"
        );
        let solved = exercise::solve(&ex).unwrap_or_else(|e| panic!("{file}: {e}"));
        let out = exercise::check(&ex, &solved).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(out.passed, "{file}: {out:#?}");
        // Every target cell the host reads holds something in the solved sheet.
        for cell in exercise::targets(&ex) {
            assert!(
                solved.values.contains_key(&cell) || solved.formulas.contains_key(&cell),
                "{file}: {cell}"
            );
        }
    }
}

/// The wrong solutions every exercise must reject, each with a message naming what to change.
fn wrong_solutions(ex: &Exercise, solved: &Snapshot) -> Vec<(&'static str, Snapshot)> {
    let mut out = vec![("an empty sheet", Snapshot::default())];
    // Numbers typed 3 % off what the functions give (and the formulas replaced by them).
    let mut off = solved.clone();
    for v in off.values.values_mut() {
        if let Some(x) = v.as_f64().filter(|x| x.abs() > 1e-9) {
            *v = serde_json::json!(x * 1.03 + 0.5);
        } else if v.is_string() {
            *v = serde_json::json!("#VALUE!");
        } else if let Some(b) = v.as_bool() {
            *v = serde_json::json!(!b);
        }
    }
    off.formulas.clear();
    out.push(("typed values, 3 % off", off));
    // The header row included in every range of every formula (the classic selection slip).
    let mut header = solved.clone();
    for f in header.formulas.values_mut() {
        *f = f.replace("2:", "1:");
    }
    out.push(("the header in the ranges", header));
    // Charts and tables missing.
    if !solved.charts.is_empty() || !solved.tables.is_empty() {
        let mut bare = solved.clone();
        bare.charts.clear();
        bare.tables.clear();
        out.push(("no chart and no table", bare));
    }
    let _ = ex;
    out
}

#[test]
fn wrong_solutions_fail_with_what_to_change() {
    for (file, ex) in exercises() {
        let solved = exercise::solve(&ex).unwrap();
        for (what, snap) in wrong_solutions(&ex, &solved) {
            let out = exercise::check(&ex, &snap).unwrap();
            let header_slip = what == "the header in the ranges";
            let formula_checks = ex
                .checks
                .iter()
                .filter(|c| matches!(c, Check::Formula { .. }))
                .count();
            if header_slip && formula_checks == 0 {
                continue;
            }
            assert!(!out.passed, "{file}: {what} passed");
            for (check, result) in ex.checks.iter().zip(&out.checks) {
                if result.passed {
                    continue;
                }
                let (en, es) = (&result.message.en, &result.message.es);
                assert!(
                    en.len() > 20 && es.len() > 20,
                    "{file}: {what}: {en} / {es}"
                );
                // The message names the cell or the range concerned.
                let place = match check {
                    Check::Value { cell, .. } | Check::Formula { cell, .. } => cell,
                    Check::Chart { range, .. } | Check::Table { range } => range,
                };
                assert!(en.contains(place.as_str()), "{file}: {what}: {en}");
                assert!(es.contains(place.as_str()), "{file}: {what}: {es}");
            }
        }
    }
}

/// The datasets teach what the instructions say: the planted anomalies are flagged, the weekly
/// rhythm is 7, the slow mover is intermittent or lumpy, the linear optimum is near 10.
#[test]
fn the_exercises_show_what_they_teach() {
    let all = exercises();
    let find = |id: &str| {
        all.iter()
            .find(|(_, e)| e.id == id)
            .map(|(_, e)| exercise::solve(e).unwrap())
            .unwrap()
    };
    let num = |s: &Snapshot, c: &str| s.values[c].as_f64().unwrap();
    assert_eq!(num(&find("m1-seasonality"), "D2"), 7.0);
    let anomalies = find("m2-anomaly-table");
    assert_eq!(anomalies.values["F32"], serde_json::json!(true));
    assert_eq!(anomalies.values["F71"], serde_json::json!(true));
    let spikes = find("m3-anomalies");
    assert_eq!(spikes.values["F46"], serde_json::json!(true));
    assert_eq!(spikes.values["F103"], serde_json::json!(true));
    let flagged = spikes
        .values
        .iter()
        .filter(|(k, v)| k.starts_with('F') && **v == serde_json::json!(true))
        .count();
    assert!(flagged <= 6, "{flagged} days flagged");
    let class = find("m5-intermittent").values["F2"].clone();
    assert!(
        class == serde_json::json!("intermittent") || class == serde_json::json!("lumpy"),
        "{class}"
    );
    let price = num(&find("m6-optimal-price"), "E2");
    // q = 300 − 20 p, cost 5: profit (p − 5)(300 − 20 p) peaks at p = 10.
    assert!((price - 10.0).abs() < 0.5, "{price}");
    let elasticity = num(&find("m6-elasticity"), "E2");
    // Point elasticity of the line at the mean price 10: −20 · 10 / 100 = −2.
    assert!((-2.6..-1.5).contains(&elasticity), "{elasticity}");
}
