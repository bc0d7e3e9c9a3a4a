//! Stored addresses pass one check: author photos and the site logo are uploads or
//! http(s) addresses (an author photo took `javascript:`), and a featured image is an
//! upload or comes from a host the site allows (a contributor's draft could make an
//! editor's browser fetch any server).

use byline_core::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(
    author_photos_and_the_logo_take_only_web_addresses,
    featured_images_come_from_uploads_or_allowed_hosts,
);

async fn author_photos_and_the_logo_take_only_web_addresses(app: &TestApp) {
    let editor = app.desk(Role::Editor).await;
    for bad in [
        "javascript:alert(document.cookie)",
        "data:text/html,<b>x</b>",
        "//evil.example/me.jpg",
    ] {
        let answer = editor
            .post_multipart(
                "/admin/authors",
                &[("name", "Mallory Photo"), ("photo_url", bad)],
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(
            answer.html.contains("The photo’s address cannot be used"),
            "{bad}"
        );
        assert!(
            !answer.html.contains(bad),
            "the bad address is not shown back: {bad}"
        );
    }
    let fine = editor
        .post_multipart(
            "/admin/authors",
            &[
                ("name", "Rosa Photo"),
                ("photo_url", "https://photos.example.org/rosa.jpg"),
            ],
            None,
        )
        .await;
    assert_eq!(fine.status, StatusCode::SEE_OTHER, "{}", fine.html);

    let admin = app.desk(Role::Admin).await;
    let settings = app.db.site_settings().await.unwrap();
    // The settings form as saved, with one more field.
    let save_with = |field: &'static str, value: &'static str| {
        let settings = settings.clone();
        let admin = &admin;
        async move {
            admin
                .post_multipart(
                    "/admin/settings",
                    &[
                        ("title", settings.title.as_str()),
                        ("timezone", settings.timezone.as_str()),
                        ("language", "en"),
                        ("url", settings.url.as_str()),
                        ("audio_disclosure", settings.audio_disclosure.as_str()),
                        (field, value),
                    ],
                    None,
                )
                .await
        }
    };
    let logo = save_with("logo_url", "javascript:alert(1)").await;
    assert_eq!(logo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(logo.html.contains("The logo’s address cannot be used"));
    let navigation = save_with("navigation", "Elsewhere | //evil.example/").await;
    assert_eq!(navigation.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.db.site_settings().await.unwrap(),
        settings,
        "nothing saved"
    );
}

async fn featured_images_come_from_uploads_or_allowed_hosts(app: &TestApp) {
    let contributor = app.desk(Role::Contributor).await;
    let draft = |url: &'static str| {
        [
            ("title", "Pictured story"),
            ("body", "Words."),
            ("image_url", url),
            ("image_alt", "A picture"),
        ]
    };
    let tracker = contributor
        .post_multipart(
            "/admin/posts",
            &draft("https://tracker.example/pixel.jpg"),
            None,
        )
        .await;
    assert_eq!(tracker.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        tracker
            .html
            .contains("images from tracker.example are not allowed"),
        "{}",
        tracker.html
    );
    let script = contributor
        .post_multipart("/admin/posts", &draft("javascript:alert(1)"), None)
        .await;
    assert_eq!(script.status, StatusCode::UNPROCESSABLE_ENTITY);

    let mut settings = app.db.site_settings().await.unwrap();
    settings.image_hosts = vec!["photos.wire.example".into()];
    app.db.save_site_settings(&settings).await.unwrap();
    let allowed = contributor
        .post_multipart(
            "/admin/posts",
            &draft("https://photos.wire.example/quay.jpg"),
            None,
        )
        .await;
    assert_eq!(allowed.status, StatusCode::SEE_OTHER, "{}", allowed.html);
    let plain_http = contributor
        .post_multipart(
            "/admin/posts",
            &draft("http://photos.wire.example/quay.jpg"),
            None,
        )
        .await;
    assert_eq!(
        plain_http.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "https only"
    );
}
