//! ARCHITECTURE.md invariants 1 and 2, checked: the core crates depend on nothing that does IO,
//! async, or talks to JavaScript, for the native and the wasm32 target.

#![allow(clippy::expect_used)] // test code: a failed `cargo tree` should fail the test loudly

use std::process::Command;

const FORBIDDEN: &[&str] = &[
    "tokio",
    "async-std",
    "futures-executor",
    "axum",
    "hyper",
    "sqlx",
    "reqwest",
    "wasm-bindgen",
    "js-sys",
    "web-sys",
];

fn tree(package: &str, target: Option<&str>, prune: Option<&str>) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "tree",
        "--offline",
        "-e",
        "normal",
        "--prefix",
        "none",
        "-p",
        package,
    ]);
    if let Some(t) = target {
        // On wasm32, calamine's zip reader depends on getrandom with its `wasm_js` backend
        // (wasm-bindgen, js-sys). Reading a workbook never draws random numbers, so that one
        // subtree is pruned; everything else must be free of JavaScript.
        cmd.args(["--target", t]);
    }
    if let Some(spec) = prune {
        cmd.args(["--prune", spec]);
    }
    let out = cmd.output().expect("cargo tree runs");
    // `--offline`: the lock file is complete; the test must not touch the network.
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn core_crates_have_no_io_async_or_js_dependencies() {
    for package in ["aism-core", "aism-ets", "aism-ts"] {
        for target in [None, Some("wasm32-unknown-unknown")] {
            let mut deps = tree(package, target, None);
            // The workspace holds several getrandom versions, so the pruned one is named exactly.
            let getrandom = deps
                .lines()
                .find_map(|l| l.strip_prefix("getrandom v"))
                .and_then(|rest| rest.split_whitespace().next())
                .map(|version| format!("getrandom@{version}"));
            if let (Some(_), Some(spec)) = (target, getrandom) {
                deps = tree(package, target, Some(&spec));
            }
            for line in deps.lines() {
                let name = line.split_whitespace().next().unwrap_or("");
                assert!(
                    !FORBIDDEN.contains(&name),
                    "{package} ({target:?}) depends on {name}, which the core must not (ARCHITECTURE.md invariants)"
                );
            }
        }
    }
}
