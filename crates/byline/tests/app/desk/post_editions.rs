//! Every post is written in an edition, and the desk works in the staff member's:
//! an editor whose desk speaks Ukrainian lands on the Ukrainian edition's posts
//! (`?edition=all` shows every edition, each row naming its own), writes a new post
//! there unless they choose another edition, and can move a post to another edition,
//! which moves its public address. Values that name no edition, and a move into an
//! edition that already holds a version of the story, are refused with a message
//! and change nothing. (The demo has a Ukrainian edition at `/uk/`.)

use byline_core::editions::MAIN_EDITION;
use byline_core::{EditionId, PostId, Role};
use byline_store::DeskFilter;
use reqwest::StatusCode;

use crate::desk_client::{Desk, post_id_from};
use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(
    a_ukrainian_desk_lists_the_ukrainian_edition_and_every_edition_on_request,
    a_post_written_in_the_ukrainian_edition_is_published_under_its_prefix,
    moving_a_post_changes_its_address_and_a_version_already_there_is_refused,
);

/// An editor whose desk speaks Ukrainian, set as they would set it.
async fn ukrainian_editor(app: &TestApp) -> Desk<'_> {
    let editor = app.desk(Role::Editor).await;
    let saved = editor
        .post("/admin/account", &[("desk_language", "uk")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    editor
}

/// The titles the desk lists first for `edition` (`None`: every edition).
async fn first_titles(app: &TestApp, edition: Option<EditionId>) -> (i64, Vec<String>) {
    let filter = DeskFilter {
        edition,
        ..DeskFilter::default()
    };
    let page = app.db.desk_posts(filter, 30, 0).await.unwrap();
    let titles = page.items.iter().map(|row| row.summary.title.clone());
    (page.total, titles.collect())
}

async fn a_ukrainian_desk_lists_the_ukrainian_edition_and_every_edition_on_request(app: &TestApp) {
    let uk = app.demo_ukrainian_edition().await;
    let editor = ukrainian_editor(app).await;

    let list = editor.get("/admin/").await;
    assert_eq!(list.status, StatusCode::OK);
    let page = list.page();
    let (uk_total, uk_titles) = first_titles(app, Some(uk.id)).await;
    assert!(uk_total > 0);
    assert_eq!(page.texts(".posts-table .cell-title a"), uk_titles);
    assert_eq!(
        page.texts(".edition-filters a[aria-current=page]"),
        std::slice::from_ref(&uk.title)
    );
    let view_links = page.attrs(".posts-table td a", "href");
    assert!(!view_links.is_empty());
    assert!(
        view_links.iter().all(|href| href.starts_with("/uk/")),
        "public links carry the edition's prefix: {view_links:?}"
    );
    assert_eq!(
        page.attrs(".page-head a.button", "href"),
        [format!("/admin/posts/new?edition={}", uk.id)]
    );
    // The status filter keeps the edition.
    assert!(
        page.attrs(".filters a", "href")
            .contains(&format!("/admin/?edition={}&status=draft", uk.id))
    );
    assert!(
        !page.texts("th[scope=col]").contains(&"Видання".to_owned()),
        "one edition needs no edition column"
    );

    // Every edition, each row naming its own.
    let all = editor.get("/admin/?edition=all").await;
    assert_eq!(all.status, StatusCode::OK);
    let page = all.page();
    let (total, titles) = first_titles(app, None).await;
    assert!(total > uk_total);
    assert_eq!(page.texts(".posts-table .cell-title a"), titles);
    assert!(page.texts("th[scope=col]").contains(&"Видання".to_owned()));
    assert_eq!(
        page.texts(".edition-filters a[aria-current=page]"),
        ["Усі видання"]
    );
    let main_title = app.db.edition(MAIN_EDITION).await.unwrap().title;
    let named: Vec<String> = page.texts(".posts-table td span[lang]");
    assert!(
        named.contains(&uk.title) && named.contains(&main_title),
        "{named:?}"
    );
    assert!(
        page.attrs(".filters a", "href")
            .contains(&"/admin/?edition=all&status=published".to_owned())
    );
    let published = editor.get("/admin/?edition=all&status=published").await;
    assert_eq!(
        published
            .page()
            .attrs(".edition-filters a[aria-current=page]", "href"),
        ["/admin/?edition=all&status=published"],
        "the edition links keep the status"
    );

    // The main edition, chosen; and an English colleague starts there.
    let main = editor.get(&format!("/admin/?edition={MAIN_EDITION}")).await;
    let (_, main_titles) = first_titles(app, Some(MAIN_EDITION)).await;
    assert_eq!(main.page().texts(".posts-table .cell-title a"), main_titles);
    let colleague = app.desk(Role::Admin).await;
    let theirs = colleague.get("/admin/").await.page();
    assert_eq!(theirs.texts(".posts-table .cell-title a"), main_titles);
    assert_eq!(
        theirs.texts(".edition-filters a[aria-current=page]"),
        [main_title]
    );

    // Paging keeps the edition (the demo has more than a page of posts in all).
    if total > 30 {
        let pages = editor.get("/admin/?edition=all").await.page();
        assert!(
            pages
                .attrs(".pagination a", "href")
                .contains(&"/admin/?edition=all&page=2".to_owned())
        );
    }

    // Addresses that name no edition.
    for bad in ["999", "abc", "-1", "1.5"] {
        let refused = editor.get(&format!("/admin/?edition={bad}")).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(refused.html.contains("Такого видання немає"), "{bad}");
    }
}

async fn a_post_written_in_the_ukrainian_edition_is_published_under_its_prefix(app: &TestApp) {
    let uk = app.demo_ukrainian_edition().await;
    let editor = app.desk(Role::Editor).await;

    // The composer preselects the list's edition, else the writer's own.
    let chosen =
        |form: &crate::desk_client::Answer| form.page().attrs("#edition option[selected]", "value");
    let form = editor
        .get(&format!("/admin/posts/new?edition={}", uk.id))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(chosen(&form), [uk.id.to_string()]);
    let plain = editor.get("/admin/posts/new").await;
    assert_eq!(chosen(&plain), [MAIN_EDITION.to_string()]);
    let ukrainian_desk = ukrainian_editor(app).await;
    let theirs = ukrainian_desk.get("/admin/posts/new").await;
    assert_eq!(chosen(&theirs), [uk.id.to_string()]);
    let nonsense = editor.get("/admin/posts/new?edition=many").await;
    assert_eq!(nonsense.status, StatusCode::BAD_REQUEST);
    assert!(nonsense.html.contains("Choose one of the site"));

    // Published in the Ukrainian edition, under /uk/.
    let uk_id = uk.id.to_string();
    let published = editor
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Пором до Вільхової відновлює рейси"),
                ("slug", "porom-vidnovlyuye-reysy"),
                ("body", "Перший рейс о сьомій ранку."),
                ("kind", "post"),
                ("edition", &uk_id),
                ("action", "publish"),
            ],
            None,
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.html
    );
    let id = post_id_from(published.location.as_deref().unwrap());
    assert_eq!(app.db.edition_of(id).await.unwrap(), uk.id);
    app.eventually_shows("/uk/porom-vidnovlyuye-reysy/", "Пором до Вільхової")
        .await;
    let elsewhere = app
        .raw
        .get(app.url("/porom-vidnovlyuye-reysy/"))
        .send()
        .await
        .unwrap();
    assert!(
        elsewhere.status().is_redirection(),
        "{}",
        elsewhere.status()
    );
    let edit = editor.get(&format!("/admin/posts/{id}")).await.page();
    assert!(
        edit.attrs(".link-row a", "href")
            .contains(&"/uk/porom-vidnovlyuye-reysy/".to_owned())
    );
    assert!(edit.texts(".post-facts dd").contains(&uk.title));

    // A value that names no edition is a mistake beside the field; nothing is saved.
    let before = app
        .db
        .desk_posts(DeskFilter::default(), 1, 0)
        .await
        .unwrap();
    for bad in ["many", "999", ""] {
        let refused = editor
            .post_multipart(
                "/admin/posts",
                &[
                    ("title", "Нікуди"),
                    ("slug", "nikudy"),
                    ("body", "Текст."),
                    ("edition", bad),
                ],
                None,
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad:?}: {}",
            refused.html
        );
        let page = refused.page();
        assert_eq!(
            page.texts("#edition-error"),
            ["Choose one of the site's editions."],
            "{bad:?}"
        );
        assert_eq!(page.attrs("#edition", "aria-invalid"), ["true"]);
    }
    let after = app
        .db
        .desk_posts(DeskFilter::default(), 1, 0)
        .await
        .unwrap();
    assert_eq!(after.total, before.total, "nothing saved");
}

async fn moving_a_post_changes_its_address_and_a_version_already_there_is_refused(app: &TestApp) {
    let uk = app.demo_ukrainian_edition().await;
    let editor = app.desk(Role::Editor).await;
    let id = editor
        .create_post(&[
            ("title", "Ferry to Alder Street resumes"),
            ("slug", "ferry-resumes"),
            ("body", "The first crossing is at seven."),
            ("action", "publish"),
        ])
        .await;
    assert_eq!(app.db.edition_of(id).await.unwrap(), MAIN_EDITION);
    app.eventually_shows("/ferry-resumes/", "Ferry to Alder Street")
        .await;
    let form = editor.get(&format!("/admin/posts/{id}")).await.page();
    assert_eq!(
        form.attrs("form.move-edition", "action"),
        [format!("/admin/posts/{id}/edition")]
    );
    assert!(
        form.attrs("#move-edition option", "value")
            .contains(&uk.id.to_string())
    );

    let moved = editor
        .post(
            &format!("/admin/posts/{id}/edition"),
            &[("edition", &uk.id.to_string())],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.html);
    assert_eq!(
        moved.location.as_deref(),
        Some(format!("/admin/posts/{id}?notice=moved").as_str())
    );
    assert_eq!(app.db.edition_of(id).await.unwrap(), uk.id);
    app.eventually_shows("/uk/ferry-resumes/", "Ferry to Alder Street")
        .await;
    let old = app
        .raw
        .get(app.url("/ferry-resumes/"))
        .send()
        .await
        .unwrap();
    assert!(old.status().is_redirection(), "{}", old.status());
    let notice = editor
        .get(&format!("/admin/posts/{id}?notice=moved"))
        .await
        .page();
    assert!(notice.texts(".notice")[0].starts_with("Moved to another edition"));

    // Values that name no edition.
    for bad in ["many", "999", ""] {
        let refused = editor
            .post(&format!("/admin/posts/{id}/edition"), &[("edition", bad)])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert_eq!(
            refused.page().texts("#move-edition-error"),
            ["Choose one of the site's editions."]
        );
    }
    assert_eq!(app.db.edition_of(id).await.unwrap(), uk.id, "not moved");

    // A demo article whose Ukrainian version exists cannot move into /uk/.
    let original: i64 = sqlx::query_scalar(
        "SELECT MIN(o.id) FROM posts o JOIN posts t ON t.translation_group = o.translation_group \
         WHERE o.edition_id = 1 AND t.edition_id = $1",
    )
    .bind(uk.id.get())
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let original = PostId(original);
    let clash = editor
        .post(
            &format!("/admin/posts/{original}/edition"),
            &[("edition", &uk.id.to_string())],
        )
        .await;
    assert_eq!(clash.status, StatusCode::CONFLICT, "{}", clash.html);
    assert_eq!(
        clash.page().texts("#move-edition-error"),
        [
            "That edition already has a version of this article (a linked translation). Open that version instead, or choose another edition."
        ]
    );
    assert_eq!(app.db.edition_of(original).await.unwrap(), MAIN_EDITION);

    // Moving is changing: a contributor moves only what they may change.
    let contributor = app.desk(Role::Contributor).await;
    let refused = contributor
        .post(
            &format!("/admin/posts/{id}/edition"),
            &[("edition", &MAIN_EDITION.to_string())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let own = contributor
        .create_post(&[("title", "A contributor's draft"), ("body", "Words.")])
        .await;
    let mine = contributor
        .post(
            &format!("/admin/posts/{own}/edition"),
            &[("edition", &uk.id.to_string())],
        )
        .await;
    assert_eq!(mine.status, StatusCode::SEE_OTHER, "{}", mine.html);
    assert_eq!(app.db.edition_of(own).await.unwrap(), uk.id);
    assert_eq!(app.db.edition_of(id).await.unwrap(), uk.id);
}
