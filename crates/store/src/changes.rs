//! Hearing about other nodes' writes at once on PostgreSQL.
//!
//! Every write transaction moves the content version (see `bump_content_version`);
//! on PostgreSQL it also sends `NOTIFY byline_changes`, which the server delivers at
//! commit. A [`ChangeListener`] wakes a node on that signal so its page cache and live
//! News Feed catch up within milliseconds. Signals can be lost (a dropped connection
//! misses them), so nodes still poll; the listener only makes them fast.

use std::time::Duration;

use sqlx::postgres::PgListener;

use crate::{Db, Engine, Result};

/// The channel every write transaction notifies on PostgreSQL.
pub(crate) const CHANNEL: &str = "byline_changes";

/// A dedicated PostgreSQL connection listening for other nodes' writes.
pub struct ChangeListener {
    listener: PgListener,
}

impl Db {
    /// A listener for writes made anywhere; `None` on SQLite, whose writers share a
    /// machine and are found by polling.
    pub async fn change_listener(&self) -> Result<Option<ChangeListener>> {
        let (Engine::Postgres, Some(url)) = (self.engine, self.url.as_ref()) else {
            return Ok(None);
        };
        let mut listener = PgListener::connect(url.expose()).await?;
        listener.listen(CHANNEL).await?;
        Ok(Some(ChangeListener { listener }))
    }
}

impl ChangeListener {
    /// Waits for the next change signal. After a lost connection it reconnects on
    /// the next call; signals sent meanwhile are gone, which polling covers.
    pub async fn changed(&mut self) -> Result<()> {
        self.listener.recv().await?;
        Ok(())
    }

    /// How long a node waits before trying a failed listener again.
    pub const RETRY: Duration = Duration::from_secs(2);
}

/// A database URL that keeps its password out of `Debug` output and logs.
#[derive(Clone)]
pub(crate) struct SecretUrl(std::sync::Arc<str>);

impl SecretUrl {
    pub(crate) fn new(url: &str) -> SecretUrl {
        SecretUrl(url.into())
    }

    fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::connect::redact_password(&self.0))
    }
}
