//! The `abuse` subcommand's command line.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, bail, ensure};

pub const USAGE: &str = "\
usage: byline-sse-load abuse --url http://127.0.0.1:PORT [--server-pid PID]
         [--readers 8] [--read-seconds 10] [--article /merrow-river-flood-crest/]
         [--stream-clients 50] [--streams-per-client 200] [--signups 1000]
         [--signup-concurrency 16]

Ordinary readers (--readers loops of GET / and GET --article, from 127.0.0.1) for
--read-seconds alone, then for as long again while --stream-clients clients, each
from its own address 127.0.0.(10+i), open --streams-per-client News Feed streams at
once and hold them, and --signups newsletter signups with hostile return paths are
posted. Prints a Markdown report. Exits 1 if a signup redirect left the site, 2 if
the run could not be made.";

pub struct AbuseArgs {
    /// The server's address: a loopback address, since the stream clients bind
    /// loopback source addresses.
    pub addr: SocketAddr,
    pub server_pid: Option<u32>,
    pub readers: usize,
    pub read_time: Duration,
    pub article: String,
    pub stream_clients: usize,
    pub streams_per_client: usize,
    pub signups: usize,
    pub signup_concurrency: usize,
}

impl AbuseArgs {
    pub fn parse(mut raw: impl Iterator<Item = String>) -> anyhow::Result<AbuseArgs> {
        let mut addr = None;
        let mut args = AbuseArgs {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            server_pid: None,
            readers: 8,
            read_time: Duration::from_secs(10),
            article: "/merrow-river-flood-crest/".to_owned(),
            stream_clients: 50,
            streams_per_client: 200,
            signups: 1000,
            signup_concurrency: 16,
        };
        while let Some(flag) = raw.next() {
            let mut value = || raw.next().with_context(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--url" => {
                    let url = value()?;
                    let Some(rest) = url.strip_prefix("http://") else {
                        bail!("--url must start with http:// (got {url:?})");
                    };
                    let rest = rest.trim_end_matches('/');
                    addr = Some(rest.parse::<SocketAddr>().with_context(|| {
                        format!("--url needs an IP address and port: {rest:?}")
                    })?);
                }
                "--server-pid" => args.server_pid = Some(value()?.parse().context("--server-pid")?),
                "--readers" => args.readers = value()?.parse().context("--readers")?,
                "--read-seconds" => {
                    args.read_time =
                        Duration::from_secs(value()?.parse().context("--read-seconds")?);
                }
                "--article" => args.article = value()?,
                "--stream-clients" => {
                    args.stream_clients = value()?.parse().context("--stream-clients")?;
                }
                "--streams-per-client" => {
                    args.streams_per_client = value()?.parse().context("--streams-per-client")?;
                }
                "--signups" => args.signups = value()?.parse().context("--signups")?,
                "--signup-concurrency" => {
                    args.signup_concurrency = value()?.parse().context("--signup-concurrency")?;
                }
                "-h" | "--help" => bail!("{USAGE}"),
                other => bail!("unknown argument {other:?}\n{USAGE}"),
            }
        }
        args.addr = addr.with_context(|| format!("--url is required\n{USAGE}"))?;
        ensure!(
            args.addr.ip().is_loopback() && args.addr.is_ipv4(),
            "--url must be an IPv4 loopback address (the stream clients bind 127.0.0.x)"
        );
        ensure!(
            args.stream_clients <= 240,
            "--stream-clients at most 240 (source addresses 127.0.0.10 to 127.0.0.249)"
        );
        ensure!(
            args.readers > 0 && args.signup_concurrency > 0 && !args.read_time.is_zero(),
            "--readers, --signup-concurrency and --read-seconds must be above 0"
        );
        ensure!(args.article.starts_with('/'), "--article must be a path");
        Ok(args)
    }
}
