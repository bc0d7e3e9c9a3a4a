//! One place maps what went wrong in the desk to an answer: a page that says what
//! happened and what to do, with the right status. Causes of 500s are logged, never
//! shown.

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use byline_store::StoreError;

use super::templates;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// Signed out, on a page: go to the sign-in form and come back.
    #[error("sign in first")]
    SignInFirst { next: String },
    /// A form sent with a session that has ended.
    #[error("the session expired")]
    SessionExpired,
    #[error("the form's security token is missing or wrong")]
    BadCsrf,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    /// A request the desk's own forms never send (a hand-made or stale one).
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("the form was too large or cut off")]
    FormTooLarge,
    /// A multipart body that is not multipart (a broken or hand-made request).
    #[error("the form could not be read")]
    MalformedForm,
    /// A text over the Markdown limits: refused before it is rendered.
    #[error("the text cannot be rendered: {0}")]
    Unrenderable(byline_core::markdown::MarkdownLimit),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("template error: {0:#}")]
    Template(#[from] minijinja::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl IntoResponse for DeskError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            DeskError::SignInFirst { next } => {
                let target = format!("/admin/signin?next={}", encode_query(next));
                return Redirect::to(&target).into_response();
            }
            DeskError::SessionExpired => (
                StatusCode::FORBIDDEN,
                "Your session has ended",
                "You were signed out (sessions end after two weeks, or when you sign out elsewhere). \
                 Sign in again, then repeat what you were doing.",
            ),
            DeskError::BadCsrf => (
                StatusCode::FORBIDDEN,
                "This form has expired",
                "The form was missing its security token or came from another site, so nothing \
                 was changed. Go back, reload the page and try again.",
            ),
            DeskError::Forbidden(message) => {
                (StatusCode::FORBIDDEN, "You cannot do this", *message)
            }
            DeskError::BadRequest(message) => (
                StatusCode::BAD_REQUEST,
                "This cannot be done",
                message.as_str(),
            ),
            DeskError::FormTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "This form could not be read",
                "What was sent is larger than 48 MB or arrived incomplete, so nothing was saved. \
                 Go back and try again with a smaller file.",
            ),
            DeskError::MalformedForm => (
                StatusCode::BAD_REQUEST,
                "This form could not be read",
                "What was sent is not a form this page sends, so nothing was saved. \
                 Go back, reload the page and try again.",
            ),
            DeskError::Unrenderable(_) | DeskError::Store(StoreError::InvalidPost(_)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "This text cannot be saved",
                "The body is over 512 KB or nests quotes, lists or tags more than 40 levels \
                 deep, so nothing was saved. Go back, shorten or flatten it, and save again.",
            ),
            DeskError::Conflict(message) => (
                StatusCode::CONFLICT,
                "Someone else changed this first",
                *message,
            ),
            DeskError::NotFound => (
                StatusCode::NOT_FOUND,
                "Not found",
                "There is nothing at this address in the desk. It may have been removed.",
            ),
            DeskError::Store(error) if error.is_unavailable() => {
                tracing::error!(error = %self, "desk request failed: database unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The database cannot be reached",
                    "Nothing was saved. Try again in a moment.",
                )
            }
            DeskError::Store(StoreError::NotEditable(message)) => (
                StatusCode::CONFLICT,
                "This can no longer be changed",
                message.as_str(),
            ),
            DeskError::Store(StoreError::NotFound { .. }) => (
                StatusCode::NOT_FOUND,
                "Not found",
                "What you asked for no longer exists.",
            ),
            _ => {
                tracing::error!(error = %self, "desk request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side",
                    "The error has been logged. Nothing was half-saved: try again, and if it keeps \
                     happening tell your administrator.",
                )
            }
        };
        let signed_out = matches!(self, DeskError::SessionExpired);
        if status == StatusCode::SERVICE_UNAVAILABLE {
            metrics::counter!("byline_database_unavailable_total").increment(1);
        }
        let html = templates::render(
            "desk/error.html",
            minijinja::context! { title, message, status => status.as_u16(), signed_out },
        )
        .unwrap_or_else(|_| {
            format!("<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>")
        });
        let mut response =
            (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
        }
        response
    }
}

/// The site's own rendering code (used by the editor's preview) reports in page terms.
impl From<crate::pages::PageError> for DeskError {
    fn from(error: crate::pages::PageError) -> Self {
        match error {
            crate::pages::PageError::NotFound => DeskError::NotFound,
            crate::pages::PageError::Store(store) => DeskError::Store(store),
            crate::pages::PageError::Template(template) => DeskError::Template(template),
        }
    }
}

/// Percent-encodes a value for a query string.
pub fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
