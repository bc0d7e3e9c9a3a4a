//! The desk in each staff member's language: an editor switches their desk to
//! Ukrainian on their account page and the posts list, the editor, the navigation and
//! the editor's mistakes speak Ukrainian; a colleague still sees English; a language
//! the desk has no translation for is refused beside the field and nothing is saved;
//! the sign-in page follows the browser's languages. The less-used desk pages say
//! their notices and mistakes in the person's language too, and so do the desk's
//! error pages.

use byline_core::{Collection, Role};
use byline_store::CollectionStore;
use reqwest::StatusCode;
use reqwest::header::ACCEPT_LANGUAGE;

use crate::desk_client::{Answer, Desk, cookie_value};
use crate::helpers::{TestApp, png};
use crate::on_both_engines;

on_both_engines!(
    an_editor_who_chooses_ukrainian_sees_the_desk_in_ukrainian_and_colleagues_do_not,
    a_language_the_desk_has_no_words_for_is_refused_and_nothing_is_saved,
    the_sign_in_page_follows_the_browser_s_language,
    a_ukrainian_desk_says_its_notices_and_mistakes_in_ukrainian,
    the_desk_s_error_pages_speak_the_person_s_language,
);

/// The notice a page shows after a change.
fn notice(answer: &Answer) -> Vec<String> {
    answer.page().texts(".notice")
}

/// Follows a redirect after a form, expecting one.
async fn followed(desk: &Desk<'_>, answer: &Answer) -> Answer {
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    desk.get(answer.location.as_deref().unwrap()).await
}

async fn a_ukrainian_desk_says_its_notices_and_mistakes_in_ukrainian(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let switched = admin
        .post("/admin/account", &[("desk_language", "uk")])
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);

    // Sections: a mistake, then a section added.
    let refused = admin
        .post_multipart("/admin/tags", &[("name", ""), ("slug", "")], None)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.page().texts("#name-error"), ["Напишіть ім’я."]);
    let added = admin
        .post_multipart(
            "/admin/tags",
            &[("name", "Культура"), ("slug", "kultura")],
            None,
        )
        .await;
    let section = followed(&admin, &added).await;
    assert!(section.html.contains("<html lang=\"uk\">"));
    assert_eq!(notice(&section), ["Додано."]);
    let taken = admin
        .post_multipart(
            "/admin/tags",
            &[("name", "Ще культура"), ("slug", "kultura")],
            None,
        )
        .await;
    assert_eq!(
        taken.page().texts("#slug-error"),
        ["Слаг «kultura» уже зайнятий. Виберіть інший."]
    );

    // Media: what is not an image, then an image.
    let not_an_image = admin
        .post_multipart(
            "/admin/media",
            &[("alt", "Нотатки")],
            Some(("file", "notes.txt", b"just some words".to_vec())),
        )
        .await;
    assert_eq!(not_an_image.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        not_an_image.page().texts("#file-error"),
        ["Цей файл не є зображенням. Завантажте JPEG, PNG, WebP або GIF."]
    );
    let no_alt = admin
        .post_multipart("/admin/media", &[("alt", " ")], None)
        .await;
    assert_eq!(
        no_alt.page().texts("#alt-error"),
        ["Опишіть зображення для читачів, які його не бачать."]
    );
    let uploaded = admin
        .post_multipart(
            "/admin/media",
            &[("alt", "Гарбузи на ярмарку")],
            Some(("file", "fair.png", png(40, 30))),
        )
        .await;
    assert_eq!(
        notice(&followed(&admin, &uploaded).await),
        ["Зображення завантажено. Воно є в медіатеці для будь-якого допису."]
    );

    // The editor: a featured image that is no image, or from no web address.
    let editor_not_an_image = admin
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Ярмарок"),
                ("kind", "post"),
                ("image_alt", "Гарбузи"),
            ],
            Some(("image_file", "notes.txt", b"just some words".to_vec())),
        )
        .await;
    assert_eq!(editor_not_an_image.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        editor_not_an_image
            .html
            .contains("Цей файл не є зображенням. Завантажте JPEG, PNG, WebP або GIF."),
        "{}",
        editor_not_an_image.html
    );
    let editor_bad_address = admin
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Ярмарок"),
                ("kind", "post"),
                ("image_url", "ftp://example.org/fair.png"),
                ("image_alt", "Гарбузи"),
            ],
            None,
        )
        .await;
    assert_eq!(editor_bad_address.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        editor_bad_address.html.contains(
            "Це головне зображення не можна використати: напишіть повну вебадресу, \
             що починається з https:// або http://."
        ),
        "{}",
        editor_bad_address.html
    );

    // Collections: a list named in Ukrainian, a mistake, then a new order.
    let collections = admin.get("/admin/collections").await;
    assert!(
        collections
            .page()
            .texts("h2")
            .contains(&"Вибір редакції".to_owned()),
        "{}",
        collections.html
    );
    let nothing = admin
        .post("/admin/collections/editors-picks", &[("op", "add")])
        .await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nothing.html.contains("Спершу виберіть статтю."));
    let picks = app
        .db
        .collection(Collection::EditorsPicks, 50)
        .await
        .unwrap();
    let first = picks[0].id.to_string();
    let moved = admin
        .post(
            "/admin/collections/editors-picks",
            &[("op", "down"), ("post_id", &first)],
        )
        .await;
    assert_eq!(
        notice(&followed(&admin, &moved).await),
        ["Збережено. Сайт уже показує новий порядок."]
    );

    // Redirects: a mistake, then a redirect saved and removed.
    let bad = admin
        .post(
            "/admin/redirects",
            &[("from", "old-story"), ("to", "/new-story/")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.page().texts("#from-error")[0].starts_with("Напишіть стару адресу"),
        "{}",
        bad.html
    );
    let itself = admin
        .post("/admin/redirects", &[("from", "/same/"), ("to", "/same/")])
        .await;
    assert_eq!(
        itself.page().texts("#to-error"),
        ["Адреса не може вести сама на себе."]
    );
    let saved = admin
        .post(
            "/admin/redirects",
            &[("from", "/2019/05/old-story/"), ("to", "/new-story/")],
        )
        .await;
    assert_eq!(
        notice(&followed(&admin, &saved).await),
        ["Переспрямування збережено."]
    );

    // Newsletters and staff: mistakes from the checks in byline-core, worded here.
    let newsletter = admin
        .post(
            "/admin/newsletters",
            &[
                ("name", " "),
                ("sender_name", "Вечірній лист"),
                ("sender_email", "vechir@example.org"),
            ],
        )
        .await;
    assert_eq!(newsletter.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        newsletter.page().texts("#name-error"),
        ["Дайте розсилці назву."]
    );
    let invited = admin
        .post(
            "/admin/staff/invite",
            &[
                ("email", "not an address"),
                ("name", ""),
                ("role", "editor"),
            ],
        )
        .await;
    assert_eq!(invited.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invited.page().texts("#name-error"),
        ["Напишіть ім’я людини."]
    );

    // A colleague on an English desk still reads English.
    let colleague = app.desk(Role::Editor).await;
    let english = colleague
        .post("/admin/collections/editors-picks", &[("op", "add")])
        .await;
    assert!(english.html.contains("Choose an article first."));
}

async fn the_desk_s_error_pages_speak_the_person_s_language(app: &TestApp) {
    let author = app.desk(Role::Author).await;
    author
        .post("/admin/account", &[("desk_language", "uk")])
        .await;

    let missing = author.get("/admin/posts/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.html.contains("<html lang=\"uk\">"));
    let page = missing.page();
    assert_eq!(page.texts("h1"), ["Не знайдено"]);
    assert_eq!(
        page.texts(".lead"),
        ["За цією адресою в редакції нічого немає. Можливо, це видалили."]
    );

    // What the role does not allow, in a page and a form.
    let refused = author.get("/admin/redirects").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.page().texts("h1"), ["Ви не можете цього зробити"]);
    assert!(refused.html.contains("Ваша роль цього не дозволяє."));
    let newsletters = author.get("/admin/newsletters/").await;
    assert_eq!(newsletters.status, StatusCode::FORBIDDEN);
    assert!(
        newsletters
            .html
            .contains("Працювати з розсилками та їхніми підписниками можуть лише редактори"),
        "{}",
        newsletters.html
    );
    // A form without its token.
    let forged = author
        .post_raw("/admin/account", &[("desk_language", "en")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(forged.page().texts("h1"), ["Ця форма застаріла"]);

    // Someone else's desk keeps English error pages.
    let editor = app.desk(Role::Editor).await;
    let theirs = editor.get("/admin/posts/999999").await;
    assert!(theirs.html.contains("<html lang=\"en\">"));
    assert_eq!(theirs.page().texts("h1"), ["Not found"]);

    // Before anyone signs in, the browser's language: a form without its token.
    let signed_out = app
        .raw
        .post(app.url("/admin/signin"))
        .header(ACCEPT_LANGUAGE, "uk-UA,uk;q=0.9")
        .form(&[("email", "someone@example.org"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), StatusCode::FORBIDDEN);
    let html = signed_out.text().await.unwrap();
    assert!(html.contains("<html lang=\"uk\">"), "{html}");
    assert!(html.contains("Ця форма застаріла"), "{html}");
}

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
