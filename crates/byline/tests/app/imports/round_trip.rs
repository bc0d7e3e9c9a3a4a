//! Byline → `byline export` → `byline import ghost` into an empty site gives the same
//! site: every post with its words, status, dates, bylines, sections and pictures, in
//! its edition, with its translations linked; into a site that already has the
//! editions, every post goes back into its own.

use std::collections::BTreeMap;

use super::{byline_on, run};
use crate::helpers::TestApp;

/// What must survive the trip, per post slug. Image addresses are left out (the
/// pictures are stored again, under the hash of the exported copy) but their
/// presence, alt, caption and credit are kept.
#[derive(Debug, PartialEq)]
struct Shape {
    kind: String,
    status: String,
    title: String,
    subtitle: Option<String>,
    body: String,
    featured: i64,
    published_at: Option<i64>,
    image: Option<(String, Option<String>, Option<String>)>,
    authors: Vec<String>,
    tags: Vec<String>,
}

async fn shapes(app: &TestApp) -> BTreeMap<String, Shape> {
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        i64,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let posts: Vec<Row> = sqlx::query_as(
        "SELECT id, slug, kind, status, title, subtitle, body_markdown, featured, published_at, \
         image_url, image_alt, image_caption, image_credit FROM posts",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    let mut out = BTreeMap::new();
    for (
        id,
        slug,
        kind,
        status,
        title,
        subtitle,
        body,
        featured,
        published_at,
        url,
        alt,
        caption,
        credit,
    ) in posts
    {
        let authors: Vec<String> = sqlx::query_scalar(
            "SELECT a.name FROM post_authors pa JOIN authors a ON a.id = pa.author_id \
             WHERE pa.post_id = $1 ORDER BY pa.position",
        )
        .bind(id)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        let tags: Vec<String> = sqlx::query_scalar(
            "SELECT t.slug FROM post_tags pt JOIN tags t ON t.id = pt.tag_id \
             WHERE pt.post_id = $1 ORDER BY pt.position",
        )
        .bind(id)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        out.insert(
            slug,
            Shape {
                kind,
                status,
                title,
                subtitle,
                body: without_image_addresses(body.trim_end()),
                featured,
                published_at,
                image: url.map(|_| (alt.unwrap_or_default(), caption, credit)),
                authors,
                tags,
            },
        );
    }
    out
}

/// `/content/images/u/{hash}/{width}.{ext}` → `IMAGE`.
fn without_image_addresses(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find("/content/images/u/") {
        out.push_str(&rest[..at]);
        out.push_str("IMAGE");
        let tail = &rest[at..];
        let end = tail.find([')', '"', ' ', '\n']).unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The demo newsroom with photographs: the demo's drawings are SVG, which no import
/// takes (a file that can carry scripts), so its posts and authors get an uploaded
/// picture instead.
async fn demo_with_photographs() -> TestApp {
    let source = TestApp::sqlite().await;
    let desk = source.desk(byline_core::Role::Editor).await;
    let answer = desk
        .post_multipart(
            "/admin/posts",
            &[
                ("title", "Bridge repairs begin"),
                ("kind", "post"),
                ("image_alt", "Scaffolding under the old bridge"),
                ("image_caption", "Work starts at the north pier."),
                ("image_credit", "Photo: Ledger staff"),
                ("action", "publish"),
            ],
            Some(("image_file", "bridge.png", crate::helpers::png(900, 600))),
        )
        .await;
    assert_eq!(
        answer.status,
        reqwest::StatusCode::SEE_OTHER,
        "{}",
        answer.html
    );
    let (url, width, height): (String, i64, i64) = sqlx::query_as(
        "SELECT image_url, image_width, image_height FROM posts WHERE slug = 'bridge-repairs-begin'",
    )
    .fetch_one(source.db.pool())
    .await
    .unwrap();
    sqlx::query("UPDATE posts SET image_url = $1, image_width = $2, image_height = $3 WHERE image_url LIKE '%.svg'")
        .bind(&url)
        .bind(width)
        .bind(height)
        .execute(source.db.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE authors SET photo_url = $1 WHERE photo_url LIKE '%.svg'")
        .bind(&url)
        .execute(source.db.pool())
        .await
        .unwrap();
    source
}

/// Each post's edition, by slug: `("uk", "uk")` or `("", "en")`.
async fn editions(app: &TestApp) -> BTreeMap<String, (String, String)> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT p.slug, e.prefix, e.language FROM posts p JOIN editions e ON e.id = p.edition_id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    rows.into_iter()
        .map(|(slug, prefix, language)| (slug, (prefix, language)))
        .collect()
}

/// Every pair of translations, by slug.
async fn translations(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT p.slug, o.slug FROM posts p JOIN posts o \
         ON o.translation_group = p.translation_group AND o.id <> p.id ORDER BY p.slug, o.slug",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

/// Exports `source` with its pictures and imports the file into `target`; returns what
/// the import printed.
async fn export_and_import(source: &TestApp, target: &TestApp) -> super::Ran {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("site.json");
    let tar = dir.path().join("media.tar");
    let members = dir.path().join("members.csv");
    let ran = run(byline_on(
        source,
        &[
            "export",
            json.to_str().unwrap(),
            "--media",
            tar.to_str().unwrap(),
            "--members",
            members.to_str().unwrap(),
        ],
    ))
    .await;
    assert!(ran.success, "{}", ran.stderr);
    // Ghost's member import reads this file: its columns, and newsletters as labels.
    let csv = std::fs::read_to_string(&members).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels"
        )
    );
    assert!(
        lines.any(|l| l.contains(",true,") && l.contains("newsletter: ")),
        "{csv}"
    );
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    let unpacked = std::process::Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .arg("-C")
        .arg(&content)
        .status()
        .unwrap();
    assert!(unpacked.success());
    let ran = run(byline_on(
        target,
        &[
            "import",
            "ghost",
            json.to_str().unwrap(),
            "--content",
            content.to_str().unwrap(),
        ],
    ))
    .await;
    assert!(ran.success, "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        !ran.stdout.contains("is not in the media folder"),
        "{}",
        ran.stdout
    );
    ran
}

async fn an_exported_site_imports_as_the_same_site(target: &TestApp) {
    let source = demo_with_photographs().await;
    let ran = export_and_import(&source, target).await;
    // The empty site gets the Ukrainian edition at the same address.
    assert!(
        ran.stdout.contains("made the edition /uk/"),
        "{}",
        ran.stdout
    );
    assert_eq!(editions(&source).await, editions(target).await);
    assert_eq!(translations(&source).await, translations(target).await);

    let before = shapes(&source).await;
    let after = shapes(target).await;
    assert_eq!(before.len(), after.len());
    for (slug, shape) in &before {
        assert_eq!(Some(shape), after.get(slug), "{slug}");
    }
    // The pages read the same.
    for slug in before
        .keys()
        .filter(|s| before[*s].status == "published")
        .take(5)
    {
        let a = source.get(&format!("/{slug}/")).await;
        let b = target.get(&format!("/{slug}/")).await;
        assert_eq!(a.texts(".story-title"), b.texts(".story-title"));
        assert_eq!(a.texts(".byline"), b.texts(".byline"));
        assert_eq!(
            a.texts(".article-body p"),
            b.texts(".article-body p"),
            "{slug}"
        );
    }
    // Sections and authors with their words.
    let sections = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            let mut tags: Vec<(String, String, Option<String>)> = db
                .list_tags()
                .await
                .unwrap()
                .into_iter()
                .map(|t| (t.slug.to_string(), t.name, t.description))
                .collect();
            tags.sort();
            let mut authors: Vec<(String, String, Option<String>)> = db
                .list_authors()
                .await
                .unwrap()
                .into_iter()
                .map(|a| (a.slug.to_string(), a.name, a.bio))
                .collect();
            authors.sort();
            (tags, authors)
        }
    };
    assert_eq!(sections(&source).await, sections(target).await);
    source.stop().await;
}

async fn posts_go_back_into_the_editions_the_site_already_has(target: &TestApp) {
    target
        .db
        .add_edition(&byline_store::testing::ukrainian_edition("uk"))
        .await
        .unwrap();
    let source = demo_with_photographs().await;
    let ran = export_and_import(&source, target).await;
    assert!(!ran.stdout.contains("made the edition"), "{}", ran.stdout);
    assert_eq!(target.db.editions().await.unwrap().len(), 2);

    let before = editions(&source).await;
    let after = editions(target).await;
    let in_edition = |places: &BTreeMap<String, (String, String)>, prefix: &str| {
        places
            .iter()
            .filter(|(_, (p, _))| p == prefix)
            .map(|(slug, _)| slug.clone())
            .collect::<Vec<_>>()
    };
    let ukrainian = in_edition(&before, "uk");
    let english = in_edition(&before, "");
    assert!(
        ukrainian.len() >= 3,
        "the demo's Ukrainian articles: {ukrainian:?}"
    );
    assert!(english.len() >= 3, "{english:?}");
    assert_eq!(
        in_edition(&after, "uk"),
        ukrainian,
        "Ukrainian articles in /uk/"
    );
    assert_eq!(
        in_edition(&after, ""),
        english,
        "English ones in the main edition"
    );
    assert_eq!(before, after);

    let linked = translations(target).await;
    assert!(!linked.is_empty(), "the demo has translations");
    assert_eq!(translations(&source).await, linked);

    // A Ukrainian article reads the same at its address in the edition.
    let slug: String = sqlx::query_scalar(
        "SELECT p.slug FROM posts p JOIN editions e ON e.id = p.edition_id \
         WHERE e.prefix = 'uk' AND p.kind = 'post' AND p.status = 'published' \
         ORDER BY p.slug LIMIT 1",
    )
    .fetch_one(source.db.pool())
    .await
    .unwrap();
    let a = source.get(&format!("/uk/{slug}/")).await;
    let b = target.get(&format!("/uk/{slug}/")).await;
    assert_eq!(b.status, reqwest::StatusCode::OK, "/uk/{slug}/");
    assert_eq!(a.texts(".story-title"), b.texts(".story-title"));
    assert_eq!(a.texts(".article-body p"), b.texts(".article-body p"));
    source.stop().await;
}

crate::on_both_empty_sites!(
    an_exported_site_imports_as_the_same_site,
    posts_go_back_into_the_editions_the_site_already_has,
);
