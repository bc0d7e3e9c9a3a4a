//! `/{slug}/`: an article or a page, with its related-article cards filled in.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::markdown::{BodyPart, split_related};
use byline_core::{Post, PostKind, Slug};
use minijinja::Value;

use super::{PageError, page_context, serve_cached};
use crate::discovery::{absolute, seo};
use crate::state::{Chrome, SharedState};
use crate::views::{CardView, PostView};

pub async fn show(
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_owned();
    serve_cached(&state, &path, &headers, async |chrome: &Chrome| {
        let slug = Slug::parse(&slug).map_err(|_| PageError::NotFound)?;
        let post = state
            .db
            .published_post(slug.as_str())
            .await?
            .ok_or(PageError::NotFound)?;
        let body_html = body_with_cards(&state, chrome, &post).await?;
        let template = match post.summary.kind {
            PostKind::Post => "article.html",
            PostKind::Page => "page.html",
        };
        let view = PostView::new(&post, body_html, &chrome.clock);
        let share_image = post
            .summary
            .image
            .as_ref()
            .map(|image| absolute(&chrome.site.url, &image.url));
        let context = page_context(
            chrome,
            &path,
            minijinja::context! {
                post => Value::from_serialize(&view),
                json_ld => seo::article(chrome, &post),
                share_image,
            },
        );
        Ok(state.theme.render(template, context)?)
    })
    .await
}

/// `/{slug}` without the trailing slash: the canonical address has one.
pub async fn add_slash(Path(slug): Path<String>) -> Response {
    match Slug::parse(&slug) {
        Ok(slug) => Redirect::permanent(&format!("/{slug}/")).into_response(),
        Err(_) => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

/// The stored body with each `[[related: slug]]` marker replaced by that article's
/// card, or by nothing when it is missing or unpublished. One query for all cards.
async fn body_with_cards(
    state: &SharedState,
    chrome: &Chrome,
    post: &Post,
) -> Result<String, PageError> {
    let parts = split_related(&post.body_html);
    let slugs: Vec<Slug> = parts
        .iter()
        .filter_map(|p| match p {
            BodyPart::Related(slug) if slug != &post.summary.slug => Some(slug.clone()),
            _ => None,
        })
        .collect();
    if slugs.is_empty() {
        return Ok(post.body_html.clone());
    }
    let found: HashMap<String, CardView> = state
        .db
        .published_summaries(&slugs)
        .await?
        .iter()
        .map(|summary| {
            (
                summary.slug.to_string(),
                CardView::new(summary, &chrome.clock),
            )
        })
        .collect();
    let mut html = String::with_capacity(post.body_html.len() + 1024);
    for part in parts {
        match part {
            BodyPart::Html(piece) => html.push_str(piece),
            BodyPart::Related(slug) => {
                if let Some(card) = found.get(slug.as_str()) {
                    let context = minijinja::context! {
                        card => Value::from_serialize(card),
                        site => Value::from_serialize(&chrome.site),
                    };
                    html.push_str(&state.theme.render("partials/related.html", context)?);
                }
            }
        }
    }
    Ok(html)
}
