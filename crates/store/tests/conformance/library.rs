//! What the desk manages besides posts: the media library, the corrections log,
//! authors and tags, and the site navigation.

use byline_core::{NoteKind, PostStatus, Role, Slug};
use byline_store::{Db, Entity, NavItem, NewAuthor, NewMedia, NewTag, SiteSettings, StoreError};

use crate::{article, hours_ago, newsroom, staff, whole_seconds};

crate::conformance!(
    an_upload_is_kept_once_per_address_and_listed_newest_first,
    the_corrections_log_lists_notes_of_published_posts_newest_first,
    authors_and_tags_are_renamed_but_slugs_stay_unique,
    site_navigation_keeps_its_order_and_can_be_cleared,
);

fn upload(url: &str, alt: &str) -> NewMedia {
    NewMedia {
        url: url.into(),
        width: 1600,
        height: 900,
        file_name: format!("{alt}.jpg"),
        alt: alt.into(),
        caption: None,
        credit: None,
        uploaded_by: None,
    }
}

async fn an_upload_is_kept_once_per_address_and_listed_newest_first(db: &Db) {
    let ana = staff(db, "ana@example.org", "Ana", Role::Author).await;
    let bridge = db
        .add_media(&upload("/content/images/a1.jpg", "bridge"))
        .await
        .unwrap();
    db.add_media(&upload("/content/images/b2.jpg", "river"))
        .await
        .unwrap();
    db.add_media(&upload("/content/images/c3.jpg", "mayor"))
        .await
        .unwrap();
    assert_eq!((bridge.width, bridge.height), (1600, 900));

    let again = db
        .add_media(&NewMedia {
            caption: Some("The old bridge at dawn".into()),
            credit: Some("Ana Ruiz".into()),
            uploaded_by: Some(ana.id),
            width: 10,
            ..upload("/content/images/a1.jpg", "bridge at dawn")
        })
        .await
        .unwrap();
    assert_eq!(again.id, bridge.id, "the same file keeps its entry");
    assert_eq!(again.alt, "bridge at dawn");
    assert_eq!(again.caption.as_deref(), Some("The old bridge at dawn"));
    assert_eq!(again.width, 1600, "only the words change");

    let page = db.list_media(2, 0).await.unwrap();
    assert_eq!(page.total, 3);
    let alts: Vec<&str> = page.items.iter().map(|m| m.alt.as_str()).collect();
    assert_eq!(alts, ["mayor", "river"]);
    assert_eq!(db.list_media(2, 2).await.unwrap().items[0].id, bridge.id);

    db.update_media(bridge.id, "A bridge", None, Some("Staff"))
        .await
        .unwrap();
    let updated = db.media_by_id(bridge.id).await.unwrap().unwrap();
    assert_eq!(
        (
            updated.alt.as_str(),
            updated.caption,
            updated.credit.as_deref()
        ),
        ("A bridge", None, Some("Staff"))
    );
    let err = db.update_media(424242, "x", None, None).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                entity: Entity::Image,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(db.media_by_id(424242).await.unwrap().is_none());
}

async fn the_corrections_log_lists_notes_of_published_posts_newest_first(db: &Db) {
    let n = newsroom(db).await;
    let flood = db
        .create_post(article("flood", 10, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    let mut hidden = article("hidden", 10, vec![n.reporter], vec![n.city]);
    hidden.status = PostStatus::Draft;
    let hidden = db.create_post(hidden).await.unwrap();
    let bridge = db
        .create_post(article("bridge", 10, vec![n.reporter], vec![n.city]))
        .await
        .unwrap();
    // Computed once: the store keeps whole seconds, and a second may tick meanwhile.
    let [three, two, one, now] = [3, 2, 1, 0].map(|hours| whole_seconds(hours_ago(hours)));
    db.add_note(flood, NoteKind::Correction, "Misstated the level.", three)
        .await
        .unwrap();
    db.add_note(hidden, NoteKind::Update, "Not public.", two)
        .await
        .unwrap();
    db.add_note(flood, NoteKind::Update, "Adds a statement.", one)
        .await
        .unwrap();
    db.add_note(bridge, NoteKind::Clarification, "Clarifies the date.", now)
        .await
        .unwrap();

    let log = db.logged_notes(10, 0).await.unwrap();
    assert_eq!(log.total, 3);
    let entries: Vec<(&str, &str, NoteKind)> = log
        .items
        .iter()
        .map(|l| (l.post_slug.as_str(), l.note.text.as_str(), l.note.kind))
        .collect();
    assert_eq!(
        entries,
        [
            ("bridge", "Clarifies the date.", NoteKind::Clarification),
            ("flood", "Adds a statement.", NoteKind::Update),
            ("flood", "Misstated the level.", NoteKind::Correction),
        ]
    );
    assert_eq!(log.items[1].post_title, "Headline of flood");
    assert_eq!(log.items[1].note.created_at, one);

    let second = db.logged_notes(1, 1).await.unwrap();
    assert_eq!(second.total, 3);
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].note.text, "Adds a statement.");
}

async fn authors_and_tags_are_renamed_but_slugs_stay_unique(db: &Db) {
    let n = newsroom(db).await;
    let before = db.content_version().await.unwrap();
    let renamed = NewAuthor {
        slug: Slug::parse("olena-k").unwrap(),
        name: "Olena K.".into(),
        bio: None,
        photo_url: Some("/content/images/olena.jpg".into()),
    };
    db.update_author(n.reporter, &renamed).await.unwrap();
    let author = db.author_by_id(n.reporter).await.unwrap().unwrap();
    assert_eq!(
        (author.slug.as_str(), author.name.as_str()),
        ("olena-k", "Olena K.")
    );
    assert_eq!(author.bio, None);
    assert!(
        db.author_by_slug(&crate::slug("olena-koval"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(db.content_version().await.unwrap().version > before.version);

    let clash = NewAuthor {
        slug: Slug::parse("sam-reyes").unwrap(),
        ..renamed.clone()
    };
    let err = db.update_author(n.reporter, &clash).await.unwrap_err();
    assert!(
        matches!(err, StoreError::SlugTaken(ref s) if s == "sam-reyes"),
        "{err:?}"
    );
    assert_eq!(
        db.author_by_id(n.reporter)
            .await
            .unwrap()
            .unwrap()
            .slug
            .as_str(),
        "olena-k"
    );
    let err = db.update_author(424242, &renamed).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                entity: Entity::Author,
                ..
            }
        ),
        "{err:?}"
    );

    let tag = NewTag {
        slug: Slug::parse("town").unwrap(),
        name: "Town".into(),
        description: None,
    };
    db.update_tag(n.city, &tag).await.unwrap();
    let city = db.tag_by_id(n.city).await.unwrap().unwrap();
    assert_eq!((city.slug.as_str(), city.name.as_str()), ("town", "Town"));
    assert_eq!(city.description, None);
    assert!(
        db.tag_by_slug(&crate::slug("city"))
            .await
            .unwrap()
            .is_none()
    );
    let clash = NewTag {
        slug: Slug::parse("politics").unwrap(),
        ..tag.clone()
    };
    let err = db.update_tag(n.city, &clash).await.unwrap_err();
    assert!(
        matches!(err, StoreError::SlugTaken(ref s) if s == "politics"),
        "{err:?}"
    );
    assert_eq!(
        db.tag_by_id(n.city).await.unwrap().unwrap().slug.as_str(),
        "town"
    );
    let err = db.update_tag(424242, &tag).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                entity: Entity::Tag,
                ..
            }
        ),
        "{err:?}"
    );
}

async fn site_navigation_keeps_its_order_and_can_be_cleared(db: &Db) {
    let link = |label: &str, url: &str| NavItem {
        label: label.into(),
        url: url.into(),
    };
    let mut settings = SiteSettings {
        navigation: vec![
            link("Politics", "/tag/politics/"),
            link("Ёлки & «quotes»", "/tag/yolky/"),
            link("About", "/about/"),
        ],
        logo_url: Some("/content/images/logo.svg".into()),
        ..SiteSettings::default()
    };
    db.save_site_settings(&settings).await.unwrap();
    assert_eq!(db.site_settings().await.unwrap(), settings);

    settings.navigation.reverse();
    settings.navigation.pop();
    db.save_site_settings(&settings).await.unwrap();
    let labels: Vec<String> = db
        .site_settings()
        .await
        .unwrap()
        .navigation
        .into_iter()
        .map(|item| item.label)
        .collect();
    assert_eq!(labels, ["About", "Ёлки & «quotes»"]);

    settings.navigation.clear();
    settings.logo_url = None;
    db.save_site_settings(&settings).await.unwrap();
    let stored = db.site_settings().await.unwrap();
    assert!(stored.navigation.is_empty());
    assert_eq!(stored.logo_url, None);
    assert_eq!(stored, settings);
}
