//! Running the newsroom: sections, authors, collections and site settings.

use byline_core::{Collection, Role};
use byline_store::CollectionStore;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_engines;

async fn sections_and_authors_are_created_and_edited(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let created = desk
        .post_multipart(
            "/admin/tags",
            &[("name", "Weather"), ("detail", "Storms and sun")],
            None,
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    assert!(
        app.db
            .tag_by_slug(&crate::helpers::slug("weather"))
            .await
            .unwrap()
            .is_some()
    );
    let clash = desk
        .post_multipart(
            "/admin/tags",
            &[("name", "Weather again"), ("slug", "weather")],
            None,
        )
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(clash.html.contains("already taken"), "{}", clash.html);
    let empty = desk
        .post_multipart("/admin/authors", &[("name", "")], None)
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let author = desk
        .post_multipart(
            "/admin/authors",
            &[("name", "Priya Nair"), ("detail", "Covers schools.")],
            None,
        )
        .await;
    assert_eq!(author.status, StatusCode::SEE_OTHER);
    let id = app
        .db
        .author_by_slug(&crate::helpers::slug("priya-nair"))
        .await
        .unwrap()
        .unwrap()
        .id;
    let edited = desk
        .post_multipart(
            &format!("/admin/authors/{id}"),
            &[
                ("name", "Priya Nair"),
                ("slug", "priya-nair"),
                ("detail", "Covers schools and the county board."),
            ],
            None,
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    app.eventually_shows("/author/priya-nair/", "county board")
        .await;
}

async fn editors_curate_collections(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let picks = app
        .db
        .collection(Collection::EditorsPicks, 50)
        .await
        .unwrap();
    assert!(picks.len() >= 2, "the demo fills Editors' Picks");
    let (first, second) = (picks[0].id.to_string(), picks[1].id.to_string());
    let down = desk
        .post(
            "/admin/collections/editors-picks",
            &[("op", "down"), ("post_id", &first)],
        )
        .await;
    assert_eq!(down.status, StatusCode::SEE_OTHER);
    let now = app
        .db
        .collection(Collection::EditorsPicks, 50)
        .await
        .unwrap();
    assert_eq!(now[0].id.to_string(), second);
    let removed = desk
        .post(
            "/admin/collections/editors-picks",
            &[("op", "remove"), ("post_id", &first)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(
        app.db
            .collection(Collection::EditorsPicks, 50)
            .await
            .unwrap()
            .iter()
            .all(|p| p.id.to_string() != first)
    );
    let missing = desk
        .post(
            "/admin/collections/editors-picks",
            &[("op", "add"), ("post_id", "99999")],
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    let nothing = desk
        .post("/admin/collections/editors-picks", &[("op", "add")])
        .await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        desk.post(
            "/admin/collections/unknown",
            &[("op", "add"), ("post_id", &first)]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(desk.get("/admin/collections").await.status, StatusCode::OK);
}

async fn administrators_change_site_settings(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    let bad = desk
        .post_multipart(
            "/admin/settings",
            &[
                ("title", ""),
                ("timezone", "Mars/Olympus"),
                ("url", "ftp://x"),
                ("navigation", "no bar here"),
            ],
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Write the site",
        "time zone name",
        "starting with https://",
        "Line 1 should read",
    ] {
        assert!(bad.html.contains(message), "{message}: {}", bad.html);
    }
    let good = desk
        .post_multipart(
            "/admin/settings",
            &[
                ("title", "The Calder Evening Ledger"),
                ("description", "News after dark"),
                ("timezone", "Europe/Kyiv"),
                ("language", "en"),
                ("url", "https://ledger.example"),
                ("navigation", "Corrections | /corrections/\nAbout | /about/"),
                (
                    "audio_disclosure",
                    "This audio is created with AI assistance",
                ),
            ],
            None,
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER, "{}", good.html);
    let home = app.eventually_shows("/", "The Calder Evening Ledger").await;
    assert!(
        home.html.contains("href=\"/corrections/\""),
        "navigation comes from the settings"
    );
}

/// Every page names an icon, and `/favicon.ico` answers: the theme's until the
/// newsroom uploads its own (sent in one form with a new logo), then theirs.
async fn the_site_icon_is_the_theme_s_until_the_newsroom_uploads_one(app: &TestApp) {
    let home = app.get("/").await;
    let default = home.attrs("link[rel=icon]", "href");
    assert_eq!(default, ["/assets/icon.svg"]);
    let icon = app
        .raw
        .get(app.url("/assets/icon.svg"))
        .send()
        .await
        .unwrap();
    assert_eq!(icon.status(), StatusCode::OK);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    let legacy = app.raw.get(app.url("/favicon.ico")).send().await.unwrap();
    assert_eq!(legacy.status(), StatusCode::OK);
    assert_eq!(legacy.headers()["content-type"], "image/svg+xml");
    assert!(legacy.text().await.unwrap().starts_with("<svg"));

    let desk = app.desk(Role::Admin).await;
    let settings = app.db.site_settings().await.unwrap();
    let saved = desk
        .post_files(
            "/admin/settings",
            &[
                ("title", settings.title.as_str()),
                ("timezone", "UTC"),
                ("language", "en"),
                ("url", "https://ledger.example"),
                ("audio_disclosure", "Read by a machine voice"),
            ],
            vec![
                ("logo", "logo.png", crate::helpers::png(320, 80)),
                ("icon", "icon.png", crate::helpers::png(256, 256)),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    let settings = app.db.site_settings().await.unwrap();
    let (logo, icon) = (settings.logo_url.unwrap(), settings.icon_url.unwrap());
    assert_ne!(logo, icon, "each file went to its own setting");
    let home = app.eventually_shows("/", &icon).await;
    assert_eq!(
        home.attrs("link[rel=icon]", "href"),
        std::slice::from_ref(&icon)
    );
    let legacy = app.raw.get(app.url("/favicon.ico")).send().await.unwrap();
    assert_eq!(legacy.status(), StatusCode::FOUND);
    assert_eq!(legacy.headers()["location"], icon.as_str());
    let stored = app.raw.get(app.url(&icon)).send().await.unwrap();
    assert_eq!(stored.status(), StatusCode::OK);

    // Removing it brings the theme's back.
    let removed = desk
        .post_multipart(
            "/admin/settings",
            &[
                ("title", settings.title.as_str()),
                ("timezone", "UTC"),
                ("language", "en"),
                ("url", "https://ledger.example"),
                ("audio_disclosure", "Read by a machine voice"),
                ("icon_url", icon.as_str()),
                ("remove_icon", "on"),
            ],
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.html);
    assert_eq!(app.db.site_settings().await.unwrap().icon_url, None);
}

on_both_engines!(
    sections_and_authors_are_created_and_edited,
    editors_curate_collections,
    administrators_change_site_settings,
    the_site_icon_is_the_theme_s_until_the_newsroom_uploads_one,
);
