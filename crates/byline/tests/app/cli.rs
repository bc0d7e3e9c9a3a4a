//! The real `byline` binary: start-up, shutdown, configuration and the one-line errors
//! an operator sees when something is wrong.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use byline_web::Theme;
use reqwest::StatusCode;

use crate::helpers::TestApp;

pub fn byline() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_byline"));
    command.env_remove("RUST_LOG");
    for (key, _) in std::env::vars() {
        if key.starts_with("BYLINE_") && key != "BYLINE_TEST_POSTGRES_URL" {
            command.env_remove(key);
        }
    }
    // The demo would otherwise be narrated in the background by every server these
    // tests start; narration has its own tests.
    command.env("BYLINE_NARRATION", "off");
    command
}

/// A running `byline serve` whose address was read from its own log.
pub struct Running {
    pub child: Child,
    pub address: SocketAddr,
}

pub fn start_serving(command: &mut Command) -> Running {
    let mut child = command
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (found, wait) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("serving at http://").nth(1) {
                let address = rest.split('/').next().unwrap().to_owned();
                let _ = found.send(address);
            }
        }
    });
    let address = wait
        .recv_timeout(Duration::from_secs(60))
        .expect("byline serve announces its address")
        .parse()
        .unwrap();
    Running { child, address }
}

pub fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Runs a command that should fail and returns its stderr.
pub fn failing(command: &mut Command) -> String {
    let Output { status, stderr, .. } = command.stdin(Stdio::null()).output().unwrap();
    let stderr = String::from_utf8(stderr).unwrap();
    assert!(
        !status.success(),
        "expected failure, got {status}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("error: "), "one-line error: {stderr}");
    last.to_owned()
}

fn default_theme() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test]
async fn serve_demo_shows_the_newsroom_and_stops_cleanly_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let mut running = start_serving(
        byline()
            .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data"])
            .arg(data.path()),
    );
    let home = reqwest::get(format!("http://{}/", running.address))
        .await
        .unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("The Calder Ledger"));
    // No public address saved or given: links use the one the server listens on, so
    // a confirmation email's link (or a feed's) works on this machine.
    let robots = reqwest::get(format!("http://{}/robots.txt", running.address))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        robots.contains(&format!("Sitemap: http://{}/sitemap.xml", running.address)),
        "{robots}"
    );
    terminate(&running.child);
    let status = running.child.wait().unwrap();
    assert!(status.success(), "exit status {status}");
    assert!(data.path().join("byline.db").exists());
}

#[tokio::test]
async fn configuration_comes_from_the_data_folder_file_and_the_environment() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(
        data.path().join("byline.toml"),
        "listen = \"127.0.0.1:0\"\nlog_format = \"json\"\n",
    )
    .unwrap();
    let mut child = byline()
        .arg("serve")
        .env("BYLINE_DATA", data.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let json: serde_json::Value = serde_json::from_str(&first).expect("JSON logs from byline.toml");
    assert!(json["level"].is_string(), "{first}");
    let serving = lines
        .map_while(Result::ok)
        .find(|l| l.contains("serving at"))
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&serving).unwrap();
    let listen: SocketAddr = json["listen"].as_str().unwrap().parse().unwrap();
    assert_ne!(listen.port(), 8080, "the file's port 0 was used");
    terminate(&child);
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn a_port_in_use_is_a_one_line_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let data = tempfile::tempdir().unwrap();
    let error = failing(
        byline()
            .args([
                "serve",
                "--listen",
                &taken.local_addr().unwrap().to_string(),
                "--data",
            ])
            .arg(data.path()),
    );
    assert!(error.contains("cannot listen on"), "{error}");
}

#[test]
fn an_unreachable_or_wrong_database_is_a_one_line_error() {
    let data = tempfile::tempdir().unwrap();
    let error = failing(
        byline()
            .args([
                "serve",
                "--database-url",
                "postgres://postgres@127.0.0.1:1/byline",
                "--data",
            ])
            .arg(data.path()),
    );
    assert!(
        error.contains("cannot open the database at postgres://postgres@127.0.0.1:1/byline"),
        "{error}"
    );
    let error = failing(
        byline()
            .args([
                "serve",
                "--database-url",
                "mysql://root@localhost/x",
                "--data",
            ])
            .arg(data.path()),
    );
    assert!(
        error.contains("must start with sqlite:// or postgres://"),
        "{error}"
    );
}

#[test]
fn a_data_folder_that_cannot_be_written_is_a_one_line_error() {
    let error = failing(byline().args(["serve", "--data", "/dev/null/byline"]));
    assert!(
        error.contains("cannot create the data folder /dev/null/byline"),
        "{error}"
    );
}

#[test]
fn a_theme_missing_a_template_is_named_at_start() {
    let theme = tempfile::tempdir().unwrap();
    copy_dir(&default_theme(), theme.path());
    std::fs::remove_file(theme.path().join("templates/article.html")).unwrap();
    let data = tempfile::tempdir().unwrap();
    let error = failing(
        byline()
            .args(["serve", "--listen", "127.0.0.1:0", "--theme"])
            .arg(theme.path())
            .arg("--data")
            .arg(data.path()),
    );
    assert!(
        error.contains("missing the template article.html"),
        "{error}"
    );
}

#[tokio::test]
async fn a_template_error_at_run_time_fails_that_request_and_the_server_stays_up() {
    let theme = tempfile::tempdir().unwrap();
    copy_dir(&default_theme(), theme.path());
    std::fs::write(
        theme.path().join("templates/article.html"),
        "{% extends \"base.html\" %}{% block content %}{{ post.no_such_field.deeper }}{% endblock %}",
    )
    .unwrap();
    let app = TestApp::with_theme(Theme::from_dir(theme.path()).unwrap()).await;
    let broken = app.get("/merrow-river-flood-crest/").await;
    assert_eq!(broken.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(broken.html.contains("Something went wrong"));
    assert!(
        !broken.html.contains("no_such_field"),
        "internals stay in the log"
    );
    assert_eq!(
        app.get("/").await.status,
        StatusCode::OK,
        "other pages still work"
    );
    assert_eq!(
        app.get("/merrow-river-flood-crest/").await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    app.stop().await;
}

#[tokio::test]
async fn generate_fills_a_site_with_synthetic_articles() {
    let data = tempfile::tempdir().unwrap();
    let output = byline()
        .args(["generate", "--posts", "2500", "--data"])
        .arg(data.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Generated 2500 articles"), "{stdout}");
    let db = byline_store::Db::open_sqlite_in(data.path()).await.unwrap();
    let page = db.list_published(&Default::default(), 1, 0).await.unwrap();
    assert_eq!(page.total, 2500);
    assert!(page.items[0].reading_minutes >= 1);
    let newest = stdout.split("newest: ").nth(1).unwrap().trim();
    assert_eq!(newest, format!("/{}/", page.items[0].slug));
    db.close().await;
}

#[tokio::test]
async fn reindex_rebuilds_search_for_every_published_post() {
    let data = tempfile::tempdir().unwrap();
    let generated = byline()
        .args(["generate", "--posts", "300", "--data"])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(generated.status.success());
    let output = byline()
        .args(["reindex", "--data"])
        .arg(data.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Indexed 300 published posts"), "{stdout}");
    let db = byline_store::Db::open_sqlite_in(data.path()).await.unwrap();
    let query = byline_core::search::SearchQuery::parse("council ").unwrap();
    assert!(db.search(&query, 5, 0).await.unwrap().total > 0);
    db.close().await;
}

#[tokio::test]
async fn the_public_address_comes_from_url_and_reaches_feeds() {
    let data = tempfile::tempdir().unwrap();
    let mut running = start_serving(
        byline()
            .args([
                "serve",
                "--demo",
                "--listen",
                "127.0.0.1:0",
                "--url",
                "https://ledger.example/",
                "--data",
            ])
            .arg(data.path()),
    );
    let rss = reqwest::get(format!("http://{}/rss/", running.address))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        rss.contains("<link>https://ledger.example/</link>"),
        "{}",
        &rss[..400]
    );
    terminate(&running.child);
    assert!(running.child.wait().unwrap().success());

    let error = failing(
        byline()
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--url",
                "ledger.example",
                "--data",
            ])
            .arg(data.path()),
    );
    assert!(
        error.contains("--url must be the site's address"),
        "{error}"
    );
}

fn add_user(data: &Path, args: &[&str], password: &str) -> Output {
    use std::io::Write as _;
    let mut child = byline()
        .args(["user", "add", "--data"])
        .arg(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn user_add_creates_an_administrator_who_can_sign_in() {
    let data = tempfile::tempdir().unwrap();
    let ok = add_user(
        data.path(),
        &[
            "--email",
            "Chief@Ledger.example",
            "--name",
            "Rosa Quint",
            "--role",
            "admin",
        ],
        "a sturdy first password",
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(
        String::from_utf8_lossy(&ok.stdout)
            .contains("Added Rosa Quint <chief@ledger.example> as administrator")
    );
    for (args, password, message) in [
        (
            [
                "--email",
                "chief@ledger.example",
                "--name",
                "Again",
                "--role",
                "admin",
            ],
            "a sturdy first password",
            "already exists",
        ),
        (
            [
                "--email",
                "x@ledger.example",
                "--name",
                "X",
                "--role",
                "owner",
            ],
            "a sturdy first password",
            "--role must be",
        ),
        (
            [
                "--email",
                "x@ledger.example",
                "--name",
                "X",
                "--role",
                "editor",
            ],
            "short",
            "too weak",
        ),
        (
            ["--email", "not-an-email", "--name", "X", "--role", "editor"],
            "a sturdy first password",
            "--email",
        ),
    ] {
        let refused = add_user(data.path(), &args, password);
        assert!(!refused.status.success());
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(message), "{message}: {stderr}");
    }
    let db = byline_store::Db::open_sqlite_in(data.path()).await.unwrap();
    let app = TestApp::on(db).await;
    let answer = app
        .sign_in_attempt("chief@ledger.example", "a sturdy first password")
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    app.stop().await;
}

#[tokio::test]
async fn serve_demo_prints_a_desk_sign_in_that_works() {
    let data = tempfile::tempdir().unwrap();
    let mut child = byline()
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data"])
        .arg(data.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (found, wait) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("Demo desk sign-in:") {
                let _ = found.send(line);
            }
        }
    });
    let line = wait
        .recv_timeout(Duration::from_secs(60))
        .expect("a sign-in line on stdout");
    let words: Vec<&str> = line.split_whitespace().collect();
    let after = |label: &str| words[words.iter().position(|w| *w == label).unwrap() + 1].to_owned();
    let (url, email, password) = (words[3].to_owned(), after("email:"), after("password:"));
    let base = url.trim_end_matches("/admin/").to_owned();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = client
        .get(format!("{base}/admin/signin"))
        .send()
        .await
        .unwrap();
    let token = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .find_map(|c| {
            c.to_str()
                .unwrap()
                .strip_prefix("byline_signin=")
                .map(|v| v.split(';').next().unwrap().to_owned())
        })
        .unwrap();
    let answer = client
        .post(format!("{base}/admin/signin"))
        .header("cookie", format!("byline_signin={token}"))
        .form(&[
            ("csrf", token.as_str()),
            ("email", email.as_str()),
            ("password", password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        answer.status(),
        StatusCode::SEE_OTHER,
        "the printed sign-in works"
    );
    terminate(&child);
    assert!(child.wait().unwrap().success());
}

/// `byline integration add NAME` on either engine: two lines a script can read, keys
/// with Ghost's shapes that find the integration, and a one-line error for no name.
async fn integration_add_prints_ghost_shaped_keys(data: &Path, postgres: Option<&str>) {
    let run = |name: &str| {
        let mut command = byline();
        command.args(["integration", "add", "--data"]).arg(data);
        if let Some(url) = postgres {
            command.args(["--database-url", url]);
        }
        command.arg(name);
        command
    };
    let output = run("Mobile app").stdin(Stdio::null()).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let [content, admin] = lines.as_slice() else {
        panic!("two lines: {stdout}");
    };
    let hex = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit());
    let content = content.strip_prefix("content_key=").unwrap();
    assert!(hex(content, 26), "{content}");
    let (id, secret) = admin
        .strip_prefix("admin_key=")
        .unwrap()
        .split_once(':')
        .unwrap();
    assert!(hex(id, 24) && hex(secret, 64), "{admin}");
    let error = failing(&mut run("   "));
    assert!(error.contains("needs a name"), "{error}");

    let db = match postgres {
        Some(url) => byline_store::Db::connect(url).await.unwrap(),
        None => byline_store::Db::open_sqlite_in(data).await.unwrap(),
    };
    let key = byline_store::ContentKey::parse(content).unwrap();
    let found = db.integration_by_content_key(&key).await.unwrap().unwrap();
    assert_eq!(found.name, "Mobile app");
    let (_, stored_secret) = db.integration_by_admin_key(id).await.unwrap().unwrap();
    assert_eq!(stored_secret, secret);
    assert_eq!(db.integrations().await.unwrap().len(), 1);
    db.close().await;
}

#[tokio::test]
async fn integration_add_on_sqlite() {
    let data = tempfile::tempdir().unwrap();
    integration_add_prints_ghost_shaped_keys(data.path(), None).await;
}

#[tokio::test]
async fn integration_add_on_postgres() {
    let data = tempfile::tempdir().unwrap();
    let url = byline_store::testing::create_postgres_database()
        .await
        .unwrap();
    integration_add_prints_ghost_shaped_keys(data.path(), Some(&url)).await;
    byline_store::testing::drop_postgres_database(&url).await;
}
