//! Installs what the build needs when it is missing: the wasm32 target, wasm-bindgen-cli at the
//! exact version of the `wasm-bindgen` crate in Cargo.lock, the npm packages of `tests/` and
//! `taskpane/`, and Debian's Chromium for the browser tests.

use crate::{Ctx, output, run};
use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::process::Command;

/// The `wasm-bindgen` version pinned in Cargo.lock.
pub fn locked_wasm_bindgen_version(ctx: &Ctx) -> Result<String> {
    let lock =
        std::fs::read_to_string(ctx.root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(v.trim_matches('"').to_string());
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}

/// Adds the wasm32 target when rustup lacks it.
pub fn ensure_wasm_toolchain(ctx: &Ctx) -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    wasm_bindgen(ctx).map(|_| ())
}

/// The path of a wasm-bindgen CLI of the locked version, installing it under the tools cache
/// when missing (about 3 minutes on two cores, once).
pub fn wasm_bindgen(ctx: &Ctx) -> Result<PathBuf> {
    let version = locked_wasm_bindgen_version(ctx)?;
    let bin = ctx.tools.join("bin/wasm-bindgen");
    if installed_version(&bin).as_deref() == Some(version.as_str()) {
        return Ok(bin);
    }
    eprintln!(
        "installing wasm-bindgen-cli {version} into {}",
        ctx.tools.display()
    );
    let install = |locked: bool| {
        let mut c = Command::new("cargo");
        c.args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--root",
        ])
        .arg(&ctx.tools)
        .env("CARGO_TARGET_DIR", ctx.tools.join("build"));
        if locked {
            c.arg("--locked");
        }
        run(&mut c)
    };
    // Its own lock file may name a crate version the registry no longer serves; then resolve anew.
    if install(true).is_err() {
        install(false)?;
    }
    Ok(bin)
}

/// The wasm-opt of npm `binaryen` (installed in tests/) or of Debian's `binaryen`, if any.
pub fn wasm_opt(ctx: &Ctx) -> Option<PathBuf> {
    let npm = ctx.root.join("tests/node_modules/.bin/wasm-opt");
    if npm.exists() {
        return Some(npm);
    }
    let debian = PathBuf::from("/usr/bin/wasm-opt");
    debian.exists().then_some(debian)
}

/// Installs the npm packages of `dir` (`tests`, `taskpane` or `apps-script`, relative to the root) when its
/// `node_modules` is missing or older than its lock file (`npm ci`; `npm install` without a lock).
pub fn ensure_npm(ctx: &Ctx, dir: &str) -> Result<()> {
    let dir = ctx.root.join(dir);
    if !dir.join("package.json").exists() {
        bail!("{} is missing", dir.join("package.json").display());
    }
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&stamp)) {
        (Ok(l), Ok(s)) => match (l.modified(), s.modified()) {
            (Ok(lm), Ok(sm)) => sm >= lm,
            _ => false,
        },
        _ => false,
    };
    if !fresh {
        let sub = if lock.exists() { "ci" } else { "install" };
        run(Command::new("npm")
            .current_dir(&dir)
            .args([sub, "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

/// Where the browser tests expect Chromium (Debian's package; browsers are never downloaded).
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Installs Debian's `chromium` when [`CHROMIUM`] is missing (`apt-get update` first only when
/// the install fails; through `sudo -n` when not root).
pub fn ensure_chromium() -> Result<()> {
    if std::path::Path::new(CHROMIUM).exists() {
        return Ok(());
    }
    let root = output(Command::new("id").arg("-u"))
        .map(|u| u.trim() == "0")
        .unwrap_or(false);
    let apt = |args: &[&str]| {
        // `env` passes the variable through sudo, which resets the environment.
        let mut c = if root {
            Command::new("env")
        } else {
            let mut c = Command::new("sudo");
            c.args(["-n", "env"]);
            c
        };
        c.args(["DEBIAN_FRONTEND=noninteractive", "apt-get"])
            .args(args);
        run(&mut c)
    };
    if apt(&["install", "-y", "chromium"]).is_err() {
        apt(&["update"])?;
        apt(&["install", "-y", "chromium"])?;
    }
    if !std::path::Path::new(CHROMIUM).exists() {
        bail!("apt-get installed chromium but {CHROMIUM} is still missing");
    }
    Ok(())
}

/// The pinned version of the oha load generator (`cargo xtask loadtest`).
pub const OHA_VERSION: &str = "1.16.0";

/// The path of oha, installing it under the tools cache when missing (crates.io, a few minutes
/// on two cores, once).
pub fn oha(ctx: &Ctx) -> Result<PathBuf> {
    let bin = ctx.tools.join("bin/oha");
    if installed_version(&bin).as_deref() == Some(OHA_VERSION) {
        return Ok(bin);
    }
    eprintln!("installing oha {OHA_VERSION} into {}", ctx.tools.display());
    run(Command::new("cargo")
        .env("CARGO_TARGET_DIR", ctx.tools.join("build"))
        .args([
            "install",
            "oha",
            "--locked",
            "--version",
            OHA_VERSION,
            "--root",
        ])
        .arg(&ctx.tools))?;
    Ok(bin)
}

/// The version a tool prints as the second word of `tool --version` (`oha 1.16.0`,
/// `wasm-bindgen 0.2.130`), or `None` when it is not installed.
fn installed_version(bin: &std::path::Path) -> Option<String> {
    let out = Command::new(bin).arg("--version").output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .map(str::to_string)
}
