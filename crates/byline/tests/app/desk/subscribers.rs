//! Subscribers in the desk: search and filters, one person's page, deleting a person
//! completely on request, the CSV export, and the CSV import that checks every line
//! before importing any.

use byline_core::{EmailAddress, Role, SubscriberId};
use byline_store::{ImportRow, SubscriptionStatus};
use jiff::Timestamp;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, COOKIE};

use super::newsletters::{add_newsletter, add_subscribers};
use crate::desk_client::Desk;
use crate::helpers::TestApp;
use crate::on_both_engines;

async fn id_of(app: &TestApp, email: &str) -> Option<SubscriberId> {
    app.db
        .subscriber_id_by_email(&EmailAddress::parse(email).unwrap())
        .await
        .unwrap()
}

async fn statuses_of(app: &TestApp, email: &str) -> Vec<(String, SubscriptionStatus)> {
    let id = id_of(app, email).await.expect("the address is stored");
    app.db
        .subscriptions(id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.newsletter_slug, s.status))
        .collect()
}

/// The addresses listed on a subscribers page.
async fn listed(desk: &Desk<'_>, path: &str) -> Vec<String> {
    let answer = desk.get(path).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.html);
    answer.page().texts(".subscribers-table tbody th a")
}

async fn import(desk: &Desk<'_>, csv: &str, newsletter: &str) -> crate::desk_client::Answer {
    desk.post_multipart(
        "/admin/subscribers/import",
        &[("newsletter", newsletter)],
        Some(("file", "readers.csv", csv.as_bytes().to_vec())),
    )
    .await
}

async fn subscribers_are_found_by_address_name_newsletter_and_state(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let metro = add_newsletter(app, "search-metro", "Search Metro").await;
    let arts = add_newsletter(app, "search-arts", "Search Arts").await;
    app.db
        .import_subscribers(
            &[
                ImportRow {
                    email: EmailAddress::parse("ana@search.example").unwrap(),
                    name: "Ana Silva".to_owned(),
                    newsletter_ids: vec![metro, arts],
                    consent: true,
                },
                ImportRow {
                    email: EmailAddress::parse("ben@search.example").unwrap(),
                    name: "Ben Okafor".to_owned(),
                    newsletter_ids: vec![metro],
                    consent: false,
                },
            ],
            "test",
            Timestamp::now(),
        )
        .await
        .unwrap();
    assert_eq!(
        listed(&desk, "/admin/subscribers/?q=SILVA").await,
        ["ana@search.example"]
    );
    assert_eq!(
        listed(&desk, "/admin/subscribers/?q=%40search.example")
            .await
            .len(),
        2
    );
    assert_eq!(
        listed(
            &desk,
            &format!("/admin/subscribers/?newsletter={metro}&status=pending")
        )
        .await,
        ["ben@search.example"]
    );
    assert_eq!(
        listed(&desk, &format!("/admin/subscribers/?newsletter={arts}")).await,
        ["ana@search.example"]
    );
    assert!(
        listed(&desk, "/admin/subscribers/?q=nobody-like-this")
            .await
            .is_empty()
    );
    let row = desk.get("/admin/subscribers/?q=ana%40search").await;
    let cells = row.page().texts(".subscribers-table tbody td");
    assert!(cells.contains(&"Ana Silva".to_owned()), "{cells:?}");
    assert!(
        cells.iter().filter(|c| c.as_str() == "Confirmed").count() >= 2,
        "{cells:?}"
    );
    // Nonsense filters are ignored rather than refused.
    assert_eq!(
        desk.get("/admin/subscribers/?newsletter=x&status=gone&page=-4")
            .await
            .status,
        StatusCode::OK
    );

    let many: Vec<(String, bool)> = (0..55)
        .map(|n| (format!("reader{n:02}@paging.example"), true))
        .collect();
    let people: Vec<(&str, bool)> = many.iter().map(|(e, c)| (e.as_str(), *c)).collect();
    add_subscribers(app, metro, &people).await;
    let first = listed(&desk, "/admin/subscribers/?q=paging.example").await;
    assert_eq!(first.len(), 50);
    let page = desk.get("/admin/subscribers/?q=paging.example").await;
    let next = page.page().attrs(".pagination a[rel=\"next\"]", "href");
    assert_eq!(next.len(), 1);
    assert_eq!(listed(&desk, &next[0]).await.len(), 5);
}

async fn a_person_is_shown_and_deleted_completely_on_request(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    let newsletter = add_newsletter(app, "delete-test", "Delete Test").await;
    add_subscribers(app, newsletter, &[("forget.me@delete.example", true)]).await;
    let id = id_of(app, "forget.me@delete.example").await.unwrap();
    let path = format!("/admin/subscribers/{id}");
    let page = desk.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains("forget.me@delete.example"));
    let subscription = page.page().texts(".subscriptions-table tbody tr");
    assert!(
        subscription[0].contains("Delete Test") && subscription[0].contains("Confirmed"),
        "{subscription:?}"
    );
    assert!(page.page().texts(".subscriber-history li")[0].contains("imported"));

    let unconfirmed = desk.post(&format!("{path}/delete"), &[]).await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unconfirmed.html.contains("Tick the box to confirm"));
    assert!(id_of(app, "forget.me@delete.example").await.is_some());

    let deleted = desk
        .post(&format!("{path}/delete"), &[("confirm", "yes")])
        .await;
    assert_eq!(
        deleted.location.as_deref(),
        Some("/admin/subscribers/?notice=deleted")
    );
    assert!(id_of(app, "forget.me@delete.example").await.is_none());
    assert!(
        desk.get("/admin/subscribers/?notice=deleted")
            .await
            .html
            .contains("The person was deleted")
    );
    assert_eq!(desk.get(&path).await.status, StatusCode::NOT_FOUND);
    let twice = desk
        .post(&format!("{path}/delete"), &[("confirm", "yes")])
        .await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
    assert_eq!(
        desk.get("/admin/subscribers/abc").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn the_export_lists_every_subscription_as_csv(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let newsletter = add_newsletter(app, "export-test", "Export Test").await;
    app.db
        .import_subscribers(
            &[ImportRow {
                email: EmailAddress::parse("csv@export.example").unwrap(),
                name: "=HYPERLINK(\"x\"), Esq.".to_owned(),
                newsletter_ids: vec![newsletter],
                consent: true,
            }],
            "test file",
            Timestamp::now(),
        )
        .await
        .unwrap();
    let response = app
        .raw
        .get(app.url("/admin/subscribers/export.csv"))
        .header(COOKIE, &desk.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/csv; charset=utf-8");
    let disposition = response.headers()[CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"subscribers-"),
        "{disposition}"
    );
    let body = response.text().await.unwrap();
    let mut lines = body.lines();
    assert_eq!(
        lines.next(),
        Some("email,name,newsletter,status,requested_at,confirmed_at,left_at,source")
    );
    let line = lines
        .find(|line| line.starts_with("csv@export.example,"))
        .expect("the address is exported");
    let fields: Vec<&str> = line.split(',').collect();
    assert_eq!(fields[1], "\"'=HYPERLINK(\"\"x\"\")", "{line}");
    assert_eq!(fields[2], " Esq.\"");
    assert_eq!(&fields[3..5], ["export-test", "active"]);
    for time in [fields[5], fields[6]] {
        time.parse::<Timestamp>()
            .unwrap_or_else(|e| panic!("{time} is not RFC 3339: {e}"));
    }
    assert_eq!(fields[7], "", "never left");
    assert_eq!(fields[8], "test file");
}

async fn a_good_import_reports_what_it_did(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let metro = add_newsletter(app, "import-metro", "Import Metro").await;
    add_newsletter(app, "import-arts", "Import Arts").await;
    let csv = "Email,Name,Consent,Newsletters\n\
               yes@import.example,Yara,yes,import-metro\n\
               no@import.example,\"Okafor, Nia\",no,import-metro\n\
               both@import.example,,TRUE,import-metro;import-arts\n";
    let answer = import(&desk, csv, "").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.html);
    let page = answer.page();
    assert_eq!(page.texts(".import-confirmed"), ["3"]);
    assert_eq!(page.texts(".import-pending"), ["1"]);
    assert_eq!(page.texts(".import-unchanged"), ["0"]);
    assert_eq!(
        statuses_of(app, "yes@import.example").await,
        [("import-metro".to_owned(), SubscriptionStatus::Active)]
    );
    assert_eq!(
        statuses_of(app, "no@import.example").await,
        [("import-metro".to_owned(), SubscriptionStatus::Pending)]
    );
    assert_eq!(statuses_of(app, "both@import.example").await.len(), 2);

    // Without a newsletters column the form's choice applies; known addresses stay.
    let again = import(
        &desk,
        "email,consent\nyes@import.example,y\nnew@import.example,0\n",
        &metro.to_string(),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.html);
    assert_eq!(again.page().texts(".import-unchanged"), ["1"]);
    assert_eq!(again.page().texts(".import-pending"), ["1"]);
}

async fn a_file_with_one_bad_line_imports_nothing(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    add_newsletter(app, "bad-import", "Bad Import").await;
    let csv = "email,consent,newsletters\n\
               fine@bad.example,yes,bad-import\n\
               not an address,yes,bad-import\n\
               also.fine@bad.example,no,bad-import\n";
    let answer = import(&desk, csv, "").await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems = answer.page().texts(".import-problems li");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("Line 3:"), "{problems:?}");
    assert!(problems[0].contains("“not an address”"), "{problems:?}");
    assert!(answer.html.contains("Nothing was imported"));
    assert!(id_of(app, "fine@bad.example").await.is_none());
    assert!(id_of(app, "also.fine@bad.example").await.is_none());

    let unknown = import(
        &desk,
        "email,consent,newsletters\nx@bad.example,maybe,nightly\n",
        "",
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems = unknown.page().texts(".import-problems li");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().all(|p| p.starts_with("Line 2:")));
}

async fn files_missing_a_required_column_or_content_are_refused(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let newsletter = add_newsletter(app, "columns-test", "Columns")
        .await
        .to_string();
    let no_consent = import(&desk, "email,name\nnc@columns.example,Nia\n", &newsletter).await;
    assert_eq!(no_consent.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems = no_consent.page().texts(".import-problems li");
    assert!(
        problems[0].starts_with("Line 1: The file has no “consent” column"),
        "{problems:?}"
    );
    assert!(id_of(app, "nc@columns.example").await.is_none());

    let empty = import(&desk, "", &newsletter).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let no_file = desk
        .post_multipart(
            "/admin/subscribers/import",
            &[("newsletter", &newsletter)],
            None,
        )
        .await;
    assert_eq!(no_file.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_file.html.contains("Choose the CSV file to import."));
    let no_newsletter = import(&desk, "email,consent\nnn@columns.example,yes\n", "").await;
    assert_eq!(no_newsletter.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_newsletter
            .page()
            .texts(".field-error")
            .iter()
            .any(|e| e.contains("choose the newsletter to import into"))
    );
    let forged = desk
        .app
        .raw
        .post(app.url("/admin/subscribers/import"))
        .header(COOKIE, &desk.cookie)
        .multipart(
            reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(b"email,consent\nf@columns.example,yes\n".to_vec())
                    .file_name("f.csv"),
            ),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(id_of(app, "f@columns.example").await.is_none());
}

on_both_engines!(
    subscribers_are_found_by_address_name_newsletter_and_state,
    a_person_is_shown_and_deleted_completely_on_request,
    the_export_lists_every_subscription_as_csv,
    a_good_import_reports_what_it_did,
    a_file_with_one_bad_line_imports_nothing,
    files_missing_a_required_column_or_content_are_refused,
);
