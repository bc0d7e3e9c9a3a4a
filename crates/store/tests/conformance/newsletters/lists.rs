//! The newsletters themselves, their subscriber counts, and the site secret that signs
//! unsubscribe and preferences links.

use byline_core::NewsletterId;
use byline_store::{Db, Entity, StoreError, SubscriberCounts};

use super::{at, draft, newsletter, pending, subscribed};
use crate::conformance;

conformance!(
    newsletters_are_listed_in_the_order_they_were_added,
    an_edit_changes_the_newsletter_but_not_its_place,
    a_taken_slug_is_refused_when_adding_or_renaming,
    editing_a_missing_newsletter_is_not_found,
    adding_or_editing_a_newsletter_moves_the_content_version,
    counts_show_each_newsletter_by_state,
    the_site_secret_is_made_once_and_kept,
    two_newsletters_added_at_once_are_both_kept,
);

async fn newsletters_are_listed_in_the_order_they_were_added(db: &Db) {
    assert!(db.newsletters().await.unwrap().is_empty());
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let city = newsletter(db, "city-hall", "City Hall Insider").await;

    let all = db.newsletters().await.unwrap();
    let ids: Vec<NewsletterId> = all.iter().map(|n| n.id).collect();
    assert_eq!(ids, [briefing, weekend, city], "by position, not by name");
    let positions: Vec<i64> = all.iter().map(|n| n.position).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

    let first = &all[0];
    assert_eq!(first.slug, "briefing");
    assert_eq!(first.name, "The Daily Briefing");
    assert_eq!(first.description, "What The Daily Briefing is about.");
    assert_eq!(first.cadence, "Six mornings a week");
    assert_eq!(first.sender(), "The Daily Briefing <briefing@example.org>");
    assert_eq!(first.reply_to, "");
    assert!(first.signup_open);
    assert_eq!(db.newsletter(briefing).await.unwrap().as_ref(), Some(first));
    assert_eq!(
        db.newsletter_by_slug("briefing").await.unwrap().as_ref(),
        Some(first)
    );
    assert!(
        db.newsletter(NewsletterId(424_242))
            .await
            .unwrap()
            .is_none()
    );
    assert!(db.newsletter_by_slug("nothing").await.unwrap().is_none());
}

async fn an_edit_changes_the_newsletter_but_not_its_place(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let before = db.newsletter(briefing).await.unwrap().unwrap();

    let edit = byline_core::newsletters::NewsletterDraft {
        slug: "  morning  ".into(),
        name: " The Morning ".into(),
        reply_to: "desk@example.org".into(),
        signup_open: false,
        ..draft("briefing", "The Morning")
    };
    db.update_newsletter(briefing, &edit, at(60)).await.unwrap();

    let after = db.newsletter(briefing).await.unwrap().unwrap();
    assert_eq!(after.slug, "morning", "what editors type is trimmed");
    assert_eq!(after.name, "The Morning");
    assert_eq!(after.reply_to, "desk@example.org");
    assert!(!after.signup_open);
    assert_eq!(after.position, before.position);
    assert!(db.newsletter_by_slug("briefing").await.unwrap().is_none());
    let ids: Vec<NewsletterId> = db
        .newsletters()
        .await
        .unwrap()
        .iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(ids, [briefing, weekend]);
}

async fn a_taken_slug_is_refused_when_adding_or_renaming(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;

    let again = db
        .create_newsletter(&draft("briefing", "Another Briefing"), at(10))
        .await;
    assert!(
        matches!(&again, Err(StoreError::SlugTaken(slug)) if slug == "briefing"),
        "{again:?}"
    );
    let renamed = db
        .update_newsletter(weekend, &draft("briefing", "A Weekend Read"), at(10))
        .await;
    assert!(
        matches!(&renamed, Err(StoreError::SlugTaken(slug)) if slug == "briefing"),
        "{renamed:?}"
    );

    assert_eq!(
        db.newsletters().await.unwrap().len(),
        2,
        "nothing was added"
    );
    let weekend_now = db.newsletter(weekend).await.unwrap().unwrap();
    assert_eq!(weekend_now.slug, "weekend", "nothing was changed");
    assert_eq!(
        db.newsletter(briefing).await.unwrap().unwrap().name,
        "The Daily Briefing"
    );
    // Keeping one's own slug is not taking it.
    db.update_newsletter(weekend, &draft("weekend", "The Weekend"), at(20))
        .await
        .unwrap();
}

async fn editing_a_missing_newsletter_is_not_found(db: &Db) {
    let result = db
        .update_newsletter(NewsletterId(424_242), &draft("ghost", "Ghost"), at(0))
        .await;
    assert!(
        matches!(
            &result,
            Err(StoreError::NotFound { entity: Entity::Newsletter, key }) if key == "424242"
        ),
        "{result:?}"
    );
    assert!(db.newsletters().await.unwrap().is_empty());
}

async fn adding_or_editing_a_newsletter_moves_the_content_version(db: &Db) {
    let start = db.content_version().await.unwrap().version;
    let briefing = db
        .create_newsletter(&draft("briefing", "The Daily Briefing"), at(100))
        .await
        .unwrap();
    let created = db.content_version().await.unwrap();
    assert!(created.version > start, "signup boxes are on cached pages");
    assert_eq!(created.changed_at, at(100));

    db.update_newsletter(briefing, &draft("briefing", "The Briefing"), at(200))
        .await
        .unwrap();
    let updated = db.content_version().await.unwrap();
    assert!(updated.version > created.version);
    assert_eq!(updated.changed_at, at(200));

    // A refused change changes nothing, the version included.
    let _ = db
        .create_newsletter(&draft("briefing", "Twice"), at(300))
        .await
        .unwrap_err();
    let _ = db
        .update_newsletter(NewsletterId(424_242), &draft("ghost", "Ghost"), at(300))
        .await
        .unwrap_err();
    assert_eq!(db.content_version().await.unwrap(), updated);
}

async fn counts_show_each_newsletter_by_state(db: &Db) {
    let briefing = newsletter(db, "briefing", "The Daily Briefing").await;
    let weekend = newsletter(db, "weekend", "A Weekend Read").await;
    let quiet = newsletter(db, "quiet", "Nobody Reads This").await;
    subscribed(db, "ana@example.org", &[briefing, weekend], at(0)).await;
    subscribed(db, "bo@example.org", &[briefing], at(0)).await;
    let cy = subscribed(db, "cy@example.org", &[briefing], at(0)).await;
    db.unsubscribe(cy, briefing, "link", at(10)).await.unwrap();
    pending(db, "di@example.org", &[briefing, weekend], at(20)).await;

    let counts = db.newsletter_counts().await.unwrap();
    assert_eq!(
        counts.get(&briefing),
        Some(&SubscriberCounts {
            pending: 1,
            active: 2,
            left: 1
        })
    );
    assert_eq!(
        counts.get(&weekend),
        Some(&SubscriberCounts {
            pending: 1,
            active: 1,
            left: 0
        })
    );
    assert_eq!(
        counts.get(&quiet).copied().unwrap_or_default(),
        SubscriberCounts::default()
    );
}

async fn the_site_secret_is_made_once_and_kept(db: &Db) {
    let first = db.site_secret("newsletter-links").await.unwrap();
    assert_eq!(first.len(), 32);
    assert_ne!(first, vec![0; 32], "random, not zeroes");
    assert_eq!(db.site_secret("newsletter-links").await.unwrap(), first);
    let other = db.site_secret("something-else").await.unwrap();
    assert_eq!(other.len(), 32);
    assert_ne!(other, first, "each name has its own secret");

    // Two nodes asking for a new secret at once agree on one.
    let (a, b) = tokio::join!(db.site_secret("raced"), db.site_secret("raced"));
    assert_eq!(a.unwrap(), b.unwrap());
}

async fn two_newsletters_added_at_once_are_both_kept(db: &Db) {
    for n in 0..10 {
        let (first, second) = (
            draft(&format!("first-{n}"), "First"),
            draft(&format!("second-{n}"), "Second"),
        );
        let (a, b) = tokio::join!(
            db.create_newsletter(&first, at(n)),
            db.create_newsletter(&second, at(n)),
        );
        assert_ne!(a.unwrap(), b.unwrap(), "round {n}");
    }
    assert_eq!(db.newsletters().await.unwrap().len(), 20);
}
