//! Newsletter issues in the desk: composed from Markdown and published articles,
//! previewed as the email, tested on the editor, scheduled only for the future, sent
//! after a confirmation step, and read-only once they go out.

use byline_core::newsletters::IssueDraft;
use byline_core::{PostId, PostKind, Role};
use byline_store::{IssueEdit, IssueStatus, PostQuery};
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE};

use super::newsletters::{add_newsletter, add_subscribers, compose, field_errors, issue_id_from};
use crate::helpers::TestApp;
use crate::on_both_engines;

async fn issue_count(app: &TestApp) -> usize {
    app.db.issues(1000).await.unwrap().len()
}

/// Two published articles' ids, newest first.
async fn two_articles(app: &TestApp) -> (PostId, PostId) {
    let posts = app
        .db
        .newest_published(
            &PostQuery {
                kind: PostKind::Post,
                ..PostQuery::default()
            },
            2,
            0,
        )
        .await
        .unwrap();
    (posts[0].id, posts[1].id)
}

async fn issues_are_composed_saved_and_previewed(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let newsletter = add_newsletter(app, "compose-test", "Compose Test").await;
    let (newer, older) = two_articles(app).await;
    let blank = desk
        .get(&format!(
            "/admin/newsletters/issues/new?newsletter={newsletter}"
        ))
        .await;
    assert_eq!(blank.status, StatusCode::OK);
    assert!(blank.page().count("input[name=\"article\"]") >= 2);
    assert_eq!(
        blank.page().attrs("#newsletter option[selected]", "value"),
        [newsletter.to_string()]
    );

    let before = issue_count(app).await;
    let empty = desk
        .post(
            "/admin/newsletters/issues",
            &[
                ("newsletter", &newsletter.to_string()),
                ("subject", " "),
                ("body", "Kept"),
            ],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_errors(&empty), ["Write a subject line."]);
    assert!(
        empty.html.contains(">\nKept</textarea>"),
        "the body is kept"
    );
    assert_eq!(issue_count(app).await, before, "nothing saved");

    let (first, second) = (older.to_string(), newer.to_string());
    let created = desk
        .post(
            "/admin/newsletters/issues",
            &[
                ("newsletter", &newsletter.to_string()),
                ("subject", "Council approves the bridge budget"),
                ("preheader", "And what it means for your commute"),
                (
                    "body",
                    "Good morning.\r\n\r\nThe **council** voted 7–2 last night.",
                ),
                ("article", &first),
                ("article", &second),
                ("op", "save"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    let location = created.location.unwrap();
    assert!(location.ends_with("?notice=saved"), "{location}");
    let id = issue_id_from(&location);
    let issue = app.db.issue(id).await.unwrap().unwrap();
    assert_eq!(
        issue.article_ids,
        [older, newer],
        "the order picked is kept"
    );
    assert_eq!(
        issue.body,
        "Good morning.\n\nThe **council** voted 7–2 last night."
    );
    assert_eq!(issue.created_by, Some(desk.user_id));

    let page = desk.get(&location).await;
    assert!(page.html.contains("Draft saved."));
    assert_eq!(
        page.page()
            .attrs("input[name=\"article\"][checked]", "value"),
        [first.clone(), second.clone()],
        "ticked articles come first, in order"
    );
    let list = desk.get("/admin/newsletters/issues/").await;
    assert!(list.html.contains("Council approves the bridge budget"));

    let preview = desk
        .app
        .raw
        .get(app.url(&format!("/admin/newsletters/issues/{id}/preview")))
        .header(COOKIE, &desk.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), StatusCode::OK);
    assert_eq!(
        preview.headers()[CONTENT_SECURITY_POLICY],
        "default-src 'none'; img-src * data:; style-src 'unsafe-inline'"
    );
    assert!(
        preview.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = preview.text().await.unwrap();
    assert!(
        html.contains("Council approves the bridge budget"),
        "{html}"
    );
    assert!(html.contains("voted 7–2 last night"), "{html}");
    let text = desk
        .get(&format!(
            "/admin/newsletters/issues/{id}/preview?format=text"
        ))
        .await;
    assert_eq!(text.status, StatusCode::OK);
    let pre = text.page().texts("pre");
    assert_eq!(pre.len(), 1);
    assert!(pre[0].contains("voted 7–2 last night"), "{pre:?}");

    let to_preview = desk
        .post(
            &format!("/admin/newsletters/issues/{id}"),
            &[
                ("newsletter", &newsletter.to_string()),
                ("subject", "Council approves the bridge budget, 7–2"),
                ("body", "Changed body."),
                ("op", "preview"),
            ],
        )
        .await;
    assert_eq!(
        to_preview.location,
        Some(format!("/admin/newsletters/issues/{id}/preview"))
    );
    let issue = app.db.issue(id).await.unwrap().unwrap();
    assert_eq!(issue.subject, "Council approves the bridge budget, 7–2");
    assert!(
        issue.article_ids.is_empty(),
        "unticked articles are dropped"
    );
}

async fn a_test_goes_to_the_signed_in_staff_member(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let newsletter = add_newsletter(app, "test-send", "Test Send").await;
    let answer = desk
        .post(
            "/admin/newsletters/issues",
            &[
                ("newsletter", &newsletter.to_string()),
                ("subject", "Only for the editor"),
                ("body", "Checking the layout."),
                ("op", "test"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let location = answer.location.unwrap();
    assert!(location.ends_with("?notice=test-sent"), "{location}");
    let me: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(desk.user_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let page = desk.get(&location).await;
    assert!(
        page.html.contains(&format!("Test sent to {me}.")),
        "{}",
        page.html
    );
    let id = issue_id_from(&location);
    assert_eq!(
        app.db.issue(id).await.unwrap().unwrap().status,
        IssueStatus::Draft,
        "a test sends nothing to subscribers"
    );
    let mail = std::fs::read_dir(app.data_path().join("mail")).unwrap();
    let found = mail
        .filter_map(|entry| std::fs::read_to_string(entry.unwrap().path()).ok())
        .any(|message| message.contains(&me) && message.contains("Only for the editor"));
    assert!(found, "the test message was written for {me}");
}

async fn schedules_must_be_in_the_future(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let newsletter = add_newsletter(app, "schedule-test", "Schedule Test").await;
    let id = compose(&desk, newsletter, "Saturday edition").await;
    let zone = app.db.site_settings().await.unwrap().time_zone();
    let local = |at: Timestamp| {
        at.to_zoned(zone.clone())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let path = format!("/admin/newsletters/issues/{id}");
    let newsletter_field = newsletter.to_string();
    let past = local(Timestamp::now() - SignedDuration::from_hours(2));
    let refused = desk
        .post(
            &path,
            &[
                ("newsletter", &newsletter_field),
                ("subject", "Changed but refused"),
                ("send_at", &past),
                ("op", "schedule"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_errors(&refused),
        ["This time has already passed. Choose a time in the future, or send now."]
    );
    let issue = app.db.issue(id).await.unwrap().unwrap();
    assert_eq!(issue.status, IssueStatus::Draft);
    assert_eq!(issue.subject, "Saturday edition", "nothing saved");

    let missing = desk
        .post(
            &path,
            &[
                ("newsletter", &newsletter_field),
                ("subject", "S"),
                ("op", "schedule"),
            ],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);

    let later = Timestamp::now() + SignedDuration::from_hours(30);
    let future = local(later);
    let scheduled = desk
        .post(
            &path,
            &[
                ("newsletter", &newsletter_field),
                ("subject", "Saturday edition"),
                ("send_at", &future),
                ("op", "schedule"),
            ],
        )
        .await;
    assert_eq!(
        scheduled.status,
        StatusCode::SEE_OTHER,
        "{}",
        scheduled.html
    );
    let issue = app.db.issue(id).await.unwrap().unwrap();
    assert_eq!(issue.status, IssueStatus::Scheduled);
    let send_at = issue.send_at.unwrap();
    assert_eq!(
        send_at.as_second() / 60,
        later.as_second() / 60,
        "minutes match"
    );
    let page = desk.get(scheduled.location.as_deref().unwrap()).await;
    assert!(page.html.contains("Scheduled. It goes out by itself on"));
    assert_eq!(page.page().attrs("#send_at", "value"), [future]);

    let back = desk.post(&format!("{path}/unschedule"), &[]).await;
    assert_eq!(back.location, Some(format!("{path}?notice=unscheduled")));
    let issue = app.db.issue(id).await.unwrap().unwrap();
    assert_eq!((issue.status, issue.send_at), (IssueStatus::Draft, None));
}

async fn sending_asks_first_and_then_the_issue_is_read_only(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    let newsletter = add_newsletter(app, "send-test", "Send Test").await;
    add_subscribers(
        app,
        newsletter,
        &[
            ("one@send.example", true),
            ("two@send.example", true),
            ("waiting@send.example", false),
        ],
    )
    .await;
    let id = compose(&desk, newsletter, "Big news").await;
    let path = format!("/admin/newsletters/issues/{id}");
    let newsletter_field = newsletter.to_string();
    let to_confirm = desk
        .post(
            &path,
            &[
                ("newsletter", &newsletter_field),
                ("subject", "Big news"),
                ("op", "send"),
            ],
        )
        .await;
    assert_eq!(to_confirm.location, Some(format!("{path}/send")));
    assert_eq!(
        app.db.issue(id).await.unwrap().unwrap().status,
        IssueStatus::Draft,
        "nothing goes out before the confirmation"
    );
    let confirm = desk.get(&format!("{path}/send")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        confirm.html.contains("Send to 2 confirmed subscribers?"),
        "{}",
        confirm.html
    );

    let sent = desk.post(&format!("{path}/send"), &[]).await;
    assert_eq!(sent.location, Some(format!("{path}?notice=sending")));
    let issue = app.db.issue(id).await.unwrap().unwrap();
    assert!(matches!(
        issue.status,
        IssueStatus::Sending | IssueStatus::Sent
    ));
    assert_eq!(issue.recipients, 2);

    let page = desk.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.page().count("progress"), 1);
    assert_eq!(page.page().count("button[name=\"op\"]"), 0, "read-only");
    let refreshing = page.html.contains("data-reload-every");
    assert!(!refreshing || page.html.contains("Stop refreshing"));
    let still = desk.get(&format!("{path}?refresh=off")).await;
    assert!(!still.html.contains("data-reload-every"));

    for op in ["save", "schedule", "send"] {
        let refused = desk
            .post(
                &path,
                &[
                    ("newsletter", &newsletter_field),
                    ("subject", "Changed after sending"),
                    ("send_at", "2099-01-01T06:00"),
                    ("op", op),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{op}");
        assert!(
            refused.html.contains("can no longer be changed"),
            "{}",
            refused.html
        );
    }
    assert_eq!(app.db.issue(id).await.unwrap().unwrap().subject, "Big news");
    let unschedule = desk.post(&format!("{path}/unschedule"), &[]).await;
    assert_eq!(unschedule.status, StatusCode::CONFLICT);
    let again = desk.post(&format!("{path}/send"), &[]).await;
    assert_eq!(
        again.location,
        Some(format!("{path}?notice=already-sending"))
    );
    assert_eq!(
        app.db.delivery_progress(id).await.unwrap().total,
        2,
        "nobody twice"
    );
    assert_eq!(
        desk.get(&format!("{path}/send")).await.location,
        Some(path.clone()),
        "no confirmation step for a sent issue"
    );
}

async fn issue_forms_without_the_session_token_are_refused(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    let newsletter = add_newsletter(app, "csrf-test", "Csrf").await;
    let id = app
        .db
        .create_issue(
            &IssueEdit {
                newsletter_id: newsletter,
                draft: &IssueDraft {
                    subject: "Untouched".to_owned(),
                    ..IssueDraft::default()
                },
                article_ids: &[],
            },
            None,
            Timestamp::now(),
        )
        .await
        .unwrap();
    let newsletter_field = newsletter.to_string();
    let fields = [
        ("newsletter", newsletter_field.as_str()),
        ("subject", "Forged"),
        ("name", "Forged"),
        ("csrf", "not-the-token"),
    ];
    for path in [
        "/admin/newsletters".to_owned(),
        format!("/admin/newsletters/{newsletter}"),
        "/admin/newsletters/issues".to_owned(),
        format!("/admin/newsletters/issues/{id}"),
        format!("/admin/newsletters/issues/{id}/send"),
        format!("/admin/newsletters/issues/{id}/unschedule"),
    ] {
        let answer = desk.post_raw(&path, &fields).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
        assert!(answer.html.contains("This form has expired"));
    }
    let issue = app.db.issue(id).await.unwrap().unwrap();
    assert_eq!(
        (issue.subject.as_str(), issue.status),
        ("Untouched", IssueStatus::Draft)
    );
    assert_eq!(
        app.db.newsletter(newsletter).await.unwrap().unwrap().name,
        "Csrf"
    );
}

on_both_engines!(
    issues_are_composed_saved_and_previewed,
    a_test_goes_to_the_signed_in_staff_member,
    schedules_must_be_in_the_future,
    sending_asks_first_and_then_the_issue_is_read_only,
    issue_forms_without_the_session_token_are_refused,
);
