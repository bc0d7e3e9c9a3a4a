//! `kill -9` in the middle of a send, then a restart: every confirmed subscriber gets
//! the issue exactly once.
//!
//! The sender is the real binary (`byline newsletter send`), paced to 10 messages a
//! second over one connection so the kill lands between two messages, as it would
//! almost always in life: the only moment a second copy is possible is while a
//! message is in flight, from the SMTP server storing it until the database commit
//! that records our "250 OK" (see `crates/mail/src/newsletter/delivery.rs`).

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use byline_core::newsletters::{IssueDraft, NewsletterDraft};
use byline_core::{EmailAddress, IssueId};
use byline_store::{Db, ImportRow, IssueEdit};
use jiff::Timestamp;

use super::smtp::SmtpServer;

const READERS: usize = 80;
/// Messages delivered before the kill.
const BEFORE_KILL: usize = 20;

fn send_command(
    data: &std::path::Path,
    database: Option<&str>,
    issue: IssueId,
    smtp: &SmtpServer,
) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_byline"));
    for (key, _) in std::env::vars() {
        if key.starts_with("BYLINE_") {
            command.env_remove(key);
        }
    }
    command
        .args(["newsletter", "send", &issue.to_string(), "--data"])
        .arg(data)
        .args([
            "--smtp-url",
            &smtp.url(),
            "--mail-rate",
            "10",
            "--mail-connections",
            "1",
        ])
        .stdin(Stdio::null());
    if let Some(url) = database {
        command.args(["--database-url", url]);
    }
    command
}

async fn open(data: &std::path::Path, database: Option<&str>) -> Db {
    match database {
        Some(url) => Db::connect(url).await.unwrap(),
        None => Db::open_sqlite_in(data).await.unwrap(),
    }
}

async fn newsroom_with_readers(data: &std::path::Path, database: Option<&str>) -> IssueId {
    let db = open(data, database).await;
    let now = Timestamp::now();
    let newsletter = db
        .create_newsletter(
            &NewsletterDraft {
                slug: "daily-briefing".into(),
                name: "The Daily Briefing".into(),
                sender_name: "The Daily Briefing".into(),
                sender_email: "briefing@example.org".into(),
                signup_open: true,
                ..NewsletterDraft::default()
            },
            now,
        )
        .await
        .unwrap();
    let readers: Vec<ImportRow> = (0..READERS)
        .map(|n| ImportRow {
            email: EmailAddress::parse(&format!("reader{n:03}@example.org")).unwrap(),
            name: String::new(),
            newsletter_ids: vec![newsletter],
            consent: true,
        })
        .collect();
    db.import_subscribers(&readers, "test", now).await.unwrap();
    let issue = db
        .create_issue(
            &IssueEdit {
                newsletter_id: newsletter,
                draft: &IssueDraft {
                    subject: "Crash-proof edition".into(),
                    preheader: String::new(),
                    body: "Every reader gets this once.".into(),
                },
                article_ids: &[],
            },
            None,
            now,
        )
        .await
        .unwrap();
    db.close().await;
    issue
}

#[tokio::test]
async fn sqlite_a_send_killed_midway_resumes_and_every_reader_gets_exactly_one_copy() {
    killed_midway(None).await;
}

#[tokio::test]
async fn postgres_a_send_killed_midway_resumes_and_every_reader_gets_exactly_one_copy() {
    let url = byline_store::testing::create_postgres_database()
        .await
        .unwrap();
    killed_midway(Some(&url)).await;
    byline_store::testing::drop_postgres_database(&url).await;
}

async fn killed_midway(database: Option<&str>) {
    let data = tempfile::tempdir().unwrap();
    let issue = newsroom_with_readers(data.path(), database).await;
    let smtp = SmtpServer::start(Default::default());

    let mut first = send_command(data.path(), database, issue, &smtp)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while smtp.count() < BEFORE_KILL {
        assert!(Instant::now() < deadline, "the send never got going");
        assert!(
            first.try_wait().unwrap().is_none(),
            "the sender exited early"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    // Halfway between two messages (100 ms apart), as a crash nearly always is.
    std::thread::sleep(Duration::from_millis(50));
    first.kill().unwrap(); // SIGKILL: no cleanup, no goodbye
    first.wait().unwrap();
    assert_eq!(
        smtp.count(),
        BEFORE_KILL,
        "the kill came between two messages"
    );

    // Started again, it finds the send under way and delivers what is left once the
    // dead process's claims run out.
    let second = send_command(data.path(), database, issue, &smtp)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(
        second.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(stdout.contains("already started"), "{stdout}");

    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut per_reader: BTreeMap<String, usize> = BTreeMap::new();
    for message in smtp.messages() {
        *per_reader.entry(message.envelope_to).or_default() += 1;
    }
    let doubled: Vec<_> = per_reader.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "sent twice: {doubled:?}");
    assert_eq!(
        per_reader.len(),
        READERS,
        "{} of {READERS} readers got it",
        per_reader.len()
    );

    let db = open(data.path(), database).await;
    let progress = db.delivery_progress(issue).await.unwrap();
    assert_eq!(
        (progress.sent, progress.queued, progress.failed),
        (READERS as i64, 0, 0)
    );
    db.close().await;
}
