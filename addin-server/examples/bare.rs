//! The baseline of the load test (`cargo xtask loadtest`): a bare axum server on the same
//! runtime, answering `GET /` with a constant body and `GET /json` with a small JSON object,
//! without middleware, database or authentication.
//!
//! `cargo run --release -p addin-server --example bare -- 127.0.0.1:3900`

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3900".to_string());
    let app = Router::new().route("/", get(|| async { "ok" })).route(
        "/json",
        get(|| async { axum::Json(serde_json::json!({ "id": "usr_0", "ok": true })) }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("bare axum on http://{addr}/");
    axum::serve(listener, app).await
}
