//! One way to change a post. Every single-post save (the desk's first save and every
//! save after it, the command line's and the demo's) goes through [`save_post`]
//! inside the caller's transaction; a batch of new posts (`byline generate`) through
//! [`save_new_posts`]; an import's batch writes its rows with the same writers
//! (`writing.rs`) and a scheduled publication flips its status. All of them end in
//! [`keep_in_step`], where the steps that follow a change are written once, for one
//! post or many: narration, the publish job, the search index, and the content
//! version with what it touched. When they were retyped in each save function they
//! drifted apart (the desk's first save never queued narration). What differs
//! between callers is data, not code: which posts to narrate ([`Narrate`]), whether
//! the index may already hold a post, and how precisely the pages to drop are known.
//! Single saves also write a revision; batches do not (a generated or imported
//! post's first save in the desk is its first revision).

use std::borrow::Cow;

use byline_core::content::NewPost;
use byline_core::editions::MAIN_EDITION;
use byline_core::revisions::Snapshot;
use byline_core::{EditionId, LanguageTag, PostId, PostKind, PostStatus};
use jiff::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::error::slug_clash;
use crate::narrations::{NarrationSource, sync_narration};
use crate::posts::desk::{SaveReason, Writer, insert_revision, merge_autosave, schedule_if_needed};
use crate::posts::writing::{
    RowOrigin, bind_content, insert_post_row, insert_post_rows, link_people, replace_people,
};
use crate::posts::{PreparedPost, events};
use crate::search::{self, IndexEntry, ROWS_PER_STATEMENT};
use crate::webhooks;
use crate::{ChangeSet, Engine, Entity, Result, StoreError, bump_content_version};

/// Which post a save writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A new post in `edition`; its slug must be free and the edition must exist.
    New { edition: EditionId },
    /// An existing post. With `base`, the save is refused as a conflict unless the
    /// post is still at that revision (someone else saved meanwhile).
    Existing { id: PostId, base: Option<i64> },
}

/// One save of one post.
pub(crate) struct Save<'a> {
    pub target: Target,
    pub prepared: &'a PreparedPost,
    /// The staff member saving, if a person is (the demo and the command line are not).
    pub by: Option<i64>,
    /// The integration saving through the Admin API, by name.
    pub integration: Option<&'a str>,
    pub reason: SaveReason,
}

/// What a save made: the post's id and its new revision number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Saved {
    pub id: PostId,
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
        integration,
        reason,
    } = save;
    let post = &prepared.post;
    let mut changes = ChangeSet::default();
    let (id, revision, before) = match target {
        Target::New { edition } => {
            // Posts name their edition without a foreign key (see migration 0019).
            if edition != MAIN_EDITION {
                crate::editions::check_edition(conn, edition).await?;
            }
            let id = insert_post_row(conn, prepared, edition, RowOrigin::default(), now).await?;
            link_people(conn, &[(id, post)]).await?;
            if let Some(user) = by {
                sqlx::query("UPDATE posts SET created_by = $1 WHERE id = $2")
                    .bind(user)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            changes.was_unsearchable(id);
            (id, 1, None)
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
            (id, revision, Some(before))
        }
    };
    webhooks::announce(conn, &events::of_save(id, post, before.as_ref()), now).await?;
    let snapshot = Snapshot::of(post);
    let folded = match (reason, by) {
        (SaveReason::Autosaved, Some(user)) => {
            merge_autosave(conn, id, revision, user, &snapshot, now).await?
        }
        _ => false,
    };
    if !folded {
        let writer = Writer {
            user: by,
            integration,
        };
        insert_revision(conn, id, revision, writer, reason, &snapshot, now).await?;
    }
    let changed = Changed::prepared(id, prepared, !matches!(target, Target::New { .. }));
    keep_in_step(conn, engine, &[changed], Narrate::Every, changes, now).await?;
    Ok(Saved { id, revision })
}

/// A post row as it was before [`update_post_row`] wrote over it: what the
/// redirect rule and the webhooks' `previous` need.
pub(crate) struct Before {
    pub slug: String,
    pub status: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub featured: bool,
    pub published_at: Option<i64>,
    pub edited_at: i64,
}

/// Writes new content over post `id` and moves its revision on; returns the new
/// revision and what the row held before. Taking a post back to draft ends its
/// preview link. With `base`, refuses the write if the post moved past it.
pub(crate) async fn update_post_row(
    conn: &mut AnyConnection,
    id: PostId,
    prepared: &PreparedPost,
    base: Option<i64>,
    now: Timestamp,
) -> Result<(i64, Before)> {
    let before = sqlx::query(
        "SELECT slug, status, title, subtitle, featured, published_at, edited_at \
         FROM posts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::not_found(Entity::Post, format!("#{id}")))?;
    let before = Before {
        slug: before.try_get("slug")?,
        status: before.try_get("status")?,
        title: before.try_get("title")?,
        subtitle: before.try_get("subtitle")?,
        featured: before.try_get::<i64, _>("featured")? != 0,
        published_at: before.try_get("published_at")?,
        edited_at: before.try_get("edited_at")?,
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
    // `edited_at` moves on by at least a second with every save, so no two saves of a
    // post share a time: the Admin API's `updated_at` check (Ghost's collision rule)
    // then catches every save in between, even one in the same second.
    let sql = format!(
        "UPDATE posts SET slug = $1, kind = $2, status = $3, title = $4, subtitle = $5, \
         excerpt = $6, body_markdown = $7, body_html = $8, image_url = $9, image_alt = $10, \
         image_caption = $11, image_credit = $12, image_width = $13, image_height = $14, \
         featured = $15, published_at = $16, reading_minutes = $17, \
         edited_at = CASE WHEN edited_at >= $18 THEN edited_at + 1 ELSE $18 END, \
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
    pub id: PostId,
    pub kind: PostKind,
    pub status: PostStatus,
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub body_markdown: &'a str,
    /// The body as plain text for the search index (rendering made it already).
    pub body_text: Cow<'a, str>,
    pub published_at: Option<Timestamp>,
    pub spoken_hash: Option<&'a str>,
    /// Whether the search index may hold the post from before this transaction
    /// (false for a post made in it, or published in it on schedule: it is only
    /// added, in a multi-row statement with the others).
    pub was_indexed: bool,
}

impl<'a> Changed<'a> {
    pub(crate) fn prepared(id: PostId, prepared: &'a PreparedPost, was_indexed: bool) -> Self {
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
            was_indexed,
        }
    }

    fn index_entry<'b>(&'b self, language: &'b LanguageTag) -> IndexEntry<'b> {
        IndexEntry {
            post_id: self.id,
            language,
            title: self.title,
            subtitle: self.subtitle,
            body_text: &self.body_text,
        }
    }

    fn narration_source(&self, language: &LanguageTag) -> NarrationSource {
        NarrationSource {
            post_id: self.id,
            kind: self.kind,
            status: self.status,
            title: self.title.to_owned(),
            subtitle: self.subtitle.map(str::to_owned),
            body_markdown: self.body_markdown.to_owned(),
            language: language.clone(),
            // Worked out ahead with English rules, so good for English articles only.
            spoken_hash: self
                .spoken_hash
                .filter(|_| language.primary() == "en")
                .map(str::to_owned),
        }
    }
}

/// Which of the changed posts a write asks to have narrated (each is narrated only
/// if it is a published article whose spoken text changed; see `sync_narration`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Narrate {
    /// Every one: saves from the desk and the command line, scheduled publications.
    Every,
    /// Those published since then: an import narrates its recent articles, and an
    /// archive of years is narrated on request.
    PublishedSince(Timestamp),
    /// None: `byline generate` makes an archive to measure, and narrating it would
    /// load the machine being measured.
    None,
}

/// The steps after any change to posts, in its transaction, for one post or a
/// batch: narration, the publish job, the search index, and the content version
/// with what changed (`changes` holds what the posts touched before the change;
/// the posts as they are now are added, unless `changes` reaches every page anyway).
pub(crate) async fn keep_in_step(
    conn: &mut AnyConnection,
    engine: Engine,
    changed: &[Changed<'_>],
    narrate: Narrate,
    mut changes: ChangeSet,
    now: Timestamp,
) -> Result<()> {
    // Each post is narrated, and folded for search, in its edition's language.
    let ids: Vec<PostId> = changed.iter().map(|post| post.id).collect();
    let languages = search::languages_of(conn, &ids).await?;
    let english = LanguageTag::english();
    let language = |id: PostId| languages.get(&id).unwrap_or(&english);
    for post in changed {
        let wanted = match narrate {
            Narrate::Every => true,
            Narrate::PublishedSince(since) => post.published_at.is_some_and(|at| at >= since),
            Narrate::None => false,
        };
        if wanted {
            sync_narration(conn, &post.narration_source(language(post.id)), now).await?;
        }
        schedule_if_needed(conn, post.id, post.status, post.published_at).await?;
    }
    if !changes.reaches_everything() {
        for post in changed {
            changes.add_post(conn, post.id).await?;
        }
    }
    // The search index last: SQLite's full-text index writes its pending entries
    // out at every later statement in the transaction.
    let mut added = Vec::new();
    for post in changed {
        if post.was_indexed {
            let entry = post.index_entry(language(post.id));
            search::sync_post(conn, engine, post.status, &entry).await?;
        } else if post.status == PostStatus::Published {
            added.push(post.index_entry(language(post.id)));
        }
    }
    for chunk in added.chunks(ROWS_PER_STATEMENT) {
        search::index_posts(conn, engine, chunk).await?;
    }
    bump_content_version(conn, now, &changes).await
}

/// Writes many new posts and everything that follows from them, in the caller's
/// transaction and in as few statements as the engines allow (`byline generate`'s
/// batches). Their slugs must be free and differ from each other. Like imported
/// posts, they get no revision: the first save in the desk is their first.
pub(crate) async fn save_new_posts(
    conn: &mut AnyConnection,
    engine: Engine,
    posts: &[PreparedPost],
    narrate: Narrate,
    now: Timestamp,
) -> Result<Vec<PostId>> {
    let rows: Vec<(&PreparedPost, RowOrigin<'_>)> = posts
        .iter()
        .map(|prepared| (prepared, RowOrigin::default()))
        .collect();
    let ids = insert_post_rows(conn, &rows, now).await?;
    let linked: Vec<(PostId, &NewPost)> = ids
        .iter()
        .copied()
        .zip(posts.iter().map(|p| &p.post))
        .collect();
    link_people(conn, &linked).await?;
    let changed: Vec<Changed<'_>> = ids
        .iter()
        .zip(posts)
        .map(|(id, prepared)| Changed::prepared(*id, prepared, false))
        .collect();
    keep_in_step(
        conn,
        engine,
        &changed,
        narrate,
        ChangeSet::everything(),
        now,
    )
    .await?;
    Ok(ids)
}
