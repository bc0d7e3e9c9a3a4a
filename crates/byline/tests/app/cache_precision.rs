//! A change drops only the cached pages that show it, on this node and on others.
//!
//! To tell a cache hit from a fresh render from outside, the tests change an
//! unrelated article behind Byline's back (plain SQL, which moves no content
//! version): a page still served from the cache keeps showing its old title, a page
//! rendered again shows the new one.

use byline_core::Post;
use byline_store::{NewFeedItem, PostQuery};

use crate::helpers::{TestApp, retitled};

crate::on_both_engines!(an_article_edit_drops_only_what_shows_the_article);

/// The demo article that is edited.
const EDITED: &str = "merrow-river-flood-crest";

async fn an_article_edit_drops_only_what_shows_the_article(app: &TestApp) {
    edit_on_one_node_and_read_on_another(app, app).await;
}

#[tokio::test]
async fn two_nodes_over_postgresql_drop_the_same_pages() {
    let writer = TestApp::postgres().await;
    let url = writer.postgres_url().unwrap().to_owned();
    let reader = TestApp::on(byline_store::Db::connect(&url).await.unwrap()).await;
    edit_on_one_node_and_read_on_another(&writer, &reader).await;
    reader.stop().await;
    writer.stop().await;
}

async fn edit_on_one_node_and_read_on_another(writer: &TestApp, reader: &TestApp) {
    let edited = writer
        .db
        .published_post(&crate::helpers::slug(EDITED))
        .await
        .unwrap()
        .unwrap();
    let section = edited.summary.tags[0].slug.clone();
    let author = edited.summary.authors[0].slug.clone();
    let unrelated = unrelated_article(reader, &edited).await;
    let unrelated_path = format!("/{}/", unrelated.summary.slug);
    let new_title = "Merrow River crest forecast raised again";
    let unrelated_search = search_finding(reader, &unrelated, &edited, new_title).await;

    // Everything the reader will look at is cached first.
    for path in [
        format!("/{EDITED}/"),
        format!("/tag/{section}/"),
        format!("/author/{author}/"),
        unrelated_path.clone(),
        unrelated_search.clone(),
        "/search/?q=forecast".to_owned(),
    ] {
        assert_eq!(reader.get(&path).await.status, 200, "{path}");
        // The second read is served from the cache.
        reader.get(&path).await;
    }

    // Behind Byline's back: no version moves, so only a fresh render shows it.
    sqlx::query("UPDATE posts SET title = $1 WHERE id = $2")
        .bind("Changed where no cache can see")
        .bind(unrelated.summary.id)
        .execute(writer.db.pool())
        .await
        .unwrap();

    crate::helpers::resave(&writer.db, edited.summary.id, retitled(&edited, new_title)).await;

    // The article and every list it is in are fresh...
    reader
        .eventually_shows(&format!("/{EDITED}/"), new_title)
        .await;
    reader
        .eventually_shows(&format!("/tag/{section}/"), new_title)
        .await;
    reader
        .eventually_shows(&format!("/author/{author}/"), new_title)
        .await;
    // ...while the unrelated article is still the cached page.
    let kept = reader.get(&unrelated_path).await;
    assert!(
        kept.html.contains(&unrelated.summary.title),
        "the unrelated article was rendered again: {unrelated_path}"
    );
    assert!(!kept.html.contains("Changed where no cache can see"));
    // A search for a word of the new title is fresh; one for words the edit did not
    // touch is still the cached page.
    reader
        .eventually_shows("/search/?q=forecast", new_title)
        .await;
    let kept = reader.get(&unrelated_search).await;
    assert!(
        kept.html.contains(&unrelated.summary.title)
            && !kept.html.contains("Changed where no cache can see"),
        "a search the edit does not reach was rendered again: {unrelated_search}"
    );

    // The home page is cached now, showing the newest article; that article is
    // renamed behind Byline's back, so a fresh render of the home page would show it.
    let newest = writer
        .db
        .newest_published(&PostQuery::default(), 1, 0)
        .await
        .unwrap()
        .remove(0);
    reader.get("/").await;
    assert!(reader.get("/").await.html.contains(&newest.title));
    sqlx::query("UPDATE posts SET title = $1 WHERE id = $2")
        .bind("Renamed where no cache can see")
        .bind(newest.id)
        .execute(writer.db.pool())
        .await
        .unwrap();

    // A News Feed item changes the sidebar of every page and the home page's feed:
    // the cached pages are joined to the new fragments, not rendered again.
    writer
        .db
        .publish_feed_item(
            &NewFeedItem {
                headline: "Bridge on Quarry Road reopens".into(),
                text: "Crews finished the repairs overnight.".into(),
                post_slug: None,
                published_at: jiff::Timestamp::now(),
                updated_at: None,
                created_by: None,
                edition: byline_core::editions::MAIN_EDITION,
            },
            false,
        )
        .await
        .unwrap();
    let joined = reader
        .eventually_shows(&unrelated_path, "Bridge on Quarry Road reopens")
        .await;
    assert!(
        joined.html.contains(&unrelated.summary.title),
        "a News Feed item made the article render again"
    );
    assert_eq!(
        joined.count(".sidebar .news-feed"),
        1,
        "one sidebar feed, joined in its place"
    );
    assert!(
        !joined.html.contains("<!--byline:fragment:"),
        "no hole left"
    );
    let home = reader
        .eventually_shows("/", "Bridge on Quarry Road reopens")
        .await;
    assert!(
        home.html.contains(&newest.title) && !home.html.contains("Renamed where no cache can see"),
        "a News Feed item made the home page render again"
    );
    assert_eq!(home.count(".home-rail .news-feed"), 1);
    assert!(!home.html.contains("<!--byline:fragment:"));

    // A change to the site itself still drops everything.
    let settings = writer.db.site_settings().await.unwrap();
    let mut renamed = settings.clone();
    renamed.title = format!("{} Daily", settings.title);
    writer.db.save_site_settings(&renamed).await.unwrap();
    reader
        .eventually_shows(&unrelated_path, "Changed where no cache can see")
        .await;
}

/// A search whose first page shows `shown` and none of whose words `edited` has,
/// before or after it is given `new_title`.
async fn search_finding(app: &TestApp, shown: &Post, edited: &Post, new_title: &str) -> String {
    let edited_text = format!(
        "{} {} {} {}",
        edited.summary.title,
        edited.summary.subtitle.as_deref().unwrap_or_default(),
        edited.body_markdown,
        new_title
    )
    .to_lowercase();
    for word in shown
        .summary
        .title
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
    {
        if word.len() < 5 || edited_text.contains(word) {
            continue;
        }
        let path = format!("/search/?q={word}");
        if app.get(&path).await.html.contains(&shown.summary.title) {
            return path;
        }
    }
    panic!("no search finds {:?} alone", shown.summary.title);
}

/// A published article that shares no section or author with `edited` and whose
/// page does not show it.
async fn unrelated_article(app: &TestApp, edited: &Post) -> Post {
    let tags: Vec<i64> = edited.summary.tags.iter().map(|t| t.id).collect();
    let authors: Vec<i64> = edited.summary.authors.iter().map(|a| a.id).collect();
    let candidates = app
        .db
        .newest_published(&PostQuery::default(), 200, 0)
        .await
        .unwrap();
    for candidate in candidates {
        // Titles with characters HTML escapes would need escaping to be found.
        if candidate.id == edited.summary.id
            || candidate.title.contains(['&', '\'', '"', '<', '>', '/'])
            || candidate.tags.iter().any(|t| tags.contains(&t.id))
            || candidate.authors.iter().any(|a| authors.contains(&a.id))
        {
            continue;
        }
        let page = app.get(&format!("/{}/", candidate.slug)).await;
        if page.inner_html("main").contains(EDITED) {
            continue;
        }
        return app
            .db
            .published_post(&candidate.slug)
            .await
            .unwrap()
            .unwrap();
    }
    panic!("the demo has no article unrelated to {EDITED}");
}
