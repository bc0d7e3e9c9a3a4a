//! Full-text search on both engines.

use byline_core::PostStatus;
use byline_core::search::SearchQuery;
use byline_store::{Db, PreparedPost};
use jiff::Timestamp;

use crate::{found, newsroom, resave, restatus, story, typed};

crate::conformance!(
    search_ranks_titles_above_bodies,
    search_needs_every_word_and_honours_phrases,
    search_matches_prefixes_as_the_reader_types,
    search_folds_case_accents_and_cyrillic,
    search_never_shows_drafts_and_follows_edits_and_unpublishing,
    search_survives_hostile_input,
    reindex_rebuilds_the_index,
    a_common_word_ranks_the_newest_matches_and_a_rare_one_reaches_the_archive,
    suggestions_match_headlines_and_standfirsts_only,
);

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

    restatus(db, draft_id, PostStatus::Published, Some(Timestamp::now())).await;
    assert_eq!(found(db, "bridge ").await, ["secret"]);

    let mut edited = draft.clone();
    edited.status = PostStatus::Published;
    edited.published_at = Some(Timestamp::now());
    edited.title = "Tunnel report released".into();
    resave(db, draft_id, edited).await.unwrap();
    assert!(
        found(db, "bridge ").await.is_empty(),
        "the old title is gone from the index"
    );
    assert_eq!(found(db, "tunnel ").await, ["secret"]);

    restatus(db, draft_id, PostStatus::Draft, None).await;
    assert!(found(db, "tunnel ").await.is_empty());
    assert!(
        db.published_post(&crate::slug("secret"))
            .await
            .unwrap()
            .is_none()
    );
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
    assert!(
        db.published_post(&crate::slug("or-story"))
            .await
            .unwrap()
            .is_some()
    );
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

async fn a_common_word_ranks_the_newest_matches_and_a_rare_one_reaches_the_archive(db: &Db) {
    let n = newsroom(db).await;
    let posts: Vec<PreparedPost> = (0..2_150)
        .map(|i| {
            // "ferry" is in the 600 oldest rows only: too sparse among the newest to
            // be found by reading them (PostgreSQL then asks its word index).
            let body = if i == 0 {
                "The harbour archive mentions a zeppelin."
            } else if i < 600 {
                "The harbour ferry was busy."
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

    let older = db
        .search(&SearchQuery::parse("ferry ").unwrap(), 10, 0)
        .await
        .unwrap();
    assert!(!older.complete, "600 matches: ranked among the newest 500");
    assert_eq!(older.total, 500);
    assert_eq!(older.hits.len(), 10);
    assert!(older.hits.iter().all(|hit| {
        let n: usize = hit.post.slug.as_str()["harbour-".len()..].parse().unwrap();
        (100..600).contains(&n)
    }));

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
        .published_post(&crate::slug("in-title"))
        .await
        .unwrap()
        .unwrap()
        .summary
        .id;
    restatus(db, id, PostStatus::Draft, None).await;
    let after = db.search_headlines(&typed, 10).await.unwrap();
    assert_eq!(after.total, 1, "unpublishing leaves the headline index too");
    db.reindex(|_, _| {}).await.unwrap();
    assert_eq!(db.search_headlines(&typed, 10).await.unwrap().total, 1);
}
