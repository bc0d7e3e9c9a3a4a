//! Signup abuse: newsletter signups with return paths that try to send the browser
//! somewhere else, each answer's `Location` checked byte by byte. The response is
//! read raw, not through `http::Head`, so a header that is not even UTF-8 is still
//! judged rather than lost as an error.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::http::{find, form};
use crate::report::Spread;

/// Ways to write "somewhere else" that browsers accept, sent as `return`.
pub const HOSTILE: [&str; 12] = [
    "/\t/evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https://evil.example/",
    // Literally, percent signs and all; and the same decoded.
    "/%0d%0a//evil.example",
    "/\r\n//evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "\\/evil.example/",
    "http:evil.example",
    "/ /evil.example/",
    "/\u{0}/evil.example/",
];

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Default)]
pub struct Signups {
    pub sent: usize,
    pub statuses: BTreeMap<u16, u64>,
    pub errors: u64,
    pub first_error: Option<String>,
    /// Answers with a `Location` a browser would follow off the site.
    pub left_site: u64,
    /// The first few of those: (return sent, Location received).
    pub left_examples: Vec<(String, String)>,
    /// Redirects without a `Location`.
    pub no_location: u64,
    /// Each `Location`'s path (before any `#`), shown with `{:?}`, and how often.
    pub locations: BTreeMap<String, u64>,
    pub latency: Spread,
    pub took: Duration,
    /// Signups not sent because the deadline came first.
    pub skipped: usize,
}

/// Posts `count` signups, `concurrency` at a time, none started after `deadline`.
pub async fn run(addr: SocketAddr, count: usize, concurrency: usize, deadline: Instant) -> Signups {
    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..concurrency.min(count.max(1)))
        .map(|_| {
            let next = next.clone();
            tokio::spawn(async move {
                let mut mine = (Signups::default(), Vec::new());
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= count || Instant::now() >= deadline {
                        break;
                    }
                    one(addr, n, &mut mine.0, &mut mine.1).await;
                }
                mine
            })
        })
        .collect();
    let mut all = Signups::default();
    let mut latencies = Vec::new();
    for worker in workers {
        let Ok((one, times)) = worker.await else {
            all.errors += 1;
            continue;
        };
        all.sent += one.sent;
        for (status, n) in one.statuses {
            *all.statuses.entry(status).or_default() += n;
        }
        for (location, n) in one.locations {
            *all.locations.entry(location).or_default() += n;
        }
        all.errors += one.errors;
        all.left_site += one.left_site;
        all.no_location += one.no_location;
        if all.first_error.is_none() {
            all.first_error = one.first_error;
        }
        all.left_examples.extend(one.left_examples);
        latencies.extend(times);
    }
    all.left_examples.truncate(5);
    all.latency = Spread::of(&latencies);
    all.took = started.elapsed();
    all.skipped = count.saturating_sub(all.sent);
    all
}

async fn one(addr: SocketAddr, n: usize, tally: &mut Signups, times: &mut Vec<Duration>) {
    let hostile = HOSTILE[n % HOSTILE.len()];
    let email = format!("abuse{n}@example.org");
    let body = form(&[
        ("email", &email),
        ("newsletter", "daily-briefing"),
        ("return", hostile),
    ]);
    tally.sent += 1;
    let started = Instant::now();
    let answer = match tokio::time::timeout(REQUEST_TIMEOUT, post(addr, &body)).await {
        Ok(Ok(raw)) => raw,
        Ok(Err(error)) => {
            tally.errors += 1;
            tally
                .first_error
                .get_or_insert_with(|| format!("{error:#}"));
            return;
        }
        Err(_) => {
            tally.errors += 1;
            tally
                .first_error
                .get_or_insert_with(|| format!("no answer in {REQUEST_TIMEOUT:?}"));
            return;
        }
    };
    times.push(started.elapsed());
    let (status, location) = match status_and_location(&answer) {
        Ok(found) => found,
        Err(error) => {
            tally.errors += 1;
            tally
                .first_error
                .get_or_insert_with(|| format!("{error:#}"));
            return;
        }
    };
    *tally.statuses.entry(status).or_default() += 1;
    match location {
        Some(location) => {
            let shown = String::from_utf8_lossy(&location).into_owned();
            let path = shown.split('#').next().unwrap_or_default();
            *tally.locations.entry(format!("{path:?}")).or_default() += 1;
            if !stays_on_site(&location) {
                tally.left_site += 1;
                if tally.left_examples.len() < 5 {
                    tally
                        .left_examples
                        .push((format!("{hostile:?}"), format!("{shown:?}")));
                }
            }
        }
        None if (300..400).contains(&status) => tally.no_location += 1,
        None => {}
    }
}

/// One POST on a new connection; the whole answer, raw.
async fn post(addr: SocketAddr, body: &str) -> anyhow::Result<Vec<u8>> {
    let request = format!(
        "POST /newsletters/subscribe HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: byline-sse-load abuse\r\n\
         Connection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut socket = TcpStream::connect(addr).await.context("while connecting")?;
    socket.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    socket
        .read_to_end(&mut raw)
        .await
        .context("while reading the answer")?;
    Ok(raw)
}

/// The status and the (first) `Location` value, optional whitespace trimmed the way
/// an HTTP parser trims it, bytes as they came.
pub fn status_and_location(raw: &[u8]) -> anyhow::Result<(u16, Option<Vec<u8>>)> {
    let Some(end) = find(raw, b"\r\n\r\n") else {
        bail!("the server closed before a whole response head");
    };
    let mut lines = raw[..end].split(|b| *b == b'\n');
    let status_line = lines.next().unwrap_or_default();
    let status = String::from_utf8_lossy(status_line)
        .split(' ')
        .nth(1)
        .and_then(|code| code.trim().parse().ok())
        .with_context(|| {
            format!(
                "not a status line: {:?}",
                String::from_utf8_lossy(status_line)
            )
        })?;
    let location = lines.find_map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let colon = line.iter().position(|b| *b == b':')?;
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        name.eq_ignore_ascii_case(b"location")
            .then(|| value.trim_ascii_start().trim_ascii_end().to_vec())
    });
    Ok((status, location))
}

/// A `Location` a browser resolves on this site: a path from the root (one `/`, not
/// `//` or `/\`, which browsers read as another host) of visible ASCII only (a tab
/// or newline is dropped by browsers, turning `/<TAB>/evil` into `//evil`).
pub fn stays_on_site(location: &[u8]) -> bool {
    location.starts_with(b"/")
        && !location.starts_with(b"//")
        && !location.starts_with(b"/\\")
        && location.iter().all(u8::is_ascii_graphic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_stay_on_the_site() {
        assert!(stays_on_site(b"/"));
        assert!(stays_on_site(b"/#signup-inline-daily-briefing"));
        assert!(stays_on_site(b"/newsletters/?x=1"));
        for off in [
            &b"//evil.example/"[..],
            b"/\\evil.example/",
            b"/\t/evil.example/",
            b"https://evil.example/",
            b"javascript:alert(1)",
            b"",
            b"/caf\xc3\xa9",
        ] {
            assert!(!stays_on_site(off), "{:?}", String::from_utf8_lossy(off));
        }
    }

    #[test]
    fn the_location_is_read_raw_and_trimmed() {
        let raw = b"HTTP/1.1 303 See Other\r\ncontent-length: 0\r\nLOCATION:  /\t/x \r\n\r\n";
        let (status, location) = status_and_location(raw).unwrap();
        assert_eq!(status, 303);
        assert_eq!(location.as_deref(), Some(&b"/\t/x"[..]));
        let (status, location) = status_and_location(b"HTTP/1.1 200 OK\r\n\r\nbody").unwrap();
        assert_eq!((status, location), (200, None));
        assert!(status_and_location(b"HTTP/1.1 303 See").is_err());
    }
}
