//! Bad input at the signup box and in links: a clear answer, nothing saved, and
//! nothing that tells a stranger whether an address is subscribed.

use std::time::Duration;

use byline_core::EmailAddress;
use byline_store::SubscriberSearch;

use super::smtp::{SmtpServer, path_of};
use super::{form, post_form, post_json};
use crate::helpers::TestApp;
use crate::with_smtp_on_both_engines;

with_smtp_on_both_engines!(
    malformed_addresses_are_refused_beside_the_field_and_nothing_is_saved,
    bots_repeats_and_existing_subscribers_get_the_same_answer,
    confirmation_links_that_are_tampered_or_reused_change_nothing,
);

const EMAIL_MESSAGE: &str = "Please enter a correct email address";
const SUCCESS: &str = "a confirmation email is on its way";

async fn subscribers(app: &TestApp) -> i64 {
    let search = SubscriberSearch {
        limit: 10,
        ..SubscriberSearch::default()
    };
    app.db.search_subscribers(&search).await.unwrap().1
}

async fn malformed_addresses_are_refused_beside_the_field_and_nothing_is_saved(
    app: &TestApp,
    smtp: &SmtpServer,
) {
    let before = subscribers(app).await;
    let long = format!("{}@example.org", "a".repeat(250));
    for bad in [
        "",
        "   ",
        "ana silva@example.org",
        "ana@",
        "ana@example",
        "@example.org",
        "ana.example.org",
        long.as_str(),
        "ana@example.org\r\nBcc: everyone@example.org",
        "ana\u{7}@example.org",
        "ana@pаypal.com", // a Cyrillic а
        "<script>@example.org",
    ] {
        let (status, json) = post_json(
            app,
            &form(&[("email", bad), ("newsletter", "daily-briefing")]),
        )
        .await;
        assert_eq!(status, 422, "{bad:?}: {json}");
        assert_eq!(json["errors"]["email"], EMAIL_MESSAGE, "{bad:?}");
    }
    // Without JavaScript: back to the page with the message beside the field and the
    // typed value kept (escaped).
    let answer = post_form(
        app,
        "/newsletters/subscribe",
        &form(&[
            ("email", "<b>oops"),
            ("newsletter", "daily-briefing"),
            ("box", "signup-footer-daily-briefing"),
            ("return", "/"),
        ]),
    )
    .await;
    assert_eq!(answer.status(), 303);
    let cookie = answer.headers()["set-cookie"].to_str().unwrap();
    let page = app
        .raw
        .get(app.url("/"))
        .header("cookie", cookie.split(';').next().unwrap())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let footer = page
        .split("id=\"signup-footer-daily-briefing\"")
        .nth(1)
        .unwrap();
    assert!(footer.contains(EMAIL_MESSAGE));
    assert!(footer.contains("value=\"&lt;b&gt;oops\" aria-invalid=\"true\""));
    assert!(!page.contains("<b>oops"));
    // No newsletter, an unknown one: asked to choose.
    for chosen in ["", "no-such-newsletter"] {
        let (status, json) = post_json(
            app,
            &form(&[("email", "ana@example.org"), ("newsletter", chosen)]),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(
            json["errors"]["newsletter"],
            "Choose at least one newsletter."
        );
    }
    // Not even a form.
    let garbage = app
        .raw
        .post(app.url("/newsletters/subscribe"))
        .header("accept", "application/json")
        .body(vec![0xff, 0xfe, 0x00])
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 422);
    // Another site cannot be the way back.
    let away = post_form(
        app,
        "/newsletters/subscribe",
        &form(&[("email", "x"), ("return", "//evil.example/")]),
    )
    .await;
    assert!(
        answer_location(&away).starts_with("/#"),
        "{}",
        answer_location(&away)
    );

    assert_eq!(subscribers(app).await, before, "nothing was saved");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.count(), 0, "nothing was sent");
}

fn answer_location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn bots_repeats_and_existing_subscribers_get_the_same_answer(
    app: &TestApp,
    smtp: &SmtpServer,
) {
    let before = subscribers(app).await;
    // The honeypot: the same friendly answer, nothing saved, nothing sent.
    let (status, json) = post_json(
        app,
        &form(&[
            ("email", "bot@example.org"),
            ("newsletter", "daily-briefing"),
            ("website", "http://spam.example/"),
        ]),
    )
    .await;
    assert_eq!(status, 200);
    assert!(json["message"].as_str().unwrap().contains(SUCCESS));
    assert_eq!(subscribers(app).await, before);

    // Someone already subscribed (a demo reader): same answer; they get a note with
    // their preferences link instead of a confirmation.
    let (status, json) = post_json(
        app,
        &form(&[
            ("email", "ines.varga@example.org"),
            ("newsletter", "daily-briefing"),
        ]),
    )
    .await;
    assert_eq!(status, 200);
    assert!(json["message"].as_str().unwrap().contains(SUCCESS));
    let note = smtp.wait_for(1, Duration::from_secs(20)).await.remove(0);
    assert_eq!(note.envelope_to, "ines.varga@example.org");
    assert!(
        note.subject.contains("already subscribed"),
        "{}",
        note.subject
    );
    assert!(note.text.contains("/newsletters/preferences/"));
    assert!(!note.text.contains("/newsletters/confirm/"));

    // Seven signups for one address: seven identical answers, at most five emails.
    for _ in 0..7 {
        let (status, json) = post_json(
            app,
            &form(&[
                ("email", "dora@example.org"),
                ("newsletter", "weekly-column"),
            ]),
        )
        .await;
        assert_eq!(status, 200);
        assert!(json["message"].as_str().unwrap().contains(SUCCESS));
    }
    smtp.wait_for(1 + 5, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let to_dora = smtp
        .messages()
        .iter()
        .filter(|m| m.envelope_to == "dora@example.org")
        .count();
    assert_eq!(to_dora, 5, "the per-address limit holds");
}

async fn confirmation_links_that_are_tampered_or_reused_change_nothing(
    app: &TestApp,
    smtp: &SmtpServer,
) {
    let (status, _) = post_json(
        app,
        &form(&[
            ("email", "eve@example.org"),
            ("newsletter", "weekly-column"),
        ]),
    )
    .await;
    assert_eq!(status, 200);
    let link =
        path_of(&smtp.wait_for(1, Duration::from_secs(20)).await[0].link("/newsletters/confirm/"));
    let eve = app
        .db
        .subscriber_id_by_email(&EmailAddress::parse("eve@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    let status_of_eve = || async { app.db.subscriptions(eve).await.unwrap()[0].status };

    for tampered in [
        format!("{link}x"),
        link.replacen("confirm/", "confirm/A", 1),
        "/newsletters/confirm/not-a-token".to_owned(),
        "/newsletters/confirm/%00".to_owned(),
    ] {
        let page = app.get(&tampered).await;
        assert!(
            page.status == 400 || page.status == 404,
            "{tampered}: {}",
            page.status
        );
        assert_eq!(
            status_of_eve().await,
            byline_store::SubscriptionStatus::Pending
        );
    }
    let first = app.get(&link).await;
    assert_eq!(first.status, 200);
    assert_eq!(
        status_of_eve().await,
        byline_store::SubscriptionStatus::Active
    );
    let second = app.get(&link).await;
    assert_eq!(second.status, 200);
    assert!(second.html.contains("Already confirmed"));
    // An unsubscribe page from a garbled link.
    assert_eq!(
        app.get("/newsletters/unsubscribe/garbage").await.status,
        400
    );
    assert_eq!(
        app.get("/newsletters/preferences/garbage.x").await.status,
        400
    );
}
