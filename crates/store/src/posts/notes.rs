//! Editor's notes: the public record of significant changes to an article.

use byline_core::{EditorNote, NoteKind, PostId};
use jiff::Timestamp;
use sqlx::Row;

use crate::Entity;
use crate::rows::{self, parsed};
use crate::{ChangeSet, Db, Result, Scope, StoreError, bump_content_version};

impl Db {
    /// Adds an editor's note to a post. A note is what marks a significant update, so
    /// the post's public "Updated" time moves to the note's time in the same
    /// transaction; a plain save never moves it.
    pub async fn add_note(
        &self,
        post_id: PostId,
        kind: NoteKind,
        text: &str,
        at: Timestamp,
    ) -> Result<EditorNote> {
        let mut tx = self.begin_content_write().await?;
        let updated = sqlx::query("UPDATE posts SET updated_at = $1, edited_at = $1 WHERE id = $2")
            .bind(at.as_second())
            .bind(post_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if updated == 0 {
            return Err(StoreError::not_found(Entity::Post, format!("#{post_id}")));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO editor_notes (post_id, kind, text, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(post_id)
        .bind(kind.as_str())
        .bind(text)
        .bind(at.as_second())
        .fetch_one(&mut *tx)
        .await?;
        let mut changes = ChangeSet::of([Scope::Corrections]);
        changes.add_post(&mut tx, post_id).await?;
        bump_content_version(&mut tx, at, &changes).await?;
        tx.commit().await?;
        Ok(EditorNote {
            id,
            kind,
            text: text.to_owned(),
            created_at: at,
        })
    }

    /// A post's notes, newest first.
    pub async fn notes_of(&self, post_id: PostId) -> Result<Vec<EditorNote>> {
        let found = sqlx::query(
            "SELECT id, kind, text, created_at FROM editor_notes WHERE post_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(post_id)
        .fetch_all(&self.pool)
        .await?;
        found.iter().map(note).collect()
    }

    /// The notes of many posts in one query, each post's newest first; posts without
    /// notes are left out.
    pub async fn notes_of_posts(
        &self,
        post_ids: &[PostId],
    ) -> Result<std::collections::HashMap<PostId, Vec<EditorNote>>> {
        let mut notes: std::collections::HashMap<PostId, Vec<EditorNote>> = Default::default();
        if post_ids.is_empty() {
            return Ok(notes);
        }
        let sql = format!(
            "SELECT post_id, id, kind, text, created_at FROM editor_notes WHERE post_id IN ({}) \
             ORDER BY post_id, created_at DESC, id DESC",
            rows::placeholders(1, post_ids.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in post_ids {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&self.pool).await? {
            notes
                .entry(row.try_get("post_id")?)
                .or_default()
                .push(note(&row)?);
        }
        Ok(notes)
    }
}

fn note(row: &sqlx::any::AnyRow) -> Result<EditorNote> {
    Ok(EditorNote {
        id: row.try_get("id")?,
        kind: parsed(row.try_get("kind")?)?,
        text: row.try_get("text")?,
        created_at: rows::timestamp(row.try_get("created_at")?),
    })
}

/// One entry of the public corrections log: a note and the article it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedNote {
    pub note: EditorNote,
    pub post_title: String,
    pub post_slug: String,
}

impl Db {
    /// Editor's notes on published posts, newest first: the public corrections log.
    pub async fn logged_notes(&self, limit: i64, offset: i64) -> Result<crate::Page<LoggedNote>> {
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM editor_notes n JOIN posts p ON p.id = n.post_id WHERE p.status = 'published'",
        )
        .fetch_one(&self.pool)
        .await?;
        let found = sqlx::query(
            "SELECT n.id, n.kind, n.text, n.created_at, p.title, p.slug FROM editor_notes n \
             JOIN posts p ON p.id = n.post_id WHERE p.status = 'published' \
             ORDER BY n.created_at DESC, n.id DESC LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let items = found
            .iter()
            .map(|row| {
                Ok(LoggedNote {
                    note: EditorNote {
                        id: row.try_get("id")?,
                        kind: parsed(row.try_get("kind")?)?,
                        text: row.try_get("text")?,
                        created_at: rows::timestamp(row.try_get("created_at")?),
                    },
                    post_title: row.try_get("title")?,
                    post_slug: row.try_get("slug")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(crate::Page { items, total })
    }
}
