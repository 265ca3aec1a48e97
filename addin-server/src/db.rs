//! The database: one pool over SQLite or PostgreSQL (sqlx `Any`), one set of migrations per
//! backend under `migrations/`, run at start-up.

use crate::Error;
use sqlx::AnyPool;
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use std::path::Path;

/// Which database a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite file (the default).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Backend {
    /// The backend of `url`, or a configuration error.
    pub fn of(url: &str) -> Result<Backend, Error> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(Error::Config(format!(
                "DATABASE_URL must start with sqlite: or postgres:, got {url}"
            )))
        }
    }
}

/// Opens (creating the SQLite file and its folder when missing) and migrates the database.
pub async fn connect(url: &str) -> Result<AnyPool, Error> {
    install_default_drivers();
    let backend = Backend::of(url)?;
    let url = if backend == Backend::Sqlite {
        let path = url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or(path);
        if path != ":memory:"
            && !path.is_empty()
            && let Some(dir) = Path::new(path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
        if url.contains('?') {
            url.to_string()
        } else {
            format!("{url}?mode=rwc")
        }
    } else {
        url.to_string()
    };
    let mut options =
        AnyPoolOptions::new().max_connections(if backend == Backend::Sqlite { 1 } else { 10 });
    if backend == Backend::Sqlite {
        // Write-ahead logging: readers do not wait for the writer, and a commit is one append
        // (synced at checkpoints: `synchronous = NORMAL`, safe with WAL) instead of a journal
        // rewrite with several fsyncs. Other processes on the same file wait up to 5 s.
        options = options.after_connect(|conn, _| {
            Box::pin(async move {
                for pragma in [
                    "PRAGMA busy_timeout = 5000",
                    "PRAGMA journal_mode = WAL",
                    "PRAGMA synchronous = NORMAL",
                ] {
                    sqlx::query(pragma).fetch_all(&mut *conn).await?;
                }
                Ok(())
            })
        });
    }
    let pool = options.connect(&url).await?;
    migrate(&pool, backend).await?;
    Ok(pool)
}

/// Opens a pool without migrating (administrative use, tests).
pub async fn connect_raw(url: &str) -> Result<AnyPool, Error> {
    install_default_drivers();
    Ok(AnyPoolOptions::new()
        .max_connections(2)
        .connect(url)
        .await?)
}

/// Runs the migrations of `backend`.
pub async fn migrate(pool: &AnyPool, backend: Backend) -> Result<(), Error> {
    match backend {
        Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(pool).await?,
        Backend::Postgres => sqlx::migrate!("migrations/postgres").run(pool).await?,
    }
    Ok(())
}
