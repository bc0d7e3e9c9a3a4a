//! The editor's live preview: the body rendered by the server exactly as the site
//! renders it (same Markdown rules, same sanitizer, same related-article cards).

use axum::Form;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use byline_core::content::PostError;
use byline_core::markdown::{self, MarkdownLimit};
use byline_store::{StoreError, render_bounded};

use super::super::DeskResult;
use crate::kit::cards::body_with_cards;
use crate::kit::errors::HttpError;
use crate::kit::forms::FormData;
use crate::kit::session::Staff;
use crate::state::SharedState;

/// `POST /admin/preview` with `body` (and the CSRF token): the rendered HTML, or 422
/// with a paragraph that says why the text cannot be shown.
pub async fn render(
    State(state): State<SharedState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let (status, html) = match render_body(&state, form.get("body"), None).await {
        Ok(html) => (StatusCode::OK, html),
        Err(HttpError::Unrenderable(limit)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "<p class=\"preview-empty\">{}</p>",
                byline_core::html::escape(&unrenderable_message(limit))
            ),
        ),
        Err(other) => return Err(other),
    };
    Ok((
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        html,
    )
        .into_response())
}

/// What the editor says about a body over the limits, beside the field.
pub fn unrenderable_message(limit: MarkdownLimit) -> String {
    format!("This text cannot be shown or saved: {limit}.")
}

/// Renders a body as the site will, off the async workers and within
/// `RENDER_TIME_LIMIT`; a body over the Markdown limits is refused before any work.
pub async fn render_body(
    state: &SharedState,
    body_markdown: &str,
    own_slug: Option<&byline_core::Slug>,
) -> Result<String, HttpError> {
    markdown::check(body_markdown).map_err(HttpError::Unrenderable)?;
    let text = body_markdown.to_owned();
    let rendered = render_bounded(move || markdown::render(&text))
        .await
        .map_err(|error| match error {
            StoreError::InvalidPost(PostError::Body(limit)) => HttpError::Unrenderable(limit),
            other => HttpError::Store(other),
        })?;
    let chrome = state.chrome().await?;
    body_with_cards(state, &chrome, &rendered.html, own_slug).await
}
