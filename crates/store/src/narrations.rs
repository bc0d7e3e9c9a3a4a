//! Article narration's bookkeeping: which articles need audio, what the job found,
//! and where the audio is. See `0006_narration.sql` for the table.
//!
//! [`sync_narration`] runs inside every transaction that saves or publishes a post,
//! like the search index's sync: it hashes the article's prepared spoken text and
//! queues a durable narration job only when that hash changed.

use byline_core::narration::SpokenText;
use byline_core::{LanguageTag, PostId, PostKind, PostStatus};
use jiff::Timestamp;
use sqlx::{AnyConnection, Row};

use crate::queue::{NewJob, Work, enqueue};
use crate::{ChangeSet, Db, Result, bump_content_version};

/// Where a post's narration stands, for the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NarrationStatus {
    Queued,
    Working,
    Ready,
    Failed,
    /// Nothing to read aloud.
    Skipped,
    /// Switched off for this post by an editor.
    Off,
}

impl NarrationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NarrationStatus::Queued => "queued",
            NarrationStatus::Working => "working",
            NarrationStatus::Ready => "ready",
            NarrationStatus::Failed => "failed",
            NarrationStatus::Skipped => "skipped",
            NarrationStatus::Off => "off",
        }
    }

    fn parse(text: &str) -> NarrationStatus {
        match text {
            "working" => NarrationStatus::Working,
            "ready" => NarrationStatus::Ready,
            "failed" => NarrationStatus::Failed,
            "skipped" => NarrationStatus::Skipped,
            "off" => NarrationStatus::Off,
            _ => NarrationStatus::Queued,
        }
    }
}

/// A post's narration row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narration {
    pub post_id: PostId,
    pub enabled: bool,
    pub status: NarrationStatus,
    pub wanted_hash: Option<String>,
    /// Present when there is audio to play (even while a newer version is made).
    pub audio: Option<NarrationAudio>,
    /// Why the last attempt failed or was skipped.
    pub error: Option<String>,
    pub updated_at: Timestamp,
}

/// A stored narration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrationAudio {
    /// The SHA-256 of the spoken text it was made from.
    pub text_hash: String,
    /// The file's name under `content/audio/`.
    pub file: String,
    pub bytes: i64,
    pub duration_ms: i64,
    pub engine: String,
    pub narrated_at: Timestamp,
}

/// What the narration job reads about a post.
#[derive(Debug, Clone)]
pub struct NarrationSource {
    pub post_id: PostId,
    pub kind: PostKind,
    pub status: PostStatus,
    pub title: String,
    pub subtitle: Option<String>,
    pub body_markdown: String,
    /// Its edition's language, whose rules make the spoken text.
    pub language: LanguageTag,
    /// The spoken text's hash when it was already worked out
    /// ([`PreparedPost::spoken_hash`](crate::PreparedPost)).
    pub spoken_hash: Option<String>,
}

impl NarrationSource {
    pub fn spoken(&self) -> SpokenText {
        SpokenText::prepare_in(
            &self.language,
            &self.title,
            self.subtitle.as_deref(),
            &self.body_markdown,
        )
    }

    fn narratable(&self) -> bool {
        self.kind == PostKind::Post && self.status == PostStatus::Published
    }
}

/// What the narration job reads about `post_id`, in the caller's connection.
pub(crate) async fn narration_source_in(
    conn: &mut AnyConnection,
    post_id: PostId,
) -> Result<Option<NarrationSource>> {
    let row = sqlx::query(
        "SELECT p.id, p.kind, p.status, p.title, p.subtitle, p.body_markdown, e.language \
         FROM posts p JOIN editions e ON e.id = p.edition_id WHERE p.id = $1",
    )
    .bind(post_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| {
        let language: String = row.try_get("language")?;
        Ok(NarrationSource {
            post_id: row.try_get("id")?,
            kind: crate::rows::parsed(row.try_get("kind")?)?,
            status: crate::rows::parsed(row.try_get("status")?)?,
            title: row.try_get("title")?,
            subtitle: row.try_get("subtitle")?,
            body_markdown: row.try_get("body_markdown")?,
            language: LanguageTag::parse(&language).unwrap_or_else(LanguageTag::english),
            spoken_hash: None,
        })
    })
    .transpose()
}

/// Queues narration for a published article whose spoken text changed since it was
/// last queued. Called in the transaction that saved the post.
pub(crate) async fn sync_narration(
    conn: &mut AnyConnection,
    source: &NarrationSource,
    now: Timestamp,
) -> Result<()> {
    if !source.narratable() {
        return Ok(());
    }
    let hash = match &source.spoken_hash {
        Some(hash) => hash.clone(),
        None => source.spoken().hash(),
    };
    let row = sqlx::query("SELECT enabled, wanted_hash FROM narrations WHERE post_id = $1")
        .bind(source.post_id)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(row) = row {
        let enabled: i64 = row.try_get("enabled")?;
        let wanted: Option<String> = row.try_get("wanted_hash")?;
        if enabled == 0 || wanted.as_deref() == Some(hash.as_str()) {
            return Ok(());
        }
    }
    queue(conn, source.post_id, Some(&hash), false, now).await
}

/// Marks the post queued and adds a job. Each request gets its own job key (text can
/// change back to an earlier version, which must be narrated again).
async fn queue(
    conn: &mut AnyConnection,
    post_id: PostId,
    hash: Option<&str>,
    force: bool,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO narrations (post_id, enabled, status, wanted_hash, updated_at) \
         VALUES ($1, 1, 'queued', $2, $3) \
         ON CONFLICT (post_id) DO UPDATE SET status = 'queued', error = NULL, \
         wanted_hash = COALESCE(excluded.wanted_hash, narrations.wanted_hash), \
         updated_at = excluded.updated_at",
    )
    .bind(post_id)
    .bind(hash)
    .bind(now.as_second())
    .execute(&mut *conn)
    .await?;
    let key = format!(
        "narrate:{post_id}:{}:{}",
        hash.map_or("again", |h| &h[..h.len().min(16)]),
        now.as_nanosecond()
    );
    enqueue(
        conn,
        &NewJob {
            work: Work::NarratePost { post_id, force },
            key: &key,
            run_at: now,
        },
    )
    .await
}

const NARRATION_COLUMNS: &str = "post_id, enabled, status, wanted_hash, audio_hash, audio_file, \
     audio_bytes, duration_ms, engine, error, narrated_at, updated_at";

fn narration(row: &sqlx::any::AnyRow) -> Result<Narration> {
    let file: Option<String> = row.try_get("audio_file")?;
    let audio = match file {
        Some(file) => Some(NarrationAudio {
            text_hash: row
                .try_get::<Option<String>, _>("audio_hash")?
                .unwrap_or_default(),
            file,
            bytes: row.try_get::<Option<i64>, _>("audio_bytes")?.unwrap_or(0),
            duration_ms: row.try_get::<Option<i64>, _>("duration_ms")?.unwrap_or(0),
            engine: row
                .try_get::<Option<String>, _>("engine")?
                .unwrap_or_default(),
            narrated_at: crate::rows::timestamp(
                row.try_get::<Option<i64>, _>("narrated_at")?.unwrap_or(0),
            ),
        }),
        None => None,
    };
    Ok(Narration {
        post_id: row.try_get("post_id")?,
        enabled: row.try_get::<i64, _>("enabled")? != 0,
        status: NarrationStatus::parse(&row.try_get::<String, _>("status")?),
        wanted_hash: row.try_get("wanted_hash")?,
        audio,
        error: row.try_get("error")?,
        updated_at: crate::rows::timestamp(row.try_get("updated_at")?),
    })
}

impl Db {
    /// A post's narration row, if narration ever heard of it.
    pub async fn narration(&self, post_id: PostId) -> Result<Option<Narration>> {
        let sql = format!("SELECT {NARRATION_COLUMNS} FROM narrations WHERE post_id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(post_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(narration).transpose()
    }

    /// The narration rows of several posts (for the desk's lists).
    pub async fn narrations_of(&self, post_ids: &[PostId]) -> Result<Vec<Narration>> {
        if post_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {NARRATION_COLUMNS} FROM narrations WHERE post_id IN ({})",
            crate::rows::placeholders(1, post_ids.len())
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in post_ids {
            query = query.bind(id);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(narration)
            .collect()
    }

    /// What the narration job needs to know about a post.
    pub async fn narration_source(&self, post_id: PostId) -> Result<Option<NarrationSource>> {
        let mut conn = self.pool.acquire().await?;
        narration_source_in(&mut conn, post_id).await
    }

    /// Published articles with narration switched on, newest first: what
    /// `byline narrate --all` works through.
    pub async fn narratable_posts(&self) -> Result<Vec<(PostId, String)>> {
        let rows = sqlx::query(
            "SELECT p.id, p.slug FROM posts p LEFT JOIN narrations n ON n.post_id = p.id \
             WHERE p.kind = 'post' AND p.status = 'published' AND COALESCE(n.enabled, 1) = 1 \
             ORDER BY p.published_at DESC, p.id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("slug")?)))
            .collect()
    }

    /// Queues the articles the desk published on their first save, since `since`,
    /// that were never queued for narration (before that save path queued them); run
    /// once as a node's narration worker starts. Returns how many were queued. Posts
    /// the desk did not start (imports, the generator) are left to
    /// `byline narrate --all`, as before.
    pub async fn queue_missed_narrations(&self, since: Timestamp) -> Result<u64> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        // Only the node whose insert made the row queues the job, so nodes starting
        // together queue each article once.
        let missed: Vec<PostId> = sqlx::query_scalar(
            "INSERT INTO narrations (post_id, enabled, status, wanted_hash, updated_at) \
             SELECT p.id, 1, 'queued', NULL, $1 FROM posts p \
             WHERE p.kind = 'post' AND p.status = 'published' AND p.created_by IS NOT NULL \
             AND p.published_at >= $2 \
             AND NOT EXISTS (SELECT 1 FROM narrations n WHERE n.post_id = p.id) \
             ON CONFLICT (post_id) DO NOTHING RETURNING post_id",
        )
        .bind(now.as_second())
        .bind(since.as_second())
        .fetch_all(&mut *tx)
        .await?;
        for &post_id in &missed {
            queue(&mut tx, post_id, None, false, now).await?;
        }
        tx.commit().await?;
        Ok(missed.len() as u64)
    }

    /// Queues narration of a post now, whatever its audio speaks (the desk's
    /// "Regenerate"). Switches narration back on if it was off.
    pub async fn request_narration(&self, post_id: PostId, force: bool) -> Result<()> {
        let now = Timestamp::now();
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE narrations SET enabled = 1 WHERE post_id = $1")
            .bind(post_id)
            .execute(&mut *tx)
            .await?;
        queue(&mut tx, post_id, None, force, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Switches narration off for a post (its player disappears) or back on (which
    /// queues it again).
    pub async fn set_narration_enabled(&self, post_id: PostId, enabled: bool) -> Result<()> {
        if enabled {
            return self.request_narration(post_id, false).await;
        }
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        sqlx::query(
            "INSERT INTO narrations (post_id, enabled, status, updated_at) VALUES ($1, 0, 'off', $2) \
             ON CONFLICT (post_id) DO UPDATE SET enabled = 0, status = 'off', error = NULL, \
             updated_at = excluded.updated_at",
        )
        .bind(post_id)
        .bind(now.as_second())
        .execute(&mut *tx)
        .await?;
        let mut changes = ChangeSet::default();
        changes.add_post(&mut tx, post_id).await?;
        bump_content_version(&mut tx, now, &changes).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The job started on a post.
    pub async fn mark_narration_working(&self, post_id: PostId) -> Result<()> {
        self.set_narration_status(post_id, NarrationStatus::Working, None)
            .await
    }

    /// The stored audio already speaks the current text: the post is ready again.
    pub async fn mark_narration_current(&self, post_id: PostId) -> Result<()> {
        sqlx::query(
            "UPDATE narrations SET status = 'ready', error = NULL, \
             wanted_hash = COALESCE(wanted_hash, audio_hash), updated_at = $1 \
             WHERE post_id = $2 AND enabled = 1 AND audio_file IS NOT NULL",
        )
        .bind(Timestamp::now().as_second())
        .bind(post_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The job gave up on this attempt (it is retried) or found nothing to say.
    pub async fn mark_narration_problem(
        &self,
        post_id: PostId,
        status: NarrationStatus,
        reason: &str,
    ) -> Result<()> {
        self.set_narration_status(post_id, status, Some(reason))
            .await
    }

    async fn set_narration_status(
        &self,
        post_id: PostId,
        status: NarrationStatus,
        error: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO narrations (post_id, enabled, status, error, updated_at) VALUES ($1, 1, $2, $3, $4) \
             ON CONFLICT (post_id) DO UPDATE SET status = excluded.status, error = excluded.error, \
             updated_at = excluded.updated_at WHERE narrations.enabled = 1",
        )
        .bind(post_id)
        .bind(status.as_str())
        .bind(error)
        .bind(Timestamp::now().as_second())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Stores new audio for a post and returns the file it replaces, if any (for the
    /// caller to delete once no row points at it). The post's status becomes ready,
    /// unless its text changed again meanwhile (then it stays queued).
    pub async fn record_narration(
        &self,
        post_id: PostId,
        audio: &NarrationAudio,
    ) -> Result<Option<String>> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        let previous: Option<Option<String>> =
            sqlx::query_scalar("SELECT audio_file FROM narrations WHERE post_id = $1")
                .bind(post_id)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO narrations (post_id, enabled, status, wanted_hash, audio_hash, audio_file, \
               audio_bytes, duration_ms, engine, narrated_at, updated_at) \
             VALUES ($1, 1, 'ready', $2, $2, $3, $4, $5, $6, $7, $7) \
             ON CONFLICT (post_id) DO UPDATE SET \
               status = CASE WHEN narrations.status = 'off' THEN 'off' \
                 WHEN narrations.wanted_hash IS NULL OR narrations.wanted_hash = excluded.audio_hash \
                 THEN 'ready' ELSE 'queued' END, \
               wanted_hash = COALESCE(narrations.wanted_hash, excluded.audio_hash), \
               audio_hash = excluded.audio_hash, audio_file = excluded.audio_file, \
               audio_bytes = excluded.audio_bytes, duration_ms = excluded.duration_ms, \
               engine = excluded.engine, error = NULL, narrated_at = excluded.narrated_at, \
               updated_at = excluded.updated_at",
        )
        .bind(post_id)
        .bind(&audio.text_hash)
        .bind(&audio.file)
        .bind(audio.bytes)
        .bind(audio.duration_ms)
        .bind(&audio.engine)
        .bind(audio.narrated_at.as_second())
        .execute(&mut *tx)
        .await?;
        let mut changes = ChangeSet::default();
        changes.add_post(&mut tx, post_id).await?;
        bump_content_version(&mut tx, now, &changes).await?;
        tx.commit().await?;
        Ok(previous.flatten().filter(|file| *file != audio.file))
    }

    /// The narration jobs ever queued for a post, oldest first (for operators and
    /// tests: attempts, last error, next run).
    pub async fn narration_jobs(&self, post_id: PostId) -> Result<Vec<crate::JobState>> {
        let rows = sqlx::query(
            "SELECT attempts, last_error, done_at, run_at FROM jobs \
             WHERE kind = $1 AND key LIKE $2 ORDER BY id",
        )
        .bind(Work::NARRATE_POST)
        .bind(format!("narrate:{post_id}:%"))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(crate::queue::job_state).collect()
    }

    /// Whether any post's narration still uses `file`.
    pub async fn narration_file_in_use(&self, file: &str) -> Result<bool> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM narrations WHERE audio_file = $1")
                .bind(file)
                .fetch_one(&self.pool)
                .await?;
        Ok(count > 0)
    }

    /// Published, narrated articles with their audio, newest first (the podcast feed).
    pub async fn narrated_articles(
        &self,
        edition: byline_core::EditionId,
        limit: i64,
    ) -> Result<Vec<(byline_core::content::PostSummary, NarrationAudio)>> {
        let rows = sqlx::query(
            "SELECT n.post_id FROM narrations n JOIN posts p ON p.id = n.post_id \
             WHERE n.audio_file IS NOT NULL AND n.enabled = 1 AND p.status = 'published' \
             AND p.kind = 'post' AND p.edition_id = $2 \
             ORDER BY p.published_at DESC, p.id DESC LIMIT $1",
        )
        .bind(limit)
        .bind(edition.get())
        .fetch_all(&self.pool)
        .await?;
        let ids: Vec<PostId> = rows
            .iter()
            .map(|row| row.try_get("post_id"))
            .collect::<std::result::Result<_, _>>()?;
        let mut audio: std::collections::HashMap<PostId, NarrationAudio> = self
            .narrations_of(&ids)
            .await?
            .into_iter()
            .filter_map(|n| Some((n.post_id, n.audio?)))
            .collect();
        let mut summaries = self.published_summaries_by_id(&ids).await?;
        summaries.sort_by_key(|s| ids.iter().position(|id| *id == s.id));
        Ok(summaries
            .into_iter()
            .filter_map(|s| audio.remove(&s.id).map(|a| (s, a)))
            .collect())
    }
}
