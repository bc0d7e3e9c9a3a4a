//! What the tests share: reading messages back with Python's `email` module and
//! running a throwaway SMTP server.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use byline_mail::Outgoing;
use serde_json::Value;

/// A message with both bodies, non-ASCII in the text and a link in the HTML.
pub fn sample() -> Outgoing {
    Outgoing {
        to: "Reader <reader@example.org>".into(),
        subject: "Your morning briefing".into(),
        text: "Good morning.\nRead it at https://news.example.org/today/ — enjoy.\n".into(),
        html: Some(
            "<p>Good morning.</p>\n<p><a href=\"https://news.example.org/today/\">Read it</a></p>\n"
                .into(),
        ),
        ..Outgoing::default()
    }
}

/// Parses an RFC 5322 message with Python's standard `email` module, the strict
/// modern policy, and returns what it found as JSON: headers, MIME types, decoded
/// bodies and any defects the parser noticed.
pub fn parse_with_python(path: &Path) -> Value {
    const SCRIPT: &str = r#"
import email, json, sys
from email import policy
with open(sys.argv[1], "rb") as f:
    msg = email.message_from_binary_file(f, policy=policy.default)
def body(kind):
    part = msg.get_body(preferencelist=(kind,))
    # Line ends as Python reads them, without the line break that ends the part.
    return part.get_content().replace("\r\n", "\n").rstrip("\n") if part is not None else None
print(json.dumps({
    "subject": msg["subject"],
    "to": msg["to"],
    "from": msg["from"],
    "date": msg["date"],
    "message_id": msg["message-id"],
    "mime_version": msg["mime-version"],
    "content_type": msg.get_content_type(),
    "charset": msg.get_content_charset(),
    "parts": [p.get_content_type() for p in msg.iter_parts()],
    "text": body("plain"),
    "html": body("html"),
    "defects": [repr(d) for d in msg.defects]
        + [repr(d) for p in msg.walk() for d in p.defects],
}))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "Python could not parse {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}

/// The files in `dir` (not hidden ones), sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.map(|entry| entry.unwrap().path()).collect();
    paths.sort();
    paths
}

/// A port on 127.0.0.1 that nothing listens on (right now).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// aiosmtpd delivering into a Maildir; stopped when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub maildir: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("maildir");
        let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
        let port = free_port();
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("python3 starts (aiosmtpd comes from tests/discovery/requirements.txt)");
        let mut server = SmtpServer {
            child,
            port,
            maildir,
            _dir: dir,
        };
        server.wait_until_listening();
        server
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Messages delivered so far.
    pub fn delivered(&self) -> Vec<PathBuf> {
        files_in(&self.maildir.join("new"))
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                let log = std::fs::read_to_string(self._dir.path().join("server.log"));
                panic!("aiosmtpd exited with {status}: {}", log.unwrap_or_default());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("aiosmtpd did not listen on port {} within 10 s", self.port);
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
