//! `kill -9` of the real binary between a change's commit and its delivery, then a
//! restart: the event is delivered, once. The event is written in the change's own
//! transaction, so the kill cannot lose it; the receiver is down at first, so the
//! kill lands before any delivery could succeed.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use byline_store::{Db, NewWebhook};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::receiver::Receiver;
use crate::admin_api::posts::Client;
use crate::helpers::TestApp;
use crate::newsletters::smtp::free_port;

/// A `byline serve` process, killed if the test ends early.
struct Serving(Child);

impl Serving {
    /// `kill -9`: no shutdown, no cleanup.
    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.kill();
    }
}

fn serve(data: &std::path::Path, database: Option<&str>, port: u16) -> Serving {
    let mut command = Command::new(env!("CARGO_BIN_EXE_byline"));
    for (key, _) in std::env::vars() {
        if key.starts_with("BYLINE_") {
            command.env_remove(key);
        }
    }
    command
        .args(["serve", "--data"])
        .arg(data)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args([
            "--webhooks-to-private-addresses",
            "--webhook-first-retry-seconds",
            "1",
        ])
        .args(["--narration", "off"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(url) = database {
        command.args(["--database-url", url]);
    }
    Serving(command.spawn().expect("byline serve starts"))
}

async fn wait_until_serving(port: u16) {
    let started = Instant::now();
    let client = reqwest::Client::new();
    loop {
        let answered = client
            .get(format!("http://127.0.0.1:{port}/ghost/api/admin/site/"))
            .send()
            .await;
        if answered.is_ok_and(|r| r.status() == StatusCode::OK) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "byline did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn killed_between_commit_and_delivery(database: Option<String>) {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut receiver = Receiver::down();
    let mut server = serve(data.path(), database.as_deref(), port);
    wait_until_serving(port).await;
    let db = match &database {
        Some(url) => Db::connect(url).await.unwrap(),
        None => Db::open_sqlite_in(data.path()).await.unwrap(),
    };
    let address: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let app = TestApp::attach(address, db.clone()).await;
    let client = Client::new(&app, "Crash reporter").await;
    let integration = db.integrations().await.unwrap().remove(0);
    let webhook = db
        .create_webhook(&NewWebhook {
            integration_id: integration.id,
            event: "post.added",
            target_url: &receiver.url("/after-restart"),
            name: None,
            secret: None,
            api_version: "v6.0",
        })
        .await
        .unwrap();

    let (status, body) = client
        .send(
            Method::POST,
            "posts/",
            Some(json!({ "posts": [{ "title": "Written before the crash" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    server.kill();
    let waiting = db.recent_deliveries(webhook.id, 10).await.unwrap();
    assert_eq!(waiting.len(), 1, "the event was committed with the change");
    assert_eq!(waiting[0].status, "waiting");

    receiver.start();
    let mut server = serve(data.path(), database.as_deref(), port);
    let accepted = receiver.wait_for(1, Duration::from_secs(30)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.accepted().len(), 1, "delivered once");
    let payload = accepted[0].json();
    assert_eq!(
        payload["post"]["current"]["title"],
        "Written before the crash"
    );
    server.kill();
    app.detach();
    db.close().await;
    if let Some(url) = &database {
        byline_store::testing::drop_postgres_database(url).await;
    }
}

#[tokio::test]
async fn sqlite_a_kill_between_commit_and_delivery_still_delivers() {
    killed_between_commit_and_delivery(None).await;
}

#[tokio::test]
async fn postgres_a_kill_between_commit_and_delivery_still_delivers() {
    let url = byline_store::testing::create_postgres_database()
        .await
        .unwrap();
    killed_between_commit_and_delivery(Some(url)).await;
}
