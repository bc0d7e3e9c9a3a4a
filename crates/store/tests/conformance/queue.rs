//! The durable job queue, and scheduled publishing built on it.

use std::collections::HashMap;
use std::sync::Arc;

use byline_core::content::NewPost;
use byline_core::{IssueId, PostId, PostStatus, Role};
use byline_store::{Db, Lane, NewJob, SaveReason, StoreError, Work, publish_job_key};
use jiff::{SignedDuration, Timestamp};
use tokio::sync::Barrier;

use crate::{article, newsroom, staff, whole_seconds};

crate::conformance!(
    enqueueing_twice_under_one_key_makes_one_job,
    due_jobs_are_claimed_oldest_first_and_future_ones_wait,
    a_claimed_job_is_not_claimed_again_until_its_lease_ends,
    a_failed_job_waits_until_its_retry_time_and_keeps_the_error,
    a_completed_job_is_never_claimed_again,
    two_workers_never_claim_the_same_job,
    each_lane_claims_only_its_own_kinds,
    a_kind_this_version_does_not_know_waits_for_a_node_that_knows_it,
    an_unreadable_payload_fails_its_job_and_not_the_queue,
    scheduling_a_post_enqueues_its_publish_job,
    only_the_scheduled_time_publishes_a_post,
    unscheduling_a_post_stops_its_publication,
);

fn minutes(n: i64) -> Timestamp {
    whole_seconds(Timestamp::now() + SignedDuration::from_mins(n))
}

/// Queues a quick job (a reset email, whose address names the key) under `key`.
async fn enqueue(db: &Db, key: &str, run_at: Timestamp) {
    enqueue_work(db, key, reset_mail(key), run_at).await;
}

fn reset_mail(key: &str) -> Work {
    Work::ResetMail {
        email: format!("{key}@example.org"),
    }
}

async fn enqueue_work(db: &Db, key: &str, work: Work, run_at: Timestamp) {
    db.enqueue_job(&NewJob { work, key, run_at }).await.unwrap();
}

async fn claim(db: &Db, now: Timestamp) -> Option<byline_store::Job> {
    db.claim_job(now, Lane::Quick).await.unwrap()
}

async fn claimed_key(db: &Db, now: Timestamp) -> Option<String> {
    claim(db, now).await.map(|job| job.key)
}

async fn enqueueing_twice_under_one_key_makes_one_job(db: &Db) {
    let first = minutes(-5);
    let send = |at| Work::SendIssue {
        issue_id: IssueId(7),
        at,
    };
    enqueue_work(db, "newsletter:7", send(first), first).await;
    enqueue_work(db, "newsletter:7", send(minutes(-10)), minutes(-10)).await;
    let state = db.job_state("newsletter:7").await.unwrap().unwrap();
    assert_eq!(state.run_at, first, "the first enqueue wins");
    assert_eq!((state.attempts, state.done), (0, false));

    let job = claim(db, minutes(0)).await.unwrap();
    assert_eq!(
        (job.kind.as_str(), job.key.as_str()),
        ("newsletter.send", "newsletter:7")
    );
    assert_eq!(job.work().unwrap(), send(first));
    assert_eq!(job.attempts, 1);
    assert!(claim(db, minutes(0)).await.is_none());
    assert!(db.job_state("no-such-key").await.unwrap().is_none());
}

async fn due_jobs_are_claimed_oldest_first_and_future_ones_wait(db: &Db) {
    enqueue(db, "newer", minutes(-10)).await;
    enqueue(db, "later", minutes(60)).await;
    enqueue(db, "older", minutes(-20)).await;
    let now = minutes(0);
    assert_eq!(claimed_key(db, now).await.as_deref(), Some("older"));
    assert_eq!(claimed_key(db, now).await.as_deref(), Some("newer"));
    assert_eq!(
        claimed_key(db, now).await,
        None,
        "the future job is not due"
    );
    assert_eq!(db.job_state("later").await.unwrap().unwrap().attempts, 0);
}

async fn a_claimed_job_is_not_claimed_again_until_its_lease_ends(db: &Db) {
    enqueue(db, "lease", minutes(-1)).await;
    let now = minutes(0);
    let job = claim(db, now).await.unwrap();
    assert_eq!(job.attempts, 1);
    assert!(claim(db, now).await.is_none());
    assert!(
        claim(db, now + SignedDuration::from_secs(60))
            .await
            .is_none(),
        "still leased a minute later"
    );

    // The worker died: once the lease has run out, another claims the job.
    let again = claim(db, now + SignedDuration::from_mins(5)).await.unwrap();
    assert_eq!(again.id, job.id);
    assert_eq!(again.attempts, 2, "every claim is an attempt");
    assert_eq!(db.job_state("lease").await.unwrap().unwrap().attempts, 2);
}

async fn a_failed_job_waits_until_its_retry_time_and_keeps_the_error(db: &Db) {
    enqueue(db, "flaky", minutes(-1)).await;
    let job = claim(db, minutes(0)).await.unwrap();
    let retry_at = minutes(10);
    db.retry_job(job.id, "mail server said 451", retry_at)
        .await
        .unwrap();
    let state = db.job_state("flaky").await.unwrap().unwrap();
    assert_eq!(state.last_error.as_deref(), Some("mail server said 451"));
    assert_eq!(state.run_at, retry_at);
    assert_eq!((state.attempts, state.done), (1, false));

    assert!(claim(db, minutes(9)).await.is_none());
    let again = claim(db, minutes(11)).await.unwrap();
    assert_eq!((again.id, again.attempts), (job.id, 2));
    db.complete_job(again.id, minutes(11)).await.unwrap();
    let state = db.job_state("flaky").await.unwrap().unwrap();
    assert!(state.done);
    assert_eq!(state.last_error, None, "success clears the last error");
}

async fn a_completed_job_is_never_claimed_again(db: &Db) {
    enqueue(db, "once", minutes(-1)).await;
    let job = claim(db, minutes(0)).await.unwrap();
    db.complete_job(job.id, minutes(0)).await.unwrap();
    assert!(db.job_state("once").await.unwrap().unwrap().done);
    assert!(claim(db, minutes(0)).await.is_none());
    assert!(
        claim(db, minutes(24 * 60)).await.is_none(),
        "not even after its lease would have ended"
    );
    enqueue(db, "once", minutes(-1)).await;
    assert!(
        claim(db, minutes(0)).await.is_none(),
        "enqueueing a done key again does not revive it"
    );
}

async fn two_workers_never_claim_the_same_job(db: &Db) {
    // A double claim needs two statements to overlap, which a single round may not
    // produce; ten rounds of twenty jobs make a broken claim fail reliably.
    for round in 0..10 {
        let keys: Vec<String> = (0..20).map(|i| format!("round-{round}-job-{i}")).collect();
        for (i, key) in (0..).zip(&keys) {
            enqueue(db, key, minutes(-30 + i)).await;
        }
        let claims = claim_with_four_workers(db, minutes(0)).await;
        assert_eq!(claims.len(), 20, "round {round}: every job was claimed");
        assert!(
            claims.values().all(|&n| n == 1),
            "round {round}: {claims:?}"
        );
        for key in &keys {
            let state = db.job_state(key).await.unwrap().unwrap();
            assert_eq!(state.attempts, 1, "{key}");
        }
    }
}

/// Four workers claim until the queue has nothing due; how often each job was claimed.
async fn claim_with_four_workers(db: &Db, now: Timestamp) -> HashMap<i64, usize> {
    let start = Arc::new(Barrier::new(4));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let db = db.clone();
        let start = start.clone();
        workers.spawn(async move {
            // Each worker holds its own connection before any starts, so all four
            // really claim at the same time.
            let connection = db.pool().acquire().await.unwrap();
            start.wait().await;
            drop(connection);
            // Bounded, so a queue that hands jobs out again fails instead of hanging.
            let mut ids = Vec::new();
            while ids.len() < 100 {
                match claim(&db, now).await {
                    Some(job) => ids.push(job.id),
                    None => break,
                }
            }
            ids
        });
    }
    let mut claims: HashMap<i64, usize> = HashMap::new();
    for ids in workers.join_all().await {
        for id in ids {
            *claims.entry(id).or_default() += 1;
        }
    }
    claims
}

async fn each_lane_claims_only_its_own_kinds(db: &Db) {
    let narrate = Work::NarratePost {
        post_id: PostId(1),
        force: false,
    };
    let import = Work::RunImport { import_id: 1 };
    enqueue_work(db, "narrate", narrate.clone(), minutes(-3)).await;
    enqueue_work(db, "import", import.clone(), minutes(-2)).await;
    enqueue(db, "quick", minutes(-1)).await;
    let now = minutes(0);
    for (lane, expected) in [
        (Lane::Quick, reset_mail("quick")),
        (Lane::Narration, narrate),
        (Lane::Import, import),
    ] {
        let job = db.claim_job(now, lane).await.unwrap().unwrap();
        assert_eq!(job.work().unwrap(), expected, "{lane:?}");
        assert_eq!(job.work().unwrap().lane(), lane);
        assert!(db.claim_job(now, lane).await.unwrap().is_none(), "{lane:?}");
    }
}

/// Stores a job as another version of Byline might have queued it.
async fn store_raw_job(db: &Db, kind: &str, key: &str, payload: &str) {
    sqlx::query("INSERT INTO jobs (kind, key, payload, run_at) VALUES ($1, $2, $3, $4)")
        .bind(kind)
        .bind(key)
        .bind(payload)
        .bind(minutes(-1).as_second())
        .execute(db.pool())
        .await
        .unwrap();
}

async fn a_kind_this_version_does_not_know_waits_for_a_node_that_knows_it(db: &Db) {
    // During a rolling upgrade a newer node may queue a kind this one cannot run:
    // failing it here would burn its retries, so no lane claims it.
    store_raw_job(db, "webhook.deliver", "future", r#"{"hook":1}"#).await;
    for lane in [Lane::Quick, Lane::Narration, Lane::Import] {
        assert!(
            db.claim_job(minutes(0), lane).await.unwrap().is_none(),
            "{lane:?}"
        );
    }
    let state = db.job_state("future").await.unwrap().unwrap();
    assert_eq!((state.attempts, state.done), (0, false));
}

async fn an_unreadable_payload_fails_its_job_and_not_the_queue(db: &Db) {
    store_raw_job(db, "publish_post", "broken", r#"{"post_id":"seven"}"#).await;
    enqueue(db, "fine", minutes(0)).await;
    let broken = claim(db, minutes(0)).await.unwrap();
    assert_eq!(broken.key, "broken");
    assert!(matches!(broken.work(), Err(StoreError::Corrupt(_))));
    let fine = claim(db, minutes(0)).await.unwrap();
    assert_eq!(fine.work().unwrap(), reset_mail("fine"));
}

fn scheduled(slug: &str, at: Timestamp, n: &crate::Newsroom) -> NewPost {
    NewPost {
        status: PostStatus::Scheduled,
        published_at: Some(at),
        title: format!("Scheduled {slug}"),
        body_markdown: "The embargo lifts at noon.".into(),
        ..article(slug, 0, vec![n.reporter], vec![n.city])
    }
}

async fn scheduling_a_post_enqueues_its_publish_job(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let mut draft = article("just-a-draft", 0, vec![n.reporter], vec![n.city]);
    draft.status = PostStatus::Draft;
    db.create_desk_post(draft, ana.id).await.unwrap();
    let at = minutes(90);
    let id = db
        .create_desk_post(scheduled("embargoed", at, &n), ana.id)
        .await
        .unwrap();

    let state = db
        .job_state(&publish_job_key(id, at))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.run_at, at);
    assert_eq!((state.attempts, state.done), (0, false));
    assert!(
        claim(db, minutes(89)).await.is_none(),
        "not before its time"
    );
    let job = claim(db, minutes(91)).await.unwrap();
    assert_eq!(job.key, publish_job_key(id, at));
    assert_eq!(job.work().unwrap(), Work::PublishPost { post_id: id, at });
    assert!(
        claim(db, minutes(91)).await.is_none(),
        "a draft makes no job"
    );
}

async fn only_the_scheduled_time_publishes_a_post(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let first = minutes(-2);
    let post = scheduled("embargoed", first, &n);
    let id = db.create_desk_post(post.clone(), ana.id).await.unwrap();

    let moved = minutes(-1);
    let rescheduled = NewPost {
        published_at: Some(moved),
        ..post.clone()
    };
    db.save_desk_post(id, rescheduled, 1, ana.id, SaveReason::Saved)
        .await
        .unwrap();
    assert!(
        db.job_state(&publish_job_key(id, moved))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        db.job_state(&publish_job_key(id, first))
            .await
            .unwrap()
            .is_some(),
        "the old job stays and finds nothing to do"
    );

    assert!(!db.publish_scheduled(id, first).await.unwrap());
    assert!(!db.publish_scheduled(id, minutes(-3)).await.unwrap());
    assert!(
        db.published_post(&crate::slug("embargoed"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(crate::found(db, "embargo").await.is_empty());

    let before = db.content_version().await.unwrap();
    assert!(db.publish_scheduled(id, moved).await.unwrap());
    let post = db
        .published_post(&crate::slug("embargoed"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(post.summary.status, PostStatus::Published);
    assert_eq!(post.summary.published_at, Some(moved));
    assert_eq!(crate::found(db, "embargo").await, ["embargoed"]);
    assert!(db.content_version().await.unwrap().version > before.version);
    assert!(
        !db.publish_scheduled(id, moved).await.unwrap(),
        "a job that runs twice publishes once"
    );
}

async fn unscheduling_a_post_stops_its_publication(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let at = minutes(-1);
    let post = scheduled("pulled", at, &n);
    let id = db.create_desk_post(post.clone(), ana.id).await.unwrap();
    let pulled = NewPost {
        status: PostStatus::Draft,
        ..post
    };
    db.save_desk_post(id, pulled, 1, ana.id, SaveReason::Saved)
        .await
        .unwrap();
    assert!(!db.publish_scheduled(id, at).await.unwrap());
    let desk = db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(desk.post.summary.status, PostStatus::Draft);
    assert!(
        db.published_post(&crate::slug("pulled"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(!db.publish_scheduled(PostId(424242), at).await.unwrap());
}
