//! `webhooks/`: an integration asks to hear of an event at an address (add), moves
//! or renames that request (edit), or withdraws it (delete). A webhook belongs to
//! the integration that made it: another integration's is not found. Targets are
//! checked as deliveries check them (`core::webhooks`): http(s) only, never a
//! link-local or metadata address, and a private one only when the operator allows.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use byline_core::public_ids::Resource;
use byline_core::webhooks::{EVENTS, TargetError, check_address, parse_target};
use byline_store::{NewWebhook, Webhook};
use serde::Deserialize;
use utoipa::ToSchema;

use super::Caller;
use super::objects::{WebhookObject, WebhooksRead};
use super::openapi::{Invalid, NotFound, Refusals};
use super::posts::{answer, body_json, deleted};
use crate::api::content::objects::ghost_time;
use crate::api::errors::ApiError;
use crate::state::SharedState;

/// The API version a webhook's payloads follow unless it names one.
const DEFAULT_API_VERSION: &str = "v6.0";
const MAX_NAME_CHARS: usize = 191;
const MAX_SECRET_CHARS: usize = 191;

/// A webhook as a client writes it: an add needs `event` and `target_url`; an edit
/// changes what it sends.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WebhookInput {
    event: Option<String>,
    target_url: Option<String>,
    name: Option<String>,
    secret: Option<String>,
    api_version: Option<String>,
}

/// An add or edit of a webhook: exactly one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WebhooksInput {
    #[serde(default)]
    webhooks: Vec<WebhookInput>,
}

/// Adds a webhook for the calling integration.
#[utoipa::path(post, path = "/webhooks/", tag = "webhooks", request_body = WebhooksInput,
    responses((status = 201, description = "The webhook as saved", body = WebhooksRead), Refusals, Invalid),
    security(("admin_token" = [])))]
pub async fn add(
    caller: Caller,
    State(state): State<SharedState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    answer(async {
        let input = the_webhook(body)?;
        let event = checked_event(input.event.as_deref())?;
        let target = checked_target(&state, input.target_url.as_deref()).await?;
        let name = checked_text(input.name.as_deref(), "name", MAX_NAME_CHARS)?;
        let secret = checked_text(input.secret.as_deref(), "secret", MAX_SECRET_CHARS)?;
        let webhook = state
            .db
            .create_webhook(&NewWebhook {
                integration_id: caller.integration.id,
                event: &event,
                target_url: &target,
                name: name.as_deref(),
                secret: secret.as_deref(),
                api_version: input.api_version.as_deref().unwrap_or(DEFAULT_API_VERSION),
            })
            .await?;
        tracing::info!(
            integration = %caller.integration.name, webhook.id = webhook.id,
            event = %webhook.event, "webhook added"
        );
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(WebhooksRead {
                webhooks: vec![object(&webhook)],
            })?,
        ))
    })
    .await
}

/// Edits one of the calling integration's webhooks.
#[utoipa::path(put, path = "/webhooks/{id}/", tag = "webhooks",
    params(("id" = String, Path, description = "The webhook's 24-hex id")), request_body = WebhooksInput,
    responses((status = 200, description = "The webhook as saved", body = WebhooksRead), Refusals, NotFound, Invalid),
    security(("admin_token" = [])))]
pub async fn edit(
    caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    answer(async {
        let current = owned(&state, &caller, &id).await?;
        let input = the_webhook(body)?;
        let event = match input.event.as_deref() {
            Some(event) => checked_event(Some(event))?,
            None => current.event.clone(),
        };
        let target = match input.target_url.as_deref() {
            Some(target) => checked_target(&state, Some(target)).await?,
            None => current.target_url.clone(),
        };
        let name = match input.name.as_deref() {
            Some(name) => checked_text(Some(name), "name", MAX_NAME_CHARS)?,
            None => current.name.clone(),
        };
        let secret = match input.secret.as_deref() {
            Some(secret) => checked_text(Some(secret), "secret", MAX_SECRET_CHARS)?,
            None => current.secret.clone(),
        };
        let edit = NewWebhook {
            integration_id: current.integration_id,
            event: &event,
            target_url: &target,
            name: name.as_deref(),
            secret: secret.as_deref(),
            api_version: input.api_version.as_deref().unwrap_or(&current.api_version),
        };
        if !state.db.update_webhook(current.id, &edit).await? {
            return Err(ApiError::not_found("Webhook"));
        }
        let webhook = owned(&state, &caller, &id).await?;
        Ok((
            StatusCode::OK,
            serde_json::to_value(WebhooksRead {
                webhooks: vec![object(&webhook)],
            })?,
        ))
    })
    .await
}

/// Deletes one of the calling integration's webhooks.
#[utoipa::path(delete, path = "/webhooks/{id}/", tag = "webhooks",
    params(("id" = String, Path, description = "The webhook's 24-hex id")),
    responses((status = 204, description = "Deleted"), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn delete(
    caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> Response {
    deleted(async {
        let webhook = owned(&state, &caller, &id).await?;
        state.db.delete_webhook(webhook.id).await?;
        Ok(())
    })
    .await
}

/// The caller's own webhook `id`.
async fn owned(state: &SharedState, caller: &Caller, id: &str) -> Result<Webhook, ApiError> {
    let found = match Resource::Webhook.number(id) {
        Some(number) => state.db.webhook(number).await?,
        None => None,
    };
    found
        .filter(|webhook| webhook.integration_id == caller.integration.id)
        .ok_or_else(|| ApiError::not_found("Webhook"))
}

fn the_webhook(body: Result<Bytes, BytesRejection>) -> Result<WebhookInput, ApiError> {
    let envelope: WebhooksInput = body_json(body, "webhooks")?;
    match <[WebhookInput; 1]>::try_from(envelope.webhooks) {
        Ok([webhook]) => Ok(webhook),
        Err(_) => Err(invalid("Send exactly one object in \"webhooks\".")),
    }
}

fn checked_event(event: Option<&str>) -> Result<String, ApiError> {
    match event {
        Some(event) if EVENTS.contains(&event) => Ok(event.to_owned()),
        Some(event) => Err(invalid(format!(
            "“{event}” is not an event Byline announces; it announces {}.",
            EVENTS.join(", ")
        ))),
        None => Err(invalid("A webhook needs an event.")),
    }
}

/// A target that may be used: its form, and every address its name has now (a
/// delivery checks again when it is sent).
async fn checked_target(state: &SharedState, target: Option<&str>) -> Result<String, ApiError> {
    let Some(target) = target else {
        return Err(invalid("A webhook needs a target_url."));
    };
    let refused = |error: TargetError| invalid(format!("target_url: {error}."));
    let url = parse_target(target).map_err(refused)?;
    let allow_private = state.webhooks.config.allow_private;
    if let (Some(host), Some(port)) = (url.host_str(), url.port_or_known_default()) {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        // A name that does not resolve yet is kept: the delivery will try it.
        if let Ok(addresses) = tokio::net::lookup_host((host, port)).await {
            for address in addresses {
                check_address(address.ip(), allow_private).map_err(refused)?;
            }
        }
    }
    Ok(url.to_string())
}

fn checked_text(text: Option<&str>, field: &str, max: usize) -> Result<Option<String>, ApiError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > max {
        return Err(invalid(format!(
            "{field} can be at most {max} characters long."
        )));
    }
    Ok(Some(byline_core::text::strip_controls(text).into_owned()))
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation("webhook", message)
}

fn object(webhook: &Webhook) -> WebhookObject {
    WebhookObject {
        id: Resource::Webhook.id(webhook.id),
        event: webhook.event.clone(),
        target_url: webhook.target_url.clone(),
        name: webhook.name.clone(),
        secret: webhook.secret.clone(),
        api_version: webhook.api_version.clone(),
        integration_id: Resource::Integration.id(webhook.integration_id),
        status: "available".to_owned(),
        last_triggered_at: webhook.last_triggered_at.map(ghost_time),
        last_triggered_status: webhook.last_triggered_status.clone(),
        last_triggered_error: webhook.last_triggered_error.clone(),
        created_at: ghost_time(webhook.created_at),
        updated_at: ghost_time(webhook.updated_at),
    }
}
