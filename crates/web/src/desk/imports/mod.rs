//! `/admin/import/`: administrators bring a Ghost or WordPress archive in and take the
//! whole site out, without a terminal.
//!
//! An upload is streamed to the data folder (never held in memory), checked at once
//! (a file that is not an export, or a hostile one, is refused on the spot with the
//! reason, and nothing is queued), then run by a durable job on the import worker
//! ([`job`]); the page shows its progress and, at the end, its report. A node that
//! stops mid-import leaves the job to be claimed again, and the import, safe to
//! repeat, carries on.

pub mod downloads;
pub mod job;
mod upload;

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use byline_core::Action;
use minijinja::Value;

use super::{DeskResult, page_with_status};
use crate::kit::session::Staff;
use crate::state::SharedState;

pub use upload::MAX_UPLOAD_BYTES;

/// The page: forms, recent imports, export downloads.
pub async fn show(State(state): State<SharedState>, staff: Staff) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    render(&state, &staff, StatusCode::OK, None).await
}

async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    refusal: Option<(String, String)>,
) -> DeskResult {
    let runs = state.db.import_runs(20).await?;
    page_with_status(
        status,
        staff,
        "desk/imports.html",
        "import",
        minijinja::context! {
            runs => Value::from_serialize(&runs),
            refused_platform => refusal.as_ref().map(|r| r.0.clone()),
            refusal => refusal.map(|r| r.1),
            max_upload_mb => MAX_UPLOAD_BYTES / (1024 * 1024),
        },
    )
}

/// `POST /admin/import/` (multipart: `csrf`, `platform`, `file`, in that order).
pub async fn start(
    State(state): State<SharedState>,
    staff: Staff,
    multipart: Multipart,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    match upload::receive(&state, &staff, multipart).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/import/{id}")).into_response()),
        Err(upload::Refused::Desk(error)) => Err(error),
        Err(upload::Refused::File {
            platform,
            status,
            message,
        }) => render(&state, &staff, status, Some((platform, message))).await,
    }
}

/// `GET /admin/import/{id}`: one import's progress, then its report.
pub async fn progress(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let Some(run) = state.db.import_run(id).await? else {
        return Err(crate::kit::errors::HttpError::NotFound);
    };
    let report: Option<byline_import::Report> = run
        .report
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok());
    let percent = if run.total_items > 0 {
        (run.done_items * 100 / run.total_items).clamp(0, 100)
    } else {
        0
    };
    page_with_status(
        StatusCode::OK,
        &staff,
        "desk/import.html",
        "import",
        minijinja::context! {
            run => Value::from_serialize(&run),
            report => Value::from_serialize(&report),
            percent,
            problems_shown => 500,
        },
    )
}
