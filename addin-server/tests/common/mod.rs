//! Helpers shared by the server's integration tests.

#![allow(dead_code, clippy::expect_used)] // each test file uses a part; set-up failures fail loudly

use addin_server::db;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use sqlx::AnyPool;
use tower::ServiceExt;

/// A fresh PostgreSQL schema on the test server (`AISM_TEST_POSTGRES_URL`, else a PostgreSQL
/// `DATABASE_URL`), dropped by [`Schema::drop`]. `None` when neither is set (`.ci/run` sets the
/// first).
pub struct Schema {
    /// A database URL whose search path is the schema.
    pub url: String,
    admin: AnyPool,
    name: String,
}

impl Schema {
    /// Creates schema `aism_<name>_<pid>` from nothing.
    pub async fn create(name: &str) -> Option<Schema> {
        let url = std::env::var("AISM_TEST_POSTGRES_URL").ok().or_else(|| {
            std::env::var("DATABASE_URL")
                .ok()
                .filter(|u| u.starts_with("postgres:") || u.starts_with("postgresql:"))
        });
        let Some(url) = url else {
            eprintln!(
                "neither AISM_TEST_POSTGRES_URL nor a postgres DATABASE_URL: PostgreSQL suite not run"
            );
            return None;
        };
        let schema = format!("aism_{name}_{}", std::process::id());
        let admin = db::connect_raw(&url).await.expect("postgres reachable");
        for q in [
            format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
            format!("CREATE SCHEMA {schema}"),
        ] {
            sqlx::query(&q).execute(&admin).await.expect("schema");
        }
        let sep = if url.contains('?') { '&' } else { '?' };
        Some(Schema {
            url: format!("{url}{sep}options=-c%20search_path%3D{schema}"),
            admin,
            name: schema,
        })
    }

    /// Drops the schema.
    pub async fn drop(self) {
        sqlx::query(&format!("DROP SCHEMA {} CASCADE", self.name))
            .execute(&self.admin)
            .await
            .expect("drop schema");
    }
}

/// Sends one request through the router (`Router::oneshot`), with an optional bearer token and
/// JSON body; the status and the JSON answer (`null` when the body is not JSON).
pub async fn send(
    app: &axum::Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .expect("request");
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let bytes = to_bytes(res.into_body(), 1 << 20).await.expect("body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Application state on `url` with the repository's course, signing key `seed`, and no rate
/// limits (the scenarios send many requests a second as one user).
pub async fn unlimited_state(
    url: &str,
    static_dir: &std::path::Path,
    seed: u8,
) -> addin_server::http::AppState {
    let mut st = addin_server::http::AppState::new(
        db::connect(url).await.expect("database"),
        static_dir.to_path_buf(),
        ed25519_dalek::SigningKey::from_bytes(&[seed; 32]),
    )
    .expect("state");
    let off = addin_server::http::Rate {
        per_second: 0,
        burst: 0,
    };
    st.limits = addin_server::http::RateLimits::new(off, off, false);
    st
}

/// Signs `email` up (owner of `org` when given) with a fixed password, signs in, and returns the
/// access token.
pub async fn sign_up(app: &axum::Router, email: &str, org: Option<&str>) -> String {
    let (s, b) = send(
        app,
        "POST",
        "/api/auth/signup",
        None,
        Some(serde_json::json!({"email": email, "password": "a long enough password", "organisation": org, "name": "Ana Díaz"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, t) = send(
        app,
        "POST",
        "/api/auth/login",
        None,
        Some(serde_json::json!({"email": email, "password": "a long enough password"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    t["accessToken"].as_str().expect("token").to_string()
}

/// Invites `email` as a student of `org` (by its owner's token), signs them up and accepts the
/// invitation; returns their access token.
pub async fn join_as_student(app: &axum::Router, owner: &str, org: &str, email: &str) -> String {
    let (s, inv) = send(
        app,
        "POST",
        &format!("/api/orgs/{org}/invitations"),
        Some(owner),
        Some(serde_json::json!({"email": email, "role": "student"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{inv}");
    let token = sign_up(app, email, None).await;
    let (s, b) = send(
        app,
        "POST",
        "/api/invitations/accept",
        Some(&token),
        Some(serde_json::json!({"token": inv["token"]})),
    )
    .await;
    assert!(s.is_success(), "{b}");
    token
}
