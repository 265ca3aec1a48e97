//! Two `addin-server serve` processes on one database serve the same users consistently:
//! a session started on one works on the other, refresh rotation and logout are seen by both,
//! seats of one licence are counted across both (concurrent checkouts through both processes
//! never exceed the seats), a revocation by the admin command line (a third process) stops
//! checkouts on both, and SIGTERM drains and exits cleanly. On PostgreSQL when
//! `AISM_TEST_POSTGRES_URL` is set (`.ci/run` sets it), and on a shared SQLite file always.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a failed set-up should fail loudly

mod common;

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_addin-server");

/// A server process, killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start(db_url: &str, dir: &Path) -> Server {
    let port = free_port();
    let child = Command::new(BIN)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .arg("--static-dir")
        .arg(dir)
        .arg("--licence-key-file")
        .arg(dir.join("licence.key"))
        .env("DATABASE_URL", db_url)
        .env("AISM_RATE_PER_IP", "0")
        .env("AISM_RATE_PER_USER", "0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("server starts");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(r) = http.get(format!("{}/readyz", server.base)).send().await
            && r.status() == StatusCode::OK
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server on port {port} did not become ready");
}

async fn call(
    http: &reqwest::Client,
    base: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut req = http.request(method, format!("{base}{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.expect("response");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn cli(db_url: &str, dir: &Path, args: &[&str]) -> Value {
    let out = Command::new(BIN)
        .arg("licence")
        .args(args)
        .arg("--database-url")
        .arg(db_url)
        .arg("--key-file")
        .arg(dir.join("licence.key"))
        .output()
        .expect("cli runs");
    assert!(
        out.status.success(),
        "licence {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

async fn two_processes(db_url: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("index.html"), "<!doctype html>").expect("index");
    // Migrate once first, so the two servers do not race to create the tables.
    let status = Command::new(BIN)
        .args(["migrate", "--database-url", db_url])
        .stdout(Stdio::null())
        .status()
        .expect("migrate");
    assert!(status.success());
    let a = start(db_url, dir.path()).await;
    let b = start(db_url, dir.path()).await;
    let http = reqwest::Client::new();

    // Sign up on A, sign in on B, use B's session on A.
    let (s, _) = call(
        &http,
        &a.base,
        "POST",
        "/api/auth/signup",
        None,
        Some(json!({
            "email": "owner@two.test", "password": "two processes one db", "organisation": "Two Co"
        })),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let login = json!({ "email": "owner@two.test", "password": "two processes one db" });
    let (s, t) = call(
        &http,
        &b.base,
        "POST",
        "/api/auth/login",
        None,
        Some(login.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let access = t["accessToken"].as_str().expect("access").to_string();
    let refresh = t["refreshToken"].as_str().expect("refresh").to_string();
    let (s, me) = call(&http, &a.base, "GET", "/api/me", Some(&access), None).await;
    assert_eq!(
        (s, me["email"].as_str()),
        (StatusCode::OK, Some("owner@two.test"))
    );

    // Refresh on A; the old pair is dead on B; replaying the old refresh token on B is refused.
    let (s, t2) = call(
        &http,
        &a.base,
        "POST",
        "/api/auth/refresh",
        None,
        Some(json!({ "refreshToken": refresh })),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let access2 = t2["accessToken"].as_str().expect("access").to_string();
    assert_eq!(
        call(&http, &b.base, "GET", "/api/me", Some(&access), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&http, &b.base, "GET", "/api/me", Some(&access2), None)
            .await
            .0,
        StatusCode::OK
    );
    let (s, _) = call(
        &http,
        &b.base,
        "POST",
        "/api/auth/refresh",
        None,
        Some(json!({ "refreshToken": refresh })),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "a replayed refresh token");

    // A licence with 4 seats; 8 members check out at once, half through each process.
    let lic = cli(
        db_url,
        dir.path(),
        &[
            "issue", "--org", "Two Co", "--plan", "team", "--seats", "4", "--days", "30",
        ],
    );
    let lic_id = lic["id"].as_str().expect("licence id").to_string();
    let org = me["organisations"][0]["id"]
        .as_str()
        .expect("org")
        .to_string();
    let mut members = Vec::new();
    for i in 0..8 {
        let email = format!("m{i}@two.test");
        let (s, inv) = call(
            &http,
            if i % 2 == 0 { &a.base } else { &b.base },
            "POST",
            &format!("/api/orgs/{org}/invitations"),
            Some(&access2),
            Some(json!({ "email": email, "role": "member" })),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{inv}");
        let signup = json!({ "email": email, "password": "member password 123" });
        assert_eq!(
            call(
                &http,
                &b.base,
                "POST",
                "/api/auth/signup",
                None,
                Some(signup.clone())
            )
            .await
            .0,
            StatusCode::CREATED
        );
        let (_, t) = call(
            &http,
            &a.base,
            "POST",
            "/api/auth/login",
            None,
            Some(signup),
        )
        .await;
        let tok = t["accessToken"].as_str().expect("access").to_string();
        let (s, _) = call(
            &http,
            &b.base,
            "POST",
            "/api/invitations/accept",
            Some(&tok),
            Some(json!({ "token": inv["token"] })),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        members.push(tok);
    }
    let handles: Vec<_> = members
        .iter()
        .enumerate()
        .map(|(i, tok)| {
            let http = http.clone();
            let base = if i % 2 == 0 {
                a.base.clone()
            } else {
                b.base.clone()
            };
            let (tok, body) = (tok.clone(), json!({ "licenceId": lic_id }));
            tokio::spawn(async move {
                call(
                    &http,
                    &base,
                    "POST",
                    "/api/licences/checkout",
                    Some(&tok),
                    Some(body),
                )
                .await
                .0
            })
        })
        .collect();
    let mut results = Vec::new();
    for h in handles {
        results.push(h.await.expect("checkout task"));
    }
    let granted = results.iter().filter(|s| **s == StatusCode::OK).count();
    let refused = results
        .iter()
        .filter(|s| **s == StatusCode::FORBIDDEN)
        .count();
    assert_eq!((granted, refused), (4, 4), "{results:?}");
    let (_, list) = call(
        &http,
        &b.base,
        "GET",
        &format!("/api/orgs/{org}/licences"),
        Some(&access2),
        None,
    )
    .await;
    assert_eq!(list[0]["seats_used"], 4, "{list}");

    // Logout on B ends the session on A.
    assert_eq!(
        call(
            &http,
            &b.base,
            "POST",
            "/api/auth/logout",
            Some(&access2),
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(&http, &a.base, "GET", "/api/me", Some(&access2), None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );

    // The command line (a third process) revokes; both servers refuse further checkouts.
    cli(db_url, dir.path(), &["revoke", &lic_id]);
    for (base, tok) in [(&a.base, &members[0]), (&b.base, &members[1])] {
        let (s, e) = call(
            &http,
            base,
            "POST",
            "/api/licences/checkout",
            Some(tok),
            Some(json!({ "licenceId": lic_id })),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{e}");
    }

    // SIGTERM: the server drains and exits with success.
    let mut a = a;
    let pid = a.child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let mut exited = None;
    for _ in 0..100 {
        if let Some(status) = a.child.try_wait().expect("wait") {
            exited = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        exited.is_some_and(|s| s.success()),
        "graceful exit: {exited:?}"
    );
    assert_eq!(
        call(&http, &b.base, "GET", "/readyz", None, None).await.0,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_sessions_and_seats_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    two_processes(&format!(
        "sqlite://{}",
        dir.path().join("shared.sqlite").display()
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_sessions_and_seats_on_postgres() {
    let Some(schema) = common::Schema::create("twoproc").await else {
        return;
    };
    two_processes(&schema.url).await;
    schema.drop().await;
}
