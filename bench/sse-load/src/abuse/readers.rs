//! Ordinary readers: a few loops, each asking for the home page and one article in
//! turn, each request on a new connection from 127.0.0.1 (what a new visitor's
//! browser does first), timed from connecting to the last byte.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::http::{Request, send};
use crate::report::Spread;

/// One request longer than this counts as an error (and ends the wait for it).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What the readers saw in one phase.
#[derive(Debug, Default)]
pub struct Readers {
    /// Every answered request: (when it started, ns after the phase began; latency ns).
    pub samples: Vec<(u64, u64)>,
    /// Answers other than 200, by status.
    pub not_ok: BTreeMap<u16, u64>,
    pub errors: u64,
    pub first_error: Option<String>,
    /// From the phase's start until the last reader stopped.
    pub wall: Duration,
}

impl Readers {
    /// Latency of every answer that started at or after `from` ns into the phase.
    pub fn spread_from(&self, from: u64) -> Spread {
        Spread::of_nanos(
            self.samples
                .iter()
                .filter(|(start, _)| *start >= from)
                .map(|(_, latency)| *latency)
                .collect(),
        )
    }

    pub fn per_second(&self) -> f64 {
        self.samples.len() as f64 / self.wall.as_secs_f64().max(1e-9)
    }
}

/// Runs `count` reader loops for `time`, alternating `/` and `article`.
pub async fn read(addr: SocketAddr, count: usize, article: &str, time: Duration) -> Readers {
    let addr = addr.to_string();
    let started = Instant::now();
    let until = started + time;
    let loops: Vec<_> = (0..count)
        .map(|index| {
            let addr = addr.clone();
            let article = article.to_owned();
            tokio::spawn(async move { one_loop(&addr, &article, index, started, until).await })
        })
        .collect();
    let mut all = Readers::default();
    for handle in loops {
        let Ok(one) = handle.await else {
            all.errors += 1;
            all.first_error
                .get_or_insert_with(|| "a reader task panicked".to_owned());
            continue;
        };
        all.samples.extend(one.samples);
        for (status, n) in one.not_ok {
            *all.not_ok.entry(status).or_default() += n;
        }
        all.errors += one.errors;
        if all.first_error.is_none() {
            all.first_error = one.first_error;
        }
    }
    all.wall = started.elapsed();
    all
}

async fn one_loop(
    addr: &str,
    article: &str,
    index: usize,
    phase_start: Instant,
    until: Instant,
) -> Readers {
    let mut mine = Readers::default();
    // Half the loops start with the article, so both pages are asked for at once.
    let mut turn = index;
    while Instant::now() < until {
        let path = if turn.is_multiple_of(2) { "/" } else { article };
        turn += 1;
        let started = Instant::now();
        let answer =
            tokio::time::timeout(REQUEST_TIMEOUT, send(addr, &Request::get(path), || {})).await;
        let latency = started.elapsed();
        match answer {
            Ok(Ok(response)) => {
                let start = (started - phase_start).as_nanos() as u64;
                mine.samples
                    .push((start, (latency.as_nanos() as u64).max(1)));
                if response.status != 200 {
                    *mine.not_ok.entry(response.status).or_default() += 1;
                }
            }
            Ok(Err(error)) => {
                mine.errors += 1;
                mine.first_error
                    .get_or_insert_with(|| format!("GET {path}: {error:#}"));
                // Not a hot loop on a refused connection.
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            Err(_) => {
                mine.errors += 1;
                mine.first_error
                    .get_or_insert_with(|| format!("GET {path}: no answer in {REQUEST_TIMEOUT:?}"));
            }
        }
    }
    mine
}
