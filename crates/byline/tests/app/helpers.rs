//! `TestApp`: the whole web application started in-process on port 0, filled with
//! the demo newsroom, on either database engine.

use std::net::SocketAddr;
use std::time::Duration;

use byline_core::PostId;
use byline_store::Db;
use byline_web::{Server, Theme, WebConfig};
use reqwest::StatusCode;
use scraper::{Html, Selector};

/// Runs each listed test body against SQLite and against PostgreSQL.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::helpers::TestApp::sqlite().await;
                    super::$name(&app).await;
                    app.stop().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let app = $crate::helpers::TestApp::postgres().await;
                    super::$name(&app).await;
                    app.stop().await;
                }
            )*
        }
    };
}

pub struct TestApp {
    pub address: SocketAddr,
    pub db: Db,
    pub client: reqwest::Client,
    /// A client that shows redirects and raw encodings instead of following them.
    pub raw: reqwest::Client,
    _data: tempfile::TempDir,
    postgres_url: Option<String>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

pub struct Page {
    pub status: StatusCode,
    pub html: String,
}

impl Page {
    pub fn document(&self) -> Html {
        Html::parse_document(&self.html)
    }

    /// Texts of every element matching `selector`, whitespace folded.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("a valid selector");
        self.document()
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The inner HTML of the first element matching `selector` (empty if none).
    pub fn inner_html(&self, selector: &str) -> String {
        let selector = Selector::parse(selector).expect("a valid selector");
        self.document()
            .select(&selector)
            .next()
            .map(|e| e.inner_html())
            .unwrap_or_default()
    }

    pub fn count(&self, selector: &str) -> usize {
        self.texts(selector).len()
    }

    /// Values of `attribute` on every element matching `selector`.
    pub fn attrs(&self, selector: &str, attribute: &str) -> Vec<String> {
        let selector = Selector::parse(selector).expect("a valid selector");
        self.document()
            .select(&selector)
            .filter_map(|e| e.value().attr(attribute).map(str::to_owned))
            .collect()
    }
}

impl TestApp {
    /// The demo's Ukrainian edition, at `/uk/`.
    pub async fn demo_ukrainian_edition(&self) -> byline_store::Edition {
        self.db
            .editions()
            .await
            .unwrap()
            .into_iter()
            .find(|edition| edition.prefix.as_str() == "uk")
            .expect("the demo has an edition at /uk/")
    }

    pub async fn sqlite() -> TestApp {
        let data = tempfile::tempdir().unwrap();
        let db = Db::open_sqlite_in(data.path()).await.unwrap();
        TestApp::start(db, data, None, None).await
    }

    pub async fn postgres() -> TestApp {
        let url = byline_store::testing::create_postgres_database()
            .await
            .unwrap();
        let db = Db::connect(&url).await.unwrap();
        TestApp::start(db, tempfile::tempdir().unwrap(), Some(url), None).await
    }

    /// Another node on an existing database (no demo: the first node wrote it).
    pub async fn on(db: Db) -> TestApp {
        TestApp::start_with(db, tempfile::tempdir().unwrap(), None, None, false).await
    }

    /// Another node on an existing database, its configuration adjusted by `adjust`.
    pub async fn on_with(db: Db, adjust: impl FnOnce(&mut WebConfig)) -> TestApp {
        TestApp::start_configured(db, tempfile::tempdir().unwrap(), None, None, false, adjust).await
    }

    pub fn postgres_url(&self) -> Option<&str> {
        self.postgres_url.as_deref()
    }

    /// A site with no content at all (no demo), on SQLite.
    pub async fn empty() -> TestApp {
        let data = tempfile::tempdir().unwrap();
        let db = Db::open_sqlite_in(data.path()).await.unwrap();
        TestApp::start_with(db, data, None, None, false).await
    }

    /// A site with no content at all (no demo), on a fresh PostgreSQL database.
    pub async fn empty_postgres() -> TestApp {
        let url = byline_store::testing::create_postgres_database()
            .await
            .unwrap();
        let db = Db::connect(&url).await.unwrap();
        TestApp::start_with(db, tempfile::tempdir().unwrap(), Some(url), None, false).await
    }

    pub async fn with_theme(theme: Theme) -> TestApp {
        let data = tempfile::tempdir().unwrap();
        let db = Db::open_sqlite_in(data.path()).await.unwrap();
        TestApp::start(db, data, None, Some(theme)).await
    }

    /// A demo site on SQLite with the server's configuration adjusted by `adjust`.
    pub async fn sqlite_with(adjust: impl FnOnce(&mut WebConfig)) -> TestApp {
        let data = tempfile::tempdir().unwrap();
        let db = Db::open_sqlite_in(data.path()).await.unwrap();
        TestApp::start_configured(db, data, None, None, true, adjust).await
    }

    /// A demo site on PostgreSQL with the server's configuration adjusted by `adjust`.
    pub async fn postgres_with(adjust: impl FnOnce(&mut WebConfig)) -> TestApp {
        let url = byline_store::testing::create_postgres_database()
            .await
            .unwrap();
        let db = Db::connect(&url).await.unwrap();
        let data = tempfile::tempdir().unwrap();
        TestApp::start_configured(db, data, Some(url), None, true, adjust).await
    }

    /// The demo site on a PostgreSQL database reached at `url` (made with
    /// `create_postgres_database`, perhaps reached through a proxy the test controls).
    pub async fn postgres_at(url: &str) -> TestApp {
        let db = Db::connect(url).await.unwrap();
        let data = tempfile::tempdir().unwrap();
        TestApp::start_configured(db, data, Some(url.to_owned()), None, true, |_| {}).await
    }

    /// A handle on a server running in another process (for its desk and pages);
    /// [`TestApp::detach`] lets it go without stopping anything.
    pub async fn attach(address: SocketAddr, db: Db) -> TestApp {
        TestApp {
            address,
            db,
            client: reqwest::Client::new(),
            raw: raw_client(),
            _data: tempfile::tempdir().unwrap(),
            postgres_url: None,
            shutdown: None,
            server: None,
        }
    }

    pub fn detach(self) {}

    async fn start(
        db: Db,
        data: tempfile::TempDir,
        postgres_url: Option<String>,
        theme: Option<Theme>,
    ) -> TestApp {
        TestApp::start_with(db, data, postgres_url, theme, true).await
    }

    async fn start_with(
        db: Db,
        data: tempfile::TempDir,
        postgres_url: Option<String>,
        theme: Option<Theme>,
        demo: bool,
    ) -> TestApp {
        TestApp::start_configured(db, data, postgres_url, theme, demo, |_| {}).await
    }

    async fn start_configured(
        db: Db,
        data: tempfile::TempDir,
        postgres_url: Option<String>,
        theme: Option<Theme>,
        demo: bool,
        adjust: impl FnOnce(&mut WebConfig),
    ) -> TestApp {
        capture_logs();
        let content = data.path().join("content");
        let mut config = WebConfig::new(
            "127.0.0.1:0".parse().unwrap(),
            content.clone(),
            theme.unwrap_or_else(Theme::embedded),
        );
        config.version_poll = Duration::from_millis(50);
        adjust(&mut config);
        if demo {
            let media = match &config.media {
                Some(media) => media.clone(),
                None => byline_media::MediaStore::folder(&content).unwrap(),
            };
            byline::demo::fill_if_empty(&db, &media).await.unwrap();
        }
        let server = Server::bind(db.clone(), config).await.unwrap();
        let address = server.local_addr();
        // The tests' sites all believe they live at one address (the one a site with
        // none saved had before servers told it where they listen), so absolute links
        // are the same in every run. `tests/discovery` checks the listening address.
        db.use_address_until_saved("http://127.0.0.1:8080");
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(server.run(async {
            let _ = stop.await;
        }));
        TestApp {
            address,
            db,
            client: reqwest::Client::new(),
            raw: raw_client(),
            _data: data,
            postgres_url,
            shutdown: Some(shutdown),
            server: Some(server),
        }
    }

    /// The data folder (database, `content/`, `mail/`).
    pub fn data_path(&self) -> &std::path::Path {
        self._data.path()
    }

    /// Where the server keeps media and narrations (`/content/…`).
    pub fn content_dir(&self) -> std::path::PathBuf {
        self._data.path().join("content")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Page {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        let status = response.status();
        Page {
            status,
            html: response.text().await.unwrap(),
        }
    }

    /// Waits until `path` shows `text` (content changes reach the cache within the
    /// version poll interval).
    pub async fn eventually_shows(&self, path: &str, text: &str) -> Page {
        for _ in 0..100 {
            let page = self.get(path).await;
            if page.html.contains(text) {
                return page;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("{path} never showed {text:?}");
    }

    /// Waits until `path` answers `status` (content changes reach the cache within
    /// the version poll interval).
    pub async fn eventually_status(&self, path: &str, status: StatusCode) {
        for _ in 0..100 {
            if self.get(path).await.status == status {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("{path} never answered {status}");
    }

    /// Stops this server as a node going down would (its background work cut off
    /// mid-task) and starts a new one on the same database and data folder.
    pub async fn restart(mut self) -> TestApp {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
        // A new process has its own connections: whatever the old one held goes.
        self.db.close().await;
        let data = std::mem::replace(&mut self._data, tempfile::tempdir().unwrap());
        let url = self.postgres_url.take();
        let db = match &url {
            Some(url) => Db::connect(url).await.unwrap(),
            None => Db::open_sqlite_in(data.path()).await.unwrap(),
        };
        TestApp::start_configured(db, data, url, None, false, |_| {}).await
    }

    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
        self.db.close().await;
        if let Some(url) = &self.postgres_url {
            byline_store::testing::drop_postgres_database(url).await;
        }
    }
}

/// The servers' warnings and errors go to the test's captured output, so a failing
/// test shows what its server said (`BYLINE_TEST_LOG` takes a filter for more). The
/// servers run on their test's thread, so each test's output holds its own server's.
fn capture_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BYLINE_TEST_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_test_writer()
        .try_init();
}

/// A client that shows redirects and raw encodings instead of following them.
fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_gzip()
        .build()
        .unwrap()
}

/// A PNG of `width` by `height` pixels (a gradient, so each size differs), for uploads.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// A published post as an edit that keeps everything but the title (a save takes
/// the whole post).
pub fn retitled(post: &byline_core::Post, title: &str) -> byline_core::NewPost {
    byline_core::NewPost {
        slug: post.summary.slug.clone(),
        kind: post.summary.kind,
        status: byline_core::PostStatus::Published,
        title: title.into(),
        subtitle: post.summary.subtitle.clone(),
        body_markdown: post.body_markdown.clone(),
        image: post.summary.image.clone(),
        featured: post.summary.featured,
        published_at: post.summary.published_at,
        author_ids: post.summary.authors.iter().map(|a| a.id).collect(),
        tag_ids: post.summary.tags.iter().map(|t| t.id).collect(),
    }
}

/// Saves `post` over post `id` through the store as the desk does (by a staff
/// member, on the current revision), behind the server's back.
pub async fn resave(db: &Db, id: PostId, post: byline_core::NewPost) {
    const EMAIL: &str = "store-editor@example.org";
    let users = db.list_users().await.unwrap();
    let editor = match users.iter().find(|u| u.email.as_str() == EMAIL) {
        Some(user) => user.id,
        None => {
            db.create_user(&byline_store::NewUser {
                email: byline_core::EmailAddress::parse(EMAIL).unwrap(),
                name: "Store Editor".into(),
                role: byline_core::Role::Editor,
                password_hash: None,
            })
            .await
            .unwrap()
            .id
        }
    };
    let base = db.desk_post(id).await.unwrap().unwrap().revision;
    db.save_desk_post(id, post, base, editor, byline_store::SaveReason::Saved)
        .await
        .unwrap();
}

/// Publishes at `at` or unpublishes post `id`, keeping its content (see [`resave`]).
pub async fn restatus(
    db: &Db,
    id: PostId,
    status: byline_core::PostStatus,
    at: Option<jiff::Timestamp>,
) {
    let post = db.desk_post(id).await.unwrap().unwrap().post;
    let mut edit = retitled(&post, &post.summary.title);
    edit.status = status;
    edit.published_at = at;
    resave(db, id, edit).await;
}

/// A slug written in a test, parsed.
pub fn slug(text: &str) -> byline_core::Slug {
    byline_core::Slug::parse(text).unwrap()
}
