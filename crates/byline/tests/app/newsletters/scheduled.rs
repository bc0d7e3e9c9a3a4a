//! A scheduled issue goes out by itself when its time comes (through the durable job
//! queue), and a signup while the mail server is down says so instead of pretending.

use std::time::Duration;

use byline_core::newsletters::IssueDraft;
use byline_store::{IssueEdit, IssueStatus};
use jiff::{SignedDuration, Timestamp};

use super::smtp::{SmtpServer, free_port};
use super::{app_with, form, post_json, wait_until_delivered};
use crate::helpers::TestApp;
use crate::with_smtp_on_both_engines;

with_smtp_on_both_engines!(a_scheduled_issue_sends_itself_at_its_time);

async fn a_scheduled_issue_sends_itself_at_its_time(app: &TestApp, smtp: &SmtpServer) {
    let newsletter = app
        .db
        .newsletter_by_slug("weekly-column")
        .await
        .unwrap()
        .unwrap();
    let issue = app
        .db
        .create_issue(
            &IssueEdit {
                newsletter_id: newsletter.id,
                draft: &IssueDraft {
                    subject: "Sunday column, on time".into(),
                    preheader: String::new(),
                    body: "Written on Friday, sent on Sunday.".into(),
                },
                article_ids: &[],
            },
            None,
            Timestamp::now(),
        )
        .await
        .unwrap();
    // Schedules are kept to the second, so the test's times are whole seconds too:
    // a time with a fraction would be due up to a second before the test's own clock.
    let at = Timestamp::from_second(Timestamp::now().as_second() + 2).unwrap();
    app.db
        .schedule_issue(issue, at, Timestamp::now())
        .await
        .unwrap();
    // Moved once: only the newer time counts, and the send happens once.
    let at = at + SignedDuration::from_secs(1);
    app.db
        .schedule_issue(issue, at, Timestamp::now())
        .await
        .unwrap();
    assert_eq!(
        app.db.issue(issue).await.unwrap().unwrap().status,
        IssueStatus::Scheduled
    );
    assert_eq!(app.db.delivery_progress(issue).await.unwrap().total, 0);

    // The demo's weekly column has two confirmed readers.
    let received = smtp.wait_for(2, Duration::from_secs(30)).await;
    assert!(Timestamp::now() >= at, "not before its time");
    wait_until_delivered(&app.db, issue, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.count(), 2, "sent once, not once per schedule");
    assert!(
        received
            .iter()
            .all(|m| m.subject == "Sunday column, on time")
    );
    let issue = app.db.issue(issue).await.unwrap().unwrap();
    assert_eq!(issue.recipients, 2);
    assert!(matches!(
        issue.status,
        IssueStatus::Sending | IssueStatus::Sent
    ));
}

#[tokio::test]
async fn a_signup_while_the_mail_server_is_down_is_told_to_try_again() {
    let app = app_with(&format!("smtp://127.0.0.1:{}", free_port()), false).await;
    let (status, json) = post_json(
        &app,
        &form(&[
            ("email", "fay@example.org"),
            ("newsletter", "daily-briefing"),
        ]),
    )
    .await;
    assert_eq!(status, 503, "{json}");
    assert!(
        json["message"].as_str().unwrap().contains("try again"),
        "{json}"
    );
    app.stop().await;
}
