//! Webinars against local fakes of the Zoom and Microsoft Graph APIs (real listeners speaking
//! their wire formats): creation through each provider, registration with a per-registrant
//! Zoom link and Teams' shared one, the entitlement, attendance and recordings synced, reminders
//! as jobs run exactly once by two workers, and RFC 5545 calendars parsed back. SQLite always,
//! PostgreSQL when `AISM_TEST_POSTGRES_URL` is set.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a failed set-up should fail loudly

mod common;

use addin_server::http::app;
use addin_server::licences::{self, IssueRequest};
use addin_server::webinars::{self, GraphConfig, Providers, ZoomConfig};
use aism_core::licence::Plan;
use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::routing::{get, post};
use common::send;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// What the fakes saw.
#[derive(Default)]
struct Calls {
    log: Mutex<Vec<String>>,
    down: Mutex<bool>,
}

impl Calls {
    fn push(&self, what: String) {
        self.log.lock().expect("log").push(what);
    }
    fn count(&self, prefix: &str) -> usize {
        self.log
            .lock()
            .expect("log")
            .iter()
            .filter(|c| c.starts_with(prefix))
            .count()
    }
}

type Fake = State<Arc<Calls>>;

fn bearer(h: &HeaderMap, want: &str) -> Result<(), StatusCode> {
    let ok = h.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
        == Some(&format!("Bearer {want}"));
    if ok {
        Ok(())
    } else {
        Err(StatusCode::UNAUTHORIZED)
    }
}

/// The Zoom API as documented: S2S OAuth token, meetings, registrants, past-meeting
/// participants (paged), recordings.
fn zoom_fake() -> axum::Router<Arc<Calls>> {
    axum::Router::new()
        .route("/oauth/token", post(|State(c): Fake, h: HeaderMap, Query(q): Query<HashMap<String, String>>| async move {
            // Basic base64("zoom-client:zoom-secret").
            let basic = h.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
            if basic != "Basic em9vbS1jbGllbnQ6em9vbS1zZWNyZXQ=" || q.get("grant_type").map(String::as_str) != Some("account_credentials") || q.get("account_id").map(String::as_str) != Some("acct-1") {
                return Err(StatusCode::UNAUTHORIZED);
            }
            c.push("zoom token".into());
            Ok::<_, StatusCode>(Json(json!({"access_token": "zoom-at", "token_type": "bearer", "expires_in": 3599, "scope": "meeting:write:admin"})))
        }))
        .route("/v2/users/{user}/meetings", post(|State(c): Fake, h: HeaderMap, Path(user): Path<String>, Json(b): Json<Value>| async move {
            bearer(&h, "zoom-at")?;
            if *c.down.lock().expect("down") {
                return Err(StatusCode::INTERNAL_SERVER_ERROR);
            }
            assert_eq!(user, "me");
            assert_eq!((b["type"].clone(), b["settings"]["registration_type"].clone(), b["settings"]["approval_type"].clone()), (json!(2), json!(1), json!(0)), "{b}");
            assert!(b["start_time"].as_str().expect("start").ends_with('Z'));
            c.push(format!("zoom create {}", b["topic"]));
            Ok::<_, StatusCode>(Json(json!({"id": 85746065432_i64, "uuid": "4444AAAiAAAAAiAiAiiAii==", "topic": b["topic"], "start_time": b["start_time"], "duration": b["duration"], "join_url": "https://zoom.example/j/85746065432", "registration_url": "https://zoom.example/meeting/register/tZ"})))
        }))
        .route("/v2/meetings/{id}/registrants", post(|State(c): Fake, h: HeaderMap, Path(id): Path<String>, Json(b): Json<Value>| async move {
            bearer(&h, "zoom-at")?;
            assert_eq!(id, "85746065432");
            let email = b["email"].as_str().expect("email").to_string();
            assert!(!b["first_name"].as_str().expect("first name").is_empty());
            c.push(format!("zoom register {email}"));
            let tk = email.replace(['@', '.'], "-");
            Ok::<_, StatusCode>(Json(json!({"id": 85746065432_i64, "registrant_id": format!("r-{tk}"), "join_url": format!("https://zoom.example/w/85746065432?tk={tk}"), "topic": "Q&A"})))
        }))
        .route("/v2/past_meetings/{id}/participants", get(|State(c): Fake, h: HeaderMap, Query(q): Query<HashMap<String, String>>| async move {
            bearer(&h, "zoom-at")?;
            c.push("zoom participants".into());
            let page = q.get("next_page_token").cloned().unwrap_or_default();
            Ok::<_, StatusCode>(Json(if page.is_empty() {
                json!({"page_size": 300, "total_records": 3, "next_page_token": "page-2", "participants": [
                    {"id": "a", "name": "Ana", "user_email": "ana@student.test", "join_time": "2030-01-10T17:00:00Z", "leave_time": "2030-01-10T17:20:00Z", "duration": 1200},
                    {"id": "x", "name": "Guest", "user_email": "", "duration": 600}
                ]})
            } else {
                json!({"page_size": 300, "total_records": 3, "next_page_token": "", "participants": [
                    {"id": "a", "name": "Ana", "user_email": "Ana@Student.test", "duration": 1500}
                ]})
            }))
        }))
        .route("/v2/meetings/{id}/recordings", get(|h: HeaderMap| async move {
            bearer(&h, "zoom-at")?;
            Ok::<_, StatusCode>(Json(json!({"uuid": "4444", "share_url": "https://zoom.example/rec/share/abc", "recording_files": [{"id": "f1", "play_url": "https://zoom.example/rec/play/f1"}]})))
        }))
}

/// Microsoft Graph as documented: client-credentials token, onlineMeetings, attendance reports
/// and records (paged with @odata.nextLink), recordings.
fn graph_fake(base: String) -> axum::Router<Arc<Calls>> {
    let next = format!(
        "{base}/v1.0/users/org-1/onlineMeetings/MSo1/attendanceReports/rep-1/attendanceRecords?$skiptoken=2"
    );
    axum::Router::new()
        .route("/tenant-1/oauth2/v2.0/token", post(|State(c): Fake, body: String| async move {
            let form: HashMap<String, String> = body.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.replace("%3A", ":").replace("%2F", "/"))).collect();
            if form.get("grant_type").map(String::as_str) != Some("client_credentials") || form.get("client_secret").map(String::as_str) != Some("graph-secret") || form.get("scope").map(String::as_str) != Some("https://graph.microsoft.com/.default") {
                return Err(StatusCode::UNAUTHORIZED);
            }
            c.push("graph token".into());
            Ok::<_, StatusCode>(Json(json!({"token_type": "Bearer", "expires_in": 3599, "access_token": "graph-at"})))
        }))
        .route("/v1.0/users/{user}/onlineMeetings", post(|State(c): Fake, h: HeaderMap, Path(user): Path<String>, Json(b): Json<Value>| async move {
            bearer(&h, "graph-at")?;
            assert_eq!(user, "org-1");
            assert!(b["startDateTime"].is_string() && b["endDateTime"].is_string() && b["subject"].is_string(), "{b}");
            c.push("graph create".into());
            Ok::<_, StatusCode>(Json(json!({"id": "MSo1", "subject": b["subject"], "joinWebUrl": "https://teams.example/l/meetup-join/19%3ameeting_1"})))
        }))
        .route("/v1.0/users/{user}/onlineMeetings/{id}/attendanceReports", get(|h: HeaderMap| async move {
            bearer(&h, "graph-at")?;
            Ok::<_, StatusCode>(Json(json!({"value": [{"id": "rep-1", "totalParticipantCount": 2}]})))
        }))
        .route("/v1.0/users/{user}/onlineMeetings/{id}/attendanceReports/{report}/attendanceRecords", get(move |h: HeaderMap, Query(q): Query<HashMap<String, String>>| {
            let next = next.clone();
            async move {
                bearer(&h, "graph-at")?;
                Ok::<_, StatusCode>(Json(if q.contains_key("$skiptoken") {
                    json!({"value": [{"emailAddress": "ana@student.test", "totalAttendanceInSeconds": 300, "role": "Attendee"}]})
                } else {
                    json!({"value": [{"emailAddress": "ana@student.test", "totalAttendanceInSeconds": 1800, "role": "Attendee", "identity": {"displayName": "Ana"}}], "@odata.nextLink": next})
                }))
            }
        }))
        .route("/v1.0/users/{user}/onlineMeetings/{id}/recordings", get(|h: HeaderMap| async move {
            bearer(&h, "graph-at")?;
            Ok::<_, StatusCode>(Json(json!({"value": [{"id": "rec-1", "recordingContentUrl": "https://graph.example/recordings/rec-1/content"}]})))
        }))
}

async fn fakes(calls: Arc<Calls>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let router = zoom_fake()
        .merge(graph_fake(base.clone()))
        .with_state(calls);
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

async fn text(app: &axum::Router, uri: &str, token: Option<&str>) -> (StatusCode, String, String) {
    let mut req = Request::builder().uri(uri);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let kind = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = to_bytes(res.into_body(), 1 << 20).await.expect("body");
    (status, kind, String::from_utf8_lossy(&bytes).into_owned())
}

/// RFC 5545 shape: CRLF line ends, content lines of at most 75 octets, the calendar's required
/// properties; then parsed back with the `icalendar` parser.
fn parse_ics(ics: &str) -> Vec<HashMap<String, String>> {
    assert!(
        ics.ends_with("\r\n") && !ics.replace("\r\n", "").contains('\n'),
        "CRLF only"
    );
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "unfolded line: {line:?}");
    }
    for must in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:", "END:VCALENDAR"] {
        assert!(ics.contains(must), "{must} in {ics}");
    }
    let unfolded = icalendar::parser::unfold(ics);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("parses");
    cal.components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|e| {
            let mut props: HashMap<String, String> = e
                .properties
                .iter()
                .map(|p| (p.name.to_string(), p.val.to_string()))
                .collect();
            for a in e.components.iter().filter(|a| a.name == "VALARM") {
                for p in &a.properties {
                    props.insert(format!("VALARM.{}", p.name), p.val.to_string());
                }
            }
            props
        })
        .collect()
}

async fn scenario(url: &str) {
    let calls = Arc::new(Calls::default());
    let fake = fakes(calls.clone()).await;
    let files = tempfile::tempdir().expect("temp dir");
    let mut st = common::unlimited_state(url, files.path(), 3).await;
    st.providers = Arc::new(Providers::new(
        Some(ZoomConfig {
            api_url: format!("{fake}/v2"),
            oauth_url: format!("{fake}/oauth/token"),
            account_id: "acct-1".into(),
            client_id: "zoom-client".into(),
            client_secret: "zoom-secret".into(),
            host: "me".into(),
        }),
        Some(GraphConfig {
            api_url: format!("{fake}/v1.0"),
            login_url: fake.clone(),
            tenant: "tenant-1".into(),
            client_id: "graph-client".into(),
            client_secret: "graph-secret".into(),
            organiser: "org-1".into(),
        }),
    ));
    let db = st.db.clone();
    let app = app(st);

    let owner = common::sign_up(&app, "host@academy.test", Some("Academy")).await;
    let (_, me) = send(&app, "GET", "/api/me", Some(&owner), None).await;
    let org = me["organisations"][0]["id"]
        .as_str()
        .expect("org")
        .to_string();
    let mut students = Vec::new();
    for email in ["ana@student.test", "bo@student.test", "cy@student.test"] {
        let t = common::join_as_student(&app, &owner, &org, email).await;
        students.push(t);
    }
    let now = addin_server::cli::now();
    licences::issue(
        &db,
        &IssueRequest {
            org: "Academy".into(),
            plan: Plan::Course,
            seats: 2,
            days: 90,
            tenant: None,
            trial: false,
        },
        "test",
        now,
    )
    .await
    .expect("licence");
    for t in &students[..2] {
        let (s, b) = send(
            &app,
            "POST",
            "/api/licences/checkout",
            Some(t),
            Some(json!({})),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    let (ana, bo, cy) = (&students[0], &students[1], &students[2]);

    // Creation: validation, then one session per provider.
    let starts = now + 2 * 86_400;
    let when = aism_core::course::credential::timestamp(starts);
    let new = |provider: &str, join: Option<&str>| json!({"title": format!("Forecasting Q&A ({provider})"), "description": "Bring your sales sheet; we go through AISM.FORECAST.", "startsAt": when, "durationMinutes": 60, "provider": provider, "joinUrl": join});
    let post = |body: Value| {
        let app = app.clone();
        let (org, owner) = (org.clone(), owner.clone());
        async move {
            send(
                &app,
                "POST",
                &format!("/api/orgs/{org}/webinars"),
                Some(&owner),
                Some(body),
            )
            .await
        }
    };
    for bad in [
        json!({"title": "x", "startsAt": "tomorrow", "durationMinutes": 60, "provider": "stored", "joinUrl": "https://a.example"}),
        json!({"title": "x", "startsAt": when, "durationMinutes": 2, "provider": "stored", "joinUrl": "https://a.example"}),
        new("stored", Some("http://insecure.example")),
        new("webex", None),
    ] {
        let (s, b) = post(bad.clone()).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {b}");
        assert!(b["message"].as_str().expect("message").len() > 15);
    }
    let (s, zoom) = post(new("zoom", None)).await;
    assert_eq!(s, StatusCode::CREATED, "{zoom}");
    let (s, teams) = post(new("graph", None)).await;
    assert_eq!(s, StatusCode::CREATED, "{teams}");
    let (s, stored) = post(new("stored", Some("https://meet.example/room-7"))).await;
    assert_eq!(s, StatusCode::CREATED, "{stored}");
    let id = |w: &Value| w["id"].as_str().expect("id").to_string();
    let (zoom, teams, stored) = (id(&zoom), id(&teams), id(&stored));
    // A provider that fails: 503, nothing stored.
    *calls.down.lock().expect("down") = true;
    let (s, b) = post(new("zoom", None)).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{b}");
    *calls.down.lock().expect("down") = false;
    assert_eq!(calls.count("zoom token"), 1, "the Zoom token is cached");

    // Listing: no join links before registering.
    let (_, list) = send(&app, "GET", "/api/webinars", Some(ana), None).await;
    assert_eq!(list.as_array().map(Vec::len), Some(3), "{list}");
    assert!(
        list.as_array()
            .expect("list")
            .iter()
            .all(|w| w["joinUrl"].is_null() && w["registered"] == false)
    );

    // Registration: Zoom gives each registrant their own link; again is the same link.
    let register = |t: String, w: String| {
        let app = app.clone();
        async move {
            send(
                &app,
                "POST",
                &format!("/api/webinars/{w}/registrations"),
                Some(&t),
                None,
            )
            .await
        }
    };
    let (s, a1) = register(ana.clone(), zoom.clone()).await;
    assert_eq!(s, StatusCode::OK, "{a1}");
    let (_, a2) = register(ana.clone(), zoom.clone()).await;
    let (_, b1) = register(bo.clone(), zoom.clone()).await;
    assert_eq!(
        a1["joinUrl"],
        "https://zoom.example/w/85746065432?tk=ana-student-test"
    );
    assert_eq!(a2["joinUrl"], a1["joinUrl"]);
    assert_eq!(
        b1["joinUrl"],
        "https://zoom.example/w/85746065432?tk=bo-student-test"
    );
    assert_eq!(calls.count("zoom register"), 2);
    // Teams: the meeting's one link.
    let (_, t1) = register(ana.clone(), teams.clone()).await;
    assert_eq!(
        t1["joinUrl"],
        "https://teams.example/l/meetup-join/19%3ameeting_1"
    );
    // Without a seat of a licence with webinars: refused, saying which plans have them.
    let (s, b) = register(cy.clone(), stored.clone()).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(
        b["message"].as_str().expect("message").contains("webinars"),
        "{b}"
    );

    // The session's calendar, with the caller's own link, parsed back.
    let (s, kind, ics) = text(
        &app,
        &format!("/api/webinars/{zoom}/calendar.ics"),
        Some(ana),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(kind.starts_with("text/calendar"), "{kind}");
    let events = parse_ics(&ics);
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e["UID"], format!("{zoom}@localhost:3000"));
    assert_eq!(e["SUMMARY"], "Forecasting Q&A (zoom)");
    assert_eq!(
        e["LOCATION"],
        "https://zoom.example/w/85746065432?tk=ana-student-test"
    );
    assert_eq!(e["DTSTART"], when.replace(['-', ':'], ""));
    assert_eq!(e["SEQUENCE"], "0");
    // 15 minutes before, as RFC 5545 durations may spell it.
    assert!(
        ["-PT15M", "-PT900S"].contains(&e["VALARM.TRIGGER"].as_str()),
        "{e:?}"
    );
    assert_eq!(e["VALARM.ACTION"], "DISPLAY");
    assert!(e.contains_key("DTSTAMP") && e.contains_key("DTEND"));

    // The feed: the sessions Ana registered for, behind a secret URL that can be replaced.
    let (_, f) = send(&app, "POST", "/api/calendar/feed", Some(ana), None).await;
    let feed_url = f["url"].as_str().expect("url").to_string();
    let feed_path = feed_url
        .trim_start_matches("https://localhost:3000")
        .to_string();
    let (s, _, feed) = text(&app, &feed_path, None).await;
    assert_eq!(s, StatusCode::OK);
    let events = parse_ics(&feed);
    let mut uids: Vec<&str> = events.iter().map(|e| e["UID"].as_str()).collect();
    uids.sort_unstable();
    let mut want = vec![
        format!("{zoom}@localhost:3000"),
        format!("{teams}@localhost:3000"),
    ];
    want.sort();
    assert_eq!(uids, want);
    // A second parser: `AISM_ICS_OUT=feed.ics cargo test -p addin-server --test webinars` then
    // `python3 addin-server/tests/check_ics.py feed.ics` (Python icalendar).
    if let Some(out) = std::env::var_os("AISM_ICS_OUT") {
        std::fs::write(out, &feed).expect("write");
    }
    let (_, f2) = send(&app, "POST", "/api/calendar/feed", Some(ana), None).await;
    assert_ne!(f2["url"], f["url"]);
    assert_eq!(
        text(&app, &feed_path, None).await.0,
        StatusCode::NOT_FOUND,
        "the old feed stopped"
    );
    assert_eq!(
        text(&app, "/calendar/made-up", None).await.0,
        StatusCode::NOT_FOUND
    );

    // Reminders: nothing due now; a day before, two workers race and each job runs once.
    assert_eq!(webinars::run_due(&db, "w1", now).await.expect("jobs"), 0);
    let day_before = starts - 86_400 + 1;
    let (r1, r2) = tokio::join!(
        webinars::run_due(&db, "w1", day_before),
        webinars::run_due(&db, "w2", day_before)
    );
    // Ana: Zoom and Teams; Bo: Zoom.
    assert_eq!(r1.expect("w1") + r2.expect("w2"), 3);
    assert_eq!(
        webinars::run_due(&db, "w1", day_before + 60)
            .await
            .expect("jobs"),
        0
    );
    let (_, n) = send(&app, "GET", "/api/notifications", Some(ana), None).await;
    let notes = n["notifications"].as_array().expect("notifications");
    assert_eq!(notes.len(), 2, "{n}");
    assert!(notes.iter().all(|x| {
        x["title"]
            .as_str()
            .expect("title")
            .ends_with("starts tomorrow")
    }));
    assert!(notes.iter().any(|x| x["url"] == a1["joinUrl"]));
    assert_eq!(
        webinars::run_due(&db, "w2", starts - 899)
            .await
            .expect("jobs"),
        3,
        "the quarter-hour reminders"
    );

    // After the session: attendance (re-joins summed, guests without email left out) and the
    // recording.
    let sync = |w: String| {
        let app = app.clone();
        let (org, owner) = (org.clone(), owner.clone());
        async move {
            send(
                &app,
                "POST",
                &format!("/api/orgs/{org}/webinars/{w}/sync"),
                Some(&owner),
                None,
            )
            .await
        }
    };
    let (s, b) = sync(zoom.clone()).await;
    assert_eq!((s, b["matched"].clone()), (StatusCode::OK, json!(1)), "{b}");
    let (_, regs) = send(
        &app,
        "GET",
        &format!("/api/orgs/{org}/webinars/{zoom}/registrants"),
        Some(&owner),
        None,
    )
    .await;
    assert_eq!(regs[0]["email"], "ana@student.test");
    assert_eq!(regs[0]["attendedSeconds"], 2700);
    assert!(regs[1]["attendedSeconds"].is_null(), "Bo did not attend");
    let (_, list) = send(&app, "GET", "/api/webinars", Some(ana), None).await;
    let z = list
        .as_array()
        .expect("list")
        .iter()
        .find(|w| w["id"] == zoom.as_str())
        .expect("zoom")
        .clone();
    assert_eq!(z["recordingUrl"], "https://zoom.example/rec/share/abc");
    let (_, _, ics) = text(
        &app,
        &format!("/api/webinars/{zoom}/calendar.ics"),
        Some(ana),
    )
    .await;
    let e = &parse_ics(&ics)[0];
    assert_eq!(e["SEQUENCE"], "1", "the change is a new revision");
    assert!(e["DESCRIPTION"].contains("Recording: https://zoom.example/rec/share/abc"));
    let (s, b) = sync(teams.clone()).await;
    assert_eq!((s, b["matched"].clone()), (StatusCode::OK, json!(1)), "{b}");
    let (_, regs) = send(
        &app,
        "GET",
        &format!("/api/orgs/{org}/webinars/{teams}/registrants"),
        Some(&owner),
        None,
    )
    .await;
    assert_eq!(
        regs[0]["attendedSeconds"], 2100,
        "both pages of attendance records"
    );
    let (s, _) = sync(stored.clone()).await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "a stored session has nothing to sync"
    );
    // Students may not sync or see registrants.
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/orgs/{org}/webinars/{zoom}/registrants"),
        Some(ana),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn webinars_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    scenario(&format!(
        "sqlite://{}/webinars.sqlite",
        dir.path().display()
    ))
    .await;
}

#[tokio::test]
async fn webinars_postgres() {
    if let Some(schema) = common::Schema::create("webinars").await {
        scenario(&schema.url).await;
        schema.drop().await;
    }
}
