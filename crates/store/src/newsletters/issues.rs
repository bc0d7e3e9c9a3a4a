//! Issues: what editors write, schedule and send, and how far each send has got.
//!
//! Starting a send is one transaction: the issue becomes 'sending' and every active
//! subscriber of its newsletter at that moment gets one row in `outbox` (unique per
//! issue and subscriber). Starting twice, from two nodes or after a crash, finds the
//! issue already 'sending' and adds nothing; readers who confirm later are not added,
//! and readers who left before are not on the list to copy.

use byline_core::newsletters::{Issue, IssueDraft, IssueStatus};
use byline_core::{IssueId, NewsletterId, PostId};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, FromRow, Row};

use crate::Entity;
use crate::queue::{NewJob, Work, enqueue};
use crate::rows::{opt_timestamp, timestamp};
use crate::{Db, Engine, Result, StoreError};

/// One job per issue and time, so rescheduling adds a new job and the old one finds
/// its time no longer matches.
pub fn newsletter_send_job_key(issue_id: IssueId, at: Timestamp) -> String {
    format!("newsletter-send:{issue_id}:{}", at.as_second())
}

/// An issue in the desk's list, with its newsletter's name and delivery so far.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IssueSummary {
    pub issue: Issue,
    pub newsletter_name: String,
    pub progress: DeliveryProgress,
}

/// What editors submit for an issue.
#[derive(Debug, Clone)]
pub struct IssueEdit<'a> {
    pub newsletter_id: NewsletterId,
    pub draft: &'a IssueDraft,
    pub article_ids: &'a [PostId],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartOutcome {
    Started {
        recipients: i64,
    },
    /// Sending or sent already (another node, an earlier run, a second click).
    AlreadyStarted,
    /// Cancelled, or sent back to draft after being scheduled.
    NotSendable,
}

/// Per-recipient states of one send.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeliveryProgress {
    pub total: i64,
    pub sent: i64,
    pub failed: i64,
    /// Not sent yet, including those waiting to retry.
    pub queued: i64,
    /// Queued after at least one failed try.
    pub retrying: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FailedDelivery {
    pub email: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: String,
}

const COLUMNS: &str = "id, newsletter_id, subject, preheader, body, article_ids, status, send_at, \
    started_at, finished_at, recipients, created_by, created_at, updated_at";

/// An issue as [`COLUMNS`] reads one: its cards as a JSON list, times in seconds.
#[derive(sqlx::FromRow)]
struct IssueRow {
    id: IssueId,
    newsletter_id: NewsletterId,
    subject: String,
    preheader: String,
    body: String,
    article_ids: String,
    status: String,
    send_at: Option<i64>,
    started_at: Option<i64>,
    finished_at: Option<i64>,
    recipients: i64,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<IssueRow> for Issue {
    type Error = StoreError;

    fn try_from(row: IssueRow) -> Result<Issue> {
        Ok(Issue {
            id: row.id,
            newsletter_id: row.newsletter_id,
            subject: row.subject,
            preheader: row.preheader,
            body: row.body,
            article_ids: serde_json::from_str(&row.article_ids)
                .map_err(|e| StoreError::Corrupt(format!("issue article ids: {e}")))?,
            status: issue_status(&row.status)?,
            send_at: opt_timestamp(row.send_at),
            started_at: opt_timestamp(row.started_at),
            finished_at: opt_timestamp(row.finished_at),
            recipients: row.recipients,
            created_by: row.created_by,
            created_at: timestamp(row.created_at),
            updated_at: timestamp(row.updated_at),
        })
    }
}

fn issue(row: &AnyRow) -> Result<Issue> {
    Issue::try_from(IssueRow::from_row(row)?)
}

/// Reads a stored issue status.
fn issue_status(raw: &str) -> Result<IssueStatus> {
    IssueStatus::parse(raw).ok_or_else(|| StoreError::Corrupt(format!("issue status '{raw}'")))
}

fn not_found(id: IssueId) -> StoreError {
    StoreError::not_found(Entity::Issue, id)
}

impl Db {
    pub async fn create_issue(
        &self,
        edit: &IssueEdit<'_>,
        created_by: Option<i64>,
        at: Timestamp,
    ) -> Result<IssueId> {
        let ids = serde_json::to_string(edit.article_ids).expect("ids serialise");
        Ok(sqlx::query_scalar(
            "INSERT INTO newsletter_issues (newsletter_id, subject, preheader, body, article_ids, \
             created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(edit.newsletter_id)
        .bind(edit.draft.subject.trim())
        .bind(edit.draft.preheader.trim())
        .bind(&edit.draft.body)
        .bind(ids)
        .bind(created_by)
        .bind(at.as_second())
        .fetch_one(&self.pool)
        .await?)
    }

    /// Saves changes to an issue that has not started sending; otherwise
    /// [`StoreError::Conflict`]-like refusal as [`StoreError::NotEditable`].
    pub async fn update_issue(
        &self,
        id: IssueId,
        edit: &IssueEdit<'_>,
        at: Timestamp,
    ) -> Result<()> {
        let ids = serde_json::to_string(edit.article_ids).expect("ids serialise");
        let updated = sqlx::query(
            "UPDATE newsletter_issues SET newsletter_id = $1, subject = $2, preheader = $3, \
             body = $4, article_ids = $5, updated_at = $6 \
             WHERE id = $7 AND status IN ('draft', 'scheduled')",
        )
        .bind(edit.newsletter_id)
        .bind(edit.draft.subject.trim())
        .bind(edit.draft.preheader.trim())
        .bind(&edit.draft.body)
        .bind(ids)
        .bind(at.as_second())
        .bind(id)
        .execute(&self.pool)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(match self.issue(id).await? {
                Some(_) => StoreError::NotEditable("this issue has already been sent".into()),
                None => not_found(id),
            });
        }
        Ok(())
    }

    pub async fn issue(&self, id: IssueId) -> Result<Option<Issue>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM newsletter_issues WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(issue).transpose()
    }

    /// Issues newest first, with delivery progress.
    pub async fn issues(&self, limit: i64) -> Result<Vec<IssueSummary>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {}, n.name AS newsletter_name FROM newsletter_issues i \
             JOIN newsletters n ON n.id = i.newsletter_id ORDER BY i.id DESC LIMIT $1",
            COLUMNS
                .split(", ")
                .map(|c| format!("i.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        )))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut summaries = Vec::with_capacity(rows.len());
        for row in rows {
            let issue = issue(&row)?;
            summaries.push(IssueSummary {
                progress: self.delivery_progress(issue.id).await?,
                newsletter_name: row.try_get("newsletter_name")?,
                issue,
            });
        }
        Ok(summaries)
    }

    /// Schedules a draft (or moves a scheduled issue) to send at `send_at`, with the
    /// durable job that will start it, in one transaction.
    pub async fn schedule_issue(
        &self,
        id: IssueId,
        send_at: Timestamp,
        now: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE newsletter_issues SET status = 'scheduled', send_at = $1, updated_at = $2 \
             WHERE id = $3 AND status IN ('draft', 'scheduled')",
        )
        .bind(send_at.as_second())
        .bind(now.as_second())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            drop(tx);
            return Err(match self.issue(id).await? {
                Some(_) => StoreError::NotEditable("this issue has already been sent".into()),
                None => not_found(id),
            });
        }
        let key = newsletter_send_job_key(id, send_at);
        enqueue(
            &mut tx,
            &NewJob {
                work: Work::SendIssue {
                    issue_id: id,
                    at: send_at,
                },
                key: &key,
                run_at: send_at,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a scheduled issue back to draft; its job then finds nothing to do.
    pub async fn unschedule_issue(&self, id: IssueId, now: Timestamp) -> Result<bool> {
        let updated = sqlx::query(
            "UPDATE newsletter_issues SET status = 'draft', send_at = NULL, updated_at = $1 \
             WHERE id = $2 AND status = 'scheduled'",
        )
        .bind(now.as_second())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(updated.rows_affected() > 0)
    }

    /// Starts sending: fixes the recipient list in the outbox. `scheduled_for` is the
    /// time a scheduled job was made for; a job whose time no longer matches (the
    /// issue was rescheduled or taken back) does nothing.
    pub async fn start_issue_send(
        &self,
        id: IssueId,
        scheduled_for: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<StartOutcome> {
        let mut tx = self.begin_write().await?;
        let lock = match self.engine {
            Engine::Postgres => " FOR UPDATE",
            Engine::Sqlite => "",
        };
        let row: Option<(i64, String, Option<i64>)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT newsletter_id, status, send_at FROM newsletter_issues WHERE id = $1{lock}"
        )))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((newsletter_id, status, send_at)) = row else {
            return Err(not_found(id));
        };
        match (issue_status(&status)?, scheduled_for) {
            (IssueStatus::Sending | IssueStatus::Sent, _) => {
                return Ok(StartOutcome::AlreadyStarted);
            }
            (IssueStatus::Cancelled, _) => return Ok(StartOutcome::NotSendable),
            (IssueStatus::Scheduled, Some(at)) if send_at != Some(at.as_second()) => {
                return Ok(StartOutcome::NotSendable);
            }
            (IssueStatus::Draft, Some(_)) => return Ok(StartOutcome::NotSendable),
            _ => {}
        }
        let copied = sqlx::query(
            "INSERT INTO outbox (issue_id, subscriber_id, email, name, next_attempt_at) \
             SELECT $1, p.id, p.email, p.name, $2 FROM subscriptions s \
             JOIN subscribers p ON p.id = s.subscriber_id \
             WHERE s.newsletter_id = $3 AND s.status = 'active' ORDER BY p.id \
             ON CONFLICT (issue_id, subscriber_id) DO NOTHING",
        )
        .bind(id)
        .bind(now.as_second())
        .bind(newsletter_id)
        .execute(&mut *tx)
        .await?;
        let recipients = copied.rows_affected() as i64;
        sqlx::query(
            "UPDATE newsletter_issues SET status = 'sending', started_at = $1, recipients = $2, \
             updated_at = $1 WHERE id = $3",
        )
        .bind(now.as_second())
        .bind(recipients)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(StartOutcome::Started { recipients })
    }

    pub async fn delivery_progress(&self, issue_id: IssueId) -> Result<DeliveryProgress> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*), \
             COALESCE(SUM(CASE WHEN last_error IS NOT NULL THEN 1 ELSE 0 END), 0) \
             FROM outbox WHERE issue_id = $1 GROUP BY status",
        )
        .bind(issue_id)
        .fetch_all(&self.pool)
        .await?;
        let mut progress = DeliveryProgress::default();
        for (status, n, tried) in rows {
            progress.total += n;
            match status.as_str() {
                "sent" => progress.sent = n,
                "failed" => progress.failed = n,
                _ => {
                    progress.queued = n;
                    progress.retrying = tried;
                }
            }
        }
        Ok(progress)
    }

    /// Recipients that failed for good or are waiting to retry, with the reason.
    pub async fn delivery_problems(
        &self,
        issue_id: IssueId,
        limit: i64,
    ) -> Result<Vec<FailedDelivery>> {
        let rows: Vec<(String, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT email, status, attempts, last_error FROM outbox WHERE issue_id = $1 \
             AND last_error IS NOT NULL AND status <> 'sent' ORDER BY status, id LIMIT $2",
        )
        .bind(issue_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(email, status, attempts, error)| FailedDelivery {
                email,
                status,
                attempts,
                last_error: error.unwrap_or_default(),
            })
            .collect())
    }
}
