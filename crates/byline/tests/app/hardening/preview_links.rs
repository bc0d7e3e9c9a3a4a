//! Secret preview links: made on request and shown once, stored hashed, revocable,
//! ended by unpublishing, and expiring.

use byline_core::{PostId, Role};
use reqwest::StatusCode;
use scraper::Selector;

use crate::desk_client::Desk;
use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(
    a_link_shared_while_published_stops_working_when_the_post_is_unpublished,
    a_revoked_or_replaced_link_stops_working,
    the_database_keeps_only_a_fingerprint_of_the_link,
    an_expired_link_stops_working,
);

/// Presses "Make a preview link" in the editor and returns the full link it shows once.
pub async fn make_preview_link(desk: &Desk<'_>, post_id: PostId) -> String {
    let answer = desk
        .post(
            &format!("/admin/posts/{post_id}/preview-link"),
            &[("action", "make")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.html);
    let document = answer.page().document();
    let link = Selector::parse("a[data-copy-link]").unwrap();
    let href = document
        .select(&link)
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("the new link is shown")
        .to_owned();
    // The page names the site's saved address; tests reach the server on its port.
    let path = &href[href.find("/preview/").unwrap()..];
    desk.app.url(path)
}

async fn status_of(app: &TestApp, link: &str) -> StatusCode {
    app.raw.get(link).send().await.unwrap().status()
}

async fn a_link_shared_while_published_stops_working_when_the_post_is_unpublished(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let id = desk
        .create_post(&[
            ("title", "Harbour dredging starts"),
            ("body", "The first barge arrived on Monday."),
            ("action", "publish"),
        ])
        .await;
    let link = make_preview_link(&desk, id).await;
    let shared = app.raw.get(&link).send().await.unwrap();
    assert_eq!(shared.status(), StatusCode::OK);
    assert!(shared.text().await.unwrap().contains("first barge"));

    // Unpublished and rewritten: the old link must not show the new draft.
    let revision = desk.revision_of(id).await;
    let unpublished = desk
        .post_multipart(
            &format!("/admin/posts/{id}"),
            &[
                ("title", "Harbour dredging starts"),
                ("body", "DRAFT: the council may cancel the contract."),
                ("revision", &revision),
                ("action", "unpublish"),
            ],
            None,
        )
        .await;
    assert_eq!(
        unpublished.status,
        StatusCode::SEE_OTHER,
        "{}",
        unpublished.html
    );
    let after = app.raw.get(&link).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::NOT_FOUND);
    assert!(!after.text().await.unwrap().contains("cancel the contract"));
    let editor = desk.get(&format!("/admin/posts/{id}")).await;
    assert!(
        editor.html.contains("Make a preview link"),
        "no link is left"
    );
}

async fn a_revoked_or_replaced_link_stops_working(app: &TestApp) {
    let desk = app.desk(Role::Author).await;
    let id = desk
        .create_post(&[
            ("title", "Embargoed budget"),
            ("body", "Numbers under embargo."),
        ])
        .await;
    let first = make_preview_link(&desk, id).await;
    assert_eq!(status_of(app, &first).await, StatusCode::OK);
    let second = make_preview_link(&desk, id).await;
    assert_ne!(first, second);
    assert_eq!(
        status_of(app, &first).await,
        StatusCode::NOT_FOUND,
        "replaced"
    );
    assert_eq!(status_of(app, &second).await, StatusCode::OK);
    let editor = desk.get(&format!("/admin/posts/{id}")).await;
    assert!(editor.html.contains("A secret preview link works until"));
    assert!(
        !editor
            .html
            .contains(&second[second.find("/preview/").unwrap()..]),
        "shown once"
    );

    let revoked = desk
        .post(
            &format!("/admin/posts/{id}/preview-link"),
            &[("action", "revoke")],
        )
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(app, &second).await,
        StatusCode::NOT_FOUND,
        "revoked"
    );

    let odd = desk
        .post(
            &format!("/admin/posts/{id}/preview-link"),
            &[("action", "share")],
        )
        .await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    let other = app.desk(Role::Contributor).await;
    let refused = other
        .post(
            &format!("/admin/posts/{id}/preview-link"),
            &[("action", "make")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "not their post");
}

async fn the_database_keeps_only_a_fingerprint_of_the_link(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let id = desk
        .create_post(&[("title", "Quiet draft"), ("body", "Not yet.")])
        .await;
    let link = make_preview_link(&desk, id).await;
    let token = link
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(token.len(), 64);
    let stored: String =
        sqlx::query_scalar("SELECT token_hash FROM preview_links WHERE post_id = $1")
            .bind(id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_ne!(stored, token);
    assert_eq!(stored, byline_web::token_hash(&token));
    assert_eq!(
        status_of(app, &app.url(&format!("/preview/{stored}/"))).await,
        StatusCode::NOT_FOUND
    );
}

async fn an_expired_link_stops_working(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let id = desk
        .create_post(&[("title", "Old draft"), ("body", "Shared last month.")])
        .await;
    let link = make_preview_link(&desk, id).await;
    assert_eq!(status_of(app, &link).await, StatusCode::OK);
    sqlx::query("UPDATE preview_links SET expires_at = $1 WHERE post_id = $2")
        .bind(jiff::Timestamp::now().as_second() - 1)
        .bind(id)
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(status_of(app, &link).await, StatusCode::NOT_FOUND);
}
