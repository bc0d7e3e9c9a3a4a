//! The durable job queue: work that must happen later or again after a crash
//! (scheduled publishing and sends, account email, narration, imports). What each job
//! does is a [`Work`]; which worker claims it is its [`Lane`].
//!
//! A job is enqueued in the same transaction as the change that needs it, under an
//! idempotency key, so it exists exactly when the change does. Workers on any node
//! claim due jobs: PostgreSQL skips rows another node has locked (`FOR UPDATE SKIP
//! LOCKED`); SQLite has one writer, so the claiming UPDATE is atomic by itself. A
//! claim holds for a lease; a worker that dies mid-job leaves it to be claimed again
//! when the lease runs out, which is why every job must be safe to run twice.

use jiff::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::{Db, Engine, Result};

mod work;

pub use work::{Lane, Work};

/// How long a claimed job is reserved for its worker.
pub const LEASE_SECONDS: i64 = 120;

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub key: String,
    /// The stored kind, for logs (and for reading `work` when the payload is bad).
    pub kind: String,
    payload: String,
    /// Including this one.
    pub attempts: i64,
}

impl Job {
    /// What the job does; stored data this version cannot read is
    /// [`crate::StoreError::Corrupt`], which fails the job like any other error.
    pub fn work(&self) -> Result<Work> {
        Work::read(&self.kind, &self.payload)
    }
}

/// A job to add; nothing happens if one with the same key exists.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    pub work: Work,
    /// What makes the job once-only: the same change queues it under the same key.
    pub key: &'a str,
    pub run_at: Timestamp,
}

/// A job's stored state, for tests and operators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobState {
    pub attempts: i64,
    pub last_error: Option<String>,
    pub done: bool,
    pub run_at: Timestamp,
}

pub(crate) async fn enqueue(conn: &mut AnyConnection, job: &NewJob<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO jobs (kind, key, payload, run_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(job.work.kind())
    .bind(job.key)
    .bind(job.work.payload())
    .bind(job.run_at.as_second())
    .execute(conn)
    .await?;
    Ok(())
}

impl Db {
    pub async fn enqueue_job(&self, job: &NewJob<'_>) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        enqueue(&mut conn, job).await
    }

    /// Claims the job of `lane` that has waited longest among those due at `now`.
    pub async fn claim_job(&self, now: Timestamp, lane: Lane) -> Result<Option<Job>> {
        let kinds: Vec<&str> = lane.kinds().collect();
        let placeholders = (3..3 + kinds.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let lock = match self.engine {
            Engine::Postgres => " FOR UPDATE SKIP LOCKED",
            Engine::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET attempts = attempts + 1, locked_until = $1 WHERE id = (\
               SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= $2 \
               AND kind IN ({placeholders}) \
               AND (locked_until IS NULL OR locked_until < $2) \
               ORDER BY run_at, id LIMIT 1{lock}) \
             RETURNING id, kind, key, payload, attempts"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(now.as_second() + LEASE_SECONDS)
            .bind(now.as_second());
        for kind in kinds {
            query = query.bind(kind);
        }
        let Some(row) = query.fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        Ok(Some(Job {
            id: row.try_get("id")?,
            kind: row.try_get("kind")?,
            key: row.try_get("key")?,
            payload: row.try_get("payload")?,
            attempts: row.try_get("attempts")?,
        }))
    }

    /// Keeps a long job's claim: its worker calls this while it is still working.
    pub async fn extend_job_lease(&self, id: i64, now: Timestamp) -> Result<()> {
        sqlx::query("UPDATE jobs SET locked_until = $1 WHERE id = $2 AND done_at IS NULL")
            .bind(now.as_second() + LEASE_SECONDS)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn complete_job(&self, id: i64, at: Timestamp) -> Result<()> {
        sqlx::query(
            "UPDATE jobs SET done_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2",
        )
        .bind(at.as_second())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a failure and when to try again.
    pub async fn retry_job(&self, id: i64, error: &str, retry_at: Timestamp) -> Result<()> {
        sqlx::query(
            "UPDATE jobs SET last_error = $1, run_at = $2, locked_until = NULL WHERE id = $3",
        )
        .bind(error)
        .bind(retry_at.as_second())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn job_state(&self, key: &str) -> Result<Option<JobState>> {
        let row =
            sqlx::query("SELECT attempts, last_error, done_at, run_at FROM jobs WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        row.as_ref().map(job_state).transpose()
    }
}

/// A job's state from a row with `attempts, last_error, done_at, run_at`.
pub(crate) fn job_state(row: &sqlx::any::AnyRow) -> Result<JobState> {
    Ok(JobState {
        attempts: row.try_get("attempts")?,
        last_error: row.try_get("last_error")?,
        done: row.try_get::<Option<i64>, _>("done_at")?.is_some(),
        run_at: crate::rows::timestamp(row.try_get("run_at")?),
    })
}
