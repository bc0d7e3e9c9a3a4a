//! The newsletter desk's newsletters: editors add and change them, mistakes come back
//! beside the fields with nothing saved, and nobody below an editor gets into any of
//! the newsletter desk. Issues are in `newsletter_issues.rs`.

use byline_core::editions::MAIN_EDITION;
use byline_core::newsletters::NewsletterDraft;
use byline_core::{EmailAddress, IssueId, NewsletterId, Role};
use byline_store::{ImportRow, IssueStatus};
use jiff::Timestamp;
use reqwest::StatusCode;

use crate::desk_client::{Answer, Desk};
use crate::helpers::TestApp;
use crate::on_both_engines;

/// Adds a newsletter straight to the database; returns its id.
pub(super) async fn add_newsletter(app: &TestApp, slug: &str, name: &str) -> NewsletterId {
    app.db
        .create_newsletter(
            &NewsletterDraft {
                slug: slug.to_owned(),
                name: name.to_owned(),
                description: format!("{name}, from the newsroom."),
                cadence: "Every weekday".to_owned(),
                sender_name: name.to_owned(),
                sender_email: format!("{slug}@ledger.example"),
                reply_to: String::new(),
                signup_open: true,
            },
            Timestamp::now(),
        )
        .await
        .unwrap()
}

/// Puts addresses on a newsletter, confirmed (`consent`) or waiting.
pub(super) async fn add_subscribers(
    app: &TestApp,
    newsletter_id: NewsletterId,
    people: &[(&str, bool)],
) {
    let rows: Vec<ImportRow> = people
        .iter()
        .map(|(email, consent)| ImportRow {
            email: EmailAddress::parse(email).unwrap(),
            name: String::new(),
            newsletter_ids: vec![newsletter_id],
            consent: *consent,
        })
        .collect();
    app.db
        .import_subscribers(&rows, "test", Timestamp::now())
        .await
        .unwrap();
}

async fn newsletter_count(app: &TestApp) -> usize {
    app.db.newsletters().await.unwrap().len()
}

pub(super) fn issue_id_from(location: &str) -> IssueId {
    location
        .trim_start_matches("/admin/newsletters/issues/")
        .split(['?', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

pub(super) fn field_errors(answer: &Answer) -> Vec<String> {
    answer.page().texts(".field-error")
}

/// Saves a new issue through the form and returns its id.
pub(super) async fn compose(
    desk: &Desk<'_>,
    newsletter_id: NewsletterId,
    subject: &str,
) -> IssueId {
    let newsletter = newsletter_id.to_string();
    let answer = desk
        .post(
            "/admin/newsletters/issues",
            &[
                ("newsletter", &newsletter),
                ("subject", subject),
                ("preheader", "What happened while you slept"),
                ("body", "Good morning.\n\nThe **council** met late."),
                ("op", "save"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    issue_id_from(answer.location.as_deref().unwrap())
}

async fn editors_add_and_change_newsletters(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let list = desk.get("/admin/newsletters/").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.page().count("form[action=\"/admin/newsletters\"]"), 1);

    let answer = desk
        .post(
            "/admin/newsletters",
            &[
                ("name", "  The Metro Desk  "),
                ("slug", ""),
                ("description", "City hall, courts and transit."),
                ("cadence", "Weekday mornings"),
                ("sender_name", "The Metro Desk"),
                ("sender_email", "Metro@Ledger.example"),
                ("reply_to", ""),
                ("signup_open", "on"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    assert_eq!(
        answer.location.as_deref(),
        Some("/admin/newsletters/?notice=created")
    );
    let stored = app
        .db
        .newsletter_by_slug("the-metro-desk")
        .await
        .unwrap()
        .expect("the slug is made from the name");
    assert_eq!(stored.name, "The Metro Desk");
    assert_eq!(stored.cadence, "Weekday mornings");
    assert!(stored.signup_open);

    add_subscribers(
        app,
        stored.id,
        &[("a@metro.example", true), ("b@metro.example", false)],
    )
    .await;
    let list = desk.get("/admin/newsletters/?notice=created").await;
    assert!(list.html.contains("Newsletter added."));
    let row = list
        .page()
        .texts(".newsletters-table tbody tr")
        .into_iter()
        .find(|row| row.contains("The Metro Desk"))
        .expect("the new newsletter is listed");
    assert!(
        row.contains("the-metro-desk") && row.contains("Weekday mornings"),
        "{row}"
    );
    assert!(row.contains("Open"), "{row}");

    let path = format!("/admin/newsletters/{}", stored.id);
    let form = desk.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(
        form.page().attrs("input[name=\"sender_email\"]", "value"),
        ["metro@ledger.example"]
    );
    let saved = desk
        .post(
            &path,
            &[
                ("name", "The Metro Desk"),
                ("slug", "metro"),
                ("cadence", "Six mornings a week"),
                ("sender_name", "Metro"),
                ("sender_email", "metro@ledger.example"),
                ("reply_to", "tips@ledger.example"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    let changed = app.db.newsletter(stored.id).await.unwrap().unwrap();
    assert_eq!(changed.slug, "metro");
    assert_eq!(changed.reply_to, "tips@ledger.example");
    assert!(!changed.signup_open, "an unticked box closes signup");
    let again = desk.get(&format!("{path}?notice=saved")).await;
    assert!(again.html.contains("Saved."));
    assert!(again.html.contains("<dd>1</dd>"), "counts are shown");
}

async fn bad_newsletters_come_back_beside_the_fields_and_nothing_is_saved(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    add_newsletter(app, "taken-slug", "Taken").await;
    let before = newsletter_count(app).await;
    let good = [
        ("name", "Night Owl"),
        ("slug", "night-owl"),
        ("sender_name", "Night Owl"),
        ("sender_email", "owl@ledger.example"),
    ];
    let cases: [(&str, &str, &str, StatusCode); 4] = [
        (
            "name",
            "   ",
            "Give the newsletter a name.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "sender_email",
            "owl at ledger",
            "Enter the address issues are sent from, like news@example.org.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "slug",
            "taken-slug",
            "Another newsletter already uses this address part.",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "slug",
            "Not A Slug!",
            "The address part is not usable",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (field, value, message, status) in cases {
        let fields: Vec<(&str, &str)> = good
            .iter()
            .map(|&(k, v)| if k == field { (k, value) } else { (k, v) })
            .collect();
        let answer = desk.post("/admin/newsletters", &fields).await;
        assert_eq!(answer.status, status, "{field}: {}", answer.html);
        let errors = field_errors(&answer);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with(message), "{errors:?}");
        assert_eq!(
            answer.page().attrs(&format!("#{field}"), "aria-invalid"),
            ["true"],
            "the mistake is on {field}"
        );
        assert_eq!(
            answer.page().attrs("#sender_name", "value"),
            ["Night Owl"],
            "what was typed is kept"
        );
        assert_eq!(newsletter_count(app).await, before, "nothing saved");
    }

    let id = add_newsletter(app, "second", "Second").await;
    let taken = desk
        .post(
            &format!("/admin/newsletters/{id}"),
            &[
                ("name", "Second"),
                ("slug", "taken-slug"),
                ("sender_name", "Second"),
                ("sender_email", "second@ledger.example"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_errors(&taken)[0].starts_with("Another newsletter already uses"));
    assert_eq!(app.db.newsletter(id).await.unwrap().unwrap().slug, "second");
    assert_eq!(
        desk.get("/admin/newsletters/999999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        desk.get("/admin/newsletters/nope").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn only_editors_and_admins_reach_the_newsletter_desk(app: &TestApp) {
    let newsletter = add_newsletter(app, "roles-test", "Roles").await;
    add_subscribers(app, newsletter, &[("someone@roles.example", true)]).await;
    let subscriber = app
        .db
        .subscriber_id_by_email(&EmailAddress::parse("someone@roles.example").unwrap())
        .await
        .unwrap()
        .unwrap();
    let editor = app.desk(Role::Editor).await;
    let issue = compose(&editor, newsletter, "Roles issue").await;
    let pages = [
        "/admin/newsletters/".to_owned(),
        format!("/admin/newsletters/{newsletter}"),
        "/admin/newsletters/issues/".to_owned(),
        "/admin/newsletters/issues/new".to_owned(),
        format!("/admin/newsletters/issues/{issue}"),
        format!("/admin/newsletters/issues/{issue}/preview"),
        format!("/admin/newsletters/issues/{issue}/send"),
        "/admin/subscribers/".to_owned(),
        format!("/admin/subscribers/{subscriber}"),
        "/admin/subscribers/export.csv".to_owned(),
        "/admin/subscribers/import".to_owned(),
    ];
    for role in Role::ALL {
        let desk = app.desk(role).await;
        let allowed = role >= Role::Editor;
        let home = desk.get("/admin/").await;
        for link in ["/admin/newsletters/", "/admin/subscribers/"] {
            assert_eq!(
                home.page().count(&format!(".desk-nav a[href=\"{link}\"]")),
                usize::from(allowed),
                "{role} sees {link} in the navigation"
            );
        }
        for path in &pages {
            let answer = desk.get(path).await;
            let expected = if allowed {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(answer.status, expected, "{role} opens {path}");
        }
        if allowed {
            continue;
        }
        let newsletter_field = newsletter.to_string();
        for (path, fields) in [
            (
                "/admin/newsletters".to_owned(),
                vec![
                    ("name", "Sneaky"),
                    ("sender_name", "S"),
                    ("sender_email", "s@x.org"),
                ],
            ),
            (
                format!("/admin/newsletters/{newsletter}"),
                vec![
                    ("name", "Renamed"),
                    ("sender_name", "S"),
                    ("sender_email", "s@x.org"),
                ],
            ),
            (
                "/admin/newsletters/issues".to_owned(),
                vec![("newsletter", &newsletter_field), ("subject", "Sneaky")],
            ),
            (
                format!("/admin/newsletters/issues/{issue}"),
                vec![("newsletter", &newsletter_field), ("subject", "Changed")],
            ),
            (format!("/admin/newsletters/issues/{issue}/send"), vec![]),
            (
                format!("/admin/newsletters/issues/{issue}/unschedule"),
                vec![],
            ),
            (
                format!("/admin/subscribers/{subscriber}/delete"),
                vec![("confirm", "yes")],
            ),
        ] {
            let answer = desk.post(&path, &fields).await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{role} posts to {path}"
            );
            assert!(answer.html.contains("Only editors and administrators"));
        }
    }
    assert_eq!(
        app.db.newsletter(newsletter).await.unwrap().unwrap().name,
        "Roles"
    );
    let stored = app.db.issue(issue).await.unwrap().unwrap();
    assert_eq!(
        (stored.subject.as_str(), stored.status),
        ("Roles issue", IssueStatus::Draft)
    );
    assert!(
        app.db
            .subscriber_detail(subscriber)
            .await
            .unwrap()
            .is_some()
    );
}

/// The form's fields for a stored newsletter, with `edition` chosen.
fn edit_fields<'a>(
    newsletter: &'a byline_store::Newsletter,
    edition: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("edition", edition),
        ("name", &newsletter.name),
        ("slug", &newsletter.slug),
        ("description", &newsletter.description),
        ("cadence", &newsletter.cadence),
        ("sender_name", &newsletter.sender_name),
        ("sender_email", &newsletter.sender_email),
        ("reply_to", &newsletter.reply_to),
        ("signup_open", "on"),
    ]
}

async fn on_a_site_with_editions_each_newsletter_is_given_its_edition(app: &TestApp) {
    let editions = app.db.editions().await.unwrap();
    let uk = editions
        .iter()
        .find(|edition| edition.prefix.as_str() == "uk")
        .expect("the demo has an edition at /uk/");
    let uk_id = uk.id.to_string();
    let desk = app.desk(Role::Editor).await;

    let list = desk.get("/admin/newsletters/").await;
    let page = list.page();
    assert_eq!(
        page.attrs("#edition option", "value"),
        editions
            .iter()
            .map(|edition| edition.id.to_string())
            .collect::<Vec<_>>(),
        "the add form offers every edition"
    );
    assert_eq!(
        page.attrs("#edition option[selected]", "value"),
        [MAIN_EDITION.to_string()],
        "an English desk starts in the main edition"
    );
    assert!(
        page.texts(".newsletters-table th")
            .contains(&"Edition".to_owned())
    );

    // A new newsletter, straight into the Ukrainian edition.
    let added = desk
        .post(
            "/admin/newsletters",
            &[
                ("edition", &uk_id),
                ("name", "Вечірній лист"),
                ("slug", "vechirnii-lyst"),
                ("sender_name", "Колдерський вісник"),
                ("sender_email", "vechir@ledger.example"),
                ("signup_open", "on"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    let evening = app
        .db
        .newsletter_by_slug("vechirnii-lyst")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(evening.edition_id, uk.id);
    let in_uk: Vec<String> = app
        .db
        .edition_newsletters(uk.id)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.slug)
        .collect();
    assert_eq!(in_uk, ["vechirnii-lyst"]);
    let row = desk
        .get("/admin/newsletters/")
        .await
        .page()
        .texts(".newsletters-table tbody tr")
        .into_iter()
        .find(|row| row.contains("Вечірній лист"))
        .expect("listed");
    assert!(row.contains(&uk.title) && row.contains("/uk/"), "{row}");

    // The demo's daily briefing moves to the Ukrainian edition: its signup box goes
    // with it.
    let footer_box = "newsletter-box-footer";
    assert!(app.get("/").await.html.contains(footer_box));
    assert!(!app.get("/uk/").await.html.contains(footer_box));
    let daily = app
        .db
        .newsletter_by_slug("daily-briefing")
        .await
        .unwrap()
        .unwrap();
    let path = format!("/admin/newsletters/{}", daily.id);
    let form = desk.get(&path).await;
    assert_eq!(
        form.page().attrs("#edition option[selected]", "value"),
        [MAIN_EDITION.to_string()]
    );
    let moved = desk.post(&path, &edit_fields(&daily, &uk_id)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.html);
    let after = app.db.newsletter(daily.id).await.unwrap().unwrap();
    assert_eq!(after.edition_id, uk.id);
    assert_eq!(after.name, daily.name, "the rest is as it was");
    app.eventually_shows("/uk/", footer_box).await;
    assert!(
        !app.get("/").await.html.contains(footer_box),
        "the main edition no longer offers it"
    );
    assert_eq!(
        desk.get(&path)
            .await
            .page()
            .attrs("#edition option[selected]", "value"),
        std::slice::from_ref(&uk_id)
    );

    // An edition that does not exist, or is no number, is a mistake beside the
    // field, and nothing changes.
    for bad in ["999999", "garbage", "-1", "1.5"] {
        let refused = desk.post(&path, &edit_fields(&daily, bad)).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            refused.html
        );
        assert_eq!(
            refused.page().texts("#edition-error"),
            ["Choose one of the site's editions."],
            "{bad}"
        );
        assert_eq!(
            app.db
                .newsletter(daily.id)
                .await
                .unwrap()
                .unwrap()
                .edition_id,
            uk.id,
            "{bad}: not moved"
        );
        let before = newsletter_count(app).await;
        let mut fields = edit_fields(&daily, bad);
        fields.retain(|(key, _)| *key != "slug");
        fields.push(("slug", "another-one"));
        let not_added = desk.post("/admin/newsletters", &fields).await;
        assert_eq!(not_added.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(newsletter_count(app).await, before, "{bad}: nothing added");
    }
}

/// A site with one edition shows no choice of edition, and a newsletter added there
/// is in the main edition.
#[tokio::test]
async fn a_site_with_one_edition_offers_no_choice() {
    let app = TestApp::empty().await;
    add_newsletter(&app, "only-one", "The Only One").await;
    let desk = app.desk(Role::Editor).await;
    let list = desk.get("/admin/newsletters/").await;
    assert_eq!(list.status, StatusCode::OK);
    let page = list.page();
    assert_eq!(page.count("#edition"), 0, "{}", list.html);
    assert!(
        page.texts(".newsletters-table th")
            .iter()
            .all(|head| head != "Edition"),
        "{}",
        list.html
    );
    let added = desk
        .post(
            "/admin/newsletters",
            &[
                ("name", "Second One"),
                ("sender_name", "Desk"),
                ("sender_email", "desk@ledger.example"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.html);
    let stored = app
        .db
        .newsletter_by_slug("second-one")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.edition_id, MAIN_EDITION);
    app.stop().await;
}

on_both_engines!(
    editors_add_and_change_newsletters,
    bad_newsletters_come_back_beside_the_fields_and_nothing_is_saved,
    only_editors_and_admins_reach_the_newsletter_desk,
    on_a_site_with_editions_each_newsletter_is_given_its_edition,
);
