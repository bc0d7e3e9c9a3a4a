//! The media library: every uploaded image with the words that go with it, so an
//! editor can reuse a photo with its caption and credit.

use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Entity;
use crate::posts::Page;
use crate::rows;
use crate::{Db, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    pub id: i64,
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub file_name: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Who uploaded it (gone when that staff member was removed).
    pub uploaded_by: Option<i64>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewMedia {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub file_name: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub uploaded_by: Option<i64>,
}

const MEDIA_COLUMNS: &str =
    "id, url, width, height, file_name, alt, caption, credit, uploaded_by, created_at";

fn media(row: &AnyRow) -> Result<Media> {
    let dimension = |column: &str| -> Result<u32> {
        let value: i64 = row.try_get(column)?;
        u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("image {column} {value}")))
    };
    Ok(Media {
        id: row.try_get("id")?,
        url: row.try_get("url")?,
        width: dimension("width")?,
        height: dimension("height")?,
        file_name: row.try_get("file_name")?,
        alt: row.try_get("alt")?,
        caption: row.try_get("caption")?,
        credit: row.try_get("credit")?,
        uploaded_by: row.try_get("uploaded_by")?,
        created_at: rows::timestamp(row.try_get("created_at")?),
    })
}

impl Db {
    /// Adds an upload to the library. The same file uploaded again (same content
    /// hash, same URL) keeps its entry and gets the new words.
    pub async fn add_media(&self, new: &NewMedia) -> Result<Media> {
        let sql = format!(
            "INSERT INTO media (url, width, height, file_name, alt, caption, credit, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (url) DO UPDATE SET alt = excluded.alt, caption = excluded.caption, \
             credit = excluded.credit RETURNING {MEDIA_COLUMNS}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&new.url)
            .bind(i64::from(new.width))
            .bind(i64::from(new.height))
            .bind(&new.file_name)
            .bind(&new.alt)
            .bind(new.caption.as_deref())
            .bind(new.credit.as_deref())
            .bind(new.uploaded_by)
            .bind(Timestamp::now().as_second())
            .fetch_one(&self.pool)
            .await?;
        media(&row)
    }

    pub async fn media_by_id(&self, id: i64) -> Result<Option<Media>> {
        let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(media).transpose()
    }

    pub async fn media_by_url(&self, url: &str) -> Result<Option<Media>> {
        let sql = format!("SELECT {MEDIA_COLUMNS} FROM media WHERE url = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(url)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(media).transpose()
    }

    /// The library, newest first.
    pub async fn list_media(&self, limit: i64, offset: i64) -> Result<Page<Media>> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media")
            .fetch_one(&self.pool)
            .await?;
        let sql = format!(
            "SELECT {MEDIA_COLUMNS} FROM media ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2"
        );
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        Ok(Page {
            items: found.iter().map(media).collect::<Result<_>>()?,
            total,
        })
    }

    pub async fn update_media(
        &self,
        id: i64,
        alt: &str,
        caption: Option<&str>,
        credit: Option<&str>,
    ) -> Result<()> {
        let changed =
            sqlx::query("UPDATE media SET alt = $1, caption = $2, credit = $3 WHERE id = $4")
                .bind(alt)
                .bind(caption)
                .bind(credit)
                .bind(id)
                .execute(&self.pool)
                .await?
                .rows_affected();
        if changed == 0 {
            return Err(StoreError::not_found(Entity::Image, id));
        }
        Ok(())
    }
}
