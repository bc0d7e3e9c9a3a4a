//! Two nodes on one PostgreSQL database, both running delivery loops: each event
//! reaches the receiver once, in order, whichever node made the change.

use std::time::Duration;

use byline_store::Db;
use serde_json::json;

use super::receiver::Receiver;
use super::{add_webhook, draft, edit, for_webhooks};
use crate::admin_api::posts::Client;
use crate::helpers::TestApp;

#[tokio::test]
async fn two_nodes_deliver_each_event_once_in_order() {
    let first = TestApp::postgres_with(for_webhooks).await;
    let url = first.postgres_url().unwrap().to_owned();
    let second = TestApp::on_with(Db::connect(&url).await.unwrap(), for_webhooks).await;
    let receiver = Receiver::up();
    let on_first = Client::new(&first, "Mirror").await;
    let (status, body) = add_webhook(&on_first, "post.edited", &receiver.url("/"), None).await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{body}");
    // The second node's client signs with a key of its own integration; the
    // webhook belongs to the first, and hears of every edit.
    let on_second = Client::new(&second, "Desk bot").await;
    let id = draft(&on_first, "Version 0").await;
    const EDITS: usize = 10;
    for n in 1..=EDITS {
        let client = if n % 2 == 0 { &on_first } else { &on_second };
        edit(client, &id, json!({ "title": format!("Version {n}") })).await;
    }
    let accepted = receiver.wait_for(EDITS, Duration::from_secs(20)).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(receiver.received().len(), EDITS, "each event once");
    let before: Vec<String> = accepted
        .iter()
        .map(|r| {
            r.json()["post"]["previous"]["title"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let expected: Vec<String> = (0..EDITS).map(|n| format!("Version {n}")).collect();
    assert_eq!(before, expected, "in order");
    second.stop().await;
    first.stop().await;
}
