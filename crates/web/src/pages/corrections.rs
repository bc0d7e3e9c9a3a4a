//! `/corrections/`: the public log of every editor's note, newest first. Adding a
//! note to an article is a public act; this page is where readers can see them all.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use minijinja::Value;
use serde::{Deserialize, Serialize};

use crate::kit::serve::{HTML, page_context, serve_fresh};
use crate::state::{Chrome, SharedState};
use crate::views::TimeView;

const PER_PAGE: i64 = 50;

#[derive(Debug, Deserialize)]
pub struct LogQuery {
    #[serde(default)]
    page: Option<String>,
}

#[derive(Serialize)]
struct Entry {
    kind: &'static str,
    kind_label: String,
    text_html: String,
    at: TimeView,
    title: String,
    url: String,
}

pub async fn page(
    State(state): State<SharedState>,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<LogQuery>,
) -> Response {
    let page_number = query
        .page
        .as_deref()
        .and_then(crate::kit::serve::page_number_or_first)
        .unwrap_or(1);
    let path = uri.path().to_owned();
    serve_fresh(&state, &path, HTML, &headers, async |chrome: &Chrome| {
        let found = state
            .db
            .logged_notes(PER_PAGE, (page_number - 1) * PER_PAGE)
            .await?;
        let entries: Vec<Entry> = found
            .items
            .iter()
            .map(|logged| Entry {
                kind: logged.note.kind.as_str(),
                kind_label: chrome.clock.note_label(logged.note.kind),
                text_html: byline_core::markdown::render(&logged.note.text).html,
                at: chrome.clock.time(logged.note.created_at),
                title: logged.post_title.clone(),
                url: format!("/{}/", logged.post_slug),
            })
            .collect();
        let pages = crate::views::total_pages(found.total, PER_PAGE);
        let context = page_context(
            chrome,
            "/corrections/",
            minijinja::context! {
                entries => Value::from_serialize(&entries),
                total => found.total,
                page => page_number,
                pages,
                next_page => (page_number < pages).then(|| format!("/corrections/?page={}", page_number + 1)),
                previous_page => (page_number > 1).then(|| format!("/corrections/?page={}", page_number - 1)),
            },
        );
        Ok(state.theme.render("corrections.html", context)?)
    })
    .await
}
