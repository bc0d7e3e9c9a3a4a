//! One storage contract, two engines: every test here runs against SQLite (a fresh
//! file in a temp folder) and PostgreSQL (a fresh database on the test server).

use byline_core::content::NewPost;
use byline_core::search::SearchQuery;
use byline_core::{Collection, NoteKind, PostKind, PostStatus, Slug};
use byline_store::testing::{create_postgres_database, drop_postgres_database};
use byline_store::{
    CollectionStore, Db, NewAuthor, NewFeedItem, NewTag, PostQuery, PreparedPost, SiteSettings,
    StoreError,
};
use jiff::{SignedDuration, Timestamp};

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    let db = byline_store::Db::open_sqlite_in(dir.path()).await.unwrap();
                    super::$name(&db).await;
                    db.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let url = super::create_postgres_database().await.unwrap();
                    let db = byline_store::Db::connect(&url).await.unwrap();
                    super::$name(&db).await;
                    db.close().await;
                    super::drop_postgres_database(&url).await;
                }
            )*
        }
    };
}

conformance!(
    posts_are_found_by_slug_with_authors_and_tags_in_order,
    a_taken_slug_is_refused_and_a_free_one_offered,
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
    search_ranks_titles_above_bodies,
    search_needs_every_word_and_honours_phrases,
    search_matches_prefixes_as_the_reader_types,
    search_folds_case_accents_and_cyrillic,
    search_never_shows_drafts_and_follows_edits_and_unpublishing,
    search_survives_hostile_input,
    reindex_rebuilds_the_index,
    editing_keeps_the_updated_time_and_refuses_taken_slugs,
    sitemap_and_feed_queries_list_what_is_published,
    a_common_word_ranks_the_newest_matches_and_a_rare_one_reaches_the_archive,
    suggestions_match_headlines_and_standfirsts_only,
);

struct Newsroom {
    reporter: i64,
    editor: i64,
    city: i64,
    politics: i64,
}

async fn newsroom(db: &Db) -> Newsroom {
    let reporter = db
        .create_author(&NewAuthor {
            slug: Slug::parse("olena-koval").unwrap(),
            name: "Олена Коваль".into(),
            bio: Some("Covers the **city hall**.".into()),
            photo_url: None,
        })
        .await
        .unwrap();
    let editor = db
        .create_author(&NewAuthor {
            slug: Slug::parse("sam-reyes").unwrap(),
            name: "Sam Reyes".into(),
            bio: None,
            photo_url: Some("/content/images/sam.svg".into()),
        })
        .await
        .unwrap();
    let city = db
        .create_tag(&NewTag {
            slug: Slug::parse("city").unwrap(),
            name: "City".into(),
            description: Some("Streets, budgets, bridges".into()),
        })
        .await
        .unwrap();
    let politics = db
        .create_tag(&NewTag {
            slug: Slug::parse("politics").unwrap(),
            name: "Politics".into(),
            description: None,
        })
        .await
        .unwrap();
    Newsroom {
        reporter: reporter.id,
        editor: editor.id,
        city: city.id,
        politics: politics.id,
    }
}

fn hours_ago(hours: i64) -> Timestamp {
    Timestamp::now() - SignedDuration::from_hours(hours)
}

fn article(slug: &str, hours: i64, authors: Vec<i64>, tags: Vec<i64>) -> NewPost {
    NewPost {
        slug: Slug::parse(slug).unwrap(),
        kind: PostKind::Post,
        status: PostStatus::Published,
        title: format!("Headline of {slug}"),
        subtitle: None,
        body_markdown: "Some words in a body.".into(),
        image: None,
        featured: false,
        published_at: Some(hours_ago(hours)),
        author_ids: authors,
        tag_ids: tags,
    }
}

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
    let post = db.published_post("bridge-closes").await.unwrap().unwrap();
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
    assert!(db.published_post("no-such-post").await.unwrap().is_none());
}

async fn a_taken_slug_is_refused_and_a_free_one_offered(db: &Db) {
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
    let free = db
        .free_post_slug(&Slug::parse("bridge-closes").unwrap())
        .await
        .unwrap();
    assert_eq!(free.as_str(), "bridge-closes-2");
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
        matches!(err, StoreError::NotFound { what: "author", .. }),
        "{err:?}"
    );
    assert!(db.post_by_slug("ghost-writer").await.unwrap().is_none());
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

    assert!(db.published_post("draft-story").await.unwrap().is_none());
    assert!(
        db.published_post("scheduled-story")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        db.post_by_slug("draft-story")
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
    let before = db.published_post("flood-warning").await.unwrap().unwrap();
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
    let after = db.published_post("flood-warning").await.unwrap().unwrap();
    assert_eq!(after.summary.updated_at, Some(second));
    let kinds: Vec<NoteKind> = after.notes.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds,
        [NoteKind::Update, NoteKind::Correction],
        "newest first"
    );

    let missing = db
        .add_note(424242, NoteKind::Update, "x", second)
        .await
        .unwrap_err();
    assert!(matches!(missing, StoreError::NotFound { what: "post", .. }));
}

async fn a_plain_save_does_not_move_the_updated_time(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(article("typo-story", 5, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    db.create_post(article("another-story", 4, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let post = db.published_post("typo-story").await.unwrap().unwrap();
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
        .set_collection(Collection::MoreNews, &[a, 777])
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { what: "post", .. }),
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
    let settings = SiteSettings {
        title: "The Riverside Ledger".into(),
        description: "News for the river towns".into(),
        timezone: "Europe/Kyiv".into(),
        language: "en".into(),
        url: "https://ledger.example".into(),
        logo_url: Some("/content/images/logo.svg".into()),
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
    let post = db.published_post("long-read").await.unwrap().unwrap();
    assert_eq!(post.summary.reading_minutes, 4);
    assert!(!post.body_html.contains("<script"));
    assert!(post.summary.excerpt.starts_with("word word"));

    let mut with_subtitle = article("standfirst", 2, vec![n.reporter], vec![n.city]);
    with_subtitle.subtitle = Some("The council meets at dawn.".into());
    db.create_post(with_subtitle).await.unwrap();
    let post = db.published_post("standfirst").await.unwrap().unwrap();
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
    assert!(db.published_post("kept").await.unwrap().is_some());
    assert_eq!(db.list_tags().await.unwrap().len(), 2);
    assert_eq!(db.list_authors().await.unwrap().len(), 2);
}

fn story(
    slug: &str,
    title: &str,
    subtitle: Option<&str>,
    body: &str,
    hours: i64,
    n: &Newsroom,
) -> NewPost {
    NewPost {
        title: title.into(),
        subtitle: subtitle.map(str::to_owned),
        body_markdown: body.into(),
        ..article(slug, hours, vec![n.reporter], vec![n.city])
    }
}

async fn typed(db: &Db, query: &str) -> Vec<String> {
    let query = SearchQuery::as_typed(query).unwrap();
    let results = db.search(&query, 20, 0).await.unwrap();
    results
        .hits
        .iter()
        .map(|hit| hit.post.slug.to_string())
        .collect()
}

async fn found(db: &Db, query: &str) -> Vec<String> {
    let query = SearchQuery::parse(query).unwrap();
    let results = db.search(&query, 20, 0).await.unwrap();
    assert_eq!(results.total as usize, results.hits.len());
    assert!(results.complete, "a small archive is searched whole");
    results
        .hits
        .iter()
        .map(|hit| hit.post.slug.to_string())
        .collect()
}

async fn search_ranks_titles_above_bodies(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(story(
        "body-mention",
        "Council meets",
        None,
        "The ferry schedule was discussed at length, and the ferry fares too.",
        1,
        &n,
    ))
    .await
    .unwrap();
    db.create_post(story(
        "title-mention",
        "Ferry service returns",
        None,
        "Boats are back.",
        30,
        &n,
    ))
    .await
    .unwrap();
    db.create_post(story(
        "subtitle-mention",
        "Harbour news",
        Some("The ferry is late"),
        "Nothing else.",
        2,
        &n,
    ))
    .await
    .unwrap();
    assert_eq!(
        found(db, "ferry ").await,
        ["title-mention", "subtitle-mention", "body-mention"]
    );
}

async fn search_needs_every_word_and_honours_phrases(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(story(
        "wall-east",
        "Flood wall on the east bank",
        None,
        "Gaps remain.",
        1,
        &n,
    ))
    .await
    .unwrap();
    db.create_post(story(
        "wall-west",
        "West bank wall",
        None,
        "A flood of letters arrived.",
        2,
        &n,
    ))
    .await
    .unwrap();
    let mut both = found(db, "flood wall ").await;
    both.sort();
    assert_eq!(both, ["wall-east", "wall-west"]);
    assert_eq!(found(db, "\"flood wall\" ").await, ["wall-east"]);
    assert_eq!(found(db, "flood east ").await, ["wall-east"]);
    assert!(found(db, "flood volcano ").await.is_empty());
}

async fn search_matches_prefixes_as_the_reader_types(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(story(
        "festival",
        "Jazz festival returns to the wharf",
        None,
        "Music all weekend.",
        1,
        &n,
    ))
    .await
    .unwrap();
    assert_eq!(typed(db, "fest").await, ["festival"]);
    assert_eq!(typed(db, "jazz wha").await, ["festival"]);
    assert_eq!(
        typed(db, "festiv").await,
        ["festival"],
        "longer than the prefix index"
    );
    assert!(
        typed(db, "fest ").await.is_empty(),
        "a finished word is not a prefix"
    );
    assert!(
        found(db, "fest").await.is_empty(),
        "a submitted search matches whole words"
    );
}

async fn search_folds_case_accents_and_cyrillic(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(story(
        "choir",
        "Хор «Верба» співає на набережній",
        None,
        "Олена Коваль reports from the CAFÉ by the water.",
        1,
        &n,
    ))
    .await
    .unwrap();
    assert_eq!(found(db, "верба ").await, ["choir"]);
    assert_eq!(found(db, "ВЕРБА ").await, ["choir"]);
    assert_eq!(found(db, "Коваль ").await, ["choir"]);
    assert_eq!(
        found(db, "koval ").await,
        ["choir"],
        "Latin spelling finds the Cyrillic name"
    );
    assert_eq!(found(db, "cafe ").await, ["choir"]);
    assert_eq!(found(db, "Café ").await, ["choir"]);
    let query = SearchQuery::parse("Коваль").unwrap();
    let hit = &db.search(&query, 10, 0).await.unwrap().hits[0];
    assert!(query.snippet(&hit.text, 20).contains("<mark>Коваль</mark>"));
}

async fn search_never_shows_drafts_and_follows_edits_and_unpublishing(db: &Db) {
    let n = newsroom(db).await;
    let mut draft = story("secret", "Secret bridge report", None, "Embargoed.", 1, &n);
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    let draft_id = db.create_post(draft.clone()).await.unwrap();
    let mut scheduled = story("later", "Bridge report tomorrow", None, "Soon.", -3, &n);
    scheduled.status = PostStatus::Scheduled;
    db.create_post(scheduled).await.unwrap();
    assert!(found(db, "bridge ").await.is_empty());

    db.set_status(draft_id, PostStatus::Published, Some(Timestamp::now()))
        .await
        .unwrap();
    assert_eq!(found(db, "bridge ").await, ["secret"]);

    let mut edited = draft.clone();
    edited.status = PostStatus::Published;
    edited.published_at = Some(Timestamp::now());
    edited.title = "Tunnel report released".into();
    db.update_post(draft_id, edited).await.unwrap();
    assert!(
        found(db, "bridge ").await.is_empty(),
        "the old title is gone from the index"
    );
    assert_eq!(found(db, "tunnel ").await, ["secret"]);

    db.set_status(draft_id, PostStatus::Draft, None)
        .await
        .unwrap();
    assert!(found(db, "tunnel ").await.is_empty());
    assert!(db.published_post("secret").await.unwrap().is_none());
}

async fn search_survives_hostile_input(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(story(
        "or-story",
        "Council OR mayor",
        None,
        "NEAR the river, AND the wharf.",
        1,
        &n,
    ))
    .await
    .unwrap();
    let long = "river ".repeat(2000);
    for input in [
        "\"unclosed phrase",
        "NEAR(river wharf)",
        "river OR ",
        "-river",
        "river*",
        "'; DROP TABLE posts; --",
        "title:river",
        "^river",
        "river & !wharf | (mayor",
        "river:* <-> wharf",
        long.as_str(),
        "\u{0}river\u{7}",
        "🌊 river 🌉",
    ] {
        if let Some(query) = SearchQuery::parse(input) {
            db.search(&query, 10, 0)
                .await
                .unwrap_or_else(|e| panic!("{input:?}: {e}"));
        }
    }
    assert_eq!(found(db, "'; DROP TABLE posts; --").await.len(), 0);
    assert_eq!(found(db, "NEAR(river wharf)").await, ["or-story"]);
    assert!(db.published_post("or-story").await.unwrap().is_some());
}

async fn reindex_rebuilds_the_index(db: &Db) {
    let n = newsroom(db).await;
    for i in 0..7 {
        db.create_post(story(
            &format!("story-{i}"),
            &format!("Harbour story {i}"),
            None,
            "Text.",
            i + 1,
            &n,
        ))
        .await
        .unwrap();
    }
    let mut calls = Vec::new();
    let indexed = db
        .reindex(|done, total| calls.push((done, total)))
        .await
        .unwrap();
    assert_eq!(indexed, 7);
    assert_eq!(calls.last(), Some(&(7, 7)));
    assert_eq!(found(db, "harbour ").await.len(), 7);
}

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
    db.update_post(id, edit.clone()).await.unwrap();
    let post = db.published_post("first").await.unwrap().unwrap();
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
    let err = db.update_post(id, clash).await.unwrap_err();
    assert!(matches!(err, StoreError::SlugTaken(_)), "{err:?}");
    assert_eq!(
        db.published_post("first")
            .await
            .unwrap()
            .unwrap()
            .summary
            .title,
        "A typo fixed"
    );
    assert!(matches!(
        db.update_post(98765, edit).await.unwrap_err(),
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
    assert_eq!(city.last_modified, Some(note_time));
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
    let again = db.published_post("fresh").await.unwrap().unwrap();
    assert_eq!(
        again.summary.uuid, recent[0].summary.uuid,
        "the GUID is stable"
    );
}

async fn a_common_word_ranks_the_newest_matches_and_a_rare_one_reaches_the_archive(db: &Db) {
    let n = newsroom(db).await;
    let posts: Vec<PreparedPost> = (0..2_150)
        .map(|i| {
            let body = if i == 0 {
                "The harbour archive mentions a zeppelin."
            } else {
                "The harbour was busy."
            };
            PreparedPost::new(story(
                &format!("harbour-{i}"),
                &format!("Harbour day {i}"),
                None,
                body,
                10_000 - i,
                &n,
            ))
            .unwrap()
        })
        .collect();
    db.create_posts(&posts).await.unwrap();

    let common = db
        .search(&SearchQuery::parse("harbour ").unwrap(), 10, 0)
        .await
        .unwrap();
    assert!(
        !common.complete,
        "a word in every post is ranked among the newest only"
    );
    assert_eq!(
        common.total, 500,
        "a lower bound: at least the ranked window"
    );
    assert_eq!(common.hits.len(), 10);
    assert!(
        common
            .hits
            .iter()
            .all(|hit| hit.post.slug.as_str() != "harbour-0")
    );

    let rare = db
        .search(&SearchQuery::parse("zeppelin ").unwrap(), 10, 0)
        .await
        .unwrap();
    assert!(rare.complete);
    assert_eq!(rare.total, 1);
    assert_eq!(
        rare.hits[0].post.slug.as_str(),
        "harbour-0",
        "the oldest post is still found"
    );

    let past_the_end = db
        .search(&SearchQuery::parse("harbour ").unwrap(), 10, 5_000)
        .await
        .unwrap();
    assert!(past_the_end.hits.is_empty());
}

async fn suggestions_match_headlines_and_standfirsts_only(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(story(
        "in-title",
        "Councillors vote on the ferry",
        None,
        "Text.",
        1,
        &n,
    ))
    .await
    .unwrap();
    db.create_post(story(
        "in-standfirst",
        "Harbour news",
        Some("The councillors disagree"),
        "Text.",
        2,
        &n,
    ))
    .await
    .unwrap();
    db.create_post(story(
        "in-body",
        "Market day",
        None,
        "The councillors were absent.",
        3,
        &n,
    ))
    .await
    .unwrap();
    let mut draft = story("draft-title", "Councillors draft", None, "Text.", 4, &n);
    draft.status = PostStatus::Draft;
    db.create_post(draft).await.unwrap();
    let typed = SearchQuery::as_typed("councillo").unwrap();
    let suggestions = db.search_headlines(&typed, 10).await.unwrap();
    let slugs: Vec<&str> = suggestions
        .hits
        .iter()
        .map(|h| h.post.slug.as_str())
        .collect();
    assert_eq!(slugs, ["in-title", "in-standfirst"]);
    let everything = db.search(&typed, 10, 0).await.unwrap();
    assert_eq!(everything.total, 3, "the full search also reads bodies");

    let id = db
        .published_post("in-title")
        .await
        .unwrap()
        .unwrap()
        .summary
        .id;
    db.set_status(id, PostStatus::Draft, None).await.unwrap();
    let after = db.search_headlines(&typed, 10).await.unwrap();
    assert_eq!(after.total, 1, "unpublishing leaves the headline index too");
    db.reindex(|_, _| {}).await.unwrap();
    assert_eq!(db.search_headlines(&typed, 10).await.unwrap().total, 1);
}
