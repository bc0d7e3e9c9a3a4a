//! Editions: the main one carries the site's settings; others are added, saved and
//! deleted only when empty; each edition's kept lists hold its own articles through
//! moves, re-tagging and unpublishing; translation groups link one article per
//! edition and come apart cleanly.

use byline_core::editions::{DateOrder, EditionPrefix, MAIN_EDITION};
use byline_core::search::SearchQuery;
use byline_core::{EditionId, LanguageTag, PostStatus};
use byline_store::{NewEdition, PostQuery, StoreError};

use super::*;

crate::conformance!(
    the_main_edition_carries_the_site_settings,
    editions_are_added_and_deleted_only_when_empty,
    each_edition_lists_only_its_own_articles,
    translations_are_one_article_per_edition,
    each_edition_searches_its_own_articles_in_its_own_language,
    a_translation_starts_as_a_linked_draft_in_the_other_edition,
    an_index_folded_by_older_rules_is_rebuilt_only_where_a_language_changed,
    sitemaps_list_each_edition_with_its_published_translations,
    an_edition_that_changes_language_is_searched_in_the_new_one,
    each_edition_offers_its_own_newsletters,
);

fn ukrainian() -> NewEdition {
    NewEdition {
        prefix: EditionPrefix::parse("uk").unwrap(),
        language: LanguageTag::parse("uk").unwrap(),
        title: "Вечірній вісник".into(),
        description: "Незалежна редакція".into(),
        timezone: "Europe/Kyiv".into(),
        date_order: DateOrder::DayMonthYear,
    }
}

fn german() -> NewEdition {
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

async fn searched(db: &Db, edition: EditionId, language: &str, typed: &str) -> Vec<String> {
    let language = LanguageTag::parse(language).unwrap();
    let query = SearchQuery::parse_in(&language, typed).unwrap();
    let results = db.search_edition(&query, edition, 20, 0).await.unwrap();
    assert_eq!(results.total as usize, results.hits.len(), "{typed}");
    results
        .hits
        .iter()
        .map(|hit| hit.post.slug.to_string())
        .collect()
}

async fn suggested(db: &Db, edition: EditionId, language: &str, typed: &str) -> Vec<String> {
    let language = LanguageTag::parse(language).unwrap();
    let query = SearchQuery::as_typed_in(&language, typed).unwrap();
    let results = db
        .search_headlines_edition(&query, edition, 5)
        .await
        .unwrap();
    results
        .hits
        .iter()
        .map(|hit| hit.post.slug.to_string())
        .collect()
}

async fn each_edition_searches_its_own_articles_in_its_own_language(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    let english = db
        .create_post(story(
            "kyiv-bridge",
            "Kyiv reopens the Podil bridge",
            None,
            "Crews in Kyiv finished the repairs.",
            2,
            &n,
        ))
        .await
        .unwrap();
    let ukrainian = db
        .create_post(story(
            "mist-u-kyievi",
            "Київ знову відкрив міст на Подолі",
            Some("Харківські інженери допомогли"),
            "Ремонт тривав пʼять місяців, повідомила Юлія Щербина.",
            3,
            &n,
        ))
        .await
        .unwrap();
    db.move_post_to_edition(ukrainian, uk).await.unwrap();
    db.link_translation(english, ukrainian).await.unwrap();

    let only_ukrainian = vec!["mist-u-kyievi".to_owned()];
    for typed in [
        "Київ",
        "київ",
        "kyiv",
        "Kyiv",
        "KYIV",
        "Щербина",
        "shcherbyna",
        "пʼять",
        "piat",
    ] {
        assert_eq!(
            searched(db, uk, "uk", typed).await,
            only_ukrainian,
            "{typed}"
        );
    }
    for typed in ["Харк", "khark", "Kharkivski"] {
        assert_eq!(
            suggested(db, uk, "uk", typed).await,
            only_ukrainian,
            "{typed}"
        );
    }
    // The English edition finds its own article, never the Ukrainian one.
    assert_eq!(
        searched(db, MAIN_EDITION, "en", "Kyiv").await,
        vec!["kyiv-bridge"]
    );
    assert!(searched(db, MAIN_EDITION, "en", "Щербина").await.is_empty());
    assert!(searched(db, uk, "uk", "repairs").await.is_empty());

    // A rebuilt index folds each post in its edition's language again.
    db.reindex(|_, _| {}).await.unwrap();
    assert_eq!(searched(db, uk, "uk", "kyiv").await, only_ukrainian);
    assert_eq!(searched(db, uk, "uk", "Київ").await, only_ukrainian);
    // The Ukrainian article was written in the main edition and moved: the move
    // folded it again in Ukrainian (above); the English one stays in English.
    assert_eq!(
        searched(db, MAIN_EDITION, "en", "repairs").await,
        vec!["kyiv-bridge"]
    );
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

async fn an_index_folded_by_older_rules_is_rebuilt_only_where_a_language_changed(db: &Db) {
    assert!(
        !db.search_index_outdated().await.unwrap(),
        "a new site is current"
    );
    // A site indexed before the rules changed, writing only in English: nothing to do,
    // and it is marked current.
    db.mark_search_index_folded(1).await.unwrap();
    assert!(!db.search_index_outdated().await.unwrap());
    db.mark_search_index_folded(1).await.unwrap();
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    let post = db
        .create_post(story("kyiv", "Київ", None, "Текст.", 1, &n))
        .await
        .unwrap();
    db.move_post_to_edition(post, uk).await.unwrap();
    assert!(
        db.search_index_outdated().await.unwrap(),
        "a Ukrainian edition"
    );
    db.reindex(|_, _| {}).await.unwrap();
    assert!(
        !db.search_index_outdated().await.unwrap(),
        "current after the rebuild"
    );
    assert_eq!(searched(db, uk, "uk", "kyiv").await, vec!["kyiv"]);
}

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

/// An edition made with the wrong language and corrected: its articles are folded
/// again, so the Latin spelling of a Cyrillic word finds them from then on.
async fn an_edition_that_changes_language_is_searched_in_the_new_one(db: &Db) {
    let n = newsroom(db).await;
    let mut wrong = ukrainian();
    wrong.language = LanguageTag::parse("en").unwrap();
    let uk = db.add_edition(&wrong).await.unwrap();
    let post = db
        .create_post(story(
            "shcherbyna",
            "Юлія Щербина очолила раду",
            None,
            "Рада обрала голову.",
            1,
            &n,
        ))
        .await
        .unwrap();
    db.move_post_to_edition(post, uk).await.unwrap();
    assert!(searched(db, uk, "uk", "shcherbyna").await.is_empty());
    let mut edition = db.edition(uk).await.unwrap();
    edition.language = LanguageTag::parse("uk").unwrap();
    db.save_edition(&edition).await.unwrap();
    assert_eq!(
        searched(db, uk, "uk", "shcherbyna").await,
        vec!["shcherbyna"]
    );
    assert_eq!(searched(db, uk, "uk", "Щербина").await, vec!["shcherbyna"]);
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
