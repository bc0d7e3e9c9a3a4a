//! The outbox: rows claimed in leased batches, each delivered, retried, failed or
//! given back, and a send finished once nothing is left to deliver.

use std::collections::HashSet;
use std::sync::Arc;

use byline_core::IssueId;
use byline_store::{Db, DeliveryProgress, FailedDelivery, IssueStatus};
use tokio::sync::Barrier;

use super::{at, newsletter, readers, sent_issue};
use crate::conformance;

conformance!(
    a_claim_hands_out_each_row_once_per_lease,
    delivered_rows_are_never_claimed_again,
    a_retried_row_waits_for_its_time_and_keeps_its_error,
    a_failed_row_is_never_tried_again,
    released_rows_come_back_without_counting_an_attempt,
    a_send_finishes_only_when_nothing_is_queued,
    progress_and_problems_count_each_state,
    four_workers_never_claim_the_same_delivery,
);

const LEASE: i64 = 300;

/// A send to `count` readers started at `at(0)`; the issue's id.
async fn sending(db: &Db, count: usize) -> IssueId {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    readers(db, briefing, count).await;
    let (issue, recipients) = sent_issue(db, briefing, "Monday's briefing", at(0)).await;
    assert_eq!(recipients, count as i64);
    issue
}

fn ids(deliveries: &[byline_store::Delivery]) -> Vec<i64> {
    deliveries.iter().map(|d| d.id).collect()
}

async fn a_claim_hands_out_each_row_once_per_lease(db: &Db) {
    let issue = sending(db, 5).await;
    let now = at(10);
    let first = db.claim_deliveries(now, LEASE, 3).await.unwrap();
    assert_eq!(first.len(), 3);
    assert!(first.iter().all(|d| d.attempts == 1 && d.issue_id == issue));
    let emails: Vec<&str> = first.iter().map(|d| d.email.as_str()).collect();
    assert_eq!(
        emails,
        [
            "reader000@example.org",
            "reader001@example.org",
            "reader002@example.org"
        ],
        "oldest first"
    );
    assert_eq!(first[0].name, "Reader 0");

    let second = db.claim_deliveries(now, LEASE, 3).await.unwrap();
    assert_eq!(second.len(), 2, "only the rows nobody holds");
    assert!(second.iter().all(|d| d.attempts == 1));
    let mut all = ids(&first);
    all.extend(ids(&second));
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), 5);
    assert!(db.claim_deliveries(now, LEASE, 3).await.unwrap().is_empty());
    assert!(
        db.claim_deliveries(at(10 + LEASE), LEASE, 10)
            .await
            .unwrap()
            .is_empty(),
        "the lease lasts to its last second"
    );

    // The workers died: after the lease, another claims the rows again.
    db.mark_delivered(&ids(&first[..1]), at(20)).await.unwrap();
    let again = db
        .claim_deliveries(at(10 + LEASE + 1), LEASE, 10)
        .await
        .unwrap();
    assert_eq!(ids(&again), all[1..]);
    assert!(again.iter().all(|d| d.attempts == 2), "every claim counts");
    assert_eq!(
        db.claim_deliveries(at(10 + LEASE + 1), LEASE, 0)
            .await
            .unwrap(),
        []
    );
}

async fn delivered_rows_are_never_claimed_again(db: &Db) {
    let issue = sending(db, 3).await;
    let claimed = db.claim_deliveries(at(10), LEASE, 10).await.unwrap();
    db.mark_delivered(&ids(&claimed[..2]), at(11))
        .await
        .unwrap();
    db.mark_delivered(&[], at(11)).await.unwrap();

    let later = db
        .claim_deliveries(at(100 * LEASE), LEASE, 10)
        .await
        .unwrap();
    assert_eq!(ids(&later), [claimed[2].id]);
    let progress = db.delivery_progress(issue).await.unwrap();
    assert_eq!((progress.sent, progress.queued), (2, 1));
    // A row already sent ignores late news of a failure.
    db.retry_delivery(claimed[0].id, "421 busy", at(500))
        .await
        .unwrap();
    db.fail_delivery(claimed[1].id, "550 no such user")
        .await
        .unwrap();
    db.release_deliveries(&ids(&claimed[..2]), "unreachable", at(500))
        .await
        .unwrap();
    let progress = db.delivery_progress(issue).await.unwrap();
    assert_eq!((progress.sent, progress.failed), (2, 0));
    assert!(db.delivery_problems(issue, 10).await.unwrap().is_empty());
}

async fn a_retried_row_waits_for_its_time_and_keeps_its_error(db: &Db) {
    let issue = sending(db, 2).await;
    let claimed = db.claim_deliveries(at(10), LEASE, 10).await.unwrap();
    let (flaky, fine) = (&claimed[0], &claimed[1]);
    db.retry_delivery(flaky.id, "451 try again later", at(600))
        .await
        .unwrap();
    db.mark_delivered(&[fine.id], at(11)).await.unwrap();

    assert!(
        db.claim_deliveries(at(599), LEASE, 10)
            .await
            .unwrap()
            .is_empty(),
        "not due before its retry time, though its lease was lifted"
    );
    let progress = db.delivery_progress(issue).await.unwrap();
    assert_eq!((progress.queued, progress.retrying), (1, 1));
    assert_eq!(
        db.delivery_problems(issue, 10).await.unwrap(),
        [FailedDelivery {
            email: flaky.email.clone(),
            status: "queued".into(),
            attempts: 1,
            last_error: "451 try again later".into(),
        }]
    );

    let again = db.claim_deliveries(at(600), LEASE, 10).await.unwrap();
    assert_eq!(ids(&again), [flaky.id]);
    assert_eq!(again[0].attempts, 2);
    assert_eq!(
        db.delivery_problems(issue, 10).await.unwrap()[0].last_error,
        "451 try again later",
        "the error stays until the row is sent"
    );
    db.mark_delivered(&[flaky.id], at(601)).await.unwrap();
    assert!(db.delivery_problems(issue, 10).await.unwrap().is_empty());
    assert_eq!(db.delivery_progress(issue).await.unwrap().sent, 2);
}

async fn a_failed_row_is_never_tried_again(db: &Db) {
    let issue = sending(db, 2).await;
    let claimed = db.claim_deliveries(at(10), LEASE, 10).await.unwrap();
    db.fail_delivery(claimed[0].id, "550 mailbox unavailable")
        .await
        .unwrap();
    db.mark_delivered(&[claimed[1].id], at(11)).await.unwrap();
    assert!(
        db.claim_deliveries(at(100 * LEASE), LEASE, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Later news about the row cannot bring it back.
    db.retry_delivery(claimed[0].id, "451 later", at(20))
        .await
        .unwrap();
    db.release_deliveries(&[claimed[0].id], "unreachable", at(20))
        .await
        .unwrap();
    assert!(
        db.claim_deliveries(at(100 * LEASE), LEASE, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        db.delivery_problems(issue, 10).await.unwrap(),
        [FailedDelivery {
            email: claimed[0].email.clone(),
            status: "failed".into(),
            attempts: 1,
            last_error: "550 mailbox unavailable".into(),
        }]
    );
}

async fn released_rows_come_back_without_counting_an_attempt(db: &Db) {
    let issue = sending(db, 4).await;
    let claimed = db.claim_deliveries(at(10), LEASE, 3).await.unwrap();
    db.release_deliveries(&ids(&claimed), "connection refused", at(120))
        .await
        .unwrap();
    db.release_deliveries(&[], "nothing", at(120))
        .await
        .unwrap();

    let before = db.claim_deliveries(at(119), LEASE, 10).await.unwrap();
    assert_eq!(before.len(), 1, "only the row never claimed is due");
    assert_eq!(before[0].attempts, 1);
    let progress = db.delivery_progress(issue).await.unwrap();
    assert_eq!(
        (progress.queued, progress.retrying),
        (4, 3),
        "released rows wait to try again; the row out with a worker does not"
    );
    let problems = db.delivery_problems(issue, 10).await.unwrap();
    assert_eq!(problems.len(), 3);
    assert!(
        problems
            .iter()
            .all(|p| p.attempts == 0 && p.last_error == "connection refused"),
        "{problems:?}"
    );

    let back = db.claim_deliveries(at(120), LEASE, 10).await.unwrap();
    assert_eq!(ids(&back), ids(&claimed));
    assert!(
        back.iter().all(|d| d.attempts == 1),
        "a server nobody could reach costs no attempt: {back:?}"
    );
}

async fn a_send_finishes_only_when_nothing_is_queued(db: &Db) {
    let issue = sending(db, 3).await;
    let briefing = db.issue(issue).await.unwrap().unwrap().newsletter_id;
    assert!(db.finish_sends(at(5)).await.unwrap().is_empty());
    let claimed = db.claim_deliveries(at(10), LEASE, 10).await.unwrap();
    db.mark_delivered(&[claimed[0].id], at(11)).await.unwrap();
    db.fail_delivery(claimed[1].id, "550 no such user")
        .await
        .unwrap();
    db.retry_delivery(claimed[2].id, "451 later", at(60))
        .await
        .unwrap();
    assert!(
        db.finish_sends(at(20)).await.unwrap().is_empty(),
        "a row waiting to retry is still to send"
    );
    assert_eq!(db.delivery_progress(issue).await.unwrap().queued, 1);
    assert_eq!(
        db.issue(issue).await.unwrap().unwrap().status,
        IssueStatus::Sending
    );

    // A second send, started meanwhile, has its own progress.
    let (other, _) = sent_issue(db, briefing, "Tuesday", at(30)).await;
    let retried = db.claim_deliveries(at(60), LEASE, 1).await.unwrap();
    assert_eq!(ids(&retried), [claimed[2].id]);
    db.mark_delivered(&ids(&retried), at(61)).await.unwrap();

    assert_eq!(db.finish_sends(at(70)).await.unwrap(), [issue]);
    let done = db.issue(issue).await.unwrap().unwrap();
    assert_eq!(done.status, IssueStatus::Sent);
    assert_eq!(done.finished_at, Some(at(70)));
    assert_eq!(
        db.issue(other).await.unwrap().unwrap().status,
        IssueStatus::Sending
    );
    assert!(
        db.finish_sends(at(80)).await.unwrap().is_empty(),
        "a finished send is finished once"
    );
    assert_eq!(
        db.issue(issue).await.unwrap().unwrap().finished_at,
        Some(at(70))
    );
}

async fn progress_and_problems_count_each_state(db: &Db) {
    let issue = sending(db, 6).await;
    assert_eq!(
        db.delivery_progress(issue).await.unwrap(),
        DeliveryProgress {
            total: 6,
            sent: 0,
            failed: 0,
            queued: 6,
            retrying: 0,
        }
    );
    let claimed = db.claim_deliveries(at(10), LEASE, 5).await.unwrap();
    db.mark_delivered(&ids(&claimed[..2]), at(11))
        .await
        .unwrap();
    db.fail_delivery(claimed[2].id, "550 user unknown")
        .await
        .unwrap();
    db.retry_delivery(claimed[3].id, "452 mailbox full", at(900))
        .await
        .unwrap();
    // claimed[4] is still out with a worker; the sixth row was never claimed.
    assert_eq!(
        db.delivery_progress(issue).await.unwrap(),
        DeliveryProgress {
            total: 6,
            sent: 2,
            failed: 1,
            queued: 3,
            retrying: 1,
        },
        "a row out with a worker for the first time is not a retry"
    );
    let problems = db.delivery_problems(issue, 10).await.unwrap();
    let listed: Vec<(&str, &str, &str)> = problems
        .iter()
        .map(|p| (p.email.as_str(), p.status.as_str(), p.last_error.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (claimed[2].email.as_str(), "failed", "550 user unknown"),
            (claimed[3].email.as_str(), "queued", "452 mailbox full"),
        ],
        "failures first, each with its reason"
    );
    assert_eq!(db.delivery_problems(issue, 1).await.unwrap().len(), 1);
    // Later the retry, the abandoned claim and the untried row are all out at once:
    // only the one that failed before is a retry.
    let again = db.claim_deliveries(at(900), LEASE, 10).await.unwrap();
    assert_eq!(again.len(), 3);
    assert_eq!(ids(&again[..2]), [claimed[3].id, claimed[4].id]);
    let attempts: Vec<i64> = again.iter().map(|d| d.attempts).collect();
    assert_eq!(attempts, [2, 2, 1]);
    assert_eq!(db.delivery_progress(issue).await.unwrap().retrying, 1);
    assert_eq!(
        db.delivery_progress(IssueId(424_242)).await.unwrap(),
        DeliveryProgress::default()
    );
    let summary = db.issues(10).await.unwrap();
    assert_eq!(summary[0].progress.sent, 2);
}

async fn four_workers_never_claim_the_same_delivery(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    readers(db, briefing, 200).await;
    // A double claim needs two statements to overlap; three sends of two hundred
    // rows in small batches make a broken claim fail reliably.
    for round in 0..3 {
        let (issue, recipients) = sent_issue(db, briefing, &format!("Round {round}"), at(0)).await;
        assert_eq!(recipients, 200);
        let start = Arc::new(Barrier::new(4));
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..4 {
            let db = db.clone();
            let start = start.clone();
            workers.spawn(async move {
                // Each worker holds a connection before any starts, so all four
                // really claim at the same time.
                let connection = db.pool().acquire().await.unwrap();
                start.wait().await;
                drop(connection);
                let mut claimed = Vec::new();
                // Bounded, so an outbox that hands rows out again fails, not hangs.
                while claimed.len() < 400 {
                    let batch = db.claim_deliveries(at(10), LEASE, 7).await.unwrap();
                    if batch.is_empty() {
                        break;
                    }
                    assert!(batch.iter().all(|d| d.attempts == 1), "{batch:?}");
                    claimed.extend(batch.into_iter().map(|d| d.id));
                }
                claimed
            });
        }
        let mut all: Vec<i64> = workers.join_all().await.into_iter().flatten().collect();
        let claims = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(
            claims,
            all.len(),
            "round {round}: a row went to two workers"
        );
        assert_eq!(all.len(), 200, "round {round}: every row was claimed");
        db.mark_delivered(&all, at(20)).await.unwrap();
        let progress = db.delivery_progress(issue).await.unwrap();
        assert_eq!((progress.sent, progress.queued), (200, 0), "round {round}");
    }
}
