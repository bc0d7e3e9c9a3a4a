//! Faults: an engine that hangs, one that crashes, and a worker process that dies.
//! Each fails its job with the reason, which is retried later with backoff; the
//! server keeps serving throughout.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use byline_core::PostId;
use byline_store::{Db, NarrationStatus};
use byline_voice::child::Limits;
use byline_voice::{EngineChoice, VoiceSettings};
use jiff::Timestamp;

use super::support::{narrating, publish, wait_for};
use crate::helpers::TestApp;

/// An executable shell script in `dir`.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn espeak_at(path: PathBuf) -> VoiceSettings {
    VoiceSettings {
        engine: EngineChoice::Espeak,
        espeak_ng: Some(path),
        ..VoiceSettings::default()
    }
}

/// Starts a node narrating with `config` and waits for the article's narration to fail.
async fn failure(
    narration: byline_web::narration::NarrationConfig,
) -> (TestApp, PostId, String, tempfile::TempDir) {
    failure_of("It passed 7 to 2.", narration).await
}

async fn failure_of(
    body: &str,
    narration: byline_web::narration::NarrationConfig,
) -> (TestApp, PostId, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_sqlite_in(dir.path()).await.unwrap();
    let id = publish(&db, "council-budget", "Council passes the budget", body).await;
    let app = TestApp::on_with(db, move |config| config.narration = narration).await;
    let failed = wait_for(&app.db, id, Duration::from_secs(60), |n| {
        n.status == NarrationStatus::Failed
    })
    .await;
    (app, id, failed.error.unwrap_or_default(), dir)
}

/// The failed job waits for a retry with backoff and keeps the reason.
async fn assert_retried_later(app: &TestApp, id: PostId, reason: &str) {
    let jobs = app.db.narration_jobs(id).await.unwrap();
    let job = jobs.last().unwrap();
    assert!(!job.done, "{job:?}");
    assert!(job.attempts >= 1, "{job:?}");
    assert_eq!(job.last_error.as_deref(), Some(reason));
    assert!(
        job.run_at > Timestamp::now() + jiff::SignedDuration::from_secs(5),
        "retried later, not at once: {job:?}"
    );
    assert!(app.get("/healthz").await.status.is_success());
    assert!(app.get("/council-budget/").await.status.is_success());
}

#[tokio::test]
async fn an_engine_that_hangs_is_stopped_and_the_job_retried_later() {
    let tools = tempfile::tempdir().unwrap();
    let hanging = script(tools.path(), "espeak-ng", "sleep 600");
    let limits = Limits {
        start: Duration::from_secs(30),
        paragraph: Duration::from_secs(2),
    };
    let started = std::time::Instant::now();
    let (app, id, reason, _db_dir) = failure(narrating(espeak_at(hanging), limits)).await;
    assert_eq!(
        reason,
        "the speech engine took longer than 2 s on paragraph 1 of 2; it was stopped"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_retried_later(&app, id, &reason).await;
    app.stop().await;
}

#[tokio::test]
async fn an_engine_that_crashes_fails_the_job_with_the_reason() {
    let tools = tempfile::tempdir().unwrap();
    let crashing = script(tools.path(), "espeak-ng", "kill -SEGV $$");
    let (app, id, reason, _db_dir) =
        failure(narrating(espeak_at(crashing), Limits::default())).await;
    assert!(
        reason.starts_with("espeak-ng was killed by signal 11"),
        "{reason}"
    );
    assert_retried_later(&app, id, &reason).await;
    app.stop().await;
}

#[tokio::test]
async fn a_narration_worker_that_dies_fails_the_job_not_the_server() {
    let tools = tempfile::tempdir().unwrap();
    let espeak = super::support::engine(EngineChoice::Espeak);
    let byline_voice::EngineSpec::Espeak { espeak_ng } = espeak else {
        unreachable!()
    };
    let dying = script(
        tools.path(),
        "byline",
        "echo 'out of memory' >&2\nkill -KILL $$",
    );
    let mut config = narrating(espeak_at(espeak_ng), Limits::default());
    config.worker = Some(dying);
    let (app, id, reason, _db_dir) = failure(config).await;
    assert_eq!(
        reason,
        "the speech engine was killed by signal 9 while loading the voice: out of memory"
    );
    assert_retried_later(&app, id, &reason).await;
    app.stop().await;
}

#[tokio::test]
async fn a_worker_that_hangs_before_reading_a_long_article_is_stopped() {
    let tools = tempfile::tempdir().unwrap();
    let espeak = super::support::engine(EngineChoice::Espeak);
    let byline_voice::EngineSpec::Espeak { espeak_ng } = espeak else {
        unreachable!()
    };
    // It never reads its request: more than a pipe's 64 KB of it cannot be written.
    let stuck = script(tools.path(), "byline", "exec sleep 600");
    let mut config = narrating(
        espeak_at(espeak_ng),
        Limits {
            start: Duration::from_secs(2),
            paragraph: Duration::from_secs(2),
        },
    );
    config.worker = Some(stuck);
    let body = "The council met again to weigh the harbour plan. ".repeat(3000);
    let (app, id, reason, _db_dir) = failure_of(&body, config).await;
    assert_eq!(
        reason,
        "the speech engine took longer than 2 s while loading the voice; it was stopped"
    );
    assert_retried_later(&app, id, &reason).await;
    app.stop().await;
}
