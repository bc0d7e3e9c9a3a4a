//! Writing what an import read: authors, sections and posts, each remembered under its
//! id in the source so the same import run again updates instead of duplicating.
//!
//! Posts are written in batches, one transaction per batch, so a batch is all there or
//! not at all: a crash (kill -9, a full disk) never leaves half a post, and running
//! the import again carries on, skipping every row whose checksum has not changed.

pub(crate) mod posts;
pub(crate) mod runs;

use byline_core::{PostId, Slug};
use jiff::Timestamp;
use sqlx::{AnyConnection, Row};

use crate::error::slug_clash;
use crate::posts::PreparedPost;
use crate::{ChangeSet, Db, Result, bump_content_version};
use crate::{NewAuthor, NewTag};

/// Names one row in one source: `("ghost", "post", "5f3a…")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceKey<'a> {
    pub platform: &'a str,
    pub kind: &'a str,
    pub source_id: &'a str,
}

/// What importing one row did, with the local row's id (an author's, a section's or
/// a post's: [`Imported::post_id`] reads it as the post's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Created(i64),
    Updated(i64),
    /// Imported before with the same content: nothing written.
    Unchanged(i64),
    /// Not imported before, but a row with the same slug was there already (made in
    /// the desk, or by another import): the source row is linked to it.
    Adopted(i64),
}

impl Imported {
    pub fn id(self) -> i64 {
        match self {
            Imported::Created(id)
            | Imported::Updated(id)
            | Imported::Unchanged(id)
            | Imported::Adopted(id) => id,
        }
    }

    /// The id of the post a post's import wrote.
    pub fn post_id(self) -> PostId {
        PostId(self.id())
    }
}

/// A post ready to write, with where it came from.
#[derive(Debug, Clone)]
pub struct ImportPost {
    pub source_id: String,
    /// Changes whenever anything imported about the post changes.
    pub checksum: String,
    pub prepared: PreparedPost,
    /// The source's public id, kept as the post's GUID when it is a UUID.
    pub uuid: Option<String>,
    pub created_at: Option<Timestamp>,
    /// Old addresses (site-relative, with a query where needed) that lead to the post.
    pub old_paths: Vec<String>,
    /// The edition it belongs to (the importer makes one per language it meets).
    pub edition: byline_core::EditionId,
}

impl Db {
    /// The local id and checksum of rows imported before, by source id.
    pub async fn imported_rows(
        &self,
        platform: &str,
        kind: &str,
        source_ids: &[&str],
    ) -> Result<std::collections::HashMap<String, (i64, String)>> {
        let mut found = std::collections::HashMap::new();
        for chunk in source_ids.chunks(500) {
            let sql = format!(
                "SELECT source_id, local_id, checksum FROM import_sources \
                 WHERE platform = $1 AND kind = $2 AND source_id IN ({})",
                crate::rows::placeholders(3, chunk.len())
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(platform)
                .bind(kind);
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(&self.pool).await? {
                found.insert(
                    row.try_get("source_id")?,
                    (row.try_get("local_id")?, row.try_get("checksum")?),
                );
            }
        }
        Ok(found)
    }

    /// Imports an author: updates the one imported before, else adopts an author with
    /// the same slug (the same person, already on the site), else creates one.
    pub async fn import_author(
        &self,
        key: SourceKey<'_>,
        checksum: &str,
        author: &NewAuthor,
    ) -> Result<Imported> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let outcome = match previous(&mut tx, key).await? {
            Some((id, old)) if old == checksum => Imported::Unchanged(id),
            Some((id, _)) => {
                sqlx::query("UPDATE authors SET slug = $1, name = $2, bio = $3, photo_url = $4 WHERE id = $5")
                    .bind(author.slug.as_str())
                    .bind(&author.name)
                    .bind(author.bio.as_deref())
                    .bind(author.photo_url.as_deref())
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| slug_clash(e, &author.slug))?;
                Imported::Updated(id)
            }
            None => {
                let existing: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM authors WHERE slug = $1")
                        .bind(author.slug.as_str())
                        .fetch_optional(&mut *tx)
                        .await?;
                match existing {
                    Some(id) => Imported::Adopted(id),
                    None => Imported::Created(
                        sqlx::query_scalar(
                            "INSERT INTO authors (slug, name, bio, photo_url, created_at) \
                             VALUES ($1, $2, $3, $4, $5) RETURNING id",
                        )
                        .bind(author.slug.as_str())
                        .bind(&author.name)
                        .bind(author.bio.as_deref())
                        .bind(author.photo_url.as_deref())
                        .bind(now.as_second())
                        .fetch_one(&mut *tx)
                        .await?,
                    ),
                }
            }
        };
        finish_row(tx, key, checksum, outcome, now).await
    }

    /// Imports a tag (section), like [`Db::import_author`].
    pub async fn import_tag(
        &self,
        key: SourceKey<'_>,
        checksum: &str,
        tag: &NewTag,
    ) -> Result<Imported> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let outcome = match previous(&mut tx, key).await? {
            Some((id, old)) if old == checksum => Imported::Unchanged(id),
            Some((id, _)) => {
                sqlx::query("UPDATE tags SET slug = $1, name = $2, description = $3 WHERE id = $4")
                    .bind(tag.slug.as_str())
                    .bind(&tag.name)
                    .bind(tag.description.as_deref())
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| slug_clash(e, &tag.slug))?;
                Imported::Updated(id)
            }
            None => {
                let existing: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM tags WHERE slug = $1")
                        .bind(tag.slug.as_str())
                        .fetch_optional(&mut *tx)
                        .await?;
                match existing {
                    Some(id) => Imported::Adopted(id),
                    None => Imported::Created(
                        sqlx::query_scalar(
                            "INSERT INTO tags (slug, name, description, created_at) \
                             VALUES ($1, $2, $3, $4) RETURNING id",
                        )
                        .bind(tag.slug.as_str())
                        .bind(&tag.name)
                        .bind(tag.description.as_deref())
                        .bind(now.as_second())
                        .fetch_one(&mut *tx)
                        .await?,
                    ),
                }
            }
        };
        finish_row(tx, key, checksum, outcome, now).await
    }

    /// Remembers a row made outside this store's import functions (a newsletter, a
    /// member, an image) under its source id.
    pub async fn remember_import(
        &self,
        key: SourceKey<'_>,
        local_id: i64,
        checksum: &str,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        remember(&mut conn, key, local_id, checksum, Timestamp::now()).await
    }

    /// The slug an imported post has now (the importer points redirects at it).
    pub async fn post_slug(&self, id: PostId) -> Result<Option<Slug>> {
        let slug: Option<String> = sqlx::query_scalar("SELECT slug FROM posts WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(slug.and_then(|s| Slug::parse(&s).ok()))
    }
}

async fn previous(conn: &mut AnyConnection, key: SourceKey<'_>) -> Result<Option<(i64, String)>> {
    let row = sqlx::query(
        "SELECT local_id, checksum FROM import_sources WHERE platform = $1 AND kind = $2 AND source_id = $3",
    )
    .bind(key.platform)
    .bind(key.kind)
    .bind(key.source_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| Ok((row.try_get("local_id")?, row.try_get("checksum")?)))
        .transpose()
}

async fn remember(
    conn: &mut AnyConnection,
    key: SourceKey<'_>,
    local_id: i64,
    checksum: &str,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO import_sources (platform, kind, source_id, local_id, checksum, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (platform, kind, source_id) \
         DO UPDATE SET local_id = excluded.local_id, checksum = excluded.checksum, imported_at = excluded.imported_at",
    )
    .bind(key.platform)
    .bind(key.kind)
    .bind(key.source_id)
    .bind(local_id)
    .bind(checksum)
    .bind(now.as_second())
    .execute(conn)
    .await?;
    Ok(())
}

async fn finish_row(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    key: SourceKey<'_>,
    checksum: &str,
    outcome: Imported,
    now: Timestamp,
) -> Result<Imported> {
    if !matches!(outcome, Imported::Unchanged(_)) {
        remember(&mut tx, key, outcome.id(), checksum, now).await?;
        bump_content_version(&mut tx, now, &ChangeSet::everything()).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}
