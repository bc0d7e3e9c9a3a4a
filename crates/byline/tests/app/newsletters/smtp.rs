//! A real SMTP server for the newsletter tests (`tests/mail/smtp_server.py`, on
//! aiosmtpd) and the messages it received, read with Python's `email` package.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub dir: PathBuf,
    _temp: tempfile::TempDir,
}

/// How the server treats some recipients.
#[derive(Default, Clone)]
pub struct Behaviour {
    /// Addresses containing this get 550.
    pub reject: Option<&'static str>,
    /// Addresses containing this get 451 the first time.
    pub defer_once: Option<&'static str>,
    /// Each message waits this long before the server accepts it.
    pub delay_ms: u32,
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/mail/smtp_server.py")
}

impl SmtpServer {
    pub fn start(behaviour: Behaviour) -> SmtpServer {
        SmtpServer::start_on(free_port(), behaviour)
    }

    /// On a given port (a test that starts the server only after a send began).
    pub fn start_on(port: u16, behaviour: Behaviour) -> SmtpServer {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("received");
        std::fs::create_dir_all(&dir).unwrap();
        let mut command = Command::new("python3");
        command
            .arg(script())
            .args(["--port", &port.to_string()])
            .arg("--dir")
            .arg(&dir);
        if let Some(pattern) = behaviour.reject {
            command.args(["--reject-pattern", pattern]);
        }
        if let Some(pattern) = behaviour.defer_once {
            command.args(["--defer-once-pattern", pattern]);
        }
        if behaviour.delay_ms > 0 {
            command.args(["--delay-ms", &behaviour.delay_ms.to_string()]);
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs tests/mail/smtp_server.py (aiosmtpd from tests/discovery/requirements.txt)");
        let stdout = child.stdout.take().unwrap();
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).unwrap();
        assert_eq!(first.trim(), "listening", "the SMTP server did not start");
        SmtpServer {
            child,
            port,
            dir,
            _temp: temp,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// How many messages have arrived.
    pub fn count(&self) -> usize {
        std::fs::read_dir(&self.dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().ends_with(".eml"))
            .count()
    }

    /// Waits until at least `n` messages have arrived.
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        while self.count() < n {
            assert!(
                Instant::now() < deadline,
                "only {} of {n} messages arrived in {within:?}",
                self.count()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.messages()
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        read_messages(&self.dir)
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One received message, as Python's `email` package reads it.
#[derive(Debug, Clone, Deserialize)]
pub struct Received {
    pub envelope_to: String,
    pub subject: String,
    pub from: String,
    pub message_id: String,
    pub list_unsubscribe: Option<String>,
    pub list_unsubscribe_post: Option<String>,
    pub text: String,
    pub html: Option<String>,
    pub defects: Vec<String>,
}

impl Received {
    /// The first link in the text part that contains `part`.
    pub fn link(&self, part: &str) -> String {
        self.text
            .split_whitespace()
            .find(|word| word.contains(part))
            .unwrap_or_else(|| panic!("no {part} link in {:?}", self.text))
            .trim_end_matches(['.', ',', ')', '>'])
            .to_owned()
    }
}

/// The path of a full URL (`https://site/x/y` → `/x/y`).
pub fn path_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    format!("/{}", rest.split_once('/').map_or("", |(_, path)| path))
}

fn read_messages(dir: &Path) -> Vec<Received> {
    const SCRIPT: &str = r#"
import email, json, os, sys
from email import policy
out = []
for name in sorted(os.listdir(sys.argv[1])):
    if not name.endswith(".eml"):
        continue
    raw = open(os.path.join(sys.argv[1], name), "rb").read()
    first, rest = raw.split(b"\r\n", 1)
    msg = email.message_from_bytes(rest, policy=policy.default)
    def body(kind):
        part = msg.get_body(preferencelist=(kind,))
        return part.get_content() if part is not None else None
    out.append({
        "envelope_to": first.decode().split(":", 1)[1].strip(),
        "subject": str(msg["subject"]),
        "from": str(msg["from"]),
        "message_id": str(msg["message-id"]),
        "list_unsubscribe": msg["list-unsubscribe"] and str(msg["list-unsubscribe"]),
        "list_unsubscribe_post": msg["list-unsubscribe-post"] and str(msg["list-unsubscribe-post"]),
        "text": body("plain") or "",
        "html": body("html"),
        "defects": [repr(d) for p in msg.walk() for d in p.defects] + [repr(d) for d in msg.defects],
    })
print(json.dumps(out))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(dir)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}
