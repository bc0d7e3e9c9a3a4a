//! `byline narrate`: one article or all of them, with espeak-ng (quick enough for
//! the whole demo); up-to-date audio is skipped; mistakes are one-line errors; and a
//! server missing its voice says so once at start.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use byline_store::Db;

use crate::cli::{byline, failing};

async fn demo_site() -> (tempfile::TempDir, usize) {
    let data = tempfile::tempdir().unwrap();
    let db = Db::open_sqlite_in(data.path()).await.unwrap();
    let media = byline_media::MediaStore::folder(&data.path().join("content")).unwrap();
    byline::demo::fill_if_empty(&db, &media).await.unwrap();
    let articles = db.narratable_posts().await.unwrap().len();
    db.close().await;
    (data, articles)
}

fn narrate(data: &std::path::Path, args: &[&str]) -> String {
    let output = byline()
        .args(["narrate", "--narration", "espeak-ng", "--data"])
        .arg(data)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[tokio::test]
async fn narrate_all_makes_every_article_s_audio_once() {
    let (data, articles) = demo_site().await;
    assert!(articles > 5);
    let first = narrate(data.path(), &["--all"]);
    assert!(
        first.ends_with(&format!(
            "{articles} narrated, 0 already up to date, 0 failed\n"
        )),
        "{first}"
    );
    assert_eq!(first.matches(": narrated, ").count(), articles, "{first}");
    let files = std::fs::read_dir(data.path().join("content/audio"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".mp3")
        })
        .count();
    assert_eq!(files, articles);

    let second = narrate(data.path(), &["--all"]);
    assert!(
        second.ends_with(&format!(
            "0 narrated, {articles} already up to date, 0 failed\n"
        )),
        "{second}"
    );

    let db = Db::open_sqlite_in(data.path()).await.unwrap();
    let (_, slug) = db.narratable_posts().await.unwrap().remove(0);
    db.close().await;
    let forced = narrate(data.path(), &[&slug, "--force"]);
    assert!(
        forced.starts_with(&format!("{slug}: narrated, ")),
        "{forced}"
    );
}

#[tokio::test]
async fn narrate_mistakes_are_one_line_errors() {
    let (data, _) = demo_site().await;
    let unknown = failing(
        byline()
            .args([
                "narrate",
                "no-such-story",
                "--narration",
                "espeak-ng",
                "--data",
            ])
            .arg(data.path()),
    );
    assert!(
        unknown.contains("there is no published article 'no-such-story' to narrate"),
        "{unknown}"
    );
    let missing = failing(
        byline()
            .args([
                "narrate",
                "--all",
                "--narration",
                "piper",
                "--voice-model",
                "/nowhere/voice.onnx",
                "--data",
            ])
            .arg(data.path()),
    );
    assert!(
        missing.contains("Narration unavailable: no Piper voice at /nowhere/voice.onnx"),
        "{missing}"
    );
}

#[test]
fn a_server_missing_its_voice_says_so_once_at_start_and_serves() {
    let data = tempfile::tempdir().unwrap();
    let mut child = byline()
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--narration",
            "piper",
            "--onnxruntime",
            "/nowhere/libonnxruntime.so",
            "--data",
        ])
        .arg(data.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (lines, read) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut seen = Vec::new();
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        let Ok(line) = read.recv_timeout(Duration::from_secs(1)) else {
            continue;
        };
        let serving = line.contains("serving at http://");
        seen.push(line);
        if serving {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    seen.extend(read.try_iter());
    crate::cli::terminate(&child);
    child.wait().unwrap();
    let log = seen.join("\n");
    assert_eq!(
        log.matches("Narration unavailable: ").count(),
        1,
        "reported once: {log}"
    );
    assert!(
        log.contains("no ONNX Runtime library at /nowhere/libonnxruntime.so"),
        "{log}"
    );
    assert!(log.contains("serving at http://"), "{log}");
}
