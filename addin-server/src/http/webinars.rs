//! Webinars over HTTP: sessions of an organisation (created by its owners, admins and
//! instructors, stored or through Zoom or Microsoft Graph), registration with the caller's own
//! join link, attendance, reminders, and calendars (one per session, a secret feed per user).

use super::error::AppError;
use super::{AppState, now};
use crate::Error;
use crate::auth::AuthUser;
use crate::orgs::{self, Action};
use crate::webinars::{self, NewWebinar, Registrant, Webinar};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(create))
        .routes(routes!(register))
        .routes(routes!(session_ics))
        .routes(routes!(new_feed))
        .routes(routes!(feed))
        .routes(routes!(sync))
        .routes(routes!(registrants))
        .routes(routes!(notifications))
}

fn host(st: &AppState) -> String {
    st.public_url
        .split("://")
        .nth(1)
        .unwrap_or(&st.public_url)
        .trim_end_matches('/')
        .to_string()
}

fn calendar(body: String, file: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        body,
    )
        .into_response()
}

#[utoipa::path(get, path = "/api/webinars", tag = "webinars", security(("bearer" = [])), responses(
    (status = 200, description = "Sessions of the caller's organisations, by start; join links of those registered for", body = [Webinar]),
    (status = 401, description = "Not signed in")
))]
async fn list(State(st): State<AppState>, user: AuthUser) -> Result<Json<Vec<Webinar>>, AppError> {
    Ok(Json(
        webinars::list_for_user(&st.db, &user.id, false).await?,
    ))
}

#[utoipa::path(post, path = "/api/orgs/{org}/webinars", tag = "webinars", security(("bearer" = [])), params(("org" = String, Path)), request_body = NewWebinar, responses(
    (status = 201, description = "Created (owner, admin, instructor), through the provider when not stored", body = Webinar),
    (status = 400, description = "Invalid time, length, link or provider"),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member"),
    (status = 503, description = "The provider refused or cannot be reached")
))]
async fn create(
    State(st): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
    Json(b): Json<NewWebinar>,
) -> Result<(StatusCode, Json<Webinar>), AppError> {
    orgs::require(&st.db, &org, &user.id, Action::ManageWebinars).await?;
    let w = webinars::create(&st.db, &st.providers, &org, &user.id, &b, now()).await?;
    Ok((StatusCode::CREATED, Json(w)))
}

/// The organisation of a session the caller may see: not found otherwise.
async fn visible(st: &AppState, user: &AuthUser, id: &str) -> Result<String, AppError> {
    let org = webinars::org_of(&st.db, id).await?;
    match org {
        Some(o) if orgs::role_of(&st.db, &o, &user.id).await?.is_some() => Ok(o),
        _ => Err(Error::NotFound(format!("no webinar {id} of yours")).into()),
    }
}

#[utoipa::path(post, path = "/api/webinars/{id}/registrations", tag = "webinars", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, description = "Registered (again: the same link); the caller's own join link where the provider gives one", body = Webinar),
    (status = 403, description = "No seat of a licence with webinars"),
    (status = 404, description = "No such session in the caller's organisations")
))]
async fn register(
    State(st): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Webinar>, AppError> {
    visible(&st, &user, &id).await?;
    crate::course::require_entitlement(
        &st.db,
        &user.id,
        aism_core::licence::FEATURE_WEBINARS,
        now(),
    )
    .await?;
    Ok(Json(
        webinars::register(&st.db, &st.providers, &id, &user.id, &user.email, now()).await?,
    ))
}

#[utoipa::path(get, path = "/api/webinars/{id}/calendar.ics", tag = "webinars", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, description = "The session as an RFC 5545 calendar (with the caller's join link)", content_type = "text/calendar"),
    (status = 404, description = "No such session in the caller's organisations")
))]
async fn session_ics(
    State(st): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    visible(&st, &user, &id).await?;
    let w = webinars::get(&st.db, &id, &user.id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no webinar {id}")))?;
    let file = format!("{id}.ics");
    Ok(calendar(
        webinars::ics(&w.title, std::slice::from_ref(&w), &host(&st), now()),
        &file,
    ))
}

#[utoipa::path(post, path = "/api/calendar/feed", tag = "webinars", security(("bearer" = [])), responses(
    (status = 200, description = "A new secret URL of the caller's calendar feed (the previous one stops working)")
))]
async fn new_feed(State(st): State<AppState>, user: AuthUser) -> Result<Json<Value>, AppError> {
    let token = webinars::new_feed(&st.db, &user.id, now()).await?;
    Ok(Json(
        json!({ "url": format!("{}/calendar/{token}", st.public_url) }),
    ))
}

#[utoipa::path(get, path = "/calendar/{token}", tag = "webinars", params(("token" = String, Path)), responses(
    (status = 200, description = "The feed of the sessions the token's user registered for (RFC 5545)", content_type = "text/calendar"),
    (status = 404, description = "Unknown feed")
))]
async fn feed(State(st): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let token = token.trim_end_matches(".ics");
    let user = webinars::feed_user(&st.db, token)
        .await?
        .ok_or_else(|| Error::NotFound("no such calendar feed".into()))?;
    let sessions = webinars::list_for_user(&st.db, &user, true).await?;
    Ok(calendar(
        webinars::ics(
            "AI Spreadsheet Mastery webinars",
            &sessions,
            &host(&st),
            now(),
        ),
        "webinars.ics",
    ))
}

/// A session of `org` (the path's organisation), or not found.
async fn of_org(st: &AppState, org: &str, id: &str) -> Result<(), AppError> {
    match webinars::org_of(&st.db, id).await? {
        Some(o) if o == org => Ok(()),
        _ => Err(Error::NotFound(format!("no webinar {id} in this organisation")).into()),
    }
}

#[utoipa::path(post, path = "/api/orgs/{org}/webinars/{webinar}/sync", tag = "webinars", security(("bearer" = [])), params(("org" = String, Path), ("webinar" = String, Path)), responses(
    (status = 200, description = "Attendance and the recording pulled from the provider (owner, admin, instructor)"),
    (status = 400, description = "A stored session has nothing to sync"),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member, or no such session")
))]
async fn sync(
    State(st): State<AppState>,
    user: AuthUser,
    Path((org, id)): Path<(String, String)>,
) -> Result<Json<Value>, AppError> {
    orgs::require(&st.db, &org, &user.id, Action::ManageWebinars).await?;
    of_org(&st, &org, &id).await?;
    let matched = webinars::sync(&st.db, &st.providers, &id, now()).await?;
    Ok(Json(json!({ "matched": matched })))
}

#[utoipa::path(get, path = "/api/orgs/{org}/webinars/{webinar}/registrants", tag = "webinars", security(("bearer" = [])), params(("org" = String, Path), ("webinar" = String, Path)), responses(
    (status = 200, description = "Registrants and their attendance (owner, admin, instructor)", body = [Registrant]),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member, or no such session")
))]
async fn registrants(
    State(st): State<AppState>,
    user: AuthUser,
    Path((org, id)): Path<(String, String)>,
) -> Result<Json<Vec<Registrant>>, AppError> {
    orgs::require(&st.db, &org, &user.id, Action::ManageWebinars).await?;
    of_org(&st, &org, &id).await?;
    Ok(Json(webinars::registrants(&st.db, &id).await?))
}

#[utoipa::path(get, path = "/api/notifications", tag = "webinars", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's reminders, newest first")
))]
async fn notifications(
    State(st): State<AppState>,
    user: AuthUser,
) -> Result<Json<Value>, AppError> {
    Ok(Json(
        json!({ "notifications": webinars::notifications(&st.db, &user.id).await? }),
    ))
}
