//! Image uploads: checked from the bytes, stripped, resized, content-hashed, served
//! forever; refused in place when wrong, without losing the post's current image.

use std::io::Cursor;

use byline_core::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_engines;

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

async fn a_featured_image_is_uploaded_resized_and_served_with_srcset(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let answer = desk
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Bridge repairs begin"),
                ("kind", "post"),
                ("image_alt", "Scaffolding under the old bridge"),
                ("image_caption", "Work starts at the north pier."),
                ("image_credit", "Ledger staff"),
                ("action", "publish"),
            ],
            Some(("image_file", "bridge.png", png(1000, 600))),
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let id = crate::desk_client::post_id_from(answer.location.as_deref().unwrap());
    let image = app
        .db
        .desk_post(id)
        .await
        .unwrap()
        .unwrap()
        .post
        .summary
        .image
        .unwrap();
    assert!(
        image.url.starts_with("/content/images/u/") && image.url.ends_with("/1000.png"),
        "{}",
        image.url
    );
    assert_eq!((image.width, image.height), (1000, 600));
    for file in ["480.png", "800.png", "1000.png", "480.webp", "1000.webp"] {
        let url = image.url.replace("1000.png", file);
        let response = app.raw.get(app.url(&url)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        assert_eq!(
            response.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
    let page = app
        .eventually_shows("/bridge-repairs-begin/", "Work starts at the north pier.")
        .await;
    assert!(
        page.html.contains("480.png 480w"),
        "srcset lists the widths"
    );
    assert!(
        page.html.contains("image/webp"),
        "graphics are offered as WebP"
    );
    let library = desk.get("/admin/media").await;
    assert!(library.html.contains("bridge.png") && library.html.contains("Ledger staff"));
}

async fn a_bad_upload_is_refused_and_the_post_keeps_its_image(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let created = desk
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Harvest fair"),
                ("kind", "post"),
                ("image_alt", "Pumpkins"),
            ],
            Some(("image_file", "pumpkins.png", png(300, 200))),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.html);
    let id = crate::desk_client::post_id_from(created.location.as_deref().unwrap());
    let before = app.db.desk_post(id).await.unwrap().unwrap();
    let image = before.post.summary.image.clone().unwrap();
    let revision = before.revision.to_string();
    let fields = [
        ("title", "Harvest fair, updated"),
        ("kind", "post"),
        ("revision", revision.as_str()),
        ("image_url", image.url.as_str()),
        ("image_width", "300"),
        ("image_height", "200"),
        ("image_alt", "Pumpkins"),
    ];
    let mut too_large = png(300, 200);
    too_large.resize(21 * 1024 * 1024, 0);
    let mut truncated = png(300, 200);
    truncated.truncate(truncated.len() / 2);
    for (name, bytes, message) in [
        ("notes.txt", b"just some words".to_vec(), "not an image"),
        ("broken.png", truncated, "damaged"),
        ("huge.png", too_large, "images can be at most 20 MB"),
    ] {
        let answer = desk
            .post_multipart(
                &format!("/admin/posts/{id}"),
                &fields,
                Some(("image_file", name, bytes)),
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(answer.html.contains(message), "{name}: {}", answer.html);
        assert!(
            answer.html.contains("Harvest fair, updated"),
            "the typed title is kept"
        );
        let after = app.db.desk_post(id).await.unwrap().unwrap();
        assert_eq!(after.post.summary.title, "Harvest fair", "nothing saved");
        assert_eq!(
            after.post.summary.image.unwrap().url,
            image.url,
            "the previous image stays"
        );
    }
}

async fn the_media_library_takes_uploads_and_refuses_non_images(app: &TestApp) {
    let desk = app.desk(Role::Contributor).await;
    let ok = desk
        .post_multipart(
            "/admin/media",
            &[
                ("alt", "A heron"),
                ("caption", "At dawn"),
                ("credit", "Reader photo"),
            ],
            Some(("file", "heron.png", png(200, 100))),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.html);
    let no_alt = desk
        .post_multipart(
            "/admin/media",
            &[("alt", "")],
            Some(("file", "heron.png", png(200, 100))),
        )
        .await;
    assert_eq!(no_alt.status, StatusCode::UNPROCESSABLE_ENTITY);
    let not_image = desk
        .post_multipart(
            "/admin/media",
            &[("alt", "x")],
            Some(("file", "a.png", b"%PDF-1.7".to_vec())),
        )
        .await;
    assert_eq!(not_image.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        not_image.html.contains("not an image"),
        "{}",
        not_image.html
    );
    let media = app.db.list_media(10, 0).await.unwrap();
    assert_eq!(media.total, 1);
    assert_eq!(media.items[0].caption.as_deref(), Some("At dawn"));
}

on_both_engines!(
    a_featured_image_is_uploaded_resized_and_served_with_srcset,
    a_bad_upload_is_refused_and_the_post_keeps_its_image,
    the_media_library_takes_uploads_and_refuses_non_images,
);
