//! Identity tokens from the hosts, verified against their issuers' published keys (JWKS):
//! Office SSO bootstrap tokens (Microsoft identity platform; multi-tenant issuer
//! `https://login.microsoftonline.com/{tid}/v2.0` checked against the token's own `tid` and a
//! tenant allow-list) and Google identity tokens from Apps Script (`ScriptApp.getIdentityToken`;
//! issuer `https://accounts.google.com`). Only RS256 is accepted; the key is chosen by `kid` from a
//! cached key set, fetched again (at most once a minute) when a token names a key it does not hold.

use crate::Error;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Microsoft's multi-tenant key set (v2.0 endpoint).
pub const MICROSOFT_JWKS: &str = "https://login.microsoftonline.com/common/discovery/v2.0/keys";
/// Google's OAuth 2.0 key set.
pub const GOOGLE_JWKS: &str = "https://www.googleapis.com/oauth2/v3/certs";
/// Seconds of clock skew allowed on `exp` and `nbf`.
pub const LEEWAY: u64 = 60;
/// How long a fetched key set is trusted before it is fetched again.
const JWKS_TTL: Duration = Duration::from_secs(6 * 3600);
/// The shortest interval between two fetches of one key set (unknown `kid`s cannot hammer it).
const REFETCH_MIN: Duration = Duration::from_secs(60);

/// Which host's identity a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    /// Office SSO (Microsoft identity platform).
    Microsoft,
    /// Google identity (Apps Script).
    Google,
}

impl ProviderKind {
    /// The stable id stored with linked identities (`microsoft`, `google`).
    pub fn id(self) -> &'static str {
        match self {
            ProviderKind::Microsoft => "microsoft",
            ProviderKind::Google => "google",
        }
    }
}

/// How one provider's tokens are checked.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Which provider.
    pub kind: ProviderKind,
    /// Where its key set is published.
    pub jwks_url: String,
    /// Accepted audiences (the add-in's client id, `api://…/<client id>`, the Apps Script OAuth
    /// client id). Empty: the provider is not configured and every token is refused.
    pub audiences: Vec<String>,
    /// Microsoft only: tenant ids allowed to sign in; `*` allows every tenant.
    pub tenants: Vec<String>,
}

/// Who a verified token says the user is.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// Which provider vouched.
    pub provider: ProviderKind,
    /// The provider's stable user id (`tid:oid` for Microsoft, `sub` for Google).
    pub subject: String,
    /// The email (lower case).
    pub email: String,
    /// Whether the provider says the email is verified.
    pub email_verified: bool,
    /// Display name, when given.
    pub name: String,
    /// Microsoft tenant id.
    pub tenant: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawClaims {
    iss: String,
    sub: String,
    #[serde(default)]
    tid: Option<String>,
    #[serde(default)]
    oid: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<serde_json::Value>,
    #[serde(default)]
    preferred_username: Option<String>,
    #[serde(default)]
    upn: Option<String>,
    #[serde(default)]
    name: Option<String>,
    /// Microsoft's optional claim: the email's domain is verified by the tenant.
    #[serde(default)]
    xms_edov: Option<serde_json::Value>,
}

/// A boolean claim given as `true` or `"true"`.
fn truthy(v: Option<&serde_json::Value>) -> bool {
    match v {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s == "true" || s == "1",
        _ => false,
    }
}

struct CachedSet {
    keys: JwkSet,
    fetched: Instant,
}

/// Verifies identity tokens of the configured providers, with one cached key set per URL.
pub struct Verifier {
    microsoft: Provider,
    google: Provider,
    http: reqwest::Client,
    cache: Mutex<HashMap<String, CachedSet>>,
    fetches: std::sync::atomic::AtomicUsize,
    refetch_min: Duration,
}

fn refused(why: impl std::fmt::Display) -> Error {
    Error::Unauthorized(format!("the identity token was refused: {why}"))
}

impl Verifier {
    /// A verifier for these two providers.
    pub fn new(microsoft: Provider, google: Provider) -> Result<Arc<Verifier>, Error> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Arc::new(Verifier {
            microsoft,
            google,
            http,
            cache: Mutex::new(HashMap::new()),
            fetches: std::sync::atomic::AtomicUsize::new(0),
            refetch_min: REFETCH_MIN,
        }))
    }

    /// The same verifier with another shortest interval between two fetches of a key set
    /// (tests of key rotation); call before sharing it.
    pub fn with_refetch_min(mut self: Arc<Self>, interval: Duration) -> Arc<Verifier> {
        if let Some(v) = Arc::get_mut(&mut self) {
            v.refetch_min = interval;
        }
        self
    }

    /// A verifier with neither provider configured (every identity token is refused).
    pub fn disabled() -> Result<Arc<Verifier>, Error> {
        let none = |kind, url: &str| Provider {
            kind,
            jwks_url: url.to_string(),
            audiences: Vec::new(),
            tenants: Vec::new(),
        };
        Verifier::new(
            none(ProviderKind::Microsoft, MICROSOFT_JWKS),
            none(ProviderKind::Google, GOOGLE_JWKS),
        )
    }

    /// How many times a key set was fetched (for tests and metrics).
    pub fn fetch_count(&self) -> usize {
        self.fetches.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn provider(&self, kind: ProviderKind) -> &Provider {
        match kind {
            ProviderKind::Microsoft => &self.microsoft,
            ProviderKind::Google => &self.google,
        }
    }

    async fn fetch(&self, url: &str) -> Result<JwkSet, Error> {
        self.fetches
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let res = self
            .http
            .get(url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| {
                Error::Unavailable(format!("the key set {url} could not be fetched: {e}"))
            })?;
        res.json::<JwkSet>()
            .await
            .map_err(|e| Error::Unavailable(format!("the key set {url} is not a JWKS: {e}")))
    }

    /// The key `kid` of the set at `url`: from the cache when fresh; otherwise (or when the kid
    /// is unknown and the set was not fetched in the last minute) fetched again.
    async fn key(&self, url: &str, kid: &str) -> Result<DecodingKey, Error> {
        let mut cache = self.cache.lock().await;
        let fresh = cache
            .get(url)
            .is_some_and(|c| c.fetched.elapsed() < JWKS_TTL);
        let knows = cache.get(url).and_then(|c| c.keys.find(kid)).is_some();
        let may_refetch = cache
            .get(url)
            .is_none_or(|c| c.fetched.elapsed() >= self.refetch_min);
        if !fresh || (!knows && may_refetch) {
            let keys = self.fetch(url).await?;
            cache.insert(
                url.to_string(),
                CachedSet {
                    keys,
                    fetched: Instant::now(),
                },
            );
        }
        let jwk = cache
            .get(url)
            .and_then(|c| c.keys.find(kid))
            .ok_or_else(|| refused(format!("no published key has id {kid}")))?;
        DecodingKey::from_jwk(jwk).map_err(|e| refused(format!("key {kid} is unusable: {e}")))
    }

    /// Verifies `token` as an identity token of `kind`: RS256 signature by a published key,
    /// audience, issuer (and tenant), expiry and not-before (with [`LEEWAY`]).
    pub async fn verify(&self, kind: ProviderKind, token: &str) -> Result<Identity, Error> {
        let p = self.provider(kind);
        if p.audiences.is_empty() {
            return Err(Error::Forbidden(format!(
                "{} sign-in is not configured on this server",
                match kind {
                    ProviderKind::Microsoft => "Office (Microsoft)",
                    ProviderKind::Google => "Google",
                }
            )));
        }
        let header = jsonwebtoken::decode_header(token.trim())
            .map_err(|e| refused(format!("it is not a signed JWT ({e})")))?;
        if header.alg != Algorithm::RS256 {
            return Err(refused(format!(
                "algorithm {:?} is not accepted (RS256 only)",
                header.alg
            )));
        }
        let kid = header
            .kid
            .ok_or_else(|| refused("it names no key id (kid)"))?;
        let key = self.key(&p.jwks_url, &kid).await?;
        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&p.audiences);
        v.leeway = LEEWAY;
        v.validate_nbf = true;
        v.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        let data = jsonwebtoken::decode::<RawClaims>(token.trim(), &key, &v).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            match e.kind() {
                K::ExpiredSignature => refused("it has expired; sign in again"),
                K::ImmatureSignature => refused("it is not valid yet"),
                K::InvalidAudience => refused("it was issued for another application"),
                K::InvalidSignature => refused("its signature does not match"),
                _ => refused(e),
            }
        })?;
        let c = data.claims;
        match kind {
            ProviderKind::Microsoft => microsoft_identity(c, &p.tenants),
            ProviderKind::Google => google_identity(c),
        }
    }
}

fn microsoft_identity(c: RawClaims, tenants: &[String]) -> Result<Identity, Error> {
    let tid = c
        .tid
        .clone()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| refused("it names no tenant (tid)"))?;
    let v2 = format!("https://login.microsoftonline.com/{tid}/v2.0");
    let v1 = format!("https://sts.windows.net/{tid}/");
    if c.iss != v2 && c.iss != v1 {
        return Err(refused(format!(
            "issuer {} is not Microsoft's issuer for tenant {tid}",
            c.iss
        )));
    }
    if !tenants
        .iter()
        .any(|t| t == "*" || t.eq_ignore_ascii_case(&tid))
    {
        return Err(Error::Forbidden(format!(
            "organisations of Microsoft tenant {tid} may not sign in here; ask the operator to allow it"
        )));
    }
    let email = c
        .preferred_username
        .or(c.email)
        .or(c.upn)
        .filter(|e| e.contains('@'))
        .ok_or_else(|| refused("it carries no email (preferred_username)"))?;
    let oid = c.oid.unwrap_or(c.sub);
    Ok(Identity {
        provider: ProviderKind::Microsoft,
        subject: format!("{tid}:{oid}"),
        email: email.trim().to_lowercase(),
        // `preferred_username` is not a verified address unless the tenant says so.
        email_verified: truthy(c.xms_edov.as_ref()),
        name: c.name.unwrap_or_default(),
        tenant: Some(tid),
    })
}

fn google_identity(c: RawClaims) -> Result<Identity, Error> {
    if c.iss != "https://accounts.google.com" && c.iss != "accounts.google.com" {
        return Err(refused(format!("issuer {} is not Google", c.iss)));
    }
    let email = c
        .email
        .filter(|e| e.contains('@'))
        .ok_or_else(|| refused("it carries no email; add the userinfo.email scope"))?;
    let verified = truthy(c.email_verified.as_ref());
    Ok(Identity {
        provider: ProviderKind::Google,
        subject: c.sub,
        email: email.trim().to_lowercase(),
        email_verified: verified,
        name: c.name.unwrap_or_default(),
        tenant: None,
    })
}
