//! Webhook targets in the server's own network are refused with the operator's
//! default, and a webhook belongs to the integration that made it.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::add_webhook;
use crate::admin_api::posts::{Client, error_type};
use crate::helpers::TestApp;
use crate::on_both_engines;

/// With the operator's default, the server's own network is out of reach, and
/// every other bad webhook is a 422 that saves nothing.
async fn targets_in_the_servers_network_are_refused(app: &TestApp) {
    let client = Client::new(app, "Prober").await;
    let cases = [
        ("post.published", "http://127.0.0.1:9/"),
        ("post.published", "http://localhost:9/"),
        ("post.published", "http://10.0.0.8/hook"),
        ("post.published", "http://169.254.169.254/latest/meta-data/"),
        ("post.published", "http://[::1]/"),
        ("post.published", "ftp://example.org/"),
        ("post.published", "https://user:pw@example.org/"),
        ("post.published", "not a url"),
        ("post.exploded", "https://example.org/"),
    ];
    for (event, target) in cases {
        let (status, body) = add_webhook(&client, event, target, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{target}: {body}");
        assert_eq!(error_type(&body), "ValidationError", "{target}");
    }
    let (status, _) = client
        .send(Method::POST, "webhooks/", Some(json!({ "webhooks": [] })))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.db.webhooks().await.unwrap().is_empty());

    // Another integration's webhook is not found, for editing or deleting.
    let (status, body) =
        add_webhook(&client, "tag.added", "https://hooks.example.org/in", None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["webhooks"][0]["id"].as_str().unwrap().to_owned();
    let other = Client::new(app, "Other tool").await;
    let (status, _) = other
        .send(Method::DELETE, &format!("webhooks/{id}/"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = client
        .send(
            Method::PUT,
            &format!("webhooks/{id}/"),
            Some(json!({ "webhooks": [{ "target_url": "http://169.254.169.254/" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = client
        .send(
            Method::PUT,
            &format!("webhooks/{id}/"),
            Some(json!({ "webhooks": [{ "event": "tag.deleted", "name": "Tag removals" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["webhooks"][0]["event"], "tag.deleted");
    assert_eq!(
        body["webhooks"][0]["target_url"],
        "https://hooks.example.org/in"
    );
    let (status, _) = client
        .send(Method::DELETE, &format!("webhooks/{id}/"), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(app.db.webhooks().await.unwrap().is_empty());
}

on_both_engines!(targets_in_the_servers_network_are_refused);
