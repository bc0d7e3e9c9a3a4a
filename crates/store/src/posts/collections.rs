//! Curated, ordered collections such as Editors' Picks and More News.

use byline_core::content::PostSummary;
use byline_core::{Collection, EditionId, PostId};
use jiff::Timestamp;
use sqlx::AssertSqlSafe;

use crate::Entity;
use crate::posts::missing_reference;
use crate::rows::{self, SUMMARY_COLUMNS};
use crate::{ChangeSet, Db, Result, Scope, bump_content_version};

/// Reading and replacing collections.
pub trait CollectionStore {
    /// Replaces a collection's posts with `post_ids`, in that order.
    fn set_collection(
        &self,
        collection: Collection,
        post_ids: &[PostId],
    ) -> impl Future<Output = Result<()>> + Send;

    /// The collection's published posts, in the editors' order.
    fn collection(
        &self,
        collection: Collection,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<PostSummary>>> + Send;

    /// The collection's published posts of one edition, in the editors' order: each
    /// edition's pages show the picks in their own language.
    fn edition_collection(
        &self,
        collection: Collection,
        edition: EditionId,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<PostSummary>>> + Send;
}

impl CollectionStore for Db {
    async fn set_collection(&self, collection: Collection, post_ids: &[PostId]) -> Result<()> {
        let mut tx = self.begin_content_write().await?;
        sqlx::query("DELETE FROM collection_items WHERE collection = $1")
            .bind(collection.slug())
            .execute(&mut *tx)
            .await?;
        for (position, post_id) in post_ids.iter().enumerate() {
            sqlx::query(
                "INSERT INTO collection_items (collection, post_id, position) VALUES ($1, $2, $3)",
            )
            .bind(collection.slug())
            .bind(*post_id)
            .bind(position as i64)
            .execute(&mut *tx)
            .await
            .map_err(|e| missing_reference(e, Entity::Post, &post_id.to_string()))?;
        }
        bump_content_version(
            &mut tx,
            Timestamp::now(),
            &ChangeSet::of([Scope::Collections]),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn collection(&self, collection: Collection, limit: i64) -> Result<Vec<PostSummary>> {
        collection_posts(self, collection, None, limit).await
    }

    async fn edition_collection(
        &self,
        collection: Collection,
        edition: EditionId,
        limit: i64,
    ) -> Result<Vec<PostSummary>> {
        collection_posts(self, collection, Some(edition), limit).await
    }
}

async fn collection_posts(
    db: &Db,
    collection: Collection,
    edition: Option<EditionId>,
    limit: i64,
) -> Result<Vec<PostSummary>> {
    let in_edition = match edition {
        Some(edition) => format!(" AND p.edition_id = {}", edition.get()),
        None => String::new(),
    };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM collection_items c JOIN posts p ON p.id = c.post_id \
         WHERE c.collection = $1 AND p.status = 'published'{in_edition} \
         ORDER BY c.position LIMIT $2"
    );
    let found = sqlx::query(AssertSqlSafe(sql))
        .bind(collection.slug())
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    let mut items = found
        .iter()
        .map(rows::summary)
        .collect::<Result<Vec<_>>>()?;
    db.attach_people(&mut items).await?;
    Ok(items)
}
