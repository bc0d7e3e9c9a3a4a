//! Section names per edition: an edition names a shared section in its language, and
//! a section read for that edition carries the name and description; the main edition
//! and the editions that name nothing keep the shared ones; a blank name goes back to
//! them; a save with anything unknown saves nothing; names leave with their section
//! or edition.

use byline_core::EditionId;
use byline_core::editions::{MAIN_EDITION, SectionName};
use byline_store::{Entity, PostQuery, Scope, StoreError};

use super::editions::{german, ukrainian};
use super::*;

crate::conformance!(
    an_edition_reads_sections_by_its_own_names,
    a_blank_name_brings_back_the_shared_one,
    names_are_saved_whole_or_not_at_all,
    names_leave_with_their_section_or_edition,
);

fn named(name: &str, description: &str) -> Option<SectionName> {
    SectionName::parse(name, description).unwrap()
}

async fn an_edition_reads_sections_by_its_own_names(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    let de = db.add_edition(&german()).await.unwrap();
    let story = db
        .create_post(article(
            "mist",
            1,
            vec![n.reporter],
            vec![n.city, n.politics],
        ))
        .await
        .unwrap();
    db.move_post_to_edition(story, uk).await.unwrap();
    let before = db.content_version().await.unwrap().version;

    db.save_tag_names(
        n.city,
        &[
            (uk, named("Місто", "Вулиці, бюджети, мости")),
            (de, named("Stadt", "")),
        ],
    )
    .await
    .unwrap();
    let after = db.content_version().await.unwrap().version;
    assert!(after > before, "a name change moves the content version");
    assert_eq!(
        db.changes_between(before, after).await.unwrap(),
        Some(vec![Scope::Site]),
        "names show in every page's navigation"
    );

    let city = slug("city");
    let in_uk = db.tag_by_slug_in(&city, uk).await.unwrap().unwrap();
    assert_eq!((in_uk.id, in_uk.name.as_str()), (n.city, "Місто"));
    assert_eq!(in_uk.description.as_deref(), Some("Вулиці, бюджети, мости"));
    let in_de = db.tag_by_slug_in(&city, de).await.unwrap().unwrap();
    assert_eq!(in_de.name, "Stadt");
    assert_eq!(
        in_de.description, None,
        "a named section never shows the shared description under its own name"
    );
    let shared = db
        .tag_by_slug_in(&city, MAIN_EDITION)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shared, db.tag_by_slug(&city).await.unwrap().unwrap());
    assert_eq!(shared.name, "City");
    assert_eq!(db.tag_by_slug_in(&slug("weather"), uk).await.unwrap(), None);

    // An unnamed section keeps the shared name and description in every edition.
    let politics = db
        .tag_by_slug_in(&slug("politics"), uk)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(politics.name, "Politics");
    let names = |tags: Vec<byline_core::Tag>| -> Vec<String> {
        tags.into_iter().map(|tag| tag.name).collect()
    };
    assert_eq!(names(db.tags_in(uk).await.unwrap()), ["Місто", "Politics"]);
    assert_eq!(
        names(db.tags_in(MAIN_EDITION).await.unwrap()),
        ["City", "Politics"]
    );
    assert_eq!(names(db.list_tags().await.unwrap()), ["City", "Politics"]);
    // The edition's navigation: the sections it writes in, by its names.
    assert_eq!(
        names(db.edition_sections(uk).await.unwrap()),
        ["Місто", "Politics"]
    );

    // What the desk and the pages read: by edition, and by section.
    let of_city = db.names_of_tag(n.city).await.unwrap();
    assert_eq!(of_city.len(), 2);
    assert_eq!(of_city[&uk].name(), "Місто");
    assert_eq!(of_city[&de].description(), None);
    assert!(db.names_of_tag(n.politics).await.unwrap().is_empty());
    let of_uk = db.edition_tag_names(uk).await.unwrap();
    assert_eq!(of_uk.len(), 1);
    assert_eq!(of_uk[&n.city].name(), "Місто");
    assert!(db.edition_tag_names(MAIN_EDITION).await.unwrap().is_empty());

    // The articles themselves keep the shared sections: naming is the pages' part.
    let page = db
        .list_published(
            &PostQuery {
                edition: uk,
                ..PostQuery::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(page.items[0].tags[0].name, "City");
}

async fn a_blank_name_brings_back_the_shared_one(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    db.save_tag_names(n.city, &[(uk, named("Місто", ""))])
        .await
        .unwrap();
    // Renamed in place: one name per section and edition.
    db.save_tag_names(n.city, &[(uk, named("Громада", "Життя міста"))])
        .await
        .unwrap();
    let read = db.tag_by_slug_in(&slug("city"), uk).await.unwrap().unwrap();
    assert_eq!(read.name, "Громада");
    assert_eq!(read.description.as_deref(), Some("Життя міста"));
    assert_eq!(db.names_of_tag(n.city).await.unwrap().len(), 1);

    db.save_tag_names(n.city, &[(uk, named("  ", ""))])
        .await
        .unwrap();
    let read = db.tag_by_slug_in(&slug("city"), uk).await.unwrap().unwrap();
    assert_eq!(read.name, "City");
    assert_eq!(
        read.description.as_deref(),
        Some("Streets, budgets, bridges")
    );
    assert!(db.edition_tag_names(uk).await.unwrap().is_empty());
    // Clearing a name the edition never gave is no mistake.
    db.save_tag_names(n.politics, &[(uk, None)]).await.unwrap();
}

async fn names_are_saved_whole_or_not_at_all(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    let refused = db
        .save_tag_names(n.city, &[(MAIN_EDITION, named("Town", ""))])
        .await;
    assert!(
        matches!(refused, Err(StoreError::NotEditable(_))),
        "{refused:?}"
    );
    let refused = db.save_tag_names(9999, &[(uk, named("Місто", ""))]).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::NotFound {
                entity: Entity::Tag,
                ..
            })
        ),
        "{refused:?}"
    );
    let refused = db
        .save_tag_names(
            n.city,
            &[
                (uk, named("Місто", "")),
                (EditionId(9999), named("Ville", "")),
            ],
        )
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
    assert!(
        db.names_of_tag(n.city).await.unwrap().is_empty(),
        "nothing half-saved"
    );
}

async fn names_leave_with_their_section_or_edition(db: &Db) {
    let n = newsroom(db).await;
    let uk = db.add_edition(&ukrainian()).await.unwrap();
    let de = db.add_edition(&german()).await.unwrap();
    db.save_tag_names(
        n.city,
        &[(uk, named("Місто", "")), (de, named("Stadt", ""))],
    )
    .await
    .unwrap();
    db.save_tag_names(n.politics, &[(uk, named("Політика", ""))])
        .await
        .unwrap();

    assert!(db.delete_tag(n.city).await.unwrap());
    assert_eq!(db.edition_tag_names(de).await.unwrap().len(), 0);
    let left = db.edition_tag_names(uk).await.unwrap();
    assert_eq!(left.keys().copied().collect::<Vec<_>>(), [n.politics]);

    db.delete_edition(uk).await.unwrap();
    assert!(db.names_of_tag(n.politics).await.unwrap().is_empty());
    assert_eq!(
        db.tag_by_slug(&slug("politics"))
            .await
            .unwrap()
            .unwrap()
            .name,
        "Politics"
    );
}
