//! `/admin/newsletters/issues/`: every issue, newest first, with where it stands and
//! how far its delivery has got.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::IssueId;
use byline_store::{IssueStatus, IssueSummary};
use minijinja::Value;
use serde::Serialize;

use super::super::{DeskResult, page};
use super::require_newsletters;
use crate::kit::session::Staff;
use crate::state::SharedState;
use crate::views::Clock;

/// Issues the list shows; older ones stay reachable by their address.
const LISTED: i64 = 200;

#[derive(Debug, Serialize)]
struct IssueRow {
    id: IssueId,
    subject: String,
    newsletter: String,
    status: &'static str,
    /// When it goes out (scheduled) or went out (started).
    when: Option<String>,
    when_iso: Option<String>,
    sent: i64,
    total: i64,
    failed: i64,
}

impl IssueRow {
    fn new(summary: &IssueSummary, clock: &Clock) -> IssueRow {
        let issue = &summary.issue;
        let when = match issue.status {
            IssueStatus::Scheduled => issue.send_at,
            IssueStatus::Sending | IssueStatus::Sent => issue.started_at,
            IssueStatus::Draft | IssueStatus::Cancelled => None,
        }
        .map(|at| clock.time(at));
        IssueRow {
            id: issue.id,
            subject: issue.subject.clone(),
            newsletter: summary.newsletter_name.clone(),
            status: issue.status.as_str(),
            when_iso: when.as_ref().map(|t| t.iso.clone()),
            when: when.map(|t| t.display),
            sent: summary.progress.sent,
            total: summary.progress.total,
            failed: summary.progress.failed,
        }
    }
}

pub async fn redirect_list() -> Response {
    Redirect::permanent("/admin/newsletters/issues/").into_response()
}

pub async fn show(State(state): State<SharedState>, staff: Staff) -> DeskResult {
    require_newsletters(&staff)?;
    let chrome = state.chrome().await?;
    let issues: Vec<IssueRow> = state
        .db
        .issues(LISTED)
        .await?
        .iter()
        .map(|summary| IssueRow::new(summary, &chrome.clock))
        .collect();
    let has_newsletters = !state.db.newsletters().await?.is_empty();
    page(
        &staff,
        "desk/issues.html",
        "newsletters",
        minijinja::context! {
            issues => Value::from_serialize(&issues),
            has_newsletters,
        },
    )
}
