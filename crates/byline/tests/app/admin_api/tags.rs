//! Tags written through the Admin API, on both engines: a deleted tag leaves its
//! posts with their other tags and drops its section page; bad input is a 4xx that
//! changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::posts::{Client, error_type};
use crate::helpers::TestApp;
use crate::on_both_engines;

async fn a_deleted_tag_leaves_its_posts_and_its_page(app: &TestApp) {
    let client = Client::new(app, "Section tidier").await;
    let (status, body) = client
        .send(
            Method::POST,
            "tags/",
            Some(json!({ "tags": [{ "name": "Ferries" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let tag_id = body["tags"][0]["id"].as_str().unwrap().to_owned();
    let other = app.db.list_tags().await.unwrap().remove(0);
    let (status, body) = client
        .send(
            Method::POST,
            "posts/",
            Some(json!({ "posts": [{
                "title": "Night ferry returns",
                "html": "<p>From Friday.</p>",
                "status": "published",
                "tags": [{ "id": tag_id }, { "slug": other.slug.as_str() }]
            }]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    app.eventually_shows("/tag/ferries/", "Night ferry returns")
        .await;

    let (status, _) = client
        .send(Method::DELETE, &format!("tags/{tag_id}/"), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    app.eventually_status("/tag/ferries/", StatusCode::NOT_FOUND)
        .await;
    let (_, body) = client
        .send(Method::GET, "posts/slug/night-ferry-returns/", None)
        .await;
    let names: Vec<&str> = body["posts"][0]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [other.name.as_str()]);
    let (status, body) = client
        .send(Method::DELETE, &format!("tags/{tag_id}/"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_type(&body), "NotFoundError");
}

async fn bad_tags_are_refused_and_change_nothing(app: &TestApp) {
    let client = Client::new(app, "Careless tagger").await;
    let before = app.db.list_tags().await.unwrap();
    let existing = before[0].slug.as_str();
    let long = "x".repeat(192);
    let cases = [
        (
            "no name",
            json!({ "tags": [{ "description": "Nameless" }] }),
        ),
        ("a blank name", json!({ "tags": [{ "name": "   " }] })),
        ("a long name", json!({ "tags": [{ "name": long }] })),
        (
            "a bad slug",
            json!({ "tags": [{ "name": "Bad", "slug": "No Spaces" }] }),
        ),
        (
            "a taken slug",
            json!({ "tags": [{ "name": "Twin", "slug": existing }] }),
        ),
        (
            "two tags",
            json!({ "tags": [{ "name": "A" }, { "name": "B" }] }),
        ),
    ];
    for (what, body) in cases {
        let (status, answer) = client.send(Method::POST, "tags/", Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {answer}");
        assert_eq!(error_type(&answer), "ValidationError", "{what}");
    }
    let (status, answer) = client
        .send(
            Method::POST,
            "tags/",
            Some(json!({ "tag": { "name": "Wrong shape" } })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let (status, answer) = client
        .send(
            Method::POST,
            "tags/",
            Some(json!({ "tags": [{ "name": 7 }] })),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, _) = client
        .send(
            Method::PUT,
            "tags/62797461000000000000ffff/",
            Some(json!({ "tags": [{ "name": "Nobody" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(app.db.list_tags().await.unwrap(), before);
}

on_both_engines!(
    a_deleted_tag_leaves_its_posts_and_its_page,
    bad_tags_are_refused_and_change_nothing,
);
