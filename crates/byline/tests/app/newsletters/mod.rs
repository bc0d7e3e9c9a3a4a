//! Newsletters end to end, against a real SMTP server process: signing up through
//! the page, the confirmation email and its link, a send reaching each confirmed
//! subscriber exactly once with the right headers, one-click unsubscribe, bad input,
//! SMTP faults, and a `kill -9` in the middle of a send.

mod crash;
mod faults;
mod flow;
mod input;
mod nodes;
mod scheduled;
pub(crate) mod smtp;

use std::time::Duration;

use byline_core::IssueId;
use byline_core::newsletters::IssueDraft;
use byline_store::{Db, IssueEdit, StartOutcome};
use jiff::Timestamp;

use crate::helpers::TestApp;

/// A demo site whose email goes to `smtp`, with quick retries.
pub async fn app_with(smtp_url: &str, postgres: bool) -> TestApp {
    let mailer =
        byline_mail::Mailer::smtp(smtp_url, "The Calder Ledger <desk@example.org>").unwrap();
    let adjust = move |config: &mut byline_web::WebConfig| {
        config.mailer = Some(mailer);
        config.delivery.retry_base = Duration::from_secs(1);
    };
    let app = if postgres {
        TestApp::postgres_with(adjust).await
    } else {
        TestApp::sqlite_with(adjust).await
    };
    // An https address, as a real newsroom has: links in emails use it.
    let mut settings = app.db.site_settings().await.unwrap();
    settings.url = "https://news.example.test".into();
    app.db.save_site_settings(&settings).await.unwrap();
    app
}

/// Runs `body` on SQLite and on PostgreSQL, each with its own SMTP server.
#[macro_export]
macro_rules! with_smtp_on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let smtp = $crate::newsletters::smtp::SmtpServer::start(Default::default());
                    let app = $crate::newsletters::app_with(&smtp.url(), false).await;
                    super::$name(&app, &smtp).await;
                    app.stop().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let smtp = $crate::newsletters::smtp::SmtpServer::start(Default::default());
                    let app = $crate::newsletters::app_with(&smtp.url(), true).await;
                    super::$name(&app, &smtp).await;
                    app.stop().await;
                }
            )*
        }
    };
}

/// Writes an issue of `newsletter` and starts sending it; returns its id and how many
/// recipients it was given.
pub async fn send_issue(db: &Db, newsletter: &str, subject: &str) -> (IssueId, i64) {
    let newsletter = db.newsletter_by_slug(newsletter).await.unwrap().unwrap();
    let id = db
        .create_issue(
            &IssueEdit {
                newsletter_id: newsletter.id,
                draft: &IssueDraft {
                    subject: subject.into(),
                    preheader: "What to know this morning".into(),
                    body: "Good morning.\n\nThe **floodwall** vote is tonight; [our coverage](/council-approves-city-budget/).".into(),
                },
                article_ids: &[],
            },
            None,
            Timestamp::now(),
        )
        .await
        .unwrap();
    match db
        .start_issue_send(id, None, Timestamp::now())
        .await
        .unwrap()
    {
        StartOutcome::Started { recipients } => (id, recipients),
        other => panic!("the send did not start: {other:?}"),
    }
}

/// Waits until nothing of the issue is left to deliver.
pub async fn wait_until_delivered(db: &Db, issue: IssueId, within: Duration) {
    let deadline = std::time::Instant::now() + within;
    loop {
        let progress = db.delivery_progress(issue).await.unwrap();
        if progress.queued == 0 {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still queued after {within:?}: {progress:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Posts a signup form as a browser without JavaScript would.
pub async fn post_form(app: &TestApp, path: &str, body: &str) -> reqwest::Response {
    app.raw
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

/// Posts a signup form as the box's script does, asking for JSON.
pub async fn post_json(app: &TestApp, body: &str) -> (u16, serde_json::Value) {
    let response = app
        .raw
        .post(app.url("/newsletters/subscribe"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// `application/x-www-form-urlencoded` of some pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}
