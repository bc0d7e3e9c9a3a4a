//! News-feed items and the numbered event log that live pages follow.
//!
//! Every write here runs in one transaction that changes the item, appends its event
//! (see `0004_news_feed.sql` for why the numbering is gapless and commit-ordered) and
//! moves the content version, so cached pages, the live stream and the database never
//! disagree about what the feed holds.
//!
//! Each edition has a feed of its own: its items, its pinned item and its kept counts
//! (`feed`, `e2:feed`; migration 0022). The events are one numbered sequence for the
//! whole site, each naming its edition, so a live page passes over the others'.

use byline_core::editions::{MAIN_EDITION, list_key};
use byline_core::{EditionId, FeedItem, Slug};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::Entity;
use crate::posts::Page;
use crate::rows::{self, opt_timestamp};
use crate::webhooks::Announcement;

mod articles;
use crate::{ChangeSet, Db, Result, Scope, StoreError, bump_content_version};
pub use articles::LinkableArticle;

#[derive(Debug, Clone)]
pub struct NewFeedItem {
    pub headline: String,
    pub text: String,
    pub post_slug: Option<Slug>,
    pub published_at: Timestamp,
    pub updated_at: Option<Timestamp>,
    /// The staff member who posted it, if posted from the desk.
    pub created_by: Option<i64>,
    /// The edition whose feed it goes to.
    pub edition: EditionId,
}

/// An edit to an existing item.
#[derive(Debug, Clone)]
pub struct FeedItemEdit {
    pub headline: String,
    pub text: String,
    pub post_slug: Option<Slug>,
    /// `Some(time)` when the editor marks the edit as an update readers should see;
    /// `None` keeps the item's "Updated" mark as it was (a typo fix).
    pub updated_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedEventKind {
    Published,
    Edited,
    Deleted,
}

impl FeedEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedEventKind::Published => "published",
            FeedEventKind::Edited => "edited",
            FeedEventKind::Deleted => "deleted",
        }
    }

    fn parse(raw: &str) -> Result<FeedEventKind> {
        match raw {
            "published" => Ok(FeedEventKind::Published),
            "edited" => Ok(FeedEventKind::Edited),
            "deleted" => Ok(FeedEventKind::Deleted),
            other => Err(StoreError::Corrupt(format!("feed event kind '{other}'"))),
        }
    }
}

/// One change to the feed, numbered in commit order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEvent {
    pub seq: i64,
    pub kind: FeedEventKind,
    pub item_id: i64,
    /// The edition of the item's feed (kept for deletions too).
    pub edition: EditionId,
    /// The item as it was after the change; `None` for a deletion.
    pub item: Option<FeedItem>,
    pub at: Timestamp,
}

/// The newest items together with the number of the last event they include.
#[derive(Debug, Clone)]
pub struct FeedSnapshot {
    /// Events up to and including this one are reflected in `items` (later ones may
    /// be too: a live client applies events idempotently).
    pub seq: i64,
    pub page: Page<FeedItem>,
}

const ITEM_COLUMNS: &str =
    "id, headline, text, post_slug, pinned, published_at, updated_at, edition_id";
/// Pinned item first, then newest first.
const FEED_ORDER: &str = "ORDER BY pinned DESC, published_at DESC, id DESC";

impl Db {
    pub async fn create_feed_item(&self, item: &NewFeedItem) -> Result<FeedItem> {
        self.publish_feed_item(item, false).await
    }

    /// Adds an item to its edition's feed, pinned to the top if `pinned` (unpinning
    /// that feed's previous one), all in one transaction: a failure leaves neither
    /// half. An edition the site does not have is refused.
    pub async fn publish_feed_item(&self, item: &NewFeedItem, pinned: bool) -> Result<FeedItem> {
        let mut tx = self.begin_content_write().await?;
        self.edition_exists(&mut tx, item.edition).await?;
        let at = item.updated_at.unwrap_or(item.published_at);
        if pinned {
            unpin_all(&mut tx, item.edition, at).await?;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO feed_items (headline, text, post_slug, published_at, updated_at, created_by, \
             pinned, edition_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&item.headline)
        .bind(&item.text)
        .bind(item.post_slug.as_ref().map(Slug::as_str))
        .bind(item.published_at.as_second())
        .bind(item.updated_at.map(|t| t.as_second()))
        .bind(item.created_by)
        .bind(i64::from(pinned))
        .bind(item.edition.get())
        .fetch_one(&mut *tx)
        .await?;
        let created = FeedItem {
            id,
            headline: item.headline.clone(),
            text: item.text.clone(),
            post_slug: item.post_slug.clone(),
            published_at: item.published_at,
            updated_at: item.updated_at,
            pinned,
            edition: item.edition,
        };
        record_event(&mut tx, FeedEventKind::Published, id, Ok(&created), at).await?;
        let announced = Announcement {
            event: "news_feed.item.published".to_owned(),
            resource: "news_feed_item",
            resource_id: id,
            previous: serde_json::json!({}),
        };
        crate::webhooks::announce(&mut tx, &[announced], at).await?;
        bump_content_version(&mut tx, at, &ChangeSet::of([Scope::NewsFeed])).await?;
        tx.commit().await?;
        Ok(created)
    }

    pub async fn update_feed_item(&self, id: i64, edit: &FeedItemEdit) -> Result<FeedItem> {
        let mut tx = self.begin_content_write().await?;
        let changed = sqlx::query(
            "UPDATE feed_items SET headline = $1, text = $2, post_slug = $3, \
             updated_at = COALESCE($4, updated_at) WHERE id = $5",
        )
        .bind(&edit.headline)
        .bind(&edit.text)
        .bind(edit.post_slug.as_ref().map(Slug::as_str))
        .bind(edit.updated_at.map(|t| t.as_second()))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(missing(id));
        }
        let item = item_in(&mut tx, id).await?;
        let now = Timestamp::now();
        record_event(&mut tx, FeedEventKind::Edited, id, Ok(&item), now).await?;
        bump_content_version(&mut tx, now, &ChangeSet::of([Scope::NewsFeed])).await?;
        tx.commit().await?;
        Ok(item)
    }

    pub async fn delete_feed_item(&self, id: i64) -> Result<()> {
        let mut tx = self.begin_content_write().await?;
        let edition: Option<i64> =
            sqlx::query_scalar("DELETE FROM feed_items WHERE id = $1 RETURNING edition_id")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(edition) = edition else {
            return Err(missing(id));
        };
        let now = Timestamp::now();
        let deleted = Deleted {
            id,
            edition: EditionId(edition),
        };
        record_event(&mut tx, FeedEventKind::Deleted, id, Err(deleted), now).await?;
        bump_content_version(&mut tx, now, &ChangeSet::of([Scope::NewsFeed])).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Pins `id` to the top of its edition's feed (unpinning whichever item was
    /// pinned there), or unpins it.
    pub async fn set_feed_item_pinned(&self, id: i64, pinned: bool) -> Result<FeedItem> {
        let mut tx = self.begin_content_write().await?;
        let now = Timestamp::now();
        let current: Option<(i64, i64)> =
            sqlx::query_as("SELECT pinned, edition_id FROM feed_items WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((current, edition)) = current else {
            return Err(missing(id));
        };
        if (current != 0) == pinned {
            let item = item_in(&mut tx, id).await?;
            tx.rollback().await?;
            return Ok(item);
        }
        if pinned {
            unpin_all(&mut tx, EditionId(edition), now).await?;
        }
        sqlx::query("UPDATE feed_items SET pinned = $1 WHERE id = $2")
            .bind(i64::from(pinned))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let item = item_in(&mut tx, id).await?;
        record_event(&mut tx, FeedEventKind::Edited, id, Ok(&item), now).await?;
        bump_content_version(&mut tx, now, &ChangeSet::of([Scope::NewsFeed])).await?;
        tx.commit().await?;
        Ok(item)
    }

    pub async fn feed_item(&self, id: i64) -> Result<Option<FeedItem>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS} FROM feed_items WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(feed_item).transpose()
    }

    /// The main edition's feed items; see [`Db::feed_items_in`].
    pub async fn feed_items(&self, limit: i64, offset: i64) -> Result<Page<FeedItem>> {
        self.feed_items_in(MAIN_EDITION, limit, offset).await
    }

    /// An edition's feed items, the pinned one first, then newest first. The unpinned
    /// items are counted per day (migrations 0011, 0022), so a deep page costs what
    /// the first does.
    pub async fn feed_items_in(
        &self,
        edition: EditionId,
        limit: i64,
        offset: i64,
    ) -> Result<Page<FeedItem>> {
        let mut tx = self.begin_read().await?;
        let pinned = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS} FROM feed_items WHERE edition_id = $1 AND pinned = 1 {FEED_ORDER}"
        )))
        .bind(edition.get())
        .fetch_all(&mut *tx)
        .await?;
        let pinned_count = pinned.len() as i64;
        let counted = feed_list(edition);
        let total = pinned_count + crate::posts::lists::list_total(&mut tx, &counted).await?;
        let mut items: Vec<FeedItem> = pinned
            .iter()
            .skip(offset.clamp(0, pinned_count) as usize)
            .take(limit.max(0) as usize)
            .map(feed_item)
            .collect::<Result<_>>()?;
        let wanted = limit - items.len() as i64;
        let unpinned_offset = (offset - pinned_count).max(0);
        if wanted > 0 && offset + (items.len() as i64) < total {
            let found = unpinned_items(&mut tx, edition, wanted, unpinned_offset).await?;
            items.extend(found.iter().map(feed_item).collect::<Result<Vec<_>>>()?);
        }
        tx.commit().await?;
        Ok(Page { items, total })
    }

    /// The newest items and the last event they reflect. The event number is read
    /// first: an event that lands between the two reads is then both in the list and
    /// replayed to a live page, which applies it again harmlessly; the other order
    /// could lose it.
    pub async fn feed_snapshot(
        &self,
        edition: EditionId,
        limit: i64,
        offset: i64,
    ) -> Result<FeedSnapshot> {
        let seq = self.feed_event_seq().await?;
        let page = self.feed_items_in(edition, limit, offset).await?;
        Ok(FeedSnapshot { seq, page })
    }

    /// The number of the newest feed event (0 before the first).
    pub async fn feed_event_seq(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT feed_event_seq FROM site_state WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Events after `after`, every edition's, oldest first, at most `limit`.
    pub async fn feed_events_after(&self, after: i64, limit: i64) -> Result<Vec<FeedEvent>> {
        let found = sqlx::query(
            "SELECT seq, kind, item_id, headline, text, post_slug, pinned, published_at, \
             updated_at, at, edition_id FROM feed_events WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        found.iter().map(feed_event).collect()
    }
}

/// An item as it was when it was deleted: enough to tell its edition's pages.
struct Deleted {
    id: i64,
    edition: EditionId,
}

/// Appends an event numbered from `site_state.feed_event_seq`; see the migration for
/// why this number is gapless and commit-ordered. `item` is the item after the
/// change, or what is known of a deleted one.
async fn record_event(
    conn: &mut sqlx::AnyConnection,
    kind: FeedEventKind,
    item_id: i64,
    item: std::result::Result<&FeedItem, Deleted>,
    at: Timestamp,
) -> Result<i64> {
    let edition = match &item {
        Ok(item) => item.edition,
        Err(deleted) => {
            debug_assert_eq!(deleted.id, item_id);
            deleted.edition
        }
    };
    let item = item.ok();
    let seq: i64 = sqlx::query_scalar(
        "UPDATE site_state SET feed_event_seq = feed_event_seq + 1 WHERE id = 1 \
         RETURNING feed_event_seq",
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO feed_events (seq, kind, item_id, headline, text, post_slug, pinned, \
         published_at, updated_at, at, edition_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(seq)
    .bind(kind.as_str())
    .bind(item_id)
    .bind(item.map(|i| i.headline.clone()))
    .bind(item.map(|i| i.text.clone()))
    .bind(item.and_then(|i| i.post_slug.as_ref().map(|s| s.as_str().to_owned())))
    .bind(item.map(|i| i64::from(i.pinned)))
    .bind(item.map(|i| i.published_at.as_second()))
    .bind(item.and_then(|i| i.updated_at.map(|t| t.as_second())))
    .bind(at.as_second())
    .bind(edition.get())
    .execute(&mut *conn)
    .await?;
    Ok(seq)
}

/// Unpins whichever item of `edition`'s feed is pinned, recording each change.
async fn unpin_all(
    conn: &mut sqlx::AnyConnection,
    edition: EditionId,
    at: Timestamp,
) -> Result<()> {
    let pinned: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM feed_items WHERE edition_id = $1 AND pinned = 1")
            .bind(edition.get())
            .fetch_all(&mut *conn)
            .await?;
    for id in pinned {
        sqlx::query("UPDATE feed_items SET pinned = 0 WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        let unpinned = item_in(conn, id).await?;
        record_event(conn, FeedEventKind::Edited, id, Ok(&unpinned), at).await?;
    }
    Ok(())
}

async fn item_in(conn: &mut sqlx::AnyConnection, id: i64) -> Result<FeedItem> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {ITEM_COLUMNS} FROM feed_items WHERE id = $1"
    )))
    .bind(id)
    .fetch_one(conn)
    .await?;
    feed_item(&row)
}

/// The list key an edition's unpinned items are counted under (migration 0022):
/// `feed` for the main edition, `e2:feed` for edition 2.
fn feed_list(edition: EditionId) -> String {
    list_key(edition, "feed")
}

/// `limit` of an edition's unpinned items from `offset`, newest first: the day
/// holding the offset is found from the kept counts, and only that day's newer items
/// are skipped.
async fn unpinned_items(
    conn: &mut sqlx::AnyConnection,
    edition: EditionId,
    limit: i64,
    offset: i64,
) -> Result<Vec<AnyRow>> {
    let (before, skip) = if offset == 0 {
        (i64::MAX, 0)
    } else {
        match crate::posts::lists::find_offset(conn, &feed_list(edition), offset).await? {
            Some((day, skip)) => (first_second_after_day(day), skip),
            None => return Ok(Vec::new()),
        }
    };
    Ok(sqlx::query(AssertSqlSafe(format!(
        "SELECT {ITEM_COLUMNS} FROM feed_items WHERE edition_id = $1 AND pinned = 0 \
         AND published_at < $2 ORDER BY published_at DESC, id DESC LIMIT $3 OFFSET $4"
    )))
    .bind(edition.get())
    .bind(before)
    .bind(limit)
    .bind(skip)
    .fetch_all(&mut *conn)
    .await?)
}

/// The first time whose day (`published_at / 86400`, rounded toward zero as both
/// engines divide) comes after `day`: items before it are on that day or earlier.
fn first_second_after_day(day: i64) -> i64 {
    if day >= 0 {
        (day + 1) * 86400
    } else {
        day * 86400 + 1
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
        pinned: row.try_get::<i64, _>("pinned")? != 0,
        edition: EditionId(row.try_get("edition_id")?),
    })
}

fn feed_event(row: &AnyRow) -> Result<FeedEvent> {
    let kind = FeedEventKind::parse(&row.try_get::<String, _>("kind")?)?;
    let item_id: i64 = row.try_get("item_id")?;
    let edition = EditionId(row.try_get("edition_id")?);
    let item = match kind {
        FeedEventKind::Deleted => None,
        FeedEventKind::Published | FeedEventKind::Edited => Some(FeedItem {
            id: item_id,
            headline: row
                .try_get::<Option<String>, _>("headline")?
                .unwrap_or_default(),
            text: row
                .try_get::<Option<String>, _>("text")?
                .unwrap_or_default(),
            post_slug: row
                .try_get::<Option<String>, _>("post_slug")?
                .map(rows::slug)
                .transpose()?,
            published_at: rows::timestamp(
                row.try_get::<Option<i64>, _>("published_at")?.unwrap_or(0),
            ),
            updated_at: opt_timestamp(row.try_get("updated_at")?),
            pinned: row.try_get::<Option<i64>, _>("pinned")?.unwrap_or(0) != 0,
            edition,
        }),
    };
    Ok(FeedEvent {
        seq: row.try_get("seq")?,
        kind,
        item_id,
        edition,
        item,
        at: rows::timestamp(row.try_get("at")?),
    })
}

fn missing(id: i64) -> StoreError {
    StoreError::not_found(Entity::FeedItem, id)
}

#[cfg(test)]
mod tests {
    use super::first_second_after_day;

    #[test]
    fn the_boundary_after_a_day_divides_like_the_engines() {
        for at in [
            -200_000_i64,
            -86_401,
            -86_400,
            -86_399,
            -1,
            0,
            1,
            86_399,
            86_400,
            200_000,
        ] {
            let day = at / 86400;
            let next = first_second_after_day(day);
            assert!(at < next, "{at} (day {day}) is before {next}");
            assert!(next / 86400 > day, "{next} is after day {day}");
            assert_eq!(
                (next - 1) / 86400,
                day,
                "{} is the day's last second",
                next - 1
            );
        }
    }
}
