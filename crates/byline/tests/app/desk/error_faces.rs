//! One error type at the HTTP edge, shown the way its address expects: the same cause
//! is the desk's error page on a desk page and a JSON body on the desk's JSON
//! endpoints (the editor's autosave, the News Feed's article search).

use byline_core::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_engines;

async fn a_missing_post_is_a_desk_page_or_json_by_address(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;

    let page = desk.get("/admin/posts/999999").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.html.starts_with("<!doctype html>"), "{}", page.html);
    assert!(page.html.contains("Not found"), "{}", page.html);

    let json = desk
        .post_multipart(
            "/admin/posts/999999/autosave",
            &[
                ("title", "Nothing here"),
                ("kind", "post"),
                ("revision", "1"),
            ],
            None,
        )
        .await;
    assert_eq!(json.status, StatusCode::NOT_FOUND);
    let body: serde_json::Value = serde_json::from_str(&json.html)
        .unwrap_or_else(|_| panic!("autosave answers errors in JSON: {}", json.html));
    assert_eq!(body["errors"][0]["type"], "NotFoundError", "{body}");
    assert_eq!(body["errors"][0]["message"], "Not found", "{body}");
    assert!(
        body["error"].as_str().unwrap().starts_with("Not found. "),
        "one sentence for the editor's script to show: {body}"
    );
}

async fn an_ended_session_is_said_in_json_to_the_editor_script(app: &TestApp) {
    let desk = app.desk(Role::Author).await;
    let id = desk
        .create_post(&[("title", "Draft before lunch"), ("kind", "post")])
        .await;
    let revision = desk.revision_of(id).await;
    assert_eq!(
        desk.post("/admin/signout", &[]).await.status,
        StatusCode::SEE_OTHER
    );

    let json = desk
        .post_multipart(
            &format!("/admin/posts/{id}/autosave"),
            &[
                ("title", "Draft after lunch"),
                ("kind", "post"),
                ("revision", &revision),
            ],
            None,
        )
        .await;
    assert_eq!(json.status, StatusCode::FORBIDDEN);
    let body: serde_json::Value = serde_json::from_str(&json.html)
        .unwrap_or_else(|_| panic!("autosave answers errors in JSON: {}", json.html));
    assert_eq!(body["errors"][0]["type"], "NoPermissionError", "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("Your session has ended"),
        "{body}"
    );
    let search = desk.get("/admin/news-feed/articles?q=lunch").await;
    assert_eq!(
        search.status,
        StatusCode::SEE_OTHER,
        "a signed-out GET is sent to sign in, JSON endpoint or not"
    );

    // The same cause on a desk form is the desk's page, and nothing was saved.
    let form = desk.post("/admin/tags", &[("name", "Lunch")]).await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    assert!(form.html.starts_with("<!doctype html>"), "{}", form.html);
    assert!(form.html.contains("session has ended"), "{}", form.html);
    let post = app.db.desk_post(id).await.unwrap().unwrap();
    assert_eq!(post.post.summary.title, "Draft before lunch");
}

on_both_engines!(
    a_missing_post_is_a_desk_page_or_json_by_address,
    an_ended_session_is_said_in_json_to_the_editor_script,
);
