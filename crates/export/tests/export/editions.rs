//! Editions and translation groups travel as Ghost internal tags: `#lang-uk` on every
//! post of an edition besides the main one, `#translation-<group>` on the posts of a
//! translation group; what an import cannot tell apart is reported.

use std::collections::HashSet;

use byline_core::editions::{DateOrder, EditionPrefix};
use byline_core::{LanguageTag, PostId, Slug};
use byline_export::ids::{self, Table};
use byline_store::{Db, NewEdition};
use serde_json::Value;

use crate::newsroom::newsroom;
use crate::{export, row, table};

crate::on_both_engines!(
    posts_of_other_editions_carry_their_language_and_translation_tags,
    editions_an_import_cannot_tell_apart_are_reported,
);

async fn id_of(db: &Db, slug: &str) -> PostId {
    db.post_by_slug(&Slug::parse(slug).unwrap())
        .await
        .unwrap()
        .unwrap()
        .summary
        .id
}

/// The `(tag_id, sort_order)` of each of a post's tags, in order.
fn tags_of(export: &Value, post: PostId) -> Vec<(String, i64)> {
    let post = ids::id(Table::Posts, post.get());
    let mut links: Vec<(String, i64)> = table(export, "posts_tags")
        .iter()
        .filter(|l| l["post_id"] == post.as_str())
        .map(|l| {
            (
                l["tag_id"].as_str().unwrap().to_owned(),
                l["sort_order"].as_i64().unwrap(),
            )
        })
        .collect();
    links.sort_by_key(|(_, order)| *order);
    links
}

async fn posts_of_other_editions_carry_their_language_and_translation_tags(db: &Db) {
    let n = newsroom(db).await;
    let uk = db
        .add_edition(&byline_store::testing::ukrainian_edition("uk"))
        .await
        .unwrap();
    let about = id_of(db, "about").await;
    db.move_post_to_edition(n.flood, uk).await.unwrap();
    db.move_post_to_edition(about, uk).await.unwrap();
    // The flood story is the Ukrainian version of the bridge story.
    db.link_translation(n.bridge, n.flood).await.unwrap();
    let (_, export, report) = export(db).await;

    let language = row(&export, "tags", "name", "#lang-uk");
    assert_eq!(language["id"], ids::id(Table::LanguageTags, uk.get()));
    assert_eq!(language["slug"], "hash-lang-uk");
    assert_eq!(language["visibility"], "internal");
    assert!(
        language["description"].as_str().unwrap().contains("/uk/"),
        "{language}"
    );
    let translations: Vec<&Value> = table(&export, "tags")
        .iter()
        .filter(|t| t["name"].as_str().unwrap().starts_with("#translation-"))
        .collect();
    assert_eq!(translations.len(), 1, "one group");
    let group = translations[0];
    let number = group["name"].as_str().unwrap()["#translation-".len()..].to_owned();
    assert_eq!(group["slug"], format!("hash-translation-{number}"));
    assert_eq!(group["visibility"], "internal");
    let (language, group) = (
        language["id"].as_str().unwrap().to_owned(),
        group["id"].as_str().unwrap().to_owned(),
    );

    // After the sections, so Ghost's primary tag is still the first section.
    let section = |id| ids::id(Table::Tags, id);
    assert_eq!(
        tags_of(&export, n.flood),
        [
            (section(n.politics), 0),
            (section(n.city), 1),
            (language.clone(), 2),
            (group.clone(), 3)
        ]
    );
    assert_eq!(
        tags_of(&export, n.bridge),
        [(section(n.city), 0), (group, 1)],
        "the main edition's post has no language tag"
    );
    assert_eq!(tags_of(&export, about), [(language, 0)], "pages too");
    for main in ["budget-draft", "council-vote"] {
        for (tag, _) in tags_of(&export, id_of(db, main).await) {
            assert!(tag.starts_with("b71e0003"), "{main}: {tag}");
        }
    }

    // Every id is still unique, and every link points at a row.
    for name in ["tags", "posts_tags"] {
        let rows = table(&export, name);
        let unique: HashSet<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(unique.len(), rows.len(), "{name}");
    }
    let tag_ids: HashSet<&str> = table(&export, "tags")
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    for link in table(&export, "posts_tags") {
        assert!(tag_ids.contains(link["tag_id"].as_str().unwrap()), "{link}");
    }
    assert_eq!(report.tags, 4, "two sections, a language, a group");

    // The edition's own settings are what is left out; its posts' places are not.
    assert!(
        report
            .left_out
            .iter()
            .any(|l| l.starts_with("1 editions' own settings besides the main one's")),
        "{:?}",
        report.left_out
    );
    assert!(
        !report.left_out.iter().any(|l| l.contains("posts' edition")),
        "{:?}",
        report.left_out
    );
}

async fn editions_an_import_cannot_tell_apart_are_reported(db: &Db) {
    let n = newsroom(db).await;
    let edition = |prefix: &str, language: &str| NewEdition {
        prefix: EditionPrefix::parse(prefix).unwrap(),
        language: LanguageTag::parse(language).unwrap(),
        title: format!("The Ledger /{prefix}/"),
        description: String::new(),
        timezone: "Europe/London".into(),
        date_order: DateOrder::DayMonthYear,
    };
    // British English beside the main edition's English; a second Ukrainian edition.
    let gb = db.add_edition(&edition("gb", "en-GB")).await.unwrap();
    let uk = db.add_edition(&edition("uk", "uk")).await.unwrap();
    let kyiv = db.add_edition(&edition("kyiv", "uk")).await.unwrap();
    db.move_post_to_edition(n.bridge, gb).await.unwrap();
    db.move_post_to_edition(n.flood, uk).await.unwrap();
    db.move_post_to_edition(id_of(db, "about").await, kyiv)
        .await
        .unwrap();
    let (_, export, report) = export(db).await;

    // Each post still says its language; /kyiv/ shares /uk/'s tag.
    assert_eq!(
        row(&export, "tags", "name", "#lang-en-GB")["slug"],
        "hash-lang-en-gb"
    );
    assert_eq!(
        table(&export, "tags")
            .iter()
            .filter(|t| t["name"] == "#lang-uk")
            .count(),
        1
    );
    let editions: Vec<&str> = report
        .left_out
        .iter()
        .map(String::as_str)
        .filter(|l| l.contains("edition"))
        .collect();
    assert_eq!(
        editions,
        [
            "3 editions' own settings besides the main one's (name, prefix, description, time \
             zone, navigation): a Ghost site has one of each; their posts keep their edition by \
             a #lang- tag, and Byline's importer makes an edition for a language the site lacks",
            "1 posts' edition /gb/ (en-GB): Byline's importer puts them in the main edition, \
             whose language is en",
            "1 posts' edition /kyiv/ (uk): Byline's importer puts them in /uk/, the first \
             edition in uk",
        ],
        "{:#?}",
        report.left_out
    );
}
