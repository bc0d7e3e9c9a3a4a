//! Subscribers: signing up (double opt-in), confirming, leaving, preferences, and the
//! desk's view (search, history, import, export, deletion).
//!
//! Every change is one transaction and leaves a line in `subscriber_events`, so the
//! desk can show what happened to an address and when, and a half-applied signup is
//! impossible.

use byline_core::EmailAddress;
use jiff::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::Newsletter;
use crate::rows::{opt_timestamp, timestamp};
use crate::{Db, Result, StoreError};

/// Someone typed an address into a signup box.
#[derive(Debug, Clone)]
pub struct SignupRequest<'a> {
    pub email: &'a EmailAddress,
    pub name: &'a str,
    pub newsletter_ids: &'a [i64],
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
        subscriber_id: i64,
        newsletter_ids: Vec<i64>,
    },
    /// Already on every list asked for: send a note with the preferences link.
    AlreadySubscribed { subscriber_id: i64 },
    /// This address had enough email from us lately; send nothing.
    RateLimited,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmOutcome {
    /// Now active on these newsletters.
    Confirmed {
        subscriber_id: i64,
        newsletters: Vec<Newsletter>,
    },
    /// The link was followed before; these are the newsletters it confirmed that are
    /// still active.
    AlreadyUsed {
        subscriber_id: i64,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionStatus {
    Pending,
    Active,
    Left,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Pending => "pending",
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Left => "left",
        }
    }

    pub fn parse(raw: &str) -> Option<SubscriptionStatus> {
        match raw {
            "pending" => Some(SubscriptionStatus::Pending),
            "active" => Some(SubscriptionStatus::Active),
            "left" => Some(SubscriptionStatus::Left),
            _ => None,
        }
    }

    fn from_row(raw: &str) -> Result<SubscriptionStatus> {
        SubscriptionStatus::parse(raw)
            .ok_or_else(|| StoreError::Corrupt(format!("subscription status '{raw}'")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Subscriber {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub source: String,
    pub created_at: Timestamp,
}

/// One newsletter as one subscriber stands with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SubscriptionView {
    pub newsletter_id: i64,
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
    pub newsletter_id: Option<i64>,
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
    pub newsletter_ids: Vec<i64>,
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
async fn subscriber_id_for(
    conn: &mut AnyConnection,
    email: &EmailAddress,
    name: &str,
    source: &str,
    at: Timestamp,
) -> Result<i64> {
    let existing: Option<(i64, String)> =
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
        Some(id) => Ok(id),
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
    subscriber_id: i64,
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
    .execute(conn)
    .await?;
    Ok(())
}

async fn newsletter_names(conn: &mut AnyConnection, ids: &[i64]) -> Result<String> {
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

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

fn parse_id_list(raw: &str) -> Vec<i64> {
    raw.split(',').filter_map(|id| id.parse().ok()).collect()
}

impl Db {
    /// Records a signup and decides which email, if any, the address gets. Nothing
    /// here tells the caller's visitor anything: every outcome gets the same answer.
    pub async fn sign_up(
        &self,
        request: &SignupRequest<'_>,
        limit: NoticeLimit,
    ) -> Result<SignupOutcome> {
        let now = request.at.as_second();
        let mut tx = self.begin_write().await?;
        let subscriber_id = subscriber_id_for(
            &mut tx,
            request.email,
            request.name,
            request.source,
            request.at,
        )
        .await?;
        // The window restarts once it has passed; the update also takes the row's
        // lock, so concurrent signups for one address count one after the other.
        let (start, count): (i64, i64) = sqlx::query_as(
            "UPDATE subscribers SET \
               notices_in_window = CASE WHEN notices_window_start <= $1 THEN 0 ELSE notices_in_window END, \
               notices_window_start = CASE WHEN notices_window_start <= $1 THEN $2 ELSE notices_window_start END \
             WHERE id = $3 RETURNING notices_window_start, notices_in_window",
        )
        .bind(now - limit.window_seconds)
        .bind(now)
        .bind(subscriber_id)
        .fetch_one(&mut *tx)
        .await?;
        let _ = start;
        if count >= limit.max {
            record_event(
                &mut tx,
                subscriber_id,
                "rate-limited",
                &format!("signup from {} not answered by email", request.source),
                request.at,
            )
            .await?;
            tx.commit().await?;
            return Ok(SignupOutcome::RateLimited);
        }
        let mut to_confirm = Vec::new();
        for &newsletter_id in request.newsletter_ids {
            let status: Option<String> = sqlx::query_scalar(
                "SELECT status FROM subscriptions WHERE subscriber_id = $1 AND newsletter_id = $2",
            )
            .bind(subscriber_id)
            .bind(newsletter_id)
            .fetch_optional(&mut *tx)
            .await?;
            match status.as_deref() {
                Some("active") => {}
                Some(_) => {
                    sqlx::query(
                        "UPDATE subscriptions SET status = 'pending', requested_at = $1 \
                         WHERE subscriber_id = $2 AND newsletter_id = $3",
                    )
                    .bind(now)
                    .bind(subscriber_id)
                    .bind(newsletter_id)
                    .execute(&mut *tx)
                    .await?;
                    to_confirm.push(newsletter_id);
                }
                None => {
                    sqlx::query(
                        "INSERT INTO subscriptions (subscriber_id, newsletter_id, status, requested_at) \
                         VALUES ($1, $2, 'pending', $3)",
                    )
                    .bind(subscriber_id)
                    .bind(newsletter_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    to_confirm.push(newsletter_id);
                }
            }
        }
        sqlx::query(
            "UPDATE subscribers SET notices_in_window = notices_in_window + 1 WHERE id = $1",
        )
        .bind(subscriber_id)
        .execute(&mut *tx)
        .await?;
        let outcome = if to_confirm.is_empty() {
            record_event(
                &mut tx,
                subscriber_id,
                "signup-repeated",
                &format!(
                    "asked again from {} while already subscribed; sent a reminder",
                    request.source
                ),
                request.at,
            )
            .await?;
            SignupOutcome::AlreadySubscribed { subscriber_id }
        } else {
            sqlx::query(
                "INSERT INTO signup_tokens (token_hash, subscriber_id, newsletter_ids, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(request.token_hash)
            .bind(subscriber_id)
            .bind(id_list(&to_confirm))
            .bind(now)
            .bind(request.expires_at.as_second())
            .execute(&mut *tx)
            .await?;
            let names = newsletter_names(&mut tx, &to_confirm).await?;
            record_event(
                &mut tx,
                subscriber_id,
                "signed-up",
                &format!("{names}, from {}; confirmation email sent", request.source),
                request.at,
            )
            .await?;
            SignupOutcome::Confirm {
                subscriber_id,
                newsletter_ids: to_confirm,
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// Follows a confirmation link: single use, before it expires.
    pub async fn confirm_signup(&self, token_hash: &str, at: Timestamp) -> Result<ConfirmOutcome> {
        let mut tx = self.begin_write().await?;
        let token: Option<(i64, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT subscriber_id, newsletter_ids, expires_at, used_at FROM signup_tokens \
             WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((subscriber_id, ids, expires_at, used_at)) = token else {
            return Ok(ConfirmOutcome::Unknown);
        };
        let ids = parse_id_list(&ids);
        if used_at.is_some() {
            let newsletters = active_among(&mut tx, subscriber_id, &ids).await?;
            return Ok(ConfirmOutcome::AlreadyUsed {
                subscriber_id,
                newsletters,
            });
        }
        if expires_at <= at.as_second() {
            return Ok(ConfirmOutcome::Expired);
        }
        // Only the first of two simultaneous clicks marks the token used.
        let claimed = sqlx::query(
            "UPDATE signup_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
        )
        .bind(at.as_second())
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            let newsletters = active_among(&mut tx, subscriber_id, &ids).await?;
            return Ok(ConfirmOutcome::AlreadyUsed {
                subscriber_id,
                newsletters,
            });
        }
        for id in &ids {
            sqlx::query(
                "UPDATE subscriptions SET status = 'active', confirmed_at = $1, left_at = NULL \
                 WHERE subscriber_id = $2 AND newsletter_id = $3 AND status = 'pending'",
            )
            .bind(at.as_second())
            .bind(subscriber_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        let newsletters = active_among(&mut tx, subscriber_id, &ids).await?;
        let names: Vec<&str> = newsletters.iter().map(|n| n.name.as_str()).collect();
        record_event(
            &mut tx,
            subscriber_id,
            "confirmed",
            &format!("confirmed by email link: {}", names.join(", ")),
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(ConfirmOutcome::Confirmed {
            subscriber_id,
            newsletters,
        })
    }

    /// Takes one subscriber off one newsletter (an unsubscribe link or one-click
    /// request). Doing it twice changes nothing the second time.
    pub async fn unsubscribe(
        &self,
        subscriber_id: i64,
        newsletter_id: i64,
        how: &str,
        at: Timestamp,
    ) -> Result<UnsubscribeOutcome> {
        let mut tx = self.pool.begin().await?;
        // Change first, then look: of two identical requests at once only one finds
        // the subscription still on the list.
        let changed = sqlx::query(
            "UPDATE subscriptions SET status = 'left', left_at = $1 \
             WHERE subscriber_id = $2 AND newsletter_id = $3 AND status <> 'left'",
        )
        .bind(at.as_second())
        .bind(subscriber_id)
        .bind(newsletter_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let outcome = if changed > 0 {
            let names = newsletter_names(&mut tx, &[newsletter_id]).await?;
            record_event(
                &mut tx,
                subscriber_id,
                "left",
                &format!("{names} ({how})"),
                at,
            )
            .await?;
            UnsubscribeOutcome::Left
        } else {
            let status: Option<String> = sqlx::query_scalar(
                "SELECT status FROM subscriptions WHERE subscriber_id = $1 AND newsletter_id = $2",
            )
            .bind(subscriber_id)
            .bind(newsletter_id)
            .fetch_optional(&mut *tx)
            .await?;
            match status {
                None => UnsubscribeOutcome::Unknown,
                Some(_) => UnsubscribeOutcome::AlreadyLeft,
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// What a preferences page shows; `None` when the subscriber no longer exists.
    pub async fn preferences(&self, subscriber_id: i64) -> Result<Option<Preferences>> {
        let Some(subscriber) = self.subscriber_record(subscriber_id).await? else {
            return Ok(None);
        };
        let statuses = self.subscriptions_of(subscriber_id).await?;
        let newsletters = self
            .newsletters()
            .await?
            .into_iter()
            .map(|newsletter| {
                let status = statuses
                    .iter()
                    .find(|s| s.newsletter_id == newsletter.id)
                    .map(|s| s.status);
                (newsletter, status)
            })
            .collect();
        Ok(Some(Preferences {
            subscriber,
            newsletters,
        }))
    }

    /// Saves a preferences page: the reader receives exactly `wanted` afterwards. The
    /// page's link proved they own the address, so choices take effect at once; only
    /// newsletters with open signup (or that they already had) can be added.
    pub async fn set_preferences(
        &self,
        subscriber_id: i64,
        wanted: &[i64],
        at: Timestamp,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM subscribers WHERE id = $1")
            .bind(subscriber_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Ok(false);
        }
        let rows = sqlx::query(
            "SELECT n.id, n.name, n.signup_open, s.status FROM newsletters n \
             LEFT JOIN subscriptions s ON s.newsletter_id = n.id AND s.subscriber_id = $1",
        )
        .bind(subscriber_id)
        .fetch_all(&mut *tx)
        .await?;
        let mut joined = Vec::new();
        let mut left = Vec::new();
        for row in rows {
            let id: i64 = row.try_get("id")?;
            let name: String = row.try_get("name")?;
            let open = row.try_get::<i64, _>("signup_open")? != 0;
            let status: Option<String> = row.try_get("status")?;
            let active = status.as_deref() == Some("active");
            if wanted.contains(&id) && !active && (open || status.is_some()) {
                sqlx::query(
                    "INSERT INTO subscriptions (subscriber_id, newsletter_id, status, requested_at, confirmed_at) \
                     VALUES ($1, $2, 'active', $3, $3) \
                     ON CONFLICT (subscriber_id, newsletter_id) \
                     DO UPDATE SET status = 'active', confirmed_at = $3, left_at = NULL",
                )
                .bind(subscriber_id)
                .bind(id)
                .bind(at.as_second())
                .execute(&mut *tx)
                .await?;
                joined.push(name);
            } else if !wanted.contains(&id)
                && matches!(status.as_deref(), Some("active" | "pending"))
            {
                sqlx::query(
                    "UPDATE subscriptions SET status = 'left', left_at = $1 \
                     WHERE subscriber_id = $2 AND newsletter_id = $3",
                )
                .bind(at.as_second())
                .bind(subscriber_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                left.push(name);
            }
        }
        if !joined.is_empty() || !left.is_empty() {
            let mut detail = Vec::new();
            if !joined.is_empty() {
                detail.push(format!("joined {}", joined.join(", ")));
            }
            if !left.is_empty() {
                detail.push(format!("left {}", left.join(", ")));
            }
            record_event(
                &mut tx,
                subscriber_id,
                "preferences",
                &detail.join("; "),
                at,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Removes signups nobody confirmed: expired links, pending subscriptions older
    /// than `cutoff`, and addresses left with nothing. Returns how many addresses went.
    pub async fn purge_unconfirmed(&self, now: Timestamp, cutoff: Timestamp) -> Result<u64> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM signup_tokens WHERE expires_at < $1")
            .bind(now.as_second())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM subscriptions WHERE status = 'pending' AND requested_at < $1")
            .bind(cutoff.as_second())
            .execute(&mut *tx)
            .await?;
        let removed = sqlx::query(
            "DELETE FROM subscribers WHERE created_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.subscriber_id = subscribers.id) \
             AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.subscriber_id = subscribers.id)",
        )
        .bind(cutoff.as_second())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(removed.rows_affected())
    }

    async fn subscriber_record(&self, id: i64) -> Result<Option<Subscriber>> {
        let row: Option<(i64, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, email, name, source, created_at FROM subscribers WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, email, name, source, created_at)| Subscriber {
            id,
            email,
            name,
            source,
            created_at: timestamp(created_at),
        }))
    }

    async fn subscriptions_of(&self, subscriber_id: i64) -> Result<Vec<SubscriptionView>> {
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
                    status: SubscriptionStatus::from_row(&row.try_get::<String, _>("status")?)?,
                    requested_at: timestamp(row.try_get("requested_at")?),
                    confirmed_at: opt_timestamp(row.try_get("confirmed_at")?),
                    left_at: opt_timestamp(row.try_get("left_at")?),
                })
            })
            .collect()
    }

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
        .bind(search.newsletter_id.unwrap_or(0))
        .bind(status.unwrap_or(""))
        .fetch_one(&self.pool)
        .await?;
        let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT id, email, name, source, created_at FROM subscribers WHERE {filter} {keep_params} \
             ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5"
        )))
        .bind(&pattern)
        .bind(search.newsletter_id.unwrap_or(0))
        .bind(status.unwrap_or(""))
        .bind(search.limit.clamp(1, 500))
        .bind(search.offset.max(0))
        .fetch_all(&self.pool)
        .await?;
        let mut found = Vec::with_capacity(rows.len());
        for (id, email, name, source, created_at) in rows {
            found.push(SubscriberSummary {
                subscriptions: self.subscriptions_of(id).await?,
                subscriber: Subscriber {
                    id,
                    email,
                    name,
                    source,
                    created_at: timestamp(created_at),
                },
            });
        }
        Ok((found, total))
    }

    pub async fn subscriber_detail(&self, id: i64) -> Result<Option<SubscriberDetail>> {
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
    pub async fn delete_subscriber(&self, id: i64) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
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
        tx.commit().await?;
        Ok(deleted.rows_affected() > 0)
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
                    status: SubscriptionStatus::from_row(&row.try_get::<String, _>("status")?)?,
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
                    "consent recorded in the file"
                } else {
                    "no consent in the file; waiting for confirmation"
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

    /// The subscriber with this address, if any (for tests and the desk).
    pub async fn subscriber_id_by_email(&self, email: &EmailAddress) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM subscribers WHERE email_key = $1")
                .bind(email.as_str())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// One subscriber's standing on each newsletter.
    pub async fn subscriptions(&self, subscriber_id: i64) -> Result<Vec<SubscriptionView>> {
        self.subscriptions_of(subscriber_id).await
    }
}

async fn active_among(
    conn: &mut AnyConnection,
    subscriber_id: i64,
    ids: &[i64],
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
