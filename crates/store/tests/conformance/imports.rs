//! An import writes its posts a batch per transaction, with the batch's lookups and
//! links in multi-row statements: a source id listed twice, two posts wanting one
//! slug, a slug the site already uses and an old address two posts claim must all
//! come out as they would one post at a time.

use byline_store::{ImportPost, Imported, Lane, PreparedPost};

use super::*;

crate::conformance!(
    one_batch_settles_repeats_clashes_and_shared_old_addresses,
    a_batch_again_updates_what_it_made,
    a_stalled_import_is_freed_for_another_worker,
    imported_posts_land_in_their_editions,
);

fn imported(source_id: &str, slug: &str, old_paths: &[&str], n: &Newsroom) -> ImportPost {
    let post = NewPost {
        title: format!("Imported {source_id}"),
        ..article(slug, 48, vec![n.reporter, n.editor], vec![n.city])
    };
    ImportPost {
        source_id: source_id.into(),
        checksum: format!("sum of {source_id}"),
        prepared: PreparedPost::without_spoken_text(post).unwrap(),
        uuid: None,
        created_at: None,
        old_paths: old_paths.iter().map(|p| p.to_string()).collect(),
        edition: byline_core::editions::MAIN_EDITION,
    }
}

async fn redirect(db: &Db, from: &str) -> Option<String> {
    db.redirect_for(from).await.unwrap().map(|r| r.to_path)
}

async fn one_batch_settles_repeats_clashes_and_shared_old_addresses(db: &Db) {
    let n = newsroom(db).await;
    db.create_post(article("council-votes", 5, vec![n.editor], vec![]))
        .await
        .unwrap();
    let created = Timestamp::from_second(1_500_000_000).unwrap();
    let uuid = "0b7e6c1e-8f2a-4c55-9d1e-3a5b2c7d9e10";
    let mut batch = vec![
        ImportPost {
            uuid: Some(uuid.into()),
            created_at: Some(created),
            ..imported("101", "river-report", &["/?p=101", "/2019/river/"], &n)
        },
        // The site has this slug already (made in the desk).
        imported("102", "council-votes", &["/?p=102"], &n),
        // Two posts of the batch want one slug.
        imported("103", "budget", &["/?p=103", "/shared/"], &n),
        imported("104", "budget", &["/?p=104", "/shared/"], &n),
        // The export lists post 101 twice: the last listing is the one written.
        ImportPost {
            checksum: "sum of 101, again".into(),
            uuid: Some(uuid.into()),
            created_at: Some(created),
            ..imported("101", "river-report", &["/?p=101"], &n)
        },
        // Not a UUID: the post gets one of its own.
        ImportPost {
            uuid: Some("wp-105".into()),
            ..imported("105", "ferry", &[], &n)
        },
    ];
    let outcomes = db.import_posts("wordpress", &mut batch).await.unwrap();
    // Listed twice, made once, from its last listing.
    assert!(matches!(outcomes[4], Imported::Created(_)));
    assert_eq!(outcomes[0], Imported::Updated(outcomes[4].id()));
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| matches!(o, Imported::Created(_)))
            .count(),
        5
    );

    let river = db
        .post_by_slug(&crate::slug("river-report"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(river.summary.id, outcomes[0].post_id());
    assert_eq!(river.summary.uuid, uuid);
    let kept: i64 = sqlx::query_scalar("SELECT created_at FROM posts WHERE id = $1")
        .bind(river.summary.id)
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(kept, created.as_second());
    let names: Vec<&str> = river
        .summary
        .authors
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Олена Коваль", "Sam Reyes"],
        "bylines once, in order"
    );
    assert_eq!(river.summary.tags.len(), 1);
    assert!(
        db.post_by_slug(&crate::slug("council-votes-2"))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        db.post_by_slug(&crate::slug("budget"))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        db.post_by_slug(&crate::slug("budget-2"))
            .await
            .unwrap()
            .is_some()
    );
    let ferry = db
        .post_by_slug(&crate::slug("ferry"))
        .await
        .unwrap()
        .unwrap();
    assert!(uuid::Uuid::parse_str(&ferry.summary.uuid).is_ok());

    assert_eq!(
        redirect(db, "/?p=101").await.as_deref(),
        Some("/river-report/")
    );
    assert_eq!(
        redirect(db, "/2019/river/").await.as_deref(),
        Some("/river-report/")
    );
    assert_eq!(
        redirect(db, "/?p=102").await.as_deref(),
        Some("/council-votes-2/")
    );
    assert_eq!(redirect(db, "/?p=104").await.as_deref(), Some("/budget-2/"));
    // Claimed by two posts: the later one has it.
    assert_eq!(
        redirect(db, "/shared/").await.as_deref(),
        Some("/budget-2/")
    );

    let ids = ["101", "102", "103", "104", "105"];
    let remembered = db.imported_rows("wordpress", "post", &ids).await.unwrap();
    assert_eq!(remembered.len(), 5);
    assert_eq!(
        remembered["101"],
        (outcomes[0].id(), "sum of 101, again".to_owned())
    );
    assert_eq!(
        found(db, "Imported").await.len(),
        5,
        "each post indexed once"
    );
}

async fn a_batch_again_updates_what_it_made(db: &Db) {
    let n = newsroom(db).await;
    let mut first = vec![
        imported("201", "tram-line", &["/?p=201"], &n),
        imported("202", "tram-fares", &[], &n),
    ];
    let made = db.import_posts("ghost", &mut first).await.unwrap();
    let mut again = vec![
        ImportPost {
            checksum: "changed".into(),
            ..imported("201", "tram-line-opens", &["/?p=201"], &n)
        },
        imported("202", "tram-fares", &[], &n),
    ];
    let outcomes = db.import_posts("ghost", &mut again).await.unwrap();
    assert_eq!(
        outcomes,
        [
            Imported::Updated(made[0].id()),
            Imported::Updated(made[1].id())
        ]
    );
    let moved = db
        .post_by_slug(&crate::slug("tram-line-opens"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(moved.summary.id, made[0].post_id());
    assert_eq!(
        moved.summary.authors.len(),
        2,
        "bylines replaced, not added"
    );
    assert_eq!(
        redirect(db, "/tram-line/").await.as_deref(),
        Some("/tram-line-opens/")
    );
    assert_eq!(
        redirect(db, "/?p=201").await.as_deref(),
        Some("/tram-line-opens/")
    );
    assert_eq!(found(db, "Imported").await.len(), 2);
}

/// A worker that dies mid-import, even before its first progress report, leaves its
/// import to another worker once nothing has moved for a while; an import claimed a
/// moment ago, or still reporting, is left with its worker. The sweep is given the
/// time before which progress counts as stale (a node passes its clock less 15 s).
async fn a_stalled_import_is_freed_for_another_worker(db: &Db) {
    let admin = staff(db, "imports@example.com", "Ida Imports", Role::Admin).await;
    let import = db
        .queue_import_run("wordpress", "site.xml", "stored-site.xml", admin.id)
        .await
        .unwrap();
    let now = Timestamp::now();
    let at = |seconds: i64| now + SignedDuration::from_secs(seconds);
    let first = db.claim_job(now, Lane::Import).await.unwrap().unwrap();
    // Its worker dies before it reports anything: the import still says `queued`.
    assert_eq!(db.release_stalled_imports(at(-5)).await.unwrap(), 0);
    assert!(db.claim_job(at(5), Lane::Import).await.unwrap().is_none());
    assert_eq!(db.release_stalled_imports(at(5)).await.unwrap(), 1);
    let second = db.claim_job(at(20), Lane::Import).await.unwrap().unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(second.attempts, 2);
    // Claimed ten seconds ago and not yet reporting: its worker is still starting.
    assert_eq!(db.release_stalled_imports(at(15)).await.unwrap(), 0);
    // Reporting progress keeps it; progress that stops frees it again.
    db.import_run_progress(import, "posts and pages", 10, 100)
        .await
        .unwrap();
    let reported = db.import_run(import).await.unwrap().unwrap().updated_at;
    assert_eq!(
        db.release_stalled_imports(reported - SignedDuration::from_secs(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(db.release_stalled_imports(at(40)).await.unwrap(), 1);
    // A finished import's job is never freed.
    db.finish_import_run(import, Ok("{}")).await.unwrap();
    db.complete_job(first.id, at(41)).await.unwrap();
    assert_eq!(db.release_stalled_imports(at(600)).await.unwrap(), 0);
    // A heartbeat that reaches the database after the end does not undo it.
    db.import_run_progress(import, "posts and pages", 90, 100)
        .await
        .unwrap();
    let run = db.import_run(import).await.unwrap().unwrap();
    assert_eq!(run.status, byline_store::ImportRunStatus::Done);
}

async fn imported_posts_land_in_their_editions(db: &Db) {
    use byline_core::editions::MAIN_EDITION;
    let n = newsroom(db).await;
    let uk = db
        .add_edition(&byline_store::testing::ukrainian_edition("uk"))
        .await
        .unwrap();
    let ukrainian = |source: &str, slug: &str| {
        let mut post = imported(source, slug, &[], &n);
        post.prepared.post.title = "Київ відкрив міст".into();
        post.edition = uk;
        post
    };
    let mut batch = vec![
        imported("301", "bridge-opens", &[], &n),
        ukrainian("302", "mist"),
    ];
    let made = db.import_posts("wordpress", &mut batch).await.unwrap();
    let (english, translated) = (made[0].post_id(), made[1].post_id());
    assert_eq!(db.edition_of(english).await.unwrap(), MAIN_EDITION);
    assert_eq!(db.edition_of(translated).await.unwrap(), uk);
    let in_uk = db
        .list_published(
            &byline_store::PostQuery {
                edition: uk,
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(
        in_uk.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![translated]
    );
    let query = byline_core::search::SearchQuery::parse_in(
        &byline_core::LanguageTag::parse("uk").unwrap(),
        "kyiv",
    )
    .unwrap();
    let found = db.search_edition(&query, uk, 10, 0).await.unwrap();
    assert_eq!(found.hits.len(), 1, "folded in Ukrainian as it was written");

    // Imported again into another edition, it moves there.
    let mut again = vec![ImportPost {
        checksum: "moved".into(),
        edition: MAIN_EDITION,
        ..ukrainian("302", "mist")
    }];
    db.import_posts("wordpress", &mut again).await.unwrap();
    assert_eq!(db.edition_of(translated).await.unwrap(), MAIN_EDITION);
}
