//! Server configuration, from the command line or the environment.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How the server is configured (`addin-server serve --help`).
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "AISM_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Database URL: `sqlite://data/aism.sqlite` (default, created on first start) or
    /// `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/aism.sqlite"
    )]
    pub database_url: String,
    /// Directory of the built web package (the add-in pages and the WASM), served at `/`.
    #[arg(long, env = "AISM_STATIC_DIR", default_value = "dist/web")]
    pub static_dir: PathBuf,
    /// PEM certificate chain: with `--tls-key`, serve HTTPS instead of HTTP.
    #[arg(long, env = "AISM_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The Ed25519 seed that signs licence tokens (base64url or hex); created when missing.
    #[arg(
        long,
        env = "AISM_LICENCE_KEY_FILE",
        default_value = "data/licence.key"
    )]
    pub licence_key_file: PathBuf,
    /// Origins allowed to call the API from a browser, comma-separated (the add-in's origin).
    #[arg(
        long,
        env = "AISM_ALLOWED_ORIGINS",
        value_delimiter = ',',
        default_value = "https://localhost:3000,http://localhost:3000"
    )]
    pub allowed_origins: Vec<String>,
    /// PEM private key of `--tls-cert`.
    #[arg(long, env = "AISM_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}
