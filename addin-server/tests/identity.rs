//! Office SSO and Google identity tokens: real RS256 tokens signed with test keys
//! (`tests/fixtures/rsa-{a,b}.pem`, made by `fixtures/make-keys.sh`) and verified against a key
//! set served by a local JWKS server over HTTP. Each case is accepted or refused as it must be:
//! valid, expired, not yet valid, wrong audience, wrong issuer, tenant not allowed, unknown key
//! id, `alg: none`, HS256 signed with the public key, tampered payload; key rotation; the key
//! set is cached. Then sign-in through `POST /api/auth/office | google` on SQLite and PostgreSQL:
//! sessions, linking by subject, refusing to take over an account by an unverified email.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a failed set-up should fail the test loudly

mod common;

use addin_server::db;
use addin_server::http::{AppState, app};
use addin_server::identity::{Identity, Provider, ProviderKind, Verifier};
use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use common::send;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const OFFICE_APP: &str = "6c1e9e54-2d4f-4f53-9a55-0c3f1b7d2a10";
const TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";
const OTHER_TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const GOOGLE_APP: &str = "1234567890-abc.apps.googleusercontent.com";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).expect("fixture")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A local JWKS server: serves whatever `keys` holds at `/keys`.
struct Jwks {
    url: String,
    keys: Arc<Mutex<String>>,
}

async fn jwks_server() -> Jwks {
    let keys = Arc::new(Mutex::new(fixture("jwks.json")));
    let served = keys.clone();
    let router = axum::Router::new().route(
        "/keys",
        axum::routing::get(move || {
            let served = served.clone();
            async move {
                let body = served.lock().map(|k| k.clone()).unwrap_or_default();
                ([("content-type", "application/json")], body)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Jwks {
        url: format!("http://{addr}/keys"),
        keys,
    }
}

fn verifier(jwks_url: &str) -> Arc<Verifier> {
    Verifier::new(
        Provider {
            kind: ProviderKind::Microsoft,
            jwks_url: jwks_url.to_string(),
            audiences: vec![
                OFFICE_APP.to_string(),
                format!("api://localhost:3000/{OFFICE_APP}"),
            ],
            tenants: vec![TENANT.to_string()],
        },
        Provider {
            kind: ProviderKind::Google,
            jwks_url: jwks_url.to_string(),
            audiences: vec![GOOGLE_APP.to_string()],
            tenants: Vec::new(),
        },
    )
    .expect("verifier")
}

fn sign_with(key: &str, kid: &str, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_string());
    let key = EncodingKey::from_rsa_pem(fixture(key).as_bytes()).expect("rsa key");
    jsonwebtoken::encode(&header, claims, &key).expect("sign")
}

fn sign(claims: &Value) -> String {
    sign_with("rsa-a.pem", "test-a", claims)
}

/// An Office SSO bootstrap token's claims (v2.0), valid for an hour.
fn office_claims(email: &str) -> Value {
    let t = now();
    json!({
        "aud": format!("api://localhost:3000/{OFFICE_APP}"),
        "iss": format!("https://login.microsoftonline.com/{TENANT}/v2.0"),
        "iat": t - 10, "nbf": t - 10, "exp": t + 3600,
        "name": "Ana Ruiz", "oid": "00000000-0000-0000-66f3-3332eca7ea81",
        "preferred_username": email, "scp": "access_as_user",
        "sub": "MF4f-ggWMEji12KynJUNQZphaUTvLcQug5jdF2nl01Q", "tid": TENANT, "ver": "2.0"
    })
}

/// A Google identity token's claims (as `ScriptApp.getIdentityToken()` gives them).
fn google_claims(email: &str) -> Value {
    let t = now();
    json!({
        "iss": "https://accounts.google.com", "azp": GOOGLE_APP, "aud": GOOGLE_APP,
        "sub": "110169484474386276334", "email": email, "email_verified": true,
        "iat": t - 10, "exp": t + 3600
    })
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

async fn refused(v: &Verifier, kind: ProviderKind, token: &str, why: &str) {
    match v.verify(kind, token).await {
        Ok(id) => panic!("accepted ({why}): {id:?}"),
        Err(e) => assert!(
            e.to_string().contains(why),
            "refused, but for another reason than \"{why}\": {e}"
        ),
    }
}

#[tokio::test]
async fn office_tokens_accepted_or_refused_as_they_must_be() {
    let jwks = jwks_server().await;
    let v = verifier(&jwks.url);
    let ms = ProviderKind::Microsoft;
    let good = office_claims("Ana@Contoso.com");

    let id: Identity = v.verify(ms, &sign(&good)).await.expect("a valid token");
    assert_eq!(id.email, "ana@contoso.com");
    assert_eq!(
        id.subject,
        format!("{TENANT}:00000000-0000-0000-66f3-3332eca7ea81")
    );
    assert_eq!(id.tenant.as_deref(), Some(TENANT));
    assert!(
        !id.email_verified,
        "preferred_username is not a verified address"
    );
    // The bare client id is an accepted audience too, and the v1 issuer of the same tenant.
    let v1 = with(
        with(good.clone(), "aud", json!(OFFICE_APP)),
        "iss",
        json!(format!("https://sts.windows.net/{TENANT}/")),
    );
    v.verify(ms, &sign(&v1))
        .await
        .expect("v1 issuer, bare audience");
    assert_eq!(v.fetch_count(), 1, "the key set is fetched once and cached");

    let t = now();
    refused(
        &v,
        ms,
        &sign(&with(good.clone(), "exp", json!(t - 3600))),
        "expired",
    )
    .await;
    refused(
        &v,
        ms,
        &sign(&with(good.clone(), "nbf", json!(t + 3600))),
        "not valid yet",
    )
    .await;
    refused(
        &v,
        ms,
        &sign(&with(good.clone(), "aud", json!("api://evil/app"))),
        "another application",
    )
    .await;
    // An issuer of another tenant than the token's tid, and a foreign issuer.
    let other_iss = format!("https://login.microsoftonline.com/{OTHER_TENANT}/v2.0");
    refused(
        &v,
        ms,
        &sign(&with(good.clone(), "iss", json!(other_iss))),
        "issuer",
    )
    .await;
    refused(
        &v,
        ms,
        &sign(&with(
            good.clone(),
            "iss",
            json!("https://evil.example/v2.0"),
        )),
        "issuer",
    )
    .await;
    // A well-formed token of a tenant that is not allowed.
    let foreign = with(
        with(good.clone(), "tid", json!(OTHER_TENANT)),
        "iss",
        json!(format!(
            "https://login.microsoftonline.com/{OTHER_TENANT}/v2.0"
        )),
    );
    refused(&v, ms, &sign(&foreign), "may not sign in here").await;
    refused(&v, ms, &sign(&with(good.clone(), "exp", Value::Null)), "").await;

    // Signed by a key the set does not publish: refused; the set was fetched less than the
    // refetch interval ago, so unknown key ids cannot make the server hammer the provider
    // (google_tokens_and_key_rotation shows the refetch that picks up a rotated key).
    let stranger = sign_with("rsa-b.pem", "test-b", &good);
    refused(&v, ms, &stranger, "no published key has id test-b").await;
    refused(&v, ms, &stranger, "no published key has id test-b").await;
    assert_eq!(v.fetch_count(), 1);
    // Key b signing under key a's id: the signature does not match.
    refused(
        &v,
        ms,
        &sign_with("rsa-b.pem", "test-a", &good),
        "signature",
    )
    .await;

    // alg none, and HS256 keyed with the public key's modulus (algorithm confusion).
    let payload = B64.encode(good.to_string());
    let none = format!("{}.{payload}.", B64.encode(r#"{"alg":"none","typ":"JWT"}"#));
    refused(&v, ms, &none, "").await;
    let modulus =
        serde_json::from_str::<Value>(&fixture("jwks.json")).expect("jwks")["keys"][0]["n"]
            .as_str()
            .expect("n")
            .to_string();
    let mut hs = Header::new(Algorithm::HS256);
    hs.kid = Some("test-a".into());
    let confused = jsonwebtoken::encode(&hs, &good, &EncodingKey::from_secret(modulus.as_bytes()))
        .expect("hs256");
    refused(&v, ms, &confused, "RS256 only").await;

    // Tampered: the payload of another user under a valid signature.
    let token = sign(&good);
    let parts: Vec<&str> = token.split('.').collect();
    let evil = B64.encode(office_claims("boss@contoso.com").to_string());
    refused(
        &v,
        ms,
        &format!("{}.{evil}.{}", parts[0], parts[2]),
        "signature",
    )
    .await;
    // A flipped bit in the signature.
    let mut sig = B64.decode(parts[2]).expect("sig");
    sig[10] ^= 1;
    refused(
        &v,
        ms,
        &format!("{}.{}.{}", parts[0], parts[1], B64.encode(sig)),
        "signature",
    )
    .await;
    refused(&v, ms, "not-a-jwt", "not a signed JWT").await;
}

#[tokio::test]
async fn google_tokens_and_key_rotation() {
    let jwks = jwks_server().await;
    let v = verifier(&jwks.url).with_refetch_min(Duration::ZERO);
    let g = ProviderKind::Google;
    let good = google_claims("Ana@Gmail.com");
    let id = v.verify(g, &sign(&good)).await.expect("valid");
    assert_eq!(
        (id.email.as_str(), id.email_verified),
        ("ana@gmail.com", true)
    );
    assert_eq!(id.subject, "110169484474386276334");
    v.verify(
        g,
        &sign(&with(good.clone(), "iss", json!("accounts.google.com"))),
    )
    .await
    .expect("the issuer without scheme is Google's too");
    let t = now();
    refused(
        &v,
        g,
        &sign(&with(good.clone(), "exp", json!(t - 120))),
        "expired",
    )
    .await;
    refused(
        &v,
        g,
        &sign(&with(
            good.clone(),
            "aud",
            json!("other.apps.googleusercontent.com"),
        )),
        "another application",
    )
    .await;
    refused(
        &v,
        g,
        &sign(&with(
            good.clone(),
            "iss",
            json!("https://accounts.evil.com"),
        )),
        "is not Google",
    )
    .await;
    // A Google token is not an Office token (audience and issuer differ).
    refused(&v, ProviderKind::Microsoft, &sign(&good), "").await;

    // Rotation: the provider starts publishing key b; a token signed by b is accepted once the
    // set is fetched again.
    let rotated = sign_with("rsa-b.pem", "test-b", &good);
    refused(&v, g, &rotated, "no published key").await;
    *jwks.keys.lock().expect("keys") = fixture("jwks-rotated.json");
    v.verify(g, &rotated)
        .await
        .expect("accepted after rotation");

    // The provider unreachable and nothing cached: 503-class error, not a crash.
    let down = verifier("http://127.0.0.1:9/keys");
    let e = down.verify(g, &sign(&good)).await.expect_err("no keys");
    assert!(matches!(e, addin_server::Error::Unavailable(_)), "{e}");
    // A provider that is not configured refuses everything.
    let off = Verifier::disabled().expect("verifier");
    let e = off.verify(g, &sign(&good)).await.expect_err("off");
    assert!(matches!(e, addin_server::Error::Forbidden(_)), "{e}");
}

async fn sign_in_over_http(url: &str) {
    let jwks = jwks_server().await;
    let files = tempfile::tempdir().expect("temp dir");
    let mut st = AppState::new(
        db::connect(url).await.expect("database"),
        files.path().to_path_buf(),
        ed25519_dalek::SigningKey::from_bytes(&[3u8; 32]),
    )
    .expect("state");
    st.identity = verifier(&jwks.url);
    let app = app(st);

    // Google: a new user, then the same subject again is the same user.
    let token = sign(&google_claims("lu@gmail.com"));
    let (s, t1) = send(
        &app,
        "POST",
        "/api/auth/google",
        None,
        Some(json!({ "token": token })),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t1}");
    let access = t1["accessToken"].as_str().expect("access token");
    let (s, me) = send(&app, "GET", "/api/me", Some(access), None).await;
    assert_eq!(
        (s, me["email"].as_str()),
        (StatusCode::OK, Some("lu@gmail.com"))
    );
    let (_, t2) = send(
        &app,
        "POST",
        "/api/auth/google",
        None,
        Some(json!({ "token": token })),
    )
    .await;
    let (_, me2) = send(&app, "GET", "/api/me", t2["accessToken"].as_str(), None).await;
    assert_eq!(me["id"], me2["id"]);

    // Refused tokens are 401 with a reason; nothing is created.
    let expired = sign(&with(
        google_claims("x@gmail.com"),
        "exp",
        json!(now() - 600),
    ));
    let (s, e) = send(
        &app,
        "POST",
        "/api/auth/google",
        None,
        Some(json!({ "token": expired })),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(e["error"], "unauthorized");
    assert!(
        e["message"].as_str().unwrap_or("").contains("expired"),
        "{e}"
    );
    let (s, _) = send(
        &app,
        "POST",
        "/api/auth/office",
        None,
        Some(json!({ "token": "x.y.z" })),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // An email+password account exists: an Office sign-in with the same (unverified) address
    // may not take it over; a Google sign-in (verified address) links to it.
    let (s, _) = send(
        &app,
        "POST",
        "/api/auth/signup",
        None,
        Some(json!({ "email": "eva@contoso.com", "password": "correct horse battery" })),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let office = sign(&office_claims("eva@contoso.com"));
    let (s, e) = send(
        &app,
        "POST",
        "/api/auth/office",
        None,
        Some(json!({ "token": office })),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    let mut verified = office_claims("eva@contoso.com");
    verified["xms_edov"] = json!(true);
    let (s, t) = send(
        &app,
        "POST",
        "/api/auth/office",
        None,
        Some(json!({ "token": sign(&verified) })),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let (_, me) = send(&app, "GET", "/api/me", t["accessToken"].as_str(), None).await;
    let (_, pw) = send(
        &app,
        "POST",
        "/api/auth/login",
        None,
        Some(json!({ "email": "eva@contoso.com", "password": "correct horse battery" })),
    )
    .await;
    let (_, me_pw) = send(&app, "GET", "/api/me", pw["accessToken"].as_str(), None).await;
    assert_eq!(
        me["id"], me_pw["id"],
        "the verified Office identity is linked to the account"
    );
}

#[tokio::test]
async fn sign_in_over_http_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    sign_in_over_http(&format!(
        "sqlite://{}",
        dir.path().join("a.sqlite").display()
    ))
    .await;
}

#[tokio::test]
async fn sign_in_over_http_on_postgres() {
    let Some(schema) = common::Schema::create("ident").await else {
        return;
    };
    sign_in_over_http(&schema.url).await;
    schema.drop().await;
}
