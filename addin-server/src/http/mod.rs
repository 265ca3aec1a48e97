//! The HTTP application: one router per area, merged by [`app`], plus the static add-in files.

mod account;
pub mod error;
mod ops;

use axum::Router;
use sqlx::AnyPool;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::ServeDir;

/// State shared by every handler.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: AnyPool,
    /// The directory of the built web package.
    pub static_dir: Arc<PathBuf>,
    /// The key that signs licence tokens.
    pub licence_key: Arc<ed25519_dalek::SigningKey>,
}

/// The whole application: API routes first, then the add-in's static files.
pub fn app(state: AppState) -> Router {
    let files = ServeDir::new(state.static_dir.as_ref()).append_index_html_on_directories(true);
    Router::new()
        .merge(ops::router())
        .merge(account::router())
        .with_state(state)
        .fallback_service(files)
}
