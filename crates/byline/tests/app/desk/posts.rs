//! Writing, publishing, scheduling and correcting posts through the editor.

use std::time::Duration;

use byline_core::{PostId, PostStatus, Role};
use reqwest::StatusCode;

use crate::desk_client::{Desk, post_id_from};
use crate::helpers::TestApp;
use crate::on_both_engines;

async fn editor_fields(
    desk: &Desk<'_>,
    id: PostId,
    fields: &[(&str, &str)],
) -> crate::desk_client::Answer {
    let revision = desk.revision_of(id).await;
    let mut all = vec![("revision", revision.as_str()), ("kind", "post")];
    all.extend_from_slice(fields);
    desk.post_multipart(&format!("/admin/posts/{id}"), &all, None)
        .await
}

async fn an_article_is_written_published_and_shown_with_every_field(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let author = app
        .db
        .author_by_slug(&crate::helpers::slug("olena-koval"))
        .await
        .unwrap()
        .unwrap();
    let second = app
        .db
        .list_authors()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.id != author.id)
        .unwrap();
    let tag = app.db.list_tags().await.unwrap().remove(0);
    let (a1, a2, t1) = (
        second.id.to_string(),
        author.id.to_string(),
        tag.id.to_string(),
    );
    let answer = desk
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Ferry service returns to the east bank"),
                ("subtitle", "Two boats, every half hour"),
                (
                    "body",
                    "The ferry is back.\n\n[[related: alder-street-bridge-to-close]]\n\nMore soon.",
                ),
                ("kind", "post"),
                ("author", &a1),
                ("author", &a2),
                ("author", ""),
                ("tag", &t1),
                ("featured", "on"),
                ("action", "publish"),
            ],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let id = post_id_from(answer.location.as_deref().unwrap());
    let post = app.db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(post.post.summary.status, PostStatus::Published);
    assert_eq!(
        post.post.summary.slug.as_str(),
        "ferry-service-returns-to-the-east-bank"
    );
    let names: Vec<_> = post.post.summary.authors.iter().map(|a| a.id).collect();
    assert_eq!(
        names,
        vec![second.id, author.id],
        "bylines keep the chosen order"
    );
    let page = app
        .eventually_shows("/ferry-service-returns-to-the-east-bank/", "Two boats")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains(&author.name));
    assert!(
        page.html.contains("related-card"),
        "the related card is filled in"
    );
}

async fn mistakes_are_answered_in_place_and_nothing_is_saved(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let before = app
        .db
        .desk_posts(Default::default(), 1, 0)
        .await
        .unwrap()
        .total;
    let empty = desk
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "   "),
                ("body", "Words I typed"),
                ("kind", "post"),
            ],
            None,
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.html.contains("Write a headline"), "{}", empty.html);
    assert!(
        empty.html.contains("Words I typed"),
        "what was typed is kept"
    );
    let clash = desk
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Anything"),
                ("slug", "alder-street-bridge-to-close"),
                ("kind", "post"),
            ],
            None,
        )
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        clash.html.contains("already uses the slug"),
        "{}",
        clash.html
    );
    let bad_slug = desk
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Anything"),
                ("slug", "Not A Slug!"),
                ("kind", "post"),
            ],
            None,
        )
        .await;
    assert_eq!(bad_slug.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = desk
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Anything"),
                ("author", "999999"),
                ("kind", "post"),
            ],
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown.html.contains("That author does not exist"),
        "{}",
        unknown.html
    );
    let past = desk
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Anything"),
                ("kind", "post"),
                ("action", "schedule"),
                ("publish_at", "2001-01-01T09:00"),
            ],
            None,
        )
        .await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(past.html.contains("already passed"), "{}", past.html);
    let after = app
        .db
        .desk_posts(Default::default(), 1, 0)
        .await
        .unwrap()
        .total;
    assert_eq!(before, after, "nothing was half-saved");
}

async fn the_edit_link_is_for_staff_who_may_edit_and_never_cached(app: &TestApp) {
    let path = "/alder-street-bridge-to-close/";
    let anonymous = app.get(path).await;
    assert!(!anonymous.html.contains("Edit post"));
    let editor = app.desk(Role::Editor).await;
    let staff_page = editor.get(path).await;
    assert_eq!(staff_page.status, StatusCode::OK);
    assert_eq!(staff_page.page().count("a.edit-post"), 1);
    let (id, _, _) = app
        .db
        .post_owner(&crate::helpers::slug("alder-street-bridge-to-close"))
        .await
        .unwrap()
        .unwrap();
    assert!(
        staff_page
            .html
            .contains(&format!("href=\"/admin/posts/{id}\">Edit post</a>")),
        "{}",
        staff_page.html
    );
    let response = app
        .raw
        .get(app.url(path))
        .header("cookie", &editor.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    // The cache still holds the anonymous page: no reader sees the staff view.
    let again = app.get(path).await;
    assert!(!again.html.contains("Edit post"));
    // An author who did not write it sees no link.
    let author = app.desk(Role::Author).await;
    assert!(!author.get(path).await.html.contains("Edit post"));
}

async fn saving_a_published_post_does_not_move_its_updated_time(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let id = desk
        .create_post(&[
            ("title", "Council votes on the budget"),
            ("body", "First version."),
            ("action", "publish"),
            ("kind", "post"),
        ])
        .await;
    let answer = editor_fields(
        &desk,
        id,
        &[
            ("title", "Council votes on the budget"),
            ("body", "Fixed a typo."),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let post = app.db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(
        post.post.summary.updated_at, None,
        "a plain save is not an update"
    );
    let page = app
        .eventually_shows("/council-votes-on-the-budget/", "Fixed a typo")
        .await;
    assert_eq!(page.count(".story-meta .updated"), 0);

    let note = desk
        .post(
            &format!("/admin/posts/{id}/notes"),
            &[
                ("note_kind", "correction"),
                ("note_text", "An earlier version gave the wrong vote count."),
            ],
        )
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER, "{}", note.html);
    let page = app
        .eventually_shows("/council-votes-on-the-budget/", "wrong vote count")
        .await;
    assert_eq!(
        page.count(".story-meta .updated"),
        1,
        "a note marks the update"
    );
    let log = app.get("/corrections/").await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(
        log.html.contains("wrong vote count") && log.html.contains("Council votes on the budget")
    );

    let empty = desk
        .post(
            &format!("/admin/posts/{id}/notes"),
            &[("note_kind", "correction"), ("note_text", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let draft = desk
        .create_post(&[("title", "Unpublished thing"), ("kind", "post")])
        .await;
    let on_draft = desk
        .post(
            &format!("/admin/posts/{draft}/notes"),
            &[("note_kind", "update"), ("note_text", "x")],
        )
        .await;
    assert_eq!(on_draft.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_secret_link_previews_a_draft_without_publishing_it(app: &TestApp) {
    let desk = app.desk(Role::Author).await;
    let id = desk
        .create_post(&[
            ("title", "Embargoed: the mayor's plan"),
            ("body", "Under embargo until Friday."),
            ("kind", "post"),
        ])
        .await;
    assert_eq!(
        app.get("/embargoed-the-mayors-plan/").await.status,
        StatusCode::NOT_FOUND
    );
    let link = crate::hardening::preview_links::make_preview_link(&desk, id).await;
    let response = app.raw.get(&link).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-robots-tag"], "noindex, nofollow");
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Under embargo until Friday")
    );
    assert_eq!(
        app.get("/preview/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn a_scheduled_post_is_published_on_time(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(61);
    // The form takes minutes; the job then runs at that minute.
    let local = soon
        .to_zoned(jiff::tz::TimeZone::get("America/Chicago").unwrap())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    let id = desk
        .create_post(&[
            ("title", "Night shift at the water plant"),
            ("kind", "post"),
            ("action", "schedule"),
            ("publish_at", &local),
        ])
        .await;
    let post = app.db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(post.post.summary.status, PostStatus::Scheduled);
    // Move the schedule (and its job) into the past instead of waiting a minute.
    let due = post.post.summary.published_at.unwrap().as_second();
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE key = $2")
        .bind(jiff::Timestamp::now().as_second())
        .bind(byline_store::publish_job_key(
            id,
            jiff::Timestamp::from_second(due).unwrap(),
        ))
        .execute(app.db.pool())
        .await
        .unwrap();
    app.eventually_shows("/", "Night shift at the water plant")
        .await;
    assert_eq!(
        app.db
            .desk_post(id)
            .await
            .unwrap()
            .unwrap()
            .post
            .summary
            .status,
        PostStatus::Published
    );
}

async fn drafts_autosave_and_published_posts_do_not(app: &TestApp) {
    let desk = app.desk(Role::Author).await;
    let id = desk
        .create_post(&[("title", "Working title"), ("kind", "post")])
        .await;
    let revision = desk.revision_of(id).await;
    let answer = desk
        .post_multipart(
            &format!("/admin/posts/{id}/autosave"),
            &[
                ("title", "Better title"),
                ("body", "Half a story"),
                ("kind", "post"),
                ("revision", &revision),
            ],
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.html);
    let json: serde_json::Value = serde_json::from_str(&answer.html).unwrap();
    let next = json["revision"].as_i64().unwrap();
    assert_eq!(
        app.db
            .desk_post(id)
            .await
            .unwrap()
            .unwrap()
            .post
            .body_markdown,
        "Half a story"
    );
    // A second autosave a moment later folds into the same revision entry.
    let again = desk
        .post_multipart(
            &format!("/admin/posts/{id}/autosave"),
            &[
                ("title", "Better title"),
                ("body", "Most of a story"),
                ("kind", "post"),
                ("revision", &next.to_string()),
            ],
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        app.db.revisions(id).await.unwrap().len(),
        2,
        "created + one autosave"
    );
    let bad = desk
        .post_multipart(
            &format!("/admin/posts/{id}/autosave"),
            &[("title", ""), ("kind", "post"), ("revision", "99")],
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let published = editor_fields(
        &desk,
        id,
        &[("title", "Better title"), ("action", "publish")],
    )
    .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let revision = desk.revision_of(id).await;
    let refused = desk
        .post_multipart(
            &format!("/admin/posts/{id}/autosave"),
            &[
                ("title", "Live edit"),
                ("kind", "post"),
                ("revision", &revision),
            ],
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
}

on_both_engines!(
    an_article_is_written_published_and_shown_with_every_field,
    mistakes_are_answered_in_place_and_nothing_is_saved,
    the_edit_link_is_for_staff_who_may_edit_and_never_cached,
    saving_a_published_post_does_not_move_its_updated_time,
    a_secret_link_previews_a_draft_without_publishing_it,
    a_scheduled_post_is_published_on_time,
    drafts_autosave_and_published_posts_do_not,
);

/// A post scheduled before a restart is published by the next process.
#[tokio::test]
async fn scheduled_publishing_survives_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let db = byline_store::Db::open_sqlite_in(data.path()).await.unwrap();
    let app = TestApp::on(db.clone()).await;
    let desk = app.desk(Role::Admin).await;
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
    let local = at.strftime("%Y-%m-%dT%H:%M").to_string();
    let id = desk
        .create_post(&[
            ("title", "Published by the next process"),
            ("kind", "post"),
            ("action", "schedule"),
            ("publish_at", &local),
        ])
        .await;
    let due = app
        .db
        .desk_post(id)
        .await
        .unwrap()
        .unwrap()
        .post
        .summary
        .published_at
        .unwrap();
    drop(desk);
    app.stop().await;
    let db = byline_store::Db::open_sqlite_in(data.path()).await.unwrap();
    sqlx::query("UPDATE jobs SET run_at = 0 WHERE key = $1")
        .bind(byline_store::publish_job_key(id, due))
        .execute(db.pool())
        .await
        .unwrap();
    let restarted = TestApp::on(db).await;
    let key = byline_store::publish_job_key(id, due);
    // The worker publishes, then records the job done: wait for both.
    for _ in 0..100 {
        let state = restarted.db.job_state(&key).await.unwrap().unwrap();
        if state.done {
            let post = restarted.db.desk_post(id).await.unwrap().unwrap();
            assert_eq!(post.post.summary.status, PostStatus::Published);
            assert_eq!(state.attempts, 1, "published once");
            restarted.stop().await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the scheduled post was not published after the restart");
}
