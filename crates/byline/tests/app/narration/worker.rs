//! The background worker on both database engines, with espeak-ng (the fallback
//! voice, quick enough to narrate several versions in a test): publishing narrates,
//! an unchanged save does not, a changed text replaces the audio, and odd text is
//! spoken or skipped with a reason.

use std::time::Duration;

use byline_core::content::NewPost;
use byline_core::{PostKind, PostStatus, Slug};
use byline_store::{Db, NarrationStatus};
use byline_voice::child::Limits;
use jiff::Timestamp;

use super::support::{decode_mp3, espeak, narrating, publish, wait_for};
use crate::helpers::TestApp;

const STORY: &str = "The harbour closed at 6 p.m. on Nov. 16 as the storm arrived.\n\n\
    Crews moved 40 boats, and the port said repairs could cost $2.5 million.";

fn story(body: &str) -> NewPost {
    NewPost {
        slug: Slug::parse("storm-closes-harbour").unwrap(),
        kind: PostKind::Post,
        status: PostStatus::Published,
        title: "Storm closes the harbour".into(),
        subtitle: None,
        body_markdown: body.into(),
        image: None,
        featured: false,
        published_at: Some(Timestamp::now()),
        author_ids: vec![],
        tag_ids: vec![],
    }
}

#[tokio::test]
async fn publishing_narrates_in_the_background_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    background_narration(Db::open_sqlite_in(dir.path()).await.unwrap()).await;
}

#[tokio::test]
async fn publishing_narrates_in_the_background_on_postgres() {
    let url = byline_store::testing::create_postgres_database()
        .await
        .unwrap();
    background_narration(Db::connect(&url).await.unwrap()).await;
}

async fn background_narration(db: Db) {
    let id = db.create_post(story(STORY)).await.unwrap();
    let app = TestApp::on_with(db, |config| {
        config.narration = narrating(espeak(), Limits::default());
    })
    .await;
    let ready = wait_for(&app.db, id, Duration::from_secs(60), |n| {
        n.status == NarrationStatus::Ready
    })
    .await;
    let audio = ready.audio.unwrap();
    assert_eq!(audio.engine, "espeak-ng");
    let path = app.content_dir().join("audio").join(&audio.file);
    let decoded = decode_mp3(&std::fs::read(&path).unwrap());
    assert_eq!(decoded.channels, 1);
    assert!(decoded.seconds > 5.0 && decoded.rms > 0.01, "{decoded:?}");
    app.eventually_shows("/storm-closes-harbour/", "class=\"listen\"")
        .await;

    // A save that changes nothing a listener hears queues nothing.
    let mut same = story(STORY);
    same.featured = true;
    let post_id = id;
    crate::helpers::resave(&app.db, post_id, same).await;
    assert_eq!(
        app.db
            .claim_job(
                Timestamp::now() + jiff::SignedDuration::from_secs(1),
                byline_store::Lane::Narration
            )
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        app.db.narration(id).await.unwrap().unwrap().audio,
        Some(audio.clone())
    );

    // A changed text is narrated again, and the old file goes.
    crate::helpers::resave(&app.db, id, story("The harbour reopened on Monday.")).await;
    let renewed = wait_for(&app.db, id, Duration::from_secs(60), |n| {
        n.status == NarrationStatus::Ready && n.audio.as_ref().is_some_and(|a| a.file != audio.file)
    })
    .await;
    assert!(renewed.audio.unwrap().duration_ms < audio.duration_ms);
    // The old file is removed just after the new audio is recorded (which is what
    // `wait_for` saw), so give the worker a moment to get there.
    for _ in 0..100 {
        if !path.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!path.exists(), "the replaced narration is deleted");
    // The job is marked done just after its audio is recorded.
    let mut jobs = app.db.narration_jobs(id).await.unwrap();
    for _ in 0..100 {
        if jobs.iter().all(|j| j.done) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        jobs = app.db.narration_jobs(id).await.unwrap();
    }
    assert_eq!(jobs.len(), 2, "one job per spoken version: {jobs:?}");
    assert!(jobs.iter().all(|j| j.done && j.attempts == 1), "{jobs:?}");
    let metrics = app.get("/metrics").await.html;
    assert!(
        metrics.contains("byline_narrations_total{outcome=\"narrated\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains("byline_narration_duration_seconds"),
        "{metrics}"
    );
    app.stop().await;
}

#[tokio::test]
async fn odd_text_is_spoken_or_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_sqlite_in(dir.path()).await.unwrap();
    let long_sentence = format!(
        "The committee, which met {} until late, agreed",
        "again and again, ".repeat(200)
    );
    let odd = publish(
        &db,
        "odd-text",
        "Talks with Зеленський 🇺🇦 resume 🎉",
        &format!(
            "Officials said 👍 the G7 would meet.\n\n{long_sentence}.\n\n```\nfn main() {{}}\n```\n\n\
             ![A chart](/content/images/chart.png)\n\nSee https://example.org/report for more."
        ),
    )
    .await;
    let empty_body = publish(&db, "headline-only", "Polls close at 8 p.m.", "").await;
    let nothing = publish(&db, "nothing-to-say", "🎉🎉🎉", "").await;
    let app = TestApp::on_with(db, |config| {
        config.narration = narrating(espeak(), Limits::default());
    })
    .await;
    for id in [odd, empty_body] {
        let ready = wait_for(&app.db, id, Duration::from_secs(90), |n| {
            matches!(n.status, NarrationStatus::Ready | NarrationStatus::Failed)
        })
        .await;
        assert_eq!(ready.status, NarrationStatus::Ready, "{ready:?}");
        assert!(ready.audio.unwrap().duration_ms > 1000);
    }
    let skipped = wait_for(&app.db, nothing, Duration::from_secs(60), |n| {
        n.status == NarrationStatus::Skipped
    })
    .await;
    assert_eq!(
        skipped.error.as_deref(),
        Some("nothing to read aloud: the article has no text")
    );
    assert!(skipped.audio.is_none());
    assert!(app.get("/healthz").await.status.is_success());
    app.stop().await;
}
