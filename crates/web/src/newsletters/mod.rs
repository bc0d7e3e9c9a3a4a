//! Newsletters on the public site: signup boxes anywhere in a theme, the
//! `/newsletters/` page, the double opt-in confirmation, one-click unsubscribe and
//! the preferences page; plus the issue rendering the desk previews and tests.
//!
//! - `signup.rs`: the `newsletter_box` template function, `POST
//!   /newsletters/subscribe` (JSON for the box's script, a redirect and a one-time
//!   cookie without it) and the rewrite that shows the answer in the right box.
//! - `manage.rs`: the links in emails (confirm, unsubscribe, preferences).
//!
//! Nothing a visitor sees says whether an address is already subscribed: a signup
//! always gets the same answer, and the person behind the address gets an email.

pub mod manage;
pub mod signup;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use byline_core::EmailAddress;
use byline_mail::newsletter::{IssueContent, render_issue as render_for_mail};
use byline_mail::{Outgoing, RenderedIssue};
use byline_store::Issue;
use minijinja::Value;

use crate::kit::serve::page_context;
use crate::state::{AppState, Chrome, SharedState};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/newsletters/", get(signup::page))
        .route("/newsletters", get(signup::add_slash))
        .route("/newsletters/subscribe", post(signup::subscribe))
        .route("/newsletters/confirm/{token}", get(manage::confirm))
        .route(
            "/newsletters/unsubscribe/{token}",
            get(manage::unsubscribe_page).post(manage::unsubscribe),
        )
        .route(
            "/newsletters/preferences/{token}",
            get(manage::preferences_page).post(manage::save_preferences),
        )
}

/// Renders the theme's `newsletter_page.html` (confirm, unsubscribe, preferences):
/// personal pages, so never cached or indexed.
/// `np` is made with the page's chrome, so that its words are in the page's language.
async fn personal_page(
    state: &SharedState,
    status: StatusCode,
    np: impl FnOnce(&Chrome) -> Value,
) -> Response {
    let rendered = match state.chrome().await {
        Ok(chrome) => state.theme.render(
            "newsletter_page.html",
            page_context(
                &chrome,
                "/newsletters/",
                minijinja::context! { np => np(&chrome) },
            ),
        ),
        Err(error) => {
            return crate::kit::serve::server_error(&crate::kit::errors::HttpError::Store(error));
        }
    };
    match rendered {
        Ok(html) => (
            status,
            [
                (header::CACHE_CONTROL, "no-store"),
                (header::REFERRER_POLICY, "same-origin"),
                (header::HeaderName::from_static("x-robots-tag"), "noindex"),
            ],
            Html(html),
        )
            .into_response(),
        Err(error) => {
            tracing::error!(error = %error, "cannot render a newsletter page");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side.",
            )
                .into_response()
        }
    }
}

/// The issue as its email will look, with the reader's links pointing at the site's
/// newsletter page (for the desk's preview and test sends).
pub async fn render_issue(state: &AppState, issue: &Issue) -> anyhow::Result<RenderedIssue> {
    let newsletter = state
        .db
        .newsletter(issue.newsletter_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the issue's newsletter no longer exists"))?;
    let settings = state.db.site_settings().await?;
    let site_url = settings.url.trim_end_matches('/').to_owned();
    let articles =
        byline_mail::newsletter::article_cards(&state.db, &issue.article_ids, &site_url).await?;
    let rendered = render_for_mail(
        &state.mail_templates,
        &IssueContent {
            site_title: &settings.title,
            site_url: &site_url,
            newsletter: &newsletter,
            issue,
            articles,
        },
    )?;
    let newsletters_page = format!("{site_url}/newsletters/");
    let (html, text) = rendered.personalise(&newsletters_page, &newsletters_page);
    Ok(RenderedIssue {
        subject: rendered.subject,
        html,
        text,
    })
}

/// Sends one copy of the issue to `to`, marked as a test in the subject.
pub async fn send_test_issue(
    state: &AppState,
    issue: &Issue,
    to: &EmailAddress,
) -> anyhow::Result<()> {
    let newsletter = state
        .db
        .newsletter(issue.newsletter_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the issue's newsletter no longer exists"))?;
    let rendered = render_issue(state, issue).await?;
    state
        .mailer
        .send(&Outgoing {
            to: to.to_string(),
            subject: format!("[Test] {}", rendered.subject),
            text: rendered.text,
            html: Some(rendered.html),
            from: Some(newsletter.sender()),
            reply_to: (!newsletter.reply_to.is_empty()).then(|| newsletter.reply_to.clone()),
            ..Outgoing::default()
        })
        .await?;
    Ok(())
}
