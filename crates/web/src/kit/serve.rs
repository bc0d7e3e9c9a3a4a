//! Serving theme pages: from the page cache or freshly rendered, with the shared
//! context every theme template gets, the theme's 404 (after the redirects table),
//! and the plain 500/503 pages. The public site, newsletters, feeds, sitemaps and
//! podcasts all answer through here.

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use byline_core::html::escape;
use byline_store::{PostQuery, Scope};
use minijinja::Value;

use super::cache::{CacheEntry, CachedPage, Deps, Lookup};
use super::errors::HttpError;
use super::http::respond;
use crate::state::{Chrome, SharedState};

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
    F: AsyncFnOnce(&Chrome) -> Result<Rendered, HttpError>,
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
    F: AsyncFnOnce(&Chrome) -> Result<Rendered, HttpError>,
{
    let page = match cached_page(state, path, content_type, render).await {
        Ok(page) => page,
        Err(response) => return response,
    };
    if let Some(answer) = signup_answer(state, request, &page).await {
        return answer;
    }
    respond(&page, request, state.cache.changed_at())
}

/// The cached page with a pending signup answer written into its box, when the
/// request carries one (see `signup_box::flash_view`).
pub async fn signup_answer(
    state: &SharedState,
    request: &HeaderMap,
    page: &CachedPage,
) -> Option<Response> {
    let flash = crate::kit::signup_box::read_flash(request)?;
    let words = signup_words(state).await;
    crate::kit::signup_box::flash_view(&flash, page, &words)
}

/// The signup answers in the site's language (English while the database is away).
pub async fn signup_words(state: &SharedState) -> crate::kit::signup_box::SignupWords {
    let language = match state.chrome().await {
        Ok(chrome) => chrome.language().clone(),
        Err(_) => byline_core::LanguageTag::english(),
    };
    crate::kit::signup_box::SignupWords::new(state.theme.translations(), &language)
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
    F: AsyncFnOnce(&Chrome) -> Result<Rendered, HttpError>,
{
    // An edition's pages are kept under their full address (`/uk/tag/city/`).
    let key = super::edition::current().prefix.path(path);
    let miss = match state.cache.lookup(&key).await {
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
            let body = chrome.keep_links_within(rendered.body);
            let body = crate::content_files::link_public(body, state.media.public_base());
            let entry = Arc::new(CacheEntry::new(body, content_type, rendered.deps));
            let page = entry.page(&chrome.fragments);
            state.cache.fill(miss, entry);
            Ok(page)
        }
        Err(HttpError::NotFound) => {
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
    F: AsyncFnOnce(&Chrome) -> Result<String, HttpError>,
{
    let rendered = match state.chrome().await {
        Ok(chrome) => render(&chrome)
            .await
            .map(|body| chrome.keep_links_within(body)),
        Err(error) => Err(error.into()),
    };
    match rendered {
        Ok(body) => respond(
            &CachedPage::new(
                crate::content_files::link_public(body, state.media.public_base()),
                content_type,
            ),
            request,
            state.cache.changed_at(),
        ),
        Err(HttpError::NotFound) => not_found_page(state, path).await,
        Err(error) => server_error(&error),
    }
}

/// The context every template gets, merged with the page's own variables.
pub fn page_context(chrome: &Chrome, path: &str, page: Value) -> Value {
    minijinja::context! {
        lang => chrome.language().as_str(),
        og_locale => crate::discovery::seo::og_locale(chrome.language()),
        site => Value::from_serialize(&chrome.site),
        news_feed => Value::from_serialize(&chrome.news_feed),
        feed_seq => chrome.feed_seq,
        newsletter_list => Value::from_serialize(&chrome.newsletters),
        page_path => chrome.path(path),
        fragment_holes => chrome.holes,
        editors_picks_sidebar => Value::from_serialize(&chrome.editors_picks),
        canonical_url => chrome.url(path),
        editions => Value::from_serialize(crate::views::EditionLink::list(chrome)),
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
            .map(|html| chrome.keep_links_within(html))
            .map_err(HttpError::from),
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

/// The theme's face for an error that is not "not found": a plain page saying what
/// happened (the theme cannot be trusted to render while its database is away). The
/// cause of a 500 is logged once, by [`HttpError::answer`], and never shown.
pub fn server_error(error: &HttpError) -> Response {
    let answer = error.answer();
    if answer.status.is_server_error() {
        metrics::counter!("byline_render_errors_total").increment(1);
    }
    let (title, heading, text) = match answer.status {
        // Not a bug in the page: the database is down or overloaded. Say so, and tell
        // caches and crawlers when to come back.
        StatusCode::SERVICE_UNAVAILABLE => (
            "Back in a moment",
            "We'll be back in a moment",
            "The site cannot reach its database right now. Please try again in a few seconds."
                .to_owned(),
        ),
        status if status.is_server_error() => (
            "Something went wrong",
            "Something went wrong on our side",
            "The error has been logged. Please try again in a moment, or go to the \
             <a href=\"/\">home page</a>."
                .to_owned(),
        ),
        _ => (answer.title, answer.title, escape(&answer.message)),
    };
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><main><h1>{heading}</h1><p>{text}</p></main></body></html>"
    );
    let mut response = (
        answer.status,
        [(header::CACHE_CONTROL, "no-store")],
        Html(html),
    )
        .into_response();
    if answer.status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
    }
    response
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
