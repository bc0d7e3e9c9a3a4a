//! The desk's face for an [`HttpError`](crate::kit::errors::HttpError): its error
//! page, with the status and headers the answer chose.

use axum::response::{Html, IntoResponse, Response};

use super::templates;
use crate::kit::errors::{Answer, with_body};

/// Layer for the desk's routes: an error answer becomes the desk's error page.
pub async fn desk_pages(mut response: Response) -> Response {
    let Some(answer) = response.extensions_mut().remove::<Answer>() else {
        return response;
    };
    let Answer {
        status,
        title,
        message,
        signed_out,
        ..
    } = &answer;
    let html = templates::render(
        "desk/error.html",
        minijinja::context! { title, message, status => status.as_u16(), signed_out },
    )
    .unwrap_or_else(|_| {
        format!("<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>")
    });
    with_body(response, Html(html).into_response())
}
