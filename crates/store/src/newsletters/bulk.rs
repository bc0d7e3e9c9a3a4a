//! Loading many confirmed subscribers at once, for generated benchmark newsrooms.
//!
//! [`Db::import_subscribers`] is the importer people use: it checks every row's
//! standing one query at a time, which is right for a CSV of a few thousand and slow
//! for a hundred thousand. This loader writes the same rows (subscriber, active
//! subscription, an "imported" line in the history) with a few multi-row statements
//! per chunk, in one transaction per call.

use byline_core::{EmailAddress, NewsletterId};
use jiff::Timestamp;
use sqlx::AssertSqlSafe;

use crate::{Db, Result};

/// Rows per INSERT: two bound parameters a row stays far below SQLite's 32,766 and
/// PostgreSQL's 65,535.
const ROWS_PER_STATEMENT: usize = 1000;

/// `row(0), row(1), …` up to `count` rows, joined by commas.
fn rows(count: usize, row: impl Fn(usize) -> String) -> String {
    (0..count).map(row).collect::<Vec<_>>().join(", ")
}

impl Db {
    /// Adds `people` (address, name) as confirmed subscribers of one newsletter, all
    /// or none. Addresses already known keep their record; a subscription that
    /// already exists (active, pending or left) is left as it is, so nobody who left
    /// is put back. Returns how many subscriptions were added.
    pub async fn bulk_add_confirmed_subscribers(
        &self,
        newsletter_id: NewsletterId,
        people: &[(EmailAddress, String)],
        source: &str,
        at: Timestamp,
    ) -> Result<u64> {
        let now = at.as_second();
        let mut added = 0;
        let mut tx = self.begin_write().await?;
        // A history line like the CSV importer's.
        let name: String = sqlx::query_scalar("SELECT name FROM newsletters WHERE id = $1")
            .bind(newsletter_id)
            .fetch_one(&mut *tx)
            .await?;
        let detail = format!("{name} (confirmed in bulk; {source})");
        for chunk in people.chunks(ROWS_PER_STATEMENT) {
            // $1 and $2 are shared by every row: source and time. An address is its
            // own key: EmailAddress is already in lower case.
            let people_rows = rows(chunk.len(), |row| {
                let email = 3 + row * 2;
                format!("(${email}, ${email}, ${}, $1, $2)", email + 1)
            });
            let mut insert = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO subscribers (email, email_key, name, source, created_at) \
                 VALUES {people_rows} ON CONFLICT (email_key) DO NOTHING"
            )))
            .bind(source)
            .bind(now);
            for (email, name) in chunk {
                insert = insert.bind(email.as_str()).bind(name.trim());
            }
            insert.execute(&mut *tx).await?;

            // The subscriptions, for every address in the chunk whether it was new
            // or known; RETURNING names the ones actually added.
            let keys = rows(chunk.len(), |row| format!("${}", 3 + row));
            let mut subscribe = sqlx::query_scalar::<_, i64>(AssertSqlSafe(format!(
                "INSERT INTO subscriptions (subscriber_id, newsletter_id, status, requested_at, \
                 confirmed_at) SELECT id, $1, 'active', $2, $2 FROM subscribers \
                 WHERE email_key IN ({keys}) \
                 ON CONFLICT (subscriber_id, newsletter_id) DO NOTHING RETURNING subscriber_id"
            )))
            .bind(newsletter_id)
            .bind(now);
            for (email, _) in chunk {
                subscribe = subscribe.bind(email.as_str());
            }
            let subscribed = subscribe.fetch_all(&mut *tx).await?;
            if subscribed.is_empty() {
                continue;
            }
            added += subscribed.len() as u64;

            let event_rows = rows(subscribed.len(), |row| {
                format!("(${}, $1, 'imported', $2)", 3 + row)
            });
            let mut events = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO subscriber_events (subscriber_id, at, kind, detail) VALUES {event_rows}"
            )))
            .bind(now)
            .bind(&detail);
            for id in &subscribed {
                events = events.bind(*id);
            }
            events.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(added)
    }
}
