//! Secret preview links: one per post at most, kept as the SHA-256 of the token the
//! link carries, expiring, revocable, and revoked when the post is unpublished.

use byline_core::PostId;
use jiff::Timestamp;
use sqlx::Row;

use crate::posts::desk::DeskPost;
use crate::rows;
use crate::{Db, Result};

/// What the desk shows about a post's link (the token itself is never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewLink {
    pub created_by: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

impl Db {
    /// Makes `token_hash` the post's only preview link until `expires_at`; an older
    /// link of the post stops working.
    pub async fn replace_preview_link(
        &self,
        post_id: PostId,
        token_hash: &str,
        created_by: i64,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO preview_links (post_id, token_hash, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (post_id) DO UPDATE SET \
             token_hash = excluded.token_hash, created_by = excluded.created_by, \
             created_at = excluded.created_at, expires_at = excluded.expires_at",
        )
        .bind(post_id)
        .bind(token_hash)
        .bind(created_by)
        .bind(now.as_second())
        .bind(expires_at.as_second())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The post's link while it still works.
    pub async fn preview_link(
        &self,
        post_id: PostId,
        now: Timestamp,
    ) -> Result<Option<PreviewLink>> {
        let row = sqlx::query(
            "SELECT u.name AS made_by, l.created_at, l.expires_at FROM preview_links l \
             LEFT JOIN users u ON u.id = l.created_by WHERE l.post_id = $1 AND l.expires_at > $2",
        )
        .bind(post_id)
        .bind(now.as_second())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(PreviewLink {
                created_by: row.try_get("made_by")?,
                created_at: rows::timestamp(row.try_get("created_at")?),
                expires_at: rows::timestamp(row.try_get("expires_at")?),
            })
        })
        .transpose()
    }

    /// Ends the post's link at once; true if it had one.
    pub async fn revoke_preview_link(&self, post_id: PostId) -> Result<bool> {
        let gone = sqlx::query("DELETE FROM preview_links WHERE post_id = $1")
            .bind(post_id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(gone > 0)
    }

    /// The post a working link opens, by the SHA-256 of the link's token.
    pub async fn post_by_preview_token(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<DeskPost>> {
        let post_id: Option<PostId> = sqlx::query_scalar(
            "SELECT post_id FROM preview_links WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now.as_second())
        .fetch_optional(&self.pool)
        .await?;
        match post_id {
            Some(id) => self.desk_post(id).await,
            None => Ok(None),
        }
    }
}

/// Inside a transaction that makes a post a draft again: its link stops working if
/// it was published or scheduled until now. Runs before the status changes.
pub(crate) async fn revoke_if_leaving_publication(
    conn: &mut sqlx::AnyConnection,
    post_id: PostId,
) -> Result<()> {
    sqlx::query(
        "DELETE FROM preview_links WHERE post_id = $1 \
         AND EXISTS (SELECT 1 FROM posts WHERE id = $1 AND status <> 'draft')",
    )
    .bind(post_id)
    .execute(conn)
    .await?;
    Ok(())
}
