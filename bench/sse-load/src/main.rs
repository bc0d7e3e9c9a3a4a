//! `byline-sse-load`: opens thousands of `/news-feed/events` streams on one Byline
//! server, publishes items through the desk's News Feed composer, and reports how
//! long each item took to reach every reader, how the server answered other requests
//! meanwhile, and its memory. Run by `bench/sse.sh`; results in `docs/PERFORMANCE.md`.
//!
//! The readers and the publisher run in this one process and share one clock, so a
//! latency is simply "frame read" minus "POST about to be written".
//!
//! `byline-sse-load abuse ...` is another benchmark: ordinary readers' latency alone
//! and while other clients hog streams and abuse the signup form (`abuse/`, run by
//! `bench/abuse.sh`).

mod abuse;
mod args;
mod desk;
mod http;
mod report;
mod stream;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use tokio::sync::{mpsc, watch};

use crate::args::Args;
use crate::desk::Desk;
use crate::http::{Request, send};
use crate::report::{CpuClock, Memory, Report, Spread};

/// How long to wait for the last deliveries after the last item is published.
const STRAGGLERS: Duration = Duration::from_secs(5);

macro_rules! log {
    ($($arg:tt)*) => { eprintln!("sse-load: {}", format!($($arg)*)) };
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut raw = std::env::args().skip(1).peekable();
    if raw.peek().is_some_and(|first| first == "abuse") {
        raw.next();
        return abuse::main(raw).await;
    }
    let args = match Args::parse(raw) {
        Ok(args) => args,
        Err(error) => {
            eprintln!("{error:#}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(report) => {
            print!("{}", report.to_markdown());
            if report.missing() == 0 {
                ExitCode::SUCCESS
            } else {
                log!("{} deliveries missing", report.missing());
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            log!("{error:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: Args) -> anyhow::Result<Report> {
    let addr = args.addr.as_str();
    let health = send(addr, &Request::get("/healthz"), || {}).await?;
    ensure!(
        health.status == 200,
        "GET /healthz answered {}",
        health.status
    );
    // Signing in first: a wrong password fails in a second, not after the ramp-up,
    // and the password hashing's memory is in the "before" figure, not the streams'.
    let desk = Desk::sign_in(addr, &args.email, &args.password).await?;
    let home_before = probe_home(addr, args.probes).await?;
    let memory_before = Memory::of(args.server_pid);
    let lagged_before = metric(addr, "byline_news_feed_streams_lagged_total").await?;

    let shared = Arc::new(stream::Shared::new(addr.to_owned(), args.items));
    let (stop, stopped) = watch::channel(false);
    let overflows_before = listen_overflows();
    let opened = open_streams(&args, &shared, &stopped).await?;
    let listen_overflows = listen_overflows()
        .zip(overflows_before)
        .map(|(after, before)| after - before);
    let gauge = wait_for_gauge(addr, opened.open).await?;
    if gauge != Some(opened.open as f64) {
        log!(
            "the server counts {gauge:?} open streams, this tool {}",
            opened.open
        );
    }
    let memory_idle = Memory::of(args.server_pid);
    let home_during = probe_home(addr, args.probes).await?;

    log!(
        "publishing {} items, one every {} ms",
        args.items,
        args.interval.as_millis()
    );
    let cpu_before = CpuClock::read(args.server_pid);
    let publish = publish_items(&desk, &shared, &args).await?;
    let expected = (args.clients * args.items) as u64;
    let deadline = Instant::now() + STRAGGLERS;
    while shared.delivered.load(Ordering::Relaxed) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let cpu = CpuClock::read(args.server_pid).since(&cpu_before);
    let memory_after = Memory::of(args.server_pid);
    let lagged = match (
        lagged_before,
        metric(addr, "byline_news_feed_streams_lagged_total").await?,
    ) {
        (before, Some(after)) => Some(after - before.unwrap_or(0.0)),
        (_, None) => None,
    };

    stop.send(true).context("while stopping the readers")?;
    let tally = Tally::gather(opened.readers, args.items).await?;
    Ok(Report {
        clients: args.clients,
        items: args.items,
        interval: args.interval,
        streams_open: opened.open,
        streams_failed: opened.failed,
        first_failure: opened.first_failure.or(tally.first_failure),
        connecting: opened.took,
        connect_retries: shared.connect_retries.load(Ordering::Relaxed),
        listen_overflows,
        cpu,
        gauge,
        expected,
        received: tally.delivery.len() as u64,
        duplicates: tally.duplicates,
        unstamped: tally.unstamped,
        reconnects: tally.reconnects,
        lagged,
        delivery: Spread::of_nanos(tally.delivery),
        last_reader: Spread::of_nanos(tally.last_reader.into_iter().filter(|l| *l > 0).collect()),
        publish: Spread::of(&publish),
        home_before,
        home_during,
        memory_before,
        memory_idle,
        memory_after,
        load_tool: Memory::of_self(),
    })
}

/// What all the readers saw, added up.
struct Tally {
    /// Every delivery's latency in ns.
    delivery: Vec<u64>,
    /// Per item, the latency of its slowest reader (0 if nobody got it).
    last_reader: Vec<u64>,
    duplicates: u64,
    unstamped: u64,
    reconnects: u64,
    first_failure: Option<String>,
}

impl Tally {
    /// Waits for every reader (already told to stop) and adds up their outcomes.
    async fn gather(
        readers: Vec<tokio::task::JoinHandle<stream::Outcome>>,
        items: usize,
    ) -> anyhow::Result<Tally> {
        let mut tally = Tally {
            delivery: Vec::with_capacity(readers.len() * items),
            last_reader: vec![0; items],
            duplicates: 0,
            unstamped: 0,
            reconnects: 0,
            first_failure: None,
        };
        for reader in readers {
            let outcome = reader.await.context("a reader task panicked")?;
            for (slot, &latency) in outcome.latency.iter().enumerate() {
                if latency > 0 {
                    tally.delivery.push(latency);
                    tally.last_reader[slot] = tally.last_reader[slot].max(latency);
                }
            }
            tally.duplicates += outcome.duplicates;
            tally.unstamped += outcome.unstamped;
            tally.reconnects += outcome.reconnects;
            if tally.first_failure.is_none() {
                tally.first_failure = outcome.error;
            }
        }
        Ok(tally)
    }
}

struct Opened {
    readers: Vec<tokio::task::JoinHandle<stream::Outcome>>,
    open: usize,
    failed: usize,
    first_failure: Option<String>,
    took: Duration,
}

/// Starts the readers a batch at a time, each batch live before the next starts:
/// thousands of connections at once would overflow the server's listen queue (its
/// backlog is 128, tokio's default) and measure the kernel's 1 s SYN retransmits
/// rather than the server.
async fn open_streams(
    args: &Args,
    shared: &Arc<stream::Shared>,
    stopped: &watch::Receiver<bool>,
) -> anyhow::Result<Opened> {
    let (ready, mut readiness) = mpsc::unbounded_channel();
    let started = Instant::now();
    let mut opened = Opened {
        readers: Vec::with_capacity(args.clients),
        open: 0,
        failed: 0,
        first_failure: None,
        took: Duration::ZERO,
    };
    while opened.readers.len() < args.clients {
        let batch = args.batch.min(args.clients - opened.readers.len());
        for _ in 0..batch {
            let reader = stream::read_events(shared.clone(), stopped.clone(), ready.clone());
            opened.readers.push(tokio::spawn(reader));
        }
        for _ in 0..batch {
            match tokio::time::timeout(Duration::from_secs(60), readiness.recv()).await {
                Ok(Some(Ok(()))) => opened.open += 1,
                Ok(Some(Err(reason))) => {
                    opened.failed += 1;
                    opened.first_failure.get_or_insert(reason);
                }
                Ok(None) => bail!("every reader stopped before its stream started"),
                Err(_) => bail!(
                    "streams stopped starting: {} live, {} failed after {:.1} s",
                    opened.open,
                    opened.failed,
                    started.elapsed().as_secs_f64()
                ),
            }
        }
        log!(
            "{} of {} streams live ({} failed)",
            opened.open,
            args.clients,
            opened.failed
        );
    }
    opened.took = started.elapsed();
    log!("connecting took {:.2} s", opened.took.as_secs_f64());
    Ok(opened)
}

/// Publishes items 1..=N, one per interval, and returns each POST's round trip.
async fn publish_items(
    desk: &Desk,
    shared: &stream::Shared,
    args: &Args,
) -> anyhow::Result<Vec<Duration>> {
    let mut round_trips = Vec::with_capacity(args.items);
    let mut tick = tokio::time::interval(args.interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    for item in 1..=args.items {
        tick.tick().await;
        let mut written = None;
        desk.publish(&format!("{}{item}", stream::HEADLINE), || {
            written = Some(Instant::now());
            // Release: a reader that sees the item also sees this stamp.
            shared.sent[item - 1].store(shared.now_ns(), Ordering::Release);
        })
        .await?;
        round_trips.push(written.map_or(Duration::ZERO, |at| at.elapsed()));
    }
    Ok(round_trips)
}

/// Times `count` sequential requests for the home page, each on a new connection,
/// after one warm-up request that fills the page cache.
async fn probe_home(addr: &str, count: usize) -> anyhow::Result<Spread> {
    send(addr, &Request::get("/"), || {}).await?;
    let mut times = Vec::with_capacity(count);
    for _ in 0..count {
        let started = Instant::now();
        let page = send(addr, &Request::get("/"), || {}).await?;
        ensure!(page.status == 200, "GET / answered {}", page.status);
        times.push(started.elapsed());
    }
    Ok(Spread::of(&times))
}

/// Polls the open-streams gauge until it shows `open` (for up to 5 s) and returns
/// its last value; a different value is reported, not an error.
async fn wait_for_gauge(addr: &str, open: usize) -> anyhow::Result<Option<f64>> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let gauge = metric(addr, "byline_news_feed_streams").await?;
        if gauge == Some(open as f64) || Instant::now() >= deadline {
            return Ok(gauge);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// One unlabelled value from `/metrics`, if the server exports it yet.
async fn metric(addr: &str, name: &str) -> anyhow::Result<Option<f64>> {
    let page = send(addr, &Request::get("/metrics"), || {}).await?;
    ensure!(page.status == 200, "GET /metrics answered {}", page.status);
    Ok(page.body.lines().find_map(|line| {
        let (key, value) = line.split_once(' ')?;
        (key == name).then(|| value.trim().parse().ok())?
    }))
}

/// The kernel's count of connections dropped because a listen queue was full
/// (`TcpExt: ListenOverflows`, all sockets on this machine). A dropped SYN is
/// retried by the client's kernel after 1 s, then 3 s: invisible to `connect()`,
/// but it shows in how long connecting takes.
fn listen_overflows() -> Option<u64> {
    let netstat = std::fs::read_to_string("/proc/net/netstat").ok()?;
    let mut lines = netstat.lines().filter(|line| line.starts_with("TcpExt:"));
    let (names, values) = (lines.next()?, lines.next()?);
    let index = names
        .split_whitespace()
        .position(|name| name == "ListenOverflows")?;
    values.split_whitespace().nth(index)?.parse().ok()
}
