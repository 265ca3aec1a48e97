//! The native command line. `addin-server call NAME --args '<JSON array>'` runs the same
//! registry the hosts run in WASM and prints the JSON 2-D result (or `{error, message}` with exit
//! status 2).

use crate::config::Config;
use crate::http::{AppState, app};
use crate::{Error, db};
use clap::{Parser, Subcommand};
use std::process::ExitCode;
use std::sync::Arc;

/// AI Spreadsheet Mastery server and command line.
#[derive(Debug, Parser)]
#[command(name = "addin-server", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the add-in and the API.
    Serve(Box<Config>),
    /// Call a registry function and print its JSON result.
    Call {
        /// Function name: AISM.FORECAST, FORECAST or AISM_FORECAST.
        name: String,
        /// The arguments as a JSON array: ranges as arrays of rows, null for omitted.
        #[arg(long, default_value = "[]")]
        args: String,
    },
    /// Analyse a CSV or XLSX file with the system detected from its columns and print the report
    /// as JSON (`{detection, validation, report}`).
    Report {
        /// The CSV, XLSX, XLS or ODS file.
        file: std::path::PathBuf,
        /// Sheet name for workbooks (default: the first sheet).
        #[arg(long)]
        sheet: Option<String>,
        /// Options as JSON: `{"horizon": 28, "sensitivity": 3, "dateColumn": "Date", …}`.
        #[arg(long, default_value = "{}")]
        options: String,
    },
    /// Print the function catalog (JSON by default) or a file generated from it.
    Catalog {
        /// What to print.
        #[arg(long, value_enum, default_value = "json")]
        format: CatalogFormat,
        /// Print the Markdown catalog document (same as `--format markdown`).
        #[arg(long, conflicts_with = "format")]
        markdown: bool,
    },
    /// Ensure a development TLS certificate for `localhost` in DIR (a local authority `ca.crt` to
    /// trust, and `localhost.crt`/`localhost.key` signed by it) and print the paths.
    DevCert {
        /// Where the certificate files live.
        #[arg(long)]
        dir: std::path::PathBuf,
    },
    /// Licences: issue, list, revoke, check out a token.
    Licence {
        /// What to do.
        #[command(subcommand)]
        action: LicenceAction,
        /// Database URL.
        #[arg(
            long,
            env = "DATABASE_URL",
            default_value = "sqlite://data/aism.sqlite",
            global = true
        )]
        database_url: String,
        /// The Ed25519 signing key (32-byte seed, base64url or hex); created when missing.
        #[arg(
            long,
            env = "AISM_LICENCE_KEY_FILE",
            default_value = "data/licence.key",
            global = true
        )]
        key_file: std::path::PathBuf,
    },
    /// Course certificates: revoke one (its bit is set in the status list).
    Credential {
        /// What to do.
        #[command(subcommand)]
        action: CredentialAction,
        /// Database URL.
        #[arg(
            long,
            env = "DATABASE_URL",
            default_value = "sqlite://data/aism.sqlite",
            global = true
        )]
        database_url: String,
    },
    /// Create (if needed) and migrate the database, then exit.
    Migrate {
        /// Database URL.
        #[arg(
            long,
            env = "DATABASE_URL",
            default_value = "sqlite://data/aism.sqlite"
        )]
        database_url: String,
    },
}

/// `addin-server credential …`.
#[derive(Debug, Subcommand)]
pub enum CredentialAction {
    /// Revoke a certificate by id (`cred_…`).
    Revoke {
        /// Credential id.
        id: String,
    },
}

/// `addin-server licence …`.
#[derive(Debug, Subcommand)]
pub enum LicenceAction {
    /// Issue a licence to an organisation (created when missing) and print it as JSON.
    Issue {
        /// Organisation name.
        #[arg(long)]
        org: String,
        /// Plan: free, course, pro or team.
        #[arg(long, default_value = "pro")]
        plan: String,
        /// Seats.
        #[arg(long, default_value_t = 1)]
        seats: i64,
        /// Days until it ends.
        #[arg(long, default_value_t = 365)]
        days: i64,
        /// Tenant binding (Microsoft tenant id or Google Workspace domain); default the
        /// organisation id.
        #[arg(long)]
        tenant: Option<String>,
        /// Issue it as a trial.
        #[arg(long)]
        trial: bool,
    },
    /// List every licence as JSON.
    List,
    /// Revoke a licence.
    Revoke {
        /// Licence id.
        id: String,
    },
    /// Check a licence out for a user (created when missing) and print the signed token.
    Checkout {
        /// Licence id.
        id: String,
        /// The user's email.
        #[arg(long)]
        user: String,
        /// Token time-to-live in seconds.
        #[arg(long, default_value_t = crate::licences::DEFAULT_TTL)]
        ttl: i64,
    },
}

/// The forms of the catalog `addin-server catalog` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CatalogFormat {
    /// The catalog JSON (what `functionCatalog()` returns in WASM).
    Json,
    /// The Markdown document committed as `core/CATALOG.md`.
    Markdown,
    /// Excel's custom-functions metadata, `taskpane/src/functions/functions.json`.
    ExcelJson,
    /// The task pane's binding table, `taskpane/src/functions/bindings.generated.ts`.
    ExcelTs,
    /// The Google Sheets custom functions, `apps-script/src/functions.generated.js`.
    AppsScript,
}

/// The text `addin-server catalog --format FORMAT` prints.
pub fn catalog_text(format: CatalogFormat) -> String {
    let specs = aism_core::catalog();
    match format {
        CatalogFormat::Json => format!("{:#}\n", aism_core::catalog_json()),
        CatalogFormat::Markdown => aism_core::registry::catalog_markdown(),
        CatalogFormat::ExcelJson => aism_core::registry::excel_functions_json_text(&specs),
        CatalogFormat::ExcelTs => aism_core::registry::excel_bindings_ts(&specs),
        CatalogFormat::AppsScript => aism_core::registry::apps_script_functions_js(&specs),
    }
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Call { name, args } => call(&name, &args),
        Command::Report {
            file,
            sheet,
            options,
        } => report(&file, sheet.as_deref(), &options),
        Command::Catalog { format, markdown } => {
            let format = if markdown {
                CatalogFormat::Markdown
            } else {
                format
            };
            print!("{}", catalog_text(format));
            ExitCode::SUCCESS
        }
        Command::Serve(config) => run_async(serve(*config)),
        Command::DevCert { dir } => dev_cert(&dir),
        Command::Licence {
            action,
            database_url,
            key_file,
        } => run_async(licence_command(action, database_url, key_file)),
        Command::Credential {
            action: CredentialAction::Revoke { id },
            database_url,
        } => run_async(async move {
            let db = db::connect(&database_url).await?;
            crate::course::revoke(&db, &id, "cli", now()).await?;
            println!("revoked {id}");
            Ok(())
        }),
        Command::Migrate { database_url } => run_async(async move {
            db::connect(&database_url).await?;
            println!("migrated {database_url}");
            Ok(())
        }),
    }
}

/// The current time in Unix seconds (the server's clock; the core never reads one).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

async fn licence_command(
    action: LicenceAction,
    database_url: String,
    key_file: std::path::PathBuf,
) -> Result<(), crate::Error> {
    use crate::licences;
    let db = db::connect(&database_url).await?;
    let now = now();
    let out = match action {
        LicenceAction::Issue {
            org,
            plan,
            seats,
            days,
            tenant,
            trial,
        } => {
            let plan = aism_core::licence::Plan::parse(&plan).ok_or_else(|| {
                crate::Error::Invalid(format!(
                    "unknown plan {plan}; use free, course, pro or team"
                ))
            })?;
            let req = licences::IssueRequest {
                org,
                plan,
                seats,
                days,
                tenant,
                trial,
            };
            serde_json::to_value(licences::issue(&db, &req, "cli", now).await?)?
        }
        LicenceAction::List => serde_json::to_value(licences::list(&db).await?)?,
        LicenceAction::Revoke { id } => {
            serde_json::to_value(licences::revoke(&db, &id, "cli", now).await?)?
        }
        LicenceAction::Checkout { id, user, ttl } => {
            let key = licences::signing_key(&key_file)?;
            let uid = licences::user(&db, &user, now).await?;
            serde_json::Value::String(licences::checkout(&db, &key, &id, &uid, now, ttl).await?)
        }
    };
    println!("{out:#}");
    Ok(())
}

/// `addin-server call`: prints the result; exit status 2 on a spreadsheet error.
fn call(name: &str, args: &str) -> ExitCode {
    let parsed = serde_json::from_str::<serde_json::Value>(args)
        .map_err(|e| {
            aism_core::CellError::value(format!(
                "--args is not valid JSON ({e}). Pass a JSON array."
            ))
        })
        .and_then(|v| aism_core::json::args_from_json(&v));
    let result = parsed.and_then(|a| aism_core::call(name, a));
    println!("{}", aism_core::json::result_to_json(&result));
    if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// `addin-server report`: prints the analysis; exit status 2 when the data cannot be analysed.
fn report(file: &std::path::Path, sheet: Option<&str>, options: &str) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    };
    let result = serde_json::from_str::<aism_core::systems::ReportOptions>(options)
        .map_err(|e| aism_core::CellError::value(format!("--options is not valid ({e}).")))
        .and_then(|opts| aism_core::run_report_bytes(&bytes, sheet, &opts));
    match result {
        Ok(analysis) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&analysis).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!(
                "{}",
                serde_json::json!({ "error": e.kind.as_str(), "message": e.message })
            );
            ExitCode::from(2)
        }
    }
}

/// `addin-server dev-cert`: prints `cert=…`, `key=…` and `ca=…` lines on stdout, and on stderr
/// how to trust the authority.
fn dev_cert(dir: &std::path::Path) -> ExitCode {
    match crate::tls::dev_certificate(dir) {
        Ok(c) => {
            println!("cert={}", c.cert.display());
            println!("key={}", c.key.display());
            println!("ca={}", c.ca_cert.display());
            let ca = c.ca_cert.display();
            let action = if c.created { "wrote" } else { "using" };
            eprintln!(
                "{action} the development certificate for localhost in {}.\n\
                 Browsers and Office accept it once its authority {ca} is trusted:\n  \
                 Debian/Ubuntu: sudo cp {ca} /usr/local/share/ca-certificates/aism-dev-ca.crt && sudo update-ca-certificates\n  \
                 Chromium on Linux: certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n aism-dev-ca -i {ca}\n  \
                 macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain {ca}\n  \
                 Windows: certutil -user -addstore Root {ca}\n\
                 Or run `npx office-addin-dev-certs install`: `cargo xtask serve` prefers its certificate.",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_async<F: std::future::Future<Output = Result<(), Error>>>(f: F) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(f) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .json()
        .try_init();
}

/// The meeting providers the configuration completes.
fn providers(c: &Config) -> crate::webinars::Providers {
    let zoom = match (&c.zoom_account_id, &c.zoom_client_id, &c.zoom_client_secret) {
        (Some(a), Some(i), Some(s)) => Some(crate::webinars::ZoomConfig {
            api_url: c.zoom_api_url.clone(),
            oauth_url: c.zoom_oauth_url.clone(),
            account_id: a.clone(),
            client_id: i.clone(),
            client_secret: s.clone(),
            host: c.zoom_host.clone(),
        }),
        _ => None,
    };
    let graph = match (
        &c.graph_tenant,
        &c.graph_client_id,
        &c.graph_client_secret,
        &c.graph_organiser,
    ) {
        (Some(t), Some(i), Some(s), Some(o)) => Some(crate::webinars::GraphConfig {
            api_url: c.graph_api_url.clone(),
            login_url: c.graph_login_url.clone(),
            tenant: t.clone(),
            client_id: i.clone(),
            client_secret: s.clone(),
            organiser: o.clone(),
        }),
        _ => None,
    };
    crate::webinars::Providers::new(zoom, graph)
}

/// Serves until Ctrl-C or SIGTERM, then drains in-flight requests.
pub async fn serve(config: Config) -> Result<(), Error> {
    init_logs();
    let pool = db::connect(&config.database_url).await?;
    if !config.static_dir.join("index.html").exists() {
        tracing::warn!(dir = %config.static_dir.display(), "no index.html in the static dir: run `cargo xtask build`");
    }
    let mut state = AppState::new(
        pool,
        config.static_dir.clone(),
        crate::licences::signing_key(&config.licence_key_file)?,
    )?;
    state.allowed_origins = Arc::new(config.allowed_origins.clone());
    state.public_url = Arc::new(config.public_url.trim_end_matches('/').to_string());
    if let Some(dir) = &config.course_dir {
        state.course = Arc::new(crate::course::Content::load(dir)?);
    }
    state.providers = Arc::new(providers(&config));
    // Scheduled jobs (webinar reminders), every 30 s; several processes may run this.
    let (jobs_db, worker) = (state.db.clone(), crate::licences::new_id("worker")?);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            tick.tick().await;
            if let Err(e) = crate::webinars::run_due(&jobs_db, &worker, now()).await {
                tracing::warn!(error = %e, "scheduled jobs");
            }
        }
    });
    state.identity = identity_verifier(&config)?;
    state.limits = crate::http::RateLimits::new(
        crate::http::Rate {
            per_second: config.rate_per_ip,
            burst: config.burst_per_ip,
        },
        crate::http::Rate {
            per_second: config.rate_per_user,
            burst: config.burst_per_user,
        },
        config.trust_forwarded,
    );
    let limits = state.limits.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            limits.forget_idle();
        }
    });
    let tls = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(crate::tls::server_config(cert, key)?),
        (None, None) => None,
        _ => {
            return Err(Error::Config(
                "AISM_TLS_CERT and AISM_TLS_KEY (--tls-cert, --tls-key) go together".to_string(),
            ));
        }
    };
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(addr = %config.addr, scheme, database = %config.database_url, "serving");
    println!("AISM add-in served at {scheme}://{}/", config.addr);
    match tls {
        Some(tls) => crate::tls::serve_tls(listener, app(state), tls, shutdown_signal()).await,
        None => {
            axum::serve(
                listener,
                app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown_signal())
            .await?;
            Ok(())
        }
    }
}

/// The identity verifier the configuration describes.
fn identity_verifier(config: &Config) -> Result<Arc<crate::identity::Verifier>, Error> {
    use crate::identity::{Provider, ProviderKind, Verifier};
    let clean = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    Verifier::new(
        Provider {
            kind: ProviderKind::Microsoft,
            jwks_url: config.office_jwks_url.clone(),
            audiences: clean(&config.office_client_ids),
            tenants: clean(&config.office_tenants),
        },
        Provider {
            kind: ProviderKind::Google,
            jwks_url: config.google_jwks_url.clone(),
            audiences: clean(&config.google_client_ids),
            tenants: Vec::new(),
        },
    )
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_format_apps_script_prints_the_sheets_wrappers() {
        let cli = Cli::try_parse_from(["addin-server", "catalog", "--format", "apps-script"])
            .expect("apps-script is a catalog format");
        let Command::Catalog { format, markdown } = cli.command else {
            panic!("not the catalog command");
        };
        assert!(!markdown);
        assert_eq!(format, CatalogFormat::AppsScript);
        let text = catalog_text(format);
        assert_eq!(
            text,
            aism_core::registry::apps_script_functions_js(&aism_core::catalog())
        );
        assert!(text.contains("async function AISM_FORECAST("));
    }
}
