//! The desk's view of posts: every status, who started each one, and saving with
//! revisions. A save names the revision it was based on; if someone saved in
//! between, the save is refused ([`StoreError::Conflict`]) instead of overwriting.

use std::borrow::Cow;

use byline_core::content::{NewPost, PostSummary};
use byline_core::editions::MAIN_EDITION;
use byline_core::revisions::Snapshot;
use byline_core::{EditionId, Post, PostId, PostStatus, Slug};
use jiff::Timestamp;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::posts::save::{Changed, Narrate, Save, Saved, Target, keep_in_step, save_post};
use crate::posts::{Page, PreparedPost};
use crate::queue::{self, NewJob, Work};
use crate::rows::{self, SUMMARY_COLUMNS};
use crate::{ChangeSet, Db, Result, StoreError};

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
    pub edition: EditionId,
}

/// Which posts the desk lists; `None` means any.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeskFilter {
    pub status: Option<PostStatus>,
    pub created_by: Option<i64>,
    pub edition: Option<EditionId>,
}

/// A value a [`DeskFilter`] binds, in the order its conditions name them.
enum FilterValue {
    Text(&'static str),
    Number(i64),
}

impl DeskFilter {
    /// The `WHERE` clause (empty for no filter) and the values it binds from `$1`.
    fn to_sql(self) -> (String, Vec<FilterValue>) {
        let mut conditions = Vec::new();
        let mut values = Vec::new();
        let mut condition = |column: &str, value: FilterValue| {
            values.push(value);
            conditions.push(format!("p.{column} = ${}", values.len()));
        };
        if let Some(status) = self.status {
            condition("status", FilterValue::Text(status.as_str()));
        }
        if let Some(user) = self.created_by {
            condition("created_by", FilterValue::Number(user));
        }
        if let Some(edition) = self.edition {
            condition("edition_id", FilterValue::Number(edition.get()));
        }
        let clause = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        (clause, values)
    }
}

/// Why a revision was saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveReason {
    Created,
    Saved,
    Autosaved,
    Restored(i64),
    /// Written through the Admin API by an integration (created or edited).
    ThroughApi {
        created: bool,
    },
}

impl SaveReason {
    fn text(self) -> String {
        match self {
            SaveReason::Created => "Created".into(),
            SaveReason::Saved => "Saved".into(),
            SaveReason::Autosaved => "Autosaved".into(),
            SaveReason::Restored(n) => format!("Restored revision {n}"),
            SaveReason::ThroughApi { created: true } => "Created through the Admin API".into(),
            SaveReason::ThroughApi { created: false } => "Saved through the Admin API".into(),
        }
    }
}

/// Who a revision is recorded as written by: a staff member, an integration, or
/// neither (the demo, the command line).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Writer<'a> {
    pub user: Option<i64>,
    pub integration: Option<&'a str>,
}

impl Writer<'_> {
    pub fn staff(user: i64) -> Self {
        Writer {
            user: Some(user),
            integration: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionInfo {
    pub number: i64,
    /// The staff member who saved it, or the integration that wrote it.
    pub author: Option<String>,
    pub reason: String,
    pub created_at: Timestamp,
}

impl Db {
    /// Creates a post in the main edition started by `user_id`, with its first
    /// revision.
    pub async fn create_desk_post(&self, post: NewPost, user_id: i64) -> Result<PostId> {
        self.create_desk_post_in(post, MAIN_EDITION, user_id).await
    }

    /// Creates a post in `edition` started by `user_id`, with its first revision, in
    /// one transaction: it is never seen in another edition first (its narration and
    /// search entry follow the edition's language from the start). An edition that
    /// does not exist is [`StoreError::NotFound`] and nothing is saved.
    pub async fn create_desk_post_in(
        &self,
        post: NewPost,
        edition: EditionId,
        user_id: i64,
    ) -> Result<PostId> {
        let saved = self
            .save(
                post,
                Target::New { edition },
                Writer::staff(user_id),
                SaveReason::Created,
            )
            .await?;
        Ok(saved.id)
    }

    /// Saves content and status over revision `base`; returns the new revision.
    pub async fn save_desk_post(
        &self,
        id: PostId,
        post: NewPost,
        base: i64,
        user_id: i64,
        reason: SaveReason,
    ) -> Result<i64> {
        let target = Target::Existing {
            id,
            base: Some(base),
        };
        let saved = self
            .save(post, target, Writer::staff(user_id), reason)
            .await?;
        Ok(saved.revision)
    }

    /// Renders `post` (off the async workers), then saves it in one transaction.
    pub(crate) async fn save(
        &self,
        post: NewPost,
        target: Target,
        by: Writer<'_>,
        reason: SaveReason,
    ) -> Result<Saved> {
        let prepared = PreparedPost::prepare(post).await?;
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let save = Save {
            target,
            prepared: &prepared,
            by: by.user,
            integration: by.integration,
            reason,
        };
        let saved = save_post(&mut tx, self.engine, save, now).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// A post in any status, with what the desk needs to know about it.
    pub async fn desk_post(&self, id: PostId) -> Result<Option<DeskPost>> {
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
    pub async fn post_owner(
        &self,
        slug: &Slug,
    ) -> Result<Option<(PostId, Option<i64>, PostStatus)>> {
        let row = sqlx::query("SELECT id, created_by, status FROM posts WHERE slug = $1")
            .bind(slug.as_str())
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
        let (where_clause, values) = filter.to_sql();
        let count_sql = format!("SELECT COUNT(*) FROM posts p{where_clause}");
        let mut count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql));
        for value in &values {
            count = match *value {
                FilterValue::Text(text) => count.bind(text),
                FilterValue::Number(number) => count.bind(number),
            };
        }
        let total = count.fetch_one(&self.pool).await?;
        let n = values.len();
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, p.created_by, p.edition_id FROM posts p{where_clause} \
             ORDER BY p.edited_at DESC, p.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for value in &values {
            query = match *value {
                FilterValue::Text(text) => query.bind(text),
                FilterValue::Number(number) => query.bind(number),
            };
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
                    edition: EditionId(row.try_get("edition_id")?),
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page { items, total })
    }

    /// A post's revisions, newest first, with who saved each.
    pub async fn revisions(&self, post_id: PostId) -> Result<Vec<RevisionInfo>> {
        let found = sqlx::query(
            "SELECT r.number, u.name, r.integration, r.reason, r.created_at FROM post_revisions r \
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
                    author: match row.try_get::<Option<String>, _>("integration")? {
                        Some(integration) => Some(format!("{integration} (integration)")),
                        None => row.try_get("name")?,
                    },
                    reason: row.try_get("reason")?,
                    created_at: rows::timestamp(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// What a post held at revision `number`.
    pub async fn revision(&self, post_id: PostId, number: i64) -> Result<Option<Snapshot>> {
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
    pub async fn publish_scheduled(&self, post_id: PostId, at: Timestamp) -> Result<bool> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
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
        let kind = rows::parsed(row.try_get("kind")?)?;
        let announced = [crate::posts::events::of_scheduled_publication(
            post_id, kind,
        )];
        crate::webhooks::announce(&mut tx, &announced, now).await?;
        let changed = Changed {
            id: post_id,
            kind,
            status: PostStatus::Published,
            title: &title,
            subtitle: subtitle.as_deref(),
            body_markdown: &body,
            body_text: Cow::Owned(byline_core::markdown::plain_text(&body)),
            published_at: Some(at),
            spoken_hash: None,
            // Scheduled posts are not in the index.
            was_indexed: false,
        };
        // It was scheduled, so no list or search showed it before.
        let mut changes = ChangeSet::default();
        changes.was_unsearchable(post_id);
        keep_in_step(
            &mut tx,
            self.engine,
            &[changed],
            Narrate::Every,
            changes,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// The key of the job that publishes `post_id` at `at`. Rescheduling makes a new
/// job; the old one finds the time changed and does nothing.
pub fn publish_job_key(post_id: PostId, at: Timestamp) -> String {
    format!("publish:{post_id}:{}", at.as_second())
}

/// Queues the job that publishes a scheduled post at its time.
pub(crate) async fn schedule_if_needed(
    conn: &mut AnyConnection,
    id: PostId,
    status: PostStatus,
    published_at: Option<Timestamp>,
) -> Result<()> {
    if status != PostStatus::Scheduled {
        return Ok(());
    }
    let Some(at) = published_at else {
        return Ok(());
    };
    let key = publish_job_key(id, at);
    queue::enqueue(
        conn,
        &NewJob {
            work: Work::PublishPost { post_id: id, at },
            key: &key,
            run_at: at,
        },
    )
    .await
}

pub(crate) async fn insert_revision(
    conn: &mut AnyConnection,
    post_id: PostId,
    number: i64,
    by: Writer<'_>,
    reason: SaveReason,
    snapshot: &Snapshot,
    at: Timestamp,
) -> Result<()> {
    let content = serde_json::to_string(snapshot)
        .map_err(|e| StoreError::Corrupt(format!("revision snapshot: {e}")))?;
    sqlx::query(
        "INSERT INTO post_revisions (post_id, number, user_id, integration, reason, content, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(post_id)
    .bind(number)
    .bind(by.user)
    .bind(by.integration)
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
pub(crate) async fn merge_autosave(
    conn: &mut AnyConnection,
    post_id: PostId,
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
