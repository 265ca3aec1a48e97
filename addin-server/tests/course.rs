//! The course through `Router::oneshot`, SQLite always and PostgreSQL when
//! `AISM_TEST_POSTGRES_URL` is set: a complete student journey (sign up → licence → module 3
//! lessons → quiz → exercises → … → certificate → public verification), the server's
//! authoritative re-check of exercises, xAPI statements, the instructor's cohort (API and page),
//! tampered and revoked credentials.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a failed set-up should fail loudly

mod common;

use addin_server::http::{AppState, app};
use addin_server::licences::{self, IssueRequest};
use aism_core::course::credential;
use aism_core::course::exercise;
use aism_core::licence::Plan;
use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode, header};
use common::send;
use ed25519_dalek::SigningKey;
use serde_json::{Value, json};
use tower::ServiceExt;

fn key() -> SigningKey {
    SigningKey::from_bytes(&[11u8; 32])
}

/// A GET whose answer is a page: the status and the text.
async fn page(app: &axum::Router, uri: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut req = Request::builder().uri(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let bytes = to_bytes(res.into_body(), 1 << 22).await.expect("body");
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// Reads every lesson of module `n`, passes its quiz with the right answers (read from the
/// content, as the student would learn them) and solves its exercises with their reference
/// solutions; the server's answers are checked on the way.
async fn complete_module(app: &axum::Router, st: &AppState, token: &str, n: u8) -> Value {
    let module = st.course.module(n).expect("module").clone();
    for l in &module.lessons {
        let (s, b) = send(
            app,
            "GET",
            &format!("/api/course/lessons/{}?lang=es", l.id),
            Some(token),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert!(b["html"].as_str().expect("html").contains("<h1>"), "{b}");
        let (s, b) = send(
            app,
            "POST",
            &format!("/api/course/lessons/{}/viewed", l.id),
            Some(token),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    let (s, q) = send(
        app,
        "GET",
        &format!("/api/course/modules/{n}/quiz"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        !q.to_string().contains("\"answer\""),
        "answers are not sent: {q}"
    );
    let answers: serde_json::Map<String, Value> = module
        .quiz
        .questions
        .iter()
        .map(|q| (q.id.clone(), json!(q.answer)))
        .collect();
    let (s, r) = send(
        app,
        "POST",
        &format!("/api/course/modules/{n}/quiz"),
        Some(token),
        Some(json!({ "answers": answers })),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["result"]["passed"], true, "{r}");
    let mut last = r["progress"].clone();
    for ex in &module.exercises {
        let (s, got) = send(
            app,
            "GET",
            &format!("/api/course/exercises/{}", ex.id),
            Some(token),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            got["exercise"].get("solution").is_none(),
            "no solution sent"
        );
        assert_eq!(got["targets"], json!(exercise::targets(ex)));
        // The host's check (the same core code, here natively) passes; the server re-checks.
        let snapshot = exercise::solve(ex).expect("solved");
        assert!(exercise::check(ex, &snapshot).expect("checks").passed);
        let (s, out) = send(
            app,
            "POST",
            &format!("/api/course/exercises/{}/submissions", ex.id),
            Some(token),
            Some(json!({ "snapshot": snapshot, "hostPassed": true })),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{out}");
        assert_eq!(out["outcome"]["passed"], true, "{}: {out}", ex.id);
        assert_eq!(out["agreesWithHost"], true);
        last = out["progress"].clone();
    }
    let state = &last["modules"][usize::from(n) - 1];
    assert_eq!(state["complete"], true, "module {n}: {state}");
    last
}

async fn journey(url: &str) {
    let files = tempfile::tempdir().expect("temp dir");
    let st = common::unlimited_state(url, files.path(), 11).await;
    let db = st.db.clone();
    let app = app(st.clone());

    // The outline is public and holds no answers or solutions.
    let (s, outline) = send(&app, "GET", "/api/course", None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(outline["modules"].as_array().map(Vec::len), Some(12));
    let text = outline.to_string();
    assert!(!text.contains("\"answer\"") && !text.contains("solution"));

    // Sign up; an owner creates the academy, a student joins it by invitation.
    let owner = common::sign_up(&app, "teacher@academy.test", Some("Academy")).await;
    let (_, me) = send(&app, "GET", "/api/me", Some(&owner), None).await;
    let org = me["organisations"][0]["id"]
        .as_str()
        .expect("org")
        .to_string();
    let ana = common::join_as_student(&app, &owner, &org, "ana@student.test").await;

    // Without a licence the lessons are refused with what to do.
    let (s, b) = send(&app, "GET", "/api/course/lessons/m3-l1", Some(&ana), None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(
        b["message"].as_str().expect("message").contains("Course"),
        "{b}"
    );
    // A Course licence; the student checks a seat out.
    licences::issue(
        &db,
        &IssueRequest {
            org: "Academy".into(),
            plan: Plan::Course,
            seats: 5,
            days: 90,
            tenant: None,
            trial: false,
        },
        "test",
        addin_server::cli::now(),
    )
    .await
    .expect("licence");
    let (s, lic) = send(
        &app,
        "POST",
        "/api/licences/checkout",
        Some(&ana),
        Some(json!({})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{lic}");

    // Module 3: lessons, a failed quiz attempt first, then the journey.
    let (s, r) = send(
        &app,
        "POST",
        "/api/course/modules/3/quiz",
        Some(&ana),
        Some(json!({"answers": {"m3-q1": 99}})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(r["result"]["passed"], false);
    assert_eq!(r["result"]["questions"][0]["correct"], false);
    let (s, _) = send(
        &app,
        "POST",
        "/api/course/modules/3/quiz",
        Some(&ana),
        Some(json!({"answers": {"m9-q1": 0}})),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // A wrong exercise submission: the server's re-check fails it and says what to change,
    // whatever the host claimed.
    let ex = st
        .course
        .exercise("m3-forecast-week")
        .expect("exercise")
        .clone();
    let mut wrong = exercise::solve(&ex).expect("solved");
    wrong
        .formulas
        .insert("E2".into(), "=AISM.FORECAST(B1:B91,,7)".into());
    let (s, out) = send(
        &app,
        "POST",
        "/api/course/exercises/m3-forecast-week/submissions",
        Some(&ana),
        Some(json!({"snapshot": wrong, "hostPassed": true})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{out}");
    assert_eq!(out["outcome"]["passed"], false);
    assert_eq!(out["agreesWithHost"], false);
    assert!(
        out["outcome"]["checks"][0]["message"]["en"]
            .as_str()
            .expect("message")
            .contains("select B2:B91"),
        "{out}"
    );

    let progress = complete_module(&app, &st, &ana, 3).await;
    // Module 3 complete: the sales System Specialist certificate is issued at once.
    let new = progress["newCertificates"].as_array().expect("new");
    assert_eq!(new.len(), 1, "{progress}");
    assert_eq!(new[0]["award"], "specialist-sales");
    let cred_id = new[0]["id"].as_str().expect("id").to_string();

    // … and the other modules, to the Expert certificate.
    for n in (1..=12).filter(|n| *n != 3) {
        complete_module(&app, &st, &ana, n).await;
    }
    let (s, certs) = send(&app, "GET", "/api/course/certificates", Some(&ana), None).await;
    assert_eq!(s, StatusCode::OK);
    let mut awards: Vec<&str> = certs
        .as_array()
        .expect("certs")
        .iter()
        .map(|c| c["award"].as_str().expect("award"))
        .collect();
    awards.sort_unstable();
    assert_eq!(
        awards,
        [
            "advanced",
            "expert",
            "specialist-customers",
            "specialist-inventory",
            "specialist-pnl",
            "specialist-pricing",
            "specialist-sales"
        ]
    );

    // xAPI statements of every event.
    let (_, st_list) = send(&app, "GET", "/api/course/statements", Some(&ana), None).await;
    let statements = st_list["statements"].as_array().expect("statements");
    assert!(statements.len() > 60, "{}", statements.len());
    let verbs: std::collections::BTreeSet<&str> = statements
        .iter()
        .map(|s| s["verb"]["id"].as_str().expect("verb"))
        .collect();
    for v in ["experienced", "passed", "failed", "completed", "earned"] {
        assert!(verbs.iter().any(|x| x.ends_with(v)), "{v} in {verbs:?}");
    }
    let quiz = statements
        .iter()
        .find(|s| {
            s["object"]["id"]
                .as_str()
                .is_some_and(|o| o.ends_with("/course/quiz/m3-quiz"))
        })
        .expect("quiz statement");
    assert_eq!(quiz["actor"]["mbox"], "mailto:ana@student.test");
    assert!(quiz["result"]["score"]["scaled"].is_number());

    // Public verification: the credential, the page, the API.
    let (s, doc) = send(
        &app,
        "GET",
        &format!("/api/credentials/{cred_id}"),
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        doc["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(doc["proof"]["cryptosuite"], "eddsa-jcs-2022");
    assert_eq!(
        doc["issuer"]["id"],
        credential::did_key(&key().verifying_key())
    );
    let (s, v) = send(
        &app,
        "POST",
        "/api/credentials/verify",
        None,
        Some(doc.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["statusChecked"], true, "{v}");
    let (s, html) = page(&app, &format!("/credentials/{cred_id}"), None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Valid.") && html.contains("System Specialist: Daily sales monitoring"),
        "{html}"
    );
    // Offline: the status list fetched once, then the core alone.
    let (_, list) = send(&app, "GET", "/credentials/status/1", None, None).await;
    assert!(
        credential::verify(
            &doc,
            addin_server::cli::now(),
            Some(&key().verifying_key()),
            Some(&list)
        )
        .valid
    );
    // Tampering with any field fails.
    for (path, value) in [
        ("/credentialSubject/name", json!("Mallory")),
        ("/validFrom", json!("2020-01-01T00:00:00Z")),
        (
            "/credentialSubject/achievement/name",
            json!("AI Spreadsheet Expert"),
        ),
    ] {
        let mut t = doc.clone();
        *t.pointer_mut(path).expect("field") = value;
        let (_, v) = send(&app, "POST", "/api/credentials/verify", None, Some(t)).await;
        assert_eq!(v["valid"], false, "{path}");
        assert_eq!(v["code"], "bad-signature", "{path}: {v}");
    }

    // The instructor's cohort: API and page (the page signed in with the web form's cookie).
    let (s, cohort) = send(
        &app,
        "GET",
        &format!("/api/orgs/{org}/course/cohort"),
        Some(&owner),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{cohort}");
    assert_eq!(cohort[0]["email"], "ana@student.test");
    assert_eq!(cohort[0]["modulesComplete"], 12);
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/orgs/{org}/course/cohort"),
        Some(&ana),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "students do not see the cohort");
    let login = Request::builder()
        .method("POST")
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "email=teacher%40academy.test&password=a+long+enough+password&next=%2Forgs%2F"
                .to_string()
                + &org
                + "%2Fcohort",
        ))
        .expect("request");
    let res = app.clone().oneshot(login).await.expect("login");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()[header::LOCATION],
        format!("/orgs/{org}/cohort")
    );
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let pair = cookie.split(';').next().expect("pair");
    let (s, html) = page(&app, &format!("/orgs/{org}/cohort"), Some(pair)).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("ana@student.test") && html.contains("<th title="),
        "{html}"
    );
    let (s, _) = page(&app, &format!("/orgs/{org}/cohort"), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // The cookie never authorises a change.
    let req = Request::builder()
        .method("DELETE")
        .uri(format!("/api/orgs/{org}/course/credentials/{cred_id}"))
        .header(header::COOKIE, pair)
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        app.clone().oneshot(req).await.expect("response").status(),
        StatusCode::UNAUTHORIZED
    );

    // Revocation: the owner revokes; the status list, the API, the page and offline checks
    // all say revoked.
    let (s, _) = send(
        &app,
        "DELETE",
        &format!("/api/orgs/{org}/course/credentials/{cred_id}"),
        Some(&owner),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, v) = send(
        &app,
        "POST",
        "/api/credentials/verify",
        None,
        Some(doc.clone()),
    )
    .await;
    assert_eq!(
        (v["valid"].clone(), v["code"].clone()),
        (json!(false), json!("revoked")),
        "{v}"
    );
    let (_, html) = page(&app, &format!("/credentials/{cred_id}"), None).await;
    assert!(html.contains("Not valid (revoked)"), "{html}");
    let (_, list) = send(&app, "GET", "/credentials/status/1", None, None).await;
    assert_eq!(
        credential::verify(&doc, addin_server::cli::now(), None, Some(&list)).code,
        "revoked"
    );
    let (_, v) = send(
        &app,
        "POST",
        "/api/credentials/verify",
        None,
        Some(json!({"not": "a credential"})),
    )
    .await;
    assert_eq!(v["valid"], false);
}

#[tokio::test]
async fn student_journey_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    journey(&format!("sqlite://{}/course.sqlite", dir.path().display())).await;
}

#[tokio::test]
async fn student_journey_postgres() {
    if let Some(schema) = common::Schema::create("course").await {
        journey(&schema.url).await;
        schema.drop().await;
    }
}
