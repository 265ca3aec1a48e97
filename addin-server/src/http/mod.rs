//! The HTTP application: one router per area, merged by [`app`], plus the static add-in files.

mod account;
pub mod error;
mod metrics;
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
    /// Origins allowed to call the API from a browser (the add-in's pages); CORS refuses others.
    pub allowed_origins: Arc<Vec<String>>,
}

/// The development origins allowed by default: the add-in served by `cargo xtask serve`.
pub const DEV_ORIGINS: [&str; 2] = ["https://localhost:3000", "http://localhost:3000"];

/// A request id for every request that comes without one (`x-request-id`): 16 random bytes.
#[derive(Clone, Copy, Default)]
struct RandomRequestId;

impl tower_http::request_id::MakeRequestId for RandomRequestId {
    fn make_request_id<B>(
        &mut self,
        _request: &axum::http::Request<B>,
    ) -> Option<tower_http::request_id::RequestId> {
        let id = crate::licences::new_id("req").ok()?;
        axum::http::HeaderValue::from_str(&id)
            .ok()
            .map(tower_http::request_id::RequestId::new)
    }
}

/// The whole application: API routes first, then the add-in's static files; every response
/// carries an `x-request-id` (the caller's or a new one, also in the request's log span), and
/// browsers may call the API only from the allowed origins.
pub fn app(state: AppState) -> Router {
    use axum::http::{HeaderName, HeaderValue, Method, header};
    use tower_http::cors::{AllowOrigin, CorsLayer};
    use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
    let files = ServeDir::new(state.static_dir.as_ref()).append_index_html_on_directories(true);
    let origins: Vec<HeaderValue> = state
        .allowed_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([HeaderName::from_static("x-request-id")]);
    let request_id = HeaderName::from_static("x-request-id");
    let trace = tower_http::trace::TraceLayer::new_for_http().make_span_with(
        |req: &axum::http::Request<axum::body::Body>| {
            let id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            tracing::info_span!("request", request_id = %id, method = %req.method(), uri = %req.uri())
        },
    );
    Router::new()
        .merge(ops::router())
        .merge(account::router())
        .route("/metrics", axum::routing::get(metrics::render))
        .with_state(state)
        .fallback_service(files)
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(cors)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(trace)
        .layer(SetRequestIdLayer::new(request_id, RandomRequestId))
}
