//! `GET /admin/news-feed/articles?q=words`: published articles whose title contains
//! the words, as JSON, for the composer's "Link to an article" suggestions.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use byline_core::Action;
use serde::{Deserialize, Serialize};

use crate::kit::errors::HttpError;
use crate::kit::session::Staff;
use crate::state::SharedState;

/// Most suggestions in one answer.
const MOST: i64 = 8;
/// Longest search the endpoint reads (a title is never longer).
const LONGEST_QUERY: usize = 200;

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Debug, Serialize)]
struct Suggestion {
    title: String,
    slug: String,
}

pub async fn search(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<SearchQuery>,
) -> Result<Response, HttpError> {
    if !staff.may(Action::ManageNewsFeed) {
        return Ok((
            StatusCode::FORBIDDEN,
            Json(serde_json::json!({
                "error": "Only editors and administrators can post to the News Feed."
            })),
        )
            .into_response());
    }
    let words: String = query.q.trim().chars().take(LONGEST_QUERY).collect();
    if words.is_empty() {
        return Ok(Json(Vec::<Suggestion>::new()).into_response());
    }
    let found: Vec<Suggestion> = state
        .db
        .linkable_articles(&words, MOST)
        .await?
        .into_iter()
        .map(|article| Suggestion {
            title: article.title,
            slug: article.slug.to_string(),
        })
        .collect();
    Ok(Json(found).into_response())
}
