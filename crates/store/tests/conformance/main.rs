//! One storage contract, two engines: every test here runs against SQLite (a fresh
//! file in a temp folder) and PostgreSQL (a fresh database on the test server).
//!
//! Each file below lists its tests with `conformance!`, which runs every one on both.

mod accounts;
mod browse;
mod browse_people;
mod browse_refusals;
mod content;
mod desk;
mod desk_editions;
mod editing;
mod edition_feeds;
mod edition_search;
mod edition_syndication;
mod editions;
mod feed;
mod imports;
mod integrations;
mod library;
mod links;
mod lists;
mod narration;
mod newsletters;
mod queue;
mod search;
mod section_names;

use byline_core::content::NewPost;
use byline_core::search::SearchQuery;
use byline_core::{EmailAddress, PostId, PostKind, PostStatus, Role, Slug};
use byline_store::{Db, NewAuthor, NewTag, NewUser, SaveReason, User};
use jiff::{SignedDuration, Timestamp};

#[macro_export]
macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    let db = byline_store::Db::open_sqlite_in(dir.path()).await.unwrap();
                    super::$name(&db).await;
                    db.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let url = byline_store::testing::create_postgres_database().await.unwrap();
                    let db = byline_store::Db::connect(&url).await.unwrap();
                    super::$name(&db).await;
                    db.close().await;
                    byline_store::testing::drop_postgres_database(&url).await;
                }
            )*
        }
    };
}

pub struct Newsroom {
    pub reporter: i64,
    pub editor: i64,
    pub city: i64,
    pub politics: i64,
}

pub async fn newsroom(db: &Db) -> Newsroom {
    let reporter = db
        .create_author(&NewAuthor {
            slug: Slug::parse("olena-koval").unwrap(),
            name: "Олена Коваль".into(),
            bio: Some("Covers the **city hall**.".into()),
            photo_url: None,
        })
        .await
        .unwrap();
    let editor = db
        .create_author(&NewAuthor {
            slug: Slug::parse("sam-reyes").unwrap(),
            name: "Sam Reyes".into(),
            bio: None,
            photo_url: Some("/content/images/sam.svg".into()),
        })
        .await
        .unwrap();
    let city = db
        .create_tag(&NewTag {
            slug: Slug::parse("city").unwrap(),
            name: "City".into(),
            description: Some("Streets, budgets, bridges".into()),
        })
        .await
        .unwrap();
    let politics = db
        .create_tag(&NewTag {
            slug: Slug::parse("politics").unwrap(),
            name: "Politics".into(),
            description: None,
        })
        .await
        .unwrap();
    Newsroom {
        reporter: reporter.id,
        editor: editor.id,
        city: city.id,
        politics: politics.id,
    }
}

/// A staff member with a password (the store only ever sees its hash).
pub async fn staff(db: &Db, email: &str, name: &str, role: Role) -> User {
    db.create_user(&NewUser {
        email: EmailAddress::parse(email).unwrap(),
        name: name.into(),
        role,
        password_hash: Some(format!("argon2-hash-of-{name}")),
    })
    .await
    .unwrap()
}

/// A time as the store keeps it: whole seconds.
pub fn whole_seconds(at: Timestamp) -> Timestamp {
    Timestamp::from_second(at.as_second()).unwrap()
}

pub fn hours_ago(hours: i64) -> Timestamp {
    Timestamp::now() - SignedDuration::from_hours(hours)
}

pub fn article(slug: &str, hours: i64, authors: Vec<i64>, tags: Vec<i64>) -> NewPost {
    NewPost {
        slug: Slug::parse(slug).unwrap(),
        kind: PostKind::Post,
        status: PostStatus::Published,
        title: format!("Headline of {slug}"),
        subtitle: None,
        body_markdown: "Some words in a body.".into(),
        image: None,
        featured: false,
        published_at: Some(hours_ago(hours)),
        author_ids: authors,
        tag_ids: tags,
    }
}

pub fn story(
    slug: &str,
    title: &str,
    subtitle: Option<&str>,
    body: &str,
    hours: i64,
    n: &Newsroom,
) -> NewPost {
    NewPost {
        title: title.into(),
        subtitle: subtitle.map(str::to_owned),
        body_markdown: body.into(),
        ..article(slug, hours, vec![n.reporter], vec![n.city])
    }
}

pub async fn typed(db: &Db, query: &str) -> Vec<String> {
    let query = SearchQuery::as_typed(query).unwrap();
    let results = db.search(&query, 20, 0).await.unwrap();
    results
        .hits
        .iter()
        .map(|hit| hit.post.slug.to_string())
        .collect()
}

pub async fn found(db: &Db, query: &str) -> Vec<String> {
    let query = SearchQuery::parse(query).unwrap();
    let results = db.search(&query, 20, 0).await.unwrap();
    assert_eq!(results.total as usize, results.hits.len());
    assert!(results.complete, "a small archive is searched whole");
    results
        .hits
        .iter()
        .map(|hit| hit.post.slug.to_string())
        .collect()
}

/// Saves `post` over post `id` as the desk does: by a staff member, on the post's
/// current revision. Returns the new revision.
pub async fn resave(db: &Db, id: PostId, post: NewPost) -> byline_store::Result<i64> {
    let editor = desk_editor(db).await;
    // A missing post is saved "on revision 1" so the store reports it missing.
    let base = db.desk_post(id).await?.map_or(1, |p| p.revision);
    db.save_desk_post(id, post, base, editor, SaveReason::Saved)
        .await
}

/// Publishes, schedules (`at` in the future with `Scheduled`) or unpublishes post
/// `id` from the desk, keeping its content.
pub async fn restatus(db: &Db, id: PostId, status: PostStatus, at: Option<Timestamp>) {
    let current = db
        .desk_post(id)
        .await
        .unwrap()
        .expect("the post exists")
        .post;
    let summary = &current.summary;
    let post = NewPost {
        slug: summary.slug.clone(),
        kind: summary.kind,
        status,
        title: summary.title.clone(),
        subtitle: summary.subtitle.clone(),
        body_markdown: current.body_markdown.clone(),
        image: summary.image.clone(),
        featured: summary.featured,
        published_at: at,
        author_ids: summary.authors.iter().map(|a| a.id).collect(),
        tag_ids: summary.tags.iter().map(|t| t.id).collect(),
    };
    resave(db, id, post).await.unwrap();
}

/// The staff member the helpers above save as (made on first use).
async fn desk_editor(db: &Db) -> i64 {
    const EMAIL: &str = "desk-editor@example.org";
    let users = db.list_users().await.unwrap();
    match users.iter().find(|u| u.email.as_str() == EMAIL) {
        Some(user) => user.id,
        None => staff(db, EMAIL, "Desk Editor", Role::Editor).await.id,
    }
}

/// A slug written in a test, parsed.
pub fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}
