//! The review's smaller findings: `/metrics` was public, a malformed multipart body
//! answered 413, and `Range: bytes=0-<huge>` answered 416.

use byline_core::Role;
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, CONTENT_RANGE, CONTENT_TYPE, RANGE};

use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(
    a_malformed_multipart_body_is_a_400_not_a_413,
    a_range_past_the_end_of_a_file_is_cut_to_the_end,
);

#[tokio::test]
async fn metrics_answer_only_this_machine_or_the_token() {
    let open = TestApp::sqlite().await;
    assert_eq!(
        open.raw
            .get(open.url("/metrics"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    // Through a proxy on this machine the request comes from 127.0.0.1 but is not local.
    let relayed = open
        .raw
        .get(open.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(relayed.status(), StatusCode::FORBIDDEN);
    assert!(relayed.text().await.unwrap().contains("--metrics-token"));
    open.stop().await;

    let guarded = TestApp::sqlite_with(|config| {
        config.metrics_token = Some("scrape-me-4f1c9a".into());
    })
    .await;
    let ask = |token: Option<&'static str>| {
        let mut request = guarded
            .raw
            .get(guarded.url("/metrics"))
            .header("Forwarded", "for=203.0.113.9");
        if let Some(token) = token {
            request = request.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        request.send()
    };
    let without = ask(None).await.unwrap();
    assert_eq!(without.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(without.headers()["www-authenticate"], "Bearer");
    assert_eq!(
        ask(Some("wrong")).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let with = ask(Some("scrape-me-4f1c9a")).await.unwrap();
    assert_eq!(with.status(), StatusCode::OK);
    assert!(
        with.text()
            .await
            .unwrap()
            .contains("byline_http_requests_total")
    );
    guarded.stop().await;
}

async fn a_malformed_multipart_body_is_a_400_not_a_413(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let answer = app
        .raw
        .post(app.url("/admin/posts"))
        .header("cookie", &desk.cookie)
        .header(CONTENT_TYPE, "multipart/form-data; boundary=XyZ")
        .body("--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nunterminated")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains("not a form this page sends")
    );
    assert!(
        app.db
            .post_by_slug(&crate::helpers::slug("unterminated"))
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_range_past_the_end_of_a_file_is_cut_to_the_end(app: &TestApp) {
    let post = app
        .db
        .newest_published(&Default::default(), 20, 0)
        .await
        .unwrap()
        .into_iter()
        .find_map(|p| p.image)
        .expect("a demo article with a photo");
    let whole = app.raw.get(app.url(&post.url)).send().await.unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    let bytes = whole.bytes().await.unwrap();
    let length = bytes.len();
    let ask = |range: &'static str| app.raw.get(app.url(&post.url)).header(RANGE, range).send();
    let huge = ask("bytes=0-99999999999999999999").await.unwrap();
    assert_eq!(huge.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        huge.headers()[CONTENT_RANGE],
        format!("bytes 0-{}/{length}", length - 1).as_str()
    );
    assert_eq!(huge.bytes().await.unwrap(), bytes);
    let tail = ask("bytes=10-99999999").await.unwrap();
    assert_eq!(tail.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(tail.bytes().await.unwrap(), bytes.slice(10..));
    let several = ask("bytes=0-1,5-6").await.unwrap();
    assert_eq!(
        several.status(),
        StatusCode::OK,
        "several ranges: the whole file"
    );
    let garbage = ask("bytes=banana").await.unwrap();
    assert_eq!(garbage.status(), StatusCode::OK);
    let beyond = ask("bytes=99999999-").await.unwrap();
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);
}
