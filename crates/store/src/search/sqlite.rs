//! Search on SQLite: two contentless FTS5 tables whose rowid is the post id,
//! `search_index` (title, subtitle, body) and `search_titles` (title, subtitle), one
//! per [`Scope`].

use byline_core::search::{SearchQuery, fold_in};
use sqlx::{AnyConnection, AnyPool, AssertSqlSafe};

use super::{IndexEntry, Plan, Scope};
use crate::Result;
use crate::rows::placeholders;

fn table(scope: Scope) -> &'static str {
    match scope {
        Scope::Everything => "search_index",
        Scope::Headlines => "search_titles",
    }
}

pub(super) fn plan(query: &SearchQuery, scope: Scope) -> Plan {
    let table = table(scope);
    Plan {
        from_where: format!(
            "FROM {table} JOIN posts p ON p.id = {table}.rowid \
             WHERE {table} MATCH $1 AND {table}.rowid >= $2 AND p.status = 'published' \
             AND p.edition_id = $3"
        ),
        // Column weights: a match in the title counts most, then the subtitle, then
        // the body.
        order: match scope {
            Scope::Everything => "bm25(search_index, 10.0, 4.0, 1.0)".to_owned(),
            Scope::Headlines => "bm25(search_titles, 10.0, 4.0)".to_owned(),
        },
        argument: query.to_fts5(),
    }
}

/// The id of the `ranked`-th newest match, or `None` when there are fewer: FTS5
/// walks its index backwards by rowid, cheaply even for a common word.
pub(super) async fn floor(
    pool: &AnyPool,
    scope: Scope,
    argument: &str,
    ranked: i64,
) -> Result<Option<i64>> {
    let table = table(scope);
    let sql = format!(
        "SELECT rowid FROM {table} WHERE {table} MATCH $1 ORDER BY rowid DESC LIMIT 1 OFFSET $2"
    );
    Ok(sqlx::query_scalar(AssertSqlSafe(sql))
        .bind(argument)
        .bind(ranked - 1)
        .fetch_optional(pool)
        .await?)
}

pub(super) async fn index(conn: &mut AnyConnection, entries: &[IndexEntry<'_>]) -> Result<()> {
    // The same rows go into both tables; the headlines table leaves the body out.
    for (table, with_body) in [("search_index", true), ("search_titles", false)] {
        let (columns, width) = if with_body {
            ("rowid, title, subtitle, body", 4)
        } else {
            ("rowid, title, subtitle", 3)
        };
        let values: Vec<String> = (0..entries.len())
            .map(|i| format!("({})", placeholders(i * width + 1, width)))
            .collect();
        let sql = format!(
            "INSERT INTO {table} ({columns}) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for entry in entries {
            query = query
                .bind(entry.post_id)
                .bind(fold_in(entry.language, entry.title))
                .bind(fold_in(entry.language, entry.subtitle.unwrap_or_default()));
            if with_body {
                query = query.bind(fold_in(entry.language, entry.body_text));
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

pub(super) const UNINDEX: &[&str] = &[
    "DELETE FROM search_index WHERE rowid = $1",
    "DELETE FROM search_titles WHERE rowid = $1",
];

/// Contentless FTS5 tables empty themselves with their own command.
pub(super) const CLEAR: &[&str] = &[
    "INSERT INTO search_index (search_index) VALUES ('delete-all')",
    "INSERT INTO search_titles (search_titles) VALUES ('delete-all')",
];
