//! Schema migrations: numbered (0001, 0002, …), append-only SQL files per engine,
//! embedded in the binary and applied in order at start, each in its own transaction.

use crate::{Db, Engine, Result};

struct Migration {
    version: i64,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sqlite: include_str!("../migrations/sqlite/0001_initial.sql"),
        postgres: include_str!("../migrations/postgres/0001_initial.sql"),
    },
    Migration {
        version: 2,
        sqlite: include_str!("../migrations/sqlite/0002_search_and_guids.sql"),
        postgres: include_str!("../migrations/postgres/0002_search_and_guids.sql"),
    },
    Migration {
        version: 3,
        sqlite: include_str!("../migrations/sqlite/0003_desk.sql"),
        postgres: include_str!("../migrations/postgres/0003_desk.sql"),
    },
    Migration {
        version: 4,
        sqlite: include_str!("../migrations/sqlite/0004_news_feed.sql"),
        postgres: include_str!("../migrations/postgres/0004_news_feed.sql"),
    },
    Migration {
        version: 5,
        sqlite: include_str!("../migrations/sqlite/0005_newsletters.sql"),
        postgres: include_str!("../migrations/postgres/0005_newsletters.sql"),
    },
    Migration {
        version: 6,
        sqlite: include_str!("../migrations/sqlite/0006_narration.sql"),
        postgres: include_str!("../migrations/postgres/0006_narration.sql"),
    },
    Migration {
        version: 7,
        sqlite: include_str!("../migrations/sqlite/0007_preview_links.sql"),
        postgres: include_str!("../migrations/postgres/0007_preview_links.sql"),
    },
    Migration {
        version: 8,
        sqlite: include_str!("../migrations/sqlite/0008_imports.sql"),
        postgres: include_str!("../migrations/postgres/0008_imports.sql"),
    },
    Migration {
        version: 9,
        sqlite: include_str!("../migrations/sqlite/0009_lists.sql"),
        postgres: include_str!("../migrations/postgres/0009_lists.sql"),
    },
    Migration {
        version: 10,
        sqlite: include_str!("../migrations/sqlite/0010_content_changes.sql"),
        postgres: include_str!("../migrations/postgres/0010_content_changes.sql"),
    },
    Migration {
        version: 11,
        sqlite: include_str!("../migrations/sqlite/0011_feed_pages.sql"),
        postgres: include_str!("../migrations/postgres/0011_feed_pages.sql"),
    },
    Migration {
        version: 12,
        sqlite: include_str!("../migrations/sqlite/0012_desk_list.sql"),
        postgres: include_str!("../migrations/postgres/0012_desk_list.sql"),
    },
    Migration {
        version: 13,
        sqlite: include_str!("../migrations/sqlite/0013_list_triggers_by_row.sql"),
        postgres: include_str!("../migrations/postgres/0013_list_triggers_by_row.sql"),
    },
];

impl Db {
    pub(crate) async fn migrate(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        )
        .execute(&mut *conn)
        .await?;
        // Reading first means a node (or a command such as `byline import`) starting
        // beside a running server takes no write lock when the schema is current.
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
            .fetch_all(&mut *conn)
            .await?;
        for migration in MIGRATIONS {
            if applied.contains(&migration.version) {
                continue;
            }
            let mut tx = crate::transactions::begin_write_on(&mut conn, self.engine).await?;
            // Several nodes may start at once on PostgreSQL: the first one to claim
            // the version applies it, the others wait on the row and then skip it.
            let claimed = sqlx::query(
                "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING",
            )
            .bind(migration.version)
            .bind(jiff::Timestamp::now().as_second())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if claimed {
                let sql = match self.engine {
                    Engine::Sqlite => migration.sqlite,
                    Engine::Postgres => migration.postgres,
                };
                sqlx::raw_sql(sql).execute(&mut *tx).await?;
                tracing::info!(
                    migration.version = migration.version,
                    "applied database migration"
                );
            }
            tx.commit().await?;
        }
        Ok(())
    }
}
