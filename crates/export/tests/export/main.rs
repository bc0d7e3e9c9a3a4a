//! `byline-export` from the outside: a small newsroom is stored, exported, and the
//! file read back with serde_json as an importer would. Every database test runs on
//! a fresh SQLite file and on a fresh PostgreSQL database.

mod editions;
mod ghost_json;
mod media;
mod newsroom;

use byline_export::ExportReport;
use byline_store::Db;

#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    let db = byline_store::Db::open_sqlite_in(dir.path()).await.unwrap();
                    super::$name(&db).await;
                    db.close().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let url = byline_store::testing::create_postgres_database().await.unwrap();
                    let db = byline_store::Db::connect(&url).await.unwrap();
                    super::$name(&db).await;
                    db.close().await;
                    byline_store::testing::drop_postgres_database(&url).await;
                }
            )*
        }
    };
}

/// An export of `db`: the file's bytes, the file parsed, and the report.
pub async fn export(db: &Db) -> (Vec<u8>, serde_json::Value, ExportReport) {
    let mut bytes = Vec::new();
    let report = byline_export::write_ghost_json(db, &mut bytes, &|_| {})
        .await
        .unwrap();
    let parsed: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    (bytes, parsed, report)
}

/// The rows of one table of a parsed export.
pub fn table<'a>(export: &'a serde_json::Value, name: &str) -> &'a Vec<serde_json::Value> {
    export["db"][0]["data"][name]
        .as_array()
        .unwrap_or_else(|| panic!("the export has no {name} array"))
}

/// The row of `name` whose `field` is `value`.
pub fn row<'a>(
    export: &'a serde_json::Value,
    name: &str,
    field: &str,
    value: &str,
) -> &'a serde_json::Value {
    table(export, name)
        .iter()
        .find(|row| row[field] == value)
        .unwrap_or_else(|| panic!("no {name} row with {field} = {value}"))
}
