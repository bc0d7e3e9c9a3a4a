//! Real S3 servers for tests (this crate's conformance suite, the server's tests),
//! each started on a free port of this machine for one test and stopped when the
//! test ends. Built only with the `testing` feature.
//!
//! - moto (PyPI `moto[server]`): AWS's own behaviour as Python's test world models it;
//! - s3s-fs (crates.io): an S3 server over a folder, strict about signatures.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::{MediaStore, S3Settings};
use tokio::process::{Child, Command};

pub const ACCESS_KEY: &str = "byline-test";
pub const SECRET_KEY: &str = "byline-test-secret";
const BUCKET: &str = "byline";

pub fn credentials() -> (String, String) {
    (ACCESS_KEY.to_owned(), SECRET_KEY.to_owned())
}

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Moto,
    S3s,
}

/// An S3 server process with its own data folder.
pub struct S3Server {
    kind: Kind,
    port: u16,
    root: tempfile::TempDir,
    child: Option<Child>,
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl S3Server {
    pub async fn start(kind: Kind) -> S3Server {
        let mut server = S3Server {
            kind,
            port: free_port(),
            root: tempfile::tempdir().unwrap(),
            child: None,
        };
        server.restart().await;
        if let Kind::Moto = kind {
            create_bucket(server.port).await;
        }
        server
    }

    /// Starts the server (again) on its port and data.
    pub async fn restart(&mut self) {
        let port = self.port.to_string();
        let mut command = match self.kind {
            Kind::Moto => {
                let mut command = Command::new(program("moto_server"));
                command.args(["-H", "127.0.0.1", "-p", &port]);
                command
            }
            Kind::S3s => {
                // s3s-fs serves each folder under its root as a bucket.
                std::fs::create_dir_all(self.root.path().join(BUCKET)).unwrap();
                let mut command = Command::new(program("s3s-fs"));
                command
                    .args(["--host", "127.0.0.1", "--port", &port])
                    .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
                    .arg(self.root.path());
                command
            }
        };
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start the {:?} S3 server ({e}); scripts/test.sh installs it",
                    self.kind
                )
            });
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(30);
        while tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "the {:?} S3 server did not answer",
                self.kind
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().await.unwrap();
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A store on this server's bucket, under `prefix`.
    pub fn store(&self, prefix: &str) -> MediaStore {
        MediaStore::s3(&S3Settings {
            url: format!("s3://{BUCKET}/{prefix}"),
            endpoint: Some(self.endpoint()),
            credentials: Some(credentials()),
            ..S3Settings::default()
        })
        .unwrap()
    }
}

/// A tool installed by pip or cargo may be on PATH, or in cargo's own folder.
fn program(name: &str) -> PathBuf {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin").join(name));
    match cargo_bin {
        Some(path) if path.is_file() => path,
        _ => PathBuf::from(name),
    }
}

/// moto starts without buckets: one unsigned `PUT /byline` makes one (moto does
/// not check signatures unless asked to).
async fn create_bucket(port: u16) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let request = format!(
        "PUT /{BUCKET} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(
        answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200"),
        "moto refused to create the bucket: {}",
        answer.lines().next().unwrap_or_default()
    );
}
