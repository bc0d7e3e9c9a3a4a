//! A reader's side of a subscription: signing up (double opt-in), confirming from
//! the email, leaving, the preferences page, and forgetting signups nobody confirmed.

use byline_core::{NewsletterId, SubscriberId};
use jiff::Timestamp;
use sqlx::Row;

use super::subscribers::{
    active_among, id_list, newsletter_names, parse_id_list, record_event, subscriber_id_for,
};
use super::{
    ConfirmOutcome, NoticeLimit, Preferences, SignupOutcome, SignupRequest, UnsubscribeOutcome,
};
use crate::{Db, Result};

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
        let token: Option<(SubscriberId, String, i64, Option<i64>)> = sqlx::query_as(
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
        subscriber_id: SubscriberId,
        newsletter_id: NewsletterId,
        how: &str,
        at: Timestamp,
    ) -> Result<UnsubscribeOutcome> {
        let mut tx = self.begin_write().await?;
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
    pub async fn preferences(&self, subscriber_id: SubscriberId) -> Result<Option<Preferences>> {
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
        subscriber_id: SubscriberId,
        wanted: &[NewsletterId],
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
            let id: NewsletterId = row.try_get("id")?;
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
        let mut tx = self.begin_write().await?;
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
}
