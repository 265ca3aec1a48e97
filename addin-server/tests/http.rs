//! The HTTP application through `Router::oneshot` and through a real listener, on SQLite always
//! and on PostgreSQL when `AISM_TEST_POSTGRES_URL` is set (`.ci/run` sets it).

#![allow(clippy::expect_used)] // test helpers: a failed set-up should fail the test loudly

mod common;

use addin_server::db;
use addin_server::http::{AppState, app};
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

async fn state(url: &str, static_dir: &std::path::Path) -> AppState {
    AppState::new(
        db::connect(url).await.expect("database opens and migrates"),
        static_dir.to_path_buf(),
        ed25519_dalek::SigningKey::from_bytes(&[1u8; 32]),
    )
    .expect("state")
}

/// The application over a fresh SQLite file and static dir (kept alive by the returned dirs).
async fn fresh_app() -> (axum::Router, tempfile::TempDir, tempfile::TempDir) {
    let files = static_dir();
    let dir = tempfile::tempdir().expect("temp dir");
    let st = state(
        &format!("sqlite://{}", dir.path().join("a.sqlite").display()),
        files.path(),
    )
    .await;
    (app(st), files, dir)
}

fn static_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>AISM</title>",
    )
    .expect("write");
    std::fs::create_dir_all(dir.path().join("pkg")).expect("mkdir");
    std::fs::write(dir.path().join("pkg/aism_wasm_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    dir
}

/// A state over a fresh SQLite file (kept alive by the returned directory) and a bound loopback
/// listener on a free port.
async fn listening(
    files: &std::path::Path,
) -> (
    AppState,
    tokio::net::TcpListener,
    std::net::SocketAddr,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let st = state(
        &format!("sqlite://{}", dir.path().join("a.sqlite").display()),
        files,
    )
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    (st, listener, addr, dir)
}

async fn get(app: axum::Router, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let res = app
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = to_bytes(res.into_body(), 10 << 20)
        .await
        .expect("body")
        .to_vec();
    (status, ctype, body)
}

async fn exercise(url: &str) {
    let files = static_dir();
    let st = state(url, files.path()).await;
    let (s, _, body) = get(app(st.clone()), "/healthz").await;
    assert_eq!(s, StatusCode::OK);
    assert!(String::from_utf8_lossy(&body).contains("ok"));
    let (s, _, _) = get(app(st.clone()), "/readyz").await;
    assert_eq!(s, StatusCode::OK);
    let (s, ctype, _) = get(app(st.clone()), "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("text/html"), "{ctype}");
    let (s, ctype, _) = get(app(st.clone()), "/pkg/aism_wasm_bg.wasm").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ctype, "application/wasm");
    let (s, ctype, body) = get(app(st.clone()), "/api/catalog").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ctype.starts_with("application/json"));
    let catalog: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert!(catalog.as_array().is_some_and(|a| a.len() >= 9));

    let res = app(st.clone())
        .oneshot(
            Request::post("/api/call")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    r#"{"name":"AISM.CLEAN","args":[[["12%"],["(3)"]]]}"#,
                ))
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    let body = to_bytes(res.into_body(), 1 << 20).await.expect("body");
    let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(v, serde_json::json!([[0.12], [-3.0]]));

    let res = app(st)
        .oneshot(
            Request::post("/api/call")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(r#"{"name":"AISM.NOPE","args":[]}"#))
                .expect("request"),
        )
        .await
        .expect("response");
    let body = to_bytes(res.into_body(), 1 << 20).await.expect("body");
    let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(v["error"], "#NAME?");
}

#[tokio::test]
async fn sqlite_file_is_created_and_routes_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested/data/aism.sqlite");
    exercise(&format!("sqlite://{}", path.display())).await;
    assert!(path.exists(), "the SQLite file is created on first start");
    // Reopening runs the migrations again without error.
    db::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("reopen");
}

#[tokio::test]
async fn postgres_when_configured() {
    // A fresh schema per run so migrations start from nothing.
    let Some(schema) = common::Schema::create("test").await else {
        return;
    };
    exercise(&schema.url).await;
    schema.drop().await;
}

#[tokio::test]
async fn real_listener_serves_and_shuts_down() {
    let files = static_dir();
    let (st, listener, addr, _db) = listening(files.path()).await;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app(st))
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut buf = String::new();
    stream.read_to_string(&mut buf).await.expect("read");
    assert!(buf.starts_with("HTTP/1.1 200"), "{buf}");
    let _ = tx.send(());
    server.await.expect("join").expect("clean shutdown");
}

#[tokio::test]
async fn static_files_have_their_content_types() {
    let files = static_dir();
    for (name, body) in [
        ("taskpane.html", "<!doctype html><title>pane</title>"),
        ("functions.json", "{\"functions\":[]}"),
        ("worker.js", "self.onmessage = () => {};"),
        ("manifest.xml", "<?xml version=\"1.0\"?><OfficeApp/>"),
    ] {
        std::fs::write(files.path().join(name), body).expect("write");
    }
    std::fs::write(files.path().join("pkg/aism_wasm.js"), "export default 1;").expect("write");
    let dir = tempfile::tempdir().expect("temp dir");
    let st = state(
        &format!("sqlite://{}", dir.path().join("a.sqlite").display()),
        files.path(),
    )
    .await;
    for (uri, expected) in [
        ("/pkg/aism_wasm_bg.wasm", "application/wasm"),
        ("/functions.json", "application/json"),
        ("/taskpane.html", "text/html"),
        ("/index.html", "text/html"),
        ("/worker.js", "text/javascript"),
        ("/pkg/aism_wasm.js", "text/javascript"),
        ("/manifest.xml", "xml"),
    ] {
        let (s, ctype, _) = get(app(st.clone()), uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert!(ctype.contains(expected), "{uri}: {ctype}");
    }
    let (s, _, _) = get(app(st), "/missing.html").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn tls_listener_answers_healthz() {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, ServerName};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let certs = tempfile::tempdir().expect("temp dir");
    let first = addin_server::tls::dev_certificate(certs.path()).expect("dev certificate");
    // A reissued localhost certificate must chain to the authority created (and trusted) first.
    std::fs::remove_file(&first.cert).expect("remove");
    let dev = addin_server::tls::dev_certificate(certs.path()).expect("reissued certificate");
    assert!(dev.created);
    let config = addin_server::tls::server_config(&dev.cert, &dev.key).expect("tls config");
    let files = static_dir();
    let (st, listener, addr, _db) = listening(files.path()).await;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(addin_server::tls::serve_tls(
        listener,
        app(st),
        config,
        async {
            let _ = rx.await;
        },
    ));

    // A client that trusts only the development authority, verifying the name `localhost`.
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(&dev.ca_cert).expect("ca pem") {
        roots.add(cert.expect("ca cert")).expect("root");
    }
    let client = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(client));
    let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let name = ServerName::try_from("localhost").expect("name");
    let mut stream = connector.connect(name, tcp).await.expect("handshake");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let text = String::from_utf8_lossy(&buf);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("\"ok\""), "{text}");

    // Plain HTTP on the TLS port gets no HTTP answer.
    let mut plain = tokio::net::TcpStream::connect(addr).await.expect("connect");
    plain
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut answer = Vec::new();
    let _ = plain.read_to_end(&mut answer).await;
    assert!(!answer.starts_with(b"HTTP/1.1 200"));

    let _ = tx.send(());
    server.await.expect("join").expect("clean shutdown");
}

#[tokio::test]
async fn cors_allows_only_the_add_in_origins_and_every_response_has_a_request_id() {
    let (app, _files, _db) = fresh_app().await;
    let preflight = |origin: &str| {
        Request::builder()
            .method("OPTIONS")
            .uri("/api/me")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .body(Body::empty())
            .expect("request")
    };
    let ok = app
        .clone()
        .oneshot(preflight("https://localhost:3000"))
        .await
        .expect("response");
    assert_eq!(
        ok.headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .and_then(|v| v.to_str().ok()),
        Some("https://localhost:3000")
    );
    let evil = app
        .clone()
        .oneshot(preflight("https://evil.example"))
        .await
        .expect("response");
    assert!(
        evil.headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    // A request id is made when none is given, and the caller's is echoed.
    let res = app
        .clone()
        .oneshot(
            Request::get("/healthz")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    let id = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("a request id");
    assert!(id.starts_with("req_") && id.len() == 36, "{id}");
    let res = app
        .oneshot(
            Request::get("/healthz")
                .header("x-request-id", "abc-123")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(
        res.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("abc-123")
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_status() {
    let (app, _files, _db) = fresh_app().await;
    for uri in ["/healthz", "/healthz", "/api/me", "/index.html"] {
        get(app.clone(), uri).await;
    }
    let (status, content_type, body) = get(app, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    let text = String::from_utf8(body).expect("utf-8");
    // Other tests in this process may count too: at least these.
    let count = |needle: &str| {
        text.lines()
            .find(|l| l.starts_with("http_requests_total{") && l.contains(needle))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    assert!(count("route=\"/healthz\",status=\"200\"") >= 2.0, "{text}");
    assert!(count("route=\"/api/me\",status=\"401\"") >= 1.0, "{text}");
    assert!(count("route=\"static\",status=\"200\"") >= 1.0, "{text}");
    assert!(
        text.contains("http_request_duration_seconds_bucket"),
        "{text}"
    );
}

#[tokio::test]
async fn openapi_document_covers_every_route_and_each_answers() {
    let (app, _files, _db) = fresh_app().await;
    let (status, _, body) = get(app.clone(), "/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_slice(&body).expect("json");
    let paths = doc["paths"].as_object().expect("paths");
    let mut listed: Vec<&str> = paths.keys().map(String::as_str).collect();
    listed.sort_unstable();
    assert_eq!(
        listed,
        [
            "/api/auth/google",
            "/api/auth/login",
            "/api/auth/logout",
            "/api/auth/office",
            "/api/auth/refresh",
            "/api/auth/signup",
            "/api/calendar/feed",
            "/api/call",
            "/api/catalog",
            "/api/course",
            "/api/course/certificates",
            "/api/course/exercises/{id}",
            "/api/course/exercises/{id}/submissions",
            "/api/course/lessons/{id}",
            "/api/course/lessons/{id}/viewed",
            "/api/course/modules/{n}/quiz",
            "/api/course/progress",
            "/api/course/statements",
            "/api/credentials/verify",
            "/api/credentials/{id}",
            "/api/invitations/accept",
            "/api/licences",
            "/api/licences/checkout",
            "/api/me",
            "/api/notifications",
            "/api/orgs",
            "/api/orgs/{org}",
            "/api/orgs/{org}/audit",
            "/api/orgs/{org}/course/cohort",
            "/api/orgs/{org}/course/credentials/{credential}",
            "/api/orgs/{org}/invitations",
            "/api/orgs/{org}/invitations/{id}",
            "/api/orgs/{org}/licences",
            "/api/orgs/{org}/licences/{licence}/seats/{user}",
            "/api/orgs/{org}/members",
            "/api/orgs/{org}/members/{user}",
            "/api/orgs/{org}/webinars",
            "/api/orgs/{org}/webinars/{webinar}/registrants",
            "/api/orgs/{org}/webinars/{webinar}/sync",
            "/api/webinars",
            "/api/webinars/{id}/calendar.ics",
            "/api/webinars/{id}/registrations",
            "/calendar/{token}",
            "/credentials/status/1",
            "/credentials/{id}",
            "/healthz",
            "/login",
            "/metrics",
            "/openapi.json",
            "/orgs/{org}/cohort",
            "/readyz",
        ]
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    // Every documented operation is routed: its method on its path is neither 404 nor 405.
    for (path, ops) in paths {
        for method in ops.as_object().expect("operations").keys() {
            let req = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(path.as_str())
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .expect("request");
            let res = app.clone().oneshot(req).await.expect("response");
            let status = res.status();
            let body = to_bytes(res.into_body(), 1 << 20).await.expect("body");
            // A handler's own 404 ("no such credential") is JSON; an unrouted path falls
            // through to the static files.
            let handler_404 = serde_json::from_slice::<serde_json::Value>(&body)
                .is_ok_and(|v| v["error"] == "not_found");
            assert!(
                (status != StatusCode::NOT_FOUND || handler_404)
                    && status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}: {status}"
            );
        }
    }
}

/// Rate limits: per client address over `/api` (here the `X-Forwarded-For` address, trusted),
/// per signed-in user whatever the address; over the limit 429 with `Retry-After` and the JSON
/// error; other addresses and users keep their own buckets; static files are not limited.
#[tokio::test]
async fn rate_limits_per_address_and_per_user() {
    use addin_server::http::{Rate, RateLimits};
    let files = static_dir();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut st = state(
        &format!("sqlite://{}", dir.path().join("a.sqlite").display()),
        files.path(),
    )
    .await;
    st.limits = RateLimits::new(
        Rate {
            per_second: 1,
            burst: 3,
        },
        Rate {
            per_second: 0,
            burst: 0,
        },
        true,
    );
    let router = app(st.clone());
    let from = |ip: &'static str, uri: &'static str| {
        let app = router.clone();
        async move {
            app.oneshot(
                Request::get(uri)
                    .header("x-forwarded-for", ip)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("response")
        }
    };
    for _ in 0..3 {
        assert_eq!(
            from("10.0.0.1", "/api/catalog").await.status(),
            StatusCode::OK
        );
    }
    let res = from("10.0.0.1", "/api/catalog").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=2).contains(&wait), "{wait}");
    let body = to_bytes(res.into_body(), 1 << 16).await.expect("body");
    let v: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(v["error"], "rate_limited");
    assert_eq!(
        from("10.0.0.2", "/api/catalog").await.status(),
        StatusCode::OK,
        "another address"
    );
    assert_eq!(
        from("10.0.0.1", "/index.html").await.status(),
        StatusCode::OK,
        "static files"
    );

    // Per user: two users, the address limit off; the first user's third request in a burst of
    // two is refused while the second user is served.
    st.limits = RateLimits::new(
        Rate {
            per_second: 0,
            burst: 0,
        },
        Rate {
            per_second: 1,
            burst: 2,
        },
        false,
    );
    let router = app(st.clone());
    let mut tokens = Vec::new();
    for email in ["one@limits.test", "two@limits.test"] {
        let uid = addin_server::licences::user(&st.db, email, addin_server::cli::now())
            .await
            .expect("user");
        let t = addin_server::auth::new_session(&st.db, &uid, addin_server::cli::now())
            .await
            .expect("session");
        tokens.push(t.access_token);
    }
    let me = |t: &str| {
        let app = router.clone();
        let t = t.to_string();
        async move {
            app.oneshot(
                Request::get("/api/me")
                    .header(header::AUTHORIZATION, format!("Bearer {t}"))
                    .body(Body::empty())
                    .expect("request"),
            )
            .await
            .expect("response")
            .status()
        }
    };
    assert_eq!(me(&tokens[0]).await, StatusCode::OK);
    assert_eq!(me(&tokens[0]).await, StatusCode::OK);
    assert_eq!(me(&tokens[0]).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(me(&tokens[1]).await, StatusCode::OK, "another user");
    // A second session of the same user shares the user's bucket.
    let uid = addin_server::licences::user(&st.db, "one@limits.test", 0)
        .await
        .expect("user");
    let again = addin_server::auth::new_session(&st.db, &uid, addin_server::cli::now())
        .await
        .expect("session");
    assert_eq!(me(&again.access_token).await, StatusCode::TOO_MANY_REQUESTS);
}
