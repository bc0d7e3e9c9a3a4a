//! Double opt-in: a signup asks for confirmation, the link confirms once and expires,
//! and a signup box cannot be used to flood someone's inbox.

use byline_core::NewsletterId;
use byline_store::{
    ConfirmOutcome, Db, NoticeLimit, SignupOutcome, SignupRequest, SubscriberSearch,
    SubscriptionStatus,
};

use super::{
    DAY, HOUR, PLENTY, at, email, fresh_token, newsletter, sign_up, sign_up_with, status_on,
    subscribed,
};
use crate::conformance;

conformance!(
    a_new_address_is_asked_to_confirm,
    signing_up_again_before_confirming_sends_a_new_link,
    following_the_link_confirms_the_newsletters_once,
    an_unknown_link_confirms_nothing,
    an_expired_link_leaves_the_signup_pending,
    a_confirmed_reader_signing_up_again_gets_a_reminder,
    only_the_newsletters_not_yet_confirmed_need_a_link,
    an_address_gets_at_most_the_limit_of_notices_per_window,
    capital_letters_make_no_second_subscriber,
    a_name_given_later_fills_an_empty_one,
    two_signups_for_one_new_address_at_once_make_one_subscriber,
    two_clicks_on_one_link_at_once_confirm_once,
);

async fn a_new_address_is_asked_to_confirm(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let outcome = sign_up(db, "ana@example.org", &[briefing, weekend], "t1", at(0)).await;
    let SignupOutcome::Confirm {
        subscriber_id,
        newsletter_ids,
    } = outcome
    else {
        panic!("{outcome:?}");
    };
    assert_eq!(newsletter_ids, [briefing, weekend]);
    assert_eq!(
        db.subscriber_id_by_email(&email("ana@example.org"))
            .await
            .unwrap(),
        Some(subscriber_id)
    );
    let subscriptions = db.subscriptions(subscriber_id).await.unwrap();
    assert_eq!(subscriptions.len(), 2);
    for s in &subscriptions {
        assert_eq!(s.status, SubscriptionStatus::Pending, "{s:?}");
        assert_eq!(s.requested_at, at(0));
        assert_eq!((s.confirmed_at, s.left_at), (None, None));
    }
    let detail = db.subscriber_detail(subscriber_id).await.unwrap().unwrap();
    assert_eq!(detail.subscriber.email, "ana@example.org");
    assert_eq!(detail.subscriber.source, "signup box on /test/");
    assert_eq!(detail.subscriber.created_at, at(0));
    assert_eq!(detail.events.len(), 1);
    assert_eq!(detail.events[0].kind, "signed-up");
    assert!(
        detail.events[0].detail.contains("The Daily Briefing"),
        "{:?}",
        detail.events[0]
    );
}

async fn signing_up_again_before_confirming_sends_a_new_link(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let first = sign_up(db, "ana@example.org", &[briefing], "first", at(0)).await;
    let second = sign_up(db, "ana@example.org", &[briefing], "second", at(600)).await;
    let (
        SignupOutcome::Confirm {
            subscriber_id: a, ..
        },
        SignupOutcome::Confirm {
            subscriber_id: b,
            newsletter_ids,
        },
    ) = (&first, &second)
    else {
        panic!("{first:?} then {second:?}");
    };
    assert_eq!(a, b, "one address, one subscriber");
    assert_eq!(newsletter_ids, &[briefing]);
    let subscriptions = db.subscriptions(*a).await.unwrap();
    assert_eq!(subscriptions.len(), 1);
    assert_eq!(subscriptions[0].status, SubscriptionStatus::Pending);
    assert_eq!(subscriptions[0].requested_at, at(600));

    let confirmed = db.confirm_signup("second", at(700)).await.unwrap();
    assert!(
        matches!(&confirmed, ConfirmOutcome::Confirmed { subscriber_id, .. } if subscriber_id == a),
        "the newer link works: {confirmed:?}"
    );
    assert_eq!(
        status_on(db, *a, briefing).await,
        Some(SubscriptionStatus::Active)
    );
}

async fn following_the_link_confirms_the_newsletters_once(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let other = newsletter(db, "other", "Not Asked For").await;
    sign_up(db, "ana@example.org", &[briefing, weekend], "link", at(0)).await;

    let outcome = db.confirm_signup("link", at(300)).await.unwrap();
    let ConfirmOutcome::Confirmed {
        subscriber_id,
        newsletters,
    } = outcome
    else {
        panic!("{outcome:?}");
    };
    let names: Vec<&str> = newsletters.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["The Daily Briefing", "A Weekend Read"]);
    for id in [briefing, weekend] {
        let view = db
            .subscriptions(subscriber_id)
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.newsletter_id == id)
            .unwrap();
        assert_eq!(view.status, SubscriptionStatus::Active);
        assert_eq!(view.confirmed_at, Some(at(300)));
    }
    assert_eq!(status_on(db, subscriber_id, other).await, None);

    let before = db.subscriber_detail(subscriber_id).await.unwrap().unwrap();
    let again = db.confirm_signup("link", at(400)).await.unwrap();
    assert_eq!(
        again,
        ConfirmOutcome::AlreadyUsed {
            subscriber_id,
            newsletters: newsletters.clone(),
        }
    );
    let after = db.subscriber_detail(subscriber_id).await.unwrap().unwrap();
    assert_eq!(
        after.events, before.events,
        "a second click records nothing"
    );
    assert_eq!(after.subscriptions, before.subscriptions);
    assert_eq!(after.subscriptions[0].confirmed_at, Some(at(300)));

    // Used links stay used even once the reader has left again.
    db.unsubscribe(subscriber_id, weekend, "link", at(500))
        .await
        .unwrap();
    assert_eq!(
        db.confirm_signup("link", at(600)).await.unwrap(),
        ConfirmOutcome::AlreadyUsed {
            subscriber_id,
            newsletters: newsletters[..1].to_vec(),
        },
        "names only what is still active"
    );
    assert_eq!(
        status_on(db, subscriber_id, weekend).await,
        Some(SubscriptionStatus::Left)
    );
}

async fn an_unknown_link_confirms_nothing(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let id = match sign_up(db, "ana@example.org", &[briefing], "real", at(0)).await {
        SignupOutcome::Confirm { subscriber_id, .. } => subscriber_id,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        db.confirm_signup("made-up", at(10)).await.unwrap(),
        ConfirmOutcome::Unknown
    );
    assert_eq!(
        db.confirm_signup("", at(10)).await.unwrap(),
        ConfirmOutcome::Unknown
    );
    assert_eq!(
        status_on(db, id, briefing).await,
        Some(SubscriptionStatus::Pending)
    );
}

async fn an_expired_link_leaves_the_signup_pending(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    // `sign_up` makes links that last a day.
    let id = match sign_up(db, "ana@example.org", &[briefing], "stale", at(0)).await {
        SignupOutcome::Confirm { subscriber_id, .. } => subscriber_id,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        db.confirm_signup("stale", at(DAY)).await.unwrap(),
        ConfirmOutcome::Expired,
        "a link is dead at its expiry time"
    );
    assert_eq!(
        db.confirm_signup("stale", at(2 * DAY)).await.unwrap(),
        ConfirmOutcome::Expired
    );
    assert_eq!(
        status_on(db, id, briefing).await,
        Some(SubscriptionStatus::Pending)
    );
    let detail = db.subscriber_detail(id).await.unwrap().unwrap();
    assert!(detail.events.iter().all(|e| e.kind != "confirmed"));

    // Signing up again sends a link that works.
    sign_up(db, "ana@example.org", &[briefing], "fresh", at(2 * DAY)).await;
    assert!(matches!(
        db.confirm_signup("fresh", at(2 * DAY + 60)).await.unwrap(),
        ConfirmOutcome::Confirmed { .. }
    ));
    assert_eq!(
        db.confirm_signup("stale", at(2 * DAY + 60)).await.unwrap(),
        ConfirmOutcome::Expired
    );
    assert_eq!(
        status_on(db, id, briefing).await,
        Some(SubscriptionStatus::Active)
    );
}

async fn a_confirmed_reader_signing_up_again_gets_a_reminder(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let id = subscribed(db, "ana@example.org", &[briefing], at(0)).await;
    let token = fresh_token();
    assert_eq!(
        sign_up(db, "ana@example.org", &[briefing], &token, at(100)).await,
        SignupOutcome::AlreadySubscribed { subscriber_id: id }
    );
    assert_eq!(
        db.confirm_signup(&token, at(110)).await.unwrap(),
        ConfirmOutcome::Unknown,
        "no link was made"
    );
    let subscriptions = db.subscriptions(id).await.unwrap();
    assert_eq!(subscriptions[0].status, SubscriptionStatus::Active);
    assert_eq!(
        subscriptions[0].requested_at,
        at(0),
        "the subscription is untouched"
    );
    let detail = db.subscriber_detail(id).await.unwrap().unwrap();
    assert_eq!(detail.events[0].kind, "signup-repeated");
}

async fn only_the_newsletters_not_yet_confirmed_need_a_link(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let id = subscribed(db, "ana@example.org", &[briefing], at(0)).await;
    assert_eq!(
        sign_up(db, "ana@example.org", &[briefing, weekend], "more", at(60)).await,
        SignupOutcome::Confirm {
            subscriber_id: id,
            newsletter_ids: vec![weekend],
        }
    );
    let ConfirmOutcome::Confirmed { newsletters, .. } =
        db.confirm_signup("more", at(120)).await.unwrap()
    else {
        panic!("the link should confirm");
    };
    let ids: Vec<NewsletterId> = newsletters.iter().map(|n| n.id).collect();
    assert_eq!(ids, [weekend]);
    let view = db.subscriptions(id).await.unwrap();
    let briefing_view = view.iter().find(|s| s.newsletter_id == briefing).unwrap();
    assert_eq!(
        briefing_view.confirmed_at,
        Some(at(0)),
        "the earlier confirmation stands"
    );
}

async fn an_address_gets_at_most_the_limit_of_notices_per_window(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let limit = NoticeLimit {
        max: 2,
        window_seconds: HOUR,
    };
    let address = "pestered@example.org";
    let first = sign_up_with(db, address, &[briefing], "n1", at(0), limit).await;
    let second = sign_up_with(db, address, &[briefing], "n2", at(60), limit).await;
    assert!(matches!(first, SignupOutcome::Confirm { .. }), "{first:?}");
    assert!(
        matches!(second, SignupOutcome::Confirm { .. }),
        "{second:?}"
    );
    let id = db
        .subscriber_id_by_email(&email(address))
        .await
        .unwrap()
        .unwrap();

    assert_eq!(
        sign_up_with(db, address, &[weekend], "n3", at(120), limit).await,
        SignupOutcome::RateLimited
    );
    assert_eq!(
        db.confirm_signup("n3", at(130)).await.unwrap(),
        ConfirmOutcome::Unknown,
        "a limited signup makes no link"
    );
    assert_eq!(status_on(db, id, weekend).await, None, "nor a subscription");
    assert_eq!(
        sign_up_with(db, address, &[weekend], "n4", at(HOUR - 1), limit).await,
        SignupOutcome::RateLimited,
        "the window lasts an hour from its first notice"
    );
    let detail = db.subscriber_detail(id).await.unwrap().unwrap();
    assert_eq!(detail.events[0].kind, "rate-limited");

    // Another address is not affected.
    assert!(matches!(
        sign_up_with(db, "other@example.org", &[briefing], "o1", at(130), limit).await,
        SignupOutcome::Confirm { .. }
    ));

    // Once the window has passed, the address may be written to again.
    assert_eq!(
        sign_up_with(db, address, &[weekend], "n5", at(HOUR), limit).await,
        SignupOutcome::Confirm {
            subscriber_id: id,
            newsletter_ids: vec![weekend],
        }
    );
    assert!(matches!(
        sign_up_with(db, address, &[weekend], "n6", at(HOUR + 60), limit).await,
        SignupOutcome::Confirm { .. }
    ));
    assert_eq!(
        sign_up_with(db, address, &[weekend], "n7", at(HOUR + 120), limit).await,
        SignupOutcome::RateLimited
    );
    // Reminders to confirmed readers count too: they are email all the same.
    assert!(matches!(
        db.confirm_signup("n6", at(HOUR + 130)).await.unwrap(),
        ConfirmOutcome::Confirmed { .. }
    ));
    assert_eq!(
        sign_up_with(db, address, &[weekend], "n8", at(2 * HOUR + 60), limit).await,
        SignupOutcome::AlreadySubscribed { subscriber_id: id }
    );
    sign_up_with(db, address, &[weekend], "n9", at(2 * HOUR + 70), limit).await;
    assert_eq!(
        sign_up_with(db, address, &[weekend], "n10", at(2 * HOUR + 80), limit).await,
        SignupOutcome::RateLimited
    );
}

async fn capital_letters_make_no_second_subscriber(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let lower = subscribed(db, "ana.silva@example.org", &[briefing], at(0)).await;
    let upper = match sign_up(db, "Ana.Silva@Example.ORG", &[weekend], "caps", at(60)).await {
        SignupOutcome::Confirm { subscriber_id, .. } => subscriber_id,
        other => panic!("{other:?}"),
    };
    assert_eq!(upper, lower);
    assert_eq!(
        sign_up(db, "ANA.SILVA@EXAMPLE.ORG", &[briefing], "caps2", at(120)).await,
        SignupOutcome::AlreadySubscribed {
            subscriber_id: lower
        }
    );
    let (everyone, total) = db
        .search_subscribers(&SubscriberSearch {
            limit: 50,
            ..SubscriberSearch::default()
        })
        .await
        .unwrap();
    assert_eq!(total, 1);
    assert_eq!(everyone[0].subscriber.email, "ana.silva@example.org");
    assert_eq!(everyone[0].subscriptions.len(), 2);
}

async fn a_name_given_later_fills_an_empty_one(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let id = match sign_up(db, "ana@example.org", &[briefing], "nameless", at(0)).await {
        SignupOutcome::Confirm { subscriber_id, .. } => subscriber_id,
        other => panic!("{other:?}"),
    };
    let address = email("ana@example.org");
    for (name, token) in [("Ana Silva", "named"), ("Somebody Else", "renamed")] {
        let request = SignupRequest {
            email: &address,
            name,
            newsletter_ids: &[weekend],
            source: "signup box on /about/",
            token_hash: token,
            expires_at: at(DAY),
            at: at(60),
        };
        db.sign_up(&request, PLENTY).await.unwrap();
    }
    let detail = db.subscriber_detail(id).await.unwrap().unwrap();
    assert_eq!(
        detail.subscriber.name, "Ana Silva",
        "a name fills a gap, never overwrites"
    );
    assert_eq!(
        detail.subscriber.source, "signup box on /test/",
        "where they first came from"
    );
}

async fn two_signups_for_one_new_address_at_once_make_one_subscriber(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    // One race may not overlap; ten addresses make a broken insert fail reliably.
    for n in 0..10 {
        let address = email(&format!("racer{n}@example.org"));
        let (first_token, second_token) = (format!("race-{n}-a"), format!("race-{n}-b"));
        let first = SignupRequest {
            email: &address,
            name: "",
            newsletter_ids: &[briefing, weekend],
            source: "signup box",
            token_hash: &first_token,
            expires_at: at(DAY),
            at: at(n),
        };
        let second = SignupRequest {
            newsletter_ids: &[briefing],
            token_hash: &second_token,
            ..first.clone()
        };
        let (a, b) = tokio::join!(db.sign_up(&first, PLENTY), db.sign_up(&second, PLENTY));
        let (a, b) = (a.unwrap(), b.unwrap());
        let (
            SignupOutcome::Confirm {
                subscriber_id: a_id,
                ..
            },
            SignupOutcome::Confirm {
                subscriber_id: b_id,
                ..
            },
        ) = (&a, &b)
        else {
            panic!("racer {n}: {a:?} and {b:?}");
        };
        assert_eq!(a_id, b_id, "racer {n}");
        let subscriptions = db.subscriptions(*a_id).await.unwrap();
        assert_eq!(subscriptions.len(), 2, "racer {n}: {subscriptions:?}");
        // Both links work.
        for token in [&first_token, &second_token] {
            assert!(matches!(
                db.confirm_signup(token, at(n + 1)).await.unwrap(),
                ConfirmOutcome::Confirmed { .. }
            ));
        }
    }
    let (_, total) = db
        .search_subscribers(&SubscriberSearch {
            limit: 50,
            ..SubscriberSearch::default()
        })
        .await
        .unwrap();
    assert_eq!(total, 10);
}

async fn two_clicks_on_one_link_at_once_confirm_once(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    for n in 0..10 {
        let address = format!("clicker{n}@example.org");
        let token = format!("double-click-{n}");
        let SignupOutcome::Confirm { subscriber_id, .. } =
            sign_up(db, &address, &[briefing], &token, at(n)).await
        else {
            panic!("{address} should have been asked to confirm");
        };
        let (a, b) = tokio::join!(
            db.confirm_signup(&token, at(n + 1)),
            db.confirm_signup(&token, at(n + 1)),
        );
        let outcomes = [a.unwrap(), b.unwrap()];
        let confirmed = outcomes
            .iter()
            .filter(|o| matches!(o, ConfirmOutcome::Confirmed { .. }))
            .count();
        let used = outcomes
            .iter()
            .filter(|o| matches!(o, ConfirmOutcome::AlreadyUsed { .. }))
            .count();
        assert_eq!((confirmed, used), (1, 1), "clicker {n}: {outcomes:?}");
        assert_eq!(
            status_on(db, subscriber_id, briefing).await,
            Some(SubscriptionStatus::Active)
        );
        let detail = db.subscriber_detail(subscriber_id).await.unwrap().unwrap();
        let confirmations = detail.events.iter().filter(|e| e.kind == "confirmed");
        assert_eq!(confirmations.count(), 1, "clicker {n}");
    }
}
