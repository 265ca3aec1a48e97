//! The HTTP application: one router per area, merged by [`app`], plus the static add-in files.

mod account;
mod course;
pub mod error;
pub mod limits;
mod metrics;
mod ops;
mod orgs;
mod pages;
mod webinars;

use axum::Router;
use sqlx::AnyPool;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::ServeDir;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;

pub use limits::{Rate, RateLimits};

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
    /// Verifies Office SSO and Google identity tokens.
    pub identity: Arc<crate::identity::Verifier>,
    /// Request rate limits per client address and per signed-in user.
    pub limits: RateLimits,
    /// The course content.
    pub course: Arc<crate::course::Content>,
    /// Zoom and Microsoft Graph, when configured (webinars).
    pub providers: Arc<crate::webinars::Providers>,
    /// The server's public origin (`https://addin.example.com`): credential and statement ids.
    pub public_url: Arc<String>,
}

impl AppState {
    /// State with the development origins, identity sign-in not configured, the default rate
    /// limits and the course content of this repository; set the other fields as needed.
    pub fn new(
        db: AnyPool,
        static_dir: PathBuf,
        licence_key: ed25519_dalek::SigningKey,
    ) -> Result<AppState, crate::Error> {
        Ok(AppState {
            db,
            static_dir: Arc::new(static_dir),
            licence_key: Arc::new(licence_key),
            allowed_origins: Arc::new(DEV_ORIGINS.iter().map(|o| (*o).to_string()).collect()),
            identity: crate::identity::Verifier::disabled()?,
            limits: RateLimits::default(),
            course: Arc::new(crate::course::Content::load(&crate::course::default_dir())?),
            public_url: Arc::new(DEV_ORIGINS[0].to_string()),
            providers: Arc::new(crate::webinars::Providers::new(None, None)),
        })
    }
}

/// The current time in Unix seconds (the handlers' clock).
fn now() -> i64 {
    crate::cli::now()
}

/// The OpenAPI document of the routes ([`app`] fills it from the routes' annotations).
static OPENAPI: std::sync::OnceLock<utoipa::openapi::OpenApi> = std::sync::OnceLock::new();

#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "AI Spreadsheet Mastery server", description = "Identity, licences, the course and operations of the add-in server."),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// Declares the bearer session token scheme the account routes use.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// `GET /openapi.json`: this document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations", responses((status = 200, description = "The OpenAPI document")))]
async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(OPENAPI.get().cloned().unwrap_or_default())
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
    let (api, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(ops::router())
        .merge(account::router())
        .merge(orgs::router())
        .merge(course::router())
        .merge(pages::router())
        .merge(webinars::router())
        .routes(utoipa_axum::routes!(metrics::render))
        .routes(utoipa_axum::routes!(openapi_json))
        .split_for_parts();
    let _ = OPENAPI.set(doc);
    let ip_limit = state.limits.ip_layer();
    let api = api.with_state(state);
    let api = match ip_limit {
        Some(layer) => api.layer(layer),
        None => api,
    };
    api.fallback_service(files)
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(cors)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(trace)
        .layer(SetRequestIdLayer::new(request_id, RandomRequestId))
}
