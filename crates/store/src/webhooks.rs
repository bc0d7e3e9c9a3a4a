//! Webhooks: who listens for what, the events a change announces, and the queue of
//! deliveries.
//!
//! An event is written by the change itself, in its transaction, and only while a
//! webhook listens for it: [`announce`] adds the event and one delivery per
//! listening webhook. So an event exists exactly when its change committed, and a
//! crash after the commit loses nothing: the deliveries wait in the table until a
//! node sends them.
//!
//! A webhook's deliveries go out one at a time, in order: only the oldest waiting
//! delivery of a webhook can be claimed, and a claim holds a lease, so two nodes
//! never send to one webhook at once and a later event never overtakes an earlier
//! one (a delivery waiting to be retried holds the ones behind it).

use jiff::Timestamp;
use serde_json::Value;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::rows::{opt_timestamp, timestamp};
use crate::{Db, Engine, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub id: i64,
    pub integration_id: i64,
    pub event: String,
    pub target_url: String,
    pub name: Option<String>,
    pub secret: Option<String>,
    pub api_version: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub last_triggered_at: Option<Timestamp>,
    pub last_triggered_status: Option<String>,
    pub last_triggered_error: Option<String>,
}

/// A webhook as it is to be saved (added, or edited in full).
#[derive(Debug, Clone)]
pub struct NewWebhook<'a> {
    pub integration_id: i64,
    pub event: &'a str,
    pub target_url: &'a str,
    pub name: Option<&'a str>,
    pub secret: Option<&'a str>,
    pub api_version: &'a str,
}

/// A delivery claimed for sending, with what it is to send.
#[derive(Debug, Clone)]
pub struct ClaimedDelivery {
    pub id: i64,
    pub attempts: i64,
    pub webhook: Webhook,
    pub event: String,
    /// `post`, `page`, `tag`, `member` or `news_feed_item`.
    pub resource: String,
    pub resource_id: i64,
    /// The fields the change moved, as they were (Ghost's `previous`).
    pub previous: Value,
    pub happened_at: Timestamp,
}

/// How one delivery attempt ended.
#[derive(Debug, Clone)]
pub enum DeliveryOutcome {
    /// The receiver answered 2xx.
    Delivered { status: u16 },
    /// A timeout, a refused connection or an error answer: try again at `at`.
    Retry { error: String, at: Timestamp },
    /// Retried enough: recorded as failed, and the next delivery may go.
    GaveUp { error: String },
    /// The receiver answered 410 Gone: the webhook is removed, as Ghost does.
    Gone,
}

/// One delivery as the desk lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub event: String,
    /// `waiting`, `delivered` or `failed`.
    pub status: String,
    pub attempts: i64,
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

/// What a change announces: `event` about the `resource` numbered `resource_id`.
#[derive(Debug, Clone)]
pub(crate) struct Announcement {
    pub event: String,
    pub resource: &'static str,
    pub resource_id: i64,
    pub previous: Value,
}

const WEBHOOK_COLUMNS: &str = "w.id, w.integration_id, w.event, w.target_url, w.name, w.secret, \
     w.api_version, w.created_at, w.updated_at, w.last_triggered_at, w.last_triggered_status, \
     w.last_triggered_error";

fn webhook(row: &sqlx::any::AnyRow) -> Result<Webhook> {
    Ok(Webhook {
        id: row.try_get("id")?,
        integration_id: row.try_get("integration_id")?,
        event: row.try_get("event")?,
        target_url: row.try_get("target_url")?,
        name: row.try_get("name")?,
        secret: row.try_get("secret")?,
        api_version: row.try_get("api_version")?,
        created_at: timestamp(row.try_get("created_at")?),
        updated_at: timestamp(row.try_get("updated_at")?),
        last_triggered_at: opt_timestamp(row.try_get("last_triggered_at")?),
        last_triggered_status: row.try_get("last_triggered_status")?,
        last_triggered_error: row.try_get("last_triggered_error")?,
    })
}

/// Records what a change announces, in the change's own transaction: the events,
/// and a delivery for every webhook listening for each. Writes nothing when no
/// webhook listens.
pub(crate) async fn announce(
    conn: &mut AnyConnection,
    announcements: &[Announcement],
    at: Timestamp,
) -> Result<()> {
    for announcement in announcements {
        let listening: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhooks WHERE event = $1")
            .bind(&announcement.event)
            .fetch_one(&mut *conn)
            .await?;
        if listening == 0 {
            continue;
        }
        let event_id: i64 = sqlx::query_scalar(
            "INSERT INTO webhook_events (event, resource, resource_id, previous, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&announcement.event)
        .bind(announcement.resource)
        .bind(announcement.resource_id)
        .bind(announcement.previous.to_string())
        .bind(at.as_second())
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query(
            "INSERT INTO webhook_deliveries (webhook_id, event_id, status, next_attempt_at, created_at) \
             SELECT id, $1, 'waiting', $2, $2 FROM webhooks WHERE event = $3 ORDER BY id",
        )
        .bind(event_id)
        .bind(at.as_second())
        .bind(&announcement.event)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

impl Db {
    pub async fn create_webhook(&self, new: &NewWebhook<'_>) -> Result<Webhook> {
        let now = Timestamp::now().as_second();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO webhooks (integration_id, event, target_url, name, secret, api_version, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(new.integration_id)
        .bind(new.event)
        .bind(new.target_url)
        .bind(new.name)
        .bind(new.secret)
        .bind(new.api_version)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        self.webhook(id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("webhook {id} vanished")))
    }

    pub async fn webhook(&self, id: i64) -> Result<Option<Webhook>> {
        let sql = format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks w WHERE w.id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(webhook).transpose()
    }

    /// Every webhook with its integration's name, by integration then age.
    pub async fn webhooks(&self) -> Result<Vec<(Webhook, String)>> {
        let sql = format!(
            "SELECT {WEBHOOK_COLUMNS}, i.name AS integration_name FROM webhooks w \
             JOIN integrations i ON i.id = w.integration_id ORDER BY i.name, w.id"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((webhook(row)?, row.try_get("integration_name")?)))
            .collect()
    }

    /// Saves `edit` over webhook `id`; false when there is no such webhook.
    pub async fn update_webhook(&self, id: i64, edit: &NewWebhook<'_>) -> Result<bool> {
        let changed = sqlx::query(
            "UPDATE webhooks SET event = $1, target_url = $2, name = $3, secret = $4, \
             api_version = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(edit.event)
        .bind(edit.target_url)
        .bind(edit.name)
        .bind(edit.secret)
        .bind(edit.api_version)
        .bind(Timestamp::now().as_second())
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(changed > 0)
    }

    /// Removes a webhook and its undelivered deliveries.
    pub async fn delete_webhook(&self, id: i64) -> Result<bool> {
        let deleted = sqlx::query("DELETE FROM webhooks WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted > 0)
    }

    /// A webhook's latest deliveries, newest first.
    pub async fn recent_deliveries(
        &self,
        webhook_id: i64,
        limit: i64,
    ) -> Result<Vec<DeliveryRecord>> {
        let rows = sqlx::query(
            "SELECT e.event, d.status, d.attempts, d.last_status, d.last_error, d.created_at, \
             d.finished_at FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id \
             WHERE d.webhook_id = $1 ORDER BY d.id DESC LIMIT $2",
        )
        .bind(webhook_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DeliveryRecord {
                    event: row.try_get("event")?,
                    status: row.try_get("status")?,
                    attempts: row.try_get("attempts")?,
                    last_status: row.try_get("last_status")?,
                    last_error: row.try_get("last_error")?,
                    created_at: timestamp(row.try_get("created_at")?),
                    finished_at: opt_timestamp(row.try_get("finished_at")?),
                })
            })
            .collect()
    }

    /// Claims the next delivery due, for `lease_seconds`: the oldest waiting
    /// delivery of some webhook, if its time has come and no node holds it.
    pub async fn claim_webhook_delivery(
        &self,
        now: Timestamp,
        lease_seconds: i64,
    ) -> Result<Option<ClaimedDelivery>> {
        let lock = match self.engine {
            Engine::Postgres => " FOR UPDATE SKIP LOCKED",
            Engine::Sqlite => "",
        };
        let sql = format!(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, locked_until = $1 WHERE id IN (\
               SELECT d.id FROM webhook_deliveries d WHERE d.status = 'waiting' \
               AND d.next_attempt_at <= $2 AND (d.locked_until IS NULL OR d.locked_until < $2) \
               AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id \
                 AND e.status = 'waiting' AND e.id < d.id) \
               ORDER BY d.id LIMIT 1{lock}) \
             RETURNING id, webhook_id, event_id, attempts"
        );
        let claimed = sqlx::query(AssertSqlSafe(sql))
            .bind(now.as_second() + lease_seconds)
            .bind(now.as_second())
            .fetch_optional(&self.pool)
            .await?;
        let Some(claimed) = claimed else {
            return Ok(None);
        };
        let (id, webhook_id, event_id, attempts): (i64, i64, i64, i64) = (
            claimed.try_get("id")?,
            claimed.try_get("webhook_id")?,
            claimed.try_get("event_id")?,
            claimed.try_get("attempts")?,
        );
        let Some(webhook) = self.webhook(webhook_id).await? else {
            return Ok(None);
        };
        let event = sqlx::query(
            "SELECT event, resource, resource_id, previous, created_at FROM webhook_events WHERE id = $1",
        )
        .bind(event_id)
        .fetch_one(&self.pool)
        .await?;
        let previous: String = event.try_get("previous")?;
        Ok(Some(ClaimedDelivery {
            id,
            attempts,
            webhook,
            event: event.try_get("event")?,
            resource: event.try_get("resource")?,
            resource_id: event.try_get("resource_id")?,
            previous: serde_json::from_str(&previous)
                .map_err(|e| StoreError::Corrupt(format!("webhook event {event_id}: {e}")))?,
            happened_at: timestamp(event.try_get("created_at")?),
        }))
    }

    /// Records how a claimed delivery went, on the delivery and on its webhook.
    pub async fn finish_webhook_delivery(
        &self,
        delivery: &ClaimedDelivery,
        outcome: &DeliveryOutcome,
        now: Timestamp,
    ) -> Result<()> {
        let at = now.as_second();
        let mut tx = self.begin_write().await?;
        let (status, last_status, error, next) = match outcome {
            DeliveryOutcome::Gone => {
                sqlx::query("DELETE FROM webhooks WHERE id = $1")
                    .bind(delivery.webhook.id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Ok(());
            }
            DeliveryOutcome::Delivered { status } => {
                ("delivered", Some(status.to_string()), None, at)
            }
            DeliveryOutcome::Retry { error, at: retry } => {
                ("waiting", None, Some(error.as_str()), retry.as_second())
            }
            DeliveryOutcome::GaveUp { error } => ("failed", None, Some(error.as_str()), at),
        };
        let finished = (status != "waiting").then_some(at);
        sqlx::query(
            "UPDATE webhook_deliveries SET status = $1, last_status = $2, last_error = $3, \
             next_attempt_at = $4, locked_until = NULL, finished_at = $5 WHERE id = $6",
        )
        .bind(status)
        .bind(last_status.as_deref())
        .bind(error)
        .bind(next)
        .bind(finished)
        .bind(delivery.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE webhooks SET last_triggered_at = $1, last_triggered_status = $2, \
             last_triggered_error = $3 WHERE id = $4",
        )
        .bind(at)
        .bind(last_status.as_deref())
        .bind(error)
        .bind(delivery.webhook.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
