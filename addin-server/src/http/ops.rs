//! Operations and core endpoints: health, readiness, the function catalog and `call`.

use super::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

/// Routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/api/catalog", get(catalog))
        .route("/api/call", post(call))
}

async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

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

async fn catalog() -> impl IntoResponse {
    Json(aism_core::catalog_json())
}

/// Body of `POST /api/call`.
#[derive(Debug, Deserialize)]
struct CallRequest {
    name: String,
    #[serde(default)]
    args: Value,
}

/// Runs a registry function with the same core code the hosts run in WASM. Spreadsheet errors
/// are results, not HTTP errors: `200 {"error": "#NUM!", "message": …}`.
async fn call(Json(req): Json<CallRequest>) -> impl IntoResponse {
    let args = if req.args.is_null() {
        Ok(Vec::new())
    } else {
        aism_core::json::args_from_json(&req.args)
    };
    let result = args.and_then(|a| aism_core::call(&req.name, a));
    Json(aism_core::json::result_to_json(&result))
}
