//! Licence tokens (SPEC §4): the server signs them with Ed25519 and the hosts verify them offline
//! with the public key built into the WASM core.
//!
//! A token is `aisml1.<payload>.<signature>`. The payload is the [`Claims`] as JSON, and both
//! parts are base64url without padding. The signature is Ed25519 over the ASCII bytes
//! `aisml1.<payload>`, the way JWS signs its header and payload.
//!
//! A token is valid when:
//! - its signature verifies;
//! - `now` lies in `[iat − skew, min(exp, iat + ttl))`;
//! - the tenant matches the expected tenant, when one is given;
//! - `now` is not more than the skew before a time the host has already seen. This guards
//!   against the clock being rolled back to revive an expired token.
//!
//! The clock is always passed in: this crate reads none.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The token prefix and format version.
pub const PREFIX: &str = "aisml1";
/// Clock skew tolerated between the server and the host, in seconds.
pub const SKEW: i64 = 300;

/// The plans (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Plan {
    /// The basic functions; no reports beyond sales.
    Free,
    /// The 12-week course: its exercises, webinars, and every system while enrolled.
    Course,
    /// Every system, report and connector for one user.
    Pro,
    /// Pro for an organisation, with seats.
    Team,
}

impl Plan {
    /// Every plan, cheapest first.
    pub const ALL: [Plan; 4] = [Plan::Free, Plan::Course, Plan::Pro, Plan::Team];

    /// The name shown to users (`Free`, `Course`, `Pro`, `Team`).
    pub fn label(self) -> &'static str {
        match self {
            Plan::Free => "Free",
            Plan::Course => "Course",
            Plan::Pro => "Pro",
            Plan::Team => "Team",
        }
    }

    /// The stable id (`free`, `course`, `pro`, `team`).
    pub fn id(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Course => "course",
            Plan::Pro => "pro",
            Plan::Team => "team",
        }
    }

    /// Parses a plan id.
    pub fn parse(s: &str) -> Option<Plan> {
        match s.trim().to_ascii_lowercase().as_str() {
            "free" => Some(Plan::Free),
            "course" => Some(Plan::Course),
            "pro" => Some(Plan::Pro),
            "team" => Some(Plan::Team),
            _ => None,
        }
    }

    /// The entitlements the plan grants by default.
    pub fn entitlements(self) -> Vec<String> {
        let all_systems = [
            SYSTEM_SALES,
            SYSTEM_PNL,
            SYSTEM_INVENTORY,
            SYSTEM_PRICING,
            SYSTEM_CUSTOMERS,
        ];
        let mut e: Vec<&str> = vec![FEATURE_BASIC_FUNCTIONS, SYSTEM_SALES];
        match self {
            Plan::Free => {}
            Plan::Course => {
                e.extend(&all_systems[1..]);
                e.extend([FEATURE_COURSE, FEATURE_WEBINARS]);
            }
            Plan::Pro | Plan::Team => {
                e.extend(&all_systems[1..]);
                e.extend([FEATURE_CONNECTORS, FEATURE_WEBINARS]);
                if self == Plan::Team {
                    e.push(FEATURE_TEAM);
                }
            }
        }
        e.into_iter().map(String::from).collect()
    }
}

/// The basic functions every plan keeps (the sales functions and the any-table helpers).
pub const FEATURE_BASIC_FUNCTIONS: &str = "functions.basic";
/// Daily sales monitoring (functions beyond the basic ones, and its report).
pub const SYSTEM_SALES: &str = "system.sales";
/// Monthly P&L functions and report.
pub const SYSTEM_PNL: &str = "system.pnl";
/// Inventory functions and report.
pub const SYSTEM_INVENTORY: &str = "system.inventory";
/// Pricing functions and report.
pub const SYSTEM_PRICING: &str = "system.pricing";
/// Customer functions and report.
pub const SYSTEM_CUSTOMERS: &str = "system.customers";
/// The course's lessons and exercises.
pub const FEATURE_COURSE: &str = "course";
/// Webinar registration.
pub const FEATURE_WEBINARS: &str = "webinars";
/// CRM and ledger connectors.
pub const FEATURE_CONNECTORS: &str = "connectors";
/// Organisation seats and administration.
pub const FEATURE_TEAM: &str = "team";

/// The entitlement a system's report needs, by system id (`sales`, `pnl`, …).
pub fn report_entitlement(system: &str) -> Option<&'static str> {
    match system {
        "sales" => Some(SYSTEM_SALES),
        "pnl" => Some(SYSTEM_PNL),
        "inventory" => Some(SYSTEM_INVENTORY),
        "pricing" => Some(SYSTEM_PRICING),
        "customers" => Some(SYSTEM_CUSTOMERS),
        _ => None,
    }
}

/// The plans whose default entitlements include `entitlement`, as a phrase ("Course, Pro and
/// Team"); "no" when none does.
pub fn plans_with(entitlement: &str) -> String {
    let names: Vec<&str> = Plan::ALL
        .iter()
        .filter(|p| p.entitlements().iter().any(|e| e == entitlement))
        .map(|p| p.label())
        .collect();
    match names.as_slice() {
        [] => "no".to_string(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What a token says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// Licence id (for revocation and audit).
    pub lid: String,
    /// Organisation the licence belongs to.
    pub org: String,
    /// Tenant the token is bound to (the Microsoft tenant id, Google Workspace domain or the
    /// organisation id for email sign-in).
    pub tenant: String,
    /// The user (seat) the token was checked out for.
    pub sub: String,
    /// The plan.
    pub plan: Plan,
    /// Entitlements granted.
    pub ent: Vec<String>,
    /// Seats of the licence.
    pub seats: u32,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// The licence's own end, Unix seconds.
    pub exp: i64,
    /// Seconds after `iat` the token may be used before it must be checked out again.
    pub ttl: i64,
}

impl Claims {
    /// When the token stops being valid: the licence's end or the token's time-to-live,
    /// whichever comes first.
    pub fn valid_until(&self) -> i64 {
        self.exp.min(self.iat.saturating_add(self.ttl))
    }
}

/// Why a token is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LicenceError {
    /// Not three base64url parts with the right prefix, or a payload that is not the claims.
    #[error("the licence token is malformed: {0}")]
    Malformed(String),
    /// The signature does not verify with the key: the token was altered or signed by another key.
    #[error(
        "the licence signature does not verify (the token was altered or comes from another server)"
    )]
    BadSignature,
    /// The token is past its end.
    #[error("the licence expired at {0} (Unix time); sign in again to renew it")]
    Expired(i64),
    /// The token was issued after `now`, beyond the skew: the clock is behind.
    #[error("the licence was issued after the device's current time; correct the device clock")]
    NotYetValid,
    /// `now` is before a time already seen: the clock was rolled back.
    #[error(
        "the device clock was set back before a time this licence was already used; correct the clock"
    )]
    ClockRolledBack,
    /// The token is bound to another tenant.
    #[error("the licence belongs to another organisation or tenant ({0})")]
    WrongTenant(String),
    /// No key to verify with.
    #[error("this build has no licence public key")]
    NoKey,
}

impl LicenceError {
    /// A stable code for hosts (`malformed`, `bad_signature`, `expired`, …).
    pub fn code(&self) -> &'static str {
        match self {
            LicenceError::Malformed(_) => "malformed",
            LicenceError::BadSignature => "bad_signature",
            LicenceError::Expired(_) => "expired",
            LicenceError::NotYetValid => "not_yet_valid",
            LicenceError::ClockRolledBack => "clock_rolled_back",
            LicenceError::WrongTenant(_) => "wrong_tenant",
            LicenceError::NoKey => "no_key",
        }
    }
}

/// Signs `claims` into a token.
pub fn sign(claims: &Claims, key: &SigningKey) -> String {
    // Serialising plain strings and numbers cannot fail; an empty object would still be refused
    // by `verify`.
    let json = serde_json::to_vec(claims).unwrap_or_default();
    let head = format!("{PREFIX}.{}", B64.encode(json));
    let sig = key.sign(head.as_bytes());
    format!("{head}.{}", B64.encode(sig.to_bytes()))
}

/// Reads a key of 32 bytes written in base64url (with or without padding) or hex.
pub fn key_bytes(text: &str) -> Option<[u8; 32]> {
    let t = text.trim();
    let bytes = if t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit()) {
        (0..32)
            .map(|i| u8::from_str_radix(&t[2 * i..2 * i + 2], 16).ok())
            .collect::<Option<Vec<u8>>>()?
    } else {
        B64.decode(t.trim_end_matches('=')).ok()?
    };
    bytes.try_into().ok()
}

/// The verifying key of 32 bytes in base64url or hex.
pub fn verifying_key(text: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_bytes(&key_bytes(text)?).ok()
}

/// The public key built in (`AISM_LICENCE_PUBLIC_KEY` at build time, base64url), if any.
pub fn embedded_key() -> Option<VerifyingKey> {
    option_env!("AISM_LICENCE_PUBLIC_KEY").and_then(verifying_key)
}

/// The checks of [`verify`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerifyOptions {
    /// The current time, Unix seconds.
    pub now: i64,
    /// The latest time the host has seen this licence in use (for the rollback guard).
    pub last_seen: Option<i64>,
    /// The tenant the token must be bound to, when the host knows it.
    pub tenant: Option<String>,
}

/// Verifies a token: format, signature, time window, tenant and clock rollback (module docs).
pub fn verify(
    token: &str,
    key: &VerifyingKey,
    opts: &VerifyOptions,
) -> Result<Claims, LicenceError> {
    let malformed = |m: &str| LicenceError::Malformed(m.to_string());
    let token = token.trim();
    let mut parts = token.split('.');
    let (Some(prefix), Some(payload), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed("it must have three parts separated by dots"));
    };
    if prefix != PREFIX {
        return Err(malformed("unknown format version"));
    }
    let sig_bytes: [u8; 64] = B64
        .decode(sig)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| malformed("the signature is not 64 bytes of base64url"))?;
    let head_len = prefix.len() + 1 + payload.len();
    key.verify(
        &token.as_bytes()[..head_len],
        &Signature::from_bytes(&sig_bytes),
    )
    .map_err(|_| LicenceError::BadSignature)?;
    let json = B64
        .decode(payload)
        .map_err(|_| malformed("the payload is not base64url"))?;
    let claims: Claims = serde_json::from_slice(&json)
        .map_err(|e| LicenceError::Malformed(format!("the claims do not read: {e}")))?;
    if let Some(seen) = opts.last_seen
        && opts.now.saturating_add(SKEW) < seen
    {
        return Err(LicenceError::ClockRolledBack);
    }
    if opts.now.saturating_add(SKEW) < claims.iat {
        return Err(LicenceError::NotYetValid);
    }
    let until = claims.valid_until();
    if opts.now >= until {
        return Err(LicenceError::Expired(until));
    }
    if let Some(t) = &opts.tenant
        && !t.is_empty()
        && *t != claims.tenant
    {
        return Err(LicenceError::WrongTenant(claims.tenant));
    }
    Ok(claims)
}

/// Whether verified claims grant `entitlement`.
pub fn grants(claims: &Claims, entitlement: &str) -> bool {
    claims.ent.iter().any(|e| e == entitlement)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7u8; 32])
    }

    fn claims() -> Claims {
        Claims {
            lid: "lic_1".into(),
            org: "org_1".into(),
            tenant: "contoso.onmicrosoft.com".into(),
            sub: "user_1".into(),
            plan: Plan::Pro,
            ent: Plan::Pro.entitlements(),
            seats: 1,
            iat: 1_700_000_000,
            exp: 1_800_000_000,
            ttl: 7 * 86_400,
        }
    }

    fn at(now: i64) -> VerifyOptions {
        VerifyOptions {
            now,
            ..Default::default()
        }
    }

    #[test]
    fn a_signed_token_verifies_and_carries_its_claims() {
        let t = sign(&claims(), &key());
        assert!(t.starts_with("aisml1."));
        let c = verify(&t, &key().verifying_key(), &at(1_700_000_100)).unwrap();
        assert_eq!(c, claims());
        assert!(grants(&c, SYSTEM_PNL));
        assert!(!grants(&c, FEATURE_TEAM));
        assert_eq!(c.valid_until(), 1_700_000_000 + 7 * 86_400);
    }

    #[test]
    fn expired_by_ttl_or_by_licence_end() {
        let t = sign(&claims(), &key());
        let vk = key().verifying_key();
        let until = 1_700_000_000 + 7 * 86_400;
        assert_eq!(
            verify(&t, &vk, &at(until)),
            Err(LicenceError::Expired(until))
        );
        assert!(verify(&t, &vk, &at(until - 1)).is_ok());
        let short = Claims {
            exp: 1_700_000_500,
            ..claims()
        };
        let t = sign(&short, &key());
        assert_eq!(
            verify(&t, &vk, &at(1_700_000_500)),
            Err(LicenceError::Expired(1_700_000_500))
        );
    }

    #[test]
    fn tampering_with_any_part_fails() {
        let t = sign(&claims(), &key());
        let vk = key().verifying_key();
        // Another plan in the payload, re-encoded: the signature no longer matches.
        let forged = Claims {
            plan: Plan::Team,
            ent: Plan::Team.entitlements(),
            ..claims()
        };
        let forged_payload = B64.encode(serde_json::to_vec(&forged).unwrap());
        let parts: Vec<&str> = t.split('.').collect();
        let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
        assert_eq!(
            verify(&tampered, &vk, &at(1_700_000_100)),
            Err(LicenceError::BadSignature)
        );
        // A flipped signature byte.
        let mut sig = B64.decode(parts[2]).unwrap();
        sig[10] ^= 1;
        let t2 = format!("{}.{}.{}", parts[0], parts[1], B64.encode(sig));
        assert_eq!(
            verify(&t2, &vk, &at(1_700_000_100)),
            Err(LicenceError::BadSignature)
        );
        // Signed by another key.
        let other = SigningKey::from_bytes(&[9u8; 32]);
        assert_eq!(
            verify(&sign(&claims(), &other), &vk, &at(1_700_000_100)),
            Err(LicenceError::BadSignature)
        );
        for bad in ["", "aisml1", "aisml1.x.y", "jwt.a.b", "aisml1.a.b.c"] {
            assert_eq!(
                verify(bad, &vk, &at(1_700_000_100)).map_err(|e| e.code()),
                Err("malformed"),
                "{bad}"
            );
        }
    }

    #[test]
    fn wrong_tenant_and_clock_rollback() {
        let t = sign(&claims(), &key());
        let vk = key().verifying_key();
        let other = VerifyOptions {
            tenant: Some("fabrikam.onmicrosoft.com".into()),
            ..at(1_700_000_100)
        };
        assert_eq!(
            verify(&t, &vk, &other),
            Err(LicenceError::WrongTenant("contoso.onmicrosoft.com".into()))
        );
        let same = VerifyOptions {
            tenant: Some("contoso.onmicrosoft.com".into()),
            ..at(1_700_000_100)
        };
        assert!(verify(&t, &vk, &same).is_ok());
        // Seen at day 3 of the token's life, now the clock says day 1: rolled back.
        let rolled = VerifyOptions {
            last_seen: Some(1_700_000_000 + 3 * 86_400),
            ..at(1_700_000_000 + 86_400)
        };
        assert_eq!(verify(&t, &vk, &rolled), Err(LicenceError::ClockRolledBack));
        // Within the skew is fine.
        let skewed = VerifyOptions {
            last_seen: Some(1_700_000_100 + SKEW - 1),
            ..at(1_700_000_100)
        };
        assert!(verify(&t, &vk, &skewed).is_ok());
        // A clock before the issue time.
        assert_eq!(
            verify(&t, &vk, &at(1_700_000_000 - SKEW - 1)),
            Err(LicenceError::NotYetValid)
        );
    }

    #[test]
    fn plans_grant_what_they_promise() {
        let free = Plan::Free.entitlements();
        assert_eq!(free, vec![FEATURE_BASIC_FUNCTIONS, SYSTEM_SALES]);
        assert!(
            Plan::Course
                .entitlements()
                .contains(&FEATURE_COURSE.to_string())
        );
        assert!(!Plan::Pro.entitlements().contains(&FEATURE_TEAM.to_string()));
        assert!(
            Plan::Team
                .entitlements()
                .contains(&FEATURE_TEAM.to_string())
        );
        for p in [Plan::Free, Plan::Course, Plan::Pro, Plan::Team] {
            assert_eq!(Plan::parse(p.id()), Some(p));
        }
        assert_eq!(report_entitlement("customers"), Some(SYSTEM_CUSTOMERS));
        assert_eq!(report_entitlement("webinars"), None);
        assert_eq!(plans_with(SYSTEM_PNL), "Course, Pro and Team");
        assert_eq!(
            plans_with(FEATURE_BASIC_FUNCTIONS),
            "Free, Course, Pro and Team"
        );
        assert_eq!(plans_with(FEATURE_TEAM), "Team");
        assert_eq!(plans_with("nothing"), "no");
    }

    #[test]
    fn mutated_tokens_never_panic_and_never_verify() {
        // Every single-character change, truncation and duplication of a valid token: an error,
        // never a panic, never a valid licence (the stable fuzz of the token reader).
        let t = sign(&claims(), &key());
        let vk = key().verifying_key();
        let opts = at(1_700_000_100);
        let alphabet = ['A', 'z', '0', '-', '_', '.', '=', 'é', ' '];
        let chars: Vec<char> = t.chars().collect();
        for i in 0..chars.len() {
            for c in alphabet {
                if c == chars[i] {
                    continue;
                }
                let mut m = chars.clone();
                m[i] = c;
                let m: String = m.into_iter().collect();
                assert!(verify(&m, &vk, &opts).is_err(), "{m}");
            }
            let cut: String = chars[..i].iter().collect();
            assert!(verify(&cut, &vk, &opts).is_err());
        }
        assert!(verify(&format!("{t}{t}"), &vk, &opts).is_err());
    }

    #[test]
    fn keys_read_from_base64url_or_hex() {
        let vk = key().verifying_key();
        let b64 = B64.encode(vk.to_bytes());
        let hex: String = vk.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(verifying_key(&b64), Some(vk));
        assert_eq!(verifying_key(&hex), Some(vk));
        assert_eq!(verifying_key("short"), None);
    }
}
