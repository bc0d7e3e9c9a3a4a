//! The demo newsroom that `serve --demo` writes into an empty site: our own made-up
//! content (`newsroom.toml`, and its Ukrainian edition in `newsroom_uk.toml`), with
//! illustrations drawn in code.

mod edition;
pub mod images;

use byline_media::MediaStore;
use std::collections::HashMap;

use anyhow::{Context, anyhow, bail};
use byline_core::content::NewPost;
use byline_core::newsletters::{IssueDraft, NewsletterDraft};
use byline_core::{Collection, EmailAddress, NoteKind, PostId, PostKind, PostStatus, Slug};
use byline_store::{
    CollectionStore, Db, ImportRow, IssueEdit, NewAuthor, NewFeedItem, NewTag, SiteSettings,
};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;

const NEWSROOM: &str = include_str!("newsroom.toml");

#[derive(Deserialize)]
struct Newsroom {
    site: SiteSection,
    authors: Vec<AuthorEntry>,
    tags: Vec<TagEntry>,
    posts: Vec<PostEntry>,
    feed: Vec<FeedEntry>,
    collections: Collections,
    newsletters: Vec<NewsletterEntry>,
}

#[derive(Deserialize)]
struct NewsletterEntry {
    slug: String,
    name: String,
    description: String,
    cadence: String,
    sender_name: String,
    sender_email: String,
    /// Invented readers on example.org, confirmed, so a send has someone to reach.
    subscribers: Vec<String>,
    draft_subject: String,
    draft_preheader: String,
    draft_body: String,
    draft_articles: Vec<String>,
}

#[derive(Deserialize)]
struct SiteSection {
    title: String,
    description: String,
    timezone: String,
    language: String,
}

#[derive(Deserialize)]
struct AuthorEntry {
    slug: String,
    name: String,
    bio: String,
}

#[derive(Deserialize)]
struct TagEntry {
    slug: String,
    name: String,
    description: String,
}

#[derive(Deserialize)]
struct PostEntry {
    slug: String,
    kind: String,
    title: String,
    subtitle: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    featured: bool,
    hours_ago: i64,
    image_alt: Option<String>,
    image_caption: Option<String>,
    image_credit: Option<String>,
    body: String,
    #[serde(default)]
    notes: Vec<NoteEntry>,
}

#[derive(Deserialize)]
struct NoteEntry {
    kind: String,
    hours_ago: i64,
    text: String,
}

#[derive(Deserialize)]
pub(super) struct FeedEntry {
    headline: String,
    text: String,
    minutes_ago: i64,
    link: Option<String>,
    updated_minutes_ago: Option<i64>,
}

#[derive(Deserialize)]
struct Collections {
    editors_picks: Vec<String>,
    more_news: Vec<String>,
}

/// Writes the demo newsroom if the site has no content yet; a site with content is
/// left exactly as it is.
pub async fn fill_if_empty(db: &Db, media: &MediaStore) -> anyhow::Result<()> {
    if !db.is_empty().await? {
        tracing::info!("the site already has content; --demo leaves it as it is");
        return Ok(());
    }
    let newsroom: Newsroom =
        toml::from_str(NEWSROOM).context("the built-in demo newsroom is malformed")?;
    let now = Timestamp::now();

    let url = db.site_settings().await?.url;
    let logo = images::store_svg(media, "demo", &images::logo(&newsroom.site.title)).await?;
    db.save_site_settings(&SiteSettings {
        logo_url: Some(logo),
        title: newsroom.site.title,
        description: newsroom.site.description,
        timezone: newsroom.site.timezone,
        language: newsroom.site.language,
        url,
        navigation: Vec::new(),
        ..SiteSettings::default()
    })
    .await?;

    let mut authors = HashMap::new();
    for entry in &newsroom.authors {
        let photo =
            images::store_svg(media, "demo", &images::portrait(&entry.slug, &entry.name)).await?;
        let author = db
            .create_author(&NewAuthor {
                slug: slug(&entry.slug)?,
                name: entry.name.clone(),
                bio: Some(entry.bio.clone()),
                photo_url: Some(photo),
            })
            .await?;
        authors.insert(entry.slug.as_str(), author.id);
    }
    let mut tags = HashMap::new();
    for entry in &newsroom.tags {
        let tag = db
            .create_tag(&NewTag {
                slug: slug(&entry.slug)?,
                name: entry.name.clone(),
                description: Some(entry.description.clone()),
            })
            .await?;
        tags.insert(entry.slug.as_str(), tag.id);
    }

    let mut posts = HashMap::new();
    for entry in &newsroom.posts {
        let id = add_post(db, media, entry, &authors, &tags, now).await?;
        posts.insert(entry.slug.as_str(), id);
    }
    edition::add_ukrainian(db, media, &authors, &tags, &posts, now).await?;

    add_feed(db, &newsroom.feed, byline_core::editions::MAIN_EDITION, now).await?;

    db.set_collection(
        Collection::EditorsPicks,
        &lookup(&posts, &newsroom.collections.editors_picks, "post")?,
    )
    .await?;
    db.set_collection(
        Collection::MoreNews,
        &lookup(&posts, &newsroom.collections.more_news, "post")?,
    )
    .await?;
    add_newsletters(db, &newsroom.newsletters, &posts, now).await?;

    tracing::info!(
        posts = newsroom.posts.len(),
        authors = newsroom.authors.len(),
        feed_items = newsroom.feed.len(),
        "created the demo newsroom"
    );
    Ok(())
}

/// Writes one demo post as published, with its illustration and its notes, in the
/// main edition.
async fn add_post(
    db: &Db,
    media: &MediaStore,
    entry: &PostEntry,
    authors: &HashMap<&str, i64>,
    tags: &HashMap<&str, i64>,
    now: Timestamp,
) -> anyhow::Result<PostId> {
    let ago_hours = |h: i64| now - SignedDuration::from_hours(h);
    let image = match &entry.image_alt {
        Some(alt) => Some(images::image(
            images::store_svg(media, "demo", &images::landscape(&entry.slug)).await?,
            alt,
            entry.image_caption.as_deref(),
            entry.image_credit.as_deref(),
        )),
        None => None,
    };
    let id = db
        .create_post(NewPost {
            slug: slug(&entry.slug)?,
            kind: entry.kind.parse::<PostKind>()?,
            status: PostStatus::Published,
            title: entry.title.clone(),
            subtitle: entry.subtitle.clone(),
            body_markdown: entry.body.clone(),
            image,
            featured: entry.featured,
            published_at: Some(ago_hours(entry.hours_ago)),
            author_ids: lookup(authors, &entry.authors, "author")?,
            tag_ids: lookup(tags, &entry.tags, "tag")?,
        })
        .await
        .with_context(|| format!("cannot create the demo post {}", entry.slug))?;
    let mut notes: Vec<&NoteEntry> = entry.notes.iter().collect();
    notes.sort_by_key(|n| std::cmp::Reverse(n.hours_ago));
    for note in notes {
        db.add_note(
            id,
            note.kind.parse::<NoteKind>()?,
            &note.text,
            ago_hours(note.hours_ago),
        )
        .await?;
    }
    Ok(id)
}

/// The demo's newsletters, each with a few confirmed readers and a draft issue.
async fn add_newsletters(
    db: &Db,
    entries: &[NewsletterEntry],
    posts: &HashMap<&str, PostId>,
    now: Timestamp,
) -> anyhow::Result<()> {
    for entry in entries {
        let draft = NewsletterDraft {
            slug: entry.slug.clone(),
            name: entry.name.clone(),
            description: entry.description.clone(),
            cadence: entry.cadence.clone(),
            sender_name: entry.sender_name.clone(),
            sender_email: entry.sender_email.clone(),
            reply_to: String::new(),
            signup_open: true,
        };
        if let Some((field, problem)) = draft.problems().into_iter().next() {
            bail!("demo newsletter '{}': {field}: {problem}", entry.slug);
        }
        let id = db.create_newsletter(&draft, now).await?;
        let readers = entry
            .subscribers
            .iter()
            .map(|email| {
                Ok(ImportRow {
                    email: EmailAddress::parse(email)
                        .map_err(|e| anyhow!("demo subscriber '{email}': {e}"))?,
                    name: String::new(),
                    newsletter_ids: vec![id],
                    consent: true,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        db.import_subscribers(&readers, "demo newsroom", now)
            .await?;
        let articles = lookup(posts, &entry.draft_articles, "post")?;
        db.create_issue(
            &IssueEdit {
                newsletter_id: id,
                draft: &IssueDraft {
                    subject: entry.draft_subject.clone(),
                    preheader: entry.draft_preheader.clone(),
                    body: entry.draft_body.clone(),
                },
                article_ids: &articles,
            },
            None,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Publishes `entries` to `edition`'s News Feed, each the given minutes before `now`.
async fn add_feed(
    db: &Db,
    entries: &[FeedEntry],
    edition: byline_core::EditionId,
    now: Timestamp,
) -> anyhow::Result<()> {
    let at = |minutes: i64| now - SignedDuration::from_mins(minutes);
    for entry in entries {
        db.create_feed_item(&NewFeedItem {
            headline: entry.headline.clone(),
            text: entry.text.clone(),
            post_slug: entry.link.as_deref().map(slug).transpose()?,
            published_at: at(entry.minutes_ago),
            updated_at: entry.updated_minutes_ago.map(at),
            created_by: None,
            edition,
        })
        .await
        .with_context(|| format!("cannot publish the demo feed item '{}'", entry.headline))?;
    }
    Ok(())
}

fn slug(raw: &str) -> anyhow::Result<Slug> {
    Slug::parse(raw).map_err(|e| anyhow!("demo slug '{raw}': {e}"))
}

fn lookup<Id: Copy>(
    ids: &HashMap<&str, Id>,
    slugs: &[String],
    what: &str,
) -> anyhow::Result<Vec<Id>> {
    slugs
        .iter()
        .map(|s| {
            ids.get(s.as_str())
                .copied()
                .ok_or_else(|| anyhow!("the demo refers to an unknown {what} '{s}'"))
        })
        .collect()
}

/// The demo newsroom's desk account. Each start with `--demo` gives it a fresh
/// random password, printed for the person at the terminal; nothing is guessable.
pub async fn desk_account(db: &Db) -> anyhow::Result<(String, String)> {
    const EMAIL: &str = "editor@calder-ledger.example";
    let email = byline_core::EmailAddress::parse(EMAIL).expect("a valid address");
    let password = format!("ledger-{}", uuid_like());
    let hash = byline_web::hash_password(password.clone()).await?;
    match db.user_for_sign_in(&email).await? {
        Some((user, _)) => db.set_password(user.id, &hash, None).await?,
        None => {
            db.create_user(&byline_store::NewUser {
                email,
                name: "Demo Editor".into(),
                role: byline_core::Role::Admin,
                password_hash: Some(hash),
            })
            .await?;
        }
    }
    Ok((EMAIL.to_owned(), password))
}

/// Twelve random lowercase letters and digits.
fn uuid_like() -> String {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system provides random numbers");
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}
