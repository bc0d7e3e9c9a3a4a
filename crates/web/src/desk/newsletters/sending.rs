//! Everything an issue's buttons do besides saving: the preview exactly as the email
//! will be (`/preview`, and `/preview?format=text` for the plain-text part), a test
//! to the signed-in staff member, sending now after a confirmation step (`/send`),
//! and taking a scheduled issue back to draft (`/unschedule`).

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse};
use byline_core::{EmailAddress, IssueId};
use byline_store::{IssueStatus, StartOutcome};
use jiff::Timestamp;
use serde::Deserialize;

use super::super::words::DeskLanguage;
use super::super::{DeskResult, page, see_other, templates};
use super::compose::{existing, refuse_unless_editable};
use super::issue_page::{Compose, render};
use super::{checked_form, path_id, require_newsletters};
use crate::kit::errors::{Cause, HttpError};
use crate::kit::session::Staff;
use crate::newsletters as mailing;
use crate::state::SharedState;

/// The preview is the email's own HTML, so it gets nothing but its inline styles
/// and images: no scripts, no forms, no frames.
const PREVIEW_POLICY: &str = "default-src 'none'; img-src * data:; style-src 'unsafe-inline'";

#[derive(Debug, Default, Deserialize)]
pub struct PreviewQuery {
    #[serde(default)]
    format: Option<String>,
}

/// `GET /admin/newsletters/issues/{id}/preview[?format=text]`.
pub async fn preview(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Query(query): Query<PreviewQuery>,
) -> DeskResult {
    require_newsletters(&staff)?;
    let issue = existing(&state, path_id(&raw_id, IssueId)?).await?;
    let rendered = mailing::render_issue(&state, &issue)
        .await
        .map_err(|e| HttpError::Other(e.context("while rendering an issue's preview")))?;
    let html = match query.format.as_deref() {
        Some("text") => templates::render(
            "desk/issue_text.html",
            minijinja::context! {
                subject => &rendered.subject, text => &rendered.text, id => issue.id,
                lang => DeskLanguage::of(&staff).as_str(),
            },
        )?,
        _ => rendered.html,
    };
    Ok((
        [(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PREVIEW_POLICY),
        )],
        Html(html),
    )
        .into_response())
}

/// Sends the saved issue `id` to the signed-in staff member alone; the issue's page
/// says so, or says why not (502) if the mail server refused.
pub(super) async fn send_test(state: &SharedState, staff: &Staff, id: IssueId) -> DeskResult {
    let issue = existing(state, id).await?;
    let chrome = state.chrome().await?;
    let sent = match EmailAddress::parse(&staff.user.email) {
        Ok(to) => mailing::send_test_issue(state, &issue, &to).await,
        Err(_) => Err(anyhow::anyhow!(
            "the staff member's address is not deliverable"
        )),
    };
    match sent {
        Ok(()) => {
            tracing::info!(issue.id = %id, user.id = staff.user.id, "test issue sent");
            Ok(see_other(&format!(
                "/admin/newsletters/issues/{id}?notice=test-sent"
            )))
        }
        Err(error) => {
            tracing::error!(
                error = format!("{error:#}"),
                issue.id = %id,
                "cannot send a test issue"
            );
            let compose = Compose {
                problem: Some(DeskLanguage::of(staff).t("issue-error-test-not-sent")),
                ..Compose::stored(&issue, &chrome)
            };
            render(state, staff, StatusCode::BAD_GATEWAY, Some(&issue), compose).await
        }
    }
}

/// `GET /admin/newsletters/issues/{id}/send`: "Send to N confirmed subscribers?"
pub async fn confirm(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
) -> DeskResult {
    require_newsletters(&staff)?;
    let issue = existing(&state, path_id(&raw_id, IssueId)?).await?;
    if !issue.status.editable() {
        return Ok(see_other(&format!(
            "/admin/newsletters/issues/{}",
            issue.id
        )));
    }
    let newsletter = state
        .db
        .newsletter(issue.newsletter_id)
        .await?
        .ok_or(HttpError::NotFound)?;
    let recipients = state
        .db
        .newsletter_counts()
        .await?
        .get(&newsletter.id)
        .map_or(0, |counts| counts.active);
    let chrome = state.chrome().await?;
    page(
        &staff,
        "desk/issue_send.html",
        "newsletters",
        minijinja::context! {
            issue => minijinja::Value::from_serialize(&issue),
            newsletter_name => &newsletter.name,
            recipients,
            scheduled => issue.send_at.filter(|_| issue.status == IssueStatus::Scheduled)
                .map(|at| chrome.clock.time(at).display),
        },
    )
}

/// `POST /admin/newsletters/issues/{id}/send`: fixes the recipient list (everyone
/// confirmed at this moment) and wakes the delivery workers. A second press, or a
/// press on another node, sends nothing twice.
pub async fn start(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    checked_form(&staff, pairs)?;
    let id = path_id(&raw_id, IssueId)?;
    let here = format!("/admin/newsletters/issues/{id}");
    match state
        .db
        .start_issue_send(id, None, Timestamp::now())
        .await?
    {
        StartOutcome::Started { recipients } => {
            state.wake_delivery();
            tracing::info!(
                issue.id = %id,
                user.id = staff.user.id,
                issue.recipients = recipients,
                "issue sending started"
            );
            Ok(see_other(&format!("{here}?notice=sending")))
        }
        StartOutcome::AlreadyStarted => Ok(see_other(&format!("{here}?notice=already-sending"))),
        StartOutcome::NotSendable => Err(HttpError::Worded {
            cause: Cause::NotEditable,
            message: DeskLanguage::of(&staff).t("issue-error-cancelled-send"),
        }),
    }
}

/// `POST /admin/newsletters/issues/{id}/unschedule`: back to draft.
pub async fn unschedule(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    checked_form(&staff, pairs)?;
    let issue = existing(&state, path_id(&raw_id, IssueId)?).await?;
    refuse_unless_editable(&issue, &staff)?;
    if state
        .db
        .unschedule_issue(issue.id, Timestamp::now())
        .await?
    {
        tracing::info!(
            issue.id = issue.id.get(),
            user.id = staff.user.id,
            "issue unscheduled"
        );
    } else {
        // Not scheduled any more: a draft already, or its time came meanwhile.
        refuse_unless_editable(&existing(&state, issue.id).await?, &staff)?;
    }
    Ok(see_other(&format!(
        "/admin/newsletters/issues/{}?notice=unscheduled",
        issue.id
    )))
}
