//! The JSON file: its shape, and each rule an importer relies on.

use std::collections::HashSet;

use byline_core::content::NewPost;
use byline_core::{PostKind, PostStatus, Slug};
use byline_export::ids::{self, Table};
use byline_store::{Db, PreparedPost};
use serde_json::Value;

use crate::newsroom::{FLOOD_BODY, add_feed_and_note, newsroom};
use crate::{export, row, table};

crate::on_both_engines!(
    the_file_is_a_ghost_import_with_every_table,
    posts_keep_their_markdown_status_and_times,
    bodies_link_to_ghost_urls_and_related_articles_become_bookmarks,
    links_between_posts_tags_and_users_share_ids,
    lead_photos_keep_alt_caption_and_credit,
    authors_become_contributors_with_invalid_addresses,
    members_are_confirmed_subscribers_only,
    site_settings_and_newsletters_map_to_ghost,
    what_ghost_has_no_place_for_is_reported,
    values_longer_than_ghost_takes_are_kept_and_named,
    two_exports_of_one_site_are_identical_but_for_their_time,
    large_sites_are_read_in_pages_and_reported_as_they_go,
);

async fn the_file_is_a_ghost_import_with_every_table(db: &Db) {
    newsroom(db).await;
    let (_, export, report) = export(db).await;
    let meta = &export["db"][0]["meta"];
    assert_eq!(meta["version"], "5.0.0");
    let now = jiff::Timestamp::now().as_millisecond();
    let exported_on = meta["exported_on"].as_i64().unwrap();
    assert!((now - 60_000..=now).contains(&exported_on));
    for name in [
        "posts",
        "tags",
        "users",
        "posts_tags",
        "posts_authors",
        "posts_meta",
        "roles",
        "roles_users",
        "settings",
        "newsletters",
        "members",
        "members_newsletters",
    ] {
        let rows = table(&export, name);
        for row in rows {
            let id = row["id"].as_str().unwrap();
            assert_eq!(id.len(), 24, "{name} id {id}");
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{name} id {id}");
        }
        let ids: HashSet<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), rows.len(), "{name} ids are unique");
    }
    assert_eq!(
        (report.posts, report.pages, report.tags, report.authors),
        (4, 1, 2, 2)
    );
    assert_eq!((report.newsletters, report.members), (1, 2));
    assert_eq!(table(&export, "posts").len(), 5);
}

async fn posts_keep_their_markdown_status_and_times(db: &Db) {
    let n = newsroom(db).await;
    let (_, export, _) = export(db).await;

    let flood = row(&export, "posts", "slug", "river-crests");
    assert_eq!(flood["id"], ids::id(Table::Posts, n.flood.get()));
    assert_eq!(flood["title"], "River crests at the pier");
    assert_eq!(flood["type"], "post");
    assert_eq!(flood["status"], "published");
    assert_eq!(flood["visibility"], "public");
    assert_eq!(flood["featured"], true);
    assert_eq!(flood["mobiledoc"], Value::Null);
    assert_eq!(flood["custom_excerpt"], "The highest water in forty years.");
    assert_eq!(flood["published_at"], "2024-11-16T19:06:00.000Z");
    let stored = db
        .post_by_slug(&Slug::parse("river-crests").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        flood["uuid"], stored.summary.uuid,
        "the UUID (feed GUIDs) survives the move"
    );
    assert!(flood["created_at"].as_str().unwrap().ends_with(".000Z"));
    assert!(flood["updated_at"].as_str().unwrap().ends_with(".000Z"));
    assert_eq!(
        flood["feature_image"],
        "__GHOST_URL__/content/images/u/ab12cd/1600.jpg"
    );

    // The Lexical document: the Markdown verbatim in Markdown cards, each related
    // marker a bookmark card between them (Ghost renders pages from this document).
    let lexical: Value = serde_json::from_str(flood["lexical"].as_str().unwrap()).unwrap();
    assert_eq!(lexical["root"]["type"], "root");
    let children = lexical["root"]["children"].as_array().unwrap();
    let kinds: Vec<&str> = children
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["markdown", "bookmark", "bookmark", "markdown"]);
    assert_eq!(children[0]["version"], 1);
    assert_eq!(children[1]["url"], "__GHOST_URL__/bridge-closes/");
    assert_eq!(children[2]["url"], "__GHOST_URL__/budget-draft/");
    let rejoined = format!(
        "{}\n\n[[related: bridge-closes]]\n\n[[related: budget-draft]]\n\n{}",
        children[0]["markdown"].as_str().unwrap(),
        children[3]["markdown"].as_str().unwrap()
    );
    assert_eq!(rejoined, FLOOD_BODY);

    let plaintext = flood["plaintext"].as_str().unwrap();
    assert!(plaintext.starts_with("The river crested at dawn."));
    assert!(plaintext.contains("Water receded by evening."));
    assert!(!plaintext.contains("[[related"));

    let statuses: Vec<(&str, &str, &str)> = table(&export, "posts")
        .iter()
        .map(|p| {
            (
                p["slug"].as_str().unwrap(),
                p["type"].as_str().unwrap(),
                p["status"].as_str().unwrap(),
            )
        })
        .collect();
    for expected in [
        ("bridge-closes", "post", "published"),
        ("budget-draft", "post", "draft"),
        ("council-vote", "post", "scheduled"),
        ("about", "page", "published"),
    ] {
        assert!(statuses.contains(&expected), "{expected:?} in {statuses:?}");
    }
    let draft = row(&export, "posts", "slug", "budget-draft");
    assert_eq!(draft["published_at"], Value::Null);
    assert_eq!(draft["custom_excerpt"], Value::Null);
    assert_eq!(draft["feature_image"], Value::Null);
    let scheduled = row(&export, "posts", "slug", "council-vote");
    assert_eq!(scheduled["published_at"], "2031-01-02T08:30:00.000Z");
    // Images on the site's own address are Ghost's too.
    let bridge = row(&export, "posts", "slug", "bridge-closes");
    assert_eq!(
        bridge["feature_image"],
        "__GHOST_URL__/content/images/u/ff00/1200.png"
    );
}

async fn bodies_link_to_ghost_urls_and_related_articles_become_bookmarks(db: &Db) {
    newsroom(db).await;
    let (_, export, _) = export(db).await;
    let html = row(&export, "posts", "slug", "river-crests")["html"]
        .as_str()
        .unwrap();
    assert!(
        html.contains("src=\"__GHOST_URL__/content/images/u/ab12cd/800.jpg\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"__GHOST_URL__/bridge-closes/\""),
        "{html}"
    );
    assert!(html.contains("href=\"__GHOST_URL__/tag/city/\""), "{html}");
    assert!(!html.contains("[[related"), "{html}");
    // The published article gets a card; the draft gets nothing, as on Byline's page.
    assert_eq!(html.matches("kg-bookmark-card").count(), 1, "{html}");
    assert!(html.contains("<div class=\"kg-bookmark-title\">Headline of bridge-closes</div>"));
    assert!(
        html.contains("<div class=\"kg-bookmark-description\">Traffic moves to the ferry.</div>")
    );
    assert!(html.contains("<span class=\"kg-bookmark-publisher\">The Merrow Ledger</span>"));
    assert!(html.contains("<img src=\"__GHOST_URL__/content/images/u/ff00/1200.png\""));
    assert!(!html.contains("budget-draft"), "{html}");
}

async fn links_between_posts_tags_and_users_share_ids(db: &Db) {
    let n = newsroom(db).await;
    let (_, export, _) = export(db).await;
    let post_ids: HashSet<&str> = table(&export, "posts")
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let tag_ids: HashSet<&str> = table(&export, "tags")
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    let user_ids: HashSet<&str> = table(&export, "users")
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    for link in table(&export, "posts_tags") {
        assert!(post_ids.contains(link["post_id"].as_str().unwrap()));
        assert!(tag_ids.contains(link["tag_id"].as_str().unwrap()));
    }
    for link in table(&export, "posts_authors") {
        assert!(post_ids.contains(link["post_id"].as_str().unwrap()));
        assert!(user_ids.contains(link["author_id"].as_str().unwrap()));
    }

    // The flood story's section (politics) comes first, then city; Ana, then Sam.
    let flood = ids::id(Table::Posts, n.flood.get());
    let ordered = |name: &str, field: &str| -> Vec<String> {
        let mut links: Vec<&Value> = table(&export, name)
            .iter()
            .filter(|l| l["post_id"] == flood.as_str())
            .collect();
        links.sort_by_key(|l| l["sort_order"].as_i64().unwrap());
        links
            .iter()
            .map(|l| l[field].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ordered("posts_tags", "tag_id"),
        [
            ids::id(Table::Tags, n.politics),
            ids::id(Table::Tags, n.city)
        ]
    );
    assert_eq!(
        ordered("posts_authors", "author_id"),
        [ids::id(Table::Users, n.ana), ids::id(Table::Users, n.sam)]
    );
    let first = row(&export, "posts_tags", "post_id", &flood);
    assert!(first.get("author_id").is_none());
    let bridge_tags: Vec<&Value> = table(&export, "posts_tags")
        .iter()
        .filter(|l| l["post_id"] == ids::id(Table::Posts, n.bridge.get()).as_str())
        .collect();
    assert_eq!(bridge_tags.len(), 1);
    assert_eq!(bridge_tags[0]["sort_order"], 0);
    assert_eq!(table(&export, "posts_tags").len(), 4);
    assert_eq!(table(&export, "posts_authors").len(), 6);
}

async fn lead_photos_keep_alt_caption_and_credit(db: &Db) {
    let n = newsroom(db).await;
    let (_, export, _) = export(db).await;
    let meta = row(
        &export,
        "posts_meta",
        "post_id",
        &ids::id(Table::Posts, n.flood.get()),
    );
    assert_eq!(meta["feature_image_alt"], "Flooded pier");
    let caption = meta["feature_image_caption"].as_str().unwrap();
    assert_eq!(caption, "Water at the pier, Tuesday. Photo: Ana Lee/Wire");
    assert_eq!(
        byline_core::credits::split(caption),
        (
            Some("Water at the pier, Tuesday.".to_owned()),
            Some("Photo: Ana Lee/Wire".to_owned())
        )
    );
    let bridge = row(
        &export,
        "posts_meta",
        "post_id",
        &ids::id(Table::Posts, n.bridge.get()),
    );
    assert_eq!(bridge["feature_image_alt"], "The bridge");
    assert_eq!(bridge["feature_image_caption"], Value::Null);
    assert_eq!(
        table(&export, "posts_meta").len(),
        2,
        "posts without a lead photo have no meta row"
    );
}

async fn authors_become_contributors_with_invalid_addresses(db: &Db) {
    let n = newsroom(db).await;
    let (_, export, _) = export(db).await;
    let ana = row(&export, "users", "slug", "ana-lee");
    assert_eq!(ana["id"], ids::id(Table::Users, n.ana));
    assert_eq!(ana["name"], "Ana Lee");
    assert_eq!(ana["email"], "ana-lee@authors.invalid");
    assert_eq!(ana["bio"], "Covers the river.");
    assert_eq!(ana["status"], "active");
    assert_eq!(ana["profile_image"], Value::Null);
    let sam = row(&export, "users", "slug", "sam-reyes");
    assert_eq!(
        sam["profile_image"],
        "__GHOST_URL__/content/images/u/ee01/480.jpg"
    );

    let roles = table(&export, "roles");
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0]["name"], "Author");
    let roles_users = table(&export, "roles_users");
    assert_eq!(roles_users.len(), 2);
    for link in roles_users {
        assert_eq!(link["role_id"], roles[0]["id"]);
    }
    let users: HashSet<&str> = roles_users
        .iter()
        .map(|l| l["user_id"].as_str().unwrap())
        .collect();
    assert!(users.contains(ana["id"].as_str().unwrap()));
    assert!(users.contains(sam["id"].as_str().unwrap()));
}

async fn members_are_confirmed_subscribers_only(db: &Db) {
    let n = newsroom(db).await;
    let (_, export, report) = export(db).await;
    let members = table(&export, "members");
    let emails: Vec<&str> = members
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["reader@example.org", "gone@example.org"]);
    let reader = row(&export, "members", "email", "reader@example.org");
    assert_eq!(reader["name"], "Reader One");
    assert_eq!(reader["status"], "free");
    assert_eq!(reader["created_at"], "2024-11-16T19:06:00.000Z");
    assert_eq!(reader["uuid"].as_str().unwrap().len(), 36);
    let gone = row(&export, "members", "email", "gone@example.org");
    assert_eq!(gone["name"], Value::Null);

    // Only the active subscription: someone who left every list has no rows.
    let subscriptions = table(&export, "members_newsletters");
    assert_eq!(subscriptions.len(), 1);
    assert_eq!(subscriptions[0]["member_id"], reader["id"]);
    assert_eq!(
        subscriptions[0]["newsletter_id"],
        ids::id(Table::Newsletters, n.briefing.get())
    );
    assert!(
        report
            .left_out
            .iter()
            .any(|line| line.starts_with("1 subscribers who never confirmed")),
        "{:?}",
        report.left_out
    );
    let text = serde_json::to_string(&export).unwrap();
    assert!(!text.contains("unsure@example.org"));
}

async fn site_settings_and_newsletters_map_to_ghost(db: &Db) {
    newsroom(db).await;
    let (_, export, _) = export(db).await;
    let setting = |key: &str| row(&export, "settings", "key", key)["value"].clone();
    assert_eq!(setting("title"), "The Merrow Ledger");
    assert_eq!(setting("description"), "News from the Merrow valley");
    assert_eq!(setting("timezone"), "Europe/Lisbon");
    assert_eq!(setting("locale"), "en");
    let navigation: Value = serde_json::from_str(setting("navigation").as_str().unwrap()).unwrap();
    assert_eq!(
        navigation,
        serde_json::json!([{"label": "Home", "url": "/"}, {"label": "About", "url": "/about/"}])
    );
    for setting in table(&export, "settings") {
        assert_eq!(setting["group"], "site");
        assert!(
            !setting["key"].as_str().unwrap().starts_with("secret"),
            "no secret leaves the site"
        );
    }

    let briefing = row(&export, "newsletters", "slug", "briefing");
    assert_eq!(briefing["name"], "The Morning Briefing");
    assert_eq!(briefing["description"], "What happened overnight.");
    assert_eq!(briefing["sender_name"], "The Merrow Ledger");
    assert_eq!(briefing["sender_email"], "briefing@news.example");
    assert_eq!(briefing["sender_reply_to"], "newsletter");
    assert_eq!(briefing["status"], "active");
    assert_eq!(briefing["subscribe_on_signup"], true);
    assert_eq!(briefing["sort_order"], 0);
    assert_eq!(briefing["uuid"].as_str().unwrap().len(), 36);
}

async fn what_ghost_has_no_place_for_is_reported(db: &Db) {
    let n = newsroom(db).await;
    add_feed_and_note(db, &n).await;
    let (_, _, report) = export(db).await;
    let has = |start: &str| report.left_out.iter().any(|line| line.starts_with(start));
    assert!(!has("1 editions"), "one edition is what Ghost has");
    // What editions leave out: editions.rs.
    assert!(has("1 News Feed items: "), "{:?}", report.left_out);
    assert!(has("1 editor's notes: "), "{:?}", report.left_out);
    assert!(
        has("1 subscribers who never confirmed"),
        "{:?}",
        report.left_out
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

async fn values_longer_than_ghost_takes_are_kept_and_named(db: &Db) {
    let n = newsroom(db).await;
    let title = "Long ".repeat(56).trim_end().to_owned();
    db.create_post(NewPost {
        slug: Slug::parse("long-title").unwrap(),
        kind: PostKind::Post,
        status: PostStatus::Draft,
        title: title.clone(),
        subtitle: None,
        body_markdown: "Words.".into(),
        image: None,
        featured: false,
        published_at: None,
        author_ids: vec![n.ana],
        tag_ids: vec![],
    })
    .await
    .unwrap();
    let (_, export, report) = export(db).await;
    assert_eq!(row(&export, "posts", "slug", "long-title")["title"], title);
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(
        report.warnings[0].starts_with("1 titles longer than Ghost's 255 characters"),
        "{:?}",
        report.warnings
    );
    assert!(report.warnings[0].ends_with(": long-title"));
}

async fn two_exports_of_one_site_are_identical_but_for_their_time(db: &Db) {
    newsroom(db).await;
    let (first, _, _) = export(db).await;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let (second, _, _) = export(db).await;
    let without_time = |bytes: &[u8]| {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let start = text.find("\"exported_on\":").unwrap() + "\"exported_on\":".len();
        let end = start + text[start..].find(',').unwrap();
        format!("{}{}", &text[..start], &text[end..])
    };
    assert_ne!(first, second, "the export time differs");
    assert_eq!(without_time(&first), without_time(&second));
}

async fn large_sites_are_read_in_pages_and_reported_as_they_go(db: &Db) {
    let n = newsroom(db).await;
    let posts: Vec<PreparedPost> = (0..600)
        .map(|i| {
            PreparedPost::new(NewPost {
                slug: Slug::parse(&format!("wire-{i}")).unwrap(),
                kind: PostKind::Post,
                status: PostStatus::Published,
                title: format!("Wire story {i}"),
                subtitle: None,
                body_markdown: format!("Story number {i}.\n\n[[related: river-crests]]"),
                image: None,
                featured: false,
                published_at: Some(crate::newsroom::at(crate::newsroom::PUBLISHED)),
                author_ids: vec![n.ana],
                tag_ids: vec![n.city],
            })
            .unwrap()
        })
        .collect();
    db.create_posts(&posts).await.unwrap();

    let seen = std::sync::Mutex::new(Vec::new());
    let mut bytes = Vec::new();
    let report =
        byline_export::write_ghost_json(db, &mut bytes, &|done| seen.lock().unwrap().push(done))
            .await
            .unwrap();
    let export: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(report.posts + report.pages, 605);
    assert_eq!(table(&export, "posts").len(), 605);
    let slugs: HashSet<&str> = table(&export, "posts")
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs.len(),
        605,
        "no post twice, none missed at a page's edge"
    );
    let seen = seen.into_inner().unwrap();
    assert!(seen.len() >= 3, "progress after every page: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(seen.last(), Some(&605));
    // Links are read 500 at a time too: none lost or repeated across pages.
    for name in ["posts_tags", "posts_authors"] {
        let ids: HashSet<&str> = table(&export, name)
            .iter()
            .map(|l| l["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), table(&export, name).len());
    }
    assert_eq!(table(&export, "posts_tags").len(), 604);
    assert_eq!(table(&export, "posts_authors").len(), 606);
    let last = row(&export, "posts", "slug", "wire-599");
    assert!(
        last["html"]
            .as_str()
            .unwrap()
            .contains("href=\"__GHOST_URL__/river-crests/\"")
    );
}
