//! Signing in and out, sessions, CSRF, throttling, invitations and password resets.

use byline_core::Role;
use reqwest::StatusCode;

use crate::desk_client::{PASSWORD, cookie_value};
use crate::helpers::TestApp;
use crate::on_both_engines;

async fn the_desk_asks_anonymous_visitors_to_sign_in(app: &TestApp) {
    let answer = app
        .raw
        .get(app.url("/admin/posts/new"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        answer.headers()["location"],
        "/admin/signin?next=/admin/posts/new"
    );
    let form = app.get("/admin/signin").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.count("input[name=password]"), 1);
}

async fn signing_in_sets_a_protected_session_cookie(app: &TestApp) {
    app.add_staff("ana@ledger.example", Role::Editor).await;
    let answer = app.sign_in_attempt("  Ana@Ledger.example ", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location.as_deref(), Some("/admin/"));
    let cookie = answer
        .set_cookies
        .iter()
        .find(|c| c.starts_with("byline_session="))
        .unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP cannot carry Secure cookies: {cookie}"
    );
    let session = cookie_value(&answer.set_cookies, "byline_session").unwrap();
    let home = app
        .raw
        .get(app.url("/admin/"))
        .header("cookie", format!("byline_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    assert_eq!(home.headers()["cache-control"], "no-store");
}

async fn a_wrong_password_is_refused_in_place(app: &TestApp) {
    app.add_staff("ana@ledger.example", Role::Editor).await;
    for (email, password) in [
        ("ana@ledger.example", "not the password"),
        ("nobody@ledger.example", PASSWORD),
    ] {
        let answer = app.sign_in_attempt(email, password).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert!(
            answer.html.contains("do not match an account"),
            "{}",
            answer.html
        );
        assert!(cookie_value(&answer.set_cookies, "byline_session").is_none());
        assert!(answer.html.contains(email), "the typed email is kept");
    }
    let answer = app.sign_in_attempt("not-an-email", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn repeated_failures_pause_sign_in_for_the_account(app: &TestApp) {
    app.add_staff("ana@ledger.example", Role::Editor).await;
    for _ in 0..5 {
        let answer = app
            .sign_in_attempt("ana@ledger.example", "wrong guess")
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now: the guesser cannot tell it was right.
    let answer = app.sign_in_attempt("ana@ledger.example", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        answer.html.contains("Too many failed sign-ins"),
        "{}",
        answer.html
    );
    assert!(answer.html.contains("15 minutes") || answer.html.contains("14 minutes"));
    // Another account from the same address is not locked by this one's failures.
    app.add_staff("bo@ledger.example", Role::Author).await;
    assert_eq!(
        app.sign_in_attempt("bo@ledger.example", PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

async fn a_sign_in_without_its_form_token_is_refused(app: &TestApp) {
    app.add_staff("ana@ledger.example", Role::Editor).await;
    let answer = app
        .raw
        .post(app.url("/admin/signin"))
        .form(&[
            ("email", "ana@ledger.example"),
            ("password", PASSWORD),
            ("csrf", "forged"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
}

async fn forms_without_the_session_token_change_nothing(app: &TestApp) {
    let desk = app.desk(Role::Admin).await;
    let invite = [
        ("email", "x@ledger.example"),
        ("name", "X"),
        ("role", "author"),
    ];
    let missing = desk.post_raw("/admin/staff/invite", &invite).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(
        missing.html.contains("This form has expired"),
        "{}",
        missing.html
    );
    let mut forged = invite.to_vec();
    forged.push(("csrf", "0000"));
    assert_eq!(
        desk.post_raw("/admin/staff/invite", &forged).await.status,
        StatusCode::FORBIDDEN
    );
    let mut other = app.desk(Role::Admin).await;
    other.csrf = desk.csrf.clone(); // another session's token
    let stolen = other.post("/admin/staff/invite", &invite).await;
    assert_eq!(stolen.status, StatusCode::FORBIDDEN);
    assert!(
        app.db
            .list_users()
            .await
            .unwrap()
            .iter()
            .all(|u| u.email != "x@ledger.example")
    );
    let real = desk.post("/admin/staff/invite", &invite).await;
    assert_eq!(
        real.status,
        StatusCode::SEE_OTHER,
        "the session's own token works"
    );
}

async fn signing_out_ends_the_session(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    let answer = desk.post("/admin/signout", &[]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let after = desk.get("/admin/").await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the old cookie no longer signs in"
    );
    let form = desk.post("/admin/tags", &[("name", "Weather")]).await;
    assert_eq!(form.status, StatusCode::FORBIDDEN);
    assert!(form.html.contains("session has ended"), "{}", form.html);
}

async fn an_expired_session_is_refused(app: &TestApp) {
    let desk = app.desk(Role::Editor).await;
    sqlx::query("UPDATE sessions SET expires_at = 1 WHERE user_id = $1")
        .bind(desk.user_id)
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(desk.get("/admin/").await.status, StatusCode::SEE_OTHER);
    let answer = desk
        .post_multipart("/admin/posts", &[("title", "Late")], None)
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

async fn deactivated_staff_are_signed_out(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let author = app.desk(Role::Author).await;
    let id = author.user_id.to_string();
    let answer = admin
        .post(
            &format!("/admin/staff/{id}"),
            &[("op", "deactivate"), ("role", "author")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(author.get("/admin/").await.status, StatusCode::SEE_OTHER);
}

async fn the_last_administrator_cannot_be_removed(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let me = admin.user_id.to_string();
    let answer = admin
        .post(
            &format!("/admin/staff/{me}"),
            &[("op", "save"), ("role", "editor")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.html.contains("only active administrator"),
        "{}",
        answer.html
    );
}

pub fn mails(app: &TestApp) -> Vec<String> {
    let dir = app.data_path().join("mail");
    let mut found: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// The `.eml` files once there are at least `n` of them (mail sent by the job worker
/// arrives a moment after the answer).
pub async fn wait_for_mails(app: &TestApp, n: usize) -> Vec<String> {
    for _ in 0..100 {
        let found = mails(app);
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    mails(app)
}

/// The first desk link in an email (quoted-printable soft breaks undone).
fn link_in(mail: &str, prefix: &str) -> String {
    let text = mail
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} link in {text}"));
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/:.-_".contains(*c))
        .collect()
}

async fn an_invited_person_sets_a_password_and_signs_in(app: &TestApp) {
    let admin = app.desk(Role::Admin).await;
    let bad = admin
        .post(
            "/admin/staff/invite",
            &[
                ("email", "not an email"),
                ("name", "Mia"),
                ("role", "author"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let answer = admin
        .post(
            "/admin/staff/invite",
            &[
                ("email", "mia@ledger.example"),
                ("name", "Mia Chen"),
                ("role", "author"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.html);
    let again = admin
        .post(
            "/admin/staff/invite",
            &[
                ("email", "MIA@ledger.example"),
                ("name", "Mia"),
                ("role", "author"),
            ],
        )
        .await;
    // Inviting again while the invitation is pending sends a fresh link.
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(mails(app).len(), 2);
    let mail = mails(app)
        .pop()
        .expect("an invitation email in the mail folder");
    assert!(mail.contains("To: mia@ledger.example"), "{mail}");
    let link = link_in(&mail, "http://");
    let path = link
        .split_once("://")
        .unwrap()
        .1
        .split_once('/')
        .map(|(_, p)| format!("/{p}"))
        .unwrap();
    assert!(path.starts_with("/admin/invite/"), "{path}");
    // Before accepting, the account cannot sign in.
    assert_eq!(
        app.sign_in_attempt("mia@ledger.example", "anything at all")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let form = app.raw.get(app.url(&path)).send().await.unwrap();
    let token = cookie_value(
        &form
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>(),
        "byline_signin",
    )
    .unwrap();
    let post = |fields: Vec<(&'static str, String)>| {
        let token = token.clone();
        let path = path.clone();
        async move {
            let mut all = vec![("csrf", token.clone())];
            all.extend(fields);
            app.raw
                .post(app.url(&path))
                .header("cookie", format!("byline_signin={token}"))
                .form(&all)
                .send()
                .await
                .unwrap()
        }
    };
    let weak = post(vec![
        ("name", "Mia Chen".into()),
        ("password", "short".into()),
        ("confirm", "short".into()),
    ])
    .await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ok = post(vec![
        ("name", "Mia Chen".into()),
        ("password", "a long new password".into()),
        ("confirm", "a long new password".into()),
    ])
    .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.sign_in_attempt("mia@ledger.example", "a long new password")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let reused = post(vec![
        ("name", "Mia".into()),
        ("password", "another long password".into()),
        ("confirm", "another long password".into()),
    ])
    .await;
    assert_eq!(
        reused.status(),
        StatusCode::GONE,
        "an invitation works once"
    );
    let taken = admin
        .post(
            "/admin/staff/invite",
            &[
                ("email", "mia@ledger.example"),
                ("name", "Mia"),
                ("role", "author"),
            ],
        )
        .await;
    assert_eq!(
        taken.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an active account cannot be invited again"
    );
}

async fn a_forgotten_password_is_reset_by_email(app: &TestApp) {
    app.add_staff("ana@ledger.example", Role::Editor).await;
    let form = app.raw.get(app.url("/admin/forgot")).send().await.unwrap();
    let cookies: Vec<String> = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let token = cookie_value(&cookies, "byline_signin").unwrap();
    let ask = |email: &'static str| {
        let token = token.clone();
        async move {
            app.raw
                .post(app.url("/admin/forgot"))
                .header("cookie", format!("byline_signin={token}"))
                .form(&[("csrf", token.as_str()), ("email", email)])
                .send()
                .await
                .unwrap()
        }
    };
    let unknown = ask("nobody@ledger.example").await;
    assert_eq!(unknown.status(), StatusCode::OK);
    let unknown_text = unknown.text().await.unwrap();
    let known = ask("ana@ledger.example").await;
    assert_eq!(known.status(), StatusCode::OK);
    assert_eq!(
        known.text().await.unwrap(),
        unknown_text,
        "the answer does not reveal who has an account"
    );
    // Mail goes out after the answer: wait for it. Jobs run oldest first, so the
    // unknown address's job has finished by then and sent nothing.
    let mut sent = wait_for_mails(app, 1).await;
    assert_eq!(sent.len(), 1, "no email for an unknown address");
    let mail = sent.pop().unwrap();
    assert!(mail.contains("To: ana@ledger.example"), "{mail}");
    let link = link_in(&mail, "http://");
    let path = format!(
        "/{}",
        link.split_once("://").unwrap().1.split_once('/').unwrap().1
    );
    assert!(path.starts_with("/admin/reset/"), "{path}");
    let answer = app
        .raw
        .post(app.url(&path))
        .header("cookie", format!("byline_signin={token}"))
        .form(&[
            ("csrf", token.as_str()),
            ("password", "my brand new password"),
            ("confirm", "my brand new password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.sign_in_attempt("ana@ledger.example", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in_attempt("ana@ledger.example", "my brand new password")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.get(&path).await.status, StatusCode::GONE);
}

on_both_engines!(
    the_desk_asks_anonymous_visitors_to_sign_in,
    signing_in_sets_a_protected_session_cookie,
    a_wrong_password_is_refused_in_place,
    repeated_failures_pause_sign_in_for_the_account,
    a_sign_in_without_its_form_token_is_refused,
    forms_without_the_session_token_change_nothing,
    signing_out_ends_the_session,
    an_expired_session_is_refused,
    deactivated_staff_are_signed_out,
    the_last_administrator_cannot_be_removed,
    an_invited_person_sets_a_password_and_signs_in,
    a_forgotten_password_is_reset_by_email,
);

#[tokio::test]
async fn cookies_are_secure_behind_an_https_proxy() {
    let app = TestApp::sqlite().await;
    app.add_staff("ana@ledger.example", Role::Editor).await;
    let form = app
        .raw
        .get(app.url("/admin/signin"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    let cookies: Vec<String> = form
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        cookies.iter().all(|c| c.contains("; Secure")),
        "{cookies:?}"
    );
    app.stop().await;
}
