//! `cargo xtask build | test | serve | bench`: the project's only build entry points.
//!
//! Caches live outside the clone (`~/.cache/aism/`): the cargo target directory (unless
//! `CARGO_TARGET_DIR` is set) and the pinned `wasm-bindgen-cli`, so a fresh clone builds warm.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

mod licence;
mod manifest;
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
        "loadtest" => loadtest(&ctx),
        _ => {
            eprintln!(
                "usage: cargo xtask <build|test|serve|bench|loadtest>\n\
                 build  build the native crates, the generated files, the WASM packages, the task pane,\n\
                        the Google Sheets add-on (apps-script/dist) and dist/web (its manifest.xml uses\n\
                        AISM_PUBLIC_URL, default https://localhost:3000)\n\
                 test   install what is missing, build, and run every test\n\
                 serve  build and serve the add-in on https://localhost:3000 (SQLite under ./data/);\n\
                        `serve --http` serves plain HTTP; other arguments go to `addin-server serve`\n\
                 bench  run the benchmarks (native criterion, WASM in Node, Python peers if present)\n\
                 loadtest  500 requests/s for 60 s (oha) on a bare axum handler, a session read and the\n\
                        licence checkout (SQLite; PostgreSQL too with AISM_TEST_POSTGRES_URL)"
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
    /// The cache directory (`~/.cache/aism` or `AISM_CACHE`).
    pub cache: PathBuf,
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
            cache,
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
    // Checked first: a bad AISM_PUBLIC_URL should not cost a build.
    let base_url = manifest::public_base_url(std::env::var("AISM_PUBLIC_URL").ok())?;
    tools::ensure_wasm_toolchain(ctx)?;
    run(ctx.cargo().args(["build", "-p", "addin-server"]))?;
    generate(ctx)?;
    build_wasm(ctx)?;
    for dir in NPM_PACKAGES {
        build_npm_package(ctx, dir)?;
    }
    let client_id = manifest::office_client_id(std::env::var("AISM_OFFICE_CLIENT_ID").ok())?;
    assemble_web(ctx, &base_url, &client_id)?;
    Ok(())
}

/// Excel's custom-functions metadata, generated from the registry.
const FUNCTIONS_JSON: &str = "taskpane/src/functions/functions.json";

/// The files generated from the registry: `addin-server catalog --format FORMAT` → path.
const GENERATED: [(&str, &str); 4] = [
    ("markdown", "core/CATALOG.md"),
    ("excel-json", FUNCTIONS_JSON),
    ("excel-ts", "taskpane/src/functions/bindings.generated.ts"),
    ("apps-script", "apps-script/src/functions.generated.js"),
];

/// The npm packages the build bundles: the task pane (into `taskpane/dist/`) and the Google
/// Sheets add-on (into `apps-script/dist/`; it embeds `wasm/pkg-web`, so it runs after the WASM).
const NPM_PACKAGES: [&str; 2] = ["taskpane", "apps-script"];

/// Regenerates the committed files that come from the registry and from the manifest template.
fn generate(ctx: &Ctx) -> Result<()> {
    for (format, path) in GENERATED {
        let text =
            output(Command::new(ctx.server_bin("debug")).args(["catalog", "--format", format]))?;
        write_if_changed(&ctx.root.join(path), &text)?;
    }
    let template = read_manifest_template(ctx)?;
    write_if_changed(
        &ctx.root.join(manifest::DEV_MANIFEST),
        &manifest::render(&template, manifest::DEV_BASE_URL, manifest::DEV_CLIENT_ID),
    )?;
    Ok(())
}

fn read_manifest_template(ctx: &Ctx) -> Result<String> {
    let path = ctx.root.join(manifest::TEMPLATE);
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("generated {}", path.display());
    }
    Ok(())
}

/// Installs the npm packages of `dir` when needed and runs its `npm run build`.
fn build_npm_package(ctx: &Ctx, dir: &str) -> Result<()> {
    let path = ctx.root.join(dir);
    if !path.join("package.json").exists() {
        bail!(
            "{} is missing: {dir} cannot be built",
            path.join("package.json").display()
        );
    }
    tools::ensure_npm(ctx, dir)?;
    run(Command::new("npm")
        .current_dir(&path)
        .args(["run", "build"]))
}

/// Builds the WASM core and runs wasm-bindgen (web and Node packages) and wasm-opt.
fn build_wasm(ctx: &Ctx) -> Result<()> {
    // The licence public key is built into the WASM core only (native builds keep one set of
    // artefacts whatever the key).
    let key = licence::public_key(ctx)?;
    run(ctx.cargo().env("AISM_LICENCE_PUBLIC_KEY", key).args([
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

/// Assembles `dist/web`, the directory the server serves, from scratch: the task pane bundle
/// (`taskpane/dist/*`), the web WASM package under `pkg/`, and `manifest.xml` for `base_url`
/// (from `AISM_PUBLIC_URL`, default `https://localhost:3000`). Fails when a file the manifest
/// names is missing.
fn assemble_web(ctx: &Ctx, base_url: &str, client_id: &str) -> Result<()> {
    let template = read_manifest_template(ctx)?;
    let dist = ctx.root.join("dist/web");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).with_context(|| format!("clearing {}", dist.display()))?;
    }
    std::fs::create_dir_all(&dist)?;
    copy_dir(&ctx.root.join("taskpane/dist"), &dist)?;
    // The metadata Excel reads is exactly the generated file, whatever the bundler copied.
    std::fs::copy(ctx.root.join(FUNCTIONS_JSON), dist.join("functions.json"))?;
    copy_dir(&ctx.root.join("wasm/pkg-web"), &dist.join("pkg"))?;
    std::fs::write(
        dist.join("manifest.xml"),
        manifest::render(&template, base_url, client_id),
    )?;
    let missing: Vec<String> = manifest::served_paths(&template)
        .into_iter()
        .chain([
            "pkg/aism_wasm.js".to_string(),
            "pkg/aism_wasm_bg.wasm".to_string(),
            "signin.html".to_string(),
        ])
        .filter(|p| !dist.join(p).is_file())
        .collect();
    if !missing.is_empty() {
        bail!(
            "{} lacks files the add-in needs: {}",
            dist.display(),
            missing.join(", ")
        );
    }
    eprintln!("assembled {} (manifest.xml for {base_url})", dist.display());
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
    tools::ensure_chromium()?;
    for dir in std::iter::once("tests").chain(NPM_PACKAGES) {
        tools::ensure_npm(ctx, dir)?;
    }
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
    let taskpane = ctx.root.join("taskpane");
    run(Command::new("npm")
        .current_dir(&taskpane)
        .args(["run", "typecheck"]))?;
    run(Command::new("npm").current_dir(&taskpane).arg("test"))?;
    // The cross-component suites, from the root: the WASM package in Node, the manifest check,
    // the browser end-to-end tests and the Apps Script bundle in a bare V8 context.
    let mut node = Command::new("node");
    node.current_dir(&ctx.root)
        .env("AISM_SERVER_BIN", ctx.server_bin("debug"))
        .env("AISM_ROOT", &ctx.root)
        .env("AISM_LICENCE_DEV_KEY_FILE", licence::dev_key_file(ctx))
        .args([
            "--test",
            "--test-reporter=spec",
            "tests/node/",
            "tests/e2e/",
            "tests/apps-script/",
        ]);
    run(&mut node)?;
    eprintln!("xtask test: all suites passed");
    Ok(())
}

/// Builds, then serves `dist/web`. Office sideloads only over HTTPS, so unless `--http` is given
/// (or `AISM_TLS_CERT`/`AISM_TLS_KEY` already name a certificate) the server gets the
/// `office-addin-dev-certs` certificate (`~/.office-addin-dev-certs/localhost.crt|.key`, which
/// `npx office-addin-dev-certs install` creates and trusts) or else a development certificate made
/// by `addin-server dev-cert` under `~/.cache/aism/dev-certs/`.
fn serve(ctx: &Ctx, rest: &[String]) -> Result<()> {
    let http = rest.iter().any(|a| a == "--http");
    let rest: Vec<&String> = rest.iter().filter(|a| *a != "--http").collect();
    build(ctx)?;
    let mut server = Command::new(ctx.server_bin("debug"));
    // Licences the development server signs verify with the key built into the WASM.
    if std::env::var_os("AISM_LICENCE_KEY_FILE").is_none() {
        server.env("AISM_LICENCE_KEY_FILE", licence::dev_key_file(ctx));
    }
    // Office SSO: the server accepts bootstrap tokens for the add-in's application id, bare and
    // as the `api://host/id` resource the manifest declares.
    if let (Ok(id), None) = (
        std::env::var("AISM_OFFICE_CLIENT_ID"),
        std::env::var_os("AISM_OFFICE_CLIENT_IDS"),
    ) {
        let id = manifest::office_client_id(Some(id))?;
        let base = manifest::public_base_url(std::env::var("AISM_PUBLIC_URL").ok())?;
        let host = manifest::host_of(&base);
        server.env("AISM_OFFICE_CLIENT_IDS", format!("{id},api://{host}/{id}"));
    }
    server
        .current_dir(&ctx.root)
        .arg("serve")
        .arg("--static-dir")
        .arg(ctx.root.join("dist/web"));
    let preset =
        std::env::var_os("AISM_TLS_CERT").is_some() && std::env::var_os("AISM_TLS_KEY").is_some();
    if !http && !preset {
        let (cert, key) = dev_certificate(ctx)?;
        server.arg("--tls-cert").arg(cert).arg("--tls-key").arg(key);
    }
    if !http {
        eprintln!(
            "sideload {} in Excel (its URLs point to {})",
            ctx.root.join(manifest::DEV_MANIFEST).display(),
            manifest::DEV_BASE_URL
        );
    }
    run(server.args(rest))
}

/// The TLS certificate and key for `cargo xtask serve`.
fn dev_certificate(ctx: &Ctx) -> Result<(PathBuf, PathBuf)> {
    let office = home()?.join(".office-addin-dev-certs");
    let (cert, key) = (office.join("localhost.crt"), office.join("localhost.key"));
    if cert.is_file() && key.is_file() {
        eprintln!(
            "TLS: using the office-addin-dev-certs certificate in {}",
            office.display()
        );
        return Ok((cert, key));
    }
    let dir = ctx.cache.join("dev-certs");
    // How to trust the certificate goes to stderr, shown to the user.
    let out = output(
        Command::new(ctx.server_bin("debug"))
            .args(["dev-cert", "--dir"])
            .arg(&dir)
            .stderr(std::process::Stdio::inherit()),
    )?;
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(PathBuf::from)
            .with_context(|| format!("addin-server dev-cert printed no {name}"))
    };
    let (cert, key) = (field("cert=")?, field("key=")?);
    Ok((cert, key))
}

/// `cargo xtask loadtest`: the release server and the bare baseline (`examples/bare.rs`) under a
/// fixed request rate from oha (`tests/bench/load.mjs`; `AISM_LOAD_RATE`, `AISM_LOAD_SECONDS`).
fn loadtest(ctx: &Ctx) -> Result<()> {
    let oha = tools::oha(ctx)?;
    run(ctx.cargo().args([
        "build",
        "--release",
        "-p",
        "addin-server",
        "--bin",
        "addin-server",
        "--example",
        "bare",
    ]))?;
    run(Command::new("node")
        .current_dir(ctx.root.join("tests"))
        .env("AISM_SERVER_BIN", ctx.server_bin("release"))
        .env("AISM_BARE_BIN", ctx.target.join("release/examples/bare"))
        .env("AISM_OHA", oha)
        .arg("bench/load.mjs"))
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
