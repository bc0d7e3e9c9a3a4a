//! The desk's posts and editions: a post is created in the edition the desk chose,
//! in one step (an edition that does not exist saves nothing), and the desk's list
//! shows one edition or all of them, with each row's edition, alongside its status
//! and starter filters and its paging.

use byline_core::editions::MAIN_EDITION;
use byline_core::{PostStatus, Role};
use byline_store::testing::ukrainian_edition;
use byline_store::{DeskFilter, Entity, PostQuery, StoreError};

use super::*;

crate::conformance!(
    a_desk_post_is_created_in_the_chosen_edition,
    a_desk_post_for_an_edition_that_does_not_exist_saves_nothing,
    the_desk_lists_one_edition_or_every_edition,
);

fn draft(slug: &str, n: &Newsroom) -> NewPost {
    NewPost {
        status: PostStatus::Draft,
        published_at: None,
        ..article(slug, 0, vec![n.reporter], vec![n.city])
    }
}

async fn a_desk_post_is_created_in_the_chosen_edition(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian_edition("uk")).await.unwrap();
    let ana = staff(db, "ana@example.org", "Ana", Role::Editor).await;

    let published = article("mist-vidkryly", 1, vec![n.reporter], vec![n.city]);
    let id = db.create_desk_post_in(published, uk, ana.id).await.unwrap();
    assert_eq!(db.edition_of(id).await.unwrap(), uk);
    let desk = db.desk_post(id).await.unwrap().unwrap();
    assert_eq!((desk.revision, desk.created_by), (1, Some(ana.id)));
    assert_eq!(db.revisions(id).await.unwrap().len(), 1);

    // The Ukrainian edition's lists hold it from the first save; the main one's never.
    let listed = |edition| async move {
        let query = PostQuery {
            edition,
            ..Default::default()
        };
        let page = db.list_published(&query, 10, 0).await.unwrap();
        page.items.iter().map(|post| post.id).collect::<Vec<_>>()
    };
    assert_eq!(listed(uk).await, [id]);
    assert!(listed(MAIN_EDITION).await.is_empty());

    // The main edition is still where a post goes unless the desk says otherwise.
    let main = db
        .create_desk_post(draft("main-draft", &n), ana.id)
        .await
        .unwrap();
    assert_eq!(db.edition_of(main).await.unwrap(), MAIN_EDITION);
    let also_main = db
        .create_desk_post_in(draft("main-too", &n), MAIN_EDITION, ana.id)
        .await
        .unwrap();
    assert_eq!(db.edition_of(also_main).await.unwrap(), MAIN_EDITION);
}

async fn a_desk_post_for_an_edition_that_does_not_exist_saves_nothing(db: &Db) {
    let n = newsroom(db).await;
    let ana = staff(db, "ana@example.org", "Ana", Role::Editor).await;
    let nowhere = byline_core::EditionId(999);
    let refused = db
        .create_desk_post_in(draft("lost-story", &n), nowhere, ana.id)
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::NotFound {
                entity: Entity::Edition,
                ..
            })
        ),
        "{refused:?}"
    );
    let all = db.desk_posts(DeskFilter::default(), 10, 0).await.unwrap();
    assert_eq!(all.total, 0, "nothing half-saved");
    // Its slug was never taken.
    db.create_desk_post(draft("lost-story", &n), ana.id)
        .await
        .unwrap();
}

async fn the_desk_lists_one_edition_or_every_edition(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian_edition("uk")).await.unwrap();
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let bo = staff(db, "bo@example.org", "Bo", Role::Editor).await;
    // Created oldest first: the list shows the last edited first.
    db.create_desk_post(draft("main-ana", &n), ana.id)
        .await
        .unwrap();
    db.create_desk_post_in(draft("uk-ana", &n), uk, ana.id)
        .await
        .unwrap();
    db.create_desk_post_in(
        article("uk-published", 2, vec![n.reporter], vec![]),
        uk,
        bo.id,
    )
    .await
    .unwrap();
    db.create_desk_post(draft("main-bo", &n), bo.id)
        .await
        .unwrap();
    db.create_desk_post_in(draft("uk-bo", &n), uk, bo.id)
        .await
        .unwrap();

    let list = |status: Option<PostStatus>,
                created_by: Option<i64>,
                edition: Option<byline_core::EditionId>,
                limit: i64,
                offset: i64| {
        db.desk_posts(
            DeskFilter {
                status,
                created_by,
                edition,
            },
            limit,
            offset,
        )
    };
    let slugs = |rows: &[byline_store::DeskRow]| -> Vec<String> {
        rows.iter().map(|r| r.summary.slug.to_string()).collect()
    };

    let all = list(None, None, None, 10, 0).await.unwrap();
    assert_eq!(all.total, 5);
    assert_eq!(
        all.items
            .iter()
            .map(|r| (r.summary.slug.to_string(), r.edition))
            .collect::<Vec<_>>(),
        [
            ("uk-bo".to_owned(), uk),
            ("main-bo".to_owned(), MAIN_EDITION),
            ("uk-published".to_owned(), uk),
            ("uk-ana".to_owned(), uk),
            ("main-ana".to_owned(), MAIN_EDITION),
        ]
    );

    let main = list(None, None, Some(MAIN_EDITION), 10, 0).await.unwrap();
    assert_eq!(
        (main.total, slugs(&main.items)),
        (2, vec!["main-bo".into(), "main-ana".into()])
    );
    let ukrainian = list(None, None, Some(uk), 10, 0).await.unwrap();
    assert_eq!(
        (ukrainian.total, slugs(&ukrainian.items)),
        (
            3,
            vec!["uk-bo".into(), "uk-published".into(), "uk-ana".into()]
        )
    );
    assert!(ukrainian.items.iter().all(|r| r.edition == uk));

    // With the status and starter filters, and paged.
    let uk_drafts = list(Some(PostStatus::Draft), None, Some(uk), 10, 0)
        .await
        .unwrap();
    assert_eq!(
        (uk_drafts.total, slugs(&uk_drafts.items)),
        (2, vec!["uk-bo".into(), "uk-ana".into()])
    );
    let anas_uk = list(None, Some(ana.id), Some(uk), 10, 0).await.unwrap();
    assert_eq!(
        (anas_uk.total, slugs(&anas_uk.items)),
        (1, vec!["uk-ana".into()])
    );
    let bos_published = list(Some(PostStatus::Published), Some(bo.id), Some(uk), 10, 0)
        .await
        .unwrap();
    assert_eq!(slugs(&bos_published.items), ["uk-published"]);
    let none = list(Some(PostStatus::Published), None, Some(MAIN_EDITION), 10, 0)
        .await
        .unwrap();
    assert_eq!((none.total, none.items.len()), (0, 0));
    let second_page = list(None, None, Some(uk), 2, 2).await.unwrap();
    assert_eq!(
        (second_page.total, slugs(&second_page.items)),
        (3, vec!["uk-ana".into()])
    );

    // An edition with no posts lists nothing; moving a post moves its row.
    let german = db
        .add_edition(&byline_store::NewEdition {
            prefix: byline_core::editions::EditionPrefix::parse("de").unwrap(),
            language: byline_core::LanguageTag::parse("de").unwrap(),
            title: "Abendbote".into(),
            description: "Eine unabhängige Redaktion".into(),
            timezone: "Europe/Berlin".into(),
            date_order: byline_core::editions::DateOrder::DayMonthYear,
        })
        .await
        .unwrap();
    assert_eq!(
        list(None, None, Some(german), 10, 0).await.unwrap().total,
        0
    );
    let moved = all.items[1].summary.id;
    db.move_post_to_edition(moved, german).await.unwrap();
    let german_rows = list(None, None, Some(german), 10, 0).await.unwrap();
    assert_eq!(slugs(&german_rows.items), ["main-bo"]);
    assert_eq!(german_rows.items[0].edition, german);
    assert_eq!(
        list(None, None, Some(MAIN_EDITION), 10, 0)
            .await
            .unwrap()
            .total,
        1
    );
}
