//! The built-in email templates, rendered with the real files.

use byline_mail::{MailError, MailTemplates, Mailer, context};

use crate::helpers::{files_in, parse_with_python};

const ACCEPT_URL: &str = "https://news.example.org/admin/invitations/q8Zt3kVw/";
const RESET_URL: &str = "https://news.example.org/admin/password-reset/Yx71mPq0/";

fn invitation(site_title: &str) -> byline_mail::Outgoing {
    MailTemplates::new()
        .render(
            "invitation",
            "olena@example.org",
            context! {
                site_title => site_title,
                inviter_name => "Mara Quill",
                role => "editor",
                accept_url => ACCEPT_URL,
                expires_hours => 48,
            },
        )
        .unwrap()
}

fn password_reset(site_title: &str) -> byline_mail::Outgoing {
    MailTemplates::new()
        .render(
            "password_reset",
            "olena@example.org",
            context! {
                site_title => site_title,
                name => "Olena",
                reset_url => RESET_URL,
                expires_minutes => 30,
            },
        )
        .unwrap()
}

#[test]
fn an_invitation_names_the_site_role_inviter_and_expiry_and_links_in_both_bodies() {
    let email = invitation("The Daily Ink");
    let html = email.html.as_deref().unwrap();

    assert_eq!(email.to, "olena@example.org");
    assert_eq!(email.subject, "Join the newsroom desk of The Daily Ink");
    for body in [email.text.as_str(), html] {
        assert!(body.contains(ACCEPT_URL), "{body}");
        assert!(body.contains("Mara Quill"), "{body}");
        assert!(body.contains("editor"), "{body}");
        assert!(body.contains("48 hours"), "{body}");
        assert!(body.contains("ignore this email"), "{body}");
    }
    assert!(
        html.contains(&format!("href=\"{ACCEPT_URL}\"")),
        "a real link: {html}"
    );
    assert_eq!(
        html.matches(ACCEPT_URL).count(),
        3,
        "button, link and its text"
    );
}

#[test]
fn a_password_reset_links_in_both_bodies_and_reassures_who_did_not_ask() {
    let email = password_reset("The Daily Ink");
    let html = email.html.as_deref().unwrap();

    assert_eq!(email.subject, "Choose a new password for The Daily Ink");
    for body in [email.text.as_str(), html] {
        assert!(body.contains(RESET_URL), "{body}");
        assert!(body.contains("Olena"), "{body}");
        assert!(body.contains("30 minutes"), "{body}");
        assert!(body.contains("your password has not changed"), "{body}");
    }
    assert!(html.contains(&format!("href=\"{RESET_URL}\"")), "{html}");
}

#[test]
fn html_is_escaped_but_text_and_subject_are_not() {
    for email in [
        invitation("Ink <b>&</b> Co"),
        password_reset("Ink <b>&</b> Co"),
    ] {
        let html = email.html.as_deref().unwrap();
        assert!(html.contains("Ink &lt;b&gt;&amp;&lt;/b&gt; Co"), "{html}");
        assert!(!html.contains("<b>&"), "{html}");
        assert!(email.text.contains("Ink <b>&</b> Co"));
        assert!(email.subject.contains("Ink <b>&</b> Co"));
    }
}

#[test]
fn subjects_stay_on_one_line() {
    for email in [
        invitation("The Daily\nInk  "),
        password_reset("The\r\nDaily Ink"),
    ] {
        assert!(!email.subject.contains(['\r', '\n']), "{:?}", email.subject);
        assert!(
            email.subject.contains("The Daily Ink"),
            "{:?}",
            email.subject
        );
        assert_eq!(email.subject, email.subject.trim());
    }
}

#[test]
fn html_emails_are_accessible_documents_on_the_shared_layout() {
    for email in [invitation("The Daily Ink"), password_reset("The Daily Ink")] {
        let html = email.html.as_deref().unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
        assert!(html.contains("<html lang=\"en\">"), "{html}");
        assert!(html.contains("<meta charset=\"utf-8\">"), "{html}");
        assert!(html.contains("<title>") && html.contains("<h1"), "{html}");
        assert!(
            html.contains("role=\"presentation\""),
            "layout tables: {html}"
        );
        assert!(!html.contains("{{") && !html.contains("{%"), "{html}");
    }
}

#[test]
fn a_missing_value_or_unknown_email_is_a_template_error() {
    let templates = MailTemplates::new();
    let missing = templates
        .render(
            "password_reset",
            "olena@example.org",
            context! { site_title => "Ink" },
        )
        .unwrap_err();
    assert!(matches!(missing, MailError::Template(_)), "{missing:?}");

    let unknown = templates
        .render("welcome_aboard", "olena@example.org", context! {})
        .unwrap_err();
    assert!(matches!(unknown, MailError::Template(_)), "{unknown:?}");
}

#[tokio::test]
async fn a_rendered_invitation_goes_out_as_a_message_python_can_read() {
    let tmp = tempfile::tempdir().unwrap();
    let mailer =
        Mailer::to_files(tmp.path().to_owned(), "The Daily Ink <desk@example.org>").unwrap();

    mailer.send(&invitation("The Daily Ink")).await.unwrap();

    let parsed = parse_with_python(&files_in(tmp.path())[0]);
    assert_eq!(parsed["defects"], serde_json::json!([]));
    assert_eq!(parsed["subject"], "Join the newsroom desk of The Daily Ink");
    assert!(parsed["text"].as_str().unwrap().contains(ACCEPT_URL));
    assert!(parsed["html"].as_str().unwrap().contains(ACCEPT_URL));
}
