//! Reading a second edition: its pages live under its prefix, in its language, list
//! only its articles and keep their links inside it; a translated article names its
//! other languages (`<link rel="alternate" hreflang>` both ways and a visible switch);
//! an article asked for under the wrong prefix is sent to its own address; the desk
//! and the site's files are not part of an edition.

use byline_core::PostId;
use reqwest::StatusCode;

use crate::helpers::{TestApp, resave, retitled};

crate::on_both_engines!(an_edition_is_read_under_its_prefix);

const TITLE_UK: &str = "Київ відкрив новий міст через Дніпро";

async fn an_edition_is_read_under_its_prefix(app: &TestApp) {
    let edition = app
        .db
        .add_edition(&byline_store::testing::ukrainian_edition("ukr"))
        .await
        .unwrap();
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM posts WHERE kind = 'post' AND status = 'published' \
         AND edition_id = 1 AND translation_group IS NULL \
         ORDER BY published_at DESC, id LIMIT 2",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    let (english, ukrainian) = (PostId(ids[0]), PostId(ids[1]));
    let original = app.db.desk_post(english).await.unwrap().unwrap().post;
    let moved = app.db.desk_post(ukrainian).await.unwrap().unwrap().post;
    app.db
        .move_post_to_edition(ukrainian, edition)
        .await
        .unwrap();
    resave(&app.db, ukrainian, retitled(&moved, TITLE_UK)).await;
    app.db.link_translation(english, ukrainian).await.unwrap();
    let en_slug = original.summary.slug.to_string();
    // Alternates are absolute, on the site's public address.
    let site = app.db.site_settings().await.unwrap().url;
    let public = |path: &str| format!("{}{path}", site.trim_end_matches('/'));
    let uk_slug = moved.summary.slug.to_string();

    // The edition's front page: its language, its article, its links.
    let home = app.eventually_shows("/ukr/", TITLE_UK).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.html.contains("<html lang=\"uk\">"), "{}", home.html);
    assert!(home.html.contains("Вечірній вісник"));
    assert!(!home.html.contains(&original.summary.title));
    assert!(home.html.contains(&format!("href=\"/ukr/{uk_slug}/\"")));
    assert!(home.html.contains("action=\"/ukr/search/\""));
    assert!(home.html.contains("href=\"/assets/style.css\""));
    // Its navigation names the sections it writes in.
    let sections = home.texts(".site-nav li:not(.site-nav-extra) a");
    let written: Vec<String> = moved.summary.tags.iter().map(|t| t.name.clone()).collect();
    assert!(
        !sections.is_empty() && sections.iter().all(|name| written.contains(name)),
        "{sections:?} / {written:?}"
    );
    // The front pages name each other.
    let main = app.get("/").await;
    assert!(!main.html.contains(TITLE_UK));
    let alternates = |html: &str| {
        scraper::Html::parse_document(html)
            .select(&scraper::Selector::parse("link[rel=alternate][hreflang]").unwrap())
            .map(|link| {
                (
                    link.attr("hreflang").unwrap().to_owned(),
                    link.attr("href").unwrap().to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert!(
        alternates(&main.html).contains(&("uk".into(), public("/ukr/"))),
        "{:?}",
        alternates(&main.html)
    );
    assert!(alternates(&home.html).contains(&("en".into(), public("/"))));

    // The translated article and its original name each other, both ways.
    let article = app.get(&format!("/ukr/{uk_slug}/")).await;
    assert_eq!(article.status, StatusCode::OK);
    let uk_url = public(&format!("/ukr/{uk_slug}/"));
    let en_url = public(&format!("/{en_slug}/"));
    let both = vec![
        ("en".to_owned(), en_url.clone()),
        ("uk".to_owned(), uk_url.clone()),
    ];
    assert_eq!(alternates(&article.html), both);
    let english_page = app.get(&format!("/{en_slug}/")).await;
    assert_eq!(alternates(&english_page.html), both);
    // The visible switch: a named navigation, each language in itself, the page's
    // own marked as current.
    let switch = &article;
    assert_eq!(
        switch.attrs("nav.language-switch", "aria-label"),
        vec!["Мови".to_owned()]
    );
    assert_eq!(
        switch.texts("nav.language-switch a"),
        vec!["English".to_owned(), "Українська".to_owned()]
    );
    assert_eq!(
        switch.attrs("nav.language-switch a[aria-current=page]", "lang"),
        vec!["uk".to_owned()]
    );
    assert!(
        english_page
            .attrs("nav.language-switch a[hreflang=uk]", "href")
            .contains(&uk_url)
    );

    // Wrong prefix: sent to the article's own address.
    for (asked, lives) in [
        (format!("/{uk_slug}/"), format!("/ukr/{uk_slug}/")),
        (format!("/ukr/{en_slug}/"), format!("/{en_slug}/")),
        (format!("/ukr/{uk_slug}"), format!("/ukr/{uk_slug}/")),
    ] {
        let answer = app.raw.get(app.url(&asked)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::PERMANENT_REDIRECT, "{asked}");
        assert_eq!(
            answer.headers()["location"].to_str().unwrap(),
            lives,
            "{asked}"
        );
    }

    // Feeds per edition, in the edition's language.
    let rss = app.get("/ukr/rss/").await;
    assert_eq!(rss.status, StatusCode::OK);
    assert!(rss.html.contains("<language>uk</language>"), "{}", rss.html);
    assert!(rss.html.contains(TITLE_UK));
    assert!(rss.html.contains(&uk_url));
    assert!(!rss.html.contains(&original.summary.title));
    assert!(!app.get("/rss/").await.html.contains(TITLE_UK));

    // Search per edition.
    let found = app.get("/ukr/search/?q=Дніпро").await;
    assert!(found.html.contains(TITLE_UK), "{}", found.html);
    assert!(!app.get("/search/?q=Дніпро").await.html.contains(TITLE_UK));

    // A preview of the edition's article shows it as its edition does.
    let desk = app.desk(byline_core::Role::Editor).await;
    let link = crate::hardening::preview_links::make_preview_link(&desk, ukrainian).await;
    let preview = app
        .client
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(preview.contains("<html lang=\"uk\">"), "{preview}");
    assert!(preview.contains("href=\"/ukr/\""));

    // Only readers' addresses exist inside an edition.
    for path in [
        "/ukr/admin/",
        "/ukr/assets/style.css",
        "/ukr/ghost/api/content/posts/",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let bare = app.raw.get(app.url("/ukr")).send().await.unwrap();
    assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(bare.headers()["location"], "/ukr/");
}
