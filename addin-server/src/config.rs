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
    /// Office SSO: accepted audiences of bootstrap tokens, comma-separated (the add-in's
    /// application id and `api://<host>/<application id>`). Empty: Office sign-in is off.
    #[arg(long, env = "AISM_OFFICE_CLIENT_IDS", value_delimiter = ',')]
    pub office_client_ids: Vec<String>,
    /// Office SSO: Microsoft tenant ids allowed to sign in, comma-separated; `*` allows all.
    #[arg(long, env = "AISM_OFFICE_TENANTS", value_delimiter = ',')]
    pub office_tenants: Vec<String>,
    /// Office SSO: where Microsoft publishes its signing keys.
    #[arg(long, env = "AISM_OFFICE_JWKS_URL", default_value = crate::identity::MICROSOFT_JWKS)]
    pub office_jwks_url: String,
    /// Google identity (Sheets): accepted audiences, comma-separated (the Apps Script project's
    /// OAuth client id). Empty: Google sign-in is off.
    #[arg(long, env = "AISM_GOOGLE_CLIENT_IDS", value_delimiter = ',')]
    pub google_client_ids: Vec<String>,
    /// Google identity: where Google publishes its signing keys.
    #[arg(long, env = "AISM_GOOGLE_JWKS_URL", default_value = crate::identity::GOOGLE_JWKS)]
    pub google_jwks_url: String,
    /// Requests per second per client address over `/api` (0: no limit).
    #[arg(long, env = "AISM_RATE_PER_IP", default_value_t = 50)]
    pub rate_per_ip: u32,
    /// Burst per client address.
    #[arg(long, env = "AISM_BURST_PER_IP", default_value_t = 100)]
    pub burst_per_ip: u32,
    /// Requests per second per signed-in user (0: no limit).
    #[arg(long, env = "AISM_RATE_PER_USER", default_value_t = 20)]
    pub rate_per_user: u32,
    /// Burst per signed-in user.
    #[arg(long, env = "AISM_BURST_PER_USER", default_value_t = 40)]
    pub burst_per_user: u32,
    /// Behind a trusted reverse proxy: the client address is the first `X-Forwarded-For` entry.
    #[arg(long, env = "AISM_TRUST_FORWARDED")]
    pub trust_forwarded: bool,
    /// The server's public origin: the ids of credentials, statements and calendar events.
    #[arg(
        long,
        env = "AISM_PUBLIC_URL",
        default_value = "https://localhost:3000"
    )]
    pub public_url: String,
    /// The course content (`course.toml`, `modules/`); default: this repository's.
    #[arg(long, env = "AISM_COURSE_DIR")]
    pub course_dir: Option<PathBuf>,
    /// Zoom Server-to-Server OAuth: account id (with the client id and secret: webinars can be
    /// created through Zoom).
    #[arg(long, env = "AISM_ZOOM_ACCOUNT_ID")]
    pub zoom_account_id: Option<String>,
    /// Zoom: client id.
    #[arg(long, env = "AISM_ZOOM_CLIENT_ID")]
    pub zoom_client_id: Option<String>,
    /// Zoom: client secret.
    #[arg(long, env = "AISM_ZOOM_CLIENT_SECRET", hide_env_values = true)]
    pub zoom_client_secret: Option<String>,
    /// Zoom: the user who hosts the meetings.
    #[arg(long, env = "AISM_ZOOM_HOST", default_value = "me")]
    pub zoom_host: String,
    /// Zoom: API base.
    #[arg(
        long,
        env = "AISM_ZOOM_API_URL",
        default_value = "https://api.zoom.us/v2"
    )]
    pub zoom_api_url: String,
    /// Zoom: token endpoint.
    #[arg(
        long,
        env = "AISM_ZOOM_OAUTH_URL",
        default_value = "https://zoom.us/oauth/token"
    )]
    pub zoom_oauth_url: String,
    /// Microsoft Graph (Teams meetings): tenant id (with the client id, secret and organiser).
    #[arg(long, env = "AISM_GRAPH_TENANT")]
    pub graph_tenant: Option<String>,
    /// Graph: client id.
    #[arg(long, env = "AISM_GRAPH_CLIENT_ID")]
    pub graph_client_id: Option<String>,
    /// Graph: client secret.
    #[arg(long, env = "AISM_GRAPH_CLIENT_SECRET", hide_env_values = true)]
    pub graph_client_secret: Option<String>,
    /// Graph: the organiser's user id.
    #[arg(long, env = "AISM_GRAPH_ORGANISER")]
    pub graph_organiser: Option<String>,
    /// Graph: API base.
    #[arg(
        long,
        env = "AISM_GRAPH_API_URL",
        default_value = "https://graph.microsoft.com/v1.0"
    )]
    pub graph_api_url: String,
    /// Graph: login base.
    #[arg(
        long,
        env = "AISM_GRAPH_LOGIN_URL",
        default_value = "https://login.microsoftonline.com"
    )]
    pub graph_login_url: String,
    /// PEM private key of `--tls-cert`.
    #[arg(long, env = "AISM_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}
