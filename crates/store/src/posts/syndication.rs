//! What syndication (RSS, Atom and JSON Feed documents) and sitemaps read: many posts
//! with little per post, or a few with bodies.

use std::collections::HashMap;

use byline_core::content::PostSummary;
use byline_core::editions::{MAIN_EDITION, list_key};
use byline_core::{EditionId, Post, PostId, PostKind};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::posts::PostQuery;
use crate::rows::{self, SUMMARY_COLUMNS, opt_timestamp};
use crate::{Db, Result, StoreError, Translation};

/// Ids bound in one `IN (…)` list: well inside both engines' parameter limits.
const CHUNK: usize = 500;

/// One address in a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    /// The post or page at this address (`None` for section and author pages).
    pub post: Option<PostId>,
    pub slug: String,
    pub last_modified: Option<Timestamp>,
    pub image_url: Option<String>,
}

impl Db {
    /// How many of the main edition's posts (or pages) are published.
    pub async fn count_published(&self, kind: PostKind) -> Result<i64> {
        self.count_published_in(MAIN_EDITION, kind).await
    }

    /// How many of an edition's posts (or pages) are published; articles are counted
    /// from the edition's kept list, not row by row.
    pub async fn count_published_in(&self, edition: EditionId, kind: PostKind) -> Result<i64> {
        if kind == PostKind::Post {
            let mut conn = self.pool.acquire().await?;
            return crate::posts::lists::list_total(&mut conn, &list_key(edition, "all")).await;
        }
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM posts \
             WHERE kind = $1 AND status = 'published' AND edition_id = $2",
        )
        .bind(kind.as_str())
        .bind(edition.get())
        .fetch_one(&self.pool)
        .await?)
    }

    /// The main edition's published posts or pages for a sitemap (see
    /// [`Db::sitemap_posts_in`]).
    pub async fn sitemap_posts(
        &self,
        kind: PostKind,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<SitemapEntry>> {
        self.sitemap_posts_in(MAIN_EDITION, kind, limit, offset)
            .await
    }

    /// An edition's published posts or pages for a sitemap, newest first: slug, last
    /// significant change (the public "Updated" time, else publication) and lead image.
    pub async fn sitemap_posts_in(
        &self,
        edition: EditionId,
        kind: PostKind,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<SitemapEntry>> {
        if kind == PostKind::Post {
            return self.sitemap_articles(edition, limit, offset).await;
        }
        let found = sqlx::query(
            "SELECT id, slug, COALESCE(updated_at, published_at) AS modified, image_url \
             FROM posts WHERE kind = $1 AND status = 'published' AND edition_id = $2 \
             ORDER BY published_at DESC, id DESC LIMIT $3 OFFSET $4",
        )
        .bind(kind.as_str())
        .bind(edition.get())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        found.iter().map(|row| sitemap_entry(row, true)).collect()
    }

    /// An edition's articles for a sitemap, found through its kept list of every
    /// article (a deep sitemap page skips by counts, not row by row).
    async fn sitemap_articles(
        &self,
        edition: EditionId,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<SitemapEntry>> {
        let ids = {
            let mut conn = self.pool.acquire().await?;
            crate::posts::lists::list_ids(&mut conn, &list_key(edition, "all"), limit, offset)
                .await?
        };
        let mut entries = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let sql = format!(
                "SELECT id, slug, COALESCE(updated_at, published_at) AS modified, image_url \
                 FROM posts WHERE id IN ({})",
                rows::placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(*id);
            }
            let mut found: HashMap<PostId, SitemapEntry> = HashMap::new();
            for row in query.fetch_all(&self.pool).await? {
                found.insert(row.try_get("id")?, sitemap_entry(&row, true)?);
            }
            entries.extend(chunk.iter().filter_map(|id| found.remove(id)));
        }
        Ok(entries)
    }

    /// The hreflang alternates of a sitemap's posts: for each of `posts` that is in a
    /// translation group, every published article of the group, itself included, as
    /// (the post asked about, the member), members in edition order. Unpublished
    /// translations are left out, so no address points at a page readers cannot
    /// open. One query per 500 posts, however many groups they are in.
    pub async fn sitemap_alternates(&self, posts: &[PostId]) -> Result<Vec<(PostId, Translation)>> {
        let mut alternates = Vec::new();
        for chunk in posts.chunks(CHUNK) {
            let sql = format!(
                "SELECT p.id AS asked, o.id, o.edition_id, o.slug, o.title, o.status \
                 FROM posts p JOIN posts o ON o.translation_group = p.translation_group \
                 JOIN editions e ON e.id = o.edition_id \
                 WHERE p.id IN ({}) AND o.status = 'published' \
                 ORDER BY p.id, e.id <> 1, e.position, e.id",
                rows::placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(&self.pool).await? {
                let status: String = row.try_get("status")?;
                let member = Translation {
                    post: row.try_get("id")?,
                    edition: EditionId(row.try_get("edition_id")?),
                    slug: row.try_get("slug")?,
                    title: row.try_get("title")?,
                    status: status
                        .parse()
                        .map_err(|_| StoreError::Corrupt(format!("post status {status:?}")))?,
                };
                alternates.push((row.try_get("asked")?, member));
            }
        }
        Ok(alternates)
    }

    /// Articles published at or after `since`, newest first, each with its edition:
    /// in every edition, or only in `edition` (the Google News sitemap).
    pub async fn news_articles(
        &self,
        edition: Option<EditionId>,
        since: Timestamp,
        limit: i64,
    ) -> Result<Vec<(EditionId, PostSummary)>> {
        let (in_edition, limit_at) = match edition {
            Some(_) => (" AND p.edition_id = $2", 3),
            None => ("", 2),
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, p.edition_id FROM posts p \
             WHERE p.kind = 'post' AND p.status = 'published' AND p.published_at >= $1{in_edition} \
             ORDER BY p.published_at DESC, p.id DESC LIMIT ${limit_at}"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(since.as_second());
        if let Some(edition) = edition {
            query = query.bind(edition.get());
        }
        let query = query.bind(limit);
        let found = query.fetch_all(&self.pool).await?;
        let editions = found
            .iter()
            .map(|row| Ok(EditionId(row.try_get("edition_id")?)))
            .collect::<Result<Vec<_>>>()?;
        let mut articles = found
            .iter()
            .map(rows::summary)
            .collect::<Result<Vec<_>>>()?;
        self.attach_people(&mut articles).await?;
        Ok(editions.into_iter().zip(articles).collect())
    }

    /// Every tag or author page with the time of its newest published post.
    pub async fn sitemap_people(&self, authors: bool) -> Result<Vec<SitemapEntry>> {
        let (table, list) = if authors {
            ("authors", "author:")
        } else {
            ("tags", "tag:")
        };
        // A section's or author's page changes when an article joins it: its newest
        // entry in the kept list, read from the list's index, at any archive size.
        let sql = format!(
            "SELECT x.slug, (SELECT e.published_at FROM list_entries e \
             WHERE e.list_key = '{list}' || x.id \
             ORDER BY e.day DESC, e.published_at DESC, e.post_id DESC LIMIT 1) AS modified \
             FROM {table} x ORDER BY x.slug"
        );
        let found = sqlx::query(AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(|row| sitemap_entry(row, false)).collect()
    }

    /// The newest published posts matching `query`, with their bodies (for syndication).
    pub async fn recent_posts(&self, query: &PostQuery, limit: i64) -> Result<Vec<Post>> {
        let items = self.newest_published(query, limit, 0).await?;
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let ids = rows::placeholders(1, items.len());
        let sql = format!("SELECT id, body_markdown, body_html FROM posts WHERE id IN ({ids})");
        let mut bodies = sqlx::query(AssertSqlSafe(sql));
        for post in &items {
            bodies = bodies.bind(post.id);
        }
        let mut by_id = std::collections::HashMap::new();
        for row in bodies.fetch_all(&self.pool).await? {
            let id: PostId = row.try_get("id")?;
            by_id.insert(
                id,
                (
                    row.try_get::<String, _>("body_markdown")?,
                    row.try_get::<String, _>("body_html")?,
                ),
            );
        }
        Ok(items
            .into_iter()
            .map(|summary: PostSummary| {
                let (body_markdown, body_html) = by_id.remove(&summary.id).unwrap_or_default();
                Post {
                    summary,
                    body_markdown,
                    body_html,
                    notes: Vec::new(),
                }
            })
            .collect())
    }
}

/// A sitemap row: `slug`, `modified` and, for a post or page, its `id` and
/// `image_url`.
fn sitemap_entry(row: &AnyRow, is_post: bool) -> Result<SitemapEntry> {
    Ok(SitemapEntry {
        post: if is_post {
            Some(row.try_get("id")?)
        } else {
            None
        },
        slug: row.try_get("slug")?,
        last_modified: opt_timestamp(row.try_get("modified")?),
        image_url: if is_post {
            row.try_get("image_url")?
        } else {
            None
        },
    })
}
