//! Webinars: sessions with a stored join link or created through Zoom (Server-to-Server OAuth,
//! `POST /users/{user}/meetings`, a registrant's own `join_url`, past-meeting participants,
//! cloud recordings) or Microsoft Graph (client credentials, `POST /users/{organiser}/
//! onlineMeetings`, its one `joinWebUrl`, attendance reports, recordings); registration,
//! reminders as scheduled jobs any server process may run once, and RFC 5545 calendars (the
//! `icalendar` crate): one per session and a feed per user.

use crate::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::{AnyPool, Row};
use std::sync::Mutex;

/// Zoom Server-to-Server OAuth app settings.
#[derive(Debug, Clone)]
pub struct ZoomConfig {
    /// API base (`https://api.zoom.us/v2`).
    pub api_url: String,
    /// Token endpoint (`https://zoom.us/oauth/token`).
    pub oauth_url: String,
    /// Account id.
    pub account_id: String,
    /// Client id.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
    /// The Zoom user who hosts the meetings (`me` or an email).
    pub host: String,
}

/// Microsoft Graph app (client credentials) settings.
#[derive(Debug, Clone)]
pub struct GraphConfig {
    /// API base (`https://graph.microsoft.com/v1.0`).
    pub api_url: String,
    /// Login base (`https://login.microsoftonline.com`).
    pub login_url: String,
    /// Tenant id.
    pub tenant: String,
    /// Client id.
    pub client_id: String,
    /// Client secret.
    pub client_secret: String,
    /// The organiser's user id (an application access policy must allow the app for them).
    pub organiser: String,
}

/// The meeting providers configured, with cached access tokens.
#[derive(Debug, Default)]
pub struct Providers {
    /// Zoom, when configured.
    pub zoom: Option<ZoomConfig>,
    /// Microsoft Graph, when configured.
    pub graph: Option<GraphConfig>,
    http: reqwest::Client,
    tokens: Mutex<Vec<(String, String, i64)>>,
}

/// A created meeting: the provider's id and the shared join link.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// The provider's meeting id.
    pub id: String,
    /// The join link.
    pub join_url: String,
}

/// One attendee as the provider reports them.
#[derive(Debug, Clone, PartialEq)]
pub struct Attendee {
    /// Email.
    pub email: String,
    /// Seconds attended (summed over re-joins).
    pub seconds: i64,
}

fn unavailable(provider: &str, e: impl std::fmt::Display) -> Error {
    Error::Unavailable(format!("{provider}: {e}"))
}

impl Providers {
    /// Providers from the given settings.
    pub fn new(zoom: Option<ZoomConfig>, graph: Option<GraphConfig>) -> Providers {
        Providers {
            zoom,
            graph,
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(20))
                .build()
                .unwrap_or_default(),
            tokens: Mutex::new(Vec::new()),
        }
    }

    fn cached(&self, provider: &str, now: i64) -> Option<String> {
        let tokens = self.tokens.lock().ok()?;
        tokens
            .iter()
            .find(|(p, _, exp)| p == provider && *exp > now + 60)
            .map(|(_, t, _)| t.clone())
    }

    fn keep(&self, provider: &str, token: &str, expires_in: i64, now: i64) {
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.retain(|(p, ..)| p != provider);
            tokens.push((provider.to_string(), token.to_string(), now + expires_in));
        }
    }

    async fn json(&self, provider: &str, req: reqwest::RequestBuilder) -> Result<Value, Error> {
        let res = req.send().await.map_err(|e| unavailable(provider, e))?;
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(unavailable(
                provider,
                format!(
                    "HTTP {status}: {}",
                    body.get("message")
                        .or(body.pointer("/error/message"))
                        .unwrap_or(&body)
                ),
            ));
        }
        Ok(body)
    }

    async fn zoom_token(&self, z: &ZoomConfig, now: i64) -> Result<String, Error> {
        if let Some(t) = self.cached("zoom", now) {
            return Ok(t);
        }
        let body = self
            .json(
                "zoom",
                self.http
                    .post(&z.oauth_url)
                    .basic_auth(&z.client_id, Some(&z.client_secret))
                    .query(&[
                        ("grant_type", "account_credentials"),
                        ("account_id", &z.account_id),
                    ]),
            )
            .await?;
        let token = body["access_token"]
            .as_str()
            .ok_or_else(|| unavailable("zoom", "no access_token in the token answer"))?;
        self.keep(
            "zoom",
            token,
            body["expires_in"].as_i64().unwrap_or(3600),
            now,
        );
        Ok(token.to_string())
    }

    async fn graph_token(&self, g: &GraphConfig, now: i64) -> Result<String, Error> {
        if let Some(t) = self.cached("graph", now) {
            return Ok(t);
        }
        let body = self
            .json(
                "graph",
                self.http
                    .post(format!("{}/{}/oauth2/v2.0/token", g.login_url, g.tenant))
                    .form(&[
                        ("grant_type", "client_credentials"),
                        ("client_id", g.client_id.as_str()),
                        ("client_secret", g.client_secret.as_str()),
                        ("scope", "https://graph.microsoft.com/.default"),
                    ]),
            )
            .await?;
        let token = body["access_token"]
            .as_str()
            .ok_or_else(|| unavailable("graph", "no access_token in the token answer"))?;
        self.keep(
            "graph",
            token,
            body["expires_in"].as_i64().unwrap_or(3600),
            now,
        );
        Ok(token.to_string())
    }

    fn zoom(&self) -> Result<&ZoomConfig, Error> {
        self.zoom.as_ref().ok_or_else(|| {
            Error::Invalid("Zoom is not configured on this server (AISM_ZOOM_*); use provider \"stored\" with a join link".into())
        })
    }

    fn graph(&self) -> Result<&GraphConfig, Error> {
        self.graph.as_ref().ok_or_else(|| {
            Error::Invalid("Microsoft Graph is not configured on this server (AISM_GRAPH_*); use provider \"stored\" with a join link".into())
        })
    }

    /// Creates a meeting with `provider` (`zoom` or `graph`).
    pub async fn create(
        &self,
        provider: &str,
        title: &str,
        starts_at: i64,
        minutes: i64,
        now: i64,
    ) -> Result<Meeting, Error> {
        let start = aism_core::course::credential::timestamp(starts_at);
        match provider {
            "zoom" => {
                let z = self.zoom()?;
                let token = self.zoom_token(z, now).await?;
                let body = self
                    .json(
                        "zoom",
                        self.http
                            .post(format!("{}/users/{}/meetings", z.api_url, z.host))
                            .bearer_auth(token)
                            .json(&json!({
                                "topic": title, "type": 2, "start_time": start, "duration": minutes,
                                "timezone": "UTC",
                                // Registration required, automatically approved: every
                                // registrant gets their own join link.
                                "settings": { "approval_type": 0, "registration_type": 1 },
                            })),
                    )
                    .await?;
                let id = match &body["id"] {
                    Value::Number(n) => n.to_string(),
                    Value::String(s) => s.clone(),
                    _ => return Err(unavailable("zoom", "the meeting has no id")),
                };
                Ok(Meeting {
                    id,
                    join_url: body["join_url"].as_str().unwrap_or_default().to_string(),
                })
            }
            "graph" => {
                let g = self.graph()?;
                let token = self.graph_token(g, now).await?;
                let body = self
                    .json(
                        "graph",
                        self.http
                            .post(format!("{}/users/{}/onlineMeetings", g.api_url, g.organiser))
                            .bearer_auth(token)
                            .json(&json!({
                                "subject": title,
                                "startDateTime": start,
                                "endDateTime": aism_core::course::credential::timestamp(starts_at + minutes * 60),
                            })),
                    )
                    .await?;
                Ok(Meeting {
                    id: body["id"].as_str().unwrap_or_default().to_string(),
                    join_url: body["joinWebUrl"].as_str().unwrap_or_default().to_string(),
                })
            }
            other => Err(Error::Invalid(format!(
                "provider {other:?}: use \"stored\", \"zoom\" or \"graph\""
            ))),
        }
    }

    /// Registers `email` for a Zoom meeting: the registrant's id and own join link.
    pub async fn register_zoom(
        &self,
        meeting: &str,
        email: &str,
        name: &str,
        now: i64,
    ) -> Result<(String, String), Error> {
        let z = self.zoom()?;
        let token = self.zoom_token(z, now).await?;
        let (first, last) = name.split_once(' ').unwrap_or((name, ""));
        let first = if first.is_empty() { email } else { first };
        let body = self
            .json(
                "zoom",
                self.http
                    .post(format!("{}/meetings/{meeting}/registrants", z.api_url))
                    .bearer_auth(token)
                    .json(&json!({ "email": email, "first_name": first, "last_name": last })),
            )
            .await?;
        let url = body["join_url"]
            .as_str()
            .ok_or_else(|| unavailable("zoom", "the registrant has no join_url"))?;
        Ok((
            body["registrant_id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            url.to_string(),
        ))
    }

    /// Who attended, and the recording link if there is one.
    pub async fn attendance(
        &self,
        provider: &str,
        meeting: &str,
        now: i64,
    ) -> Result<(Vec<Attendee>, Option<String>), Error> {
        let mut people: Vec<Attendee> = Vec::new();
        let mut add = |email: &str, seconds: i64| {
            let email = email.trim().to_lowercase();
            match people.iter_mut().find(|a| a.email == email) {
                Some(a) => a.seconds += seconds,
                None if !email.is_empty() => people.push(Attendee { email, seconds }),
                None => {}
            }
        };
        match provider {
            "zoom" => {
                let z = self.zoom()?;
                let token = self.zoom_token(z, now).await?;
                let mut next = String::new();
                loop {
                    let body = self
                        .json(
                            "zoom",
                            self.http
                                .get(format!(
                                    "{}/past_meetings/{meeting}/participants",
                                    z.api_url
                                ))
                                .bearer_auth(&token)
                                .query(&[("page_size", "300"), ("next_page_token", next.as_str())]),
                        )
                        .await?;
                    for p in body["participants"].as_array().into_iter().flatten() {
                        add(
                            p["user_email"].as_str().unwrap_or_default(),
                            p["duration"].as_i64().unwrap_or(0),
                        );
                    }
                    next = body["next_page_token"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    if next.is_empty() {
                        break;
                    }
                }
                let rec = self
                    .json(
                        "zoom",
                        self.http
                            .get(format!("{}/meetings/{meeting}/recordings", z.api_url))
                            .bearer_auth(&token),
                    )
                    .await
                    .ok();
                let url = rec.and_then(|r| r["share_url"].as_str().map(str::to_string));
                Ok((people, url))
            }
            "graph" => {
                let g = self.graph()?;
                let token = self.graph_token(g, now).await?;
                let base = format!(
                    "{}/users/{}/onlineMeetings/{meeting}",
                    g.api_url, g.organiser
                );
                let reports = self
                    .json(
                        "graph",
                        self.http
                            .get(format!("{base}/attendanceReports"))
                            .bearer_auth(&token),
                    )
                    .await?;
                for r in reports["value"].as_array().into_iter().flatten() {
                    let id = r["id"].as_str().unwrap_or_default();
                    let mut url = format!("{base}/attendanceReports/{id}/attendanceRecords");
                    loop {
                        let records = self
                            .json("graph", self.http.get(&url).bearer_auth(&token))
                            .await?;
                        for a in records["value"].as_array().into_iter().flatten() {
                            add(
                                a["emailAddress"].as_str().unwrap_or_default(),
                                a["totalAttendanceInSeconds"].as_i64().unwrap_or(0),
                            );
                        }
                        match records["@odata.nextLink"].as_str() {
                            Some(next) => url = next.to_string(),
                            None => break,
                        }
                    }
                }
                let rec = self
                    .json(
                        "graph",
                        self.http
                            .get(format!("{base}/recordings"))
                            .bearer_auth(&token),
                    )
                    .await
                    .ok();
                let url = rec.and_then(|r| {
                    r["value"]
                        .as_array()
                        .and_then(|v| v.first())
                        .and_then(|x| x["recordingContentUrl"].as_str())
                        .map(str::to_string)
                });
                Ok((people, url))
            }
            _ => Ok((people, None)),
        }
    }
}

/// A webinar session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Webinar {
    /// Id.
    pub id: String,
    /// Organisation.
    pub org_id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Start, Unix seconds.
    pub starts_at: i64,
    /// Length in minutes.
    pub duration_minutes: i64,
    /// `stored`, `zoom` or `graph`.
    pub provider: String,
    /// The recording, once synced.
    pub recording_url: Option<String>,
    /// Whether the caller is registered.
    pub registered: bool,
    /// The caller's join link (registered callers only).
    pub join_url: Option<String>,
    /// Revision, raised by every change (the calendar's SEQUENCE).
    pub sequence: i64,
}

/// What to create.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewWebinar {
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Start, RFC 3339 (`2026-12-10T17:00:00Z`).
    pub starts_at: String,
    /// Length in minutes (5–600).
    pub duration_minutes: i64,
    /// `stored` (give `joinUrl`), `zoom` or `graph`.
    pub provider: String,
    /// The join link of a stored session.
    #[serde(default)]
    pub join_url: Option<String>,
}

const COLUMNS: &str = "w.id, w.org_id, w.title, w.description, w.starts_at, w.duration_minutes, \
    w.provider, w.recording_url, w.join_url AS shared_url, w.sequence, w.created_at, \
    r.join_url AS own_url, r.user_id AS registrant";

fn from_row(r: &sqlx::any::AnyRow) -> Result<Webinar, Error> {
    let own: Option<String> = r.try_get("own_url")?;
    Ok(Webinar {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        starts_at: r.try_get("starts_at")?,
        duration_minutes: r.try_get("duration_minutes")?,
        provider: r.try_get("provider")?,
        recording_url: r.try_get("recording_url")?,
        registered: own.is_some(),
        join_url: own,
        sequence: r.try_get("sequence")?,
    })
}

/// Creates a session of `org_id` (through its provider when not `stored`).
pub async fn create(
    db: &AnyPool,
    providers: &Providers,
    org_id: &str,
    actor: &str,
    w: &NewWebinar,
    now: i64,
) -> Result<Webinar, Error> {
    let title = w.title.trim();
    if title.is_empty() || title.len() > 200 {
        return Err(Error::Invalid("give a title of 1 to 200 characters".into()));
    }
    let starts_at =
        aism_core::course::credential::parse_timestamp(&w.starts_at).ok_or_else(|| {
            Error::Invalid(format!(
                "startsAt {:?} is not an RFC 3339 time such as 2026-12-10T17:00:00Z",
                w.starts_at
            ))
        })?;
    if !(5..=600).contains(&w.duration_minutes) {
        return Err(Error::Invalid("durationMinutes must be 5 to 600".into()));
    }
    let meeting = match w.provider.as_str() {
        "stored" => {
            let url = w.join_url.as_deref().map(str::trim).unwrap_or_default();
            if !url.starts_with("https://") {
                return Err(Error::Invalid(
                    "a stored session needs a joinUrl starting with https://".into(),
                ));
            }
            Meeting {
                id: String::new(),
                join_url: url.to_string(),
            }
        }
        other => {
            providers
                .create(other, title, starts_at, w.duration_minutes, now)
                .await?
        }
    };
    let id = crate::licences::new_id("web")?;
    sqlx::query(
        "INSERT INTO webinars (id, org_id, title, description, starts_at, duration_minutes, provider, \
         provider_meeting_id, join_url, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(org_id)
    .bind(title)
    .bind(w.description.trim())
    .bind(starts_at)
    .bind(w.duration_minutes)
    .bind(&w.provider)
    .bind((!meeting.id.is_empty()).then_some(meeting.id.clone()))
    .bind(&meeting.join_url)
    .bind(actor)
    .bind(now)
    .execute(db)
    .await?;
    crate::licences::audit(
        db,
        now,
        actor,
        Some(org_id),
        "webinar.create",
        &json!({ "webinar": id, "provider": w.provider }),
    )
    .await?;
    get(db, &id, actor)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no webinar {id}")))
}

/// One session as `user_id` sees it.
pub async fn get(db: &AnyPool, id: &str, user_id: &str) -> Result<Option<Webinar>, Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM webinars w LEFT JOIN webinar_registrations r \
         ON r.webinar_id = w.id AND r.user_id = $1 WHERE w.id = $2"
    ))
    .bind(user_id)
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// The sessions of the organisations `user_id` belongs to, by start time; only those registered
/// for when `registered_only`.
pub async fn list_for_user(
    db: &AnyPool,
    user_id: &str,
    registered_only: bool,
) -> Result<Vec<Webinar>, Error> {
    let filter = if registered_only {
        " AND r.user_id IS NOT NULL"
    } else {
        ""
    };
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM webinars w LEFT JOIN webinar_registrations r \
         ON r.webinar_id = w.id AND r.user_id = $1 \
         WHERE w.org_id IN (SELECT org_id FROM memberships WHERE user_id = $2){filter} \
         ORDER BY w.starts_at, w.id"
    ))
    .bind(user_id)
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// The organisation and provider details of a session.
async fn meeting_of(
    db: &AnyPool,
    id: &str,
) -> Result<Option<(String, String, Option<String>, String, i64, String)>, Error> {
    let row = sqlx::query(
        "SELECT org_id, provider, provider_meeting_id, join_url, starts_at, title FROM webinars WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("org_id")?,
            r.try_get("provider")?,
            r.try_get("provider_meeting_id")?,
            r.try_get("join_url")?,
            r.try_get("starts_at")?,
            r.try_get("title")?,
        ))
    })
    .transpose()
}

/// The organisation of a session, if it exists.
pub async fn org_of(db: &AnyPool, id: &str) -> Result<Option<String>, Error> {
    Ok(meeting_of(db, id).await?.map(|m| m.0))
}

/// Registers `user_id` (idempotent): their own join link from Zoom, the session's otherwise;
/// schedules the reminders a day and a quarter of an hour before the start.
pub async fn register(
    db: &AnyPool,
    providers: &Providers,
    id: &str,
    user_id: &str,
    email: &str,
    now: i64,
) -> Result<Webinar, Error> {
    let (_, provider, meeting, shared, starts_at, _) = meeting_of(db, id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no webinar {id}")))?;
    if let Some(w) = get(db, id, user_id).await?.filter(|w| w.registered) {
        return Ok(w);
    }
    let (registrant, url) = match (provider.as_str(), meeting) {
        ("zoom", Some(m)) => {
            let name: String = sqlx::query("SELECT name FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_one(db)
                .await?
                .try_get("name")?;
            let (r, u) = providers.register_zoom(&m, email, &name, now).await?;
            (Some(r), u)
        }
        _ => (None, shared),
    };
    sqlx::query(
        "INSERT INTO webinar_registrations (webinar_id, user_id, join_url, registrant_id, registered_at) \
         SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS \
         (SELECT 1 FROM webinar_registrations WHERE webinar_id = $6 AND user_id = $7)",
    )
    .bind(id)
    .bind(user_id)
    .bind(&url)
    .bind(registrant)
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(db)
    .await?;
    for (before, label) in [(86_400, "day"), (900, "quarter")] {
        let at = starts_at - before;
        if at > now {
            schedule(
                db,
                "webinar.reminder",
                at,
                &json!({ "webinar": id, "user": user_id, "before": label }),
            )
            .await?;
        }
    }
    get(db, id, user_id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no webinar {id}")))
}

/// Pulls attendance and the recording from the provider.
pub async fn sync(db: &AnyPool, providers: &Providers, id: &str, now: i64) -> Result<usize, Error> {
    let (_, provider, meeting, ..) = meeting_of(db, id)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no webinar {id}")))?;
    let Some(meeting) = meeting else {
        return Err(Error::Invalid(
            "a stored session has no provider to sync attendance from".into(),
        ));
    };
    let (people, recording) = providers.attendance(&provider, &meeting, now).await?;
    let mut matched = 0;
    for a in &people {
        let done = sqlx::query(
            "UPDATE webinar_registrations SET attended_seconds = $1 WHERE webinar_id = $2 AND \
             user_id IN (SELECT id FROM users WHERE email = $3)",
        )
        .bind(a.seconds)
        .bind(id)
        .bind(&a.email)
        .execute(db)
        .await?;
        matched += usize::try_from(done.rows_affected()).unwrap_or(0);
    }
    if let Some(url) = recording {
        sqlx::query(
            "UPDATE webinars SET recording_url = $1, sequence = sequence + 1 WHERE id = $2",
        )
        .bind(url)
        .bind(id)
        .execute(db)
        .await?;
    }
    Ok(matched)
}

/// A registrant and their attendance.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Registrant {
    /// Email.
    pub email: String,
    /// Registered at.
    pub registered_at: i64,
    /// Seconds attended, once synced.
    pub attended_seconds: Option<i64>,
}

/// The registrants of a session.
pub async fn registrants(db: &AnyPool, id: &str) -> Result<Vec<Registrant>, Error> {
    let rows = sqlx::query(
        "SELECT u.email, r.registered_at, r.attended_seconds FROM webinar_registrations r \
         JOIN users u ON u.id = r.user_id WHERE r.webinar_id = $1 ORDER BY u.email",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Registrant {
                email: r.try_get("email")?,
                registered_at: r.try_get("registered_at")?,
                attended_seconds: r.try_get("attended_seconds")?,
            })
        })
        .collect()
}

/// Schedules a job (once per kind and payload).
pub async fn schedule(db: &AnyPool, kind: &str, run_at: i64, payload: &Value) -> Result<(), Error> {
    let payload = payload.to_string();
    sqlx::query(
        "INSERT INTO jobs (id, kind, run_at, payload) SELECT $1, $2, $3, $4 WHERE NOT EXISTS \
         (SELECT 1 FROM jobs WHERE kind = $5 AND payload = $6)",
    )
    .bind(crate::licences::new_id("job")?)
    .bind(kind)
    .bind(run_at)
    .bind(&payload)
    .bind(kind)
    .bind(&payload)
    .execute(db)
    .await?;
    Ok(())
}

/// Runs the jobs due at `now` that no other process holds (a claim older than five minutes is
/// taken over: its process died); returns how many this call ran.
pub async fn run_due(db: &AnyPool, worker: &str, now: i64) -> Result<usize, Error> {
    let due = sqlx::query(
        "SELECT id, kind, payload FROM jobs WHERE done_at IS NULL AND run_at <= $1 \
         AND (claimed_at IS NULL OR claimed_at < $2) ORDER BY run_at LIMIT 100",
    )
    .bind(now)
    .bind(now - 300)
    .fetch_all(db)
    .await?;
    let mut ran = 0;
    for job in due {
        let id: String = job.try_get("id")?;
        let claimed = sqlx::query(
            "UPDATE jobs SET claimed_by = $1, claimed_at = $2, attempts = attempts + 1 \
             WHERE id = $3 AND done_at IS NULL AND (claimed_at IS NULL OR claimed_at < $4)",
        )
        .bind(worker)
        .bind(now)
        .bind(&id)
        .bind(now - 300)
        .execute(db)
        .await?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let kind: String = job.try_get("kind")?;
        let payload: Value = serde_json::from_str(&job.try_get::<String, _>("payload")?)?;
        let outcome = match kind.as_str() {
            "webinar.reminder" => remind(db, &payload, now).await,
            other => Err(Error::Invalid(format!("unknown job kind {other}"))),
        };
        match outcome {
            Ok(()) => {
                sqlx::query("UPDATE jobs SET done_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(&id)
                    .execute(db)
                    .await?;
                ran += 1;
            }
            Err(e) => {
                tracing::warn!(job = %id, error = %e, "job failed; retried later");
                sqlx::query(
                    "UPDATE jobs SET last_error = $1, claimed_at = NULL, run_at = $2 WHERE id = $3",
                )
                .bind(e.to_string())
                .bind(now + 300)
                .bind(&id)
                .execute(db)
                .await?;
            }
        }
    }
    Ok(ran)
}

/// A reminder: a notification the Course panel shows (and a log line for a mail relay).
async fn remind(db: &AnyPool, payload: &Value, now: i64) -> Result<(), Error> {
    let (Some(webinar), Some(user)) = (payload["webinar"].as_str(), payload["user"].as_str())
    else {
        return Err(Error::Invalid("reminder without webinar or user".into()));
    };
    let Some(w) = get(db, webinar, user).await? else {
        return Ok(());
    };
    if !w.registered {
        return Ok(());
    }
    let when = if payload["before"] == "day" {
        "tomorrow"
    } else {
        "in 15 minutes"
    };
    sqlx::query(
        "INSERT INTO notifications (id, user_id, kind, title, body, url, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(crate::licences::new_id("ntf")?)
    .bind(user)
    .bind("webinar.reminder")
    .bind(format!("{} starts {when}", w.title))
    .bind(format!("The webinar starts at {} (UTC).", aism_core::course::credential::timestamp(w.starts_at)))
    .bind(w.join_url.clone())
    .bind(now)
    .execute(db)
    .await?;
    tracing::info!(user = %user, webinar = %webinar, "webinar reminder");
    Ok(())
}

/// The notifications of a user, newest first.
pub async fn notifications(db: &AnyPool, user_id: &str) -> Result<Vec<Value>, Error> {
    let rows = sqlx::query(
        "SELECT id, kind, title, body, url, created_at FROM notifications WHERE user_id = $1 \
         ORDER BY created_at DESC, id LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(json!({
                "id": r.try_get::<String, _>("id")?, "kind": r.try_get::<String, _>("kind")?,
                "title": r.try_get::<String, _>("title")?, "body": r.try_get::<String, _>("body")?,
                "url": r.try_get::<Option<String>, _>("url")?, "createdAt": r.try_get::<i64, _>("created_at")?,
            }))
        })
        .collect()
}

/// A new secret feed token for `user_id` (replacing any earlier one).
pub async fn new_feed(db: &AnyPool, user_id: &str, now: i64) -> Result<String, Error> {
    let token = crate::auth::random_token()?;
    sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id)
        .execute(db)
        .await?;
    sqlx::query("INSERT INTO calendar_feeds (token_hash, user_id, created_at) VALUES ($1, $2, $3)")
        .bind(crate::auth::digest(&token))
        .bind(user_id)
        .bind(now)
        .execute(db)
        .await?;
    Ok(token)
}

/// The user of a feed token.
pub async fn feed_user(db: &AnyPool, token: &str) -> Result<Option<String>, Error> {
    let row = sqlx::query("SELECT user_id FROM calendar_feeds WHERE token_hash = $1")
        .bind(crate::auth::digest(token))
        .fetch_optional(db)
        .await?;
    row.map(|r| r.try_get("user_id").map_err(Error::from))
        .transpose()
}

fn utc(unix: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default()
}

/// An RFC 5545 calendar of `sessions`: one VEVENT each (UID stable per session and host,
/// SEQUENCE, the caller's join link as LOCATION and URL, a display alarm 15 minutes before).
pub fn ics(name: &str, sessions: &[Webinar], host: &str, now: i64) -> String {
    use icalendar::{Alarm, Calendar, Component, Event, EventLike, Property};
    let mut cal = Calendar::new();
    cal.name(name);
    for w in sessions {
        let mut e = Event::new();
        e.uid(&format!("{}@{host}", w.id))
            .timestamp(utc(now))
            .starts(utc(w.starts_at))
            .ends(utc(w.starts_at + w.duration_minutes * 60))
            .summary(&w.title);
        let mut description = w.description.clone();
        if let Some(url) = &w.join_url {
            e.location(url).url(url);
            description = format!("{description}\n\nJoin: {url}").trim().to_string();
        }
        if let Some(rec) = &w.recording_url {
            description = format!("{description}\n\nRecording: {rec}");
        }
        if !description.is_empty() {
            e.description(&description);
        }
        e.append_property(Property::new("SEQUENCE", w.sequence.to_string()));
        e.alarm(Alarm::display(
            &format!("{} starts in 15 minutes", w.title),
            -chrono::Duration::minutes(15),
        ));
        cal.push(e.done());
    }
    cal.done().to_string()
}
