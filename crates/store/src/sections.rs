//! Tags: the newsroom's sections (City, Politics …) that articles are filed under.

use byline_core::{EditionId, Slug, Tag};
use jiff::Timestamp;
use sqlx::AssertSqlSafe;

use byline_core::public_ids::Resource;
use serde_json::{Value, json};

use crate::error::slug_clash;
use crate::rows::{self, TAG_COLUMNS};
use crate::webhooks::{Announcement, announce};
use crate::{ChangeSet, Db, Entity, Result, StoreError, bump_content_version};

#[derive(Debug, Clone)]
pub struct NewTag {
    pub slug: Slug,
    pub name: String,
    pub description: Option<String>,
}

impl Db {
    pub async fn create_tag(&self, new: &NewTag) -> Result<Tag> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tags (slug, name, description, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(new.slug.as_str())
        .bind(&new.name)
        .bind(new.description.as_deref())
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| slug_clash(e, &new.slug))?;
        announce(&mut tx, &[tag_event("added", id, json!({}))], now).await?;
        bump_content_version(&mut tx, now, &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(Tag {
            id,
            slug: new.slug.clone(),
            name: new.name.clone(),
            description: new.description.clone(),
        })
    }

    /// Creates `new`, its slug moved aside (`-2`, `-3` …) while another tag has it,
    /// as Ghost does for a slug made from a name.
    pub async fn create_tag_with_free_slug(&self, new: &NewTag) -> Result<Tag> {
        let mut candidate = new.clone();
        for n in 2.. {
            match self.create_tag(&candidate).await {
                Err(StoreError::SlugTaken(_)) => candidate.slug = new.slug.with_suffix(n),
                done => return done,
            }
        }
        unreachable!("the suffixes never run out")
    }

    pub async fn tag_by_slug(&self, slug: &Slug) -> Result<Option<Tag>> {
        let sql = format!("SELECT {TAG_COLUMNS} FROM tags t WHERE t.slug = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(rows::tag).transpose()
    }

    pub async fn tag_by_id(&self, id: i64) -> Result<Option<Tag>> {
        let sql = format!("SELECT {TAG_COLUMNS} FROM tags t WHERE t.id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(rows::tag).transpose()
    }

    pub async fn update_tag(&self, id: i64, new: &NewTag) -> Result<()> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let before = tag_in(&mut tx, id).await?;
        let changed =
            sqlx::query("UPDATE tags SET slug = $1, name = $2, description = $3 WHERE id = $4")
                .bind(new.slug.as_str())
                .bind(&new.name)
                .bind(new.description.as_deref())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(|e| slug_clash(e, &new.slug))?
                .rows_affected();
        let Some(before) = before.filter(|_| changed > 0) else {
            return Err(StoreError::not_found(Entity::Tag, format!("#{id}")));
        };
        let mut previous = serde_json::Map::new();
        if before.name != new.name {
            previous.insert("name".into(), json!(before.name));
        }
        if before.slug != new.slug {
            previous.insert("slug".into(), json!(before.slug.as_str()));
        }
        if before.description != new.description {
            previous.insert("description".into(), json!(before.description));
        }
        let edited = tag_event("edited", id, Value::Object(previous));
        announce(&mut tx, &[edited], now).await?;
        bump_content_version(&mut tx, now, &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a tag: the posts filed under it lose it and keep everything else.
    /// Returns false when there was no such tag.
    pub async fn delete_tag(&self, id: i64) -> Result<bool> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let before = tag_in(&mut tx, id).await?;
        // The posts' links first (the schema refuses to leave them dangling); the
        // kept lists follow through their triggers.
        sqlx::query("DELETE FROM post_tags WHERE tag_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("DELETE FROM tags WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let Some(before) = before.filter(|_| deleted > 0) else {
            return Ok(false);
        };
        let previous = json!({
            "id": Resource::Tag.id(id),
            "name": before.name,
            "slug": before.slug.as_str(),
            "description": before.description,
        });
        announce(&mut tx, &[tag_event("deleted", id, previous)], now).await?;
        bump_content_version(&mut tx, now, &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Every tag, oldest first: the newsroom's sections in the order they were made.
    pub async fn list_tags(&self) -> Result<Vec<Tag>> {
        let sql = format!("SELECT {TAG_COLUMNS} FROM tags t ORDER BY t.created_at, t.id");
        let found = sqlx::query(AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(rows::tag).collect()
    }

    /// The sections another edition has published articles in, in the usual order
    /// and as the edition names them: sections are shared, and an edition names in
    /// its navigation only those it writes in. Read from the kept lists' counts
    /// (`e2:tag:5`), not the articles.
    pub async fn edition_sections(&self, edition: EditionId) -> Result<Vec<Tag>> {
        let prefix = byline_core::editions::list_key(edition, "tag:");
        let keys: Vec<String> = sqlx::query_scalar(
            "SELECT list_key FROM list_spans WHERE list_key LIKE $1 \
             GROUP BY list_key HAVING SUM(entries) > 0",
        )
        .bind(format!("{prefix}%"))
        .fetch_all(&self.pool)
        .await?;
        let written: std::collections::HashSet<i64> = keys
            .iter()
            .filter_map(|key| key.strip_prefix(&prefix)?.parse().ok())
            .collect();
        let mut tags = self.tags_in(edition).await?;
        tags.retain(|tag| written.contains(&tag.id));
        Ok(tags)
    }
}

fn tag_event(what: &str, id: i64, previous: Value) -> Announcement {
    Announcement {
        event: format!("tag.{what}"),
        resource: "tag",
        resource_id: id,
        previous,
    }
}

/// Tag `id` as the transaction sees it (before a change, for what it announces).
async fn tag_in(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Option<Tag>> {
    let sql = format!("SELECT {TAG_COLUMNS} FROM tags t WHERE t.id = $1");
    sqlx::query(AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(rows::tag)
        .transpose()
}
