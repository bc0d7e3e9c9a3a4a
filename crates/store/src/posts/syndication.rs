//! What syndication (RSS, Atom and JSON Feed documents) and sitemaps read: many posts
//! with little per post, or a few with bodies.

use byline_core::content::PostSummary;
use byline_core::{Post, PostId, PostKind};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::posts::PostQuery;
use crate::rows::{self, opt_timestamp};
use crate::{Db, Result};

/// One address in a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub slug: String,
    pub last_modified: Option<Timestamp>,
    pub image_url: Option<String>,
}

impl Db {
    /// How many posts (or pages) are published; articles are counted from the kept
    /// list's counts, not row by row.
    pub async fn count_published(&self, kind: PostKind) -> Result<i64> {
        if kind == PostKind::Post {
            let mut conn = self.pool.acquire().await?;
            return crate::posts::lists::list_total(&mut conn, "all").await;
        }
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM posts WHERE kind = $1 AND status = 'published'",
        )
        .bind(kind.as_str())
        .fetch_one(&self.pool)
        .await?)
    }

    /// Published posts or pages for a sitemap, newest first: slug, last significant
    /// change (the public "Updated" time, else publication) and lead image.
    pub async fn sitemap_posts(
        &self,
        kind: PostKind,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<SitemapEntry>> {
        if kind == PostKind::Post {
            return self.sitemap_articles(limit, offset).await;
        }
        let found = sqlx::query(
            "SELECT slug, COALESCE(updated_at, published_at) AS modified, image_url FROM posts \
             WHERE kind = $1 AND status = 'published' ORDER BY published_at DESC, id DESC LIMIT $2 OFFSET $3",
        )
        .bind(kind.as_str())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        found.iter().map(|row| sitemap_entry(row, true)).collect()
    }

    /// Articles for a sitemap, found through the kept list of every article (a deep
    /// sitemap page skips by counts, not row by row).
    async fn sitemap_articles(&self, limit: i64, offset: i64) -> Result<Vec<SitemapEntry>> {
        let ids = {
            let mut conn = self.pool.acquire().await?;
            crate::posts::lists::list_ids(&mut conn, "all", limit, offset).await?
        };
        let mut entries = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT id, slug, COALESCE(updated_at, published_at) AS modified, image_url \
                 FROM posts WHERE id IN ({})",
                rows::placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(*id);
            }
            let mut found: std::collections::HashMap<PostId, SitemapEntry> =
                std::collections::HashMap::new();
            for row in query.fetch_all(&self.pool).await? {
                found.insert(row.try_get("id")?, sitemap_entry(&row, true)?);
            }
            entries.extend(chunk.iter().filter_map(|id| found.remove(id)));
        }
        Ok(entries)
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

/// A sitemap row: `slug`, `modified` and, when `with_image`, `image_url`.
fn sitemap_entry(row: &AnyRow, with_image: bool) -> Result<SitemapEntry> {
    Ok(SitemapEntry {
        slug: row.try_get("slug")?,
        last_modified: opt_timestamp(row.try_get("modified")?),
        image_url: if with_image {
            row.try_get("image_url")?
        } else {
            None
        },
    })
}
