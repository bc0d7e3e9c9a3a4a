//! Hostile and oversized filters against the archive of `browse.rs`: values are
//! bound and match nothing, names outside the schema are refused, and filters past
//! the parser's limits are refused before they reach the database.

use byline_core::public_ids::Resource;
use byline_nql::Limits;
use byline_store::{Browse, Db, Order};

use crate::browse::{archive, articles, filtered, finds, finds_each, refused};

crate::conformance!(
    hostile_values_are_bound_and_hostile_names_refused,
    deep_and_long_filters_are_answered_or_refused,
);

async fn posts_in_all(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM posts")
        .fetch_one(db.pool())
        .await
        .unwrap()
}

async fn hostile_values_are_bound_and_hostile_names_refused(db: &Db) {
    let a = archive(db).await;
    let before = posts_in_all(db).await;
    finds_each(
        db,
        r#"
        slug:'x\' OR 1=1 --' =>
        slug:"; DROP TABLE posts; --" =>
        title:"\"; DROP TABLE posts; --" =>
        tag:'city\' OR \'1\'=\'1' =>
        tags.name:'Politics\'); DELETE FROM tags; --' =>
        author:'sam-reyes\' OR \'\'=\'' =>
        title:~'\\' =>
        title:~'\' OR \'%\'=\'' =>
        slug:[bridge,'\'; DROP TABLE tags; --'] => bridge
        "#,
    )
    .await;

    // Refused while parsing: never compiled, never sent.
    for text in [
        "slug:'x'' OR 1=1 --'",
        "slug) OR (1=1:x",
        "slug:x) OR (1=1",
        "id;DROP TABLE posts:1",
        "slug:x; DROP TABLE posts",
        "slug:'never closed",
        "(tag:city",
        "featured:>true",
    ] {
        assert!(byline_nql::parse(text).is_err(), "{text}");
    }
    // Read, then refused by the schema or by the property's kind.
    let tag_id = Resource::Tag.id(a.n.city);
    for text in [
        "posts.id:1",
        "p.slug:bridge",
        "_rowid_:1",
        "password:x",
        "count.posts:>1",
        "featured:yes",
        "published_at:>yesterday",
        r"published_at:>'2024-01-01\'; DROP TABLE posts; --'",
        "published_at:~2024",
        "reading_time:>five",
        "id:123",
        &format!("id:{tag_id}"),
        "slug:[bridge,null]",
    ] {
        refused(db, &filtered(text)).await;
    }
    for property in [
        "title; DROP TABLE posts; --",
        "p.title",
        "count.posts",
        "",
        "TITLE",
    ] {
        let browse = Browse {
            order: vec![Order {
                property: property.into(),
                descending: false,
            }],
            limit: 10,
            ..Browse::default()
        };
        let message = refused(db, &browse).await;
        assert!(message.contains("published_at"), "{message}");
    }
    assert_eq!(posts_in_all(db).await, before);
    assert_eq!(articles(db, &filtered("slug:-nothing")).await.1, 6);
}

async fn deep_and_long_filters_are_answered_or_refused(db: &Db) {
    archive(db).await;
    let limits = Limits::default();
    let city = "fresh bridge budget toll";

    let depth = limits.depth;
    let nested = |depth| format!("{}tag:city{}", "(".repeat(depth), ")".repeat(depth));
    finds(db, &nested(15), city).await;
    finds(db, &nested(depth), city).await;
    assert!(byline_nql::parse(&nested(depth + 1)).is_err());
    assert!(byline_nql::parse(&nested(200)).is_err());
    // Groups in groups, each adding a test that changes nothing in this archive.
    let mut groups = "tag:city".to_owned();
    for level in 0..depth {
        groups = if level % 2 == 0 {
            format!("(slug:-x{level}+{groups})")
        } else {
            format!("(slug:x{level},{groups})")
        };
    }
    finds(db, &groups, city).await;
    assert!(byline_nql::parse(&format!("({groups})")).is_err());

    let comparisons = |count: usize| {
        let mut parts: Vec<String> = (1..count).map(|k| format!("slug:-x{k}")).collect();
        parts.push("tag:city".into());
        parts.join("+")
    };
    finds(db, &comparisons(limits.comparisons), city).await;
    assert!(byline_nql::parse(&comparisons(limits.comparisons + 1)).is_err());
    assert!(byline_nql::parse(&comparisons(200)).is_err());

    let listed = |count: usize| {
        let others: String = (1..count).map(|k| format!(",x{k}")).collect();
        format!("slug:[bridge{others}]")
    };
    finds(db, &listed(limits.values), "bridge").await;
    assert!(byline_nql::parse(&listed(limits.values + 1)).is_err());

    // A value as long as the whole filter may be, then one byte more.
    let long = |bytes: usize| format!("title:~'{}'", "a".repeat(bytes - "title:~''".len()));
    finds(db, &long(limits.length), "").await;
    assert!(byline_nql::parse(&long(limits.length + 1)).is_err());
    assert!(byline_nql::parse(&long(20 * 1024)).is_err());
}
