//! `members/` and `newsletters/` on both engines: a reader joins a newsletter only
//! with consent the client vouches for (the double opt-in email, or a stated
//! consent recorded with the integration's name), never silently; members are
//! found by email or search, renamed, moved off newsletters and deleted.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::posts::{Client, error_type};
use crate::desk::accounts::wait_for_mails;
use crate::helpers::TestApp;
use crate::on_both_engines;

async fn add(client: &Client<'_>, query: &str, member: Value) -> (StatusCode, Value) {
    client
        .send(
            Method::POST,
            &format!("members/{query}"),
            Some(json!({ "members": [member] })),
        )
        .await
}

async fn readers_join_only_with_consent_the_client_vouches_for(app: &TestApp) {
    let client = Client::new(app, "Reader CRM").await;
    let (status, body) = client
        .send(Method::GET, "newsletters/?limit=all", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let newsletters = body["newsletters"].as_array().unwrap().clone();
    assert!(newsletters.len() >= 2, "the demo's newsletters");
    let first = newsletters[0]["slug"].as_str().unwrap().to_owned();

    // Neither consent: refused, nothing saved.
    let (status, body) = add(
        &client,
        "",
        json!({ "email": "ana@example.org", "name": "Ana" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(error_type(&body), "ValidationError");
    assert!(
        body["errors"][0]["context"]
            .as_str()
            .unwrap()
            .contains("send_email=true")
    );
    let (_, body) = client
        .send(Method::GET, "members/?filter=email:'ana@example.org'", None)
        .await;
    assert_eq!(body["members"], json!([]));

    // Stated consent: active at once, the statement in the reader's history.
    let (status, body) = add(
        &client,
        "",
        json!({ "email": "ana@example.org", "name": "Ana", "byline_consent": true, "newsletters": [{ "slug": first }] }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let ana = body["members"][0].clone();
    assert_eq!(ana["subscribed"], true);
    assert_eq!(ana["newsletters"][0]["slug"], first.as_str());
    assert_eq!(ana["byline_subscriptions"][0]["status"], "active");
    let ana_id = ana["id"].as_str().unwrap().to_owned();
    let email = byline_core::EmailAddress::check("ana@example.org").unwrap();
    let stored = app
        .db
        .subscriber_id_by_email(&email)
        .await
        .unwrap()
        .unwrap();
    let history = app
        .db
        .subscriber_detail(stored)
        .await
        .unwrap()
        .unwrap()
        .events;
    assert!(
        history.iter().any(|e| e
            .detail
            .contains("“Reader CRM” stated the reader's consent")),
        "{history:?}"
    );

    // Double opt-in: pending, and the confirmation email goes out.
    let (status, body) = add(
        &client,
        "?send_email=true&email_type=signup",
        json!({ "email": "ben@example.org", "name": "Ben" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let ben = &body["members"][0];
    assert_eq!(ben["subscribed"], false);
    assert!(
        ben["byline_subscriptions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "pending")
    );
    let mails = wait_for_mails(app, 1).await;
    assert!(
        mails
            .iter()
            .any(|m| m.contains("ben@example.org") && m.contains("/newsletters/confirm/")),
        "{mails:?}"
    );

    // The same address again, a bad address, a newsletter that does not exist.
    for (what, member) in [
        (
            "a repeat",
            json!({ "email": "ANA@example.org", "byline_consent": true }),
        ),
        (
            "not an address",
            json!({ "email": "ana at example", "byline_consent": true }),
        ),
        (
            "no address",
            json!({ "name": "Nobody", "byline_consent": true }),
        ),
        (
            "an unknown newsletter",
            json!({ "email": "cy@example.org", "byline_consent": true, "newsletters": [{ "slug": "no-such-letter" }] }),
        ),
    ] {
        let (status, body) = add(&client, "", member).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {body}");
    }

    // Found by email and by search; renamed; taken off every newsletter; deleted.
    let (_, body) = client
        .send(Method::GET, "members/?filter=email:'ana@example.org'", None)
        .await;
    assert_eq!(body["members"][0]["id"], ana_id.as_str());
    let (_, body) = client.send(Method::GET, "members/?search=ben", None).await;
    assert_eq!(body["members"][0]["email"], "ben@example.org");
    let (status, _) = client
        .send(Method::GET, "members/?filter=name:'Ana'", None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = client
        .send(
            Method::PUT,
            &format!("members/{ana_id}/"),
            Some(json!({ "members": [{ "name": "Ana Lima", "newsletters": [] }] })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["members"][0]["name"], "Ana Lima");
    assert_eq!(body["members"][0]["subscribed"], false);
    assert_eq!(
        body["members"][0]["byline_subscriptions"][0]["status"],
        "left"
    );
    // Back on a newsletter only with consent again.
    let (status, _) = client
        .send(
            Method::PUT,
            &format!("members/{ana_id}/"),
            Some(json!({ "members": [{ "newsletters": [{ "slug": first }] }] })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = client
        .send(Method::DELETE, &format!("members/{ana_id}/"), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = client
        .send(Method::GET, &format!("members/{ana_id}/"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_type(&body), "NotFoundError");
    assert!(
        app.db
            .subscriber_id_by_email(&email)
            .await
            .unwrap()
            .is_none()
    );
}

on_both_engines!(readers_join_only_with_consent_the_client_vouches_for);
