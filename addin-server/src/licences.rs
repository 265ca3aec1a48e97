//! Licences (SPEC §4): issued to an organisation with a plan, seats, an end date and a tenant;
//! checked out per user as a short-lived Ed25519-signed token (`aism_core::licence`) that the
//! hosts verify offline; revoked by marking them (tokens then stop being renewed and lapse
//! within their time-to-live). Every change is written to the audit log.
//!
//! All state is in the database, so any number of server processes on one PostgreSQL database
//! agree on seats and revocations.

use crate::Error;
use aism_core::licence::{self, Claims, Plan};
use ed25519_dalek::SigningKey;
use sqlx::{AnyPool, Row};
use std::path::Path;

/// Default time-to-live of a checked-out token: 7 days.
pub const DEFAULT_TTL: i64 = 7 * 86_400;

/// A licence as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Licence {
    /// Licence id.
    pub id: String,
    /// Organisation id.
    pub org_id: String,
    /// Organisation name.
    pub org_name: String,
    /// Plan id.
    pub plan: String,
    /// Seats.
    pub seats: i64,
    /// Seats checked out.
    pub seats_used: i64,
    /// Entitlements.
    pub entitlements: Vec<String>,
    /// Tenant binding.
    pub tenant: String,
    /// A trial licence.
    pub trial: bool,
    /// Start, Unix seconds.
    pub starts_at: i64,
    /// End, Unix seconds.
    pub expires_at: i64,
    /// When it was revoked, if it was.
    pub revoked_at: Option<i64>,
}

/// What to issue.
#[derive(Debug, Clone)]
pub struct IssueRequest {
    /// Organisation name (created when missing).
    pub org: String,
    /// Plan.
    pub plan: Plan,
    /// Seats (≥ 1).
    pub seats: i64,
    /// Days from `now` to the end (≥ 1).
    pub days: i64,
    /// Tenant binding; the organisation id when `None`.
    pub tenant: Option<String>,
    /// A trial.
    pub trial: bool,
}

/// A fresh random id with a prefix (`lic_…`, `org_…`, `usr_…`): 16 bytes of OS randomness in hex.
pub fn new_id(prefix: &str) -> Result<String, Error> {
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b).map_err(|e| Error::Config(format!("no randomness: {e}")))?;
    Ok(format!(
        "{prefix}_{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    ))
}

/// Reads the signing key (a 32-byte seed, base64url or hex) from `path`, creating the file with
/// a fresh random seed when it does not exist.
pub fn signing_key(path: &Path) -> Result<SigningKey, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut seed = [0u8; 32];
            getrandom::getrandom(&mut seed)
                .map_err(|e| Error::Config(format!("no randomness: {e}")))?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            let text: String = seed.iter().map(|x| format!("{x:02x}")).collect();
            std::fs::write(path, &text)?;
            tracing::warn!(path = %path.display(), "created a new licence signing key");
            text
        }
        Err(e) => return Err(e.into()),
    };
    licence::key_bytes(&text)
        .map(|b| SigningKey::from_bytes(&b))
        .ok_or_else(|| {
            Error::Config(format!(
                "{} must hold a 32-byte Ed25519 seed in base64url or hex",
                path.display()
            ))
        })
}

/// Appends to the audit log.
pub async fn audit(
    db: &AnyPool,
    now: i64,
    actor: &str,
    org_id: Option<&str>,
    action: &str,
    detail: &serde_json::Value,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, org_id, action, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(now)
    .bind(actor)
    .bind(org_id)
    .bind(action)
    .bind(detail.to_string())
    .execute(db)
    .await?;
    Ok(())
}

/// The id of the row of `table` whose unique `column` equals `value`, inserting one (with a new
/// `prefix` id and `created_at = now`) when there is none. `table` and `column` are fixed names
/// from this module, never user input.
async fn find_or_create(
    db: &AnyPool,
    table: &str,
    column: &str,
    value: &str,
    prefix: &str,
    now: i64,
) -> Result<String, Error> {
    if let Some(row) = sqlx::query(&format!("SELECT id FROM {table} WHERE {column} = $1"))
        .bind(value)
        .fetch_optional(db)
        .await?
    {
        return Ok(row.try_get::<String, _>("id")?);
    }
    let id = new_id(prefix)?;
    sqlx::query(&format!(
        "INSERT INTO {table} (id, {column}, created_at) VALUES ($1, $2, $3)"
    ))
    .bind(&id)
    .bind(value)
    .bind(now)
    .execute(db)
    .await?;
    Ok(id)
}

/// The organisation named `name`, created when missing; its id.
pub async fn organisation(db: &AnyPool, name: &str, now: i64) -> Result<String, Error> {
    find_or_create(db, "organisations", "name", name, "org", now).await
}

/// The user with `email` (case-insensitive), created when missing; their id.
pub async fn user(db: &AnyPool, email: &str, now: i64) -> Result<String, Error> {
    find_or_create(
        db,
        "users",
        "email",
        &email.trim().to_lowercase(),
        "usr",
        now,
    )
    .await
}

/// Issues a licence.
pub async fn issue(
    db: &AnyPool,
    req: &IssueRequest,
    actor: &str,
    now: i64,
) -> Result<Licence, Error> {
    if req.seats < 1 || req.days < 1 {
        return Err(Error::Invalid(
            "a licence needs at least 1 seat and 1 day".into(),
        ));
    }
    let org_id = organisation(db, req.org.trim(), now).await?;
    let id = new_id("lic")?;
    let ent = req.plan.entitlements();
    let tenant = req.tenant.clone().unwrap_or_else(|| org_id.clone());
    let expires = now.saturating_add(req.days.saturating_mul(86_400));
    sqlx::query(
        "INSERT INTO licences (id, org_id, plan, seats, entitlements, tenant, trial, starts_at, \
         expires_at, revoked_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10)",
    )
    .bind(&id)
    .bind(&org_id)
    .bind(req.plan.id())
    .bind(req.seats)
    .bind(serde_json::to_string(&ent)?)
    .bind(&tenant)
    .bind(i64::from(req.trial))
    .bind(now)
    .bind(expires)
    .bind(now)
    .execute(db)
    .await?;
    audit(
        db,
        now,
        actor,
        Some(&org_id),
        "licence.issue",
        &serde_json::json!({ "licence": id, "plan": req.plan.id(), "seats": req.seats, "expires_at": expires }),
    )
    .await?;
    get(db, &id)
        .await?
        .ok_or_else(|| Error::Invalid(format!("licence {id} vanished")))
}

const SELECT: &str = "SELECT l.id, l.org_id, o.name AS org_name, l.plan, l.seats, l.entitlements, \
    l.tenant, l.trial, l.starts_at, l.expires_at, l.revoked_at, \
    (SELECT COUNT(*) FROM licence_seats s WHERE s.licence_id = l.id) AS seats_used \
    FROM licences l JOIN organisations o ON o.id = l.org_id";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Licence, Error> {
    let ent: String = row.try_get("entitlements")?;
    Ok(Licence {
        id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        org_name: row.try_get("org_name")?,
        plan: row.try_get("plan")?,
        seats: row.try_get("seats")?,
        seats_used: row.try_get("seats_used")?,
        entitlements: serde_json::from_str(&ent)?,
        tenant: row.try_get("tenant")?,
        trial: row.try_get::<i64, _>("trial")? != 0,
        starts_at: row.try_get("starts_at")?,
        expires_at: row.try_get("expires_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

/// One licence.
pub async fn get(db: &AnyPool, id: &str) -> Result<Option<Licence>, Error> {
    let row = sqlx::query(&format!("{SELECT} WHERE l.id = $1"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every licence, newest first.
pub async fn list(db: &AnyPool) -> Result<Vec<Licence>, Error> {
    let rows = sqlx::query(&format!("{SELECT} ORDER BY l.created_at DESC, l.id"))
        .fetch_all(db)
        .await?;
    rows.iter().map(from_row).collect()
}

/// The licences whose organisation matches `filter` (an SQL condition on `l.org_id` with one
/// parameter, `key`), newest first.
async fn list_where(db: &AnyPool, filter: &str, key: &str) -> Result<Vec<Licence>, Error> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE {filter} ORDER BY l.created_at DESC, l.id"
    ))
    .bind(key)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The licences of the organisations `user_id` belongs to, newest first.
pub async fn list_for_user(db: &AnyPool, user_id: &str) -> Result<Vec<Licence>, Error> {
    list_where(
        db,
        "l.org_id IN (SELECT org_id FROM memberships WHERE user_id = $1)",
        user_id,
    )
    .await
}

/// The licences `user_id` holds a seat of, newest first.
pub async fn list_held(db: &AnyPool, user_id: &str) -> Result<Vec<Licence>, Error> {
    list_where(
        db,
        "l.id IN (SELECT licence_id FROM licence_seats WHERE user_id = $1)",
        user_id,
    )
    .await
}

/// The licences of organisation `org_id`, newest first.
pub async fn list_for_org(db: &AnyPool, org_id: &str) -> Result<Vec<Licence>, Error> {
    list_where(db, "l.org_id = $1", org_id).await
}

/// Revokes a licence (idempotent: the first revocation time is kept).
pub async fn revoke(db: &AnyPool, id: &str, actor: &str, now: i64) -> Result<Licence, Error> {
    let lic = get(db, id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no licence {id}")))?;
    sqlx::query("UPDATE licences SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    audit(
        db,
        now,
        actor,
        Some(&lic.org_id),
        "licence.revoke",
        &serde_json::json!({ "licence": id }),
    )
    .await?;
    get(db, id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no licence {id}")))
}

/// Checks a licence out for a user: refused when revoked, not started, ended, or when every seat
/// is taken by other users; otherwise the user takes (or keeps) a seat and gets a token valid for
/// `ttl` seconds (never beyond the licence's end).
pub async fn checkout(
    db: &AnyPool,
    key: &SigningKey,
    licence_id: &str,
    user_id: &str,
    now: i64,
    ttl: i64,
) -> Result<String, Error> {
    let lic = get(db, licence_id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no licence {licence_id}")))?;
    if lic.revoked_at.is_some() {
        return Err(Error::Forbidden(format!(
            "licence {licence_id} was revoked"
        )));
    }
    if now < lic.starts_at || now >= lic.expires_at {
        return Err(Error::Forbidden(format!(
            "licence {licence_id} is not active now"
        )));
    }
    // Take a seat in one transaction that first locks the licence row (a no-op update: a row
    // lock on PostgreSQL, the write lock on SQLite), so two servers checking out at once cannot
    // both take the last seat: the second waits, then counts the first one's seat.
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE licences SET seats = seats WHERE id = $1")
        .bind(licence_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO licence_seats (licence_id, user_id, checked_out_at) \
         SELECT $1, $2, $3 WHERE NOT EXISTS \
           (SELECT 1 FROM licence_seats WHERE licence_id = $4 AND user_id = $5) \
         AND (SELECT COUNT(*) FROM licence_seats WHERE licence_id = $6) < $7",
    )
    .bind(licence_id)
    .bind(user_id)
    .bind(now)
    .bind(licence_id)
    .bind(user_id)
    .bind(licence_id)
    .bind(lic.seats)
    .execute(&mut *tx)
    .await?;
    let held = sqlx::query("SELECT 1 FROM licence_seats WHERE licence_id = $1 AND user_id = $2")
        .bind(licence_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    tx.commit().await?;
    if !held {
        return Err(Error::Forbidden(format!(
            "all {} seats of licence {licence_id} are taken",
            lic.seats
        )));
    }
    let plan = Plan::parse(&lic.plan)
        .ok_or_else(|| Error::Invalid(format!("unknown plan {}", lic.plan)))?;
    let claims = Claims {
        lid: lic.id.clone(),
        org: lic.org_id.clone(),
        tenant: lic.tenant.clone(),
        sub: user_id.to_string(),
        plan,
        ent: lic.entitlements.clone(),
        seats: u32::try_from(lic.seats).unwrap_or(u32::MAX),
        iat: now,
        exp: lic.expires_at,
        ttl,
    };
    audit(
        db,
        now,
        user_id,
        Some(&lic.org_id),
        "licence.checkout",
        &serde_json::json!({ "licence": licence_id }),
    )
    .await?;
    Ok(licence::sign(&claims, key))
}
