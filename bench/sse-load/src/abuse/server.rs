//! The server process seen from `/proc`: open file descriptors and resident memory,
//! sampled through a phase so the report can give the peak.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::streams::Counters;
use crate::report::Memory;

const EVERY: Duration = Duration::from_millis(200);

/// The server's open file descriptors (`/proc/PID/fd` entries).
pub fn open_fds(pid: Option<u32>) -> Option<u64> {
    let entries = std::fs::read_dir(format!("/proc/{}/fd", pid?)).ok()?;
    Some(entries.count() as u64)
}

/// The highest readings of one phase.
#[derive(Debug, Default, Clone, Copy)]
pub struct Peak {
    pub fds: Option<u64>,
    /// Streams the hog held when `fds` was read.
    pub holding_at_peak_fds: u64,
    pub rss_kib: Option<u64>,
    pub samples: u64,
    /// The last reading, at the end of the phase (the streams still held), and the
    /// streams held then.
    pub last_fds: Option<u64>,
    pub holding_at_last: u64,
}

pub struct Sampler {
    stop: watch::Sender<bool>,
    task: JoinHandle<Peak>,
}

impl Sampler {
    /// Samples every 200 ms until stopped; `streams` says how many are held.
    pub fn start(pid: Option<u32>, streams: Option<Arc<Counters>>) -> Sampler {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut peak = Peak::default();
            let mut tick = tokio::time::interval(EVERY);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopped.changed() => break,
                }
                peak.samples += 1;
                if let Some(fds) = open_fds(pid)
                    && peak.fds.is_none_or(|max| fds > max)
                {
                    peak.fds = Some(fds);
                    peak.holding_at_peak_fds = streams.as_ref().map_or(0, |c| {
                        c.held.load(Ordering::Relaxed) - c.ended_early.load(Ordering::Relaxed)
                    });
                }
                if let Some(memory) = Memory::of(pid) {
                    peak.rss_kib = Some(peak.rss_kib.unwrap_or(0).max(memory.rss_kib));
                }
            }
            peak
        });
        Sampler { stop, task }
    }

    /// Takes one last sample and returns the peak.
    pub async fn finish(self, pid: Option<u32>, streams: Option<&Counters>) -> Peak {
        let _ = self.stop.send(true);
        let mut peak = self.task.await.unwrap_or_default();
        let holding = streams.map_or(0, |c| {
            c.held.load(Ordering::Relaxed) - c.ended_early.load(Ordering::Relaxed)
        });
        peak.last_fds = open_fds(pid);
        peak.holding_at_last = holding;
        if let Some(fds) = peak.last_fds
            && peak.fds.is_none_or(|max| fds > max)
        {
            peak.fds = Some(fds);
            peak.holding_at_peak_fds = holding;
        }
        if let Some(memory) = Memory::of(pid) {
            peak.rss_kib = Some(peak.rss_kib.unwrap_or(0).max(memory.rss_kib));
        }
        peak
    }
}
