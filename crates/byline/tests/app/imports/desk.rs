//! The desk's import and export page: an administrator uploads an export, a durable
//! job brings it in with progress on the page, a hostile file is refused on the spot,
//! and the whole site downloads in Ghost's format.

use std::time::{Duration, Instant};

use byline_core::Role;
use reqwest::StatusCode;

use super::{fixtures, rows};
use crate::helpers::TestApp;

async fn an_administrator_imports_from_the_desk_and_sees_the_report(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    let page = desk.get("/admin/import/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("From WordPress") && page.html.contains("From Ghost"));
    let file = std::fs::read(fixtures().join("wordpress/export.xml")).unwrap();
    let answer = desk
        .post_multipart(
            "/admin/import",
            &[("platform", "wordpress")],
            Some(("file", "harbour.WordPress.2024-05-21.xml", file)),
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let progress = answer.location.unwrap();
    assert!(progress.starts_with("/admin/import/"));
    // The job runs on the server's import worker; the page refreshes until it is done.
    let deadline = Instant::now() + Duration::from_secs(60);
    let report = loop {
        let page = desk.get(&progress).await;
        assert_eq!(page.status, StatusCode::OK);
        if page.html.contains("import-report") {
            break page;
        }
        assert!(!page.html.contains("import-failed"), "{}", page.html);
        assert!(
            page.html.contains("http-equiv=\"refresh\""),
            "a running import refreshes itself"
        );
        assert!(Instant::now() < deadline, "the import never finished");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(report.html.contains("Imported from WordPress"));
    assert!(
        report.html.contains("contact-form-7"),
        "problems are listed"
    );
    assert!(report.html.contains("2 comments"));
    assert_eq!(
        app.get("/harbour-wall-divers/").await.status,
        StatusCode::OK
    );
    let (status, location) = super::redirect_of(app, "/?p=12").await;
    assert_eq!((status, location.as_str()), (301, "/harbour-wall-divers/"));
    // The uploaded file is gone once imported; the import is listed.
    let waiting: Vec<_> = std::fs::read_dir(app.data_path().join("imports"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .collect();
    assert!(waiting.is_empty(), "{waiting:?}");
    let list = desk.get("/admin/import/").await;
    assert!(list.html.contains("harbour.WordPress.2024-05-21.xml"));
}

async fn a_hostile_upload_is_refused_on_the_spot(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    for (platform, file, message) in [
        ("wordpress", "billion-laughs.xml", "entities"),
        ("ghost", "wrong-shape.json", "not a Ghost export"),
        ("ghost", "truncated.json", "not well-formed JSON"),
    ] {
        let bytes = std::fs::read(fixtures().join("hostile").join(file)).unwrap();
        let answer = desk
            .post_multipart(
                "/admin/import",
                &[("platform", platform)],
                Some(("file", file, bytes)),
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{file}");
        assert!(answer.html.contains("The file was not imported"), "{file}");
        assert!(answer.html.contains(message), "{file}: {}", answer.html);
    }
    let empty = desk
        .post_multipart(
            "/admin/import",
            &[("platform", "ghost")],
            Some(("file", "empty.json", Vec::new())),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(rows(app, "imports").await, 0, "nothing was queued");
    assert_eq!(rows(app, "posts").await, 0);
    let left: Vec<_> = std::fs::read_dir(app.data_path().join("imports"))
        .map(|d| d.flatten().filter(|e| e.path().is_file()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "refused uploads are deleted: {left:?}");
}

async fn only_administrators_import_and_export(app: &TestApp) {
    let editor = app.desk(Role::Editor).await;
    assert_eq!(
        editor.get("/admin/import/").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        editor.get("/admin/export/site.json").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        editor.get("/admin/redirects").await.status,
        StatusCode::FORBIDDEN
    );
    let bytes = std::fs::read(fixtures().join("wordpress/export.xml")).unwrap();
    let answer = editor
        .post_multipart(
            "/admin/import",
            &[("platform", "wordpress")],
            Some(("file", "x.xml", bytes)),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(rows(app, "imports").await, 0);
    // Signed out: nothing at all.
    let anonymous = app
        .raw
        .get(app.url("/admin/export/site.json"))
        .send()
        .await
        .unwrap();
    assert_ne!(anonymous.status(), StatusCode::OK);
}

async fn the_whole_site_downloads_in_ghosts_format(app: &TestApp) {
    super::import_ghost(app, &[]).await;
    let desk = app.desk(Role::Admin).await;
    let json = desk.get("/admin/export/site.json").await;
    assert_eq!(json.status, StatusCode::OK);
    let export: serde_json::Value = serde_json::from_str(&json.html).unwrap();
    let data = &export["db"][0]["data"];
    assert_eq!(data["posts"].as_array().unwrap().len(), 10);
    assert_eq!(data["users"].as_array().unwrap().len(), 3);
    let tar = app
        .client
        .get(app.url("/admin/export/media.tar"))
        .header(reqwest::header::COOKIE, desk.cookie.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(tar.status(), StatusCode::OK);
    let bytes = tar.bytes().await.unwrap();
    let mut archive = tar::Archive::new(std::io::Cursor::new(bytes.to_vec()));
    let entries = archive
        .entries()
        .unwrap()
        .flatten()
        .filter(|e| e.path().unwrap().starts_with("images/u/"))
        .count();
    assert!(entries > 10, "{entries} images");
}

/// A node that goes down mid-import: after a restart the import carries on where it
/// stopped (its progress had stalled, so its job is taken up again at once) and ends
/// with every post once.
async fn a_desk_import_survives_a_restart(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("archive.xml");
    let generated = std::process::Command::new("python3")
        .arg(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/import/generate.py"),
        )
        .args(["wordpress", "--posts", "3000", "--seed", "11"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(generated.status.success());
    let desk = app.desk(Role::Admin).await;
    let answer = desk
        .post_multipart(
            "/admin/import",
            &[("platform", "wordpress")],
            Some(("file", "archive.xml", std::fs::read(&file).unwrap())),
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let progress = answer.location.unwrap();
    drop(desk);
    let deadline = Instant::now() + Duration::from_secs(120);
    while rows(&app, "posts").await < 200 {
        assert!(Instant::now() < deadline, "the import never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let app = app.restart().await;
    let before = rows(&app, "posts").await;
    assert!(
        before < 3000,
        "the import finished before the restart ({before})"
    );
    let desk = app.desk(Role::Admin).await;
    // Generous: it checks that the import finishes, not how fast. The debug build
    // beside the whole suite on two cores once needed more than four minutes.
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let page = desk.get(&progress).await;
        if page.html.contains("import-report") {
            break;
        }
        assert!(!page.html.contains("import-failed"), "{}", page.html);
        if Instant::now() >= deadline {
            panic!(
                "the import did not carry on after the restart: {}",
                import_state(&app).await
            );
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let sources: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM import_sources WHERE kind = 'post'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(rows(&app, "posts").await, sources, "no post twice");
    assert!(sources > 2500, "{sources}");
    app.stop().await;
}

/// The import's job and progress rows, for a failure message that says where it stuck.
async fn import_state(app: &TestApp) -> String {
    type JobRow = (i64, Option<String>, i64, Option<i64>, Option<i64>);
    let job: Option<JobRow> = sqlx::query_as(
        "SELECT CAST(attempts AS BIGINT), last_error, run_at, locked_until, done_at \
         FROM jobs WHERE kind = 'import.run'",
    )
    .fetch_optional(app.db.pool())
    .await
    .unwrap();
    let run: Option<(String, String, i64, i64, i64)> =
        sqlx::query_as("SELECT status, stage, done_items, total_items, updated_at FROM imports")
            .fetch_optional(app.db.pool())
            .await
            .unwrap();
    let now = jiff::Timestamp::now().as_second();
    format!(
        "now {now}; job (attempts, last error, run at, locked until, done at) {job:?}; \
         import (status, stage, done, total, updated at) {run:?}; {} posts",
        rows(app, "posts").await
    )
}

mod restarts {
    #[tokio::test]
    async fn sqlite() {
        super::a_desk_import_survives_a_restart(crate::helpers::TestApp::empty().await).await;
    }

    #[tokio::test]
    async fn postgres() {
        super::a_desk_import_survives_a_restart(crate::helpers::TestApp::empty_postgres().await)
            .await;
    }
}

crate::on_both_empty_sites!(
    an_administrator_imports_from_the_desk_and_sees_the_report,
    a_hostile_upload_is_refused_on_the_spot,
    only_administrators_import_and_export,
    the_whole_site_downloads_in_ghosts_format,
);
