//! The course over HTTP: the outline, lessons, quizzes (scored here), exercises (re-checked here
//! with the core's checker), progress and xAPI statements, certificates, public credential
//! verification and the status list, and the instructor's cohort view.

use super::error::AppError;
use super::{AppState, now};
use crate::Error;
use crate::auth::AuthUser;
use crate::course::{self, Event, IssuedCredential, verbs};
use crate::orgs::{self, Action};
use aism_core::course::content;
use aism_core::course::exercise::{self, Snapshot};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes of this area.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(outline))
        .routes(routes!(my_progress))
        .routes(routes!(lesson))
        .routes(routes!(lesson_viewed))
        .routes(routes!(quiz, submit_quiz))
        .routes(routes!(get_exercise))
        .routes(routes!(submit_exercise))
        .routes(routes!(my_statements))
        .routes(routes!(my_certificates))
        .routes(routes!(get_credential))
        .routes(routes!(verify_credential))
        .routes(routes!(status_list))
        .routes(routes!(cohort))
        .routes(routes!(revoke_credential))
}

#[utoipa::path(get, path = "/api/course", tag = "course", responses(
    (status = 200, description = "The outline: modules, lesson and exercise titles, quiz sizes (no texts, answers or solutions)")
))]
async fn outline(State(st): State<AppState>) -> Json<Value> {
    Json(st.course.outline())
}

/// Progress, what it earns, and the certificates issued for it (issuing any that are due).
async fn progress_answer(st: &AppState, user: &AuthUser) -> Result<Value, AppError> {
    let p = course::progress(&st.db, &user.id).await?;
    let issued = course::issue_earned(
        &st.db,
        &st.course,
        &st.licence_key,
        &st.public_url,
        &user.id,
        &p,
        now(),
    )
    .await?;
    let certificates = course::credentials_of(&st.db, &user.id, &st.public_url).await?;
    Ok(json!({
        "courseVersion": st.course.course.version,
        "modules": content::module_progress(&st.course.course, &p),
        "earned": content::earned(&st.course.course, &p),
        "certificates": certificates.iter().map(summary).collect::<Vec<_>>(),
        "newCertificates": issued.iter().map(summary).collect::<Vec<_>>(),
    }))
}

fn summary(c: &IssuedCredential) -> Value {
    json!({ "id": c.id, "award": c.award, "url": c.url, "issuedAt": c.issued_at, "revokedAt": c.revoked_at })
}

#[utoipa::path(get, path = "/api/course/progress", tag = "course", security(("bearer" = [])), responses(
    (status = 200, description = "Per module: lessons read, best quiz score, exercises passed, complete; certificates earned and issued"),
    (status = 401, description = "Not signed in")
))]
async fn my_progress(State(st): State<AppState>, user: AuthUser) -> Result<Json<Value>, AppError> {
    Ok(Json(progress_answer(&st, &user).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
struct LangQuery {
    /// `en` (default) or `es`.
    lang: Option<String>,
}

fn spanish(q: &LangQuery) -> bool {
    q.lang.as_deref().is_some_and(|l| l.starts_with("es"))
}

#[utoipa::path(get, path = "/api/course/lessons/{id}", tag = "course", security(("bearer" = [])), params(("id" = String, Path), LangQuery), responses(
    (status = 200, description = "The lesson: title, Markdown and HTML in the language asked"),
    (status = 403, description = "No seat of a licence with the course"),
    (status = 404, description = "No such lesson")
))]
async fn lesson(
    State(st): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Json<Value>, AppError> {
    course::require_enrolled(&st.db, &user.id, now()).await?;
    let (m, l) = st
        .course
        .lesson(&id)
        .ok_or_else(|| Error::NotFound(format!("no lesson {id}")))?;
    let (title, body) = if spanish(&q) {
        (&l.title.es, &l.body.es)
    } else {
        (&l.title.en, &l.body.en)
    };
    Ok(Json(json!({
        "id": l.id, "module": m.number, "title": title, "minutes": l.minutes,
        "markdown": body, "html": course::lesson_html(body),
    })))
}

/// Records `event`, then a module completion when this made the module complete.
async fn record(st: &AppState, user: &AuthUser, event: Event<'_>) -> Result<(), AppError> {
    let version = &st.course.course.version;
    course::record(&st.db, &user.id, version, &event, now()).await?;
    let p = course::progress(&st.db, &user.id).await?;
    let done = content::module_progress(&st.course.course, &p)
        .into_iter()
        .any(|m| m.number == event.module && m.complete);
    if done && event.success != Some(false) {
        course::record(
            &st.db,
            &user.id,
            version,
            &Event {
                verb: verbs::COMPLETED,
                kind: "module",
                object: &event.module.to_string(),
                module: event.module,
                score: None,
                success: Some(true),
                result: json!({}),
            },
            now(),
        )
        .await?;
    }
    Ok(())
}

#[utoipa::path(post, path = "/api/course/lessons/{id}/viewed", tag = "course", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, description = "Recorded; the progress, with any certificate this completed"),
    (status = 403, description = "No seat of a licence with the course"),
    (status = 404, description = "No such lesson")
))]
async fn lesson_viewed(
    State(st): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    course::require_enrolled(&st.db, &user.id, now()).await?;
    let (m, l) = st
        .course
        .lesson(&id)
        .ok_or_else(|| Error::NotFound(format!("no lesson {id}")))?;
    let module = m.number;
    let lesson_id = l.id.clone();
    record(
        &st,
        &user,
        Event {
            verb: verbs::EXPERIENCED,
            kind: "lesson",
            object: &lesson_id,
            module,
            score: None,
            success: None,
            result: json!({}),
        },
    )
    .await?;
    Ok(Json(progress_answer(&st, &user).await?))
}

fn module_of(st: &AppState, n: u8) -> Result<&content::Module, Error> {
    st.course
        .module(n)
        .ok_or_else(|| Error::NotFound(format!("no module {n}; modules are 1 to 12")))
}

#[utoipa::path(get, path = "/api/course/modules/{n}/quiz", tag = "course", security(("bearer" = [])), params(("n" = u8, Path), LangQuery), responses(
    (status = 200, description = "The questions and options, without answers"),
    (status = 403, description = "No seat of a licence with the course"),
    (status = 404, description = "No such module")
))]
async fn quiz(
    State(st): State<AppState>,
    user: AuthUser,
    Path(n): Path<u8>,
) -> Result<Json<Value>, AppError> {
    course::require_enrolled(&st.db, &user.id, now()).await?;
    let m = module_of(&st, n)?;
    Ok(Json(content::quiz_without_answers(&m.quiz)))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct QuizBody {
    /// The chosen option (0-based) by question id.
    #[schema(value_type = Object)]
    answers: course::Answers,
}

#[utoipa::path(post, path = "/api/course/modules/{n}/quiz", tag = "course", security(("bearer" = [])), params(("n" = u8, Path)), request_body = QuizBody, responses(
    (status = 200, description = "Scored here: score, passed, per question right or wrong with the explanation; the progress"),
    (status = 400, description = "An answer names no question of this quiz"),
    (status = 403, description = "No seat of a licence with the course"),
    (status = 404, description = "No such module")
))]
async fn submit_quiz(
    State(st): State<AppState>,
    user: AuthUser,
    Path(n): Path<u8>,
    Json(b): Json<QuizBody>,
) -> Result<Json<Value>, AppError> {
    course::require_enrolled(&st.db, &user.id, now()).await?;
    let m = module_of(&st, n)?;
    if let Some(bad) = b
        .answers
        .keys()
        .find(|id| !m.quiz.questions.iter().any(|q| &q.id == *id))
    {
        return Err(
            Error::Invalid(format!("question {bad} is not in the quiz of module {n}")).into(),
        );
    }
    let result = content::score_quiz(&m.quiz, &b.answers);
    record(
        &st,
        &user,
        Event {
            verb: if result.passed {
                verbs::PASSED
            } else {
                verbs::FAILED
            },
            kind: "quiz",
            object: &format!("m{n}-quiz"),
            module: n,
            score: Some(result.score),
            success: Some(result.passed),
            result: json!({ "answers": b.answers, "correct": result.correct, "total": result.total }),
        },
    )
    .await?;
    Ok(Json(json!({
        "result": result,
        "progress": progress_answer(&st, &user).await?,
    })))
}

#[utoipa::path(get, path = "/api/course/exercises/{id}", tag = "course", security(("bearer" = [])), params(("id" = String, Path)), responses(
    (status = 200, description = "The exercise without its solution, and the cells the host reads for a snapshot"),
    (status = 403, description = "No seat of a licence with the course"),
    (status = 404, description = "No such exercise")
))]
async fn get_exercise(
    State(st): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    course::require_enrolled(&st.db, &user.id, now()).await?;
    let mut ex = st
        .course
        .exercise(&id)
        .cloned()
        .ok_or_else(|| Error::NotFound(format!("no exercise {id}")))?;
    let targets = exercise::targets(&ex);
    ex.solution = None;
    Ok(Json(json!({ "exercise": ex, "targets": targets })))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
struct SubmissionBody {
    /// What the host read of the exercise sheet.
    #[schema(value_type = Object)]
    snapshot: Snapshot,
    /// Whether the host's own check passed (recorded, never trusted).
    #[serde(default)]
    host_passed: Option<bool>,
}

#[utoipa::path(post, path = "/api/course/exercises/{id}/submissions", tag = "course", security(("bearer" = [])), params(("id" = String, Path)), request_body = SubmissionBody, responses(
    (status = 200, description = "Re-checked here with the core's checker: passed, score, per check what to change; the progress"),
    (status = 403, description = "No seat of a licence with the course"),
    (status = 404, description = "No such exercise")
))]
async fn submit_exercise(
    State(st): State<AppState>,
    user: AuthUser,
    Path(id): Path<String>,
    Json(b): Json<SubmissionBody>,
) -> Result<Json<Value>, AppError> {
    course::require_enrolled(&st.db, &user.id, now()).await?;
    let ex = st
        .course
        .exercise(&id)
        .ok_or_else(|| Error::NotFound(format!("no exercise {id}")))?;
    if b.snapshot.values.len() + b.snapshot.formulas.len() > 200_000 {
        return Err(
            Error::Invalid("the snapshot is too large: send only the target cells".into()).into(),
        );
    }
    // The checker runs off the async threads: an exercise's functions may take a moment.
    let (ex_owned, snap) = (ex.clone(), b.snapshot);
    let outcome = tokio::task::spawn_blocking(move || exercise::check(&ex_owned, &snap))
        .await
        .map_err(|e| Error::Config(format!("checker: {e}")))?
        .map_err(|e| Error::Config(format!("exercise {id} is broken: {e}")))?;
    record(
        &st,
        &user,
        Event {
            verb: if outcome.passed {
                verbs::PASSED
            } else {
                verbs::FAILED
            },
            kind: "exercise",
            object: &ex.id,
            module: ex.module,
            score: Some(if outcome.checks.is_empty() {
                0.0
            } else {
                outcome.score as f64 / outcome.checks.len() as f64
            }),
            success: Some(outcome.passed),
            result: json!({ "score": outcome.score, "checks": outcome.checks.len(), "hostPassed": b.host_passed }),
        },
    )
    .await?;
    Ok(Json(json!({
        "outcome": outcome,
        "agreesWithHost": b.host_passed.map(|h| h == outcome.passed),
        "progress": progress_answer(&st, &user).await?,
    })))
}

#[utoipa::path(get, path = "/api/course/statements", tag = "course", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's learning events as xAPI statements, newest first (at most 500)"),
    (status = 401, description = "Not signed in")
))]
async fn my_statements(
    State(st): State<AppState>,
    user: AuthUser,
) -> Result<Json<Value>, AppError> {
    let statements = course::statements(&st.db, &user.id, &st.public_url, 500).await?;
    Ok(Json(json!({ "statements": statements })))
}

#[utoipa::path(get, path = "/api/course/certificates", tag = "course", security(("bearer" = [])), responses(
    (status = 200, description = "The caller's certificates with their signed credentials", body = [IssuedCredential]),
    (status = 401, description = "Not signed in")
))]
async fn my_certificates(
    State(st): State<AppState>,
    user: AuthUser,
) -> Result<Json<Vec<IssuedCredential>>, AppError> {
    Ok(Json(
        course::credentials_of(&st.db, &user.id, &st.public_url).await?,
    ))
}

#[utoipa::path(get, path = "/api/credentials/{id}", tag = "credentials", params(("id" = String, Path)), responses(
    (status = 200, description = "The signed Open Badges 3.0 credential (public)"),
    (status = 404, description = "No such credential")
))]
async fn get_credential(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    let (c, _) = course::credential(&st.db, &id, &st.public_url)
        .await?
        .ok_or_else(|| Error::NotFound(format!("no credential {id}")))?;
    Ok(Json(c.document))
}

#[utoipa::path(post, path = "/api/credentials/verify", tag = "credentials", request_body = Object, responses(
    (status = 200, description = "Whether the credential is valid: proof, issuer (this server), validity period, revocation; what is wrong if not")
))]
async fn verify_credential(
    State(st): State<AppState>,
    Json(document): Json<Value>,
) -> Result<Json<aism_core::course::credential::Verification>, AppError> {
    Ok(Json(
        course::verify(&st.db, &st.licence_key, &st.public_url, &document, now()).await?,
    ))
}

#[utoipa::path(get, path = "/credentials/status/1", tag = "credentials", responses(
    (status = 200, description = "The signed Bitstring Status List credential of revocations (public)")
))]
async fn status_list(State(st): State<AppState>) -> Result<Json<Value>, AppError> {
    Ok(Json(
        course::status_list(&st.db, &st.licence_key, &st.public_url, now()).await?,
    ))
}

#[utoipa::path(get, path = "/api/orgs/{org}/course/cohort", tag = "course", security(("bearer" = [])), params(("org" = String, Path)), responses(
    (status = 200, description = "Course progress of the organisation's students and members (owner, admin, instructor)", body = [course::CohortMember]),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member")
))]
async fn cohort(
    State(st): State<AppState>,
    user: AuthUser,
    Path(org): Path<String>,
) -> Result<Json<Vec<course::CohortMember>>, AppError> {
    orgs::require(&st.db, &org, &user.id, Action::ViewCohort).await?;
    Ok(Json(course::cohort(&st.db, &st.course, &org).await?))
}

#[utoipa::path(delete, path = "/api/orgs/{org}/course/credentials/{credential}", tag = "course", security(("bearer" = [])), params(("org" = String, Path), ("credential" = String, Path)), responses(
    (status = 204, description = "Revoked: its bit is set in the status list (owner, admin; credentials of the organisation's members)"),
    (status = 403, description = "The caller's role may not"),
    (status = 404, description = "Not a member, or no such credential of a member")
))]
async fn revoke_credential(
    State(st): State<AppState>,
    user: AuthUser,
    Path((org, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    orgs::require(&st.db, &org, &user.id, Action::RevokeCredential).await?;
    let holder = course::credential(&st.db, &id, &st.public_url)
        .await?
        .map(|(_, holder)| holder);
    let member = match &holder {
        Some(h) => orgs::role_of(&st.db, &org, h).await?.is_some(),
        None => false,
    };
    if !member {
        return Err(Error::NotFound(format!(
            "no credential {id} of a member of this organisation"
        ))
        .into());
    }
    course::revoke(&st.db, &id, &user.id, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
