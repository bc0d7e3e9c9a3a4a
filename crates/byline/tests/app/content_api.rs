//! The Content API from outside, on both engines, for what Ghost's client cannot
//! show (tests/api/ reads the demo through that client): drafts, scheduled posts and
//! staff never show; answers follow content changes and key changes at once; bad
//! requests are Ghost-shaped 4xx answers, never a 500.

use byline_core::{PostStatus, Role};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, resave, restatus, retitled, slug};
use crate::on_both_engines;

async fn key(app: &TestApp) -> String {
    let (_, keys) = app.db.create_integration("Tests").await.unwrap();
    keys.content.as_str().to_owned()
}

/// Status and JSON body of `GET path` (the path carries its own query).
async fn api(app: &TestApp, path: &str) -> (StatusCode, Value) {
    let response = app
        .raw
        .get(app.url(&format!("/ghost/api/content/{path}")))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}"));
    (status, body)
}

fn slugs(body: &Value, resource: &str) -> Vec<String> {
    body[resource]
        .as_array()
        .unwrap_or_else(|| panic!("no {resource} in {body}"))
        .iter()
        .map(|row| row["slug"].as_str().unwrap().to_owned())
        .collect()
}

fn error_type(body: &Value) -> &str {
    body["errors"][0]["type"].as_str().unwrap_or_default()
}

async fn drafts_scheduled_posts_and_staff_never_show(app: &TestApp) {
    let key = key(app).await;
    let (_, before) = api(app, &format!("posts/?key={key}&limit=all")).await;
    let shown = slugs(&before, "posts");
    let draft = app
        .db
        .post_by_slug(&slug(&shown[0]))
        .await
        .unwrap()
        .unwrap();
    let scheduled = app
        .db
        .post_by_slug(&slug(&shown[1]))
        .await
        .unwrap()
        .unwrap();
    restatus(&app.db, draft.summary.id, PostStatus::Draft, None).await;
    let tomorrow = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24);
    restatus(
        &app.db,
        scheduled.summary.id,
        PostStatus::Scheduled,
        Some(tomorrow),
    )
    .await;
    app.eventually_api(&format!("posts/?key={key}&limit=all"), |body| {
        !slugs(body, "posts").contains(&shown[0])
    })
    .await;
    let (_, after) = api(
        app,
        &format!("posts/?key={key}&limit=all&filter=status:[draft,scheduled]"),
    )
    .await;
    assert_eq!(slugs(&after, "posts"), Vec::<String>::new());
    let (_, all) = api(app, &format!("posts/?key={key}&limit=all")).await;
    let left = slugs(&all, "posts");
    assert_eq!(left.len(), shown.len() - 2);
    assert!(!left.contains(&shown[1]));
    for hidden in [&draft, &scheduled] {
        let (status, body) = api(
            app,
            &format!("posts/slug/{}/?key={key}", hidden.summary.slug),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(error_type(&body), "NotFoundError");
        let id = byline_core::public_ids::Resource::Post.id(hidden.summary.id.get());
        assert_eq!(
            api(app, &format!("posts/{id}/?key={key}")).await.0,
            StatusCode::NOT_FOUND
        );
    }
    // Authors are bylines, not staff accounts: no sign-in address is ever shown.
    let (_, authors) = api(app, &format!("authors/?key={key}&limit=all")).await;
    for user in app.db.list_users().await.unwrap() {
        assert!(!authors.to_string().contains(user.email.as_str()));
        assert!(!all.to_string().contains(user.email.as_str()));
    }
    let tag_counts: i64 = {
        let (_, tags) = api(
            app,
            &format!("tags/?key={key}&limit=all&include=count.posts"),
        )
        .await;
        tags["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["count"]["posts"].as_i64().unwrap())
            .sum()
    };
    let tagged: i64 = all["posts"].as_array().unwrap().len() as i64;
    assert!(
        tag_counts >= tagged - 1,
        "counts leave out the unpublished ({tag_counts} for {tagged})"
    );
}

async fn answers_follow_edits_and_key_changes_at_once(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let added = admin
        .post("/admin/integrations", &[("name", "Frontend")])
        .await;
    let key = added.page().texts("#content-key").concat();
    let path = format!("posts/?key={key}&limit=3&fields=title,slug");
    let (status, first) = api(app, &path).await;
    assert_eq!(status, StatusCode::OK);
    let newest = slugs(&first, "posts")[0].clone();
    let post = app.db.post_by_slug(&slug(&newest)).await.unwrap().unwrap();
    resave(
        &app.db,
        post.summary.id,
        retitled(&post, "A title changed behind the API's back"),
    )
    .await;
    app.eventually_api(&path, |body| {
        body["posts"][0]["title"] == "A title changed behind the API's back"
    })
    .await;
    let id = app.db.integrations().await.unwrap()[0].id;
    let regenerated = admin
        .post(&format!("/admin/integrations/{id}/regenerate"), &[])
        .await;
    assert_eq!(regenerated.status, StatusCode::OK);
    let (status, body) = api(app, &path).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old key stops at once: {body}"
    );
    assert_eq!(error_type(&body), "UnauthorizedError");
    let new_key = regenerated.page().texts("#content-key").concat();
    assert_eq!(
        api(app, &path.replace(&key, &new_key)).await.0,
        StatusCode::OK
    );
}

async fn bad_requests_are_ghost_errors_never_500s(app: &TestApp) {
    let key = key(app).await;
    let cases: &[(&str, StatusCode, &str)] = &[
        ("posts/", StatusCode::FORBIDDEN, "NoPermissionError"),
        (
            "posts/?key=not-a-key",
            StatusCode::UNAUTHORIZED,
            "UnauthorizedError",
        ),
        (
            "posts/?key=00000000000000000000000000",
            StatusCode::UNAUTHORIZED,
            "UnauthorizedError",
        ),
        (
            "posts/nonsense/?key=00000000000000000000000000",
            StatusCode::UNAUTHORIZED,
            "UnauthorizedError",
        ),
        (
            "posts/nonsense/?key={key}",
            StatusCode::NOT_FOUND,
            "NotFoundError",
        ),
        (
            "tags/nonsense/?key={key}",
            StatusCode::NOT_FOUND,
            "NotFoundError",
        ),
        (
            "authors/slug/nobody-here/?key={key}",
            StatusCode::NOT_FOUND,
            "NotFoundError",
        ),
        (
            "pages/slug/..%2F..%2Fetc/?key={key}",
            StatusCode::NOT_FOUND,
            "NotFoundError",
        ),
        ("members/?key={key}", StatusCode::NOT_FOUND, "NotFoundError"),
        (
            "posts/?key={key}&filter=tag:(news",
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
        (
            "posts/?key={key}&filter=email:x",
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
        (
            "posts/?key={key}&filter=featured:maybe",
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
        (
            "posts/?key={key}&filter=published_at:>yesterday",
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
        (
            "posts/?key={key}&order=password%20desc",
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
        (
            "posts/?key={key}&order=title%3B%20DROP%20TABLE%20posts",
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
        (
            "posts/?key={key}&limit=-1",
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
        (
            "posts/?key={key}&page=0",
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
        (
            "posts/?key={key}&include=members",
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
        (
            "tags/?key={key}&filter=slug:[a,b",
            StatusCode::BAD_REQUEST,
            "BadRequestError",
        ),
    ];
    for (path, status, kind) in cases {
        let path = path.replace("{key}", &key);
        let (got, body) = api(app, &path).await;
        assert_eq!((got, error_type(&body)), (*status, *kind), "{path}: {body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    }
    // Values are bound, never written into SQL: these match nothing and break
    // nothing. (SQL's doubled quote is not NQL's escape, so it is a mistake: a 400.)
    for (hostile, readable) in [
        ("slug:'x\\' OR 1=1 --'", true),
        ("slug:'\"); DROP TABLE posts; --'", true),
        ("title:~'%'", true),
        ("tags.name:'\\' OR \\'1\\'=\\'1'", true),
        ("slug:'x'' OR 1=1 --'", false),
    ] {
        let encoded: String = serde_urlencoded::to_string([("filter", hostile)]).unwrap();
        let (status, body) = api(app, &format!("posts/?key={key}&{encoded}")).await;
        if readable {
            assert_eq!(status, StatusCode::OK, "{hostile}: {body}");
            assert_eq!(body["meta"]["pagination"]["total"], 0, "{hostile}");
        } else {
            assert_eq!(error_type(&body), "BadRequestError", "{hostile}: {body}");
        }
    }
    let deep = format!("{}tag:city{}", "(".repeat(200), ")".repeat(200));
    let encoded = serde_urlencoded::to_string([("filter", deep.as_str())]).unwrap();
    let (status, body) = api(app, &format!("posts/?key={key}&{encoded}")).await;
    assert_eq!(
        (status, error_type(&body)),
        (StatusCode::BAD_REQUEST, "BadRequestError")
    );
    let long = vec!["slug:a"; 3000].join(",");
    let encoded = serde_urlencoded::to_string([("filter", long.as_str())]).unwrap();
    assert_eq!(
        api(app, &format!("posts/?key={key}&{encoded}")).await.0,
        StatusCode::BAD_REQUEST
    );
    let (_, still) = api(app, &format!("posts/?key={key}&limit=1")).await;
    assert!(
        still["meta"]["pagination"]["total"].as_i64().unwrap() > 0,
        "the posts are all there"
    );
    let written = app
        .raw
        .post(app.url(&format!("/ghost/api/content/posts/?key={key}")))
        .send()
        .await
        .unwrap();
    assert_eq!(written.status(), StatusCode::METHOD_NOT_ALLOWED);
}

impl TestApp {
    /// Waits (up to 10 s) until `GET path` on the Content API answers what `ready`
    /// looks for: other nodes' changes arrive at the next version poll.
    async fn eventually_api(&self, path: &str, ready: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let (status, body) = api(self, path).await;
            if status == StatusCode::OK && ready(&body) {
                return body;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{path} never showed the change: {body}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

on_both_engines!(
    drafts_scheduled_posts_and_staff_never_show,
    answers_follow_edits_and_key_changes_at_once,
    bad_requests_are_ghost_errors_never_500s,
);
