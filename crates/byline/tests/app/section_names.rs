//! A section named in an edition's language: an editor names a shared section for the
//! demo's Ukrainian edition on the desk, and /uk/ shows that name on the section's
//! page, in its navigation, on its articles (kicker, structured data) and in the
//! section's feeds, while the English pages keep the shared name. A blank name brings
//! the shared one back; a name too long, or a description without a name, is a 422
//! beside the field that saves nothing.

use byline_core::editions::SECTION_NAME_MAX;
use byline_core::{EditionId, Role};
use byline_store::PostQuery;
use reqwest::StatusCode;

use crate::helpers::{Page, TestApp, slug};
use crate::on_both_engines;

on_both_engines!(
    an_edition_shows_its_own_name_for_a_section,
    a_bad_section_name_is_answered_in_the_form_and_saves_nothing,
);

const NAME: &str = "Дороги й переправи";
const DESCRIPTION: &str = "Мости, пороми, автобуси й об’їзди Порт-Колдера.";

/// The demo's Ukrainian edition, its section "Transit", and one of its articles there.
async fn transit_in_uk(app: &TestApp) -> (EditionId, String, i64, String) {
    let uk = app.demo_ukrainian_edition().await;
    let transit = app.db.tag_by_slug(&slug("transit")).await.unwrap().unwrap();
    let query = PostQuery {
        edition: uk.id,
        tag_id: Some(transit.id),
        ..PostQuery::default()
    };
    let articles = app.db.list_published(&query, 10, 0).await.unwrap().items;
    let article = articles
        .iter()
        .find(|post| post.section().map(|tag| tag.id) == Some(transit.id))
        .expect("a /uk/ article filed first under Transit");
    (uk.id, uk.title, transit.id, article.slug.to_string())
}

fn nav_sections(page: &Page) -> Vec<String> {
    page.texts(".site-nav li:not(.site-nav-extra) a")
}

async fn an_edition_shows_its_own_name_for_a_section(app: &TestApp) {
    let (uk, uk_title, transit, article) = transit_in_uk(app).await;
    let desk = app.desk(Role::Editor).await;
    let path = format!("/admin/tags/{transit}/names");
    let name_field = format!("name-{uk}");
    let description_field = format!("description-{uk}");

    // The section's form leads to its names; the demo already names it in Ukrainian.
    let section = desk.get(&format!("/admin/tags/{transit}")).await;
    assert!(section.html.contains(&format!("href=\"{path}\"")));
    let form = desk.get(&path).await.page();
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(
        form.texts(&format!("label[for={name_field}]")),
        vec![format!("Name in {uk_title}")]
    );
    assert_eq!(
        form.attrs(&format!("input#{name_field}"), "value"),
        vec!["Транспорт".to_owned()]
    );

    let saved = desk
        .post(
            &path,
            &[
                (name_field.as_str(), NAME),
                (description_field.as_str(), DESCRIPTION),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.html);
    assert_eq!(
        saved.location.as_deref(),
        Some(format!("{path}?notice=saved").as_str())
    );
    let form = desk.get(&format!("{path}?notice=saved")).await.page();
    assert_eq!(form.count("p.notice"), 1);
    assert_eq!(
        form.attrs(&format!("input#{name_field}"), "value"),
        vec![NAME.to_owned()]
    );

    // The section's page in the edition: its name, its description, its title.
    let page = app.eventually_shows("/uk/tag/transit/", NAME).await;
    assert_eq!(page.texts("h1.list-title"), vec![NAME.to_owned()]);
    assert_eq!(
        page.texts(".list-description"),
        vec![DESCRIPTION.to_owned()]
    );
    assert!(
        page.texts("title")[0].starts_with(NAME),
        "{:?}",
        page.texts("title")
    );
    // The edition's navigation, on every page.
    let home = app.eventually_shows("/uk/", NAME).await;
    let nav = nav_sections(&home);
    assert!(nav.contains(&NAME.to_owned()), "{nav:?}");
    assert!(!nav.contains(&"Transit".to_owned()), "{nav:?}");
    // An article filed under it: the kicker, its meta tag and its structured data.
    let story = app.get(&format!("/uk/{article}/")).await;
    assert_eq!(story.status, StatusCode::OK);
    assert_eq!(story.texts(".story-kicker a"), vec![NAME.to_owned()]);
    assert_eq!(
        story.attrs("meta[property='article:section']", "content"),
        vec![NAME.to_owned()]
    );
    assert!(
        story
            .html
            .contains(&format!("\"articleSection\":\"{NAME}\"")),
        "the JSON-LD names the section as the edition does"
    );
    assert!(story.html.contains(&format!("\"name\":\"{NAME}\"")));
    // The section's feeds.
    let rss = app.get("/uk/tag/transit/rss/").await;
    assert!(
        rss.html
            .contains(&format!("<title>{uk_title}: {NAME}</title>")),
        "{}",
        rss.html
    );
    assert!(
        rss.html
            .contains(&format!("<description>{DESCRIPTION}</description>"))
    );
    assert!(rss.html.contains(&format!("<category>{NAME}</category>")));
    let atom = app.get("/uk/tag/transit/atom/").await;
    assert!(atom.html.contains(NAME), "{}", atom.html);

    // The English pages keep the shared name.
    let english = app.get("/tag/transit/").await;
    assert_eq!(english.texts("h1.list-title"), vec!["Transit".to_owned()]);
    assert!(!english.html.contains(NAME));
    assert!(nav_sections(&app.get("/").await).contains(&"Transit".to_owned()));
    let english_rss = app.get("/tag/transit/rss/").await;
    assert!(english_rss.html.contains(": Transit</title>"));
    assert!(!english_rss.html.contains(NAME));

    // A blank name brings the shared one back, everywhere in the edition.
    let cleared = desk
        .post(
            &path,
            &[
                (name_field.as_str(), "  "),
                (description_field.as_str(), ""),
            ],
        )
        .await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER, "{}", cleared.html);
    assert!(app.db.names_of_tag(transit).await.unwrap().is_empty());
    let page = app
        .eventually_shows("/uk/tag/transit/", "<h1 class=\"list-title\">Transit</h1>")
        .await;
    assert!(!page.html.contains(NAME));
    assert!(nav_sections(&app.get("/uk/").await).contains(&"Transit".to_owned()));
    let story = app.get(&format!("/uk/{article}/")).await;
    assert_eq!(story.texts(".story-kicker a"), vec!["Transit".to_owned()]);
}

async fn a_bad_section_name_is_answered_in_the_form_and_saves_nothing(app: &TestApp) {
    let (uk, uk_title, transit, _) = transit_in_uk(app).await;
    let desk = app.desk(Role::Editor).await;
    let path = format!("/admin/tags/{transit}/names");
    let name_field = format!("name-{uk}");
    let description_field = format!("description-{uk}");
    let before = app.db.names_of_tag(transit).await.unwrap();

    let long = "м".repeat(SECTION_NAME_MAX + 1);
    let refused = desk.post(&path, &[(name_field.as_str(), &long)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.page();
    assert_eq!(
        page.texts(&format!("#{name_field}-error")),
        vec![format!(
            "Keep the name in {uk_title} to {SECTION_NAME_MAX} characters; it has {}.",
            SECTION_NAME_MAX + 1
        )]
    );
    assert_eq!(
        page.attrs(&format!("input#{name_field}"), "value"),
        vec![long.clone()],
        "what was typed stays in the field"
    );

    let refused = desk
        .post(
            &path,
            &[
                (name_field.as_str(), ""),
                (description_field.as_str(), DESCRIPTION),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.page().texts(&format!("#{name_field}-error")),
        vec![format!(
            "Write the name in {uk_title} too: a description needs the name it describes."
        )]
    );
    assert_eq!(app.db.names_of_tag(transit).await.unwrap(), before);

    // Without the form's token, for an unknown section, or for a role that does not
    // manage sections: refused, and nothing changes.
    let forged = desk.post_raw(&path, &[(name_field.as_str(), NAME)]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let missing = desk
        .post("/admin/tags/99999/names", &[(name_field.as_str(), NAME)])
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        desk.get("/admin/tags/99999/names").await.status,
        StatusCode::NOT_FOUND
    );
    let author = app.desk(Role::Author).await;
    assert_eq!(author.get(&path).await.status, StatusCode::FORBIDDEN);
    let denied = author.post(&path, &[(name_field.as_str(), NAME)]).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert_eq!(app.db.names_of_tag(transit).await.unwrap(), before);
}
