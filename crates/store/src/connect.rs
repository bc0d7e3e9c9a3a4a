//! Opening a database from a URL, with an error a person can act on.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, bail};
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;

use crate::{Db, Engine};

impl Db {
    /// Opens (creating if needed) the SQLite database `byline.db` in the data folder.
    pub async fn open_sqlite_in(data_dir: &Path) -> anyhow::Result<Db> {
        let path = data_dir.join("byline.db");
        let encoded: String = path
            .to_string_lossy()
            .chars()
            .map(|c| match c {
                ' ' => "%20".to_owned(),
                '?' => "%3F".to_owned(),
                '#' => "%23".to_owned(),
                '%' => "%25".to_owned(),
                c => c.to_string(),
            })
            .collect();
        Db::connect(&format!("sqlite://{encoded}?mode=rwc")).await
    }

    /// Connects to `sqlite://…` or `postgres://…` and brings the schema up to date.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            bail!("the database URL must start with sqlite:// or postgres://");
        };
        let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        options = match engine {
            Engine::Sqlite => options.max_connections(8).after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
                    )
                    .await?;
                    Ok(())
                })
            }),
            Engine::Postgres => options.max_connections(16).after_connect(|conn, _meta| {
                Box::pin(async move {
                    // Plan each statement for its real parameters: a generic plan cannot
                    // tell a common search word from a rare one, and the choice between
                    // the GIN index and a newest-first scan depends on exactly that.
                    conn.execute("SET plan_cache_mode = force_custom_plan")
                        .await?;
                    Ok(())
                })
            }),
        };
        let pool = options
            .connect(url)
            .await
            .with_context(|| format!("cannot open the database at {}", redact_password(url)))?;
        let db = Db {
            pool,
            engine,
            url: Some(crate::changes::SecretUrl::new(url)),
            unsaved_url: Default::default(),
        };
        db.migrate()
            .await
            .context("cannot bring the database schema up to date")?;
        Ok(db)
    }
}

/// The URL without its password, for messages and logs.
pub fn redact_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_password;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_password("postgres://news:s3cret@db:5432/byline"),
            "postgres://news:***@db:5432/byline"
        );
        assert_eq!(
            redact_password("postgres://db/byline"),
            "postgres://db/byline"
        );
    }
}
