//! Writing an import's posts a batch per transaction, in as few statements as the
//! engines allow: one lookup each for the batch's earlier imports and taken slugs,
//! an update per post imported before, then multi-row statements for the new post
//! rows, bylines, sections, old addresses and source rows; then the steps that
//! follow every change to posts (`posts/save.rs`: narration of recent articles,
//! publish jobs, the search index in multi-row statements, the content version).
//! Every statement is a round trip (to PostgreSQL, or to SQLite's worker thread),
//! and at 100,000 posts each one saved per post is 100,000 saved.

use std::collections::{HashMap, HashSet};

use byline_core::content::NewPost;
use byline_core::{PostId, Slug};
use jiff::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::{ImportPost, Imported};
use crate::posts::PreparedPost;
use crate::posts::save::{Changed, Narrate, keep_in_step, update_post_row};
use crate::posts::writing::{RowOrigin, insert_post_rows, link_people, replace_people};
use crate::redirects::{insert_redirects, redirect_slug_change};
use crate::rows::placeholders;
use crate::search::ROWS_PER_STATEMENT;
use crate::{ChangeSet, Db, Result};

impl Db {
    /// Writes a batch of posts in one transaction: each is created, or updated when
    /// it was imported before. Posts whose checksum has not changed should not be in
    /// the batch (see [`Db::imported_rows`]). A post whose slug is taken by a post
    /// that is not its own import gets the next free slug, and its old address
    /// redirects there.
    pub async fn import_posts(
        &self,
        platform: &str,
        batch: &mut [ImportPost],
    ) -> Result<Vec<Imported>> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let ids: Vec<&str> = batch.iter().map(|p| p.source_id.as_str()).collect();
        let earlier = imported_posts(&mut tx, platform, &ids).await?;
        let wanted: Vec<&str> = batch
            .iter()
            .filter(|p| !earlier.contains_key(&p.source_id))
            .map(|p| p.prepared.post.slug.as_str())
            .collect();
        // Slugs that may be taken: those the site had, and those this batch gives out.
        let mut taken = slugs_taken(&mut tx, &wanted).await?;
        // A source id listed twice is written once, as its last listing says.
        let mut final_listing: HashMap<String, usize> = HashMap::new();
        for (n, post) in batch.iter().enumerate() {
            final_listing.insert(post.source_id.clone(), n);
        }
        let mut outcomes: Vec<Option<Imported>> = vec![None; batch.len()];
        // Posts imported before are updated first, so the new ones see the slugs the
        // updates took.
        for (n, post) in batch.iter_mut().enumerate() {
            if let Some(&id) = earlier.get(&post.source_id) {
                update_post(&mut tx, PostId(id), post, now).await?;
                taken.insert(post.prepared.post.slug.as_str().to_owned());
                outcomes[n] = Some(Imported::Updated(id));
            }
        }
        let mut to_create = Vec::new();
        for (n, post) in batch.iter_mut().enumerate() {
            if outcomes[n].is_some() || final_listing[&post.source_id] != n {
                continue;
            }
            let wanted = post.prepared.post.slug.clone();
            if taken.contains(wanted.as_str()) {
                let free = free_slug_beside(&mut tx, &wanted, &taken).await?;
                if free != wanted {
                    post.old_paths.push(format!("/{wanted}/"));
                    post.prepared.post.slug = free;
                }
            }
            taken.insert(post.prepared.post.slug.as_str().to_owned());
            to_create.push(n);
        }
        let rows: Vec<(&PreparedPost, RowOrigin<'_>)> = to_create
            .iter()
            .map(|&n| {
                let post = &batch[n];
                let origin = RowOrigin {
                    uuid: post
                        .uuid
                        .as_deref()
                        .filter(|u| uuid::Uuid::parse_str(u).is_ok()),
                    created_at: post.created_at,
                };
                (&post.prepared, origin)
            })
            .collect();
        let ids = insert_post_rows(&mut tx, &rows, now).await?;
        for (&n, id) in to_create.iter().zip(ids) {
            outcomes[n] = Some(Imported::Created(id.get()));
        }
        // Earlier listings of a source id listed again stand for the post the last
        // listing made.
        for n in 0..batch.len() {
            if outcomes[n].is_none() {
                let last = final_listing[&batch[n].source_id];
                outcomes[n] = outcomes[last].map(|made| Imported::Updated(made.id()));
            }
        }
        let outcomes: Vec<Imported> = outcomes
            .into_iter()
            .map(|outcome| outcome.expect("every listing has an outcome"))
            .collect();
        // A source id listed twice was created, then updated (its bylines and search
        // entry written by the update): each post is linked, indexed and redirected to
        // as its last listing says.
        let mut last: HashMap<i64, usize> = HashMap::new();
        for (n, outcome) in outcomes.iter().enumerate() {
            last.insert(outcome.id(), n);
        }
        let created: Vec<(PostId, &NewPost)> = batch
            .iter()
            .zip(&outcomes)
            .enumerate()
            .filter(|(n, (_, outcome))| {
                matches!(outcome, Imported::Created(_)) && last[&outcome.id()] == *n
            })
            .map(|(_, (post, outcome))| (outcome.post_id(), &post.prepared.post))
            .collect();
        link_people(&mut tx, &created).await?;
        let targets: Vec<String> = outcomes
            .iter()
            .map(|outcome| format!("/{}/", batch[last[&outcome.id()]].prepared.post.slug))
            .collect();
        let redirects: Vec<(&str, &str)> = batch
            .iter()
            .zip(&targets)
            .flat_map(|(post, to)| {
                post.old_paths
                    .iter()
                    .map(|from| (from.as_str(), to.as_str()))
            })
            .collect();
        insert_redirects(&mut tx, &redirects, platform, now).await?;
        remember_posts(&mut tx, platform, batch, &outcomes, now).await?;
        // Each post in its edition, before the search index folds its words in that
        // edition's language (the kept lists follow by trigger).
        let mut by_edition: HashMap<i64, Vec<i64>> = HashMap::new();
        for (n, outcome) in outcomes.iter().enumerate() {
            if last[&outcome.id()] == n {
                by_edition
                    .entry(batch[n].edition.get())
                    .or_default()
                    .push(outcome.id());
            }
        }
        for (edition, ids) in by_edition {
            for chunk in ids.chunks(ROWS_PER_STATEMENT) {
                let sql = format!(
                    "UPDATE posts SET edition_id = $1 WHERE edition_id <> $1 AND id IN ({})",
                    placeholders(2, chunk.len())
                );
                let mut query = sqlx::query(AssertSqlSafe(sql)).bind(edition);
                for id in chunk {
                    query = query.bind(*id);
                }
                query.execute(&mut *tx).await?;
            }
        }
        // Each post once, as its last listing left it.
        let changed: Vec<Changed<'_>> = batch
            .iter()
            .zip(&outcomes)
            .enumerate()
            .filter(|(n, (_, outcome))| last[&outcome.id()] == *n)
            .map(|(_, (post, outcome))| {
                let was_indexed = !matches!(outcome, Imported::Created(_));
                Changed::prepared(outcome.post_id(), &post.prepared, was_indexed)
            })
            .collect();
        let narrate = Narrate::PublishedSince(now - crate::posts::NARRATE_IMPORTED_WITHIN);
        keep_in_step(
            &mut tx,
            self.engine,
            &changed,
            narrate,
            ChangeSet::everything(),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(outcomes)
    }
}

/// The local ids of posts imported before, by source id.
async fn imported_posts(
    conn: &mut AnyConnection,
    platform: &str,
    source_ids: &[&str],
) -> Result<HashMap<String, i64>> {
    let mut found = HashMap::new();
    for chunk in source_ids.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "SELECT source_id, local_id FROM import_sources \
             WHERE platform = $1 AND kind = 'post' AND source_id IN ({})",
            placeholders(2, chunk.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(platform);
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            found.insert(row.try_get("source_id")?, row.try_get("local_id")?);
        }
    }
    Ok(found)
}

/// Which of `slugs` posts already have.
async fn slugs_taken(conn: &mut AnyConnection, slugs: &[&str]) -> Result<HashSet<String>> {
    let mut taken = HashSet::new();
    for chunk in slugs.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "SELECT slug FROM posts WHERE slug IN ({})",
            placeholders(1, chunk.len())
        );
        let mut query = sqlx::query_scalar::<_, String>(AssertSqlSafe(sql));
        for slug in chunk {
            query = query.bind(*slug);
        }
        taken.extend(query.fetch_all(&mut *conn).await?);
    }
    Ok(taken)
}

/// Remembers each post of the batch under its source id, with its checksum.
async fn remember_posts(
    conn: &mut AnyConnection,
    platform: &str,
    batch: &[ImportPost],
    outcomes: &[Imported],
    now: Timestamp,
) -> Result<()> {
    // One statement may not touch a row twice (PostgreSQL refuses it): a source id
    // listed twice in the batch is remembered as its last listing.
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (n, post) in batch.iter().enumerate() {
        last.insert(post.source_id.as_str(), n);
    }
    let rows: Vec<(&ImportPost, i64)> = batch
        .iter()
        .zip(outcomes)
        .enumerate()
        .filter(|(n, (post, _))| last.get(post.source_id.as_str()) == Some(n))
        .map(|(_, (post, outcome))| (post, outcome.id()))
        .collect();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let shared = chunk.len() * 3;
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let n = i * 3 + 1;
                format!(
                    "(${}, 'post', ${n}, ${}, ${}, ${})",
                    shared + 1,
                    n + 1,
                    n + 2,
                    shared + 2
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO import_sources (platform, kind, source_id, local_id, checksum, imported_at) \
             VALUES {} ON CONFLICT (platform, kind, source_id) DO UPDATE SET \
             local_id = excluded.local_id, checksum = excluded.checksum, imported_at = excluded.imported_at",
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for (post, id) in chunk {
            query = query
                .bind(post.source_id.as_str())
                .bind(*id)
                .bind(post.checksum.as_str());
        }
        query
            .bind(platform)
            .bind(now.as_second())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The first of `wanted`, `wanted-2`, `wanted-3`, … that neither the batch has given
/// out (`given`, which may also hold slugs the site had) nor any post has.
async fn free_slug_beside(
    conn: &mut AnyConnection,
    wanted: &Slug,
    given: &HashSet<String>,
) -> Result<Slug> {
    let mut candidate = wanted.clone();
    for n in 2.. {
        if !given.contains(candidate.as_str()) {
            let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM posts WHERE slug = $1")
                .bind(candidate.as_str())
                .fetch_optional(&mut *conn)
                .await?;
            if taken.is_none() {
                break;
            }
        }
        candidate = wanted.with_suffix(n);
    }
    Ok(candidate)
}

/// `wanted`, or the first of `wanted-2`, `wanted-3`, … that no post has.
pub(crate) async fn free_slug(conn: &mut AnyConnection, wanted: &Slug) -> Result<Slug> {
    free_slug_beside(conn, wanted, &HashSet::new()).await
}

/// Overwrites an imported post with the source's new version (its search entry is
/// brought up to date with the batch's). An editor's slug
/// change in the desk is kept only if the source's slug did not change either; when
/// the slug moves, the old address redirects.
async fn update_post(
    conn: &mut AnyConnection,
    id: PostId,
    post: &mut ImportPost,
    now: Timestamp,
) -> Result<()> {
    let old_slug: String = sqlx::query_scalar("SELECT slug FROM posts WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let wanted = post.prepared.post.slug.clone();
    if wanted.as_str() != old_slug {
        let holder: Option<PostId> = sqlx::query_scalar("SELECT id FROM posts WHERE slug = $1")
            .bind(wanted.as_str())
            .fetch_optional(&mut *conn)
            .await?;
        if holder.is_some_and(|holder| holder != id) {
            post.prepared.post.slug = free_slug(conn, &wanted).await?;
            post.old_paths.push(format!("/{wanted}/"));
        }
    }
    let prepared = &post.prepared;
    update_post_row(conn, id, prepared, None, now).await?;
    if prepared.post.slug.as_str() != old_slug {
        redirect_slug_change(conn, &old_slug, prepared.post.slug.as_str(), now).await?;
    }
    let new_post: &NewPost = &prepared.post;
    replace_people(conn, id, new_post).await
}
