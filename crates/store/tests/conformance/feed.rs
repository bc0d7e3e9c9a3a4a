//! The News Feed: editing, pinning and deleting items, the numbered event log live
//! pages follow, and the article search behind the composer's link field.

use byline_core::{FeedItem, PostStatus, Slug};
use byline_store::{Db, FeedEventKind, FeedItemEdit, NewFeedItem, StoreError};
use jiff::Timestamp;

use crate::{article, conformance, hours_ago, newsroom, whole_seconds};

conformance!(
    every_change_is_one_numbered_event_in_order,
    an_edit_keeps_or_moves_the_updated_mark,
    one_item_is_pinned_at_a_time_and_listed_first,
    missing_items_are_reported_not_invented,
    concurrent_writers_number_events_without_gaps,
    pinning_while_others_write_neither_fails_nor_leaves_two_pinned,
    the_composer_finds_published_articles_only,
    deep_pages_match_the_straightforward_query_through_every_change,
);

fn new_item(headline: &str, minutes_ago: i64) -> NewFeedItem {
    NewFeedItem {
        headline: headline.into(),
        text: format!("Two lines about {headline}."),
        post_slug: None,
        published_at: whole_seconds(
            Timestamp::now() - jiff::SignedDuration::from_mins(minutes_ago),
        ),
        updated_at: None,
        created_by: None,
        edition: byline_core::editions::MAIN_EDITION,
    }
}

fn edit_of(item: &FeedItem, headline: &str, updated_at: Option<Timestamp>) -> FeedItemEdit {
    FeedItemEdit {
        headline: headline.into(),
        text: item.text.clone(),
        post_slug: item.post_slug.clone(),
        updated_at,
    }
}

async fn every_change_is_one_numbered_event_in_order(db: &Db) {
    assert_eq!(db.feed_event_seq().await.unwrap(), 0);
    let version = db.content_version().await.unwrap().version;
    let item = db
        .create_feed_item(&new_item("Bridge reopens", 3))
        .await
        .unwrap();
    db.update_feed_item(item.id, &edit_of(&item, "Bridge reopens at noon", None))
        .await
        .unwrap();
    db.delete_feed_item(item.id).await.unwrap();
    assert_eq!(db.feed_event_seq().await.unwrap(), 3);
    assert!(db.content_version().await.unwrap().version >= version + 3);

    let events = db.feed_events_after(0, 100).await.unwrap();
    let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    let kinds: Vec<FeedEventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            FeedEventKind::Published,
            FeedEventKind::Edited,
            FeedEventKind::Deleted
        ]
    );
    // Each event keeps the item as it was then: a replay shows what readers saw.
    assert_eq!(events[0].item.as_ref().unwrap(), &item);
    assert_eq!(
        events[1].item.as_ref().unwrap().headline,
        "Bridge reopens at noon"
    );
    assert!(events.iter().all(|e| e.item_id == item.id));
    assert!(events[2].item.is_none());
    assert_eq!(db.feed_events_after(1, 1).await.unwrap()[0].seq, 2);
    assert!(db.feed_events_after(3, 10).await.unwrap().is_empty());

    let snapshot = db
        .feed_snapshot(byline_core::editions::MAIN_EDITION, 10, 0)
        .await
        .unwrap();
    assert_eq!(snapshot.seq, 3);
    assert!(snapshot.page.items.is_empty());
}

async fn an_edit_keeps_or_moves_the_updated_mark(db: &Db) {
    let item = db
        .create_feed_item(&new_item("Ferry delayed", 10))
        .await
        .unwrap();
    let fixed = db
        .update_feed_item(item.id, &edit_of(&item, "Ferry delayed by fog", None))
        .await
        .unwrap();
    assert_eq!(fixed.updated_at, None, "a typo fix is not an update");
    assert_eq!(fixed.published_at, item.published_at);
    let marked_at = whole_seconds(Timestamp::now());
    let updated = db
        .update_feed_item(
            item.id,
            &edit_of(&fixed, "Ferry cancelled", Some(marked_at)),
        )
        .await
        .unwrap();
    assert_eq!(updated.updated_at, Some(marked_at));
    let again = db
        .update_feed_item(item.id, &edit_of(&updated, "Ferry cancelled today", None))
        .await
        .unwrap();
    assert_eq!(again.updated_at, Some(marked_at), "the mark stays");
    assert_eq!(db.feed_item(item.id).await.unwrap().unwrap(), again);
}

async fn one_item_is_pinned_at_a_time_and_listed_first(db: &Db) {
    let old = db.create_feed_item(&new_item("Old", 60)).await.unwrap();
    let mid = db.create_feed_item(&new_item("Mid", 30)).await.unwrap();
    let new = db.create_feed_item(&new_item("New", 1)).await.unwrap();
    let order = async |db: &Db| -> Vec<String> {
        db.feed_items(10, 0)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.headline)
            .collect()
    };
    assert_eq!(order(db).await, ["New", "Mid", "Old"]);
    let seq = db.feed_event_seq().await.unwrap();
    assert!(db.set_feed_item_pinned(old.id, true).await.unwrap().pinned);
    assert_eq!(order(db).await, ["Old", "New", "Mid"]);
    db.set_feed_item_pinned(mid.id, true).await.unwrap();
    assert_eq!(order(db).await, ["Mid", "New", "Old"]);
    let pinned: Vec<bool> = db
        .feed_items(10, 0)
        .await
        .unwrap()
        .items
        .iter()
        .map(|i| i.pinned)
        .collect();
    assert_eq!(pinned, [true, false, false]);
    // Pinning `mid` unpinned `old` first: both changes are events, in that order.
    let events = db.feed_events_after(seq, 10).await.unwrap();
    let changes: Vec<(i64, bool)> = events
        .iter()
        .map(|e| (e.item_id, e.item.as_ref().unwrap().pinned))
        .collect();
    assert_eq!(changes, [(old.id, true), (old.id, false), (mid.id, true)]);
    // Pinning the pinned item again changes nothing and says nothing.
    db.set_feed_item_pinned(mid.id, true).await.unwrap();
    assert_eq!(db.feed_event_seq().await.unwrap(), seq + 3);
    db.set_feed_item_pinned(mid.id, false).await.unwrap();
    assert_eq!(order(db).await, ["New", "Mid", "Old"]);
    // Offsets page through the same order.
    assert_eq!(db.feed_items(1, 2).await.unwrap().items[0].id, old.id);
    // An item can be published pinned in one step, unpinning the pinned one.
    db.set_feed_item_pinned(new.id, true).await.unwrap();
    let top = db
        .publish_feed_item(&new_item("Top", 90), true)
        .await
        .unwrap();
    assert!(top.pinned);
    assert_eq!(order(db).await, ["Top", "New", "Mid", "Old"]);
    assert!(!db.feed_item(new.id).await.unwrap().unwrap().pinned);
}

async fn missing_items_are_reported_not_invented(db: &Db) {
    let item = db.create_feed_item(&new_item("Here", 1)).await.unwrap();
    let seq = db.feed_event_seq().await.unwrap();
    let missing = item.id + 1000;
    assert!(matches!(
        db.update_feed_item(missing, &edit_of(&item, "x", None))
            .await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        db.delete_feed_item(missing).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        db.set_feed_item_pinned(missing, true).await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(db.feed_item(missing).await.unwrap(), None);
    assert_eq!(
        db.feed_event_seq().await.unwrap(),
        seq,
        "no event for a failure"
    );
}

async fn concurrent_writers_number_events_without_gaps(db: &Db) {
    let writers = (0..8).map(|n| {
        let db = db.clone();
        tokio::spawn(async move {
            for k in 0..5 {
                db.create_feed_item(&new_item(&format!("Writer {n} item {k}"), 0))
                    .await
                    .unwrap();
            }
        })
    });
    for writer in writers.collect::<Vec<_>>() {
        writer.await.unwrap();
    }
    let events = db.feed_events_after(0, 1000).await.unwrap();
    let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=40).collect::<Vec<_>>());
    let mut ids: Vec<i64> = events.iter().map(|e| e.item_id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 40);
}

/// Pinning reads the item before it writes. On SQLite a transaction that reads first
/// and then finds another writer's commit in between cannot take the write lock and
/// fails ("database is locked") unless it took the lock up front.
async fn pinning_while_others_write_neither_fails_nor_leaves_two_pinned(db: &Db) {
    let mut items = Vec::new();
    for n in 0..4 {
        items.push(
            db.create_feed_item(&new_item(&format!("Item {n}"), n))
                .await
                .unwrap(),
        );
    }
    let pinners = items.iter().map(|item| {
        let (db, id) = (db.clone(), item.id);
        tokio::spawn(async move {
            for k in 0..10 {
                db.set_feed_item_pinned(id, k % 2 == 0).await.unwrap();
            }
        })
    });
    let writers = (0..4).map(|n| {
        let db = db.clone();
        tokio::spawn(async move {
            for k in 0..10 {
                db.create_feed_item(&new_item(&format!("Writer {n} item {k}"), 0))
                    .await
                    .unwrap();
            }
        })
    });
    let all: Vec<_> = pinners.chain(writers).collect();
    for task in all {
        task.await.expect("every pin and every write succeeds");
    }
    let listed = db.feed_items(100, 0).await.unwrap().items;
    assert_eq!(listed.len(), 44);
    assert!(listed.iter().filter(|i| i.pinned).count() <= 1);
    // Each pinner's last call unpinned its item.
    assert!(listed.iter().all(|i| !i.pinned));
}

async fn the_composer_finds_published_articles_only(db: &Db) {
    let n = newsroom(db).await;
    let mut published = article("council-votes-on-budget", 2, vec![n.reporter], vec![]);
    published.title = "Council votes on the 100% budget".into();
    db.create_post(published).await.unwrap();
    let mut draft = article("council-draft", 1, vec![n.reporter], vec![]);
    draft.title = "Council draft plan".into();
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    db.create_post(draft).await.unwrap();
    let mut older = article("council-older", 30, vec![n.reporter], vec![]);
    older.title = "Council meets".into();
    older.published_at = Some(hours_ago(30));
    db.create_post(older).await.unwrap();

    let found = db.linkable_articles("COUNCIL", 10).await.unwrap();
    let slugs: Vec<&str> = found.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["council-votes-on-budget", "council-older"]);
    assert_eq!(db.linkable_articles("council", 1).await.unwrap().len(), 1);
    // LIKE's wildcards are words here, not patterns.
    let percent = db.linkable_articles("100%", 10).await.unwrap();
    assert_eq!(percent.len(), 1);
    assert!(db.linkable_articles("_", 10).await.unwrap().is_empty());

    let slug = Slug::parse("council-votes-on-budget").unwrap();
    for reference in [
        "council-votes-on-budget",
        "/council-votes-on-budget/",
        "https://ledger.example/council-votes-on-budget/?utm=x",
        "council votes on the 100% BUDGET",
    ] {
        let found = db.find_linkable_article(reference).await.unwrap();
        assert_eq!(found.map(|a| a.slug), Some(slug.clone()), "{reference}");
    }
    for reference in ["council-draft", "Council draft plan", "no-such-story", ""] {
        assert_eq!(
            db.find_linkable_article(reference).await.unwrap(),
            None,
            "{reference}"
        );
    }
}

/// Every page of the feed, as `feed_items` reads it from the kept day counts.
async fn all_pages(db: &Db, per_page: i64) -> (Vec<i64>, i64) {
    let first = db.feed_items(per_page, 0).await.unwrap();
    let mut ids: Vec<i64> = first.items.iter().map(|item| item.id).collect();
    let mut offset = per_page;
    while offset < first.total + per_page {
        let page = db.feed_items(per_page, offset).await.unwrap();
        assert_eq!(page.total, first.total, "the total at offset {offset}");
        ids.extend(page.items.iter().map(|item| item.id));
        offset += per_page;
    }
    (ids, first.total)
}

/// The same order read plainly: pinned first, then newest first.
async fn plainly(db: &Db) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM feed_items ORDER BY pinned DESC, published_at DESC, id DESC")
        .fetch_all(db.pool())
        .await
        .unwrap()
}

async fn deep_pages_match_the_straightforward_query_through_every_change(db: &Db) {
    // 300 items over about ten days, several to a minute and many to a day, so
    // that pages start and end inside days and inside runs of equal times.
    let mut ids = Vec::new();
    for n in 0..300_i64 {
        let minutes_ago = (n * 7919) % (10 * 24 * 60) / 3 * 3;
        let item = db
            .create_feed_item(&new_item(&format!("Item {n}"), minutes_ago))
            .await
            .unwrap();
        ids.push(item.id);
    }
    let check = async |when: &str| {
        let expected = plainly(db).await;
        for per_page in [7, 20] {
            let (paged, total) = all_pages(db, per_page).await;
            assert_eq!(total, expected.len() as i64, "{when}: total");
            assert_eq!(paged, expected, "{when}: pages of {per_page}");
        }
        let past = db.feed_items(20, expected.len() as i64 + 40).await.unwrap();
        assert!(past.items.is_empty(), "{when}: past the end");
    };
    check("created").await;
    db.set_feed_item_pinned(ids[150], true).await.unwrap();
    check("one pinned").await;
    db.set_feed_item_pinned(ids[40], true).await.unwrap();
    check("another pinned").await;
    for id in ids.iter().step_by(9) {
        db.delete_feed_item(*id).await.unwrap();
    }
    check("some deleted").await;
    db.set_feed_item_pinned(ids[40], false).await.unwrap();
    check("unpinned").await;
    let old = db
        .create_feed_item(&new_item("From last year", 365 * 24 * 60))
        .await
        .unwrap();
    check("an old one added").await;
    db.delete_feed_item(old.id).await.unwrap();
    check("and removed").await;
}
