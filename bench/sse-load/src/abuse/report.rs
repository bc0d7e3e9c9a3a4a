//! The abuse run's figures as Markdown.

use std::fmt::Write as _;
use std::time::Duration;

use super::readers::Readers;
use super::server::Peak;
use super::signups::{HOSTILE, Signups};
use super::streams::{StreamTally, source};
use crate::report::{Busy, Memory, Spread};

/// The server's default cap, for the "expected" line (the run prints what happened).
const DEFAULT_CAP: usize = 64;

pub struct AbuseReport {
    pub readers: usize,
    pub read_time: Duration,
    pub article: String,
    pub baseline: Readers,
    pub under: Readers,
    pub streams: StreamTally,
    pub signups_asked: usize,
    pub signup_concurrency: usize,
    pub signups: Signups,
    pub baseline_peak: Peak,
    pub abuse_peak: Peak,
    pub fds_after: Option<u64>,
    pub memory_before: Option<Memory>,
    pub memory_end: Option<Memory>,
    pub gauge: Option<f64>,
    pub refused_total: Option<f64>,
    pub listen_overflows: Option<u64>,
    pub baseline_cpu: Busy,
    pub abuse_cpu: Busy,
    pub tool: Option<Memory>,
}

impl AbuseReport {
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.readers_part(&mut out);
        let _ = self.streams_part(&mut out);
        let _ = self.signups_part(&mut out);
        let _ = self.server_part(&mut out);
        out
    }

    fn readers_part(&self, out: &mut String) -> std::fmt::Result {
        writeln!(
            out,
            "### Ordinary readers: {} loops of `GET /` and `GET {}`, each request on a new \
             connection from 127.0.0.1, {} s per phase\n",
            self.readers,
            self.article,
            self.read_time.as_secs()
        )?;
        writeln!(
            out,
            "| phase | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | not 200 | errors |"
        )?;
        writeln!(
            out,
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        )?;
        let base = self.baseline.spread_from(0);
        let under = self.under.spread_from(0);
        row(
            out,
            "baseline (quiet)",
            Some(&self.baseline),
            &base,
            self.baseline.per_second(),
        )?;
        row(
            out,
            "under abuse",
            Some(&self.under),
            &under,
            self.under.per_second(),
        )?;
        if let Some(settled) = self.streams.settled.filter(|s| *s < self.read_time) {
            // Rate over the part of the phase after the streams settled.
            let after = self.under.spread_from(settled.as_nanos() as u64);
            let seconds = (self.under.wall.saturating_sub(settled))
                .as_secs_f64()
                .max(1e-9);
            row(
                out,
                &format!(
                    "under abuse, from {:.2} s (every stream attempt answered)",
                    settled.as_secs_f64()
                ),
                None,
                &after,
                after.count as f64 / seconds,
            )?;
        }
        let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
        writeln!(
            out,
            "| **under abuse ÷ baseline** | | {:.2}× | {:.2}× | {:.2}× | {:.2}× | {:.2}× | | |",
            self.under.per_second() / self.baseline.per_second().max(1e-9),
            ratio(under.p50, base.p50),
            ratio(under.p90, base.p90),
            ratio(under.p99, base.p99),
            ratio(under.max, base.max)
        )?;
        writeln!(out)?;
        for (name, phase) in [("baseline", &self.baseline), ("under abuse", &self.under)] {
            if !phase.not_ok.is_empty() {
                writeln!(out, "- {name}, answers other than 200: {:?}", phase.not_ok)?;
            }
            if let Some(error) = &phase.first_error {
                writeln!(out, "- {name}, first reader error: {error}")?;
            }
        }
        Ok(())
    }

    fn streams_part(&self, out: &mut String) -> std::fmt::Result {
        let s = &self.streams;
        writeln!(
            out,
            "\n### Streams: {} clients × {} concurrent `GET /news-feed/events`, each client from \
             its own address ({}–{})\n",
            s.clients,
            s.per_client,
            source(0),
            source(s.clients.saturating_sub(1))
        )?;
        writeln!(out, "| outcome | count |")?;
        writeln!(out, "| --- | ---: |")?;
        writeln!(
            out,
            "| 200, held until the phase ended | {} |",
            s.held - s.ended_early
        )?;
        writeln!(
            out,
            "| 200, ended by the server before that | {} |",
            s.ended_early
        )?;
        writeln!(
            out,
            "| 429 Too Many Requests (of them with `Retry-After: 60`: {}) | {} |",
            s.retry_after_60, s.refused
        )?;
        writeln!(out, "| other status | {} |", s.other_status)?;
        writeln!(out, "| error (connect, reset, bad answer) | {} |", s.errors)?;
        writeln!(
            out,
            "| no answer yet when the phase ended | {} |",
            s.unresolved
        )?;
        writeln!(out, "| attempts | {} |", s.attempts)?;
        writeln!(out)?;
        let expected_held = s.clients * s.per_client.min(DEFAULT_CAP);
        writeln!(
            out,
            "- with the server's default cap of {DEFAULT_CAP} streams per address: {expected_held} \
             held and {} refused expected; this run: {} held, {} refused",
            s.clients * s.per_client - expected_held,
            s.held,
            s.refused
        )?;
        match s.settled {
            Some(at) => writeln!(
                out,
                "- every attempt had its answer {:.2} s after the clients started",
                at.as_secs_f64()
            )?,
            None => writeln!(out, "- {} attempts never had an answer", s.unresolved)?,
        }
        writeln!(
            out,
            "- the server's own count at the end of the phase: `byline_news_feed_streams` {}, \
             `byline_news_feed_streams_refused_total` {}",
            number(self.gauge),
            self.refused_total
                .map_or("0 (not exported: none refused)".to_owned(), |n| format!(
                    "{n}"
                ))
        )?;
        if let Some(overflows) = self.listen_overflows {
            writeln!(
                out,
                "- SYNs dropped by a full listen queue during the abuse phase (kernel \
                 `ListenOverflows`, whole machine): {overflows}"
            )?;
        }
        if let Some(error) = &s.first_error {
            writeln!(out, "- first stream error: {error}")?;
        }
        if let Some(other) = &s.first_other {
            writeln!(out, "- first other status: {other}")?;
        }
        if s.stuck > 0 {
            writeln!(
                out,
                "- stream tasks still running 10 s after being stopped: {}",
                s.stuck
            )?;
        }
        Ok(())
    }

    fn signups_part(&self, out: &mut String) -> std::fmt::Result {
        let g = &self.signups;
        writeln!(
            out,
            "\n### Signups: {} `POST /newsletters/subscribe`, {} at a time, `return` cycling \
             through {} hostile values, every address different\n",
            self.signups_asked,
            self.signup_concurrency,
            HOSTILE.len()
        )?;
        writeln!(out, "| answer | count |")?;
        writeln!(out, "| --- | ---: |")?;
        for (status, n) in &g.statuses {
            writeln!(out, "| {status} | {n} |")?;
        }
        writeln!(out, "| error | {} |", g.errors)?;
        if g.skipped > 0 {
            writeln!(out, "| not sent (time ran out) | {} |", g.skipped)?;
        }
        writeln!(out)?;
        let with_location: u64 = g.locations.values().sum();
        writeln!(
            out,
            "- redirects that left the site: **{}** of {with_location} answers with a `Location` \
             (must be 0); redirects without a `Location`: {}",
            g.left_site, g.no_location
        )?;
        let paths: Vec<String> = g
            .locations
            .iter()
            .map(|(path, n)| format!("`{path}` ×{n}"))
            .collect();
        writeln!(out, "- `Location` paths (before `#`): {}", paths.join(", "))?;
        for (hostile, location) in &g.left_examples {
            writeln!(
                out,
                "- left the site: `return` {hostile} → `Location` {location}"
            )?;
        }
        writeln!(
            out,
            "- {} sent in {:.2} s ({:.0}/s); latency p50 {} ms, p99 {} ms, max {} ms",
            g.sent,
            g.took.as_secs_f64(),
            g.sent as f64 / g.took.as_secs_f64().max(1e-9),
            ms(g.latency.p50),
            ms(g.latency.p99),
            ms(g.latency.max)
        )?;
        if let Some(error) = &g.first_error {
            writeln!(out, "- first signup error: {error}")?;
        }
        Ok(())
    }

    fn server_part(&self, out: &mut String) -> std::fmt::Result {
        writeln!(out, "\n### The server\n")?;
        writeln!(out, "| | baseline (quiet) | under abuse |")?;
        writeln!(out, "| --- | ---: | ---: |")?;
        writeln!(
            out,
            "| open file descriptors, peak of {} + {} samples | {} | {} (holding {} streams) |",
            self.baseline_peak.samples,
            self.abuse_peak.samples,
            number(self.baseline_peak.fds),
            number(self.abuse_peak.fds),
            self.abuse_peak.holding_at_peak_fds
        )?;
        writeln!(
            out,
            "| open file descriptors at the end of the phase | {} | {} (holding {} streams) |",
            number(self.baseline_peak.last_fds),
            number(self.abuse_peak.last_fds),
            self.abuse_peak.holding_at_last
        )?;
        writeln!(
            out,
            "| VmRSS MB, peak of the samples | {} | {} |",
            mb(self.baseline_peak.rss_kib),
            mb(self.abuse_peak.rss_kib)
        )?;
        let cpu = |busy: &Busy, pick: fn(&Busy) -> Option<Duration>| {
            pick(busy).map_or("n/a".to_owned(), |d| format!("{:.1}", d.as_secs_f64()))
        };
        let others = |busy: &Busy| {
            busy.machine
                .zip(busy.server.zip(busy.tool))
                .map(|(machine, (server, tool))| machine.saturating_sub(server + tool))
        };
        writeln!(
            out,
            "| wall time of the phase, s | {:.1} | {:.1} |",
            self.baseline_cpu.wall.as_secs_f64(),
            self.abuse_cpu.wall.as_secs_f64()
        )?;
        writeln!(
            out,
            "| CPU s: server | {} | {} |",
            cpu(&self.baseline_cpu, |b| b.server),
            cpu(&self.abuse_cpu, |b| b.server)
        )?;
        writeln!(
            out,
            "| CPU s: load tool (readers and abusers) | {} | {} |",
            cpu(&self.baseline_cpu, |b| b.tool),
            cpu(&self.abuse_cpu, |b| b.tool)
        )?;
        writeln!(
            out,
            "| CPU s: other processes | {} | {} |",
            others(&self.baseline_cpu)
                .map_or("n/a".to_owned(), |d| format!("{:.1}", d.as_secs_f64())),
            others(&self.abuse_cpu).map_or("n/a".to_owned(), |d| format!("{:.1}", d.as_secs_f64()))
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "- server peak RSS (VmHWM) at the end of the run: {} MB; VmRSS before the baseline: {} MB",
            mb(self.memory_end.map(|m| m.hwm_kib)),
            mb(self.memory_before.map(|m| m.rss_kib))
        )?;
        writeln!(
            out,
            "- server's open file descriptors 1 s after the streams were closed: {}",
            number(self.fds_after)
        )?;
        if let Some(tool) = self.tool {
            writeln!(
                out,
                "- load tool's own peak RSS: {} MB",
                mb(Some(tool.hwm_kib))
            )?;
        }
        Ok(())
    }
}

fn row(
    out: &mut String,
    name: &str,
    phase: Option<&Readers>,
    spread: &Spread,
    per_second: f64,
) -> std::fmt::Result {
    // Answers and errors are counted per phase, not per part of one.
    let (not_ok, errors) = phase.map_or(("–".to_owned(), "–".to_owned()), |p| {
        (
            p.not_ok.values().sum::<u64>().to_string(),
            p.errors.to_string(),
        )
    });
    writeln!(
        out,
        "| {name} | {} | {per_second:.0} | {} | {} | {} | {} | {not_ok} | {errors} |",
        spread.count,
        ms(spread.p50),
        ms(spread.p90),
        ms(spread.p99),
        ms(spread.max),
    )
}

fn ms(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1000.0)
}

fn mb(kib: Option<u64>) -> String {
    kib.map_or("n/a".to_owned(), |k| format!("{:.1}", k as f64 / 1024.0))
}

fn number(value: Option<impl std::fmt::Display>) -> String {
    value.map_or("n/a".to_owned(), |v| v.to_string())
}
