//! Editions: the main one carries the site's settings; others are added, saved and
//! deleted only when empty; each edition's kept lists hold its own articles through
//! moves, re-tagging and unpublishing; translation groups link one article per
//! edition and come apart cleanly.

use byline_core::editions::{DateOrder, EditionPrefix, MAIN_EDITION};
use byline_core::{EditionId, LanguageTag, PostStatus};
use byline_store::{NewEdition, PostQuery, StoreError};

use super::*;

crate::conformance!(
    the_main_edition_carries_the_site_settings,
    editions_are_added_and_deleted_only_when_empty,
    each_edition_lists_only_its_own_articles,
    translations_are_one_article_per_edition,
    a_translation_starts_as_a_linked_draft_in_the_other_edition,
);

pub fn ukrainian() -> NewEdition {
    NewEdition {
        prefix: EditionPrefix::parse("uk").unwrap(),
        language: LanguageTag::parse("uk").unwrap(),
        title: "Вечірній вісник".into(),
        description: "Незалежна редакція".into(),
        timezone: "Europe/Kyiv".into(),
        date_order: DateOrder::DayMonthYear,
    }
}

pub fn german() -> NewEdition {
    NewEdition {
        prefix: EditionPrefix::parse("de").unwrap(),
        language: LanguageTag::parse("de").unwrap(),
        title: "Abendbote".into(),
        description: "Eine unabhängige Redaktion".into(),
        timezone: "Europe/Berlin".into(),
        date_order: DateOrder::DayMonthYear,
    }
}

async fn the_main_edition_carries_the_site_settings(db: &Db) {
    let editions = db.editions().await.unwrap();
    assert_eq!(editions.len(), 1, "a new site has one edition");
    let main = &editions[0];
    assert_eq!(main.id, MAIN_EDITION);
    assert!(main.prefix.is_main());
    assert_eq!(main.language.as_str(), "en");
    let settings = db.site_settings().await.unwrap();
    assert_eq!(settings.title, main.title);

    let mut changed = settings.clone();
    changed.title = "The Evening Courier".into();
    changed.language = "uk-ua".into();
    changed.timezone = "Europe/Kyiv".into();
    changed.navigation = vec![byline_store::NavItem {
        label: "About".into(),
        url: "/about/".into(),
    }];
    db.save_site_settings(&changed).await.unwrap();
    let main = db.edition(MAIN_EDITION).await.unwrap();
    assert_eq!(main.title, "The Evening Courier");
    assert_eq!(main.language.as_str(), "uk-UA", "stored normalised");
    assert_eq!(main.timezone, "Europe/Kyiv");
    assert_eq!(main.navigation.len(), 1);
    let read_back = db.site_settings().await.unwrap();
    assert_eq!(read_back.title, "The Evening Courier");
    assert_eq!(read_back.language, "uk-UA");
    assert_eq!(read_back.navigation, changed.navigation);

    // Saving the edition itself shows through the site settings too.
    let mut main = main;
    main.description = "News from the river towns".into();
    main.date_order = DateOrder::MonthDayYear;
    db.save_edition(&main).await.unwrap();
    assert_eq!(
        db.site_settings().await.unwrap().description,
        "News from the river towns"
    );
    // A site-settings save keeps what only the edition holds.
    db.save_site_settings(&read_back).await.unwrap();
    assert_eq!(
        db.edition(MAIN_EDITION).await.unwrap().date_order,
        DateOrder::MonthDayYear
    );
}

async fn editions_are_added_and_deleted_only_when_empty(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    assert_ne!(uk, MAIN_EDITION);
    let read = db.edition(uk).await.unwrap();
    assert_eq!(read.prefix.as_str(), "uk");
    assert_eq!(read.title, "Вечірній вісник");
    assert_eq!(read.timezone, "Europe/Kyiv");
    let ids: Vec<EditionId> = db.editions().await.unwrap().iter().map(|e| e.id).collect();
    assert_eq!(ids, vec![MAIN_EDITION, uk], "the main edition first");

    assert!(matches!(
        db.add_edition(&ukrainian()).await,
        Err(StoreError::SlugTaken(_))
    ));
    // A prefix a post's address already uses would hide the post.
    db.create_post(article("de", 1, vec![n.reporter], vec![]))
        .await
        .unwrap();
    assert!(matches!(
        db.add_edition(&german()).await,
        Err(StoreError::SlugTaken(_))
    ));
    assert_eq!(db.editions().await.unwrap().len(), 2, "nothing half-made");

    assert!(matches!(
        db.delete_edition(MAIN_EDITION).await,
        Err(StoreError::NotEditable(_))
    ));
    let post = db
        .create_post(article("river-report", 2, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    db.move_post_to_edition(post, uk).await.unwrap();
    assert_eq!(db.edition_of(post).await.unwrap(), uk);
    let refused = db.delete_edition(uk).await;
    assert!(
        matches!(&refused, Err(StoreError::NotEditable(why)) if why.contains("1 posts")),
        "{refused:?}"
    );
    assert!(db.edition(uk).await.is_ok(), "still there");

    db.move_post_to_edition(post, MAIN_EDITION).await.unwrap();
    db.delete_edition(uk).await.unwrap();
    assert!(matches!(
        db.edition(uk).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        db.move_post_to_edition(post, uk).await,
        Err(StoreError::NotFound { .. })
    ));
}

/// The edition's articles as one plain query, newest first.
async fn straightforward(db: &Db, edition: EditionId, tag: Option<i64>) -> Vec<PostId> {
    let sql = "SELECT p.id FROM posts p \
               WHERE p.kind = 'post' AND p.status = 'published' AND p.edition_id = $1 \
                 AND ($2 = 0 OR EXISTS (SELECT 1 FROM post_tags t WHERE t.post_id = p.id AND t.tag_id = $2)) \
               ORDER BY p.published_at DESC, p.id DESC";
    sqlx::query_scalar(sql)
        .bind(edition.get())
        .bind(tag.unwrap_or(0))
        .fetch_all(db.pool())
        .await
        .unwrap()
}

async fn listed(db: &Db, edition: EditionId, tag: Option<i64>) -> Vec<PostId> {
    let query = PostQuery {
        edition,
        tag_id: tag,
        ..Default::default()
    };
    let page = db.list_published(&query, 100, 0).await.unwrap();
    assert_eq!(page.total as usize, page.items.len());
    page.items.iter().map(|post| post.id).collect()
}

async fn lists_agree(db: &Db, editions: &[EditionId], tags: &[i64], when: &str) {
    for &edition in editions {
        for tag in std::iter::once(None).chain(tags.iter().copied().map(Some)) {
            assert_eq!(
                listed(db, edition, tag).await,
                straightforward(db, edition, tag).await,
                "edition {edition}, section {tag:?}, {when}"
            );
        }
    }
}

async fn each_edition_lists_only_its_own_articles(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    let mut posts = Vec::new();
    for i in 0..12 {
        let tags = if i % 2 == 0 {
            vec![n.city]
        } else {
            vec![n.politics]
        };
        let id = db
            .create_post(article(
                &format!("story-{i}"),
                i + 1,
                vec![n.reporter],
                tags,
            ))
            .await
            .unwrap();
        posts.push(id);
    }
    let editions = [MAIN_EDITION, uk];
    let tags = [n.city, n.politics];
    for &id in posts.iter().step_by(3) {
        db.move_post_to_edition(id, uk).await.unwrap();
    }
    lists_agree(db, &editions, &tags, "after moving every third").await;
    assert_eq!(listed(db, uk, None).await.len(), 4);
    assert_eq!(listed(db, MAIN_EDITION, None).await.len(), 8);

    // Published straight into the edition: a post made and moved while a draft.
    let mut draft = article("draft-in-uk", 0, vec![n.reporter], vec![n.city]);
    draft.status = PostStatus::Draft;
    draft.published_at = None;
    let draft = db.create_post(draft).await.unwrap();
    db.move_post_to_edition(draft, uk).await.unwrap();
    restatus(db, draft, PostStatus::Published, Some(hours_ago(0))).await;
    lists_agree(db, &editions, &tags, "after publishing in the edition").await;
    assert_eq!(listed(db, uk, None).await.first(), Some(&draft));

    // Re-tagged, unpublished and deleted in the edition.
    let moved = posts[3];
    let current = db.desk_post(moved).await.unwrap().unwrap().post;
    let mut retagged = article("story-3", 4, vec![n.reporter], vec![n.city, n.politics]);
    retagged.title = current.summary.title.clone();
    resave(db, moved, retagged).await.unwrap();
    lists_agree(db, &editions, &tags, "after re-tagging").await;
    let mut untagged = article("story-3", 4, vec![n.reporter], vec![]);
    untagged.title = current.summary.title.clone();
    resave(db, moved, untagged).await.unwrap();
    lists_agree(db, &editions, &tags, "after removing its sections").await;
    restatus(db, posts[6], PostStatus::Draft, None).await;
    lists_agree(db, &editions, &tags, "after unpublishing").await;
    db.delete_post(posts[9]).await.unwrap();
    lists_agree(db, &editions, &tags, "after a delete").await;

    // Moving back puts an article in the main edition's lists again.
    db.move_post_to_edition(posts[0], MAIN_EDITION)
        .await
        .unwrap();
    lists_agree(db, &editions, &tags, "after moving one back").await;
    assert!(listed(db, MAIN_EDITION, None).await.contains(&posts[0]));
    assert!(!listed(db, uk, None).await.contains(&posts[0]));
}

async fn translations_are_one_article_per_edition(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    let de = db.add_edition(&german()).await.unwrap();
    let make = |slug: &'static str| article(slug, 1, vec![n.reporter], vec![n.city]);
    let original = db.create_post(make("bridge-reopens")).await.unwrap();
    let in_uk = db.create_post(make("mist-vidkryly")).await.unwrap();
    let in_de = db.create_post(make("bruecke-offen")).await.unwrap();
    let other = db.create_post(make("ferry-schedule")).await.unwrap();
    db.move_post_to_edition(in_uk, uk).await.unwrap();
    db.move_post_to_edition(in_de, de).await.unwrap();

    assert!(db.translations_of(original).await.unwrap().is_empty());
    let refused = db.link_translation(original, other).await;
    assert!(
        matches!(&refused, Err(StoreError::NotEditable(why)) if why.contains("different editions")),
        "{refused:?}"
    );
    assert!(matches!(
        db.link_translation(original, original).await,
        Err(StoreError::NotEditable(_))
    ));

    db.link_translation(original, in_uk).await.unwrap();
    db.link_translation(original, in_uk).await.unwrap(); // twice is once
    db.link_translation(in_uk, in_de).await.unwrap(); // through any member
    let of_original = db.translations_of(original).await.unwrap();
    let seen: Vec<(PostId, EditionId)> = of_original.iter().map(|t| (t.post, t.edition)).collect();
    assert_eq!(seen, vec![(in_uk, uk), (in_de, de)], "in edition order");
    assert_eq!(of_original[0].slug, "mist-vidkryly");
    assert_eq!(of_original[0].status, PostStatus::Published);
    let of_uk: Vec<PostId> = db
        .translations_of(in_uk)
        .await
        .unwrap()
        .iter()
        .map(|t| t.post)
        .collect();
    assert_eq!(of_uk, vec![original, in_de], "every member sees the others");

    // A second Ukrainian article cannot join, nor can the group move into a clash.
    let second_uk = db.create_post(make("shche-odyn-mist")).await.unwrap();
    db.move_post_to_edition(second_uk, uk).await.unwrap();
    let refused = db.link_translation(original, second_uk).await;
    assert!(
        matches!(&refused, Err(StoreError::NotEditable(why)) if why.contains("already has a translation")),
        "{refused:?}"
    );
    assert!(matches!(
        db.move_post_to_edition(in_de, uk).await,
        Err(StoreError::NotEditable(_))
    ));
    assert!(
        matches!(
            db.link_translation(second_uk, in_de).await,
            Err(StoreError::NotEditable(_))
        ),
        "a member of another group must be unlinked first"
    );

    db.unlink_translation(in_de).await.unwrap();
    let left: Vec<PostId> = db
        .translations_of(original)
        .await
        .unwrap()
        .iter()
        .map(|t| t.post)
        .collect();
    assert_eq!(left, vec![in_uk]);
    assert!(db.translations_of(in_de).await.unwrap().is_empty());

    // A group of one is no group: unlinking either of the last two frees both.
    db.unlink_translation(original).await.unwrap();
    assert!(db.translations_of(in_uk).await.unwrap().is_empty());
    db.link_translation(second_uk, original).await.unwrap();
    assert_eq!(
        db.translations_of(original).await.unwrap()[0].post,
        second_uk
    );

    // Deleting an article leaves its translations linked to each other only.
    db.link_translation(original, in_de).await.unwrap();
    db.delete_post(original).await.unwrap();
    let left: Vec<PostId> = db
        .translations_of(second_uk)
        .await
        .unwrap()
        .iter()
        .map(|t| t.post)
        .collect();
    assert_eq!(left, vec![in_de]);
}

async fn a_translation_starts_as_a_linked_draft_in_the_other_edition(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    let translator = staff(
        db,
        "translator@example.org",
        "Translator",
        byline_core::Role::Editor,
    )
    .await;
    let original = db
        .create_post(story(
            "bridge-reopens",
            "The bridge reopens",
            Some("At last"),
            "Crews finished.",
            1,
            &n,
        ))
        .await
        .unwrap();
    let draft = db
        .start_translation(original, uk, translator.id)
        .await
        .unwrap();
    let desk = db.desk_post(draft).await.unwrap().unwrap();
    let summary = &desk.post.summary;
    assert_eq!(summary.slug.as_str(), "bridge-reopens-uk");
    assert_eq!(summary.status, PostStatus::Draft);
    assert_eq!(
        summary.title, "The bridge reopens",
        "the original's words to write over"
    );
    assert_eq!(desk.post.body_markdown, "Crews finished.");
    assert_eq!(
        summary.tags.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![n.city]
    );
    assert_eq!(db.edition_of(draft).await.unwrap(), uk);
    assert_eq!(db.translations_of(original).await.unwrap()[0].post, draft);
    assert_eq!(db.translations_of(draft).await.unwrap()[0].post, original);
    assert!(
        listed(db, uk, None).await.is_empty(),
        "a draft is listed nowhere"
    );

    let again = db.start_translation(original, uk, translator.id).await;
    assert!(
        matches!(again, Err(StoreError::NotEditable(_))),
        "{again:?}"
    );
    let own = db
        .start_translation(original, MAIN_EDITION, translator.id)
        .await;
    assert!(matches!(own, Err(StoreError::NotEditable(_))), "{own:?}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(count, 2, "refusals make nothing");
    // Published in its edition, it is listed there only.
    restatus(db, draft, PostStatus::Published, Some(hours_ago(0))).await;
    assert_eq!(listed(db, uk, None).await, vec![draft]);
    assert_eq!(listed(db, MAIN_EDITION, None).await, vec![original]);
}
