//! Signing up: the `newsletter_box` template function, the `/newsletters/` page and
//! `POST /newsletters/subscribe`.
//!
//! With JavaScript the box's script asks for JSON and shows the answer in place.
//! Without it the form posts normally and the answer goes back to the page through
//! `flash.rs`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::newsletters::clean_name;
use byline_core::{EmailAddress, NewsletterId};
use byline_mail::context;
use byline_store::{Newsletter, NoticeLimit, SignupOutcome, SignupRequest};
use jiff::{SignedDuration, Timestamp};
use minijinja::Value;
use serde_json::json;

use crate::kit::cache::Deps;
use crate::kit::serve::{Rendered, page_context, serve_cached};
use crate::kit::signup_box::{Flash, SignupWords, id_part};
use crate::state::{Chrome, SharedState};
use crate::views::NewsletterView;

/// How long a confirmation link works.
pub const CONFIRM_HOURS: i64 = 48;
/// At most this many signup emails to one address per day, whoever types it in.
pub const NOTICE_LIMIT: NoticeLimit = NoticeLimit {
    max: 5,
    window_seconds: 24 * 3600,
};

/// `/newsletters/`: every newsletter that takes signups, one form.
pub async fn page(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    serve_cached(&state, "/newsletters/", &headers, async |chrome: &Chrome| {
        // Newsletters are part of the site: any change to one drops every page.
        let html = state.theme.render(
            "newsletters.html",
            page_context(
                chrome,
                "/newsletters/",
                Value::from_iter([
                    ("newsletters", Value::from_serialize(&chrome.newsletters)),
                    (
                        "box",
                        minijinja::context! { id => "signup-page-all", return_path => "/newsletters/" },
                    ),
                ]),
            ),
        )?;
        Ok(Rendered::showing(html, Deps::site()))
    })
    .await
}

pub async fn add_slash() -> Redirect {
    Redirect::permanent("/newsletters/")
}

/// What the visitor's submission came to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Sent,
    /// Which fields are wrong: the address, the choice of newsletters.
    Invalid {
        email: bool,
        newsletter: bool,
    },
    Busy,
}

impl Answer {
    /// The answer as it travels back to a page without JavaScript. What was typed
    /// comes back only when there is something to correct.
    fn flash(&self, submission: &Submission) -> Flash {
        let outcome = match self {
            Answer::Sent => "sent".to_owned(),
            Answer::Invalid { email, newsletter } => format!(
                "{}{}",
                if *email { "e" } else { "" },
                if *newsletter { "n" } else { "" }
            ),
            Answer::Busy => "busy".to_owned(),
        };
        let keep = !matches!(self, Answer::Sent);
        Flash {
            box_id: submission.box_id.clone(),
            outcome,
            email: if keep {
                submission.email.clone()
            } else {
                String::new()
            },
            name: if keep {
                submission.name.clone()
            } else {
                String::new()
            },
            slugs: submission.slugs.clone(),
        }
    }
}

/// The fields of a submitted box.
struct Submission {
    box_id: String,
    return_path: String,
    email: String,
    name: String,
    slugs: Vec<String>,
    honeypot: bool,
}

impl Submission {
    fn read(body: &[u8]) -> Submission {
        // A body that is not a form at all reads as an empty form: "enter an address".
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        let field = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        };
        let mut slugs: Vec<String> = pairs
            .iter()
            .filter(|(key, _)| key == "newsletter")
            .map(|(_, value)| value.trim().to_owned())
            .collect();
        slugs.dedup();
        let box_id = id_part(&field("box"));
        Submission {
            box_id: if box_id.is_empty() {
                "signup".into()
            } else {
                box_id
            },
            return_path: safe_return_path(&field("return")),
            email: field("email").chars().take(400).collect(),
            name: clean_name(&field("name")),
            slugs,
            honeypot: !field("website").trim().is_empty(),
        }
    }
}

/// Only a path on this site (the one rule in `byline_core::links`), else the home page.
fn safe_return_path(raw: &str) -> String {
    byline_core::links::return_path(raw)
        .unwrap_or("/")
        .to_owned()
}

pub async fn subscribe(
    State(state): State<SharedState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let submission = Submission::read(&body);
    let answer = sign_up(&state, &submission).await;
    if wants_json(&headers) {
        json_answer(&answer, &crate::kit::serve::signup_words(&state).await)
    } else {
        crate::kit::signup_box::redirect(&answer.flash(&submission), &submission.return_path)
    }
}

async fn sign_up(state: &SharedState, submission: &Submission) -> Answer {
    let newsletters = match state.db.newsletters().await {
        Ok(all) => all,
        Err(error) => {
            tracing::error!(error = %error, "cannot read newsletters for a signup");
            return Answer::Busy;
        }
    };
    let chosen: Vec<&Newsletter> = newsletters
        .iter()
        .filter(|n| n.signup_open && submission.slugs.contains(&n.slug))
        .collect();
    let email = EmailAddress::check(&submission.email);
    if email.is_err() || chosen.is_empty() {
        return Answer::Invalid {
            email: email.is_err(),
            newsletter: chosen.is_empty(),
        };
    }
    let email = email.expect("checked above");
    if submission.honeypot {
        // A bot filled in the hidden field: answer like any signup, do nothing.
        tracing::info!("signup with the honeypot field filled in ignored");
        return Answer::Sent;
    }
    let source = format!("signup box on {}", submission.return_path);
    match request_signup(state, &email, &submission.name, &source, &chosen).await {
        Ok(()) => Answer::Sent,
        Err(error) => {
            tracing::warn!(error = %format!("{error:#}"), "signup email could not be sent");
            Answer::Busy
        }
    }
}

/// Records a signup for `chosen` and emails the confirmation link (or, for someone
/// already on every list, a note with their preferences link): the double opt-in,
/// whether a reader typed the address or an integration sent it. `source` says
/// where the signup came from, for the subscriber's history.
pub async fn request_signup(
    state: &SharedState,
    email: &EmailAddress,
    name: &str,
    source: &str,
    chosen: &[&Newsletter],
) -> anyhow::Result<()> {
    let now = Timestamp::now();
    let token = state.links.confirm_token();
    let ids: Vec<NewsletterId> = chosen.iter().map(|n| n.id).collect();
    let outcome = state
        .db
        .sign_up(
            &SignupRequest {
                email,
                name,
                newsletter_ids: &ids,
                source,
                token_hash: &token.hash,
                expires_at: now + SignedDuration::from_hours(CONFIRM_HOURS),
                at: now,
            },
            NOTICE_LIMIT,
        )
        .await?;
    let settings = state.db.site_settings().await?;
    let site_url = settings.url.trim_end_matches('/').to_owned();
    let message = match outcome {
        SignupOutcome::RateLimited => {
            tracing::info!("signup email not sent: this address had enough today");
            return Ok(());
        }
        SignupOutcome::Confirm { newsletter_ids, .. } => {
            let asked: Vec<NewsletterView> = chosen
                .iter()
                .filter(|n| newsletter_ids.contains(&n.id))
                .map(|n| NewsletterView::from(*n))
                .collect();
            state.mail_templates.render(
                "newsletter_confirm",
                email.as_str(),
                context! {
                    site_title => &settings.title,
                    site_url => &site_url,
                    newsletters => asked,
                    confirm_url => format!("{site_url}/newsletters/confirm/{}", token.token),
                    expires_hours => CONFIRM_HOURS,
                    name => name,
                },
            )?
        }
        SignupOutcome::AlreadySubscribed { subscriber_id } => {
            let asked: Vec<NewsletterView> =
                chosen.iter().map(|n| NewsletterView::from(*n)).collect();
            state.mail_templates.render(
                "newsletter_already",
                email.as_str(),
                context! {
                    site_title => &settings.title,
                    site_url => &site_url,
                    newsletters => asked,
                    preferences_url => format!(
                        "{site_url}/newsletters/preferences/{}",
                        state.links.preferences_token(subscriber_id)
                    ),
                    name => name,
                },
            )?
        }
    };
    let sender = chosen[0];
    state
        .mailer
        .send(&byline_mail::Outgoing {
            from: Some(sender.sender()),
            reply_to: (!sender.reply_to.is_empty()).then(|| sender.reply_to.clone()),
            ..message
        })
        .await?;
    Ok(())
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"))
}

fn json_answer(answer: &Answer, words: &SignupWords) -> Response {
    let (status, body) = match answer {
        Answer::Sent => (StatusCode::OK, json!({ "ok": true, "message": words.sent })),
        Answer::Invalid { email, newsletter } => {
            let mut errors = serde_json::Map::new();
            if *email {
                errors.insert("email".into(), json!(words.bad_email));
            }
            if *newsletter {
                errors.insert("newsletter".into(), json!(words.no_newsletter));
            }
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "ok": false, "errors": errors, "message": words.check_form }),
            )
        }
        Answer::Busy => (
            StatusCode::SERVICE_UNAVAILABLE,
            json!({ "ok": false, "message": words.busy }),
        ),
    };
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(body),
    )
        .into_response()
}
