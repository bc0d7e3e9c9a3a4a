//! The links in newsletter emails: confirming a signup, leaving a newsletter (a page
//! with a button, and RFC 8058 one-click POSTs from mail clients), and the
//! preferences page. A tampered, expired or reused link gets a page that says so and
//! changes nothing.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_core::NewsletterId;
use byline_i18n::Args;
use byline_store::{ConfirmOutcome, Newsletter, SubscriptionStatus, UnsubscribeOutcome};
use jiff::Timestamp;
use minijinja::{Value, context};
use serde::Serialize;

use super::personal_page;
use crate::state::{Chrome, SharedState};
use crate::views::NewsletterView;

#[derive(Serialize)]
struct Listed {
    slug: String,
    name: String,
    description: String,
    cadence: String,
    subscribed: bool,
}

fn listed(newsletter: &Newsletter, subscribed: bool) -> Listed {
    Listed {
        slug: newsletter.slug.clone(),
        name: newsletter.name.clone(),
        description: newsletter.description.clone(),
        cadence: newsletter.cadence.clone(),
        subscribed,
    }
}

/// Makes a personal page's `np` with the words of the page's language.
type PageWords = Box<dyn FnOnce(&Chrome) -> Value + Send>;

/// A message without values, in the page's language.
fn word(chrome: &Chrome, id: &str) -> String {
    chrome.translate(id, &Args::new())
}

fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::error!(error = %error, "newsletter link could not be handled");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CACHE_CONTROL, "no-store")],
        "We could not handle this link just now. Nothing was changed; please try again in a minute.",
    )
        .into_response()
}

pub async fn confirm(State(state): State<SharedState>, Path(token): Path<String>) -> Response {
    let invalid = |title: &'static str, message: &'static str| {
        move |chrome: &Chrome| {
            context! { kind => "confirm-invalid", title => word(chrome, title), message => word(chrome, message) }
        }
    };
    let Some(hash) = state.links.check_confirm_token(&token) else {
        return personal_page(
            &state,
            StatusCode::BAD_REQUEST,
            invalid("np-confirm-invalid-title", "np-confirm-invalid-text"),
        )
        .await;
    };
    let outcome = match state.db.confirm_signup(&hash, Timestamp::now()).await {
        Ok(outcome) => outcome,
        Err(error) => return unavailable(error),
    };
    let confirmed = |title: &'static str, message: &'static str, newsletters: &[Newsletter]| {
        let listed: Vec<Listed> = newsletters.iter().map(|n| listed(n, true)).collect();
        move |chrome: &Chrome| {
            context! {
                kind => "confirmed",
                title => word(chrome, title),
                message => word(chrome, message),
                newsletters => listed,
            }
        }
    };
    let (status, np): (StatusCode, PageWords) = match outcome {
        ConfirmOutcome::Confirmed { newsletters, .. } => (
            StatusCode::OK,
            Box::new(confirmed(
                "np-confirmed-title",
                "np-confirmed-text",
                &newsletters,
            )),
        ),
        ConfirmOutcome::AlreadyUsed { newsletters, .. } => (
            StatusCode::OK,
            Box::new(confirmed(
                "np-already-title",
                "np-already-text",
                &newsletters,
            )),
        ),
        ConfirmOutcome::Expired => (
            StatusCode::GONE,
            Box::new(invalid("np-expired-title", "np-expired-text")),
        ),
        ConfirmOutcome::Unknown => (
            StatusCode::NOT_FOUND,
            Box::new(invalid("np-unknown-title", "np-unknown-text")),
        ),
    };
    personal_page(&state, status, np).await
}

/// The page behind the unsubscribe link: a button, so that mail scanners that open
/// every link never unsubscribe anyone.
pub async fn unsubscribe_page(
    State(state): State<SharedState>,
    Path(token): Path<String>,
) -> Response {
    let Some((subscriber_id, newsletter_id)) = state.links.open_unsubscribe(&token) else {
        return invalid_unsubscribe(&state).await;
    };
    let newsletter = match state.db.newsletter(newsletter_id).await {
        Ok(Some(newsletter)) => newsletter,
        Ok(None) => return invalid_unsubscribe(&state).await,
        Err(error) => return unavailable(error),
    };
    let preferences_url = format!(
        "/newsletters/preferences/{}",
        state.links.preferences_token(subscriber_id)
    );
    personal_page(&state, StatusCode::OK, |chrome: &Chrome| {
        context! {
            kind => "unsubscribe",
            title => chrome.translate("np-unsubscribe-title", &Args::new().text("newsletter", &newsletter.name)),
            message => word(chrome, "np-unsubscribe-text"),
            newsletter => NewsletterView::from(&newsletter),
            action => format!("/newsletters/unsubscribe/{token}"),
            preferences_url => preferences_url,
        }
    })
    .await
}

async fn invalid_unsubscribe(state: &SharedState) -> Response {
    personal_page(state, StatusCode::BAD_REQUEST, |chrome: &Chrome| {
        context! {
            kind => "unsubscribe-invalid",
            title => word(chrome, "np-unsubscribe-invalid-title"),
            message => word(chrome, "np-unsubscribe-invalid-text"),
        }
    })
    .await
}

/// Leaves the newsletter: from the page's button, or a mail client's one-click POST
/// (`List-Unsubscribe=One-Click`), which gets a short plain answer. Repeating it
/// changes nothing.
pub async fn unsubscribe(
    State(state): State<SharedState>,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let one_click = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
        .unwrap_or_default()
        .iter()
        .any(|(key, value)| key == "List-Unsubscribe" && value == "One-Click");
    let Some((subscriber_id, newsletter_id)) = state.links.open_unsubscribe(&token) else {
        if one_click {
            return (
                StatusCode::BAD_REQUEST,
                "This unsubscribe link is not valid.",
            )
                .into_response();
        }
        return invalid_unsubscribe(&state).await;
    };
    let how = if one_click {
        "one-click unsubscribe from the mail client"
    } else {
        "unsubscribe link"
    };
    let outcome = match state
        .db
        .unsubscribe(subscriber_id, newsletter_id, how, Timestamp::now())
        .await
    {
        Ok(outcome) => outcome,
        Err(error) => return unavailable(error),
    };
    if one_click {
        let text = match outcome {
            UnsubscribeOutcome::Left => "You have been unsubscribed.",
            UnsubscribeOutcome::AlreadyLeft => "You were already unsubscribed; nothing changed.",
            UnsubscribeOutcome::Unknown => "There is no such subscription; nothing changed.",
        };
        return (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], text).into_response();
    }
    if outcome == UnsubscribeOutcome::Unknown {
        return invalid_unsubscribe(&state).await;
    }
    let name = match state.db.newsletter(newsletter_id).await {
        Ok(Some(newsletter)) => Some(newsletter.name),
        Ok(None) => None,
        Err(error) => return unavailable(error),
    };
    let message_id = match outcome {
        UnsubscribeOutcome::AlreadyLeft => "np-left-already",
        _ => "np-left",
    };
    let preferences_url = format!(
        "/newsletters/preferences/{}",
        state.links.preferences_token(subscriber_id)
    );
    personal_page(&state, StatusCode::OK, |chrome: &Chrome| {
        let name = name.unwrap_or_else(|| word(chrome, "np-this-newsletter"));
        context! {
            kind => "unsubscribed",
            title => word(chrome, "np-left-title"),
            message => chrome.translate(message_id, &Args::new().text("newsletter", name)),
            preferences_url => preferences_url,
        }
    })
    .await
}

pub async fn preferences_page(
    State(state): State<SharedState>,
    Path(token): Path<String>,
) -> Response {
    preferences(&state, &token, "preferences", None).await
}

/// `message`: the id of the line under the title (a default when `None`).
async fn preferences(
    state: &SharedState,
    token: &str,
    kind: &str,
    message: Option<&'static str>,
) -> Response {
    let Some(subscriber_id) = state.links.open_preferences(token) else {
        return invalid_preferences(state).await;
    };
    let preferences = match state.db.preferences(subscriber_id).await {
        Ok(Some(preferences)) => preferences,
        Ok(None) => return invalid_preferences(state).await,
        Err(error) => return unavailable(error),
    };
    let newsletters: Vec<Listed> = preferences
        .newsletters
        .iter()
        // Closed newsletters are shown only to their own subscribers.
        .filter(|(newsletter, status)| newsletter.signup_open || status.is_some())
        .map(|(newsletter, status)| listed(newsletter, *status == Some(SubscriptionStatus::Active)))
        .collect();
    personal_page(state, StatusCode::OK, |chrome: &Chrome| {
        context! {
            kind => kind,
            title => word(chrome, "np-your-newsletters"),
            message => word(chrome, message.unwrap_or("np-preferences-text")),
            email => preferences.subscriber.email,
            newsletters => Value::from_serialize(&newsletters),
            action => format!("/newsletters/preferences/{token}"),
        }
    })
    .await
}

async fn invalid_preferences(state: &SharedState) -> Response {
    personal_page(state, StatusCode::BAD_REQUEST, |chrome: &Chrome| {
        context! {
            kind => "preferences-invalid",
            title => word(chrome, "np-preferences-invalid-title"),
            message => word(chrome, "np-preferences-invalid-text"),
        }
    })
    .await
}

pub async fn save_preferences(
    State(state): State<SharedState>,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let Some(subscriber_id) = state.links.open_preferences(&token) else {
        return invalid_preferences(&state).await;
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let leave_all = pairs.iter().any(|(k, v)| k == "do" && v == "leave-all");
    let newsletters = match state.db.newsletters().await {
        Ok(all) => all,
        Err(error) => return unavailable(error),
    };
    let wanted: Vec<NewsletterId> = if leave_all {
        Vec::new()
    } else {
        newsletters
            .iter()
            .filter(|n| pairs.iter().any(|(k, v)| k == "newsletter" && *v == n.slug))
            .map(|n| n.id)
            .collect()
    };
    match state
        .db
        .set_preferences(subscriber_id, &wanted, Timestamp::now())
        .await
    {
        Ok(true) => {}
        Ok(false) => return invalid_preferences(&state).await,
        Err(error) => return unavailable(error),
    }
    let message = if leave_all || wanted.is_empty() {
        "np-saved-none"
    } else {
        "np-saved"
    };
    preferences(&state, &token, "preferences-saved", Some(message)).await
}
