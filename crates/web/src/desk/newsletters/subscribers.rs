//! `/admin/subscribers/`: the people on the newsletters, searchable by address or
//! name and filtered by newsletter and state, 50 to a page; `/admin/subscribers/{id}`
//! with one person's subscriptions, history and deliveries, and deleting that person
//! completely on request.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::{NewsletterId, SubscriberId};
use byline_store::{Newsletter, SubscriberSearch, SubscriptionStatus, SubscriptionView};
use minijinja::Value;
use serde::{Deserialize, Serialize};

use super::super::words::DeskLanguage;
use super::super::{DeskResult, page_with_status, see_other};
use super::{checked_form, path_id, require_newsletters};
use crate::kit::errors::{HttpError, encode_query};
use crate::kit::forms::FieldErrors;
use crate::kit::session::Staff;
use crate::state::SharedState;
use crate::views::{Clock, TimeView};

const PER_PAGE: i64 = 50;
/// Longest search the list reads (an address is at most 254 characters).
const LONGEST_SEARCH: usize = 254;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    newsletter: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

/// A subscription's state in one cell of the list.
#[derive(Debug, Serialize)]
struct StatusCell {
    status: &'static str,
}

#[derive(Debug, Serialize)]
struct SubscriberRow {
    id: SubscriberId,
    email: String,
    name: String,
    joined: TimeView,
    /// One cell per newsletter, in the columns' order; none when not on it.
    statuses: Vec<Option<StatusCell>>,
}

pub async fn redirect_list() -> Response {
    Redirect::permanent("/admin/subscribers/").into_response()
}

/// `GET /admin/subscribers/?q=&newsletter=&status=&page=`.
pub async fn list(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> DeskResult {
    require_newsletters(&staff)?;
    let newsletters = state.db.newsletters().await?;
    let text: String = query
        .q
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(LONGEST_SEARCH)
        .collect();
    let newsletter_id = query
        .newsletter
        .as_deref()
        .and_then(|raw| raw.parse::<NewsletterId>().ok())
        .filter(|id| newsletters.iter().any(|n| n.id == *id));
    let status = query.status.as_deref().and_then(SubscriptionStatus::parse);
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 1_000_000);
    let (found, total) = state
        .db
        .search_subscribers(&SubscriberSearch {
            text: text.clone(),
            newsletter_id,
            status,
            limit: PER_PAGE,
            offset: (page - 1) * PER_PAGE,
        })
        .await?;
    let chrome = state.chrome().await?;
    let rows: Vec<SubscriberRow> = found
        .iter()
        .map(|summary| SubscriberRow {
            id: summary.subscriber.id,
            email: summary.subscriber.email.clone(),
            name: summary.subscriber.name.clone(),
            joined: chrome.clock.time(summary.subscriber.created_at),
            statuses: status_cells(&newsletters, &summary.subscriptions),
        })
        .collect();
    let status_value = status.map(SubscriptionStatus::as_str).unwrap_or("");
    let newsletter_value = newsletter_id.map(|id| id.to_string()).unwrap_or_default();
    let base = format!(
        "/admin/subscribers/?q={}&newsletter={newsletter_value}&status={status_value}&",
        encode_query(&text)
    );
    let notice = match query.notice.as_deref() {
        Some("deleted") => Some(DeskLanguage::of(&staff).t("subs-notice-deleted")),
        _ => None,
    };
    let filtered = !text.is_empty() || newsletter_id.is_some() || status.is_some();
    page_with_status(
        StatusCode::OK,
        &staff,
        "desk/subscribers.html",
        "subscribers",
        minijinja::context! {
            subscribers => Value::from_serialize(&rows),
            newsletters => newsletter_options(&newsletters),
            q => text,
            newsletter => newsletter_value,
            status => status_value,
            filtered,
            total,
            page,
            pages => (total + PER_PAGE - 1) / PER_PAGE,
            base,
            notice,
            errors => Value::from_serialize(FieldErrors::default()),
        },
    )
}

fn status_cells(
    newsletters: &[Newsletter],
    subscriptions: &[SubscriptionView],
) -> Vec<Option<StatusCell>> {
    newsletters
        .iter()
        .map(|newsletter| {
            subscriptions
                .iter()
                .find(|s| s.newsletter_id == newsletter.id)
                .map(|s| StatusCell {
                    status: s.status.as_str(),
                })
        })
        .collect()
}

/// The newsletters as `{id, name, slug}` for selects and column heads.
pub(super) fn newsletter_options(newsletters: &[Newsletter]) -> Vec<Value> {
    newsletters
        .iter()
        .map(|n| minijinja::context! { id => n.id, name => &n.name, slug => &n.slug })
        .collect()
}

#[derive(Debug, Serialize)]
struct SubscriptionRow {
    newsletter: String,
    status: &'static str,
    requested: TimeView,
    confirmed: Option<TimeView>,
    left: Option<TimeView>,
}

#[derive(Debug, Serialize)]
struct DeliveryRow {
    subject: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    sent: Option<TimeView>,
}

/// `GET /admin/subscribers/{id}`.
pub async fn detail(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
) -> DeskResult {
    require_newsletters(&staff)?;
    let id = path_id(&raw_id, SubscriberId)?;
    render_detail(&state, &staff, StatusCode::OK, id, FieldErrors::default()).await
}

async fn render_detail(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    id: SubscriberId,
    errors: FieldErrors,
) -> DeskResult {
    let detail = state
        .db
        .subscriber_detail(id)
        .await?
        .ok_or(HttpError::NotFound)?;
    let chrome = state.chrome().await?;
    let clock: &Clock = &chrome.clock;
    let subscriptions: Vec<SubscriptionRow> = detail
        .subscriptions
        .iter()
        .map(|s| SubscriptionRow {
            newsletter: s.newsletter_name.clone(),
            status: s.status.as_str(),
            requested: clock.time(s.requested_at),
            confirmed: s.confirmed_at.map(|at| clock.time(at)),
            left: s.left_at.map(|at| clock.time(at)),
        })
        .collect();
    let events: Vec<Value> = detail
        .events
        .iter()
        .map(|e| {
            minijinja::context! {
                at => Value::from_serialize(clock.time(e.at)),
                kind => &e.kind,
                detail => &e.detail,
            }
        })
        .collect();
    let deliveries: Vec<DeliveryRow> = detail
        .deliveries
        .iter()
        .map(|delivery| DeliveryRow {
            subject: delivery.subject.clone(),
            status: delivery.status.clone(),
            attempts: delivery.attempts,
            last_error: delivery.last_error.clone(),
            sent: delivery.sent_at.map(|at| clock.time(at)),
        })
        .collect();
    page_with_status(
        status,
        staff,
        "desk/subscriber.html",
        "subscribers",
        minijinja::context! {
            subscriber => Value::from_serialize(&detail.subscriber),
            joined => Value::from_serialize(clock.time(detail.subscriber.created_at)),
            subscriptions => Value::from_serialize(&subscriptions),
            events,
            deliveries => Value::from_serialize(&deliveries),
            errors => Value::from_serialize(&errors),
        },
    )
}

/// `POST /admin/subscribers/{id}/delete` with the box "I understand this cannot be
/// undone" ticked: forgets the person, their history and their place in every
/// outbox. Without the box the page comes back (422) and nothing is deleted.
pub async fn delete(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = checked_form(&staff, pairs)?;
    let id = path_id(&raw_id, SubscriberId)?;
    if !form.checked("confirm") {
        let mut errors = FieldErrors::default();
        errors.add("confirm", DeskLanguage::of(&staff).t("sub-error-confirm"));
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render_detail(&state, &staff, status, id, errors).await;
    }
    if !state.db.delete_subscriber(id).await? {
        return Err(HttpError::NotFound);
    }
    tracing::info!(
        subscriber.id = %id,
        user.id = staff.user.id,
        "subscriber deleted on request"
    );
    Ok(see_other("/admin/subscribers/?notice=deleted"))
}
