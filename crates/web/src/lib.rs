//! Byline's HTTP application: the public site today; the desk, feeds and APIs join it.
//!
//! [`Server::bind`] binds the listener first and reports the real address, so tests
//! start the whole application on port 0 against a real database.

mod api;
mod content_files;
mod desk;
mod discovery;
mod kit;
pub mod narration;
mod news_feed;
pub mod newsletters;
mod ops;
mod pages;
mod state;
mod views;
pub mod webhooks;
mod worker;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::get;
use axum::serve::ListenerExt;
use byline_store::Db;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use kit::session::{hash_password, token_hash};
pub use kit::theme::Theme;
pub use state::AppState;

/// How the web application runs.
pub struct WebConfig {
    pub listen: SocketAddr,
    /// The data folder's `content/`: media files when no bucket is set, and the
    /// base for this node's scratch folders (mail, imports waiting to run).
    pub content_dir: PathBuf,
    /// Where media files are kept and read from (`/content/…`); `None` is the
    /// data folder's `content/`.
    pub media: Option<byline_media::MediaStore>,
    pub theme: Theme,
    /// Memory the page cache may use.
    pub cache_bytes: u64,
    /// How often to check whether another process changed content.
    pub version_poll: Duration,
    /// Where account emails go; `None` writes them as `.eml` files into `mail/`
    /// beside the content folder.
    pub mailer: Option<byline_mail::Mailer>,
    /// A connection whose reader has not taken any data for this long is closed
    /// (TCP_USER_TIMEOUT), so a stalled News Feed stream cannot linger.
    pub stalled_client_timeout: Duration,
    /// How this node delivers newsletters (rate, batch, retries).
    pub delivery: byline_mail::newsletter::DeliveryConfig,
    /// Whether and how this node narrates articles (off unless configured).
    pub narration: narration::NarrationConfig,
    /// Live News Feed streams one client address may hold open at once (0: no cap).
    pub max_streams_per_address: u32,
    /// A bearer token that opens `/metrics` from anywhere; without it, `/metrics`
    /// answers only requests made on this machine.
    pub metrics_token: Option<String>,
    /// Where webhooks may go and how they are retried.
    pub webhooks: webhooks::WebhookConfig,
}

/// A reader has a tab or two open; a newsroom office behind one address has a few
/// dozen. Raise it (or set 0) behind a proxy that hides readers' addresses.
pub const DEFAULT_STREAMS_PER_ADDRESS: u32 = 64;

impl WebConfig {
    pub fn new(listen: SocketAddr, content_dir: PathBuf, theme: Theme) -> WebConfig {
        WebConfig {
            listen,
            content_dir,
            media: None,
            theme,
            cache_bytes: 48 * 1024 * 1024,
            version_poll: Duration::from_secs(1),
            mailer: None,
            stalled_client_timeout: Duration::from_secs(30),
            delivery: byline_mail::newsletter::DeliveryConfig::default(),
            narration: narration::NarrationConfig::default(),
            max_streams_per_address: DEFAULT_STREAMS_PER_ADDRESS,
            metrics_token: None,
            webhooks: webhooks::WebhookConfig::default(),
        }
    }
}

/// The application bound to its address, ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
    state: Arc<AppState>,
    deliverer: Arc<byline_mail::newsletter::Deliverer>,
    version_poll: Duration,
    stalled_client_timeout: Duration,
}

impl Server {
    pub async fn bind(db: Db, config: WebConfig) -> anyhow::Result<Server> {
        let listener = listen(config.listen).with_context(|| {
            format!(
                "cannot listen on {} (is another program using it? choose another address with --listen)",
                config.listen
            )
        })?;
        if let Ok(address) = listener.local_addr() {
            db.use_address_until_saved(&address_url(address));
        }
        let mailer = match config.mailer {
            Some(mailer) => mailer,
            None => {
                let dir = config
                    .content_dir
                    .parent()
                    .map(|data| data.join("mail"))
                    .unwrap_or_else(|| PathBuf::from("mail"));
                byline_mail::Mailer::to_files(dir, "Byline <desk@localhost.localdomain>")
                    .context("cannot prepare the mail folder")?
            }
        };
        tracing::info!(mail = %mailer.describe(), "email goes to");
        let links = byline_mail::newsletter::LinkSigner::load(&db).await?;
        let narrator = narration::Narrator::start(config.narration).await;
        let media = match config.media {
            Some(media) => media,
            None => byline_media::MediaStore::folder(&config.content_dir)?,
        };
        tracing::info!(media = %media.place(), public = ?media.public_base(), "media files are kept in");
        let mut state = AppState::new(
            db,
            config.theme,
            config.content_dir,
            media,
            config.cache_bytes,
            mailer,
            links,
            narrator,
        );
        state.streams = news_feed::stream_limit::StreamLimiter::new(config.max_streams_per_address);
        state.metrics_token = config.metrics_token;
        state.webhooks = webhooks::Webhooks::new(config.webhooks);
        let state = Arc::new(state);
        let deliverer = Arc::new(byline_mail::newsletter::Deliverer::new(
            state.db.clone(),
            state.mailer.clone(),
            state.mail_templates.clone(),
            state.links.clone(),
            config.delivery,
        ));
        let version = state.db.content_version().await?;
        state.observe(version, None).await;
        state.live.start_at(state.db.feed_event_seq().await?);
        let router = router(state.clone());
        Ok(Server {
            listener,
            router,
            state,
            deliverer,
            version_poll: config.version_poll,
            stalled_client_timeout: config.stalled_client_timeout,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn state(&self) -> Arc<AppState> {
        self.state.clone()
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let poller = tokio::spawn(news_feed::live::watch_changes(
            self.state.clone(),
            self.version_poll,
        ));
        let upkeep = tokio::spawn(async {
            let mut tick = tokio::time::interval(Duration::from_secs(5));
            loop {
                tick.tick().await;
                ops::prometheus().run_upkeep();
            }
        });
        let worker = tokio::spawn(worker::run(self.state.clone()));
        let delivery = tokio::spawn(self.deliverer.clone().run(self.state.delivery_wake.clone()));
        let purge = tokio::spawn(worker::purge_unconfirmed_signups(self.state.clone()));
        let narration = tokio::spawn(narration::run(self.state.clone()));
        let imports = tokio::spawn(desk::imports::job::run(self.state.clone()));
        let webhooks = tokio::spawn(webhooks::run(self.state.clone()));
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let stalled = self.stalled_client_timeout;
        let listener = self.listener.tap_io(move |stream| {
            if let Err(error) = socket2::SockRef::from(&*stream).set_tcp_user_timeout(Some(stalled))
            {
                tracing::debug!(error = %error, "cannot set TCP_USER_TIMEOUT");
            }
        });
        let state = self.state.clone();
        let result = axum::serve(listener, service)
            .with_graceful_shutdown(async move {
                shutdown.await;
                state.live.close();
            })
            .await
            .context("the HTTP server stopped with an error");
        poller.abort();
        worker.abort();
        delivery.abort();
        purge.abort();
        narration.abort();
        imports.abort();
        webhooks.abort();
        upkeep.abort();
        result
    }
}

/// Binds with a deep accept queue: after a restart or a proxy reload thousands of
/// News Feed readers reconnect at once, and tokio's default queue of 128 would drop
/// their connection attempts (each then waits a second to retry). The kernel caps the
/// depth at `net.core.somaxconn`.
/// `http://ADDRESS` for links while the site has no public address saved; a server
/// listening on every interface is reached at 127.0.0.1 from its own machine.
fn address_url(address: SocketAddr) -> String {
    let mut address = address;
    if address.ip().is_unspecified() {
        address.set_ip(match address {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    format!("http://{address}")
}

fn listen(address: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = match address {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(4096)
}

/// After a desk request that may have changed content, this node drops its stale
/// pages at once instead of at the next poll: the editor who just pressed Publish
/// sees the change on their next page.
async fn refresh_after_write(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let writes = request.method() != axum::http::Method::GET;
    let response = next.run(request).await;
    if writes {
        state.refresh_content_version().await;
    }
    response
}

fn router(state: Arc<AppState>) -> Router {
    ops::prometheus();
    let media = Router::new()
        .route("/content/{*key}", get(content_files::serve))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));
    let site = Router::new()
        .route("/", get(pages::home::show))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics_text))
        .route("/assets/{*path}", get(ops::asset))
        .route("/search/", get(pages::search::page))
        .route("/search/suggest", get(pages::search::suggest))
        .route("/rss/", get(discovery::feeds::site_rss))
        .route("/atom/", get(discovery::feeds::site_atom))
        .route("/tag/{slug}/rss/", get(discovery::feeds::tag_rss))
        .route("/tag/{slug}/atom/", get(discovery::feeds::tag_atom))
        .route("/author/{slug}/rss/", get(discovery::feeds::author_rss))
        .route("/author/{slug}/atom/", get(discovery::feeds::author_atom))
        .route("/sitemap.xml", get(discovery::sitemaps::index))
        .route("/sitemaps/{kind}/{file}", get(discovery::sitemaps::child))
        .route("/news-sitemap.xml", get(discovery::sitemaps::news))
        .route("/robots.txt", get(discovery::sitemaps::robots))
        .route("/favicon.ico", get(ops::favicon))
        .route("/news-feed/rss/", get(discovery::feeds::news_feed_rss))
        .route("/podcast/rss/", get(narration::podcast::feed))
        .route("/tag/{slug}/", get(pages::lists::tag))
        .route("/tag/{slug}/page/{page}/", get(pages::lists::tag_page))
        .route("/author/{slug}/", get(pages::lists::author))
        .route(
            "/author/{slug}/page/{page}/",
            get(pages::lists::author_page),
        )
        .route("/corrections/", get(pages::corrections::page))
        .route("/preview/{token}/", get(pages::preview::show))
        .route("/{slug}/", get(pages::article::show))
        .route("/{slug}", get(pages::article::add_slash))
        .merge(api::routes())
        .merge(news_feed::routes())
        .merge(newsletters::routes())
        .merge(media)
        .merge(desk::routes().layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refresh_after_write,
        )))
        .fallback(pages::fallback);
    let site = kit::security::layer(site)
        .layer(axum::middleware::from_fn(ops::track))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .with_state(state.clone());
    // An edition's prefix comes off the address before the routes above see it, so
    // this layer wraps the finished router rather than joining its routes (a layer on
    // a router runs after its routing).
    Router::new()
        .fallback_service(site)
        .layer(axum::middleware::from_fn_with_state(
            state,
            kit::edition::route,
        ))
}
