//! The editor's live preview: the body rendered by the server exactly as the site
//! renders it (same Markdown rules, same sanitizer, same related-article cards).

use axum::Form;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use byline_core::markdown;

use super::super::DeskResult;
use super::super::auth::Staff;
use super::super::errors::DeskError;
use super::super::forms::FormData;
use crate::pages::article::body_with_cards;
use crate::state::SharedState;

/// `POST /admin/preview` with `body` (and the CSRF token): the rendered HTML.
pub async fn render(
    State(state): State<SharedState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let html = render_body(&state, form.get("body"), None).await?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

pub async fn render_body(
    state: &SharedState,
    body_markdown: &str,
    own_slug: Option<&byline_core::Slug>,
) -> Result<String, DeskError> {
    let rendered = markdown::render(body_markdown);
    let chrome = state.chrome().await?;
    body_with_cards(state, &chrome, &rendered.html, own_slug)
        .await
        .map_err(DeskError::from)
}
