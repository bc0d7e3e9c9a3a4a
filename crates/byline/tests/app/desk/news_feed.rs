//! The News Feed composer: editors publish, edit, pin and delete short items from the
//! desk, readers see them at once, and nobody else can.

use std::time::Duration;

use byline_core::Role;
use reqwest::StatusCode;

use crate::desk_client::{Answer, Desk};
use crate::helpers::{Page, TestApp};
use crate::on_both_engines;

pub(super) const BRIDGE_SLUG: &str = "alder-street-bridge-to-close";
pub(super) const BRIDGE_TITLE: &str =
    "Alder Street Bridge to close for 14 months after inspectors find corroded cables";

pub(super) async fn item_count(app: &TestApp) -> i64 {
    app.db.feed_items(1, 0).await.unwrap().total
}

/// Publishes an item through the composer and returns its id.
pub(super) async fn publish(desk: &Desk<'_>, headline: &str, fields: &[(&str, &str)]) -> i64 {
    let mut all = vec![
        ("headline", headline),
        ("text", "Two lines for readers."),
        ("return_to", "/admin/news-feed/"),
    ];
    all.extend_from_slice(fields);
    let answer = desk.post("/admin/news-feed", &all).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    newest_with(desk.app, headline).await
}

pub(super) async fn newest_with(app: &TestApp, headline: &str) -> i64 {
    app.db
        .feed_items(100, 0)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|item| item.headline == headline)
        .unwrap_or_else(|| panic!("no item {headline:?}"))
        .id
}

/// Waits until `path` no longer shows `text`.
pub(super) async fn eventually_hides(app: &TestApp, path: &str, text: &str) {
    for _ in 0..100 {
        if !app.get(path).await.html.contains(text) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{path} still shows {text:?}");
}

/// Waits until the first item of the feed on `path` is item `id`.
pub(super) async fn eventually_first(app: &TestApp, path: &str, id: i64) -> Page {
    let wanted = format!("feed-item-{id}");
    for _ in 0..100 {
        let page = app.get(path).await;
        if page.attrs("ol.news-feed > li", "id").first() == Some(&wanted) {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{path} never showed item {id} first");
}

pub(super) fn has_composer(answer: &Answer) -> bool {
    answer.page().count("form[action=\"/admin/news-feed\"]") == 1
}

async fn editors_publish_items_that_readers_see_at_once(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let home = desk.get("/admin/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(has_composer(&home), "{}", home.html);
    assert_eq!(
        home.page()
            .attrs("input[name=\"return_to\"]", "value")
            .as_slice(),
        ["/admin/"]
    );
    assert_eq!(
        home.page().count("a[href=\"/admin/news-feed/\"]"),
        2,
        "the navigation and the composer link to every item"
    );

    let answer = desk
        .post(
            "/admin/news-feed",
            &[
                ("headline", "  Water main break on Quarry Road  "),
                ("text", "Crews expect to reopen the road by **6 p.m.**"),
                ("article", BRIDGE_TITLE),
                ("return_to", "/admin/"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    assert_eq!(
        answer.location.as_deref(),
        Some("/admin/?notice=feed-published")
    );
    let id = newest_with(app, "Water main break on Quarry Road").await;
    let stored = app.db.feed_item(id).await.unwrap().unwrap();
    assert_eq!(stored.post_slug.unwrap().as_str(), BRIDGE_SLUG);
    assert!(!stored.pinned);

    let after = desk.get("/admin/?notice=feed-published").await;
    assert!(after.html.contains("Published to the News Feed."));
    assert!(
        after
            .page()
            .texts(".feed-recent-list a")
            .contains(&"Water main break on Quarry Road".to_owned()),
        "the composer lists the newest items"
    );

    for path in ["/", "/news-feed/"] {
        let page = app
            .eventually_shows(path, "Water main break on Quarry Road")
            .await;
        let item = format!("#feed-item-{id}");
        assert_eq!(
            page.attrs(&format!("{item} .feed-headline a"), "href"),
            [format!("/{BRIDGE_SLUG}/")]
        );
        assert!(
            page.html.contains("<strong>6 p.m.</strong>"),
            "bold works in the text"
        );
    }

    let from_list = desk
        .post(
            "/admin/news-feed",
            &[
                ("headline", "Library hours extended"),
                ("text", "Open until 9 p.m. this week."),
                ("article", &format!("https://ledger.example/{BRIDGE_SLUG}/")),
                ("return_to", "/admin/news-feed/"),
            ],
        )
        .await;
    assert_eq!(
        from_list.location.as_deref(),
        Some("/admin/news-feed/?notice=feed-published")
    );
    let elsewhere = desk
        .post(
            "/admin/news-feed",
            &[
                ("headline", "Nowhere else"),
                ("text", "The answer stays in the desk."),
                ("return_to", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(
        elsewhere.location.as_deref(),
        Some("/admin/news-feed/?notice=feed-published")
    );
    let list = desk.get("/admin/news-feed/?notice=feed-published").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.html.contains("Published to the News Feed."));
    assert!(has_composer(&list));
    assert!(list.html.contains("Library hours extended"));
}

async fn only_editors_and_admins_may_use_the_feed(app: &TestApp) {
    let editor = app.desk(Role::Editor).await;
    let existing = publish(&editor, "Already in the feed", &[]).await;
    for role in Role::ALL {
        let desk = app.desk(role).await;
        let label = role.as_str();
        let allowed = role >= Role::Editor;
        let home = desk.get("/admin/").await;
        assert_eq!(home.status, StatusCode::OK);
        assert_eq!(has_composer(&home), allowed, "{label} sees the composer");
        assert_eq!(
            home.page().count(".desk-nav a[href=\"/admin/news-feed/\"]"),
            usize::from(allowed),
            "{label} sees the navigation link"
        );
        let expected = if allowed {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(desk.get("/admin/news-feed/").await.status, expected);
        assert_eq!(
            desk.get(&format!("/admin/news-feed/{existing}"))
                .await
                .status,
            expected
        );
        let search = desk.get("/admin/news-feed/articles?q=bridge").await;
        assert_eq!(search.status, expected, "{label} searches articles");
        if !allowed {
            let body: serde_json::Value = serde_json::from_str(&search.html).unwrap();
            assert!(body["error"].is_string(), "{}", search.html);

            let before = item_count(app).await;
            let refused = desk
                .post(
                    "/admin/news-feed",
                    &[
                        ("headline", "Not from a contributor"),
                        ("text", "This must not appear."),
                        ("return_to", "/admin/"),
                    ],
                )
                .await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{label} publishes");
            assert!(
                refused.html.contains("Only editors and administrators"),
                "{}",
                refused.html
            );
            for (path, fields) in [
                (
                    format!("/admin/news-feed/{existing}"),
                    vec![("headline", "Changed"), ("text", "Changed.")],
                ),
                (
                    format!("/admin/news-feed/{existing}/pin"),
                    vec![("pinned", "1")],
                ),
                (format!("/admin/news-feed/{existing}/delete"), vec![]),
            ] {
                assert_eq!(
                    desk.post(&path, &fields).await.status,
                    StatusCode::FORBIDDEN,
                    "{label} posts to {path}"
                );
            }
            assert_eq!(item_count(app).await, before, "nothing saved for {label}");
            let item = app.db.feed_item(existing).await.unwrap().unwrap();
            assert_eq!(item.headline, "Already in the feed");
            assert!(!item.pinned);
        }
    }
}

async fn mistakes_come_back_beside_the_fields_and_nothing_is_saved(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    let long_headline = "h".repeat(121);
    let long_text = "t".repeat(601);
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("headline", "   "), ("text", "Some text.")],
            "Write a headline.",
        ),
        (
            &[("headline", &long_headline), ("text", "Some text.")],
            "Keep the headline to 120 characters; it has 121.",
        ),
        (
            &[("headline", "A headline"), ("text", &long_text)],
            "Keep the text to 600 characters; it has 601.",
        ),
        (
            &[
                ("headline", "A headline"),
                ("text", "Some text."),
                ("article", "no-such-article"),
            ],
            "No published article matches “no-such-article”. Pick one from the suggestions, or paste its address.",
        ),
        (
            &[
                ("headline", "A headline"),
                ("text", "Some text."),
                ("article", "https://ledger.example/missing-story/"),
            ],
            "No published article matches “https://ledger.example/missing-story/”.",
        ),
    ];
    for return_to in ["/admin/", "/admin/news-feed/"] {
        for (fields, message) in cases {
            let before = item_count(app).await;
            let mut all = fields.to_vec();
            all.push(("return_to", return_to));
            let answer = desk.post("/admin/news-feed", &all).await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{message}: {}",
                answer.html
            );
            let page = answer.page();
            assert!(
                page.texts(".field-error")
                    .iter()
                    .any(|shown| shown.starts_with(message)),
                "{message} beside its field: {:?}",
                page.texts(".field-error")
            );
            assert_eq!(page.count("[aria-invalid=\"true\"]"), 1);
            assert!(has_composer(&answer));
            assert_eq!(
                page.attrs("input[name=\"return_to\"]", "value"),
                [return_to]
            );
            let typed = fields.iter().find(|(k, _)| *k == "text").unwrap().1;
            assert_eq!(page.texts("#feed-text"), [typed.trim()], "typed text kept");
            assert_eq!(item_count(app).await, before, "nothing saved: {message}");
        }
    }
    let home = desk
        .post(
            "/admin/news-feed",
            &[
                ("headline", ""),
                ("text", ""),
                ("article", "nothing"),
                ("pinned", "1"),
                ("return_to", "/admin/"),
            ],
        )
        .await;
    assert_eq!(home.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = home.page();
    assert_eq!(page.texts("h1"), ["Posts"], "the first screen comes back");
    assert_eq!(
        page.count("#feed-error-summary li"),
        3,
        "several mistakes are listed at the top"
    );
    assert_eq!(page.attrs("#feed-pinned", "checked").len(), 1);
}

async fn article_suggestions_find_published_articles(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let answer = desk
        .get("/admin/news-feed/articles?q=BRIDGE%20to%20close")
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let found: Vec<serde_json::Value> = serde_json::from_str(&answer.html).unwrap();
    assert!(
        found
            .iter()
            .any(|a| a["slug"] == BRIDGE_SLUG && a["title"] == BRIDGE_TITLE),
        "{found:?}"
    );
    let many: Vec<serde_json::Value> =
        serde_json::from_str(&desk.get("/admin/news-feed/articles?q=e").await.html).unwrap();
    assert!(!many.is_empty() && many.len() <= 8, "{}", many.len());
    for empty in ["/admin/news-feed/articles?q=", "/admin/news-feed/articles"] {
        assert_eq!(desk.get(empty).await.html, "[]", "{empty}");
    }
    let nothing = desk
        .get("/admin/news-feed/articles?q=zzzz-no-such-words")
        .await;
    assert_eq!(nothing.html, "[]");
}

async fn forms_without_the_session_token_are_refused(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    let id = publish(&desk, "Token test item", &[]).await;
    let before = item_count(app).await;
    for csrf in [None, Some("not-the-token")] {
        let mut fields = vec![
            ("headline", "Forged item"),
            ("text", "From another site."),
            ("return_to", "/admin/"),
        ];
        if let Some(token) = csrf {
            fields.push(("csrf", token));
        }
        let forged = desk.post_raw("/admin/news-feed", &fields).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{csrf:?}");
        assert!(forged.html.contains("This form has expired"));
        for path in [
            format!("/admin/news-feed/{id}"),
            format!("/admin/news-feed/{id}/pin"),
            format!("/admin/news-feed/{id}/delete"),
        ] {
            let answer = desk.post_raw(&path, &fields).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path} {csrf:?}");
        }
    }
    assert_eq!(item_count(app).await, before);
    let item = app.db.feed_item(id).await.unwrap().unwrap();
    assert_eq!(item.headline, "Token test item");
    assert!(!item.pinned);
}

on_both_engines!(
    editors_publish_items_that_readers_see_at_once,
    only_editors_and_admins_may_use_the_feed,
    mistakes_come_back_beside_the_fields_and_nothing_is_saved,
    article_suggestions_find_published_articles,
    forms_without_the_session_token_are_refused,
);
