//! One delivery attempt: check where it goes, sign it, send it, and record the
//! outcome: a 2xx ends it, a 410 removes the webhook, another 4xx fails it at once,
//! and a timeout, a refused connection, a 5xx, 408 or 429 is retried with backoff. The target is resolved and checked here, at the moment of sending, and
//! the connection made to the address that was checked, so a name that later
//! resolves to a private or metadata address (DNS rebinding) gets nothing.
//! Redirects are not followed, for the same reason.

use std::net::SocketAddr;
use std::time::Duration;

use byline_core::webhooks::{TargetError, check_address, literal_ip, parse_target, signature};
use byline_store::{ClaimedDelivery, DeliveryOutcome};
use jiff::{SignedDuration, Timestamp};

use super::payload;
use crate::state::AppState;

/// Attempts before a delivery is recorded as failed and the next one may go: with
/// the default ten-second base the last retry comes about a day after the event.
const MAX_ATTEMPTS: i64 = 10;

/// The longest one attempt may take: the receiver's time to answer, and a little
/// for resolving its name and rendering the payload.
pub fn longest_attempt(config: &super::WebhookConfig) -> Duration {
    config.timeout + Duration::from_secs(2)
}

pub async fn send(state: &AppState, delivery: ClaimedDelivery) {
    let limit = longest_attempt(&state.webhooks.config);
    let outcome = match tokio::time::timeout(limit, attempt(state, &delivery)).await {
        Ok(outcome) => outcome,
        Err(_) => retry(
            &delivery,
            state.webhooks.config.retry_base,
            format!("the attempt took longer than {} s", limit.as_secs()),
        ),
    };
    match &outcome {
        DeliveryOutcome::Delivered { status } => tracing::info!(
            webhook.id = delivery.webhook.id, event = %delivery.event, status, "webhook delivered"
        ),
        DeliveryOutcome::Retry { error, .. } | DeliveryOutcome::GaveUp { error } => tracing::warn!(
            webhook.id = delivery.webhook.id, event = %delivery.event,
            attempts = delivery.attempts, error = %error, "webhook not delivered"
        ),
        DeliveryOutcome::Gone => tracing::info!(
            webhook.id = delivery.webhook.id,
            "the receiver answered 410 Gone; webhook removed"
        ),
    }
    if let Err(error) = state
        .db
        .finish_webhook_delivery(&delivery, &outcome, Timestamp::now())
        .await
    {
        // The lease runs out and the delivery is tried again.
        tracing::warn!(error = %error, "cannot record a webhook delivery");
    }
}

async fn attempt(state: &AppState, delivery: &ClaimedDelivery) -> DeliveryOutcome {
    let config = &state.webhooks.config;
    let target = match checked_target(&delivery.webhook.target_url, config.allow_private).await {
        Ok(target) => target,
        // An address that may not be used does not become usable by waiting.
        Err(Refusal::Forbidden(error)) => {
            return DeliveryOutcome::GaveUp {
                error: error.to_string(),
            };
        }
        Err(Refusal::Unresolved(error)) => return retry(delivery, config.retry_base, error),
    };
    let body = match payload::body(state, delivery).await {
        Ok(body) => body,
        Err(error) => return retry(delivery, config.retry_base, format!("{error:#}")),
    };
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(config.timeout)
        .resolve(&target.host, target.address)
        .user_agent(concat!("Byline/", env!("CARGO_PKG_VERSION"), " (webhooks)"))
        .build()
    {
        Ok(client) => client,
        Err(error) => return retry(delivery, config.retry_base, error.to_string()),
    };
    let mut request = client
        .post(target.url)
        .header("content-type", "application/json")
        .header("x-byline-event", &delivery.event);
    if let Some(secret) = delivery.webhook.secret.as_deref().filter(|s| !s.is_empty()) {
        let at_ms = Timestamp::now().as_millisecond();
        request = request.header("x-ghost-signature", signature(secret, &body, at_ms));
    }
    match request.body(body).send().await {
        Ok(response) if response.status().is_success() => DeliveryOutcome::Delivered {
            status: response.status().as_u16(),
        },
        Ok(response) if response.status() == reqwest::StatusCode::GONE => DeliveryOutcome::Gone,
        // A receiver that refuses the request (404, 401, 400 …) will refuse it again:
        // recorded as failed at once, so the deliveries behind it go. A timeout of its
        // own (408) or a request to slow down (429) is retried like a 5xx.
        Ok(response)
            if response.status().is_client_error()
                && !matches!(response.status().as_u16(), 408 | 429) =>
        {
            DeliveryOutcome::GaveUp {
                error: format!("the receiver answered {}", response.status()),
            }
        }
        Ok(response) => retry(
            delivery,
            config.retry_base,
            format!("the receiver answered {}", response.status()),
        ),
        Err(error) if error.is_timeout() => retry(
            delivery,
            config.retry_base,
            format!("no answer within {} s", config.timeout.as_secs()),
        ),
        Err(error) => retry(
            delivery,
            config.retry_base,
            format!("cannot reach the receiver: {}", root_cause(&error)),
        ),
    }
}

/// Waits twice as long after each failed attempt, from `base`, up to a day.
fn retry(delivery: &ClaimedDelivery, base: Duration, error: String) -> DeliveryOutcome {
    if delivery.attempts >= MAX_ATTEMPTS {
        return DeliveryOutcome::GaveUp {
            error: format!("{error} (gave up after {} attempts)", delivery.attempts),
        };
    }
    let factor = 1u32 << (delivery.attempts - 1).clamp(0, 16);
    let wait = base.saturating_mul(factor).min(Duration::from_secs(86_400));
    let wait = SignedDuration::try_from(wait).unwrap_or(SignedDuration::from_hours(24));
    DeliveryOutcome::Retry {
        error,
        at: Timestamp::now() + wait,
    }
}

fn root_cause(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

struct Target {
    url: reqwest::Url,
    host: String,
    address: SocketAddr,
}

enum Refusal {
    Forbidden(TargetError),
    Unresolved(String),
}

/// The target, resolved to one address that may be used.
async fn checked_target(text: &str, allow_private: bool) -> Result<Target, Refusal> {
    let url = parse_target(text).map_err(Refusal::Forbidden)?;
    let host = url.host_str().unwrap_or_default().to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let addresses: Vec<SocketAddr> = match literal_ip(&url) {
        Some(ip) => vec![SocketAddr::new(ip, port)],
        None => tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|e| Refusal::Unresolved(format!("cannot resolve {host}: {e}")))?
            .collect(),
    };
    // Every address the name has must be allowed: otherwise which one is used
    // would decide whether a private address is reached.
    for address in &addresses {
        check_address(address.ip(), allow_private).map_err(Refusal::Forbidden)?;
    }
    let address = *addresses
        .first()
        .ok_or_else(|| Refusal::Unresolved(format!("{host} has no address")))?;
    let url = reqwest::Url::parse(url.as_str())
        .map_err(|e| Refusal::Unresolved(format!("cannot read the address: {e}")))?;
    Ok(Target { url, host, address })
}
