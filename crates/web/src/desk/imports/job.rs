//! The import worker: runs desk imports one at a time, on a lane of their own so a
//! long import never holds up scheduled publishing or newsletters.
//!
//! While an import runs, a heartbeat writes its progress for the desk page every
//! second and renews the job's lease, so another node takes it over only if this one
//! stops. A file that cannot be imported ends the import with its reason; a database
//! that cannot be reached leaves the job to be retried, and the import (safe to
//! repeat) carries on where it stopped.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use byline_import::{Options, Progress};
use byline_store::{Job, Lane};
use jiff::Timestamp;

use crate::state::AppState;

const POLL: Duration = Duration::from_secs(2);
const HEARTBEAT: Duration = Duration::from_secs(1);
/// Tries before an import whose uploaded file cannot be found is given up.
const MISSING_FILE_ATTEMPTS: i64 = 5;
/// How often the worker looks for imports whose worker stopped.
const SWEEP: Duration = Duration::from_secs(5);
/// An import whose progress has not moved for this long lost its worker.
const STALLED: jiff::SignedDuration = jiff::SignedDuration::from_secs(15);
/// Renew the lease this often (well inside its two minutes).
const LEASE_RENEWAL: u32 = 30;

pub async fn run(state: Arc<AppState>) {
    // The sweep for stalled imports is a write: done every few seconds, not at every
    // poll, so an idle node does not keep taking SQLite's write lock.
    let mut last_sweep: Option<std::time::Instant> = None;
    loop {
        let now = Timestamp::now();
        if last_sweep.is_none_or(|at| at.elapsed() >= SWEEP) {
            last_sweep = Some(std::time::Instant::now());
            if let Err(error) = state.db.release_stalled_imports(now - STALLED).await {
                tracing::warn!(error = %error, "cannot look for stalled imports");
            }
        }
        match state.db.claim_job(now, Lane::Import).await {
            Ok(Some(job)) => {
                crate::worker::run_job(&state, job).await;
                continue;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(error = %error, "cannot check the import queue"),
        }
        tokio::select! {
            _ = state.imports_wake.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Where the import stands, shared between the importer and the heartbeat.
#[derive(Default)]
struct Shared {
    stage: String,
    done: u64,
    total: u64,
}

struct Tracker(Mutex<Shared>);

impl Progress for Tracker {
    fn stage(&self, stage: &str, total: u64) {
        let mut shared = self.0.lock().expect("progress lock");
        shared.stage = stage.to_owned();
        shared.total = total;
        shared.done = 0;
    }

    fn advance(&self, done: u64) {
        self.0.lock().expect("progress lock").done = done;
    }
}

/// Stops the heartbeat however the import ends, even when its task is cancelled (a
/// server shutting down): a heartbeat that outlived its import would keep the import
/// looking alive.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs a claimed import job.
pub(crate) async fn run_import(state: &AppState, job: &Job, import_id: i64) -> anyhow::Result<()> {
    let Some(run) = state.db.import_run(import_id).await? else {
        return Ok(());
    };
    if matches!(
        run.status,
        byline_store::ImportRunStatus::Done | byline_store::ImportRunStatus::Failed
    ) {
        return Ok(());
    }
    let dir = super::upload::imports_dir(state);
    let path = dir.join(&run.stored_file);
    let shared = super::upload::shared_key(&run.stored_file);
    if !path.exists() && state.media.local_folder().is_none() {
        fetch_upload(state, &shared, &path).await?;
    }
    if !path.exists() {
        // The upload waits in the data folder of the node that received it; on nodes
        // that do not share that folder, leave the job to the node that has the file.
        if job.attempts >= MISSING_FILE_ATTEMPTS {
            let message = "the uploaded file is no longer in the data folder; upload it again";
            state.db.finish_import_run(run.id, Err(message)).await?;
            return Ok(());
        }
        anyhow::bail!(
            "the uploaded file for import {} is not on this node",
            run.id
        );
    }
    let archive = match super::upload::open(&run.platform, &path, None) {
        Ok(archive) => archive,
        Err(error) => {
            state
                .db
                .finish_import_run(run.id, Err(&error.to_string()))
                .await?;
            return Ok(());
        }
    };
    let tracker = Arc::new(Tracker(Mutex::new(Shared::default())));
    let _heartbeat = AbortOnDrop({
        let tracker = tracker.clone();
        let db = state.db.clone();
        let (id, job_id) = (run.id, job.id);
        tokio::spawn(async move {
            let mut beats = 0u32;
            loop {
                tokio::time::sleep(HEARTBEAT).await;
                let (stage, done, total) = {
                    let shared = tracker.0.lock().expect("progress lock");
                    (shared.stage.clone(), shared.done, shared.total)
                };
                let _ = db
                    .import_run_progress(id, &stage, done as i64, total as i64)
                    .await;
                beats += 1;
                if beats.is_multiple_of(LEASE_RENEWAL) {
                    let _ = db.extend_job_lease(job_id, Timestamp::now()).await;
                }
            }
        })
    });
    let options = Options {
        dry_run: false,
        media_root: None,
        media: state.media.clone(),
    };
    let outcome = byline_import::import(&state.db, archive, &options, tracker.as_ref()).await;
    match outcome {
        Ok(report) => {
            let json = serde_json::to_string(&report)?;
            state.db.finish_import_run(run.id, Ok(&json)).await?;
            forget_upload(state, &shared, &path).await;
            tracing::info!(import.id = run.id, "import finished");
            Ok(())
        }
        Err(byline_import::ImportError::Read(error)) => {
            state
                .db
                .finish_import_run(run.id, Err(&error.to_string()))
                .await?;
            forget_upload(state, &shared, &path).await;
            Ok(())
        }
        Err(error) => Err(error.into()),
    }
}

/// Brings an upload another node received from the media storage into this node's
/// imports folder. A missing one is left for the checks that follow.
async fn fetch_upload(state: &AppState, key: &str, path: &std::path::Path) -> anyhow::Result<()> {
    let Some(bytes) = state.media.read(key).await? else {
        return Ok(());
    };
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    let partial = path.with_extension("partial");
    tokio::fs::write(&partial, &bytes).await?;
    tokio::fs::rename(&partial, path).await?;
    Ok(())
}

/// Removes a finished import's upload here and from the media storage.
async fn forget_upload(state: &AppState, key: &str, path: &std::path::Path) {
    let _ = tokio::fs::remove_file(path).await;
    if state.media.local_folder().is_none()
        && let Err(error) = state.media.delete(key).await
    {
        tracing::warn!(error = %error, key, "cannot remove an imported upload from the media storage");
    }
}
