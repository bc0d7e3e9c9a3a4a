//! The desk's view of posts: every status, who started each one, and saving with
//! revisions. A save names the revision it was based on; if someone saved in
//! between, the save is refused ([`StoreError::Conflict`]) instead of overwriting.

use byline_core::content::{NewPost, PostSummary};
use byline_core::revisions::Snapshot;
use byline_core::{Post, PostStatus};
use jiff::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::jobs::{self, NewJob};
use crate::narrations::{NarrationSource, sync_narration};
use crate::posts::{Page, PreparedPost};
use crate::rows::{self, SUMMARY_COLUMNS};
use crate::search::{self, IndexEntry};
use crate::writing::{bind_content, insert_posts, replace_people};
use crate::{ChangeSet, Db, Result, StoreError, bump_content_version};

/// The job kind that publishes a scheduled post.
pub const PUBLISH_JOB: &str = "publish_post";
/// Autosaves by the same person within this many seconds share one revision.
const AUTOSAVE_MERGE_SECONDS: i64 = 600;

/// A post as the desk sees it.
#[derive(Debug, Clone)]
pub struct DeskPost {
    pub post: Post,
    pub created_by: Option<i64>,
    pub revision: i64,
}

/// One row of the desk's post list.
#[derive(Debug, Clone)]
pub struct DeskRow {
    pub summary: PostSummary,
    pub created_by: Option<i64>,
}

/// Which posts the desk lists.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeskFilter {
    pub status: Option<PostStatus>,
    pub created_by: Option<i64>,
}

/// Why a revision was saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveReason {
    Created,
    Saved,
    Autosaved,
    Restored(i64),
}

impl SaveReason {
    fn text(self) -> String {
        match self {
            SaveReason::Created => "Created".into(),
            SaveReason::Saved => "Saved".into(),
            SaveReason::Autosaved => "Autosaved".into(),
            SaveReason::Restored(n) => format!("Restored revision {n}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionInfo {
    pub number: i64,
    pub author: Option<String>,
    pub reason: String,
    pub created_at: Timestamp,
}

impl Db {
    /// Creates a post started by `user_id`, with its first revision.
    pub async fn create_desk_post(&self, post: NewPost, user_id: i64) -> Result<i64> {
        let prepared = PreparedPost::prepare(post).await?;
        let now = Timestamp::now();
        let mut tx = self.pool.begin().await?;
        let id = insert_posts(&mut tx, self.engine, std::slice::from_ref(&prepared), now).await?[0];
        sqlx::query("UPDATE posts SET created_by = $1 WHERE id = $2")
            .bind(user_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let snapshot = Snapshot::of(&prepared.post);
        insert_revision(
            &mut tx,
            id,
            1,
            Some(user_id),
            SaveReason::Created,
            &snapshot,
            now,
        )
        .await?;
        schedule_if_needed(&mut tx, id, &prepared.post).await?;
        let mut changes = ChangeSet::default();
        changes.was_unsearchable(id);
        changes.add_post(&mut tx, id).await?;
        bump_content_version(&mut tx, now, &changes).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves content and status over revision `base`; returns the new revision.
    pub async fn save_desk_post(
        &self,
        id: i64,
        post: NewPost,
        base: i64,
        user_id: i64,
        reason: SaveReason,
    ) -> Result<i64> {
        let prepared = PreparedPost::prepare(post).await?;
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        let mut changes = ChangeSet::default();
        changes.add_post(&mut tx, id).await?;
        if prepared.post.status == PostStatus::Draft {
            crate::preview_links::revoke_if_leaving_publication(&mut tx, id).await?;
        }
        // A published article's address may be linked and indexed: if its slug
        // changes, the old address redirects to the new one.
        let was_public: Option<(String, String)> =
            sqlx::query_as("SELECT slug, status FROM posts WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let query = sqlx::query(
            "UPDATE posts SET slug = $1, kind = $2, status = $3, title = $4, subtitle = $5, excerpt = $6, \
             body_markdown = $7, body_html = $8, image_url = $9, image_alt = $10, image_caption = $11, \
             image_credit = $12, image_width = $13, image_height = $14, featured = $15, published_at = $16, \
             reading_minutes = $17, edited_at = $18, revision = revision + 1 \
             WHERE id = $19 AND revision = $20 RETURNING revision",
        );
        let updated: Option<i64> = bind_content(query, &prepared)
            .bind(now.as_second())
            .bind(id)
            .bind(base)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| crate::people::slug_clash(e, &prepared.post.slug))?
            .map(|row| row.try_get("revision"))
            .transpose()?;
        let Some(revision) = updated else {
            drop(tx);
            return Err(match self.post_revision(id).await? {
                Some(current) => StoreError::Conflict { current },
                None => not_found(id),
            });
        };
        let PreparedPost { post, body, .. } = &prepared;
        if let Some((old_slug, old_status)) = was_public
            && old_status == PostStatus::Published.as_str()
            && old_slug != post.slug.as_str()
        {
            crate::redirects::redirect_slug_change(&mut tx, &old_slug, post.slug.as_str(), now)
                .await?;
        }
        replace_people(&mut tx, id, post)
            .await
            .map_err(|e| match e {
                StoreError::NotFound { what, slug } => StoreError::NotFound { what, slug },
                other => other,
            })?;
        let entry = IndexEntry {
            post_id: id,
            title: post.title.trim(),
            subtitle: post.subtitle.as_deref(),
            body_text: &body.text,
        };
        search::sync_post(&mut tx, self.engine, post.status, &entry).await?;
        sync_narration(&mut tx, &NarrationSource::prepared(id, &prepared), now).await?;
        let snapshot = Snapshot::of(post);
        if !(reason == SaveReason::Autosaved
            && merge_autosave(&mut tx, id, revision, user_id, &snapshot, now).await?)
        {
            insert_revision(&mut tx, id, revision, Some(user_id), reason, &snapshot, now).await?;
        }
        schedule_if_needed(&mut tx, id, post).await?;
        changes.add_post(&mut tx, id).await?;
        bump_content_version(&mut tx, now, &changes).await?;
        tx.commit().await?;
        Ok(revision)
    }

    async fn post_revision(&self, id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT revision FROM posts WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// A post in any status, with what the desk needs to know about it.
    pub async fn desk_post(&self, id: i64) -> Result<Option<DeskPost>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, p.body_markdown, p.body_html, p.created_by, p.revision \
             FROM posts p WHERE p.id = $1"
        );
        let query = sqlx::query(AssertSqlSafe(sql)).bind(id);
        let Some(row) = query.fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let mut summaries = vec![rows::summary(&row)?];
        self.attach_people(&mut summaries).await?;
        let summary = summaries.remove(0);
        let notes = self.notes_of(summary.id).await?;
        Ok(Some(DeskPost {
            post: Post {
                summary,
                body_markdown: row.try_get("body_markdown")?,
                body_html: row.try_get("body_html")?,
                notes,
            },
            created_by: row.try_get("created_by")?,
            revision: row.try_get("revision")?,
        }))
    }

    /// Who started a post and where it stands, by slug (for the "Edit post" link).
    pub async fn post_owner(&self, slug: &str) -> Result<Option<(i64, Option<i64>, PostStatus)>> {
        let row = sqlx::query("SELECT id, created_by, status FROM posts WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok((
                row.try_get("id")?,
                row.try_get("created_by")?,
                rows::parsed(row.try_get("status")?)?,
            ))
        })
        .transpose()
    }

    /// Posts of every status and kind, most recently edited first.
    pub async fn desk_posts(
        &self,
        filter: DeskFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Page<DeskRow>> {
        let mut conditions = vec!["1 = 1".to_owned()];
        let mut args: Vec<String> = Vec::new();
        if let Some(status) = filter.status {
            args.push(status.as_str().to_owned());
            conditions.push(format!("p.status = ${}", args.len()));
        }
        let where_clause = conditions.join(" AND ");
        let by_user = filter
            .created_by
            .map(|_| format!(" AND p.created_by = ${}", args.len() + 1))
            .unwrap_or_default();
        let count_sql = format!("SELECT COUNT(*) FROM posts p WHERE {where_clause}{by_user}");
        let mut count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql));
        for arg in &args {
            count = count.bind(arg.clone());
        }
        if let Some(user) = filter.created_by {
            count = count.bind(user);
        }
        let total = count.fetch_one(&self.pool).await?;
        let n = args.len() + usize::from(filter.created_by.is_some());
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, p.created_by FROM posts p WHERE {where_clause}{by_user} \
             ORDER BY p.edited_at DESC, p.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for arg in &args {
            query = query.bind(arg.clone());
        }
        if let Some(user) = filter.created_by {
            query = query.bind(user);
        }
        let found = query.bind(limit).bind(offset).fetch_all(&self.pool).await?;
        let mut summaries = found
            .iter()
            .map(rows::summary)
            .collect::<Result<Vec<_>>>()?;
        self.attach_people(&mut summaries).await?;
        let items = summaries
            .into_iter()
            .zip(&found)
            .map(|(summary, row)| {
                Ok(DeskRow {
                    summary,
                    created_by: row.try_get("created_by")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page { items, total })
    }

    /// A post's revisions, newest first, with who saved each.
    pub async fn revisions(&self, post_id: i64) -> Result<Vec<RevisionInfo>> {
        let found = sqlx::query(
            "SELECT r.number, u.name, r.reason, r.created_at FROM post_revisions r \
             LEFT JOIN users u ON u.id = r.user_id WHERE r.post_id = $1 ORDER BY r.number DESC",
        )
        .bind(post_id)
        .fetch_all(&self.pool)
        .await?;
        found
            .iter()
            .map(|row| {
                Ok(RevisionInfo {
                    number: row.try_get("number")?,
                    author: row.try_get("name")?,
                    reason: row.try_get("reason")?,
                    created_at: rows::timestamp(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// What a post held at revision `number`.
    pub async fn revision(&self, post_id: i64, number: i64) -> Result<Option<Snapshot>> {
        let content: Option<String> = sqlx::query_scalar(
            "SELECT content FROM post_revisions WHERE post_id = $1 AND number = $2",
        )
        .bind(post_id)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?;
        content
            .map(|json| {
                serde_json::from_str(&json).map_err(|e| {
                    StoreError::Corrupt(format!("revision {number} of #{post_id}: {e}"))
                })
            })
            .transpose()
    }

    /// Publishes a post whose scheduled time has come. Does nothing (and says so) if
    /// the post was rescheduled, unscheduled or published meanwhile: the job that
    /// calls this may run twice.
    pub async fn publish_scheduled(&self, post_id: i64, at: Timestamp) -> Result<bool> {
        let now = Timestamp::now();
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "UPDATE posts SET status = 'published' WHERE id = $1 AND status = 'scheduled' \
             AND published_at = $2 RETURNING kind, title, subtitle, body_markdown",
        )
        .bind(post_id)
        .bind(at.as_second())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(false);
        };
        let title: String = row.try_get("title")?;
        let subtitle: Option<String> = row.try_get("subtitle")?;
        let body: String = row.try_get("body_markdown")?;
        let body_text = byline_core::markdown::plain_text(&body);
        let entry = IndexEntry {
            post_id,
            title: &title,
            subtitle: subtitle.as_deref(),
            body_text: &body_text,
        };
        search::sync_post(&mut tx, self.engine, PostStatus::Published, &entry).await?;
        let source = NarrationSource {
            post_id,
            kind: crate::rows::parsed(row.try_get("kind")?)?,
            status: PostStatus::Published,
            title,
            subtitle,
            body_markdown: body,
            spoken_hash: None,
        };
        sync_narration(&mut tx, &source, now).await?;
        // It was scheduled, so no list showed it before.
        let mut changes = ChangeSet::default();
        changes.was_unsearchable(post_id);
        changes.add_post(&mut tx, post_id).await?;
        bump_content_version(&mut tx, now, &changes).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// The key of the job that publishes `post_id` at `at`. Rescheduling makes a new
/// job; the old one finds the time changed and does nothing.
pub fn publish_job_key(post_id: i64, at: Timestamp) -> String {
    format!("publish:{post_id}:{}", at.as_second())
}

pub(crate) async fn schedule_if_needed(
    conn: &mut AnyConnection,
    id: i64,
    post: &NewPost,
) -> Result<()> {
    if post.status != PostStatus::Scheduled {
        return Ok(());
    }
    let Some(at) = post.published_at else {
        return Ok(());
    };
    let key = publish_job_key(id, at);
    let payload = serde_json::json!({ "post_id": id, "at": at.as_second() }).to_string();
    jobs::enqueue(
        conn,
        &NewJob {
            kind: PUBLISH_JOB,
            key: &key,
            payload: &payload,
            run_at: at,
        },
    )
    .await
}

async fn insert_revision(
    conn: &mut AnyConnection,
    post_id: i64,
    number: i64,
    user_id: Option<i64>,
    reason: SaveReason,
    snapshot: &Snapshot,
    at: Timestamp,
) -> Result<()> {
    let content = serde_json::to_string(snapshot)
        .map_err(|e| StoreError::Corrupt(format!("revision snapshot: {e}")))?;
    sqlx::query(
        "INSERT INTO post_revisions (post_id, number, user_id, reason, content, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(post_id)
    .bind(number)
    .bind(user_id)
    .bind(reason.text())
    .bind(content)
    .bind(at.as_second())
    .execute(conn)
    .await?;
    Ok(())
}

/// Folds an autosave into the same person's autosave of the last few minutes, so
/// typing for an hour leaves a handful of revisions, not hundreds. The folded
/// revision keeps the time its stretch of typing began, so a stretch spans at most
/// [`AUTOSAVE_MERGE_SECONDS`].
async fn merge_autosave(
    conn: &mut AnyConnection,
    post_id: i64,
    number: i64,
    user_id: i64,
    snapshot: &Snapshot,
    at: Timestamp,
) -> Result<bool> {
    let content = serde_json::to_string(snapshot)
        .map_err(|e| StoreError::Corrupt(format!("revision snapshot: {e}")))?;
    let merged = sqlx::query(
        "UPDATE post_revisions SET number = $1, content = $2 WHERE id = (\
           SELECT id FROM post_revisions WHERE post_id = $3 ORDER BY number DESC LIMIT 1) \
         AND user_id = $4 AND reason = 'Autosaved' AND created_at >= $5",
    )
    .bind(number)
    .bind(content)
    .bind(post_id)
    .bind(user_id)
    .bind(at.as_second() - AUTOSAVE_MERGE_SECONDS)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(merged == 1)
}

fn not_found(post_id: i64) -> StoreError {
    StoreError::NotFound {
        what: "post",
        slug: format!("#{post_id}"),
    }
}
