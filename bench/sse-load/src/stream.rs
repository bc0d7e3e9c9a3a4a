//! One event-stream reader: opens `/news-feed/events`, reads frames, and notes when
//! each bench item arrives. Like a browser, it reconnects with `Last-Event-ID` if the
//! server ends the stream, so an item is only missing if the server never sends it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch};

use crate::http::{Chunked, Head, find};

/// The headline prefix of the items the publisher posts; `Bench item 7` is item 7.
pub const HEADLINE: &str = "Bench item ";

/// What every reader and the publisher share.
pub struct Shared {
    pub addr: String,
    /// The zero of every time stamp below.
    pub epoch: Instant,
    /// When item K's POST was about to be written, in ns after `epoch` (index K-1);
    /// 0 until then. Readers subtract it from their receive time.
    pub sent: Box<[AtomicU64]>,
    /// Deliveries so far, across readers: lets the main task stop waiting early.
    pub delivered: AtomicU64,
    /// Failed connection attempts (refused, reset) that were retried.
    pub connect_retries: AtomicU64,
}

impl Shared {
    pub fn new(addr: String, items: usize) -> Shared {
        Shared {
            addr,
            epoch: Instant::now(),
            sent: (0..items).map(|_| AtomicU64::new(0)).collect(),
            delivered: AtomicU64::new(0),
            connect_retries: AtomicU64::new(0),
        }
    }

    pub fn now_ns(&self) -> u64 {
        // Never 0, which means "not sent yet".
        (self.epoch.elapsed().as_nanos() as u64).max(1)
    }
}

/// What one reader saw, handed back when it is told to stop.
#[derive(Debug)]
pub struct Outcome {
    /// Latency per item in ns (index K-1); 0 if it never arrived.
    pub latency: Vec<u64>,
    pub duplicates: u64,
    /// Bench items seen before their send time was stamped: would mean the clock
    /// sharing is broken, so the report shows it.
    pub unstamped: u64,
    /// Times the server ended this stream and the reader had to reconnect.
    pub reconnects: u64,
    /// Why the reader gave up, if it did.
    pub error: Option<String>,
}

/// Reads one stream until `stop` turns true. Sends `Ok` on `ready` once the response
/// head and the `retry:` frame have arrived (the stream is live), or `Err` if it
/// never got that far.
pub async fn read_events(
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
    ready: mpsc::UnboundedSender<Result<(), String>>,
) -> Outcome {
    let mut reader = Reader {
        outcome: Outcome {
            latency: vec![0; shared.sent.len()],
            duplicates: 0,
            unstamped: 0,
            reconnects: 0,
            error: None,
        },
        last_id: None,
        ready: Some(ready),
        shared,
    };
    loop {
        let ended = tokio::select! {
            ended = reader.connect_and_read() => ended,
            _ = stop.changed() => break,
        };
        if let Some(ready) = reader.ready.take() {
            // Never became live: report it and stop, the ramp-up counts it as failed.
            let reason = match ended {
                Ok(()) => "the server ended the stream before it started".to_owned(),
                Err(error) => format!("{error:#}"),
            };
            let _ = ready.send(Err(reason.clone()));
            reader.outcome.error = Some(reason);
            break;
        }
        reader.outcome.reconnects += 1;
        if let Err(error) = ended {
            reader.outcome.error = Some(format!("{error:#}"));
        }
        // The server asks browsers to wait `retry: 3000` ms before reconnecting.
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(3000)) => {}
            _ = stop.changed() => break,
        }
    }
    reader.outcome
}

struct Reader {
    shared: Arc<Shared>,
    outcome: Outcome,
    last_id: Option<String>,
    ready: Option<mpsc::UnboundedSender<Result<(), String>>>,
}

impl Reader {
    /// One connection: returns when the server ends the stream.
    async fn connect_and_read(&mut self) -> anyhow::Result<()> {
        let mut socket = self.connect().await?;
        let resume = match &self.last_id {
            Some(id) => format!("Last-Event-ID: {id}\r\n"),
            None => String::new(),
        };
        let request = format!(
            "GET /news-feed/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n{resume}\r\n",
            self.shared.addr
        );
        socket.write_all(request.as_bytes()).await?;

        let mut buffer = vec![0u8; 4096];
        let mut raw = Vec::new();
        let head = loop {
            let read = socket
                .read(&mut buffer)
                .await
                .context("while reading the head")?;
            if read == 0 {
                bail!("the server closed before the response head");
            }
            raw.extend_from_slice(&buffer[..read]);
            if let Some(head) = Head::parse(&raw)? {
                break head;
            }
        };
        if head.status != 200 || head.header("content-type") != Some("text/event-stream") {
            bail!(
                "GET /news-feed/events answered {} {:?}",
                head.status,
                head.header("content-type")
            );
        }
        let mut chunked = head.chunked.then(Chunked::default);
        let mut events = Vec::new();
        let mut input = raw.split_off(head.len);
        loop {
            // One time stamp per read: every frame in it arrived at the same moment.
            let now = self.shared.now_ns();
            match &mut chunked {
                Some(chunked) => chunked.push(&input, &mut events)?,
                None => events.extend_from_slice(&input),
            }
            self.take_frames(&mut events, now);
            if chunked.as_ref().is_some_and(|c| c.done) {
                return Ok(());
            }
            let read = socket.read(&mut buffer).await?;
            if read == 0 {
                return Ok(());
            }
            input.clear();
            input.extend_from_slice(&buffer[..read]);
        }
    }

    /// Connects, retrying refusals for a while: with thousands of readers arriving
    /// at once the listen queue can overflow, and a browser would simply retry.
    async fn connect(&self) -> anyhow::Result<TcpStream> {
        let mut attempt = 0;
        loop {
            match TcpStream::connect(&self.shared.addr).await {
                Ok(socket) => return Ok(socket),
                // Not printed: thousands of readers would flood the terminal; the
                // number of retries is in the report.
                Err(_) if attempt < 20 => {
                    attempt += 1;
                    self.shared.connect_retries.fetch_add(1, Ordering::Relaxed);
                    // 50 ms, 100 ms, … up to 1 s.
                    tokio::time::sleep(Duration::from_millis((50 * attempt).min(1000))).await;
                }
                Err(error) => return Err(error).context("while connecting"),
            }
        }
    }

    /// Handles every complete frame (ended by a blank line) in `events`.
    fn take_frames(&mut self, events: &mut Vec<u8>, now: u64) {
        let mut start = 0;
        while let Some(end) = find(&events[start..], b"\n\n") {
            let frame = String::from_utf8_lossy(&events[start..start + end]).into_owned();
            self.frame(&frame, now);
            start += end + 2;
        }
        events.drain(..start);
    }

    fn frame(&mut self, frame: &str, now: u64) {
        for line in frame.lines() {
            if let Some(id) = line.strip_prefix("id:") {
                self.last_id = Some(id.trim().to_owned());
            } else if line.starts_with("retry:") {
                if let Some(ready) = self.ready.take() {
                    let _ = ready.send(Ok(()));
                }
            } else if let Some(data) = line.strip_prefix("data:") {
                self.data(data.trim_start(), now);
            }
        }
    }

    /// Notes the arrival of a published bench item. The JSON is searched, not
    /// parsed: this process shares the cores with the server, and 10,000 readers
    /// parsing every frame would take CPU from the server under test.
    fn data(&mut self, data: &str, now: u64) {
        if !data.contains(r#""kind":"published""#) {
            return;
        }
        let Some(item) = bench_item(data) else {
            return;
        };
        let Some(slot) = item
            .checked_sub(1)
            .filter(|i| *i < self.outcome.latency.len())
        else {
            return;
        };
        let sent = self.shared.sent[slot].load(Ordering::Acquire);
        if sent == 0 {
            self.outcome.unstamped += 1;
        } else if self.outcome.latency[slot] != 0 {
            self.outcome.duplicates += 1;
        } else {
            self.outcome.latency[slot] = now.saturating_sub(sent).max(1);
            self.shared.delivered.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// The K in the first `Bench item K` of an event's data.
fn bench_item(html: &str) -> Option<usize> {
    let after = &html[html.find(HEADLINE)? + HEADLINE.len()..];
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    after[..digits].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_item_number_is_read_from_the_headline() {
        assert_eq!(
            bench_item(r#"<li><h3><a href="/x">Bench item 12</a></h3></li>"#),
            Some(12)
        );
        assert_eq!(bench_item("<li>Bench item 1</li>"), Some(1));
        assert_eq!(bench_item("<li>Council votes</li>"), None);
    }
}
