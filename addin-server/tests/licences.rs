//! Licences on SQLite always and on PostgreSQL when `AISM_TEST_POSTGRES_URL` is set (`.ci/run`
//! sets it): issue, list, checkout of tokens that the core verifies with the public key, seats,
//! revocation, an ended licence, and two server pools on one PostgreSQL database agreeing on the
//! last seat.

#![allow(clippy::expect_used)] // test helpers: a failed set-up should fail the test loudly

mod common;

use addin_server::licences::{self, IssueRequest};
use addin_server::{Error, db};
use aism_core::licence::{self, Plan, VerifyOptions};
use ed25519_dalek::SigningKey;

const NOW: i64 = 1_767_225_600; // 2026-01-01

fn key() -> SigningKey {
    SigningKey::from_bytes(&[42u8; 32])
}

async fn exercise(url: &str) {
    let db = db::connect(url).await.expect("database opens and migrates");
    let req = IssueRequest {
        org: "Acme Coffee".into(),
        plan: Plan::Team,
        seats: 2,
        days: 30,
        tenant: Some("acme.onmicrosoft.com".into()),
        trial: false,
    };
    let lic = licences::issue(&db, &req, "test", NOW)
        .await
        .expect("issue");
    assert_eq!(lic.plan, "team");
    assert_eq!((lic.seats, lic.seats_used), (2, 0));
    assert_eq!(lic.expires_at, NOW + 30 * 86_400);
    assert!(
        lic.entitlements
            .contains(&licence::FEATURE_TEAM.to_string())
    );
    // The same organisation is reused by name.
    let again = licences::issue(
        &db,
        &IssueRequest {
            seats: 1,
            ..req.clone()
        },
        "test",
        NOW,
    )
    .await
    .expect("issue");
    assert_eq!(again.org_id, lic.org_id);
    assert_eq!(licences::list(&db).await.expect("list").len(), 2);

    let ana = licences::user(&db, "Ana@Acme.com", NOW)
        .await
        .expect("user");
    assert_eq!(
        licences::user(&db, "ana@acme.com", NOW)
            .await
            .expect("user"),
        ana
    );
    let token = licences::checkout(&db, &key(), &lic.id, &ana, NOW + 60, 3600)
        .await
        .expect("checkout");
    let claims = licence::verify(
        &token,
        &key().verifying_key(),
        &VerifyOptions {
            now: NOW + 120,
            last_seen: None,
            tenant: Some("acme.onmicrosoft.com".into()),
        },
    )
    .expect("the token verifies");
    assert_eq!(claims.lid, lic.id);
    assert_eq!(claims.sub, ana);
    assert_eq!(claims.plan, Plan::Team);
    assert_eq!(claims.valid_until(), NOW + 60 + 3600);

    // Seats: a second user takes the second seat, a third is refused, the first renews.
    let ben = licences::user(&db, "ben@acme.com", NOW)
        .await
        .expect("user");
    let cai = licences::user(&db, "cai@acme.com", NOW)
        .await
        .expect("user");
    licences::checkout(&db, &key(), &lic.id, &ben, NOW + 70, 3600)
        .await
        .expect("second seat");
    let full = licences::checkout(&db, &key(), &lic.id, &cai, NOW + 80, 3600).await;
    assert!(
        matches!(full, Err(Error::Forbidden(ref m)) if m.contains("seats")),
        "{full:?}"
    );
    licences::checkout(&db, &key(), &lic.id, &ana, NOW + 90, 3600)
        .await
        .expect("renewal keeps the seat");
    assert_eq!(
        licences::get(&db, &lic.id)
            .await
            .expect("get")
            .map(|l| l.seats_used),
        Some(2)
    );

    // An ended licence and a revoked one are refused.
    let ended = licences::checkout(&db, &key(), &lic.id, &ana, NOW + 31 * 86_400, 3600).await;
    assert!(matches!(ended, Err(Error::Forbidden(_))), "{ended:?}");
    let revoked = licences::revoke(&db, &lic.id, "test", NOW + 100)
        .await
        .expect("revoke");
    assert_eq!(revoked.revoked_at, Some(NOW + 100));
    let refused = licences::checkout(&db, &key(), &lic.id, &ana, NOW + 110, 3600).await;
    assert!(matches!(refused, Err(Error::Forbidden(ref m)) if m.contains("revoked")));
    assert!(matches!(
        licences::revoke(&db, "lic_nope", "test", NOW).await,
        Err(Error::NotFound(_))
    ));

    // Every change is in the audit log.
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(&db)
        .await
        .expect("audit");
    assert_eq!(
        actions,
        [
            "licence.issue",
            "licence.issue",
            "licence.checkout",
            "licence.checkout",
            "licence.checkout",
            "licence.revoke"
        ]
    );
}

#[tokio::test]
async fn licences_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    exercise(&format!(
        "sqlite://{}",
        dir.path().join("l.sqlite").display()
    ))
    .await;
}

#[tokio::test]
async fn licences_on_postgres_and_two_servers_share_seats() {
    let Some(schema) = common::Schema::create("lic").await else {
        return;
    };
    exercise(&schema.url).await;
    schema.drop().await;

    // Two servers (two pools) on one database: a one-seat licence checked out by two users at
    // once goes to exactly one of them, and a revocation through one is seen by the other.
    let Some(schema) = common::Schema::create("two").await else {
        return;
    };
    let a = db::connect(&schema.url).await.expect("server A");
    let b = db::connect(&schema.url).await.expect("server B");
    let lic = licences::issue(
        &a,
        &IssueRequest {
            org: "Solo".into(),
            plan: Plan::Pro,
            seats: 1,
            days: 10,
            tenant: None,
            trial: true,
        },
        "test",
        NOW,
    )
    .await
    .expect("issue");
    let u1 = licences::user(&a, "one@solo.com", NOW).await.expect("user");
    let u2 = licences::user(&b, "two@solo.com", NOW).await.expect("user");
    let k = key();
    let (r1, r2) = tokio::join!(
        licences::checkout(&a, &k, &lic.id, &u1, NOW + 1, 600),
        licences::checkout(&b, &k, &lic.id, &u2, NOW + 1, 600)
    );
    assert_eq!(
        u8::from(r1.is_ok()) + u8::from(r2.is_ok()),
        1,
        "{r1:?} {r2:?}"
    );
    licences::revoke(&b, &lic.id, "test", NOW + 2)
        .await
        .expect("revoke via B");
    let winner = if r1.is_ok() { &u1 } else { &u2 };
    assert!(matches!(
        licences::checkout(&a, &k, &lic.id, winner, NOW + 3, 600).await,
        Err(Error::Forbidden(_))
    ));
    a.close().await;
    b.close().await;
    schema.drop().await;
}
