//! `/search/?q=` for readers and `/search/suggest?q=` (JSON) for the as-you-type box.
//! What a reader types is always text: it is folded into plain words before it reaches
//! either engine's full-text query (see `byline_core::search`).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use byline_core::search::{MAX_QUERY_CHARS, SearchQuery};
use byline_i18n::Args;
use minijinja::Value;
use serde::{Deserialize, Serialize};

use crate::kit::cache::Deps;
use crate::kit::errors::HttpError;
use crate::kit::serve::{
    HTML, Rendered, page_context, page_number_or_first, serve_cached, serve_fresh, server_error,
};
use crate::state::{Chrome, SharedState};
use crate::views::{CardView, PaginationView, total_pages};
use byline_store::Scope;

pub const RESULTS_PER_PAGE: i64 = 10;
const SUGGESTIONS: i64 = 6;
const SNIPPET_WORDS: usize = 36;

#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    page: Option<String>,
}

#[derive(Serialize)]
struct ResultView {
    #[serde(flatten)]
    card: CardView,
    snippet_html: String,
}

#[derive(Serialize)]
struct Suggestion {
    title: String,
    url: String,
    section: Option<String>,
    published: Option<String>,
}

/// The reader's words as typed (shortened, without control characters). A trailing
/// space matters: it says the last word is finished, not a prefix.
fn typed_query(params: &SearchParams) -> String {
    params
        .q
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_QUERY_CHARS)
        .collect()
}

pub async fn page(
    State(state): State<SharedState>,
    params: Result<Query<SearchParams>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let (params, unreadable) = match params {
        Ok(Query(params)) => (params, false),
        Err(_) => (SearchParams::default(), true),
    };
    let typed = typed_query(&params);
    let shown = typed.trim().to_owned();
    let page = params
        .page
        .as_deref()
        .and_then(page_number_or_first)
        .unwrap_or(1);
    // Results are kept like any page, under the words as shown and the page number,
    // until a post joins or leaves the index, a published post's text gains or loses
    // one of the words, or a post shown changes: a popular search costs one query per
    // such change, not one per reader, and an edit elsewhere leaves it kept. A query
    // that could not be read is answered fresh (a 400 is not kept).
    let key = format!("/search/?q={}&page={page}", encode(&shown));
    let render = async |chrome: &Chrome| -> Result<Rendered, HttpError> {
        // Folded as the edition's readers type: "kyiv" finds Київ on a Ukrainian site.
        let query = SearchQuery::parse_in(chrome.language(), &typed);
        let mut shows = vec![Scope::Search];
        let (results, total, complete) = match &query {
            Some(query) => {
                let mut found = state
                    .db
                    .search_edition(
                        query,
                        chrome.edition.id,
                        RESULTS_PER_PAGE,
                        (page - 1) * RESULTS_PER_PAGE,
                    )
                    .await?;
                for hit in &mut found.hits {
                    chrome.section_names.tags(&mut hit.post.tags);
                }
                shows.extend(query.words().map(Scope::word));
                shows.extend(found.hits.iter().map(|hit| Scope::Post(hit.post.id)));
                let results: Vec<ResultView> = found
                    .hits
                    .iter()
                    .map(|hit| ResultView {
                        card: CardView::new(&hit.post, &chrome.clock),
                        snippet_html: query.snippet(&hit.text, SNIPPET_WORDS),
                    })
                    .collect();
                (results, found.total, found.complete)
            }
            None => (Vec::new(), 0, true),
        };
        let message = if unreadable {
            Some(chrome.translate("search-unreadable", &Args::new()))
        } else if query.is_none() {
            Some(chrome.translate("search-empty", &Args::new()))
        } else if total == 0 {
            Some(chrome.translate("search-no-match", &Args::new().text("query", &shown)))
        } else {
            None
        };
        let pages = total_pages(total, RESULTS_PER_PAGE);
        let link = |n: i64| format!("/search/?q={}&page={n}", encode(&typed));
        let pagination = PaginationView {
            current: page,
            total: pages,
            prev_url: (page > 1).then(|| link(page - 1)),
            next_url: (page < pages).then(|| link(page + 1)),
        };
        let context = page_context(
            chrome,
            "/search/",
            minijinja::context! {
                query => shown.clone(),
                results => Value::from_serialize(&results),
                total,
                complete,
                message,
                pagination => Value::from_serialize(&pagination),
            },
        );
        Ok(Rendered::showing(
            state.theme.render("search.html", context)?,
            Deps::on(shows),
        ))
    };
    if unreadable {
        let fresh = async |chrome: &Chrome| Ok(render(chrome).await?.body);
        let response = serve_fresh(&state, "/search/", HTML, &headers, fresh).await;
        return (StatusCode::BAD_REQUEST, response).into_response();
    }
    serve_cached(&state, &key, &headers, render).await
}

pub async fn suggest(
    State(state): State<SharedState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let params = match params {
        Ok(Query(params)) => params,
        Err(_) => {
            return (
                StatusCode::BAD_REQUEST,
                Json(serde_json::json!({ "error": "The search could not be read: send it as ?q=words." })),
            )
                .into_response();
        }
    };
    let typed = typed_query(&params);
    let shown = typed.trim();
    let result: Result<_, HttpError> = async {
        let chrome = state.chrome().await?;
        let Some(query) = SearchQuery::as_typed_in(chrome.language(), &typed) else {
            return Ok(serde_json::json!({ "query": shown, "total": 0, "results": [] }));
        };
        let found = state
            .db
            .search_headlines_edition(&query, chrome.edition.id, SUGGESTIONS)
            .await?;
        let results: Vec<Suggestion> = found
            .hits
            .iter()
            .map(|hit| Suggestion {
                title: hit.post.title.clone(),
                url: chrome.path(&format!("/{}/", hit.post.slug)),
                section: hit
                    .post
                    .section()
                    .map(|section| chrome.section_names.name(section).to_owned()),
                published: hit.post.published_at.map(|t| chrome.clock.time(t).date),
            })
            .collect();
        Ok(serde_json::json!({ "query": shown, "total": found.total, "results": results }))
    }
    .await;
    match result {
        Ok(body) => Json(body).into_response(),
        Err(error) => server_error(&error),
    }
}

/// Percent-encodes a query value (everything but unreserved characters).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode("flood wall"), "flood%20wall");
        assert_eq!(encode("a&b=c"), "a%26b%3Dc");
        assert_eq!(encode("Київ"), "%D0%9A%D0%B8%D1%97%D0%B2");
    }
}
