//! Accounts, sessions and licence checkout through `Router::oneshot`, on SQLite always and on
//! PostgreSQL when `AISM_TEST_POSTGRES_URL` is set (`.ci/run` sets it): sign-up, sign-in, wrong
//! password, refresh with rotation and replay detection, sign-out, another organisation's
//! licence, and a checked-out token that the core verifies.

#![allow(clippy::expect_used)] // test helpers: a failed set-up should fail the test loudly

mod common;

use common::send;

use addin_server::db;
use addin_server::http::{AppState, app};
use addin_server::licences::{self, IssueRequest};
use aism_core::licence::{self, Plan, VerifyOptions};
use axum::http::StatusCode;
use ed25519_dalek::SigningKey;
use serde_json::json;

fn key() -> SigningKey {
    SigningKey::from_bytes(&[5u8; 32])
}

async fn exercise(url: &str) {
    let files = tempfile::tempdir().expect("temp dir");
    let st = AppState::new(
        db::connect(url).await.expect("database opens and migrates"),
        files.path().to_path_buf(),
        key(),
    )
    .expect("state");
    let db = st.db.clone();
    let app = app(st);

    // Sign-up: validation, then an owner of a new organisation, then a duplicate.
    let (s, b) = send(
        &app,
        "POST",
        "/api/auth/signup",
        None,
        Some(json!({"email": "nope", "password": "long enough pw"})),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    let (s, _) = send(
        &app,
        "POST",
        "/api/auth/signup",
        None,
        Some(json!({"email": "ana@acme.com", "password": "short"})),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let ana = json!({"email": "Ana@Acme.com", "password": "correct horse battery", "name": "Ana", "organisation": "Acme"});
    let (s, b) = send(&app, "POST", "/api/auth/signup", None, Some(ana.clone())).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, _) = send(&app, "POST", "/api/auth/signup", None, Some(ana)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = send(&app, "POST", "/api/auth/signup", None, Some(json!({"email": "bo@other.com", "password": "another long pw", "organisation": "Other"}))).await;
    assert_eq!(s, StatusCode::CREATED);

    // Sign-in.
    let (s, _) = send(
        &app,
        "POST",
        "/api/auth/login",
        None,
        Some(json!({"email": "ana@acme.com", "password": "wrong password"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, t) = send(
        &app,
        "POST",
        "/api/auth/login",
        None,
        Some(json!({"email": "ana@acme.com", "password": "correct horse battery"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let access = t["accessToken"].as_str().expect("access").to_string();
    let refresh = t["refreshToken"].as_str().expect("refresh").to_string();
    let (s, me) = send(&app, "GET", "/api/me", Some(&access), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["email"], "ana@acme.com");
    assert_eq!(me["organisations"][0]["role"], "owner");
    let (s, _) = send(&app, "GET", "/api/me", None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = send(&app, "GET", "/api/me", Some("forged"), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // Checkout: nothing to check out yet; then a Pro licence of Acme.
    let (s, _) = send(&app, "POST", "/api/licences/checkout", Some(&access), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let now = addin_server::cli::now();
    let acme = licences::issue(
        &db,
        &IssueRequest {
            org: "Acme".into(),
            plan: Plan::Pro,
            seats: 3,
            days: 30,
            tenant: None,
            trial: false,
        },
        "test",
        now,
    )
    .await
    .expect("issue");
    let other = licences::issue(
        &db,
        &IssueRequest {
            org: "Other".into(),
            plan: Plan::Team,
            seats: 3,
            days: 30,
            tenant: None,
            trial: false,
        },
        "test",
        now,
    )
    .await
    .expect("issue");
    let (s, lic) = send(&app, "GET", "/api/licences", Some(&access), None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        lic.as_array().map(Vec::len),
        Some(1),
        "only Acme's licence is visible: {lic}"
    );
    let (s, out) = send(
        &app,
        "POST",
        "/api/licences/checkout",
        Some(&access),
        Some(json!({})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    let claims = licence::verify(
        out["token"].as_str().expect("token"),
        &key().verifying_key(),
        &VerifyOptions {
            now: now + 1,
            last_seen: None,
            tenant: Some(acme.org_id.clone()),
        },
    )
    .expect("the token verifies");
    assert_eq!(claims.lid, acme.id);
    assert_eq!(claims.plan, Plan::Pro);
    // Another organisation's licence is not found, not forbidden: its existence is not revealed.
    let (s, _) = send(
        &app,
        "POST",
        "/api/licences/checkout",
        Some(&access),
        Some(json!({"licenceId": other.id})),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Refresh rotates; the old refresh token replayed is refused; the old access token is dead.
    let (s, t2) = send(
        &app,
        "POST",
        "/api/auth/refresh",
        None,
        Some(json!({"refreshToken": refresh})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t2}");
    let access2 = t2["accessToken"].as_str().expect("access").to_string();
    let (s, _) = send(
        &app,
        "POST",
        "/api/auth/refresh",
        None,
        Some(json!({"refreshToken": refresh})),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = send(&app, "GET", "/api/me", Some(&access), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = send(&app, "GET", "/api/me", Some(&access2), None).await;
    assert_eq!(s, StatusCode::OK);

    // Sign-out ends the session.
    let (s, _) = send(&app, "POST", "/api/auth/logout", Some(&access2), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = send(&app, "GET", "/api/me", Some(&access2), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // The audit log has the security-relevant actions.
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&db)
        .await
        .expect("audit");
    for a in [
        "user.signup",
        "user.login_failed",
        "user.login",
        "licence.checkout",
        "session.refresh",
        "user.logout",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    // Passwords are stored as argon2id hashes only.
    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE email = 'ana@acme.com'")
            .fetch_one(&db)
            .await
            .expect("hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
}

#[tokio::test]
async fn accounts_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    exercise(&format!(
        "sqlite://{}",
        dir.path().join("a.sqlite").display()
    ))
    .await;
}

#[tokio::test]
async fn accounts_on_postgres() {
    let Some(schema) = common::Schema::create("acct").await else {
        return;
    };
    exercise(&schema.url).await;
    schema.drop().await;
}
