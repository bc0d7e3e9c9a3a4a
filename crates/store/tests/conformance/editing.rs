//! Editing and publishing posts, and what feeds and sitemaps read.

use byline_core::{NoteKind, PostId, PostKind, PostStatus, Slug};
use byline_store::{Db, PostQuery, PreparedPost, StoreError, publish_job_key};
use jiff::{SignedDuration, Timestamp};

use crate::{article, newsroom, resave, slug, story, typed};

crate::conformance!(
    editing_keeps_the_updated_time_and_refuses_taken_slugs,
    sitemap_and_feed_queries_list_what_is_published,
    a_batch_of_new_posts_takes_the_steps_of_a_save,
);

async fn editing_keeps_the_updated_time_and_refuses_taken_slugs(db: &Db) {
    let n = newsroom(db).await;
    let id = db
        .create_post(article("first", 3, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    db.create_post(article("second", 2, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let mut edit = article("first", 3, vec![n.editor, n.reporter], vec![n.politics]);
    edit.title = "A typo fixed".into();
    resave(db, id, edit.clone()).await.unwrap();
    let post = db
        .published_post(&crate::slug("first"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(post.summary.title, "A typo fixed");
    assert_eq!(
        post.summary.updated_at, None,
        "a plain save is not a significant update"
    );
    assert_eq!(post.summary.authors.len(), 2);
    assert_eq!(post.summary.tags[0].slug.as_str(), "politics");

    let mut clash = edit.clone();
    clash.slug = Slug::parse("second").unwrap();
    clash.title = "Should not be saved".into();
    let err = resave(db, id, clash).await.unwrap_err();
    assert!(matches!(err, StoreError::SlugTaken(_)), "{err:?}");
    assert_eq!(
        db.published_post(&crate::slug("first"))
            .await
            .unwrap()
            .unwrap()
            .summary
            .title,
        "A typo fixed"
    );
    assert!(matches!(
        resave(db, PostId(98765), edit).await.unwrap_err(),
        StoreError::NotFound { .. }
    ));
}

async fn sitemap_and_feed_queries_list_what_is_published(db: &Db) {
    let n = newsroom(db).await;
    let id = db
        .create_post(article("fresh", 1, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    db.create_post(article("old", 72, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let mut draft = article("hidden", 1, vec![n.reporter], vec![n.city]);
    draft.status = PostStatus::Draft;
    db.create_post(draft).await.unwrap();
    let note_time = Timestamp::from_second(Timestamp::now().as_second()).unwrap();
    db.add_note(id, NoteKind::Update, "More.", note_time)
        .await
        .unwrap();

    assert_eq!(db.count_published(PostKind::Post).await.unwrap(), 2);
    let entries = db.sitemap_posts(PostKind::Post, 10, 0).await.unwrap();
    let slugs: Vec<&str> = entries.iter().map(|e| e.slug.as_str()).collect();
    assert_eq!(slugs, ["fresh", "old"]);
    assert_eq!(entries[0].last_modified, Some(note_time));

    let tags = db.sitemap_people(false).await.unwrap();
    assert_eq!(tags.len(), 2);
    let city = tags.iter().find(|t| t.slug == "city").unwrap();
    // A section page changes when an article joins it: its newest publication.
    let fresh = db
        .published_post(&crate::slug("fresh"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(city.last_modified, fresh.summary.published_at);
    assert_eq!(
        tags.iter()
            .find(|t| t.slug == "politics")
            .unwrap()
            .last_modified,
        None
    );
    assert_eq!(db.sitemap_people(true).await.unwrap().len(), 2);

    let two_days = PostQuery {
        since: Some(Timestamp::now() - SignedDuration::from_hours(48)),
        ..PostQuery::default()
    };
    let recent = db.recent_posts(&two_days, 10).await.unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].summary.slug.as_str(), "fresh");
    assert!(recent[0].body_html.contains("Some words"));
    assert_eq!(recent[0].summary.uuid.len(), 36);
    let again = db
        .published_post(&crate::slug("fresh"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        again.summary.uuid, recent[0].summary.uuid,
        "the GUID is stable"
    );
}

/// `byline generate`'s batches end in the steps every save ends in (`posts/save.rs`):
/// bylines and sections, the search index for what is published, and a publish job
/// for what is scheduled. Narration is the one step a generated archive skips.
async fn a_batch_of_new_posts_takes_the_steps_of_a_save(db: &Db) {
    let n = newsroom(db).await;
    let published = story(
        "batch-tide-tables",
        "Tide tables reprinted",
        None,
        "The harbour office reprinted its tide tables for the winter.",
        2,
        &n,
    );
    let at = Timestamp::from_second(Timestamp::now().as_second() + 3 * 3600).unwrap();
    let mut scheduled = story("batch-tide-embargo", "Tide embargo", None, "Later.", 0, &n);
    scheduled.status = PostStatus::Scheduled;
    scheduled.published_at = Some(at);
    let mut draft = story("batch-tide-draft", "Tide draft", None, "Not yet.", 0, &n);
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    let posts: Vec<PreparedPost> = [published, scheduled, draft]
        .into_iter()
        .map(|post| PreparedPost::new(post).unwrap())
        .collect();
    db.create_posts(&posts).await.unwrap();

    assert_eq!(
        typed(db, "tide").await,
        ["batch-tide-tables"],
        "only the published post is searchable"
    );
    let stored = db
        .published_post(&slug("batch-tide-tables"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.summary.authors[0].id, n.reporter);
    assert_eq!(stored.summary.tags[0].id, n.city);
    assert_eq!(
        db.narration(stored.summary.id).await.unwrap(),
        None,
        "a generated archive is not narrated"
    );
    let embargoed = db
        .post_by_slug(&slug("batch-tide-embargo"))
        .await
        .unwrap()
        .unwrap();
    assert!(
        db.job_state(&publish_job_key(embargoed.summary.id, at))
            .await
            .unwrap()
            .is_some(),
        "a scheduled post in a batch is published at its time"
    );
}
