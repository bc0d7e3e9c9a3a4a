//! How a transaction opens: one rule per engine, for every transaction the store runs.
//!
//! SQLite's default transaction is deferred: it takes the write lock at its first
//! write, and if another writer committed after its first read it cannot take it at
//! all and fails at once with "database is locked". The busy timeout cannot help,
//! because waiting does not make its view of the database current. `BEGIN IMMEDIATE`
//! takes the lock at the start, so concurrent writers queue on the busy timeout
//! instead. Every write opens this way, whether or not it reads first today: the
//! next change to a function should not have to remember the rule.
//!
//! A transaction that changes what readers see ends by moving the content version,
//! one row (`site_state`) that every such transaction updates. On PostgreSQL they
//! lock that row first ([`Db::begin_content_write`]): otherwise two of them can each
//! hold rows the other needs before reaching it (pinning a News Feed item while
//! another is published deadlocked on the feed's day counts). Content writers then
//! wait in one queue, as SQLite's single writer does; other writes (subscribers,
//! sessions, the queue) still run side by side.
//!
//! `clippy.toml` refuses sqlx's own `begin` and `begin_with` everywhere else, so a
//! transaction cannot open around these functions by accident.

use sqlx::{Any, AnyConnection, Transaction};

use crate::{Db, Engine, Result};

const SQLITE_WRITE: &str = "BEGIN IMMEDIATE";
const POSTGRES_READ: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

impl Db {
    /// A transaction that writes: on SQLite it holds the write lock from its start.
    #[allow(clippy::disallowed_methods)] // the one place a write transaction opens
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>> {
        Ok(match self.engine {
            Engine::Sqlite => self.pool.begin_with(SQLITE_WRITE).await?,
            Engine::Postgres => self.pool.begin().await?,
        })
    }

    /// A transaction that changes public content and so ends with
    /// `bump_content_version`: on PostgreSQL it holds the content version's row from
    /// its start (see the module's comment).
    pub(crate) async fn begin_content_write(&self) -> Result<Transaction<'static, Any>> {
        let mut tx = self.begin_write().await?;
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT content_version FROM site_state WHERE id = 1 FOR UPDATE")
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }

    /// A read-only transaction: one consistent view for statements that belong
    /// together (a list page and its total, an export).
    #[allow(clippy::disallowed_methods)] // the one place a read transaction opens
    pub(crate) async fn begin_read(&self) -> Result<Transaction<'static, Any>> {
        Ok(match self.engine {
            Engine::Postgres => self.pool.begin_with(POSTGRES_READ).await?,
            // A deferred SQLite transaction that only reads never takes the write lock.
            Engine::Sqlite => self.pool.begin().await?,
        })
    }
}

/// [`Db::begin_write`] on a connection already held (migrations hold one throughout).
#[allow(clippy::disallowed_methods)] // the rule above, for a held connection
pub(crate) async fn begin_write_on(
    conn: &mut AnyConnection,
    engine: Engine,
) -> Result<Transaction<'_, Any>> {
    use sqlx::Connection;
    Ok(match engine {
        Engine::Sqlite => conn.begin_with(SQLITE_WRITE).await?,
        Engine::Postgres => conn.begin().await?,
    })
}
