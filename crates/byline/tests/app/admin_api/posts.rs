//! Posts written through the Admin API, on both engines: they keep the desk's rules
//! (revisions under the integration's name, the conflict rule in both directions,
//! sanitized bodies, drafts kept off the site), and every malformed write is a 4xx
//! in Ghost's envelope that saves nothing. Ghost's own client does the same in
//! tests/api/admin.test.mjs.

use byline_core::admin_token::sign;
use byline_core::public_ids::Resource;
use byline_core::{PostId, PostStatus};
use jiff::Timestamp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, resave, retitled};
use crate::on_both_engines;

/// An integration's client: requests signed with a fresh token each.
pub(crate) struct Client<'a> {
    app: &'a TestApp,
    id: String,
    secret: String,
}

impl<'a> Client<'a> {
    pub(crate) async fn new(app: &'a TestApp, name: &str) -> Client<'a> {
        let (_, keys) = app.db.create_integration(name).await.unwrap();
        Client {
            app,
            id: keys.admin.id,
            secret: keys.admin.secret,
        }
    }

    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let token = sign(&self.id, &self.secret, "/admin/", Timestamp::now());
        let mut request = self
            .app
            .raw
            .request(method, self.app.url(&format!("/ghost/api/admin/{path}")))
            .header("authorization", format!("Ghost {token}"));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A fresh `Authorization` header value.
    pub(crate) fn authorization(&self) -> String {
        format!(
            "Ghost {}",
            sign(&self.id, &self.secret, "/admin/", Timestamp::now())
        )
    }

    async fn send_raw(&self, path: &str, body: &'static str) -> (StatusCode, Value) {
        let token = sign(&self.id, &self.secret, "/admin/", Timestamp::now());
        let response = self
            .app
            .raw
            .post(self.app.url(&format!("/ghost/api/admin/{path}")))
            .header("authorization", format!("Ghost {token}"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }
}

async fn post_count(app: &TestApp) -> i64 {
    app.db
        .desk_posts(byline_store::DeskFilter::default(), 1, 0)
        .await
        .unwrap()
        .total
}

fn stored_id(post: &Value) -> PostId {
    PostId(Resource::Post.number(post["id"].as_str().unwrap()).unwrap())
}

pub(crate) fn error_type(body: &Value) -> &str {
    body["errors"][0]["type"].as_str().unwrap_or_default()
}

async fn an_integration_writes_posts_by_the_desks_rules(app: &TestApp) {
    let client = Client::new(app, "Wire desk").await;
    let section = app.db.list_tags().await.unwrap().remove(0);
    let author = app.db.list_authors().await.unwrap().remove(0);

    // A draft from HTML: converted, sanitized, filed under a new and an old tag.
    let (status, body) = client
        .send(
            Method::POST,
            "posts/?source=html",
            Some(json!({ "posts": [{
                "title": "Council approves the harbour budget",
                "html": "<p>The council <b>voted</b> 7 to 2.</p><script>alert(1)</script><p onclick=\"x()\">Work starts in May.</p>",
                "tags": ["Wire copy", { "slug": section.slug.as_str() }],
                "authors": [{ "slug": author.slug.as_str() }],
                "custom_excerpt": "Seven votes to two."
            }]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let post = &body["posts"][0];
    assert_eq!(post["status"], "draft");
    assert_eq!(post["slug"], "council-approves-the-harbour-budget");
    assert_eq!(post["custom_excerpt"], "Seven votes to two.");
    assert_eq!(post["published_at"], Value::Null);
    let html = post["html"].as_str().unwrap();
    assert!(html.contains("<strong>voted</strong>"), "{html}");
    assert!(
        !html.contains("script") && !html.contains("onclick"),
        "{html}"
    );
    let tags: Vec<&str> = post["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["Wire copy", section.name.as_str()]);
    assert_eq!(post["authors"][0]["slug"], author.slug.as_str());
    let id = stored_id(post);
    let public_id = post["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.get("/council-approves-the-harbour-budget/")
            .await
            .status,
        404,
        "a draft stays off the site"
    );
    let revisions = app.db.revisions(id).await.unwrap();
    assert_eq!(
        revisions[0].author.as_deref(),
        Some("Wire desk (integration)")
    );
    assert_eq!(revisions[0].reason, "Created through the Admin API");

    // A stale updated_at is refused and changes nothing.
    let first_seen = post["updated_at"].as_str().unwrap().to_owned();
    let (status, body) = client
        .send(
            Method::PUT,
            &format!("posts/{public_id}/"),
            Some(json!({ "posts": [{ "title": "Too late", "updated_at": "2020-01-01T00:00:00.000Z" }]})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_type(&body), "UpdateCollisionError");

    // An editor saves in the desk, within the same second: the API's edit based on
    // what it read before is refused, so the editor's work is not overwritten.
    let current = app.db.desk_post(id).await.unwrap().unwrap().post;
    let mut editors = retitled(&current, "Council approves harbour budget, 7–2");
    editors.status = PostStatus::Draft;
    editors.published_at = None;
    resave(&app.db, id, editors).await;
    let (status, body) = client
        .send(
            Method::PUT,
            &format!("posts/{public_id}/"),
            Some(json!({ "posts": [{ "title": "Overwrite", "updated_at": first_seen }]})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let kept = app.db.desk_post(id).await.unwrap().unwrap().post;
    assert_eq!(kept.summary.title, "Council approves harbour budget, 7–2");

    // With the current updated_at, the edit lands: published, on the site and in
    // the Content API.
    let (_, body) = client
        .send(Method::GET, &format!("posts/{public_id}/"), None)
        .await;
    let seen = body["posts"][0]["updated_at"].clone();
    assert_ne!(seen, Value::String(first_seen.clone()));
    let (status, body) = client
        .send(
            Method::PUT,
            &format!("posts/{public_id}/"),
            Some(json!({ "posts": [{ "status": "published", "featured": true, "updated_at": seen }]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let post = &body["posts"][0];
    assert_eq!(post["status"], "published");
    assert_eq!(post["featured"], true);
    assert_eq!(
        post["title"], "Council approves harbour budget, 7–2",
        "kept"
    );
    assert!(post["published_at"].is_string());
    let page = app
        .eventually_shows(
            "/council-approves-the-harbour-budget/",
            "Council approves harbour budget",
        )
        .await;
    assert_eq!(page.status, 200);
    let reasons: Vec<String> = app
        .db
        .revisions(id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| format!("{} by {}", r.reason, r.author.unwrap_or_default()))
        .collect();
    assert_eq!(
        reasons,
        [
            "Saved through the Admin API by Wire desk (integration)",
            "Saved by Store Editor",
            "Created through the Admin API by Wire desk (integration)",
        ]
    );

    // Browse: every status, filtered by status.
    let (status, body) = client
        .send(
            Method::GET,
            "posts/?filter=status:published%2Bfeatured:true&limit=all",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body["posts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == public_id.as_str())
    );
    let (_, body) = client
        .send(
            Method::GET,
            "posts/slug/council-approves-the-harbour-budget/",
            None,
        )
        .await;
    assert_eq!(body["posts"][0]["id"], public_id.as_str());

    // Delete: gone from the API and the site.
    let (status, _) = client
        .send(Method::DELETE, &format!("posts/{public_id}/"), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = client
        .send(Method::GET, &format!("posts/{public_id}/"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_type(&body), "NotFoundError");
    assert!(app.db.desk_post(id).await.unwrap().is_none());
    app.eventually_status(
        "/council-approves-the-harbour-budget/",
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn malformed_writes_are_refused_and_save_nothing(app: &TestApp) {
    let client = Client::new(app, "Careless bot").await;
    let before = post_count(app).await;
    let future = (Timestamp::now() + jiff::SignedDuration::from_hours(2)).to_string();
    let cases: Vec<(&str, Value, StatusCode, &str)> = vec![
        (
            "no envelope",
            json!({ "title": "Loose" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "two posts",
            json!({ "posts": [{ "title": "One" }, { "title": "Two" }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "a number for a title",
            json!({ "posts": [{ "title": 5 }] }),
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
        (
            "an empty title",
            json!({ "posts": [{ "title": "  " }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "an unknown status",
            json!({ "posts": [{ "title": "Live", "status": "live" }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "scheduled without a time",
            json!({ "posts": [{ "title": "Later", "status": "scheduled" }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "scheduled in the past",
            json!({ "posts": [{ "title": "Later", "status": "scheduled", "published_at": "2020-01-01T00:00:00Z" }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "a time that is not a time",
            json!({ "posts": [{ "title": "Later", "status": "published", "published_at": "next week" }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "an image from elsewhere",
            json!({ "posts": [{ "title": "Pic", "feature_image": "https://elsewhere.example/p.jpg" }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "an author by email",
            json!({ "posts": [{ "title": "By", "authors": [{ "email": "a@example.org" }] }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "an unknown author",
            json!({ "posts": [{ "title": "By", "authors": ["Nobody Here"] }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "a tag by an unknown id",
            json!({ "posts": [{ "title": "Tagged", "tags": [{ "id": "62797461000000000000ffff" }] }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "a bad slug",
            json!({ "posts": [{ "title": "Slugged", "slug": "Not A Slug" }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "a page in the posts envelope",
            json!({ "pages": [{ "title": "Wrong door" }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
    ];
    for (what, body, expected, kind) in cases {
        let (status, answer) = client.send(Method::POST, "posts/", Some(body)).await;
        assert_eq!(status, expected, "{what}: {answer}");
        assert_eq!(error_type(&answer), kind, "{what}: {answer}");
        assert!(
            answer["errors"][0]["context"]
                .as_str()
                .is_some_and(|c| !c.is_empty()),
            "{what}: {answer}"
        );
    }
    let (status, answer) = client.send_raw("posts/", "{\"posts\": [").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let (status, answer) = client
        .send(
            Method::PUT,
            "posts/6279706f000000000000ffff/",
            Some(json!({ "posts": [{ "title": "Ghost", "updated_at": future }] })),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    let (status, answer) = client.send(Method::DELETE, "posts/not-an-id/", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    assert_eq!(post_count(app).await, before);
    assert!(
        app.db
            .list_tags()
            .await
            .unwrap()
            .iter()
            .all(|t| t.name != "Tagged"),
    );

    // An edit without updated_at is refused: it could overwrite anything.
    let (_, body) = client
        .send(
            Method::POST,
            "posts/",
            Some(json!({ "posts": [{ "title": "Kept" }] })),
        )
        .await;
    let id = body["posts"][0]["id"].as_str().unwrap().to_owned();
    let (status, answer) = client
        .send(
            Method::PUT,
            &format!("posts/{id}/"),
            Some(json!({ "posts": [{ "title": "Blind" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(
        app.db
            .desk_post(stored_id(&body["posts"][0]))
            .await
            .unwrap()
            .unwrap()
            .post
            .summary
            .title,
        "Kept"
    );
}

async fn pages_have_their_own_door(app: &TestApp) {
    let client = Client::new(app, "Pages bot").await;
    let (status, body) = client
        .send(
            Method::POST,
            "pages/",
            Some(json!({ "pages": [{ "title": "Corrections policy", "html": "<p>We correct errors quickly.</p>", "status": "published" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let page = &body["pages"][0];
    let id = page["id"].as_str().unwrap();
    assert_eq!(page["status"], "published");
    // A page is not a post: the posts door does not open it.
    let (status, _) = client
        .send(Method::GET, &format!("posts/{id}/"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = client
        .send(Method::GET, &format!("pages/{id}/"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["pages"][0]["title"], "Corrections policy");
    let shown = app
        .eventually_shows("/corrections-policy/", "We correct errors quickly.")
        .await;
    assert_eq!(shown.status, 200);
}

on_both_engines!(
    an_integration_writes_posts_by_the_desks_rules,
    malformed_writes_are_refused_and_save_nothing,
    pages_have_their_own_door,
);
