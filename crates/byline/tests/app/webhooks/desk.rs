//! Settings → Integrations lists every webhook with its last deliveries and their
//! errors, so an administrator can see why a tool stopped hearing from the site.

use std::time::Duration;

use byline_core::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::receiver::Receiver;
use super::{add_webhook, for_webhooks};
use crate::admin_api::posts::Client;
use crate::helpers::TestApp;

#[tokio::test]
async fn the_desk_lists_webhooks_with_their_last_deliveries() {
    let app = TestApp::sqlite_with(for_webhooks).await;
    let receiver = Receiver::up();
    receiver.answer(500);
    let client = Client::new(&app, "Search indexer").await;
    let (status, body) = add_webhook(&client, "tag.added", &receiver.url("/tags"), Some("x")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _) = client
        .send(
            Method::POST,
            "tags/",
            Some(json!({ "tags": [{ "name": "Tides" }] })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let started = std::time::Instant::now();
    while receiver.received().len() < 2 {
        assert!(started.elapsed() < Duration::from_secs(10), "no retries");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let admin = app.desk(Role::Admin).await;
    let page = admin.get("/admin/integrations").await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = page.page().texts(".webhooks-table tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert!(
        row.contains("Search indexer") && row.contains("tag.added"),
        "{row}"
    );
    assert!(row.contains(&receiver.url("/tags")), "{row}");
    assert!(row.contains("failed (the receiver answered 500"), "{row}");
    assert!(row.contains("waiting after"), "{row}");

    receiver.answer(200);
    receiver.wait_for(1, Duration::from_secs(10)).await;
    let page = admin.get("/admin/integrations").await;
    let row = page.page().texts(".webhooks-table tbody tr").concat();
    assert!(row.contains("answered 200"), "{row}");
    assert!(row.contains("delivered after"), "{row}");
    app.stop().await;
}
