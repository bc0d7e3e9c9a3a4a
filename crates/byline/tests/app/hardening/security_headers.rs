//! Every page carries a Content-Security-Policy without `unsafe-inline` for scripts,
//! `nosniff`, a framing rule, a referrer policy and a permissions policy; the desk's
//! policy forbids framing altogether. (That the pages still work under the policy,
//! and that an injected inline script is blocked, is checked in a real browser:
//! tests/browser/security.test.mjs.)

use byline_core::Role;
use reqwest::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};

use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(public_pages_and_the_desk_carry_a_content_security_policy);

fn script_src(policy: &str) -> &str {
    policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap_or_else(|| panic!("no script-src in {policy}"))
}

async fn public_pages_and_the_desk_carry_a_content_security_policy(app: &TestApp) {
    let slug = app
        .db
        .newest_published(&Default::default(), 1, 0)
        .await
        .unwrap()
        .remove(0)
        .slug;
    for path in [
        "/".to_owned(),
        format!("/{slug}/"),
        "/news-feed/".into(),
        "/search/?q=bridge".into(),
        "/rss/".into(),
        "/no-such-page/".into(),
        "/assets/style.css".into(),
    ] {
        let answer = app.raw.get(app.url(&path)).send().await.unwrap();
        let headers = answer.headers();
        let policy = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert_eq!(script_src(policy), "script-src 'self'", "{path}");
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert!(!policy.contains("unsafe-eval"), "{path}: {policy}");
        assert!(
            policy.contains("frame-ancestors 'self'"),
            "{path}: {policy}"
        );
        assert!(policy.contains("object-src 'none'"), "{path}: {policy}");
        assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(
            headers[REFERRER_POLICY], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert!(
            headers["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("camera=()"),
            "{path}"
        );
    }

    let desk = app.desk(Role::Editor).await;
    for path in ["/admin/", "/admin/posts/new", "/admin/signin"] {
        let answer = app
            .raw
            .get(app.url(path))
            .header("cookie", &desk.cookie)
            .send()
            .await
            .unwrap();
        let headers = answer.headers();
        let policy = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert_eq!(script_src(policy), "script-src 'self'", "{path}");
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[X_FRAME_OPTIONS], "DENY");
        assert_eq!(headers[REFERRER_POLICY], "same-origin");
    }
}
