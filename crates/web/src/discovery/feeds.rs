//! RSS 2.0 and Atom feeds of the newest articles: the whole site, a section, an author.
//! Full content, authors, categories, the lead image as media, GUIDs from the post's
//! never-changing uuid. And the News Feed as RSS 2.0: each item with its own page as
//! link and GUID.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use byline_core::markdown::{BodyPart, split_related};
use byline_core::news_feed::render_text;
use byline_core::{FeedItem, Post};
use byline_store::PostQuery;
use minijinja::Value;
use serde::Serialize;

use super::{absolute, absolutize_html, rfc2822, rfc3339};
use crate::kit::cache::Deps;
use crate::kit::serve::{Rendered, list_deps, serve_cached_as};
use crate::pages::lists::{Kind, Listing};
use crate::state::{Chrome, SharedState};

const ENTRIES: i64 = 20;
/// Items in the News Feed's RSS.
const FEED_ITEMS: i64 = 50;
const RSS: &str = "application/rss+xml; charset=utf-8";
const ATOM: &str = "application/atom+xml; charset=utf-8";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Rss,
    Atom,
}

#[derive(Serialize)]
struct Channel {
    id: String,
    title: String,
    link: String,
    self_url: String,
    description: String,
    language: String,
    updated_rfc2822: String,
    updated_rfc3339: String,
}

#[derive(Serialize)]
struct FeedImage {
    url: String,
    alt: String,
    width: u32,
    height: u32,
    mime: &'static str,
}

#[derive(Serialize)]
struct Entry {
    title: String,
    url: String,
    guid: String,
    authors: Vec<String>,
    categories: Vec<String>,
    summary: String,
    content_html: String,
    image: Option<FeedImage>,
    published_rfc2822: String,
    published_rfc3339: String,
    updated_rfc3339: String,
}

/// What a feed lists.
enum Scope {
    Site,
    List(Kind, String),
}

pub async fn site_rss(state: State<SharedState>, uri: Uri, headers: HeaderMap) -> Response {
    feed(state, Scope::Site, Format::Rss, uri, headers).await
}

pub async fn site_atom(state: State<SharedState>, uri: Uri, headers: HeaderMap) -> Response {
    feed(state, Scope::Site, Format::Atom, uri, headers).await
}

pub async fn tag_rss(
    state: State<SharedState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    feed(
        state,
        Scope::List(Kind::Tag, slug),
        Format::Rss,
        uri,
        headers,
    )
    .await
}

pub async fn tag_atom(
    state: State<SharedState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    feed(
        state,
        Scope::List(Kind::Tag, slug),
        Format::Atom,
        uri,
        headers,
    )
    .await
}

pub async fn author_rss(
    state: State<SharedState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    feed(
        state,
        Scope::List(Kind::Author, slug),
        Format::Rss,
        uri,
        headers,
    )
    .await
}

pub async fn author_atom(
    state: State<SharedState>,
    Path(slug): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    feed(
        state,
        Scope::List(Kind::Author, slug),
        Format::Atom,
        uri,
        headers,
    )
    .await
}

async fn feed(
    State(state): State<SharedState>,
    scope: Scope,
    format: Format,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_owned();
    let content_type = match format {
        Format::Rss => RSS,
        Format::Atom => ATOM,
    };
    serve_cached_as(
        &state,
        &path,
        content_type,
        &headers,
        async |chrome: &Chrome| {
            let site = &chrome.site;
            let (query, title, description, page_path) = match &scope {
                Scope::Site => (
                    PostQuery {
                        edition: chrome.edition.id,
                        ..PostQuery::default()
                    },
                    site.title.clone(),
                    site.description.clone(),
                    "/".to_owned(),
                ),
                Scope::List(kind, slug) => {
                    let listing = Listing::find(&state.db, *kind, slug, chrome.edition.id).await?;
                    let description = match kind {
                        Kind::Tag => listing
                            .description
                            .unwrap_or_else(|| site.description.clone()),
                        Kind::Author => format!("Articles by {} in {}", listing.name, site.title),
                    };
                    (
                        listing.query,
                        format!("{}: {}", site.title, listing.name),
                        description,
                        listing.base,
                    )
                }
            };
            let mut posts = state.db.recent_posts(&query, ENTRIES).await?;
            for post in &mut posts {
                chrome.section_names.tags(&mut post.summary.tags);
            }
            let updated = posts
                .iter()
                .filter_map(|p| p.summary.updated_at.or(p.summary.published_at))
                .max()
                .unwrap_or_else(|| {
                    jiff::Timestamp::from_second(state.cache.changed_at()).unwrap_or_default()
                });
            let channel = Channel {
                id: chrome.url(&page_path),
                title,
                link: chrome.url(&page_path),
                self_url: chrome.url(&path),
                description,
                language: site.language.clone(),
                updated_rfc2822: rfc2822(updated),
                updated_rfc3339: rfc3339(updated),
            };
            let entries: Vec<Entry> = posts.iter().map(|post| entry(chrome, post)).collect();
            let template = match format {
                Format::Rss => "system/rss.xml",
                Format::Atom => "system/atom.xml",
            };
            let context = minijinja::context! {
                channel => Value::from_serialize(&channel),
                entries => Value::from_serialize(&entries),
            };
            Ok(Rendered::showing(
                state.theme.render(template, context)?,
                list_deps(&query),
            ))
        },
    )
    .await
}

fn entry(chrome: &Chrome, post: &Post) -> Entry {
    let site_url = &chrome.site.url;
    let summary = &post.summary;
    let published = summary.published_at.unwrap_or(summary.edited_at);
    // Related-article cards are links to the site itself; feeds carry the story alone.
    let body: String = split_related(&post.body_html)
        .into_iter()
        .filter_map(|part| match part {
            BodyPart::Html(html) => Some(html),
            BodyPart::Related(_) => None,
        })
        .collect();
    Entry {
        title: summary.title.clone(),
        url: chrome.url(&format!("/{}/", summary.slug)),
        guid: summary.uuid.clone(),
        authors: summary.authors.iter().map(|a| a.name.clone()).collect(),
        categories: summary.tags.iter().map(|t| t.name.clone()).collect(),
        summary: summary.excerpt.clone(),
        content_html: absolutize_html(site_url, &body),
        image: summary.image.as_ref().map(|image| FeedImage {
            url: absolute(site_url, &image.url),
            alt: image.alt.clone(),
            width: image.width,
            height: image.height,
            mime: image_type(&image.url),
        }),
        published_rfc2822: rfc2822(published),
        published_rfc3339: rfc3339(published),
        updated_rfc3339: rfc3339(summary.updated_at.unwrap_or(published)),
    }
}

/// One News Feed item in RSS.
#[derive(Serialize)]
struct FeedItemEntry {
    title: String,
    /// The item's own page, absolute: both its link and its GUID.
    url: String,
    /// The item's text as HTML.
    text_html: String,
    /// The article it links to, absolute ("Read the full story").
    story_url: Option<String>,
    published_rfc2822: String,
}

/// `/news-feed/rss/`: the newest items of the edition's News Feed, pinned or not,
/// newest first.
pub async fn news_feed_rss(
    State(state): State<SharedState>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_owned();
    serve_cached_as(&state, &path, RSS, &headers, async |chrome: &Chrome| {
        let site = &chrome.site;
        // The list puts the pinned item first; a feed reader orders by date, so the
        // pinned item takes its place in time here and the newest 50 are kept.
        let mut items = state
            .db
            .feed_items_in(chrome.edition.id, FEED_ITEMS + 1, 0)
            .await?
            .items;
        items.sort_by_key(|item| std::cmp::Reverse((item.published_at, item.id)));
        items.truncate(FEED_ITEMS as usize);
        let updated = items
            .iter()
            .map(|item| item.updated_at.unwrap_or(item.published_at))
            .max()
            .unwrap_or_else(|| {
                jiff::Timestamp::from_second(state.cache.changed_at()).unwrap_or_default()
            });
        let channel = Channel {
            id: chrome.url("/news-feed/"),
            title: chrome.translate(
                "news-feed-rss-title",
                &byline_i18n::Args::new().text("site", &site.title),
            ),
            link: chrome.url("/news-feed/"),
            self_url: chrome.url(&path),
            description: chrome.translate(
                "news-feed-rss-description",
                &byline_i18n::Args::new().text("site", &site.title),
            ),
            language: site.language.clone(),
            updated_rfc2822: rfc2822(updated),
            updated_rfc3339: rfc3339(updated),
        };
        let entries: Vec<FeedItemEntry> = items
            .iter()
            .map(|item| feed_item_entry(chrome, item))
            .collect();
        let context = minijinja::context! {
            lang => chrome.language().as_str(),
            channel => Value::from_serialize(&channel),
            entries => Value::from_serialize(&entries),
        };
        Ok(Rendered::showing(
            state.theme.render("system/news-feed-rss.xml", context)?,
            Deps::on([byline_store::Scope::NewsFeed]),
        ))
    })
    .await
}

/// An item as the feed carries it, its addresses inside `chrome`'s edition (a linked
/// article of another edition redirects to its own).
fn feed_item_entry(chrome: &Chrome, item: &FeedItem) -> FeedItemEntry {
    FeedItemEntry {
        title: item.headline.clone(),
        url: chrome.url(&format!("/news-feed/{}/", item.id)),
        text_html: absolutize_html(&chrome.site.url, &render_text(&item.text)),
        story_url: item
            .post_slug
            .as_ref()
            .map(|slug| chrome.url(&format!("/{slug}/"))),
        published_rfc2822: rfc2822(item.published_at),
    }
}

/// The media type of an image, from its name.
pub fn image_type(url: &str) -> &'static str {
    match url
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        _ => "image/jpeg",
    }
}
