//! The command line: flags with values, defaults for a 10,000-reader run.

use std::time::Duration;

use anyhow::{Context, bail, ensure};

pub const USAGE: &str = "\
usage: byline-sse-load --url http://127.0.0.1:PORT --email EMAIL --password PASSWORD
         [--clients 10000] [--items 40] [--interval-ms 250] [--server-pid PID]
         [--batch 100] [--probes 200]
       byline-sse-load abuse --help

Opens --clients event streams (--batch at a time), publishes --items News Feed items
through the desk (one every --interval-ms), and prints a Markdown report. Exits 1 if
any reader missed any item, 2 if the run could not be made.";

pub struct Args {
    /// `host:port`, from `--url`.
    pub addr: String,
    pub clients: usize,
    pub items: usize,
    pub interval: Duration,
    pub email: String,
    pub password: String,
    pub server_pid: Option<u32>,
    pub batch: usize,
    pub probes: usize,
}

impl Args {
    pub fn parse(mut raw: impl Iterator<Item = String>) -> anyhow::Result<Args> {
        let mut args = Args {
            addr: String::new(),
            clients: 10_000,
            items: 40,
            interval: Duration::from_millis(250),
            email: String::new(),
            password: String::new(),
            server_pid: None,
            batch: 100,
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
