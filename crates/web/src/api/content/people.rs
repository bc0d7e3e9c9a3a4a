//! `tags/` and `authors/`: browse, read by id, read by slug, with `count.posts` (the
//! published articles each has) when asked for.

use axum::extract::Path;
use axum::response::Response;
use byline_core::Slug;
use byline_core::public_ids::Resource;
use byline_nql::{Comparison, Filter, Op, Value as NqlValue};
use byline_store::{Browse, Scope};
use serde_json::{Value, json};

use super::errors::ApiError;
use super::objects;
use super::params::Params;
use super::{Answer, ApiRequest, serve};
use crate::kit::cache::Deps;

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

pub async fn browse_tags(request: ApiRequest) -> Response {
    browse(request, Kind::Tags, None).await
}

pub async fn browse_authors(request: ApiRequest) -> Response {
    browse(request, Kind::Authors, None).await
}

pub async fn read_tag(Path(id): Path<String>, request: ApiRequest) -> Response {
    read(request, Kind::Tags, "id", id).await
}

pub async fn read_author(Path(id): Path<String>, request: ApiRequest) -> Response {
    read(request, Kind::Authors, "id", id).await
}

pub async fn read_tag_by_slug(Path(slug): Path<String>, request: ApiRequest) -> Response {
    read(request, Kind::Tags, "slug", slug).await
}

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
                    .collect();
                (rows, found.total)
            }
            Kind::Authors => {
                let found = state.db.browse_authors(&browse).await?;
                let rows = found
                    .items
                    .iter()
                    .map(|a| objects::author(&a.author, site, counts.then_some(a.posts)))
                    .collect();
                (rows, found.total)
            }
        };
        let rows: Vec<Value> = rows
            .into_iter()
            .map(|row| objects::only_fields(row, &params))
            .collect();
        if reading && rows.is_empty() {
            return Err(ApiError::not_found(kind.singular()));
        }
        let body = if reading {
            json!({ kind.plural(): rows })
        } else {
            json!({ kind.plural(): rows, "meta": objects::meta(&params, total) })
        };
        // Counts move with any published article; names and descriptions are the
        // site's own (a change to them reaches every page).
        Ok(Answer {
            body,
            deps: Deps::on([Scope::AllPosts]),
        })
    })
    .await
}
