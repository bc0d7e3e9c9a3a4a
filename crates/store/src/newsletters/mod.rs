//! Newsletters: the lists themselves ([`Newsletter`]), the people on them
//! (`subscribers.rs`), the issues editors write (`issues.rs`) and the per-recipient
//! outbox that delivers them (`outbox.rs`). See `0005_newsletters.sql` for the tables.

mod bulk;
mod issues;
mod outbox;
mod signup;
mod subscriber_desk;
mod subscribers;

use std::collections::HashMap;

use byline_core::newsletters::NewsletterDraft;
use byline_core::{EditionId, NewsletterId};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::Entity;
use crate::{ChangeSet, Db, Result, StoreError, bump_content_version};

pub use byline_core::newsletters::{
    Issue, IssueStatus, Newsletter, Subscriber, SubscriptionStatus,
};
pub use issues::{
    DeliveryProgress, FailedDelivery, IssueEdit, IssueSummary, StartOutcome,
    newsletter_send_job_key,
};
pub use outbox::Delivery;
pub use subscribers::{
    ConfirmOutcome, ExportRow, ImportReport, ImportRow, NoticeLimit, Preferences, SignupOutcome,
    SignupRequest, SubscriberDelivery, SubscriberDetail, SubscriberEvent, SubscriberSearch,
    SubscriberSummary, SubscriptionView, UnsubscribeOutcome,
};

/// How many people are on a newsletter, by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SubscriberCounts {
    pub pending: i64,
    pub active: i64,
    pub left: i64,
}

const COLUMNS: &str = "id, slug, name, description, cadence, sender_name, sender_email, \
    reply_to, signup_open, position, edition_id";

/// A newsletter as [`COLUMNS`] reads one.
#[derive(sqlx::FromRow)]
struct NewsletterRow {
    id: NewsletterId,
    slug: String,
    name: String,
    description: String,
    cadence: String,
    sender_name: String,
    sender_email: String,
    reply_to: String,
    signup_open: i64,
    position: i64,
    edition_id: EditionId,
}

impl From<NewsletterRow> for Newsletter {
    fn from(row: NewsletterRow) -> Newsletter {
        Newsletter {
            id: row.id,
            slug: row.slug,
            name: row.name,
            description: row.description,
            cadence: row.cadence,
            sender_name: row.sender_name,
            sender_email: row.sender_email,
            reply_to: row.reply_to,
            signup_open: row.signup_open != 0,
            position: row.position,
            edition_id: row.edition_id,
        }
    }
}

fn newsletter(row: &AnyRow) -> Result<Newsletter> {
    Ok(NewsletterRow::from_row(row)?.into())
}

impl Db {
    /// Every newsletter, in the order the newsroom set.
    pub async fn newsletters(&self) -> Result<Vec<Newsletter>> {
        let sql = format!("SELECT {COLUMNS} FROM newsletters ORDER BY position, name, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(newsletter).collect()
    }

    /// The newsletters of one edition, in the desk's order: an edition's signup boxes
    /// offer its own.
    pub async fn edition_newsletters(&self, edition: EditionId) -> Result<Vec<Newsletter>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM newsletters WHERE edition_id = $1 ORDER BY position, name, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(edition.get())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(newsletter).collect()
    }

    /// Moves a newsletter to another edition (its subscribers stay with it).
    pub async fn move_newsletter_to_edition(
        &self,
        id: NewsletterId,
        edition: EditionId,
    ) -> Result<()> {
        let mut tx = self.begin_content_write().await?;
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM editions WHERE id = $1")
            .bind(edition.get())
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::not_found(Entity::Edition, edition.to_string()));
        }
        let moved = sqlx::query("UPDATE newsletters SET edition_id = $2 WHERE id = $1")
            .bind(id)
            .bind(edition.get())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if moved == 0 {
            return Err(StoreError::not_found(Entity::Newsletter, id.to_string()));
        }
        bump_content_version(&mut tx, Timestamp::now(), &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn newsletter(&self, id: NewsletterId) -> Result<Option<Newsletter>> {
        let sql = format!("SELECT {COLUMNS} FROM newsletters WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(newsletter).transpose()
    }

    pub async fn newsletter_by_slug(&self, slug: &str) -> Result<Option<Newsletter>> {
        let sql = format!("SELECT {COLUMNS} FROM newsletters WHERE slug = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(newsletter).transpose()
    }

    /// Adds a newsletter (after `draft.problems()` came back empty). Signup boxes are
    /// on cached pages, so the content version moves.
    pub async fn create_newsletter(
        &self,
        draft: &NewsletterDraft,
        at: Timestamp,
    ) -> Result<NewsletterId> {
        let mut tx = self.begin_content_write().await?;
        let position: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM newsletters")
                .fetch_one(&mut *tx)
                .await?;
        let inserted = sqlx::query_scalar(
            "INSERT INTO newsletters (slug, name, description, cadence, sender_name, \
             sender_email, reply_to, signup_open, position, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
        )
        .bind(draft.slug.trim())
        .bind(draft.name.trim())
        .bind(draft.description.trim())
        .bind(draft.cadence.trim())
        .bind(draft.sender_name.trim())
        .bind(draft.sender_email.trim())
        .bind(draft.reply_to.trim())
        .bind(i64::from(draft.signup_open))
        .bind(position)
        .bind(at.as_second())
        .fetch_one(&mut *tx)
        .await;
        let id: NewsletterId = match inserted {
            Ok(id) => id,
            Err(error) if StoreError::is_unique_violation(&error) => {
                return Err(StoreError::SlugTaken(draft.slug.trim().to_owned()));
            }
            Err(error) => return Err(error.into()),
        };
        bump_content_version(&mut tx, at, &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_newsletter(
        &self,
        id: NewsletterId,
        draft: &NewsletterDraft,
        at: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_content_write().await?;
        let updated = sqlx::query(
            "UPDATE newsletters SET slug = $1, name = $2, description = $3, cadence = $4, \
             sender_name = $5, sender_email = $6, reply_to = $7, signup_open = $8, \
             updated_at = $9 WHERE id = $10",
        )
        .bind(draft.slug.trim())
        .bind(draft.name.trim())
        .bind(draft.description.trim())
        .bind(draft.cadence.trim())
        .bind(draft.sender_name.trim())
        .bind(draft.sender_email.trim())
        .bind(draft.reply_to.trim())
        .bind(i64::from(draft.signup_open))
        .bind(at.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await;
        match updated {
            Ok(done) if done.rows_affected() == 0 => {
                return Err(StoreError::not_found(Entity::Newsletter, id));
            }
            Ok(_) => {}
            Err(error) if StoreError::is_unique_violation(&error) => {
                return Err(StoreError::SlugTaken(draft.slug.trim().to_owned()));
            }
            Err(error) => return Err(error.into()),
        }
        bump_content_version(&mut tx, at, &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Subscribers per newsletter id, by state.
    pub async fn newsletter_counts(&self) -> Result<HashMap<NewsletterId, SubscriberCounts>> {
        let rows = sqlx::query(
            "SELECT newsletter_id, status, COUNT(*) AS n FROM subscriptions \
             GROUP BY newsletter_id, status",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut counts: HashMap<NewsletterId, SubscriberCounts> = HashMap::new();
        for row in rows {
            let entry = counts.entry(row.try_get("newsletter_id")?).or_default();
            let n: i64 = row.try_get("n")?;
            match row.try_get::<String, _>("status")?.as_str() {
                "pending" => entry.pending = n,
                "active" => entry.active = n,
                _ => entry.left = n,
            }
        }
        Ok(counts)
    }
}
