//! Operations and core endpoints: health, readiness, the function catalog and `call`.

use super::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this area, with their OpenAPI descriptions.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(catalog))
        .routes(routes!(call))
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "Alive, with the version")))]
async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// Readiness: the database is reachable.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, description = "Ready"),
    (status = 503, description = "The database is unreachable")
))]
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&state.db).await {
        Ok(_) => (StatusCode::OK, Json(json!({ "status": "ready" }))),
        Err(e) => {
            tracing::error!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "database unreachable" })),
            )
        }
    }
}

/// The function catalog (what `functionCatalog()` returns in WASM).
#[utoipa::path(get, path = "/api/catalog", tag = "functions", responses((status = 200, description = "The catalog JSON")))]
async fn catalog() -> impl IntoResponse {
    Json(aism_core::catalog_json())
}

/// Body of `POST /api/call`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct CallRequest {
    name: String,
    #[serde(default)]
    args: Value,
}

/// Runs a registry function with the same core code the hosts run in WASM. Spreadsheet errors
/// are results, not HTTP errors: `200 {"error": "#NUM!", "message": …}`.
#[utoipa::path(post, path = "/api/call", tag = "functions", request_body = CallRequest, responses(
    (status = 200, description = "The result rows, or {error, message} for a spreadsheet error")
))]
async fn call(Json(req): Json<CallRequest>) -> impl IntoResponse {
    let args = if req.args.is_null() {
        Ok(Vec::new())
    } else {
        aism_core::json::args_from_json(&req.args)
    };
    let result = args.and_then(|a| aism_core::call(&req.name, a));
    Json(aism_core::json::result_to_json(&result))
}
