//! Integrations and their keys (see `byline_core::integrations` for how the keys are
//! kept). The store draws the keys from the operating system, so a key is never made
//! anywhere else.

#[cfg(doc)]
use byline_core::integrations::integration_name;
use byline_core::integrations::{ContentKey, Integration, KEY_BYTES, NewKeys};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::{Db, Entity, Result, StoreError, rows};

const COLUMNS: &str = "id, name, admin_key_id, created_at, keys_made_at";

#[derive(FromRow)]
struct IntegrationRow {
    id: i64,
    name: String,
    admin_key_id: String,
    created_at: i64,
    keys_made_at: i64,
}

impl From<IntegrationRow> for Integration {
    fn from(row: IntegrationRow) -> Integration {
        Integration {
            id: row.id,
            name: row.name,
            admin_key_id: row.admin_key_id,
            created_at: rows::timestamp(row.created_at),
            keys_made_at: rows::timestamp(row.keys_made_at),
        }
    }
}

fn integration(row: &AnyRow) -> Result<Integration> {
    Ok(IntegrationRow::from_row(row)?.into())
}

fn fresh_keys() -> Result<NewKeys> {
    let mut bytes = [0u8; KEY_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Corrupt(format!("no random numbers: {e}")))?;
    Ok(NewKeys::from_random(&bytes))
}

impl Db {
    /// Adds an integration with fresh keys, returned this once. The name is the
    /// caller's to check first ([`integration_name`] says what is allowed).
    pub async fn create_integration(&self, name: &str) -> Result<(Integration, NewKeys)> {
        let keys = fresh_keys()?;
        let now = Timestamp::now().as_second();
        let sql = format!(
            "INSERT INTO integrations (name, content_key_digest, admin_key_id, admin_secret, created_at, keys_made_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING {COLUMNS}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(name)
            .bind(keys.content.digest())
            .bind(&keys.admin.id)
            .bind(&keys.admin.secret)
            .bind(now)
            .fetch_one(&self.pool)
            .await?;
        Ok((integration(&row)?, keys))
    }

    /// Every integration, the newest first.
    pub async fn integrations(&self) -> Result<Vec<Integration>> {
        let sql = format!("SELECT {COLUMNS} FROM integrations ORDER BY id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(integration).collect()
    }

    pub async fn integration(&self, id: i64) -> Result<Integration> {
        let sql = format!("SELECT {COLUMNS} FROM integrations WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => integration(&row),
            None => Err(StoreError::not_found(Entity::Integration, format!("#{id}"))),
        }
    }

    /// The integration a content key belongs to, if any (found by the key's digest).
    pub async fn integration_by_content_key(
        &self,
        key: &ContentKey,
    ) -> Result<Option<Integration>> {
        let sql = format!("SELECT {COLUMNS} FROM integrations WHERE content_key_digest = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key.digest())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(integration).transpose()
    }

    /// The integration an admin key id names, with the secret its tokens are signed with.
    pub async fn integration_by_admin_key(
        &self,
        key_id: &str,
    ) -> Result<Option<(Integration, String)>> {
        let sql =
            format!("SELECT {COLUMNS}, admin_secret FROM integrations WHERE admin_key_id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key_id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => Ok(Some((integration(&row)?, row.try_get("admin_secret")?))),
            None => Ok(None),
        }
    }

    /// Replaces both keys (the old ones stop working at once); the integration and
    /// its new keys are returned, the keys this once.
    pub async fn regenerate_integration_keys(&self, id: i64) -> Result<(Integration, NewKeys)> {
        let keys = fresh_keys()?;
        let sql = format!(
            "UPDATE integrations SET content_key_digest = $1, admin_key_id = $2, admin_secret = $3, \
             keys_made_at = $4 WHERE id = $5 RETURNING {COLUMNS}"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(keys.content.digest())
            .bind(&keys.admin.id)
            .bind(&keys.admin.secret)
            .bind(Timestamp::now().as_second())
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => Ok((integration(&row)?, keys)),
            None => Err(StoreError::not_found(Entity::Integration, format!("#{id}"))),
        }
    }

    /// Removes an integration; its keys stop working at once.
    pub async fn delete_integration(&self, id: i64) -> Result<()> {
        let deleted = sqlx::query("DELETE FROM integrations WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::not_found(Entity::Integration, format!("#{id}")));
        }
        Ok(())
    }
}
