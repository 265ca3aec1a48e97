//! Accounts, sessions and licence checkout over HTTP: `POST /api/auth/signup | login | refresh |
//! logout`, `GET /api/me`, `GET /api/licences`, `POST /api/licences/checkout`.

use super::AppState;
use super::error::AppError;
use crate::auth::{self, AuthUser};
use crate::{Error, licences};
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

/// Routes of this area.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/signup", post(signup))
        .route("/api/auth/login", post(login))
        .route("/api/auth/refresh", post(refresh))
        .route("/api/auth/logout", post(logout))
        .route("/api/me", get(me))
        .route("/api/licences", get(my_licences))
        .route("/api/licences/checkout", post(checkout))
}

/// The current time in Unix seconds.
fn now() -> i64 {
    crate::cli::now()
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                Error::Unauthorized("sign in first (Authorization: Bearer <token>)".into())
            })?;
        auth::authenticate(&state.db, token, now())
            .await?
            .ok_or_else(|| {
                AppError(Error::Unauthorized(
                    "the session expired or ended; refresh it or sign in again".into(),
                ))
            })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignupBody {
    email: String,
    password: String,
    #[serde(default)]
    name: String,
    organisation: Option<String>,
}

async fn signup(
    State(st): State<AppState>,
    Json(b): Json<SignupBody>,
) -> Result<(StatusCode, Json<Value>), AppError> {
    let id = auth::signup(
        &st.db,
        &b.email,
        &b.name,
        &b.password,
        b.organisation.as_deref(),
        now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(json!({ "userId": id }))))
}

#[derive(Deserialize)]
struct LoginBody {
    email: String,
    password: String,
}

async fn login(
    State(st): State<AppState>,
    Json(b): Json<LoginBody>,
) -> Result<Json<auth::Tokens>, AppError> {
    Ok(Json(
        auth::login(&st.db, &b.email, &b.password, now()).await?,
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefreshBody {
    refresh_token: String,
}

async fn refresh(
    State(st): State<AppState>,
    Json(b): Json<RefreshBody>,
) -> Result<Json<auth::Tokens>, AppError> {
    Ok(Json(auth::refresh(&st.db, &b.refresh_token, now()).await?))
}

async fn logout(State(st): State<AppState>, user: AuthUser) -> Result<StatusCode, AppError> {
    auth::logout(&st.db, &user, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn me(State(st): State<AppState>, user: AuthUser) -> Result<Json<Value>, AppError> {
    let orgs: Vec<Value> = auth::memberships(&st.db, &user.id)
        .await?
        .into_iter()
        .map(|(id, name, role)| json!({ "id": id, "name": name, "role": role }))
        .collect();
    Ok(Json(
        json!({ "id": user.id, "email": user.email, "organisations": orgs }),
    ))
}

/// The licences of the organisations the user belongs to.
async fn visible_licences(
    st: &AppState,
    user: &AuthUser,
) -> Result<Vec<licences::Licence>, AppError> {
    let orgs: Vec<String> = auth::memberships(&st.db, &user.id)
        .await?
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    Ok(licences::list(&st.db)
        .await?
        .into_iter()
        .filter(|l| orgs.contains(&l.org_id))
        .collect())
}

async fn my_licences(
    State(st): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<licences::Licence>>, AppError> {
    Ok(Json(visible_licences(&st, &user).await?))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct CheckoutBody {
    licence_id: Option<String>,
    ttl: Option<i64>,
}

/// Checks out a licence of one of the user's organisations (the given one, or the first active
/// one) and returns the signed token. A licence of another organisation is 404, as if it did
/// not exist.
async fn checkout(
    State(st): State<AppState>,
    user: AuthUser,
    body: Option<Json<CheckoutBody>>,
) -> Result<Json<Value>, AppError> {
    let b = body.map(|Json(b)| b).unwrap_or_default();
    let now = now();
    let mine = visible_licences(&st, &user).await?;
    let lic = match &b.licence_id {
        Some(id) => mine.iter().find(|l| &l.id == id),
        None => mine
            .iter()
            .find(|l| l.revoked_at.is_none() && l.starts_at <= now && now < l.expires_at),
    }
    .ok_or_else(|| {
        Error::NotFound("no licence of your organisations matches; ask an owner to add one".into())
    })?;
    let ttl = b
        .ttl
        .unwrap_or(licences::DEFAULT_TTL)
        .clamp(60, licences::DEFAULT_TTL);
    let token = licences::checkout(&st.db, &st.licence_key, &lic.id, &user.id, now, ttl).await?;
    Ok(Json(json!({ "token": token, "licenceId": lic.id })))
}
