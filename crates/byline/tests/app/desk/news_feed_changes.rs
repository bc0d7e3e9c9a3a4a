//! The News Feed composer, continued: editing (with and without the "Updated" mark),
//! deleting and pinning items, and ids that do not exist.

use byline_core::Role;
use reqwest::StatusCode;

use super::news_feed::{BRIDGE_SLUG, BRIDGE_TITLE, eventually_first, eventually_hides, publish};
use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(
    edits_are_marked_as_updates_only_when_asked,
    unknown_items_are_not_found,
    deleted_items_leave_the_public_pages,
    pinning_puts_one_item_first,
);

async fn edits_are_marked_as_updates_only_when_asked(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let id = publish(
        &desk,
        "Shelter opens at Holloway",
        &[("article", BRIDGE_SLUG)],
    )
    .await;
    let form = desk.get(&format!("/admin/news-feed/{id}")).await;
    assert_eq!(form.status, StatusCode::OK);
    let page = form.page();
    assert_eq!(
        page.attrs("#feed-headline", "value"),
        ["Shelter opens at Holloway"]
    );
    assert_eq!(
        page.attrs("#feed-article", "value"),
        [BRIDGE_TITLE],
        "the link is shown as the article's title"
    );
    let item = format!("#feed-item-{id} .feed-updated");

    let quiet = desk
        .post(
            &format!("/admin/news-feed/{id}"),
            &[
                ("headline", "Shelter opens at Holloway School"),
                ("text", "Two lines for readers."),
                ("article", BRIDGE_TITLE),
            ],
        )
        .await;
    assert_eq!(quiet.status, StatusCode::SEE_OTHER, "{}", quiet.html);
    assert_eq!(
        quiet.location.as_deref(),
        Some("/admin/news-feed/?notice=saved")
    );
    let public = app
        .eventually_shows("/news-feed/", "Shelter opens at Holloway School")
        .await;
    assert_eq!(public.count(&item), 0, "a quiet edit shows no Updated mark");
    let stored = app.db.feed_item(id).await.unwrap().unwrap();
    assert!(stored.updated_at.is_none());
    assert_eq!(stored.post_slug.unwrap().as_str(), BRIDGE_SLUG);

    let marked = desk
        .post(
            &format!("/admin/news-feed/{id}"),
            &[
                ("headline", "Shelter at Holloway School is full"),
                ("text", "Go to the East Bank Community Center instead."),
                ("article", ""),
                ("mark_updated", "1"),
            ],
        )
        .await;
    assert_eq!(marked.status, StatusCode::SEE_OTHER, "{}", marked.html);
    let public = app
        .eventually_shows("/news-feed/", "Shelter at Holloway School is full")
        .await;
    let updated = public.texts(&item);
    assert_eq!(updated.len(), 1, "a marked edit shows when it was updated");
    assert!(updated[0].starts_with("(Updated:"), "{updated:?}");
    let stored = app.db.feed_item(id).await.unwrap().unwrap();
    assert!(stored.updated_at.is_some());
    assert!(stored.post_slug.is_none(), "an emptied link is removed");

    let before = app.db.feed_item(id).await.unwrap().unwrap();
    let refused = desk
        .post(
            &format!("/admin/news-feed/{id}"),
            &[("headline", ""), ("text", "Still here.")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains("Write a headline."));
    assert_eq!(refused.page().texts("#feed-text"), ["Still here."]);
    assert_eq!(app.db.feed_item(id).await.unwrap().unwrap(), before);
}

async fn unknown_items_are_not_found(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    for id in ["999999", "abc", "-3", "1.5"] {
        let path = format!("/admin/news-feed/{id}");
        assert_eq!(
            desk.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
        let edit = desk
            .post(&path, &[("headline", "Headline"), ("text", "Text.")])
            .await;
        assert_eq!(edit.status, StatusCode::NOT_FOUND, "POST {path}");
        for action in ["delete", "pin"] {
            let answer = desk
                .post(&format!("{path}/{action}"), &[("pinned", "1")])
                .await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "POST {path}/{action}");
        }
    }
}

async fn deleted_items_leave_the_public_pages(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let id = publish(&desk, "Boil-water notice for Ward 4", &[]).await;
    app.eventually_shows("/", "Boil-water notice for Ward 4")
        .await;
    app.eventually_shows("/news-feed/", "Boil-water notice for Ward 4")
        .await;
    let list = desk.get("/admin/news-feed/").await;
    assert_eq!(
        list.page()
            .attrs(
                &format!("form[action=\"/admin/news-feed/{id}/delete\"]"),
                "data-confirm"
            )
            .len(),
        1
    );
    let deleted = desk
        .post(&format!("/admin/news-feed/{id}/delete"), &[])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(
        deleted.location.as_deref(),
        Some("/admin/news-feed/?notice=deleted")
    );
    assert!(app.db.feed_item(id).await.unwrap().is_none());
    eventually_hides(app, "/", "Boil-water notice for Ward 4").await;
    eventually_hides(app, "/news-feed/", "Boil-water notice for Ward 4").await;
    let again = desk
        .post(&format!("/admin/news-feed/{id}/delete"), &[])
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

async fn pinning_puts_one_item_first(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let first = publish(&desk, "Pinned from the composer", &[("pinned", "1")]).await;
    let second = publish(&desk, "A newer item", &[]).await;
    let order = |items: Vec<byline_core::FeedItem>| items.iter().map(|i| i.id).collect::<Vec<_>>();
    let items = app.db.feed_items(3, 0).await.unwrap().items;
    assert_eq!(order(items.clone())[..2], [first, second]);
    assert!(items[0].pinned, "the composer's checkbox pins");

    let pin = desk
        .post(
            &format!("/admin/news-feed/{second}/pin"),
            &[("pinned", "1")],
        )
        .await;
    assert_eq!(pin.status, StatusCode::SEE_OTHER);
    assert_eq!(
        pin.location.as_deref(),
        Some("/admin/news-feed/?notice=pinned")
    );
    let items = app.db.feed_items(3, 0).await.unwrap().items;
    assert_eq!(items[0].id, second);
    assert!(items[0].pinned);
    assert!(
        !app.db.feed_item(first).await.unwrap().unwrap().pinned,
        "pinning another item unpins the first"
    );
    let public = eventually_first(app, "/news-feed/", second).await;
    assert_eq!(
        public.attrs("ol.news-feed > li", "id").first(),
        Some(&format!("feed-item-{second}")),
        "readers see the pinned item first"
    );
    assert_eq!(public.count(&format!("#feed-item-{second}.is-pinned")), 1);
    let list = desk.get("/admin/news-feed/?notice=pinned").await;
    assert!(list.html.contains("Pinned to the top of the News Feed."));
    assert_eq!(
        list.page().attrs(
            &format!("form[action=\"/admin/news-feed/{second}/pin\"] input[name=\"pinned\"]"),
            "value"
        ),
        ["0"],
        "the pinned item offers Unpin"
    );

    let unpin = desk
        .post(
            &format!("/admin/news-feed/{second}/pin"),
            &[("pinned", "0")],
        )
        .await;
    assert_eq!(unpin.status, StatusCode::SEE_OTHER);
    let items = app.db.feed_items(50, 0).await.unwrap().items;
    assert!(
        items.iter().all(|i| !i.pinned),
        "nothing is pinned any more"
    );
    assert_eq!(order(items)[..2], [second, first], "newest first again");

    let unclear = desk
        .post(
            &format!("/admin/news-feed/{first}/pin"),
            &[("pinned", "yes")],
        )
        .await;
    assert_eq!(unclear.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!app.db.feed_item(first).await.unwrap().unwrap().pinned);
}
