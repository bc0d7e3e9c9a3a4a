//! What an edition offers beyond its pages: sitemaps with every published
//! translation named as an alternate, and its own newsletters.

use byline_core::editions::MAIN_EDITION;
use byline_core::{EditionId, PostStatus};
use byline_store::StoreError;

use super::editions::{german, ukrainian};
use super::*;

crate::conformance!(
    sitemaps_list_each_edition_with_its_published_translations,
    each_edition_offers_its_own_newsletters,
);

async fn sitemaps_list_each_edition_with_its_published_translations(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    let de = db.add_edition(&german()).await.unwrap();
    let make = |slug: &str, hours: i64| article(slug, hours, vec![n.reporter], vec![n.city]);
    let original = db.create_post(make("bridge-reopens", 3)).await.unwrap();
    let lonely = db.create_post(make("ferry-schedule", 1)).await.unwrap();
    let old = db.create_post(make("flood-of-2011", 72)).await.unwrap();
    let in_uk = db.create_post(make("mist-vidkryly", 2)).await.unwrap();
    let own_uk = db.create_post(make("novyny-podolu", 4)).await.unwrap();
    let mut draft = make("bruecke-offen", 0);
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    let in_de = db.create_post(draft).await.unwrap();
    let mut page = make("pro-nas", 5);
    page.kind = PostKind::Page;
    let uk_page = db.create_post(page).await.unwrap();
    for post in [in_uk, own_uk, uk_page] {
        db.move_post_to_edition(post, uk).await.unwrap();
    }
    db.move_post_to_edition(in_de, de).await.unwrap();
    db.link_translation(original, in_uk).await.unwrap();
    db.link_translation(original, in_de).await.unwrap();

    // Each edition's sitemap holds its own published posts and pages.
    let count = async |edition: EditionId, kind: PostKind| {
        db.count_published_in(edition, kind).await.unwrap()
    };
    assert_eq!(count(MAIN_EDITION, PostKind::Post).await, 3);
    assert_eq!(count(uk, PostKind::Post).await, 2);
    assert_eq!(count(de, PostKind::Post).await, 0, "a draft is not counted");
    assert_eq!(count(uk, PostKind::Page).await, 1);
    assert_eq!(count(MAIN_EDITION, PostKind::Page).await, 0);
    let listed = async |edition: EditionId, kind: PostKind| -> Vec<(Option<PostId>, String)> {
        db.sitemap_posts_in(edition, kind, 10, 0)
            .await
            .unwrap()
            .into_iter()
            .map(|entry| (entry.post, entry.slug))
            .collect()
    };
    let main_posts = listed(MAIN_EDITION, PostKind::Post).await;
    assert_eq!(
        main_posts,
        vec![
            (Some(lonely), "ferry-schedule".to_owned()),
            (Some(original), "bridge-reopens".to_owned()),
            (Some(old), "flood-of-2011".to_owned()),
        ]
    );
    let main_slugs: Vec<String> = db
        .sitemap_posts(PostKind::Post, 10, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.slug)
        .collect();
    assert_eq!(
        main_slugs,
        ["ferry-schedule", "bridge-reopens", "flood-of-2011"]
    );
    assert_eq!(
        listed(uk, PostKind::Post).await,
        vec![
            (Some(in_uk), "mist-vidkryly".to_owned()),
            (Some(own_uk), "novyny-podolu".to_owned()),
        ]
    );
    assert_eq!(
        listed(uk, PostKind::Page).await,
        vec![(Some(uk_page), "pro-nas".to_owned())]
    );
    assert!(listed(de, PostKind::Post).await.is_empty());

    // Alternates: every published member of the group, itself included, for each
    // post asked about; the German draft is no alternate yet.
    let alternates = async |posts: &[PostId]| -> Vec<(PostId, PostId, EditionId, String)> {
        db.sitemap_alternates(posts)
            .await
            .unwrap()
            .into_iter()
            .map(|(asked, member)| {
                assert_eq!(member.status, PostStatus::Published);
                (asked, member.post, member.edition, member.slug)
            })
            .collect()
    };
    let group = |asked: PostId| {
        vec![
            (asked, original, MAIN_EDITION, "bridge-reopens".to_owned()),
            (asked, in_uk, uk, "mist-vidkryly".to_owned()),
        ]
    };
    let mut seen = alternates(&[lonely, original, old]).await;
    seen.sort_by_key(|(asked, ..)| *asked);
    assert_eq!(seen, group(original), "only a grouped post has alternates");
    let mut both = alternates(&[in_uk, own_uk, original]).await;
    both.sort_by_key(|(asked, ..)| *asked);
    let mut expected = [group(original), group(in_uk)].concat();
    expected.sort_by_key(|(asked, ..)| *asked);
    assert_eq!(both, expected, "every member names the same group");
    assert!(alternates(&[]).await.is_empty());

    restatus(db, in_de, PostStatus::Published, Some(hours_ago(1))).await;
    let with_german: Vec<PostId> = alternates(&[in_uk])
        .await
        .into_iter()
        .map(|(_, member, ..)| member)
        .collect();
    assert_eq!(
        with_german,
        vec![original, in_uk, in_de],
        "in edition order"
    );
    assert_eq!(count(de, PostKind::Post).await, 1);

    // The news sitemap: the last two days of every edition, or of one.
    let news = async |edition: Option<EditionId>| -> Vec<(EditionId, String)> {
        db.news_articles(edition, hours_ago(48), 100)
            .await
            .unwrap()
            .into_iter()
            .map(|(edition, post)| (edition, post.slug.to_string()))
            .collect()
    };
    assert_eq!(
        news(None).await,
        vec![
            (de, "bruecke-offen".to_owned()),
            (MAIN_EDITION, "ferry-schedule".to_owned()),
            (uk, "mist-vidkryly".to_owned()),
            (MAIN_EDITION, "bridge-reopens".to_owned()),
            (uk, "novyny-podolu".to_owned()),
        ],
        "newest first, no pages, nothing older than two days"
    );
    assert_eq!(
        news(Some(uk)).await,
        vec![
            (uk, "mist-vidkryly".to_owned()),
            (uk, "novyny-podolu".to_owned()),
        ]
    );
    let with_people = db
        .news_articles(Some(MAIN_EDITION), hours_ago(48), 1)
        .await
        .unwrap();
    assert_eq!(with_people.len(), 1, "the limit holds");
    assert_eq!(with_people[0].1.authors[0].id, n.reporter);
}

/// Newsletters start in the main edition; one moved to another edition is what that
/// edition offers, and an edition that holds one cannot be deleted.
async fn each_edition_offers_its_own_newsletters(db: &Db) {
    use crate::newsletters::newsletter;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    let daily = newsletter(db, "daily", "The Daily").await;
    let vechir = newsletter(db, "vechir", "Вечірній лист").await;
    db.move_newsletter_to_edition(vechir, uk).await.unwrap();
    let names = async |edition| -> Vec<String> {
        db.edition_newsletters(edition)
            .await
            .unwrap()
            .into_iter()
            .map(|n| n.name)
            .collect()
    };
    assert_eq!(names(MAIN_EDITION).await, vec!["The Daily"]);
    assert_eq!(names(uk).await, vec!["Вечірній лист"]);
    let read = |id| async move { db.newsletter(id).await.unwrap().unwrap().edition_id };
    assert_eq!(
        (read(daily).await, read(vechir).await),
        (MAIN_EDITION, uk),
        "each newsletter is read with its edition"
    );
    assert!(matches!(
        db.delete_edition(uk).await,
        Err(StoreError::NotEditable(_))
    ));
    assert!(matches!(
        db.move_newsletter_to_edition(daily, EditionId(999)).await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(
        names(MAIN_EDITION).await,
        vec!["The Daily"],
        "nothing moved"
    );
}
