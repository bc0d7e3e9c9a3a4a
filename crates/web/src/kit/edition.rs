//! Which edition a request reads: the main one at `/`, or another under its prefix
//! (`/uk/…`).
//!
//! [`route`] runs before the router. A request under a known prefix has the prefix
//! taken off its address, so the one set of reader routes answers every edition, and
//! the rest of the request runs with that edition as [`current`]. The chrome, the
//! page cache's keys and the links of rendered pages follow it; handlers ask the
//! chrome which edition's posts to list. Carrying the edition as a task-local rather
//! than through every handler's arguments keeps the thirty-odd reader handlers as
//! they were: what differs per edition is their data, which the chrome already brings.
//!
//! Only readers' addresses exist inside an edition: `/uk/admin/` or `/uk/assets/…`
//! are not found, since the desk, the APIs and the files are the site's, not an
//! edition's.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use byline_core::EditionId;
use byline_core::editions::{EditionPrefix, MAIN_EDITION};

use crate::state::SharedState;

/// The edition a request reads, as the router found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentEdition {
    pub id: EditionId,
    pub prefix: EditionPrefix,
}

impl CurrentEdition {
    pub fn main() -> CurrentEdition {
        CurrentEdition {
            id: MAIN_EDITION,
            prefix: EditionPrefix::main(),
        }
    }
}

impl From<&byline_store::Edition> for CurrentEdition {
    fn from(edition: &byline_store::Edition) -> CurrentEdition {
        CurrentEdition {
            id: edition.id,
            prefix: edition.prefix.clone(),
        }
    }
}

tokio::task_local! {
    static CURRENT: CurrentEdition;
}

/// The edition the request being served reads (the main one outside a request, and
/// for every address without a prefix).
pub fn current() -> CurrentEdition {
    CURRENT
        .try_with(Clone::clone)
        .unwrap_or_else(|_| CurrentEdition::main())
}

/// Runs `work` as a request of `edition` (background work rendering an edition's
/// pages, and tests).
pub async fn within<F: Future>(edition: CurrentEdition, work: F) -> F::Output {
    CURRENT.scope(edition, work).await
}

/// First path segments that belong to the whole site, never to one edition: the desk,
/// the APIs, files, account and signup forms, and the site-wide discovery files.
const SITE_SEGMENTS: &[&str] = &[
    "admin",
    "api",
    "assets",
    "content",
    "favicon.ico",
    "ghost",
    "healthz",
    "metrics",
    "newsletters",
    "p",
    "preview",
    "robots.txt",
];

/// The middleware: finds the edition of the request's address.
pub async fn route(State(state): State<SharedState>, mut request: Request, next: Next) -> Response {
    let Some(edition) = edition_of(&state, request.uri().path()).await else {
        return next.run(request).await;
    };
    let rest = request.uri().path()[1 + edition.prefix.as_str().len()..].to_owned();
    if rest.is_empty() {
        // `/uk` is the edition's home, which like every list ends with a slash.
        let query = request
            .uri()
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        let home = format!("{}{query}", edition.prefix.home_path());
        return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, home)]).into_response();
    }
    if SITE_SEGMENTS.contains(&first_segment(&rest)) {
        return crate::kit::serve::not_found_page(&state, request.uri().path()).await;
    }
    let rewritten = match request.uri().query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest,
    };
    match rewritten.parse::<Uri>() {
        Ok(uri) => *request.uri_mut() = uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    }
    within(edition, next.run(request)).await
}

/// The edition whose prefix `path` starts with, if it is not the main one.
async fn edition_of(state: &SharedState, path: &str) -> Option<CurrentEdition> {
    let first = first_segment(path);
    // Most requests are the main edition's own addresses: they never look further.
    if first.len() < 2 || SITE_SEGMENTS.contains(&first) || EditionPrefix::parse(first).is_err() {
        return None;
    }
    let editions = state.editions().await.ok()?;
    editions
        .iter()
        .find(|edition| !edition.is_main() && edition.prefix.as_str() == first)
        .map(CurrentEdition::from)
}

/// `tag` of `/tag/city/`; empty for `/`.
fn first_segment(path: &str) -> &str {
    let path = path.strip_prefix('/').unwrap_or(path);
    path.split(['/', '?']).next().unwrap_or("")
}

/// Keeps a page of an edition inside it: every link and form of the page that goes to
/// a reader's address of the site (`/`, `/tag/city/`, `/search/`, an article) gets the
/// edition's prefix, so themes need not know about editions. Links to the site's own
/// files and forms (assets, media, signup) stay as they are, and so does a link that
/// names the language it leads to (`hreflang`): the language switch and alternates
/// point into other editions on purpose.
pub fn keep_links_within(html: String, prefix: &EditionPrefix, editions: &[Arc<str>]) -> String {
    if prefix.is_main() {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = next_local_link(&html, from) {
        let value_end = html[found..]
            .find('"')
            .map_or(html.len(), |end| found + end);
        from = value_end;
        let value = &html[found..value_end];
        let first = first_segment(value);
        if value.starts_with("//")
            || SITE_SEGMENTS.contains(&first)
            || editions.iter().any(|other| &**other == first)
            || names_its_language(&html, found, value_end)
        {
            continue;
        }
        out.push_str(&html[copied..found]);
        out.push('/');
        out.push_str(prefix.as_str());
        copied = found;
    }
    out.push_str(&html[copied..]);
    out
}

/// Where the next site-relative `href="/…"` or `action="/…"` value starts.
fn next_local_link(html: &str, from: usize) -> Option<usize> {
    let rest = &html[from..];
    let href = rest.find(" href=\"/").map(|at| at + " href=\"".len());
    let action = rest.find(" action=\"/").map(|at| at + " action=\"".len());
    let at = match (href, action) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some(from + at)
}

/// Whether the tag around the attribute at `start..end` carries `hreflang`.
fn names_its_language(html: &str, start: usize, end: usize) -> bool {
    let open = html[..start].rfind('<').unwrap_or(0);
    let close = html[end..].find('>').map_or(html.len(), |at| end + at);
    html[open..close].contains(" hreflang=")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within_uk(html: &str) -> String {
        let prefix = EditionPrefix::parse("uk").unwrap();
        keep_links_within(html.to_owned(), &prefix, &["uk".into(), "de".into()])
    }

    #[test]
    fn reader_links_stay_in_the_edition() {
        assert_eq!(
            within_uk(r#"<a href="/">Home</a> <a class="x" href="/tag/city/">City</a>"#),
            r#"<a href="/uk/">Home</a> <a class="x" href="/uk/tag/city/">City</a>"#
        );
        assert_eq!(
            within_uk(r#"<form method="get" action="/search/"><a href="/bridge/">"#),
            r#"<form method="get" action="/uk/search/"><a href="/uk/bridge/">"#
        );
    }

    #[test]
    fn site_files_other_editions_and_named_languages_are_left_alone() {
        let html = concat!(
            r#"<link rel="stylesheet" href="/assets/style.css">"#,
            r#"<img src="/content/a.jpg"><a href="//cdn.example/x">"#,
            r#"<form action="/newsletters/subscribe">"#,
            r#"<a href="/de/">Deutsch</a>"#,
            r#"<a lang="en" hreflang="en" href="/bridge/">English</a>"#,
            r#"<link rel="alternate" hreflang="en" href="/bridge/">"#,
            r#"<a href="https://elsewhere.example/">"#,
        );
        assert_eq!(within_uk(html), html);
    }

    #[test]
    fn the_main_edition_is_unchanged() {
        let html = r#"<a href="/tag/city/">"#.to_owned();
        assert_eq!(
            keep_links_within(html.clone(), &EditionPrefix::main(), &[]),
            html
        );
    }

    #[test]
    fn first_segments() {
        assert_eq!(first_segment("/tag/city/"), "tag");
        assert_eq!(first_segment("/"), "");
        assert_eq!(first_segment("/uk"), "uk");
        assert_eq!(first_segment("/search/?q=x"), "search");
    }
}
