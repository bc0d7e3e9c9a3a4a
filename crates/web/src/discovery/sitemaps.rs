//! `/sitemap.xml` (an index of paged child sitemaps), `/sitemaps/{kind}/{n}.xml`,
//! the Google News sitemap of the last two days, and `/robots.txt`.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use byline_core::PostKind;
use byline_store::{PostQuery, Scope, SitemapEntry};
use jiff::{SignedDuration, Timestamp};
use minijinja::Value;
use serde::Serialize;

use super::{absolute, rfc3339};
use crate::kit::cache::Deps;
use crate::kit::errors::HttpError;
use crate::kit::serve::{Rendered, page_number_or_first, serve_cached_as, serve_fresh};
use crate::state::{Chrome, SharedState};

/// URLs per child sitemap (the protocol allows 50,000; smaller files render faster
/// and sit better in the page cache).
pub const URLS_PER_SITEMAP: i64 = 10_000;
/// Google News reads articles from the last two days, at most 1,000 of them.
const NEWS_WINDOW_HOURS: i64 = 48;
const NEWS_LIMIT: i64 = 1_000;
const XML: &str = "application/xml; charset=utf-8";

#[derive(Serialize)]
struct SitemapLink {
    url: String,
    last_modified: Option<String>,
}

#[derive(Serialize)]
struct UrlEntry {
    url: String,
    last_modified: Option<String>,
    image_url: Option<String>,
}

#[derive(Serialize)]
struct NewsEntry {
    url: String,
    title: String,
    published: String,
}

pub async fn index(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    serve_cached_as(
        &state,
        "/sitemap.xml",
        XML,
        &headers,
        async |chrome: &Chrome| {
            let posts = state.db.count_published(PostKind::Post).await?;
            let chunks = ((posts + URLS_PER_SITEMAP - 1) / URLS_PER_SITEMAP).max(1);
            let mut sitemaps: Vec<SitemapLink> = (1..=chunks)
                .map(|n| SitemapLink {
                    url: absolute(&chrome.site.url, &format!("/sitemaps/posts/{n}.xml")),
                    last_modified: None,
                })
                .collect();
            for kind in ["pages", "tags", "authors"] {
                sitemaps.push(SitemapLink {
                    url: absolute(&chrome.site.url, &format!("/sitemaps/{kind}/1.xml")),
                    last_modified: None,
                });
            }
            let context = minijinja::context! { sitemaps => Value::from_serialize(&sitemaps) };
            Ok(Rendered::showing(
                state.theme.render("system/sitemap-index.xml", context)?,
                Deps::on([Scope::AllPosts]),
            ))
        },
    )
    .await
}

/// `/sitemaps/{kind}/{n}.xml`.
pub async fn child(
    State(state): State<SharedState>,
    Path((kind, file)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_owned();
    serve_cached_as(&state, &path, XML, &headers, async |chrome: &Chrome| {
        let n = file
            .strip_suffix(".xml")
            .and_then(page_number_or_first)
            .ok_or(HttpError::NotFound)?;
        let offset = (n - 1) * URLS_PER_SITEMAP;
        let (entries, prefix): (Vec<SitemapEntry>, &str) = match kind.as_str() {
            "posts" => (
                state
                    .db
                    .sitemap_posts(PostKind::Post, URLS_PER_SITEMAP, offset)
                    .await?,
                "",
            ),
            "pages" if n == 1 => (
                state
                    .db
                    .sitemap_posts(PostKind::Page, URLS_PER_SITEMAP, 0)
                    .await?,
                "",
            ),
            "tags" if n == 1 => (state.db.sitemap_people(false).await?, "/tag"),
            "authors" if n == 1 => (state.db.sitemap_people(true).await?, "/author"),
            _ => return Err(HttpError::NotFound),
        };
        if entries.is_empty() && n > 1 {
            return Err(HttpError::NotFound);
        }
        let site = &chrome.site.url;
        let urls: Vec<UrlEntry> = entries
            .iter()
            .map(|entry| UrlEntry {
                url: absolute(site, &format!("{prefix}/{}/", entry.slug)),
                last_modified: entry.last_modified.map(rfc3339),
                image_url: entry.image_url.as_deref().map(|u| absolute(site, u)),
            })
            .collect();
        let context = minijinja::context! { entries => Value::from_serialize(&urls) };
        // Pages, sections and people change the site itself; articles change the list.
        Ok(Rendered::showing(
            state.theme.render("system/sitemap.xml", context)?,
            Deps::on([Scope::AllPosts]),
        ))
    })
    .await
}

/// Articles of the last two days; not cached, because the window moves with the clock.
pub async fn news(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    serve_fresh(
        &state,
        "/news-sitemap.xml",
        XML,
        &headers,
        async |chrome: &Chrome| {
            let query = PostQuery {
                since: Some(Timestamp::now() - SignedDuration::from_hours(NEWS_WINDOW_HOURS)),
                ..PostQuery::default()
            };
            let recent = state.db.newest_published(&query, NEWS_LIMIT, 0).await?;
            let entries: Vec<NewsEntry> = recent
                .iter()
                .map(|post| NewsEntry {
                    url: absolute(&chrome.site.url, &format!("/{}/", post.slug)),
                    title: post.title.clone(),
                    published: rfc3339(post.published_at.unwrap_or(post.edited_at)),
                })
                .collect();
            let context = minijinja::context! {
                entries => Value::from_serialize(&entries),
                publication => minijinja::context! {
                    name => chrome.site.title.clone(),
                    language => chrome.site.language.clone(),
                },
            };
            Ok(state.theme.render("system/news-sitemap.xml", context)?)
        },
    )
    .await
}

pub async fn robots(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    serve_cached_as(
        &state,
        "/robots.txt",
        "text/plain; charset=utf-8",
        &headers,
        async |chrome: &Chrome| {
            let context = minijinja::context! { site_url => chrome.site.url.clone() };
            Ok(Rendered::showing(
                state.theme.render("system/robots.txt", context)?,
                Deps::site(),
            ))
        },
    )
    .await
}
