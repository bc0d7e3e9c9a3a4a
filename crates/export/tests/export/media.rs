//! The media archive: Ghost's content/images layout, every file, nothing skipped.

use std::fs;
use std::io::Read;

use byline_export::write_media_tar;

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

#[test]
fn the_archive_holds_every_image_where_ghost_links_point() {
    let content = content_folder();
    let mut archive = Vec::new();
    let report = write_media_tar(content.path(), &mut archive).unwrap();
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

#[test]
fn two_archives_of_the_same_files_are_the_same_bytes() {
    let content = content_folder();
    let mut first = Vec::new();
    write_media_tar(content.path(), &mut first).unwrap();
    let mut second = Vec::new();
    write_media_tar(content.path(), &mut second).unwrap();
    assert_eq!(first, second);
}

#[test]
fn a_site_without_uploads_gets_an_empty_archive() {
    let content = tempfile::tempdir().unwrap();
    let mut archive = Vec::new();
    let report = write_media_tar(content.path(), &mut archive).unwrap();
    assert_eq!((report.files, report.bytes), (0, 0));
    assert!(entries(&archive).is_empty());
}

#[test]
fn a_missing_content_folder_is_an_error_not_an_empty_archive() {
    let content = tempfile::tempdir().unwrap();
    let error = write_media_tar(&content.path().join("nowhere"), Vec::new()).unwrap_err();
    assert!(error.to_string().contains("does not exist"), "{error:#}");
}

#[cfg(unix)]
#[test]
fn links_are_refused_by_name_never_skipped() {
    let content = content_folder();
    let outside = content.path().join("secret.txt");
    fs::write(&outside, b"not an image").unwrap();
    std::os::unix::fs::symlink(&outside, content.path().join("images/u/ab12cd/link.jpg")).unwrap();
    let error = write_media_tar(content.path(), Vec::new()).unwrap_err();
    let message = format!("{error:#}");
    assert!(message.contains("link.jpg"), "{message}");
    assert!(message.contains("not a file or a folder"), "{message}");
}
