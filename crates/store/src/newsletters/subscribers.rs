//! Subscribers: the types every part of the newsletter store shares, and the small
//! pieces of SQL they all use. Signing up, confirming and leaving are in `signup.rs`;
//! the desk's view (search, history, import, export, deletion) in `subscriber_desk.rs`.
//!
//! Every change is one transaction and leaves a line in `subscriber_events`, so the
//! desk can show what happened to an address and when, and a half-applied signup is
//! impossible.

use byline_core::newsletters::{Subscriber, SubscriptionStatus};
use byline_core::{EmailAddress, NewsletterId, SubscriberId};
use jiff::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use serde_json::{Value, json};

use super::Newsletter;
use crate::rows::{opt_timestamp, timestamp};
use crate::webhooks::{Announcement, announce};
use crate::{Db, Result, StoreError};

/// Someone typed an address into a signup box.
#[derive(Debug, Clone)]
pub struct SignupRequest<'a> {
    pub email: &'a EmailAddress,
    pub name: &'a str,
    pub newsletter_ids: &'a [NewsletterId],
    /// Where: "signup box on /some-article/".
    pub source: &'a str,
    /// The SHA-256 of the confirmation link's token, used if one is needed.
    pub token_hash: &'a str,
    pub expires_at: Timestamp,
    pub at: Timestamp,
}

/// How many emails a signup box may cause one address to receive.
#[derive(Debug, Clone, Copy)]
pub struct NoticeLimit {
    pub max: i64,
    pub window_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignupOutcome {
    /// Send a confirmation link for these newsletters.
    Confirm {
        subscriber_id: SubscriberId,
        newsletter_ids: Vec<NewsletterId>,
    },
    /// Already on every list asked for: send a note with the preferences link.
    AlreadySubscribed { subscriber_id: SubscriberId },
    /// This address had enough email from us lately; send nothing.
    RateLimited,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmOutcome {
    /// Now active on these newsletters.
    Confirmed {
        subscriber_id: SubscriberId,
        newsletters: Vec<Newsletter>,
    },
    /// The link was followed before; these are the newsletters it confirmed that are
    /// still active.
    AlreadyUsed {
        subscriber_id: SubscriberId,
        newsletters: Vec<Newsletter>,
    },
    Expired,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsubscribeOutcome {
    Left,
    /// Already off that list (a replayed one-click request, a second click).
    AlreadyLeft,
    /// No such subscriber or newsletter (deleted since the email was sent).
    Unknown,
}

pub(super) const SUBSCRIBER_COLUMNS: &str = "id, email, name, source, created_at";

/// A subscriber as [`SUBSCRIBER_COLUMNS`] reads one.
#[derive(sqlx::FromRow)]
pub(super) struct SubscriberRow {
    id: SubscriberId,
    email: String,
    name: String,
    source: String,
    created_at: i64,
}

impl From<SubscriberRow> for Subscriber {
    fn from(row: SubscriberRow) -> Subscriber {
        Subscriber {
            id: row.id,
            email: row.email,
            name: row.name,
            source: row.source,
            created_at: timestamp(row.created_at),
        }
    }
}

/// Reads a stored subscription status.
pub(super) fn subscription_status(raw: &str) -> Result<SubscriptionStatus> {
    SubscriptionStatus::parse(raw)
        .ok_or_else(|| StoreError::Corrupt(format!("subscription status '{raw}'")))
}

/// One newsletter as one subscriber stands with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SubscriptionView {
    pub newsletter_id: NewsletterId,
    pub newsletter_slug: String,
    pub newsletter_name: String,
    pub status: SubscriptionStatus,
    pub requested_at: Timestamp,
    pub confirmed_at: Option<Timestamp>,
    pub left_at: Option<Timestamp>,
}

/// A preferences page: every newsletter, and whether this reader receives it.
#[derive(Debug, Clone)]
pub struct Preferences {
    pub subscriber: Subscriber,
    pub newsletters: Vec<(Newsletter, Option<SubscriptionStatus>)>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SubscriberEvent {
    pub at: Timestamp,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SubscriberSummary {
    pub subscriber: Subscriber,
    pub subscriptions: Vec<SubscriptionView>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SubscriberDetail {
    pub subscriber: Subscriber,
    pub subscriptions: Vec<SubscriptionView>,
    pub events: Vec<SubscriberEvent>,
    /// Newest first.
    pub deliveries: Vec<SubscriberDelivery>,
}

/// One issue sent (or being sent) to one subscriber.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SubscriberDelivery {
    pub subject: String,
    /// queued, sent or failed.
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<Timestamp>,
}

/// The desk's subscriber search.
#[derive(Debug, Clone, Default)]
pub struct SubscriberSearch {
    /// Part of an address or a name; empty for everyone.
    pub text: String,
    pub newsletter_id: Option<NewsletterId>,
    pub status: Option<SubscriptionStatus>,
    pub limit: i64,
    pub offset: i64,
}

/// One line of the subscribers CSV: one address on one newsletter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    pub email: String,
    pub name: String,
    pub newsletter: String,
    pub status: SubscriptionStatus,
    pub requested_at: Timestamp,
    pub confirmed_at: Option<Timestamp>,
    pub left_at: Option<Timestamp>,
    pub source: String,
}

/// One address to import onto some newsletters.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub email: EmailAddress,
    pub name: String,
    pub newsletter_ids: Vec<NewsletterId>,
    /// The file says this person agreed to receive the newsletters.
    pub consent: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Subscriptions made active (consent given).
    pub confirmed: i64,
    /// Subscriptions recorded as waiting for the reader's own confirmation.
    pub pending: i64,
    /// Already active; nothing to do.
    pub unchanged: i64,
    /// The person left that newsletter before; an import never brings them back.
    pub left_kept: i64,
}

/// Finds or adds the subscriber for `email`; returns its id.
pub(super) async fn subscriber_id_for(
    conn: &mut AnyConnection,
    email: &EmailAddress,
    name: &str,
    source: &str,
    at: Timestamp,
) -> Result<SubscriberId> {
    let existing: Option<(SubscriberId, String)> =
        sqlx::query_as("SELECT id, name FROM subscribers WHERE email_key = $1")
            .bind(email.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    if let Some((id, known_name)) = existing {
        if known_name.is_empty() && !name.is_empty() {
            sqlx::query("UPDATE subscribers SET name = $1 WHERE id = $2")
                .bind(name)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
        return Ok(id);
    }
    // Two signups for one new address at once: the loser of the insert race reads the
    // winner's row instead of failing.
    let inserted = sqlx::query_scalar(
        "INSERT INTO subscribers (email, email_key, name, source, created_at) \
         VALUES ($1, $1, $2, $3, $4) ON CONFLICT (email_key) DO NOTHING RETURNING id",
    )
    .bind(email.as_str())
    .bind(name)
    .bind(source)
    .bind(at.as_second())
    .fetch_optional(&mut *conn)
    .await?;
    match inserted {
        Some(id) => {
            announce(conn, &[member_event("added", id, json!({}))], at).await?;
            Ok(id)
        }
        None => Ok(
            sqlx::query_scalar("SELECT id FROM subscribers WHERE email_key = $1")
                .bind(email.as_str())
                .fetch_one(&mut *conn)
                .await?,
        ),
    }
}

pub(crate) async fn record_event(
    conn: &mut AnyConnection,
    subscriber_id: SubscriberId,
    kind: &str,
    detail: &str,
    at: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO subscriber_events (subscriber_id, at, kind, detail) VALUES ($1, $2, $3, $4)",
    )
    .bind(subscriber_id)
    .bind(at.as_second())
    .bind(kind)
    .bind(detail)
    .execute(&mut *conn)
    .await?;
    // A change to where an existing reader stands is an edit of the member; the
    // events of a first signup or import come with `member.added` instead.
    if EDITS.contains(&kind) {
        announce(
            conn,
            &[member_event("edited", subscriber_id, json!({}))],
            at,
        )
        .await?;
    }
    Ok(())
}

/// The subscriber events that announce `member.edited`.
const EDITS: &[&str] = &["confirmed", "left", "preferences", "renamed"];

/// A webhook announcement about subscriber `id` (a member, in Ghost's words).
pub(super) fn member_event(what: &str, id: SubscriberId, previous: Value) -> Announcement {
    Announcement {
        event: format!("member.{what}"),
        resource: "member",
        resource_id: id.get(),
        previous,
    }
}

pub(super) async fn newsletter_names(
    conn: &mut AnyConnection,
    ids: &[NewsletterId],
) -> Result<String> {
    let mut names = Vec::new();
    for id in ids {
        let name: Option<String> = sqlx::query_scalar("SELECT name FROM newsletters WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        names.extend(name);
    }
    Ok(names.join(", "))
}

pub(super) fn id_list(ids: &[NewsletterId]) -> String {
    ids.iter()
        .map(NewsletterId::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

pub(super) fn parse_id_list(raw: &str) -> Vec<NewsletterId> {
    raw.split(',').filter_map(|id| id.parse().ok()).collect()
}

impl Db {
    pub(super) async fn subscriber_record(&self, id: SubscriberId) -> Result<Option<Subscriber>> {
        let sql = format!("SELECT {SUBSCRIBER_COLUMNS} FROM subscribers WHERE id = $1");
        let row: Option<SubscriberRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Subscriber::from))
    }

    pub(super) async fn subscriptions_of(
        &self,
        subscriber_id: SubscriberId,
    ) -> Result<Vec<SubscriptionView>> {
        let rows = sqlx::query(
            "SELECT s.newsletter_id, n.slug, n.name, s.status, s.requested_at, s.confirmed_at, \
             s.left_at FROM subscriptions s JOIN newsletters n ON n.id = s.newsletter_id \
             WHERE s.subscriber_id = $1 ORDER BY n.position, n.name",
        )
        .bind(subscriber_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SubscriptionView {
                    newsletter_id: row.try_get("newsletter_id")?,
                    newsletter_slug: row.try_get("slug")?,
                    newsletter_name: row.try_get("name")?,
                    status: subscription_status(&row.try_get::<String, _>("status")?)?,
                    requested_at: timestamp(row.try_get("requested_at")?),
                    confirmed_at: opt_timestamp(row.try_get("confirmed_at")?),
                    left_at: opt_timestamp(row.try_get("left_at")?),
                })
            })
            .collect()
    }
}

pub(super) async fn active_among(
    conn: &mut AnyConnection,
    subscriber_id: SubscriberId,
    ids: &[NewsletterId],
) -> Result<Vec<Newsletter>> {
    let mut active = Vec::new();
    for id in ids {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {} FROM newsletters n JOIN subscriptions s ON s.newsletter_id = n.id \
             WHERE n.id = $1 AND s.subscriber_id = $2 AND s.status = 'active'",
            super::COLUMNS
                .split(", ")
                .map(|c| format!("n.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        )))
        .bind(id)
        .bind(subscriber_id)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(row) = row {
            active.push(super::newsletter(&row)?);
        }
    }
    Ok(active)
}
