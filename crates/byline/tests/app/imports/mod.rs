//! `byline import` and `byline export` through the real binary, against a running
//! server on each engine: the pages an archive becomes, its old addresses, repeats,
//! dry runs, crashes, hostile files, the desk's import page and the round trip.

mod desk;
mod ghost;
mod hostile;
mod languages;
mod redirects;
mod round_trip;
mod wordpress;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::helpers::TestApp;

/// Runs each listed test body against an empty site on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_empty_sites {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::helpers::TestApp::empty().await;
                    super::$name(&app).await;
                    app.stop().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::helpers::TestApp::empty_postgres().await;
                    super::$name(&app).await;
                    app.stop().await;
                }
            )*
        }
    };
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// `byline ARGS` on the app's data folder and database.
pub fn byline_on(app: &TestApp, args: &[&str]) -> Command {
    let mut command = crate::cli::byline();
    command.args(args).arg("--data").arg(app.data_path());
    if let Some(url) = app.postgres_url() {
        command.arg("--database-url").arg(url);
    }
    command.stdin(Stdio::null());
    command
}

/// What a finished command printed.
pub struct Ran {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// The server under test runs on the test's own runtime, so the command is waited for
/// on a blocking thread: blocking the runtime instead would freeze any transaction
/// the server had begun, holding SQLite's write lock until the command gave up.
pub async fn run(mut command: Command) -> Ran {
    let Output {
        status,
        stdout,
        stderr,
    } = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    let ran = Ran {
        success: status.success(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    ran
}

/// Imports the Ghost fixture with its content folder; the run must succeed.
pub async fn import_ghost(app: &TestApp, extra: &[&str]) -> Ran {
    import_fixture(app, "ghost", "export.json", "--content", "content", extra).await
}

/// Imports the WordPress fixture with its uploads; the run must succeed.
pub async fn import_wordpress(app: &TestApp, extra: &[&str]) -> Ran {
    import_fixture(
        app,
        "wordpress",
        "export.xml",
        "--uploads",
        "uploads",
        extra,
    )
    .await
}

/// `byline import PLATFORM fixtures/PLATFORM/FILE MEDIA_OPTION fixtures/PLATFORM/MEDIA`.
async fn import_fixture(
    app: &TestApp,
    platform: &str,
    file: &str,
    media_option: &str,
    media: &str,
    extra: &[&str],
) -> Ran {
    let dir = fixtures().join(platform);
    let (file, media) = (dir.join(file), dir.join(media));
    let mut args = vec![
        "import",
        platform,
        file.to_str().unwrap(),
        media_option,
        media.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let ran = run(byline_on(app, &args)).await;
    assert!(
        ran.success,
        "the import failed:\n{}\n{}",
        ran.stdout, ran.stderr
    );
    ran
}

/// Rows in a table, straight from the database.
pub async fn rows(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// Files under the site's stored images.
pub fn stored_images(app: &TestApp) -> usize {
    fn count(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        let path = e.path();
                        if path.is_dir() { count(&path) } else { 1 }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    count(&app.content_dir().join("images"))
}

/// Where an address redirects to, and with which status (no redirect followed).
pub async fn redirect_of(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.raw.get(app.url(path)).send().await.unwrap();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), location)
}
