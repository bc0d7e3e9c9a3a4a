//! The small newsroom every export test starts from.

use byline_core::content::{Image, NewPost};
use byline_core::newsletters::NewsletterDraft;
use byline_core::{EmailAddress, NewsletterId, NoteKind, PostId, PostKind, PostStatus, Slug};
use byline_store::{Db, ImportRow, NavItem, NewAuthor, NewFeedItem, NewTag};
use jiff::Timestamp;

pub const PUBLISHED: &str = "2024-11-16T19:06:00Z";
pub const SCHEDULED: &str = "2031-01-02T08:30:00Z";

pub const FLOOD_BODY: &str = "The river crested at dawn.\n\n\
    ![The pier at noon](/content/images/u/ab12cd/800.jpg)\n\n\
    See [the bridge story](/bridge-closes/) and [the council](https://news.example/tag/city/).\n\n\
    [[related: bridge-closes]]\n\n\
    [[related: budget-draft]]\n\n\
    Water *receded* by evening.";

/// What the tests look up by id.
pub struct Newsroom {
    pub ana: i64,
    pub sam: i64,
    pub city: i64,
    pub politics: i64,
    pub flood: PostId,
    pub bridge: PostId,
    pub briefing: NewsletterId,
}

pub fn at(time: &str) -> Timestamp {
    time.parse().unwrap()
}

fn post(slug: &str, status: PostStatus, authors: Vec<i64>, tags: Vec<i64>) -> NewPost {
    NewPost {
        slug: Slug::parse(slug).unwrap(),
        kind: PostKind::Post,
        status,
        title: format!("Headline of {slug}"),
        subtitle: None,
        body_markdown: format!("The body of {slug}."),
        image: None,
        featured: false,
        published_at: (status != PostStatus::Draft).then(|| at(PUBLISHED)),
        author_ids: authors,
        tag_ids: tags,
    }
}

pub async fn newsroom(db: &Db) -> Newsroom {
    let mut settings = db.site_settings().await.unwrap();
    settings.title = "The Merrow Ledger".into();
    settings.description = "News from the Merrow valley".into();
    settings.timezone = "Europe/Lisbon".into();
    settings.url = "https://news.example".into();
    settings.navigation = vec![
        NavItem {
            label: "Home".into(),
            url: "/".into(),
        },
        NavItem {
            label: "About".into(),
            url: "https://news.example/about/".into(),
        },
    ];
    db.save_site_settings(&settings).await.unwrap();

    let ana = db
        .create_author(&NewAuthor {
            slug: Slug::parse("ana-lee").unwrap(),
            name: "Ana Lee".into(),
            bio: Some("Covers the river.".into()),
            photo_url: None,
        })
        .await
        .unwrap()
        .id;
    let sam = db
        .create_author(&NewAuthor {
            slug: Slug::parse("sam-reyes").unwrap(),
            name: "Sam Reyes".into(),
            bio: None,
            photo_url: Some("/content/images/u/ee01/480.jpg".into()),
        })
        .await
        .unwrap()
        .id;
    let city = db
        .create_tag(&NewTag {
            slug: Slug::parse("city").unwrap(),
            name: "City".into(),
            description: Some("Streets & bridges".into()),
        })
        .await
        .unwrap()
        .id;
    let politics = db
        .create_tag(&NewTag {
            slug: Slug::parse("politics").unwrap(),
            name: "Politics".into(),
            description: None,
        })
        .await
        .unwrap()
        .id;

    let bridge = db
        .create_post(NewPost {
            subtitle: Some("Traffic moves to the ferry.".into()),
            image: Some(Image {
                url: "https://news.example/content/images/u/ff00/1200.png".into(),
                alt: "The bridge".into(),
                caption: None,
                credit: None,
                width: 1200,
                height: 800,
            }),
            ..post(
                "bridge-closes",
                PostStatus::Published,
                vec![sam],
                vec![city],
            )
        })
        .await
        .unwrap();
    let flood = db
        .create_post(NewPost {
            title: "River crests at the pier".into(),
            subtitle: Some("The highest water in forty years.".into()),
            body_markdown: FLOOD_BODY.into(),
            featured: true,
            image: Some(Image {
                url: "/content/images/u/ab12cd/1600.jpg".into(),
                alt: "Flooded pier".into(),
                caption: Some("Water at the pier, Tuesday.".into()),
                credit: Some("Ana Lee/Wire".into()),
                width: 1600,
                height: 900,
            }),
            ..post(
                "river-crests",
                PostStatus::Published,
                vec![ana, sam],
                vec![politics, city],
            )
        })
        .await
        .unwrap();
    db.create_post(post("budget-draft", PostStatus::Draft, vec![ana], vec![]))
        .await
        .unwrap();
    db.create_post(NewPost {
        published_at: Some(at(SCHEDULED)),
        ..post(
            "council-vote",
            PostStatus::Scheduled,
            vec![ana],
            vec![politics],
        )
    })
    .await
    .unwrap();
    db.create_post(NewPost {
        kind: PostKind::Page,
        ..post("about", PostStatus::Published, vec![sam], vec![])
    })
    .await
    .unwrap();

    let briefing = db
        .create_newsletter(
            &NewsletterDraft {
                slug: "briefing".into(),
                name: "The Morning Briefing".into(),
                description: "What happened overnight.".into(),
                cadence: String::new(),
                sender_name: "The Merrow Ledger".into(),
                sender_email: "briefing@news.example".into(),
                reply_to: String::new(),
                signup_open: true,
            },
            at(PUBLISHED),
        )
        .await
        .unwrap();
    let person = |email: &str, consent: bool| ImportRow {
        email: EmailAddress::parse(email).unwrap(),
        name: String::new(),
        newsletter_ids: vec![briefing],
        consent,
    };
    db.import_subscribers(
        &[
            ImportRow {
                name: "Reader One".into(),
                ..person("reader@example.org", true)
            },
            person("gone@example.org", true),
            person("unsure@example.org", false),
        ],
        "test",
        at(PUBLISHED),
    )
    .await
    .unwrap();
    let gone = db
        .subscriber_id_by_email(&EmailAddress::parse("gone@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    db.unsubscribe(gone, briefing, "test", at(PUBLISHED))
        .await
        .unwrap();

    Newsroom {
        ana,
        sam,
        city,
        politics,
        flood,
        bridge,
        briefing,
    }
}

/// Things Ghost's format has no place for: a News Feed item and an editor's note.
pub async fn add_feed_and_note(db: &Db, newsroom: &Newsroom) {
    db.create_feed_item(&NewFeedItem {
        headline: "Ferry runs every hour".into(),
        text: "Until the bridge reopens.".into(),
        post_slug: None,
        published_at: at(PUBLISHED),
        updated_at: None,
        created_by: None,
        edition: byline_core::editions::MAIN_EDITION,
    })
    .await
    .unwrap();
    db.add_note(
        newsroom.flood,
        NoteKind::Correction,
        "An earlier version misstated the crest.",
        at(PUBLISHED),
    )
    .await
    .unwrap();
}
