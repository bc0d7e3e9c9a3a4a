//! `/admin/integrations`: the software that reads the site through the Content API
//! and writes through the Admin API. An administrator adds one by name and sees its
//! keys once (the content key is kept only as a digest, so it cannot be shown again);
//! regenerating makes new keys and stops the old ones, deleting stops both.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use byline_core::Action;
use byline_core::integrations::integration_name;
use byline_store::NewKeys;
use minijinja::Value;
use serde::Deserialize;

use super::words::{DeskLanguage, problems};
use super::{DeskResult, page_with_status, see_other};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    notice: Option<String>,
}

pub async fn list(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let notice = match query.notice.as_deref() {
        Some("deleted") => Some(DeskLanguage::of(&staff).t("integrations-notice-deleted")),
        _ => None,
    };
    render(
        &state,
        &staff,
        StatusCode::OK,
        Page {
            notice,
            ..Page::default()
        },
    )
    .await
}

/// How many of a webhook's deliveries the page lists.
const DELIVERIES_SHOWN: i64 = 5;

/// Every webhook with how its last deliveries went: what an administrator looks at
/// when a tool says it stopped hearing from the site.
async fn webhook_rows(state: &SharedState) -> Result<Vec<Value>, HttpError> {
    let time = |at: jiff::Timestamp| at.strftime("%-d %B %Y, %H:%M:%S UTC").to_string();
    let mut rows = Vec::new();
    for (webhook, integration) in state.db.webhooks().await? {
        let deliveries: Vec<Value> = state
            .db
            .recent_deliveries(webhook.id, DELIVERIES_SHOWN)
            .await?
            .iter()
            .map(|d| {
                minijinja::context! {
                    event => &d.event, status => &d.status, attempts => d.attempts,
                    answer => &d.last_status, error => &d.last_error,
                    created => time(d.created_at), finished => d.finished_at.map(time),
                }
            })
            .collect();
        rows.push(minijinja::context! {
            integration, event => &webhook.event, target => &webhook.target_url,
            name => &webhook.name, signed => webhook.secret.is_some(),
            last_at => webhook.last_triggered_at.map(time),
            last_status => &webhook.last_triggered_status,
            last_error => &webhook.last_triggered_error,
            deliveries,
        });
    }
    Ok(rows)
}

/// What the page shows besides the list.
#[derive(Default)]
struct Page<'a> {
    notice: Option<String>,
    /// Keys just made, shown this once, and whose they are.
    keys: Option<(&'a str, &'a NewKeys)>,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
}

async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    page: Page<'_>,
) -> DeskResult {
    let integrations: Vec<Value> = state
        .db
        .integrations()
        .await?
        .iter()
        .map(|i| {
            minijinja::context! {
                id => i.id, name => &i.name, admin_key_id => &i.admin_key_id,
                created => i.created_at.strftime("%-d %B %Y").to_string(),
                keys_made => i.keys_made_at.strftime("%-d %B %Y, %H:%M UTC").to_string(),
            }
        })
        .collect();
    let keys = page.keys.map(|(name, keys)| {
        minijinja::context! {
            name => name,
            content_key => keys.content.as_str(),
            admin_key => keys.admin.to_string(),
        }
    });
    let webhooks = webhook_rows(state).await?;
    let site = state.db.site_settings().await?.url;
    page_with_status(
        status,
        staff,
        "desk/integrations.html",
        "integrations",
        minijinja::context! {
            integrations, keys, webhooks, notice => page.notice,
            site_url => site.trim_end_matches('/'),
            errors => Value::from_serialize(&page.errors), v => Value::from_serialize(&page.values),
        },
    )
}

/// `POST /admin/integrations` (`name`): adds one and shows its keys.
pub async fn create(
    State(state): State<SharedState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let raw = form.text("name").unwrap_or_default();
    let name = match integration_name(&raw) {
        Ok(name) => name.to_owned(),
        Err(problem) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "name",
                problems::integration_name(&DeskLanguage::of(&staff), problem),
            );
            let page = Page {
                errors,
                values: form.values(),
                ..Page::default()
            };
            return render(&state, &staff, StatusCode::UNPROCESSABLE_ENTITY, page).await;
        }
    };
    let (integration, keys) = state.db.create_integration(&name).await?;
    tracing::info!(
        user.id = staff.user.id,
        integration.id = integration.id,
        "integration added"
    );
    let page = Page {
        keys: Some((&integration.name, &keys)),
        ..Page::default()
    };
    render(&state, &staff, StatusCode::CREATED, page).await
}

/// `POST /admin/integrations/{id}/regenerate`: new keys, shown once; the old stop.
pub async fn regenerate(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let (integration, keys) = state
        .db
        .regenerate_integration_keys(id)
        .await
        .map_err(super::missing_is_404)?;
    // The old content key stops working on this node now, on others within seconds.
    state.content_keys.forget_all();
    tracing::info!(
        user.id = staff.user.id,
        integration.id = id,
        "integration keys regenerated"
    );
    let page = Page {
        keys: Some((&integration.name, &keys)),
        ..Page::default()
    };
    render(&state, &staff, StatusCode::OK, page).await
}

/// `POST /admin/integrations/{id}/delete`.
pub async fn delete(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageSettings)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    state
        .db
        .delete_integration(id)
        .await
        .map_err(super::missing_is_404)?;
    state.content_keys.forget_all();
    tracing::info!(
        user.id = staff.user.id,
        integration.id = id,
        "integration deleted"
    );
    Ok(see_other("/admin/integrations?notice=deleted"))
}
