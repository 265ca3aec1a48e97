//! Server-rendered web pages: sign-in with email and password (a session cookie, honoured on GET
//! pages only), a credential's public verification page and the instructor's cohort page.

use super::error::AppError;
use super::{AppState, now};
use crate::Error;
use crate::auth::{self, AuthUser};
use crate::course;
use crate::orgs::{self, Action};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The cookie that carries a web page session's access token.
const COOKIE: &str = "aism_session";

/// Routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login_page, login))
        .routes(routes!(credential_page))
        .routes(routes!(cohort_page))
}

/// The access token in the session cookie, if the request has one.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Text made safe for HTML.
fn esc(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#39;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title><style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}}\
         .ok{{color:#0a6b2d}}.bad{{color:#a40e26}}</style></head><body><h1>{t}</h1>{body}</body></html>",
        t = esc(title)
    ))
}

#[utoipa::path(get, path = "/login", tag = "pages", responses((status = 200, description = "The sign-in form of the web pages", content_type = "text/html")))]
async fn login_page() -> Html<String> {
    page(
        "Sign in",
        "<form method=\"post\" action=\"/login\"><p><label>Email <input name=\"email\" type=\"email\" required></label></p>\
         <p><label>Password <input name=\"password\" type=\"password\" required></label></p>\
         <input type=\"hidden\" name=\"next\" value=\"/\"><p><button>Sign in</button></p></form>",
    )
}

#[derive(Deserialize, utoipa::ToSchema)]
struct LoginForm {
    email: String,
    password: String,
    /// Where to go next (a path on this server).
    #[serde(default)]
    next: String,
}

#[utoipa::path(post, path = "/login", tag = "pages", request_body(content = LoginForm, content_type = "application/x-www-form-urlencoded"), responses(
    (status = 303, description = "Signed in: a session cookie (HttpOnly, Secure, SameSite=Strict) and a redirect to `next`"),
    (status = 401, description = "Wrong email or password")
))]
async fn login(State(st): State<AppState>, Form(f): Form<LoginForm>) -> Result<Response, AppError> {
    let tokens = auth::login(&st.db, &f.email, &f.password, now()).await?;
    // Only a path on this server (no scheme, no `//host`): never an open redirect.
    let next = if f.next.starts_with('/') && !f.next.starts_with("//") && !f.next.contains('\\') {
        f.next
    } else {
        "/".to_string()
    };
    let cookie = format!(
        "{COOKIE}={}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        tokens.access_token, tokens.expires_in
    );
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| Error::Config(e.to_string()))?,
    );
    headers.insert(
        header::LOCATION,
        HeaderValue::from_str(&next).map_err(|e| Error::Invalid(e.to_string()))?,
    );
    Ok(response)
}

#[utoipa::path(get, path = "/credentials/{id}", tag = "pages", params(("id" = String, Path)), responses(
    (status = 200, description = "The public verification page of a credential, checked live", content_type = "text/html"),
    (status = 404, description = "No such credential")
))]
async fn credential_page(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let (c, _) = course::credential(&st.db, &id, &st.public_url)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no credential {id}")))?;
    let v = course::verify(&st.db, &st.licence_key, &st.public_url, &c.document, now()).await?;
    let subject = &c.document["credentialSubject"];
    let achievement = &subject["achievement"];
    let text = |v: &serde_json::Value| esc(v.as_str().unwrap_or_default());
    let verdict = if v.valid {
        "<p class=\"ok\"><strong>Valid.</strong> The signature checks against the issuer's key and the credential is not revoked.</p>".to_string()
    } else {
        format!(
            "<p class=\"bad\"><strong>Not valid ({}).</strong> {}</p>",
            esc(&v.code),
            esc(&v.reason)
        )
    };
    let body = format!(
        "{verdict}<table>\
         <tr><th>Certificate</th><td>{name}</td></tr>\
         <tr><th>Awarded to</th><td>{holder}</td></tr>\
         <tr><th>What it certifies</th><td>{description}</td></tr>\
         <tr><th>Issuer</th><td>{issuer} (<code>{issuer_id}</code>)</td></tr>\
         <tr><th>Issued</th><td>{from}</td></tr>\
         <tr><th>Proof</th><td>DataIntegrityProof, eddsa-jcs-2022</td></tr></table>\
         <p><a href=\"/api/credentials/{id}\">The credential (JSON)</a> · verify it yourself: \
         POST it to <code>/api/credentials/verify</code>, or offline with the add-in's <code>verifyCredential</code>.</p>",
        name = text(&achievement["name"]),
        holder = text(&subject["name"]),
        description = text(&achievement["description"]),
        issuer = text(&c.document["issuer"]["name"]),
        issuer_id = text(&c.document["issuer"]["id"]),
        from = text(&c.document["validFrom"]),
        id = esc(&c.id),
    );
    Ok(page("Credential verification", &body))
}

#[utoipa::path(get, path = "/orgs/{org}/cohort", tag = "pages", security(("bearer" = [])), params(("org" = String, Path)), responses(
    (status = 200, description = "The cohort's course progress as a page (owner, admin, instructor; session cookie or bearer token)", content_type = "text/html"),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member")
))]
async fn cohort_page(
    State(st): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
) -> Result<Html<String>, AppError> {
    let role = orgs::require(&st.db, &org, &user.id, Action::ViewCohort).await?;
    let o = orgs::get(&st.db, &org, role).await?;
    let members = course::cohort(&st.db, &st.course, &org).await?;
    let head: String = st
        .course
        .course
        .modules
        .iter()
        .map(|m| format!("<th title=\"{}\">M{}</th>", esc(&m.title.en), m.number))
        .collect();
    let rows: String = members
        .iter()
        .map(|m| {
            let cells: String = m
                .modules
                .iter()
                .map(|p| {
                    let mark = if p.complete {
                        "✔".to_string()
                    } else {
                        format!(
                            "{}/{} · {} · {}/{}",
                            p.lessons_viewed,
                            p.lessons,
                            p.quiz_score
                                .map_or("–".to_string(), |s| format!("{:.0} %", s * 100.0)),
                            p.exercises_passed,
                            p.exercises
                        )
                    };
                    format!("<td>{mark}</td>")
                })
                .collect();
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td>{cells}<td>{}</td></tr>",
                esc(&m.email),
                esc(&m.role),
                m.modules_complete,
                esc(&m.certificates.join(", "))
            )
        })
        .collect();
    let body = format!(
        "<p>{} · {} learners. Per module: lessons read · best quiz score · exercises passed; ✔ complete.</p>\
         <table><tr><th>Learner</th><th>Role</th><th>Complete</th>{head}<th>Certificates</th></tr>{rows}</table>",
        esc(&o.name),
        members.len()
    );
    Ok(page("Course cohort", &body))
}
