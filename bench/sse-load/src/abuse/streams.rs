//! The stream hog: many clients, each from its own loopback address, each opening
//! many News Feed streams at once and holding every one the server accepts until
//! told to stop. No retries: an abuser that is refused simply has fewer streams.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::http::Head;

/// How long the stopped tasks get to finish before they are counted as stuck.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// Counts shared by every stream task.
#[derive(Debug, Default)]
pub struct Counters {
    /// Answered 200: a live stream, held.
    pub held: AtomicU64,
    /// Of the held ones, streams the server ended before the phase did.
    pub ended_early: AtomicU64,
    pub refused: AtomicU64,
    /// Of the 429s, those with `Retry-After: 60`.
    pub retry_after_60: AtomicU64,
    pub other_status: AtomicU64,
    pub errors: AtomicU64,
    /// Attempts with an outcome (any of the above), and when the last one came,
    /// in ns after the stream clients started.
    pub resolved: AtomicU64,
    pub last_resolved_ns: AtomicU64,
    pub first_error: std::sync::Mutex<Option<String>>,
    pub first_other: std::sync::Mutex<Option<String>>,
}

/// The running stream clients.
pub struct Hog {
    pub counters: Arc<Counters>,
    pub attempts: u64,
    tasks: Vec<JoinHandle<()>>,
    stop: watch::Sender<bool>,
}

/// What happened, once the tasks have stopped.
#[derive(Debug)]
pub struct StreamTally {
    pub clients: usize,
    pub per_client: usize,
    pub attempts: u64,
    pub held: u64,
    pub ended_early: u64,
    pub refused: u64,
    pub retry_after_60: u64,
    pub other_status: u64,
    pub errors: u64,
    /// No answer yet when the phase ended (still connecting or waiting for a head).
    pub unresolved: u64,
    /// When every attempt had its answer, after the clients started; `None` if some
    /// never had one.
    pub settled: Option<Duration>,
    pub first_error: Option<String>,
    pub first_other: Option<String>,
    /// Tasks that had not stopped `STOP_GRACE` after being told to.
    pub stuck: usize,
}

/// The source address of client `index`: 127.0.0.(10 + index).
pub fn source(index: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, 10 + index as u8))
}

/// Starts `clients × per_client` stream attempts at once.
pub fn start(addr: SocketAddr, clients: usize, per_client: usize) -> Hog {
    let counters = Arc::new(Counters::default());
    let (stop, stopped) = watch::channel(false);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(clients * per_client);
    for client in 0..clients {
        for _ in 0..per_client {
            let counters = counters.clone();
            let stopped = stopped.clone();
            tasks.push(tokio::spawn(hold_one(
                addr,
                source(client),
                counters,
                stopped,
                started,
            )));
        }
    }
    Hog {
        counters,
        attempts: (clients * per_client) as u64,
        tasks,
        stop,
    }
}

impl Hog {
    /// Streams held right now.
    pub fn holding(&self) -> u64 {
        let c = &self.counters;
        c.held.load(Ordering::Relaxed) - c.ended_early.load(Ordering::Relaxed)
    }

    /// Closes every stream and waits (bounded) for the tasks.
    pub async fn stop(self, clients: usize, per_client: usize) -> StreamTally {
        let _ = self.stop.send(true);
        let deadline = tokio::time::Instant::now() + STOP_GRACE;
        let mut stuck = 0;
        for task in self.tasks {
            if tokio::time::timeout_at(deadline, task).await.is_err() {
                stuck += 1;
            }
        }
        let c = &self.counters;
        let load = |n: &AtomicU64| n.load(Ordering::Relaxed);
        let resolved = load(&c.resolved);
        StreamTally {
            clients,
            per_client,
            attempts: self.attempts,
            held: load(&c.held),
            ended_early: load(&c.ended_early),
            refused: load(&c.refused),
            retry_after_60: load(&c.retry_after_60),
            other_status: load(&c.other_status),
            errors: load(&c.errors),
            unresolved: self.attempts.saturating_sub(resolved),
            settled: (resolved == self.attempts)
                .then(|| Duration::from_nanos(load(&c.last_resolved_ns))),
            first_error: c.first_error.lock().expect("lock").clone(),
            first_other: c.first_other.lock().expect("lock").clone(),
            stuck,
        }
    }
}

/// What the server first answered.
enum Answer {
    Stream(TcpStream),
    Refused { retry_after_60: bool },
    Other(String),
}

async fn hold_one(
    addr: SocketAddr,
    source: IpAddr,
    counters: Arc<Counters>,
    mut stopped: watch::Receiver<bool>,
    started: Instant,
) {
    let answer = tokio::select! {
        answer = open(addr, source) => answer,
        _ = stopped.changed() => return,
    };
    let resolved = |counter: &AtomicU64| {
        counter.fetch_add(1, Ordering::Relaxed);
        counters.resolved.fetch_add(1, Ordering::Relaxed);
        let at = started.elapsed().as_nanos() as u64;
        counters.last_resolved_ns.fetch_max(at, Ordering::Relaxed);
    };
    match answer {
        Ok(Answer::Stream(mut socket)) => {
            resolved(&counters.held);
            // Read and drop whatever comes (keep-alive comments, events) until told
            // to stop; the server ending the stream first is noted.
            let mut buffer = [0u8; 1024];
            let ended = tokio::select! {
                _ = async {
                    while let Ok(read) = socket.read(&mut buffer).await {
                        if read == 0 {
                            break;
                        }
                    }
                } => true,
                _ = stopped.changed() => false,
            };
            if ended {
                counters.ended_early.fetch_add(1, Ordering::Relaxed);
            }
        }
        Ok(Answer::Refused { retry_after_60 }) => {
            if retry_after_60 {
                counters.retry_after_60.fetch_add(1, Ordering::Relaxed);
            }
            resolved(&counters.refused);
        }
        Ok(Answer::Other(what)) => {
            counters
                .first_other
                .lock()
                .expect("lock")
                .get_or_insert(what);
            resolved(&counters.other_status);
        }
        Err(error) => {
            counters
                .first_error
                .lock()
                .expect("lock")
                .get_or_insert_with(|| format!("{error:#}"));
            resolved(&counters.errors);
        }
    }
}

/// Connects from `source`, asks for the stream and reads the response head.
async fn open(addr: SocketAddr, source: IpAddr) -> anyhow::Result<Answer> {
    let socket = TcpSocket::new_v4().context("while making a socket")?;
    socket
        .bind(SocketAddr::new(source, 0))
        .with_context(|| format!("while binding {source}"))?;
    let mut stream = socket
        .connect(addr)
        .await
        .with_context(|| format!("while connecting from {source}"))?;
    let request = format!(
        "GET /news-feed/events HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: byline-sse-load abuse\r\n\
         Accept: text/event-stream\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    let mut buffer = [0u8; 2048];
    let head = loop {
        let read = stream
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
        if raw.len() > 64 * 1024 {
            bail!("a response head over 64 KiB");
        }
    };
    Ok(match head.status {
        200 => Answer::Stream(stream),
        429 => Answer::Refused {
            retry_after_60: head.header("retry-after") == Some("60"),
        },
        status => Answer::Other(format!(
            "{status} {:?}",
            head.header("content-type").unwrap_or_default()
        )),
    })
}
