//! The links in newsletter emails: confirming a signup, leaving a newsletter (a page
//! with a button, and RFC 8058 one-click POSTs from mail clients), and the
//! preferences page. A tampered, expired or reused link gets a page that says so and
//! changes nothing.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_core::NewsletterId;
use byline_store::{ConfirmOutcome, Newsletter, SubscriptionStatus, UnsubscribeOutcome};
use jiff::Timestamp;
use minijinja::{Value, context};
use serde::Serialize;

use super::personal_page;
use crate::state::SharedState;
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
    let invalid = |title: &str, message: &str| {
        context! { kind => "confirm-invalid", title => title, message => message }
    };
    let Some(hash) = state.links.check_confirm_token(&token) else {
        return personal_page(
            &state,
            StatusCode::BAD_REQUEST,
            invalid(
                "This confirmation link is not valid",
                "The link may have been cut short or changed when it was copied. Open it straight from the email, or sign up again to get a new one.",
            ),
        )
        .await;
    };
    let outcome = match state.db.confirm_signup(&hash, Timestamp::now()).await {
        Ok(outcome) => outcome,
        Err(error) => return unavailable(error),
    };
    let (status, np) = match outcome {
        ConfirmOutcome::Confirmed { newsletters, .. } => (
            StatusCode::OK,
            context! {
                kind => "confirmed",
                title => "You're subscribed",
                message => "Thank you for confirming. The next issue will arrive in your inbox; every issue has a link to change your newsletters or leave.",
                newsletters => newsletters.iter().map(|n| listed(n, true)).collect::<Vec<_>>(),
            },
        ),
        ConfirmOutcome::AlreadyUsed { newsletters, .. } => (
            StatusCode::OK,
            context! {
                kind => "confirmed",
                title => "Already confirmed",
                message => "This link has been used before, so nothing changed. You are subscribed to the newsletters below.",
                newsletters => newsletters.iter().map(|n| listed(n, true)).collect::<Vec<_>>(),
            },
        ),
        ConfirmOutcome::Expired => (
            StatusCode::GONE,
            invalid(
                "This confirmation link has expired",
                "Links work for 48 hours. Sign up again and we will send you a new one.",
            ),
        ),
        ConfirmOutcome::Unknown => (
            StatusCode::NOT_FOUND,
            invalid(
                "This confirmation link is no longer valid",
                "It may be from an old email. Sign up again and we will send you a new one.",
            ),
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
    personal_page(
        &state,
        StatusCode::OK,
        context! {
            kind => "unsubscribe",
            title => format!("Unsubscribe from {}?", newsletter.name),
            message => "Press the button and you will not receive this newsletter any more.",
            newsletter => NewsletterView::from(&newsletter),
            action => format!("/newsletters/unsubscribe/{token}"),
            preferences_url => format!("/newsletters/preferences/{}", state.links.preferences_token(subscriber_id)),
        },
    )
    .await
}

async fn invalid_unsubscribe(state: &SharedState) -> Response {
    personal_page(
        state,
        StatusCode::BAD_REQUEST,
        context! {
            kind => "unsubscribe-invalid",
            title => "This unsubscribe link is not valid",
            message => "The link may have been cut short when it was copied. Open it straight from the email; every issue has one.",
        },
    )
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
        Ok(Some(newsletter)) => newsletter.name,
        Ok(None) => "this newsletter".into(),
        Err(error) => return unavailable(error),
    };
    let message = match outcome {
        UnsubscribeOutcome::AlreadyLeft => {
            format!("You had already left {name}, so nothing changed.")
        }
        _ => format!(
            "You will not receive {name} any more. Changed your mind? You can join again on the newsletters page."
        ),
    };
    personal_page(
        &state,
        StatusCode::OK,
        context! {
            kind => "unsubscribed",
            title => "You're unsubscribed",
            message => message,
            preferences_url => format!("/newsletters/preferences/{}", state.links.preferences_token(subscriber_id)),
        },
    )
    .await
}

pub async fn preferences_page(
    State(state): State<SharedState>,
    Path(token): Path<String>,
) -> Response {
    preferences(&state, &token, "preferences", None).await
}

async fn preferences(
    state: &SharedState,
    token: &str,
    kind: &str,
    message: Option<&str>,
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
    personal_page(
        state,
        StatusCode::OK,
        context! {
            kind => kind,
            title => "Your newsletters",
            message => message.unwrap_or("Tick the newsletters you want to receive and save. No password needed: this page's address is your key, so keep it to yourself."),
            email => preferences.subscriber.email,
            newsletters => Value::from_serialize(&newsletters),
            action => format!("/newsletters/preferences/{token}"),
        },
    )
    .await
}

async fn invalid_preferences(state: &SharedState) -> Response {
    personal_page(
        state,
        StatusCode::BAD_REQUEST,
        context! {
            kind => "preferences-invalid",
            title => "This link is not valid",
            message => "The link may have been cut short when it was copied. Open it straight from a newsletter email; every issue has one.",
        },
    )
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
        "Saved. You have left every newsletter and will receive no more issues."
    } else {
        "Saved. You will receive the newsletters ticked below."
    };
    preferences(&state, &token, "preferences-saved", Some(message)).await
}
