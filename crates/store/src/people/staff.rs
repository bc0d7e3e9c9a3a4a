//! Staff accounts, their sessions, failed sign-ins and one-time account links.
//!
//! Secrets never reach this module in the clear: callers pass hashes of session
//! tokens and account links, and argon2 hashes of passwords.

use byline_core::{EmailAddress, LanguageTag, Role, User};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use crate::Entity;
use crate::rows::{self, parsed};
use crate::{Db, Result, StoreError};

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: EmailAddress,
    pub name: String,
    pub role: Role,
    /// `None` for an invited person who has not chosen a password yet.
    pub password_hash: Option<String>,
}

/// A signed-in session, found by the hash of its cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

/// What a one-time account link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Invitation,
    PasswordReset,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "invitation",
            TokenPurpose::PasswordReset => "password_reset",
        }
    }
}

// `has_password` is cast so that both engines read it back as an integer.
const USER_COLUMNS: &str = "u.id, u.email, u.name, u.role, u.active, \
    CAST(CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_password, u.created_at, \
    u.desk_language";

/// A staff member as [`USER_COLUMNS`] reads one.
#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    role: String,
    active: i64,
    has_password: i64,
    created_at: i64,
    desk_language: String,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;

    fn try_from(row: UserRow) -> Result<User> {
        Ok(User {
            id: row.id,
            email: row.email,
            name: row.name,
            role: parsed(row.role)?,
            active: row.active != 0,
            has_password: row.has_password != 0,
            created_at: rows::timestamp(row.created_at),
            // The desk checks a language when it is chosen; a tag that no longer
            // parses shows the desk in English rather than failing every page.
            desk_language: LanguageTag::parse(&row.desk_language)
                .unwrap_or_else(LanguageTag::english),
        })
    }
}

/// The staff member in a row that has [`USER_COLUMNS`] among others.
fn user(row: &AnyRow) -> Result<User> {
    User::try_from(UserRow::from_row(row)?)
}

impl Db {
    /// Adds a staff member; the email must not belong to anyone else.
    pub async fn create_user(&self, new: &NewUser) -> Result<User> {
        let now = Timestamp::now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, name, role, password_hash, active, created_at) \
             VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
        )
        .bind(new.email.as_str())
        .bind(new.name.trim())
        .bind(new.role.as_str())
        .bind(new.password_hash.as_deref())
        .bind(now.as_second())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| {
            if StoreError::is_unique_violation(&e) {
                StoreError::EmailTaken
            } else {
                e.into()
            }
        })?;
        self.user_by_id(id)
            .await?
            .ok_or(StoreError::not_found(Entity::User, id))
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user).transpose()
    }

    /// The account with this email and its password hash, for signing in.
    pub async fn user_for_sign_in(
        &self,
        email: &EmailAddress,
    ) -> Result<Option<(User, Option<String>)>> {
        let sql = format!("SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.email = $1");
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some((user(&row)?, row.try_get("password_hash")?)))
    }

    pub async fn list_users(&self) -> Result<Vec<User>> {
        let sql =
            format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.active DESC, u.name, u.id");
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(user).collect()
    }

    pub async fn count_admins(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Changes role and active flag; deactivating also ends the person's sessions.
    pub async fn set_user_access(&self, id: i64, role: Role, active: bool) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("UPDATE users SET role = $1, active = $2 WHERE id = $3")
            .bind(role.as_str())
            .bind(i64::from(active))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::not_found(Entity::User, id));
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The language the desk is shown in for this staff member. The caller checks
    /// that the desk has translations for it.
    pub async fn set_desk_language(&self, id: i64, language: &LanguageTag) -> Result<()> {
        let changed = sqlx::query("UPDATE users SET desk_language = $1 WHERE id = $2")
            .bind(language.as_str())
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::not_found(Entity::User, id));
        }
        Ok(())
    }

    /// Sets a new password (and optionally a name) and ends all of the account's
    /// sessions, including the one asking: everyone signs in again with it.
    pub async fn set_password(&self, id: i64, hash: &str, name: Option<&str>) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $1, name = COALESCE($2, name) WHERE id = $3")
            .bind(hash)
            .bind(name)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        expires_at: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(Timestamp::now().as_second())
        .bind(expires_at.as_second())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The live session with this token hash: not expired, its account active.
    pub async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<Session>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_at FROM sessions s \
             JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .bind(now.as_second())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(Session {
            user: user(&row)?,
            csrf_token: row.try_get("csrf_token")?,
            expires_at: rows::timestamp(row.try_get("expires_at")?),
        }))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at < $2")
            .bind(token_hash)
            .bind(Timestamp::now().as_second())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records a throttled attempt (a failed sign-in, a reset request) under each key,
    /// such as `account:EMAIL` and `address:IP`.
    pub async fn record_attempt(&self, keys: &[&str], at: Timestamp) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for key in keys {
            sqlx::query("INSERT INTO throttle_attempts (key, at) VALUES ($1, $2)")
                .bind(*key)
                .bind(at.as_second())
                .execute(&mut *tx)
                .await?;
        }
        // Attempts older than a day count for nothing and only take space.
        sqlx::query("DELETE FROM throttle_attempts WHERE at < $1")
            .bind(at.as_second() - 86_400)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Attempts under `key` since `since`, and the oldest of them (when the window
    /// starts to free up).
    pub async fn attempts_since(
        &self,
        key: &str,
        since: Timestamp,
    ) -> Result<(i64, Option<Timestamp>)> {
        let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM throttle_attempts WHERE key = $1 AND at >= $2",
        )
        .bind(key)
        .bind(since.as_second())
        .fetch_one(&self.pool)
        .await?;
        Ok((count, rows::opt_timestamp(oldest)))
    }

    pub async fn clear_attempts(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM throttle_attempts WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores a one-time link; earlier unused links of the same purpose stop working.
    pub async fn create_account_token(
        &self,
        purpose: TokenPurpose,
        user_id: i64,
        token_hash: &str,
        expires_at: Timestamp,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2")
            .bind(user_id)
            .bind(purpose.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO account_tokens (token_hash, purpose, user_id, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(purpose.as_str())
        .bind(user_id)
        .bind(expires_at.as_second())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account a live, unused link belongs to (without using it up).
    pub async fn account_token_user(
        &self,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<User>> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM account_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.expires_at > $3 \
             AND u.active = 1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(now.as_second())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user).transpose()
    }

    /// Uses a link up and sets the password it was for, in one transaction: a link
    /// works once even when two requests race, and never for a deactivated account
    /// (the same links [`Db::account_token_user`] accepts).
    pub async fn redeem_account_token(
        &self,
        purpose: TokenPurpose,
        token_hash: &str,
        password_hash: &str,
        name: Option<&str>,
        now: Timestamp,
    ) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        let user_id: Option<i64> = sqlx::query_scalar(
            "UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
             AND used_at IS NULL AND expires_at > $1 \
             AND user_id IN (SELECT id FROM users WHERE active = 1) RETURNING user_id",
        )
        .bind(now.as_second())
        .bind(token_hash)
        .bind(purpose.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        sqlx::query("UPDATE users SET password_hash = $1, name = COALESCE($2, name) WHERE id = $3")
            .bind(password_hash)
            .bind(name)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(user_id))
    }
}
