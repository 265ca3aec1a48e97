//! The authorisation matrix: every route of the OpenAPI document × every role (and a signed-in
//! non-member, and nobody) × the caller's own organisation and another one. The expected answer
//! of each cell is written out below, independently of the server's rule table; a route the
//! matrix does not know fails the test, so new routes must be added here. After every attempt
//! on the other organisation, its state (members, roles, invitations, seats, licences) is
//! compared with a snapshot: no cross-organisation read or write may succeed. SQLite always,
//! PostgreSQL when `AISM_TEST_POSTGRES_URL` is set.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a failed set-up should fail loudly

mod common;

use addin_server::http::{AppState, app};
use addin_server::licences::{self, IssueRequest};
use addin_server::orgs::{self, Role};
use addin_server::{auth, db};
use aism_core::licence::Plan;
use axum::http::StatusCode;
use common::send;
use serde_json::{Value, json};
use sqlx::AnyPool;
use std::collections::BTreeSet;

/// The time of the fixtures: now (the HTTP handlers read the clock).
fn now() -> i64 {
    addin_server::cli::now()
}

/// The routes anyone may call (no session): not part of the role matrix.
const PUBLIC: [(&str, &str); 19] = [
    ("get", "/api/course"),
    ("get", "/api/credentials/{id}"),
    ("post", "/api/credentials/verify"),
    ("get", "/credentials/status/1"),
    ("get", "/credentials/{id}"),
    ("get", "/login"),
    ("post", "/login"),
    ("get", "/calendar/{token}"),
    ("post", "/api/auth/signup"),
    ("post", "/api/auth/login"),
    ("post", "/api/auth/refresh"),
    ("post", "/api/auth/office"),
    ("post", "/api/auth/google"),
    ("post", "/api/call"),
    ("get", "/api/catalog"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("get", "/openapi.json"),
];

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    Role(Role),
    /// Signed in, member of no organisation of the fixture.
    Outsider,
}

/// One organisation of the fixture: its id, a member that routes act on, a licence whose seat
/// the victim holds, an open invitation, a certificate of the victim, a webinar session.
#[derive(Debug, Clone)]
struct Org {
    id: String,
    victim: String,
    licence: String,
    invitation: String,
    credential: String,
    webinar: String,
}

/// Status list indices of the fixtures' credentials (unique within a database).
static INDEX: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

struct Fixture {
    own: Org,
    other: Org,
    /// Access tokens by caller.
    tokens: Vec<(String, String)>,
}

async fn user(db: &AnyPool, email: &str) -> String {
    licences::user(db, email, now()).await.expect("user")
}

async fn org(db: &AnyPool, tag: &str, members: &[(Role, String)]) -> Org {
    let owner = members
        .iter()
        .find(|(r, _)| *r == Role::Owner)
        .map(|(_, u)| u.clone())
        .expect("an owner");
    let o = orgs::create(db, tag, &owner, now()).await.expect("org");
    for (role, u) in members.iter().filter(|(r, _)| *r != Role::Owner) {
        orgs::add_member(db, &o.id, u, *role, now())
            .await
            .expect("member");
    }
    let victim = user(db, &format!("victim@{tag}.test")).await;
    orgs::add_member(db, &o.id, &victim, Role::Member, now())
        .await
        .expect("victim");
    let lic = licences::issue(
        db,
        &IssueRequest {
            org: tag.to_string(),
            plan: Plan::Team,
            seats: 10,
            days: 30,
            tenant: None,
            trial: false,
        },
        "test",
        now(),
    )
    .await
    .expect("licence");
    let key = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    licences::checkout(db, &key, &lic.id, &victim, now(), 3600)
        .await
        .expect("seat");
    let inv = orgs::invite(
        db,
        &o.id,
        &owner,
        Role::Owner,
        &format!("invitee@{tag}.test"),
        Role::Member,
        now(),
    )
    .await
    .expect("invitation");
    let credential = format!("cred_{tag}");
    sqlx::query("INSERT INTO credentials (id, user_id, award, status_index, document, issued_at) VALUES ($1, $2, 'specialist-sales', $3, '{}', $4)")
        .bind(&credential)
        .bind(&victim)
        .bind(INDEX.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
        .bind(now())
        .execute(db)
        .await
        .expect("credential");
    // A session "created through Zoom" (no Zoom configured in the test: syncing it is a 400).
    let webinar = format!("web_{tag}");
    sqlx::query("INSERT INTO webinars (id, org_id, title, starts_at, duration_minutes, provider, provider_meeting_id, join_url, created_by, created_at) VALUES ($1, $2, 'Q&A', $3, 60, 'zoom', '123', 'https://zoom.example/j/123', $4, $5)")
        .bind(&webinar)
        .bind(&o.id)
        .bind(now() + 86_400 * 3)
        .bind(&owner)
        .bind(now())
        .execute(db)
        .await
        .expect("webinar");
    Org {
        id: o.id,
        victim,
        licence: lic.id,
        invitation: inv.id,
        credential,
        webinar,
    }
}

/// Two organisations with one user per role in the first, an owner and a victim in the other,
/// and an outsider; `n` keeps names unique within a database.
async fn fixture(db: &AnyPool, n: usize) -> Fixture {
    let mut members = Vec::new();
    let mut tokens = Vec::new();
    for role in Role::ALL {
        let u = user(db, &format!("{}{n}@own.test", role.id())).await;
        members.push((role, u.clone()));
        let t = auth::new_session(db, &u, now()).await.expect("session");
        tokens.push((role.id().to_string(), t.access_token));
    }
    let own = org(db, &format!("own{n}"), &members).await;
    let other_owner = user(db, &format!("boss{n}@other.test")).await;
    let other = org(db, &format!("other{n}"), &[(Role::Owner, other_owner)]).await;
    let outsider = user(db, &format!("nobody{n}@nowhere.test")).await;
    let t = auth::new_session(db, &outsider, now())
        .await
        .expect("session");
    tokens.push(("outsider".to_string(), t.access_token));
    Fixture { own, other, tokens }
}

/// Everything about an organisation a cross-organisation request could change.
async fn snapshot(db: &AnyPool, o: &Org) -> Value {
    let members = orgs::members(db, &o.id).await.expect("members");
    let invitations = orgs::invitations(db, &o.id, now())
        .await
        .expect("invitations");
    let licences = licences::list_for_org(db, &o.id).await.expect("licences");
    let revoked: Option<i64> =
        sqlx::query_scalar("SELECT revoked_at FROM credentials WHERE id = $1")
            .bind(&o.credential)
            .fetch_one(db)
            .await
            .expect("credential");
    let webinars: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webinars WHERE org_id = $1")
        .bind(&o.id)
        .fetch_one(db)
        .await
        .expect("webinars");
    json!({
        "credentialRevoked": revoked,
        "webinars": webinars,
        "members": members.iter().map(|m| json!([m.user_id, m.role])).collect::<Vec<_>>(),
        "invitations": invitations.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
        "licences": licences.iter().map(|l| json!([l.id, l.seats_used, l.revoked_at])).collect::<Vec<_>>(),
    })
}

/// An organisation route: method, path template, body, the roles that may, their status.
type OrgRoute = (
    &'static str,
    &'static str,
    Option<Value>,
    &'static [Role],
    StatusCode,
);

/// The org-scoped routes: method, template, body, and the roles that may (with the success
/// status). Everyone else in the organisation: 403. Not a member: 404.
fn org_routes() -> Vec<OrgRoute> {
    use Role::*;
    vec![
        (
            "get",
            "/api/orgs/{org}",
            None,
            &[Owner, Admin, Member, Instructor, Student],
            StatusCode::OK,
        ),
        (
            "get",
            "/api/orgs/{org}/members",
            None,
            &[Owner, Admin, Instructor],
            StatusCode::OK,
        ),
        (
            "put",
            "/api/orgs/{org}/members/{user}",
            Some(json!({ "role": "student" })),
            &[Owner, Admin],
            StatusCode::NO_CONTENT,
        ),
        (
            "delete",
            "/api/orgs/{org}/members/{user}",
            None,
            &[Owner, Admin],
            StatusCode::NO_CONTENT,
        ),
        (
            "post",
            "/api/orgs/{org}/invitations",
            Some(json!({ "email": "new@person.test", "role": "student" })),
            &[Owner, Admin, Instructor],
            StatusCode::CREATED,
        ),
        (
            "get",
            "/api/orgs/{org}/invitations",
            None,
            &[Owner, Admin, Instructor],
            StatusCode::OK,
        ),
        (
            "delete",
            "/api/orgs/{org}/invitations/{id}",
            None,
            &[Owner, Admin],
            StatusCode::NO_CONTENT,
        ),
        (
            "get",
            "/api/orgs/{org}/licences",
            None,
            &[Owner, Admin],
            StatusCode::OK,
        ),
        (
            "delete",
            "/api/orgs/{org}/licences/{licence}/seats/{user}",
            None,
            &[Owner, Admin],
            StatusCode::NO_CONTENT,
        ),
        (
            "get",
            "/api/orgs/{org}/audit",
            None,
            &[Owner, Admin],
            StatusCode::OK,
        ),
        (
            "get",
            "/api/orgs/{org}/course/cohort",
            None,
            &[Owner, Admin, Instructor],
            StatusCode::OK,
        ),
        (
            "get",
            "/orgs/{org}/cohort",
            None,
            &[Owner, Admin, Instructor],
            StatusCode::OK,
        ),
        (
            "delete",
            "/api/orgs/{org}/course/credentials/{credential}",
            None,
            &[Owner, Admin],
            StatusCode::NO_CONTENT,
        ),
        (
            "post",
            "/api/orgs/{org}/webinars",
            Some(
                json!({ "title": "Office hours", "startsAt": "2030-01-10T17:00:00Z", "durationMinutes": 45, "provider": "stored", "joinUrl": "https://meet.example/abc" }),
            ),
            &[Owner, Admin, Instructor],
            StatusCode::CREATED,
        ),
        (
            "get",
            "/api/orgs/{org}/webinars/{webinar}/registrants",
            None,
            &[Owner, Admin, Instructor],
            StatusCode::OK,
        ),
        // Allowed roles reach the provider step, which refuses: Zoom is not configured here.
        (
            "post",
            "/api/orgs/{org}/webinars/{webinar}/sync",
            None,
            &[Owner, Admin, Instructor],
            StatusCode::BAD_REQUEST,
        ),
    ]
}

/// The routes of a signed-in user that name no organisation in their path.
const USER_ROUTES: [(&str, &str); 20] = [
    ("get", "/api/course/progress"),
    ("get", "/api/course/lessons/{id}"),
    ("post", "/api/course/lessons/{id}/viewed"),
    ("get", "/api/course/modules/{n}/quiz"),
    ("post", "/api/course/modules/{n}/quiz"),
    ("get", "/api/course/exercises/{id}"),
    ("post", "/api/course/exercises/{id}/submissions"),
    ("get", "/api/course/statements"),
    ("get", "/api/course/certificates"),
    ("get", "/api/webinars"),
    ("post", "/api/webinars/{id}/registrations"),
    ("get", "/api/webinars/{id}/calendar.ics"),
    ("post", "/api/calendar/feed"),
    ("get", "/api/notifications"),
    ("get", "/api/me"),
    ("get", "/api/licences"),
    ("post", "/api/licences/checkout"),
    ("post", "/api/auth/logout"),
    ("post", "/api/orgs"),
    ("post", "/api/invitations/accept"),
];

fn path(template: &str, target: &Org, resources: &Org) -> String {
    template
        .replace("{org}", &target.id)
        .replace("{user}", &resources.victim)
        .replace("{licence}", &resources.licence)
        .replace("{id}", &resources.invitation)
        .replace("{credential}", &resources.credential)
        .replace("{webinar}", &resources.webinar)
}

fn token<'a>(f: &'a Fixture, who: &str) -> &'a str {
    f.tokens
        .iter()
        .find(|(k, _)| k == who)
        .map(|(_, t)| t.as_str())
        .expect("token")
}

async fn matrix(url: &str) {
    let files = tempfile::tempdir().expect("temp dir");
    let pool = db::connect(url).await.expect("database");
    let mut st = AppState::new(
        pool.clone(),
        files.path().to_path_buf(),
        ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]),
    )
    .expect("state");
    st.limits = addin_server::http::RateLimits::new(
        addin_server::http::Rate {
            per_second: 0,
            burst: 0,
        },
        addin_server::http::Rate {
            per_second: 0,
            burst: 0,
        },
        false,
    );
    let app = app(st);

    // The matrix knows every documented route, and only those.
    let (_, doc) = send(&app, "GET", "/openapi.json", None, None).await;
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .expect("ops")
                .keys()
                .map(|m| (m.clone(), p.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let known: BTreeSet<(String, String)> = PUBLIC
        .iter()
        .chain(USER_ROUTES.iter())
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .chain(
            org_routes()
                .iter()
                .map(|(m, p, ..)| (m.to_string(), p.to_string())),
        )
        .collect();
    assert_eq!(
        documented, known,
        "the matrix and the OpenAPI document differ"
    );

    let callers: Vec<Caller> = Role::ALL
        .into_iter()
        .map(Caller::Role)
        .chain([Caller::Outsider])
        .collect();
    let mut n = 0;
    let mut cells = 0;
    for (method, template, body, allowed, ok) in org_routes() {
        for caller in &callers {
            for own_org in [true, false] {
                n += 1;
                let f = fixture(&pool, n).await;
                let who = match caller {
                    Caller::Role(r) => r.id(),
                    Caller::Outsider => "outsider",
                };
                let (target, resources) = if own_org {
                    (&f.own, &f.own)
                } else {
                    (&f.other, &f.other)
                };
                let before = snapshot(&pool, &f.other).await;
                let uri = path(template, target, resources);
                let (status, answer) = send(
                    &app,
                    &method.to_uppercase(),
                    &uri,
                    Some(token(&f, who)),
                    body.clone(),
                )
                .await;
                let expected = match caller {
                    Caller::Role(r) if own_org && allowed.contains(r) => ok,
                    Caller::Role(_) if own_org => StatusCode::FORBIDDEN,
                    _ => StatusCode::NOT_FOUND,
                };
                assert_eq!(
                    status,
                    expected,
                    "{method} {template} as {who} on {} organisation: {answer}",
                    if own_org { "its own" } else { "another" }
                );
                assert_eq!(
                    snapshot(&pool, &f.other).await,
                    before,
                    "{method} {template} as {who} changed another organisation"
                );
                cells += 1;
                // Mixed: the caller's own organisation in the path, the other one's member,
                // invitation or licence as the target: never found, nothing changes.
                if own_org && template.contains('}') && template.matches('{').count() > 1 {
                    let uri = path(template, &f.own, &f.other);
                    let (status, answer) = send(
                        &app,
                        &method.to_uppercase(),
                        &uri,
                        Some(token(&f, who)),
                        body.clone(),
                    )
                    .await;
                    assert!(
                        !status.is_success(),
                        "{method} {template} as {who} reached another organisation's resource: {answer}"
                    );
                    assert_eq!(snapshot(&pool, &f.other).await, before);
                    cells += 1;
                }
                // Nobody signed in: 401.
                let (status, _) =
                    send(&app, &method.to_uppercase(), &uri, None, body.clone()).await;
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {template} without a session"
                );
            }
        }
    }

    // Routes without an organisation in the path: only the caller's own things.
    for caller in &callers {
        n += 1;
        let f = fixture(&pool, n).await;
        let who = match caller {
            Caller::Role(r) => r.id(),
            Caller::Outsider => "outsider",
        };
        let t = token(&f, who);
        let before = snapshot(&pool, &f.other).await;
        let (s, me) = send(&app, "GET", "/api/me", Some(t), None).await;
        assert_eq!(s, StatusCode::OK);
        let seen: Vec<&str> = me["organisations"]
            .as_array()
            .expect("orgs")
            .iter()
            .filter_map(|o| o["id"].as_str())
            .collect();
        assert!(
            !seen.contains(&f.other.id.as_str()),
            "{who} sees another organisation"
        );
        let (s, lics) = send(&app, "GET", "/api/licences", Some(t), None).await;
        assert_eq!(s, StatusCode::OK);
        let ids: Vec<&str> = lics
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|l| l["id"].as_str())
            .collect();
        assert!(
            !ids.contains(&f.other.licence.as_str()),
            "{who} lists another organisation's licence"
        );
        assert_eq!(
            ids.contains(&f.own.licence.as_str()),
            *caller != Caller::Outsider
        );
        let (s, _) = send(
            &app,
            "POST",
            "/api/licences/checkout",
            Some(t),
            Some(json!({ "licenceId": f.other.licence })),
        )
        .await;
        assert_eq!(
            s,
            StatusCode::NOT_FOUND,
            "{who} checked out another organisation's licence"
        );
        let (s, _) = send(
            &app,
            "POST",
            "/api/licences/checkout",
            Some(t),
            Some(json!({ "licenceId": f.own.licence })),
        )
        .await;
        let expected = if *caller == Caller::Outsider {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(
            s, expected,
            "{who} checks out their own organisation's licence"
        );
        // Accepting another person's invitation (its token is not known; a made-up one is 404).
        let (s, _) = send(
            &app,
            "POST",
            "/api/invitations/accept",
            Some(t),
            Some(json!({ "token": "made-up" })),
        )
        .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        let (s, o) = send(
            &app,
            "POST",
            "/api/orgs",
            Some(t),
            Some(json!({ "name": format!("new{n}") })),
        )
        .await;
        assert_eq!(
            (s, o["role"].as_str()),
            (StatusCode::CREATED, Some("owner"))
        );
        // Another organisation's webinar: not found, whatever the role; one's own: listed.
        for (m, p) in [
            (
                "POST",
                format!("/api/webinars/{}/registrations", f.other.webinar),
            ),
            (
                "GET",
                format!("/api/webinars/{}/calendar.ics", f.other.webinar),
            ),
        ] {
            let (s, _) = send(&app, m, &p, Some(t), None).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{who}: {m} {p}");
        }
        let (_, listed) = send(&app, "GET", "/api/webinars", Some(t), None).await;
        let ids: Vec<&str> = listed
            .as_array()
            .expect("webinars")
            .iter()
            .filter_map(|w| w["id"].as_str())
            .collect();
        assert!(
            !ids.contains(&f.other.webinar.as_str()),
            "{who} lists another organisation's webinar"
        );
        assert_eq!(
            ids.contains(&f.own.webinar.as_str()),
            *caller != Caller::Outsider
        );
        // The course and the certificates are one's own only.
        let (_, certs) = send(&app, "GET", "/api/course/certificates", Some(t), None).await;
        assert_eq!(certs, json!([]), "{who} sees no one else's certificates");
        assert_eq!(snapshot(&pool, &f.other).await, before);
        let (s, _) = send(&app, "POST", "/api/auth/logout", Some(t), None).await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, _) = send(&app, "GET", "/api/me", Some(t), None).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "the session ended");
        cells += 1;
    }
    for (method, p) in USER_ROUTES {
        let (s, _) = send(&app, &method.to_uppercase(), p, None, Some(json!({}))).await;
        assert_eq!(
            s,
            StatusCode::UNAUTHORIZED,
            "{method} {p} without a session"
        );
    }
    eprintln!("authorisation matrix: {cells} cells, {n} fixtures");
}

/// Role rules beyond the route gate: an admin cannot make or touch owners, an instructor invites
/// only students, the last owner stays, invitations are for the invited email only.
async fn role_rules(url: &str) {
    let files = tempfile::tempdir().expect("temp dir");
    let pool = db::connect(url).await.expect("database");
    let app = app(AppState::new(
        pool.clone(),
        files.path().to_path_buf(),
        ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]),
    )
    .expect("state"));
    let f = fixture(&pool, 9999).await;
    let owner_id = orgs::members(&pool, &f.own.id)
        .await
        .expect("members")
        .into_iter()
        .find(|m| m.role == Role::Owner)
        .expect("owner")
        .user_id;
    let put = |who: &'static str, target: String, role: &'static str| {
        let uri = format!("/api/orgs/{}/members/{target}", f.own.id);
        let t = token(&f, who).to_string();
        let app = app.clone();
        async move {
            send(&app, "PUT", &uri, Some(&t), Some(json!({ "role": role })))
                .await
                .0
        }
    };
    assert_eq!(
        put("admin", f.own.victim.clone(), "owner").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        put("admin", owner_id.clone(), "member").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        put("owner", owner_id.clone(), "member").await,
        StatusCode::CONFLICT,
        "last owner"
    );
    assert_eq!(
        put("owner", f.own.victim.clone(), "admin").await,
        StatusCode::NO_CONTENT
    );
    let invite = |who: &'static str, role: &'static str| {
        let uri = format!("/api/orgs/{}/invitations", f.own.id);
        let t = token(&f, who).to_string();
        let app = app.clone();
        async move {
            send(
                &app,
                "POST",
                &uri,
                Some(&t),
                Some(json!({ "email": format!("{who}-{role}@x.test"), "role": role })),
            )
            .await
        }
    };
    assert_eq!(invite("instructor", "admin").await.0, StatusCode::FORBIDDEN);
    let (s, inv) = invite("instructor", "student").await;
    assert_eq!(s, StatusCode::CREATED);
    let token_text = inv["token"].as_str().expect("token shown once").to_string();
    // Only the invited address may accept; then it is used.
    let (s, _) = send(
        &app,
        "POST",
        "/api/invitations/accept",
        Some(token(&f, "outsider")),
        Some(json!({ "token": token_text })),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let invitee = user(&pool, "instructor-student@x.test").await;
    let t = auth::new_session(&pool, &invitee, now())
        .await
        .expect("session")
        .access_token;
    let (s, joined) = send(
        &app,
        "POST",
        "/api/invitations/accept",
        Some(&t),
        Some(json!({ "token": token_text })),
    )
    .await;
    assert_eq!(
        (s, joined["role"].as_str()),
        (StatusCode::OK, Some("student")),
        "{joined}"
    );
    let (s, _) = send(
        &app,
        "POST",
        "/api/invitations/accept",
        Some(&t),
        Some(json!({ "token": token_text })),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "an invitation is used once");
    // The listing never shows tokens; the audit log recorded the security-relevant actions.
    let (_, list) = send(
        &app,
        "GET",
        &format!("/api/orgs/{}/invitations", f.own.id),
        Some(token(&f, "admin")),
        None,
    )
    .await;
    assert!(
        list.as_array()
            .expect("list")
            .iter()
            .all(|i| i.get("token").is_none())
    );
    let (_, log) = send(
        &app,
        "GET",
        &format!("/api/orgs/{}/audit", f.own.id),
        Some(token(&f, "owner")),
        None,
    )
    .await;
    let actions: Vec<&str> = log
        .as_array()
        .expect("log")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for a in [
        "org.create",
        "member.role",
        "invitation.create",
        "invitation.accept",
        "licence.issue",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

#[tokio::test]
async fn authorisation_matrix_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("a.sqlite").display());
    matrix(&url).await;
    role_rules(&url).await;
}

#[tokio::test]
async fn authorisation_matrix_on_postgres() {
    let Some(schema) = common::Schema::create("authz").await else {
        return;
    };
    matrix(&schema.url).await;
    role_rules(&schema.url).await;
    schema.drop().await;
}
