//! Webhooks against a real receiver process (`receiver.rs`), on both engines: a
//! publish delivers one signed `post.published`; a receiver that is down and then
//! failing gets every event once, in order, when it recovers; a 410 removes the
//! webhook; targets in the server's own network are refused; a `kill -9` between
//! the commit and the delivery still delivers (`crash.rs`); two PostgreSQL nodes
//! deliver each event once (`nodes.rs`).

mod crash;
mod desk;
mod nodes;
pub(crate) mod receiver;
mod targets;

use std::time::Duration;

use byline_core::webhooks::signature;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::admin_api::posts::Client;
use crate::helpers::TestApp;
use receiver::Receiver;

/// Lets deliveries reach the receiver on this machine and retries quickly.
pub(crate) fn for_webhooks(config: &mut byline_web::WebConfig) {
    config.webhooks.allow_private = true;
    config.webhooks.retry_base = Duration::from_millis(200);
}

macro_rules! with_webhooks_on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::helpers::TestApp::sqlite_with(super::for_webhooks).await;
                    super::$name(&app).await;
                    app.stop().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::helpers::TestApp::postgres_with(super::for_webhooks).await;
                    super::$name(&app).await;
                    app.stop().await;
                }
            )*
        }
    };
}

pub(crate) async fn add_webhook(
    client: &Client<'_>,
    event: &str,
    target: &str,
    secret: Option<&str>,
) -> (StatusCode, Value) {
    let mut webhook = json!({ "event": event, "target_url": target, "name": "Test receiver" });
    if let Some(secret) = secret {
        webhook["secret"] = json!(secret);
    }
    client
        .send(
            Method::POST,
            "webhooks/",
            Some(json!({ "webhooks": [webhook] })),
        )
        .await
}

/// Adds a draft post through the Admin API; returns its id.
pub(crate) async fn draft(client: &Client<'_>, title: &str) -> String {
    let (status, body) = client
        .send(
            Method::POST,
            "posts/",
            Some(json!({ "posts": [{ "title": title, "html": "<p>First words.</p>" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["posts"][0]["id"].as_str().unwrap().to_owned()
}

/// Edits post `id` through the Admin API with its current `updated_at`.
pub(crate) async fn edit(client: &Client<'_>, id: &str, changes: Value) -> Value {
    let (_, read) = client
        .send(Method::GET, &format!("posts/{id}/"), None)
        .await;
    let mut post = changes;
    post["updated_at"] = read["posts"][0]["updated_at"].clone();
    let (status, body) = client
        .send(
            Method::PUT,
            &format!("posts/{id}/"),
            Some(json!({ "posts": [post] })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["posts"][0].clone()
}

async fn a_publish_delivers_one_signed_post_published(app: &TestApp) {
    let receiver = Receiver::up();
    let client = Client::new(app, "Syndication").await;
    let (status, body) = add_webhook(
        &client,
        "post.published",
        &receiver.url("/hooks/published"),
        Some("quay-secret"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let webhook = &body["webhooks"][0];
    assert_eq!(webhook["event"], "post.published");
    assert_eq!(webhook["status"], "available");

    let id = draft(&client, "Harbour lights switched on").await;
    edit(&client, &id, json!({ "title": "Harbour lights on" })).await;
    edit(&client, &id, json!({ "status": "published" })).await;
    let received = receiver.wait_for(1, Duration::from_secs(10)).await;
    // Only the publication: the webhook does not listen for added or edited.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(receiver.received().len(), 1, "{:?}", receiver.received());
    let delivery = &received[0];
    assert_eq!(delivery.path, "/hooks/published");
    assert_eq!(delivery.headers["content-type"], "application/json");
    let signed = &delivery.headers["x-ghost-signature"];
    let at: i64 = signed.rsplit("t=").next().unwrap().parse().unwrap();
    assert_eq!(
        *signed,
        signature("quay-secret", delivery.body.as_bytes(), at),
        "the receiver can check the signature with the secret"
    );
    let payload = delivery.json();
    let current = &payload["post"]["current"];
    assert_eq!(current["id"], id.as_str());
    assert_eq!(current["status"], "published");
    assert_eq!(current["title"], "Harbour lights on");
    assert!(current["html"].as_str().unwrap().contains("First words."));
    assert_eq!(payload["post"]["previous"]["status"], "draft");

    // The webhook records how its last delivery went.
    let webhooks = app.db.webhooks().await.unwrap();
    assert_eq!(webhooks[0].0.last_triggered_status.as_deref(), Some("200"));
    let deliveries = app
        .db
        .recent_deliveries(webhooks[0].0.id, 10)
        .await
        .unwrap();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].status, "delivered");
}

async fn a_receiver_down_then_failing_gets_every_event_once_in_order(app: &TestApp) {
    let mut receiver = Receiver::down();
    let client = Client::new(app, "Archive mirror").await;
    let (status, body) = add_webhook(&client, "post.edited", &receiver.url("/edits"), None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = draft(&client, "Draft zero").await;
    for title in ["Draft one", "Draft two", "Draft three"] {
        edit(&client, &id, json!({ "title": title })).await;
    }
    // Refused connections first, then error answers, then success.
    tokio::time::sleep(Duration::from_millis(600)).await;
    receiver.answer(503);
    receiver.start();
    let failing = std::time::Instant::now();
    while receiver.received().is_empty() {
        assert!(failing.elapsed() < Duration::from_secs(10), "no retry came");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    receiver.answer(200);
    let accepted = receiver.wait_for(3, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(receiver.accepted().len(), 3, "each event once");
    let before: Vec<String> = accepted
        .iter()
        .map(|r| {
            r.json()["post"]["previous"]["title"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(before, ["Draft zero", "Draft one", "Draft two"], "in order");
    assert!(
        receiver.received().iter().any(|r| r.answered == 503),
        "the failing answers were retried"
    );
    assert!(
        accepted
            .iter()
            .all(|r| !r.headers.contains_key("x-ghost-signature"))
    );
}

async fn a_410_removes_the_webhook(app: &TestApp) {
    let receiver = Receiver::up();
    receiver.answer(410);
    let client = Client::new(app, "Retired tool").await;
    let (status, _) = add_webhook(&client, "tag.added", &receiver.url("/gone"), None).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = client
        .send(
            Method::POST,
            "tags/",
            Some(json!({ "tags": [{ "name": "Lifeboats" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let started = std::time::Instant::now();
    while !app.db.webhooks().await.unwrap().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(10), "not removed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(receiver.received().len(), 1);
    let (status, _) = client
        .send(
            Method::POST,
            "tags/",
            Some(json!({ "tags": [{ "name": "Lifeguards" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(receiver.received().len(), 1, "nothing more is sent");
}

async fn a_refusal_fails_the_delivery_at_once_and_the_next_one_goes(app: &TestApp) {
    let receiver = Receiver::up();
    receiver.answer(404);
    let client = Client::new(app, "Misconfigured tool").await;
    let (status, _) = add_webhook(&client, "tag.added", &receiver.url("/wrong"), None).await;
    assert_eq!(status, StatusCode::CREATED);
    let add_tag = |name: &'static str| {
        let client = &client;
        async move {
            let (status, _) = client
                .send(
                    Method::POST,
                    "tags/",
                    Some(json!({ "tags": [{ "name": name }] })),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
        }
    };
    add_tag("Harbour board").await;
    let started = std::time::Instant::now();
    while receiver.received().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(10), "never sent");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    receiver.answer(200);
    add_tag("Harbour fees").await;
    let accepted = receiver.wait_for(1, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(receiver.received().len(), 2, "the 404 was not retried");
    assert_eq!(accepted[0].json()["tag"]["current"]["name"], "Harbour fees");
    let (webhook, _) = app.db.webhooks().await.unwrap().remove(0);
    let deliveries = app.db.recent_deliveries(webhook.id, 10).await.unwrap();
    let states: Vec<&str> = deliveries.iter().map(|d| d.status.as_str()).collect();
    assert_eq!(states, ["delivered", "failed"]);
    assert!(deliveries[1].last_error.as_deref().unwrap().contains("404"));
}

async fn a_news_feed_item_and_tag_changes_are_announced(app: &TestApp) {
    let receiver = Receiver::up();
    let client = Client::new(app, "Push alerts").await;
    for event in ["news_feed.item.published", "tag.edited", "tag.deleted"] {
        let (status, body) = add_webhook(&client, event, &receiver.url("/"), None).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let item = app
        .db
        .create_feed_item(&byline_store::NewFeedItem {
            headline: "Ferry service suspended".into(),
            text: "High winds: **no crossings** until 6 pm.".into(),
            post_slug: None,
            published_at: jiff::Timestamp::now(),
            updated_at: None,
            created_by: None,
            edition: byline_core::editions::MAIN_EDITION,
        })
        .await
        .unwrap();
    let (_, body) = client
        .send(
            Method::POST,
            "tags/",
            Some(json!({ "tags": [{ "name": "Weather watch" }] })),
        )
        .await;
    let tag_id = body["tags"][0]["id"].as_str().unwrap().to_owned();
    client
        .send(
            Method::PUT,
            &format!("tags/{tag_id}/"),
            Some(json!({ "tags": [{ "name": "Storm watch" }] })),
        )
        .await;
    client
        .send(Method::DELETE, &format!("tags/{tag_id}/"), None)
        .await;
    let accepted = receiver.wait_for(3, Duration::from_secs(10)).await;
    let mut by_event: Vec<(String, Value)> = accepted
        .iter()
        .map(|r| (r.headers["x-byline-event"].clone(), r.json()))
        .collect();
    by_event.sort_by(|a, b| a.0.cmp(&b.0));
    let events: Vec<&str> = by_event.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(
        events,
        ["news_feed.item.published", "tag.deleted", "tag.edited"]
    );
    let feed = &by_event[0].1["news_feed_item"]["current"];
    assert_eq!(feed["headline"], "Ferry service suspended");
    assert!(
        feed["html"]
            .as_str()
            .unwrap()
            .contains("<strong>no crossings</strong>")
    );
    assert!(
        feed["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/news-feed/{}/", item.id))
    );
    let deleted = &by_event[1].1["tag"];
    assert_eq!(deleted["current"], json!({}));
    assert_eq!(deleted["previous"]["name"], "Storm watch");
    assert_eq!(deleted["previous"]["id"], tag_id.as_str());
    let edited = &by_event[2].1["tag"];
    assert_eq!(edited["previous"], json!({ "name": "Weather watch" }));
}

async fn members_joining_changing_and_leaving_are_announced(app: &TestApp) {
    let receiver = Receiver::up();
    let client = Client::new(app, "Member sync").await;
    for event in ["member.added", "member.edited", "member.deleted"] {
        let (status, body) = add_webhook(&client, event, &receiver.url("/"), None).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = client
        .send(
            Method::POST,
            "members/",
            Some(json!({ "members": [{ "email": "dee@example.org", "byline_consent": true }] })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["members"][0]["id"].as_str().unwrap().to_owned();
    receiver.wait_for(1, Duration::from_secs(10)).await;
    client
        .send(
            Method::PUT,
            &format!("members/{id}/"),
            Some(json!({ "members": [{ "name": "Dee" }] })),
        )
        .await;
    receiver.wait_for(2, Duration::from_secs(10)).await;
    client
        .send(Method::DELETE, &format!("members/{id}/"), None)
        .await;
    let accepted = receiver.wait_for(3, Duration::from_secs(10)).await;
    let events: Vec<&str> = accepted
        .iter()
        .map(|r| r.headers["x-byline-event"].as_str())
        .collect();
    assert_eq!(events, ["member.added", "member.edited", "member.deleted"]);
    assert_eq!(
        accepted[0].json()["member"]["current"]["email"],
        "dee@example.org"
    );
    let deleted = accepted[2].json();
    assert_eq!(deleted["member"]["current"], json!({}));
    assert_eq!(deleted["member"]["previous"]["email"], "dee@example.org");
}

with_webhooks_on_both_engines!(
    members_joining_changing_and_leaving_are_announced,
    a_news_feed_item_and_tag_changes_are_announced,
    a_publish_delivers_one_signed_post_published,
    a_receiver_down_then_failing_gets_every_event_once_in_order,
    a_410_removes_the_webhook,
    a_refusal_fails_the_delivery_at_once_and_the_next_one_goes,
);
