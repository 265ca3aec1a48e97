//! Organisations, their members and roles, and invitations.
//!
//! Roles (SPEC §4): `owner`, `admin`, `member`, `instructor`, `student`. Every organisation route
//! goes through [`require`]: someone who is not a member of the organisation gets "not found"
//! (an organisation's existence is not revealed), a member whose role is not allowed gets
//! "forbidden". What each role may do is in [`Action::allowed`], the one table of the rules.

use crate::Error;
use crate::auth::{digest, random_token};
use crate::licences::{audit, new_id};
use sqlx::{AnyPool, Row};

/// How long an invitation can be accepted, seconds (14 days).
pub const INVITATION_TTL: i64 = 14 * 86_400;

/// A member's role in an organisation.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Created the organisation; everything, including making owners and admins.
    Owner,
    /// Runs the organisation: members, invitations, licences, the audit log.
    Admin,
    /// Uses the add-in under the organisation's licence.
    Member,
    /// Teaches the organisation's course cohort: sees members, invites students.
    Instructor,
    /// Takes the course.
    Student,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Admin,
        Role::Member,
        Role::Instructor,
        Role::Student,
    ];

    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Instructor => "instructor",
            Role::Student => "student",
        }
    }

    /// Parses a role id.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.id().eq_ignore_ascii_case(s.trim()))
    }
}

/// What a request wants to do in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the organisation's name and one's own role.
    ViewOrganisation,
    /// List the members.
    ListMembers,
    /// Change a member's role or remove them.
    ManageMembers,
    /// Invite someone with a role (checked again per role by [`may_grant`]).
    Invite,
    /// List the open invitations.
    ListInvitations,
    /// Withdraw an invitation.
    RevokeInvitation,
    /// See the organisation's licences and their seats; release a seat.
    ManageLicences,
    /// Read the audit log.
    ReadAudit,
    /// See the course progress of the organisation's students and members.
    ViewCohort,
    /// Revoke a course certificate of a member.
    RevokeCredential,
    /// Create webinar sessions, sync and see their attendance.
    ManageWebinars,
}

impl Action {
    /// Whether `role` may do this.
    pub fn allowed(self, role: Role) -> bool {
        use Role::*;
        match self {
            Action::ViewOrganisation => true,
            Action::ListMembers
            | Action::ListInvitations
            | Action::Invite
            | Action::ViewCohort
            | Action::ManageWebinars => {
                matches!(role, Owner | Admin | Instructor)
            }
            Action::ManageMembers
            | Action::RevokeInvitation
            | Action::ManageLicences
            | Action::ReadAudit
            | Action::RevokeCredential => matches!(role, Owner | Admin),
        }
    }
}

/// Whether `actor` may give `role` to someone (by invitation or by changing a member's role):
/// owners any role, admins any but owner, instructors only student.
pub fn may_grant(actor: Role, role: Role) -> bool {
    match actor {
        Role::Owner => true,
        Role::Admin => role != Role::Owner,
        Role::Instructor => role == Role::Student,
        Role::Member | Role::Student => false,
    }
}

/// The role of `user_id` in organisation `org_id`, if they are a member.
pub async fn role_of(db: &AnyPool, org_id: &str, user_id: &str) -> Result<Option<Role>, Error> {
    let row = sqlx::query("SELECT role FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(match row {
        Some(r) => Role::parse(&r.try_get::<String, _>("role")?),
        None => None,
    })
}

/// The caller's role when they may do `action` in `org_id`: "not found" for non-members (and
/// organisations that do not exist), "forbidden" for a role that may not.
pub async fn require(
    db: &AnyPool,
    org_id: &str,
    user_id: &str,
    action: Action,
) -> Result<Role, Error> {
    let role = role_of(db, org_id, user_id)
        .await?
        .ok_or_else(|| Error::NotFound("no organisation of yours has this id".into()))?;
    if action.allowed(role) {
        Ok(role)
    } else {
        Err(Error::Forbidden(format!(
            "your role ({}) may not do this; ask an owner or admin of the organisation",
            role.id()
        )))
    }
}

/// An organisation as its members see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Organisation {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The caller's role.
    pub role: Role,
}

/// A member of an organisation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// User id.
    pub user_id: String,
    /// Email.
    pub email: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Joined, Unix seconds.
    pub joined_at: i64,
}

/// An invitation (its token is shown once, when created).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    /// Id.
    pub id: String,
    /// Organisation id.
    pub org_id: String,
    /// Who is invited.
    pub email: String,
    /// The role they get.
    pub role: Role,
    /// Created, Unix seconds.
    pub created_at: i64,
    /// Ends, Unix seconds.
    pub expires_at: i64,
    /// The token to accept it: only in the answer that creates it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// "Conflict" when an organisation is already called `name`.
pub async fn ensure_name_free(db: &AnyPool, name: &str) -> Result<(), Error> {
    let taken = sqlx::query("SELECT 1 FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_optional(db)
        .await?
        .is_some();
    if taken {
        return Err(Error::Conflict(format!(
            "the organisation \"{name}\" exists; ask its owner for an invitation"
        )));
    }
    Ok(())
}

/// Creates organisation `name` with `owner` as its owner.
pub async fn create(
    db: &AnyPool,
    name: &str,
    owner: &str,
    now: i64,
) -> Result<Organisation, Error> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(Error::Invalid(
            "give the organisation a name of 1 to 120 characters".into(),
        ));
    }
    ensure_name_free(db, name).await?;
    let id = new_id("org")?;
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO organisations (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    add_member_tx(&mut tx, &id, owner, Role::Owner, now).await?;
    tx.commit().await?;
    audit(
        db,
        now,
        owner,
        Some(&id),
        "org.create",
        &serde_json::json!({ "name": name }),
    )
    .await?;
    Ok(Organisation {
        id,
        name: name.to_string(),
        role: Role::Owner,
    })
}

async fn add_member_tx(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org_id: &str,
    user_id: &str,
    role: Role,
    now: i64,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(role.id())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds `user_id` to `org_id` with `role` (administrative: the CLI and tests).
pub async fn add_member(
    db: &AnyPool,
    org_id: &str,
    user_id: &str,
    role: Role,
    now: i64,
) -> Result<(), Error> {
    let mut tx = db.begin().await?;
    add_member_tx(&mut tx, org_id, user_id, role, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The organisation `org_id` as `role` sees it.
pub async fn get(db: &AnyPool, org_id: &str, role: Role) -> Result<Organisation, Error> {
    let row = sqlx::query("SELECT id, name FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_one(db)
        .await?;
    Ok(Organisation {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role,
    })
}

/// The members of `org_id`, by email.
pub async fn members(db: &AnyPool, org_id: &str) -> Result<Vec<Member>, Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.email, u.name, m.role, m.created_at FROM memberships m \
         JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 ORDER BY u.email",
    )
    .bind(org_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(Member {
                user_id: r.try_get("id")?,
                email: r.try_get("email")?,
                name: r.try_get("name")?,
                role: Role::parse(&role).unwrap_or(Role::Member),
                joined_at: r.try_get("created_at")?,
            })
        })
        .collect()
}

async fn owners(db: &AnyPool, org_id: &str) -> Result<i64, Error> {
    let row =
        sqlx::query("SELECT COUNT(*) AS n FROM memberships WHERE org_id = $1 AND role = 'owner'")
            .bind(org_id)
            .fetch_one(db)
            .await?;
    Ok(row.try_get("n")?)
}

/// Checks that `actor` (with role `actor_role`) may change member `target`: admins cannot touch
/// owners, and the last owner cannot be demoted or removed. Returns the target's role.
async fn check_target(
    db: &AnyPool,
    org_id: &str,
    actor_role: Role,
    target: &str,
    demoting: bool,
) -> Result<Role, Error> {
    let role = role_of(db, org_id, target)
        .await?
        .ok_or_else(|| Error::NotFound("this user is not a member of the organisation".into()))?;
    if role == Role::Owner && actor_role != Role::Owner {
        return Err(Error::Forbidden(
            "only an owner may change or remove an owner".into(),
        ));
    }
    if role == Role::Owner && demoting && owners(db, org_id).await? <= 1 {
        return Err(Error::Conflict(
            "the organisation needs an owner; make someone else owner first".into(),
        ));
    }
    Ok(role)
}

/// Gives member `target` of `org_id` the role `role`.
pub async fn set_role(
    db: &AnyPool,
    org_id: &str,
    actor: &str,
    actor_role: Role,
    target: &str,
    role: Role,
    now: i64,
) -> Result<(), Error> {
    if !may_grant(actor_role, role) {
        return Err(Error::Forbidden(format!(
            "your role ({}) may not give the role {}",
            actor_role.id(),
            role.id()
        )));
    }
    let before = check_target(db, org_id, actor_role, target, role != Role::Owner).await?;
    sqlx::query("UPDATE memberships SET role = $1 WHERE org_id = $2 AND user_id = $3")
        .bind(role.id())
        .bind(org_id)
        .bind(target)
        .execute(db)
        .await?;
    audit(
        db,
        now,
        actor,
        Some(org_id),
        "member.role",
        &serde_json::json!({ "user": target, "from": before.id(), "to": role.id() }),
    )
    .await
}

/// Removes member `target` from `org_id` (and frees their licence seats there).
pub async fn remove_member(
    db: &AnyPool,
    org_id: &str,
    actor: &str,
    actor_role: Role,
    target: &str,
    now: i64,
) -> Result<(), Error> {
    check_target(db, org_id, actor_role, target, true).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "DELETE FROM licence_seats WHERE user_id = $1 AND licence_id IN \
         (SELECT id FROM licences WHERE org_id = $2)",
    )
    .bind(target)
    .bind(org_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(org_id)
        .bind(target)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    audit(
        db,
        now,
        actor,
        Some(org_id),
        "member.remove",
        &serde_json::json!({ "user": target }),
    )
    .await
}

/// Invites `email` into `org_id` with `role`; the answer carries the token (shown once).
pub async fn invite(
    db: &AnyPool,
    org_id: &str,
    actor: &str,
    actor_role: Role,
    email: &str,
    role: Role,
    now: i64,
) -> Result<Invitation, Error> {
    let email = email.trim().to_lowercase();
    if !crate::auth::valid_email(&email) {
        return Err(Error::Invalid(
            "enter the email address of the person to invite".into(),
        ));
    }
    if !may_grant(actor_role, role) {
        return Err(Error::Forbidden(format!(
            "your role ({}) may not invite someone as {}",
            actor_role.id(),
            role.id()
        )));
    }
    let member = sqlx::query(
        "SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2",
    )
    .bind(org_id)
    .bind(&email)
    .fetch_optional(db)
    .await?
    .is_some();
    if member {
        return Err(Error::Conflict(format!("{email} is already a member")));
    }
    let token = random_token()?;
    let inv = Invitation {
        id: new_id("inv")?,
        org_id: org_id.to_string(),
        email,
        role,
        created_at: now,
        expires_at: now + INVITATION_TTL,
        token: Some(token.clone()),
    };
    sqlx::query(
        "INSERT INTO invitations (id, org_id, email, role, token_hash, invited_by, created_at, \
         expires_at, accepted_at, accepted_by, revoked_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, NULL)",
    )
    .bind(&inv.id)
    .bind(org_id)
    .bind(&inv.email)
    .bind(role.id())
    .bind(digest(&token))
    .bind(actor)
    .bind(now)
    .bind(inv.expires_at)
    .execute(db)
    .await?;
    audit(
        db,
        now,
        actor,
        Some(org_id),
        "invitation.create",
        &serde_json::json!({ "invitation": inv.id, "email": inv.email, "role": role.id() }),
    )
    .await?;
    Ok(inv)
}

fn invitation_from(r: &sqlx::any::AnyRow) -> Result<Invitation, Error> {
    let role: String = r.try_get("role")?;
    Ok(Invitation {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        email: r.try_get("email")?,
        role: Role::parse(&role).unwrap_or(Role::Member),
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        token: None,
    })
}

/// The open invitations of `org_id` (not accepted, withdrawn or ended).
pub async fn invitations(db: &AnyPool, org_id: &str, now: i64) -> Result<Vec<Invitation>, Error> {
    let rows = sqlx::query(
        "SELECT id, org_id, email, role, created_at, expires_at FROM invitations WHERE org_id = $1 \
         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at, id",
    )
    .bind(org_id)
    .bind(now)
    .fetch_all(db)
    .await?;
    rows.iter().map(invitation_from).collect()
}

/// Withdraws invitation `id` of `org_id`.
pub async fn revoke_invitation(
    db: &AnyPool,
    org_id: &str,
    id: &str,
    actor: &str,
    now: i64,
) -> Result<(), Error> {
    let done = sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND org_id = $3 \
         AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(org_id)
    .execute(db)
    .await?
    .rows_affected();
    if done != 1 {
        return Err(Error::NotFound(
            "no open invitation of this organisation has this id".into(),
        ));
    }
    audit(
        db,
        now,
        actor,
        Some(org_id),
        "invitation.revoke",
        &serde_json::json!({ "invitation": id }),
    )
    .await
}

/// Accepts an invitation for the signed-in user `user_id` (whose email must be the invited one):
/// they join the organisation with the invited role.
pub async fn accept(
    db: &AnyPool,
    token: &str,
    user_id: &str,
    user_email: &str,
    now: i64,
) -> Result<Organisation, Error> {
    let row = sqlx::query(
        "SELECT id, org_id, email, role, created_at, expires_at, accepted_at, revoked_at \
         FROM invitations WHERE token_hash = $1",
    )
    .bind(digest(token.trim()))
    .fetch_optional(db)
    .await?
    .ok_or_else(|| Error::NotFound("this invitation does not exist; ask for a new one".into()))?;
    let inv = invitation_from(&row)?;
    let accepted: Option<i64> = row.try_get("accepted_at")?;
    let revoked: Option<i64> = row.try_get("revoked_at")?;
    if accepted.is_some() || revoked.is_some() || now >= inv.expires_at {
        return Err(Error::Forbidden(
            "this invitation was used, withdrawn or has ended; ask for a new one".into(),
        ));
    }
    if !inv.email.eq_ignore_ascii_case(user_email.trim()) {
        return Err(Error::Forbidden(format!(
            "this invitation is for {}; sign in with that address",
            inv.email
        )));
    }
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE invitations SET accepted_at = $1, accepted_by = $2 WHERE id = $3 AND accepted_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(&inv.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        return Err(Error::Forbidden("this invitation was used already".into()));
    }
    let member = sqlx::query("SELECT 1 FROM memberships WHERE org_id = $1 AND user_id = $2")
        .bind(&inv.org_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if member {
        return Err(Error::Conflict(
            "you are already a member of this organisation".into(),
        ));
    }
    add_member_tx(&mut tx, &inv.org_id, user_id, inv.role, now).await?;
    tx.commit().await?;
    audit(
        db,
        now,
        user_id,
        Some(&inv.org_id),
        "invitation.accept",
        &serde_json::json!({ "invitation": inv.id, "role": inv.role.id() }),
    )
    .await?;
    get(db, &inv.org_id, inv.role).await
}

/// One audit log entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// When, Unix seconds.
    pub at: i64,
    /// Who (a user id, `cli`, `anonymous`).
    pub actor: String,
    /// What.
    pub action: String,
    /// Details.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

/// The latest `limit` audit entries of `org_id`, newest first.
pub async fn audit_log(db: &AnyPool, org_id: &str, limit: i64) -> Result<Vec<AuditEntry>, Error> {
    let rows = sqlx::query(
        "SELECT at, actor, action, detail FROM audit_log WHERE org_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(org_id)
    .bind(limit.clamp(1, 1000))
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let detail: String = r.try_get("detail")?;
            Ok(AuditEntry {
                at: r.try_get("at")?,
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
            })
        })
        .collect()
}

/// Frees the seat `user_id` holds on licence `licence_id` of `org_id`.
pub async fn release_seat(
    db: &AnyPool,
    org_id: &str,
    licence_id: &str,
    user_id: &str,
    actor: &str,
    now: i64,
) -> Result<(), Error> {
    let done = sqlx::query(
        "DELETE FROM licence_seats WHERE licence_id = $1 AND user_id = $2 AND licence_id IN \
         (SELECT id FROM licences WHERE org_id = $3)",
    )
    .bind(licence_id)
    .bind(user_id)
    .bind(org_id)
    .execute(db)
    .await?
    .rows_affected();
    if done != 1 {
        return Err(Error::NotFound(
            "no seat of this organisation's licence is held by this user".into(),
        ));
    }
    audit(
        db,
        now,
        actor,
        Some(org_id),
        "licence.seat_release",
        &serde_json::json!({ "licence": licence_id, "user": user_id }),
    )
    .await
}
