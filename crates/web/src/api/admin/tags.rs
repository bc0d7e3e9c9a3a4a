//! `tags/`: the site's tags, for a tool that files what it writes under them.

use axum::Json;
use axum::extract::RawQuery;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use byline_store::Browse;
use serde_json::{Value, json};

use super::Caller;
use crate::api::content::objects;
use crate::api::content::params::Params;
use crate::api::errors::ApiError;
use crate::state::SharedState;

pub async fn browse(
    caller: Caller,
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Response {
    tracing::debug!(integration = %caller.integration.name, "Admin API: tags browsed");
    match tags(&state, query.as_deref()).await {
        Ok(body) => Json(body).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn tags(state: &SharedState, query: Option<&str>) -> Result<Value, ApiError> {
    let params = Params::parse(query, &["count.posts"])?;
    let browse = Browse {
        filter: params.filter.clone(),
        order: params.order.clone(),
        limit: params.limit.rows(),
        offset: params.offset(),
    };
    let found = state.db.browse_tags(&browse).await?;
    let chrome = state.chrome().await?;
    let counts = params.includes("count.posts");
    let tags: Vec<Value> = found
        .items
        .iter()
        .map(|t| objects::tag(&t.tag, &chrome.site.url, counts.then_some(t.posts)))
        .map(|tag| objects::only_fields(tag, &params))
        .collect();
    Ok(json!({ "tags": tags, "meta": objects::meta(&params, found.total) }))
}
