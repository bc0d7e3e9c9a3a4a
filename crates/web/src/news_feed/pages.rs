//! The News Feed's public side: `/news-feed/` (live, with `/page/N/` for older items),
//! each item's own page `/news-feed/{id}/`, and the `/news-feed/more?offset=N`
//! fragment that "Show more" appends under the sidebar and home lists.
//!
//! Live updates come from `/news-feed/events` (see `crate::news_feed::live`); the first page's
//! list carries the number of the last feed event it reflects (`data-seq`), so the
//! page's script resumes the stream exactly where the cached page left off.
//!
//! Each edition has its own feed at its own prefix (`/uk/news-feed/`); an item asked
//! for under another edition's prefix is sent on to its own address.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use byline_core::markdown;
use byline_store::Scope;
use minijinja::Value;

use crate::discovery::seo;
use crate::kit::cache::Deps;
use crate::kit::errors::HttpError;
use crate::kit::serve::{
    HTML, Rendered, not_found_page, page_context, page_number, serve_cached, serve_cached_as,
};
use crate::kit::theme::Theme;
use crate::state::{Chrome, SharedState};
use crate::views::{FeedItemView, PaginationView};

pub const FEED_ITEMS_PER_PAGE: i64 = 25;
/// How many items one press of "Show more" adds.
pub const MORE_ITEMS: i64 = 10;
/// The heading level of items in the sidebar, on the home page and in live events.
pub const LIST_HEADING: &str = "h3";

pub async fn news_feed(state: State<SharedState>, uri: Uri, headers: HeaderMap) -> Response {
    feed_list(state, 1, uri, headers).await
}

pub async fn news_feed_page(
    state: State<SharedState>,
    Path(page): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if page == "1" {
        let first = crate::kit::edition::current().prefix.path("/news-feed/");
        return Redirect::permanent(&first).into_response();
    }
    match page_number(&page) {
        Some(n) => feed_list(state, n, uri, headers).await,
        None => not_found_page(&state, uri.path()).await,
    }
}

async fn feed_list(
    State(state): State<SharedState>,
    page: i64,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_owned();
    serve_cached(&state, &path, &headers, async |chrome: &Chrome| {
        let snapshot = state
            .db
            .feed_snapshot(
                chrome.edition.id,
                FEED_ITEMS_PER_PAGE,
                (page - 1) * FEED_ITEMS_PER_PAGE,
            )
            .await?;
        let found = &snapshot.page;
        if page > 1 && found.items.is_empty() {
            return Err(HttpError::NotFound);
        }
        let pagination = PaginationView::new("/news-feed/", page, FEED_ITEMS_PER_PAGE, found);
        // Only the first page follows the feed live; older pages are as they were.
        let live = page == 1;
        let json_ld = live.then(|| seo::news_feed(chrome, &found.items));
        // `feed_seq` is taken by the chrome (the sidebar's list) and the chrome's
        // variables win a merge, so the page's own number has its own name.
        let context = page_context(
            chrome,
            &path,
            minijinja::context! {
                items => Value::from_serialize(FeedItemView::list(&found.items, &chrome.clock)),
                items_seq => snapshot.seq,
                live,
                pagination => Value::from_serialize(&pagination),
                feed_rss_url => "/news-feed/rss/",
                json_ld,
            },
        );
        Ok(Rendered::showing(
            state.theme.render("feed.html", context)?,
            Deps::on([Scope::NewsFeed]),
        ))
    })
    .await
}

/// `/news-feed/{id}/`: one item on its own page, to link to and share.
pub async fn item(
    State(state): State<SharedState>,
    Path(raw): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_owned();
    let Some(id) = item_id(&raw) else {
        return not_found_page(&state, &path).await;
    };
    // An item asked for under another edition's prefix lives at its own address.
    let mut lives_at: Option<String> = None;
    let response = serve_cached(&state, &path, &headers, async |chrome: &Chrome| {
        let item = state.db.feed_item(id).await?.ok_or(HttpError::NotFound)?;
        if item.edition != chrome.edition.id {
            let home = chrome
                .editions
                .iter()
                .find(|found| found.id == item.edition);
            lives_at = home.map(|home| home.prefix.path(&format!("/news-feed/{id}/")));
            return Err(HttpError::NotFound);
        }
        let view = FeedItemView::new(&item, &chrome.clock);
        let context = page_context(
            chrome,
            &path,
            minijinja::context! {
                item => Value::from_serialize(&view),
                summary => markdown::excerpt_of(&markdown::plain_text(&item.text)),
                feed_rss_url => "/news-feed/rss/",
                json_ld => seo::feed_item(chrome, &item),
            },
        );
        Ok(Rendered::showing(
            state.theme.render("feed_item_page.html", context)?,
            Deps::on([Scope::NewsFeed]),
        ))
    })
    .await;
    match lives_at {
        Some(address) => Redirect::permanent(&address).into_response(),
        None => response,
    }
}

/// `/news-feed/{id}` without its slash: sent on to the item's address.
pub async fn item_add_slash(
    State(state): State<SharedState>,
    Path(raw): Path<String>,
    uri: Uri,
) -> Response {
    match item_id(&raw) {
        Some(id) => {
            let address = crate::kit::edition::current()
                .prefix
                .path(&format!("/news-feed/{id}/"));
            Redirect::permanent(&address).into_response()
        }
        None => not_found_page(&state, uri.path()).await,
    }
}

/// `/news-feed/more?offset=N`: the `<li>`s of the next items after the first `N`,
/// newest first, for "Show more" to append; empty past the end.
pub async fn more(State(state): State<SharedState>, uri: Uri, headers: HeaderMap) -> Response {
    let Some(offset) = offset_param(uri.query()) else {
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Give the number of items already shown, as in /news-feed/more?offset=10\n",
        )
            .into_response();
    };
    // The cache keys pages by path alone; the offset is part of what this is.
    let key = format!("/news-feed/more?offset={offset}");
    serve_cached_as(&state, &key, HTML, &headers, async |chrome: &Chrome| {
        let found = state
            .db
            .feed_items_in(chrome.edition.id, MORE_ITEMS, offset)
            .await?;
        Ok(Rendered::showing(
            render_items(
                &state.theme,
                chrome,
                &FeedItemView::list(&found.items, &chrome.clock),
                LIST_HEADING,
            )?,
            Deps::on([Scope::NewsFeed]),
        ))
    })
    .await
}

/// Items as the theme's `partials/feed_item.html` renders them, one after another,
/// in `chrome`'s language. (Their links are kept inside the edition by whoever sends
/// the HTML: the page cache, or the live stream.)
pub fn render_items(
    theme: &Theme,
    chrome: &Chrome,
    items: &[FeedItemView],
    heading: &str,
) -> Result<String, minijinja::Error> {
    let mut html = String::new();
    for item in items {
        html.push_str(&render_item(theme, chrome, item, heading)?);
        html.push('\n');
    }
    Ok(html)
}

/// One item as `partials/feed_item.html` renders it in `chrome`'s language.
pub fn render_item(
    theme: &Theme,
    chrome: &Chrome,
    item: &FeedItemView,
    heading: &str,
) -> Result<String, minijinja::Error> {
    theme.render(
        "partials/feed_item.html",
        minijinja::context! {
            lang => chrome.language().as_str(),
            item => Value::from_serialize(item),
            feed_heading => heading,
        },
    )
}

/// An item id as written in its address: digits, no leading zero (so every item has
/// exactly one address), small enough to be an id.
fn item_id(raw: &str) -> Option<i64> {
    if raw.is_empty() || raw.len() > 18 || raw.starts_with('0') {
        return None;
    }
    if !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

/// The `offset` of a query string: a whole number from 0.
fn offset_param(query: Option<&str>) -> Option<i64> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    let (_, raw) = pairs.into_iter().find(|(name, _)| name == "offset")?;
    if raw.is_empty() || raw.len() > 9 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::{item_id, offset_param};

    #[test]
    fn item_ids_have_one_spelling() {
        assert_eq!(item_id("12"), Some(12));
        assert_eq!(item_id("012"), None);
        assert_eq!(item_id("0"), None);
        assert_eq!(item_id("abc"), None);
        assert_eq!(item_id("-3"), None);
        assert_eq!(item_id("+3"), None);
        assert_eq!(item_id(""), None);
        assert_eq!(item_id("99999999999999999999"), None);
    }

    #[test]
    fn offsets_are_whole_numbers_from_zero() {
        assert_eq!(offset_param(Some("offset=0")), Some(0));
        assert_eq!(offset_param(Some("x=1&offset=10")), Some(10));
        assert_eq!(offset_param(Some("offset=abc")), None);
        assert_eq!(offset_param(Some("offset=-1")), None);
        assert_eq!(offset_param(Some("offset=")), None);
        assert_eq!(offset_param(Some("offset=1e3")), None);
        assert_eq!(offset_param(Some("offset=9999999999")), None);
        assert_eq!(offset_param(None), None);
        assert_eq!(offset_param(Some("page=2")), None);
    }
}
