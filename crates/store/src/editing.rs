//! Changing posts after they are created: editing, publishing, unpublishing. Each
//! change keeps the search index in step in the same transaction.

use byline_core::PostStatus;
use byline_core::content::NewPost;
use byline_core::markdown;
use jiff::Timestamp;
use sqlx::Row;

use crate::narrations::{NarrationSource, sync_narration};
use crate::people::slug_clash;
use crate::posts::PreparedPost;
use crate::search::{self, IndexEntry};
use crate::writing::{bind_content, replace_people};
use crate::{ChangeSet, Db, Result, StoreError, bump_content_version};

impl Db {
    /// Replaces a post's content, authors and tags. The public "Updated" time is left
    /// alone: only an editor's note moves it.
    pub async fn update_post(&self, post_id: i64, post: NewPost) -> Result<()> {
        let prepared = PreparedPost::prepare(post).await?;
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let mut changes = ChangeSet::default();
        changes.add_post(&mut tx, post_id).await?;
        if prepared.post.status == PostStatus::Draft {
            crate::preview_links::revoke_if_leaving_publication(&mut tx, post_id).await?;
        }
        let query = sqlx::query(
            "UPDATE posts SET slug = $1, kind = $2, status = $3, title = $4, subtitle = $5, excerpt = $6, \
             body_markdown = $7, body_html = $8, image_url = $9, image_alt = $10, image_caption = $11, \
             image_credit = $12, image_width = $13, image_height = $14, featured = $15, published_at = $16, \
             reading_minutes = $17, edited_at = $18 WHERE id = $19",
        );
        let changed = bind_content(query, &prepared)
            .bind(now.as_second())
            .bind(post_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| slug_clash(e, &prepared.post.slug))?
            .rows_affected();
        let PreparedPost { post, body, .. } = &prepared;
        if changed == 0 {
            return Err(not_found(post_id));
        }
        replace_people(&mut tx, post_id, post).await?;
        let entry = IndexEntry {
            post_id,
            title: post.title.trim(),
            subtitle: post.subtitle.as_deref(),
            body_text: &body.text,
        };
        search::sync_post(&mut tx, self.engine, post.status, &entry).await?;
        sync_narration(&mut tx, &NarrationSource::prepared(post_id, &prepared), now).await?;
        changes.add_post(&mut tx, post_id).await?;
        bump_content_version(&mut tx, now, &changes).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Publishes, schedules or takes a post back to draft.
    pub async fn set_status(
        &self,
        post_id: i64,
        status: PostStatus,
        published_at: Option<Timestamp>,
    ) -> Result<()> {
        if status != PostStatus::Draft && published_at.is_none() {
            return Err(byline_core::content::PostError::MissingPublicationTime.into());
        }
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let mut changes = ChangeSet::default();
        changes.add_post(&mut tx, post_id).await?;
        if status == PostStatus::Draft {
            crate::preview_links::revoke_if_leaving_publication(&mut tx, post_id).await?;
        }
        let row = sqlx::query(
            "UPDATE posts SET status = $1, published_at = $2, edited_at = $3 WHERE id = $4 \
             RETURNING kind, title, subtitle, body_markdown",
        )
        .bind(status.as_str())
        .bind(published_at.map(|t| t.as_second()))
        .bind(now.as_second())
        .bind(post_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| not_found(post_id))?;
        let title: String = row.try_get("title")?;
        let subtitle: Option<String> = row.try_get("subtitle")?;
        let body: String = row.try_get("body_markdown")?;
        let body_text = if status == PostStatus::Published {
            markdown::plain_text(&body)
        } else {
            String::new()
        };
        let entry = IndexEntry {
            post_id,
            title: &title,
            subtitle: subtitle.as_deref(),
            body_text: &body_text,
        };
        search::sync_post(&mut tx, self.engine, status, &entry).await?;
        let source = NarrationSource {
            post_id,
            kind: crate::rows::parsed(row.try_get("kind")?)?,
            status,
            title,
            subtitle,
            body_markdown: body,
            spoken_hash: None,
        };
        sync_narration(&mut tx, &source, now).await?;
        changes.add_post(&mut tx, post_id).await?;
        bump_content_version(&mut tx, now, &changes).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn not_found(post_id: i64) -> StoreError {
    StoreError::NotFound {
        what: "post",
        slug: format!("#{post_id}"),
    }
}
