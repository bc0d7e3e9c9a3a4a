//! Old addresses that keep working: filled by imports, by slug changes in the desk,
//! and by administrators. Looked up only for addresses no route answers.

use std::collections::HashMap;

use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::Entity;
use crate::{Db, Result, StoreError, rows};

/// The longest address a redirect may start from or lead to.
pub const MAX_REDIRECT_PATH: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub id: i64,
    pub from_path: String,
    pub to_path: String,
    /// 301 when true, else 302.
    pub permanent: bool,
    /// ghost, wordpress, slug or desk.
    pub origin: String,
    pub created_at: Timestamp,
}

const COLUMNS: &str = "id, from_path, to_path, permanent, origin, created_at";

fn redirect(row: &AnyRow) -> Result<Redirect> {
    Ok(Redirect {
        id: row.try_get("id")?,
        from_path: row.try_get("from_path")?,
        to_path: row.try_get("to_path")?,
        permanent: row.try_get::<i64, _>("permanent")? != 0,
        origin: row.try_get("origin")?,
        created_at: rows::timestamp(row.try_get("created_at")?),
    })
}

/// Makes an address comparable: percent-escapes decoded (browsers escape `é` as
/// `%C3%A9`, WordPress stores `%c3%a9`), and a trailing slash added to a path that
/// has no file extension and no query, so `/old` and `/old/` are one address.
pub fn normalize_path(raw: &str) -> String {
    let decoded = percent_decode(raw);
    let (path, query) = match decoded.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (decoded.as_str(), None),
    };
    let mut path = path.to_owned();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if query.is_none() && !path.ends_with('/') && !last.contains('.') {
        path.push('/');
    }
    match query {
        Some(query) => format!("{path}?{query}"),
        None => path,
    }
}

fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(high * 16 + low);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Adds or replaces the redirect from `from`.
pub(crate) async fn insert_redirect(
    conn: &mut AnyConnection,
    from: &str,
    to: &str,
    permanent: bool,
    origin: &str,
    now: Timestamp,
) -> Result<()> {
    let from = normalize_path(from);
    if from == to || from.len() > MAX_REDIRECT_PATH || to.len() > MAX_REDIRECT_PATH {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO redirects (from_path, to_path, permanent, origin, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (from_path) DO UPDATE SET to_path = excluded.to_path, permanent = excluded.permanent, \
         origin = excluded.origin",
    )
    .bind(&from)
    .bind(to)
    .bind(i64::from(permanent))
    .bind(origin)
    .bind(now.as_second())
    .execute(conn)
    .await?;
    Ok(())
}

/// Adds or replaces many permanent redirects in as few statements as possible (an
/// import's batch). Addresses are normalized like [`insert_redirect`]'s; when one old
/// address is listed twice, the last wins.
pub(crate) async fn insert_redirects(
    conn: &mut AnyConnection,
    redirects: &[(&str, &str)],
    origin: &str,
    now: Timestamp,
) -> Result<()> {
    // One statement may not touch a row twice (PostgreSQL refuses it): each old
    // address once, leading where its last listing says.
    let mut rows: Vec<(String, &str)> = Vec::with_capacity(redirects.len());
    let mut position: HashMap<String, usize> = HashMap::new();
    for (from, to) in redirects {
        let from = normalize_path(from);
        if from == *to || from.len() > MAX_REDIRECT_PATH || to.len() > MAX_REDIRECT_PATH {
            continue;
        }
        match position.get(&from) {
            Some(&at) => rows[at].1 = to,
            None => {
                position.insert(from.clone(), rows.len());
                rows.push((from, to));
            }
        }
    }
    for chunk in rows.chunks(crate::search::ROWS_PER_STATEMENT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let n = i * 2 + 1;
                format!(
                    "(${n}, ${}, 1, ${}, ${})",
                    n + 1,
                    chunk.len() * 2 + 1,
                    chunk.len() * 2 + 2
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO redirects (from_path, to_path, permanent, origin, created_at) VALUES {} \
             ON CONFLICT (from_path) DO UPDATE SET to_path = excluded.to_path, \
             permanent = excluded.permanent, origin = excluded.origin",
            values.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (from, to) in chunk {
            query = query.bind(from.as_str()).bind(*to);
        }
        query
            .bind(origin)
            .bind(now.as_second())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A post moved from `/{old}/` to `/{new}/`: the old address redirects, redirects
/// that led to the old address lead straight to the new one (no chains), and a
/// redirect from the new address is dropped (the post lives there now).
pub(crate) async fn redirect_slug_change(
    conn: &mut AnyConnection,
    old: &str,
    new: &str,
    now: Timestamp,
) -> Result<()> {
    let (old, new) = (format!("/{old}/"), format!("/{new}/"));
    sqlx::query("DELETE FROM redirects WHERE from_path = $1")
        .bind(&new)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE redirects SET to_path = $1 WHERE to_path = $2")
        .bind(&new)
        .bind(&old)
        .execute(&mut *conn)
        .await?;
    insert_redirect(conn, &old, &new, true, "slug", now).await
}

impl Db {
    /// Where an address no route answers should go, if anywhere.
    pub async fn redirect_for(&self, path: &str) -> Result<Option<Redirect>> {
        if path.len() > MAX_REDIRECT_PATH {
            return Ok(None);
        }
        let sql = format!("SELECT {COLUMNS} FROM redirects WHERE from_path = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(normalize_path(path))
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(redirect).transpose()
    }

    /// Adds or replaces redirects (imports, the desk).
    pub async fn add_redirects(
        &self,
        redirects: &[(String, String, bool)],
        origin: &str,
    ) -> Result<()> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        for (from, to, permanent) in redirects {
            insert_redirect(&mut tx, from, to, *permanent, origin, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// One page of redirects for the desk, newest first, optionally only those whose
    /// addresses contain `search`.
    pub async fn redirects(
        &self,
        search: &str,
        limit: i64,
        offset: i64,
    ) -> Result<crate::Page<Redirect>> {
        let pattern = format!("%{}%", search.replace(['%', '_'], ""));
        let sql = format!(
            "SELECT {COLUMNS} FROM redirects WHERE from_path LIKE $1 OR to_path LIKE $1 \
             ORDER BY id DESC LIMIT $2 OFFSET $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&pattern)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM redirects WHERE from_path LIKE $1 OR to_path LIKE $1",
        )
        .bind(&pattern)
        .fetch_one(&self.pool)
        .await?;
        Ok(crate::Page {
            items: rows.iter().map(redirect).collect::<Result<_>>()?,
            total,
        })
    }

    pub async fn delete_redirect(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM redirects WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if done == 0 {
            return Err(StoreError::not_found(Entity::Redirect, id));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_path;

    #[test]
    fn addresses_compare_without_escapes_or_a_missing_slash() {
        assert_eq!(normalize_path("/old-story"), "/old-story/");
        assert_eq!(normalize_path("/old-story/"), "/old-story/");
        assert_eq!(normalize_path("/%C3%A9t%C3%A9/"), "/été/");
        assert_eq!(normalize_path("/%c3%a9t%c3%a9"), "/été/");
        assert_eq!(normalize_path("/?p=61"), "/?p=61");
        assert_eq!(normalize_path("/feed.xml"), "/feed.xml");
        assert_eq!(normalize_path("old"), "/old/");
        // A broken escape stays as it is.
        assert_eq!(normalize_path("/100%/"), "/100%/");
    }
}
