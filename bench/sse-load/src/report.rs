//! The figures and how they are printed: Markdown, so `bench/sse.sh` can paste the
//! report into `docs/PERFORMANCE.md` as it is.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// Percentiles of a set of durations (nearest rank).
#[derive(Debug, Clone, Copy, Default)]
pub struct Spread {
    pub count: usize,
    pub p50: Duration,
    pub p90: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Spread {
    pub fn of_nanos(mut values: Vec<u64>) -> Spread {
        values.sort_unstable();
        let rank = |q: f64| {
            let index = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1;
            Duration::from_nanos(values[index])
        };
        if values.is_empty() {
            return Spread::default();
        }
        Spread {
            count: values.len(),
            p50: rank(0.50),
            p90: rank(0.90),
            p99: rank(0.99),
            max: rank(1.0),
        }
    }

    pub fn of(values: &[Duration]) -> Spread {
        Spread::of_nanos(values.iter().map(|d| d.as_nanos() as u64).collect())
    }
}

/// A process's resident memory from `/proc/PID/status`, in KiB.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    pub rss_kib: u64,
    pub hwm_kib: u64,
}

impl Memory {
    /// `None` without a pid or if the process is gone (or not on Linux).
    pub fn of(pid: Option<u32>) -> Option<Memory> {
        let path = match pid {
            Some(pid) => format!("/proc/{pid}/status"),
            None => return None,
        };
        Memory::read(&path)
    }

    pub fn of_self() -> Option<Memory> {
        Memory::read("/proc/self/status")
    }

    fn read(path: &str) -> Option<Memory> {
        let status = std::fs::read_to_string(path).ok()?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))?
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .ok()
        };
        Some(Memory {
            rss_kib: field("VmRSS:")?,
            hwm_kib: field("VmHWM:")?,
        })
    }
}

/// CPU time used so far by the server, this tool and the whole machine (user +
/// system), read from `/proc`. Other work on the machine (a compiler, say) takes
/// cores from both processes, so the report shows it next to theirs.
#[derive(Debug, Clone, Copy)]
pub struct CpuClock {
    at: Instant,
    server: Option<Duration>,
    tool: Option<Duration>,
    machine: Option<Duration>,
}

impl CpuClock {
    pub fn read(server_pid: Option<u32>) -> CpuClock {
        CpuClock {
            at: Instant::now(),
            server: server_pid.and_then(|pid| process_cpu(&format!("/proc/{pid}/stat"))),
            tool: process_cpu("/proc/self/stat"),
            machine: machine_cpu(),
        }
    }

    /// What was used between `earlier` and this reading.
    pub fn since(&self, earlier: &CpuClock) -> Busy {
        let used = |now: Option<Duration>, then: Option<Duration>| Some(now?.saturating_sub(then?));
        Busy {
            wall: self.at - earlier.at,
            server: used(self.server, earlier.server),
            tool: used(self.tool, earlier.tool),
            machine: used(self.machine, earlier.machine),
        }
    }
}

/// Where the time went while items were published and delivered.
#[derive(Debug)]
pub struct Busy {
    pub wall: Duration,
    pub server: Option<Duration>,
    pub tool: Option<Duration>,
    /// Every core's busy time, these two processes included.
    pub machine: Option<Duration>,
}

/// Clock ticks are USER_HZ, which Linux fixes at 100 for user space.
fn ticks(count: u64) -> Duration {
    Duration::from_millis(count * 10)
}

/// utime + stime of a process, all threads, from its `stat` file.
fn process_cpu(path: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(path).ok()?;
    // After the command name (in parentheses, may hold spaces) come the state
    // (field 3) ... utime (field 14) and stime (field 15).
    let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(ticks(user + system))
}

/// All cores' busy time from the `cpu` line of `/proc/stat`: everything but idle
/// (4th) and iowait (5th).
fn machine_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().find(|line| line.starts_with("cpu "))?;
    let busy = line
        .split_whitespace()
        .skip(1)
        .take(8)
        .enumerate()
        .filter(|(index, _)| *index != 3 && *index != 4)
        .map(|(_, value)| value.parse::<u64>().ok())
        .sum::<Option<u64>>()?;
    Some(ticks(busy))
}

/// Everything the run measured.
#[derive(Debug)]
pub struct Report {
    pub clients: usize,
    pub items: usize,
    pub interval: Duration,
    pub streams_open: usize,
    pub streams_failed: usize,
    pub first_failure: Option<String>,
    pub connecting: Duration,
    pub connect_retries: u64,
    /// Connections the kernel dropped while the streams were opening (machine-wide).
    pub listen_overflows: Option<u64>,
    pub cpu: Busy,
    pub gauge: Option<f64>,
    pub expected: u64,
    pub received: u64,
    pub duplicates: u64,
    pub unstamped: u64,
    pub reconnects: u64,
    pub lagged: Option<f64>,
    pub delivery: Spread,
    /// Per item, the latency of the last reader to get it.
    pub last_reader: Spread,
    pub publish: Spread,
    pub home_before: Spread,
    pub home_during: Spread,
    pub memory_before: Option<Memory>,
    pub memory_idle: Option<Memory>,
    pub memory_after: Option<Memory>,
    pub load_tool: Option<Memory>,
}

impl Report {
    pub fn missing(&self) -> u64 {
        self.expected.saturating_sub(self.received)
    }

    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) -> std::fmt::Result {
        let target = if self.missing() == 0 && self.delivery.p99 < Duration::from_millis(200) {
            "met"
        } else {
            "**missed**"
        };
        writeln!(
            out,
            "{} event streams, {} items published one every {} ms: delivery p99 {} ms (target < 200 ms: {target})",
            self.clients,
            self.items,
            self.interval.as_millis(),
            ms(self.delivery.p99)
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "| latency | count | p50 ms | p90 ms | p99 ms | max ms |"
        )?;
        writeln!(out, "| --- | ---: | ---: | ---: | ---: | ---: |")?;
        let rows = [
            ("publish → reader (every delivery)", &self.delivery),
            ("publish → last reader, per item", &self.last_reader),
            ("publish POST round trip", &self.publish),
            ("`GET /` before the streams", &self.home_before),
            ("`GET /` with the streams open", &self.home_during),
        ];
        for (name, spread) in rows {
            writeln!(
                out,
                "| {name} | {} | {} | {} | {} | {} |",
                spread.count,
                ms(spread.p50),
                ms(spread.p90),
                ms(spread.p99),
                ms(spread.max)
            )?;
        }
        writeln!(out)?;
        writeln!(out, "| server memory | VmRSS MB | VmHWM MB |")?;
        writeln!(out, "| --- | ---: | ---: |")?;
        for (name, memory) in [
            ("before the streams", self.memory_before),
            ("streams open, idle", self.memory_idle),
            ("after publishing", self.memory_after),
        ] {
            match memory {
                Some(m) => writeln!(out, "| {name} | {} | {} |", mb(m.rss_kib), mb(m.hwm_kib))?,
                None => writeln!(out, "| {name} | n/a | n/a |")?,
            }
        }
        writeln!(out)?;
        writeln!(
            out,
            "- deliveries: {} expected ({} streams × {} items), {} received, {} missing, {} duplicates",
            self.expected,
            self.clients,
            self.items,
            self.received,
            self.missing(),
            self.duplicates
        )?;
        writeln!(
            out,
            "- streams: {} live after {:.2} s of connecting ({} failed, {} connection attempts retried); \
             server gauge `byline_news_feed_streams`: {}",
            self.streams_open,
            self.connecting.as_secs_f64(),
            self.streams_failed,
            self.connect_retries,
            self.gauge.map_or("n/a".to_owned(), |g| format!("{g}"))
        )?;
        if let Some(overflows) = self.listen_overflows {
            writeln!(
                out,
                "- SYNs dropped by a full listen queue while connecting (kernel `ListenOverflows`, \
                 whole machine; each one costs its reader a 1 s retransmit): {overflows}"
            )?;
        }
        if let Some(failure) = &self.first_failure {
            writeln!(out, "- first stream failure: {failure}")?;
        }
        writeln!(
            out,
            "- streams ended by the server during the run (readers reconnected): {}; \
             `byline_news_feed_streams_lagged_total` after the run: {}",
            self.reconnects,
            // The exporter lists a counter only once it has been incremented.
            self.lagged.map_or(
                "0 (not exported: no stream has lagged since start)".to_owned(),
                |g| format!("{g}")
            )
        )?;
        if self.unstamped > 0 {
            writeln!(
                out,
                "- items seen before their send time was stamped: {}",
                self.unstamped
            )?;
        }
        if let (Some(before), Some(idle)) = (self.memory_before, self.memory_idle) {
            let per_stream =
                (idle.rss_kib as f64 - before.rss_kib as f64) * 1024.0 / self.clients.max(1) as f64;
            writeln!(
                out,
                "- server memory per idle stream: {per_stream:.0} bytes ((VmRSS idle − VmRSS before) / {})",
                self.clients
            )?;
        }
        let seconds = |cpu: Option<Duration>| {
            cpu.map_or("n/a".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()))
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let others = self
            .cpu
            .machine
            .zip(self.cpu.server.zip(self.cpu.tool))
            .map(|(machine, (server, tool))| machine.saturating_sub(server + tool));
        writeln!(
            out,
            "- CPU time while publishing and delivering ({:.1} s wall × {cores} cores = {:.1} s): \
             server {}, load tool {}, other processes {}",
            self.cpu.wall.as_secs_f64(),
            self.cpu.wall.as_secs_f64() * cores as f64,
            seconds(self.cpu.server),
            seconds(self.cpu.tool),
            seconds(others)
        )?;
        if let Some(server) = self.cpu.server.filter(|_| self.received > 0) {
            writeln!(
                out,
                "- server CPU per delivered event: {:.1} µs (server CPU time while publishing / deliveries)",
                server.as_secs_f64() * 1e6 / self.received as f64
            )?;
        }
        if let Some(tool) = self.load_tool {
            writeln!(out, "- load tool's own peak RSS: {} MB", mb(tool.hwm_kib))?;
        }
        writeln!(
            out,
            "- `GET /` p50 with the streams open / before: {:.2}×",
            self.home_during.p50.as_secs_f64() / self.home_before.p50.as_secs_f64().max(1e-9)
        )?;
        Ok(())
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1000.0)
}

fn mb(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let spread = Spread::of_nanos((1..=100).collect());
        assert_eq!(spread.p50, Duration::from_nanos(50));
        assert_eq!(spread.p99, Duration::from_nanos(99));
        assert_eq!(spread.max, Duration::from_nanos(100));
        assert_eq!(Spread::of_nanos(vec![7]).p99, Duration::from_nanos(7));
        assert_eq!(Spread::of_nanos(Vec::new()).count, 0);
    }
}
