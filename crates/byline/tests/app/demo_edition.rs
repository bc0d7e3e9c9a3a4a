//! The demo newsroom's Ukrainian edition: «Колдерський вісник» at /uk/, with stories
//! of its own and translations of English articles linked to their originals.

use byline_core::editions::MAIN_EDITION;
use byline_core::search::SearchQuery;
use byline_core::{LanguageTag, PostStatus};
use byline_store::PostQuery;

use crate::helpers::TestApp;
use crate::on_both_engines;

async fn the_demo_has_a_ukrainian_edition_with_linked_translations(app: &TestApp) {
    let editions = app.db.editions().await.unwrap();
    let uk = editions
        .iter()
        .find(|e| e.prefix.as_str() == "uk")
        .expect("the demo has an edition at /uk/");
    assert_eq!(uk.language.as_str(), "uk");

    let posts = app
        .db
        .list_published(
            &PostQuery {
                edition: uk.id,
                ..PostQuery::default()
            },
            100,
            0,
        )
        .await
        .unwrap()
        .items;
    assert!(posts.len() >= 6, "{} published posts in /uk/", posts.len());

    let mut translations = 0;
    for post in &posts {
        let originals = app.db.translations_of(post.id).await.unwrap();
        if originals
            .iter()
            .any(|o| o.edition == MAIN_EDITION && o.status == PostStatus::Published)
        {
            translations += 1;
        }
    }
    assert!(
        translations >= 3,
        "{translations} posts in /uk/ are linked to English originals"
    );
}

async fn the_ukrainian_edition_is_searched_in_ukrainian_and_on_its_own(app: &TestApp) {
    let uk = app
        .db
        .editions()
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.prefix.as_str() == "uk")
        .unwrap();
    let query = SearchQuery::parse_in(&LanguageTag::parse("uk").unwrap(), "Шевченка").unwrap();
    let found = app.db.search_edition(&query, uk.id, 10, 0).await.unwrap();
    assert_eq!(found.hits.len(), 1);
    assert_eq!(
        found.hits[0].post.slug.as_str(),
        "subotnia-shkola-pereizhdzhaie-do-tsentralnoi-biblioteky"
    );
    let english = SearchQuery::parse_in(&LanguageTag::english(), "Шевченка").unwrap();
    assert!(
        app.db
            .search(&english, 10, 0)
            .await
            .unwrap()
            .hits
            .is_empty(),
        "the main edition holds no Ukrainian stories"
    );
}

on_both_engines!(
    the_demo_has_a_ukrainian_edition_with_linked_translations,
    the_ukrainian_edition_is_searched_in_ukrainian_and_on_its_own,
);
