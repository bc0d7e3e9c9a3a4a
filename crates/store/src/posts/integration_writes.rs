//! Posts written through the Admin API by an integration. They go through the same
//! save as the desk's (revisions, narration, search, the publish job, the pages to
//! drop), recorded under the integration's name. Ghost's clients guard an edit with
//! the `updated_at` they read rather than a revision number: an edit whose time no
//! longer matches the post's is refused as a [`StoreError::Conflict`], so an API
//! write never overwrites an editor's save it did not see, and the other way round.

use byline_core::content::NewPost;
use byline_core::editions::MAIN_EDITION;
use byline_core::{PostId, Slug};
use jiff::Timestamp;
use sqlx::Row;

use byline_core::public_ids::Resource;
use serde_json::json;

use crate::posts::desk::{DeskPost, SaveReason, Writer};
use crate::posts::events;
use crate::posts::save::Target;
use crate::{ChangeSet, Db, Entity, Result, StoreError, bump_content_version, search};
use crate::{rows, webhooks};

impl Db {
    /// Creates a post written by the integration called `integration`.
    pub async fn create_post_through_api(
        &self,
        post: NewPost,
        integration: &str,
    ) -> Result<PostId> {
        let writer = Writer {
            user: None,
            integration: Some(integration),
        };
        let reason = SaveReason::ThroughApi { created: true };
        let target = Target::New {
            edition: MAIN_EDITION,
        };
        Ok(self.save(post, target, writer, reason).await?.id)
    }

    /// Saves `post` over post `id` if the post was last saved at `seen` (the
    /// `updated_at` the caller read); otherwise refuses with the current revision.
    /// Saves always move a post's time on by at least a second, so a matching time
    /// means nothing was saved in between.
    pub async fn edit_post_through_api(
        &self,
        id: PostId,
        post: NewPost,
        seen: Timestamp,
        integration: &str,
    ) -> Result<()> {
        let row = sqlx::query("SELECT revision, edited_at FROM posts WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::not_found(Entity::Post, format!("#{id}")))?;
        let revision: i64 = row.try_get("revision")?;
        let edited_at: i64 = row.try_get("edited_at")?;
        if edited_at != seen.as_second() {
            return Err(StoreError::Conflict { current: revision });
        }
        // The revision read with the time guards the write itself: a save landing
        // between that read and this write is still caught.
        let target = Target::Existing {
            id,
            base: Some(revision),
        };
        let writer = Writer {
            user: None,
            integration: Some(integration),
        };
        let reason = SaveReason::ThroughApi { created: false };
        self.save(post, target, writer, reason).await?;
        Ok(())
    }

    /// `wanted`, or the first of `wanted-2`, `wanted-3`, … that no post has (the
    /// importer's rule, for a new post whose slug is made from its title).
    pub async fn free_post_slug(&self, wanted: &Slug) -> Result<Slug> {
        let mut conn = self.pool.acquire().await?;
        crate::imports::posts::free_slug(&mut conn, wanted).await
    }

    /// A post or page in any status, by slug.
    pub async fn desk_post_by_slug(&self, slug: &Slug) -> Result<Option<DeskPost>> {
        match self.post_owner(slug).await? {
            Some((id, _, _)) => self.desk_post(id).await,
            None => Ok(None),
        }
    }

    /// Deletes a post or page with its revisions, narration and search entry, and
    /// drops every page that showed it. Returns false when there was no such post.
    pub async fn delete_post(&self, id: PostId) -> Result<bool> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let mut changes = ChangeSet::default();
        changes.add_post(&mut tx, id).await?;
        let gone = sqlx::query(
            "SELECT kind, uuid, title, slug, status, published_at FROM posts WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        search::unindex_post(&mut tx, self.engine, id).await?;
        let deleted = sqlx::query("DELETE FROM posts WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let Some(gone) = gone.filter(|_| deleted > 0) else {
            return Ok(false);
        };
        let kind = rows::parsed(gone.try_get("kind")?)?;
        let published_at: Option<i64> = gone.try_get("published_at")?;
        let previous = json!({
            "id": Resource::Post.id(id.get()),
            "uuid": gone.try_get::<String, _>("uuid")?,
            "title": gone.try_get::<String, _>("title")?,
            "slug": gone.try_get::<String, _>("slug")?,
            "status": gone.try_get::<String, _>("status")?,
            "published_at": events::time(published_at),
        });
        let announced = [events::of_deletion(id, kind, previous)];
        webhooks::announce(&mut tx, &announced, now).await?;
        // Read again, the post is gone: the searches it was found by are dropped too.
        changes.add_post(&mut tx, id).await?;
        bump_content_version(&mut tx, now, &changes).await?;
        tx.commit().await?;
        Ok(true)
    }
}
