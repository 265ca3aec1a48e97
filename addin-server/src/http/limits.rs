//! Rate limits (GCRA): one bucket per client address over every `/api` route (tower_governor),
//! and one per signed-in user, checked when a request is authenticated (governor), so a user
//! cannot multiply their share by opening sessions or changing address. Over the limit: `429`
//! with `Retry-After` and the usual JSON error body.

use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use tower_governor::GovernorError;
use tower_governor::key_extractor::KeyExtractor;

/// A steady rate with a burst; `per_second == 0` switches the limit off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests per second, sustained.
    pub per_second: u32,
    /// Requests allowed at once above the steady rate.
    pub burst: u32,
}

/// The limits of a server.
#[derive(Clone)]
pub struct RateLimits {
    /// Per client address, over every `/api` route.
    pub per_ip: Rate,
    /// Per signed-in user, over the authenticated routes.
    pub per_user: Rate,
    /// Take the client address from the first `X-Forwarded-For` entry (behind a trusted proxy).
    pub trust_forwarded: bool,
    users: Option<Arc<DefaultKeyedRateLimiter<String>>>,
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimits")
            .field("per_ip", &self.per_ip)
            .field("per_user", &self.per_user)
            .field("trust_forwarded", &self.trust_forwarded)
            .finish()
    }
}

impl Default for RateLimits {
    /// 50 requests/s per address (burst 100), 20/s per user (burst 40).
    fn default() -> Self {
        RateLimits::new(
            Rate {
                per_second: 50,
                burst: 100,
            },
            Rate {
                per_second: 20,
                burst: 40,
            },
            false,
        )
    }
}

fn quota(rate: Rate) -> Option<Quota> {
    let per_second = NonZeroU32::new(rate.per_second)?;
    let burst = NonZeroU32::new(rate.burst.max(1)).unwrap_or(per_second);
    Some(Quota::per_second(per_second).allow_burst(burst))
}

impl RateLimits {
    /// Limits with these rates.
    pub fn new(per_ip: Rate, per_user: Rate, trust_forwarded: bool) -> RateLimits {
        RateLimits {
            per_ip,
            per_user,
            trust_forwarded,
            users: quota(per_user).map(|q| Arc::new(DefaultKeyedRateLimiter::keyed(q))),
        }
    }

    /// Takes one request of `user_id` from their bucket; `Err(seconds to wait)` when it is empty.
    pub fn check_user(&self, user_id: &str) -> Result<(), u64> {
        let Some(limiter) = &self.users else {
            return Ok(());
        };
        limiter
            .check_key(&user_id.to_string())
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(governor::clock::Clock::now(
                    &governor::clock::DefaultClock::default(),
                ));
                wait.as_secs() + 1
            })
    }

    /// Forgets users whose buckets are full again (call now and then to bound memory).
    pub fn forget_idle(&self) {
        if let Some(l) = &self.users {
            l.retain_recent();
        }
    }

    /// The per-address layer for the `/api` routes, or `None` when that limit is off.
    pub fn ip_layer(
        &self,
    ) -> Option<
        tower_governor::GovernorLayer<
            ClientAddress,
            governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
            axum::body::Body,
        >,
    > {
        let rate = self.per_ip;
        if rate.per_second == 0 {
            return None;
        }
        let config = tower_governor::governor::GovernorConfigBuilder::default()
            .per_nanosecond(1_000_000_000 / u64::from(rate.per_second).max(1))
            .burst_size(rate.burst.max(1))
            .key_extractor(ClientAddress {
                trust_forwarded: self.trust_forwarded,
            })
            .finish()?;
        let config = Arc::new(config);
        let limiter = config.limiter().clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                limiter.retain_recent();
            }
        });
        Some(
            tower_governor::GovernorLayer::new(config).error_handler(|e| match e {
                GovernorError::TooManyRequests { wait_time, .. } => too_many(wait_time.max(1)),
                _ => too_many(1),
            }),
        )
    }
}

/// The `429` answer: `Retry-After` and `{ "error": "rate_limited", "message": … }`.
pub fn too_many(wait_seconds: u64) -> Response<axum::body::Body> {
    let body = serde_json::json!({
        "error": "rate_limited",
        "message": format!("too many requests; try again in {wait_seconds} s"),
    });
    let mut res = Response::new(axum::body::Body::from(body.to_string()));
    *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(v) = HeaderValue::from_str(&wait_seconds.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// The client's address: the connection's peer (or, behind a trusted proxy, the first
/// `X-Forwarded-For` entry). Requests that come with neither (in-process tests) share one key.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress {
    trust_forwarded: bool,
}

impl KeyExtractor for ClientAddress {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        let forwarded = self
            .trust_forwarded
            .then(|| {
                req.headers()
                    .get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split(',').next())
                    .and_then(|v| v.trim().parse::<IpAddr>().ok())
            })
            .flatten();
        Ok(forwarded
            .or_else(|| {
                req.extensions()
                    .get::<axum::extract::ConnectInfo<SocketAddr>>()
                    .map(|c| c.0.ip())
            })
            .unwrap_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED)))
    }
}
