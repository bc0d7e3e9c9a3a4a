//! The desk in each staff member's language: an editor switches their desk to
//! Ukrainian on their account page and the posts list, the editor, the navigation and
//! the editor's mistakes speak Ukrainian; a colleague still sees English; a language
//! the desk has no translation for is refused beside the field and nothing is saved;
//! the sign-in page follows the browser's languages.

use byline_core::Role;
use reqwest::StatusCode;
use reqwest::header::ACCEPT_LANGUAGE;

use crate::desk_client::cookie_value;
use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(
    an_editor_who_chooses_ukrainian_sees_the_desk_in_ukrainian_and_colleagues_do_not,
    a_language_the_desk_has_no_words_for_is_refused_and_nothing_is_saved,
    the_sign_in_page_follows_the_browser_s_language,
);

async fn stored_language(app: &TestApp, user_id: i64) -> String {
    app.db
        .user_by_id(user_id)
        .await
        .unwrap()
        .unwrap()
        .desk_language
        .to_string()
}

async fn an_editor_who_chooses_ukrainian_sees_the_desk_in_ukrainian_and_colleagues_do_not(
    app: &TestApp,
) {
    let editor = app.desk(Role::Editor).await;
    let colleague = app.desk(Role::Admin).await;

    let account = editor.get("/admin/account").await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(account.html.contains("<html lang=\"en\">"));
    let page = account.page();
    assert_eq!(
        page.texts("#desk_language option"),
        ["English", "Українська"]
    );
    assert_eq!(
        page.attrs("#desk_language option[selected]", "value"),
        ["en"]
    );

    let saved = editor
        .post("/admin/account", &[("desk_language", "uk")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert_eq!(
        saved.location.as_deref(),
        Some("/admin/account?notice=saved")
    );
    assert_eq!(stored_language(app, editor.user_id).await, "uk");
    let account = editor.get("/admin/account?notice=saved").await;
    assert!(account.html.contains("<html lang=\"uk\">"));
    assert!(account.html.contains("Збережено."), "{}", account.html);
    assert_eq!(
        account
            .page()
            .attrs("#desk_language option[selected]", "value"),
        ["uk"]
    );

    // The posts list and the navigation.
    let posts = editor.get("/admin/").await;
    assert_eq!(posts.status, StatusCode::OK);
    assert!(posts.html.contains("<html lang=\"uk\">"));
    let page = posts.page();
    assert_eq!(page.texts("h1"), ["Дописи"]);
    let nav = page.texts(".desk-nav a");
    for item in ["Дописи", "Новий допис", "Медіа"] {
        assert!(nav.iter().any(|text| text == item), "{item} in {nav:?}");
    }
    assert_eq!(
        page.texts(".filters a"),
        ["Усі", "Чернетки", "Заплановані", "Опубліковані"]
    );
    assert_eq!(page.texts(".desk-signout button"), ["Вийти"]);
    assert!(
        page.texts(".posts-table th[scope=col]")
            .contains(&"Заголовок".to_owned())
    );
    assert!(!posts.html.contains(">Sign out<"));
    assert!(!posts.html.contains(">New post<"));

    // The editor, and the mistakes it points out.
    let new_post = editor.get("/admin/posts/new").await;
    assert!(new_post.html.contains("<html lang=\"uk\">"));
    let page = new_post.page();
    assert_eq!(page.texts("h1"), ["Новий допис"]);
    assert_eq!(page.texts("label[for=title]"), ["Заголовок"]);
    assert!(
        page.texts("button")
            .contains(&"Зберегти чернетку".to_owned())
    );
    let refused = editor
        .post_multipart("/admin/posts", &[("title", ""), ("body", "Текст")], None)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .page()
            .texts("#title-error")
            .iter()
            .any(|text| text.starts_with("Напишіть заголовок")),
        "{}",
        refused.html
    );
    let id = editor
        .create_post(&[("title", "Міст на Вільховій"), ("body", "Текст статті.")])
        .await;
    let edit = editor
        .get(&format!("/admin/posts/{id}?notice=created"))
        .await;
    assert!(edit.html.contains("<html lang=\"uk\">"));
    let page = edit.page();
    assert_eq!(page.texts("h1"), ["Редагування допису"]);
    assert_eq!(page.texts(".notice"), ["Чернетку збережено."]);
    assert!(
        page.texts(".post-facts dd")
            .contains(&"Чернетка".to_owned())
    );
    // The article itself keeps the words it was written in.
    assert!(edit.html.contains("Міст на Вільховій"));

    // Someone else's desk stays in English.
    let theirs = colleague.get("/admin/").await;
    assert!(theirs.html.contains("<html lang=\"en\">"));
    let page = theirs.page();
    assert_eq!(page.texts("h1"), ["Posts"]);
    assert_eq!(page.texts(".desk-signout button"), ["Sign out"]);
    assert_eq!(stored_language(app, colleague.user_id).await, "en");

    // And back to English.
    let back = editor
        .post("/admin/account", &[("desk_language", "en")])
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(editor.get("/admin/").await.page().texts("h1"), ["Posts"]);
}

async fn a_language_the_desk_has_no_words_for_is_refused_and_nothing_is_saved(app: &TestApp) {
    let author = app.desk(Role::Author).await;
    for language in ["de", "uk-UA", "", "<script>"] {
        let refused = author
            .post("/admin/account", &[("desk_language", language)])
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{language}: {}",
            refused.html
        );
        let page = refused.page();
        assert_eq!(
            page.texts("#desk_language-error"),
            ["Choose one of the languages in the list: the desk has no translation for that one."]
        );
        assert_eq!(
            page.attrs("#desk_language", "aria-invalid"),
            ["true"],
            "the field says it is the one in error"
        );
        assert_eq!(stored_language(app, author.user_id).await, "en");
    }
    // A Ukrainian desk refuses in Ukrainian, and keeps Ukrainian.
    author
        .post("/admin/account", &[("desk_language", "uk")])
        .await;
    let refused = author
        .post("/admin/account", &[("desk_language", "fr")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.html.contains("<html lang=\"uk\">"));
    assert_eq!(
        refused.page().texts("#desk_language-error"),
        ["Виберіть одну з мов у списку: для цієї мови редакція не має перекладу."]
    );
    assert_eq!(stored_language(app, author.user_id).await, "uk");
    // Without the form's token nothing changes either.
    let forged = author
        .post_raw("/admin/account", &[("desk_language", "en")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(stored_language(app, author.user_id).await, "uk");
}

async fn the_sign_in_page_follows_the_browser_s_language(app: &TestApp) {
    let ukrainian = app
        .raw
        .get(app.url("/admin/signin"))
        .header(ACCEPT_LANGUAGE, "uk-UA,uk;q=0.9,en;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(ukrainian.status(), StatusCode::OK);
    let html = ukrainian.text().await.unwrap();
    assert!(html.contains("<html lang=\"uk\">"));
    assert!(html.contains("Забули пароль?"));
    assert!(html.contains(">Увійти</button>"));

    let english = app
        .raw
        .get(app.url("/admin/signin"))
        .header(ACCEPT_LANGUAGE, "de-DE,fr;q=0.8")
        .send()
        .await
        .unwrap();
    let set_cookies: Vec<String> = english
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(cookie_value(&set_cookies, "byline_signin").is_some());
    let html = english.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Forgot your password?"));
}
