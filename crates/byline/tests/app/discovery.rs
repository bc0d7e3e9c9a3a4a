//! How readers and machines find the newsroom: search, feeds, sitemaps, robots.txt,
//! structured data and previews, on both engines. (Feeds, sitemaps and JSON-LD are
//! also checked by real parsers and the schema.org vocabulary in tests/discovery/.)

use byline_core::content::NewPost;
use byline_core::{PostKind, PostStatus, Slug};
use jiff::Timestamp;
use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_NONE_MATCH};

use crate::helpers::{Page, TestApp};

crate::on_both_engines!(
    search_shows_ranked_highlighted_results_with_section_byline_and_date,
    search_answers_hostile_input_with_results_or_a_message,
    search_suggestions_are_json_for_the_typing_reader,
    search_never_shows_drafts_and_follows_unpublishing,
    feeds_carry_full_stories_with_stable_guids,
    section_and_author_feeds_list_only_their_stories,
    sitemaps_index_every_public_address,
    the_news_sitemap_lists_the_last_two_days,
    articles_carry_structured_data_and_previews,
);

async fn search_shows_ranked_highlighted_results_with_section_byline_and_date(app: &TestApp) {
    let page = app.get("/search/?q=floodwall").await;
    assert_eq!(page.status, StatusCode::OK);
    let titles = page.texts(".search-result h2");
    assert_eq!(
        titles[0], "Why the East Bank floodwall still has two holes in it",
        "title matches rank first"
    );
    assert!(page.count(".search-result mark") >= 2);
    assert!(page.texts(".search-result .kicker")[0].contains("Climate"));
    assert!(page.texts(".search-result .card-authors")[0].starts_with("By "));
    assert!(!page.attrs(".search-result time", "datetime").is_empty());
    assert_eq!(
        page.attrs("#site-search-q", "value"),
        ["floodwall"],
        "the header box keeps the words"
    );

    let phrase = app.get("/search/?q=%22grain+wharf+gauge%22").await;
    assert!(phrase.count(".search-result") >= 1);
    let cyrillic = app.get("/search/?q=%D0%92%D0%B5%D1%80%D0%B1%D0%B0").await;
    assert!(
        cyrillic.texts(".search-result h2")[0].contains("Верба"),
        "{:?}",
        cyrillic.texts(".search-result h2")
    );

    let broad = app.get("/search/?q=the+").await;
    let count = broad.texts(".search-count")[0].clone();
    assert!(
        count.starts_with("1") && broad.count(".search-result") == 10,
        "{count}"
    );
    let second = app.get("/search/?q=the+&page=2").await;
    assert!(second.count(".search-result") >= 1);
    assert_eq!(
        second.attrs("a[rel=prev]", "href"),
        ["/search/?q=the%20&page=1"],
        "the words exactly as typed"
    );
}

async fn search_answers_hostile_input_with_results_or_a_message(app: &TestApp) {
    let long = "x".repeat(10_000);
    for q in [
        "%22unclosed",
        "NEAR%28river%29",
        "river+OR",
        "-river",
        "river*",
        "%27%3B+DROP+TABLE+posts%3B+--",
        "title%3Ariver",
        "%00%07%1b",
        "%F0%9F%8C%8A",
        "%FF%FE",
        "%E2%80%AE",
        long.as_str(),
        "",
    ] {
        let response = app
            .raw
            .get(app.url(&format!("/search/?q={q}")))
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert!(
            status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
            "{q}: {status}"
        );
        let page = Page {
            status,
            html: response.text().await.unwrap(),
        };
        assert!(
            page.count(".search-result") > 0 || page.count(".empty-note") == 1,
            "{q}: results or a message"
        );
        let suggest = app
            .raw
            .get(app.url(&format!("/search/suggest?q={q}")))
            .send()
            .await
            .unwrap();
        assert!(!suggest.status().is_server_error(), "{q}");
    }
    let empty = app.get("/search/?q=").await;
    assert!(empty.texts(".empty-note")[0].contains("Type a word"));
    let nothing = app.get("/search/?q=zzyzx").await;
    assert!(nothing.texts(".empty-note")[0].contains("No articles match “zzyzx”"));
    assert_eq!(
        app.get("/search/?q=river&page=abc").await.status,
        StatusCode::OK
    );
}

async fn search_suggestions_are_json_for_the_typing_reader(app: &TestApp) {
    let response = app
        .client
        .get(app.url("/search/suggest?q=jaz"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let json: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        json["results"][0]["url"],
        "/grain-wharf-jazz-festival-returns/"
    );
    assert!(json["results"][0]["section"].is_string());
    let none: serde_json::Value = app
        .client
        .get(app.url("/search/suggest?q=%22"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(none["total"], 0);
}

async fn search_never_shows_drafts_and_follows_unpublishing(app: &TestApp) {
    let id = app
        .db
        .create_post(NewPost {
            slug: Slug::parse("zeppelin-plan").unwrap(),
            kind: PostKind::Post,
            status: PostStatus::Draft,
            title: "Zeppelin service planned".into(),
            subtitle: None,
            body_markdown: "Draft text about a zeppelin.".into(),
            image: None,
            featured: false,
            published_at: None,
            author_ids: vec![],
            tag_ids: vec![],
        })
        .await
        .unwrap();
    assert_eq!(
        app.get("/search/?q=zeppelin").await.count(".search-result"),
        0
    );
    // Results are cached like pages: a change made behind the server's back (here,
    // straight through the store) reaches them within the version poll.
    crate::helpers::restatus(&app.db, id, PostStatus::Published, Some(Timestamp::now())).await;
    search_results_become(app, "zeppelin", 1).await;
    crate::helpers::restatus(&app.db, id, PostStatus::Draft, None).await;
    search_results_become(app, "zeppelin", 0).await;
}

async fn search_results_become(app: &TestApp, words: &str, count: usize) {
    let path = format!("/search/?q={words}");
    for _ in 0..100 {
        if app.get(&path).await.count(".search-result") == count {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{path} never showed {count} results");
}

async fn feeds_carry_full_stories_with_stable_guids(app: &TestApp) {
    let response = app.raw.get(app.url("/rss/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/rss+xml")
    );
    let etag = response.headers()[ETAG].clone();
    let rss = response.text().await.unwrap();
    assert_eq!(rss.matches("<item>").count(), 16, "every article, no pages");
    assert!(rss.contains("<dc:creator>Олена Коваль</dc:creator>"));
    assert!(rss.contains("<category>Climate &amp; River</category>"));
    assert!(rss.contains("<media:content url=\"http://127.0.0.1:8080/content/images/demo/"));
    assert!(
        rss.contains("<content:encoded>&lt;p&gt;"),
        "full content, escaped"
    );
    assert!(
        !rss.contains("[[related"),
        "card markers never reach readers"
    );
    assert!(
        !rss.contains("src=&quot;/content"),
        "images in content are absolute"
    );

    let post = app
        .db
        .published_post(&crate::helpers::slug("merrow-river-flood-crest"))
        .await
        .unwrap()
        .unwrap();
    let guid = format!("<guid isPermaLink=\"false\">{}</guid>", post.summary.uuid);
    assert!(rss.contains(&guid));
    let mut edit = crate::helpers::retitled(&post, "Merrow River crest forecast raised again");
    edit.slug = Slug::parse("merrow-river-crest-raised").unwrap();
    crate::helpers::resave(&app.db, post.summary.id, edit).await;
    let rss = app
        .eventually_shows("/rss/", "crest forecast raised again")
        .await
        .html;
    assert!(
        rss.contains(&guid),
        "the GUID survives a new title and slug"
    );
    assert!(rss.contains("<link>http://127.0.0.1:8080/merrow-river-crest-raised/</link>"));

    let stale = app
        .raw
        .get(app.url("/rss/"))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        stale.status(),
        StatusCode::OK,
        "content changed, so the old ETag is stale"
    );
    let etag = stale.headers()[ETAG].clone();
    let fresh = app
        .raw
        .get(app.url("/rss/"))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), StatusCode::NOT_MODIFIED);

    let atom = app.get("/atom/").await;
    assert!(
        atom.html
            .contains(&format!("<id>urn:uuid:{}</id>", post.summary.uuid))
    );
    assert_eq!(atom.html.matches("<entry>").count(), 16);
}

async fn section_and_author_feeds_list_only_their_stories(app: &TestApp) {
    let transit = app.get("/tag/transit/rss/").await;
    assert_eq!(transit.status, StatusCode::OK);
    let items = transit.html.matches("<item>").count();
    assert!((1..16).contains(&items), "{items}");
    assert!(
        transit
            .html
            .contains("<title>The Calder Ledger: Transit</title>")
    );
    let author = app.get("/author/olena-koval/atom/").await;
    assert!(author.html.matches("<entry>").count() >= 2);
    assert_eq!(
        app.get("/tag/nope/rss/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/author/nope/atom/").await.status,
        StatusCode::NOT_FOUND
    );
    let city = app.get("/tag/city/").await;
    assert_eq!(
        city.attrs("link[type='application/rss+xml']", "href"),
        ["/rss/", "/tag/city/rss/"]
    );
}

async fn sitemaps_index_every_public_address(app: &TestApp) {
    let index = app.get("/sitemap.xml").await.html;
    for child in [
        "/sitemaps/posts/1.xml",
        "/sitemaps/pages/1.xml",
        "/sitemaps/tags/1.xml",
        "/sitemaps/authors/1.xml",
    ] {
        assert!(
            index.contains(&format!("<loc>http://127.0.0.1:8080{child}</loc>")),
            "{child}"
        );
        let sitemap = app.get(child).await;
        assert_eq!(sitemap.status, StatusCode::OK, "{child}");
    }
    let posts = app.get("/sitemaps/posts/1.xml").await.html;
    assert_eq!(posts.matches("<url>").count(), 16);
    assert_eq!(posts.matches("<lastmod>").count(), 16);
    assert_eq!(posts.matches("<image:loc>").count(), 16);
    assert!(posts.contains("<loc>http://127.0.0.1:8080/merrow-river-flood-crest/</loc>"));
    let tags = app.get("/sitemaps/tags/1.xml").await.html;
    assert!(tags.contains("<loc>http://127.0.0.1:8080/tag/city/</loc>"));
    assert_eq!(
        app.get("/sitemaps/posts/2.xml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/sitemaps/tags/2.xml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/sitemaps/nonsense/1.xml").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/sitemaps/posts/x.xml").await.status,
        StatusCode::NOT_FOUND
    );

    let robots = app.get("/robots.txt").await.html;
    assert!(robots.contains("Sitemap: http://127.0.0.1:8080/sitemap.xml"));
    assert!(robots.contains("Sitemap: http://127.0.0.1:8080/news-sitemap.xml"));
}

async fn the_news_sitemap_lists_the_last_two_days(app: &TestApp) {
    let news = app.get("/news-sitemap.xml").await.html;
    assert!(news.contains("<news:name>The Calder Ledger</news:name>"));
    assert!(news.contains("<news:language>en</news:language>"));
    // Every edition's recent articles, each under its own edition's name and language.
    assert!(news.contains("<news:language>uk</news:language>"));
    let recent = news.matches("<url>").count();
    let mut within = 0;
    for edition in app.db.editions().await.unwrap() {
        within += app
            .db
            .list_published(
                &byline_store::PostQuery {
                    since: Some(Timestamp::now() - jiff::SignedDuration::from_hours(48)),
                    edition: edition.id,
                    ..Default::default()
                },
                100,
                0,
            )
            .await
            .unwrap()
            .total as usize;
    }
    assert_eq!(recent, within);
    assert!((3..30).contains(&recent), "{recent}");
    assert!(
        !news.contains("ferry-street-night-market-permit"),
        "older than two days"
    );
    let ukrainian = app.get("/uk/news-sitemap.xml").await.html;
    assert!(ukrainian.matches("<url>").count() >= 1);
    assert!(!ukrainian.contains("<news:language>en</news:language>"));
}

async fn articles_carry_structured_data_and_previews(app: &TestApp) {
    let page = app.get("/merrow-river-flood-crest/").await;
    let scripts = page.texts("script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    let json: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
    let article = &json["@graph"][0];
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(
        article["headline"],
        "Merrow River expected to crest at its highest level since 2011"
    );
    assert_eq!(article["isAccessibleForFree"], true);
    assert_eq!(article["articleSection"], "Climate & River");
    assert_eq!(
        article["author"][0]["url"],
        "http://127.0.0.1:8080/author/olena-koval/"
    );
    assert_eq!(article["publisher"]["@type"], "NewsMediaOrganization");
    assert!(
        article["publisher"]["logo"]["url"]
            .as_str()
            .unwrap()
            .ends_with(".svg")
    );
    let post = app
        .db
        .published_post(&crate::helpers::slug("merrow-river-flood-crest"))
        .await
        .unwrap()
        .unwrap();
    let updated = post.summary.updated_at.unwrap();
    let modified: Timestamp = article["dateModified"].as_str().unwrap().parse().unwrap();
    assert_eq!(modified, updated, "dateModified is the public Updated time");
    assert_eq!(json["@graph"][1]["@type"], "BreadcrumbList");
    assert_eq!(
        json["@graph"][1]["itemListElement"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    assert_eq!(
        page.attrs("meta[property='og:type']", "content"),
        ["article"]
    );
    assert!(
        page.attrs("meta[property='og:image']", "content")[0]
            .starts_with("http://127.0.0.1:8080/content/")
    );
    assert_eq!(
        page.attrs("meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["http://127.0.0.1:8080/merrow-river-flood-crest/"]
    );
    assert!(!page.attrs("meta[name=description]", "content")[0].is_empty());

    let home = app.get("/").await;
    let home_json: serde_json::Value =
        serde_json::from_str(&home.texts("script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(home_json["@graph"][0]["@type"], "WebSite");
    assert_eq!(
        home_json["@graph"][0]["potentialAction"]["@type"],
        "SearchAction"
    );
    for path in [
        "/",
        "/merrow-river-flood-crest/",
        "/news-feed/",
        "/search/?q=x",
    ] {
        let page = app.get(path).await;
        assert_eq!(
            page.attrs("link[type='application/rss+xml']", "href")[0],
            "/rss/",
            "{path}"
        );
        assert_eq!(
            page.attrs("link[type='application/atom+xml']", "href")[0],
            "/atom/",
            "{path}"
        );
    }
}

#[tokio::test]
async fn an_empty_site_still_has_feeds_sitemaps_and_search() {
    let app = TestApp::empty().await;
    for path in [
        "/rss/",
        "/atom/",
        "/sitemap.xml",
        "/sitemaps/posts/1.xml",
        "/sitemaps/pages/1.xml",
        "/news-sitemap.xml",
        "/robots.txt",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
    }
    assert!(app.get("/rss/").await.html.contains("<channel>"));
    assert!(
        app.get("/search/?q=anything")
            .await
            .html
            .contains("No articles match")
    );
    app.stop().await;
}
