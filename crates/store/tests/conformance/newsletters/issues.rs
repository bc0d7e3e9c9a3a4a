//! Issues: written while a draft, scheduled with a durable job, and sent to exactly
//! the readers active at the moment the send starts.

use byline_core::newsletters::IssueDraft;
use byline_core::{IssueId, PostId, Role, SubscriberId};
use byline_store::{
    Db, DeliveryProgress, Entity, IssueEdit, IssueStatus, Lane, StartOutcome, StoreError, Work,
    newsletter_send_job_key,
};

use super::{HOUR, at, issue, newsletter, pending, sent_issue, subscribed};
use crate::{conformance, staff};

conformance!(
    an_issue_is_written_and_edited_while_a_draft,
    an_issue_that_started_sending_can_no_longer_be_edited,
    scheduling_makes_the_send_job_and_unscheduling_returns_to_draft,
    only_the_latest_scheduled_time_starts_a_send,
    a_send_goes_to_exactly_the_readers_active_when_it_starts,
    starting_a_send_twice_adds_nobody,
    an_issue_for_an_empty_newsletter_starts_with_no_recipients,
    two_nodes_starting_one_send_copy_the_readers_once,
);

fn written(subject: &str) -> IssueDraft {
    IssueDraft {
        subject: subject.into(),
        preheader: " What to know ".into(),
        body: "## Good morning\n\nThe bridge reopens.".into(),
    }
}

async fn an_issue_is_written_and_edited_while_a_draft(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let editor = staff(db, "ed@example.org", "Ed", Role::Editor).await;
    let first = written("  Monday's briefing ");
    let id = db
        .create_issue(
            &IssueEdit {
                newsletter_id: briefing,
                draft: &first,
                article_ids: &[PostId(7), PostId(3)],
            },
            Some(editor.id),
            at(0),
        )
        .await
        .unwrap();

    let stored = db.issue(id).await.unwrap().unwrap();
    assert_eq!(stored.newsletter_id, briefing);
    assert_eq!(stored.subject, "Monday's briefing", "trimmed");
    assert_eq!(stored.preheader, "What to know");
    assert_eq!(stored.body, first.body, "the body is kept as written");
    assert_eq!(
        stored.article_ids,
        [PostId(7), PostId(3)],
        "cards in the order chosen"
    );
    assert_eq!(stored.status, IssueStatus::Draft);
    assert_eq!(
        (stored.send_at, stored.started_at, stored.finished_at),
        (None, None, None)
    );
    assert_eq!(stored.recipients, 0);
    assert_eq!(stored.created_by, Some(editor.id));
    assert_eq!((stored.created_at, stored.updated_at), (at(0), at(0)));

    let second = written("Tuesday's briefing");
    db.update_issue(
        id,
        &IssueEdit {
            newsletter_id: weekend,
            draft: &second,
            article_ids: &[],
        },
        at(60),
    )
    .await
    .unwrap();
    let edited = db.issue(id).await.unwrap().unwrap();
    assert_eq!(edited.subject, "Tuesday's briefing");
    assert_eq!(edited.newsletter_id, weekend);
    assert!(edited.article_ids.is_empty());
    assert_eq!((edited.created_at, edited.updated_at), (at(0), at(60)));

    let other = issue(db, briefing, "Another").await;
    let listed = db.issues(10).await.unwrap();
    let ids: Vec<IssueId> = listed.iter().map(|s| s.issue.id).collect();
    assert_eq!(ids, [other, id], "newest first");
    assert_eq!(listed[1].newsletter_name, "A Weekend Read");
    assert_eq!(listed[1].progress, DeliveryProgress::default());
    assert_eq!(db.issues(1).await.unwrap().len(), 1);

    let missing = db
        .update_issue(
            IssueId(424_242),
            &IssueEdit {
                newsletter_id: briefing,
                draft: &second,
                article_ids: &[],
            },
            at(60),
        )
        .await;
    assert!(
        matches!(&missing, Err(StoreError::NotFound { entity: Entity::Issue, key }) if key == "424242"),
        "{missing:?}"
    );
    assert!(db.issue(IssueId(424_242)).await.unwrap().is_none());
}

async fn an_issue_that_started_sending_can_no_longer_be_edited(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    subscribed(db, "ana@example.org", &[briefing], at(0)).await;
    let (id, _) = sent_issue(db, briefing, "Monday's briefing", at(100)).await;
    let change = written("Too late");
    let edit = IssueEdit {
        newsletter_id: briefing,
        draft: &change,
        article_ids: &[],
    };
    let result = db.update_issue(id, &edit, at(200)).await;
    assert!(
        matches!(result, Err(StoreError::NotEditable(_))),
        "{result:?}"
    );
    let result = db.schedule_issue(id, at(HOUR), at(200)).await;
    assert!(
        matches!(result, Err(StoreError::NotEditable(_))),
        "{result:?}"
    );
    assert!(
        !db.unschedule_issue(id, at(200)).await.unwrap(),
        "a send cannot be taken back to draft"
    );
    let stored = db.issue(id).await.unwrap().unwrap();
    assert_eq!(stored.subject, "Monday's briefing");
    assert_eq!(stored.status, IssueStatus::Sending);
    assert_eq!(stored.updated_at, at(100));

    // Still not editable once sent.
    let claimed = db.claim_deliveries(at(300), 60, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].issue_id, id);
    db.mark_delivered(&[claimed[0].id], at(362)).await.unwrap();
    assert_eq!(db.finish_sends(at(363)).await.unwrap(), [id]);
    assert!(matches!(
        db.update_issue(id, &edit, at(400)).await,
        Err(StoreError::NotEditable(_))
    ));
    let missing = db.schedule_issue(IssueId(424_242), at(HOUR), at(0)).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "{missing:?}"
    );
}

async fn scheduling_makes_the_send_job_and_unscheduling_returns_to_draft(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let id = issue(db, briefing, "Monday's briefing").await;
    let send_at = at(2 * HOUR);
    db.schedule_issue(id, send_at, at(60)).await.unwrap();

    let stored = db.issue(id).await.unwrap().unwrap();
    assert_eq!(stored.status, IssueStatus::Scheduled);
    assert_eq!(stored.send_at, Some(send_at));
    assert_eq!(stored.updated_at, at(60));
    let job = db
        .job_state(&newsletter_send_job_key(id, send_at))
        .await
        .unwrap()
        .expect("scheduling makes a job");
    assert_eq!(job.run_at, send_at);
    assert_eq!((job.attempts, job.done), (0, false));
    assert!(
        db.claim_job(at(2 * HOUR - 1), Lane::Quick)
            .await
            .unwrap()
            .is_none()
    );
    let claimed = db.claim_job(send_at, Lane::Quick).await.unwrap().unwrap();
    assert_eq!(
        claimed.work().unwrap(),
        Work::SendIssue {
            issue_id: id,
            at: send_at
        }
    );

    // A scheduled issue may still be edited.
    let change = written("Monday's briefing, revised");
    db.update_issue(
        id,
        &IssueEdit {
            newsletter_id: briefing,
            draft: &change,
            article_ids: &[],
        },
        at(120),
    )
    .await
    .unwrap();
    assert_eq!(
        db.issue(id).await.unwrap().unwrap().status,
        IssueStatus::Scheduled
    );

    assert!(db.unschedule_issue(id, at(180)).await.unwrap());
    let stored = db.issue(id).await.unwrap().unwrap();
    assert_eq!(stored.status, IssueStatus::Draft);
    assert_eq!(stored.send_at, None);
    assert!(
        !db.unschedule_issue(id, at(240)).await.unwrap(),
        "a draft has nothing to unschedule"
    );
    assert_eq!(
        db.start_issue_send(id, Some(send_at), send_at)
            .await
            .unwrap(),
        StartOutcome::NotSendable,
        "the job finds the issue taken back"
    );
    assert_eq!(
        db.issue(id).await.unwrap().unwrap().status,
        IssueStatus::Draft
    );
}

async fn only_the_latest_scheduled_time_starts_a_send(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    subscribed(db, "ana@example.org", &[briefing], at(0)).await;
    let id = issue(db, briefing, "Monday's briefing").await;
    let first = at(HOUR);
    let moved = at(2 * HOUR);
    db.schedule_issue(id, first, at(10)).await.unwrap();
    db.schedule_issue(id, moved, at(20)).await.unwrap();
    for time in [first, moved] {
        assert!(
            db.job_state(&newsletter_send_job_key(id, time))
                .await
                .unwrap()
                .is_some(),
            "one job per time"
        );
    }
    assert_eq!(db.issue(id).await.unwrap().unwrap().send_at, Some(moved));

    assert_eq!(
        db.start_issue_send(id, Some(first), first).await.unwrap(),
        StartOutcome::NotSendable,
        "the old job does nothing"
    );
    assert_eq!(db.delivery_progress(id).await.unwrap().total, 0);
    assert_eq!(
        db.issue(id).await.unwrap().unwrap().status,
        IssueStatus::Scheduled
    );
    assert_eq!(
        db.start_issue_send(id, Some(moved), moved).await.unwrap(),
        StartOutcome::Started { recipients: 1 }
    );
    let stored = db.issue(id).await.unwrap().unwrap();
    assert_eq!(stored.status, IssueStatus::Sending);
    assert_eq!(stored.started_at, Some(moved));
}

async fn a_send_goes_to_exactly_the_readers_active_when_it_starts(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let ana = subscribed(db, "ana@example.org", &[briefing], at(0)).await;
    let bo = subscribed(db, "bo@example.org", &[briefing, weekend], at(0)).await;
    let cy = subscribed(db, "cy@example.org", &[briefing], at(0)).await;
    db.unsubscribe(cy, briefing, "link", at(10)).await.unwrap();
    pending(db, "di@example.org", &[briefing], at(20)).await;
    super::sign_up(db, "late@example.org", &[briefing], "late", at(30)).await;
    subscribed(db, "other@example.org", &[weekend], at(0)).await;

    let id = issue(db, briefing, "Monday's briefing").await;
    assert_eq!(
        db.start_issue_send(id, None, at(100)).await.unwrap(),
        StartOutcome::Started { recipients: 2 }
    );
    let stored = db.issue(id).await.unwrap().unwrap();
    assert_eq!(stored.status, IssueStatus::Sending);
    assert_eq!(stored.recipients, 2);
    assert_eq!(stored.started_at, Some(at(100)));

    // Confirming after the start does not join this send.
    db.confirm_signup("late", at(110)).await.unwrap();
    let progress = db.delivery_progress(id).await.unwrap();
    assert_eq!(
        progress,
        DeliveryProgress {
            total: 2,
            sent: 0,
            failed: 0,
            queued: 2,
            retrying: 0,
        }
    );
    let claimed = db.claim_deliveries(at(120), 60, 100).await.unwrap();
    let to: Vec<(SubscriberId, &str)> = claimed
        .iter()
        .map(|d| (d.subscriber_id, d.email.as_str()))
        .collect();
    assert_eq!(to, [(ana, "ana@example.org"), (bo, "bo@example.org")]);
    assert!(claimed.iter().all(|d| d.issue_id == id));

    // Leaving after the start does not take anyone off it either: the row stays.
    db.unsubscribe(bo, briefing, "link", at(130)).await.unwrap();
    assert_eq!(db.delivery_progress(id).await.unwrap().total, 2);
}

async fn starting_a_send_twice_adds_nobody(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    subscribed(db, "ana@example.org", &[briefing], at(0)).await;
    let (id, recipients) = sent_issue(db, briefing, "Monday's briefing", at(100)).await;
    assert_eq!(recipients, 1);
    subscribed(db, "bo@example.org", &[briefing], at(110)).await;

    assert_eq!(
        db.start_issue_send(id, None, at(120)).await.unwrap(),
        StartOutcome::AlreadyStarted
    );
    assert_eq!(
        db.start_issue_send(id, Some(at(120)), at(120))
            .await
            .unwrap(),
        StartOutcome::AlreadyStarted,
        "a late job for a started issue"
    );
    assert_eq!(db.delivery_progress(id).await.unwrap().total, 1);
    let stored = db.issue(id).await.unwrap().unwrap();
    assert_eq!(
        (stored.recipients, stored.started_at),
        (1, Some(at(100))),
        "the first start stands"
    );

    let claimed = db.claim_deliveries(at(130), 60, 10).await.unwrap();
    let ids: Vec<i64> = claimed.iter().map(|d| d.id).collect();
    db.mark_delivered(&ids, at(131)).await.unwrap();
    assert_eq!(db.finish_sends(at(132)).await.unwrap(), [id]);
    assert_eq!(
        db.start_issue_send(id, None, at(140)).await.unwrap(),
        StartOutcome::AlreadyStarted,
        "nor once it is sent"
    );
    assert_eq!(db.delivery_progress(id).await.unwrap().total, 1);
    let missing = db.start_issue_send(IssueId(424_242), None, at(140)).await;
    assert!(
        matches!(missing, Err(StoreError::NotFound { .. })),
        "{missing:?}"
    );
}

async fn an_issue_for_an_empty_newsletter_starts_with_no_recipients(db: &Db) {
    let quiet = newsletter(db, "quiet", "Nobody Reads This").await;
    pending(db, "maybe@example.org", &[quiet], at(0)).await;
    let (id, recipients) = sent_issue(db, quiet, "Hello?", at(100)).await;
    assert_eq!(recipients, 0);
    assert_eq!(
        db.finish_sends(at(101)).await.unwrap(),
        [id],
        "nothing to deliver is done at once"
    );
    let stored = db.issue(id).await.unwrap().unwrap();
    assert_eq!(stored.status, IssueStatus::Sent);
    assert_eq!(stored.finished_at, Some(at(101)));
}

async fn two_nodes_starting_one_send_copy_the_readers_once(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    super::readers(db, briefing, 20).await;
    for n in 0..10 {
        let id = issue(db, briefing, &format!("Issue {n}")).await;
        let send_at = at(HOUR + n);
        db.schedule_issue(id, send_at, at(0)).await.unwrap();
        let (a, b) = tokio::join!(
            db.start_issue_send(id, Some(send_at), send_at),
            db.start_issue_send(id, Some(send_at), send_at),
        );
        let mut outcomes = [a.unwrap(), b.unwrap()];
        outcomes.sort_by_key(|o| *o == StartOutcome::AlreadyStarted);
        assert_eq!(
            outcomes,
            [
                StartOutcome::Started { recipients: 20 },
                StartOutcome::AlreadyStarted
            ],
            "issue {n}"
        );
        assert_eq!(db.delivery_progress(id).await.unwrap().total, 20);
        assert_eq!(db.issue(id).await.unwrap().unwrap().recipients, 20);
    }
}
