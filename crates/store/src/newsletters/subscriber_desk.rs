//! The desk's view of subscribers: search, one person's history, deletion on
//! request, and the CSV export and import.

use byline_core::{EmailAddress, NewsletterId, SubscriberId};
use jiff::Timestamp;
use sqlx::{AssertSqlSafe, Row};

use super::subscribers::{
    SUBSCRIBER_COLUMNS, SubscriberRow, newsletter_names, record_event, subscriber_id_for,
};
use super::{
    ExportRow, ImportReport, ImportRow, Subscriber, SubscriberDelivery, SubscriberDetail,
    SubscriberEvent, SubscriberSearch, SubscriberSummary, SubscriptionStatus, SubscriptionView,
};
use crate::rows::{opt_timestamp, timestamp};
use crate::{Db, Result};

impl Db {
    /// The desk's list: newest first, filtered by text, newsletter and state.
    pub async fn search_subscribers(
        &self,
        search: &SubscriberSearch,
    ) -> Result<(Vec<SubscriberSummary>, i64)> {
        let mut filters = vec!["1 = 1".to_owned()];
        // Lowered by the database on both sides, so a name matches as typed even where
        // the engine folds only ASCII letters (SQLite).
        let text = search.text.trim();
        if !text.is_empty() {
            filters.push(
                "(email_key LIKE LOWER($1) ESCAPE '\\' OR LOWER(name) LIKE LOWER($1) ESCAPE '\\')"
                    .to_owned(),
            );
        }
        let status = search.status.map(SubscriptionStatus::as_str);
        if search.newsletter_id.is_some() || status.is_some() {
            filters.push(
                "EXISTS (SELECT 1 FROM subscriptions s WHERE s.subscriber_id = subscribers.id \
                 AND ($2 = 0 OR s.newsletter_id = $2) AND ($3 = '' OR s.status = $3))"
                    .to_owned(),
            );
        }
        let pattern = format!(
            "%{}%",
            text.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let filter = filters.join(" AND ");
        // Every query binds $1..$3 so the placeholders line up whichever filters apply.
        let keep_params = "AND ($1 = $1) AND ($2 = $2) AND ($3 = $3)";
        let total: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM subscribers WHERE {filter} {keep_params}"
        )))
        .bind(&pattern)
        .bind(search.newsletter_id.map_or(0, NewsletterId::get))
        .bind(status.unwrap_or(""))
        .fetch_one(&self.pool)
        .await?;
        let rows: Vec<SubscriberRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {SUBSCRIBER_COLUMNS} FROM subscribers WHERE {filter} {keep_params} \
             ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5"
        )))
        .bind(&pattern)
        .bind(search.newsletter_id.map_or(0, NewsletterId::get))
        .bind(status.unwrap_or(""))
        .bind(search.limit.clamp(1, 500))
        .bind(search.offset.max(0))
        .fetch_all(&self.pool)
        .await?;
        let mut found = Vec::with_capacity(rows.len());
        for row in rows {
            let subscriber = Subscriber::from(row);
            found.push(SubscriberSummary {
                subscriptions: self.subscriptions_of(subscriber.id).await?,
                subscriber,
            });
        }
        Ok((found, total))
    }

    pub async fn subscriber_detail(&self, id: SubscriberId) -> Result<Option<SubscriberDetail>> {
        let Some(subscriber) = self.subscriber_record(id).await? else {
            return Ok(None);
        };
        let events = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT at, kind, detail FROM subscriber_events WHERE subscriber_id = $1 \
             ORDER BY id DESC LIMIT 200",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|(at, kind, detail)| SubscriberEvent {
            at: timestamp(at),
            kind,
            detail,
        })
        .collect();
        let deliveries = sqlx::query_as::<_, (String, String, i64, Option<String>, Option<i64>)>(
            "SELECT i.subject, o.status, o.attempts, o.last_error, o.sent_at FROM outbox o \
             JOIN newsletter_issues i ON i.id = o.issue_id WHERE o.subscriber_id = $1 \
             ORDER BY o.id DESC LIMIT 100",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(
            |(subject, status, attempts, last_error, sent)| SubscriberDelivery {
                subject,
                status,
                attempts,
                last_error,
                sent_at: opt_timestamp(sent),
            },
        )
        .collect();
        Ok(Some(SubscriberDetail {
            subscriptions: self.subscriptions_of(id).await?,
            subscriber,
            events,
            deliveries,
        }))
    }

    /// Forgets a person completely, on their request: the address, its history and
    /// its place in every outbox. Returns false when there was nobody to delete.
    pub async fn delete_subscriber(&self, id: SubscriberId) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let gone: Option<(String, String)> =
            sqlx::query_as("SELECT email, name FROM subscribers WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        for table in [
            "outbox",
            "signup_tokens",
            "subscriber_events",
            "subscriptions",
        ] {
            sqlx::query(AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE subscriber_id = $1"
            )))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        let deleted = sqlx::query("DELETE FROM subscribers WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if let Some((email, name)) = gone {
            let previous = serde_json::json!({
                "id": byline_core::public_ids::Resource::Member.id(id.get()),
                "email": email,
                "name": name,
            });
            let announced = [super::subscribers::member_event("deleted", id, previous)];
            crate::webhooks::announce(&mut tx, &announced, Timestamp::now()).await?;
        }
        tx.commit().await?;
        Ok(deleted.rows_affected() > 0)
    }

    /// Changes a subscriber's name, with a line in their history saying who did.
    /// Returns false when there is no such subscriber.
    pub async fn rename_subscriber(
        &self,
        id: SubscriberId,
        name: &str,
        by: &str,
        at: Timestamp,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("UPDATE subscribers SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Ok(false);
        }
        record_event(&mut tx, id, "renamed", &format!("name changed by {by}"), at).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Every subscription, for the CSV export.
    pub async fn export_subscribers(&self) -> Result<Vec<ExportRow>> {
        let rows = sqlx::query(
            "SELECT p.email, p.name, p.source, n.slug, s.status, s.requested_at, s.confirmed_at, \
             s.left_at FROM subscriptions s JOIN subscribers p ON p.id = s.subscriber_id \
             JOIN newsletters n ON n.id = s.newsletter_id ORDER BY p.id, n.position, n.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ExportRow {
                    email: row.try_get("email")?,
                    name: row.try_get("name")?,
                    newsletter: row.try_get("slug")?,
                    status: super::subscribers::subscription_status(
                        &row.try_get::<String, _>("status")?,
                    )?,
                    requested_at: timestamp(row.try_get("requested_at")?),
                    confirmed_at: opt_timestamp(row.try_get("confirmed_at")?),
                    left_at: opt_timestamp(row.try_get("left_at")?),
                    source: row.try_get("source")?,
                })
            })
            .collect()
    }

    /// Imports addresses in one transaction: all rows or none. Consent makes a
    /// subscription active; without it the row waits for the reader's own
    /// confirmation and is purged like any unconfirmed signup. Someone who left a
    /// newsletter is never put back on it by an import.
    pub async fn import_subscribers(
        &self,
        rows: &[ImportRow],
        source: &str,
        at: Timestamp,
    ) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let mut tx = self.begin_write().await?;
        for row in rows {
            let subscriber_id =
                subscriber_id_for(&mut tx, &row.email, row.name.trim(), source, at).await?;
            for &newsletter_id in &row.newsletter_ids {
                let status: Option<String> = sqlx::query_scalar(
                    "SELECT status FROM subscriptions WHERE subscriber_id = $1 AND newsletter_id = $2",
                )
                .bind(subscriber_id)
                .bind(newsletter_id)
                .fetch_optional(&mut *tx)
                .await?;
                let new_status = match (status.as_deref(), row.consent) {
                    (Some("active"), _) => {
                        report.unchanged += 1;
                        continue;
                    }
                    (Some("left"), _) => {
                        report.left_kept += 1;
                        continue;
                    }
                    (Some("pending"), false) => {
                        report.unchanged += 1;
                        continue;
                    }
                    (_, true) => "active",
                    (None, false) => "pending",
                    (Some(_), false) => "pending",
                };
                let confirmed_at = (new_status == "active").then_some(at.as_second());
                sqlx::query(
                    "INSERT INTO subscriptions (subscriber_id, newsletter_id, status, requested_at, confirmed_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subscriber_id, newsletter_id) \
                     DO UPDATE SET status = $3, confirmed_at = $5",
                )
                .bind(subscriber_id)
                .bind(newsletter_id)
                .bind(new_status)
                .bind(at.as_second())
                .bind(confirmed_at)
                .execute(&mut *tx)
                .await?;
                if new_status == "active" {
                    report.confirmed += 1;
                } else {
                    report.pending += 1;
                }
                let names = newsletter_names(&mut tx, &[newsletter_id]).await?;
                let how = if row.consent {
                    "consent recorded"
                } else {
                    "no consent recorded; waiting for confirmation"
                };
                record_event(
                    &mut tx,
                    subscriber_id,
                    "imported",
                    &format!("{names} ({how}; {source})"),
                    at,
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(report)
    }

    /// Records people who had left these newsletters on the old platform: each gets
    /// a subscription marked 'left' where they have none, so no later import or bulk
    /// load puts them back. Existing subscriptions are not touched. Returns how many
    /// were recorded.
    pub async fn import_unsubscribed(
        &self,
        rows: &[ImportRow],
        source: &str,
        at: Timestamp,
    ) -> Result<u64> {
        let mut recorded = 0;
        let mut tx = self.begin_write().await?;
        for row in rows {
            let subscriber_id =
                subscriber_id_for(&mut tx, &row.email, row.name.trim(), source, at).await?;
            for &newsletter_id in &row.newsletter_ids {
                let added = sqlx::query(
                    "INSERT INTO subscriptions (subscriber_id, newsletter_id, status, requested_at, left_at) \
                     VALUES ($1, $2, 'left', $3, $3) ON CONFLICT (subscriber_id, newsletter_id) DO NOTHING",
                )
                .bind(subscriber_id)
                .bind(newsletter_id)
                .bind(at.as_second())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if added > 0 {
                    recorded += 1;
                    let names = newsletter_names(&mut tx, &[newsletter_id]).await?;
                    record_event(
                        &mut tx,
                        subscriber_id,
                        "imported",
                        &format!("{names} (had unsubscribed; {source})"),
                        at,
                    )
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(recorded)
    }

    /// The subscriber with this address, if any (for tests and the desk).
    pub async fn subscriber_id_by_email(
        &self,
        email: &EmailAddress,
    ) -> Result<Option<SubscriberId>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM subscribers WHERE email_key = $1")
                .bind(email.as_str())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// One subscriber's standing on each newsletter.
    pub async fn subscriptions(
        &self,
        subscriber_id: SubscriberId,
    ) -> Result<Vec<SubscriptionView>> {
        self.subscriptions_of(subscriber_id).await
    }
}
