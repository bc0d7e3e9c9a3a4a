//! The media archive: Ghost's content/images layout, every file, nothing skipped.

use std::fs;
use std::io::Read;

use byline_export::write_media_tar;
use byline_media::MediaStore;

/// A content folder with uploads (two widths and a WebP copy), a demo drawing at the
/// top of images/, and narration audio (not an image: not archived).
fn content_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, bytes: &[u8]| {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    };
    write("images/u/ab12cd/800.jpg", b"jpeg bytes of the pier");
    write("images/u/ab12cd/1600.jpg", &vec![7u8; 70_000]);
    write("images/u/ab12cd/800.webp", b"webp");
    write("images/u/ff00/1200.png", b"png");
    write("images/drawings/sam.svg", b"<svg/>");
    write("audio/0123456789abcdef0123.mp3", b"mp3");
    dir
}

fn entries(archive: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = tar::Archive::new(archive);
    archive
        .entries()
        .unwrap()
        .map(|entry| {
            let mut entry = entry.unwrap();
            let name = entry.path().unwrap().to_string_lossy().into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

fn store(dir: &tempfile::TempDir) -> MediaStore {
    MediaStore::folder(dir.path()).unwrap()
}

#[tokio::test]
async fn the_archive_holds_every_image_where_ghost_links_point() {
    let content = content_folder();
    let mut archive = Vec::new();
    let report = write_media_tar(&store(&content), &mut archive)
        .await
        .unwrap();
    let entries = entries(&archive);
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "images/drawings/sam.svg",
            "images/u/ab12cd/1600.jpg",
            "images/u/ab12cd/800.jpg",
            "images/u/ab12cd/800.webp",
            "images/u/ff00/1200.png",
        ]
    );
    assert_eq!(entries[1].1, vec![7u8; 70_000]);
    assert_eq!(entries[2].1, b"jpeg bytes of the pier");
    assert_eq!(report.files, 5);
    assert_eq!(report.bytes, 70_000 + 22 + 4 + 3 + 6);
}

#[tokio::test]
async fn two_archives_of_the_same_files_are_the_same_bytes() {
    let content = content_folder();
    let mut first = Vec::new();
    write_media_tar(&store(&content), &mut first).await.unwrap();
    let mut second = Vec::new();
    write_media_tar(&store(&content), &mut second)
        .await
        .unwrap();
    assert_eq!(first, second);
}

#[tokio::test]
async fn a_site_without_uploads_gets_an_empty_archive() {
    let content = tempfile::tempdir().unwrap();
    let mut archive = Vec::new();
    let report = write_media_tar(&store(&content), &mut archive)
        .await
        .unwrap();
    assert_eq!((report.files, report.bytes), (0, 0));
    assert!(entries(&archive).is_empty());
}

#[tokio::test]
async fn an_unreachable_bucket_is_an_error_not_an_empty_archive() {
    // Nothing listens on port 9 of this machine: the bucket cannot be reached.
    let unreachable = MediaStore::s3(&byline_media::S3Settings {
        url: "s3://byline-media".into(),
        endpoint: Some("http://127.0.0.1:9".into()),
        credentials: Some(("byline-test".into(), "byline-test-secret".into())),
        ..Default::default()
    })
    .unwrap();
    let error = write_media_tar(&unreachable, Vec::new()).await.unwrap_err();
    let message = format!("{error:#}");
    assert!(message.contains("s3://byline-media"), "{message}");
}
