//! The database goes away mid-load (a restart, a broken network): cached pages are
//! still served, other pages answer 503 with `Retry-After` (never 500), `/metrics`
//! counts them, and pages render again as soon as the database is back.
//!
//! The site reaches the real PostgreSQL server through a TCP proxy the test can cut:
//! every open connection breaks at once and new ones are refused, as in a restart.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::helpers::TestApp;

/// Forwards connections to PostgreSQL while open; cutting it breaks them all.
struct Proxy {
    address: SocketAddr,
    open: watch::Sender<bool>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (open, watching) = watch::channel(true);
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let mut open = watching.clone();
                if !*open.borrow() {
                    continue; // dropped: the connection is refused
                }
                let upstream = upstream.clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = open.wait_for(|open| !*open) => {}
                    }
                });
            }
        });
        Proxy { address, open }
    }

    fn cut(&self) {
        self.open.send_replace(false);
    }

    fn mend(&self) {
        self.open.send_replace(true);
    }
}

async fn status_and_retry(app: &TestApp, path: &str) -> (StatusCode, Option<String>) {
    let response = app.raw.get(app.url(path)).send().await.unwrap();
    let retry = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (response.status(), retry)
}

#[tokio::test]
async fn readers_get_the_cached_page_or_503_while_the_database_is_away() {
    let url = byline_store::testing::create_postgres_database()
        .await
        .unwrap();
    let (server, name) = url.rsplit_once('/').unwrap();
    let host = server.rsplit_once('@').map_or(server, |(_, host)| host);
    let upstream = host.trim_start_matches("postgres://").to_owned();
    let proxy = Proxy::start(upstream.clone()).await;
    let proxied = format!(
        "{}/{name}",
        server.replace(&upstream, &proxy.address.to_string())
    );
    let app = TestApp::postgres_at(&proxied).await;
    assert_eq!(
        app.get("/").await.status,
        StatusCode::OK,
        "the home page is cached"
    );

    proxy.cut();
    let (home, _) = status_and_retry(&app, "/").await;
    assert_eq!(
        home,
        StatusCode::OK,
        "a cached page is served without the database"
    );
    for path in [
        "/tag/city/",
        "/author/olena-koval/",
        "/search/?q=river",
        "/news-feed/",
    ] {
        let (status, retry) = status_and_retry(&app, path).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert_eq!(retry.as_deref(), Some("5"), "{path}");
    }
    let (health, _) = status_and_retry(&app, "/healthz").await;
    assert_eq!(health, StatusCode::SERVICE_UNAVAILABLE);
    let metrics = app.get("/metrics").await.html;
    let counted = metrics
        .lines()
        .find(|line| line.starts_with("byline_database_unavailable_total"))
        .and_then(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .unwrap_or(0.0);
    assert!(counted >= 4.0, "{metrics}");

    proxy.mend();
    let back = Instant::now();
    loop {
        let (status, _) = status_and_retry(&app, "/tag/city/").await;
        if status == StatusCode::OK {
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            back.elapsed() < Duration::from_secs(15),
            "the site did not come back with its database"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.stop().await;
}
