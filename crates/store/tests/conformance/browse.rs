//! Browsing published articles as the Content API does: every NQL operator and alias
//! against a small archive whose answers are known, and the kept-list shortcut
//! checked against the general query (hostile and oversized filters are in
//! `browse_refusals.rs`).

use byline_core::content::NewPost;
use byline_core::public_ids::Resource;
use byline_core::{PostId, PostKind, PostStatus};
use byline_store::{Browse, Db, NewAuthor, NewTag, Order, StoreError};
use jiff::Timestamp;

use crate::{Newsroom, article, newsroom, restatus, slug};

crate::conformance!(
    article_browses_show_only_published_articles,
    every_operator_answers_with_the_right_articles,
    every_alias_reads_the_rows_it_names,
    orders_and_pages_keep_the_total,
    the_kept_lists_answer_as_the_general_query_does,
    the_featured_list_keeps_in_step_with_every_change,
    each_edition_is_browsed_on_its_own,
);

/// The published articles of [`archive`], newest first.
const NEWEST: &str = "fresh zebra bridge budget toll snake";

pub struct Archive {
    pub n: Newsroom,
    /// A tag only the draft carries.
    pub weather: i64,
    /// An author only the scheduled article has.
    pub ada: i64,
    pub bridge: PostId,
    pub draft: PostId,
    pub page: PostId,
}

fn utc(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// The six articles of [`NEWEST`], plus a draft, a scheduled article and a page (the
/// newest of all), which no article browse may show and no count may include.
pub async fn archive(db: &Db) -> Archive {
    let n = newsroom(db).await;
    let (reporter, editor, city, politics) = (n.reporter, n.editor, n.city, n.politics);
    let weather = db
        .create_tag(&NewTag {
            slug: slug("weather"),
            name: "Weather".into(),
            description: None,
        })
        .await
        .unwrap()
        .id;
    let ada = db
        .create_author(&NewAuthor {
            slug: slug("ada-lin"),
            name: "Ada Lin".into(),
            bio: None,
            photo_url: None,
        })
        .await
        .unwrap()
        .id;
    let fresh = NewPost {
        title: "Fresh bread at the square".into(),
        subtitle: Some("Queues by seven".into()),
        featured: true,
        ..article("fresh", 2, vec![reporter], vec![city])
    };
    // `snake-case` here and `snake_case` below tell an escaped `_` from a wildcard,
    // as `50 seats` and `50%` do for `%`.
    let zebra = NewPost {
        title: "ZEBRA crossing painted in snake-case style".into(),
        ..article("zebra", 30, vec![editor], vec![politics])
    };
    let bridge = NewPost {
        title: "Bridge closes for repairs".into(),
        subtitle: Some("The river crossing shuts".into()),
        featured: true,
        published_at: Some(utc("2024-03-10T09:00:00Z")),
        ..article("bridge", 0, vec![reporter], vec![city, politics])
    };
    let budget = NewPost {
        title: "Council budget: 50 seats up for a vote".into(),
        published_at: Some(utc("2024-02-01T00:00:00Z")),
        ..article("budget", 0, vec![editor, reporter], vec![politics, city])
    };
    let toll = NewPost {
        title: "Toll cut: 50% off".into(),
        published_at: Some(utc("2023-11-20T00:00:00Z")),
        ..article("toll", 0, vec![editor], vec![city])
    };
    let snake = NewPost {
        title: "Why snake_case names last".into(),
        subtitle: Some("A style guide".into()),
        // Ten minutes of reading.
        body_markdown: "word ".repeat(2_750),
        published_at: Some(utc("2023-06-01T12:00:00Z")),
        ..article("snake", 0, vec![reporter], vec![])
    };
    let draft = NewPost {
        status: PostStatus::Draft,
        published_at: None,
        featured: true,
        ..article("draft", 0, vec![reporter], vec![city, weather])
    };
    let scheduled = NewPost {
        status: PostStatus::Scheduled,
        ..article("scheduled", -5, vec![ada], vec![city])
    };
    let page = NewPost {
        kind: PostKind::Page,
        ..article("about", 1, vec![reporter], vec![city])
    };
    let mut ids = Vec::new();
    for post in [
        fresh, zebra, bridge, budget, toll, snake, draft, scheduled, page,
    ] {
        ids.push(db.create_post(post).await.unwrap());
    }
    Archive {
        n,
        weather,
        ada,
        bridge: ids[2],
        draft: ids[6],
        page: ids[8],
    }
}

/// Everything `text` matches, on one page, in the resource's own order.
pub fn filtered(text: &str) -> Browse {
    Browse {
        filter: Some(byline_nql::parse(text).unwrap()),
        limit: 100,
        ..Browse::default()
    }
}

/// An order as the API's clients write it: `featured desc, title asc`.
pub fn ordered(text: &str) -> Vec<Order> {
    let keys = text.split(',').map(str::split_whitespace);
    keys.filter_map(|mut words| {
        Some(Order {
            property: words.next()?.into(),
            descending: words.next() == Some("desc"),
        })
    })
    .collect()
}

/// The `before => after` lines of `table`.
pub fn cases(table: &str) -> impl Iterator<Item = (&str, &str)> {
    let lines = table.lines().map(str::trim).filter(|l| !l.is_empty());
    lines.map(|line| {
        let (before, after) = line
            .split_once(" =>")
            .expect("a line reads before => after");
        (before, after.trim())
    })
}

/// The slugs of the page, space-separated, and the total.
pub async fn articles(db: &Db, browse: &Browse) -> (String, i64) {
    let page = db.browse_published(PostKind::Post, browse).await.unwrap();
    let slugs: Vec<&str> = page.items.iter().map(|p| p.summary.slug.as_str()).collect();
    (slugs.join(" "), page.total)
}

/// Checks that `text` finds exactly `expected` (slugs, space-separated, newest
/// first) and counts them.
pub async fn finds(db: &Db, text: &str, expected: &str) {
    let (slugs, total) = articles(db, &filtered(text)).await;
    assert_eq!(slugs, expected, "{text}");
    let count = expected.split_whitespace().count() as i64;
    assert_eq!(total, count, "the total of {text}");
}

/// Runs each `filter => slugs` line of `table`.
pub async fn finds_each(db: &Db, table: &str) {
    for (text, expected) in cases(table) {
        finds(db, text, expected).await;
    }
}

/// The message of the `InvalidQuery` that `browse` must be answered with.
pub async fn refused(db: &Db, browse: &Browse) -> String {
    match db.browse_published(PostKind::Post, browse).await {
        Err(StoreError::InvalidQuery(message)) => message,
        other => panic!("{browse:?} should be refused, got {other:?}"),
    }
}

async fn article_browses_show_only_published_articles(db: &Db) {
    let a = archive(db).await;
    let everything = Browse {
        limit: 100,
        ..Browse::default()
    };
    assert_eq!(articles(db, &everything).await, (NEWEST.to_owned(), 6));
    finds_each(
        db,
        "
        slug:-nothing => fresh zebra bridge budget toll snake
        status:published => fresh zebra bridge budget toll snake
        status:draft =>
        status:scheduled =>
        tag:weather =>
        author:ada-lin =>
        tag:city => fresh bridge budget toll
        tag:[city] => fresh bridge budget toll
        ",
    )
    .await;
    let (draft, page) = (
        Resource::Post.id(a.draft.get()),
        Resource::Post.id(a.page.get()),
    );
    finds_each(db, &format!("id:{draft} =>\n id:{page} =>")).await;

    let pages = db.browse_published(PostKind::Page, &everything).await;
    let pages = pages.unwrap();
    assert_eq!(pages.total, 1);
    assert_eq!(pages.items[0].summary.slug.as_str(), "about");
    let city_pages = filtered("tag:city");
    let city_pages = db.browse_published(PostKind::Page, &city_pages).await;
    assert_eq!(city_pages.unwrap().items, pages.items);

    let bridge = db.published_post_by_id(a.bridge).await.unwrap().unwrap();
    assert_eq!(bridge.summary.slug.as_str(), "bridge");
    assert!(bridge.body_html.contains("Some words"));
    for hidden in [a.draft, PostId(999_999)] {
        assert!(db.published_post_by_id(hidden).await.unwrap().is_none());
    }
    let page = db.published_post_by_id(a.page).await.unwrap().unwrap();
    assert_eq!(page.summary.kind, PostKind::Page);
}

async fn every_operator_answers_with_the_right_articles(db: &Db) {
    archive(db).await;
    // Contains, starts and ends with are case-insensitive, and `%` and `_` in a value
    // match only themselves. Budget was published at the first second of
    // 2024-02-01, toll at that of 2023-11-20, bridge at 09:00 UTC on 2024-03-10
    // (11:00 two hours east). `+` binds tighter than `,`.
    finds_each(
        db,
        "
        slug:bridge => bridge
        slug:'bridge' => bridge
        slug:-bridge => fresh zebra budget toll snake
        slug:[toll, snake, nothing] => toll snake
        slug:-[toll,snake] => fresh zebra bridge budget

        title:~zebra => zebra
        title:~'SNAKE' => zebra snake
        title:~'snake_case' => snake
        title:~'50%' => toll
        title:~'%' => toll
        title:~'_' => snake
        title:-~'snake' => fresh bridge budget toll
        title:~^'why' => snake
        title:~^'%' =>
        slug:~^b => bridge budget
        title:-~^B => fresh zebra budget toll snake
        title:~$'OFF' => toll
        slug:~$e => bridge snake
        title:-~$'off' => fresh zebra bridge budget snake

        featured:true => fresh bridge
        featured:false => zebra budget toll snake
        featured:-true => zebra budget toll snake
        custom_excerpt:null => zebra budget toll
        custom_excerpt:-null => fresh bridge snake
        published_at:null =>
        reading_time:>5 => snake
        reading_time:<=5 => fresh zebra bridge budget toll

        published_at:>now-30d => fresh zebra
        published_at:<=now-30d => bridge budget toll snake
        published_at:<now-1d => zebra bridge budget toll snake
        published_at:<now => fresh zebra bridge budget toll snake
        published_at:>'2024-01-01' => fresh zebra bridge budget
        published_at:>2024-02-01 => fresh zebra bridge
        published_at:>=2024-02-01 => fresh zebra bridge budget
        published_at:<'2023-11-20' => snake
        published_at:<='2023-11-20 00:00:00' => toll snake
        published_at:<'2024-03-10T11:00:00+02:00' => budget toll snake
        published_at:<='2024-03-10T11:00:00+02:00' => bridge budget toll snake
        published_at:>='2023-01-01'+published_at:<'2024-01-01' => toll snake

        tag:city+featured:true => fresh bridge
        tag:city + featured:false => budget toll
        tag:politics+featured:true,author:olena-koval => fresh bridge budget snake
        tag:politics+(featured:true,author:olena-koval) => bridge budget
        (tag:city,tag:politics)+slug:-budget => fresh zebra bridge toll
        ",
    )
    .await;
}

async fn every_alias_reads_the_rows_it_names(db: &Db) {
    let a = archive(db).await;
    // A `-` test on tags keeps the articles with no tag at all.
    finds_each(
        db,
        "
        tag:city => fresh bridge budget toll
        tags:city => fresh bridge budget toll
        tags.slug:city => fresh bridge budget toll
        tag:[politics] => zebra bridge budget
        tags:[politics] => zebra bridge budget
        tags.slug:[politics] => zebra bridge budget
        tag:-city => zebra snake
        tags:-city => zebra snake
        tags.slug:-city => zebra snake
        tag:-[city,politics] => snake
        tags:null => snake
        tags.name:Politics => zebra bridge budget
        tags.name:~'CIT' => fresh bridge budget toll
        primary_tag:politics => zebra budget
        primary_tag.slug:city => fresh bridge toll
        primary_tag:-city => zebra budget snake

        author:olena-koval => fresh bridge budget snake
        authors:olena-koval => fresh bridge budget snake
        authors.slug:olena-koval => fresh bridge budget snake
        author:-sam-reyes => fresh bridge snake
        authors:-sam-reyes => fresh bridge snake
        authors.slug:-sam-reyes => fresh bridge snake
        authors.name:~'reyes' => zebra budget toll
        authors.name:'Олена Коваль' => fresh bridge budget snake
        primary_author:sam-reyes => zebra budget toll
        primary_author.slug:olena-koval => fresh bridge snake
        ",
    )
    .await;
    let (city, politics) = (Resource::Tag.id(a.n.city), Resource::Tag.id(a.n.politics));
    let reporter = Resource::Author.id(a.n.reporter);
    let bridge = Resource::Post.id(a.bridge.get());
    let table = format!(
        "
        tags.id:{politics} => zebra bridge budget
        tags.id:-{politics} => fresh toll snake
        tags.id:[{city},{politics}] => fresh zebra bridge budget toll
        authors.id:{reporter} => fresh bridge budget snake
        id:{bridge} => bridge
        id:-{bridge} => fresh zebra budget toll snake
        "
    );
    finds_each(db, &table).await;
}

async fn orders_and_pages_keep_the_total(db: &Db) {
    archive(db).await;
    let by_title = "bridge budget fresh toll snake zebra";
    let table = "
        title asc => bridge budget fresh toll snake zebra
        title desc => zebra snake toll fresh budget bridge
        published_at asc => snake toll budget bridge zebra fresh
        published_at desc => fresh zebra bridge budget toll snake
        featured desc, title asc => bridge fresh budget toll snake zebra
        featured desc, published_at desc => fresh bridge zebra budget toll snake
    ";
    for (order, expected) in cases(table) {
        let browse = Browse {
            order: ordered(order),
            limit: 100,
            ..Browse::default()
        };
        assert_eq!(articles(db, &browse).await.0, expected, "{order}");
    }
    // An order takes a kept list's filter to the general query.
    let city_by_slug = Browse {
        order: ordered("slug asc"),
        ..filtered("tag:city")
    };
    let city_by_slug = articles(db, &city_by_slug).await;
    assert_eq!(city_by_slug, ("bridge budget fresh toll".to_owned(), 4));

    for filter in [None, Some("featured:[true,false]")] {
        for order in [vec![], ordered("title asc")] {
            let whole = if order.is_empty() { NEWEST } else { by_title };
            let whole: Vec<&str> = whole.split(' ').collect();
            for offset in [0, 2, 4, 5, 6, 60] {
                let browse = Browse {
                    filter: filter.map(|f| byline_nql::parse(f).unwrap()),
                    order: order.clone(),
                    limit: 2,
                    offset,
                };
                let from = (offset as usize).min(6);
                let expected = whole[from..(from + 2).min(6)].join(" ");
                let step = format!("{filter:?} {order:?} from {offset}");
                assert_eq!(articles(db, &browse).await, (expected, 6), "{step}");
            }
        }
    }
}

/// Reads `fast` (no filter, or one read from a kept list) and `general` (the same
/// rows asked so that the database answers) page by page: they must agree.
async fn agree(db: &Db, fast: Option<&str>, general: &str) {
    for (limit, offset) in [(100, 0), (2, 0), (2, 1), (3, 2), (2, 4), (2, 6), (5, 50)] {
        let kept = Browse {
            filter: fast.map(|f| byline_nql::parse(f).unwrap()),
            order: Vec::new(),
            limit,
            offset,
        };
        let asked = Browse {
            limit,
            offset,
            ..filtered(general)
        };
        let step = format!("{fast:?} and {general}, {limit} from {offset}");
        assert_eq!(
            articles(db, &kept).await,
            articles(db, &asked).await,
            "{step}"
        );
    }
}

async fn the_kept_lists_answer_as_the_general_query_does(db: &Db) {
    let a = archive(db).await;
    let pairs = [
        (None, "published_at:-null"),
        (Some("tag:city"), "tag:[city]"),
        (Some("tags:'politics'"), "tags.slug:[politics]"),
        (Some("tags.slug:city"), "tags.name:City"),
        (Some("author:olena-koval"), "author:[olena-koval]"),
        (
            Some("authors.slug:sam-reyes"),
            "primary_author:sam-reyes,author:[sam-reyes]",
        ),
        (Some("tag:no-such-tag"), "tag:[no-such-tag]"),
        (Some("author:nobody"), "author:[nobody]"),
        (Some("tag:weather"), "tags:[weather]"),
        (Some("featured:true"), "featured:[true]"),
        // A section or author and more: read from the kept list, the rest tested.
        (Some("tag:city+featured:true"), "tag:[city]+featured:true"),
        (
            Some("featured:false+author:olena-koval"),
            "featured:false+author:[olena-koval]",
        ),
        (
            Some("tag:city+published_at:>'2020-01-01'+author:-sam-reyes"),
            "tag:[city]+published_at:>'2020-01-01'+author:-sam-reyes",
        ),
        (
            Some("tag:no-such-tag+featured:true"),
            "tag:[no-such-tag]+featured:true",
        ),
        (
            Some("featured:true+published_at:>'2024-03-01'"),
            "featured:[true]+published_at:>'2024-03-01'",
        ),
        // Counted from the list alone: nothing but the date is asked of the articles.
        (
            Some("published_at:<'2026-01-01'+tag:city"),
            "published_at:<'2026-01-01'+tag:[city]",
        ),
    ];
    for (fast, general) in pairs {
        agree(db, fast, general).await;
    }
    let unknown = articles(db, &filtered("tag:no-such-tag")).await;
    assert_eq!(unknown, (String::new(), 0));
    // Newest first asked for in words is still the kept list's order.
    let newest_first = Browse {
        order: ordered("published_at desc"),
        ..filtered("tag:city")
    };
    let city = articles(db, &filtered("tag:[city]")).await;
    assert_eq!(articles(db, &newest_first).await, city);

    // The lists follow an unpublishing, as the general query does.
    restatus(db, a.bridge, PostStatus::Draft, None).await;
    for (fast, general) in pairs {
        agree(db, fast, general).await;
    }
    finds(db, "tag:city", "fresh budget toll").await;
}

/// Saves the published article `name` again, featured or not.
async fn feature(db: &Db, name: &str, featured: bool) {
    let id = db
        .published_post(&slug(name))
        .await
        .unwrap()
        .expect("published")
        .summary
        .id;
    let current = db.desk_post(id).await.unwrap().unwrap().post;
    let summary = &current.summary;
    let post = NewPost {
        slug: summary.slug.clone(),
        kind: summary.kind,
        status: summary.status,
        title: summary.title.clone(),
        subtitle: summary.subtitle.clone(),
        body_markdown: current.body_markdown.clone(),
        image: summary.image.clone(),
        featured,
        published_at: summary.published_at,
        author_ids: summary.authors.iter().map(|a| a.id).collect(),
        tag_ids: summary.tags.iter().map(|t| t.id).collect(),
    };
    crate::resave(db, id, post).await.unwrap();
}

async fn the_featured_list_keeps_in_step_with_every_change(db: &Db) {
    let a = archive(db).await;
    let featured = async || {
        let fast = articles(db, &filtered("featured:true")).await;
        // The same rows asked so that the database answers, not the kept list.
        assert_eq!(fast, articles(db, &filtered("featured:[true]")).await);
        fast
    };
    assert_eq!(featured().await, ("fresh bridge".to_owned(), 2));
    feature(db, "zebra", true).await;
    assert_eq!(featured().await, ("fresh zebra bridge".to_owned(), 3));
    feature(db, "bridge", false).await;
    assert_eq!(featured().await, ("fresh zebra".to_owned(), 2));
    // Taken down and put back: out of the list and in again, in its place.
    let zebra = db.published_post(&slug("zebra")).await.unwrap().unwrap();
    let published_at = zebra.summary.published_at;
    restatus(db, zebra.summary.id, PostStatus::Draft, None).await;
    assert_eq!(featured().await, ("fresh".to_owned(), 1));
    restatus(db, zebra.summary.id, PostStatus::Published, published_at).await;
    assert_eq!(featured().await, ("fresh zebra".to_owned(), 2));
    // The featured draft never shows, whatever happens to its tags.
    restatus(db, a.draft, PostStatus::Draft, None).await;
    assert_eq!(featured().await, ("fresh zebra".to_owned(), 2));
}

/// Articles moved into a second edition leave the main edition's browses, kept list
/// and general query alike, and are what that edition's browses find.
async fn each_edition_is_browsed_on_its_own(db: &Db) {
    let a = archive(db).await;
    let uk = db
        .add_edition(&byline_store::testing::ukrainian_edition("uk"))
        .await
        .unwrap();
    let zebra: i64 = sqlx::query_scalar("SELECT id FROM posts WHERE slug = 'zebra'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    for moved in [a.bridge, PostId(zebra), a.page] {
        db.move_post_to_edition(moved, uk).await.unwrap();
    }
    let in_edition = async |edition, kind, text: Option<&str>| {
        let browse = Browse {
            filter: text.map(|t| byline_nql::parse(t).unwrap()),
            limit: 100,
            ..Browse::default()
        };
        let page = db
            .browse_published_in(kind, edition, &browse)
            .await
            .unwrap();
        let slugs: Vec<&str> = page.items.iter().map(|p| p.summary.slug.as_str()).collect();
        (slugs.join(" "), page.total)
    };
    let main = byline_core::editions::MAIN_EDITION;
    // No filter and a section read kept lists; the others ask the database.
    for (text, main_finds, uk_finds) in [
        (None, "fresh budget toll snake", "zebra bridge"),
        (
            Some("published_at:-null"),
            "fresh budget toll snake",
            "zebra bridge",
        ),
        (Some("tag:city"), "fresh budget toll", "bridge"),
        (Some("tag:[city]"), "fresh budget toll", "bridge"),
        (Some("tag:city+slug:-toll"), "fresh budget", "bridge"),
    ] {
        let count = |s: &str| s.split_whitespace().count() as i64;
        assert_eq!(
            in_edition(main, PostKind::Post, text).await,
            (main_finds.to_owned(), count(main_finds)),
            "{text:?} in the main edition"
        );
        assert_eq!(
            in_edition(uk, PostKind::Post, text).await,
            (uk_finds.to_owned(), count(uk_finds)),
            "{text:?} in the second edition"
        );
    }
    assert_eq!(in_edition(main, PostKind::Page, None).await.1, 0);
    assert_eq!(
        in_edition(uk, PostKind::Page, None).await,
        ("about".to_owned(), 1)
    );
}
