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
use serde_json::Value;

use super::Caller;
use super::objects::{AdminTagsBrowse, AdminTagsRead, UsersBrowse, UsersRead};
use super::openapi::{NotFound, Refusals};
use super::posts::answer;
use crate::api::content::objects;
use crate::api::content::openapi::{PeopleBrowseQuery, PeopleReadQuery};
use crate::api::content::params::Params;
use crate::api::content::people::{author_rows, tag_rows};
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

/// Every tag.
#[utoipa::path(get, path = "/tags/", tag = "tags", params(PeopleBrowseQuery),
    responses((status = 200, description = "A page of tags", body = AdminTagsBrowse), Refusals),
    security(("admin_token" = [])))]
pub async fn browse_tags(
    _caller: Caller,
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(rows(&state, Kind::Tags, query.as_deref(), None)).await
}

/// The authors (bylines).
#[utoipa::path(get, path = "/users/", tag = "users", params(PeopleBrowseQuery),
    responses((status = 200, description = "A page of authors", body = UsersBrowse), Refusals),
    security(("admin_token" = [])))]
pub async fn browse_users(
    _caller: Caller,
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(rows(&state, Kind::Users, query.as_deref(), None)).await
}

/// One tag, by id.
#[utoipa::path(get, path = "/tags/{id}/", tag = "tags",
    params(("id" = String, Path, description = "The tag's 24-hex id"), PeopleReadQuery),
    responses((status = 200, description = "The tag", body = AdminTagsRead), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn read_tag(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(one(&state, Kind::Tags, query.as_deref(), "id", id)).await
}

/// One author, by id.
#[utoipa::path(get, path = "/users/{id}/", tag = "users",
    params(("id" = String, Path, description = "The author's 24-hex id"), PeopleReadQuery),
    responses((status = 200, description = "The author", body = UsersRead), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn read_user(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(one(&state, Kind::Users, query.as_deref(), "id", id)).await
}

/// One tag, by slug.
#[utoipa::path(get, path = "/tags/slug/{slug}/", tag = "tags",
    params(("slug" = String, Path, description = "The tag's slug"), PeopleReadQuery),
    responses((status = 200, description = "The tag", body = AdminTagsRead), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn read_tag_by_slug(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(one(&state, Kind::Tags, query.as_deref(), "slug", slug)).await
}

/// One author, by slug.
#[utoipa::path(get, path = "/users/slug/{slug}/", tag = "users",
    params(("slug" = String, Path, description = "The author's slug"), PeopleReadQuery),
    responses((status = 200, description = "The author", body = UsersRead), Refusals, NotFound),
    security(("admin_token" = [])))]
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
    let found = match body.get_mut(kind.plural()).map(Value::take) {
        Some(Value::Array(found)) if !found.is_empty() => found,
        _ => return Err(ApiError::not_found(kind.singular())),
    };
    let body = match kind {
        Kind::Tags => serde_json::to_value(AdminTagsRead { tags: found })?,
        Kind::Users => serde_json::to_value(UsersRead { users: found })?,
    };
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
    let (rows, total) = match kind {
        Kind::Tags => tag_rows(state, &browse, &params).await?,
        Kind::Users => author_rows(state, &browse, &params).await?,
    };
    let meta = objects::meta(&params, total);
    let body = match kind {
        Kind::Tags => serde_json::to_value(AdminTagsBrowse { tags: rows, meta })?,
        Kind::Users => serde_json::to_value(UsersBrowse { users: rows, meta })?,
    };
    Ok((StatusCode::OK, body))
}
