//! The media library's words (alt text, caption, credit) belong to whoever uploaded
//! the image, and to editors: a contributor could change anyone's.

use byline_core::Role;
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(only_the_uploader_or_an_editor_changes_an_images_words);

fn png() -> Vec<u8> {
    let image = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 3, y as u8 * 5, 90]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

async fn only_the_uploader_or_an_editor_changes_an_images_words(app: &TestApp) {
    let owner = app.desk(Role::Contributor).await;
    let uploaded = owner
        .post_multipart(
            "/admin/media",
            &[("alt", "Ferry at the pier"), ("credit", "Ana Ruiz")],
            Some(("file", "ferry.png", png())),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.html);
    let media = app.db.list_media(1, 0).await.unwrap().items.remove(0);

    let stranger = app.desk(Role::Contributor).await;
    let changed = stranger
        .post(
            &format!("/admin/media/{}", media.id),
            &[
                ("alt", "Vandalised"),
                ("caption", "x"),
                ("credit", "Someone else"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::FORBIDDEN);
    // Uploading the same file again does not take over its words either.
    stranger
        .post_multipart(
            "/admin/media",
            &[("alt", "Vandalised again")],
            Some(("file", "ferry-copy.png", png())),
        )
        .await;
    let kept = app.db.media_by_id(media.id).await.unwrap().unwrap();
    assert_eq!(
        (kept.alt.as_str(), kept.credit.as_deref()),
        ("Ferry at the pier", Some("Ana Ruiz"))
    );
    let library = stranger.get("/admin/media").await;
    assert!(
        library.html.contains("Uploaded by someone else"),
        "no form for others' images"
    );

    let own = owner
        .post(
            &format!("/admin/media/{}", media.id),
            &[("alt", "Ferry at the north pier"), ("credit", "Ana Ruiz")],
        )
        .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER);
    let editor = app.desk(Role::Editor).await;
    let edited = editor
        .post(
            &format!("/admin/media/{}", media.id),
            &[
                ("alt", "The north pier ferry"),
                ("credit", "Ana Ruiz/Ledger"),
            ],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    let now = app.db.media_by_id(media.id).await.unwrap().unwrap();
    assert_eq!(now.alt, "The north pier ferry");
}
