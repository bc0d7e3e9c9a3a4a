//! `images/upload/` on both engines: an image lands in the library with its size
//! known, and a file too big, a file that is no image, a form without a file or a
//! body that is no form is refused in Ghost's envelope, leaving the library as it was.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use super::posts::{Client, error_type};
use crate::helpers::{TestApp, png};
use crate::on_both_engines;

async fn upload(client: &Client<'_>, app: &TestApp, form: Form) -> (StatusCode, Value) {
    let response = app
        .raw
        .post(app.url("/ghost/api/admin/images/upload/"))
        .header("authorization", client.authorization())
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn file(bytes: Vec<u8>, name: &str) -> Part {
    Part::bytes(bytes).file_name(name.to_owned())
}

async fn library_size(app: &TestApp) -> i64 {
    app.db.list_media(1, 0).await.unwrap().total
}

async fn an_upload_joins_the_library_and_bad_ones_change_nothing(app: &TestApp) {
    let client = Client::new(app, "Photo desk").await;
    let before = library_size(app).await;
    let form = Form::new()
        .part("file", file(png(640, 480), "harbour.png"))
        .text("ref", "harbour-photo")
        .text("purpose", "image");
    let (status, body) = upload(&client, app, form).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let image = &body["images"][0];
    assert_eq!(image["ref"], "harbour-photo");
    let url = image["url"].as_str().unwrap();
    let path = &url[url.find("/content/images/").expect(url)..];
    let media = app.db.media_by_url(path).await.unwrap().unwrap();
    assert_eq!((media.width, media.height), (640, 480));
    assert_eq!(media.uploaded_by, None);
    assert_eq!(library_size(app).await, before + 1);

    let too_big = vec![0u8; 21 * 1024 * 1024];
    let refusals = [
        (
            "a text file named .png",
            Form::new().part("file", file(b"only words".to_vec(), "chart.png")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "an empty file",
            Form::new().part("file", file(Vec::new(), "empty.png")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "no file field",
            Form::new().text("ref", "nothing"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "ValidationError",
        ),
        (
            "a file over the limit",
            Form::new().part("file", file(too_big, "huge.png")),
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLargeError",
        ),
    ];
    for (what, form, expected, kind) in refusals {
        let (status, body) = upload(&client, app, form).await;
        assert_eq!(status, expected, "{what}: {body}");
        assert_eq!(error_type(&body), kind, "{what}: {body}");
    }
    let response = app
        .raw
        .post(app.url("/ghost/api/admin/images/upload/"))
        .header("authorization", client.authorization())
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_type(&body), "BadRequestError");
    assert_eq!(library_size(app).await, before + 1);
}

on_both_engines!(an_upload_joins_the_library_and_bad_ones_change_nothing);
