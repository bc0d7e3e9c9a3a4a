//! This node's worker for the durable job queue. Every node runs one; the queue's
//! claiming keeps two nodes from running the same job at once, and a job whose
//! worker died is claimed again when its lease runs out.

use std::sync::Arc;
use std::time::Duration;

use byline_store::{Job, NEWSLETTER_SEND_JOB, PUBLISH_JOB, StartOutcome};
use jiff::{SignedDuration, Timestamp};

use crate::state::AppState;

/// How often the queue is checked when nothing wakes the worker sooner.
const POLL: Duration = Duration::from_secs(1);

pub async fn run(state: Arc<AppState>) {
    loop {
        match state.db.claim_job(Timestamp::now()).await {
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

async fn run_job(state: &AppState, job: Job) {
    let outcome = match job.kind.as_str() {
        PUBLISH_JOB => publish(state, &job).await,
        NEWSLETTER_SEND_JOB => start_scheduled_send(state, &job).await,
        crate::desk::account::RESET_MAIL_JOB => {
            crate::desk::account::send_reset_mail(state, &job).await
        }
        other => Err(anyhow::anyhow!(
            "no worker for jobs of kind '{other}' in this version of Byline"
        )),
    };
    record_outcome(state, &job, outcome).await;
}

/// Marks a job done, or records its failure and when to retry it.
pub(crate) async fn record_outcome(state: &AppState, job: &Job, outcome: anyhow::Result<()>) {
    let now = Timestamp::now();
    let recorded = match outcome {
        Ok(()) => state.db.complete_job(job.id, now).await,
        Err(error) => {
            // Exponential backoff: 10 s, 20 s, 40 s … capped at an hour.
            let wait = 10_i64
                .saturating_mul(1 << job.attempts.clamp(0, 9))
                .min(3600);
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

#[derive(serde::Deserialize)]
struct PublishPayload {
    post_id: i64,
    at: i64,
}

async fn publish(state: &AppState, job: &Job) -> anyhow::Result<()> {
    let payload: PublishPayload = serde_json::from_str(&job.payload)?;
    let at = Timestamp::from_second(payload.at)?;
    let published = state.db.publish_scheduled(payload.post_id, at).await?;
    if published {
        tracing::info!(post.id = payload.post_id, "scheduled post published");
        state.refresh_content_version().await;
    } else {
        tracing::info!(
            post.id = payload.post_id,
            "scheduled publication no longer due (rescheduled or changed)"
        );
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct SendPayload {
    issue_id: i64,
    at: i64,
}

/// A scheduled newsletter issue is due: fix its recipients and wake delivery. A job
/// for a time the issue no longer has (rescheduled, taken back) does nothing.
async fn start_scheduled_send(state: &AppState, job: &Job) -> anyhow::Result<()> {
    let payload: SendPayload = serde_json::from_str(&job.payload)?;
    let at = Timestamp::from_second(payload.at)?;
    match state
        .db
        .start_issue_send(payload.issue_id, Some(at), Timestamp::now())
        .await?
    {
        StartOutcome::Started { recipients } => {
            tracing::info!(
                issue.id = payload.issue_id,
                recipients,
                "scheduled newsletter send started"
            );
            state.wake_delivery();
        }
        outcome => {
            tracing::info!(
                issue.id = payload.issue_id,
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
