//! The News Feed as readers and machines see it, on both engines: its pages (pinned
//! item first, live on page 1 only), each item's own page, the "Show more" fragment,
//! the RSS feed and the `LiveBlogPosting` structured data. (The live stream itself is
//! exercised in a real browser by tests/browser/news_feed.test.mjs.)

use std::time::Duration;

use byline_core::FeedItem;
use byline_store::NewFeedItem;
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION};

use crate::helpers::{Page, TestApp};

const SITE: &str = "http://127.0.0.1:8080";
/// Items the demo newsroom's feed starts with.
const DEMO_ITEMS: usize = 18;

crate::on_both_engines!(
    the_news_feed_pages_through_every_item_and_only_its_first_page_is_live,
    the_pinned_item_leads_the_news_feed_with_a_label,
    each_item_has_its_own_page_and_bad_ids_get_the_404_page,
    show_more_fragments_hold_the_next_ten_items,
    the_news_feed_rss_is_rss_2_with_permalinks_as_guids,
    the_news_feed_page_describes_itself_as_a_live_blog,
);

/// Adds `count` items newer than the demo's, `Extra item 0` the newest.
async fn add_items(app: &TestApp, count: usize) -> Vec<FeedItem> {
    let now = Timestamp::now();
    let mut made = Vec::new();
    // Oldest first, as a newsroom would post them.
    for i in (0..count).rev() {
        let item = app
            .db
            .create_feed_item(&NewFeedItem {
                headline: format!("Extra item {i}"),
                text: format!("Short update number **{i}**."),
                post_slug: None,
                published_at: now - SignedDuration::from_secs(i as i64 + 1),
                updated_at: None,
                created_by: None,
                edition: byline_core::editions::MAIN_EDITION,
            })
            .await
            .unwrap();
        made.push(item);
    }
    made.reverse();
    made
}

fn ids(page: &Page, selector: &str) -> Vec<i64> {
    page.attrs(selector, "data-id")
        .iter()
        .map(|id| id.parse().unwrap())
        .collect()
}

async fn the_news_feed_pages_through_every_item_and_only_its_first_page_is_live(app: &TestApp) {
    let extra = add_items(app, 12).await;
    let first = app.eventually_shows("/news-feed/", "Extra item 11").await;
    assert_eq!(first.status, StatusCode::OK);
    let shown = ids(&first, "main .news-feed > li");
    assert_eq!(shown.len(), 25, "25 items a page");
    assert_eq!(shown[0], extra[0].id, "newest first");
    let expected: Vec<i64> = app
        .db
        .feed_items(25, 0)
        .await
        .unwrap()
        .items
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(shown, expected);
    assert_eq!(
        first.attrs("main ol.news-feed[data-live-feed]", "data-seq"),
        [app.db.feed_event_seq().await.unwrap().to_string()],
        "the list resumes the live stream after the events it shows"
    );
    assert_eq!(first.attrs("main ol.news-feed", "data-heading"), ["h2"]);
    assert_eq!(first.count("main .news-feed h2.feed-headline"), 25);
    assert_eq!(first.attrs("script[src='/assets/feed.js']", "defer"), [""]);
    assert_eq!(
        first.attrs("link[type='application/rss+xml']", "href"),
        ["/rss/", "/news-feed/rss/"]
    );
    assert_eq!(first.attrs("a[rel=next]", "href"), ["/news-feed/page/2/"]);

    let second = app.get("/news-feed/page/2/").await;
    assert_eq!(second.status, StatusCode::OK);
    let older = ids(&second, "main .news-feed > li");
    assert_eq!(older.len(), DEMO_ITEMS + 12 - 25);
    assert!(older.iter().all(|id| !shown.contains(id)), "no item twice");
    assert_eq!(
        second.count("[data-live-feed]"),
        0,
        "older pages do not follow the feed"
    );
    assert_eq!(second.count("script[src='/assets/feed.js']"), 0);
    assert_eq!(
        second.count("script[type='application/ld+json']"),
        0,
        "the live coverage is described on its first page"
    );
    assert_eq!(second.attrs("a[rel=prev]", "href"), ["/news-feed/"]);

    assert_eq!(
        app.get("/news-feed/page/3/").await.status,
        StatusCode::NOT_FOUND,
        "past the end"
    );
    let one = app
        .raw
        .get(app.url("/news-feed/page/1/"))
        .send()
        .await
        .unwrap();
    assert_eq!(one.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(one.headers()[LOCATION], "/news-feed/");
}

async fn the_pinned_item_leads_the_news_feed_with_a_label(app: &TestApp) {
    let items = app.db.feed_items(50, 0).await.unwrap().items;
    let oldest = items.last().unwrap().clone();
    let page = app.get("/news-feed/").await;
    assert_eq!(page.count("main .news-feed > li[data-pinned]"), 0);
    assert_eq!(page.count(".feed-pinned"), 0);

    app.db.set_feed_item_pinned(oldest.id, true).await.unwrap();
    let page = app.eventually_shows("/news-feed/", "data-pinned").await;
    let shown = ids(&page, "main .news-feed > li");
    assert_eq!(shown[0], oldest.id, "pinned first, however old");
    assert_eq!(shown.len(), DEMO_ITEMS, "and only once");
    assert_eq!(
        page.attrs("main .news-feed > li:first-child", "data-pinned"),
        [""]
    );
    assert_eq!(
        page.texts("main .news-feed > li:first-child .feed-pinned"),
        ["Pinned"]
    );
    assert_eq!(page.count(".feed-pinned"), 1);
    assert_eq!(
        ids(&page, "main .news-feed > li")[1],
        items[0].id,
        "then newest first"
    );

    let home = app.eventually_shows("/", "data-pinned").await;
    assert_eq!(
        ids(&home, ".news-feed > li")[0],
        oldest.id,
        "the home list too"
    );

    app.db.set_feed_item_pinned(oldest.id, false).await.unwrap();
    for _ in 0..100 {
        if !app.get("/news-feed/").await.html.contains("data-pinned") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the item stayed pinned");
}

async fn each_item_has_its_own_page_and_bad_ids_get_the_404_page(app: &TestApp) {
    // The demo's newest item links to an article and carries an "Updated" mark.
    let item = app.db.feed_items(1, 0).await.unwrap().items.remove(0);
    assert!(item.post_slug.is_some() && item.updated_at.is_some());
    let path = format!("/news-feed/{}/", item.id);
    let page = app.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("h1"), [item.headline.as_str()]);
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        [format!("{SITE}{path}")]
    );
    let story = format!("/{}/", item.post_slug.as_ref().unwrap());
    assert_eq!(
        page.attrs(".feed-entry-story a", "href"),
        [story.as_str()],
        "links the full story"
    );
    assert!(page.texts(".feed-entry-story")[0].starts_with("Read the full story"));
    assert!(page.texts(".feed-entry-meta")[0].contains("(Updated:"));
    assert_eq!(page.count(".feed-entry-meta time"), 2);
    assert!(
        page.attrs(".feed-entry-back a", "href")
            .contains(&"/news-feed/".to_owned()),
        "leads back to the News Feed"
    );
    assert!(!page.texts(".feed-entry-text")[0].is_empty());
    assert_eq!(
        page.attrs("meta[property='og:title']", "content"),
        [item.headline.as_str()]
    );
    let json: serde_json::Value =
        serde_json::from_str(&page.texts("script[type='application/ld+json']")[0]).unwrap();
    assert_eq!(json["@type"], "BlogPosting");
    assert_eq!(json["url"], format!("{SITE}{path}"));

    let bare = app
        .raw
        .get(app.url(&format!("/news-feed/{}", item.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(bare.headers()[LOCATION], path.as_str());

    for bad in [
        "/news-feed/abc/",
        "/news-feed/0/",
        "/news-feed/-1/",
        "/news-feed/1.5/",
        "/news-feed/0012/",
        "/news-feed/99999999/",
        "/news-feed/99999999999999999999/",
        "/news-feed/%00/",
        "/news-feed/abc",
        "/news-feed/1/extra/",
    ] {
        let page = app.get(bad).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{bad}");
        assert!(
            page.attrs("a", "href").contains(&"/news-feed/".to_owned()),
            "{bad}: the theme's helpful 404 page"
        );
    }

    app.db.delete_feed_item(item.id).await.unwrap();
    app.eventually_status(&path, StatusCode::NOT_FOUND).await;
}

async fn show_more_fragments_hold_the_next_ten_items(app: &TestApp) {
    let all: Vec<i64> = app
        .db
        .feed_items(50, 0)
        .await
        .unwrap()
        .items
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(all.len(), DEMO_ITEMS);

    let response = app
        .client
        .get(app.url("/news-feed/more?offset=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let first = Page {
        status: StatusCode::OK,
        html: response.text().await.unwrap(),
    };
    assert!(first.html.trim_start().starts_with("<li"), "bare items");
    assert_eq!(ids(&first, "li.feed-item"), all[..10]);
    assert_eq!(first.count("li.feed-item h3.feed-headline"), 10);
    assert_eq!(
        first.attrs("li.feed-item .feed-permalink", "href")[0],
        format!("/news-feed/{}/", all[0])
    );

    let next = app.get("/news-feed/more?offset=10").await;
    assert_eq!(ids(&next, "li.feed-item"), all[10..]);
    let end = app.get("/news-feed/more?offset=18").await;
    assert_eq!(end.status, StatusCode::OK);
    assert_eq!(end.html.trim(), "", "nothing more: the button goes away");
    let far = app.get("/news-feed/more?offset=999999999").await;
    assert_eq!(far.html.trim(), "");

    for bad in [
        "offset=abc",
        "offset=-1",
        "offset=",
        "offset=1e3",
        "offset=9999999999",
        "page=2",
        "",
    ] {
        let response = app
            .client
            .get(app.url(&format!("/news-feed/more?{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            response.headers()[CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        assert!(response.text().await.unwrap().contains("offset="));
    }

    // The short lists beside articles and on the home page offer "Show more".
    for path in ["/", "/merrow-river-flood-crest/"] {
        let page = app.get(path).await;
        assert_eq!(
            page.attrs("ol.news-feed[data-capped]", "data-heading"),
            ["h3"],
            "{path}"
        );
        assert_eq!(
            page.attrs(".feed-more a[data-feed-more]", "href"),
            ["/news-feed/"],
            "{path}"
        );
        assert_eq!(page.count("script[src='/assets/feed.js']"), 1, "{path}");
    }
    let feed_page = app.get("/news-feed/").await;
    assert_eq!(
        feed_page.count("[data-feed-more]"),
        0,
        "the feed page has pages"
    );
    let script = app.get("/assets/feed.js").await;
    assert_eq!(script.status, StatusCode::OK);
    // The script asks under the list's edition (`data-feed-home`: `/` here).
    assert!(script.html.contains("'news-feed/events?after='"));
    assert!(script.html.contains("data-feed-home"));
    assert_eq!(
        feed_page.attrs("ol.news-feed[data-live-feed]", "data-feed-home"),
        ["/"]
    );
}

async fn the_news_feed_rss_is_rss_2_with_permalinks_as_guids(app: &TestApp) {
    add_items(app, 40).await;
    app.eventually_shows("/news-feed/rss/", "Extra item 39")
        .await;
    let response = app
        .client
        .get(app.url("/news-feed/rss/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/rss+xml")
    );
    let rss = response.text().await.unwrap();
    well_formed(&rss);
    assert!(rss.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let root = element(&rss, "rss").expect("an <rss> root");
    assert!(rss.contains("<rss version=\"2.0\""));
    let channel = element(root, "channel").expect("a channel");
    let head = &channel[..channel.find("<item>").unwrap()];
    assert_eq!(
        text_of(head, "title").as_deref(),
        Some("The Calder Ledger News Feed")
    );
    assert_eq!(
        text_of(head, "link").as_deref(),
        Some(format!("{SITE}/news-feed/").as_str())
    );
    assert!(!text_of(head, "description").unwrap().is_empty());
    assert_eq!(text_of(head, "language").as_deref(), Some("en"));
    rfc2822(&text_of(head, "lastBuildDate").unwrap());
    assert!(head.contains(&format!(
        "<atom:link href=\"{SITE}/news-feed/rss/\" rel=\"self\" type=\"application/rss+xml\"/>"
    )));

    let items = elements(channel, "item");
    assert_eq!(items.len(), 50, "the latest 50 items");
    let mut previous: Option<Timestamp> = None;
    for item in &items {
        let title = text_of(item, "title").unwrap();
        assert!(!title.is_empty());
        let link = text_of(item, "link").unwrap();
        let id = link
            .strip_prefix(&format!("{SITE}/news-feed/"))
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("{link} is an item's own page"));
        assert!(id.parse::<i64>().is_ok(), "{link}");
        assert!(
            item.contains(&format!("<guid isPermaLink=\"true\">{link}</guid>")),
            "{item}"
        );
        let published = rfc2822(&text_of(item, "pubDate").unwrap());
        if let Some(newer) = previous {
            assert!(published <= newer, "newest first");
        }
        previous = Some(published);
        let description = text_of(item, "description").unwrap();
        assert!(
            description.starts_with("&lt;p&gt;"),
            "HTML, escaped: {description}"
        );
    }
    let newest = &items[0];
    assert_eq!(text_of(newest, "title").as_deref(), Some("Extra item 0"));
    assert!(
        text_of(newest, "description")
            .unwrap()
            .contains("&lt;strong&gt;0&lt;/strong&gt;")
    );
    let linked = items
        .iter()
        .find(|item| item.contains("Read the full story"))
        .expect("the demo's linked items say where the full story is");
    assert!(
        linked.contains(&format!(
            "&lt;a href=&quot;{SITE}/merrow-river-flood-crest/&quot;&gt;Read the full story&lt;/a&gt;"
        )),
        "{linked}"
    );

    // Pinning an old item puts it first on the page, not into the newest 50.
    let oldest = app
        .db
        .feed_items(100, 0)
        .await
        .unwrap()
        .items
        .pop()
        .unwrap();
    app.db.set_feed_item_pinned(oldest.id, true).await.unwrap();
    app.eventually_shows("/news-feed/", "data-pinned").await;
    let rss = app.get("/news-feed/rss/").await.html;
    assert_eq!(rss.matches("<item>").count(), 50);
    assert!(!rss.contains(&format!("{SITE}/news-feed/{}/", oldest.id)));
    assert!(rss.contains("<title>Extra item 0</title>"));
}

async fn the_news_feed_page_describes_itself_as_a_live_blog(app: &TestApp) {
    app.db
        .create_feed_item(&NewFeedItem {
            headline: "Sirens </script><script>alert(1)</script> tested".into(),
            text: "A [test](https://example.com/) of the *sirens*.".into(),
            post_slug: None,
            published_at: Timestamp::now(),
            updated_at: None,
            created_by: None,
            edition: byline_core::editions::MAIN_EDITION,
        })
        .await
        .unwrap();
    let page = app.eventually_shows("/news-feed/", "Sirens").await;
    assert!(
        !page.html.contains("</script><script>alert(1)"),
        "nothing in the feed can close a script element"
    );
    let scripts = page.texts("script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    let json: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
    assert_eq!(json["@context"], "https://schema.org");
    assert_eq!(json["@type"], "LiveBlogPosting");
    assert_eq!(json["url"], format!("{SITE}/news-feed/"));
    assert_eq!(json["headline"], "The Calder Ledger News Feed");
    assert!(json["description"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(json["publisher"]["@type"], "NewsMediaOrganization");

    let items = app.db.feed_items(25, 0).await.unwrap().items;
    let updates = json["liveBlogUpdate"].as_array().unwrap();
    assert_eq!(updates.len(), items.len(), "one update per item shown");
    assert_eq!(updates.len(), DEMO_ITEMS + 1);
    let time = |value: &serde_json::Value| value.as_str().unwrap().parse::<Timestamp>().unwrap();
    let oldest = items.iter().map(|i| i.published_at).min().unwrap();
    assert_eq!(time(&json["coverageStartTime"]), oldest);
    let newest = items
        .iter()
        .map(|i| i.updated_at.unwrap_or(i.published_at).max(i.published_at))
        .max()
        .unwrap();
    assert_eq!(time(&json["dateModified"]), newest);

    for (update, item) in updates.iter().zip(&items) {
        assert_eq!(update["@type"], "BlogPosting");
        assert_eq!(update["headline"], item.headline.as_str());
        assert_eq!(update["url"], format!("{SITE}/news-feed/{}/", item.id));
        assert_eq!(time(&update["datePublished"]), item.published_at);
        match item.updated_at {
            Some(updated) => assert_eq!(time(&update["dateModified"]), updated),
            None => assert!(update.get("dateModified").is_none()),
        }
        let body = update["articleBody"].as_str().unwrap();
        assert!(!body.is_empty() && !body.contains('<') && !body.contains("**"));
    }
    assert_eq!(updates[0]["articleBody"], "A test of the sirens.");
}

/// The text of the first `<tag>…</tag>` in `xml`, if any.
fn text_of(xml: &str, tag: &str) -> Option<String> {
    element(xml, tag).map(str::to_owned)
}

/// The inside of the first `<tag>` or `<tag …>` element in `xml`.
fn element<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    elements(xml, tag).into_iter().next()
}

/// The insides of every `<tag>` element at any depth (not nested in itself).
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let close = format!("</{tag}>");
    let mut found = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&format!("<{tag}")) {
        let after = &rest[start + tag.len() + 1..];
        let Some(end_of_open) = after.find('>') else {
            break;
        };
        // `<titles>` is not `<title>`.
        if !after.starts_with(['>', ' ']) {
            rest = after;
            continue;
        }
        let inner = &after[end_of_open + 1..];
        let Some(end) = inner.find(&close) else {
            break;
        };
        found.push(&inner[..end]);
        rest = &inner[end + close.len()..];
    }
    found
}

fn rfc2822(text: &str) -> Timestamp {
    jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(text)
        .unwrap_or_else(|e| panic!("{text:?} is not an RFC 2822 date: {e}"))
}

/// A small well-formedness check: tags nest and close, attributes are quoted, and
/// text holds no bare `<` or `&` that is not an entity.
fn well_formed(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .expect("an XML declaration");
    let mut open: Vec<&str> = Vec::new();
    let mut rest = body;
    let mut roots = 0;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                let end = rest.find('>').expect("every tag ends");
                let tag = &rest[1..end];
                if let Some(name) = tag.strip_prefix('/') {
                    assert_eq!(open.pop(), Some(name), "</{name}> closes what is open");
                } else {
                    let self_closing = tag.ends_with('/');
                    let tag = tag.trim_end_matches('/');
                    let name = tag.split_whitespace().next().expect("a tag name");
                    let attributes = tag[name.len()..].trim();
                    assert_eq!(
                        attributes.matches('"').count() % 2,
                        0,
                        "quoted attributes in <{tag}>"
                    );
                    if open.is_empty() {
                        roots += 1;
                    }
                    if !self_closing {
                        open.push(name);
                    }
                }
                rest = &rest[end + 1..];
            }
            found => {
                let text_end = found.unwrap_or(rest.len());
                let text = &rest[..text_end];
                if open.is_empty() {
                    assert!(text.trim().is_empty(), "text outside the root: {text}");
                }
                for (i, _) in text.match_indices('&') {
                    let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
                    assert!(
                        ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&apos;"].contains(&entity),
                        "an entity, not a bare &: {entity}"
                    );
                }
                rest = &rest[text_end..];
            }
        }
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
    assert_eq!(roots, 1, "one root element");
}
