//! Two nodes on one PostgreSQL database share one send: each claims its own batches
//! (`FOR UPDATE SKIP LOCKED`) and every reader gets exactly one copy.

use std::collections::BTreeMap;
use std::time::Duration;

use byline_core::EmailAddress;
use byline_store::{Db, ImportRow};
use jiff::Timestamp;

use super::smtp::{Behaviour, SmtpServer};
use super::{send_issue, wait_until_delivered};
use crate::helpers::TestApp;

const READERS: usize = 300;

fn delivery(
    smtp_url: String,
    batch: i64,
    lease: Duration,
    concurrency: usize,
) -> impl FnOnce(&mut byline_web::WebConfig) {
    move |config| {
        config.mailer = Some(
            byline_mail::Mailer::smtp(&smtp_url, "The Calder Ledger <desk@example.org>").unwrap(),
        );
        config.delivery.batch = batch;
        config.delivery.lease = lease;
        config.delivery.concurrency = concurrency;
    }
}

#[tokio::test]
async fn two_nodes_share_one_send_and_nobody_gets_two_copies() {
    let lease = Duration::from_secs(30);
    let smtp = SmtpServer::start(Behaviour::default());
    two_nodes_share_one_send(smtp, |url| delivery(url, 10, lease, 2)).await;
}

/// A slow server (20 ms a message) and batches far longer than their two-second
/// claim: each node must stop before its claim runs out and give the rest back, or
/// the other node would send those rows too.
#[tokio::test]
async fn batches_that_outlast_their_claim_give_the_rest_back_instead_of_racing() {
    let lease = Duration::from_secs(2);
    let smtp = SmtpServer::start(Behaviour {
        delay_ms: 20,
        ..Behaviour::default()
    });
    two_nodes_share_one_send(smtp, |url| delivery(url, 200, lease, 1)).await;
}

async fn two_nodes_share_one_send<F>(smtp: SmtpServer, config: impl Fn(String) -> F)
where
    F: FnOnce(&mut byline_web::WebConfig),
{
    let first = TestApp::postgres_with(config(smtp.url())).await;
    let second_db = Db::connect(first.postgres_url().unwrap()).await.unwrap();
    let second = TestApp::on_with(second_db, config(smtp.url())).await;

    let newsletter = first
        .db
        .newsletter_by_slug("weekly-column")
        .await
        .unwrap()
        .unwrap();
    let readers: Vec<ImportRow> = (0..READERS)
        .map(|n| ImportRow {
            email: EmailAddress::parse(&format!("reader{n:03}@example.org")).unwrap(),
            name: String::new(),
            newsletter_ids: vec![newsletter.id],
            consent: true,
        })
        .collect();
    first
        .db
        .import_subscribers(&readers, "test", Timestamp::now())
        .await
        .unwrap();
    // The demo's two readers of the column, and ours.
    let (issue, recipients) = send_issue(&first.db, "weekly-column", "Shared send").await;
    assert_eq!(recipients, READERS as i64 + 2);
    wait_until_delivered(&first.db, issue, Duration::from_secs(120)).await;
    smtp.wait_for(READERS + 2, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut per_reader: BTreeMap<String, usize> = BTreeMap::new();
    for message in smtp.messages() {
        *per_reader.entry(message.envelope_to).or_default() += 1;
    }
    assert_eq!(per_reader.len(), READERS + 2);
    let doubled: Vec<_> = per_reader.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "sent twice: {doubled:?}");

    second.stop().await;
    first.stop().await;
}
