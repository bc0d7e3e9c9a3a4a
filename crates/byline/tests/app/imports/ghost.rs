//! A Ghost 5 export (every Lexical card, a Mobiledoc post, an HTML-only post) becomes a
//! Byline site whose pages read the same, whose old addresses still work, and which a
//! second run, or a dry run, leaves as it was. Fixture: tests/fixtures/import/README.md.

use reqwest::StatusCode;

use super::{import_ghost, redirect_of, rows, stored_images};
use crate::helpers::TestApp;

async fn an_archive_becomes_pages_with_their_anatomy(app: &TestApp) {
    let ran = import_ghost(app, &[]).await;
    // The summary: counts per kind and every problem, with where it was found.
    assert!(
        ran.stdout.contains("Imported: Ghost export"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("ferry-at-dawn.jpg"),
        "the missing file is reported: {}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("post 'ferry-timetable-summer'"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("paywall") || ran.stdout.contains("members-only"),
        "{}",
        ran.stdout
    );
    assert!(
        !ran.stdout.contains("placeholder-password"),
        "passwords are never read"
    );

    let page = app.get("/harbour-wall-inspection/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.texts(".story-title"),
        ["What the divers found under the new harbour wall"]
    );
    assert_eq!(page.texts(".story-kicker a"), ["Harbour"]);
    assert!(page.texts(".byline")[0].contains("Mara Okafor"));
    assert!(page.texts(".standfirst")[0].starts_with("A three-day survey found fine cracks"));
    assert_eq!(page.count(".reading-time"), 1);
    // The lead image: copied through the pipeline, with alt, caption and credit apart.
    let lead = page.attrs(".story-figure img", "src");
    assert!(lead[0].starts_with("/content/images/u/"), "{lead:?}");
    assert_eq!(
        page.attrs(".story-figure img", "alt"),
        ["Waves breaking against the grey concrete of the new harbour wall"]
    );
    let caption = page.texts(".story-figure figcaption").join(" ");
    assert!(
        caption.contains("Spray over the eastern section on Monday morning."),
        "{caption}"
    );
    assert_eq!(page.texts(".story-figure .credit"), ["Photo: Ana Ruiz"]);
    let image = app.client.get(app.url(&lead[0])).send().await.unwrap();
    assert_eq!(image.status(), StatusCode::OK);

    // The body: what the cards meant, in Byline's terms.
    assert!(!page.html.contains("__GHOST_URL__"));
    let body = &page.inner_html(".article-body");
    assert!(!body.contains("__GHOST_URL__"));
    assert!(body.contains("<strong>three days</strong>"));
    assert!(body.contains("href=\"/council-approves-harbour-budget/\""));
    assert!(
        body.contains("<h2>What the divers looked at</h2>")
            || body.contains("What the divers looked at</h2>")
    );
    assert!(body.contains("Joint 14 at low water on the second day of the survey."));
    assert!(
        body.contains("A diver surfaces with a clipboard"),
        "every gallery picture keeps its alt"
    );
    assert!(body.contains("hrbrLedger1"), "the embed is kept as a link");
    assert!(body.contains("Read the inspection report"));
    assert!(body.contains("The wall path closes again on 3 June"));
    assert!(body.contains("Tide times for the survey week"));
    assert!(body.contains("crack_width_mm"));
    assert!(
        body.contains("Members can read the engineers"),
        "text after the paywall stays"
    );
    for hostile in ["<script", "onclick", "trackClick", "tideWidget"] {
        assert!(!body.contains(hostile), "{hostile} survived");
    }
    // Body images come from this site, not the old one.
    let body_images: Vec<String> = page
        .attrs(".article-body img", "src")
        .into_iter()
        .filter(|src| !src.starts_with("/content/images/u/"))
        .collect();
    assert!(body_images.is_empty(), "{body_images:?}");

    // Two authors in their order, Mobiledoc and HTML bodies, non-ASCII titles.
    let ferry = app.get("/ferry-timetable-summer/").await;
    assert_eq!(
        ferry.status,
        StatusCode::OK,
        "a missing lead image leaves a working page"
    );
    let byline = ferry.texts(".byline").join(" ");
    assert!(byline.find("Priya Natarajan").unwrap() < byline.find("Mara Okafor").unwrap());
    let fire = app.get("/fish-market-fire-1962/").await;
    assert!(fire.html.contains("What the Ledger printed"));
    assert!(fire.html.contains("Then and now"));
    let market = app.get("/night-market-returns/").await;
    assert_eq!(
        market.texts(".story-title"),
        ["Café Müller and the 夜市: Saltmere's night market returns"]
    );
    assert!(market.html.contains("href=\"/harbour-wall-inspection/\""));
    assert!(
        market
            .html
            .contains("Lanterns over the stalls on the first night.")
    );

    // Drafts, scheduled and email-only posts are not public; pages are.
    assert_eq!(
        app.get("/school-roof-repairs/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/lighthouse-reopens/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/morning-tide-tides-tolls-swan/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/about/").await.status, StatusCode::OK);
    let scheduled = app
        .db
        .job_state(&byline_store::publish_job_key(
            app.db
                .post_by_slug(&crate::helpers::slug("lighthouse-reopens"))
                .await
                .unwrap()
                .unwrap()
                .summary
                .id,
            "2030-06-01T09:00:00Z".parse().unwrap(),
        ))
        .await
        .unwrap();
    assert!(
        scheduled.is_some(),
        "the scheduled post will publish itself"
    );

    // Sections, authors with bio and photo, the internal tag kept off.
    let harbour = app.get("/tag/harbour/").await;
    assert_eq!(harbour.status, StatusCode::OK);
    assert!(
        harbour
            .html
            .contains("What the divers found under the new harbour wall")
    );
    let mara = app.get("/author/mara/").await;
    assert_eq!(mara.status, StatusCode::OK);
    assert!(mara.html.contains("Covers the harbour, the council"));
    assert_eq!(
        app.get("/tag/hash-newsletter-only/").await.status,
        StatusCode::NOT_FOUND
    );

    // Feed GUIDs stay Ghost's uuids.
    let uuid: String =
        sqlx::query_scalar("SELECT uuid FROM posts WHERE slug = 'harbour-wall-inspection'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(uuid.len(), 36);

    // Members keep their consent: three subscribed, one who had left stays out.
    let active: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions WHERE status = 'active'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions WHERE status = 'left'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(active, 4, "members_newsletters has four rows");
    assert!(left >= 1, "the member who unsubscribed stays unsubscribed");
    assert_eq!(rows(app, "newsletters").await, 2);

    // Old addresses: Ghost's redirects.json, plain entries only.
    let (status, location) = redirect_of(app, "/tag/news/").await;
    assert_eq!(
        (status, location.as_str()),
        (200, ""),
        "the same address serves the same section"
    );
    let redirects =
        std::fs::read_to_string(super::fixtures().join("ghost/content/data/redirects.json"))
            .unwrap();
    let entries: serde_json::Value = serde_json::from_str(&redirects).unwrap();
    let plain = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| !e["from"].as_str().unwrap().contains(['(', '*', '+']))
        .unwrap();
    let from = plain["from"]
        .as_str()
        .unwrap()
        .trim_start_matches('^')
        .trim_end_matches('$')
        .replace("\\/", "/");
    let (status, location) = redirect_of(app, &from).await;
    assert!(status == 301 || status == 302, "{from}: {status}");
    assert_eq!(location, plain["to"].as_str().unwrap());
}

async fn running_it_again_creates_nothing_twice(app: &TestApp) {
    import_ghost(app, &[]).await;
    let posts = rows(app, "posts").await;
    let authors = rows(app, "authors").await;
    let tags = rows(app, "tags").await;
    let media = rows(app, "media").await;
    let subscribers = rows(app, "subscribers").await;
    let redirects = rows(app, "redirects").await;
    let version = app.db.content_version().await.unwrap().version;
    let again = import_ghost(app, &[]).await;
    assert_eq!(rows(app, "posts").await, posts);
    assert_eq!(rows(app, "authors").await, authors);
    assert_eq!(rows(app, "tags").await, tags);
    assert_eq!(rows(app, "media").await, media);
    assert_eq!(rows(app, "subscribers").await, subscribers);
    assert_eq!(rows(app, "redirects").await, redirects);
    assert_eq!(posts, 10);
    // Nothing changed, so no post was written again and no cache was dropped for it.
    let posts_line = again
        .stdout
        .lines()
        .find(|l| l.starts_with("posts "))
        .unwrap()
        .to_owned();
    let numbers: Vec<u64> = posts_line
        .split_whitespace()
        .skip(1)
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(numbers, [0, 0, 8, 0], "{}", again.stdout);
    assert_eq!(app.db.content_version().await.unwrap().version, version);
}

async fn a_dry_run_checks_everything_and_changes_nothing(app: &TestApp) {
    let version = app.db.content_version().await.unwrap().version;
    let ran = import_ghost(app, &["--dry-run"]).await;
    assert!(ran.stdout.contains("dry run"), "{}", ran.stdout);
    assert!(ran.stdout.contains("ferry-at-dawn.jpg"), "{}", ran.stdout);
    let posts_line = ran
        .stdout
        .lines()
        .find(|l| l.starts_with("posts "))
        .unwrap();
    assert!(
        posts_line.split_whitespace().nth(1) == Some("8"),
        "{}",
        ran.stdout
    );
    for table in [
        "posts",
        "authors",
        "tags",
        "media",
        "subscribers",
        "redirects",
        "import_sources",
    ] {
        assert_eq!(rows(app, table).await, 0, "{table}");
    }
    assert_eq!(stored_images(app), 0);
    assert_eq!(app.db.content_version().await.unwrap().version, version);
}

crate::on_both_empty_sites!(
    an_archive_becomes_pages_with_their_anatomy,
    running_it_again_creates_nothing_twice,
    a_dry_run_checks_everything_and_changes_nothing,
);
