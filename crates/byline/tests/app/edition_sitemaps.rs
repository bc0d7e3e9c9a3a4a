//! Sitemaps, the news sitemap and structured data of a site with two editions: the
//! index at `/` finds every edition's sitemaps, each edition's sitemap lists its own
//! articles at their addresses in it, a translated article names every version (itself
//! included) as an hreflang alternate so the versions point at each other, and the
//! news sitemap and JSON-LD speak each article's own language.

use std::collections::{BTreeMap, BTreeSet};

use byline_core::content::NewPost;
use byline_core::editions::MAIN_EDITION;
use byline_core::{PostKind, PostStatus};
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;

use crate::helpers::{TestApp, restatus, slug};

crate::on_both_empty_sites!(each_edition_has_its_own_sitemaps_and_translations_name_each_other);

/// The address the test sites believe they live at (see `helpers`).
const SITE: &str = "http://127.0.0.1:8080";
const XHTML: &str = r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#;

fn published(slug_text: &str, title: &str, hours_ago: i64) -> NewPost {
    NewPost {
        slug: slug(slug_text),
        kind: PostKind::Post,
        status: PostStatus::Published,
        title: title.into(),
        subtitle: None,
        body_markdown: "The crews finished on time.".into(),
        image: None,
        featured: false,
        published_at: Some(Timestamp::now() - SignedDuration::from_hours(hours_ago)),
        author_ids: Vec::new(),
        tag_ids: Vec::new(),
    }
}

/// The text between `open` and `close` each time it occurs in `xml`.
fn between<'a>(xml: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    xml.split(open)
        .skip(1)
        .map(|rest| &rest[..rest.find(close).expect("a closed element")])
        .collect()
}

/// Every `<url>` of a sitemap: its `<loc>` and its alternates (hreflang, href).
fn urls(xml: &str) -> BTreeMap<String, BTreeSet<(String, String)>> {
    between(xml, "<url>", "</url>")
        .into_iter()
        .map(|url| {
            let loc = between(url, "<loc>", "</loc>")[0].to_owned();
            let alternates = between(url, r#"<xhtml:link rel="alternate" hreflang=""#, "/>")
                .into_iter()
                .map(|link| {
                    let (language, rest) = link.split_once('"').expect("a quoted hreflang");
                    let href = between(rest, r#"href=""#, "\"")[0];
                    (language.to_owned(), href.to_owned())
                })
                .collect();
            (loc, alternates)
        })
        .collect()
}

async fn each_edition_has_its_own_sitemaps_and_translations_name_each_other(app: &TestApp) {
    let db = &app.db;
    let uk = db
        .add_edition(&byline_store::testing::ukrainian_edition("uk"))
        .await
        .unwrap();
    let english = db
        .create_post(published("bridge-reopens", "The Podil bridge reopens", 3))
        .await
        .unwrap();
    let mut draft = published("mist-vidkryly", "Міст на Подолі знову відкрили", 0);
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    let ukrainian = db.create_post(draft).await.unwrap();
    db.move_post_to_edition(ukrainian, uk).await.unwrap();
    db.link_translation(english, ukrainian).await.unwrap();
    restatus(
        db,
        ukrainian,
        PostStatus::Published,
        Some(Timestamp::now() - SignedDuration::from_hours(1)),
    )
    .await;
    let en_url = format!("{SITE}/bridge-reopens/");
    let uk_url = format!("{SITE}/uk/mist-vidkryly/");
    let main_title = db.edition(MAIN_EDITION).await.unwrap().title;
    // Several version polls: the server catches up with the writes above, so the
    // sitemaps below are cached at the current version and the unlinking at the end
    // reaches them as a change to its two articles only.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    // The index at / finds both editions' sitemaps; an edition's index its own.
    let index = app
        .eventually_shows("/sitemap.xml", "/uk/sitemaps/posts/1.xml")
        .await
        .html;
    let children: Vec<&str> = between(&index, "<loc>", "</loc>");
    for child in [
        "/sitemaps/posts/1.xml",
        "/sitemaps/pages/1.xml",
        "/sitemaps/tags/1.xml",
        "/sitemaps/authors/1.xml",
        "/uk/sitemaps/posts/1.xml",
        "/uk/sitemaps/pages/1.xml",
    ] {
        assert!(
            children.contains(&format!("{SITE}{child}").as_str()),
            "{child}: {index}"
        );
    }
    assert_eq!(children.len(), 6, "sections and authors once: {index}");
    let uk_index = app.get("/uk/sitemap.xml").await;
    assert_eq!(uk_index.status, StatusCode::OK);
    assert_eq!(
        between(&uk_index.html, "<loc>", "</loc>"),
        [
            format!("{SITE}/uk/sitemaps/posts/1.xml"),
            format!("{SITE}/uk/sitemaps/pages/1.xml"),
        ]
    );
    assert_eq!(
        app.get("/uk/sitemaps/tags/1.xml").await.status,
        StatusCode::NOT_FOUND,
        "sections and authors are listed at / only"
    );
    for child in &children {
        let path = child.strip_prefix(SITE).unwrap();
        assert_eq!(app.get(path).await.status, StatusCode::OK, "{path}");
    }

    // Each edition's sitemap lists its own article, at its address in the edition.
    let main_sitemap = app.get("/sitemaps/posts/1.xml").await.html;
    let uk_sitemap = app.get("/uk/sitemaps/posts/1.xml").await.html;
    assert!(main_sitemap.contains(XHTML) && uk_sitemap.contains(XHTML));
    let main_urls = urls(&main_sitemap);
    let uk_urls = urls(&uk_sitemap);
    assert_eq!(
        main_urls.keys().collect::<Vec<_>>(),
        [&en_url],
        "{main_sitemap}"
    );
    assert_eq!(
        uk_urls.keys().collect::<Vec<_>>(),
        [&uk_url],
        "{uk_sitemap}"
    );

    // Both name both versions, themselves included.
    let group = BTreeSet::from([
        ("en".to_owned(), en_url.clone()),
        ("uk".to_owned(), uk_url.clone()),
    ]);
    assert_eq!(main_urls[&en_url], group);
    assert_eq!(uk_urls[&uk_url], group);
    // Symmetric: every alternate a URL names is listed and names that URL back.
    let every: BTreeMap<_, _> = main_urls.into_iter().chain(uk_urls).collect();
    for (url, alternates) in &every {
        for (_, other) in alternates {
            let back = every
                .get(other)
                .unwrap_or_else(|| panic!("{other}, named by {url}, is in no sitemap"));
            assert!(
                back.iter().any(|(_, href)| href == url),
                "{other} does not name {url} back"
            );
        }
    }

    // The news sitemap names each article's own edition and language.
    let news = app.get("/news-sitemap.xml").await.html;
    let entries: BTreeMap<&str, (&str, &str)> = between(&news, "<url>", "</url>")
        .into_iter()
        .map(|url| {
            (
                between(url, "<loc>", "</loc>")[0],
                (
                    between(url, "<news:language>", "</news:language>")[0],
                    between(url, "<news:name>", "</news:name>")[0],
                ),
            )
        })
        .collect();
    assert_eq!(
        entries,
        BTreeMap::from([
            (en_url.as_str(), ("en", main_title.as_str())),
            (uk_url.as_str(), ("uk", "Вечірній вісник")),
        ]),
        "{news}"
    );
    let uk_news = app.get("/uk/news-sitemap.xml").await.html;
    assert_eq!(between(&uk_news, "<loc>", "</loc>"), [uk_url.as_str()]);

    // The Ukrainian article's structured data is in Ukrainian, at its own address.
    let page = app.get("/uk/mist-vidkryly/").await;
    assert_eq!(page.status, StatusCode::OK);
    let scripts = page.texts("script[type='application/ld+json']");
    assert!(
        scripts[0].contains(r#""inLanguage":"uk""#),
        "{}",
        scripts[0]
    );
    let json: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
    let article = &json["@graph"][0];
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(article["url"], uk_url.as_str());
    assert_eq!(article["mainEntityOfPage"]["@id"], uk_url.as_str());
    assert_eq!(article["publisher"]["url"], format!("{SITE}/uk/"));
    let english_page = app.get("/bridge-reopens/").await;
    let english_json = &english_page.texts("script[type='application/ld+json']")[0];
    assert!(
        english_json.contains(r#""inLanguage":"en""#),
        "{english_json}"
    );

    // Unlinked, neither version names the other any more (cached sitemaps follow).
    db.unlink_translation(ukrainian).await.unwrap();
    for path in ["/sitemaps/posts/1.xml", "/uk/sitemaps/posts/1.xml"] {
        eventually_without(app, path, "<xhtml:link").await;
    }
}

/// Waits until `path` no longer shows `text` (changes reach the page cache within
/// the version poll interval).
async fn eventually_without(app: &TestApp, path: &str, text: &str) {
    for _ in 0..100 {
        if !app.get(path).await.html.contains(text) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("{path} still shows {text:?}");
}
