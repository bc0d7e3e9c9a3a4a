//! Password resets: the answer never waits for the lookup or the mail server, so a
//! staff member's address takes as long as a stranger's; and one account gets at
//! most three reset emails an hour, however many networks ask.

use std::time::{Duration, Instant};

use byline_core::Role;
use reqwest::StatusCode;

use crate::desk_client::cookie_value;
use crate::helpers::TestApp;
use crate::newsletters::app_with;
use crate::newsletters::smtp::{Behaviour, SmtpServer};

/// The SMTP server takes this long to accept each message.
const SLOW_SMTP_MS: u32 = 1500;

#[tokio::test]
async fn a_known_address_is_answered_as_fast_as_an_unknown_one_on_sqlite() {
    known_and_unknown_addresses_take_the_same_time(false).await;
}

#[tokio::test]
async fn a_known_address_is_answered_as_fast_as_an_unknown_one_on_postgres() {
    known_and_unknown_addresses_take_the_same_time(true).await;
}

/// Asks for a reset of `email` through the real form; the answer and its duration.
async fn ask_reset(app: &TestApp, email: &str) -> (StatusCode, String, Duration) {
    let form = app.raw.get(app.url("/admin/forgot")).send().await.unwrap();
    let cookies: Vec<String> = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let token = cookie_value(&cookies, "byline_signin").unwrap();
    let started = Instant::now();
    let answer = app
        .raw
        .post(app.url("/admin/forgot"))
        .header("cookie", format!("byline_signin={token}"))
        .form(&[("csrf", token.as_str()), ("email", email)])
        .send()
        .await
        .unwrap();
    let status = answer.status();
    let body = answer.text().await.unwrap();
    (status, body, started.elapsed())
}

async fn known_and_unknown_addresses_take_the_same_time(postgres: bool) {
    let smtp = SmtpServer::start(Behaviour {
        delay_ms: SLOW_SMTP_MS,
        ..Behaviour::default()
    });
    let app = app_with(&smtp.url(), postgres).await;
    app.add_staff("ana@ledger.example", Role::Editor).await;

    let (unknown_status, unknown_body, _) = ask_reset(&app, "stranger@ledger.example").await;
    let (known_status, known_body, known_took) = ask_reset(&app, "ana@ledger.example").await;
    assert_eq!(known_status, StatusCode::OK);
    assert_eq!((unknown_status, unknown_body), (known_status, known_body));
    // Before the fix the answer waited for the mail server (1.5 s here).
    assert!(
        known_took < Duration::from_millis(u64::from(SLOW_SMTP_MS) / 2),
        "a staff member's address was answered in {known_took:?}: the answer waited for the mail"
    );
    let received = smtp.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 1, "one email, to the staff member only");
    assert_eq!(received[0].envelope_to, "ana@ledger.example");
    assert!(received[0].text.contains("/admin/reset/"));

    // Four requests for the same account: three emails within the hour.
    for _ in 0..3 {
        ask_reset(&app, "ana@ledger.example").await;
    }
    smtp.wait_for(3, Duration::from_secs(30)).await;
    // Wait until the worker has run every queued reset job, then count again.
    for _ in 0..200 {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'account.reset_mail' AND done_at IS NULL",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        if waiting == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        smtp.count(),
        3,
        "at most three reset emails an hour per account"
    );
    app.stop().await;
}
