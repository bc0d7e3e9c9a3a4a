//! Reading published content the way an API client asks for it: any filter in NQL
//! (compiled against a schema of the resource's properties, so nothing a client
//! writes reaches the SQL text), an order among the properties that can be sorted,
//! and one page.
//!
//! The common cases (every article, one section's, one author's, newest first) are
//! answered from the kept lists (see `posts/lists.rs`), whose cost does not grow with
//! the archive; any other filter is counted and paged by the database.

mod people;
mod posts;

use byline_nql::{Bind, Filter, Schema};
use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

use crate::{Result, StoreError};

pub use people::{AuthorWithCount, TagWithCount};

/// A page of a resource: which rows (`filter`), in what `order`, and where.
#[derive(Debug, Clone, Default)]
pub struct Browse {
    pub filter: Option<Filter>,
    /// Empty: the resource's own order (newest first for posts, by name for tags and
    /// authors).
    pub order: Vec<Order>,
    pub limit: i64,
    pub offset: i64,
}

/// One key of an order, by property name (`published_at`, `title`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub property: String,
    pub descending: bool,
}

/// A property an order may name: its column, and whether rows can lack a value.
#[derive(Debug, Clone, Copy)]
struct Sortable {
    name: &'static str,
    column: &'static str,
    nullable: bool,
}

/// The SQL `ORDER BY` list for `order`, each property looked up in `sortable`,
/// ending with `tiebreak` so pages never overlap.
fn order_by(order: &[Order], sortable: &[Sortable], tiebreak: &str) -> Result<String> {
    let mut keys = Vec::with_capacity(order.len() + 1);
    for key in order {
        let Some(found) = sortable.iter().find(|s| s.name == key.property) else {
            let names: Vec<&str> = sortable.iter().map(|s| s.name).collect();
            return Err(StoreError::InvalidQuery(format!(
                "cannot order by '{}'; the properties to order by here are {}",
                key.property,
                names.join(", ")
            )));
        };
        // Rows without a value come first going up and last going down on both
        // engines, as SQLite and Ghost's MySQL order them (PostgreSQL's default is
        // the reverse). Only where a value can be missing: the clause keeps
        // PostgreSQL from ordering by an index built the default way.
        let direction = match (key.descending, found.nullable) {
            (false, false) => "ASC",
            (true, false) => "DESC",
            (false, true) => "ASC NULLS FIRST",
            (true, true) => "DESC NULLS LAST",
        };
        keys.push(format!("{} {direction}", found.column));
    }
    keys.push(tiebreak.to_owned());
    Ok(keys.join(", "))
}

/// The filter as a condition with placeholders from `$first`, or `TRUE`.
fn condition(
    filter: Option<&Filter>,
    schema: &dyn Schema,
    first: usize,
) -> Result<(String, Vec<Bind>)> {
    match filter {
        None => Ok(("(1 = 1)".to_owned(), Vec::new())),
        Some(filter) => {
            let compiled = byline_nql::compile(filter, schema, first, jiff::Timestamp::now())
                .map_err(|e| StoreError::InvalidQuery(e.message))?;
            Ok((compiled.sql, compiled.binds))
        }
    }
}

/// Binds a filter's values; true and false as 1 and 0, as flags are stored.
/// (Counts are read as rows too, so one binder serves every query here.)
fn bind_all<'q>(
    mut query: Query<'q, Any, AnyArguments>,
    binds: &'q [Bind],
) -> Query<'q, Any, AnyArguments> {
    for bind in binds {
        query = match bind {
            Bind::Text(text) => query.bind(text.as_str()),
            Bind::Int(n) => query.bind(*n),
            Bind::Bool(b) => query.bind(i64::from(*b)),
        };
    }
    query
}

/// The first column of the query's one row, a count.
async fn count_of(
    query: Query<'_, Any, AnyArguments>,
    conn: &mut sqlx::AnyConnection,
) -> Result<i64> {
    use sqlx::Row;
    Ok(query.fetch_one(conn).await?.try_get(0)?)
}
