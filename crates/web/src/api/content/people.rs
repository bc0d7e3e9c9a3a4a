//! `tags/` and `authors/`: browse, read by id, read by slug, with `count.posts` (the
//! published articles each has) when asked for.

use axum::extract::Path;
use axum::response::Response;
use byline_core::Slug;
use byline_core::public_ids::Resource;
use byline_nql::{Comparison, Filter, Op, Value as NqlValue};
use byline_store::{Browse, Scope};
use serde_json::Value;

use super::errors::ApiError;
use super::objects::{self, AuthorsBrowse, AuthorsRead, TagsBrowse, TagsRead};
use super::openapi::{NotFound, PeopleBrowseQuery, PeopleReadQuery, Refusals};
use super::params::Params;
use super::{Answer, ApiRequest, serve};
use crate::kit::cache::Deps;
use crate::state::SharedState;

const INCLUDES: &[&str] = &["count.posts"];

#[derive(Clone, Copy)]
enum Kind {
    Tags,
    Authors,
}

impl Kind {
    fn plural(self) -> &'static str {
        match self {
            Kind::Tags => "tags",
            Kind::Authors => "authors",
        }
    }

    fn singular(self) -> &'static str {
        match self {
            Kind::Tags => "Tag",
            Kind::Authors => "Author",
        }
    }

    fn resource(self) -> Resource {
        match self {
            Kind::Tags => Resource::Tag,
            Kind::Authors => Resource::Author,
        }
    }
}

/// The site's tags.
#[utoipa::path(
    get,
    path = "/tags/",
    tag = "tags",
    params(PeopleBrowseQuery),
    responses((status = 200, description = "A page of tags", body = TagsBrowse), Refusals),
    security(("content_key" = []))
)]
pub async fn browse_tags(request: ApiRequest) -> Response {
    browse(request, Kind::Tags, None).await
}

/// The site's authors.
#[utoipa::path(
    get,
    path = "/authors/",
    tag = "authors",
    params(PeopleBrowseQuery),
    responses((status = 200, description = "A page of authors", body = AuthorsBrowse), Refusals),
    security(("content_key" = []))
)]
pub async fn browse_authors(request: ApiRequest) -> Response {
    browse(request, Kind::Authors, None).await
}

/// One tag, by id.
#[utoipa::path(
    get,
    path = "/tags/{id}/",
    tag = "tags",
    params(("id" = String, Path, description = "The object's 24-hex id"), PeopleReadQuery),
    responses((status = 200, description = "The tag", body = TagsRead), Refusals, NotFound),
    security(("content_key" = []))
)]
pub async fn read_tag(Path(id): Path<String>, request: ApiRequest) -> Response {
    read(request, Kind::Tags, "id", id).await
}

/// One author, by id.
#[utoipa::path(
    get,
    path = "/authors/{id}/",
    tag = "authors",
    params(("id" = String, Path, description = "The object's 24-hex id"), PeopleReadQuery),
    responses((status = 200, description = "The author", body = AuthorsRead), Refusals, NotFound),
    security(("content_key" = []))
)]
pub async fn read_author(Path(id): Path<String>, request: ApiRequest) -> Response {
    read(request, Kind::Authors, "id", id).await
}

/// One tag, by slug.
#[utoipa::path(
    get,
    path = "/tags/slug/{slug}/",
    tag = "tags",
    params(("slug" = String, Path, description = "The URL slug"), PeopleReadQuery),
    responses((status = 200, description = "The tag", body = TagsRead), Refusals, NotFound),
    security(("content_key" = []))
)]
pub async fn read_tag_by_slug(Path(slug): Path<String>, request: ApiRequest) -> Response {
    read(request, Kind::Tags, "slug", slug).await
}

/// One author, by slug.
#[utoipa::path(
    get,
    path = "/authors/slug/{slug}/",
    tag = "authors",
    params(("slug" = String, Path, description = "The URL slug"), PeopleReadQuery),
    responses((status = 200, description = "The author", body = AuthorsRead), Refusals, NotFound),
    security(("content_key" = []))
)]
pub async fn read_author_by_slug(Path(slug): Path<String>, request: ApiRequest) -> Response {
    read(request, Kind::Authors, "slug", slug).await
}

/// A read is a browse of the one row with that id or slug, answered without `meta`.
async fn read(request: ApiRequest, kind: Kind, by: &'static str, key: String) -> Response {
    let valid = match by {
        "id" => kind.resource().number(&key).is_some(),
        _ => Slug::parse(&key).is_ok(),
    };
    if !valid {
        return super::refuse(&request, ApiError::not_found(kind.singular())).await;
    }
    let only = Filter::Compare(Comparison {
        property: by.to_owned(),
        op: Op::Eq,
        values: vec![NqlValue::Text {
            text: key,
            quoted: true,
        }],
    });
    browse(request, kind, Some(only)).await
}

async fn browse(request: ApiRequest, kind: Kind, only: Option<Filter>) -> Response {
    let state = &request.state;
    let path = match &only {
        None => format!("/ghost/api/content/{}/", kind.plural()),
        Some(filter) => format!("/ghost/api/content/{}/{filter}/", kind.plural()),
    };
    serve(&request, INCLUDES, path, async |params: Params| {
        let reading = only.is_some();
        let browse = Browse {
            filter: only.clone().or(params.filter.clone()),
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
            Kind::Authors => author_rows(state, &browse, &params).await?,
        };
        if reading && rows.is_empty() {
            return Err(ApiError::not_found(kind.singular()));
        }
        let meta = objects::meta(&params, total);
        // Counts move with any published article; names and descriptions are the
        // site's own (a change to them reaches every page).
        let deps = Deps::on([Scope::AllPosts]);
        match (kind, reading) {
            (Kind::Tags, true) => Answer::json(&TagsRead { tags: rows }, deps),
            (Kind::Tags, false) => Answer::json(&TagsBrowse { tags: rows, meta }, deps),
            (Kind::Authors, true) => Answer::json(&AuthorsRead { authors: rows }, deps),
            (Kind::Authors, false) => Answer::json(
                &AuthorsBrowse {
                    authors: rows,
                    meta,
                },
                deps,
            ),
        }
    })
    .await
}

/// The tags `browse` asks for as objects cut to `fields`, and how many match: the
/// lists of both APIs.
pub(crate) async fn tag_rows(
    state: &SharedState,
    browse: &Browse,
    params: &Params,
) -> Result<(Vec<Value>, i64), ApiError> {
    let chrome = state.chrome().await?;
    let counts = params.includes("count.posts");
    let found = state.db.browse_tags(browse).await?;
    let rows = found
        .items
        .iter()
        .map(|t| objects::tag(&t.tag, &chrome.site.url, counts.then_some(t.posts)))
        .map(|tag| objects::only_fields(tag, params))
        .collect();
    Ok((rows, found.total))
}

/// The authors `browse` asks for, as [`tag_rows`] gives tags.
pub(crate) async fn author_rows(
    state: &SharedState,
    browse: &Browse,
    params: &Params,
) -> Result<(Vec<Value>, i64), ApiError> {
    let chrome = state.chrome().await?;
    let counts = params.includes("count.posts");
    let found = state.db.browse_authors(browse).await?;
    let rows = found
        .items
        .iter()
        .map(|a| objects::author(&a.author, &chrome.site.url, counts.then_some(a.posts)))
        .map(|author| objects::only_fields(author, params))
        .collect();
    Ok((rows, found.total))
}
