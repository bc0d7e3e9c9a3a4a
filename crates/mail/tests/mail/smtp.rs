//! The SMTP transport against a real server (aiosmtpd).

use byline_mail::{MailError, Mailer, Outgoing};

use crate::helpers::{SmtpServer, free_port, parse_with_python, sample};

#[tokio::test]
async fn messages_sent_over_smtp_arrive_in_the_mailbox() {
    let server = SmtpServer::start();
    let mailer = Mailer::smtp(&server.url(), "The Daily Ink <desk@example.org>").unwrap();
    assert_eq!(mailer.describe(), format!("SMTP 127.0.0.1:{}", server.port));

    mailer.send(&sample()).await.unwrap();
    // A second message on a clone goes over the pooled connection.
    let second = Outgoing {
        subject: "Willkommen — Олена".into(),
        to: "olena@example.org".into(),
        ..sample()
    };
    mailer.clone().send(&second).await.unwrap();

    let delivered = server.delivered();
    assert_eq!(delivered.len(), 2, "{delivered:?}");
    let mut subjects: Vec<String> = delivered
        .iter()
        .map(|path| {
            let parsed = parse_with_python(path);
            assert_eq!(parsed["from"], "The Daily Ink <desk@example.org>");
            assert_eq!(parsed["content_type"], "multipart/alternative");
            assert_eq!(parsed["html"], sample().html.unwrap().trim_end());
            parsed["subject"].as_str().unwrap().to_owned()
        })
        .collect();
    subjects.sort();
    assert_eq!(subjects, ["Willkommen — Олена", "Your morning briefing"]);
}

#[tokio::test]
async fn a_server_that_is_not_there_is_unreachable_and_worth_retrying() {
    let port = free_port();
    let mailer = Mailer::smtp(&format!("smtp://127.0.0.1:{port}"), "desk@example.org").unwrap();

    let error = mailer.send(&sample()).await.unwrap_err();

    assert!(error.is_transient(), "{error:?}");
    assert!(matches!(error, MailError::Unreachable(_)), "{error:?}");
}

#[tokio::test]
async fn an_invalid_recipient_never_reaches_the_server() {
    let server = SmtpServer::start();
    let mailer = Mailer::smtp(&server.url(), "desk@example.org").unwrap();
    let message = Outgoing {
        to: "reader at example dot org".into(),
        ..sample()
    };

    let error = mailer.send(&message).await.unwrap_err();

    assert!(matches!(error, MailError::Address(_)), "{error:?}");
    assert!(server.delivered().is_empty());
}

#[tokio::test]
async fn unusable_smtp_urls_are_configuration_errors_that_keep_the_password_secret() {
    for url in [
        "mail.example.org",
        "http://mail.example.org",
        "smtp://user:hunter2@mail.example.org?tls=sometimes",
        "smtp:///no-host",
    ] {
        let error = Mailer::smtp(url, "desk@example.org").err().unwrap();
        assert!(matches!(error, MailError::Config(_)), "{url}: {error:?}");
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }
}

#[tokio::test]
async fn descriptions_show_the_tls_mode_but_not_the_login() {
    let mailer = Mailer::smtp(
        "smtp://user:hunter2@mail.example.org?tls=required",
        "desk@example.org",
    )
    .unwrap();
    assert_eq!(mailer.describe(), "SMTP mail.example.org:587 (STARTTLS)");
}

#[test]
fn an_smtp_mailer_outside_a_runtime_is_a_configuration_error() {
    let error = Mailer::smtp("smtp://127.0.0.1:25", "desk@example.org")
        .err()
        .unwrap();
    assert!(matches!(error, MailError::Config(_)), "{error:?}");
}
