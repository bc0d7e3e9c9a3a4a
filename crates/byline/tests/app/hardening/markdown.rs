//! Markdown that would stall a worker (40,000 nested quotes took seconds to render,
//! quadratically more for more) is refused before any rendering, with a message in
//! the page or the JSON, and nothing is saved.

use std::time::{Duration, Instant};

use byline_core::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(
    deeply_nested_markdown_is_refused_in_preview_save_and_autosave,
    an_oversized_body_is_refused_with_its_limit,
);

fn nested_quotes() -> String {
    "> ".repeat(40_000) + "deep"
}

async fn deeply_nested_markdown_is_refused_in_preview_save_and_autosave(app: &TestApp) {
    let desk = app.desk(Role::Contributor).await;
    let id = desk
        .create_post(&[
            ("title", "Quotes within quotes"),
            ("body", "A first draft."),
        ])
        .await;
    let revision = desk.revision_of(id).await;

    // Two hostile previews at once, and a reader meanwhile: everyone is answered.
    let started = Instant::now();
    let hostile = nested_quotes();
    let fields = [("body", hostile.as_str())];
    let (first, second, reader) = tokio::join!(
        desk.post("/admin/preview", &fields),
        desk.post("/admin/preview", &fields),
        app.get("/"),
    );
    assert_eq!(reader.status, StatusCode::OK);
    for preview in [&first, &second] {
        assert_eq!(preview.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            preview.html.contains("nested more than 40 levels deep"),
            "{}",
            preview.html
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refusing took {:?}",
        started.elapsed()
    );

    let saved = desk
        .post_multipart(
            &format!("/admin/posts/{id}"),
            &[
                ("title", "Quotes within quotes"),
                ("body", hostile.as_str()),
                ("revision", revision.as_str()),
            ],
            None,
        )
        .await;
    assert_eq!(saved.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        saved.html.contains("This text cannot be shown or saved"),
        "{}",
        saved.html
    );

    let autosaved = desk
        .post_multipart(
            &format!("/admin/posts/{id}/autosave"),
            &[
                ("title", "Quotes within quotes"),
                ("body", hostile.as_str()),
                ("revision", revision.as_str()),
            ],
            None,
        )
        .await;
    assert_eq!(autosaved.status, StatusCode::UNPROCESSABLE_ENTITY);
    let json: serde_json::Value = serde_json::from_str(&autosaved.html).unwrap();
    assert!(
        json["errors"]["body"]
            .as_str()
            .unwrap()
            .contains("40 levels"),
        "{json}"
    );

    let stored = app.db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(stored.revision.to_string(), revision, "nothing was saved");
    assert_eq!(stored.post.body_markdown, "A first draft.");

    // Ordinary nesting still renders.
    let fine = desk
        .post(
            "/admin/preview",
            &[("body", "> > quoted twice\n\n- a\n  - b")],
        )
        .await;
    assert_eq!(fine.status, StatusCode::OK);
    assert!(fine.html.contains("<blockquote>"), "{}", fine.html);
}

async fn an_oversized_body_is_refused_with_its_limit(app: &TestApp) {
    let desk = app.desk(Role::Author).await;
    let huge = "word ".repeat(120_000);
    let created = desk
        .post_multipart(
            "/admin/posts",
            &[("title", "Far too long"), ("body", huge.as_str())],
            None,
        )
        .await;
    assert_eq!(created.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        created.html.contains("longer than 512 KB"),
        "{}",
        &created.html[..200]
    );
    assert!(
        app.db
            .post_by_slug(&crate::helpers::slug("far-too-long"))
            .await
            .unwrap()
            .is_none(),
        "nothing was saved"
    );
}
