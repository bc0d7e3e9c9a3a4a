//! The Admin API's token check from outside, on both engines (tests/api/ shows that
//! Ghost's own client gets in): every forged, expired, misaddressed or unsigned token
//! is a 401 in Ghost's envelope, a missing one a 403, and a regenerated or deleted key
//! stops at once.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use byline_core::admin_token::{sign, sign_claims};
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_engines;

mod images;
mod members;
pub(crate) mod posts;
mod tags;

/// Status and JSON body of `GET /ghost/api/admin/tags/` with `authorization`.
async fn tags(app: &TestApp, authorization: Option<&str>) -> (StatusCode, Value) {
    let mut request = app.raw.get(app.url("/ghost/api/admin/tags/"));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

fn refusal(body: &Value) -> (&str, &str) {
    let error = &body["errors"][0];
    (
        error["type"].as_str().unwrap_or_default(),
        error["message"].as_str().unwrap_or_default(),
    )
}

fn forge(header: Value, claims: Value, secret: &str) -> String {
    sign_claims(&header, &claims, secret)
}

async fn every_bad_token_is_a_401_and_a_missing_one_a_403(app: &TestApp) {
    let (integration, keys) = app.db.create_integration("Wire importer").await.unwrap();
    let (id, secret) = (keys.admin.id.as_str(), keys.admin.secret.as_str());
    let now = Timestamp::now();
    let good = format!("Ghost {}", sign(id, secret, "/admin/", now));
    let (status, body) = tags(app, Some(&good)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["tags"].as_array().is_some_and(|t| !t.is_empty()));
    let legacy = format!("Ghost {}", sign(id, secret, "/v3/admin/", now));
    assert_eq!(tags(app, Some(&legacy)).await.0, StatusCode::OK);

    let claims = |at: Timestamp, aud: &str| json!({ "iat": at.as_second(), "exp": at.as_second() + 300, "aud": aud });
    let header = |alg: &str| json!({ "alg": alg, "typ": "JWT", "kid": id });
    let other_secret = "0".repeat(64);
    let cases = [
        (
            "a forged signature",
            forge(header("HS256"), claims(now, "/admin/"), &other_secret),
            "Invalid token: invalid signature",
        ),
        (
            "alg none",
            {
                let h = URL_SAFE_NO_PAD.encode(header("none").to_string());
                let p = URL_SAFE_NO_PAD.encode(claims(now, "/admin/").to_string());
                format!("{h}.{p}.")
            },
            "Invalid token: the token is signed with none; only HS256 is accepted",
        ),
        (
            "HS512",
            forge(header("HS512"), claims(now, "/admin/"), secret),
            "Invalid token: the token is signed with HS512; only HS256 is accepted",
        ),
        (
            "an expired token",
            forge(
                header("HS256"),
                claims(now - SignedDuration::from_mins(10), "/admin/"),
                secret,
            ),
            "Invalid token: the token has expired",
        ),
        (
            "a token from the future",
            forge(
                header("HS256"),
                claims(now + SignedDuration::from_mins(10), "/admin/"),
                secret,
            ),
            "Invalid token: the token was issued in the future (check the client's clock)",
        ),
        (
            "the Content API's audience",
            forge(header("HS256"), claims(now, "/content/"), secret),
            "Invalid token: the token is for the audience \"/content/\", not /admin/",
        ),
        (
            "an unknown kid",
            sign(&"ab".repeat(12), secret, "/admin/", now),
            "Unknown Admin API Key",
        ),
        (
            "not a token",
            "not.a.token".to_owned(),
            "Invalid token: the token is not a JWT (three base64url parts joined by dots)",
        ),
    ];
    for (what, token, message) in cases {
        let (status, body) = tags(app, Some(&format!("Ghost {token}"))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body}");
        assert_eq!(refusal(&body), ("UnauthorizedError", message), "{what}");
    }
    for missing in [None, Some("Bearer abc"), Some(""), Some("Ghost")] {
        let (status, body) = tags(app, missing).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{missing:?}: {body}");
        assert_eq!(refusal(&body).0, "NoPermissionError");
    }

    // New keys stop the old ones at once; deleting stops the new ones.
    let (_, fresh) = app
        .db
        .regenerate_integration_keys(integration.id)
        .await
        .unwrap();
    assert_eq!(tags(app, Some(&good)).await.0, StatusCode::UNAUTHORIZED);
    let renewed = format!(
        "Ghost {}",
        sign(&fresh.admin.id, &fresh.admin.secret, "/admin/", now)
    );
    assert_eq!(tags(app, Some(&renewed)).await.0, StatusCode::OK);
    app.db.delete_integration(integration.id).await.unwrap();
    assert_eq!(tags(app, Some(&renewed)).await.0, StatusCode::UNAUTHORIZED);
}

async fn site_is_public_and_unknown_endpoints_are_json(app: &TestApp) {
    let response = app
        .raw
        .get(app.url("/ghost/api/admin/site/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-version"], "v6.0");
    let body: Value = response.json().await.unwrap();
    let url = body["site"]["url"].as_str().unwrap_or_default();
    assert!(url.starts_with("http") && url.ends_with('/'), "{body}");
    assert!(
        body["site"]["title"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    let response = app
        .raw
        .get(app.url("/ghost/api/admin/nothing/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(refusal(&body).0, "NotFoundError");
}

on_both_engines!(
    every_bad_token_is_a_401_and_a_missing_one_a_403,
    site_is_public_and_unknown_endpoints_are_json,
    an_integration_cannot_reach_staff_keys_or_settings,
);

/// An integration acts with an editor's rights: staff, keys and settings are
/// refused by role through the Admin API, and its token opens nothing in the desk.
async fn an_integration_cannot_reach_staff_keys_or_settings(app: &TestApp) {
    let (_, keys) = app.db.create_integration("Overreacher").await.unwrap();
    let token = format!(
        "Ghost {}",
        sign(
            &keys.admin.id,
            &keys.admin.secret,
            "/admin/",
            Timestamp::now()
        )
    );
    let attempts = [
        (reqwest::Method::GET, "/ghost/api/admin/settings/"),
        (reqwest::Method::PUT, "/ghost/api/admin/settings/"),
        (reqwest::Method::GET, "/ghost/api/admin/integrations/"),
        (reqwest::Method::POST, "/ghost/api/admin/integrations/"),
        (
            reqwest::Method::DELETE,
            "/ghost/api/admin/integrations/abc/",
        ),
        (reqwest::Method::POST, "/ghost/api/admin/invites/"),
        (reqwest::Method::GET, "/ghost/api/admin/roles/"),
        (reqwest::Method::POST, "/ghost/api/admin/users/"),
        (
            reqwest::Method::PUT,
            "/ghost/api/admin/users/62797573000000000000001/",
        ),
        (
            reqwest::Method::DELETE,
            "/ghost/api/admin/users/62797573000000000000001/",
        ),
        (reqwest::Method::GET, "/ghost/api/admin/db/"),
        (reqwest::Method::POST, "/ghost/api/v4/admin/session/"),
    ];
    for (method, path) in attempts {
        let response = app
            .raw
            .request(method.clone(), app.url(path))
            .header("authorization", &token)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(refusal(&body).0, "NoPermissionError", "{method} {path}");
        // Without a token the same addresses say only that a token is missing.
        let bare = app
            .raw
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(bare.status(), StatusCode::FORBIDDEN, "{method} {path}");
    }
    // The desk does not take the token: its pages still ask for a sign-in.
    for path in ["/admin/settings", "/admin/integrations", "/admin/staff"] {
        let response = app
            .raw
            .get(app.url(path))
            .header("authorization", &token)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_redirection() || response.status() == StatusCode::UNAUTHORIZED,
            "{path}: {}",
            response.status()
        );
        assert_ne!(response.status(), StatusCode::OK, "{path}");
    }
}
