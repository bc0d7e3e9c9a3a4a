//! Posts, people, notes, the feed, collections and settings.

use byline_core::{Collection, NoteKind, PostId, PostKind, PostStatus, Slug};
use byline_store::{CollectionStore, Db, Entity, NewFeedItem, PostQuery, SiteSettings, StoreError};
use jiff::{SignedDuration, Timestamp};

use crate::{article, hours_ago, newsroom};

crate::conformance!(
    posts_are_found_by_slug_with_authors_and_tags_in_order,
    a_taken_slug_is_refused,
    a_post_with_an_unknown_author_is_not_saved_at_all,
    drafts_and_scheduled_posts_stay_private,
    lists_are_newest_first_paginated_and_filtered,
    related_summaries_keep_order_and_skip_missing_or_unpublished,
    an_editors_note_sets_the_public_updated_time,
    a_plain_save_does_not_move_the_updated_time,
    every_change_moves_the_content_version,
    feed_items_are_newest_first,
    collections_keep_the_editors_order,
    site_settings_round_trip,
    reading_time_excerpt_and_safe_html_are_stored,
    opening_twice_keeps_data_and_schema,
);

async fn posts_are_found_by_slug_with_authors_and_tags_in_order(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(article(
        "bridge-closes",
        1,
        vec![n.editor, n.reporter],
        vec![n.politics, n.city],
    ))
    .await
    .unwrap();
    let post = db
        .published_post(&crate::slug("bridge-closes"))
        .await
        .unwrap()
        .unwrap();
    let authors: Vec<&str> = post
        .summary
        .authors
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(authors, ["Sam Reyes", "Олена Коваль"]);
    let tags: Vec<&str> = post.summary.tags.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(tags, ["politics", "city"]);
    assert_eq!(post.summary.section().unwrap().name, "Politics");
    assert!(
        db.published_post(&crate::slug("no-such-post"))
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_taken_slug_is_refused(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(article("bridge-closes", 1, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let err = db
        .create_post(article("bridge-closes", 2, vec![n.reporter], vec![n.city]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::SlugTaken(ref s) if s == "bridge-closes"),
        "{err:?}"
    );
}

async fn a_post_with_an_unknown_author_is_not_saved_at_all(db: &Db) {
    let n = newsroom(db).await;
    let err = db
        .create_post(article(
            "ghost-writer",
            1,
            vec![n.reporter, 9999],
            vec![n.city],
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                entity: Entity::Author,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        db.post_by_slug(&crate::slug("ghost-writer"))
            .await
            .unwrap()
            .is_none()
    );
}

async fn drafts_and_scheduled_posts_stay_private(db: &Db) {
    let n = newsroom(db).await;
    let mut draft = article("draft-story", 1, vec![n.reporter], vec![n.city]);
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    db.create_post(draft).await.unwrap();
    let mut scheduled = article("scheduled-story", -5, vec![n.reporter], vec![n.city]);
    scheduled.status = PostStatus::Scheduled;
    db.create_post(scheduled).await.unwrap();

    assert!(
        db.published_post(&crate::slug("draft-story"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        db.published_post(&crate::slug("scheduled-story"))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        db.post_by_slug(&crate::slug("draft-story"))
            .await
            .unwrap()
            .unwrap()
            .summary
            .status,
        PostStatus::Draft
    );
    let page = db
        .list_published(&PostQuery::default(), 10, 0)
        .await
        .unwrap();
    assert_eq!(page.total, 0);
    assert!(page.items.is_empty());
}

async fn lists_are_newest_first_paginated_and_filtered(db: &Db) {
    let n = newsroom(db).await;
    for (i, slug) in ["one", "two", "three", "four", "five"].iter().enumerate() {
        let tags = if i % 2 == 0 {
            vec![n.city]
        } else {
            vec![n.politics, n.city]
        };
        let author = if i < 2 { n.editor } else { n.reporter };
        let mut post = article(slug, i as i64 + 1, vec![author], tags);
        post.featured = i == 3;
        db.create_post(post).await.unwrap();
    }
    let mut page = article("about", 100, vec![], vec![]);
    page.kind = PostKind::Page;
    db.create_post(page).await.unwrap();

    let all = db
        .list_published(&PostQuery::default(), 2, 0)
        .await
        .unwrap();
    assert_eq!(all.total, 5, "pages are not posts");
    let slugs: Vec<&str> = all.items.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["one", "two"]);
    let third_page = db
        .list_published(&PostQuery::default(), 2, 4)
        .await
        .unwrap();
    assert_eq!(third_page.items.len(), 1);
    assert_eq!(third_page.items[0].slug.as_str(), "five");

    let politics = PostQuery {
        tag_id: Some(n.politics),
        ..PostQuery::default()
    };
    let tagged = db.list_published(&politics, 10, 0).await.unwrap();
    let slugs: Vec<&str> = tagged.items.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["two", "four"]);
    assert_eq!(tagged.total, 2);
    assert_eq!(
        tagged.items[0].tags.len(),
        2,
        "every tag is attached, not just the filter's"
    );

    let by_editor = PostQuery {
        author_id: Some(n.editor),
        ..PostQuery::default()
    };
    assert_eq!(db.list_published(&by_editor, 10, 0).await.unwrap().total, 2);

    let featured = PostQuery {
        featured_only: true,
        ..PostQuery::default()
    };
    let featured = db.list_published(&featured, 10, 0).await.unwrap();
    assert_eq!(featured.items.len(), 1);
    assert_eq!(featured.items[0].slug.as_str(), "four");

    let pages = PostQuery {
        kind: PostKind::Page,
        ..PostQuery::default()
    };
    assert_eq!(db.list_published(&pages, 10, 0).await.unwrap().total, 1);
}

async fn related_summaries_keep_order_and_skip_missing_or_unpublished(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(article("alpha", 1, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    db.create_post(article("beta", 2, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let mut draft = article("gamma", 3, vec![n.reporter], vec![n.city]);
    draft.status = PostStatus::Draft;
    db.create_post(draft).await.unwrap();
    let wanted: Vec<Slug> = ["beta", "missing", "gamma", "alpha"]
        .iter()
        .map(|s| Slug::parse(s).unwrap())
        .collect();
    let found = db.published_summaries(&wanted).await.unwrap();
    let slugs: Vec<&str> = found.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["beta", "alpha"]);
    assert_eq!(found[0].authors.len(), 1);
}

async fn an_editors_note_sets_the_public_updated_time(db: &Db) {
    let n = newsroom(db).await;
    let id = db
        .create_post(article("flood-warning", 5, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let before = db
        .published_post(&crate::slug("flood-warning"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(before.summary.updated_at, None);

    let first = Timestamp::from_second(hours_ago(3).as_second()).unwrap();
    let second = Timestamp::from_second(hours_ago(1).as_second()).unwrap();
    db.add_note(
        id,
        NoteKind::Correction,
        "An earlier version misstated the river level.",
        first,
    )
    .await
    .unwrap();
    db.add_note(id, NoteKind::Update, "Adds the mayor's statement.", second)
        .await
        .unwrap();
    let after = db
        .published_post(&crate::slug("flood-warning"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.summary.updated_at, Some(second));
    let kinds: Vec<NoteKind> = after.notes.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        [NoteKind::Update, NoteKind::Correction],
        "newest first"
    );

    let missing = db
        .add_note(PostId(424242), NoteKind::Update, "x", second)
        .await
        .unwrap_err();
    assert!(matches!(
        missing,
        StoreError::NotFound {
            entity: Entity::Post,
            ..
        }
    ));
}

async fn a_plain_save_does_not_move_the_updated_time(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(article("typo-story", 5, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    db.create_post(article("another-story", 4, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let post = db
        .published_post(&crate::slug("typo-story"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        post.summary.updated_at, None,
        "creating posts never sets Updated"
    );
}

async fn every_change_moves_the_content_version(db: &Db) {
    let start = db.content_version().await.unwrap();
    let n = newsroom(db).await;
    let after_people = db.content_version().await.unwrap();
    assert!(after_people.version > start.version);
    let id = db
        .create_post(article("versioned", 1, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let after_post = db.content_version().await.unwrap();
    assert!(after_post.version > after_people.version);
    db.add_note(
        id,
        NoteKind::Clarification,
        "Clarifies the date.",
        Timestamp::now(),
    )
    .await
    .unwrap();
    assert!(db.content_version().await.unwrap().version > after_post.version);
}

async fn feed_items_are_newest_first(db: &Db) {
    for (minutes, headline) in [(30, "older"), (5, "newest"), (12, "middle")] {
        db.create_feed_item(&NewFeedItem {
            headline: headline.into(),
            text: "Two lines of news.".into(),
            post_slug: Some(Slug::parse("bridge-closes").unwrap()),
            published_at: Timestamp::now() - SignedDuration::from_mins(minutes),
            updated_at: None,
            created_by: None,
            edition: byline_core::editions::MAIN_EDITION,
        })
        .await
        .unwrap();
    }
    let page = db.feed_items(2, 0).await.unwrap();
    assert_eq!(page.total, 3);
    let headlines: Vec<&str> = page.items.iter().map(|i| i.headline.as_str()).collect();
    assert_eq!(headlines, ["newest", "middle"]);
    assert_eq!(
        page.items[0].post_slug.as_ref().unwrap().as_str(),
        "bridge-closes"
    );
    assert_eq!(
        db.feed_items(2, 2).await.unwrap().items[0].headline,
        "older"
    );
}

async fn collections_keep_the_editors_order(db: &Db) {
    let n = newsroom(db).await;
    let a = db
        .create_post(article("a", 1, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let b = db
        .create_post(article("b", 2, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let mut draft = article("c", 3, vec![n.reporter], vec![n.city]);
    draft.status = PostStatus::Draft;
    let c = db.create_post(draft).await.unwrap();

    db.set_collection(Collection::EditorsPicks, &[b, c, a])
        .await
        .unwrap();
    let picks = db.collection(Collection::EditorsPicks, 10).await.unwrap();
    let slugs: Vec<&str> = picks.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["b", "a"], "drafts never show");
    assert!(
        db.collection(Collection::MoreNews, 10)
            .await
            .unwrap()
            .is_empty()
    );

    db.set_collection(Collection::EditorsPicks, &[a])
        .await
        .unwrap();
    assert_eq!(
        db.collection(Collection::EditorsPicks, 10)
            .await
            .unwrap()
            .len(),
        1
    );

    let err = db
        .set_collection(Collection::MoreNews, &[a, PostId(777)])
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                entity: Entity::Post,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        db.collection(Collection::MoreNews, 10)
            .await
            .unwrap()
            .is_empty(),
        "nothing half-saved"
    );
}

async fn site_settings_round_trip(db: &Db) {
    assert_eq!(db.site_settings().await.unwrap(), SiteSettings::default());
    // With no address saved, the one the server listens on stands in, and saving the
    // settings as read (the demo does, the desk's untouched form does) keeps it so.
    db.use_address_until_saved("http://127.0.0.1:3000");
    let unsaved = db.site_settings().await.unwrap();
    assert_eq!(unsaved.url, "http://127.0.0.1:3000");
    db.save_site_settings(&SiteSettings {
        title: "Renamed".into(),
        ..unsaved
    })
    .await
    .unwrap();
    db.use_address_until_saved("http://127.0.0.1:4000");
    assert_eq!(
        db.site_settings().await.unwrap().url,
        "http://127.0.0.1:4000"
    );
    let settings = SiteSettings {
        title: "The Riverside Ledger".into(),
        description: "News for the river towns".into(),
        timezone: "Europe/Kyiv".into(),
        language: "en".into(),
        url: "https://ledger.example".into(),
        logo_url: Some("/content/images/logo.svg".into()),
        icon_url: Some("/content/images/u/icon-480.png".into()),
        navigation: vec![byline_store::NavItem {
            label: "Wire".into(),
            url: "/tag/wire/".into(),
        }],
        audio_disclosure: "Read by a machine voice".into(),
        image_hosts: vec!["photos.wire.example".into(), "cdn.ledger.example".into()],
    };
    db.save_site_settings(&settings).await.unwrap();
    db.save_site_settings(&settings).await.unwrap();
    assert_eq!(db.site_settings().await.unwrap(), settings);
    assert!(db.is_empty().await.unwrap());
}

async fn reading_time_excerpt_and_safe_html_are_stored(db: &Db) {
    let n = newsroom(db).await;
    let mut long = article("long-read", 1, vec![n.reporter], vec![n.city]);
    long.body_markdown = format!("{}\n\n<script>alert(1)</script>", "word ".repeat(1100));
    db.create_post(long).await.unwrap();
    let post = db
        .published_post(&crate::slug("long-read"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(post.summary.reading_minutes, 4);
    assert!(!post.body_html.contains("<script"));
    assert!(post.summary.excerpt.starts_with("word word"));

    let mut with_subtitle = article("standfirst", 2, vec![n.reporter], vec![n.city]);
    with_subtitle.subtitle = Some("The council meets at dawn.".into());
    db.create_post(with_subtitle).await.unwrap();
    let post = db
        .published_post(&crate::slug("standfirst"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(post.summary.excerpt, "The council meets at dawn.");
    assert_eq!(post.summary.reading_minutes, 1);
    assert!(!db.is_empty().await.unwrap());
}

async fn opening_twice_keeps_data_and_schema(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(article("kept", 1, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    // Running the migrations again (as a second node or a restart does) is harmless.
    db.ping().await.unwrap();
    assert!(
        db.published_post(&crate::slug("kept"))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(db.list_tags().await.unwrap().len(), 2);
    assert_eq!(db.list_authors().await.unwrap().len(), 2);
}
