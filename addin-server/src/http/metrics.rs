//! Prometheus metrics: `http_requests_total{method, route, status}` and
//! `http_request_duration_seconds{method, route}` for every request, rendered at `GET /metrics`.
//! Routes are the router's templates (`/api/licences/checkout`), and every static file counts
//! as `static`, so the label sets stay small.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder (installed on first use; one per process, shared by every app).
fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .set_buckets(&[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
                ])
                .ok()?
                .install_recorder()
                .map_err(|e| tracing::error!(error = %e, "metrics recorder not installed"))
                .ok()
        })
        .as_ref()
}

/// Records one request.
pub async fn track(req: Request, next: Next) -> Response {
    let _ = handle();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "static".to_string(), |p| p.as_str().to_string());
    let method = req.method().to_string();
    let start = std::time::Instant::now();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    res
}

/// `GET /metrics`: the Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn render() -> impl IntoResponse {
    let body = handle().map(PrometheusHandle::render).unwrap_or_default();
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
}
