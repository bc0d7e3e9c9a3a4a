//! Leaving and preferences pages: what a reader does with the links in every email.

use byline_core::newsletters::NewsletterDraft;
use byline_core::{NewsletterId, SubscriberId};
use byline_store::SubscriptionStatus::{self, Active, Left, Pending};
use byline_store::{ConfirmOutcome, Db, SignupOutcome, UnsubscribeOutcome};

use super::{at, draft, newsletter, pending, sign_up, status_on, subscribed};
use crate::conformance;

conformance!(
    leaving_twice_is_one_change,
    a_reader_who_left_must_confirm_again,
    preferences_join_open_newsletters_at_once_and_unticking_leaves,
    a_closed_newsletter_is_kept_but_not_joined_from_preferences,
    preferences_of_nobody_are_refused,
    a_one_click_request_sent_twice_at_once_leaves_once,
    saving_preferences_twice_at_once_settles_on_the_choice,
);

async fn leaving_twice_is_one_change(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let ana = subscribed(db, "ana@example.org", &[briefing, weekend], at(0)).await;

    assert_eq!(
        db.unsubscribe(ana, briefing, "one-click", at(100))
            .await
            .unwrap(),
        UnsubscribeOutcome::Left
    );
    assert_eq!(
        db.unsubscribe(ana, briefing, "one-click", at(200))
            .await
            .unwrap(),
        UnsubscribeOutcome::AlreadyLeft,
        "a replayed request"
    );
    let view = db.subscriptions(ana).await.unwrap();
    let left = view.iter().find(|s| s.newsletter_id == briefing).unwrap();
    assert_eq!((left.status, left.left_at), (Left, Some(at(100))));
    assert_eq!(status_on(db, ana, weekend).await, Some(Active));
    let detail = db.subscriber_detail(ana).await.unwrap().unwrap();
    let lefts: Vec<&str> = detail
        .events
        .iter()
        .filter(|e| e.kind == "left")
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(lefts, ["The Daily Briefing (one-click)"]);

    let bo = pending(db, "bo@example.org", &[briefing], at(0)).await;
    assert_eq!(
        db.unsubscribe(bo, weekend, "link", at(10)).await.unwrap(),
        UnsubscribeOutcome::Unknown,
        "not on that newsletter"
    );
    assert_eq!(
        db.unsubscribe(SubscriberId(424_242), briefing, "link", at(10))
            .await
            .unwrap(),
        UnsubscribeOutcome::Unknown
    );
    assert_eq!(
        db.unsubscribe(ana, NewsletterId(424_242), "link", at(10))
            .await
            .unwrap(),
        UnsubscribeOutcome::Unknown
    );
    // Leaving before ever confirming is allowed too.
    assert_eq!(
        db.unsubscribe(bo, briefing, "link", at(20)).await.unwrap(),
        UnsubscribeOutcome::Left
    );
    assert_eq!(status_on(db, bo, briefing).await, Some(Left));
}

async fn a_reader_who_left_must_confirm_again(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let ana = subscribed(db, "ana@example.org", &[briefing], at(0)).await;
    db.unsubscribe(ana, briefing, "link", at(100))
        .await
        .unwrap();

    assert_eq!(
        sign_up(db, "ana@example.org", &[briefing], "back", at(200)).await,
        SignupOutcome::Confirm {
            subscriber_id: ana,
            newsletter_ids: vec![briefing],
        }
    );
    assert_eq!(status_on(db, ana, briefing).await, Some(Pending));
    let ConfirmOutcome::Confirmed { newsletters, .. } =
        db.confirm_signup("back", at(300)).await.unwrap()
    else {
        panic!("the link should confirm");
    };
    assert_eq!(newsletters.len(), 1);
    let view = &db.subscriptions(ana).await.unwrap()[0];
    assert_eq!(view.status, Active);
    assert_eq!(view.confirmed_at, Some(at(300)));
    assert_eq!(view.left_at, None);
    assert_eq!(view.requested_at, at(200));
}

async fn preferences_join_open_newsletters_at_once_and_unticking_leaves(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let city = newsletter(db, "city", "City Hall Insider").await;
    let ana = subscribed(db, "ana@example.org", &[briefing], at(0)).await;

    let page = db.preferences(ana).await.unwrap().unwrap();
    assert_eq!(page.subscriber.email, "ana@example.org");
    let shown: Vec<(NewsletterId, Option<SubscriptionStatus>)> = page
        .newsletters
        .iter()
        .map(|(n, status)| (n.id, *status))
        .collect();
    assert_eq!(
        shown,
        [(briefing, Some(Active)), (weekend, None), (city, None)],
        "every newsletter, in order"
    );

    assert!(
        db.set_preferences(ana, &[briefing, weekend], at(100))
            .await
            .unwrap()
    );
    let view = db.subscriptions(ana).await.unwrap();
    let joined = view.iter().find(|s| s.newsletter_id == weekend).unwrap();
    assert_eq!(
        (joined.status, joined.confirmed_at),
        (Active, Some(at(100))),
        "the link proved the address: no second confirmation"
    );
    assert_eq!(
        view.iter()
            .find(|s| s.newsletter_id == briefing)
            .unwrap()
            .confirmed_at,
        Some(at(0)),
        "a kept newsletter is untouched"
    );

    assert!(db.set_preferences(ana, &[weekend], at(200)).await.unwrap());
    let view = db.subscriptions(ana).await.unwrap();
    let unticked = view.iter().find(|s| s.newsletter_id == briefing).unwrap();
    assert_eq!((unticked.status, unticked.left_at), (Left, Some(at(200))));
    assert_eq!(status_on(db, ana, weekend).await, Some(Active));
    assert_eq!(
        status_on(db, ana, city).await,
        None,
        "unticked and never on it"
    );

    // Ticking a newsletter one left brings them back at once.
    assert!(
        db.set_preferences(ana, &[briefing, weekend], at(300))
            .await
            .unwrap()
    );
    let view = db.subscriptions(ana).await.unwrap();
    let back = view.iter().find(|s| s.newsletter_id == briefing).unwrap();
    assert_eq!((back.status, back.left_at), (Active, None));

    // A pending signup is settled by the page as well.
    let bo = pending(db, "bo@example.org", &[briefing, city], at(0)).await;
    assert!(db.set_preferences(bo, &[briefing], at(400)).await.unwrap());
    assert_eq!(status_on(db, bo, briefing).await, Some(Active));
    assert_eq!(status_on(db, bo, city).await, Some(Left));

    let detail = db.subscriber_detail(ana).await.unwrap().unwrap();
    let kinds: Vec<&str> = detail.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds[..3], ["preferences", "preferences", "preferences"]);
    assert_eq!(detail.events[1].detail, "left The Daily Briefing");
    // Saving the page unchanged records nothing.
    assert!(
        db.set_preferences(ana, &[briefing, weekend], at(500))
            .await
            .unwrap()
    );
    let again = db.subscriber_detail(ana).await.unwrap().unwrap();
    assert_eq!(again.events.len(), detail.events.len());
}

async fn a_closed_newsletter_is_kept_but_not_joined_from_preferences(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let archive = newsletter(db, "archive", "The Archive Letter").await;
    let ana = subscribed(db, "ana@example.org", &[briefing, archive], at(0)).await;
    let bo = subscribed(db, "bo@example.org", &[briefing], at(0)).await;
    let closed = NewsletterDraft {
        signup_open: false,
        ..draft("archive", "The Archive Letter")
    };
    db.update_newsletter(archive, &closed, at(50))
        .await
        .unwrap();

    assert!(
        db.set_preferences(bo, &[briefing, archive], at(100))
            .await
            .unwrap()
    );
    assert_eq!(
        status_on(db, bo, archive).await,
        None,
        "a closed newsletter takes nobody new"
    );
    assert_eq!(status_on(db, bo, briefing).await, Some(Active));

    assert!(
        db.set_preferences(ana, &[briefing, archive], at(100))
            .await
            .unwrap()
    );
    assert_eq!(
        status_on(db, ana, archive).await,
        Some(Active),
        "its readers keep it"
    );
    assert!(db.set_preferences(ana, &[briefing], at(200)).await.unwrap());
    assert_eq!(
        status_on(db, ana, archive).await,
        Some(Left),
        "and may leave it"
    );
    assert_eq!(
        db.newsletter_counts()
            .await
            .unwrap()
            .get(&archive)
            .map(|c| (c.active, c.left)),
        Some((0, 1))
    );
}

async fn preferences_of_nobody_are_refused(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    assert!(
        db.preferences(SubscriberId(424_242))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        !db.set_preferences(SubscriberId(424_242), &[briefing], at(0))
            .await
            .unwrap()
    );
    assert_eq!(db.newsletter_counts().await.unwrap().get(&briefing), None);
    let ana = subscribed(db, "ana@example.org", &[briefing], at(0)).await;
    db.delete_subscriber(ana).await.unwrap();
    assert!(db.preferences(ana).await.unwrap().is_none());
    assert!(!db.set_preferences(ana, &[briefing], at(10)).await.unwrap());
    assert!(db.subscriptions(ana).await.unwrap().is_empty());
}

async fn a_one_click_request_sent_twice_at_once_leaves_once(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    // Mail providers replay one-click requests; ten pairs make a race likely.
    for n in 0..10 {
        let id = subscribed(db, &format!("leaver{n}@example.org"), &[briefing], at(0)).await;
        let (a, b) = tokio::join!(
            db.unsubscribe(id, briefing, "one-click", at(10)),
            db.unsubscribe(id, briefing, "one-click", at(10)),
        );
        let mut outcomes = [a.unwrap(), b.unwrap()];
        outcomes.sort_by_key(|o| *o == UnsubscribeOutcome::AlreadyLeft);
        assert_eq!(
            outcomes,
            [UnsubscribeOutcome::Left, UnsubscribeOutcome::AlreadyLeft],
            "leaver {n}"
        );
        assert_eq!(status_on(db, id, briefing).await, Some(Left));
        let detail = db.subscriber_detail(id).await.unwrap().unwrap();
        let lefts = detail.events.iter().filter(|e| e.kind == "left").count();
        assert_eq!(lefts, 1, "leaver {n}: one change, one line in the history");
    }
}

async fn saving_preferences_twice_at_once_settles_on_the_choice(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    for n in 0..10 {
        let id = subscribed(db, &format!("saver{n}@example.org"), &[briefing], at(0)).await;
        let wanted = [weekend];
        let (a, b) = tokio::join!(
            db.set_preferences(id, &wanted, at(10)),
            db.set_preferences(id, &wanted, at(10)),
        );
        assert!(a.unwrap() && b.unwrap(), "saver {n}");
        assert_eq!(status_on(db, id, briefing).await, Some(Left), "saver {n}");
        assert_eq!(status_on(db, id, weekend).await, Some(Active), "saver {n}");
    }
}
