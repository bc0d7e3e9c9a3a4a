//! The theme in the site's language: a Ukrainian site shows the default theme's
//! words, dates and plural forms in Ukrainian; an English one stays as it was.

use reqwest::StatusCode;

use crate::helpers::{Page, TestApp};

crate::on_both_engines!(
    a_ukrainian_site_shows_its_pages_in_ukrainian,
    a_ukrainian_site_answers_signups_in_ukrainian,
    an_english_site_stays_english,
);

const UKRAINIAN_MONTHS: [&str; 12] = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
];

/// Makes the demo site Ukrainian and waits until its pages show it.
async fn in_ukrainian(app: &TestApp) -> Page {
    let mut settings = app.db.site_settings().await.unwrap();
    settings.language = "uk".into();
    app.db.save_site_settings(&settings).await.unwrap();
    app.eventually_shows("/", "Перейти до основного вмісту")
        .await
}

async fn a_ukrainian_site_shows_its_pages_in_ukrainian(app: &TestApp) {
    let home = in_ukrainian(app).await;
    assert!(home.html.contains("<html lang=\"uk\">"));
    assert!(
        home.html
            .contains("<meta property=\"og:locale\" content=\"uk_UA\">")
    );
    assert_eq!(home.texts("a.skip-link"), ["Перейти до основного вмісту"]);
    assert!(
        home.texts(".home-rail .block-heading")
            .contains(&"Стрічка новин".to_owned())
    );
    let read = home.texts(".card-read");
    assert!(!read.is_empty());
    for text in &read {
        assert!(text.ends_with(" хв читання"), "{text}");
    }
    let dates = home.texts(".card-meta time");
    assert!(!dates.is_empty());
    for date in &dates {
        assert!(
            UKRAINIAN_MONTHS.iter().any(|month| date.contains(month)),
            "a date in Ukrainian: {date}"
        );
    }
    assert!(home.html.contains("Підписатися"));
    assert!(!home.html.contains("min read"));
    assert!(!home.html.contains(">Subscribe<"));

    let article = app.get("/merrow-river-flood-crest/").await;
    assert_eq!(article.status, StatusCode::OK);
    let dateline = &article.texts(".dateline")[0];
    assert!(dateline.contains("(Оновлено:"), "{dateline}");
    assert!(dateline.contains("хв читання"), "{dateline}");
    assert!(
        UKRAINIAN_MONTHS
            .iter()
            .any(|month| dateline.contains(month)),
        "{dateline}"
    );
    assert!(article.texts(".byline")[0].starts_with("Автор: "));
    assert_eq!(
        article.texts(".editor-note .note-label"),
        ["Примітка редакції:", "Виправлення:"]
    );
    assert_eq!(article.texts(".story-tags h2"), ["Теми"]);
    // The News Feed script's words ride on the lists, in Ukrainian.
    assert!(
        article
            .attrs("ol.news-feed", "data-announce-more-few")
            .iter()
            .all(|text| text == "Показано ще {n} повідомлення.")
    );

    let missing = app.get("/no-such-story/").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.texts("h1"), ["Ми не знайшли цю сторінку"]);
    assert_eq!(missing.texts("code.path"), ["/no-such-story/"]);

    let rss = app.get("/news-feed/rss/").await;
    assert!(rss.html.contains(": стрічка новин</title>"), "{}", rss.html);

    let search = app.get("/search/?q=zzyzx").await;
    assert!(
        search.texts(".empty-note")[0].starts_with("За запитом «zzyzx» нічого не знайдено."),
        "{:?}",
        search.texts(".empty-note")
    );
}

async fn a_ukrainian_site_answers_signups_in_ukrainian(app: &TestApp) {
    in_ukrainian(app).await;
    let answer = app
        .client
        .post(app.url("/newsletters/subscribe"))
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=not-an-address&newsletter=daily-briefing")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(
        json["errors"]["email"],
        "Введіть правильну електронну адресу"
    );
    let home = app.get("/").await;
    assert_eq!(
        home.attrs("form[data-newsletter-box]", "data-bad-email")[0],
        "Введіть правильну електронну адресу"
    );
}

async fn an_english_site_stays_english(app: &TestApp) {
    let home = app.get("/").await;
    assert!(home.html.contains("<html lang=\"en\">"));
    assert!(
        home.html
            .contains("<meta property=\"og:locale\" content=\"en_US\">")
    );
    assert_eq!(home.texts("a.skip-link"), ["Skip to content"]);
    for text in home.texts(".card-read") {
        assert!(text.ends_with(" min read"), "{text}");
    }
    let article = app.get("/merrow-river-flood-crest/").await;
    let dateline = &article.texts(".dateline")[0];
    assert!(dateline.contains("(Updated:"), "{dateline}");
    assert!(article.texts(".byline")[0].starts_with("By "));
    assert_eq!(
        article.attrs("ol.news-feed", "data-announce-more-one")[0],
        "One more item shown."
    );
    assert!(home.html.contains(">Subscribe<"));
}
