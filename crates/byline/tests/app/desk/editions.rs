//! Settings → Editions: an administrator adds a Ukrainian edition, edits it, and can
//! delete it only while it holds nothing; mistakes are answered beside their fields
//! and save nothing; the main edition is the site settings; editors cannot see it.

use byline_core::editions::MAIN_EDITION;
use byline_core::{EditionId, Role};
use reqwest::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_engines;

/// A second Ukrainian edition: the demo already has one at `/uk/`.
const UKRAINIAN: &[(&str, &str)] = &[
    ("prefix", "ua"),
    ("language", "uk"),
    ("title", "Вечірній вісник"),
    ("description", "Новини річкових міст"),
    ("timezone", "Europe/Kyiv"),
    ("date_order", "day-month-year"),
];

/// The edition the tests add, once added.
async fn added(app: &TestApp) -> byline_store::Edition {
    let editions = app.db.editions().await.unwrap();
    editions
        .into_iter()
        .find(|edition| edition.prefix.as_str() == "ua")
        .expect("the edition was added")
}

async fn administrators_add_edit_and_delete_editions(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let before = app.db.editions().await.unwrap().len();
    let list = admin.get("/admin/editions").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.page().texts(".editions-table tbody tr").len(), before);

    let added_now = admin.post("/admin/editions", UKRAINIAN).await;
    assert_eq!(
        added_now.status,
        StatusCode::SEE_OTHER,
        "{}",
        added_now.html
    );
    assert_eq!(app.db.editions().await.unwrap().len(), before + 1);
    let uk = &added(app).await;
    assert_eq!(
        (uk.prefix.as_str(), uk.language.as_str(), uk.title.as_str()),
        ("ua", "uk", "Вечірній вісник")
    );
    let list = admin.get("/admin/editions?notice=added").await;
    assert!(list.html.contains("Edition added"));
    assert!(list.html.contains("href=\"/ua/\""), "{}", list.html);

    let id = uk.id.get();
    let form = admin.get(&format!("/admin/editions/{id}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.html.contains("Вечірній вісник"));
    let saved = admin
        .post(
            &format!("/admin/editions/{id}"),
            &[
                ("language", "uk-UA"),
                ("title", "Вісник"),
                ("description", "Новини"),
                ("timezone", "Europe/Kyiv"),
                ("date_order", "day-month-year"),
                ("navigation", "Про нас | /ua/about/"),
                ("audio_disclosure", "Це аудіо створено за допомогою ШІ"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    let uk = app.db.edition(EditionId(id)).await.unwrap();
    assert_eq!(uk.title, "Вісник");
    assert_eq!(uk.language.as_str(), "uk-UA");
    assert_eq!(uk.navigation[0].url, "/ua/about/");
    assert_eq!(uk.audio_disclosure, "Це аудіо створено за допомогою ШІ");

    // An edition with an article cannot go; an empty one can.
    let post: i64 = sqlx::query_scalar("SELECT MIN(id) FROM posts WHERE kind = 'post'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let post = byline_core::PostId(post);
    app.db.move_post_to_edition(post, uk.id).await.unwrap();
    let refused = admin
        .post(&format!("/admin/editions/{id}/delete"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.html.contains("still holds 1 posts"),
        "{}",
        refused.html
    );
    assert!(app.db.edition(uk.id).await.is_ok());
    app.db
        .move_post_to_edition(post, MAIN_EDITION)
        .await
        .unwrap();
    let deleted = admin
        .post(&format!("/admin/editions/{id}/delete"), &[])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(app.db.editions().await.unwrap().len(), before);
    assert_eq!(
        admin
            .post(&format!("/admin/editions/{id}/delete"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        admin
            .post(
                &format!("/admin/editions/{}/delete", MAIN_EDITION.get()),
                &[]
            )
            .await
            .status,
        StatusCode::CONFLICT,
        "the main edition stays"
    );
}

async fn the_main_edition_is_the_site_settings(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let saved = admin
        .post(
            &format!("/admin/editions/{}", MAIN_EDITION.get()),
            &[
                ("language", "en-GB"),
                ("title", "The River Courier"),
                ("description", "News from the river towns"),
                ("timezone", "Europe/London"),
                ("date_order", "day-month-year"),
                ("navigation", ""),
                ("audio_disclosure", "Read by a synthetic voice"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    let settings = app.db.site_settings().await.unwrap();
    assert_eq!(settings.title, "The River Courier");
    assert_eq!(settings.language, "en-GB");
    let home = app.get("/").await;
    assert!(home.html.contains("The River Courier"));
}

async fn mistakes_and_other_roles_change_nothing(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let before = app.db.editions().await.unwrap().len();
    let with = |field: &str, value: &'static str| -> Vec<(&'static str, &'static str)> {
        UKRAINIAN
            .iter()
            .map(|&(k, v)| if k == field { (k, value) } else { (k, v) })
            .collect()
    };
    for (field, value, words) in [
        ("prefix", "UK", "lowercase letters"),
        ("prefix", "tag", "already uses"),
        ("prefix", "", "lowercase letters"),
        ("language", "ukrainian", "language tag"),
        ("timezone", "Kyiv", "time zone name"),
        ("title", "", "as its readers should see it"),
        ("date_order", "year-first", "how dates are written"),
    ] {
        let answer = admin.post("/admin/editions", &with(field, value)).await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value:?}"
        );
        assert!(
            answer.html.contains(words),
            "{field}={value:?}: {}",
            answer.html
        );
    }
    assert_eq!(
        app.db.editions().await.unwrap().len(),
        before,
        "nothing saved"
    );

    admin.post("/admin/editions", UKRAINIAN).await;
    let twice = admin.post("/admin/editions", UKRAINIAN).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.html.contains("already an edition"));
    let uk = added(app).await;
    let bad_save = admin
        .post(
            &format!("/admin/editions/{}", uk.id.get()),
            &[
                ("language", "uk"),
                ("title", "Вісник"),
                ("timezone", "Europe/Kyiv"),
                ("date_order", "day-month-year"),
                ("navigation", "no bar here"),
                ("audio_disclosure", "Аудіо"),
            ],
        )
        .await;
    assert_eq!(bad_save.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_save.html.contains("Label | /address/"));
    assert_eq!(app.db.edition(uk.id).await.unwrap(), uk, "unchanged");

    let forged = admin.post_raw("/admin/editions", UKRAINIAN).await;
    assert!(forged.status.is_client_error());
    let editor = app.desk(Role::Editor).await;
    assert_eq!(
        editor.get("/admin/editions").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = editor
        .post(&format!("/admin/editions/{}/delete", uk.id.get()), &[])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.db.editions().await.unwrap().len(), before + 1);
}

async fn an_article_is_translated_into_another_edition_from_the_editor(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    // An article the demo has not translated.
    let post: i64 = sqlx::query_scalar(
        "SELECT MIN(id) FROM posts WHERE kind = 'post' AND status = 'published' \
         AND translation_group IS NULL",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();

    admin.post("/admin/editions", UKRAINIAN).await;
    let uk = added(app).await.id;
    let editor = admin.get(&format!("/admin/posts/{post}")).await;
    assert!(
        editor.html.contains("Translate into Вечірній вісник (uk)"),
        "{}",
        editor.html
    );

    let started = admin
        .post(
            &format!("/admin/posts/{post}/translate"),
            &[("edition", &uk.get().to_string())],
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.html);
    let location = started.location.clone().unwrap();
    assert!(location.ends_with("?notice=translation"), "{location}");
    let draft = app
        .db
        .translations_of(byline_core::PostId(post))
        .await
        .unwrap();
    assert_eq!(draft.len(), 1);
    assert_eq!(draft[0].edition, uk);
    assert_eq!(draft[0].status, byline_core::PostStatus::Draft);

    // The draft's editor shows the original beside it, and no second button.
    let opened = admin.get(&location).await;
    assert!(
        opened.html.contains("Translation started"),
        "{}",
        opened.html
    );
    let original = app
        .db
        .desk_post(byline_core::PostId(post))
        .await
        .unwrap()
        .unwrap();
    assert!(opened.html.contains("translation-version"));
    assert!(opened.html.contains(&format!("/admin/posts/{post}\"")));
    assert!(opened.html.contains("lang=\"en\""));
    assert!(
        !opened.html.contains("Translate into Вечірній"),
        "that edition has its version"
    );
    assert!(opened.html.contains(original.post.summary.title.as_str()));

    let again = admin
        .post(
            &format!("/admin/posts/{post}/translate"),
            &[("edition", &uk.get().to_string())],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let nonsense = admin
        .post(
            &format!("/admin/posts/{post}/translate"),
            &[("edition", "many")],
        )
        .await;
    assert_eq!(nonsense.status, StatusCode::BAD_REQUEST);
    let nowhere = admin
        .post(
            &format!("/admin/posts/{post}/translate"),
            &[("edition", "999")],
        )
        .await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.db
            .translations_of(byline_core::PostId(post))
            .await
            .unwrap()
            .len(),
        1,
        "refusals make nothing"
    );
}

on_both_engines!(
    an_article_is_translated_into_another_edition_from_the_editor,
    administrators_add_edit_and_delete_editions,
    the_main_edition_is_the_site_settings,
    mistakes_and_other_roles_change_nothing,
);
