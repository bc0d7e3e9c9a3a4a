//! Narration in a child process. The server starts `byline voice-worker` for each
//! job, sends it the engine and the paragraphs, and watches it: a paragraph that takes
//! too long gets the child killed, a crash (ONNX Runtime or espeak-ng dying) ends the
//! child, and either way the job fails with a reason and is retried later while the
//! server carries on. The model's memory goes back to the system when the child ends.
//!
//! The child reports on standard output, one line at a time:
//! `ready`, then `paragraph N` after each, then `done DURATION_MS ENGINE`, or
//! `error MESSAGE`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use byline_core::language::LanguageTag;
use serde::{Deserialize, Serialize};

use crate::engine::EngineSpec;
use crate::espeak::describe_exit;

/// What the child is asked to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChildRequest {
    pub engine: EngineSpec,
    /// The post's language, which picks the voice ([`EngineSpec::voice_for`]).
    /// English when a request does not say.
    #[serde(default = "LanguageTag::english", with = "language_tag")]
    pub language: LanguageTag,
    pub paragraphs: Vec<String>,
    /// Where to write the MP3.
    pub output: PathBuf,
}

/// How long the child may take to load its engine, and then each paragraph.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub start: Duration,
    pub paragraph: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            start: Duration::from_secs(120),
            paragraph: Duration::from_secs(180),
        }
    }
}

/// The child's answer: the MP3 is in the request's `output`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildResult {
    pub duration_ms: u64,
    pub engine: String,
}

/// Runs `exe voice-worker` on `request`; `progress` hears each finished paragraph.
/// Blocks, so async callers run it on a blocking thread.
pub fn run(
    exe: &Path,
    request: &ChildRequest,
    limits: Limits,
    mut progress: impl FnMut(usize),
) -> Result<ChildResult, String> {
    let mut child = Command::new(exe)
        .arg("voice-worker")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the narration worker {}: {e}", exe.display()))?;
    let request_json = serde_json::to_vec(request).map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&request_json);
    });
    let lines = read_lines(child.stdout.take().expect("stdout is piped"));
    let stderr = read_all(child.stderr.take().expect("stderr is piped"));
    let total = request.paragraphs.len();
    let outcome = watch(&lines, limits, total, &mut progress);
    if matches!(outcome, Err(Ending::TimedOut(_))) {
        // Before joining the writer: a child that hangs without reading its request
        // would otherwise keep the writer (and us) blocked on a full pipe.
        let _ = child.kill();
    }
    let _ = writer.join();
    match outcome {
        Ok(result) => {
            let _ = child.wait();
            Ok(result)
        }
        Err(Ending::Reported(message)) => {
            let _ = child.wait();
            Err(message)
        }
        Err(Ending::TimedOut(message)) => {
            let _ = child.wait();
            Err(message)
        }
        Err(Ending::Vanished { during }) => {
            let status = child.wait().map_err(|e| e.to_string())?;
            let stderr = stderr.join().unwrap_or_default();
            let detail = last_line(&stderr);
            Err(format!(
                "the speech engine {} {during}{}",
                describe_exit(&status),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(": {detail}")
                }
            ))
        }
    }
}

enum Ending {
    /// The child said what went wrong.
    Reported(String),
    TimedOut(String),
    /// The child's output ended without an answer: it crashed or was killed.
    Vanished {
        during: String,
    },
}

fn watch(
    lines: &mpsc::Receiver<String>,
    limits: Limits,
    total: usize,
    progress: &mut impl FnMut(usize),
) -> Result<ChildResult, Ending> {
    let mut spoken = 0;
    let mut ready = false;
    loop {
        let (limit, during) = if ready {
            (
                limits.paragraph,
                format!("on paragraph {} of {total}", spoken + 1),
            )
        } else {
            (limits.start, "while loading the voice".to_owned())
        };
        let line = match lines.recv_timeout(limit) {
            Ok(line) => line,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(Ending::TimedOut(format!(
                    "the speech engine took longer than {} s {during}; it was stopped",
                    limit.as_secs()
                )));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Ending::Vanished { during });
            }
        };
        let (word, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        match word {
            "ready" => ready = true,
            "paragraph" => {
                spoken = rest.trim().parse().unwrap_or(spoken + 1);
                progress(spoken);
            }
            "done" => {
                let (duration, engine) = rest.split_once(' ').unwrap_or((rest, ""));
                return Ok(ChildResult {
                    duration_ms: duration.parse().map_err(|_| {
                        Ending::Reported(format!("the narration worker said '{line}'"))
                    })?,
                    engine: engine.to_owned(),
                });
            }
            "error" => return Err(Ending::Reported(rest.to_owned())),
            _ => {}
        }
    }
}

fn read_lines(stdout: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

fn read_all(mut stderr: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    })
}

fn last_line(text: &str) -> String {
    text.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .chars()
        .take(300)
        .collect()
}

/// The child's side: `byline voice-worker` calls this with its standard streams.
/// Returns whether the narration was written.
pub fn serve(input: impl Read, mut output: impl Write) -> std::io::Result<bool> {
    let request: ChildRequest = match serde_json::from_reader(input) {
        Ok(request) => request,
        Err(error) => {
            say(
                &mut output,
                &format!("error the narration request is not valid: {error}"),
            )?;
            return Ok(false);
        }
    };
    let mut engine = match request.engine.open(&request.language) {
        Ok(engine) => engine,
        Err(error) => {
            say(&mut output, &format!("error {error}"))?;
            return Ok(false);
        }
    };
    say(&mut output, "ready")?;
    let narration = crate::narrate::narrate(engine.as_mut(), &request.paragraphs, |n| {
        // Nobody is listening any more (the server stopped or gave up on us): stop
        // instead of narrating into the void.
        if say(&mut output, &format!("paragraph {n}")).is_err() {
            std::process::exit(1);
        }
    });
    match narration {
        Ok(narration) => {
            std::fs::write(&request.output, &narration.mp3)?;
            say(
                &mut output,
                &format!("done {} {}", narration.duration_ms, narration.engine),
            )?;
            Ok(true)
        }
        Err(error) => {
            say(&mut output, &format!("error {error}"))?;
            Ok(false)
        }
    }
}

fn say(output: &mut impl Write, line: &str) -> std::io::Result<()> {
    writeln!(output, "{line}")?;
    output.flush()
}

/// A language tag in the request as its text ("uk-UA"), read back through
/// [`LanguageTag::parse`].
mod language_tag {
    use byline_core::language::LanguageTag;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(tag: &LanguageTag, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(tag.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<LanguageTag, D::Error> {
        let text = String::deserialize(deserializer)?;
        LanguageTag::parse(&text)
            .ok_or_else(|| D::Error::custom(format!("\"{text}\" is not a language tag")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_carries_the_posts_language() {
        let request = ChildRequest {
            engine: EngineSpec::Espeak {
                espeak_ng: "/usr/bin/espeak-ng".into(),
            },
            language: LanguageTag::parse("uk-UA").unwrap(),
            paragraphs: vec!["Привіт.".to_owned()],
            output: "/tmp/a.mp3".into(),
        };
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.contains(r#""language":"uk-UA""#), "{json}");
        let read: ChildRequest = serde_json::from_str(&json).unwrap();
        assert_eq!(read.language, request.language);
    }

    #[test]
    fn a_request_without_a_language_is_english_and_a_bad_one_is_refused() {
        let without = r#"{"engine": {"engine": "espeak", "espeak_ng": "/e"},
            "paragraphs": [], "output": "/tmp/a.mp3"}"#;
        let read: ChildRequest = serde_json::from_str(without).unwrap();
        assert_eq!(read.language, LanguageTag::english());
        let bad = without.replace(
            "\"paragraphs\"",
            "\"language\": \"english!\", \"paragraphs\"",
        );
        let error = serde_json::from_str::<ChildRequest>(&bad).unwrap_err();
        assert!(error.to_string().contains("not a language tag"), "{error}");
    }
}
