//! The reader's whole path: sign up (with and without JavaScript), confirm from the
//! email, receive exactly one copy of an issue, leave in one click or from the
//! preferences page.

use std::collections::BTreeMap;
use std::time::Duration;

use byline_core::EmailAddress;
use byline_store::{IssueStatus, SubscriptionStatus};

use super::smtp::{SmtpServer, path_of};
use super::{form, post_form, post_json, send_issue, wait_until_delivered};
use crate::helpers::TestApp;
use crate::with_smtp_on_both_engines;

with_smtp_on_both_engines!(a_reader_signs_up_confirms_gets_one_copy_and_leaves_in_one_click);

const ARTICLE: &str = "/alder-street-bridge-to-close/";
const BOX: &str = "signup-article-daily-briefing";
const SUCCESS: &str = "a confirmation email is on its way";

async fn a_reader_signs_up_confirms_gets_one_copy_and_leaves_in_one_click(
    app: &TestApp,
    smtp: &SmtpServer,
) {
    // Without JavaScript: the form posts, the page comes back with the answer in
    // the box that was used, once.
    let page = app.get(ARTICLE).await;
    assert!(
        page.html.contains(&format!("id=\"{BOX}\"")),
        "the article has its box"
    );
    let answer = post_form(
        app,
        "/newsletters/subscribe",
        &form(&[
            ("email", "Ana.Silva@Example.org"),
            ("name", "Ana"),
            ("newsletter", "daily-briefing"),
            ("box", BOX),
            ("return", ARTICLE),
            ("website", ""),
        ]),
    )
    .await;
    assert_eq!(answer.status(), 303);
    assert_eq!(answer.headers()["location"], format!("{ARTICLE}#{BOX}"));
    let cookie = answer.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let back = app
        .raw
        .get(app.url(ARTICLE))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(back.headers()["cache-control"], "private, no-store");
    let html = back.text().await.unwrap();
    let status_line = html
        .split(&format!("id=\"{BOX}-status\""))
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert!(status_line.contains(SUCCESS), "{status_line}");
    assert!(
        !app.get(ARTICLE).await.html.contains(SUCCESS),
        "the shared page never carries one reader's answer"
    );

    // With JavaScript: JSON, same words.
    let (status, json) = post_json(
        app,
        &form(&[
            ("email", "bob@example.org"),
            ("newsletter", "daily-briefing"),
        ]),
    )
    .await;
    assert_eq!(status, 200, "{json}");
    assert!(json["message"].as_str().unwrap().contains(SUCCESS));
    // Carl never confirms.
    let (status, _) = post_json(
        app,
        &form(&[
            ("email", "carl@example.org"),
            ("newsletter", "daily-briefing"),
        ]),
    )
    .await;
    assert_eq!(status, 200);

    let confirmations = smtp.wait_for(3, Duration::from_secs(20)).await;
    let to = |address: &str| {
        confirmations
            .iter()
            .find(|m| m.envelope_to == address)
            .unwrap_or_else(|| panic!("no confirmation for {address}"))
            .clone()
    };
    let ana = to("ana.silva@example.org");
    assert!(
        ana.subject.contains("The Daily Briefing"),
        "{}",
        ana.subject
    );
    assert!(
        ana.from.contains("briefing@calder-ledger.example.org"),
        "{}",
        ana.from
    );
    assert!(ana.defects.is_empty(), "{:?}", ana.defects);
    for reader in [ana, to("bob@example.org")] {
        let link = reader.link("/newsletters/confirm/");
        assert!(link.starts_with("https://news.example.test/newsletters/confirm/"));
        let page = app.get(&path_of(&link)).await;
        assert_eq!(page.status, 200);
        assert!(
            page.html.contains("You&#39;re subscribed") || page.html.contains("You're subscribed")
        );
        assert!(page.html.contains("The Daily Briefing"));
    }

    // The send: the three demo readers and the two who confirmed; not Carl.
    let (issue, recipients) = send_issue(&app.db, "daily-briefing", "Floodwall vote tonight").await;
    assert_eq!(recipients, 5);
    let all = smtp.wait_for(3 + 5, Duration::from_secs(30)).await;
    wait_until_delivered(&app.db, issue, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let copies: Vec<_> = smtp
        .messages()
        .into_iter()
        .filter(|m| m.subject == "Floodwall vote tonight")
        .collect();
    assert_eq!(all.len(), 8);
    let mut per_reader: BTreeMap<String, usize> = BTreeMap::new();
    for copy in &copies {
        *per_reader.entry(copy.envelope_to.clone()).or_default() += 1;
    }
    assert_eq!(
        per_reader.keys().cloned().collect::<Vec<_>>(),
        [
            "ana.silva@example.org",
            "bob@example.org",
            "ines.varga@example.org",
            "priya.hale@example.org",
            "tomas.reyes@example.org"
        ]
    );
    assert!(per_reader.values().all(|n| *n == 1), "{per_reader:?}");
    let ana_copy = copies
        .iter()
        .find(|m| m.envelope_to == "ana.silva@example.org")
        .unwrap();
    let unsubscribe_header = ana_copy.list_unsubscribe.clone().unwrap();
    assert!(
        unsubscribe_header.starts_with("<https://news.example.test/newsletters/unsubscribe/"),
        "{unsubscribe_header}"
    );
    assert!(
        unsubscribe_header.contains("<mailto:"),
        "{unsubscribe_header}"
    );
    assert_eq!(
        ana_copy.list_unsubscribe_post.as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(ana_copy.defects.is_empty(), "{:?}", ana_copy.defects);
    // The same Message-ID however often it is sent, so a copy is recognisably one.
    assert!(
        ana_copy.message_id.starts_with(&format!("<issue-{issue}."))
            && ana_copy.message_id.ends_with("@calder-ledger.example.org>"),
        "{}",
        ana_copy.message_id
    );
    let html = ana_copy.html.as_deref().unwrap();
    assert!(html.contains("<strong>floodwall</strong>"), "{html}");
    assert!(html.contains("href=\"https://news.example.test/council-approves-city-budget/\""));
    assert!(ana_copy.text.contains("/newsletters/preferences/"));
    let progress = app.db.delivery_progress(issue).await.unwrap();
    assert_eq!((progress.sent, progress.failed, progress.queued), (5, 0, 0));
    for _ in 0..50 {
        if app.db.issue(issue).await.unwrap().unwrap().status == IssueStatus::Sent {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        app.db.issue(issue).await.unwrap().unwrap().status,
        IssueStatus::Sent
    );

    // One click (RFC 8058), then the same request again: nothing more changes.
    let unsubscribe_url = unsubscribe_header[1..].split('>').next().unwrap();
    let one_click = || async {
        app.raw
            .post(app.url(&path_of(unsubscribe_url)))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap()
    };
    let first = one_click().await;
    assert_eq!(first.status(), 200);
    assert!(
        first
            .text()
            .await
            .unwrap()
            .contains("You have been unsubscribed")
    );
    let again = one_click().await;
    assert_eq!(again.status(), 200);
    assert!(again.text().await.unwrap().contains("already unsubscribed"));
    let ana_id = app
        .db
        .subscriber_id_by_email(&EmailAddress::parse("ana.silva@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    let standing = app.db.subscriptions(ana_id).await.unwrap();
    assert_eq!(standing[0].status, SubscriptionStatus::Left);
    // A link with a changed character is refused and changes nothing.
    let mut tampered = path_of(unsubscribe_url);
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let refused = app
        .raw
        .post(app.url(&tampered))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);

    // Bob leaves everything from the preferences page, no password needed.
    let bob_copy = copies
        .iter()
        .find(|m| m.envelope_to == "bob@example.org")
        .unwrap();
    let preferences = path_of(&bob_copy.link("/newsletters/preferences/"));
    let page = app.get(&preferences).await;
    assert_eq!(page.status, 200);
    assert!(
        page.html.contains("On the Waterfront"),
        "every open newsletter is offered"
    );
    let saved = post_form(app, &preferences, "do=leave-all").await;
    assert_eq!(saved.status(), 200);
    let bob_id = app
        .db
        .subscriber_id_by_email(&EmailAddress::parse("bob@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        app.db
            .subscriptions(bob_id)
            .await
            .unwrap()
            .iter()
            .all(|s| s.status == SubscriptionStatus::Left)
    );
}
