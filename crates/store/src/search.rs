//! Full-text search with each engine's own index: SQLite FTS5 (`search_index`, rowid =
//! post id) and PostgreSQL tsvector with a GIN index. Both hold folded text written
//! here (see `byline_core::search`), in the same transaction as the post's change, and
//! only for published posts.

use byline_core::PostStatus;
use byline_core::content::PostSummary;
use byline_core::markdown;
use byline_core::search::{SearchQuery, fold};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::rows::{self, SUMMARY_COLUMNS};
use crate::{Db, Engine, Result};

/// Rows per multi-row INSERT (well under both engines' parameter limits).
pub(crate) const ROWS_PER_STATEMENT: usize = 200;

/// Column weights: a match in the title counts most, then the subtitle, then the body.
const SQLITE_WEIGHTS: &str = "10.0, 4.0, 1.0";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Everything,
    Headlines,
}

impl Scope {
    /// The PostgreSQL column that indexes this scope.
    fn tsvector_column(self) -> &'static str {
        match self {
            Scope::Everything => "document",
            Scope::Headlines => "headline",
        }
    }
}

/// A page of search results.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// Matches in the part of the archive searched (see `Db::search`).
    pub total: i64,
    /// True when the whole archive was searched, so `total` is exact.
    pub complete: bool,
}

/// One search result: the post and the plain text to cut a snippet from.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub post: PostSummary,
    pub text: String,
}

/// Makes the index agree with a post that just changed: a published post is
/// (re)indexed, any other is taken out.
pub(crate) async fn sync_post(
    conn: &mut AnyConnection,
    engine: Engine,
    status: PostStatus,
    entry: &IndexEntry<'_>,
) -> Result<()> {
    unindex_post(conn, engine, entry.post_id).await?;
    if status == PostStatus::Published {
        index_posts(conn, engine, std::slice::from_ref(entry)).await?;
    }
    Ok(())
}

/// What the index holds of one post.
pub(crate) struct IndexEntry<'a> {
    pub post_id: i64,
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub body_text: &'a str,
}

/// Puts several new posts into the index with one statement.
pub(crate) async fn index_posts(
    conn: &mut AnyConnection,
    engine: Engine,
    entries: &[IndexEntry<'_>],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let row = |i: usize| -> String {
        let n = i * 4;
        match engine {
            Engine::Sqlite => format!("(${}, ${}, ${}, ${})", n + 1, n + 2, n + 3, n + 4),
            Engine::Postgres => format!(
                "(${id}, setweight(to_tsvector('simple', ${t}), 'A') || setweight(to_tsvector('simple', ${st}), 'B') \
                 || setweight(to_tsvector('simple', ${b}), 'D'), \
                 setweight(to_tsvector('simple', ${t}), 'A') || setweight(to_tsvector('simple', ${st}), 'B'))",
                id = n + 1,
                t = n + 2,
                st = n + 3,
                b = n + 4
            ),
        }
    };
    let values: Vec<String> = (0..entries.len()).map(row).collect();
    let sql = match engine {
        Engine::Sqlite => format!(
            "INSERT INTO search_index (rowid, title, subtitle, body) VALUES {}",
            values.join(", ")
        ),
        Engine::Postgres => format!(
            "INSERT INTO search_index (post_id, document, headline) VALUES {} \
             ON CONFLICT (post_id) DO UPDATE SET document = excluded.document, headline = excluded.headline",
            values.join(", ")
        ),
    };
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for entry in entries {
        query = query
            .bind(entry.post_id)
            .bind(fold(entry.title))
            .bind(fold(entry.subtitle.unwrap_or_default()))
            .bind(fold(entry.body_text));
    }
    query.execute(&mut *conn).await?;
    if engine == Engine::Sqlite {
        let values: Vec<String> = (0..entries.len())
            .map(|i| format!("(${}, ${}, ${})", i * 3 + 1, i * 3 + 2, i * 3 + 3))
            .collect();
        let sql = format!(
            "INSERT INTO search_titles (rowid, title, subtitle) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for entry in entries {
            query = query
                .bind(entry.post_id)
                .bind(fold(entry.title))
                .bind(fold(entry.subtitle.unwrap_or_default()));
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Takes a post out of the index (unpublished, deleted).
pub(crate) async fn unindex_post(
    conn: &mut AnyConnection,
    engine: Engine,
    post_id: i64,
) -> Result<()> {
    let statements: &[&str] = match engine {
        Engine::Sqlite => &[
            "DELETE FROM search_index WHERE rowid = $1",
            "DELETE FROM search_titles WHERE rowid = $1",
        ],
        Engine::Postgres => &["DELETE FROM search_index WHERE post_id = $1"],
    };
    for sql in statements {
        sqlx::query(*sql).bind(post_id).execute(&mut *conn).await?;
    }
    Ok(())
}

impl Db {
    /// Published posts matching every term of `query`, best first.
    ///
    /// Relevance (title over subtitle over body) is computed for the newest 500
    /// matches (more when a reader pages further): the search first finds the 500th
    /// newest match by walking the index backwards, which is cheap even when a common
    /// word matches most of a 100,000-article archive, and ranks only what is newer.
    /// A rarer query has fewer matches than that and is ranked across the whole
    /// archive. `complete` says whether `total` is exact or a lower bound.
    pub async fn search(
        &self,
        query: &SearchQuery,
        limit: i64,
        offset: i64,
    ) -> Result<SearchResults> {
        self.search_in(query, Scope::Everything, limit, offset)
            .await
    }

    /// Like [`Db::search`], matching headlines and standfirsts only: what suggestions
    /// show while a reader types, and cheap for a prefix of any length.
    pub async fn search_headlines(&self, query: &SearchQuery, limit: i64) -> Result<SearchResults> {
        self.search_in(query, Scope::Headlines, limit, 0).await
    }

    async fn search_in(
        &self,
        query: &SearchQuery,
        scope: Scope,
        limit: i64,
        offset: i64,
    ) -> Result<SearchResults> {
        const RANKED_MATCHES: i64 = 500;
        // The same two statements on every index: SQLite has one FTS5 table per scope,
        // PostgreSQL one tsvector column per scope.
        let (from_where, newest_first, argument) = match self.engine {
            Engine::Sqlite => {
                let table = match scope {
                    Scope::Everything => "search_index",
                    Scope::Headlines => "search_titles",
                };
                (
                    format!(
                        "FROM {table} JOIN posts p ON p.id = {table}.rowid \
                         WHERE {table} MATCH $1 AND {table}.rowid >= $2 AND p.status = 'published'"
                    ),
                    format!(
                        "SELECT rowid FROM {table} WHERE {table} MATCH $1 ORDER BY rowid DESC LIMIT 1 OFFSET $2"
                    ),
                    query.to_fts5(),
                )
            }
            Engine::Postgres => {
                let column = scope.tsvector_column();
                (
                    format!(
                        "FROM search_index s JOIN posts p ON p.id = s.post_id \
                         WHERE s.{column} @@ to_tsquery('simple', $1) AND s.post_id >= $2 AND p.status = 'published'"
                    ),
                    // See `postgres_floor`.
                    String::new(),
                    query.to_tsquery(),
                )
            }
        };
        let ranked = RANKED_MATCHES.max(offset + limit);
        let floor: Option<i64> = match self.engine {
            Engine::Sqlite => {
                sqlx::query_scalar(AssertSqlSafe(newest_first))
                    .bind(&argument)
                    .bind(ranked - 1)
                    .fetch_optional(&self.pool)
                    .await?
            }
            Engine::Postgres => {
                self.postgres_floor(scope.tsvector_column(), &argument, ranked)
                    .await?
            }
        };
        let (floor, total, complete) = match floor {
            Some(floor) => (floor, ranked, false),
            None => {
                // Fewer matches than the ranking window: counting them all is cheap.
                let total: i64 =
                    sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) {from_where}")))
                        .bind(&argument)
                        .bind(0i64)
                        .fetch_one(&self.pool)
                        .await?;
                (0, total, true)
            }
        };
        if total == 0 || offset >= total {
            return Ok(SearchResults {
                hits: Vec::new(),
                total,
                complete,
            });
        }
        let order = match (self.engine, scope) {
            (Engine::Sqlite, Scope::Everything) => format!("bm25(search_index, {SQLITE_WEIGHTS})"),
            (Engine::Sqlite, Scope::Headlines) => "bm25(search_titles, 10.0, 4.0)".to_owned(),
            (Engine::Postgres, scope) => format!(
                "ts_rank(s.{}, to_tsquery('simple', $1)) DESC",
                scope.tsvector_column()
            ),
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, p.body_markdown {from_where} \
             ORDER BY {order}, p.published_at DESC, p.id DESC LIMIT $3 OFFSET $4"
        );
        let found = sqlx::query(AssertSqlSafe(sql))
            .bind(&argument)
            .bind(floor)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let mut posts = found
            .iter()
            .map(rows::summary)
            .collect::<Result<Vec<_>>>()?;
        self.attach_people(&mut posts).await?;
        let hits = posts
            .into_iter()
            .zip(&found)
            .map(|(post, row)| {
                let body: String = row.try_get("body_markdown")?;
                Ok(SearchHit {
                    post,
                    text: markdown::plain_text(&body),
                })
            })
            .collect::<Result<_>>()?;
        Ok(SearchResults {
            hits,
            total,
            complete,
        })
    }

    /// The id of the `ranked`-th newest match on PostgreSQL, or `None` when there are
    /// fewer matches. A GIN index finds matches but not in order, and PostgreSQL
    /// plans from word frequencies it cannot know for a rare or absent word: left to
    /// itself it walked the whole archive backwards looking for a word no article has
    /// (4.4 s at a million). So the newest few rows are tried first, which finds a
    /// common word's matches at once; a word not that common is then found through
    /// the index alone, at a cost that grows with its matches, not with the archive.
    async fn postgres_floor(
        &self,
        column: &str,
        tsquery: &str,
        ranked: i64,
    ) -> Result<Option<i64>> {
        /// How many of the newest rows the first try reads, per match it needs.
        const DENSE_WINDOW: i64 = 4;
        let recent = format!(
            "SELECT post_id FROM (SELECT post_id, {column} AS doc FROM search_index \
             ORDER BY post_id DESC LIMIT $3) recent \
             WHERE doc @@ to_tsquery('simple', $1) ORDER BY post_id DESC LIMIT 1 OFFSET $2"
        );
        let dense: Option<i64> = sqlx::query_scalar(AssertSqlSafe(recent))
            .bind(tsquery)
            .bind(ranked - 1)
            .bind(ranked * DENSE_WINDOW)
            .fetch_optional(&self.pool)
            .await?;
        if dense.is_some() {
            return Ok(dense);
        }
        let mut tx = self.begin_read().await?;
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

    /// Rebuilds the whole index from the published posts, in batches, calling
    /// `progress(done, total)` after each. Returns how many posts were indexed.
    pub async fn reindex(&self, mut progress: impl FnMut(u64, u64)) -> Result<u64> {
        const BATCH: i64 = 500;
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE status = 'published'")
                .fetch_one(&self.pool)
                .await?;
        let clear: &[&str] = match self.engine {
            // Contentless FTS5 tables empty themselves with their own command.
            Engine::Sqlite => &[
                "INSERT INTO search_index (search_index) VALUES ('delete-all')",
                "INSERT INTO search_titles (search_titles) VALUES ('delete-all')",
            ],
            Engine::Postgres => &["TRUNCATE search_index"],
        };
        for sql in clear {
            sqlx::query(*sql).execute(&self.pool).await?;
        }
        let mut last_id = 0i64;
        let mut done = 0u64;
        loop {
            let batch = sqlx::query(
                "SELECT id, title, subtitle, body_markdown FROM posts \
                 WHERE status = 'published' AND id > $1 ORDER BY id LIMIT $2",
            )
            .bind(last_id)
            .bind(BATCH)
            .fetch_all(&self.pool)
            .await?;
            if batch.is_empty() {
                break;
            }
            let mut posts = Vec::with_capacity(batch.len());
            for row in &batch {
                let id: i64 = row.try_get("id")?;
                let title: String = row.try_get("title")?;
                let subtitle: Option<String> = row.try_get("subtitle")?;
                let body: String = row.try_get("body_markdown")?;
                posts.push((id, title, subtitle, markdown::plain_text(&body)));
                last_id = id;
            }
            let entries: Vec<IndexEntry<'_>> = posts
                .iter()
                .map(|(post_id, title, subtitle, text)| IndexEntry {
                    post_id: *post_id,
                    title,
                    subtitle: subtitle.as_deref(),
                    body_text: text,
                })
                .collect();
            let mut tx = self.begin_write().await?;
            for chunk in entries.chunks(ROWS_PER_STATEMENT) {
                index_posts(&mut tx, self.engine, chunk).await?;
            }
            tx.commit().await?;
            done += batch.len() as u64;
            progress(done, total as u64);
        }
        Ok(done)
    }
}
