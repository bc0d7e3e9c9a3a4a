//! The SMTP server misbehaving during a send: down when the send starts, deferring a
//! recipient with 4xx, refusing one with 5xx. Nothing is lost, nothing is doubled,
//! and the refused recipient is recorded with the server's reason.

use std::collections::BTreeMap;
use std::time::Duration;

use byline_core::EmailAddress;
use byline_store::ImportRow;
use jiff::Timestamp;

use super::smtp::{Behaviour, SmtpServer, free_port};
use super::{app_with, send_issue, wait_until_delivered};
use crate::helpers::TestApp;

#[tokio::test]
async fn sqlite_a_send_waits_out_an_smtp_outage_retries_4xx_and_records_5xx() {
    let port = free_port();
    let app = app_with(&format!("smtp://127.0.0.1:{port}"), false).await;
    a_send_waits_out_an_smtp_outage_retries_4xx_and_records_5xx(&app, port).await;
    app.stop().await;
}

#[tokio::test]
async fn postgres_a_send_waits_out_an_smtp_outage_retries_4xx_and_records_5xx() {
    let port = free_port();
    let app = app_with(&format!("smtp://127.0.0.1:{port}"), true).await;
    a_send_waits_out_an_smtp_outage_retries_4xx_and_records_5xx(&app, port).await;
    app.stop().await;
}

async fn a_send_waits_out_an_smtp_outage_retries_4xx_and_records_5xx(app: &TestApp, port: u16) {
    let newsletter = app
        .db
        .newsletter_by_slug("daily-briefing")
        .await
        .unwrap()
        .unwrap();
    let extra: Vec<ImportRow> = ["greylisted@example.org", "nobody-home@example.org"]
        .iter()
        .map(|email| ImportRow {
            email: EmailAddress::parse(email).unwrap(),
            name: String::new(),
            newsletter_ids: vec![newsletter.id],
            consent: true,
        })
        .collect();
    app.db
        .import_subscribers(&extra, "test", Timestamp::now())
        .await
        .unwrap();

    // The server is down when the send starts.
    let (issue, recipients) = send_issue(&app.db, "daily-briefing", "Outage edition").await;
    assert_eq!(recipients, 5);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let waiting = app.db.delivery_progress(issue).await.unwrap();
    assert_eq!((waiting.sent, waiting.failed, waiting.queued), (0, 0, 5));

    // It comes back, deferring one address once and refusing another for good.
    let smtp = SmtpServer::start_on(
        port,
        Behaviour {
            reject: Some("nobody-home"),
            defer_once: Some("greylisted"),
            ..Behaviour::default()
        },
    );
    wait_until_delivered(&app.db, issue, Duration::from_secs(60)).await;
    let progress = app.db.delivery_progress(issue).await.unwrap();
    assert_eq!((progress.sent, progress.failed), (4, 1), "{progress:?}");
    let problems = app.db.delivery_problems(issue, 10).await.unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].email, "nobody-home@example.org");
    assert_eq!(problems[0].status, "failed");
    assert!(
        problems[0].last_error.contains("550"),
        "{}",
        problems[0].last_error
    );

    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut per_reader: BTreeMap<String, usize> = BTreeMap::new();
    for message in smtp.messages() {
        *per_reader.entry(message.envelope_to).or_default() += 1;
    }
    assert_eq!(per_reader.len(), 4, "{per_reader:?}");
    assert_eq!(per_reader.get("greylisted@example.org"), Some(&1));
    assert!(per_reader.values().all(|n| *n == 1), "{per_reader:?}");
}
