//! `/{slug}/`: an article or a page, with its related-article cards filled in.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::markdown::{BodyPart, split_related};
use byline_core::{PostKind, Slug};
use byline_store::Scope;
use minijinja::Value;

use axum::http::{StatusCode, header};

use super::{HTML, PageError, Rendered, cached_page, page_context};
use crate::cache::{CachedPage, Deps};
use crate::desk::auth::{SESSION_COOKIE, cookie, current_staff};
use crate::discovery::{absolute, seo};
use crate::http::respond;
use crate::narration::PlayerView;
use crate::state::{Chrome, SharedState};
use crate::views::{CardView, PostView};

pub async fn show(
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_owned();
    // Only a request with a session cookie pays for the staff check.
    let edit_link = match cookie(&headers, SESSION_COOKIE) {
        Some(_) => edit_link(&state, &headers, &slug).await,
        None => None,
    };
    let page = cached_page(&state, &path, HTML, async |chrome: &Chrome| {
        let slug = Slug::parse(&slug).map_err(|_| PageError::NotFound)?;
        let post = state
            .db
            .published_post(slug.as_str())
            .await?
            .ok_or(PageError::NotFound)?;
        let (body_html, cards) =
            body_and_cards(&state, chrome, &post.body_html, Some(&post.summary.slug)).await?;
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
        let narration = match post.summary.kind {
            PostKind::Post => state.db.narration(post.summary.id).await?,
            PostKind::Page => None,
        };
        let player = narration
            .filter(|n| n.enabled)
            .and_then(|n| n.audio)
            .map(|audio| PlayerView::new(&audio, &chrome.settings.audio_disclosure));
        let context = page_context(
            chrome,
            &path,
            minijinja::context! {
                post => Value::from_serialize(&view),
                narration => player.as_ref().map(Value::from_serialize),
                json_ld => seo::article(chrome, &post, player.as_ref()),
                share_image,
            },
        );
        // The page shows this post and the posts its related-article cards show.
        let shown = std::iter::once(post.summary.id)
            .chain(cards)
            .map(Scope::Post);
        Ok(Rendered::showing(
            state.theme.render(template, context)?,
            Deps::on(shown),
        ))
    })
    .await;
    let page = match page {
        Ok(page) => page,
        Err(response) => return response,
    };
    if let Some(answer) = crate::newsletters::flash::flash_view(&headers, &page) {
        return answer;
    }
    match edit_link {
        Some(link) => staff_view(&page, &link),
        None => respond(&page, &headers, state.cache.changed_at()),
    }
}

/// Where the signed-in staff member edits this post, if their role lets them.
async fn edit_link(state: &SharedState, headers: &HeaderMap, slug: &str) -> Option<String> {
    let staff = current_staff(headers, state).await.ok()??;
    let (id, created_by, status) = state.db.post_owner(slug).await.ok()??;
    staff
        .role()
        .may_edit(staff.access(created_by, status))
        .then(|| format!("/admin/posts/{id}"))
}

/// The cached page with the staff-only "Edit post" link filled in. It is sent
/// privately and never stored, so no cache (ours, a browser's, a CDN's) can hand one
/// person's staff view to anyone else.
fn staff_view(page: &CachedPage, link: &str) -> Response {
    let html = String::from_utf8_lossy(page.body()).replacen(
        EDIT_MARKER,
        &format!("<a class=\"edit-post\" href=\"{link}\">Edit post</a>"),
        1,
    );
    (
        StatusCode::OK,
        [
            (header::CACHE_CONTROL, "private, no-store"),
            (header::CONTENT_TYPE, HTML),
            (header::VARY, "Cookie"),
        ],
        html,
    )
        .into_response()
}

/// Where themes put the "Edit post" link; anonymous pages keep the bare comment.
pub const EDIT_MARKER: &str = "<!--byline:edit-post-->";

/// `/{slug}` without the trailing slash: the canonical address has one.
pub async fn add_slash(Path(slug): Path<String>) -> Response {
    match Slug::parse(&slug) {
        Ok(slug) => Redirect::permanent(&format!("/{slug}/")).into_response(),
        Err(_) => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

/// The stored body with each `[[related: slug]]` marker replaced by that article's
/// card, or by nothing when it is missing or unpublished. One query for all cards.
pub async fn body_with_cards(
    state: &SharedState,
    chrome: &Chrome,
    body_html: &str,
    own_slug: Option<&Slug>,
) -> Result<String, PageError> {
    Ok(body_and_cards(state, chrome, body_html, own_slug).await?.0)
}

/// [`body_with_cards`], and the ids of the posts whose cards it shows.
async fn body_and_cards(
    state: &SharedState,
    chrome: &Chrome,
    body_html: &str,
    own_slug: Option<&Slug>,
) -> Result<(String, Vec<i64>), PageError> {
    let parts = split_related(body_html);
    let slugs: Vec<Slug> = parts
        .iter()
        .filter_map(|p| match p {
            BodyPart::Related(slug) if Some(slug) != own_slug => Some(slug.clone()),
            _ => None,
        })
        .collect();
    if slugs.is_empty() {
        return Ok((body_html.to_owned(), Vec::new()));
    }
    let summaries = state.db.published_summaries(&slugs).await?;
    let found: HashMap<String, CardView> = summaries
        .iter()
        .map(|summary| {
            (
                summary.slug.to_string(),
                CardView::new(summary, &chrome.clock),
            )
        })
        .collect();
    let mut html = String::with_capacity(body_html.len() + 1024);
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
    Ok((html, summaries.iter().map(|summary| summary.id).collect()))
}
