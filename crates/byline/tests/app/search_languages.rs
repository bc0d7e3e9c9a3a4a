//! Search in the site's language: on a Ukrainian site an article written in Cyrillic
//! is found by its words in Cyrillic and in the national transliteration, and the
//! suggestions while typing find it in either script.

use crate::helpers::{TestApp, resave, retitled};

crate::on_both_engines!(a_ukrainian_site_is_searched_in_cyrillic_and_in_latin);

async fn a_ukrainian_site_is_searched_in_cyrillic_and_in_latin(app: &TestApp) {
    let mut settings = app.db.site_settings().await.unwrap();
    settings.language = "uk".into();
    app.db.save_site_settings(&settings).await.unwrap();
    let id: i64 = sqlx::query_scalar(
        "SELECT MIN(id) FROM posts WHERE kind = 'post' AND status = 'published'",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let id = byline_core::PostId(id);
    let post = app.db.desk_post(id).await.unwrap().unwrap().post;
    // Saved on the Ukrainian site: folded as its readers type.
    resave(
        &app.db,
        id,
        retitled(&post, "Харківʼяни відкрили міст у Києві"),
    )
    .await;

    for typed in ["Києві", "kyievi", "KYIEVI", "Харківʼяни", "kharkiviany"] {
        let page = app
            .eventually_shows(&format!("/search/?q={typed}"), "Харківʼяни відкрили міст")
            .await;
        assert_eq!(page.status, reqwest::StatusCode::OK, "{typed}");
    }
    for typed in ["Харк", "khark", "Kyie"] {
        let answer: serde_json::Value = app
            .client
            .get(app.url(&format!("/search/suggest?q={typed}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let titles: Vec<&str> = answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["title"].as_str())
            .collect();
        assert!(
            titles.contains(&"Харківʼяни відкрили міст у Києві"),
            "{typed}: {answer}"
        );
    }
}
