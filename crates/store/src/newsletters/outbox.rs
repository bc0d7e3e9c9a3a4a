//! The outbox: one row per recipient of a send, claimed in batches by delivery
//! workers on any node.
//!
//! A claim sets a lease (`locked_until`); a worker that dies leaves its rows to be
//! claimed again when the lease runs out. PostgreSQL workers skip rows another node
//! has locked (`FOR UPDATE SKIP LOCKED`), so several nodes share one send without
//! waiting on each other; SQLite has one writer, so its claiming UPDATE is atomic.

use byline_core::{IssueId, SubscriberId};
use jiff::Timestamp;
use sqlx::{AssertSqlSafe, Row};

use crate::{Db, Engine, Result};

/// One message to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub issue_id: IssueId,
    pub subscriber_id: SubscriberId,
    pub email: String,
    pub name: String,
    /// Including this one.
    pub attempts: i64,
}

fn placeholders(count: usize, first: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Db {
    /// Claims up to `limit` due rows for `lease_seconds`, oldest first.
    pub async fn claim_deliveries(
        &self,
        now: Timestamp,
        lease_seconds: i64,
        limit: i64,
    ) -> Result<Vec<Delivery>> {
        let lock = match self.engine {
            Engine::Postgres => " FOR UPDATE SKIP LOCKED",
            Engine::Sqlite => "",
        };
        let sql = format!(
            "UPDATE outbox SET attempts = attempts + 1, locked_until = $1 WHERE id IN (\
               SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= $2 \
               AND (locked_until IS NULL OR locked_until < $2) ORDER BY id LIMIT $3{lock}) \
             RETURNING id, issue_id, subscriber_id, email, name, attempts"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(now.as_second() + lease_seconds)
            .bind(now.as_second())
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        let mut claimed = rows
            .iter()
            .map(|row| {
                Ok(Delivery {
                    id: row.try_get("id")?,
                    issue_id: row.try_get("issue_id")?,
                    subscriber_id: row.try_get("subscriber_id")?,
                    email: row.try_get("email")?,
                    name: row.try_get("name")?,
                    attempts: row.try_get("attempts")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        claimed.sort_by_key(|delivery| delivery.id);
        Ok(claimed)
    }

    /// Records that the SMTP server accepted these messages (one statement, one
    /// commit: the moment between acceptance and this commit is the only time a crash
    /// can cause a second copy).
    pub async fn mark_delivered(&self, ids: &[i64], at: Timestamp) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "UPDATE outbox SET status = 'sent', sent_at = $1, locked_until = NULL, \
             last_error = NULL WHERE id IN ({})",
            placeholders(ids.len(), 2)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(at.as_second());
        for id in ids {
            query = query.bind(*id);
        }
        query.execute(&self.pool).await?;
        Ok(())
    }

    /// A temporary refusal (4xx): try this recipient again at `retry_at`.
    pub async fn retry_delivery(&self, id: i64, error: &str, retry_at: Timestamp) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET last_error = $1, next_attempt_at = $2, locked_until = NULL \
             WHERE id = $3 AND status = 'queued'",
        )
        .bind(error)
        .bind(retry_at.as_second())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A final refusal (5xx, or too many temporary ones): never try again.
    pub async fn fail_delivery(&self, id: i64, error: &str) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET status = 'failed', last_error = $1, locked_until = NULL \
             WHERE id = $2 AND status = 'queued'",
        )
        .bind(error)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Gives claimed rows back untried (the SMTP server could not be reached at all,
    /// which is nobody's fault but the server's): they are due again at `retry_at` and
    /// the claim does not count as an attempt.
    pub async fn release_deliveries(
        &self,
        ids: &[i64],
        error: &str,
        retry_at: Timestamp,
    ) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "UPDATE outbox SET attempts = attempts - 1, last_error = $1, next_attempt_at = $2, \
             locked_until = NULL WHERE status = 'queued' AND id IN ({})",
            placeholders(ids.len(), 3)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(error)
            .bind(retry_at.as_second());
        for id in ids {
            query = query.bind(*id);
        }
        query.execute(&self.pool).await?;
        Ok(())
    }

    /// Marks sends with nothing left to deliver as sent; returns their ids.
    pub async fn finish_sends(&self, at: Timestamp) -> Result<Vec<IssueId>> {
        let finished: Vec<IssueId> = sqlx::query_scalar(
            "UPDATE newsletter_issues SET status = 'sent', finished_at = $1 \
             WHERE status = 'sending' AND NOT EXISTS \
             (SELECT 1 FROM outbox o WHERE o.issue_id = newsletter_issues.id AND o.status = 'queued') \
             RETURNING id",
        )
        .bind(at.as_second())
        .fetch_all(&self.pool)
        .await?;
        Ok(finished)
    }
}
