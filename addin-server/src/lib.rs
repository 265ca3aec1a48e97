//! The thin AISM server and native command line.
//!
//! - [`cli`]: `addin-server serve | call | report | catalog | migrate | licence`.
//! - [`auth`]: email and password accounts (argon2id), sessions with rotating refresh tokens.
//! - [`licences`]: licences issued to organisations, seats, checkout of signed tokens, revocation,
//!   the audit log.
//! - [`identity`]: Office SSO and Google identity tokens, verified against the providers' JWKS.
//! - [`course`]: the course content, progress as xAPI statements, exercise re-checks and
//!   Open Badges 3.0 certificates.
//! - [`orgs`]: members, roles and invitations of organisations; the role rules of every route.
//! - [`webinars`]: webinar sessions (stored, Zoom, Microsoft Graph), registration, reminder jobs,
//!   RFC 5545 calendars.
//! - [`http`]: the axum application ([`http::app`]), one router per area.
//! - [`tls`]: HTTPS serving (rustls) and the development certificate.
//! - [`db`]: the database pool (SQLite by default, PostgreSQL when `DATABASE_URL` says so) and
//!   the migrations.
//!
//! Analytics never run here except through `aism_core`, the same code the hosts run in WASM.

pub mod auth;
pub mod cli;
pub mod config;
pub mod course;
pub mod db;
pub mod http;
pub mod identity;
pub mod licences;
pub mod orgs;
pub mod tls;
pub mod webinars;

/// Errors of the server crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database could not be opened, migrated or queried.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A file or socket operation failed.
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// The configuration is invalid.
    #[error("configuration: {0}")]
    Config(String),
    /// The TLS certificate or key cannot be used, or a development certificate cannot be made.
    #[error("tls: {0}")]
    Tls(String),
    /// Arguments given on the command line are invalid JSON.
    #[error("arguments: {0}")]
    Json(#[from] serde_json::Error),
    /// A request is invalid (what to change is in the message).
    #[error("{0}")]
    Invalid(String),
    /// The request is not signed in, or its session ended.
    #[error("{0}")]
    Unauthorized(String),
    /// The thing to create exists already.
    #[error("{0}")]
    Conflict(String),
    /// Something asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The action is not allowed (revoked or ended licence, no seat left, wrong role).
    #[error("{0}")]
    Forbidden(String),
    /// A service the request depends on (an identity provider's keys) cannot be reached.
    #[error("{0}")]
    Unavailable(String),
    /// The caller sent too many requests; they may try again after this many seconds.
    #[error("too many requests; try again in {0} s")]
    RateLimited(u64),
}
