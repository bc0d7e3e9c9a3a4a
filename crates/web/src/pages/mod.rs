//! The public site's pages. Each is rendered once, kept in the page cache, and served
//! from memory until content changes.

pub mod article;
pub mod corrections;
pub mod home;
pub mod lists;
pub mod news_feed;
pub mod preview;
pub mod search;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use byline_store::{PostQuery, Scope, StoreError};
use minijinja::Value;

use crate::cache::{CacheEntry, CachedPage, Deps, Lookup};
use crate::http::respond;
use crate::state::{Chrome, SharedState};

/// Why a page could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("no such page")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("template error: {0:#}")]
    Template(#[from] minijinja::Error),
}

/// A rendered page and what it shows, so that the cache keeps it until one of those
/// things changes.
pub struct Rendered {
    pub body: String,
    pub deps: Deps,
}

impl Rendered {
    pub fn showing(body: String, deps: Deps) -> Rendered {
        Rendered { body, deps }
    }
}

/// What a list of articles shows: one section's or author's list, else all of them.
pub fn list_deps(query: &PostQuery) -> Deps {
    match (query.tag_id, query.author_id) {
        (Some(tag), _) => Deps::on([Scope::Tag(tag)]),
        (None, Some(author)) => Deps::on([Scope::Author(author)]),
        (None, None) => Deps::on([Scope::AllPosts]),
    }
}

/// Serves the page at `path` from the cache, rendering it with `render` on a miss.
/// The cache key is the path alone: query strings (tracking parameters) never make a
/// page render again.
pub async fn serve_cached<F>(
    state: &SharedState,
    path: &str,
    request: &HeaderMap,
    render: F,
) -> Response
where
    F: AsyncFnOnce(&Chrome) -> Result<Rendered, PageError>,
{
    serve_cached_as(state, path, HTML, request, render).await
}

pub const HTML: &str = "text/html; charset=utf-8";

/// [`serve_cached`] for any kind of document (feeds, sitemaps, robots.txt).
pub async fn serve_cached_as<F>(
    state: &SharedState,
    path: &str,
    content_type: &'static str,
    request: &HeaderMap,
    render: F,
) -> Response
where
    F: AsyncFnOnce(&Chrome) -> Result<Rendered, PageError>,
{
    match cached_page(state, path, content_type, render).await {
        Ok(page) => crate::newsletters::flash::flash_view(request, &page)
            .unwrap_or_else(|| respond(&page, request, state.cache.changed_at())),
        Err(response) => response,
    }
}

/// The page at `path` from the cache, rendered with `render` on a miss; a page that
/// cannot be rendered comes back as the response to send instead (404, 500, 503).
pub async fn cached_page<F>(
    state: &SharedState,
    path: &str,
    content_type: &'static str,
    render: F,
) -> Result<Arc<CachedPage>, Response>
where
    F: AsyncFnOnce(&Chrome) -> Result<Rendered, PageError>,
{
    let miss = match state.cache.lookup(path).await {
        Lookup::Hit(entry) => {
            metrics::counter!("byline_page_cache_hits_total").increment(1);
            return Ok(joined(state, &entry).await);
        }
        Lookup::Miss(miss) => miss,
    };
    metrics::counter!("byline_page_cache_misses_total").increment(1);
    let rendered = match state.page_chrome().await {
        Ok(chrome) => render(&chrome)
            .await
            .map(|rendered| (rendered, chrome.clone())),
        Err(error) => Err(error.into()),
    };
    match rendered {
        Ok((rendered, chrome)) => {
            let entry = Arc::new(CacheEntry::new(rendered.body, content_type, rendered.deps));
            let page = entry.page(&chrome.fragments);
            state.cache.fill(miss, entry);
            Ok(page)
        }
        Err(PageError::NotFound) => {
            drop(miss);
            Err(not_found_page(state, path).await)
        }
        Err(error) => {
            drop(miss);
            Err(server_error(&error))
        }
    }
}

/// A cached page with the shared fragments of the current version in its holes. If
/// the database cannot be reached to render them, the last ones rendered are used.
pub async fn joined(state: &SharedState, entry: &CacheEntry) -> Arc<CachedPage> {
    if let Some(page) = entry.whole_page() {
        return page;
    }
    match state.page_chrome().await {
        Ok(chrome) => entry.page(&chrome.fragments),
        Err(_) => entry.page(&state.last_fragments()),
    }
}

/// Renders a document that is not kept in the page cache (it depends on the query
/// string or on the clock), still with an ETag so a repeat can be answered with 304.
pub async fn serve_fresh<F>(
    state: &SharedState,
    path: &str,
    content_type: &'static str,
    request: &HeaderMap,
    render: F,
) -> Response
where
    F: AsyncFnOnce(&Chrome) -> Result<String, PageError>,
{
    let rendered = match state.chrome().await {
        Ok(chrome) => render(&chrome).await,
        Err(error) => Err(error.into()),
    };
    match rendered {
        Ok(body) => respond(
            &CachedPage::new(body, content_type),
            request,
            state.cache.changed_at(),
        ),
        Err(PageError::NotFound) => not_found_page(state, path).await,
        Err(error) => server_error(&error),
    }
}

/// The context every template gets, merged with the page's own variables.
pub fn page_context(chrome: &Chrome, path: &str, page: Value) -> Value {
    minijinja::context! {
        site => Value::from_serialize(&chrome.site),
        news_feed => Value::from_serialize(&chrome.news_feed),
        feed_seq => chrome.feed_seq,
        newsletter_list => Value::from_serialize(&chrome.newsletters),
        page_path => path,
        fragment_holes => chrome.holes,
        editors_picks_sidebar => Value::from_serialize(&chrome.editors_picks),
        canonical_url => format!("{}{}", chrome.site.url, path),
        now_year => jiff::Timestamp::now().to_zoned(chrome.settings.time_zone()).year(),
        ..page
    }
}

/// Where an old address leads (imports, changed slugs), else the theme's helpful 404
/// page. Only addresses no page answers come here, so the redirects table costs
/// nothing on normal page hits.
pub async fn not_found_page(state: &SharedState, path: &str) -> Response {
    if let Some(response) = redirect(state, path).await {
        return response;
    }
    plain_not_found_page(state, path).await
}

/// The redirect stored for `path` (with its query, for WordPress's `/?p=61`), if any.
pub async fn redirect(state: &SharedState, path: &str) -> Option<Response> {
    match state.db.redirect_for(path).await {
        Ok(Some(found)) => {
            metrics::counter!("byline_redirects_total").increment(1);
            let status = if found.permanent {
                StatusCode::MOVED_PERMANENTLY
            } else {
                StatusCode::FOUND
            };
            Some((status, [(header::LOCATION, found.to_path)]).into_response())
        }
        Ok(None) => None,
        Err(error) => {
            tracing::warn!(error = %error, "cannot look up a redirect");
            None
        }
    }
}

/// The theme's helpful 404 page, status 404.
async fn plain_not_found_page(state: &SharedState, path: &str) -> Response {
    let shown_path: String = path.chars().take(200).collect();
    let rendered = match state.chrome().await {
        Ok(chrome) => state
            .theme
            .render(
                "404.html",
                page_context(&chrome, "/404/", minijinja::context! { path => shown_path }),
            )
            .map_err(PageError::from),
        Err(e) => Err(e.into()),
    };
    match rendered {
        Ok(html) => (
            StatusCode::NOT_FOUND,
            [(header::CACHE_CONTROL, "no-store")],
            Html(html),
        )
            .into_response(),
        Err(error) => {
            tracing::error!(error = %error, "cannot render the 404 page");
            (StatusCode::NOT_FOUND, "Not found").into_response()
        }
    }
}

/// A plain 500 page; the cause is logged once and never shown to the reader.
pub fn server_error(error: &PageError) -> Response {
    tracing::error!(error = %error, "page render failed");
    metrics::counter!("byline_render_errors_total").increment(1);
    if database_unavailable(error) {
        // Not a bug in the page: the database is down or overloaded. Say so, and tell
        // caches and crawlers when to come back.
        metrics::counter!("byline_database_unavailable_total").increment(1);
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, "no-store"), (header::RETRY_AFTER, "5")],
            Html(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Back in a moment</title></head>\
                 <body><main><h1>We'll be back in a moment</h1><p>The site cannot reach its database right now. \
                 Please try again in a few seconds.</p></main></body></html>",
            ),
        )
            .into_response();
    }
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CACHE_CONTROL, "no-store")],
        Html(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Something went wrong</title></head>\
             <body><main><h1>Something went wrong on our side</h1><p>The error has been logged. \
             Please try again in a moment, or go to the <a href=\"/\">home page</a>.</p></main></body></html>",
        ),
    )
        .into_response()
}

/// True when a render failed because the database could not be reached at all.
fn database_unavailable(error: &PageError) -> bool {
    matches!(error, PageError::Store(store) if store.is_unavailable())
}

/// Any address no route knows.
pub async fn fallback(State(state): State<SharedState>, uri: Uri) -> Response {
    not_found_page(&state, uri.path()).await
}

/// Parses the `N` of `/page/N/`; page 1 lives at the list's own address, so only
/// numbers from 2 up are pages here.
pub fn page_number(raw: &str) -> Option<i64> {
    if raw.len() > 6 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok().filter(|n| *n >= 2)
}

/// Like [`page_number`], but "1" is page 1 too (for addresses that always carry a
/// number, such as `/sitemaps/posts/1.xml`).
pub fn page_number_or_first(raw: &str) -> Option<i64> {
    if raw == "1" {
        Some(1)
    } else {
        page_number(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::page_number;

    #[test]
    fn page_numbers_are_small_whole_numbers_from_two() {
        assert_eq!(page_number("2"), Some(2));
        assert_eq!(page_number("1"), None);
        assert_eq!(page_number("0"), None);
        assert_eq!(page_number("-3"), None);
        assert_eq!(page_number("abc"), None);
        assert_eq!(page_number("99999999999999999999"), None);
        assert_eq!(page_number("+2"), None);
    }
}
