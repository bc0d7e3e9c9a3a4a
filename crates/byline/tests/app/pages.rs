//! What readers see: the home page, articles, pages, sections, authors, the news feed
//! and the 404 page, on both engines.

use byline_core::content::NewPost;
use byline_core::{NoteKind, PostKind, PostStatus, Slug};
use byline_store::PostQuery;
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;

use crate::helpers::TestApp;

crate::on_both_engines!(
    the_article_page_shows_every_part_of_a_story,
    a_related_card_to_a_missing_story_renders_nothing,
    the_home_page_shows_top_stories_feed_picks_more_news_and_sections,
    pages_are_accessible_landmarks_and_one_h1,
    an_unknown_slug_gets_the_helpful_404_page,
    malformed_and_overlong_addresses_get_404_or_400_never_500,
    section_and_author_pages_paginate,
    the_news_feed_has_its_own_paginated_page,
    drafts_are_never_shown,
    an_editors_note_updates_the_cached_page,
    standing_pages_and_slashless_addresses_work,
    every_link_on_the_site_leads_somewhere,
);

async fn the_article_page_shows_every_part_of_a_story(app: &TestApp) {
    let page = app.get("/merrow-river-flood-crest/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("a.skip-link"), ["Skip to content"]);
    assert_eq!(page.attrs("a.skip-link", "href"), ["#content"]);
    assert_eq!(
        page.texts("h1"),
        ["Merrow River expected to crest at its highest level since 2011"]
    );
    assert!(page.texts(".standfirst")[0].starts_with("Low-lying blocks of the East Bank"));
    let byline = &page.texts(".byline")[0];
    assert_eq!(byline, "By Олена Коваль");
    assert_eq!(page.attrs(".byline a", "href"), ["/author/olena-koval/"]);

    // Published and honest "Updated" times, machine-readable, in the site's zone.
    let dateline = &page.texts(".dateline")[0];
    assert!(dateline.contains("(Updated:"), "{dateline}");
    let times = page.attrs(".dateline time", "datetime");
    assert_eq!(times.len(), 2);
    for time in &times {
        assert!(
            time.ends_with("-06:00") || time.ends_with("-05:00"),
            "Chicago time: {time}"
        );
        assert!(time.parse::<jiff::Timestamp>().is_ok(), "{time}");
    }
    assert!(times[0] < times[1], "updated after published");
    assert!(dateline.contains("min read"), "{dateline}");
    assert!(!dateline.contains(" 0 min read"));

    // Lead photo with alt, caption and credit.
    assert!(page.attrs("figure img", "alt")[0].starts_with("Illustration: a swollen river"));
    let caption = &page.texts("figcaption")[0];
    assert!(caption.contains("Grain Wharf gauge"), "{caption}");
    assert_eq!(
        page.texts("figcaption .credit"),
        ["Illustration: Ledger graphics desk"]
    );
    let src = &page.attrs("figure img", "src")[0];
    let image = app.raw.get(app.url(src)).send().await.unwrap();
    assert_eq!(image.status(), StatusCode::OK);
    assert!(
        image.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );

    // Editor's notes above the body, newest first.
    let labels = page.texts(".editor-note .note-label");
    assert_eq!(labels, ["Editor's note:", "Correction:"]);
    let html = &page.html;
    assert!(html.find("editor-notes").unwrap() < html.find("article-body").unwrap());

    // The body, its subheadings and a related-article card.
    assert!(
        page.texts(".article-body h2")
            .contains(&"What's closed".to_owned())
            || page
                .texts(".article-body h2")
                .contains(&"What’s closed".to_owned())
    );
    assert_eq!(page.count(".article-body .related-card"), 1);
    assert_eq!(
        page.attrs(".related-card .related-title a", "href"),
        ["/east-bank-floodwall-gaps/"]
    );

    // Section and tags.
    assert_eq!(page.attrs(".story-kicker a", "href"), ["/tag/climate/"]);
    assert!(page.count(".tag-list li") >= 2);
    // The news feed beside it.
    assert!(page.count(".sidebar .news-feed li") >= 5);
}

async fn a_related_card_to_a_missing_story_renders_nothing(app: &TestApp) {
    let page = app.get("/st-brigids-er-wait-times-fall/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count(".related-card"), 0);
    assert!(!page.html.contains("[[related"), "the marker never leaks");
    assert!(!page.html.contains("a-story-that-was-never-published"));
}

async fn the_home_page_shows_top_stories_feed_picks_more_news_and_sections(app: &TestApp) {
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("h1"), 1);
    let headings = page.texts("h2");
    for expected in ["News Feed", "Editors’ Picks", "More News"] {
        assert!(
            headings.iter().any(|h| h == expected),
            "{expected} in {headings:?}"
        );
    }
    assert!(page.count(".lead-story") == 1);
    assert!(page.count(".news-feed li") >= 8);
    assert!(page.count(".section-block") >= 4, "section blocks");
    // Featured stories lead.
    let lead = &page.texts(".lead-story h3, .lead-story h2")[0];
    assert!(
        ["Alder Street Bridge", "Council approves", "Merrow River"]
            .iter()
            .any(|t| lead.contains(t)),
        "{lead}"
    );
}

async fn pages_are_accessible_landmarks_and_one_h1(app: &TestApp) {
    for path in [
        "/",
        "/merrow-river-flood-crest/",
        "/tag/city/",
        "/author/maren-oduya/",
        "/news-feed/",
        "/about/",
        "/nope/",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.count("h1"), 1, "{path}");
        assert_eq!(page.count("main#content"), 1, "{path}");
        assert!(
            page.count("header") >= 1 && page.count("footer") >= 1,
            "{path}"
        );
        assert!(page.count("nav[aria-label]") >= 1, "{path}");
        assert_eq!(page.attrs("html", "lang"), ["en"], "{path}");
        let images = page.count("img");
        assert_eq!(
            page.attrs("img", "alt").len(),
            images,
            "every image has alt text on {path}"
        );
        // Headings never skip a level.
        let doc = page.document();
        let selector = scraper::Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
        let mut previous = 0;
        for heading in doc.select(&selector) {
            let level = heading.value().name()[1..].parse::<u32>().unwrap();
            assert!(level <= previous + 1, "{path}: h{level} after h{previous}");
            previous = level;
        }
        for datetime in page.attrs("time", "datetime") {
            assert!(datetime.parse::<Timestamp>().is_ok(), "{path}: {datetime}");
        }
    }
}

async fn an_unknown_slug_gets_the_helpful_404_page(app: &TestApp) {
    let page = app.get("/no-such-story/").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.html.contains("/no-such-story/"), "names the address");
    assert!(
        page.attrs("a", "href").contains(&"/".to_owned()),
        "links home"
    );
    assert_eq!(
        app.get("/tag/no-such-section/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/author/nobody/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get("/a/b/c/d/").await.status, StatusCode::NOT_FOUND);
}

async fn malformed_and_overlong_addresses_get_404_or_400_never_500(app: &TestApp) {
    let long_slug = format!("/{}/", "a".repeat(5000));
    let long_query = format!("/?q={}", "x".repeat(20_000));
    for path in [
        "/tag/city/page/abc/",
        "/tag/city/page/0/",
        "/tag/city/page/-1/",
        "/tag/city/page/99999999999999999999/",
        "/tag/city/page/999/",
        "/news-feed/page/1e3/",
        "/author/maren-oduya/page/%00/",
        "/%E2%80%8B/",
        "/UPPER-case/",
        "/..%2F..%2Fetc%2Fpasswd/",
        "/assets/..%2F..%2FCargo.toml",
        long_slug.as_str(),
        long_query.as_str(),
    ] {
        let response = app.raw.get(app.url(path)).send().await.unwrap();
        let status = response.status();
        assert!(
            status == StatusCode::NOT_FOUND
                || status == StatusCode::BAD_REQUEST
                || status.is_success()
                || status.is_redirection(),
            "{path}: {status}"
        );
        assert!(!status.is_server_error(), "{path}: {status}");
    }
    let first = app
        .raw
        .get(app.url("/tag/city/page/1/"))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(first.headers()["location"], "/tag/city/");
}

async fn section_and_author_pages_paginate(app: &TestApp) {
    let city = app
        .db
        .tag_by_slug(&crate::helpers::slug("city"))
        .await
        .unwrap()
        .unwrap();
    let author = app
        .db
        .author_by_slug(&crate::helpers::slug("maren-oduya"))
        .await
        .unwrap()
        .unwrap();
    let before = app
        .db
        .list_published(
            &PostQuery {
                tag_id: Some(city.id),
                ..PostQuery::default()
            },
            1,
            0,
        )
        .await
        .unwrap()
        .total;
    for i in 0..15 {
        app.db
            .create_post(NewPost {
                slug: Slug::parse(&format!("archive-story-{i}")).unwrap(),
                kind: PostKind::Post,
                status: PostStatus::Published,
                title: format!("Archive story number {i}"),
                subtitle: None,
                body_markdown: "From the archive.".into(),
                image: None,
                featured: false,
                published_at: Some(Timestamp::now() - SignedDuration::from_hours(500 + i)),
                author_ids: vec![author.id],
                tag_ids: vec![city.id],
            })
            .await
            .unwrap();
    }
    let total = before + 15;
    let pages = (total + 11) / 12;
    let first = app
        .eventually_shows("/tag/city/", &format!("Page 1 of {pages}"))
        .await;
    assert_eq!(first.count("main .card-list article.card"), 12);
    assert_eq!(first.attrs("a[rel=next]", "href"), ["/tag/city/page/2/"]);
    let last = app.get(&format!("/tag/city/page/{pages}/")).await;
    assert_eq!(last.status, StatusCode::OK);
    assert!(last.html.contains("Archive story number 14"), "oldest last");
    assert_eq!(last.attrs("a[rel=next]", "href").len(), 0);
    assert_eq!(
        app.get(&format!("/tag/city/page/{}/", pages + 1))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let by_author = app.get("/author/maren-oduya/page/2/").await;
    assert_eq!(by_author.status, StatusCode::OK);
    assert!(by_author.texts("h1")[0].contains("Maren Oduya"));
}

async fn the_news_feed_has_its_own_paginated_page(app: &TestApp) {
    let page = app.get("/news-feed/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("h1"), ["News Feed"]);
    assert_eq!(page.count("main .news-feed li"), 18);
    assert!(page.html.contains("(Updated:"), "updated items are marked");
    let ids = page.attrs("main .news-feed > li", "id");
    assert_eq!(ids.len(), 18);
    let headlines = page.texts("main .news-feed .feed-headline");
    let newest = app.db.feed_items(1, 0).await.unwrap().items.remove(0);
    assert_eq!(headlines[0], newest.headline, "newest first");
    assert_eq!(
        app.get("/news-feed/page/2/").await.status,
        StatusCode::NOT_FOUND,
        "18 items fit one page"
    );
}

async fn drafts_are_never_shown(app: &TestApp) {
    app.db
        .create_post(NewPost {
            slug: Slug::parse("embargoed-story").unwrap(),
            kind: PostKind::Post,
            status: PostStatus::Draft,
            title: "Embargoed until Monday".into(),
            subtitle: None,
            body_markdown: "Secret.".into(),
            image: None,
            featured: true,
            published_at: None,
            author_ids: vec![],
            tag_ids: vec![],
        })
        .await
        .unwrap();
    assert_eq!(
        app.get("/embargoed-story/").await.status,
        StatusCode::NOT_FOUND
    );
    tokio::time::sleep(std::time::Duration::from_millis(120)).await;
    assert!(!app.get("/").await.html.contains("Embargoed until Monday"));
}

async fn an_editors_note_updates_the_cached_page(app: &TestApp) {
    let before = app.get("/teachers-vote-to-strike/").await;
    assert!(!before.texts(".dateline")[0].contains("Updated"));
    let post = app
        .db
        .published_post(&crate::helpers::slug("teachers-vote-to-strike"))
        .await
        .unwrap()
        .unwrap();
    app.db
        .add_note(
            post.summary.id,
            NoteKind::Correction,
            "An earlier version misnamed the union's president.",
            Timestamp::now(),
        )
        .await
        .unwrap();
    let after = app
        .eventually_shows("/teachers-vote-to-strike/", "misnamed the union")
        .await;
    assert!(after.texts(".dateline")[0].contains("(Updated:"));
    assert_eq!(after.texts(".editor-note .note-label"), ["Correction:"]);
}

async fn standing_pages_and_slashless_addresses_work(app: &TestApp) {
    let about = app.get("/about/").await;
    assert_eq!(about.status, StatusCode::OK);
    assert_eq!(about.count(".byline"), 0, "pages carry no byline");
    let nav = app.get("/").await.attrs("nav a", "href");
    assert!(
        nav.contains(&"/about/".to_owned()) && nav.contains(&"/tag/city/".to_owned()),
        "{nav:?}"
    );
    let redirect = app.raw.get(app.url("/about")).send().await.unwrap();
    assert_eq!(redirect.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(redirect.headers()["location"], "/about/");
}

async fn every_link_on_the_site_leads_somewhere(app: &TestApp) {
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = vec!["/".to_owned()];
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let response = app.raw.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let is_html = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html");
        if !is_html {
            continue;
        }
        let page = crate::helpers::Page {
            status: StatusCode::OK,
            html: response.text().await.unwrap(),
        };
        let mut links = page.attrs("a", "href");
        links.extend(page.attrs("img", "src"));
        links.extend(page.attrs("link[rel=stylesheet]", "href"));
        for link in links {
            let link = link.split('#').next().unwrap_or_default().to_owned();
            if link.starts_with('/') && !seen.contains(&link) {
                queue.push(link);
            }
        }
    }
    assert!(seen.len() > 40, "crawled {} addresses", seen.len());
}
