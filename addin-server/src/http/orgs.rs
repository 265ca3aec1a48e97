//! Organisations over HTTP: create one, see it, its members and roles, invitations, licences and
//! seats, the audit log. Every `/api/orgs/{org}/…` route first asks [`orgs::require`] for the
//! caller's role: not a member → 404, a role that may not → 403.

use super::error::AppError;
use super::{AppState, now};
use crate::auth::AuthUser;
use crate::licences;
use crate::orgs::{self, Action, AuditEntry, Invitation, Member, Organisation, Role};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_org))
        .routes(routes!(get_org))
        .routes(routes!(list_members))
        .routes(routes!(set_role, remove_member))
        .routes(routes!(invite, list_invitations))
        .routes(routes!(revoke_invitation))
        .routes(routes!(accept_invitation))
        .routes(routes!(org_licences))
        .routes(routes!(release_seat))
        .routes(routes!(audit_log))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct CreateOrgBody {
    name: String,
}

#[utoipa::path(post, path = "/api/orgs", tag = "organisations", security(("bearer" = [])), request_body = CreateOrgBody, responses(
    (status = 201, description = "Created; the caller is its owner", body = Organisation),
    (status = 401, description = "Not signed in"),
    (status = 409, description = "The name is taken")
))]
async fn create_org(
    State(st): State<AppState>,
    user: AuthUser,
    Json(b): Json<CreateOrgBody>,
) -> Result<(StatusCode, Json<Organisation>), AppError> {
    let org = orgs::create(&st.db, &b.name, &user.id, now()).await?;
    Ok((StatusCode::CREATED, Json(org)))
}

#[utoipa::path(get, path = "/api/orgs/{org}", tag = "organisations", security(("bearer" = [])), params(("org" = String, Path)), responses(
    (status = 200, description = "The organisation and the caller's role", body = Organisation),
    (status = 404, description = "Not a member")
))]
async fn get_org(
    State(st): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
) -> Result<Json<Organisation>, AppError> {
    let role = orgs::require(&st.db, &org, &user.id, Action::ViewOrganisation).await?;
    Ok(Json(orgs::get(&st.db, &org, role).await?))
}

#[utoipa::path(get, path = "/api/orgs/{org}/members", tag = "organisations", security(("bearer" = [])), params(("org" = String, Path)), responses(
    (status = 200, description = "Members with their roles (owner, admin, instructor)", body = [Member]),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member")
))]
async fn list_members(
    State(st): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
) -> Result<Json<Vec<Member>>, AppError> {
    orgs::require(&st.db, &org, &user.id, Action::ListMembers).await?;
    Ok(Json(orgs::members(&st.db, &org).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct RoleBody {
    role: Role,
}

#[utoipa::path(put, path = "/api/orgs/{org}/members/{user}", tag = "organisations", security(("bearer" = [])), params(("org" = String, Path), ("user" = String, Path)), request_body = RoleBody, responses(
    (status = 204, description = "Role changed (owner, admin; admins cannot make or change owners)"),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member, or no such member"),
    (status = 409, description = "The last owner cannot be demoted")
))]
async fn set_role(
    State(st): State<AppState>,
    user: AuthUser,
    Path((org, target)): Path<(String, String)>,
    Json(b): Json<RoleBody>,
) -> Result<StatusCode, AppError> {
    let role = orgs::require(&st.db, &org, &user.id, Action::ManageMembers).await?;
    orgs::set_role(&st.db, &org, &user.id, role, &target, b.role, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/orgs/{org}/members/{user}", tag = "organisations", security(("bearer" = [])), params(("org" = String, Path), ("user" = String, Path)), responses(
    (status = 204, description = "Removed, with their seats (owner, admin)"),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member, or no such member"),
    (status = 409, description = "The last owner cannot leave")
))]
async fn remove_member(
    State(st): State<AppState>,
    user: AuthUser,
    Path((org, target)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let role = orgs::require(&st.db, &org, &user.id, Action::ManageMembers).await?;
    orgs::remove_member(&st.db, &org, &user.id, role, &target, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
struct InviteBody {
    email: String,
    role: Role,
}

#[utoipa::path(post, path = "/api/orgs/{org}/invitations", tag = "organisations", security(("bearer" = [])), params(("org" = String, Path)), request_body = InviteBody, responses(
    (status = 201, description = "The invitation with its token, shown once (owner, admin; instructors invite students)", body = Invitation),
    (status = 403, description = "The caller's role may not give this role"),
    (status = 404, description = "Not a member"),
    (status = 409, description = "Already a member")
))]
async fn invite(
    State(st): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
    Json(b): Json<InviteBody>,
) -> Result<(StatusCode, Json<Invitation>), AppError> {
    let role = orgs::require(&st.db, &org, &user.id, Action::Invite).await?;
    let inv = orgs::invite(&st.db, &org, &user.id, role, &b.email, b.role, now()).await?;
    Ok((StatusCode::CREATED, Json(inv)))
}

#[utoipa::path(get, path = "/api/orgs/{org}/invitations", tag = "organisations", security(("bearer" = [])), params(("org" = String, Path)), responses(
    (status = 200, description = "Open invitations (owner, admin, instructor)", body = [Invitation]),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member")
))]
async fn list_invitations(
    State(st): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
) -> Result<Json<Vec<Invitation>>, AppError> {
    orgs::require(&st.db, &org, &user.id, Action::ListInvitations).await?;
    Ok(Json(orgs::invitations(&st.db, &org, now()).await?))
}

#[utoipa::path(delete, path = "/api/orgs/{org}/invitations/{id}", tag = "organisations", security(("bearer" = [])), params(("org" = String, Path), ("id" = String, Path)), responses(
    (status = 204, description = "Withdrawn (owner, admin)"),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member, or no open invitation with this id")
))]
async fn revoke_invitation(
    State(st): State<AppState>,
    user: AuthUser,
    Path((org, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    orgs::require(&st.db, &org, &user.id, Action::RevokeInvitation).await?;
    orgs::revoke_invitation(&st.db, &org, &id, &user.id, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
struct AcceptBody {
    token: String,
}

#[utoipa::path(post, path = "/api/invitations/accept", tag = "organisations", security(("bearer" = [])), request_body = AcceptBody, responses(
    (status = 200, description = "Joined; the organisation with the new role", body = Organisation),
    (status = 403, description = "Used, withdrawn, ended, or for another email"),
    (status = 404, description = "Unknown invitation")
))]
async fn accept_invitation(
    State(st): State<AppState>,
    user: AuthUser,
    Json(b): Json<AcceptBody>,
) -> Result<Json<Organisation>, AppError> {
    Ok(Json(
        orgs::accept(&st.db, &b.token, &user.id, &user.email, now()).await?,
    ))
}

#[utoipa::path(get, path = "/api/orgs/{org}/licences", tag = "organisations", security(("bearer" = [])), params(("org" = String, Path)), responses(
    (status = 200, description = "The organisation's licences with seats used (owner, admin)", body = [licences::Licence]),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member")
))]
async fn org_licences(
    State(st): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
) -> Result<Json<Vec<licences::Licence>>, AppError> {
    orgs::require(&st.db, &org, &user.id, Action::ManageLicences).await?;
    Ok(Json(licences::list_for_org(&st.db, &org).await?))
}

#[utoipa::path(delete, path = "/api/orgs/{org}/licences/{licence}/seats/{user}", tag = "organisations", security(("bearer" = [])), params(("org" = String, Path), ("licence" = String, Path), ("user" = String, Path)), responses(
    (status = 204, description = "Seat released (owner, admin)"),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member, or no such seat")
))]
async fn release_seat(
    State(st): State<AppState>,
    user: AuthUser,
    Path((org, licence, target)): Path<(String, String, String)>,
) -> Result<StatusCode, AppError> {
    orgs::require(&st.db, &org, &user.id, Action::ManageLicences).await?;
    orgs::release_seat(&st.db, &org, &licence, &target, &user.id, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
struct AuditQuery {
    /// How many entries, newest first (1–1000, default 100).
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/orgs/{org}/audit", tag = "organisations", security(("bearer" = [])), params(("org" = String, Path), AuditQuery), responses(
    (status = 200, description = "The organisation's audit log, newest first (owner, admin)", body = [AuditEntry]),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member")
))]
async fn audit_log(
    State(st): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    orgs::require(&st.db, &org, &user.id, Action::ReadAudit).await?;
    Ok(Json(
        orgs::audit_log(&st.db, &org, q.limit.unwrap_or(100)).await?,
    ))
}
