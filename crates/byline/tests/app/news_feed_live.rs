//! The live News Feed stream (`/news-feed/events`): new, edited and deleted items
//! arrive as Server-Sent Events; a reconnecting reader resumes exactly after its
//! `Last-Event-ID`; the page cache and the stream agree; and on PostgreSQL two real
//! `byline serve` processes share one database and one live feed.

use std::time::{Duration, Instant};

use byline_core::Role;
use byline_store::{FeedItemEdit, NewFeedItem};
use jiff::Timestamp;

use crate::helpers::TestApp;
use crate::on_both_engines;

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct SseEvent {
    pub id: Option<i64>,
    pub event: String,
    pub data: serde_json::Value,
}

/// A reader of `/news-feed/events`.
pub struct SseReader {
    response: reqwest::Response,
    buffer: String,
}

impl SseReader {
    pub async fn open(base: &str, after: Option<i64>, last_event_id: Option<&str>) -> SseReader {
        let url = match after {
            Some(after) => format!("{base}/news-feed/events?after={after}"),
            None => format!("{base}/news-feed/events"),
        };
        let mut request = reqwest::Client::new().get(url);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        SseReader {
            response,
            buffer: String::new(),
        }
    }

    /// The next event (comments and `retry:` lines skipped), or `None` if none comes
    /// within `wait`.
    pub async fn next(&mut self, wait: Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse_frame(&frame) {
                    return Some(event);
                }
            }
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Ok(Ok(Some(chunk))) => self.buffer.push_str(std::str::from_utf8(&chunk).unwrap()),
                Ok(Ok(None)) | Ok(Err(_)) | Err(_) => return None,
            }
        }
    }

    /// The next `count` events, failing the test if they do not come promptly.
    pub async fn take(&mut self, count: usize) -> Vec<SseEvent> {
        let mut events = Vec::new();
        while events.len() < count {
            match self.next(Duration::from_secs(5)).await {
                Some(event) => events.push(event),
                None => panic!("expected {count} events, got {events:?}"),
            }
        }
        events
    }
}

fn parse_frame(frame: &str) -> Option<SseEvent> {
    let mut id = None;
    let mut event = String::from("message");
    let mut data = String::new();
    for line in frame.lines() {
        if let Some(value) = line.strip_prefix("id: ") {
            id = Some(value.parse().unwrap());
        } else if let Some(value) = line.strip_prefix("event: ") {
            event = value.to_owned();
        } else if let Some(value) = line.strip_prefix("data: ") {
            data.push_str(value);
        }
    }
    if data.is_empty() {
        return None;
    }
    Some(SseEvent {
        id,
        event,
        data: serde_json::from_str(&data).unwrap(),
    })
}

fn item(headline: &str) -> NewFeedItem {
    NewFeedItem {
        headline: headline.to_owned(),
        text: format!("Two lines about {headline}."),
        post_slug: None,
        published_at: Timestamp::now(),
        updated_at: None,
        created_by: None,
        edition: byline_core::editions::MAIN_EDITION,
    }
}

on_both_engines!(
    new_edited_and_deleted_items_stream_and_resume_exactly,
    a_page_and_its_stream_agree,
    a_page_that_missed_events_before_the_server_started_gets_them,
);

async fn new_edited_and_deleted_items_stream_and_resume_exactly(app: &TestApp) {
    let base = app.url("");
    let base = base.trim_end_matches('/');
    let start = app.db.feed_event_seq().await.unwrap();
    let mut reader = SseReader::open(base, Some(start), None).await;

    let first = app
        .db
        .create_feed_item(&item("Bridge reopens"))
        .await
        .unwrap();
    let published = reader.take(1).await.remove(0);
    assert_eq!(published.event, "feed");
    assert_eq!(published.id, Some(start + 1));
    assert_eq!(published.data["kind"], "published");
    assert_eq!(published.data["id"], first.id);
    let html = published.data["html"].as_str().unwrap();
    assert!(
        html.starts_with("<li") && html.contains("Bridge reopens"),
        "{html}"
    );
    drop(reader);

    // While nobody listens: an edit marked as an update, a new item, a deletion.
    app.db
        .update_feed_item(
            first.id,
            &FeedItemEdit {
                headline: "Bridge reopens to traffic".into(),
                text: first.text.clone(),
                post_slug: None,
                updated_at: Some(Timestamp::now()),
            },
        )
        .await
        .unwrap();
    let second = app
        .db
        .create_feed_item(&item("Ferry delayed"))
        .await
        .unwrap();
    app.db.delete_feed_item(second.id).await.unwrap();

    // The browser reconnects with the last id it saw: exactly the three it missed.
    let last_seen = published.id.unwrap().to_string();
    let mut resumed = SseReader::open(base, None, Some(&last_seen)).await;
    let missed = resumed.take(3).await;
    let ids: Vec<i64> = missed.iter().map(|e| e.id.unwrap()).collect();
    assert_eq!(ids, vec![start + 2, start + 3, start + 4]);
    assert_eq!(missed[0].data["kind"], "edited");
    let edited = missed[0].data["html"].as_str().unwrap();
    assert!(edited.contains("Bridge reopens to traffic") && edited.contains("(Updated:"));
    assert_eq!(missed[1].data["kind"], "published");
    assert_eq!(missed[2].data["kind"], "deleted");
    assert_eq!(missed[2].data["id"], second.id);
    assert!(missed[2].data.get("html").is_none());
    // No repeats: nothing else is pending.
    assert!(resumed.next(Duration::from_millis(300)).await.is_none());

    // Last-Event-ID wins over ?after= (the page's first connection).
    let mut both = SseReader::open(base, Some(start), Some(&(start + 3).to_string())).await;
    assert_eq!(both.take(1).await[0].id, Some(start + 4));

    // Pinning moves the pinned item and unpins the other, as two edits in order.
    let third = app
        .db
        .create_feed_item(&item("Storm warning"))
        .await
        .unwrap();
    app.db.set_feed_item_pinned(first.id, true).await.unwrap();
    app.db.set_feed_item_pinned(third.id, true).await.unwrap();
    let pins = resumed.take(4).await;
    let kinds: Vec<(i64, bool)> = pins[1..]
        .iter()
        .map(|e| {
            (
                e.data["id"].as_i64().unwrap(),
                e.data["pinned"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![(first.id, true), (first.id, false), (third.id, true)]
    );
}

async fn a_page_and_its_stream_agree(app: &TestApp) {
    let base = app.url("");
    let base = base.trim_end_matches('/');
    let home = app.get("/").await;
    let seq: i64 = home.attrs("[data-live-feed]", "data-seq")[0]
        .parse()
        .unwrap();
    let mut reader = SseReader::open(base, Some(seq), None).await;
    app.db
        .create_feed_item(&item("Polls close early"))
        .await
        .unwrap();
    let event = reader.take(1).await.remove(0);
    // Once the stream has said it, a reload shows it, with the same event number.
    let reloaded = app.get("/").await;
    assert!(reloaded.html.contains("Polls close early"));
    let reloaded_seq: i64 = reloaded.attrs("[data-live-feed]", "data-seq")[0]
        .parse()
        .unwrap();
    assert!(reloaded_seq >= event.id.unwrap());
    let article = app.get("/news-feed/").await;
    assert!(article.html.contains("Polls close early"));
}

async fn a_page_that_missed_events_before_the_server_started_gets_them(app: &TestApp) {
    // The demo's items were written before the server started, so they are only in
    // the database, not in the server's memory of recent events.
    // The page at / hears the main edition's events: the demo's Ukrainian edition
    // has its own feed, numbered in the same sequence.
    let events = app.db.feed_events_after(0, 1000).await.unwrap();
    let main: Vec<i64> = events
        .iter()
        .filter(|event| event.edition == byline_core::editions::MAIN_EDITION)
        .map(|event| event.seq)
        .collect();
    assert!(main.len() >= 3, "the demo writes feed items");
    assert!(main.len() < events.len(), "and some to its other edition");
    let base = app.url("");
    let mut reader = SseReader::open(base.trim_end_matches('/'), Some(0), None).await;
    let replayed = reader.take(main.len()).await;
    let ids: Vec<i64> = replayed.iter().map(|e| e.id.unwrap()).collect();
    assert_eq!(ids, main);
    assert!(reader.next(Duration::from_millis(200)).await.is_none());
}

#[tokio::test]
async fn a_bad_last_event_id_is_refused_with_a_reason() {
    let app = TestApp::sqlite().await;
    for bad in ["abc", "-4", "1.5"] {
        let response = app
            .client
            .get(app.url("/news-feed/events"))
            .header("Last-Event-ID", bad)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{bad}");
        assert!(response.text().await.unwrap().contains("whole number"));
    }
    let response = app
        .client
        .get(app.url("/news-feed/events?after=soon"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    app.stop().await;
}

#[tokio::test]
async fn a_reader_that_stops_reading_is_dropped_and_others_keep_up() {
    use tokio::io::AsyncWriteExt;
    let app = TestApp::sqlite_with(|config| {
        config.stalled_client_timeout = Duration::from_secs(1);
    })
    .await;
    let base = app.url("");
    let base = base.trim_end_matches('/').to_owned();
    let start = app.db.feed_event_seq().await.unwrap();

    // A reader with a tiny receive window that never reads.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(2048).unwrap();
    let mut stalled = socket.connect(app.address).await.unwrap();
    stalled
        .write_all(
            format!("GET /news-feed/events?after={start} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
    let mut reader = SseReader::open(&base, Some(start), None).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(open_streams(&app).await, 2.0);

    // Enough text to fill the stalled reader's window and the server's buffer.
    let long = "All lanes closed while crews clear the road. ".repeat(13);
    let began = Instant::now();
    for n in 0..400 {
        let mut new = item(&format!("Traffic update {n}"));
        new.text = long.clone();
        app.db.create_feed_item(&new).await.unwrap();
    }
    let received = reader.take(400).await;
    assert_eq!(received.last().unwrap().id, Some(start + 400));
    assert!(
        began.elapsed() < Duration::from_secs(20),
        "the reading client was held up: {:?}",
        began.elapsed()
    );
    // The stalled reader's connection is closed by the server.
    let mut gone = false;
    for _ in 0..100 {
        if open_streams(&app).await == 1.0 {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(gone, "the stalled stream is still open");
    drop(stalled);
    app.stop().await;
}

async fn open_streams(app: &TestApp) -> f64 {
    let metrics = app.get("/metrics").await.html;
    metrics
        .lines()
        .find(|l| l.starts_with("byline_news_feed_streams "))
        .and_then(|l| l.split_whitespace().nth(1))
        .map_or(0.0, |v| v.parse().unwrap())
}

/// Two `byline serve` processes on one PostgreSQL database: an item published on one
/// reaches the live readers of the other within a second, and the other's cached
/// pages show it.
#[tokio::test]
async fn two_processes_on_postgres_share_the_live_feed() {
    let url = byline_store::testing::create_postgres_database()
        .await
        .unwrap();
    let first = Node::start(&url).await;
    let second = Node::start(&url).await;
    let db = byline_store::Db::connect(&url).await.unwrap();
    let writer = TestApp::attach(first.address, db.clone()).await;
    let desk = writer.desk(Role::Editor).await;

    // Warm the second node's cache, then listen there.
    let before = reqwest::get(format!("{}/news-feed/", second.base()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!before.contains("Water main repaired"));
    let seq = db.feed_event_seq().await.unwrap();
    let mut reader = SseReader::open(&second.base(), Some(seq), None).await;

    let sent = Instant::now();
    let answer = desk
        .post(
            "/admin/news-feed",
            &[
                ("headline", "Water main repaired"),
                ("text", "Taps on the east side run again."),
                ("article", ""),
                ("return_to", "/admin/"),
            ],
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.html);
    let event = reader
        .next(Duration::from_secs(1))
        .await
        .expect("the other node streams the item within a second");
    let latency = sent.elapsed();
    assert!(
        event.data["html"]
            .as_str()
            .unwrap()
            .contains("Water main repaired")
    );
    assert!(latency < Duration::from_secs(1), "{latency:?}");
    let after = reqwest::get(format!("{}/news-feed/", second.base()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        after.contains("Water main repaired"),
        "the other node's cache is stale"
    );

    // A database outage: the nodes' connections are cut; streams carry on.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(db.pool())
    .await
    .ok();
    db.create_feed_item(&item("Power restored")).await.unwrap();
    let next = reader
        .next(Duration::from_secs(5))
        .await
        .expect("the stream resumes after the connections were cut");
    assert!(
        next.data["html"]
            .as_str()
            .unwrap()
            .contains("Power restored")
    );

    drop(reader);
    writer.detach();
    first.stop();
    second.stop();
    db.close().await;
    byline_store::testing::drop_postgres_database(&url).await;
}

/// A `byline serve` child process.
struct Node {
    child: std::process::Child,
    address: std::net::SocketAddr,
    _data: tempfile::TempDir,
}

impl Node {
    async fn start(database_url: &str) -> Node {
        let data = tempfile::tempdir().unwrap();
        let address = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_byline"))
            .args([
                "serve",
                "--listen",
                &address.to_string(),
                "--database-url",
                database_url,
            ])
            .arg("--data")
            .arg(data.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let node = Node {
            child,
            address,
            _data: data,
        };
        for _ in 0..200 {
            if let Ok(response) = reqwest::get(format!("{}/healthz", node.base())).await
                && response.status().is_success()
            {
                return node;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("byline serve did not start on {address}");
    }

    fn base(&self) -> String {
        format!("http://{}", self.address)
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
