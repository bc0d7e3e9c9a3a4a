//! The hot path's contract: pages come from memory with validators, answer
//! conditional requests with 304, and are compressed when asked.

use std::io::Read;

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
};

use crate::helpers::TestApp;

crate::on_both_engines!(
    pages_carry_validators_and_answer_304,
    pages_are_compressed_when_asked,
    health_and_metrics_are_served,
);

async fn pages_carry_validators_and_answer_304(app: &TestApp) {
    let first = app
        .raw
        .get(app.url("/merrow-river-flood-crest/"))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()[ETAG].clone();
    let last_modified = first.headers()[LAST_MODIFIED].clone();
    assert!(etag.to_str().unwrap().starts_with("W/\""));
    let body = first.text().await.unwrap();

    let again = app
        .raw
        .get(app.url("/merrow-river-flood-crest/"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers()[ETAG], etag, "a cached page keeps its ETag");
    assert_eq!(again.text().await.unwrap(), body);

    let conditional = app
        .raw
        .get(app.url("/merrow-river-flood-crest/"))
        .header(IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(conditional.status(), StatusCode::NOT_MODIFIED);
    assert!(conditional.text().await.unwrap().is_empty());

    let since = app
        .raw
        .get(app.url("/merrow-river-flood-crest/"))
        .header(IF_MODIFIED_SINCE, last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(since.status(), StatusCode::NOT_MODIFIED);

    let stale = app
        .raw
        .get(app.url("/merrow-river-flood-crest/"))
        .header(IF_NONE_MATCH, "W/\"0000000000000000\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::OK);
}

async fn pages_are_compressed_when_asked(app: &TestApp) {
    let plain = app
        .raw
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    let gzip = app
        .raw
        .get(app.url("/"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzip.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(gzip.headers()["vary"], "Accept-Encoding");
    let bytes = gzip.bytes().await.unwrap();
    assert!(bytes.len() < plain.len() / 2);
    assert_eq!(gunzip(&bytes), plain);

    // An article is laid together as gzip from kept pieces (its own text and the
    // shared sidebar), so a browser offering both gets gzip; a client that takes only
    // brotli still gets brotli.
    let article = "/merrow-river-flood-crest/";
    let plain = app.get(article).await.html;
    let browser = app
        .raw
        .get(app.url(article))
        .header(ACCEPT_ENCODING, "gzip, deflate, br, zstd")
        .send()
        .await
        .unwrap();
    assert_eq!(browser.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(gunzip(&browser.bytes().await.unwrap()), plain);
    let br_only = app
        .raw
        .get(app.url(article))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();
    assert_eq!(br_only.headers()[CONTENT_ENCODING], "br");
    assert_eq!(unbrotli(&br_only.bytes().await.unwrap()), plain);

    // A document kept whole (a feed: it has no holes) keeps its brotli copy and
    // prefers it.
    let feed_plain = app.get("/rss/").await.html;
    let feed = app
        .raw
        .get(app.url("/rss/"))
        .header(ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(feed.headers()[CONTENT_ENCODING], "br");
    assert_eq!(unbrotli(&feed.bytes().await.unwrap()), feed_plain);

    let css = app
        .raw
        .get(app.url("/assets/style.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    assert!(
        css.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}

fn gunzip(bytes: &[u8]) -> String {
    let mut plain = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut plain)
        .unwrap();
    plain
}

fn unbrotli(bytes: &[u8]) -> String {
    let mut plain = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut plain)
        .unwrap();
    String::from_utf8(plain).unwrap()
}

async fn health_and_metrics_are_served(app: &TestApp) {
    let health = app.raw.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let json: serde_json::Value = health.json().await.unwrap();
    assert_eq!(json["database"], "ok");

    app.get("/").await;
    app.get("/").await;
    let metrics = app.get("/metrics").await.html;
    assert!(metrics.contains("byline_http_requests_total"), "{metrics}");
    assert!(
        metrics.contains("byline_http_request_duration_seconds_bucket"),
        "{metrics}"
    );
    assert!(
        metrics.contains("byline_page_cache_hits_total"),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_change_made_through_one_node_reaches_another_nodes_cache() {
    // Two stateless nodes on one PostgreSQL database: each has its own page cache and
    // notices the other's writes through the shared content version.
    let first = TestApp::postgres().await;
    let url = first.postgres_url().unwrap().to_owned();
    let second_db = byline_store::Db::connect(&url).await.unwrap();
    let second = TestApp::on(second_db).await;
    let before = second.get("/teachers-vote-to-strike/").await;
    assert!(!before.html.contains("A second node"));
    let post = first
        .db
        .published_post(&crate::helpers::slug("teachers-vote-to-strike"))
        .await
        .unwrap()
        .unwrap();
    first
        .db
        .add_note(
            post.summary.id,
            byline_core::NoteKind::Update,
            "A second node sees this.",
            jiff::Timestamp::now(),
        )
        .await
        .unwrap();
    second
        .eventually_shows("/teachers-vote-to-strike/", "A second node sees this.")
        .await;
    second.stop().await;
    first.stop().await;
}

#[tokio::test]
async fn health_reports_a_database_that_is_gone() {
    let app = TestApp::sqlite().await;
    assert_eq!(
        app.raw
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(app.get("/").await.status, StatusCode::OK);
    app.db.close().await;
    let health = app.raw.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    let json: serde_json::Value = health.json().await.unwrap();
    assert_eq!(json["database"], "unreachable");
    assert_eq!(
        app.get("/").await.status,
        StatusCode::OK,
        "cached pages are still served"
    );
    let uncached = app.raw.get(app.url("/about/")).send().await.unwrap();
    assert_eq!(
        uncached.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "a page that says to come back"
    );
    assert_eq!(uncached.headers()["retry-after"], "5");
    app.stop().await;
}
