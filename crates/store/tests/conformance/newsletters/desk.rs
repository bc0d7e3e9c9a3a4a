//! The desk's subscriber tools: the purge of unconfirmed signups, search, a
//! subscriber's history, deletion on request, import and export.

use byline_core::{NewsletterId, SubscriberId};
use byline_store::SubscriptionStatus::{self, Active, Left, Pending};
use byline_store::{
    ConfirmOutcome, Db, ExportRow, ImportReport, ImportRow, SignupOutcome, SubscriberSearch,
    SubscriberSummary,
};

use super::{DAY, at, email, newsletter, pending, sent_issue, sign_up, status_on, subscribed};
use crate::conformance;

conformance!(
    purging_removes_only_what_nobody_confirmed,
    the_desk_search_matches_addresses_and_names_literally,
    the_desk_search_filters_by_newsletter_and_state_and_pages,
    a_subscribers_history_is_newest_first_with_deliveries,
    deleting_a_subscriber_forgets_everything,
    an_import_respects_consent_and_people_who_left,
    an_import_running_beside_signups_keeps_both,
);

fn search(text: &str) -> SubscriberSearch {
    SubscriberSearch {
        text: text.into(),
        limit: 50,
        ..SubscriberSearch::default()
    }
}

async fn emails_found(db: &Db, search: &SubscriberSearch) -> Vec<String> {
    let (found, total) = db.search_subscribers(search).await.unwrap();
    let emails: Vec<String> = found.into_iter().map(|s| s.subscriber.email).collect();
    if search.offset == 0 && (emails.len() as i64) < search.limit {
        assert_eq!(total, emails.len() as i64, "{emails:?}");
    }
    emails
}

async fn purging_removes_only_what_nobody_confirmed(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    // Links made by `sign_up` expire a day after the signup.
    let forgot = pending(db, "forgot@example.org", &[briefing], at(0)).await;
    let kept = subscribed(db, "kept@example.org", &[briefing], at(0)).await;
    let left = subscribed(db, "left@example.org", &[briefing], at(0)).await;
    db.unsubscribe(left, briefing, "link", at(DAY))
        .await
        .unwrap();
    let half = subscribed(db, "half@example.org", &[briefing], at(0)).await;
    pending(db, "half@example.org", &[weekend], at(0)).await;
    let recent = match sign_up(db, "recent@example.org", &[briefing], "recent", at(4 * DAY)).await {
        SignupOutcome::Confirm { subscriber_id, .. } => subscriber_id,
        other => panic!("{other:?}"),
    };
    let fresh = match sign_up(
        db,
        "fresh@example.org",
        &[briefing],
        "fresh",
        at(7 * DAY - 60),
    )
    .await
    {
        SignupOutcome::Confirm { subscriber_id, .. } => subscriber_id,
        other => panic!("{other:?}"),
    };

    let removed = db
        .purge_unconfirmed(at(7 * DAY), at(2 * DAY))
        .await
        .unwrap();
    assert_eq!(removed, 1, "only the address left with nothing");
    assert!(db.subscriber_detail(forgot).await.unwrap().is_none());
    assert_eq!(
        db.subscriber_id_by_email(&email("forgot@example.org"))
            .await
            .unwrap(),
        None
    );
    assert_eq!(status_on(db, kept, briefing).await, Some(Active));
    assert_eq!(
        status_on(db, left, briefing).await,
        Some(Left),
        "leaving is remembered, so an import cannot re-add them"
    );
    assert_eq!(status_on(db, half, briefing).await, Some(Active));
    assert_eq!(
        status_on(db, half, weekend).await,
        None,
        "the old pending half went"
    );
    assert_eq!(
        status_on(db, recent, briefing).await,
        Some(Pending),
        "too recent to purge"
    );
    assert_eq!(
        db.confirm_signup("recent", at(7 * DAY)).await.unwrap(),
        ConfirmOutcome::Unknown,
        "its expired link is gone"
    );
    assert!(
        matches!(
            db.confirm_signup("fresh", at(7 * DAY)).await.unwrap(),
            ConfirmOutcome::Confirmed { subscriber_id, .. } if subscriber_id == fresh
        ),
        "a live link survives"
    );
    assert_eq!(
        db.purge_unconfirmed(at(7 * DAY), at(2 * DAY))
            .await
            .unwrap(),
        0,
        "a second purge finds nothing"
    );
}

async fn the_desk_search_matches_addresses_and_names_literally(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let people = [
        ("ana.silva@example.org", "Ana Silva"),
        ("percent@example.org", "100% Reader"),
        ("under_score@example.org", ""),
        ("underxscore@example.org", ""),
        ("bob@example.net", "Bob"),
        ("olena@example.org", "Олена Коваль"),
    ];
    let rows: Vec<ImportRow> = people
        .iter()
        .map(|(address, name)| ImportRow {
            email: email(address),
            name: (*name).into(),
            newsletter_ids: vec![briefing],
            consent: true,
        })
        .collect();
    // One at a time, so each is newer than the one before.
    for (n, row) in (0..).zip(&rows) {
        db.import_subscribers(std::slice::from_ref(row), "import", at(n))
            .await
            .unwrap();
    }

    assert_eq!(
        emails_found(db, &search("")).await,
        [
            "olena@example.org",
            "bob@example.net",
            "underxscore@example.org",
            "under_score@example.org",
            "percent@example.org",
            "ana.silva@example.org",
        ],
        "everyone, newest first"
    );
    assert_eq!(
        emails_found(db, &search("silva")).await,
        ["ana.silva@example.org"]
    );
    assert_eq!(
        emails_found(db, &search("  ANA S ")).await,
        ["ana.silva@example.org"],
        "names match without regard to case"
    );
    assert_eq!(
        emails_found(db, &search("EXAMPLE.NET")).await,
        ["bob@example.net"]
    );
    assert_eq!(
        emails_found(db, &search("Олена")).await,
        ["olena@example.org"],
        "a name as it was typed"
    );
    assert_eq!(
        emails_found(db, &search("%")).await,
        ["percent@example.org"],
        "% is a character, not a wildcard"
    );
    assert_eq!(
        emails_found(db, &search("100%")).await,
        ["percent@example.org"]
    );
    assert_eq!(
        emails_found(db, &search("_")).await,
        ["under_score@example.org"],
        "_ is a character, not a wildcard"
    );
    assert_eq!(
        emails_found(db, &search("under_s")).await,
        ["under_score@example.org"]
    );
    assert_eq!(
        emails_found(db, &search("\\")).await,
        Vec::<String>::new(),
        "a backslash is a character too"
    );
    assert!(emails_found(db, &search("nobody")).await.is_empty());
}

async fn the_desk_search_filters_by_newsletter_and_state_and_pages(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let a = subscribed(db, "a@example.org", &[briefing], at(0)).await;
    pending(db, "b@example.org", &[briefing], at(10)).await;
    subscribed(db, "c@example.org", &[weekend], at(20)).await;
    let d = subscribed(db, "d@example.org", &[briefing, weekend], at(30)).await;
    db.unsubscribe(d, weekend, "link", at(40)).await.unwrap();
    pending(db, "e@example.org", &[weekend], at(50)).await;
    db.unsubscribe(a, briefing, "link", at(60)).await.unwrap();

    let filtered =
        |newsletter: Option<NewsletterId>, status: Option<SubscriptionStatus>| SubscriberSearch {
            newsletter_id: newsletter,
            status,
            limit: 50,
            ..SubscriberSearch::default()
        };
    assert_eq!(
        emails_found(db, &filtered(Some(briefing), None)).await,
        ["d@example.org", "b@example.org", "a@example.org"]
    );
    assert_eq!(
        emails_found(db, &filtered(None, Some(Pending))).await,
        ["e@example.org", "b@example.org"]
    );
    assert_eq!(
        emails_found(db, &filtered(Some(weekend), Some(Left))).await,
        ["d@example.org"],
        "newsletter and state of the same subscription"
    );
    assert_eq!(
        emails_found(db, &filtered(Some(weekend), Some(Active))).await,
        ["c@example.org"]
    );
    assert_eq!(
        emails_found(db, &filtered(Some(briefing), Some(Left))).await,
        ["a@example.org"]
    );
    let with_text = SubscriberSearch {
        text: "d@".into(),
        ..filtered(Some(briefing), Some(Active))
    };
    assert_eq!(emails_found(db, &with_text).await, ["d@example.org"]);

    let page = |offset: i64| SubscriberSearch {
        limit: 2,
        offset,
        ..SubscriberSearch::default()
    };
    let (first, total) = db.search_subscribers(&page(0)).await.unwrap();
    assert_eq!(total, 5);
    let emails = |found: Vec<SubscriberSummary>| -> Vec<String> {
        found.into_iter().map(|s| s.subscriber.email).collect()
    };
    assert_eq!(emails(first), ["e@example.org", "d@example.org"]);
    let (second, total) = db.search_subscribers(&page(2)).await.unwrap();
    assert_eq!(total, 5, "the total ignores the page");
    assert_eq!(emails(second), ["c@example.org", "b@example.org"]);
    let (last, _) = db.search_subscribers(&page(4)).await.unwrap();
    assert_eq!(emails(last), ["a@example.org"]);
    let (beyond, total) = db.search_subscribers(&page(10)).await.unwrap();
    assert!(beyond.is_empty());
    assert_eq!(total, 5);

    let (found, _) = db.search_subscribers(&filtered(None, None)).await.unwrap();
    let d_row = found.iter().find(|s| s.subscriber.id == d).unwrap();
    let statuses: Vec<(NewsletterId, SubscriptionStatus)> = d_row
        .subscriptions
        .iter()
        .map(|s| (s.newsletter_id, s.status))
        .collect();
    assert_eq!(statuses, [(briefing, Active), (weekend, Left)]);
}

async fn a_subscribers_history_is_newest_first_with_deliveries(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let ana = pending(db, "ana@example.org", &[briefing], at(0)).await;
    let detail = db.subscriber_detail(ana).await.unwrap().unwrap();
    assert!(detail.deliveries.is_empty());
    // Find the link `pending` made: sign up again with a known one.
    sign_up(db, "ana@example.org", &[briefing], "known", at(5)).await;
    db.confirm_signup("known", at(10)).await.unwrap();

    let (issue, _) = sent_issue(db, briefing, "Monday's briefing", at(20)).await;
    let claimed = db.claim_deliveries(at(30), 60, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    db.mark_delivered(&[claimed[0].id], at(31)).await.unwrap();
    sent_issue(db, briefing, "Tuesday's briefing", at(40)).await;
    db.unsubscribe(ana, briefing, "one-click", at(100))
        .await
        .unwrap();

    let detail = db.subscriber_detail(ana).await.unwrap().unwrap();
    let events: Vec<(&str, i64)> = detail
        .events
        .iter()
        .map(|e| (e.kind.as_str(), e.at.as_second() - at(0).as_second()))
        .collect();
    assert_eq!(
        events,
        [
            ("left", 100),
            ("confirmed", 10),
            ("signed-up", 5),
            ("signed-up", 0)
        ]
    );
    let deliveries: Vec<_> = detail
        .deliveries
        .iter()
        .map(|d| {
            (
                d.subject.as_str(),
                d.status.as_str(),
                d.attempts,
                d.last_error.clone(),
                d.sent_at,
            )
        })
        .collect();
    assert_eq!(
        deliveries,
        [
            ("Tuesday's briefing", "queued", 0, None, None),
            ("Monday's briefing", "sent", 1, None, Some(at(31))),
        ]
    );
    assert_eq!(detail.subscriptions[0].status, Left);
    assert_eq!(db.delivery_progress(issue).await.unwrap().sent, 1);
    assert!(
        db.subscriber_detail(SubscriberId(424_242))
            .await
            .unwrap()
            .is_none()
    );
}

async fn deleting_a_subscriber_forgets_everything(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let ana = subscribed(db, "ana@example.org", &[briefing], at(0)).await;
    let bo = subscribed(db, "bo@example.org", &[briefing], at(0)).await;
    sign_up(db, "ana@example.org", &[weekend], "unused", at(5)).await;
    let (issue, recipients) = sent_issue(db, briefing, "Monday", at(10)).await;
    assert_eq!(recipients, 2);

    assert!(db.delete_subscriber(ana).await.unwrap());
    assert!(db.subscriber_detail(ana).await.unwrap().is_none());
    assert!(db.subscriptions(ana).await.unwrap().is_empty());
    assert_eq!(
        db.subscriber_id_by_email(&email("ana@example.org"))
            .await
            .unwrap(),
        None
    );
    let export = db.export_subscribers().await.unwrap();
    assert!(export.iter().all(|row| row.email != "ana@example.org"));
    assert_eq!(export.len(), 1);
    assert_eq!(
        db.confirm_signup("unused", at(20)).await.unwrap(),
        ConfirmOutcome::Unknown,
        "their links are gone"
    );
    let progress = db.delivery_progress(issue).await.unwrap();
    assert_eq!(progress.total, 1, "their outbox row is gone");
    let claimed = db.claim_deliveries(at(20), 60, 10).await.unwrap();
    let to: Vec<&str> = claimed.iter().map(|d| d.email.as_str()).collect();
    assert_eq!(to, ["bo@example.org"]);
    assert_eq!(claimed[0].subscriber_id, bo);
    assert_eq!(emails_found(db, &search("")).await, ["bo@example.org"]);

    assert!(
        !db.delete_subscriber(ana).await.unwrap(),
        "nobody left to delete"
    );
    assert!(!db.delete_subscriber(SubscriberId(424_242)).await.unwrap());
    // The address may sign up afresh: a new person as far as the store knows.
    let again = pending(db, "ana@example.org", &[briefing], at(30)).await;
    assert_ne!(again, ana);
}

async fn an_import_respects_consent_and_people_who_left(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let kept = subscribed(db, "kept@example.org", &[briefing], at(0)).await;
    let gone = subscribed(db, "gone@example.org", &[briefing], at(0)).await;
    db.unsubscribe(gone, briefing, "link", at(10))
        .await
        .unwrap();
    let waiting = pending(db, "waiting@example.org", &[briefing], at(0)).await;

    let row = |address: &str, name: &str, ids: &[NewsletterId], consent: bool| ImportRow {
        email: email(address),
        name: name.into(),
        newsletter_ids: ids.to_vec(),
        consent,
    };
    let rows = [
        row(
            "Yes@Example.org",
            " Yes Person ",
            &[briefing, weekend],
            true,
        ),
        row("no@example.org", "", &[briefing], false),
        row("kept@example.org", "Kept", &[briefing], true),
        row("gone@example.org", "", &[briefing, weekend], true),
        row("waiting@example.org", "", &[briefing], false),
    ];
    let report = db
        .import_subscribers(&rows, "old-list.csv", at(100))
        .await
        .unwrap();
    assert_eq!(
        report,
        ImportReport {
            confirmed: 3,
            pending: 1,
            unchanged: 2,
            left_kept: 1,
        }
    );

    let yes = db
        .subscriber_id_by_email(&email("yes@example.org"))
        .await
        .unwrap()
        .unwrap();
    let no = db
        .subscriber_id_by_email(&email("no@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status_on(db, yes, briefing).await, Some(Active));
    assert_eq!(status_on(db, yes, weekend).await, Some(Active));
    assert_eq!(status_on(db, no, briefing).await, Some(Pending));
    assert_eq!(status_on(db, kept, briefing).await, Some(Active));
    assert_eq!(
        status_on(db, gone, briefing).await,
        Some(Left),
        "an import never brings back someone who left"
    );
    assert_eq!(
        status_on(db, gone, weekend).await,
        Some(Active),
        "but may add a newsletter they never left"
    );
    assert_eq!(status_on(db, waiting, briefing).await, Some(Pending));

    let export = db.export_subscribers().await.unwrap();
    let by = |address: &str, slug: &str| -> ExportRow {
        export
            .iter()
            .find(|r| r.email == address && r.newsletter == slug)
            .unwrap_or_else(|| panic!("{address} on {slug}: {export:?}"))
            .clone()
    };
    assert_eq!(export.len(), 7);
    assert_eq!(
        by("yes@example.org", "weekend"),
        ExportRow {
            email: "yes@example.org".into(),
            name: "Yes Person".into(),
            newsletter: "weekend".into(),
            status: Active,
            requested_at: at(100),
            confirmed_at: Some(at(100)),
            left_at: None,
            source: "old-list.csv".into(),
        }
    );
    let no_row = by("no@example.org", "briefing");
    assert_eq!((no_row.status, no_row.confirmed_at), (Pending, None));
    let kept_row = by("kept@example.org", "briefing");
    assert_eq!(kept_row.confirmed_at, Some(at(0)), "unchanged");
    assert_eq!(kept_row.source, "signup box on /test/");
    assert_eq!(kept_row.name, "Kept", "an empty name is filled in");
    let gone_row = by("gone@example.org", "briefing");
    assert_eq!((gone_row.status, gone_row.left_at), (Left, Some(at(10))));
    // In subscriber order, each subscriber's newsletters in their order.
    let order: Vec<(&str, &str)> = export
        .iter()
        .map(|r| (r.email.as_str(), r.newsletter.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("kept@example.org", "briefing"),
            ("gone@example.org", "briefing"),
            ("gone@example.org", "weekend"),
            ("waiting@example.org", "briefing"),
            ("yes@example.org", "briefing"),
            ("yes@example.org", "weekend"),
            ("no@example.org", "briefing"),
        ]
    );

    // Importing the same file again changes nothing.
    let again = db
        .import_subscribers(&rows, "old-list.csv", at(200))
        .await
        .unwrap();
    assert_eq!(
        again,
        ImportReport {
            confirmed: 0,
            pending: 0,
            unchanged: 6,
            left_kept: 1,
        }
    );
    assert_eq!(db.export_subscribers().await.unwrap(), export);
}

async fn an_import_running_beside_signups_keeps_both(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    for n in 0..10 {
        let rows: Vec<ImportRow> = (0..5)
            .map(|k| ImportRow {
                email: email(&format!("imported{n}-{k}@example.org")),
                name: String::new(),
                newsletter_ids: vec![briefing],
                consent: true,
            })
            .collect();
        let address = format!("walk-in{n}@example.org");
        let token = format!("walk-in-{n}");
        let ids = [briefing];
        let (report, signup) = tokio::join!(
            db.import_subscribers(&rows, "list.csv", at(n)),
            sign_up(db, &address, &ids, &token, at(n)),
        );
        assert_eq!(report.unwrap().confirmed, 5, "round {n}");
        assert!(matches!(signup, SignupOutcome::Confirm { .. }), "round {n}");
    }
    let counts = db.newsletter_counts().await.unwrap()[&briefing];
    assert_eq!((counts.active, counts.pending), (50, 10));
}
