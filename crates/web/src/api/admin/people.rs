//! `tags/` and `users/` reads: the site's sections, and its authors (the bylines
//! posts name; Ghost calls its authors users). The same objects as the Content
//! API's, read as staff: never cached, and a read is a browse of the one row.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use byline_core::Slug;
use byline_core::public_ids::Resource;
use byline_nql::{Comparison, Filter, Op, Value as NqlValue};
use byline_store::Browse;
use serde_json::{Value, json};

use super::Caller;
use super::posts::answer;
use crate::api::content::objects;
use crate::api::content::params::Params;
use crate::api::errors::ApiError;
use crate::state::SharedState;

#[derive(Debug, Clone, Copy)]
enum Kind {
    Tags,
    Users,
}

impl Kind {
    fn plural(self) -> &'static str {
        match self {
            Kind::Tags => "tags",
            Kind::Users => "users",
        }
    }

    fn singular(self) -> &'static str {
        match self {
            Kind::Tags => "Tag",
            Kind::Users => "User",
        }
    }

    fn resource(self) -> Resource {
        match self {
            Kind::Tags => Resource::Tag,
            Kind::Users => Resource::Author,
        }
    }
}

pub async fn browse_tags(
    _caller: Caller,
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(rows(&state, Kind::Tags, query.as_deref(), None)).await
}

pub async fn browse_users(
    _caller: Caller,
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(rows(&state, Kind::Users, query.as_deref(), None)).await
}

pub async fn read_tag(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(one(&state, Kind::Tags, query.as_deref(), "id", id)).await
}

pub async fn read_user(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(one(&state, Kind::Users, query.as_deref(), "id", id)).await
}

pub async fn read_tag_by_slug(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(one(&state, Kind::Tags, query.as_deref(), "slug", slug)).await
}

pub async fn read_user_by_slug(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(one(&state, Kind::Users, query.as_deref(), "slug", slug)).await
}

/// The one row whose `by` (`id` or `slug`) is `key`, as `{"tags":[…]}`.
async fn one(
    state: &SharedState,
    kind: Kind,
    query: Option<&str>,
    by: &'static str,
    key: String,
) -> Result<(StatusCode, Value), ApiError> {
    let valid = match by {
        "id" => kind.resource().number(&key).is_some(),
        _ => Slug::parse(&key).is_ok(),
    };
    if !valid {
        return Err(ApiError::not_found(kind.singular()));
    }
    let only = Filter::Compare(Comparison {
        property: by.to_owned(),
        op: Op::Eq,
        values: vec![NqlValue::Text {
            text: key,
            quoted: true,
        }],
    });
    let (status, mut body) = rows(state, kind, query, Some(only)).await?;
    let found = body[kind.plural()]
        .as_array()
        .is_some_and(|r| !r.is_empty());
    if !found {
        return Err(ApiError::not_found(kind.singular()));
    }
    if let Value::Object(object) = &mut body {
        object.remove("meta");
    }
    Ok((status, body))
}

async fn rows(
    state: &SharedState,
    kind: Kind,
    query: Option<&str>,
    only: Option<Filter>,
) -> Result<(StatusCode, Value), ApiError> {
    let params = Params::parse(query, &["count.posts"])?;
    let reading = only.is_some();
    let browse = Browse {
        filter: only.or(params.filter.clone()),
        order: if reading {
            Vec::new()
        } else {
            params.order.clone()
        },
        limit: if reading { 1 } else { params.limit.rows() },
        offset: if reading { 0 } else { params.offset() },
    };
    let chrome = state.chrome().await?;
    let site = chrome.site.url.as_str();
    let counts = params.includes("count.posts");
    let (rows, total): (Vec<Value>, i64) = match kind {
        Kind::Tags => {
            let found = state.db.browse_tags(&browse).await?;
            let rows = found
                .items
                .iter()
                .map(|t| objects::tag(&t.tag, site, counts.then_some(t.posts)))
                .map(|tag| objects::only_fields(tag, &params))
                .collect();
            (rows, found.total)
        }
        Kind::Users => {
            let found = state.db.browse_authors(&browse).await?;
            let rows = found
                .items
                .iter()
                .map(|a| objects::author(&a.author, site, counts.then_some(a.posts)))
                .map(|author| objects::only_fields(author, &params))
                .collect();
            (rows, found.total)
        }
    };
    let meta = objects::meta(&params, total);
    Ok((StatusCode::OK, json!({ kind.plural(): rows, "meta": meta })))
}
