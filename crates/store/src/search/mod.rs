//! Full-text search with each engine's own index: SQLite FTS5 (`search_index`, rowid =
//! post id) and PostgreSQL tsvector with a GIN index. Both hold folded text written
//! here (see `byline_core::search`), in the same transaction as the post's change, and
//! only for published posts.

use byline_core::content::PostSummary;
use byline_core::markdown;
use byline_core::search::SearchQuery;
use std::collections::HashMap;

use byline_core::editions::MAIN_EDITION;
use byline_core::search::{FOLD_RULES, folds_differently_since};
use byline_core::{EditionId, LanguageTag, PostId, PostStatus};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::rows::{self, SUMMARY_COLUMNS, placeholders};
use crate::{Db, Engine, Result};

mod postgres;
mod sqlite;

/// Rows per multi-row INSERT (well under both engines' parameter limits).
pub(crate) const ROWS_PER_STATEMENT: usize = 200;

/// What a search looks in: everything, or headlines and standfirsts only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Everything,
    Headlines,
}

/// The pieces of a search that differ by engine; the statements around them do not.
struct Plan {
    /// `FROM … WHERE …` matching `$1` (the argument) among post ids `>= $2` of
    /// edition `$3`.
    from_where: String,
    /// Best match first.
    order: String,
    /// The query in the engine's own syntax.
    argument: String,
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

/// Indexes a post again from what is stored, in its edition's language (after it
/// moved to another edition); a post that is not published is taken out.
pub(crate) async fn reindex_post(
    conn: &mut AnyConnection,
    engine: Engine,
    post_id: PostId,
) -> Result<()> {
    let row = sqlx::query(
        "SELECT p.status, p.title, p.subtitle, p.body_markdown, e.language \
         FROM posts p LEFT JOIN editions e ON e.id = p.edition_id WHERE p.id = $1",
    )
    .bind(post_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return unindex_post(conn, engine, post_id).await;
    };
    let status: String = row.try_get("status")?;
    let status: PostStatus = status
        .parse()
        .map_err(|_| crate::StoreError::Corrupt(format!("post status {status:?}")))?;
    let title: String = row.try_get("title")?;
    let subtitle: Option<String> = row.try_get("subtitle")?;
    let body: String = row.try_get("body_markdown")?;
    let language = crate::changes::language_of(row.try_get("language")?);
    let text = markdown::plain_text(&body);
    let entry = IndexEntry {
        post_id,
        language: &language,
        title: &title,
        subtitle: subtitle.as_deref(),
        body_text: &text,
    };
    sync_post(conn, engine, status, &entry).await
}

/// What the index holds of one post.
pub(crate) struct IndexEntry<'a> {
    pub post_id: PostId,
    /// The post's edition's language: its text is folded as that language's readers
    /// type it (`byline_core::search::fold_in`).
    pub language: &'a LanguageTag,
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub body_text: &'a str,
}

/// The language of each post's edition, read in one statement per
/// [`ROWS_PER_STATEMENT`] posts; a post whose edition has none reads as English.
pub(crate) async fn languages_of(
    conn: &mut AnyConnection,
    ids: &[PostId],
) -> Result<HashMap<PostId, LanguageTag>> {
    let mut languages = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "SELECT p.id, e.language FROM posts p JOIN editions e ON e.id = p.edition_id \
             WHERE p.id IN ({})",
            placeholders(1, chunk.len())
        );
        let mut query = sqlx::query_as::<_, (PostId, String)>(AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind(*id);
        }
        for (id, language) in query.fetch_all(&mut *conn).await? {
            languages.insert(id, crate::changes::language_of(Some(language)));
        }
    }
    Ok(languages)
}

/// Puts several new posts into the index with one statement (per table).
pub(crate) async fn index_posts(
    conn: &mut AnyConnection,
    engine: Engine,
    entries: &[IndexEntry<'_>],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    match engine {
        Engine::Sqlite => sqlite::index(conn, entries).await,
        Engine::Postgres => postgres::index(conn, entries).await,
    }
}

/// Takes a post out of the index (unpublished, deleted).
pub(crate) async fn unindex_post(
    conn: &mut AnyConnection,
    engine: Engine,
    post_id: PostId,
) -> Result<()> {
    let statements = match engine {
        Engine::Sqlite => sqlite::UNINDEX,
        Engine::Postgres => postgres::UNINDEX,
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
        self.search_edition(query, MAIN_EDITION, limit, offset)
            .await
    }

    /// [`Db::search`] among one edition's posts. The ranking window is the newest
    /// matches of the whole site, so in a small edition beside a large one a very
    /// common word may rank fewer than 500 of the edition's matches (`complete` is
    /// then false, as for any window).
    pub async fn search_edition(
        &self,
        query: &SearchQuery,
        edition: EditionId,
        limit: i64,
        offset: i64,
    ) -> Result<SearchResults> {
        self.search_in(query, Scope::Everything, edition, limit, offset)
            .await
    }

    /// Like [`Db::search`], matching headlines and standfirsts only: what suggestions
    /// show while a reader types, and cheap for a prefix of any length.
    pub async fn search_headlines(&self, query: &SearchQuery, limit: i64) -> Result<SearchResults> {
        self.search_headlines_edition(query, MAIN_EDITION, limit)
            .await
    }

    /// [`Db::search_headlines`] among one edition's posts.
    pub async fn search_headlines_edition(
        &self,
        query: &SearchQuery,
        edition: EditionId,
        limit: i64,
    ) -> Result<SearchResults> {
        self.search_in(query, Scope::Headlines, edition, limit, 0)
            .await
    }

    async fn search_in(
        &self,
        query: &SearchQuery,
        scope: Scope,
        edition: EditionId,
        limit: i64,
        offset: i64,
    ) -> Result<SearchResults> {
        const RANKED_MATCHES: i64 = 500;
        let Plan {
            from_where,
            order,
            argument,
        } = match self.engine {
            Engine::Sqlite => sqlite::plan(query, scope),
            Engine::Postgres => postgres::plan(query, scope),
        };
        let ranked = RANKED_MATCHES.max(offset + limit);
        let floor = match self.engine {
            Engine::Sqlite => sqlite::floor(&self.pool, scope, &argument, ranked).await?,
            Engine::Postgres => postgres::floor(self, scope, &argument, ranked).await?,
        };
        // Counting the edition's matches newer than the window's floor is cheap: at
        // most the window's rows; with no floor there are fewer matches than that.
        let complete = floor.is_none();
        let floor = floor.unwrap_or(0);
        let total: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) {from_where}")))
            .bind(&argument)
            .bind(floor)
            .bind(edition.get())
            .fetch_one(&self.pool)
            .await?;
        if total == 0 || offset >= total {
            return Ok(SearchResults {
                hits: Vec::new(),
                total,
                complete,
            });
        }
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, p.body_markdown {from_where} \
             ORDER BY {order}, p.published_at DESC, p.id DESC LIMIT $4 OFFSET $5"
        );
        let found = sqlx::query(AssertSqlSafe(sql))
            .bind(&argument)
            .bind(floor)
            .bind(edition.get())
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

    /// Whether the index was folded by older rules that read one of the editions'
    /// languages differently (see `byline_core::search::FOLD_RULES`), so it must be
    /// rebuilt. When no edition's language is affected, the index is marked current
    /// and this answers false.
    pub async fn search_index_outdated(&self) -> Result<bool> {
        let stored: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'search_fold_rules'")
                .fetch_optional(&self.pool)
                .await?;
        let version: u32 = stored.and_then(|v| v.parse().ok()).unwrap_or(1);
        if version >= FOLD_RULES {
            return Ok(false);
        }
        let editions = self.editions().await?;
        let affected = editions
            .iter()
            .any(|e| folds_differently_since(version, &e.language));
        if !affected {
            self.mark_search_index_folded(FOLD_RULES).await?;
        }
        Ok(affected)
    }

    /// Records which folding rules the index holds (after a rebuild: the current
    /// ones; before one, so that only one node starts it).
    pub async fn mark_search_index_folded(&self, version: u32) -> Result<()> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ('search_fold_rules', $1) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(version.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Rebuilds the whole index from the published posts, in batches, calling
    /// `progress(done, total)` after each. Returns how many posts were indexed.
    pub async fn reindex(&self, mut progress: impl FnMut(u64, u64)) -> Result<u64> {
        const BATCH: i64 = 500;
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE status = 'published'")
                .fetch_one(&self.pool)
                .await?;
        let clear = match self.engine {
            Engine::Sqlite => sqlite::CLEAR,
            Engine::Postgres => postgres::CLEAR,
        };
        for sql in clear {
            sqlx::query(*sql).execute(&self.pool).await?;
        }
        let mut last_id = PostId(0);
        let mut done = 0u64;
        loop {
            let batch = sqlx::query(
                "SELECT p.id, p.title, p.subtitle, p.body_markdown, e.language \
                 FROM posts p LEFT JOIN editions e ON e.id = p.edition_id \
                 WHERE p.status = 'published' AND p.id > $1 ORDER BY p.id LIMIT $2",
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
                let id: PostId = row.try_get("id")?;
                let title: String = row.try_get("title")?;
                let subtitle: Option<String> = row.try_get("subtitle")?;
                let body: String = row.try_get("body_markdown")?;
                let language = crate::changes::language_of(row.try_get("language")?);
                posts.push((id, title, subtitle, markdown::plain_text(&body), language));
                last_id = id;
            }
            let entries: Vec<IndexEntry<'_>> = posts
                .iter()
                .map(|(post_id, title, subtitle, text, language)| IndexEntry {
                    post_id: *post_id,
                    language,
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
        self.mark_search_index_folded(FOLD_RULES).await?;
        Ok(done)
    }
}
