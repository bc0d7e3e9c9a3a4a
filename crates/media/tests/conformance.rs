//! One suite, every place Byline keeps files: the data folder, and two different
//! S3 servers run here for real (moto from PyPI, s3s-fs from crates.io), so a
//! mistake one S3 implementation forgives is caught by the other. scripts/test.sh
//! installs both; `scripts/s3-server.sh` starts them by hand.

use std::time::{Duration, Instant};

use byline_media::{Bytes, MediaError, MediaStore, S3Settings};
use futures_util::TryStreamExt;

use byline_media::testing::{self as servers, S3Server};

macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod folder {
            $(
                #[tokio::test]
                async fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    let store = byline_media::MediaStore::folder(dir.path()).unwrap();
                    super::$name(&store).await;
                }
            )*
        }
        mod moto {
            $(
                #[tokio::test]
                async fn $name() {
                    let server = super::S3Server::start(super::servers::Kind::Moto).await;
                    super::$name(&server.store("site-one")).await;
                }
            )*
        }
        mod s3s {
            $(
                #[tokio::test]
                async fn $name() {
                    let server = super::S3Server::start(super::servers::Kind::S3s).await;
                    super::$name(&server.store("site-one")).await;
                }
            )*
        }
    };
}

conformance!(
    put_then_get_gives_the_same_bytes,
    range_gets_give_the_asked_bytes,
    a_missing_file_is_none_not_an_error,
    putting_the_same_file_again_changes_nothing,
    delete_removes_and_is_idempotent,
    listing_walks_a_folder_and_nothing_else,
    large_files_go_up_in_parts,
    bad_names_are_refused_before_any_request,
);

async fn put_then_get_gives_the_same_bytes(store: &MediaStore) {
    let photo: Vec<u8> = (0..70_000u32).map(|n| (n % 251) as u8).collect();
    store
        .put("images/u/ab12/1200.jpg", Bytes::from(photo.clone()))
        .await
        .unwrap();
    let fetched = store.get("images/u/ab12/1200.jpg").await.unwrap().unwrap();
    assert_eq!(fetched.stat.size, 70_000);
    assert_eq!(fetched.range, 0..70_000);
    assert_eq!(fetched.stat.key, "images/u/ab12/1200.jpg");
    assert!(fetched.stat.modified > 1_700_000_000, "{:?}", fetched.stat);
    let body: Vec<Bytes> = fetched.body.try_collect().await.unwrap();
    assert_eq!(body.concat(), photo);
    let stat = store.stat("images/u/ab12/1200.jpg").await.unwrap().unwrap();
    assert_eq!(stat.size, 70_000);
}

async fn range_gets_give_the_asked_bytes(store: &MediaStore) {
    let audio: Vec<u8> = (0..10_000u32).map(|n| (n % 256) as u8).collect();
    store
        .put("audio/00ff.mp3", Bytes::from(audio.clone()))
        .await
        .unwrap();
    let part = store
        .get_range("audio/00ff.mp3", 100..200)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(part.range, 100..200);
    assert_eq!(part.stat.size, 10_000);
    let bytes: Vec<Bytes> = part.body.try_collect().await.unwrap();
    assert_eq!(bytes.concat(), &audio[100..200]);
    // The last byte alone.
    let last = store
        .get_range("audio/00ff.mp3", 9_999..10_000)
        .await
        .unwrap()
        .unwrap();
    let bytes: Vec<Bytes> = last.body.try_collect().await.unwrap();
    assert_eq!(bytes.concat(), &audio[9_999..]);
    assert!(
        store
            .get_range("audio/missing.mp3", 0..10)
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_missing_file_is_none_not_an_error(store: &MediaStore) {
    assert!(store.get("images/u/none/1.jpg").await.unwrap().is_none());
    assert!(store.stat("images/u/none/1.jpg").await.unwrap().is_none());
    assert!(store.read("images/u/none/1.jpg").await.unwrap().is_none());
    store.probe().await.unwrap();
}

async fn putting_the_same_file_again_changes_nothing(store: &MediaStore) {
    let key = "images/u/cafe/800.webp";
    store.put(key, Bytes::from_static(b"webp")).await.unwrap();
    store.put(key, Bytes::from_static(b"webp")).await.unwrap();
    store
        .put_all(vec![
            (key.to_owned(), Bytes::from_static(b"webp")),
            (
                "images/u/cafe/480.webp".to_owned(),
                Bytes::from_static(b"small"),
            ),
        ])
        .await
        .unwrap();
    assert_eq!(store.read(key).await.unwrap().unwrap(), &b"webp"[..]);
    let listed: Vec<_> = store.list("images/u/cafe").try_collect().await.unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
}

async fn delete_removes_and_is_idempotent(store: &MediaStore) {
    store
        .put("audio/gone.mp3", Bytes::from_static(b"mp3"))
        .await
        .unwrap();
    store.delete("audio/gone.mp3").await.unwrap();
    assert!(store.stat("audio/gone.mp3").await.unwrap().is_none());
    store.delete("audio/gone.mp3").await.unwrap();
}

async fn listing_walks_a_folder_and_nothing_else(store: &MediaStore) {
    for key in [
        "images/u/01/480.jpg",
        "images/u/01/800.jpg",
        "images/demo/logo.svg",
        "imagesque/not-images.txt",
        "audio/01.mp3",
    ] {
        store.put(key, Bytes::from(key.to_owned())).await.unwrap();
    }
    let mut images: Vec<(String, u64)> = store
        .list("images/")
        .map_ok(|s| (s.key, s.size))
        .try_collect()
        .await
        .unwrap();
    images.sort();
    assert_eq!(
        images,
        [
            ("images/demo/logo.svg".to_owned(), 20),
            ("images/u/01/480.jpg".to_owned(), 19),
            ("images/u/01/800.jpg".to_owned(), 19),
        ]
    );
    let all: Vec<_> = store.list("").try_collect().await.unwrap();
    assert_eq!(all.len(), 5);
}

async fn large_files_go_up_in_parts(store: &MediaStore) {
    // Over the 8 MB part size: a multipart upload on S3, a streamed copy in the folder.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("video.mp4");
    let bytes: Vec<u8> = (0..(9 * 1024 * 1024 + 17u32))
        .map(|n| (n % 253) as u8)
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    store
        .put_file("media/2024/05/video.mp4", &path)
        .await
        .unwrap();
    let stat = store
        .stat("media/2024/05/video.mp4")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stat.size, bytes.len() as u64);
    let tail = store
        .get_range("media/2024/05/video.mp4", stat.size - 1000..stat.size)
        .await
        .unwrap()
        .unwrap();
    let tail: Vec<Bytes> = tail.body.try_collect().await.unwrap();
    assert_eq!(tail.concat(), &bytes[bytes.len() - 1000..]);
}

async fn bad_names_are_refused_before_any_request(store: &MediaStore) {
    for key in [
        "../escape",
        "images/../../etc/passwd",
        "/abs",
        "images//x",
        "",
    ] {
        let error = store.put(key, Bytes::from_static(b"x")).await.unwrap_err();
        assert!(matches!(error, MediaError::BadKey(_)), "{key}: {error}");
        assert!(matches!(store.get(key).await, Err(MediaError::BadKey(_))));
    }
}

/// A bucket nobody answers for: every call fails with the place and a reason, in
/// seconds, never hanging an editor's upload.
#[tokio::test]
async fn an_unreachable_server_fails_clearly_and_quickly() {
    let port = servers::free_port();
    let store = MediaStore::s3(&S3Settings {
        url: "s3://byline/site".into(),
        endpoint: Some(format!("http://127.0.0.1:{port}")),
        credentials: Some(servers::credentials()),
        ..S3Settings::default()
    })
    .unwrap();
    let started = Instant::now();
    let error = store
        .put("images/u/aa/1.jpg", Bytes::from_static(b"x"))
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, MediaError::Unavailable { .. }), "{message}");
    assert!(message.contains("s3://byline/site"), "{message}");
    assert!(store.get("images/u/aa/1.jpg").await.is_err());
    assert!(store.probe().await.is_err());
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}

/// Two prefixes in one bucket are two sites that never see each other's files.
#[tokio::test]
async fn prefixes_keep_sites_apart() {
    let server = S3Server::start(servers::Kind::Moto).await;
    let one = server.store("site-one");
    let two = server.store("site-two");
    one.put("audio/a.mp3", Bytes::from_static(b"one"))
        .await
        .unwrap();
    assert!(two.stat("audio/a.mp3").await.unwrap().is_none());
    let listed: Vec<_> = two.list("").try_collect().await.unwrap();
    assert!(listed.is_empty());
}

/// The server going away and coming back: calls fail while it is away and work
/// again after, with the same store (no restart of Byline needed).
#[tokio::test]
async fn a_server_that_comes_back_is_used_again() {
    let mut server = S3Server::start(servers::Kind::S3s).await;
    let store = server.store("site-one");
    store
        .put("audio/before.mp3", Bytes::from_static(b"kept"))
        .await
        .unwrap();
    server.stop().await;
    assert!(matches!(
        store
            .put("audio/during.mp3", Bytes::from_static(b"x"))
            .await,
        Err(MediaError::Unavailable { .. })
    ));
    server.restart().await;
    store
        .put("audio/after.mp3", Bytes::from_static(b"back"))
        .await
        .unwrap();
    assert_eq!(
        store.read("audio/before.mp3").await.unwrap().unwrap(),
        &b"kept"[..]
    );
}
