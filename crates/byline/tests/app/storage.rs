//! Media in an S3-compatible bucket (moto, a real S3 server from PyPI, on this
//! machine): uploads go to the bucket before anything names them, every node serves
//! them, ranges and revalidation work, and a bucket that stops answering fails
//! uploads with a clear message while pages keep serving.

use byline_core::Role;
use byline_media::MediaStore;
use byline_media::testing::{Kind, S3Server};
use reqwest::StatusCode;

use crate::helpers::{TestApp, png};

async fn upload(app: &TestApp, name: &str, bytes: Vec<u8>) -> crate::desk_client::Answer {
    let desk = app.desk(Role::Editor).await;
    desk.post_multipart(
        "/admin/media",
        &[("alt", "A ferry at the quay"), ("credit", "Desk photo")],
        Some(("file", name, bytes)),
    )
    .await
}

macro_rules! with_bucket {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let server = byline_media::testing::S3Server::start(super::Kind::Moto).await;
                    let store = server.store("site");
                    let app = crate::helpers::TestApp::sqlite_with(|c| c.media = Some(store.clone())).await;
                    super::$name(&app, &store).await;
                    app.stop().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let server = byline_media::testing::S3Server::start(super::Kind::Moto).await;
                    let store = server.store("site");
                    let app = crate::helpers::TestApp::postgres_with(|c| c.media = Some(store.clone())).await;
                    super::$name(&app, &store).await;
                    app.stop().await;
                }
            )*
        }
    };
}

with_bucket!(
    uploads_are_kept_in_the_bucket_and_served_from_it,
    the_demo_drawings_are_in_the_bucket_too,
);

async fn uploads_are_kept_in_the_bucket_and_served_from_it(app: &TestApp, store: &MediaStore) {
    let answer = upload(app, "ferry.png", png(900, 500)).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let media = app.db.list_media(10, 0).await.unwrap();
    assert_eq!(media.total, 1);
    let url = media.items[0].url.clone();
    let key = url.strip_prefix("/content/").unwrap().to_owned();
    // In the bucket, every size; nothing in the data folder.
    for size in ["480.png", "800.png", "900.png", "480.webp", "900.webp"] {
        let sized = key.replace("900.png", size);
        assert!(store.stat(&sized).await.unwrap().is_some(), "{sized}");
    }
    assert!(!app.content_dir().join("images/u").exists());

    let stored = store.read(&key).await.unwrap().unwrap();
    let response = app.raw.get(app.url(&url)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let tag = response.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(response.bytes().await.unwrap(), stored);

    let part = app
        .raw
        .get(app.url(&url))
        .header("range", "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 10-19/{}", stored.len()).as_str()
    );
    assert_eq!(part.bytes().await.unwrap(), stored[10..20]);

    let past_end = app
        .raw
        .get(app.url(&url))
        .header("range", format!("bytes={}-", stored.len() + 5))
        .send()
        .await
        .unwrap();
    assert_eq!(past_end.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    let again = app
        .raw
        .get(app.url(&url))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    let missing = app
        .raw
        .get(app.url("/content/images/u/0000000000000000/1.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    // Files that wait for an import are never served, whatever their name.
    store
        .put(
            "private/imports/a.json",
            byline_media::Bytes::from_static(b"{}"),
        )
        .await
        .unwrap();
    let private = app
        .raw
        .get(app.url("/content/private/imports/a.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(private.status(), StatusCode::NOT_FOUND);
}

async fn the_demo_drawings_are_in_the_bucket_too(app: &TestApp, store: &MediaStore) {
    let settings = app.db.site_settings().await.unwrap();
    let logo = settings.logo_url.unwrap();
    let key = logo.strip_prefix("/content/").unwrap();
    assert!(store.stat(key).await.unwrap().is_some(), "{key}");
    let response = app.raw.get(app.url(&logo)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/svg+xml");
}

/// Two nodes on one PostgreSQL database and one bucket, sharing no folder: what
/// one node stores, the other serves at once.
#[tokio::test]
async fn a_file_uploaded_on_one_node_is_served_by_another() {
    let server = S3Server::start(Kind::S3s).await;
    let store = server.store("newsroom");
    let first = TestApp::postgres_with(|c| c.media = Some(store.clone())).await;
    let db = byline_store::Db::connect(first.postgres_url().unwrap())
        .await
        .unwrap();
    let second = TestApp::on_with(db, |c| c.media = Some(server.store("newsroom"))).await;
    let answer = upload(&first, "quay.png", png(640, 400)).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let url = first.db.list_media(1, 0).await.unwrap().items[0]
        .url
        .clone();
    let response = second.raw.get(second.url(&url)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let from_first = first.raw.get(first.url(&url)).send().await.unwrap();
    assert_eq!(
        response.bytes().await.unwrap(),
        from_first.bytes().await.unwrap()
    );
    second.stop().await;
    first.stop().await;
}

/// The bucket stops answering: an upload is refused with a message that says so and
/// leaves no library entry; pages keep serving; when the bucket is back, the same
/// upload works without restarting Byline.
#[tokio::test]
async fn an_unreachable_bucket_fails_uploads_clearly_and_pages_keep_serving() {
    let mut server = S3Server::start(Kind::S3s).await;
    let store = server.store("site");
    let app = TestApp::sqlite_with(|c| c.media = Some(store.clone())).await;
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    let article = "/merrow-river-flood-crest/";
    assert_eq!(app.get(article).await.status, StatusCode::OK);

    server.stop().await;
    let refused = upload(&app, "ferry.png", png(300, 200)).await;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        refused.html.contains("media storage") && refused.html.contains("s3://byline/site"),
        "{}",
        refused.html
    );
    assert_eq!(app.db.list_media(10, 0).await.unwrap().total, 0);
    assert_eq!(app.get("/").await.status, StatusCode::OK);
    assert_eq!(app.get(article).await.status, StatusCode::OK);
    let logo = app.db.site_settings().await.unwrap().logo_url.unwrap();
    let unavailable = app.raw.get(app.url(&logo)).send().await.unwrap();
    assert_eq!(unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);

    server.restart().await;
    let accepted = upload(&app, "ferry.png", png(300, 200)).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.html);
    assert_eq!(app.db.list_media(10, 0).await.unwrap().total, 1);
    app.stop().await;
}

/// With a public address for media, pages link files there, and Byline's own
/// `/content/` addresses send readers there for good.
#[tokio::test]
async fn a_public_media_address_is_linked_and_redirected_to() {
    let dir = tempfile::tempdir().unwrap();
    let store = MediaStore::folder(dir.path())
        .unwrap()
        .with_public_url(Some("https://media.example.org/newsroom"));
    let app = TestApp::sqlite_with(|c| c.media = Some(store)).await;
    let home = app.get("/").await;
    assert!(
        home.html
            .contains("\"https://media.example.org/newsroom/images/demo/"),
        "{}",
        home.html
    );
    assert!(!home.html.contains("\"/content/images/"));
    let logo = app.db.site_settings().await.unwrap().logo_url.unwrap();
    let response = app.raw.get(app.url(&logo)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        response.headers()["location"],
        logo.replace("/content", "https://media.example.org/newsroom")
            .as_str()
    );
    app.stop().await;
}

/// `byline import` with the bucket's options: imported images (through the image
/// pipeline) and linked files (video, audio, documents, under the old site's paths)
/// land in the bucket, and the server, which shares no folder with the command,
/// serves them.
#[tokio::test]
async fn an_import_brings_its_media_into_the_bucket() {
    let server = S3Server::start(Kind::S3s).await;
    let store = server.store("site");
    let data = tempfile::tempdir().unwrap();
    let db = byline_store::Db::open_sqlite_in(data.path()).await.unwrap();
    let app = TestApp::on_with(db, |c| c.media = Some(store.clone())).await;
    let fixtures = crate::imports::fixtures().join("ghost");
    let mut command = crate::cli::byline();
    command
        .args(["import", "ghost"])
        .arg(fixtures.join("export.json"))
        .arg("--content")
        .arg(fixtures.join("content"))
        .arg("--data")
        .arg(data.path())
        .args(["--media-url", "s3://byline/site", "--s3-endpoint"])
        .arg(server.endpoint())
        .env("AWS_ACCESS_KEY_ID", byline_media::testing::ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", byline_media::testing::SECRET_KEY)
        .stdin(std::process::Stdio::null());
    let ran = crate::imports::run(command).await;
    assert!(ran.success, "{}\n{}", ran.stdout, ran.stderr);
    assert!(!data.path().join("content/images/u").exists());

    let video = "media/2024/05/tide-timelapse.mp4";
    let stored = store
        .read(video)
        .await
        .unwrap()
        .expect("the video is in the bucket");
    assert_eq!(
        stored,
        std::fs::read(fixtures.join("content").join(video)).unwrap()
    );
    let response = app
        .raw
        .get(app.url(&format!("/content/{video}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "video/mp4");

    let page = app
        .eventually_shows("/harbour-wall-inspection/", "/content/images/u/")
        .await;
    let image = page
        .html
        .split("src=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|src| src.starts_with("/content/images/u/"))
        .unwrap()
        .to_owned();
    assert!(
        store
            .stat(image.trim_start_matches("/content/"))
            .await
            .unwrap()
            .is_some()
    );
    let response = app.raw.get(app.url(&image)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{image}");
    app.stop().await;
}
