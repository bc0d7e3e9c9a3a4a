//! One return-path rule for every endpoint that redirects where a form says: the
//! newsletter signup's `return` and the sign-in's `next`. `/\t/evil.example/` became
//! `Location: /<TAB>/evil.example/`, which Chromium followed off the site.

use byline_core::Role;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::helpers::TestApp;
use crate::on_both_engines;

on_both_engines!(
    hostile_return_paths_on_signup_stay_on_the_site,
    hostile_next_paths_on_sign_in_stay_in_the_desk,
);

/// Ways to write "somewhere else" that browsers accept.
pub const HOSTILE: [&str; 12] = [
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    " //evil.example/",
    "/ /evil.example/",
    "/\u{0}/evil.example/",
];

/// A `Location` a browser resolves on this site.
pub fn stays_on_site(location: &str) -> bool {
    location.starts_with('/')
        && !location.starts_with("//")
        && !location.starts_with("/\\")
        && location.bytes().all(|b| b.is_ascii_graphic())
}

async fn hostile_return_paths_on_signup_stay_on_the_site(app: &TestApp) {
    for hostile in HOSTILE {
        let answer = app
            .raw
            .post(app.url("/newsletters/subscribe"))
            .form(&[
                ("email", "reader@example.org"),
                ("newsletter", "daily-briefing"),
                ("return", hostile),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{hostile:?}");
        let location = answer.headers()[LOCATION].to_str().unwrap();
        assert!(stays_on_site(location), "{hostile:?} led to {location:?}");
        assert!(
            location.starts_with("/#"),
            "{hostile:?} led to {location:?}"
        );
    }
    let fine = app
        .raw
        .post(app.url("/newsletters/subscribe"))
        .form(&[
            ("email", "reader@example.org"),
            ("newsletter", "daily-briefing"),
            ("return", "/newsletters/"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        fine.headers()[LOCATION]
            .to_str()
            .unwrap()
            .starts_with("/newsletters/#")
    );
}

async fn hostile_next_paths_on_sign_in_stay_in_the_desk(app: &TestApp) {
    app.desk(Role::Editor).await;
    for hostile in HOSTILE
        .iter()
        .chain(&["/admin\t/evil.example/", "/admin/../\\evil"])
    {
        let form = app
            .raw
            .get(app.url(&format!(
                "/admin/signin?next={}",
                serde_urlencoded::to_string([("x", hostile)]).unwrap()[2..].to_owned()
            )))
            .send()
            .await
            .unwrap();
        let page = form.text().await.unwrap();
        let document = scraper::Html::parse_document(&page);
        let next = scraper::Selector::parse("input[name=next]").unwrap();
        let kept: Vec<_> = document
            .select(&next)
            .filter_map(|input| input.value().attr("value"))
            .collect();
        assert!(
            kept.iter()
                .all(|value| stays_on_site(value) && value.starts_with("/admin")),
            "{hostile:?} kept as {kept:?}"
        );
    }
}
