//! Authors: the people whose names run on articles (bylines). Authors need no
//! account; staff who sign in to the desk are in `staff.rs`.

use byline_core::{Author, Slug};
use jiff::Timestamp;
use sqlx::AssertSqlSafe;

use crate::error::slug_clash;
use crate::rows::{self, AUTHOR_COLUMNS};
use crate::{ChangeSet, Db, Entity, Result, StoreError, bump_content_version};

#[derive(Debug, Clone)]
pub struct NewAuthor {
    pub slug: byline_core::Slug,
    pub name: String,
    pub bio: Option<String>,
    pub photo_url: Option<String>,
}

impl Db {
    pub async fn create_author(&self, new: &NewAuthor) -> Result<Author> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO authors (slug, name, bio, photo_url, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(new.slug.as_str())
        .bind(&new.name)
        .bind(new.bio.as_deref())
        .bind(new.photo_url.as_deref())
        .bind(now.as_second())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| slug_clash(e, &new.slug))?;
        bump_content_version(&mut tx, now, &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(Author {
            id,
            slug: new.slug.clone(),
            name: new.name.clone(),
            bio: new.bio.clone(),
            photo_url: new.photo_url.clone(),
        })
    }

    pub async fn author_by_slug(&self, slug: &Slug) -> Result<Option<Author>> {
        let sql = format!("SELECT {AUTHOR_COLUMNS} FROM authors a WHERE a.slug = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(rows::author).transpose()
    }

    pub async fn list_authors(&self) -> Result<Vec<Author>> {
        let sql = format!("SELECT {AUTHOR_COLUMNS} FROM authors a ORDER BY a.name, a.id");
        let found = sqlx::query(AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(rows::author).collect()
    }

    pub async fn author_by_id(&self, id: i64) -> Result<Option<Author>> {
        let sql = format!("SELECT {AUTHOR_COLUMNS} FROM authors a WHERE a.id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(rows::author).transpose()
    }

    pub async fn update_author(&self, id: i64, new: &NewAuthor) -> Result<()> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let changed = sqlx::query(
            "UPDATE authors SET slug = $1, name = $2, bio = $3, photo_url = $4 WHERE id = $5",
        )
        .bind(new.slug.as_str())
        .bind(&new.name)
        .bind(new.bio.as_deref())
        .bind(new.photo_url.as_deref())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(|e| slug_clash(e, &new.slug))?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::not_found(Entity::Author, format!("#{id}")));
        }
        bump_content_version(&mut tx, now, &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(())
    }
}
