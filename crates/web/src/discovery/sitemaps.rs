//! `/sitemap.xml` (an index of paged child sitemaps), `/sitemaps/{kind}/{n}.xml`,
//! the Google News sitemap of the last two days, and `/robots.txt`.
//!
//! Every edition has its own sitemaps under its prefix (`/uk/sitemaps/posts/1.xml`),
//! and the index and news sitemap at `/` cover every edition, so one address given to
//! search engines finds them all. A translated article names all its published
//! versions, itself included, as `xhtml:link` alternates: search engines believe an
//! alternate only when each version names the others back.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use byline_core::{LanguageTag, PostId, PostKind};
use byline_store::{Edition, Scope, SitemapEntry, Translation};
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
    /// Every published version of the page, this one included (`xhtml:link`).
    alternates: Vec<AlternateLink>,
}

#[derive(Serialize)]
struct AlternateLink {
    language: String,
    url: String,
}

#[derive(Serialize)]
struct NewsEntry {
    url: String,
    title: String,
    published: String,
    /// The article's edition: its title and language are the publication's.
    publication: String,
    language: String,
}

/// `/sitemap.xml`: on the main edition, the child sitemaps of every edition (the
/// sections and authors only once, at `/`); under a prefix, that edition's own.
pub async fn index(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    serve_cached_as(
        &state,
        "/sitemap.xml",
        XML,
        &headers,
        async |chrome: &Chrome| {
            let editions: Vec<&Edition> = if chrome.edition.is_main() {
                chrome.editions.iter().collect()
            } else {
                vec![&chrome.edition]
            };
            let site = &chrome.site.url;
            let mut sitemaps = Vec::new();
            for edition in editions {
                let child = |kind: &str, n: i64| SitemapLink {
                    url: absolute(
                        site,
                        &edition.prefix.path(&format!("/sitemaps/{kind}/{n}.xml")),
                    ),
                    last_modified: None,
                };
                let posts = state
                    .db
                    .count_published_in(edition.id, PostKind::Post)
                    .await?;
                let chunks = ((posts + URLS_PER_SITEMAP - 1) / URLS_PER_SITEMAP).max(1);
                sitemaps.extend((1..=chunks).map(|n| child("posts", n)));
                sitemaps.push(child("pages", 1));
                if edition.is_main() {
                    sitemaps.push(child("tags", 1));
                    sitemaps.push(child("authors", 1));
                }
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

/// `/sitemaps/{kind}/{n}.xml`: the posts and pages of the request's edition, each
/// with its translations; sections and authors on the main edition only.
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
        let edition = chrome.edition.id;
        let main = chrome.edition.is_main();
        let (entries, prefix): (Vec<SitemapEntry>, &str) = match kind.as_str() {
            "posts" => (
                state
                    .db
                    .sitemap_posts_in(edition, PostKind::Post, URLS_PER_SITEMAP, offset)
                    .await?,
                "",
            ),
            "pages" if n == 1 => (
                state
                    .db
                    .sitemap_posts_in(edition, PostKind::Page, URLS_PER_SITEMAP, 0)
                    .await?,
                "",
            ),
            "tags" if n == 1 && main => (state.db.sitemap_people(false).await?, "/tag"),
            "authors" if n == 1 && main => (state.db.sitemap_people(true).await?, "/author"),
            _ => return Err(HttpError::NotFound),
        };
        if entries.is_empty() && n > 1 {
            return Err(HttpError::NotFound);
        }
        let posts: Vec<PostId> = entries.iter().filter_map(|entry| entry.post).collect();
        let mut alternates = alternates_of(chrome, state.db.sitemap_alternates(&posts).await?);
        let site = &chrome.site.url;
        let urls: Vec<UrlEntry> = entries
            .iter()
            .map(|entry| UrlEntry {
                url: chrome.url(&format!("{prefix}/{}/", entry.slug)),
                last_modified: entry.last_modified.map(rfc3339),
                image_url: entry.image_url.as_deref().map(|u| absolute(site, u)),
                alternates: entry
                    .post
                    .and_then(|post| alternates.remove(&post))
                    .unwrap_or_default(),
            })
            .collect();
        let context = minijinja::context! { entries => Value::from_serialize(&urls) };
        // Pages, sections and people change the site itself; articles change the list.
        // Linking or unlinking a translation changes only its articles, whose
        // alternates are listed here.
        let shown = posts.into_iter().map(Scope::Post);
        Ok(Rendered::showing(
            state.theme.render("system/sitemap.xml", context)?,
            Deps::on(std::iter::once(Scope::AllPosts).chain(shown)),
        ))
    })
    .await
}

/// The alternates of each post that has a published translation: every published
/// member of its group at its address in its edition. A post whose translations are
/// all unpublished has none (a page is no alternate of itself alone).
fn alternates_of(
    chrome: &Chrome,
    members: Vec<(PostId, Translation)>,
) -> HashMap<PostId, Vec<AlternateLink>> {
    let mut alternates: HashMap<PostId, Vec<AlternateLink>> = HashMap::new();
    for (post, member) in members {
        let Some(edition) = chrome.editions.iter().find(|e| e.id == member.edition) else {
            continue;
        };
        alternates.entry(post).or_default().push(AlternateLink {
            language: edition.language.as_str().to_owned(),
            url: absolute(
                &chrome.site.url,
                &edition.prefix.path(&format!("/{}/", member.slug)),
            ),
        });
    }
    alternates.retain(|_, links| links.len() > 1);
    alternates
}

/// `/news-sitemap.xml`: articles of the last two days, each under its own edition's
/// name and language; at `/` of every edition, under a prefix of that edition only.
/// Not cached, because the window moves with the clock.
pub async fn news(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    serve_fresh(
        &state,
        "/news-sitemap.xml",
        XML,
        &headers,
        async |chrome: &Chrome| {
            let since = Timestamp::now() - SignedDuration::from_hours(NEWS_WINDOW_HOURS);
            let only = (!chrome.edition.is_main()).then_some(chrome.edition.id);
            let recent = state.db.news_articles(only, since, NEWS_LIMIT).await?;
            let entries: Vec<NewsEntry> = recent
                .iter()
                .filter_map(|(edition, post)| {
                    let edition = chrome.editions.iter().find(|e| e.id == *edition)?;
                    Some(NewsEntry {
                        url: absolute(
                            &chrome.site.url,
                            &edition.prefix.path(&format!("/{}/", post.slug)),
                        ),
                        title: post.title.clone(),
                        published: rfc3339(post.published_at.unwrap_or(post.edited_at)),
                        publication: edition.title.clone(),
                        language: news_language(&edition.language),
                    })
                })
                .collect();
            let context = minijinja::context! { entries => Value::from_serialize(&entries) };
            Ok(state.theme.render("system/news-sitemap.xml", context)?)
        },
    )
    .await
}

/// The language of a Google News publication: an ISO 639 code (`uk` for `uk-UA`),
/// except Chinese, which Google names by its script, `zh-cn` (simplified) or `zh-tw`
/// (traditional).
fn news_language(language: &LanguageTag) -> String {
    match language.primary() {
        "zh" => {
            let traditional = language
                .as_str()
                .split('-')
                .any(|part| matches!(part, "Hant" | "TW" | "HK" | "MO"));
            if traditional { "zh-tw" } else { "zh-cn" }.to_owned()
        }
        primary => primary.to_owned(),
    }
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

#[cfg(test)]
mod tests {
    use super::{LanguageTag, news_language};

    #[test]
    fn news_languages_are_iso_639_codes_but_chinese_names_its_script() {
        let cases = [
            ("uk", "uk"),
            ("uk-UA", "uk"),
            ("en-GB", "en"),
            ("pt-BR", "pt"),
            ("zh", "zh-cn"),
            ("zh-Hans", "zh-cn"),
            ("zh-CN", "zh-cn"),
            ("zh-Hant", "zh-tw"),
            ("zh-TW", "zh-tw"),
            ("zh-HK", "zh-tw"),
        ];
        for (tag, expected) in cases {
            assert_eq!(
                news_language(&LanguageTag::parse(tag).unwrap()),
                expected,
                "{tag}"
            );
        }
    }
}
