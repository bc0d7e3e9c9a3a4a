//! News-feed items: short, timed updates shown beside every page.

use byline_core::{FeedItem, Slug};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::posts::Page;
use crate::rows::{self, opt_timestamp};
use crate::{Db, Result, bump_content_version};

#[derive(Debug, Clone)]
pub struct NewFeedItem {
    pub headline: String,
    pub text: String,
    pub post_slug: Option<Slug>,
    pub published_at: Timestamp,
    pub updated_at: Option<Timestamp>,
}

impl Db {
    pub async fn create_feed_item(&self, item: &NewFeedItem) -> Result<FeedItem> {
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO feed_items (headline, text, post_slug, published_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&item.headline)
        .bind(&item.text)
        .bind(item.post_slug.as_ref().map(Slug::as_str))
        .bind(item.published_at.as_second())
        .bind(item.updated_at.map(|t| t.as_second()))
        .fetch_one(&mut *tx)
        .await?;
        bump_content_version(&mut tx, item.updated_at.unwrap_or(item.published_at)).await?;
        tx.commit().await?;
        Ok(FeedItem {
            id,
            headline: item.headline.clone(),
            text: item.text.clone(),
            post_slug: item.post_slug.clone(),
            published_at: item.published_at,
            updated_at: item.updated_at,
        })
    }

    /// Feed items, newest first.
    pub async fn feed_items(&self, limit: i64, offset: i64) -> Result<Page<FeedItem>> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feed_items")
            .fetch_one(&self.pool)
            .await?;
        let found = sqlx::query(
            "SELECT id, headline, text, post_slug, published_at, updated_at FROM feed_items \
             ORDER BY published_at DESC, id DESC LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let items = found.iter().map(feed_item).collect::<Result<_>>()?;
        Ok(Page { items, total })
    }
}

fn feed_item(row: &AnyRow) -> Result<FeedItem> {
    Ok(FeedItem {
        id: row.try_get("id")?,
        headline: row.try_get("headline")?,
        text: row.try_get("text")?,
        post_slug: row
            .try_get::<Option<String>, _>("post_slug")?
            .map(rows::slug)
            .transpose()?,
        published_at: rows::timestamp(row.try_get("published_at")?),
        updated_at: opt_timestamp(row.try_get("updated_at")?),
    })
}
