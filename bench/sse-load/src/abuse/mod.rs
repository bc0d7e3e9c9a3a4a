//! `byline-sse-load abuse`: ordinary readers measured alone, then again while other
//! clients hog News Feed streams from many addresses and post newsletter signups
//! with hostile return paths. Run by `bench/abuse.sh`.
//!
//! Every loop is bounded: the readers by the phase's time, each stream client by its
//! count (no retries), the signups by their count and a deadline, every request by a
//! timeout.

mod args;
mod readers;
mod report;
mod server;
mod signups;
mod streams;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};

use self::args::AbuseArgs;
use self::report::AbuseReport;
use crate::http::{Request, send};
use crate::report::{CpuClock, Memory};

/// How long after the readers' phase the signups may still be started.
const SIGNUP_GRACE: Duration = Duration::from_secs(60);

macro_rules! log {
    ($($arg:tt)*) => { eprintln!("sse-load abuse: {}", format!($($arg)*)) };
}

/// Exit codes: 0 all well, 1 a signup redirect left the site, 2 the run failed.
pub async fn main(raw: impl Iterator<Item = String>) -> ExitCode {
    let args = match AbuseArgs::parse(raw) {
        Ok(args) => args,
        Err(error) => {
            eprintln!("{error:#}");
            return ExitCode::from(2);
        }
    };
    match run(&args).await {
        Ok(report) => {
            print!("{}", report.to_markdown());
            if report.signups.left_site == 0 {
                ExitCode::SUCCESS
            } else {
                log!(
                    "{} signup redirects left the site",
                    report.signups.left_site
                );
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            log!("{error:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(args: &AbuseArgs) -> anyhow::Result<AbuseReport> {
    let addr = args.addr;
    let addr_text = addr.to_string();
    let pid = args.server_pid;
    let health = send(&addr_text, &Request::get("/healthz"), || {}).await?;
    ensure!(
        health.status == 200,
        "GET /healthz answered {}",
        health.status
    );
    let article = find_article(&addr_text, &args.article).await?;
    // Warm-up: both pages in the page cache before anything is timed.
    for path in ["/", article.as_str()] {
        let page = send(&addr_text, &Request::get(path), || {}).await?;
        ensure!(page.status == 200, "GET {path} answered {}", page.status);
    }
    let memory_before = Memory::of(pid);

    log!(
        "baseline: {} readers for {} s",
        args.readers,
        args.read_time.as_secs()
    );
    let sampler = server::Sampler::start(pid, None);
    let cpu = CpuClock::read(pid);
    let baseline = readers::read(addr, args.readers, &article, args.read_time).await;
    let baseline_cpu = CpuClock::read(pid).since(&cpu);
    let baseline_peak = sampler.finish(pid, None).await;

    log!(
        "under abuse: {} readers for {} s, {} × {} streams, {} signups",
        args.readers,
        args.read_time.as_secs(),
        args.stream_clients,
        args.streams_per_client,
        args.signups
    );
    let overflows_before = crate::listen_overflows();
    let cpu = CpuClock::read(pid);
    let hog = streams::start(addr, args.stream_clients, args.streams_per_client);
    let sampler = server::Sampler::start(pid, Some(hog.counters.clone()));
    let signing_up = tokio::spawn(signups::run(
        addr,
        args.signups,
        args.signup_concurrency,
        Instant::now() + args.read_time + SIGNUP_GRACE,
    ));
    let under = readers::read(addr, args.readers, &article, args.read_time).await;
    let abuse_cpu = CpuClock::read(pid).since(&cpu);
    if !signing_up.is_finished() {
        log!("the readers are done; waiting for the signups (streams still held)");
    }
    let signups = signing_up.await.context("the signup task panicked")?;
    log!(
        "holding {} streams; reading the server's counts",
        hog.holding()
    );
    let gauge = crate::metric(&addr_text, "byline_news_feed_streams").await?;
    let refused_total = crate::metric(&addr_text, "byline_news_feed_streams_refused_total").await?;
    let abuse_peak = sampler.finish(pid, Some(&hog.counters)).await;
    let streams = hog.stop(args.stream_clients, args.streams_per_client).await;
    let listen_overflows = crate::listen_overflows()
        .zip(overflows_before)
        .map(|(after, before)| after.saturating_sub(before));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let fds_after = server::open_fds(pid);
    let memory_end = Memory::of(pid);
    if pid.is_some() && memory_end.is_none() {
        bail!("the server process is gone");
    }
    Ok(AbuseReport {
        readers: args.readers,
        read_time: args.read_time,
        article,
        baseline,
        under,
        streams,
        signups_asked: args.signups,
        signup_concurrency: args.signup_concurrency,
        signups,
        baseline_peak,
        abuse_peak,
        fds_after,
        memory_before,
        memory_end,
        gauge,
        refused_total,
        listen_overflows,
        baseline_cpu,
        abuse_cpu,
        tool: Memory::of_self(),
    })
}

/// `asked` if it is a page, else the first article-like link on the home page.
async fn find_article(addr: &str, asked: &str) -> anyhow::Result<String> {
    let page = send(addr, &Request::get(asked), || {}).await?;
    if page.status == 200 {
        return Ok(asked.to_owned());
    }
    let home = send(addr, &Request::get("/"), || {}).await?;
    let found = home
        .body
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|href| {
            href.starts_with('/')
                && href.ends_with('/')
                && href.matches('/').count() == 2
                && href.contains('-')
        })
        .with_context(|| {
            format!(
                "GET {asked} answered {} and the home page links to no article",
                page.status
            )
        })?;
    log!(
        "GET {asked} answered {}; reading {found} instead",
        page.status
    );
    Ok(found.to_owned())
}
