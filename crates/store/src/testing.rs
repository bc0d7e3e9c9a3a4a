//! Throwaway databases for tests, on either engine.
//!
//! PostgreSQL tests create a fresh database per test on the server named by
//! `BYLINE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432`), so tests
//! run in parallel without sharing state.

use sqlx::AssertSqlSafe;
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::Context;
use sqlx::Connection;

/// The PostgreSQL server tests use.
pub fn postgres_server_url() -> String {
    std::env::var("BYLINE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// Creates an empty database with a unique name and returns its URL.
pub async fn create_postgres_database() -> anyhow::Result<String> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    sqlx::any::install_default_drivers();
    let server = postgres_server_url();
    let name = format!(
        "byline_test_{}_{}_{}",
        std::process::id(),
        jiff::Timestamp::now().as_millisecond(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = sqlx::AnyConnection::connect(&format!("{server}/postgres"))
        .await
        .with_context(|| format!("cannot reach the test PostgreSQL server at {server}"))?;
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    Ok(format!("{server}/{name}"))
}

/// Drops a database made by [`create_postgres_database`]; errors are ignored because a
/// leftover test database harms nothing.
pub async fn drop_postgres_database(url: &str) {
    let Some((server, name)) = url.rsplit_once('/') else {
        return;
    };
    if !name.starts_with("byline_test_") {
        return;
    }
    if let Ok(mut admin) = sqlx::AnyConnection::connect(&format!("{server}/postgres")).await {
        let _ = sqlx::raw_sql(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut admin)
        .await;
        let _ = admin.close().await;
    }
}

/// A Ukrainian edition at `/{prefix}/` for tests (Kyiv time, day-month-year).
pub fn ukrainian_edition(prefix: &str) -> crate::NewEdition {
    use byline_core::editions::{DateOrder, EditionPrefix};
    crate::NewEdition {
        prefix: EditionPrefix::parse(prefix).expect("a test prefix"),
        language: byline_core::LanguageTag::parse("uk").expect("uk"),
        title: "Вечірній вісник".into(),
        description: "Новини річкових міст".into(),
        timezone: "Europe/Kyiv".into(),
        date_order: DateOrder::DayMonthYear,
    }
}
