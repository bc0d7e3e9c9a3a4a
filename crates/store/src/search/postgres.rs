//! Search on PostgreSQL: `search_index` holds two weighted tsvectors per post,
//! `document` (title, subtitle, body) and `headline` (title, subtitle), one per
//! [`Scope`], each with a GIN index.

use byline_core::search::{SearchQuery, fold_in};
use sqlx::{AnyConnection, AssertSqlSafe};

use super::{IndexEntry, Plan, Scope};
use crate::{Db, Result};

/// The column that indexes `scope`.
fn column(scope: Scope) -> &'static str {
    match scope {
        Scope::Everything => "document",
        Scope::Headlines => "headline",
    }
}

pub(super) fn plan(query: &SearchQuery, scope: Scope) -> Plan {
    let column = column(scope);
    Plan {
        from_where: format!(
            "FROM search_index s JOIN posts p ON p.id = s.post_id \
             WHERE s.{column} @@ to_tsquery('simple', $1) AND s.post_id >= $2 AND p.status = 'published' \
             AND p.edition_id = $3"
        ),
        order: format!("ts_rank(s.{column}, to_tsquery('simple', $1)) DESC"),
        argument: query.to_tsquery(),
    }
}

/// The id of the `ranked`-th newest match, or `None` when there are fewer matches.
/// A GIN index finds matches but not in order, and PostgreSQL plans from word
/// frequencies it cannot know for a rare or absent word: left to itself it walked
/// the whole archive backwards looking for a word no article has (4.4 s at a
/// million). So the newest few rows are tried first, which finds a common word's
/// matches at once; a word not that common is then found through the index alone,
/// at a cost that grows with its matches, not with the archive.
pub(super) async fn floor(
    db: &Db,
    scope: Scope,
    tsquery: &str,
    ranked: i64,
) -> Result<Option<i64>> {
    /// How many of the newest rows the first try reads, per match it needs.
    const DENSE_WINDOW: i64 = 4;
    let column = column(scope);
    let recent = format!(
        "SELECT post_id FROM (SELECT post_id, {column} AS doc FROM search_index \
         ORDER BY post_id DESC LIMIT $3) recent \
         WHERE doc @@ to_tsquery('simple', $1) ORDER BY post_id DESC LIMIT 1 OFFSET $2"
    );
    let dense: Option<i64> = sqlx::query_scalar(AssertSqlSafe(recent))
        .bind(tsquery)
        .bind(ranked - 1)
        .bind(ranked * DENSE_WINDOW)
        .fetch_optional(db.pool())
        .await?;
    if dense.is_some() {
        return Ok(dense);
    }
    let mut tx = db.begin_read().await?;
    // Only the word index may answer: no walk over the table in either direction.
    sqlx::query("SET LOCAL enable_indexscan = off")
        .execute(&mut *tx)
        .await?;
    sqlx::query("SET LOCAL enable_seqscan = off")
        .execute(&mut *tx)
        .await?;
    let sparse: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT post_id FROM search_index WHERE {column} @@ to_tsquery('simple', $1) \
         ORDER BY post_id DESC LIMIT 1 OFFSET $2"
    )))
    .bind(tsquery)
    .bind(ranked - 1)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(sparse)
}

pub(super) async fn index(conn: &mut AnyConnection, entries: &[IndexEntry<'_>]) -> Result<()> {
    let values: Vec<String> = (0..entries.len())
        .map(|i| {
            let n = i * 4;
            let (id, t, st, b) = (n + 1, n + 2, n + 3, n + 4);
            format!(
                "(${id}, setweight(to_tsvector('simple', ${t}), 'A') || setweight(to_tsvector('simple', ${st}), 'B') \
                 || setweight(to_tsvector('simple', ${b}), 'D'), \
                 setweight(to_tsvector('simple', ${t}), 'A') || setweight(to_tsvector('simple', ${st}), 'B'))"
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO search_index (post_id, document, headline) VALUES {} \
         ON CONFLICT (post_id) DO UPDATE SET document = excluded.document, headline = excluded.headline",
        values.join(", ")
    );
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for entry in entries {
        query = query
            .bind(entry.post_id)
            .bind(fold_in(entry.language, entry.title))
            .bind(fold_in(entry.language, entry.subtitle.unwrap_or_default()))
            .bind(fold_in(entry.language, entry.body_text));
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

pub(super) const UNINDEX: &[&str] = &["DELETE FROM search_index WHERE post_id = $1"];

pub(super) const CLEAR: &[&str] = &["TRUNCATE search_index"];
