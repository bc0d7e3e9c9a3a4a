//! `/{slug}/`: an article or a page, with its related-article cards filled in.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::{PostKind, Slug};
use byline_store::Scope;
use minijinja::Value;

use axum::http::{StatusCode, header};

use crate::discovery::{absolute, seo};
use crate::kit::cache::{CachedPage, Deps};
use crate::kit::cards::body_and_cards;
use crate::kit::errors::HttpError;
use crate::kit::http::respond;
use crate::kit::serve::{HTML, Rendered, cached_page, page_context};
use crate::kit::session::{SESSION_COOKIE, cookie, current_staff};
use crate::narration::PlayerView;
use crate::state::{Chrome, SharedState};
use crate::views::{EditionLink, PostView};

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
    // An article asked for under another edition's prefix lives at its own address.
    let mut lives_at: Option<String> = None;
    let page = cached_page(&state, &path, HTML, async |chrome: &Chrome| {
        let slug = Slug::parse(&slug).map_err(|_| HttpError::NotFound)?;
        let mut post = state
            .db
            .published_post(&slug)
            .await?
            .ok_or(HttpError::NotFound)?;
        let edition = state.db.edition_of(post.summary.id).await?;
        if edition != chrome.edition.id {
            let home = chrome.editions.iter().find(|found| found.id == edition);
            lives_at = home.map(|home| home.prefix.path(&format!("/{slug}/")));
            return Err(HttpError::NotFound);
        }
        chrome.section_names.tags(&mut post.summary.tags);
        let translations = state.db.translations_of(post.summary.id).await?;
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
            .map(|audio| PlayerView::new(&audio, &chrome.audio_disclosure()));
        let context = page_context(
            chrome,
            &path,
            minijinja::context! {
                post => Value::from_serialize(&view),
                narration => player.as_ref().map(Value::from_serialize),
                json_ld => seo::article(chrome, &post, player.as_ref()),
                translations => Value::from_serialize(
                    EditionLink::translations(chrome, slug.as_str(), &translations)
                ),
                share_image,
            },
        );
        // The page shows this post and the posts its related-article cards show.
        // and its translations, whose links it shows.
        let shown = std::iter::once(post.summary.id)
            .chain(cards)
            .chain(translations.iter().map(|translation| translation.post))
            .map(Scope::Post);
        Ok(Rendered::showing(
            state.theme.render(template, context)?,
            Deps::on(shown),
        ))
    })
    .await;
    let page = match page {
        Ok(page) => page,
        Err(response) => {
            return match lives_at {
                Some(address) => Redirect::permanent(&address).into_response(),
                None => response,
            };
        }
    };
    if let Some(answer) = crate::kit::serve::signup_answer(&state, &headers, &page).await {
        return answer;
    }
    match edit_link {
        Some(link) => staff_view(&page, &link),
        None => respond(&page, &headers, state.cache.changed_at()),
    }
}

/// Where the signed-in staff member edits this post, if their role lets them.
async fn edit_link(state: &SharedState, headers: &HeaderMap, slug: &str) -> Option<String> {
    let slug = Slug::parse(slug).ok()?;
    let staff = current_staff(headers, state).await.ok()??;
    let (id, created_by, status) = state.db.post_owner(&slug).await.ok()??;
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
        Ok(slug) => {
            let address = crate::kit::edition::current()
                .prefix
                .path(&format!("/{slug}/"));
            Redirect::permanent(&address).into_response()
        }
        Err(_) => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}
