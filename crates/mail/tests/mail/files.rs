//! The file transport: what an operator without an SMTP server gets.

use std::io::Write;
use std::sync::{Arc, Mutex};

use byline_mail::{MailError, Mailer, Outgoing};

use crate::helpers::{files_in, parse_with_python, sample};

#[tokio::test]
async fn a_message_with_html_becomes_one_complete_multipart_eml_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data").join("mail");
    let mailer = Mailer::to_files(dir.clone(), "The Daily Ink <desk@example.org>").unwrap();
    assert!(dir.is_dir(), "the folder is created up front");

    mailer.send(&sample()).await.unwrap();

    let written = files_in(&dir);
    assert_eq!(
        written.len(),
        1,
        "one file and no temporary left over: {written:?}"
    );
    let name = written[0].file_name().unwrap().to_str().unwrap();
    let (millis, random) = name.strip_suffix(".eml").unwrap().split_once('-').unwrap();
    assert!(
        millis.len() >= 13 && millis.bytes().all(|b| b.is_ascii_digit()),
        "{name}"
    );
    assert!(
        random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit()),
        "{name}"
    );

    let parsed = parse_with_python(&written[0]);
    assert_eq!(parsed["defects"], serde_json::json!([]));
    assert_eq!(parsed["subject"], "Your morning briefing");
    assert_eq!(parsed["to"], "Reader <reader@example.org>");
    assert_eq!(parsed["from"], "The Daily Ink <desk@example.org>");
    assert_eq!(parsed["mime_version"], "1.0");
    assert!(parsed["date"].is_string(), "{parsed}");
    let message_id = parsed["message_id"].as_str().unwrap();
    assert!(
        message_id.starts_with('<') && message_id.ends_with("@example.org>"),
        "{message_id}"
    );
    assert_eq!(parsed["content_type"], "multipart/alternative");
    assert_eq!(
        parsed["parts"],
        serde_json::json!(["text/plain", "text/html"])
    );
    assert_eq!(parsed["text"], sample().text.trim_end());
    assert_eq!(parsed["html"], sample().html.unwrap().trim_end());
}

#[tokio::test]
async fn a_plain_text_message_is_a_single_utf8_text_part() {
    let tmp = tempfile::tempdir().unwrap();
    let mailer = Mailer::to_files(tmp.path().to_owned(), "desk@example.org").unwrap();
    let message = Outgoing {
        html: None,
        ..sample()
    };

    mailer.send(&message).await.unwrap();

    let parsed = parse_with_python(&files_in(tmp.path())[0]);
    assert_eq!(parsed["content_type"], "text/plain");
    assert_eq!(parsed["charset"], "utf-8");
    assert_eq!(parsed["text"], message.text.trim_end());
    assert_eq!(parsed["html"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_non_ascii_subject_is_encoded_and_decodes_back_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let mailer = Mailer::to_files(tmp.path().to_owned(), "desk@example.org").unwrap();
    let message = Outgoing {
        subject: "Willkommen — Олена".into(),
        text: "Привіт, Олено! Grüße aus der Redaktion.".into(),
        ..sample()
    };

    mailer.send(&message).await.unwrap();

    let path = &files_in(tmp.path())[0];
    let raw = std::fs::read(path).unwrap();
    // Every byte is ASCII: headers as RFC 2047 encoded words, bodies as
    // quoted-printable or base64, so any SMTP server relays it untouched.
    assert!(raw.is_ascii(), "the file is 7-bit clean");
    let raw = String::from_utf8(raw).unwrap();
    let subject = raw
        .lines()
        .find(|line| line.starts_with("Subject:"))
        .unwrap();
    assert!(
        subject.to_ascii_lowercase().contains("=?utf-8?"),
        "{subject}"
    );

    let parsed = parse_with_python(path);
    assert_eq!(parsed["subject"], "Willkommen — Олена");
    assert_eq!(parsed["text"], "Привіт, Олено! Grüße aus der Redaktion.");
}

#[tokio::test]
async fn line_breaks_in_a_subject_cannot_add_headers() {
    let tmp = tempfile::tempdir().unwrap();
    let mailer = Mailer::to_files(tmp.path().to_owned(), "desk@example.org").unwrap();
    let message = Outgoing {
        subject: "Hello\r\nBcc: everyone@example.org".into(),
        ..sample()
    };

    mailer.send(&message).await.unwrap();

    let path = &files_in(tmp.path())[0];
    let raw = std::fs::read_to_string(path).unwrap();
    assert!(!raw.lines().any(|line| line.starts_with("Bcc:")), "{raw}");
    assert_eq!(
        parse_with_python(path)["subject"],
        "Hello Bcc: everyone@example.org"
    );
}

#[tokio::test]
async fn an_invalid_recipient_is_an_address_error_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let mailer = Mailer::to_files(tmp.path().to_owned(), "desk@example.org").unwrap();

    for bad in [
        "",
        "not an address",
        "reader@",
        "@example.org",
        "a@b@example.org",
    ] {
        let message = Outgoing {
            to: bad.into(),
            ..sample()
        };
        let error = mailer.send(&message).await.unwrap_err();
        assert!(matches!(error, MailError::Address(_)), "{bad:?}: {error:?}");
        assert!(!error.is_transient());
    }
    assert!(files_in(tmp.path()).is_empty());
}

#[test]
fn an_invalid_sender_is_a_configuration_error() {
    let tmp = tempfile::tempdir().unwrap();
    let error = Mailer::to_files(tmp.path().to_owned(), "the desk")
        .err()
        .unwrap();
    assert!(matches!(error, MailError::Config(_)), "{error:?}");
}

#[test]
fn the_description_names_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let mailer = Mailer::to_files(tmp.path().to_owned(), "desk@example.org").unwrap();
    assert_eq!(
        mailer.describe(),
        format!("files in {}", tmp.path().display())
    );
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_log_line_names_the_file_and_subject_but_not_the_reader() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .finish();
    // A current-thread test runtime polls everything on this thread.
    let _guard = tracing::subscriber::set_default(subscriber);
    let tmp = tempfile::tempdir().unwrap();
    let mailer = Mailer::to_files(tmp.path().to_owned(), "desk@example.org").unwrap();

    mailer.send(&sample()).await.unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let file = files_in(tmp.path())[0].display().to_string();
    assert!(
        log.contains("email written to a file (no SMTP server configured)"),
        "{log}"
    );
    assert!(log.contains(&file), "{log}");
    assert!(log.contains("Your morning briefing"), "{log}");
    assert!(!log.contains("reader@example.org"), "{log}");
    assert!(!log.contains("Good morning"), "{log}");
}
