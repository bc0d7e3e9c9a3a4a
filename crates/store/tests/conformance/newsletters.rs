//! Newsletters: the lists themselves, double opt-in signups, the desk's subscriber
//! tools, issues and the outbox that delivers them. The files below hold the tests;
//! this one holds what they share.
//!
//! Every test runs on a fixed clock (`at(seconds)` after one moment) so leases,
//! expiries and windows are exact.

mod desk;
mod issues;
mod leaving;
mod lists;
mod outbox;
mod signup;

use std::sync::atomic::{AtomicU64, Ordering};

use byline_core::newsletters::{IssueDraft, NewsletterDraft};
use byline_core::{EmailAddress, IssueId, NewsletterId, SubscriberId};
use byline_store::{
    ConfirmOutcome, Db, ImportRow, IssueEdit, NoticeLimit, SignupOutcome, SignupRequest,
    StartOutcome, SubscriptionStatus,
};
use jiff::Timestamp;

/// The moment every test starts from.
const T0: i64 = 1_800_000_000;

pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;

/// `seconds` after the fixed moment (negative for before it).
pub fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(T0 + seconds).unwrap()
}

/// A limit no test reaches unless it means to.
pub const PLENTY: NoticeLimit = NoticeLimit {
    max: 1_000,
    window_seconds: HOUR,
};

pub fn email(raw: &str) -> EmailAddress {
    EmailAddress::parse(raw).unwrap()
}

pub fn draft(slug: &str, name: &str) -> NewsletterDraft {
    NewsletterDraft {
        slug: slug.into(),
        name: name.into(),
        description: format!("What {name} is about."),
        cadence: "Six mornings a week".into(),
        sender_name: name.into(),
        sender_email: format!("{slug}@example.org"),
        reply_to: String::new(),
        signup_open: true,
    }
}

pub async fn newsletter(db: &Db, slug: &str, name: &str) -> NewsletterId {
    db.create_newsletter(&draft(slug, name), at(0))
        .await
        .unwrap()
}

/// A token hash no other signup in this test binary uses.
pub fn fresh_token() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("token-hash-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

pub async fn sign_up_with(
    db: &Db,
    address: &str,
    ids: &[NewsletterId],
    token: &str,
    when: Timestamp,
    limit: NoticeLimit,
) -> SignupOutcome {
    let address = email(address);
    db.sign_up(
        &SignupRequest {
            email: &address,
            name: "",
            newsletter_ids: ids,
            source: "signup box on /test/",
            token_hash: token,
            expires_at: when + jiff::SignedDuration::from_hours(24),
            at: when,
        },
        limit,
    )
    .await
    .unwrap()
}

pub async fn sign_up(
    db: &Db,
    address: &str,
    ids: &[NewsletterId],
    token: &str,
    when: Timestamp,
) -> SignupOutcome {
    sign_up_with(db, address, ids, token, when, PLENTY).await
}

/// Signs `address` up for `ids` and follows the link at once; the subscriber's id.
pub async fn subscribed(
    db: &Db,
    address: &str,
    ids: &[NewsletterId],
    when: Timestamp,
) -> SubscriberId {
    let token = fresh_token();
    let SignupOutcome::Confirm { subscriber_id, .. } =
        sign_up(db, address, ids, &token, when).await
    else {
        panic!("{address} should have been asked to confirm");
    };
    let outcome = db.confirm_signup(&token, when).await.unwrap();
    assert!(
        matches!(outcome, ConfirmOutcome::Confirmed { .. }),
        "{outcome:?}"
    );
    subscriber_id
}

/// Signs `address` up for `ids` without confirming; the subscriber's id.
pub async fn pending(
    db: &Db,
    address: &str,
    ids: &[NewsletterId],
    when: Timestamp,
) -> SubscriberId {
    match sign_up(db, address, ids, &fresh_token(), when).await {
        SignupOutcome::Confirm { subscriber_id, .. } => subscriber_id,
        other => panic!("{address}: {other:?}"),
    }
}

/// Where one subscriber stands on one newsletter.
pub async fn status_on(
    db: &Db,
    subscriber: SubscriberId,
    newsletter: NewsletterId,
) -> Option<SubscriptionStatus> {
    db.subscriptions(subscriber)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.newsletter_id == newsletter)
        .map(|s| s.status)
}

/// Puts `count` consenting readers on a newsletter in one import.
pub async fn readers(db: &Db, newsletter: NewsletterId, count: usize) -> Vec<SubscriberId> {
    let rows: Vec<ImportRow> = (0..count)
        .map(|n| ImportRow {
            email: email(&format!("reader{n:03}@example.org")),
            name: format!("Reader {n}"),
            newsletter_ids: vec![newsletter],
            consent: true,
        })
        .collect();
    let report = db
        .import_subscribers(&rows, "test import", at(0))
        .await
        .unwrap();
    assert_eq!(report.confirmed, count as i64);
    let mut ids = Vec::with_capacity(count);
    for row in &rows {
        ids.push(
            db.subscriber_id_by_email(&row.email)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    ids
}

pub async fn issue(db: &Db, newsletter: NewsletterId, subject: &str) -> IssueId {
    let draft = IssueDraft {
        subject: subject.into(),
        preheader: "Today in brief".into(),
        body: "Good morning.".into(),
    };
    db.create_issue(
        &IssueEdit {
            newsletter_id: newsletter,
            draft: &draft,
            article_ids: &[],
        },
        None,
        at(0),
    )
    .await
    .unwrap()
}

/// Writes an issue and starts sending it now; its id and the number of recipients.
pub async fn sent_issue(
    db: &Db,
    newsletter: NewsletterId,
    subject: &str,
    when: Timestamp,
) -> (IssueId, i64) {
    let id = issue(db, newsletter, subject).await;
    match db.start_issue_send(id, None, when).await.unwrap() {
        StartOutcome::Started { recipients } => (id, recipients),
        other => panic!("{subject}: {other:?}"),
    }
}
