//! Byline's content as Ghost's objects: Ghost's field names and types (ids as 24 hex
//! digits, times as ISO 8601 with milliseconds, absolute URLs), `null` where Byline
//! keeps nothing of the kind (code injection, separate social titles), and Byline's
//! own fields a newsroom needs under names starting `byline_`, which Ghost clients
//! pass over. Fields Byline never fills are `Option<String>` set to `None`.
//!
//! Each object is a Rust type that is both what the API writes (`Serialize`) and what
//! its OpenAPI description says (`ToSchema`), so the two cannot drift apart. No field
//! is `required` in the description: `fields=` may ask for any subset of them.

pub(crate) mod envelopes;
mod people;
mod post;
mod site;

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

pub use envelopes::*;
pub use people::{AuthorObject, TagObject, author, tag};
pub use post::{PostExtras, PostObject, post};
pub use site::{NewsletterObject, SettingsObject, TierObject, newsletter, settings, tier};

use super::params::{Limit, Params};

/// `2026-12-05T09:30:00.000+00:00`, as Ghost writes times.
pub fn ghost_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S.000+00:00").to_string()
}

/// `object` as JSON with only the fields asked for in `fields` (every field when none
/// are), and what `include` asked for.
pub fn only_fields(object: impl Serialize, params: &Params) -> Value {
    const INCLUDED: &[&str] = &["count", "tags", "authors", "primary_tag", "primary_author"];
    let mut row = serde_json::to_value(object).unwrap_or(Value::Null);
    if let (Value::Object(object), false) = (&mut row, params.fields.is_empty()) {
        object.retain(|key, _| {
            params.fields.iter().any(|f| f == key) || INCLUDED.contains(&key.as_str())
        });
    }
    row
}

/// `count.posts` on a tag or an author: its published articles.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostCount {
    pub posts: i64,
}

/// Where a browse is in its rows.
#[derive(Debug, Serialize, ToSchema)]
pub struct Meta {
    pub pagination: Pagination,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Pagination {
    /// This page, from 1.
    pub page: i64,
    /// Rows per page: the number asked for (cut to 1,000), or `"all"` when every row
    /// fits in this one answer.
    pub limit: PageLimit,
    pub pages: i64,
    pub total: i64,
    pub next: Option<i64>,
    pub prev: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum PageLimit {
    Rows(i64),
    All(AllRows),
}

/// Written `"all"`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AllRows {
    All,
}

/// The pagination of a browse of `total` rows.
pub fn meta(params: &Params, total: i64) -> Meta {
    let rows = params.limit.rows();
    let pages = ((total + rows - 1) / rows).max(1);
    let limit = match params.limit {
        Limit::All if total <= rows => PageLimit::All(AllRows::All),
        _ => PageLimit::Rows(rows),
    };
    Meta {
        pagination: Pagination {
            page: params.page,
            limit,
            pages,
            total,
            next: (params.page < pages).then_some(params.page + 1),
            prev: (params.page > 1).then_some(params.page - 1),
        },
    }
}
