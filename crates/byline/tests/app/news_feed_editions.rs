//! Each edition's News Feed, read and written: `/uk/news-feed/` lists the Ukrainian
//! edition's items in Ukrainian with links inside `/uk/`, its item pages, "more",
//! RSS and sidebar likewise; an item asked for under another edition's prefix is sent
//! to its own address; a live page hears only its edition's changes, resuming
//! exactly; and the desk's feed starts in the editor's language's edition, publishes
//! where the editor chooses and refuses an edition the site lacks.

use std::time::Duration;

use byline_core::Role;
use byline_core::editions::MAIN_EDITION;
use byline_store::NewFeedItem;
use jiff::Timestamp;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::news_feed_live::SseReader;
use crate::on_both_engines;

on_both_engines!(
    each_edition_reads_its_own_feed,
    a_live_page_hears_only_its_edition,
    the_desk_feed_works_in_the_editor_s_edition,
);

fn item_in(edition: byline_core::EditionId, headline: &str) -> NewFeedItem {
    NewFeedItem {
        headline: headline.to_owned(),
        text: format!("Two lines about {headline}."),
        post_slug: None,
        published_at: Timestamp::now(),
        updated_at: None,
        created_by: None,
        edition,
    }
}

async fn each_edition_reads_its_own_feed(app: &TestApp) {
    let uk = app.demo_ukrainian_edition().await.id;
    let theirs = app.db.feed_items_in(uk, 50, 0).await.unwrap().items;
    let ours = app
        .db
        .feed_items_in(MAIN_EDITION, 50, 0)
        .await
        .unwrap()
        .items;
    assert!(
        theirs.len() >= 3 && ours.len() >= 3,
        "the demo fills both feeds"
    );
    let (uk_item, en_item) = (&theirs[0], &ours[0]);

    // The edition's feed page: its items only, in its language, links inside it.
    let page = app.get("/uk/news-feed/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("<html lang=\"uk\">"));
    let listed = page.attrs("ol.news-feed > li", "data-id");
    let expected: Vec<String> = theirs.iter().map(|item| item.id.to_string()).collect();
    assert_eq!(listed, expected, "only the Ukrainian items, in order");
    assert!(!page.html.contains(&en_item.headline));
    assert!(
        page.html
            .contains(&format!("href=\"/uk/news-feed/{}/\"", uk_item.id)),
        "item links stay in the edition"
    );
    // The demo's newest Ukrainian item was marked as updated, in Ukrainian.
    assert!(page.html.contains("(Оновлено:"), "{}", page.html);
    let main = app.get("/news-feed/").await;
    assert!(!main.html.contains(&uk_item.headline));
    assert!(main.html.contains(&en_item.headline));

    // The sidebar of the edition's front page follows its feed.
    let home = app.get("/uk/").await;
    assert!(home.html.contains(&uk_item.headline));
    assert!(!home.html.contains(&en_item.headline));

    // "Show more" counts inside the edition and speaks its language.
    let more = app.get("/uk/news-feed/more?offset=1").await;
    assert_eq!(more.status, StatusCode::OK);
    assert!(more.html.contains(&theirs[1].headline), "{}", more.html);
    assert!(!more.html.contains(&uk_item.headline));
    assert!(
        more.html
            .contains(&format!("href=\"/uk/news-feed/{}/\"", theirs[1].id))
    );

    // Item pages, and items asked for under the wrong prefix.
    let own = app.get(&format!("/uk/news-feed/{}/", uk_item.id)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.html.contains(&uk_item.headline));
    for (asked, lives) in [
        (
            format!("/news-feed/{}/", uk_item.id),
            format!("/uk/news-feed/{}/", uk_item.id),
        ),
        (
            format!("/uk/news-feed/{}/", en_item.id),
            format!("/news-feed/{}/", en_item.id),
        ),
        (
            format!("/uk/news-feed/{}", uk_item.id),
            format!("/uk/news-feed/{}/", uk_item.id),
        ),
        (
            "/uk/news-feed/page/1/".to_owned(),
            "/uk/news-feed/".to_owned(),
        ),
    ] {
        let answer = app.raw.get(app.url(&asked)).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::PERMANENT_REDIRECT, "{asked}");
        assert_eq!(answer.headers()["location"], lives.as_str(), "{asked}");
    }
    assert_eq!(
        app.get("/uk/news-feed/999999/").await.status,
        StatusCode::NOT_FOUND
    );

    // The edition's RSS: its items, its language, addresses inside it.
    let site = app.db.site_settings().await.unwrap().url;
    let site = site.trim_end_matches('/');
    let rss = app.get("/uk/news-feed/rss/").await;
    assert_eq!(rss.status, StatusCode::OK);
    assert!(rss.html.contains("<language>uk</language>"), "{}", rss.html);
    assert!(
        rss.html
            .contains(&format!("<link>{site}/uk/news-feed/</link>"))
    );
    assert!(
        rss.html
            .contains(&format!("{site}/uk/news-feed/{}/", uk_item.id))
    );
    assert!(rss.html.contains(&uk_item.headline));
    assert!(!rss.html.contains(&en_item.headline));
    let main_rss = app.get("/news-feed/rss/").await;
    assert!(!main_rss.html.contains(&uk_item.headline));
}

async fn a_live_page_hears_only_its_edition(app: &TestApp) {
    let uk = app.demo_ukrainian_edition().await.id;
    let base = app.url("");
    let base = base.trim_end_matches('/');
    let uk_base = format!("{base}/uk");
    let start = app.db.feed_event_seq().await.unwrap();
    let mut english = SseReader::open(base, Some(start), None).await;
    let mut ukrainian = SseReader::open(&uk_base, Some(start), None).await;

    let en_item = app
        .db
        .create_feed_item(&item_in(MAIN_EDITION, "Bridge reopens"))
        .await
        .unwrap();
    let uk_item = app
        .db
        .create_feed_item(&item_in(uk, "Міст знову відкрито"))
        .await
        .unwrap();
    app.db.set_feed_item_pinned(uk_item.id, true).await.unwrap();

    let heard = english.take(1).await.remove(0);
    assert_eq!(heard.data["id"], en_item.id);
    assert_eq!(heard.id, Some(start + 1));
    assert!(
        english.next(Duration::from_millis(500)).await.is_none(),
        "the English page hears nothing of the Ukrainian feed"
    );
    let heard = ukrainian.take(2).await;
    let ids: Vec<Option<i64>> = heard.iter().map(|event| event.id).collect();
    assert_eq!(ids, [Some(start + 2), Some(start + 3)]);
    assert_eq!(heard[0].data["id"], uk_item.id);
    let html = heard[1].data["html"].as_str().unwrap();
    assert!(
        html.contains("Закріплено"),
        "in the edition's language: {html}"
    );
    assert!(
        html.contains(&format!("href=\"/uk/news-feed/{}/\"", uk_item.id)),
        "links inside the edition: {html}"
    );
    drop(ukrainian);

    // Meanwhile: one change in each edition. The Ukrainian page resumes after the
    // last event it saw and gets exactly its edition's one.
    app.db
        .create_feed_item(&item_in(MAIN_EDITION, "Ferry delayed"))
        .await
        .unwrap();
    app.db.delete_feed_item(uk_item.id).await.unwrap();
    let last_seen = (start + 3).to_string();
    let mut resumed = SseReader::open(&uk_base, None, Some(&last_seen)).await;
    let missed = resumed.take(1).await;
    assert_eq!(missed[0].id, Some(start + 5));
    assert_eq!(missed[0].data["kind"], "deleted");
    assert_eq!(missed[0].data["id"], uk_item.id);
    assert!(resumed.next(Duration::from_millis(300)).await.is_none());
}

async fn the_desk_feed_works_in_the_editor_s_edition(app: &TestApp) {
    let uk = app.demo_ukrainian_edition().await.id;
    let desk = app.desk(Role::Editor).await;
    let switched = desk
        .post("/admin/account", &[("desk_language", "uk")])
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER, "{}", switched.html);

    // A Ukrainian-speaking editor starts in the Ukrainian edition's feed.
    let theirs = app.db.feed_items_in(uk, 50, 0).await.unwrap().items;
    let ours = app
        .db
        .feed_items_in(MAIN_EDITION, 50, 0)
        .await
        .unwrap()
        .items;
    let list = desk.get("/admin/news-feed/").await;
    assert_eq!(list.status, StatusCode::OK);
    let page = list.page();
    assert!(list.html.contains(&theirs[0].headline));
    assert!(!list.html.contains(&ours[0].headline));
    assert_eq!(
        page.attrs(".edition-filters a[aria-current=page]", "href"),
        [format!("/admin/news-feed/?edition={}", uk.get())]
    );
    assert_eq!(
        page.attrs("#feed-edition option[selected]", "value"),
        [uk.get().to_string()]
    );
    assert_eq!(page.attrs("a[href=\"/uk/news-feed/\"]", "href").len(), 1);
    let english = desk.get("/admin/news-feed/?edition=1").await;
    assert!(english.html.contains(&ours[0].headline));
    assert!(!english.html.contains(&theirs[0].headline));

    // Published where chosen, and the list it returns to is that edition's, with the
    // notice in the editor's language.
    let main_id = MAIN_EDITION.get().to_string();
    let answer = desk
        .post(
            "/admin/news-feed",
            &[
                ("headline", "Bridge reopens at noon"),
                ("text", "Two lines for readers."),
                ("return_to", "/admin/news-feed/"),
                ("edition", main_id.as_str()),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    assert_eq!(
        answer.location.as_deref(),
        Some("/admin/news-feed/?notice=feed-published")
    );
    let published = app.db.feed_items_in(MAIN_EDITION, 1, 0).await.unwrap();
    assert_eq!(published.items[0].headline, "Bridge reopens at noon");
    let after = desk.get("/admin/news-feed/?notice=feed-published").await;
    assert!(after.html.contains("Опубліковано в стрічці новин."));

    // Without a choice the item goes to the editor's edition.
    let answer = desk
        .post(
            "/admin/news-feed",
            &[
                ("headline", "Міст знову відкрито"),
                ("text", "Два рядки для читачів."),
                ("return_to", "/admin/news-feed/"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let expected = format!(
        "/admin/news-feed/?notice=feed-published&edition={}",
        uk.get()
    );
    assert_eq!(answer.location.as_deref(), Some(expected.as_str()));
    let newest = app.db.feed_items_in(uk, 1, 0).await.unwrap();
    assert_eq!(newest.items[0].headline, "Міст знову відкрито");

    // An edition the site lacks, or not a number: the form again, nothing saved.
    let seq = app.db.feed_event_seq().await.unwrap();
    for bad in ["999", "uk", "-1"] {
        let refused = desk
            .post(
                "/admin/news-feed",
                &[
                    ("headline", "Nowhere"),
                    ("text", "Two lines."),
                    ("return_to", "/admin/news-feed/"),
                    ("edition", bad),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert!(
            refused.html.contains("Виберіть одне з видань сайту."),
            "{bad:?}: {}",
            refused.html
        );
        assert_eq!(
            refused.page().attrs("#feed-headline", "value"),
            ["Nowhere"],
            "the form keeps what was typed"
        );
    }
    // A mistake in the text is said in the editor's language too.
    let too_long = "x".repeat(700);
    let refused = desk
        .post(
            "/admin/news-feed",
            &[
                ("headline", "Довге"),
                ("text", too_long.as_str()),
                ("return_to", "/admin/news-feed/"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.html.contains("зараз у ньому 700 символів"),
        "{}",
        refused.html
    );
    assert_eq!(app.db.feed_event_seq().await.unwrap(), seq);

    // Pinning returns to the item's own edition's list.
    let id = newest.items[0].id.to_string();
    let pinned = desk
        .post(&format!("/admin/news-feed/{id}/pin"), &[("pinned", "1")])
        .await;
    assert_eq!(
        pinned.location.as_deref(),
        Some(format!("/admin/news-feed/?notice=pinned&edition={}", uk.get()).as_str())
    );
}
