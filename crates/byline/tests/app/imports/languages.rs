//! Archives in several languages: a WordPress export with Polylang's languages and
//! translation links (and a pair exported by WPML's add-on), and a Ghost export whose
//! other language is marked with an internal `#uk` tag, each land in one edition per
//! language, made by the import, with their translations linked; a dry run makes
//! nothing; a second import changes nothing. Fixture: fixtures/import/polylang/.

use byline_core::editions::MAIN_EDITION;
use byline_core::search::SearchQuery;
use byline_core::{EditionId, LanguageTag, PostId};

use super::{byline_on, fixtures, run};
use crate::helpers::TestApp;
use crate::on_both_empty_sites;

async fn post_id(app: &TestApp, slug: &str) -> PostId {
    let id: i64 = sqlx::query_scalar("SELECT id FROM posts WHERE slug = $1")
        .bind(slug)
        .fetch_one(app.db.pool())
        .await
        .unwrap_or_else(|e| panic!("no post {slug}: {e}"));
    PostId(id)
}

async fn edition_with(app: &TestApp, language: &str) -> EditionId {
    app.db
        .editions()
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.language.as_str() == language)
        .unwrap_or_else(|| panic!("no edition in {language}"))
        .id
}

async fn import_polylang(app: &TestApp, extra: &[&str]) -> super::Ran {
    let file = fixtures().join("polylang/export.xml");
    let mut args = vec!["import", "wordpress", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let ran = run(byline_on(app, &args)).await;
    assert!(ran.success, "{}\n{}", ran.stdout, ran.stderr);
    ran
}

async fn wordpress_languages_become_editions_with_linked_translations(app: &TestApp) {
    let dry = import_polylang(app, &["--dry-run"]).await;
    assert_eq!(
        app.db.editions().await.unwrap().len(),
        1,
        "a dry run makes nothing"
    );
    assert!(dry.stdout.contains("editions"), "{}", dry.stdout);

    let ran = import_polylang(app, &[]).await;
    assert!(
        ran.stdout.contains("made the edition /uk/"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("made the edition /de/"),
        "{}",
        ran.stdout
    );
    let uk = edition_with(app, "uk").await;
    let de = edition_with(app, "de").await;
    assert_eq!(app.db.editions().await.unwrap().len(), 3);

    let pier = post_id(app, "ferry-pier-reopens").await;
    let prystan = post_id(app, "prystan-znovu-pratsiuie").await;
    let library = post_id(app, "biblioteka-hodyny").await;
    let tolls = post_id(app, "bridge-tolls-june").await;
    let maut = post_id(app, "brueckenmaut-juni").await;
    assert_eq!(
        app.db.edition_of(pier).await.unwrap(),
        MAIN_EDITION,
        "the site's language"
    );
    assert_eq!(app.db.edition_of(prystan).await.unwrap(), uk);
    assert_eq!(app.db.edition_of(library).await.unwrap(), uk);
    assert_eq!(app.db.edition_of(tolls).await.unwrap(), MAIN_EDITION);
    assert_eq!(app.db.edition_of(maut).await.unwrap(), de);

    let linked = |id| async move {
        app.db
            .translations_of(id)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.post)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        linked(pier).await,
        vec![prystan],
        "Polylang's post_translations"
    );
    assert_eq!(linked(tolls).await, vec![maut], "WPML's translation group");
    assert!(linked(library).await.is_empty());

    // The Ukrainian articles are searchable in Ukrainian, in their edition only.
    let ukrainian = LanguageTag::parse("uk").unwrap();
    for typed in ["Щербина", "shcherbyna", "порому"] {
        let query = SearchQuery::parse_in(&ukrainian, typed).unwrap();
        let found = app.db.search_edition(&query, uk, 10, 0).await.unwrap();
        assert_eq!(found.hits.len(), 1, "{typed}");
        let elsewhere = app.db.search(&query, 10, 0).await.unwrap();
        assert!(elsewhere.hits.is_empty(), "{typed} in the main edition");
    }

    // Again: nothing new, nothing moved, the links as they were.
    let again = import_polylang(app, &[]).await;
    assert!(
        !again.stdout.contains("made the edition"),
        "{}",
        again.stdout
    );
    assert_eq!(app.db.editions().await.unwrap().len(), 3);
    assert_eq!(linked(pier).await, vec![prystan]);
    assert_eq!(app.db.edition_of(prystan).await.unwrap(), uk);
}

/// A Ghost export of our own: one English post, one marked `#uk`, one with an
/// organising internal tag that is not a language.
fn ghost_export() -> serde_json::Value {
    let post = |id: &str, slug: &str, title: &str, html: &str| {
        serde_json::json!({
            "id": id, "uuid": null, "title": title, "slug": slug, "html": html,
            "type": "post", "status": "published", "featured": 0,
            "created_at": "2024-05-10T08:00:00.000Z", "published_at": "2024-05-10T08:00:00.000Z",
        })
    };
    let tag = |id: &str, name: &str, slug: &str, visibility: &str| serde_json::json!({ "id": id, "name": name, "slug": slug, "visibility": visibility });
    serde_json::json!({ "db": [{
        "meta": { "exported_on": 1716282000000u64, "version": "5.116.2" },
        "data": {
            "posts": [
                post("66a0000000000000000000a1", "night-buses", "Night buses return", "<p>Night buses run again from Friday.</p>"),
                post("66a0000000000000000000a2", "nichni-avtobusy", "Нічні автобуси повертаються", "<p>З пʼятниці нічні автобуси знову курсують Харковом.</p>"),
                post("66a0000000000000000000a3", "tram-works", "Tram works", "<p>The tram line closes for a week.</p>"),
            ],
            "tags": [
                tag("66a0000000000000000000b1", "Transport", "transport", "public"),
                tag("66a0000000000000000000b2", "#uk", "hash-uk", "internal"),
                tag("66a0000000000000000000b3", "#top", "hash-top", "internal"),
            ],
            "posts_tags": [
                { "id": "66a0000000000000000000c1", "post_id": "66a0000000000000000000a1", "tag_id": "66a0000000000000000000b1", "sort_order": 0 },
                { "id": "66a0000000000000000000c2", "post_id": "66a0000000000000000000a2", "tag_id": "66a0000000000000000000b1", "sort_order": 0 },
                { "id": "66a0000000000000000000c3", "post_id": "66a0000000000000000000a2", "tag_id": "66a0000000000000000000b2", "sort_order": 1 },
                { "id": "66a0000000000000000000c4", "post_id": "66a0000000000000000000a3", "tag_id": "66a0000000000000000000b3", "sort_order": 0 },
            ],
            "users": [{ "id": "66a0000000000000000000d1", "name": "Olena Koval", "slug": "olena", "email": "olena@river.example" }],
            "posts_authors": [
                { "id": "66a0000000000000000000e1", "post_id": "66a0000000000000000000a1", "author_id": "66a0000000000000000000d1", "sort_order": 0 },
                { "id": "66a0000000000000000000e2", "post_id": "66a0000000000000000000a2", "author_id": "66a0000000000000000000d1", "sort_order": 0 },
                { "id": "66a0000000000000000000e3", "post_id": "66a0000000000000000000a3", "author_id": "66a0000000000000000000d1", "sort_order": 0 },
            ],
            "settings": [
                { "id": "66a0000000000000000000f1", "key": "title", "value": "The River Courier" },
                { "id": "66a0000000000000000000f2", "key": "locale", "value": "en" },
            ],
        }
    }]})
}

async fn ghost_language_tags_become_editions(app: &TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ghost.json");
    std::fs::write(&file, ghost_export().to_string()).unwrap();
    let ran = run(byline_on(app, &["import", "ghost", file.to_str().unwrap()])).await;
    assert!(ran.success, "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout.contains("made the edition /uk/"),
        "{}",
        ran.stdout
    );
    let uk = edition_with(app, "uk").await;
    assert_eq!(
        app.db
            .edition_of(post_id(app, "nichni-avtobusy").await)
            .await
            .unwrap(),
        uk
    );
    assert_eq!(
        app.db
            .edition_of(post_id(app, "night-buses").await)
            .await
            .unwrap(),
        MAIN_EDITION
    );
    assert_eq!(
        app.db
            .edition_of(post_id(app, "tram-works").await)
            .await
            .unwrap(),
        MAIN_EDITION,
        "#top organises; it is not a language"
    );
    assert_eq!(app.db.editions().await.unwrap().len(), 2);
    let query = SearchQuery::parse_in(&LanguageTag::parse("uk").unwrap(), "Kharkovom").unwrap();
    assert_eq!(
        app.db
            .search_edition(&query, uk, 10, 0)
            .await
            .unwrap()
            .hits
            .len(),
        1
    );
}

on_both_empty_sites!(
    wordpress_languages_become_editions_with_linked_translations,
    ghost_language_tags_become_editions,
);
