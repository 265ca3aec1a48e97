//! Accounts, sessions and licence checkout over HTTP: `POST /api/auth/signup | login | refresh |
//! logout`, `GET /api/me`, `GET /api/licences`, `POST /api/licences/checkout`.

use super::error::AppError;
use super::{AppState, now};
use crate::auth::{self, AuthUser};
use crate::{Error, licences};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this area, with their OpenAPI descriptions.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(signup))
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(office))
        .routes(routes!(google))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(my_licences))
        .routes(routes!(checkout))
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        // The web pages (GET only, so a cookie can never make a cross-site request change
        // anything) may use the session cookie that `POST /login` sets.
        let cookie = || {
            (parts.method == axum::http::Method::GET)
                .then(|| super::pages::session_cookie(&parts.headers))
                .flatten()
        };
        let token = bearer.map(str::to_string).or_else(cookie).ok_or_else(|| {
            Error::Unauthorized("sign in first (Authorization: Bearer <token>)".into())
        })?;
        let user = auth::authenticate(&state.db, &token, now())
            .await?
            .ok_or_else(|| {
                AppError(Error::Unauthorized(
                    "the session expired or ended; refresh it or sign in again".into(),
                ))
            })?;
        state
            .limits
            .check_user(&user.id)
            .map_err(Error::RateLimited)?;
        Ok(user)
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct SignupBody {
    email: String,
    password: String,
    #[serde(default)]
    name: String,
    organisation: Option<String>,
}

#[utoipa::path(post, path = "/api/auth/signup", tag = "account", request_body = SignupBody, responses(
    (status = 201, description = "Account created"),
    (status = 400, description = "Invalid email or short password"),
    (status = 409, description = "Email or organisation taken")
))]
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

#[derive(Deserialize, utoipa::ToSchema)]
struct LoginBody {
    email: String,
    password: String,
}

#[utoipa::path(post, path = "/api/auth/login", tag = "account", request_body = LoginBody, responses(
    (status = 200, description = "Session tokens", body = auth::Tokens),
    (status = 401, description = "Wrong email or password")
))]
async fn login(
    State(st): State<AppState>,
    Json(b): Json<LoginBody>,
) -> Result<Json<auth::Tokens>, AppError> {
    Ok(Json(
        auth::login(&st.db, &b.email, &b.password, now()).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct IdentityBody {
    /// The identity token (a JWT) the host obtained.
    token: String,
}

/// Verifies a host's identity token of `kind` and starts a session for its user.
async fn identity_sign_in(
    st: &AppState,
    kind: crate::identity::ProviderKind,
    token: &str,
) -> Result<Json<auth::Tokens>, AppError> {
    let who = st.identity.verify(kind, token).await?;
    Ok(Json(auth::sign_in_with(&st.db, &who, now()).await?))
}

/// Office SSO: the bootstrap token from `OfficeRuntime.auth.getAccessToken()`, verified with
/// Microsoft's published keys, audience, issuer of the token's tenant, tenant allow-list, expiry.
#[utoipa::path(post, path = "/api/auth/office", tag = "account", request_body = IdentityBody, responses(
    (status = 200, description = "Session tokens", body = auth::Tokens),
    (status = 401, description = "The token is invalid, expired, or for another application"),
    (status = 403, description = "Office sign-in is not configured, or the tenant is not allowed"),
    (status = 409, description = "An account with this unverified email exists")
))]
async fn office(
    State(st): State<AppState>,
    Json(b): Json<IdentityBody>,
) -> Result<Json<auth::Tokens>, AppError> {
    identity_sign_in(&st, crate::identity::ProviderKind::Microsoft, &b.token).await
}

/// Google identity (Sheets): the token from `ScriptApp.getIdentityToken()`, verified with
/// Google's published keys, audience, issuer and expiry.
#[utoipa::path(post, path = "/api/auth/google", tag = "account", request_body = IdentityBody, responses(
    (status = 200, description = "Session tokens", body = auth::Tokens),
    (status = 401, description = "The token is invalid, expired, or for another application"),
    (status = 403, description = "Google sign-in is not configured"),
    (status = 409, description = "An account with this unverified email exists")
))]
async fn google(
    State(st): State<AppState>,
    Json(b): Json<IdentityBody>,
) -> Result<Json<auth::Tokens>, AppError> {
    identity_sign_in(&st, crate::identity::ProviderKind::Google, &b.token).await
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct RefreshBody {
    refresh_token: String,
}

#[utoipa::path(post, path = "/api/auth/refresh", tag = "account", request_body = RefreshBody, responses(
    (status = 200, description = "New session tokens (the old ones stop working)", body = auth::Tokens),
    (status = 401, description = "Unknown, ended or replayed refresh token")
))]
async fn refresh(
    State(st): State<AppState>,
    Json(b): Json<RefreshBody>,
) -> Result<Json<auth::Tokens>, AppError> {
    Ok(Json(auth::refresh(&st.db, &b.refresh_token, now()).await?))
}

#[utoipa::path(post, path = "/api/auth/logout", tag = "account", security(("bearer" = [])), responses(
    (status = 204, description = "Session ended"),
    (status = 401, description = "Not signed in")
))]
async fn logout(State(st): State<AppState>, user: AuthUser) -> Result<StatusCode, AppError> {
    auth::logout(&st.db, &user, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/me", tag = "account", security(("bearer" = [])), responses(
    (status = 200, description = "The user and their organisations with roles"),
    (status = 401, description = "Not signed in")
))]
async fn me(State(st): State<AppState>, user: AuthUser) -> Result<Json<Value>, AppError> {
    let orgs = auth::memberships(&st.db, &user.id).await?;
    Ok(Json(
        json!({ "id": user.id, "email": user.email, "organisations": orgs }),
    ))
}

/// The licences of the organisations the user belongs to.
async fn visible_licences(
    st: &AppState,
    user: &AuthUser,
) -> Result<Vec<licences::Licence>, AppError> {
    Ok(licences::list_for_user(&st.db, &user.id).await?)
}

#[utoipa::path(get, path = "/api/licences", tag = "licences", security(("bearer" = [])), responses(
    (status = 200, description = "Licences of the user's organisations", body = [licences::Licence]),
    (status = 401, description = "Not signed in")
))]
async fn my_licences(
    State(st): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<licences::Licence>>, AppError> {
    Ok(Json(visible_licences(&st, &user).await?))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", default)]
struct CheckoutBody {
    licence_id: Option<String>,
    ttl: Option<i64>,
}

/// Checks out a licence of one of the user's organisations (the given one, or the first active
/// one) and returns the signed token. A licence of another organisation is 404, as if it did
/// not exist.
#[utoipa::path(post, path = "/api/licences/checkout", tag = "licences", security(("bearer" = [])), request_body(content = CheckoutBody, description = "Optional: the licence and a time-to-live in seconds"), responses(
    (status = 200, description = "A signed licence token"),
    (status = 401, description = "Not signed in"),
    (status = 403, description = "Revoked or ended licence, or no seat left"),
    (status = 404, description = "No licence of the user's organisations matches")
))]
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
