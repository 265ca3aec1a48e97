//! Email and password accounts (argon2id) and the server's own sessions: an opaque access token
//! (15 minutes) and a refresh token (30 days), both random and stored only as SHA-256 hashes, so
//! every server process on the database shares them. Refreshing rotates both tokens; a refresh
//! token used twice revokes the session (it was stolen or replayed).

use crate::Error;
use crate::licences::{audit, new_id};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};

/// Lifetime of an access token, seconds.
pub const ACCESS_TTL: i64 = 15 * 60;
/// Lifetime of a refresh token, seconds.
pub const REFRESH_TTL: i64 = 30 * 86_400;
/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// A signed-in user, as a request sees them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuthUser {
    /// User id.
    pub id: String,
    /// Email.
    pub email: String,
    /// Session id.
    #[serde(skip)]
    pub session: String,
}

/// A pair of session tokens.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Tokens {
    /// Bearer token for requests.
    pub access_token: String,
    /// Token to get a new pair.
    pub refresh_token: String,
    /// Seconds the access token lives.
    pub expires_in: i64,
}

/// 32 random bytes, base64url: session, refresh and invitation tokens.
pub fn random_token() -> Result<String, Error> {
    let mut b = [0u8; 32];
    getrandom::getrandom(&mut b).map_err(|e| Error::Config(format!("no randomness: {e}")))?;
    Ok(B64.encode(b))
}

/// The SHA-256 of a token, hex: how session, refresh and invitation tokens are stored.
pub fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `email` (trimmed, lower case) looks like an address: something@domain.tld, at most
/// 254 characters.
pub fn valid_email(email: &str) -> bool {
    email.len() <= 254
        && email
            .split_once('@')
            .is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !d.starts_with('.'))
}

/// An argon2id hash of `password` (PHC string with its own random salt).
pub fn hash_password(password: &str) -> Result<String, Error> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| Error::Config(format!("no randomness: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Config(e.to_string()))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Config(format!("password hashing: {e}")))
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Creates an account. With `organisation`, the user also creates it (or must not find it
/// taken) and becomes its owner. Errors: an invalid email, a short password, an email or
/// organisation already registered.
pub async fn signup(
    db: &AnyPool,
    email: &str,
    name: &str,
    password: &str,
    organisation: Option<&str>,
    now: i64,
) -> Result<String, Error> {
    let email = email.trim().to_lowercase();
    if !valid_email(&email) {
        return Err(Error::Invalid(
            "enter a valid email address, like ana@example.com".into(),
        ));
    }
    if password.chars().count() < MIN_PASSWORD {
        return Err(Error::Invalid(format!(
            "the password needs at least {MIN_PASSWORD} characters"
        )));
    }
    let taken = sqlx::query("SELECT 1 FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(db)
        .await?
        .is_some();
    if taken {
        return Err(Error::Conflict(
            "an account with this email exists; sign in instead".into(),
        ));
    }
    let org = organisation.map(str::trim).filter(|o| !o.is_empty());
    if let Some(org) = org {
        crate::orgs::ensure_name_free(db, org).await?;
    }
    let hash = hash_password(password)?;
    let id = new_id("usr")?;
    sqlx::query(
        "INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(&email)
    .bind(name.trim())
    .bind(&hash)
    .bind(now)
    .execute(db)
    .await?;
    let org_id = match org {
        Some(org) => Some(crate::orgs::create(db, org, &id, now).await?.id),
        None => None,
    };
    audit(
        db,
        now,
        &id,
        org_id.as_deref(),
        "user.signup",
        &serde_json::json!({ "email": email }),
    )
    .await?;
    Ok(id)
}

/// Starts a session for `user_id`: a new access and refresh token pair.
pub async fn new_session(db: &AnyPool, user_id: &str, now: i64) -> Result<Tokens, Error> {
    let (access, refresh) = (random_token()?, random_token()?);
    sqlx::query(
        "INSERT INTO sessions (id, user_id, access_hash, refresh_hash, access_expires_at, \
         refresh_expires_at, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
    )
    .bind(new_id("ses")?)
    .bind(user_id)
    .bind(digest(&access))
    .bind(digest(&refresh))
    .bind(now + ACCESS_TTL)
    .bind(now + REFRESH_TTL)
    .bind(now)
    .execute(db)
    .await?;
    Ok(Tokens {
        access_token: access,
        refresh_token: refresh,
        expires_in: ACCESS_TTL,
    })
}

/// Signs in with email and password. The same error for an unknown email and a wrong password.
pub async fn login(db: &AnyPool, email: &str, password: &str, now: i64) -> Result<Tokens, Error> {
    let email = email.trim().to_lowercase();
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(db)
        .await?;
    let found = match &row {
        Some(r) => {
            let hash: Option<String> = r.try_get("password_hash")?;
            let id: String = r.try_get("id")?;
            hash.filter(|h| password_matches(password, h)).map(|_| id)
        }
        None => None,
    };
    let Some(id) = found else {
        audit(
            db,
            now,
            "anonymous",
            None,
            "user.login_failed",
            &serde_json::json!({ "email": email }),
        )
        .await?;
        return Err(Error::Unauthorized("wrong email or password".into()));
    };
    let tokens = new_session(db, &id, now).await?;
    audit(db, now, &id, None, "user.login", &serde_json::json!({})).await?;
    Ok(tokens)
}

/// A new token pair for a refresh token; the old pair stops working. A refresh token that was
/// already used revokes its session.
pub async fn refresh(db: &AnyPool, refresh_token: &str, now: i64) -> Result<Tokens, Error> {
    let h = digest(refresh_token);
    let row = sqlx::query(
        "SELECT id, user_id, refresh_expires_at, revoked_at FROM sessions WHERE refresh_hash = $1",
    )
    .bind(&h)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| Error::Unauthorized("the session is unknown or ended; sign in again".into()))?;
    let id: String = row.try_get("id")?;
    let user: String = row.try_get("user_id")?;
    let expires: i64 = row.try_get("refresh_expires_at")?;
    let revoked: Option<i64> = row.try_get("revoked_at")?;
    if revoked.is_some() || now >= expires {
        return Err(Error::Unauthorized(
            "the session ended; sign in again".into(),
        ));
    }
    // Rotate: only one request can revoke the row; a second use of the same refresh token
    // finds it revoked.
    let done =
        sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(&id)
            .execute(db)
            .await?
            .rows_affected();
    if done != 1 {
        return Err(Error::Unauthorized(
            "the session ended; sign in again".into(),
        ));
    }
    let tokens = new_session(db, &user, now).await?;
    audit(
        db,
        now,
        &user,
        None,
        "session.refresh",
        &serde_json::json!({}),
    )
    .await?;
    Ok(tokens)
}

/// Signs in with an identity a provider vouched for ([`crate::identity`]): the user linked to
/// the provider's subject; else the user with the same email when the provider says the email is
/// verified (and the identity is linked to them); else a new user. An account with the same
/// unverified email is refused rather than taken over.
pub async fn sign_in_with(
    db: &AnyPool,
    who: &crate::identity::Identity,
    now: i64,
) -> Result<Tokens, Error> {
    let provider = who.provider.id();
    let linked = sqlx::query("SELECT user_id FROM identities WHERE provider = $1 AND subject = $2")
        .bind(provider)
        .bind(&who.subject)
        .fetch_optional(db)
        .await?;
    let user_id = match linked {
        Some(r) => r.try_get::<String, _>("user_id")?,
        None => {
            let existing = sqlx::query("SELECT id FROM users WHERE email = $1")
                .bind(&who.email)
                .fetch_optional(db)
                .await?;
            let id = match existing {
                Some(_) if !who.email_verified => {
                    return Err(Error::Conflict(format!(
                        "an account with {} exists and this sign-in does not prove the address; \
                         sign in with your password instead",
                        who.email
                    )));
                }
                Some(r) => r.try_get::<String, _>("id")?,
                None => {
                    let id = new_id("usr")?;
                    sqlx::query(
                        "INSERT INTO users (id, email, name, password_hash, created_at) \
                         VALUES ($1, $2, $3, NULL, $4)",
                    )
                    .bind(&id)
                    .bind(&who.email)
                    .bind(&who.name)
                    .bind(now)
                    .execute(db)
                    .await?;
                    id
                }
            };
            sqlx::query(
                "INSERT INTO identities (provider, subject, user_id, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(provider)
            .bind(&who.subject)
            .bind(&id)
            .bind(now)
            .execute(db)
            .await?;
            audit(
                db,
                now,
                &id,
                None,
                "identity.link",
                &serde_json::json!({ "provider": provider, "subject": who.subject }),
            )
            .await?;
            id
        }
    };
    let tokens = new_session(db, &user_id, now).await?;
    audit(
        db,
        now,
        &user_id,
        None,
        "user.login",
        &serde_json::json!({ "provider": provider, "tenant": who.tenant }),
    )
    .await?;
    Ok(tokens)
}

/// The user of a bearer access token, if it is live.
pub async fn authenticate(
    db: &AnyPool,
    access_token: &str,
    now: i64,
) -> Result<Option<AuthUser>, Error> {
    let row = sqlx::query(
        "SELECT s.id, s.user_id, s.access_expires_at, s.revoked_at, u.email FROM sessions s \
         JOIN users u ON u.id = s.user_id WHERE s.access_hash = $1",
    )
    .bind(digest(access_token))
    .fetch_optional(db)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let expires: i64 = r.try_get("access_expires_at")?;
    let revoked: Option<i64> = r.try_get("revoked_at")?;
    if revoked.is_some() || now >= expires {
        return Ok(None);
    }
    Ok(Some(AuthUser {
        id: r.try_get("user_id")?,
        email: r.try_get("email")?,
        session: r.try_get("id")?,
    }))
}

/// Ends a session.
pub async fn logout(db: &AnyPool, user: &AuthUser, now: i64) -> Result<(), Error> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(&user.session)
        .execute(db)
        .await?;
    audit(
        db,
        now,
        &user.id,
        None,
        "user.logout",
        &serde_json::json!({}),
    )
    .await
}

/// The organisations a user belongs to, with their role in each.
pub async fn memberships(
    db: &AnyPool,
    user_id: &str,
) -> Result<Vec<crate::orgs::Organisation>, Error> {
    let rows = sqlx::query(
        "SELECT o.id, o.name, m.role FROM memberships m JOIN organisations o ON o.id = m.org_id \
         WHERE m.user_id = $1 ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(crate::orgs::Organisation {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                role: crate::orgs::Role::parse(&role).unwrap_or(crate::orgs::Role::Member),
            })
        })
        .collect()
}
