//! Each edition's News Feed: its own items, its own pinned item and its own deep
//! pages from its own kept counts, while the events stay one numbered sequence for
//! the site with each event naming its edition (deletions too).

use byline_core::editions::MAIN_EDITION;
use byline_core::{EditionId, FeedItem};
use byline_store::{Db, FeedEventKind, NewFeedItem, StoreError};
use jiff::Timestamp;

use crate::{conformance, whole_seconds};

conformance!(
    each_edition_keeps_its_own_feed_and_pinned_item,
    events_name_their_edition_in_one_sequence,
    an_edition_s_deep_pages_match_the_straightforward_query,
    a_feed_item_for_an_edition_the_site_lacks_is_refused_whole,
);

fn item_in(edition: EditionId, headline: &str, minutes_ago: i64) -> NewFeedItem {
    NewFeedItem {
        headline: headline.into(),
        text: format!("Two lines about {headline}."),
        post_slug: None,
        published_at: whole_seconds(
            Timestamp::now() - jiff::SignedDuration::from_mins(minutes_ago),
        ),
        updated_at: None,
        created_by: None,
        edition,
    }
}

async fn ukrainian(db: &Db) -> EditionId {
    db.add_edition(&byline_store::testing::ukrainian_edition("uk"))
        .await
        .unwrap()
}

fn ids(items: &[FeedItem]) -> Vec<i64> {
    items.iter().map(|item| item.id).collect()
}

async fn each_edition_keeps_its_own_feed_and_pinned_item(db: &Db) {
    let uk = ukrainian(db).await;
    let english = db
        .create_feed_item(&item_in(MAIN_EDITION, "Bridge reopens", 5))
        .await
        .unwrap();
    let older = db
        .create_feed_item(&item_in(MAIN_EDITION, "Ferry resumes", 50))
        .await
        .unwrap();
    let ukrainian = db
        .create_feed_item(&item_in(uk, "Міст знову відкрито", 3))
        .await
        .unwrap();
    assert_eq!(ukrainian.edition, uk);
    assert_eq!(english.edition, MAIN_EDITION);

    let main = db.feed_items_in(MAIN_EDITION, 10, 0).await.unwrap();
    assert_eq!(ids(&main.items), [english.id, older.id]);
    assert_eq!(main.total, 2);
    let theirs = db.feed_items_in(uk, 10, 0).await.unwrap();
    assert_eq!(ids(&theirs.items), [ukrainian.id]);
    assert_eq!(theirs.total, 1);
    // The plain call reads the main edition's.
    assert_eq!(
        ids(&db.feed_items(10, 0).await.unwrap().items),
        ids(&main.items)
    );

    // Pinning in one edition leaves the other's pinned item alone.
    db.set_feed_item_pinned(older.id, true).await.unwrap();
    db.set_feed_item_pinned(ukrainian.id, true).await.unwrap();
    let main = db.feed_items_in(MAIN_EDITION, 10, 0).await.unwrap();
    assert_eq!(ids(&main.items), [older.id, english.id]);
    assert!(main.items[0].pinned);
    assert!(db.feed_items_in(uk, 10, 0).await.unwrap().items[0].pinned);
    // Publishing pinned unpins only its own edition's.
    let pinned_uk = db
        .publish_feed_item(&item_in(uk, "Пором не курсує", 1), true)
        .await
        .unwrap();
    let theirs = db.feed_items_in(uk, 10, 0).await.unwrap();
    assert_eq!(ids(&theirs.items), [pinned_uk.id, ukrainian.id]);
    assert!(!theirs.items[1].pinned);
    assert!(db.feed_item(older.id).await.unwrap().unwrap().pinned);

    // The snapshot of an edition lists its items with the site's newest event.
    let snapshot = db.feed_snapshot(uk, 10, 0).await.unwrap();
    assert_eq!(snapshot.seq, db.feed_event_seq().await.unwrap());
    assert_eq!(ids(&snapshot.page.items), ids(&theirs.items));
}

async fn events_name_their_edition_in_one_sequence(db: &Db) {
    let uk = ukrainian(db).await;
    let english = db
        .create_feed_item(&item_in(MAIN_EDITION, "Bridge reopens", 5))
        .await
        .unwrap();
    let ukrainian = db
        .create_feed_item(&item_in(uk, "Міст знову відкрито", 3))
        .await
        .unwrap();
    db.delete_feed_item(ukrainian.id).await.unwrap();
    db.delete_feed_item(english.id).await.unwrap();
    let events = db.feed_events_after(0, 10).await.unwrap();
    let seen: Vec<(i64, FeedEventKind, EditionId)> = events
        .iter()
        .map(|event| (event.seq, event.kind, event.edition))
        .collect();
    assert_eq!(
        seen,
        [
            (1, FeedEventKind::Published, MAIN_EDITION),
            (2, FeedEventKind::Published, uk),
            (3, FeedEventKind::Deleted, uk),
            (4, FeedEventKind::Deleted, MAIN_EDITION),
        ]
    );
    assert_eq!(events[1].item.as_ref().unwrap().edition, uk);
}

async fn an_edition_s_deep_pages_match_the_straightforward_query(db: &Db) {
    let uk = ukrainian(db).await;
    // Two feeds interleaved in time, many items to a day, so each edition's pages
    // start and end inside days the other edition also writes in.
    for n in 0..160_i64 {
        let edition = if n % 3 == 0 { uk } else { MAIN_EDITION };
        let minutes_ago = (n * 7919) % (6 * 24 * 60) / 5 * 5;
        db.create_feed_item(&item_in(edition, &format!("Item {n}"), minutes_ago))
            .await
            .unwrap();
    }
    let check = async |when: &str| {
        for edition in [MAIN_EDITION, uk] {
            let expected: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM feed_items WHERE edition_id = $1 \
                 ORDER BY pinned DESC, published_at DESC, id DESC",
            )
            .bind(edition.get())
            .fetch_all(db.pool())
            .await
            .unwrap();
            let mut paged = Vec::new();
            let mut offset = 0;
            loop {
                let page = db.feed_items_in(edition, 7, offset).await.unwrap();
                assert_eq!(
                    page.total,
                    expected.len() as i64,
                    "{when}: {edition:?} total"
                );
                if page.items.is_empty() {
                    break;
                }
                paged.extend(ids(&page.items));
                offset += 7;
            }
            assert_eq!(paged, expected, "{when}: {edition:?} pages");
        }
    };
    check("created").await;
    let uk_items = db.feed_items_in(uk, 100, 0).await.unwrap().items;
    db.set_feed_item_pinned(uk_items[20].id, true)
        .await
        .unwrap();
    db.delete_feed_item(uk_items[5].id).await.unwrap();
    let main_items = db.feed_items_in(MAIN_EDITION, 100, 0).await.unwrap().items;
    db.delete_feed_item(main_items[33].id).await.unwrap();
    check("pinned and deleted").await;
}

async fn a_feed_item_for_an_edition_the_site_lacks_is_refused_whole(db: &Db) {
    let seq = db.feed_event_seq().await.unwrap();
    let refused = db
        .create_feed_item(&item_in(EditionId(99), "Nowhere", 1))
        .await;
    assert!(
        matches!(refused, Err(StoreError::NotFound { .. })),
        "{refused:?}"
    );
    assert_eq!(db.feed_event_seq().await.unwrap(), seq);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feed_items")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(count, 0);
}
