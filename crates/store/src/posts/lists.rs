//! Reading the newest articles of a list (the whole site, a section, an author) at a
//! cost that does not grow with the archive.
//!
//! `list_entries` holds one row per article and list, in an index ordered newest
//! first; `list_spans` and `list_days` count the entries per 32-day span and per day.
//! Triggers (migration 0009) keep all three in step with every write. A page deep in
//! the list is found by walking the span counts (a few hundred rows however many
//! articles), then the day counts of one span (at most 32), and skipping only within
//! one day, instead of counting or skipping every newer article.

use sqlx::{AnyConnection, Row};

use crate::posts::PostQuery;
use crate::{Db, Page, Result};
use byline_core::content::PostSummary;
use byline_core::{PostId, PostKind};

impl PostQuery {
    /// The list this query reads, when it is one the triggers keep: every article, a
    /// section's or an author's of one edition, with no other condition.
    pub(crate) fn list_key(&self) -> Option<String> {
        if self.kind != PostKind::Post || self.featured_only || self.since.is_some() {
            return None;
        }
        let list = match (self.tag_id, self.author_id) {
            (None, None) => "all".to_owned(),
            (Some(tag), None) => format!("tag:{tag}"),
            (None, Some(author)) => format!("author:{author}"),
            (Some(_), Some(_)) => return None,
        };
        Some(byline_core::editions::list_key(self.edition, &list))
    }
}

/// The days a span covers (`day / 32` rounds toward zero, so span 0 covers the 31
/// days either side of day 0).
fn span_days(span: i64) -> (i64, i64) {
    match span {
        0 => (-31, 31),
        s if s > 0 => (s * 32, s * 32 + 31),
        s => (s * 32 - 31, s * 32),
    }
}

impl Db {
    /// One page of a kept list with its total, read in one snapshot.
    pub(crate) async fn list_page(
        &self,
        key: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Page<PostSummary>> {
        let (ids, total) = {
            let mut tx = self.begin_read().await?;
            let total = list_total(&mut tx, key).await?;
            let ids = if offset >= total {
                Vec::new()
            } else {
                list_ids(&mut tx, key, limit, offset).await?
            };
            tx.commit().await?;
            (ids, total)
        };
        let items = self.published_summaries_by_id(&ids).await?;
        Ok(Page { items, total })
    }

    /// The newest articles of a kept list, from `offset`.
    pub(crate) async fn list_newest(
        &self,
        key: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<PostSummary>> {
        let ids = {
            let mut conn = self.pool.acquire().await?;
            list_ids(&mut conn, key, limit, offset).await?
        };
        self.published_summaries_by_id(&ids).await
    }
}

/// Entries in the list: the sum of its span counts.
pub(crate) async fn list_total(conn: &mut AnyConnection, key: &str) -> Result<i64> {
    let total: Option<i64> = sqlx::query_scalar(
        "SELECT CAST(SUM(entries) AS BIGINT) FROM list_spans WHERE list_key = $1",
    )
    .bind(key)
    .fetch_one(&mut *conn)
    .await?;
    Ok(total.unwrap_or(0))
}

/// The ids of `limit` entries from `offset`, newest first.
pub(crate) async fn list_ids(
    conn: &mut AnyConnection,
    key: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<PostId>> {
    let (from_day, skip) = if offset == 0 {
        (i64::MAX, 0)
    } else {
        match find_offset(conn, key, offset).await? {
            Some(found) => found,
            None => return Ok(Vec::new()),
        }
    };
    let ids = sqlx::query_scalar(
        "SELECT post_id FROM list_entries WHERE list_key = $1 AND day <= $2 \
         ORDER BY day DESC, published_at DESC, post_id DESC LIMIT $3 OFFSET $4",
    )
    .bind(key)
    .bind(from_day)
    .bind(limit)
    .bind(skip)
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids)
}

/// The day holding the entry `offset` places from the newest, and how many of that
/// day's entries come before it; `None` past the end.
pub(crate) async fn find_offset(
    conn: &mut AnyConnection,
    key: &str,
    offset: i64,
) -> Result<Option<(i64, i64)>> {
    let spans = sqlx::query(
        "SELECT span, entries FROM list_spans WHERE list_key = $1 AND entries > 0 ORDER BY span DESC",
    )
    .bind(key)
    .fetch_all(&mut *conn)
    .await?;
    let mut before = 0;
    let mut found = None;
    for row in &spans {
        let entries: i64 = row.try_get("entries")?;
        if before + entries > offset {
            found = Some(row.try_get::<i64, _>("span")?);
            break;
        }
        before += entries;
    }
    let Some(span) = found else {
        return Ok(None);
    };
    let (first, last) = span_days(span);
    let days = sqlx::query(
        "SELECT day, entries FROM list_days WHERE list_key = $1 AND day >= $2 AND day <= $3 \
         AND entries > 0 ORDER BY day DESC",
    )
    .bind(key)
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    for row in &days {
        let entries: i64 = row.try_get("entries")?;
        if before + entries > offset {
            return Ok(Some((row.try_get("day")?, offset - before)));
        }
        before += entries;
    }
    // The day counts disagree with the span's: only possible mid-change, outside a
    // snapshot. Nothing is shown rather than the wrong page.
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::span_days;

    #[test]
    fn spans_cover_the_days_that_divide_into_them() {
        for day in -200_i64..200 {
            let (first, last) = span_days(day / 32);
            assert!(first <= day && day <= last, "day {day} span {}", day / 32);
        }
    }
}
