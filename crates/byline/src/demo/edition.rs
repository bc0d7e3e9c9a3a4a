//! The demo's second edition: «Колдерський вісник», the Ledger in Ukrainian at `/uk/`
//! (`newsroom_uk.toml`). Some of its articles are translations of English ones and
//! are linked to them; the others are its own stories. It has a News Feed of its own.

use std::collections::HashMap;

use anyhow::{Context, anyhow};
use byline_core::editions::{DateOrder, EditionPrefix, SectionName};
use byline_core::{EditionId, LanguageTag, PostId};
use byline_media::MediaStore;
use byline_store::{Db, NewEdition};
use jiff::Timestamp;
use serde::Deserialize;

use super::{FeedEntry, PostEntry, add_feed, add_post};

const NEWSROOM_UK: &str = include_str!("newsroom_uk.toml");

#[derive(Deserialize)]
struct EditionFile {
    edition: EditionSection,
    /// The edition's names for newsroom.toml's tags.
    sections: Vec<SectionEntry>,
    posts: Vec<EditionPost>,
    feed: Vec<FeedEntry>,
}

#[derive(Deserialize)]
struct EditionSection {
    prefix: String,
    language: String,
    title: String,
    description: String,
    timezone: String,
    date_order: String,
}

#[derive(Deserialize)]
struct SectionEntry {
    /// The tag's slug in newsroom.toml.
    slug: String,
    name: String,
    description: String,
}

#[derive(Deserialize)]
struct EditionPost {
    /// The slug of the English article this one translates, if it is a translation.
    translates: Option<String>,
    #[serde(flatten)]
    post: PostEntry,
}

/// Adds the Ukrainian edition with its articles, using the main edition's authors
/// and tags (named in Ukrainian), and links each translation to its English original
/// in `english`.
pub(super) async fn add_ukrainian(
    db: &Db,
    media: &MediaStore,
    authors: &HashMap<&str, i64>,
    tags: &HashMap<&str, i64>,
    english: &HashMap<&str, PostId>,
    now: Timestamp,
) -> anyhow::Result<()> {
    let file: EditionFile =
        toml::from_str(NEWSROOM_UK).context("the built-in Ukrainian demo edition is malformed")?;
    let new = edition(file.edition)?;
    let prefix = new.prefix.clone();
    let edition = db
        .add_edition(&new)
        .await
        .with_context(|| format!("cannot create the demo edition /{prefix}/"))?;
    name_sections(db, edition, &file.sections, tags).await?;
    for entry in &file.posts {
        let id = add_post(db, media, &entry.post, authors, tags, now).await?;
        db.move_post_to_edition(id, edition)
            .await
            .with_context(|| format!("cannot move {} into /{prefix}/", entry.post.slug))?;
        if let Some(original) = &entry.translates {
            let original = english
                .get(original.as_str())
                .copied()
                .ok_or_else(|| anyhow!("the demo translates an unknown post '{original}'"))?;
            db.link_translation(original, id)
                .await
                .with_context(|| format!("cannot link {} as a translation", entry.post.slug))?;
        }
    }
    add_feed(db, &file.feed, edition, now).await?;
    tracing::info!(
        edition.prefix = %prefix,
        posts = file.posts.len(),
        feed_items = file.feed.len(),
        "created the demo edition"
    );
    Ok(())
}

/// Gives the edition its own names for the shared sections.
async fn name_sections(
    db: &Db,
    edition: EditionId,
    sections: &[SectionEntry],
    tags: &HashMap<&str, i64>,
) -> anyhow::Result<()> {
    for entry in sections {
        let tag = tags
            .get(entry.slug.as_str())
            .copied()
            .ok_or_else(|| anyhow!("the demo edition names an unknown section '{}'", entry.slug))?;
        let name = SectionName::parse(&entry.name, &entry.description)
            .map_err(|e| anyhow!("the demo's name for section '{}': {e}", entry.slug))?;
        db.save_tag_names(tag, &[(edition, name)])
            .await
            .with_context(|| format!("cannot name section '{}' in the demo edition", entry.slug))?;
    }
    Ok(())
}

fn edition(section: EditionSection) -> anyhow::Result<NewEdition> {
    Ok(NewEdition {
        prefix: EditionPrefix::parse(&section.prefix)
            .map_err(|e| anyhow!("demo edition prefix '{}': {e}", section.prefix))?,
        language: LanguageTag::parse(&section.language)
            .ok_or_else(|| anyhow!("demo edition language '{}'", section.language))?,
        date_order: DateOrder::parse(&section.date_order)
            .ok_or_else(|| anyhow!("demo edition date order '{}'", section.date_order))?,
        title: section.title,
        description: section.description,
        timezone: section.timezone,
    })
}
