//! `byline-sse-load`: opens thousands of `/news-feed/events` streams on one Byline
//! server, publishes items through the desk's News Feed composer, and reports how
//! long each item took to reach every reader, how the server answered other requests
//! meanwhile, and its memory. Run by `bench/sse.sh`; results in `docs/PERFORMANCE.md`.
//!
//! The readers and the publisher run in this one process and share one clock, so a
//! latency is simply "frame read" minus "POST about to be written".

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

use crate::desk::Desk;
use crate::http::{Request, send};
use crate::report::{Memory, Report, Spread};

const USAGE: &str = "\
usage: byline-sse-load --url http://127.0.0.1:PORT --email EMAIL --password PASSWORD
         [--clients 10000] [--items 40] [--interval-ms 250] [--server-pid PID]
         [--batch 500] [--probes 200]

Opens --clients event streams (--batch at a time), publishes --items News Feed items
through the desk (one every --interval-ms), and prints a Markdown report. Exits 1 if
any reader missed any item, 2 if the run could not be made.";

/// How long to wait for the last deliveries after the last item is published.
const STRAGGLERS: Duration = Duration::from_secs(5);

macro_rules! log {
    ($($arg:tt)*) => { eprintln!("sse-load: {}", format!($($arg)*)) };
}

struct Args {
    /// `host:port`, from `--url`.
    addr: String,
    clients: usize,
    items: usize,
    interval: Duration,
    email: String,
    password: String,
    server_pid: Option<u32>,
    batch: usize,
    probes: usize,
}

impl Args {
    fn parse(mut raw: impl Iterator<Item = String>) -> anyhow::Result<Args> {
        let mut args = Args {
            addr: String::new(),
            clients: 10_000,
            items: 40,
            interval: Duration::from_millis(250),
            email: String::new(),
            password: String::new(),
            server_pid: None,
            batch: 500,
            probes: 200,
        };
        while let Some(flag) = raw.next() {
            let mut value = || raw.next().with_context(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--url" => {
                    let url = value()?;
                    let Some(rest) = url.strip_prefix("http://") else {
                        bail!("--url must start with http:// (got {url:?})");
                    };
                    args.addr = rest.trim_end_matches('/').to_owned();
                }
                "--clients" => args.clients = value()?.parse().context("--clients")?,
                "--items" => args.items = value()?.parse().context("--items")?,
                "--interval-ms" => {
                    args.interval =
                        Duration::from_millis(value()?.parse().context("--interval-ms")?);
                }
                "--email" => args.email = value()?,
                "--password" => args.password = value()?,
                "--server-pid" => args.server_pid = Some(value()?.parse().context("--server-pid")?),
                "--batch" => args.batch = value()?.parse().context("--batch")?,
                "--probes" => args.probes = value()?.parse().context("--probes")?,
                "-h" | "--help" => bail!("{USAGE}"),
                other => bail!("unknown argument {other:?}\n{USAGE}"),
            }
        }
        ensure!(!args.addr.is_empty(), "--url is required\n{USAGE}");
        ensure!(
            !args.email.is_empty() && !args.password.is_empty(),
            "--email and --password are required\n{USAGE}"
        );
        ensure!(
            args.clients > 0 && args.items > 0 && args.batch > 0 && args.probes > 0,
            "counts must be above 0"
        );
        Ok(args)
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
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
    let opened = open_streams(&args, &shared, &stopped).await?;
    let gauge = wait_for_gauge(addr, opened.open).await?;
    let memory_idle = Memory::of(args.server_pid);
    let home_during = probe_home(addr, args.probes).await?;

    log!(
        "publishing {} items, one every {} ms",
        args.items,
        args.interval.as_millis()
    );
    let publish = publish_items(&desk, &shared, &args).await?;
    let expected = (args.clients * args.items) as u64;
    let deadline = Instant::now() + STRAGGLERS;
    while shared.delivered.load(Ordering::Relaxed) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let memory_after = Memory::of(args.server_pid);
    let lagged = match (
        lagged_before,
        metric(addr, "byline_news_feed_streams_lagged_total").await?,
    ) {
        (before, Some(after)) => Some(after - before.unwrap_or(0.0)),
        (_, None) => None,
    };

    // Stop the readers and gather what each saw.
    stop.send(true).context("while stopping the readers")?;
    let mut delivery = Vec::with_capacity(args.clients * args.items);
    let mut last_reader = vec![0u64; args.items];
    let (mut received, mut duplicates, mut unstamped, mut reconnects) = (0, 0, 0, 0);
    let mut first_failure = opened.first_failure;
    for reader in opened.readers {
        let outcome = reader.await.context("a reader task panicked")?;
        for (slot, &latency) in outcome.latency.iter().enumerate() {
            if latency > 0 {
                received += 1;
                delivery.push(latency);
                last_reader[slot] = last_reader[slot].max(latency);
            }
        }
        duplicates += outcome.duplicates;
        unstamped += outcome.unstamped;
        reconnects += outcome.reconnects;
        if first_failure.is_none() {
            first_failure = outcome.error;
        }
    }
    Ok(Report {
        clients: args.clients,
        items: args.items,
        interval: args.interval,
        streams_open: opened.open,
        streams_failed: opened.failed,
        first_failure,
        connecting: opened.took,
        connect_retries: shared.connect_retries.load(Ordering::Relaxed),
        gauge,
        expected,
        received,
        duplicates,
        unstamped,
        reconnects,
        lagged,
        delivery: Spread::of_nanos(delivery),
        last_reader: Spread::of_nanos(last_reader.into_iter().filter(|l| *l > 0).collect()),
        publish: Spread::of(&publish),
        home_before,
        home_during,
        memory_before,
        memory_idle,
        memory_after,
        load_tool: Memory::of_self(),
    })
}

struct Opened {
    readers: Vec<tokio::task::JoinHandle<stream::Outcome>>,
    open: usize,
    failed: usize,
    first_failure: Option<String>,
    took: Duration,
}

/// Starts the readers a batch at a time, each batch live before the next starts:
/// thousands of connections at once would overflow the listen queue (somaxconn)
/// and measure the kernel's SYN retries rather than the server.
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
