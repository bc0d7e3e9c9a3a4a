//! Search per edition: each edition finds its own articles, folded as its readers
//! type (Cyrillic and its transliteration for Ukrainian); an index folded by older
//! rules, or an edition whose language changed, is folded again.

use byline_core::editions::MAIN_EDITION;
use byline_core::search::SearchQuery;
use byline_core::{EditionId, LanguageTag};

use super::editions::ukrainian;
use super::*;

crate::conformance!(
    each_edition_searches_its_own_articles_in_its_own_language,
    an_index_folded_by_older_rules_is_rebuilt_only_where_a_language_changed,
    an_edition_that_changes_language_is_searched_in_the_new_one,
);

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
