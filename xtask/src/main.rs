//! `cargo xtask build | test | serve | bench`: the project's only build entry points.
//!
//! Caches live outside the clone (`~/.cache/aism/`): the cargo target directory (unless
//! `CARGO_TARGET_DIR` is set) and the pinned `wasm-bindgen-cli`, so a fresh clone builds warm.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

mod tools;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    let ctx = Ctx::new()?;
    match task {
        "build" => build(&ctx),
        "test" => test(&ctx),
        "serve" => serve(&ctx, rest),
        "bench" => bench(&ctx),
        _ => {
            eprintln!(
                "usage: cargo xtask <build|test|serve|bench>\n\
                 build  build the native crates, the WASM packages and the generated files\n\
                 test   install what is missing, build, and run every test\n\
                 serve  build and serve the add-in on http://127.0.0.1:3000 (SQLite under ./data/)\n\
                 bench  run the benchmarks (native criterion, WASM in Node, Python peers if present)"
            );
            if task == "help" {
                Ok(())
            } else {
                bail!("unknown task {task}")
            }
        }
    }
}

/// Paths every task needs.
pub struct Ctx {
    /// The repository root.
    pub root: PathBuf,
    /// The cargo target directory (outside the clone by default).
    pub target: PathBuf,
    /// Where pinned tools are installed.
    pub tools: PathBuf,
}

impl Ctx {
    fn new() -> Result<Ctx> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask has no parent directory")?
            .to_path_buf();
        let cache = match std::env::var_os("AISM_CACHE") {
            Some(p) => PathBuf::from(p),
            None => home()?.join(".cache").join("aism"),
        };
        let target = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(p) => PathBuf::from(p),
            None => cache.join("target"),
        };
        Ok(Ctx {
            root,
            target,
            tools: cache.join("tools"),
        })
    }

    /// A `cargo` command run at the root with the shared target directory.
    pub fn cargo(&self) -> Command {
        let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        c.current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target);
        c
    }

    /// The native `addin-server` binary of a profile (`debug` or `release`).
    pub fn server_bin(&self, profile: &str) -> PathBuf {
        self.target.join(profile).join("addin-server")
    }
}

fn home() -> Result<PathBuf> {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .context("HOME is not set")
}

/// Runs a command, failing with its command line when it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("command failed ({status}): {cmd:?}");
    }
    Ok(())
}

/// Runs a command and returns its standard output.
pub fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !out.status.success() {
        bail!(
            "command failed ({}): {cmd:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn build(ctx: &Ctx) -> Result<()> {
    tools::ensure_wasm_toolchain(ctx)?;
    run(ctx.cargo().args(["build", "-p", "addin-server"]))?;
    generate(ctx)?;
    build_wasm(ctx)?;
    assemble_web(ctx)?;
    Ok(())
}

/// Regenerates the files that come from the registry.
fn generate(ctx: &Ctx) -> Result<()> {
    let md = output(Command::new(ctx.server_bin("debug")).args(["catalog", "--markdown"]))?;
    write_if_changed(&ctx.root.join("core/CATALOG.md"), &md)?;
    Ok(())
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("generated {}", path.display());
    }
    Ok(())
}

/// Builds the WASM core and runs wasm-bindgen (web and Node packages) and wasm-opt.
fn build_wasm(ctx: &Ctx) -> Result<()> {
    run(ctx.cargo().args([
        "build",
        "-p",
        "aism-wasm",
        "--target",
        "wasm32-unknown-unknown",
        "--release",
    ]))?;
    let wasm = ctx
        .target
        .join("wasm32-unknown-unknown/release/aism_wasm.wasm");
    let bindgen = tools::wasm_bindgen(ctx)?;
    for (target, dir) in [("web", "wasm/pkg-web"), ("nodejs", "wasm/pkg-node")] {
        let out = ctx.root.join(dir);
        run(Command::new(&bindgen)
            .arg(&wasm)
            .args(["--target", target, "--out-dir"])
            .arg(&out))?;
        let bg = out.join("aism_wasm_bg.wasm");
        if let Some(opt) = tools::wasm_opt(ctx) {
            let tmp = out.join("aism_wasm_bg.opt.wasm");
            run(Command::new(opt)
                .arg(&bg)
                .args([
                    "-O3",
                    "--enable-bulk-memory",
                    "--enable-nontrapping-float-to-int",
                    "--enable-sign-ext",
                    "--enable-mutable-globals",
                    "--enable-reference-types",
                    "--enable-multivalue",
                    "--enable-simd",
                    "-o",
                ])
                .arg(&tmp))?;
            std::fs::rename(&tmp, &bg)?;
        } else {
            eprintln!(
                "wasm-opt not found (npm binaryen in tests/ or Debian binaryen): WASM left unoptimised"
            );
        }
    }
    Ok(())
}

/// Copies the web package and the pages into `dist/web`, the directory the server serves.
fn assemble_web(ctx: &Ctx) -> Result<()> {
    let dist = ctx.root.join("dist/web");
    std::fs::create_dir_all(dist.join("pkg"))?;
    copy_dir(&ctx.root.join("wasm/pkg-web"), &dist.join("pkg"))?;
    copy_dir(&ctx.root.join("taskpane/public"), &dist)?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), &dest)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn test(ctx: &Ctx) -> Result<()> {
    tools::ensure_wasm_toolchain(ctx)?;
    tools::ensure_npm(ctx)?;
    run(ctx.cargo().args(["fmt", "--all", "--", "--check"]))?;
    run(ctx.cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(ctx.cargo().args([
        "clippy",
        "-p",
        "aism-wasm",
        "-p",
        "aism-core",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    build(ctx)?;
    run(ctx.cargo().args(["test", "--workspace"]))?;
    run(Command::new("node")
        .current_dir(ctx.root.join("tests"))
        .env("AISM_SERVER_BIN", ctx.server_bin("debug"))
        .args(["--test", "--test-reporter=spec"])
        .arg("node/"))?;
    eprintln!("xtask test: all suites passed");
    Ok(())
}

fn serve(ctx: &Ctx, rest: &[String]) -> Result<()> {
    build(ctx)?;
    run(Command::new(ctx.server_bin("debug"))
        .current_dir(&ctx.root)
        .arg("serve")
        .arg("--static-dir")
        .arg(ctx.root.join("dist/web"))
        .args(rest))
}

fn bench(ctx: &Ctx) -> Result<()> {
    build(ctx)?;
    run(ctx.cargo().args([
        "build",
        "--release",
        "-p",
        "aism-core",
        "--example",
        "bench",
    ]))?;
    run(Command::new("node")
        .current_dir(ctx.root.join("tests"))
        .env("AISM_BENCH_BIN", ctx.target.join("release/examples/bench"))
        .arg("bench/wasm-bench.mjs"))?;
    if std::env::args().any(|a| a == "--criterion") {
        run(ctx.cargo().args(["bench", "-p", "aism-core"]))?;
    }
    Ok(())
}
