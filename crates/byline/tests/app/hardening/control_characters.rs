//! A NUL, vertical tab or ESC in a headline made every feed and the news sitemap
//! invalid XML. Forms strip them, the store strips them, and every writer strips
//! them again for text stored before the rule.

use byline_core::{PostId, Role};
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(
    control_characters_typed_into_the_desk_never_reach_a_feed_or_a_page,
    control_characters_already_stored_are_left_out_of_every_feed,
);

/// Documents that must stay well-formed XML whatever a headline holds.
const XML_DOCUMENTS: [&str; 6] = [
    "/rss/",
    "/atom/",
    "/tag/city/rss/",
    "/tag/city/atom/",
    "/news-sitemap.xml",
    "/sitemaps/posts/1.xml",
];

fn forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Every XML document parses (Python's expat through `xml.dom.minidom` would do the
/// same; a Rust check keeps this test in one binary) and holds no control character.
async fn assert_feeds_are_valid_xml(app: &TestApp, headline_part: &str) {
    for path in XML_DOCUMENTS {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            !page.html.chars().any(forbidden),
            "{path} holds a control character"
        );
        assert_well_formed(&page.html, path);
        if path != "/sitemaps/posts/1.xml" {
            assert!(page.html.contains(headline_part), "{path} lists the story");
        }
    }
}

/// A small well-formedness check: every `<` opens a tag, a comment, a declaration or
/// CDATA that closes, and tags nest.
fn assert_well_formed(xml: &str, path: &str) {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let (end_marker, skip) = if rest.starts_with("<![CDATA[") {
            ("]]>", true)
        } else if rest.starts_with("<!--") {
            ("-->", true)
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            (">", true)
        } else {
            (">", false)
        };
        let end = rest
            .find(end_marker)
            .unwrap_or_else(|| panic!("{path}: unclosed markup"));
        let tag = &rest[1..end];
        rest = &rest[end + end_marker.len()..];
        if skip || tag.ends_with('/') {
            continue;
        }
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        if tag.starts_with('/') {
            assert_eq!(
                open.pop(),
                Some(name),
                "{path}: </{name}> closes the wrong element"
            );
        } else {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "{path}: {open:?} never closed");
}

async fn control_characters_typed_into_the_desk_never_reach_a_feed_or_a_page(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let city = app.db.list_tags().await.unwrap();
    let city = city.iter().find(|t| t.slug.as_str() == "city").unwrap();
    let id = desk
        .create_post(&[
            ("title", "Tram\u{0} depot\u{b} floods\u{1b}[31m"),
            ("subtitle", "Water\u{7} in the sheds"),
            ("body", "Crews\u{0} pumped all night.\u{c}"),
            ("tag", &city.id.to_string()),
            ("action", "publish"),
        ])
        .await;
    let stored = app.db.desk_post(id).await.unwrap().unwrap().post;
    assert_eq!(stored.summary.title, "Tram depot floods[31m");
    assert_eq!(
        stored.summary.subtitle.as_deref(),
        Some("Water in the sheds")
    );
    assert_feeds_are_valid_xml(app, "Tram depot floods").await;
    let article = app.get(&format!("/{}/", stored.summary.slug)).await;
    assert_eq!(article.status, StatusCode::OK);
    assert!(!article.html.chars().any(forbidden));
}

async fn control_characters_already_stored_are_left_out_of_every_feed(app: &TestApp) {
    // As if written before the rule (or by a path that forgot it): straight into the
    // table, bypassing the store's own cleaning. PostgreSQL refuses NUL in text, so
    // this uses vertical tab and ESC, which both engines keep.
    let slug = app
        .db
        .newest_published(&Default::default(), 1, 0)
        .await
        .unwrap()
        .remove(0)
        .slug;
    sqlx::query("UPDATE posts SET title = $1, published_at = $2 WHERE slug = $3")
        .bind("Ferry\u{b} strike\u{1b} ends")
        .bind(jiff::Timestamp::now().as_second())
        .bind(slug.as_str())
        .execute(app.db.pool())
        .await
        .unwrap();
    // Put the post in the City section so its section feeds show it too.
    let city_id: i64 = sqlx::query_scalar("SELECT id FROM tags WHERE slug = 'city'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let post_id: PostId = sqlx::query_scalar("SELECT id FROM posts WHERE slug = $1")
        .bind(slug.as_str())
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    sqlx::query("INSERT INTO post_tags (post_id, tag_id, position) VALUES ($1, $2, 9) ON CONFLICT DO NOTHING")
        .bind(post_id)
        .bind(city_id)
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_feeds_are_valid_xml(app, "Ferry strike ends").await;
    let article = app.get(&format!("/{slug}/")).await;
    assert!(article.html.contains("Ferry strike ends"));
    assert!(!article.html.chars().any(forbidden));
}
