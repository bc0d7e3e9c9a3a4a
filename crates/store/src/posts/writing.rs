//! Writing post rows and their bylines and sections with as few statements as
//! possible: a single save's row on its own, a batch's rows 100 to a statement, and
//! one multi-row statement each for bylines and sections. Every statement is a round
//! trip (to PostgreSQL, or to SQLite's worker thread). What follows a change (the
//! search index, narration, publish jobs, the content version) is in `save.rs`.

use byline_core::content::NewPost;
use byline_core::markdown;
use byline_core::{EditionId, PostId};
use jiff::Timestamp;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, AssertSqlSafe, Row};

use crate::error::slug_clash;
use crate::posts::{PreparedPost, missing_reference};
use crate::rows::placeholders;
use crate::search::ROWS_PER_STATEMENT;
use crate::{Entity, Result};

/// What a post row keeps from elsewhere: an imported post keeps its source's public
/// id (when it is a UUID) and the time it was first written there.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct RowOrigin<'a> {
    pub uuid: Option<&'a str>,
    pub created_at: Option<Timestamp>,
}

/// Inserts one post row in `edition`, without its authors, tags or search entry;
/// returns its id.
pub(crate) async fn insert_post_row(
    conn: &mut AnyConnection,
    prepared: &PreparedPost,
    edition: EditionId,
    origin: RowOrigin<'_>,
    now: Timestamp,
) -> Result<PostId> {
    let query = sqlx::query(
        "INSERT INTO posts (slug, kind, status, title, subtitle, excerpt, body_markdown, body_html, \
         image_url, image_alt, image_caption, image_credit, image_width, image_height, featured, \
         published_at, reading_minutes, created_at, edited_at, updated_at, uuid, edition_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, NULL, \
                 $20, $21) \
         RETURNING id",
    );
    let uuid = match origin.uuid {
        Some(uuid) => uuid.to_owned(),
        None => uuid::Uuid::new_v4().to_string(),
    };
    let row = bind_content(query, prepared)
        .bind(origin.created_at.unwrap_or(now).as_second())
        .bind(now.as_second())
        .bind(uuid)
        .bind(edition.get())
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| slug_clash(e, &prepared.post.slug))?;
    Ok(row.try_get("id")?)
}

/// Post rows per multi-row insert: 20 parameters each, well inside both engines'
/// limits on parameters per statement.
const POST_ROWS_PER_STATEMENT: usize = 100;

/// Inserts many post rows in multi-row statements (an import's batch), without their
/// authors, tags or search entries; returns their ids in the order given. The rows'
/// slugs must differ from each other and from every post's.
pub(crate) async fn insert_post_rows(
    conn: &mut AnyConnection,
    rows: &[(&PreparedPost, RowOrigin<'_>)],
    now: Timestamp,
) -> Result<Vec<PostId>> {
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(POST_ROWS_PER_STATEMENT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let first = i * 20 + 1;
                let content = placeholders(first, 19);
                format!("({content}, NULL, ${})", first + 19)
            })
            .collect();
        let sql = format!(
            "INSERT INTO posts (slug, kind, status, title, subtitle, excerpt, body_markdown, body_html, \
             image_url, image_alt, image_caption, image_credit, image_width, image_height, featured, \
             published_at, reading_minutes, created_at, edited_at, updated_at, uuid) VALUES {} \
             RETURNING id, slug",
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (prepared, origin) in chunk {
            let uuid = match origin.uuid {
                Some(uuid) => uuid.to_owned(),
                None => uuid::Uuid::new_v4().to_string(),
            };
            query = bind_content(query, prepared)
                .bind(origin.created_at.unwrap_or(now).as_second())
                .bind(now.as_second())
                .bind(uuid);
        }
        // RETURNING promises no order: the rows are matched back by their slugs.
        let returned = query
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| slug_clash(e, &chunk[0].0.post.slug))?;
        let mut by_slug = std::collections::HashMap::with_capacity(returned.len());
        for row in &returned {
            by_slug.insert(
                row.try_get::<String, _>("slug")?,
                row.try_get::<PostId, _>("id")?,
            );
        }
        for (prepared, _) in chunk {
            let id = by_slug
                .get(prepared.post.slug.as_str())
                .copied()
                .ok_or_else(|| {
                    crate::StoreError::Corrupt(format!(
                        "the new post {} was not returned",
                        prepared.post.slug
                    ))
                })?;
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Binds a post's content as parameters `$1` to `$17`, in the column order that both
/// the INSERT and the UPDATE of a post use.
pub(crate) fn bind_content<'q>(
    query: Query<'q, Any, AnyArguments>,
    prepared: &'q PreparedPost,
) -> Query<'q, Any, AnyArguments> {
    let PreparedPost {
        post,
        body,
        reading_minutes,
        ..
    } = prepared;
    let excerpt = match &post.subtitle {
        Some(subtitle) if !subtitle.trim().is_empty() => markdown::excerpt_of(subtitle),
        _ => body.excerpt.clone(),
    };
    let image = post.image.as_ref();
    query
        .bind(post.slug.as_str())
        .bind(post.kind.as_str())
        .bind(post.status.as_str())
        .bind(post.title.trim())
        .bind(post.subtitle.as_deref())
        .bind(excerpt)
        .bind(&post.body_markdown)
        .bind(&body.html)
        .bind(image.map(|i| i.url.as_str()))
        .bind(image.map(|i| i.alt.as_str()))
        .bind(image.and_then(|i| i.caption.as_deref()))
        .bind(image.and_then(|i| i.credit.as_deref()))
        .bind(image.map(|i| i64::from(i.width)))
        .bind(image.map(|i| i64::from(i.height)))
        .bind(i64::from(post.featured))
        .bind(post.published_at.map(|t| t.as_second()))
        .bind(i64::from(*reading_minutes))
}

/// Replaces one post's ordered authors and tags.
pub(crate) async fn replace_people(
    conn: &mut AnyConnection,
    id: PostId,
    post: &NewPost,
) -> Result<()> {
    sqlx::query("DELETE FROM post_authors WHERE post_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM post_tags WHERE post_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    link_people(conn, &[(id, post)]).await
}

/// Writes the ordered authors and tags of posts that have none yet.
pub(crate) async fn link_people(
    conn: &mut AnyConnection,
    posts: &[(PostId, &NewPost)],
) -> Result<()> {
    let authors: Vec<(i64, i64, i64)> = posts
        .iter()
        .flat_map(|(id, post)| {
            post.author_ids
                .iter()
                .enumerate()
                .map(move |(i, a)| (id.get(), *a, i as i64))
        })
        .collect();
    let tags: Vec<(i64, i64, i64)> = posts
        .iter()
        .flat_map(|(id, post)| {
            post.tag_ids
                .iter()
                .enumerate()
                .map(move |(i, t)| (id.get(), *t, i as i64))
        })
        .collect();
    insert_links(conn, "post_authors", "author_id", Entity::Author, &authors).await?;
    insert_links(conn, "post_tags", "tag_id", Entity::Tag, &tags).await
}

async fn insert_links(
    conn: &mut AnyConnection,
    table: &str,
    column: &str,
    entity: Entity,
    rows: &[(i64, i64, i64)],
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| format!("({})", placeholders(i * 3 + 1, 3)))
            .collect();
        let sql = format!(
            "INSERT INTO {table} (post_id, {column}, position) VALUES {}",
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (post_id, other_id, position) in chunk {
            query = query.bind(*post_id).bind(*other_id).bind(*position);
        }
        query.execute(&mut *conn).await.map_err(|e| {
            let ids: Vec<String> = chunk
                .iter()
                .map(|(_, other, _)| other.to_string())
                .collect();
            missing_reference(e, entity, &ids.join(", #"))
        })?;
    }
    Ok(())
}
