//! Sections named by an edition in its language (`tag_names`, migration 0019).
//!
//! Sections are shared by every edition and named once for the site; the main
//! edition shows that name. Another edition may give a section a name (and a
//! description) of its own, and a section read for that edition carries them; one it
//! has not named keeps the shared name and description.

use std::collections::HashMap;

use byline_core::editions::{MAIN_EDITION, SectionName};
use byline_core::{EditionId, Slug, Tag};
use jiff::Timestamp;
use sqlx::{AssertSqlSafe, Row};

use crate::rows;
use crate::{ChangeSet, Db, Entity, Result, StoreError, bump_content_version};

/// The columns of `tags t` as the edition bound to `$1` names them; the query joins
/// [`NAMED_TAGS`] in place of `tags t`. A named section's description is the
/// edition's own, even when it has none: the shared one is in another language.
pub(crate) const NAMED_TAG_COLUMNS: &str = "t.id, t.slug, COALESCE(n.name, t.name) AS name, \
    CASE WHEN n.tag_id IS NULL THEN t.description ELSE n.description END AS description";

/// `tags t` with the names the edition bound to `$1` gives them.
pub(crate) const NAMED_TAGS: &str =
    "tags t LEFT JOIN tag_names n ON n.tag_id = t.id AND n.edition_id = $1";

impl Db {
    /// Saves the names editions give section `tag`: an edition given a name gets it
    /// (in place of any it had), an edition given `None` goes back to the shared
    /// name. All in one transaction; every page changes, as the names show in every
    /// page's navigation. The main edition's name is the section's own and cannot be
    /// given here ([`StoreError::NotEditable`]); an unknown section or edition is
    /// [`StoreError::NotFound`] and nothing is saved.
    pub async fn save_tag_names(
        &self,
        tag: i64,
        names: &[(EditionId, Option<SectionName>)],
    ) -> Result<()> {
        if names.iter().any(|(edition, _)| *edition == MAIN_EDITION) {
            return Err(StoreError::NotEditable(
                "The edition at / shows the section's own name; change it there.".into(),
            ));
        }
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let known: Option<i64> = sqlx::query_scalar("SELECT id FROM tags WHERE id = $1")
            .bind(tag)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_none() {
            return Err(StoreError::not_found(Entity::Tag, format!("#{tag}")));
        }
        for (edition, name) in names {
            let known: Option<i64> = sqlx::query_scalar("SELECT id FROM editions WHERE id = $1")
                .bind(edition.get())
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_none() {
                return Err(StoreError::not_found(Entity::Edition, edition.to_string()));
            }
            match name {
                Some(name) => {
                    sqlx::query(
                        "INSERT INTO tag_names (tag_id, edition_id, name, description) \
                         VALUES ($1, $2, $3, $4) ON CONFLICT (tag_id, edition_id) \
                         DO UPDATE SET name = excluded.name, description = excluded.description",
                    )
                    .bind(tag)
                    .bind(edition.get())
                    .bind(name.name())
                    .bind(name.description())
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    sqlx::query("DELETE FROM tag_names WHERE tag_id = $1 AND edition_id = $2")
                        .bind(tag)
                        .bind(edition.get())
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        bump_content_version(&mut tx, now, &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The names editions give section `tag`, by edition (those that give none are
    /// left out).
    pub async fn names_of_tag(&self, tag: i64) -> Result<HashMap<EditionId, SectionName>> {
        let rows =
            sqlx::query("SELECT edition_id, name, description FROM tag_names WHERE tag_id = $1")
                .bind(tag)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|row| {
                let name =
                    SectionName::from_stored(row.try_get("name")?, row.try_get("description")?);
                Ok((EditionId(row.try_get("edition_id")?), name))
            })
            .collect()
    }

    /// Every name `edition` gives a section, by section id: what its pages show in
    /// place of the shared names (one read per edition, however many articles).
    pub async fn edition_tag_names(&self, edition: EditionId) -> Result<HashMap<i64, SectionName>> {
        let rows =
            sqlx::query("SELECT tag_id, name, description FROM tag_names WHERE edition_id = $1")
                .bind(edition.get())
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|row| {
                let name =
                    SectionName::from_stored(row.try_get("name")?, row.try_get("description")?);
                Ok((row.try_get("tag_id")?, name))
            })
            .collect()
    }

    /// The section at `slug` as `edition` names it.
    pub async fn tag_by_slug_in(&self, slug: &Slug, edition: EditionId) -> Result<Option<Tag>> {
        let sql = format!("SELECT {NAMED_TAG_COLUMNS} FROM {NAMED_TAGS} WHERE t.slug = $2");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(edition.get())
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(rows::tag).transpose()
    }

    /// Every section as `edition` names it, in the order they were made.
    pub async fn tags_in(&self, edition: EditionId) -> Result<Vec<Tag>> {
        let sql =
            format!("SELECT {NAMED_TAG_COLUMNS} FROM {NAMED_TAGS} ORDER BY t.created_at, t.id");
        let found = sqlx::query(AssertSqlSafe(sql))
            .bind(edition.get())
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(rows::tag).collect()
    }
}
