//! One way to change a post. Every single-post save (the desk's first save and every
//! save after it, the command line's and the demo's) goes through [`save_post`]
//! inside the caller's transaction, and a scheduled publication ends in
//! [`keep_in_step`] too. The steps that follow a change are written here once:
//! bylines and sections, the search index, narration, the publish job, the
//! revision, and the content version with what it touched. When they were retyped
//! in each save function they drifted apart (the desk's first save never queued
//! narration). Batches (`byline generate`, imports) still write through
//! `writing.rs` and `imports/posts.rs` with steps of their own, in multi-row
//! statements; bringing them onto this path is still to do.

use std::borrow::Cow;

use byline_core::revisions::Snapshot;
use byline_core::{PostKind, PostStatus};
use jiff::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::error::slug_clash;
use crate::narrations::{NarrationSource, sync_narration};
use crate::posts::PreparedPost;
use crate::posts::desk::{SaveReason, insert_revision, merge_autosave, schedule_if_needed};
use crate::posts::writing::{
    RowOrigin, bind_content, insert_post_row, link_people, replace_people,
};
use crate::search::{self, IndexEntry};
use crate::{ChangeSet, Engine, Entity, Result, StoreError, bump_content_version};

/// Which post a save writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A new post; its slug must be free.
    New,
    /// An existing post. With `base`, the save is refused as a conflict unless the
    /// post is still at that revision (someone else saved meanwhile).
    Existing { id: i64, base: Option<i64> },
}

/// One save of one post.
pub(crate) struct Save<'a> {
    pub target: Target,
    pub prepared: &'a PreparedPost,
    /// The staff member saving, if a person is (the demo and the command line are not).
    pub by: Option<i64>,
    pub reason: SaveReason,
}

/// What a save made: the post's id and its new revision number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Saved {
    pub id: i64,
    pub revision: i64,
}

/// Writes one post and everything that follows from it, in the caller's transaction.
pub(crate) async fn save_post(
    conn: &mut AnyConnection,
    engine: Engine,
    save: Save<'_>,
    now: Timestamp,
) -> Result<Saved> {
    let Save {
        target,
        prepared,
        by,
        reason,
    } = save;
    let post = &prepared.post;
    let mut changes = ChangeSet::default();
    let (id, revision) = match target {
        Target::New => {
            let id = insert_post_row(conn, prepared, RowOrigin::default(), now).await?;
            link_people(conn, &[(id, post)]).await?;
            if let Some(user) = by {
                sqlx::query("UPDATE posts SET created_by = $1 WHERE id = $2")
                    .bind(user)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            changes.was_unsearchable(id);
            (id, 1)
        }
        Target::Existing { id, base } => {
            changes.add_post(conn, id).await?;
            let (revision, before) = update_post_row(conn, id, prepared, base, now).await?;
            // A published article's address may be linked and indexed: if its slug
            // changes, the old address redirects to the new one.
            if before.status == PostStatus::Published.as_str() && before.slug != post.slug.as_str()
            {
                crate::redirects::redirect_slug_change(conn, &before.slug, post.slug.as_str(), now)
                    .await?;
            }
            replace_people(conn, id, post).await?;
            (id, revision)
        }
    };
    let snapshot = Snapshot::of(post);
    let folded = match (reason, by) {
        (SaveReason::Autosaved, Some(user)) => {
            merge_autosave(conn, id, revision, user, &snapshot, now).await?
        }
        _ => false,
    };
    if !folded {
        insert_revision(conn, id, revision, by, reason, &snapshot, now).await?;
    }
    keep_in_step(conn, engine, &Changed::prepared(id, prepared), changes, now).await?;
    Ok(Saved { id, revision })
}

/// A post row as it was before [`update_post_row`] wrote over it.
pub(crate) struct Before {
    pub slug: String,
    pub status: String,
}

/// Writes new content over post `id` and moves its revision on; returns the new
/// revision and what the row held before. Taking a post back to draft ends its
/// preview link. With `base`, refuses the write if the post moved past it.
pub(crate) async fn update_post_row(
    conn: &mut AnyConnection,
    id: i64,
    prepared: &PreparedPost,
    base: Option<i64>,
    now: Timestamp,
) -> Result<(i64, Before)> {
    let before = sqlx::query("SELECT slug, status FROM posts WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::not_found(Entity::Post, format!("#{id}")))?;
    let before = Before {
        slug: before.try_get("slug")?,
        status: before.try_get("status")?,
    };
    if prepared.post.status == PostStatus::Draft {
        crate::posts::preview_links::revoke_if_leaving_publication(conn, id).await?;
    }
    // The base revision is checked in the statement itself, so a save that landed
    // since the caller read the post is caught on PostgreSQL too.
    let guard = if base.is_some() {
        " AND revision = $20"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE posts SET slug = $1, kind = $2, status = $3, title = $4, subtitle = $5, \
         excerpt = $6, body_markdown = $7, body_html = $8, image_url = $9, image_alt = $10, \
         image_caption = $11, image_credit = $12, image_width = $13, image_height = $14, \
         featured = $15, published_at = $16, reading_minutes = $17, edited_at = $18, \
         revision = revision + 1 WHERE id = $19{guard} RETURNING revision"
    );
    let mut query = bind_content(sqlx::query(AssertSqlSafe(sql)), prepared)
        .bind(now.as_second())
        .bind(id);
    if let Some(base) = base {
        query = query.bind(base);
    }
    let revision: Option<i64> = query
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| slug_clash(e, &prepared.post.slug))?
        .map(|row| row.try_get("revision"))
        .transpose()?;
    match revision {
        Some(revision) => Ok((revision, before)),
        None => {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT revision FROM posts WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
            Err(match current {
                Some(current) => StoreError::Conflict { current },
                None => StoreError::not_found(Entity::Post, format!("#{id}")),
            })
        }
    }
}

/// What the steps after a change read of the post as it now stands.
pub(crate) struct Changed<'a> {
    pub id: i64,
    pub kind: PostKind,
    pub status: PostStatus,
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub body_markdown: &'a str,
    /// The body as plain text for the search index (rendering made it already).
    pub body_text: Cow<'a, str>,
    pub published_at: Option<Timestamp>,
    pub spoken_hash: Option<&'a str>,
}

impl<'a> Changed<'a> {
    pub(crate) fn prepared(id: i64, prepared: &'a PreparedPost) -> Self {
        let post = &prepared.post;
        Changed {
            id,
            kind: post.kind,
            status: post.status,
            title: post.title.trim(),
            subtitle: post.subtitle.as_deref(),
            body_markdown: &post.body_markdown,
            body_text: Cow::Borrowed(&prepared.body.text),
            published_at: post.published_at,
            spoken_hash: prepared.spoken_hash.as_deref(),
        }
    }
}

/// The steps after any change to a post, in its transaction: the search index,
/// narration, the publish job, and the content version with what changed (`changes`
/// holds what the post touched before the change; the post as it is now is added).
pub(crate) async fn keep_in_step(
    conn: &mut AnyConnection,
    engine: Engine,
    changed: &Changed<'_>,
    mut changes: ChangeSet,
    now: Timestamp,
) -> Result<()> {
    let entry = IndexEntry {
        post_id: changed.id,
        title: changed.title,
        subtitle: changed.subtitle,
        body_text: &changed.body_text,
    };
    search::sync_post(conn, engine, changed.status, &entry).await?;
    let source = NarrationSource {
        post_id: changed.id,
        kind: changed.kind,
        status: changed.status,
        title: changed.title.to_owned(),
        subtitle: changed.subtitle.map(str::to_owned),
        body_markdown: changed.body_markdown.to_owned(),
        spoken_hash: changed.spoken_hash.map(str::to_owned),
    };
    sync_narration(conn, &source, now).await?;
    schedule_if_needed(conn, changed.id, changed.status, changed.published_at).await?;
    changes.add_post(conn, changed.id).await?;
    bump_content_version(conn, now, &changes).await
}
