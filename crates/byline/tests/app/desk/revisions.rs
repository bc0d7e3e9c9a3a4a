//! Revisions: every save kept, any two compared, any one restored; and two people
//! saving the same post never overwrite each other silently.

use byline_core::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_engines;

async fn every_save_is_a_revision_that_can_be_compared_and_restored(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let id = desk
        .create_post(&[
            ("title", "Library hours"),
            ("body", "Open at nine.\nClosed Sundays."),
            ("kind", "post"),
        ])
        .await;
    for body in [
        "Open at ten.\nClosed Sundays.",
        "Open at ten.\nOpen Sundays too.",
    ] {
        let revision = desk.revision_of(id).await;
        let answer = desk
            .post_multipart(
                &format!("/admin/posts/{id}"),
                &[
                    ("title", "Library hours"),
                    ("body", body),
                    ("kind", "post"),
                    ("revision", &revision),
                ],
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    }
    let revisions = app.db.revisions(id).await.unwrap();
    let numbers: Vec<i64> = revisions.iter().map(|r| r.number).collect();
    assert_eq!(numbers, vec![3, 2, 1]);
    assert_eq!(
        desk.get(&format!("/admin/posts/{id}/revisions"))
            .await
            .status,
        StatusCode::OK
    );
    let diff = desk
        .get(&format!("/admin/posts/{id}/revisions/diff?from=1&to=3"))
        .await;
    assert_eq!(diff.status, StatusCode::OK);
    assert!(
        diff.html.contains("Open at nine.") && diff.html.contains("Open Sundays too."),
        "{}",
        diff.html
    );
    assert_eq!(
        desk.get(&format!("/admin/posts/{id}/revisions/diff?from=1&to=42"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let answer = desk
        .post(
            &format!("/admin/posts/{id}/revisions/1/restore"),
            &[("revision", "3")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let post = app.db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(post.post.body_markdown, "Open at nine.\nClosed Sundays.");
    let newest = app.db.revisions(id).await.unwrap().remove(0);
    assert_eq!(
        (newest.number, newest.reason.as_str()),
        (4, "Restored revision 1")
    );
}

async fn the_second_of_two_concurrent_saves_is_refused(app: &TestApp) {
    let first = app.desk(Role::Editor).await;
    let second = app.desk(Role::Editor).await;
    let id = first
        .create_post(&[
            ("title", "Snow day plans"),
            ("body", "Schools open."),
            ("kind", "post"),
        ])
        .await;
    let opened_at = first.revision_of(id).await; // both open the editor now
    let saved = first
        .post_multipart(
            &format!("/admin/posts/{id}"),
            &[
                ("title", "Snow day plans"),
                ("body", "Schools closed."),
                ("kind", "post"),
                ("revision", &opened_at),
            ],
            None,
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let refused = second
        .post_multipart(
            &format!("/admin/posts/{id}"),
            &[
                ("title", "Snow day plans"),
                ("body", "Buses late."),
                ("kind", "post"),
                ("revision", &opened_at),
            ],
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.html.contains("Someone else saved this post"),
        "{}",
        refused.html
    );
    assert!(
        refused.html.contains("Buses late."),
        "the refused text is still in the form"
    );
    assert!(
        refused.html.contains(&format!(
            "/admin/posts/{id}/revisions/diff?from={opened_at}&amp;to=2"
        )),
        "a way to see the other's changes"
    );
    assert_eq!(
        app.db
            .desk_post(id)
            .await
            .unwrap()
            .unwrap()
            .post
            .body_markdown,
        "Schools closed."
    );
}

on_both_engines!(
    every_save_is_a_revision_that_can_be_compared_and_restored,
    the_second_of_two_concurrent_saves_is_refused,
);
