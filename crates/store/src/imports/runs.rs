//! Imports started from the desk: the uploaded file, the job that runs it, and the
//! progress and report the desk shows.

use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::queue::{self, NewJob, Work};
use crate::{Db, Result, rows};

/// The key of the job that runs import `id` (one per import).
fn import_job_key(id: i64) -> String {
    format!("{}:{id}", Work::RUN_IMPORT)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportRunStatus {
    Queued,
    Running,
    Done,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportRun {
    pub id: i64,
    /// `ghost` or `wordpress`.
    pub platform: String,
    /// The name of the file as uploaded.
    pub file_name: String,
    /// Where the upload waits, relative to the data folder's imports/.
    pub stored_file: String,
    pub status: ImportRunStatus,
    pub stage: String,
    pub done_items: i64,
    pub total_items: i64,
    /// The importer's report as JSON, once done.
    pub report: Option<String>,
    pub error: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const COLUMNS: &str = "id, platform, file_name, stored_file, status, stage, done_items, total_items, \
    report, error, created_by, created_at, updated_at";

fn import_run(row: &AnyRow) -> Result<ImportRun> {
    let status: String = row.try_get("status")?;
    Ok(ImportRun {
        id: row.try_get("id")?,
        platform: row.try_get("platform")?,
        file_name: row.try_get("file_name")?,
        stored_file: row.try_get("stored_file")?,
        status: match status.as_str() {
            "running" => ImportRunStatus::Running,
            "done" => ImportRunStatus::Done,
            "failed" => ImportRunStatus::Failed,
            _ => ImportRunStatus::Queued,
        },
        stage: row.try_get("stage")?,
        done_items: row.try_get("done_items")?,
        total_items: row.try_get("total_items")?,
        report: row.try_get("report")?,
        error: row.try_get("error")?,
        created_by: row.try_get("created_by")?,
        created_at: rows::timestamp(row.try_get("created_at")?),
        updated_at: rows::timestamp(row.try_get("updated_at")?),
    })
}

impl Db {
    /// Records an uploaded import and queues the job that runs it, in one
    /// transaction: the import exists exactly when its job does.
    pub async fn queue_import_run(
        &self,
        platform: &str,
        file_name: &str,
        stored_file: &str,
        created_by: i64,
    ) -> Result<i64> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO imports (platform, file_name, stored_file, status, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, 'queued', $4, $5, $5) RETURNING id",
        )
        .bind(platform)
        .bind(file_name)
        .bind(stored_file)
        .bind(created_by)
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await?;
        queue::enqueue(
            &mut tx,
            &NewJob {
                work: Work::RunImport { import_id: id },
                key: &import_job_key(id),
                run_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn import_run(&self, id: i64) -> Result<Option<ImportRun>> {
        let sql = format!("SELECT {COLUMNS} FROM imports WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(import_run).transpose()
    }

    /// The newest imports first.
    pub async fn import_runs(&self, limit: i64) -> Result<Vec<ImportRun>> {
        let sql = format!("SELECT {COLUMNS} FROM imports ORDER BY id DESC LIMIT $1");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(import_run).collect()
    }

    /// Frees the jobs of imports whose worker stopped reporting progress before
    /// `stale_before` (its node died mid-import): another node, or this one after a
    /// restart, takes them up at once instead of waiting out the job's lease. The
    /// import is safe to repeat, so it carries on where the other stopped.
    ///
    /// A job counts as stalled only when it was also claimed (or its lease renewed)
    /// before `stale_before`: an import still `queued` whose worker died before its
    /// first progress report is stalled too, but one claimed a moment ago, whose
    /// worker has not written yet, is not.
    pub async fn release_stalled_imports(&self, stale_before: Timestamp) -> Result<u64> {
        let released = sqlx::query(
            "UPDATE jobs SET locked_until = NULL WHERE kind = $1 AND done_at IS NULL \
             AND locked_until IS NOT NULL AND locked_until < $3 AND key IN \
             (SELECT $1 || ':' || CAST(id AS TEXT) FROM imports \
              WHERE status IN ('queued', 'running') AND updated_at < $2)",
        )
        .bind(Work::RUN_IMPORT)
        .bind(stale_before.as_second())
        .bind(stale_before.as_second() + crate::queue::LEASE_SECONDS)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(released)
    }

    /// The job is at `stage`, `done` of `total` items in. An import that has ended
    /// keeps its end: a heartbeat's write that waited for the database behind the
    /// importer's last writes (SQLite's one writer) can land after the import finished,
    /// and must not set it back to running.
    pub async fn import_run_progress(
        &self,
        id: i64,
        stage: &str,
        done: i64,
        total: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE imports SET status = 'running', stage = $1, done_items = $2, total_items = $3, \
             updated_at = $4 WHERE id = $5 AND status IN ('queued', 'running')",
        )
        .bind(stage)
        .bind(done)
        .bind(total)
        .bind(Timestamp::now().as_second())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The import ended: with its report, or with the reason it could not run.
    pub async fn finish_import_run(
        &self,
        id: i64,
        outcome: std::result::Result<&str, &str>,
    ) -> Result<()> {
        let (status, report, error) = match outcome {
            Ok(report) => ("done", Some(report), None),
            Err(error) => ("failed", None, Some(error)),
        };
        sqlx::query(
            "UPDATE imports SET status = $1, report = $2, error = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(status)
        .bind(report)
        .bind(error)
        .bind(Timestamp::now().as_second())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
