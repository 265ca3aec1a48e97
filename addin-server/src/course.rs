//! The course on the server: the content loaded from `course/` (TOML, Markdown, exercise JSON),
//! progress recorded as xAPI-style statements, authoritative re-checks of exercises with the
//! core's checker, and certificates issued as Open Badges 3.0 credentials.
//!
//! Credentials are signed with the server's Ed25519 key (the one that signs licence tokens): the
//! issuer is `did:key` of that key, so anyone can verify a credential offline, and the hosts'
//! WASM package holds the same public key it checks licences with.

use crate::Error;
use aism_core::course::content::{self, Course, Lesson, Module, Progress, Question, Quiz};
use aism_core::course::credential::{self, Award};
use aism_core::course::exercise::{self, Exercise};
use aism_core::report::Text;
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The course content as loaded, with lookups by id.
#[derive(Debug, Clone)]
pub struct Content {
    /// The course (exercises resolved, with their reference solutions).
    pub course: Course,
}

/// The folder of the course content in this repository (`addin-server/course`).
pub fn default_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/course"))
}

#[derive(Deserialize)]
struct CourseFile {
    version: String,
    title: Text,
    summary: Text,
}

#[derive(Deserialize)]
struct ModuleFile {
    number: u8,
    slug: String,
    week: u8,
    #[serde(default)]
    system: Option<String>,
    title: Text,
    summary: Text,
    lessons: Vec<LessonFile>,
    quiz: QuizFile,
}

#[derive(Deserialize)]
struct LessonFile {
    id: String,
    file: String,
    #[serde(default)]
    minutes: u32,
    title: Text,
}

#[derive(Deserialize)]
struct QuizFile {
    pass_score: f64,
    questions: Vec<Question>,
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::Config(format!("course content {}: {e}", path.display())))
}

fn toml_file<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Error> {
    toml::from_str(&read(path)?)
        .map_err(|e| Error::Config(format!("course content {}: {e}", path.display())))
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::Config(format!("course content {}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    out.sort();
    Ok(out)
}

impl Content {
    /// Loads and validates the course under `dir`: `course.toml`, then each
    /// `modules/NN-slug/module.toml` with its `lessons/<file>.en.md` and `.es.md` and its
    /// `exercises/*.json` (their `{n}` ranges resolved). Any problem is a configuration error
    /// naming the file.
    pub fn load(dir: &Path) -> Result<Content, Error> {
        let head: CourseFile = toml_file(&dir.join("course.toml"))?;
        let mut modules = Vec::new();
        for module_dir in sorted_entries(&dir.join("modules"))? {
            if !module_dir.is_dir() {
                continue;
            }
            let m: ModuleFile = toml_file(&module_dir.join("module.toml"))?;
            let mut lessons = Vec::new();
            for l in m.lessons {
                let body =
                    |lang: &str| read(&module_dir.join(format!("lessons/{}.{lang}.md", l.file)));
                lessons.push(Lesson {
                    id: l.id,
                    title: l.title,
                    minutes: l.minutes,
                    body: Text {
                        en: body("en")?,
                        es: body("es")?,
                    },
                });
            }
            let mut exercises = Vec::new();
            let ex_dir = module_dir.join("exercises");
            if ex_dir.is_dir() {
                for file in sorted_entries(&ex_dir)? {
                    let ex: Exercise = serde_json::from_str(&read(&file)?).map_err(|e| {
                        Error::Config(format!("course content {}: {e}", file.display()))
                    })?;
                    exercises.push(exercise::resolved(&ex).map_err(|e| {
                        Error::Config(format!("course content {}: {e}", file.display()))
                    })?);
                }
            }
            modules.push(Module {
                number: m.number,
                slug: m.slug,
                week: m.week,
                system: m.system,
                title: m.title,
                summary: m.summary,
                lessons,
                quiz: Quiz {
                    pass_score: m.quiz.pass_score,
                    questions: m.quiz.questions,
                },
                exercises,
            });
        }
        let course = Course {
            version: head.version,
            title: head.title,
            summary: head.summary,
            modules,
        };
        let problems = content::validate(&course);
        if !problems.is_empty() {
            return Err(Error::Config(format!(
                "course content under {}: {}",
                dir.display(),
                problems.join("; ")
            )));
        }
        Ok(Content { course })
    }

    /// Module `number`.
    pub fn module(&self, number: u8) -> Option<&Module> {
        self.course.modules.iter().find(|m| m.number == number)
    }

    /// A lesson and its module.
    pub fn lesson(&self, id: &str) -> Option<(&Module, &Lesson)> {
        self.course
            .modules
            .iter()
            .find_map(|m| m.lessons.iter().find(|l| l.id == id).map(|l| (m, l)))
    }

    /// An exercise, with its reference solution.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.course
            .modules
            .iter()
            .find_map(|m| m.exercises.iter().find(|e| e.id == id))
    }

    /// The course outline the hosts show: modules with lesson titles, exercise titles and quiz
    /// size, no lesson text, no answers, no solutions.
    pub fn outline(&self) -> Value {
        json!({
            "version": self.course.version,
            "title": self.course.title,
            "summary": self.course.summary,
            "modules": self.course.modules.iter().map(|m| json!({
                "number": m.number,
                "slug": m.slug,
                "week": m.week,
                "system": m.system,
                "title": m.title,
                "summary": m.summary,
                "lessons": m.lessons.iter().map(|l| json!({"id": l.id, "title": l.title, "minutes": l.minutes})).collect::<Vec<_>>(),
                "exercises": m.exercises.iter().map(|e| json!({"id": e.id, "title": e.title})).collect::<Vec<_>>(),
                "quiz": {"questions": m.quiz.questions.len(), "passScore": m.quiz.pass_score},
            })).collect::<Vec<_>>(),
        })
    }
}

/// A lesson's Markdown as HTML. Raw HTML in the Markdown is shown as text, never passed through.
pub fn lesson_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    out
}

/// ADL verb IRIs of the statements.
pub mod verbs {
    /// A lesson was read.
    pub const EXPERIENCED: &str = "http://adlnet.gov/expapi/verbs/experienced";
    /// A quiz or exercise attempt succeeded.
    pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
    /// A quiz or exercise attempt failed.
    pub const FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
    /// A module's completion rules were all met.
    pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
    /// A certificate was issued.
    pub const EARNED: &str = "http://id.tincanapi.com/verb/earned";
}

/// One learning event to record.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    /// Verb IRI ([`verbs`]).
    pub verb: &'a str,
    /// `lesson`, `quiz`, `exercise`, `module`, `credential`.
    pub kind: &'a str,
    /// The object's id (`m3-l1`, `m3-forecast-week`, a module number, a credential id).
    pub object: &'a str,
    /// Module number (0 for none).
    pub module: u8,
    /// Scaled score 0–1.
    pub score: Option<f64>,
    /// Success.
    pub success: Option<bool>,
    /// Details (answers, check results).
    pub result: Value,
}

/// Records `event` for `user_id` under the course version `version`; returns the statement id.
pub async fn record(
    db: &AnyPool,
    user_id: &str,
    version: &str,
    event: &Event<'_>,
    now: i64,
) -> Result<String, Error> {
    let id = crate::licences::new_id("stmt")?;
    sqlx::query(
        "INSERT INTO course_statements (id, user_id, verb, kind, object, module, score_ppm, success, \
         result, course_version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(event.verb)
    .bind(event.kind)
    .bind(event.object)
    .bind(i64::from(event.module))
    // Millionths in an integer: one type on SQLite and PostgreSQL through sqlx's Any driver.
    .bind(event.score.map(|s| (s * 1e6).round() as i64))
    .bind(event.success.map(i64::from))
    .bind(event.result.to_string())
    .bind(version)
    .bind(now)
    .execute(db)
    .await?;
    Ok(id)
}

/// The progress of `user_id`, computed from their statements: lessons read, best quiz score per
/// module, exercises passed.
pub async fn progress(db: &AnyPool, user_id: &str) -> Result<Progress, Error> {
    let rows = sqlx::query(
        "SELECT verb, kind, object, module, score_ppm FROM course_statements WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    let mut p = Progress::default();
    for r in rows {
        let verb: String = r.try_get("verb")?;
        let kind: String = r.try_get("kind")?;
        let object: String = r.try_get("object")?;
        match (kind.as_str(), verb.as_str()) {
            ("lesson", verbs::EXPERIENCED) => {
                p.lessons_viewed.insert(object);
            }
            ("quiz", _) => {
                let module = u8::try_from(r.try_get::<i64, _>("module")?).unwrap_or(0);
                let score = r
                    .try_get::<Option<i64>, _>("score_ppm")?
                    .map(|p| p as f64 / 1e6);
                let best = p.best_quiz.entry(module).or_insert(0.0);
                *best = best.max(score.unwrap_or(0.0));
            }
            ("exercise", verbs::PASSED) => {
                p.exercises_passed.insert(object);
            }
            _ => {}
        }
    }
    Ok(p)
}

/// The statements of `user_id` as xAPI statements (newest first, at most `limit`).
pub async fn statements(
    db: &AnyPool,
    user_id: &str,
    public_url: &str,
    limit: i64,
) -> Result<Vec<Value>, Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.verb, s.kind, s.object, s.module, s.score_ppm, s.success, s.result, \
         s.course_version, s.created_at, u.email FROM course_statements s \
         JOIN users u ON u.id = s.user_id WHERE s.user_id = $1 \
         ORDER BY s.created_at DESC, s.id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| {
            let verb: String = r.try_get("verb")?;
            let kind: String = r.try_get("kind")?;
            let object: String = r.try_get("object")?;
            let email: String = r.try_get("email")?;
            let score = r.try_get::<Option<i64>, _>("score_ppm")?.map(|p| p as f64 / 1e6);
            let success: Option<i64> = r.try_get("success")?;
            let details: String = r.try_get("result")?;
            let display = verb.rsplit('/').next().unwrap_or_default().to_string();
            let mut result = json!({ "extensions": {
                format!("{public_url}/xapi/result"): serde_json::from_str::<Value>(&details).unwrap_or(Value::Null)
            }});
            if let Some(s) = score {
                result["score"] = json!({ "scaled": s });
            }
            if let Some(s) = success {
                result["success"] = json!(s != 0);
            }
            Ok(json!({
                "id": r.try_get::<String, _>("id")?,
                "actor": { "objectType": "Agent", "mbox": format!("mailto:{email}") },
                "verb": { "id": verb, "display": { "en-US": display } },
                "object": {
                    "objectType": "Activity",
                    "id": format!("{public_url}/course/{kind}/{object}"),
                },
                "result": result,
                "context": {
                    "extensions": {
                        format!("{public_url}/xapi/course-version"): r.try_get::<String, _>("course_version")?,
                        format!("{public_url}/xapi/module"): r.try_get::<i64, _>("module")?,
                    }
                },
                "timestamp": credential::timestamp(r.try_get("created_at")?),
            }))
        })
        .collect()
}

/// Refuses users who hold no seat of a live licence that includes the course.
pub async fn require_enrolled(db: &AnyPool, user_id: &str, now: i64) -> Result<(), Error> {
    require_entitlement(db, user_id, aism_core::licence::FEATURE_COURSE, now).await
}

/// Refuses users who hold no seat of a live licence with `entitlement`.
pub async fn require_entitlement(
    db: &AnyPool,
    user_id: &str,
    entitlement: &str,
    now: i64,
) -> Result<(), Error> {
    let held = crate::licences::list_held(db, user_id).await?;
    let entitled = held.iter().any(|l| {
        l.revoked_at.is_none()
            && l.starts_at <= now
            && now < l.expires_at
            && l.entitlements.iter().any(|e| e == entitlement)
    });
    if entitled {
        Ok(())
    } else {
        Err(Error::Forbidden(format!(
            "this needs a seat of a licence with {entitlement} ({}); check a licence out in the \
             Account panel",
            aism_core::licence::plans_with(entitlement)
        )))
    }
}

/// A certificate as its holder or a verifier sees it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssuedCredential {
    /// Credential id (the short id in its URL).
    pub id: String,
    /// Which certificate (`specialist-sales`, `expert` …).
    pub award: String,
    /// The public verification page.
    pub url: String,
    /// Issued at, Unix seconds.
    pub issued_at: i64,
    /// Revoked at, if it was.
    pub revoked_at: Option<i64>,
    /// The signed credential.
    #[schema(value_type = Object)]
    pub document: Value,
}

/// The status list every credential points at.
pub fn status_list_url(public_url: &str) -> String {
    format!("{public_url}/credentials/status/1")
}

fn random_index() -> Result<u64, Error> {
    let mut b = [0u8; 8];
    getrandom::getrandom(&mut b).map_err(|e| Error::Config(format!("no randomness: {e}")))?;
    Ok(u64::from_le_bytes(b) % credential::STATUS_LIST_BITS as u64)
}

fn credential_from_row(r: &sqlx::any::AnyRow, public_url: &str) -> Result<IssuedCredential, Error> {
    let id: String = r.try_get("id")?;
    let document: String = r.try_get("document")?;
    Ok(IssuedCredential {
        url: format!("{public_url}/credentials/{id}"),
        id,
        award: r.try_get("award")?,
        issued_at: r.try_get("issued_at")?,
        revoked_at: r.try_get("revoked_at")?,
        document: serde_json::from_str(&document)?,
    })
}

const CREDENTIAL_COLUMNS: &str = "id, award, issued_at, revoked_at, document";

/// The credentials of `user_id`, oldest first.
pub async fn credentials_of(
    db: &AnyPool,
    user_id: &str,
    public_url: &str,
) -> Result<Vec<IssuedCredential>, Error> {
    let rows = sqlx::query(&format!(
        "SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE user_id = $1 ORDER BY issued_at, id"
    ))
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|r| credential_from_row(r, public_url))
        .collect()
}

/// One credential by id, with its holder's id.
pub async fn credential(
    db: &AnyPool,
    id: &str,
    public_url: &str,
) -> Result<Option<(IssuedCredential, String)>, Error> {
    let row = sqlx::query(&format!(
        "SELECT {CREDENTIAL_COLUMNS}, user_id FROM credentials WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(|r| Ok((credential_from_row(&r, public_url)?, r.try_get("user_id")?)))
        .transpose()
}

/// Issues a credential for every certificate `progress` (`user_id`'s, from [`progress`]) earns
/// and they do not hold yet; returns the new ones.
pub async fn issue_earned(
    db: &AnyPool,
    content: &Content,
    key: &SigningKey,
    public_url: &str,
    user_id: &str,
    progress: &Progress,
    now: i64,
) -> Result<Vec<IssuedCredential>, Error> {
    let held: Vec<String> = credentials_of(db, user_id, public_url)
        .await?
        .into_iter()
        .map(|c| c.award)
        .collect();
    let user = sqlx::query("SELECT email, name FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(db)
        .await?;
    let email: String = user.try_get("email")?;
    let name: String = user.try_get("name")?;
    let shown = if name.trim().is_empty() {
        email.split('@').next().unwrap_or_default().to_string()
    } else {
        name
    };
    let mut out = Vec::new();
    for earned in content::earned(&content.course, progress) {
        let award = earned.key();
        if held.contains(&award) {
            continue;
        }
        let (title, description) = earned.describe();
        let mut issued = None;
        // A random place in the status list (the list reveals nothing about issue order); a
        // collision with another credential is retried.
        for _ in 0..8 {
            let id = crate::licences::new_id("cred")?;
            let index = random_index()?;
            let doc = credential::open_badge(
                &Award {
                    id: format!("{public_url}/credentials/{id}"),
                    issuer_name: "AI Spreadsheet Mastery".into(),
                    issuer_url: public_url.to_string(),
                    achievement_id: format!("{public_url}/course/achievements/{award}"),
                    name: title.clone(),
                    description: description.clone(),
                    criteria: description.clone(),
                    recipient_id: format!("urn:aism:learner:{user_id}"),
                    recipient_name: shown.clone(),
                    valid_from: now,
                    valid_until: None,
                    status: Some((status_list_url(public_url), index)),
                },
                &key.verifying_key(),
            );
            let signed = credential::sign(&doc, key, now)
                .map_err(|e| Error::Invalid(format!("credential: {e}")))?;
            let inserted = sqlx::query(
                "INSERT INTO credentials (id, user_id, award, status_index, document, issued_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&id)
            .bind(user_id)
            .bind(&award)
            .bind(i64::try_from(index).unwrap_or(0))
            .bind(signed.to_string())
            .bind(now)
            .execute(db)
            .await;
            match inserted {
                Ok(_) => {
                    issued = Some(IssuedCredential {
                        url: format!("{public_url}/credentials/{id}"),
                        id,
                        award: award.clone(),
                        issued_at: now,
                        revoked_at: None,
                        document: signed,
                    });
                    break;
                }
                // Another server issued the same award a moment ago: nothing to add.
                Err(_) if holds(db, user_id, &award).await? => break,
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
                Err(e) => return Err(e.into()),
            }
        }
        if let Some(c) = issued {
            record(
                db,
                user_id,
                &content.course.version,
                &Event {
                    verb: verbs::EARNED,
                    kind: "credential",
                    object: &c.id,
                    module: 0,
                    score: None,
                    success: Some(true),
                    result: json!({ "award": c.award }),
                },
                now,
            )
            .await?;
            crate::licences::audit(
                db,
                now,
                user_id,
                None,
                "credential.issue",
                &json!({ "credential": c.id, "award": c.award }),
            )
            .await?;
            out.push(c);
        }
    }
    Ok(out)
}

async fn holds(db: &AnyPool, user_id: &str, award: &str) -> Result<bool, Error> {
    Ok(
        sqlx::query("SELECT 1 FROM credentials WHERE user_id = $1 AND award = $2")
            .bind(user_id)
            .bind(award)
            .fetch_optional(db)
            .await?
            .is_some(),
    )
}

/// Revokes a credential (idempotent: the first revocation time is kept).
pub async fn revoke(db: &AnyPool, id: &str, actor: &str, now: i64) -> Result<(), Error> {
    let done = sqlx::query(
        "UPDATE credentials SET revoked_at = COALESCE(revoked_at, $1), \
         revoked_by = COALESCE(revoked_by, $2) WHERE id = $3",
    )
    .bind(now)
    .bind(actor)
    .bind(id)
    .execute(db)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound(format!("no credential {id}")));
    }
    crate::licences::audit(
        db,
        now,
        actor,
        None,
        "credential.revoke",
        &json!({ "credential": id }),
    )
    .await
}

/// The signed status list credential: the bits of every revoked credential set.
pub async fn status_list(
    db: &AnyPool,
    key: &SigningKey,
    public_url: &str,
    now: i64,
) -> Result<Value, Error> {
    let rows = sqlx::query("SELECT status_index FROM credentials WHERE revoked_at IS NOT NULL")
        .fetch_all(db)
        .await?;
    let revoked = rows
        .iter()
        .map(|r| r.try_get::<i64, _>("status_index").map(|i| i.max(0) as u64))
        .collect::<Result<Vec<u64>, _>>()?;
    let list = credential::status_list(
        &status_list_url(public_url),
        &key.verifying_key(),
        "AI Spreadsheet Mastery",
        &revoked,
        now,
    )
    .and_then(|l| credential::sign(&l, key, now))
    .map_err(|e| Error::Invalid(format!("status list: {e}")))?;
    Ok(list)
}

/// Verifies `document` as this server would: its proof, this server's key as the issuer, the
/// validity period and the current status list.
pub async fn verify(
    db: &AnyPool,
    key: &SigningKey,
    public_url: &str,
    document: &Value,
    now: i64,
) -> Result<credential::Verification, Error> {
    let list = status_list(db, key, public_url, now).await?;
    Ok(credential::verify(
        document,
        now,
        Some(&key.verifying_key()),
        Some(&list),
    ))
}

/// One member's course progress in a cohort.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CohortMember {
    /// User id.
    pub user_id: String,
    /// Email.
    pub email: String,
    /// Role in the organisation.
    pub role: String,
    /// Modules complete.
    pub modules_complete: usize,
    /// Per module.
    #[schema(value_type = Vec<Object>)]
    pub modules: Vec<content::ModuleProgress>,
    /// Certificates held (award keys; revoked ones left out).
    pub certificates: Vec<String>,
    /// Time of the last statement, if any.
    pub last_activity: Option<i64>,
}

/// The course progress of an organisation's students and members (not its owners, admins and
/// instructors), by email.
pub async fn cohort(
    db: &AnyPool,
    content: &Content,
    org_id: &str,
) -> Result<Vec<CohortMember>, Error> {
    let rows = sqlx::query(
        "SELECT m.user_id, m.role, u.email, \
         (SELECT MAX(created_at) FROM course_statements s WHERE s.user_id = m.user_id) AS last \
         FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 AND m.role IN ('student', 'member') ORDER BY u.email",
    )
    .bind(org_id)
    .fetch_all(db)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let user_id: String = r.try_get("user_id")?;
        let p = progress(db, &user_id).await?;
        let modules = content::module_progress(&content.course, &p);
        let certificates = sqlx::query(
            "SELECT award FROM credentials WHERE user_id = $1 AND revoked_at IS NULL ORDER BY award",
        )
        .bind(&user_id)
        .fetch_all(db)
        .await?
        .iter()
        .map(|c| c.try_get::<String, _>("award"))
        .collect::<Result<Vec<_>, _>>()?;
        out.push(CohortMember {
            modules_complete: modules.iter().filter(|m| m.complete).count(),
            modules,
            certificates,
            email: r.try_get("email")?,
            role: r.try_get("role")?,
            last_activity: r.try_get("last")?,
            user_id,
        });
    }
    Ok(out)
}

/// The answers of a quiz submission by question id.
pub type Answers = BTreeMap<String, usize>;
