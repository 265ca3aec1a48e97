//! The course's content model (modules, lessons, quizzes, exercises) and its rules: quiz
//! scoring, module completion and which certificates a student's progress earns. The server loads
//! the content from `addin-server/course/` and applies these rules; the hosts show the same.

use super::exercise::Exercise;
use crate::report::Text;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The whole course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Course {
    /// Content version (`2026.12.1`); recorded with every progress statement.
    pub version: String,
    /// Title.
    pub title: Text,
    /// Summary.
    pub summary: Text,
    /// The modules, by number.
    pub modules: Vec<Module>,
}

/// One module (one week).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Module {
    /// 1–12.
    pub number: u8,
    /// URL part (`daily-sales`).
    pub slug: String,
    /// Week of the programme.
    pub week: u8,
    /// The core system the module teaches (`sales`, `pnl`, `inventory`, `pricing`, `customers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// Title.
    pub title: Text,
    /// Summary.
    pub summary: Text,
    /// Lessons in order.
    pub lessons: Vec<Lesson>,
    /// The quiz.
    pub quiz: Quiz,
    /// In-sheet exercises.
    #[serde(default)]
    pub exercises: Vec<Exercise>,
}

/// A lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lesson {
    /// Stable id (`m3-l1`).
    pub id: String,
    /// Title.
    pub title: Text,
    /// Reading time in minutes.
    #[serde(default)]
    pub minutes: u32,
    /// The text, Markdown.
    #[serde(default)]
    pub body: Text,
}

/// A module's quiz.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quiz {
    /// Share of right answers needed to pass (0.7).
    pub pass_score: f64,
    /// The questions.
    pub questions: Vec<Question>,
}

/// A multiple-choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    /// Stable id (`m3-q1`).
    pub id: String,
    /// The question.
    pub prompt: Text,
    /// The options.
    pub options: Vec<Text>,
    /// Index of the right option (never sent to the hosts before answering).
    pub answer: usize,
    /// Why the right answer is right.
    pub explanation: Text,
}

/// Problems found in the content, each naming the module and item.
pub fn validate(course: &Course) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    let mut seen = |id: &str, problems: &mut Vec<String>| {
        if !ids.insert(id.to_string()) {
            problems.push(format!("id {id} is used twice"));
        }
    };
    for (i, m) in course.modules.iter().enumerate() {
        let at = format!("module {}", m.number);
        if usize::from(m.number) != i + 1 {
            problems.push(format!("{at}: modules must be numbered 1, 2, … in order"));
        }
        for text in [&m.title, &m.summary] {
            if text.en.trim().is_empty() || text.es.trim().is_empty() {
                problems.push(format!("{at}: a title or summary lacks English or Spanish"));
            }
        }
        if m.lessons.is_empty() {
            problems.push(format!("{at}: no lessons"));
        }
        for l in &m.lessons {
            seen(&l.id, &mut problems);
            if l.body.en.trim().is_empty() || l.body.es.trim().is_empty() {
                problems.push(format!("{at}, lesson {}: text missing in a language", l.id));
            }
        }
        if !(0.0..=1.0).contains(&m.quiz.pass_score) || m.quiz.questions.is_empty() {
            problems.push(format!(
                "{at}: the quiz needs questions and a pass score in 0–1"
            ));
        }
        for q in &m.quiz.questions {
            seen(&q.id, &mut problems);
            if q.options.len() < 2 || q.answer >= q.options.len() {
                problems.push(format!(
                    "{at}, question {}: needs 2+ options and a valid answer",
                    q.id
                ));
            }
        }
        for e in &m.exercises {
            seen(&e.id, &mut problems);
            if e.module != m.number {
                problems.push(format!("exercise {} says module {}", e.id, e.module));
            }
            if e.checks.is_empty() {
                problems.push(format!("exercise {}: no checks", e.id));
            }
        }
    }
    problems
}

/// A quiz as the hosts see it before answering: the questions without their answers.
pub fn quiz_without_answers(quiz: &Quiz) -> serde_json::Value {
    serde_json::json!({
        "passScore": quiz.pass_score,
        "questions": quiz.questions.iter().map(|q| serde_json::json!({
            "id": q.id, "prompt": q.prompt, "options": q.options,
        })).collect::<Vec<_>>(),
    })
}

/// The result of answering a quiz.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizResult {
    /// Share of right answers (0–1).
    pub score: f64,
    /// Right answers.
    pub correct: usize,
    /// Questions.
    pub total: usize,
    /// Score reached the pass score.
    pub passed: bool,
    /// Per question: id, right or not, the right option and the explanation.
    pub questions: Vec<QuestionResult>,
}

/// One answered question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionResult {
    /// Question id.
    pub id: String,
    /// The given answer was right.
    pub correct: bool,
    /// The right option.
    pub answer: usize,
    /// Why.
    pub explanation: Text,
}

/// Scores `answers` (question id → chosen option). Unanswered questions count as wrong.
pub fn score_quiz(quiz: &Quiz, answers: &BTreeMap<String, usize>) -> QuizResult {
    let questions: Vec<QuestionResult> = quiz
        .questions
        .iter()
        .map(|q| QuestionResult {
            id: q.id.clone(),
            correct: answers.get(&q.id) == Some(&q.answer),
            answer: q.answer,
            explanation: q.explanation.clone(),
        })
        .collect();
    let correct = questions.iter().filter(|q| q.correct).count();
    let total = questions.len();
    let score = if total == 0 {
        0.0
    } else {
        correct as f64 / total as f64
    };
    QuizResult {
        score,
        correct,
        total,
        // A small epsilon so that 7 of 10 passes a 0.7 threshold despite rounding.
        passed: total > 0 && score + 1e-9 >= quiz.pass_score,
        questions,
    }
}

/// What a student has done, as the server's records say.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Progress {
    /// Lessons viewed (ids).
    pub lessons_viewed: BTreeSet<String>,
    /// Best quiz score per module number.
    pub best_quiz: BTreeMap<u8, f64>,
    /// Exercises passed (ids).
    pub exercises_passed: BTreeSet<String>,
}

/// A module's state for a student.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModuleProgress {
    /// Module number.
    pub number: u8,
    /// Lessons viewed of the module's lessons.
    pub lessons_viewed: usize,
    /// The module's lessons.
    pub lessons: usize,
    /// Best quiz score (0–1), when attempted.
    pub quiz_score: Option<f64>,
    /// The best score reaches the pass score.
    pub quiz_passed: bool,
    /// Exercises passed.
    pub exercises_passed: usize,
    /// The module's exercises.
    pub exercises: usize,
    /// Every lesson viewed, the quiz passed and every exercise passed.
    pub complete: bool,
}

/// The state of every module for `progress`.
pub fn module_progress(course: &Course, progress: &Progress) -> Vec<ModuleProgress> {
    course
        .modules
        .iter()
        .map(|m| {
            let lessons_viewed = m
                .lessons
                .iter()
                .filter(|l| progress.lessons_viewed.contains(&l.id))
                .count();
            let exercises_passed = m
                .exercises
                .iter()
                .filter(|e| progress.exercises_passed.contains(&e.id))
                .count();
            let quiz_score = progress.best_quiz.get(&m.number).copied();
            let quiz_passed = quiz_score.is_some_and(|s| s + 1e-9 >= m.quiz.pass_score);
            ModuleProgress {
                number: m.number,
                lessons_viewed,
                lessons: m.lessons.len(),
                quiz_score,
                quiz_passed,
                exercises_passed,
                exercises: m.exercises.len(),
                complete: lessons_viewed == m.lessons.len()
                    && quiz_passed
                    && exercises_passed == m.exercises.len(),
            }
        })
        .collect()
}

/// A certificate of the programme (SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Certificate {
    /// Every module complete.
    Expert,
    /// The module of one system complete (with its exercises).
    Specialist,
    /// Modules 8–11 complete (integration, consulting, advanced strategies, scaling).
    Advanced,
    /// Granted by an organisation's owner or admin to an Expert who teaches.
    Instructor,
}

/// A certificate a student has earned: the kind and, for a specialist, the system.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Earned {
    /// Which certificate.
    pub certificate: Certificate,
    /// The system of a specialist certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
}

impl Earned {
    /// Stable key of the achievement (`expert`, `specialist-sales` …).
    pub fn key(&self) -> String {
        match (&self.certificate, &self.system) {
            (Certificate::Specialist, Some(s)) => format!("specialist-{s}"),
            (Certificate::Expert, _) => "expert".into(),
            (Certificate::Specialist, None) => "specialist".into(),
            (Certificate::Advanced, _) => "advanced".into(),
            (Certificate::Instructor, _) => "instructor".into(),
        }
    }

    /// The achievement's name and description.
    pub fn describe(&self) -> (Text, Text) {
        let system = self.system.as_deref().map(system_name);
        match self.certificate {
            Certificate::Expert => (
                Text::new(
                    "AI Spreadsheet Expert",
                    "Experto en hojas de cálculo con IA",
                ),
                Text::new(
                    "Completed all 12 modules of the AI Spreadsheet Mastery programme: every lesson, quiz and in-sheet exercise, and the certification assessment.",
                    "Completó los 12 módulos del programa AI Spreadsheet Mastery: todas las lecciones, cuestionarios y ejercicios en la hoja, y la evaluación de certificación.",
                ),
            ),
            Certificate::Specialist => {
                let s = system.unwrap_or_else(|| Text::new("a core system", "un sistema"));
                (
                    Text::new(
                        format!("System Specialist: {}", s.en),
                        format!("Especialista en sistema: {}", s.es),
                    ),
                    Text::new(
                        format!(
                            "Completed the {} module, its quiz and its in-sheet exercises, checked by the AISM engine.",
                            s.en
                        ),
                        format!(
                            "Completó el módulo de {}, su cuestionario y sus ejercicios en la hoja, verificados por el motor AISM.",
                            s.es
                        ),
                    ),
                )
            }
            Certificate::Advanced => (
                Text::new("Advanced Practitioner", "Profesional avanzado"),
                Text::new(
                    "Completed the advanced modules 8–11: system integration, the consulting practice, advanced strategies and scaling.",
                    "Completó los módulos avanzados 8–11: integración de sistemas, la práctica de consultoría, estrategias avanzadas y crecimiento.",
                ),
            ),
            Certificate::Instructor => (
                Text::new(
                    "AI Spreadsheet Instructor",
                    "Instructor de hojas de cálculo con IA",
                ),
                Text::new(
                    "An AI Spreadsheet Expert approved by their organisation to teach the programme.",
                    "Un Experto en hojas de cálculo con IA aprobado por su organización para enseñar el programa.",
                ),
            ),
        }
    }
}

/// The name of a core system (`sales` → Daily sales monitoring).
pub fn system_name(system: &str) -> Text {
    match system {
        "sales" => Text::new("Daily sales monitoring", "Monitoreo diario de ventas"),
        "pnl" => Text::new("Monthly P&L analysis", "Análisis mensual de P&L"),
        "inventory" => Text::new("Inventory management", "Gestión de inventario"),
        "pricing" => Text::new("Product pricing analysis", "Análisis de precios"),
        "customers" => Text::new("Customer management", "Gestión de clientes"),
        other => Text::new(other, other),
    }
}

/// The certificates `progress` earns (the instructor certificate is granted, never earned).
pub fn earned(course: &Course, progress: &Progress) -> Vec<Earned> {
    let states = module_progress(course, progress);
    let complete = |n: u8| states.iter().any(|s| s.number == n && s.complete);
    let mut out = Vec::new();
    for m in &course.modules {
        if let Some(system) = &m.system
            && complete(m.number)
        {
            out.push(Earned {
                certificate: Certificate::Specialist,
                system: Some(system.clone()),
            });
        }
    }
    if (8..=11).all(|n| course.modules.iter().any(|m| m.number == n)) && (8..=11).all(complete) {
        out.push(Earned {
            certificate: Certificate::Advanced,
            system: None,
        });
    }
    if !states.is_empty() && states.iter().all(|s| s.complete) {
        out.push(Earned {
            certificate: Certificate::Expert,
            system: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Text {
        Text::new(s, s)
    }

    fn module(number: u8, system: Option<&str>) -> Module {
        Module {
            number,
            slug: format!("m{number}"),
            week: number,
            system: system.map(str::to_string),
            title: t("Title"),
            summary: t("Summary"),
            lessons: vec![Lesson {
                id: format!("m{number}-l1"),
                title: t("Lesson"),
                minutes: 10,
                body: t("Text"),
            }],
            quiz: Quiz {
                pass_score: 0.7,
                questions: (0..10)
                    .map(|i| Question {
                        id: format!("m{number}-q{i}"),
                        prompt: t("?"),
                        options: vec![t("a"), t("b"), t("c")],
                        answer: i % 3,
                        explanation: t("because"),
                    })
                    .collect(),
            },
            exercises: Vec::new(),
        }
    }

    fn course() -> Course {
        let systems = ["sales", "pnl", "inventory", "pricing", "customers"];
        Course {
            version: "test".into(),
            title: t("Course"),
            summary: t("Summary"),
            modules: (1..=12)
                .map(|n| {
                    let system = (3..=7).contains(&n).then(|| systems[usize::from(n) - 3]);
                    module(n, system)
                })
                .collect(),
        }
    }

    #[test]
    fn quiz_scoring_and_threshold() {
        let quiz = &course().modules[0].quiz;
        let right: BTreeMap<String, usize> = quiz
            .questions
            .iter()
            .map(|q| (q.id.clone(), q.answer))
            .collect();
        let r = score_quiz(quiz, &right);
        assert_eq!((r.correct, r.total, r.passed), (10, 10, true));
        // 7 of 10 passes 0.7 exactly; 6 does not.
        let mut seven = right.clone();
        for q in quiz.questions.iter().take(3) {
            seven.insert(q.id.clone(), (q.answer + 1) % 3);
        }
        assert!(score_quiz(quiz, &seven).passed);
        let mut six = seven.clone();
        six.remove(&quiz.questions[5].id);
        let r = score_quiz(quiz, &six);
        assert_eq!((r.correct, r.passed), (6, false));
        assert!(!r.questions[5].correct && r.questions[5].answer == quiz.questions[5].answer);
        // Answers are not in what the hosts get before answering.
        let shown = quiz_without_answers(quiz).to_string();
        assert!(!shown.contains("answer") && !shown.contains("because"));
    }

    #[test]
    fn completion_and_certificates() {
        let mut c = course();
        c.modules[2].exercises = vec![
            serde_json::from_str(include_str!(
                "../../../addin-server/course/modules/03-daily-sales/exercises/m3-forecast-week.json"
            ))
            .unwrap(),
        ];
        assert!(validate(&c).is_empty(), "{:?}", validate(&c));
        let mut p = Progress::default();
        let all_right = |m: &Module| 1.0_f64.min(m.quiz.questions.len() as f64);
        // Module 3: lessons and quiz are not enough while its exercise is not passed.
        p.lessons_viewed.insert("m3-l1".into());
        p.best_quiz.insert(3, 0.8);
        assert!(!module_progress(&c, &p)[2].complete);
        assert!(earned(&c, &p).is_empty());
        p.exercises_passed.insert("m3-forecast-week".into());
        assert!(module_progress(&c, &p)[2].complete);
        assert_eq!(earned(&c, &p)[0].key(), "specialist-sales");
        // Everything: the five specialists, advanced and expert.
        for m in &c.modules {
            for l in &m.lessons {
                p.lessons_viewed.insert(l.id.clone());
            }
            p.best_quiz.insert(m.number, all_right(m));
        }
        let keys: Vec<String> = earned(&c, &p).iter().map(Earned::key).collect();
        assert_eq!(
            keys,
            [
                "specialist-sales",
                "specialist-pnl",
                "specialist-inventory",
                "specialist-pricing",
                "specialist-customers",
                "advanced",
                "expert"
            ]
        );
        // A quiz below the pass score keeps module 12 and so the expert certificate open.
        p.best_quiz.insert(12, 0.5);
        assert!(!earned(&c, &p).iter().any(|e| e.key() == "expert"));
        let (name, _) = Earned {
            certificate: Certificate::Specialist,
            system: Some("pnl".into()),
        }
        .describe();
        assert_eq!(name.en, "System Specialist: Monthly P&L analysis");
    }

    #[test]
    fn validation_names_the_problem() {
        let mut c = course();
        c.modules[1].quiz.questions[0].answer = 9;
        c.modules[3].lessons[0].body.es.clear();
        c.modules[4].lessons[0].id = "m1-l1".into();
        let p = validate(&c).join("\n");
        assert!(p.contains("module 2, question m2-q0"), "{p}");
        assert!(p.contains("module 4, lesson m4-l1"), "{p}");
        assert!(p.contains("id m1-l1 is used twice"), "{p}");
    }
}
