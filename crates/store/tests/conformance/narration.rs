//! Narration's bookkeeping: which saves queue a narration job (only a changed spoken
//! text of a published article), where audio is recorded, and switching it off.

use byline_core::narration::SpokenText;
use byline_core::{PostId, PostKind, PostStatus};
use byline_store::{Db, Lane, NarrationAudio, NarrationStatus, Work};
use jiff::{SignedDuration, Timestamp};

use crate::{article, newsroom, resave, restatus, staff};

crate::conformance!(
    publishing_an_article_queues_one_narration_job,
    saving_without_a_change_to_the_spoken_text_queues_nothing,
    drafts_and_pages_are_not_narrated_until_an_article_is_published,
    recorded_audio_is_listed_for_the_podcast_and_replaces_the_old_file,
    switching_narration_off_hides_the_audio_and_stops_new_jobs,
    a_running_narration_keeps_its_job_by_renewing_the_lease,
    an_article_published_by_its_first_desk_save_is_narrated,
    recent_desk_articles_that_missed_narration_are_queued_once,
);

/// Claims the next narration job and marks it done; returns what it asked for.
async fn take_job(db: &Db) -> Option<Work> {
    let now = Timestamp::now() + SignedDuration::from_secs(1);
    let job = db.claim_job(now, Lane::Narration).await.unwrap()?;
    db.complete_job(job.id, now).await.unwrap();
    Some(job.work().unwrap())
}

/// The post a narration job narrates.
fn narrated_post(work: Work) -> PostId {
    match work {
        Work::NarratePost { post_id, .. } => post_id,
        other => panic!("the narration lane gave out {other:?}"),
    }
}

fn audio(hash: &str, file: &str) -> NarrationAudio {
    NarrationAudio {
        text_hash: hash.into(),
        file: file.into(),
        bytes: 123_456,
        duration_ms: 61_500,
        engine: "Piper en_US-joe-medium".into(),
        narrated_at: Timestamp::from_second(1_790_000_000).unwrap(),
    }
}

async fn publishing_an_article_queues_one_narration_job(db: &Db) {
    let n = newsroom(db).await;
    let post = article("river-report", 1, vec![n.reporter], vec![n.city]);
    let expected = SpokenText::prepare(&post.title, None, &post.body_markdown).hash();
    let id = db.create_post(post).await.unwrap();

    let later = Timestamp::now() + SignedDuration::from_secs(1);
    assert_eq!(
        db.claim_job(later, Lane::Quick).await.unwrap(),
        None,
        "the general worker leaves narration to the narration worker"
    );
    let job = take_job(db).await.expect("a narration job");
    assert_eq!(
        job,
        Work::NarratePost {
            post_id: id,
            force: false
        }
    );
    assert_eq!(take_job(db).await, None, "exactly one job");

    let narration = db.narration(id).await.unwrap().unwrap();
    assert_eq!(narration.status, NarrationStatus::Queued);
    assert_eq!(narration.wanted_hash.as_deref(), Some(expected.as_str()));
    assert!(narration.enabled);
    assert_eq!(narration.audio, None);
}

async fn saving_without_a_change_to_the_spoken_text_queues_nothing(db: &Db) {
    let n = newsroom(db).await;
    let post = article("council-vote", 1, vec![n.reporter], vec![n.city]);
    let id = db.create_post(post.clone()).await.unwrap();
    take_job(db).await.expect("the first narration");

    // Tags, authors, the lead photo and "featured" are not read aloud.
    let mut same_words = post.clone();
    same_words.featured = true;
    same_words.tag_ids = vec![n.politics];
    same_words.author_ids = vec![n.editor];
    resave(db, id, same_words.clone()).await.unwrap();
    assert_eq!(
        take_job(db).await,
        None,
        "no narration for an unchanged text"
    );

    // A caption-only or code-only change is not spoken either.
    let mut code_only = same_words.clone();
    code_only.body_markdown = format!("{}\n\n```\nlet x = 1;\n```", post.body_markdown);
    resave(db, id, code_only).await.unwrap();
    assert_eq!(take_job(db).await, None, "code blocks are not read aloud");

    let mut new_words = same_words.clone();
    new_words.body_markdown = "The council voted seven to two.".into();
    resave(db, id, new_words).await.unwrap();
    assert_eq!(take_job(db).await.map(narrated_post), Some(id));

    // Going back to the earlier text is a change too: the audio speaks the newer one.
    resave(db, id, same_words).await.unwrap();
    assert_eq!(take_job(db).await.map(narrated_post), Some(id));
}

async fn drafts_and_pages_are_not_narrated_until_an_article_is_published(db: &Db) {
    let n = newsroom(db).await;
    let mut draft = article("draft-story", 1, vec![n.reporter], vec![n.city]);
    draft.status = PostStatus::Draft;
    let draft_id = db.create_post(draft).await.unwrap();
    let mut page = article("about", 1, vec![], vec![]);
    page.kind = PostKind::Page;
    db.create_post(page).await.unwrap();
    assert_eq!(take_job(db).await, None);
    assert_eq!(db.narration(draft_id).await.unwrap(), None);

    restatus(db, draft_id, PostStatus::Published, Some(Timestamp::now())).await;
    assert_eq!(take_job(db).await.map(narrated_post), Some(draft_id));
    assert_eq!(
        db.narratable_posts()
            .await
            .unwrap()
            .into_iter()
            .map(|(_, slug)| slug)
            .collect::<Vec<_>>(),
        vec!["draft-story".to_owned()],
        "pages are never narrated"
    );
}

async fn recorded_audio_is_listed_for_the_podcast_and_replaces_the_old_file(db: &Db) {
    let n = newsroom(db).await;
    let id = db
        .create_post(article("bridge-opens", 2, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let wanted = db
        .narration(id)
        .await
        .unwrap()
        .unwrap()
        .wanted_hash
        .unwrap();
    assert!(
        db.narrated_articles(byline_core::editions::MAIN_EDITION, 10)
            .await
            .unwrap()
            .is_empty()
    );

    let first = audio(&wanted, "aaaa.mp3");
    assert_eq!(db.record_narration(id, &first).await.unwrap(), None);
    let narration = db.narration(id).await.unwrap().unwrap();
    assert_eq!(narration.status, NarrationStatus::Ready);
    assert_eq!(narration.audio.as_ref(), Some(&first));
    let listed = db
        .narrated_articles(byline_core::editions::MAIN_EDITION, 10)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].0.slug.as_str(), "bridge-opens");
    assert_eq!(listed[0].1, first);

    let second = audio(&wanted, "bbbb.mp3");
    assert_eq!(
        db.record_narration(id, &second).await.unwrap().as_deref(),
        Some("aaaa.mp3"),
        "the replaced file is handed back for deletion"
    );
    assert!(!db.narration_file_in_use("aaaa.mp3").await.unwrap());
    assert!(db.narration_file_in_use("bbbb.mp3").await.unwrap());

    // Audio of an older text is kept (better than nothing) but the post stays queued.
    let stale = audio("an-older-text", "cccc.mp3");
    db.record_narration(id, &stale).await.unwrap();
    assert_eq!(
        db.narration(id).await.unwrap().unwrap().status,
        NarrationStatus::Queued
    );
}

async fn switching_narration_off_hides_the_audio_and_stops_new_jobs(db: &Db) {
    let n = newsroom(db).await;
    let post = article("flood-warning", 1, vec![n.reporter], vec![n.city]);
    let id = db.create_post(post.clone()).await.unwrap();
    take_job(db).await.unwrap();
    let wanted = db
        .narration(id)
        .await
        .unwrap()
        .unwrap()
        .wanted_hash
        .unwrap();
    db.record_narration(id, &audio(&wanted, "dddd.mp3"))
        .await
        .unwrap();

    db.set_narration_enabled(id, false).await.unwrap();
    let off = db.narration(id).await.unwrap().unwrap();
    assert_eq!((off.enabled, off.status), (false, NarrationStatus::Off));
    assert!(
        db.narrated_articles(byline_core::editions::MAIN_EDITION, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(db.narratable_posts().await.unwrap().is_empty());

    let mut changed = post;
    changed.body_markdown = "The river rose again overnight.".into();
    resave(db, id, changed).await.unwrap();
    assert_eq!(take_job(db).await, None, "no narration while it is off");

    db.set_narration_enabled(id, true).await.unwrap();
    assert_eq!(take_job(db).await.map(narrated_post), Some(id));
    assert!(db.narration(id).await.unwrap().unwrap().enabled);

    db.request_narration(id, true).await.unwrap();
    assert_eq!(
        take_job(db).await,
        Some(Work::NarratePost {
            post_id: id,
            force: true
        }),
        "the desk's Regenerate narrates even an unchanged text"
    );
}

async fn a_running_narration_keeps_its_job_by_renewing_the_lease(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(article("long-read", 1, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let start = Timestamp::now() + SignedDuration::from_secs(1);
    let job = db.claim_job(start, Lane::Narration).await.unwrap().unwrap();
    let at = |secs| start + SignedDuration::from_secs(secs);
    db.extend_job_lease(job.id, at(100)).await.unwrap();
    assert_eq!(
        db.claim_job(at(150), Lane::Narration).await.unwrap(),
        None,
        "a renewed lease holds past the first one's end"
    );
    let again = db
        .claim_job(at(230), Lane::Narration)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        again.id, job.id,
        "a worker that stopped renewing loses the job"
    );
}

async fn an_article_published_by_its_first_desk_save_is_narrated(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", byline_core::Role::Editor).await;
    let post = article("ferry-returns", 0, vec![n.reporter], vec![n.city]);
    let expected = SpokenText::prepare(&post.title, None, &post.body_markdown).hash();
    let id = db.create_desk_post(post, ana.id).await.unwrap();

    assert_eq!(
        take_job(db).await,
        Some(Work::NarratePost {
            post_id: id,
            force: false
        })
    );
    let narration = db.narration(id).await.unwrap().expect("a narration row");
    assert_eq!(narration.status, NarrationStatus::Queued);
    assert_eq!(narration.wanted_hash.as_deref(), Some(expected.as_str()));
}

/// Articles published by their first desk save before that save queued narration
/// have no narration row; the worker's start-up sweep queues the recent ones, once.
async fn recent_desk_articles_that_missed_narration_are_queued_once(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", byline_core::Role::Editor).await;
    let missed = db
        .create_desk_post(
            article("missed-story", 2, vec![n.reporter], vec![n.city]),
            ana.id,
        )
        .await
        .unwrap();
    let old = db
        .create_desk_post(
            article("old-story", 24 * 40, vec![n.reporter], vec![n.city]),
            ana.id,
        )
        .await
        .unwrap();
    let unsigned = db
        .create_post(article("cli-story", 2, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    while take_job(db).await.is_some() {}
    // As the old first save left them: no narration row.
    for id in [missed, old, unsigned] {
        sqlx::query("DELETE FROM narrations WHERE post_id = $1")
            .bind(id)
            .execute(db.pool())
            .await
            .unwrap();
    }

    let since = Timestamp::now() - SignedDuration::from_hours(30 * 24);
    assert_eq!(db.queue_missed_narrations(since).await.unwrap(), 1);
    assert_eq!(
        take_job(db).await,
        Some(Work::NarratePost {
            post_id: missed,
            force: false
        })
    );
    assert_eq!(take_job(db).await, None, "older and unsigned articles wait");
    assert_eq!(
        db.narration(missed).await.unwrap().unwrap().status,
        NarrationStatus::Queued
    );
    assert_eq!(db.queue_missed_narrations(since).await.unwrap(), 0, "once");
}
