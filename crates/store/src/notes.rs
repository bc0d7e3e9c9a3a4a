//! Editor's notes: the public record of significant changes to an article.

use byline_core::{EditorNote, NoteKind};
use jiff::Timestamp;
use sqlx::Row;

use crate::rows::{self, parsed};
use crate::{Db, Result, StoreError, bump_content_version};

impl Db {
    /// Adds an editor's note to a post. A note is what marks a significant update, so
    /// the post's public "Updated" time moves to the note's time in the same
    /// transaction; a plain save never moves it.
    pub async fn add_note(
        &self,
        post_id: i64,
        kind: NoteKind,
        text: &str,
        at: Timestamp,
    ) -> Result<EditorNote> {
        let mut tx = self.pool.begin().await?;
        let updated = sqlx::query("UPDATE posts SET updated_at = $1, edited_at = $1 WHERE id = $2")
            .bind(at.as_second())
            .bind(post_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if updated == 0 {
            return Err(StoreError::NotFound {
                what: "post",
                slug: format!("#{post_id}"),
            });
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
        bump_content_version(&mut tx, at).await?;
        tx.commit().await?;
        Ok(EditorNote {
            id,
            kind,
            text: text.to_owned(),
            created_at: at,
        })
    }

    /// A post's notes, newest first.
    pub async fn notes_of(&self, post_id: i64) -> Result<Vec<EditorNote>> {
        let found = sqlx::query(
            "SELECT id, kind, text, created_at FROM editor_notes WHERE post_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(post_id)
        .fetch_all(&self.pool)
        .await?;
        found
            .iter()
            .map(|row| {
                Ok(EditorNote {
                    id: row.try_get("id")?,
                    kind: parsed(row.try_get("kind")?)?,
                    text: row.try_get("text")?,
                    created_at: rows::timestamp(row.try_get("created_at")?),
                })
            })
            .collect()
    }
}
