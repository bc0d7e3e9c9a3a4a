//! Files an importer must refuse, and the crash it must survive: each hostile file
//! ends with a one-line reason and changes nothing; a kill -9 in the middle of an
//! import leaves whole posts only, and the next run finishes the job.

use std::time::{Duration, Instant};

use super::{byline_on, fixtures, rows, run, stored_images};
use crate::helpers::TestApp;

/// The tables an import writes; all must stay empty after a refused file.
const TABLES: [&str; 8] = [
    "posts",
    "authors",
    "tags",
    "media",
    "redirects",
    "subscribers",
    "import_sources",
    "newsletters",
];

async fn hostile_files_are_refused_and_change_nothing(app: &TestApp) {
    let hostile = fixtures().join("hostile");
    for (platform, file, expected) in [
        ("wordpress", "billion-laughs.xml", "entities"),
        ("wordpress", "external-entity.xml", "entities"),
        ("wordpress", "not-well-formed.xml", "not well-formed XML"),
        ("ghost", "wrong-shape.json", "not a Ghost export"),
        ("ghost", "not-json.json", "not well-formed JSON"),
        ("ghost", "truncated.json", "not well-formed JSON"),
        ("ghost", "deep-json.json", "Ghost"),
        ("wordpress", "wrong-shape.json", "not a WordPress export"),
        ("ghost", "billion-laughs.xml", "not well-formed JSON"),
    ] {
        for dry in [true, false] {
            let path = hostile.join(file);
            let mut args = vec!["import", platform, path.to_str().unwrap()];
            if dry {
                args.push("--dry-run");
            }
            let started = Instant::now();
            let ran = run(byline_on(app, &args)).await;
            assert!(!ran.success, "{file} was accepted:\n{}", ran.stdout);
            let last = ran.stderr.lines().last().unwrap_or_default().to_owned();
            assert!(
                last.starts_with("error: "),
                "one-line error for {file}: {}",
                ran.stderr
            );
            assert!(last.contains(expected), "{file}: {last}");
            assert!(!ran.stderr.contains("root:") && !ran.stdout.contains("root:"));
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{file} took {:?}",
                started.elapsed()
            );
        }
    }
    for table in TABLES {
        assert_eq!(rows(app, table).await, 0, "{table}");
    }
    assert_eq!(stored_images(app), 0);
}

async fn a_deeply_nested_post_does_not_stop_the_others(app: &TestApp) {
    let path = fixtures().join("hostile/deep-lexical.json");
    let ran = run(byline_on(app, &["import", "ghost", path.to_str().unwrap()])).await;
    assert!(ran.success, "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout.contains("nested-too-deep"),
        "reported: {}",
        ran.stdout
    );
    let normal = app.get("/a-normal-post/").await;
    assert!(
        normal
            .html
            .contains("This post is fine and must be imported.")
    );
}

async fn an_oversized_file_is_refused_before_it_is_read(app: &TestApp) {
    // A sparse file: just over 2 GB on paper, nothing on disk.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(2 * 1024 * 1024 * 1024 + 1).unwrap();
    let ran = run(byline_on(app, &["import", "ghost", path.to_str().unwrap()])).await;
    assert!(!ran.success);
    assert!(ran.stderr.contains("MB"), "{}", ran.stderr);
    assert_eq!(rows(app, "posts").await, 0);
}

/// kill -9 while posts are being written: every post in the database is whole (its
/// bylines, sections, search entry and source row are there), and running the import
/// again brings in the rest without duplicating any.
async fn a_killed_import_leaves_whole_posts_and_resumes(app: &TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("archive.xml");
    let generated = std::process::Command::new("python3")
        .arg(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/import/generate.py"),
        )
        .args(["wordpress", "--posts", "3000", "--seed", "7"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let path = file.to_str().unwrap().to_owned();
    let mut child = byline_on(app, &["import", "wordpress", &path])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some posts are in, then kill it mid-import.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let posts = rows(app, "posts").await;
        if posts >= 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let posts = rows(app, "posts").await;
    assert!(posts < 3000, "killed before the end ({posts} posts)");
    assert_whole(app).await;
    let ran = run(byline_on(app, &["import", "wordpress", &path])).await;
    assert!(ran.success, "{}", ran.stderr);
    assert_whole(app).await;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM import_sources WHERE kind = 'post'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(rows(app, "posts").await, total, "no post twice");
    let distinct: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT title) FROM posts")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(distinct > 2500, "{distinct}");
}

/// Every post has its source row, at least one byline and, when published, its
/// search entry: nothing was half-written.
async fn assert_whole(app: &TestApp) {
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM posts p WHERE NOT EXISTS \
         (SELECT 1 FROM import_sources s WHERE s.kind = 'post' AND s.local_id = p.id) \
         OR NOT EXISTS (SELECT 1 FROM post_authors a WHERE a.post_id = p.id)",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(orphans, 0, "posts without their source row or byline");
}

crate::on_both_empty_sites!(
    hostile_files_are_refused_and_change_nothing,
    a_deeply_nested_post_does_not_stop_the_others,
    an_oversized_file_is_refused_before_it_is_read,
    a_killed_import_leaves_whole_posts_and_resumes,
);
