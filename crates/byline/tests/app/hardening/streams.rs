//! Live News Feed streams: a cap per client address with a clear 429 (one client
//! opened 500 freely), and a `Last-Event-ID` beyond the newest event read as "from
//! now" (such a stream used to wait forever for events it would skip).

use std::time::Duration;

use byline_store::NewFeedItem;
use jiff::Timestamp;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::news_feed_live::SseReader;

#[tokio::test]
async fn one_address_gets_a_clear_429_past_its_stream_cap_on_sqlite() {
    let app = TestApp::sqlite_with(|config| config.max_streams_per_address = 3).await;
    streams_past_the_cap_are_refused(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn one_address_gets_a_clear_429_past_its_stream_cap_on_postgres() {
    let app = TestApp::postgres_with(|config| config.max_streams_per_address = 3).await;
    streams_past_the_cap_are_refused(&app).await;
    app.stop().await;
}

async fn streams_past_the_cap_are_refused(app: &TestApp) {
    let base = app.url("");
    let base = base.trim_end_matches('/');
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(SseReader::open(base, None, None).await);
    }
    let refused = reqwest::get(app.url("/news-feed/events")).await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.headers()["retry-after"], "60");
    let message = refused.text().await.unwrap();
    assert!(message.contains("Too many live News Feed connections from your address (3 at most)"));
    // Pages are not streams: the site still answers this address.
    assert_eq!(app.get("/").await.status, reqwest::StatusCode::OK);

    // A stream that ends gives its place back.
    drop(open.pop());
    let mut again = None;
    for _ in 0..50 {
        let answer = reqwest::get(app.url("/news-feed/events")).await.unwrap();
        if answer.status() == StatusCode::OK {
            again = Some(answer);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(again.is_some(), "a closed stream's place came back");
}

crate::on_both_engines!(
    a_last_event_id_beyond_the_newest_event_streams_from_now,
    a_malformed_last_event_id_is_a_clear_400,
);

async fn a_last_event_id_beyond_the_newest_event_streams_from_now(app: &TestApp) {
    let head = app.db.feed_event_seq().await.unwrap();
    let base = app.url("");
    let base = base.trim_end_matches('/');
    let far = (head + 1_000_000).to_string();
    let mut reader = SseReader::open(base, None, Some(&far)).await;
    app.db
        .create_feed_item(&NewFeedItem {
            headline: "Storm warning lifted".into(),
            text: "The river stays within its banks.".into(),
            post_slug: None,
            published_at: Timestamp::now(),
            updated_at: None,
            created_by: None,
            edition: byline_core::editions::MAIN_EDITION,
        })
        .await
        .unwrap();
    let event = reader
        .next(Duration::from_secs(10))
        .await
        .expect("the new event arrives");
    assert_eq!(event.id, Some(head + 1));
    assert!(
        event.data["html"]
            .as_str()
            .unwrap()
            .contains("Storm warning lifted")
    );
}

async fn a_malformed_last_event_id_is_a_clear_400(app: &TestApp) {
    for bad in ["-4", "12abc", "99999999999999999999999"] {
        let answer = app
            .raw
            .get(app.url("/news-feed/events"))
            .header("Last-Event-ID", bad)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            answer
                .text()
                .await
                .unwrap()
                .contains("must be a whole number")
        );
    }
}
