//! `POST /admin/subscribers/import`: addresses from a CSV file (a header line, then
//! one person per line).
//!
//! Columns, in any order: `email` and `consent` (required); `name` and `newsletters`
//! (slugs separated by `;` or spaces) optional. Without a `newsletters` column the
//! form's newsletter is used. `consent` says whether the person agreed to receive the
//! newsletters (yes/no, true/false, 1/0, y/n): with it the subscription is confirmed,
//! without it the person must confirm by email like any signup.
//!
//! Every line is checked first; if any is wrong nothing is imported and the page
//! lists each problem with its line number (422), so a file is never half-imported.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use byline_store::ImportReport;
use jiff::Timestamp;
use minijinja::Value;

use super::super::words::DeskLanguage;
use super::super::{DeskResult, page_with_status};
use super::import_file::{Problem, Wrong, parse, printable};
use super::require_newsletters;
use super::subscribers::newsletter_options;
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Largest request body of the import form: the file and a few short fields.
pub const MAX_BODY_BYTES: usize = MAX_FILE_BYTES + 64 * 1024;
/// Problems listed on the page; the rest are counted.
const PROBLEMS_SHOWN: usize = 100;

/// `GET /admin/subscribers/import`: the form alone.
pub async fn form(State(state): State<SharedState>, staff: Staff) -> DeskResult {
    require_newsletters(&staff)?;
    let outcome = Outcome::default();
    render(&state, &staff, StatusCode::OK, outcome).await
}

/// What the import page shows.
#[derive(Debug, Default)]
struct Outcome {
    report: Option<ImportReport>,
    lines: usize,
    problems: Vec<Problem>,
    errors: FieldErrors,
    newsletter: String,
}

async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    outcome: Outcome,
) -> DeskResult {
    let newsletters = state.db.newsletters().await?;
    let lang = DeskLanguage::of(staff);
    let shown: Vec<Value> = outcome
        .problems
        .iter()
        .take(PROBLEMS_SHOWN)
        .map(|p| minijinja::context! { line => p.line, message => p.wrong.words(&lang) })
        .collect();
    page_with_status(
        status,
        staff,
        "desk/subscribers_import.html",
        "subscribers",
        minijinja::context! {
            newsletters => newsletter_options(&newsletters),
            report => Value::from_serialize(outcome.report),
            lines => outcome.lines,
            problems => shown,
            more_problems => outcome.problems.len() - shown.len(),
            errors => Value::from_serialize(&outcome.errors),
            newsletter => outcome.newsletter,
        },
    )
}

/// `POST /admin/subscribers/import` (multipart: `file`, `newsletter`, `csrf`).
pub async fn import(
    State(state): State<SharedState>,
    staff: Staff,
    multipart: Multipart,
) -> DeskResult {
    let lang = DeskLanguage::of(&staff);
    let form = match FormData::from_multipart(multipart).await {
        Ok(form) => form,
        Err(HttpError::FormTooLarge) => {
            require_newsletters(&staff)?;
            let outcome = refused("file", lang.t("csv-error-too-large"));
            return render(&state, &staff, StatusCode::PAYLOAD_TOO_LARGE, outcome).await;
        }
        Err(other) => return Err(other),
    };
    staff.check_csrf(form.csrf())?;
    require_newsletters(&staff)?;
    let newsletters = state.db.newsletters().await?;
    let mut outcome = Outcome {
        newsletter: form.get("newsletter").to_owned(),
        ..Outcome::default()
    };
    let fallback = match form.text("newsletter") {
        None => None,
        Some(raw) => match newsletters.iter().find(|n| n.id.to_string() == raw) {
            Some(newsletter) => Some(newsletter.id),
            None => {
                outcome
                    .errors
                    .add("newsletter", lang.t("csv-error-newsletter"));
                None
            }
        },
    };
    let Some(upload) = form.upload_of("file") else {
        outcome.errors.add("file", lang.t("csv-error-no-file"));
        return render(&state, &staff, StatusCode::UNPROCESSABLE_ENTITY, outcome).await;
    };
    if upload.bytes.len() > MAX_FILE_BYTES {
        outcome.errors.add("file", lang.t("csv-error-too-large"));
        return render(&state, &staff, StatusCode::PAYLOAD_TOO_LARGE, outcome).await;
    }
    if !outcome.errors.is_empty() {
        return render(&state, &staff, StatusCode::UNPROCESSABLE_ENTITY, outcome).await;
    }
    let rows = match parse(&upload.bytes, &newsletters, fallback) {
        Ok(rows) => rows,
        Err(problems) => {
            if problems.iter().any(|p| p.wrong == Wrong::NoNewsletter) {
                outcome
                    .errors
                    .add("newsletter", Wrong::NoNewsletter.words(&lang));
            }
            outcome.problems = problems;
            return render(&state, &staff, StatusCode::UNPROCESSABLE_ENTITY, outcome).await;
        }
    };
    let source = format!("import of {}", printable(&upload.file_name, 80));
    let report = state
        .db
        .import_subscribers(&rows, &source, Timestamp::now())
        .await?;
    tracing::info!(
        user.id = staff.user.id,
        import.lines = rows.len(),
        import.confirmed = report.confirmed,
        import.pending = report.pending,
        "subscribers imported"
    );
    outcome.lines = rows.len();
    outcome.report = Some(report);
    render(&state, &staff, StatusCode::OK, outcome).await
}

fn refused(field: &str, message: String) -> Outcome {
    let mut outcome = Outcome::default();
    outcome.errors.add(field, message);
    outcome
}
