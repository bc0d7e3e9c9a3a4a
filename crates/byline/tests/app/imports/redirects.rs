//! Redirects as a feature: a published article's old slug keeps working after an
//! editor changes it (without chains), administrators add and remove redirects in the
//! desk, bad ones are refused with a message, and a redirect never hides a page.

use byline_core::{PostId, Role};
use reqwest::StatusCode;

use super::redirect_of;
use crate::desk_client::Desk;
use crate::helpers::TestApp;
use crate::on_both_engines;

async fn save_with_slug(desk: &Desk<'_>, id: PostId, title: &str, slug: &str) {
    let revision = desk.revision_of(id).await;
    let answer = desk
        .post_multipart(
            &format!("/admin/posts/{id}"),
            &[
                ("revision", revision.as_str()),
                ("kind", "post"),
                ("title", title),
                ("slug", slug),
                ("body", "The quay reopens on Monday."),
                ("action", "publish"),
            ],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
}

async fn a_changed_slug_leaves_its_old_address_working(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let id = desk
        .create_post(&[
            ("title", "Quay reopens"),
            ("kind", "post"),
            ("body", "The quay reopens on Monday."),
            ("action", "publish"),
        ])
        .await;
    assert_eq!(app.get("/quay-reopens/").await.status, StatusCode::OK);
    save_with_slug(&desk, id, "Quay reopens", "quay-reopens-monday").await;
    assert_eq!(
        redirect_of(app, "/quay-reopens/").await,
        (301, "/quay-reopens-monday/".to_owned())
    );
    // A second rename points every old address straight at the newest one.
    save_with_slug(&desk, id, "Quay reopens", "quay-reopens-at-last").await;
    assert_eq!(
        redirect_of(app, "/quay-reopens/").await,
        (301, "/quay-reopens-at-last/".to_owned())
    );
    assert_eq!(
        redirect_of(app, "/quay-reopens-monday/").await,
        (301, "/quay-reopens-at-last/".to_owned())
    );
    // Going back to an old slug: the page is there again, and no redirect loops.
    save_with_slug(&desk, id, "Quay reopens", "quay-reopens").await;
    assert_eq!(app.get("/quay-reopens/").await.status, StatusCode::OK);
    assert_eq!(
        redirect_of(app, "/quay-reopens-at-last/").await,
        (301, "/quay-reopens/".to_owned())
    );
    // A draft's slug was never public: renaming it leaves nothing behind.
    let draft = desk
        .create_post(&[
            ("title", "Unseen draft"),
            ("kind", "post"),
            ("body", "Soon."),
        ])
        .await;
    let revision = desk.revision_of(draft).await;
    desk.post_multipart(
        &format!("/admin/posts/{draft}"),
        &[
            ("revision", revision.as_str()),
            ("kind", "post"),
            ("title", "Unseen draft"),
            ("slug", "renamed-draft"),
            ("body", "Soon."),
        ],
        None,
    )
    .await;
    assert_eq!(redirect_of(app, "/unseen-draft/").await.0, 404);
}

async fn administrators_manage_redirects_in_the_desk(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let page = admin.get("/admin/redirects").await;
    assert_eq!(page.status, StatusCode::OK);
    let saved = admin
        .post(
            "/admin/redirects",
            &[
                ("from", "/2019/05/old-harbour-story/"),
                ("to", "/alder-street-bridge-to-close/"),
                ("kind", "permanent"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert_eq!(
        redirect_of(app, "/2019/05/old-harbour-story").await,
        (301, "/alder-street-bridge-to-close/".to_owned()),
        "with or without the trailing slash"
    );
    admin
        .post(
            "/admin/redirects",
            &[
                ("from", "/summer-campaign/"),
                ("to", "https://shop.example.org/summer"),
                ("kind", "temporary"),
            ],
        )
        .await;
    assert_eq!(
        redirect_of(app, "/summer-campaign/").await,
        (302, "https://shop.example.org/summer".to_owned())
    );
    // A redirect never hides a page: pages are answered first.
    admin
        .post(
            "/admin/redirects",
            &[("from", "/alder-street-bridge-to-close/"), ("to", "/")],
        )
        .await;
    assert_eq!(
        app.get("/alder-street-bridge-to-close/").await.status,
        StatusCode::OK
    );
    // Mistakes are refused with the reason, beside the field.
    for (from, to) in [
        ("no-slash", "/x/"),
        ("//evil.example/", "/x/"),
        ("/loop/", "/loop"),
        ("/x/", "javascript:alert(1)"),
        ("/x/", "//evil.example/"),
    ] {
        let refused = admin
            .post("/admin/redirects", &[("from", from), ("to", to)])
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{from} -> {to}"
        );
        assert!(refused.html.contains("field-error"), "{from} -> {to}");
    }
    // Listed, found, removed.
    let listed = admin.get("/admin/redirects?q=old-harbour").await;
    assert!(listed.html.contains("/2019/05/old-harbour-story/"));
    assert!(!listed.html.contains("/summer-campaign/"));
    let id: i64 = sqlx::query_scalar(
        "SELECT id FROM redirects WHERE from_path = '/2019/05/old-harbour-story/'",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let removed = admin
        .post(&format!("/admin/redirects/{id}/delete"), &[])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(redirect_of(app, "/2019/05/old-harbour-story/").await.0, 404);
    let gone = admin
        .post(&format!("/admin/redirects/{id}/delete"), &[])
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

on_both_engines!(
    a_changed_slug_leaves_its_old_address_working,
    administrators_manage_redirects_in_the_desk,
);
