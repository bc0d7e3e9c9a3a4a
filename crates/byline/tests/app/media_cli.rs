//! `byline media migrate`: a data-folder library copied into a real bucket (s3s-fs)
//! and back, resuming rather than copying again, with the bucket named by the same
//! options `byline serve` takes.

use std::process::Command;

use byline_media::testing::{ACCESS_KEY, Kind, S3Server, SECRET_KEY};
use byline_store::Db;
use futures_util::TryStreamExt;

use crate::cli::{byline, failing};

fn migrate(data: &std::path::Path, server: &S3Server, direction: &str) -> Command {
    let mut command = byline();
    command
        .args(["media", "migrate", direction, "--data"])
        .arg(data)
        .args(["--media-url", "s3://byline/newsroom", "--s3-endpoint"])
        .arg(server.endpoint())
        .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    command
}

fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(
                    path.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    found.sort();
    found
}

#[tokio::test]
async fn a_library_moves_to_a_bucket_resumes_and_comes_back() {
    let server = S3Server::start(Kind::S3s).await;
    let data = tempfile::tempdir().unwrap();
    let db = Db::open_sqlite_in(data.path()).await.unwrap();
    let content = data.path().join("content");
    byline::demo::fill_if_empty(&db, &byline_media::MediaStore::folder(&content).unwrap())
        .await
        .unwrap();
    db.close().await;
    let local = files_under(&content);
    assert!(local.len() > 5, "the demo has drawings: {local:?}");

    let output = migrate(data.path(), &server, "to-bucket").output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains(&format!("Copied {} files", local.len()))
            && said.contains("0 were already there"),
        "{said}"
    );
    let bucket = server.store("newsroom");
    let mut keys: Vec<String> = bucket
        .list("")
        .map_ok(|s| s.key)
        .try_collect()
        .await
        .unwrap();
    keys.sort();
    assert_eq!(keys, local);
    for key in &local {
        assert_eq!(
            bucket.read(key).await.unwrap().unwrap(),
            std::fs::read(content.join(key)).unwrap()
        );
    }

    // Run again (as after an interruption): nothing is sent twice.
    let again = migrate(data.path(), &server, "to-bucket").output().unwrap();
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(
        said.contains("Copied 0 files")
            && said.contains(&format!("{} were already there", local.len())),
        "{said}"
    );

    // And back into an empty data folder.
    let elsewhere = tempfile::tempdir().unwrap();
    let back = migrate(elsewhere.path(), &server, "to-folder")
        .output()
        .unwrap();
    assert!(back.status.success(), "{back:?}");
    assert_eq!(files_under(&elsewhere.path().join("content")), local);
}

#[test]
fn migrating_without_a_bucket_or_to_a_dead_one_says_what_to_do() {
    let data = tempfile::tempdir().unwrap();
    let message = failing(
        byline()
            .args(["media", "migrate", "to-bucket", "--data"])
            .arg(data.path()),
    );
    assert!(message.contains("--media-url"), "{message}");
    let port = byline_media::testing::free_port();
    let message = failing(
        byline()
            .args(["media", "migrate", "to-bucket", "--data"])
            .arg(data.path())
            .args(["--media-url", "s3://byline/x", "--s3-endpoint"])
            .arg(format!("http://127.0.0.1:{port}"))
            .env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
    );
    assert!(message.contains("s3://byline/x"), "{message}");
}
