//! Turning rows into domain types. Stored values were checked when written; a value
//! that no longer parses is reported as corrupt data, never a panic.

use byline_core::content::{Image, PostSummary};
use byline_core::{Author, Slug, Tag};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, StoreError};

pub(crate) fn timestamp(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

pub(crate) fn opt_timestamp(seconds: Option<i64>) -> Option<Timestamp> {
    seconds.map(timestamp)
}

pub(crate) fn slug(raw: String) -> Result<Slug> {
    Slug::parse(&raw).map_err(|e| StoreError::Corrupt(format!("slug '{raw}': {e}")))
}

pub(crate) fn parsed<T: std::str::FromStr>(raw: String) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    raw.parse()
        .map_err(|e: T::Err| StoreError::Corrupt(e.to_string()))
}

/// The columns [`summary`] reads, prefixed for a query that aliases posts as `p`.
pub(crate) const SUMMARY_COLUMNS: &str = "p.id, p.uuid, p.slug, p.kind, p.status, p.title, p.subtitle, \
    p.excerpt, p.image_url, p.image_alt, p.image_caption, p.image_credit, p.image_width, \
    p.image_height, p.featured, p.published_at, p.updated_at, p.edited_at, p.reading_minutes";

/// A post summary without its authors and tags (see `Db::attach_people`).
pub(crate) fn summary(row: &AnyRow) -> Result<PostSummary> {
    let image = match row.try_get::<Option<String>, _>("image_url")? {
        Some(url) => Some(Image {
            url,
            alt: row
                .try_get::<Option<String>, _>("image_alt")?
                .unwrap_or_default(),
            caption: row.try_get("image_caption")?,
            credit: row.try_get("image_credit")?,
            width: dimension(row.try_get("image_width")?),
            height: dimension(row.try_get("image_height")?),
        }),
        None => None,
    };
    Ok(PostSummary {
        id: row.try_get("id")?,
        uuid: row.try_get("uuid")?,
        slug: slug(row.try_get("slug")?)?,
        kind: parsed(row.try_get("kind")?)?,
        status: parsed(row.try_get("status")?)?,
        title: row.try_get("title")?,
        subtitle: row.try_get("subtitle")?,
        excerpt: row.try_get("excerpt")?,
        image,
        featured: row.try_get::<i64, _>("featured")? != 0,
        published_at: opt_timestamp(row.try_get("published_at")?),
        updated_at: opt_timestamp(row.try_get("updated_at")?),
        edited_at: timestamp(row.try_get("edited_at")?),
        reading_minutes: u32::try_from(row.try_get::<i64, _>("reading_minutes")?).unwrap_or(1),
        authors: Vec::new(),
        tags: Vec::new(),
    })
}

fn dimension(value: Option<i64>) -> u32 {
    value.and_then(|v| u32::try_from(v).ok()).unwrap_or(0)
}

pub(crate) const AUTHOR_COLUMNS: &str = "a.id, a.slug, a.name, a.bio, a.photo_url";

pub(crate) fn author(row: &AnyRow) -> Result<Author> {
    Ok(Author {
        id: row.try_get("id")?,
        slug: slug(row.try_get("slug")?)?,
        name: row.try_get("name")?,
        bio: row.try_get("bio")?,
        photo_url: row.try_get("photo_url")?,
    })
}

pub(crate) const TAG_COLUMNS: &str = "t.id, t.slug, t.name, t.description";

pub(crate) fn tag(row: &AnyRow) -> Result<Tag> {
    Ok(Tag {
        id: row.try_get("id")?,
        slug: slug(row.try_get("slug")?)?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
    })
}

/// `$first, $first+1, …` for `count` values, for `IN (…)` lists.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
