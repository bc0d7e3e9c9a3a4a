//! A real webhook receiver for the tests (`tests/webhooks/receiver.py`, Python's
//! standard library in its own process) and what it received.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::Value;

pub struct Receiver {
    child: Option<Child>,
    pub port: u16,
    log: PathBuf,
    status_file: PathBuf,
    _temp: tempfile::TempDir,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Received {
    pub path: String,
    pub headers: std::collections::BTreeMap<String, String>,
    pub body: String,
    pub answered: u16,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/webhooks/receiver.py")
}

impl Receiver {
    /// A receiver on a free port, not started yet (deliveries to it are refused).
    pub fn down() -> Receiver {
        let temp = tempfile::tempdir().unwrap();
        Receiver {
            child: None,
            port: crate::newsletters::smtp::free_port(),
            log: temp.path().join("received.jsonl"),
            status_file: temp.path().join("status"),
            _temp: temp,
        }
    }

    pub fn up() -> Receiver {
        let mut receiver = Receiver::down();
        receiver.start();
        receiver
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Starts (or restarts) the process on this receiver's port.
    pub fn start(&mut self) {
        let mut child = Command::new("python3")
            .arg(script())
            .args(["--port", &self.port.to_string()])
            .arg("--log")
            .arg(&self.log)
            .arg("--status-file")
            .arg(&self.status_file)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs the webhook receiver");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(ready.trim(), "ready", "the receiver did not start");
        self.child = Some(child);
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Answers `status` to every request from now on.
    pub fn answer(&self, status: u16) {
        std::fs::write(&self.status_file, status.to_string()).unwrap();
    }

    /// Every request received, in order of arrival (refused ones too).
    pub fn received(&self) -> Vec<Received> {
        let Ok(text) = std::fs::read_to_string(&self.log) else {
            return Vec::new();
        };
        text.lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    /// The requests answered with a 2xx, in order.
    pub fn accepted(&self) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| (200..300).contains(&r.answered))
            .collect()
    }

    /// Waits until `count` requests were accepted, then returns them.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let accepted = self.accepted();
            if accepted.len() >= count {
                return accepted;
            }
            assert!(
                start.elapsed() < within,
                "{} of {count} deliveries arrived within {within:?}: {:?}",
                accepted.len(),
                self.received()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop();
    }
}
