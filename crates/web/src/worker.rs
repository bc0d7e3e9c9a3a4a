//! This node's worker for the durable job queue's quick lane, and the one dispatch
//! every lane's worker runs its jobs through. Every node runs a worker per lane (the
//! narration and import lanes' loops live with their features); the queue's claiming
//! keeps two nodes from running the same job at once, and a job whose worker died is
//! claimed again when its lease runs out.

use std::sync::Arc;
use std::time::Duration;

use byline_core::{IssueId, PostId};
use byline_store::{Job, Lane, StartOutcome, Work};
use futures_util::FutureExt;
use jiff::{SignedDuration, Timestamp};

use crate::state::AppState;

/// How often the queue is checked when nothing wakes the worker sooner.
const POLL: Duration = Duration::from_secs(1);

pub async fn run(state: Arc<AppState>) {
    loop {
        match state.db.claim_job(Timestamp::now(), Lane::Quick).await {
            Ok(Some(job)) => {
                run_job(&state, job).await;
                continue;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(error = %error, "cannot check the job queue"),
        }
        tokio::select! {
            _ = state.jobs_wake.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Runs a claimed job of any lane and records how it went. A job that panics fails
/// like any other (logged, retried later) instead of taking its lane's loop down with
/// it: a dead loop would leave every later job of the lane waiting for a restart.
pub(crate) async fn run_job(state: &AppState, job: Job) {
    let outcome = match job.work() {
        Ok(work) => std::panic::AssertUnwindSafe(perform(state, &job, work))
            .catch_unwind()
            .await
            .unwrap_or_else(|panic| {
                let reason = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "no message".to_owned());
                tracing::error!(job.id = job.id, job.kind = %job.kind, panic = %reason, "job panicked");
                Err(anyhow::anyhow!("the job panicked: {reason}"))
            }),
        Err(unreadable) => Err(unreadable.into()),
    };
    record_outcome(state, &job, outcome).await;
}

/// Every kind of job and its handler; no catch-all, so a new kind does not compile
/// until it has one.
async fn perform(state: &AppState, job: &Job, work: Work) -> anyhow::Result<()> {
    match work {
        Work::PublishPost { post_id, at } => publish(state, post_id, at).await,
        Work::SendIssue { issue_id, at } => start_scheduled_send(state, issue_id, at).await,
        Work::ResetMail { email } => {
            crate::desk::account::send_reset_mail(state, job, &email).await
        }
        Work::NarratePost { post_id, force } => {
            crate::narration::job::run_claimed(state, job, post_id, force).await
        }
        Work::RunImport { import_id } => {
            crate::desk::imports::job::run_import(state, job, import_id).await
        }
    }
}

/// Marks a job done, or records its failure and when to retry it.
async fn record_outcome(state: &AppState, job: &Job, outcome: anyhow::Result<()>) {
    let now = Timestamp::now();
    let recorded = match outcome {
        Ok(()) => state.db.complete_job(job.id, now).await,
        Err(error) => {
            // Exponential backoff: 10 s, 20 s, 40 s … capped at an hour. An import is
            // watched by the editor who started it and carries on where it stopped, so
            // it is tried again at least every minute.
            let cap = match job.work() {
                Ok(Work::RunImport { .. }) => 60,
                _ => 3600,
            };
            let wait = 10_i64
                .saturating_mul(1 << job.attempts.clamp(0, 9))
                .min(cap);
            tracing::warn!(job.id = job.id, job.kind = %job.kind, job.attempts = job.attempts,
                error = %format!("{error:#}"), retry.in_seconds = wait, "job failed; will retry");
            state
                .db
                .retry_job(
                    job.id,
                    &format!("{error:#}"),
                    now + SignedDuration::from_secs(wait),
                )
                .await
        }
    };
    if let Err(error) = recorded {
        // The lease runs out and the job is claimed again; it is safe to repeat.
        tracing::warn!(job.id = job.id, error = %error, "cannot record a job's outcome");
    }
}

async fn publish(state: &AppState, post_id: PostId, at: Timestamp) -> anyhow::Result<()> {
    let published = state.db.publish_scheduled(post_id, at).await?;
    if published {
        tracing::info!(post.id = post_id.get(), "scheduled post published");
        state.refresh_content_version().await;
    } else {
        tracing::info!(
            post.id = post_id.get(),
            "scheduled publication no longer due (rescheduled or changed)"
        );
    }
    Ok(())
}

/// A scheduled newsletter issue is due: fix its recipients and wake delivery. A job
/// for a time the issue no longer has (rescheduled, taken back) does nothing.
async fn start_scheduled_send(
    state: &AppState,
    issue_id: IssueId,
    at: Timestamp,
) -> anyhow::Result<()> {
    match state
        .db
        .start_issue_send(issue_id, Some(at), Timestamp::now())
        .await?
    {
        StartOutcome::Started { recipients } => {
            tracing::info!(
                issue.id = %issue_id,
                recipients,
                "scheduled newsletter send started"
            );
            state.wake_delivery();
        }
        outcome => {
            tracing::info!(
                issue.id = %issue_id,
                ?outcome,
                "scheduled newsletter send not due any more"
            );
        }
    }
    Ok(())
}

/// Signups nobody confirmed are kept this long, then forgotten.
const UNCONFIRMED_KEPT: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Hourly on every node (harmless if two do it at once): forget unconfirmed signups.
pub async fn purge_unconfirmed_signups(state: Arc<AppState>) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let now = Timestamp::now();
        match state
            .db
            .purge_unconfirmed(now, now - UNCONFIRMED_KEPT)
            .await
        {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "unconfirmed newsletter signups purged"),
            Err(error) => tracing::warn!(error = %error, "cannot purge unconfirmed signups"),
        }
    }
}
