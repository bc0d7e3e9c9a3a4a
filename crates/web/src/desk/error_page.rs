//! The desk's face for an [`HttpError`](crate::kit::errors::HttpError): its error
//! page, with the status and headers the answer chose, in the language of the person
//! asking (the one they chose for the desk once signed in, the browser's before).

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::templates;
use super::words::DeskLanguage;
use crate::kit::errors::{Answer, Cause, with_body};
use crate::kit::session::SignedInLanguage;

/// Layer for the desk's routes: an error answer becomes the desk's error page.
pub async fn desk_pages(mut request: Request, next: Next) -> Response {
    let signed_in = SignedInLanguage::default();
    request.extensions_mut().insert(signed_in.clone());
    let browser = DeskLanguage::from_headers(request.headers());
    let mut response = next.run(request).await;
    let Some(answer) = response.extensions_mut().remove::<Answer>() else {
        return response;
    };
    let lang = signed_in
        .get()
        .and_then(|tag| DeskLanguage::parse(tag.as_str()))
        .unwrap_or(browser);
    let (title_id, text_id) = words_of(answer.cause);
    let title = lang.t(title_id);
    let message = if answer.own_message {
        answer.message.clone()
    } else {
        lang.t(text_id)
    };
    let html = templates::render(
        "desk/error.html",
        minijinja::context! {
            title, message, status => answer.status.as_u16(), signed_out => answer.signed_out,
            lang => lang.as_str(),
        },
    )
    .unwrap_or_else(|_| {
        format!(
            "<!doctype html><title>{0}</title><h1>{0}</h1><p>{1}</p>",
            answer.title, answer.message
        )
    });
    with_body(response, Html(html).into_response())
}

/// The messages that word a kind of answer: its title, and what it says when the
/// error brings no sentence of its own.
fn words_of(cause: Cause) -> (&'static str, &'static str) {
    match cause {
        Cause::SignInFirst => ("error-sign-in-title", "error-sign-in-text"),
        Cause::SessionExpired => ("error-session-title", "error-session-text"),
        Cause::BadCsrf => ("error-csrf-title", "error-csrf-text"),
        Cause::RoleForbids | Cause::Forbidden => ("error-forbidden-title", "error-role-text"),
        Cause::NotFound => ("error-not-found-title", "error-not-found-text"),
        Cause::Gone => ("error-not-found-title", "error-gone-text"),
        Cause::BadRequest => ("error-bad-request-title", "error-malformed-text"),
        Cause::MalformedForm => ("error-unreadable-title", "error-malformed-text"),
        Cause::Conflict => ("error-conflict-title", "error-changed-text"),
        Cause::NotEditable => ("error-not-editable-title", "error-changed-text"),
        Cause::FormTooLarge => ("error-unreadable-title", "error-too-large-text"),
        Cause::Unrenderable => ("error-unrenderable-title", "error-unrenderable-text"),
        Cause::DatabaseUnavailable => ("error-database-title", "error-try-again-text"),
        Cause::MediaUnavailable => ("error-media-title", "error-try-again-text"),
        Cause::Internal => ("error-internal-title", "error-internal-text"),
    }
}
