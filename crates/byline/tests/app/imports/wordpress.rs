//! A WordPress WXR export (block and classic posts, shortcodes, attachments, several
//! authors, every status, a non-ASCII slug) becomes Byline pages, and every old
//! WordPress address leads to them. Fixture: tests/fixtures/import/README.md.

use reqwest::StatusCode;

use super::{import_wordpress, redirect_of, rows};
use crate::helpers::TestApp;

async fn posts_pages_and_their_pictures_arrive(app: &TestApp) {
    let ran = import_wordpress(app, &[]).await;
    let out = &ran.stdout;
    // Every problem is reported with where it was found; only one file is missing.
    assert!(out.contains("sandbags.jpg"), "{out}");
    assert!(out.contains("contact-form-7"), "{out}");
    assert!(
        out.contains("post 'reader-letter-quay-street-bins' (id 34)"),
        "{out}"
    );
    assert!(out.contains("outside the media folder"), "{out}");
    assert!(out.contains("private post"), "{out}");
    assert!(out.contains("2 comments"), "{out}");
    assert!(
        !out.contains("wall-survey-1024x768.jpg is not"),
        "sized copies resolve to their original: {out}"
    );
    assert!(!out.contains("tide-gauge-300x225.jpg is not"), "{out}");
    assert!(
        !out.contains("root:"),
        "no file outside the uploads is read"
    );

    // The block-editor post: sticky → featured, section, lead image, body.
    let page = app.get("/harbour-wall-divers/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts(".story-kicker a"), ["Harbour"]);
    assert!(page.texts(".byline")[0].contains("Mara Okafor"));
    assert_eq!(page.count(".reading-time"), 1);
    assert_eq!(page.texts(".story-figure .credit"), ["Photo: Ana Ruiz"]);
    assert!(page.texts(".story-figure figcaption")[0].contains("Spray over the eastern section"));
    let body = page.inner_html(".article-body");
    assert!(body.contains("<strong>three days</strong>"));
    assert!(body.contains("Joint 14 at low water on the second day of the survey."));
    assert!(body.contains("A diver holds a measuring staff against a concrete joint"));
    assert!(body.contains("<table"));
    assert!(body.contains("hrbrLedger1"));
    assert!(!body.contains("<!--more-->") && !body.contains("wp:"));
    assert!(
        !body.contains("harbour.example/wp-content"),
        "pictures come from this site"
    );
    let featured: i64 =
        sqlx::query_scalar("SELECT featured FROM posts WHERE slug = 'harbour-wall-divers'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(featured, 1);

    // The classic post: paragraphs, [caption], scripts and handlers gone.
    let storm = app.get("/storm-warning-harbour-commission/").await;
    assert_eq!(storm.status, StatusCode::OK);
    assert!(storm.texts(".standfirst")[0].starts_with("The outer pontoons"));
    let body = storm.inner_html(".article-body");
    assert!(body.contains("<figure"));
    assert!(body.contains("The tide gauge at the north pier on Monday evening."));
    assert!(body.contains("hrbrStorm01"));
    assert!(
        body.contains("900000001"),
        "the Vimeo video is kept as a link"
    );
    for hostile in [
        "<script",
        "document.write",
        "tracker.example",
        "onclick",
        "ga(",
        "[contact-form-7",
    ] {
        assert!(!body.contains(hostile), "{hostile} survived");
    }
    assert!(body.contains("mailto:tips@harbour.example"));

    // The non-ASCII slug, transliterated; pages; statuses.
    let market = app
        .get("/cafe-owners-welcome-the-ye-shi-night-markets-return/")
        .await;
    assert_eq!(market.status, StatusCode::OK);
    assert_eq!(
        market.texts(".story-title"),
        ["Café owners welcome the 夜市 night market's return"]
    );
    assert_eq!(market.texts(".story-kicker a"), ["Culture & Events"]);
    assert_eq!(app.get("/about/").await.status, StatusCode::OK);
    assert_eq!(app.get("/ethics/").await.status, StatusCode::OK);
    for hidden in [
        "ferry-fares-rise",
        "lighthouse-reopens",
        "staff-rota-summer",
        "reader-letter-quay-street-bins",
    ] {
        assert_eq!(
            app.get(&format!("/{hidden}/")).await.status,
            StatusCode::NOT_FOUND,
            "{hidden}"
        );
    }
    let statuses: Vec<(String, String)> =
        sqlx::query_as("SELECT slug, status FROM posts ORDER BY slug")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let status = |slug: &str| {
        statuses
            .iter()
            .find(|(s, _)| s == slug)
            .map(|(_, st)| st.as_str())
    };
    assert_eq!(status("lighthouse-reopens"), Some("scheduled"));
    assert_eq!(status("staff-rota-summer"), Some("draft"));
    assert_eq!(status("reader-letter-quay-street-bins"), Some("draft"));
    assert_eq!(statuses.len(), 9);
    let lead: Option<String> = sqlx::query_scalar(
        "SELECT image_url FROM posts WHERE slug = 'reader-letter-quay-street-bins'",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(lead, None, "the refused attachment gives no lead image");

    // Published posts are in the search index; drafts are not.
    let found = app.get("/search/?q=divers").await;
    assert!(
        found
            .html
            .contains("What the divers found under the new harbour wall")
    );
    let hidden = app.get("/search/?q=rota").await;
    assert!(!hidden.html.contains("Staff rota for the summer"));

    // Authors keep their WordPress addresses; categories and tags become sections.
    assert_eq!(app.get("/author/mokafor/").await.status, StatusCode::OK);
    assert_eq!(app.get("/tag/ferries/").await.status, StatusCode::OK);
    assert_eq!(rows(app, "authors").await, 3);
    assert_eq!(rows(app, "tags").await, 9);
}

async fn every_old_address_leads_to_the_new_page(app: &TestApp) {
    import_wordpress(app, &[]).await;
    for (old, new) in [
        ("/?p=12", "/harbour-wall-divers/"),
        ("/2024/05/14/harbour-wall-divers/", "/harbour-wall-divers/"),
        ("/?p=21", "/storm-warning-harbour-commission/"),
        (
            "/2024/04/23/storm-warning-harbour-commission/",
            "/storm-warning-harbour-commission/",
        ),
        (
            "/?p=40",
            "/cafe-owners-welcome-the-ye-shi-night-markets-return/",
        ),
        (
            "/2023/11/03/cafe-owners-welcome-the-%e5%a4%9c%e5%b8%82-night-markets-return/",
            "/cafe-owners-welcome-the-ye-shi-night-markets-return/",
        ),
        (
            "/2023/11/03/cafe-owners-welcome-the-%E5%A4%9C%E5%B8%82-night-markets-return/",
            "/cafe-owners-welcome-the-ye-shi-night-markets-return/",
        ),
        ("/?page_id=5", "/about/"),
        ("/?page_id=6", "/ethics/"),
        ("/about/ethics/", "/ethics/"),
        ("/category/news/", "/tag/news/"),
        ("/category/news/harbour/", "/tag/harbour/"),
        ("/category/culture/", "/tag/culture/"),
        ("/feed/", "/rss/"),
    ] {
        let (status, location) = redirect_of(app, old).await;
        assert_eq!((status, location.as_str()), (301, new), "{old}");
        assert_eq!(app.get(new).await.status, StatusCode::OK, "{new}");
    }
    // A tracking parameter beside the old one changes nothing; unknown ones stay home.
    let (status, location) = redirect_of(app, "/?p=12&utm_source=newsletter").await;
    assert_eq!((status, location.as_str()), (301, "/harbour-wall-divers/"));
    assert_eq!(redirect_of(app, "/?utm_source=x").await.0, 200);
    assert_eq!(
        redirect_of(app, "/?p=999").await.0,
        200,
        "an unknown old id is the home page"
    );
    // Drafts never had public addresses.
    assert_eq!(redirect_of(app, "/?p=30").await.0, 200);
    assert_eq!(
        app.get("/2099/01/01/nothing-here/").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn a_second_run_changes_nothing(app: &TestApp) {
    import_wordpress(app, &[]).await;
    let counts = (
        rows(app, "posts").await,
        rows(app, "media").await,
        rows(app, "redirects").await,
        rows(app, "post_tags").await,
        rows(app, "post_authors").await,
    );
    let version = app.db.content_version().await.unwrap().version;
    let again = import_wordpress(app, &[]).await;
    assert_eq!(
        counts,
        (
            rows(app, "posts").await,
            rows(app, "media").await,
            rows(app, "redirects").await,
            rows(app, "post_tags").await,
            rows(app, "post_authors").await,
        )
    );
    assert_eq!(
        app.db.content_version().await.unwrap().version,
        version,
        "{}",
        again.stdout
    );
}

crate::on_both_empty_sites!(
    posts_pages_and_their_pictures_arrive,
    every_old_address_leads_to_the_new_page,
    a_second_run_changes_nothing,
);
