//! Posts and pages: creating them, and the published lists every page is built from.

pub(crate) mod collections;
pub(crate) mod desk;
pub(crate) mod events;
pub(crate) mod integration_writes;
pub(crate) mod lists;
pub(crate) mod notes;
pub(crate) mod preview_links;
pub(crate) mod save;
pub(crate) mod syndication;
pub(crate) mod writing;

use sqlx::AssertSqlSafe;
use std::collections::HashMap;

use byline_core::content::{NewPost, PostSummary};
use byline_core::editions::MAIN_EDITION;
use byline_core::markdown::{self, RenderedBody};
use byline_core::reading_time::reading_minutes;
use byline_core::{EditionId, Post, PostId, PostKind, Slug};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::Entity;
use crate::posts::desk::{SaveReason, Writer};
use crate::posts::save::Target;
use crate::posts::save::{Narrate, save_new_posts};
use crate::rows::{self, AUTHOR_COLUMNS, SUMMARY_COLUMNS, TAG_COLUMNS, placeholders};
use crate::{Db, Result, StoreError};

/// A post checked and rendered, ready to store. Rendering is the slow part of saving,
/// so bulk imports prepare posts on several threads and store them in one transaction.
#[derive(Debug, Clone)]
pub struct PreparedPost {
    pub post: NewPost,
    pub body: RenderedBody,
    pub reading_minutes: u32,
    /// The hash of the text narration would speak, for a published article: preparing
    /// that text (numbers, dates and abbreviations spelled out) costs about as much as
    /// rendering, so it is done here, off the async workers and outside the
    /// transaction, rather than while the post is written.
    pub spoken_hash: Option<String>,
}

/// Imported articles published this recently are queued for narration; older ones
/// (an archive of years) are narrated on request (`byline narrate --all`, or the desk),
/// so an import never hands the narrator days of work or pays for preparing the
/// spoken text of every article it brings in.
pub const NARRATE_IMPORTED_WITHIN: jiff::SignedDuration = jiff::SignedDuration::from_hours(30 * 24);

/// How long rendering one post may take before its save is refused. Inside the
/// Markdown limits a render takes milliseconds; this bounds what the limits miss.
pub const RENDER_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs rendering `work` on the blocking pool within [`RENDER_TIME_LIMIT`], so a large
/// or contrived body never holds one of the server's async workers. Past the limit
/// the answer is [`MarkdownLimit::TooSlow`](markdown::MarkdownLimit::TooSlow) (the
/// work itself finishes in the background).
pub async fn render_bounded<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    match tokio::time::timeout(RENDER_TIME_LIMIT, tokio::task::spawn_blocking(work)).await {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(panicked)) => Err(StoreError::Corrupt(format!("rendering failed: {panicked}"))),
        Err(_) => Err(StoreError::InvalidPost(
            byline_core::content::PostError::Body(markdown::MarkdownLimit::TooSlow),
        )),
    }
}

impl PreparedPost {
    /// [`PreparedPost::new`] through [`render_bounded`].
    pub async fn prepare(post: NewPost) -> Result<Self> {
        render_bounded(move || PreparedPost::new(post)).await?
    }

    pub fn new(post: NewPost) -> Result<Self> {
        let mut prepared = PreparedPost::without_spoken_text(post)?;
        let post = &prepared.post;
        prepared.spoken_hash = (post.kind == PostKind::Post
            && post.status == byline_core::PostStatus::Published)
            .then(|| {
                byline_core::narration::SpokenText::prepare(
                    post.title.trim(),
                    post.subtitle.as_deref(),
                    &post.body_markdown,
                )
                .hash()
            });
        Ok(prepared)
    }

    /// Rendered, without preparing the spoken text: for imports, which narrate only
    /// recent articles (see [`NARRATE_IMPORTED_WITHIN`]).
    pub fn without_spoken_text(post: NewPost) -> Result<Self> {
        let post = post.without_controls();
        post.validate()?;
        let body = markdown::render(&post.body_markdown);
        // The lead photo counts as the first image a reader looks at.
        let images = body.image_count + usize::from(post.image.is_some());
        let reading_minutes = reading_minutes(body.word_count, images);
        Ok(PreparedPost {
            post,
            body,
            reading_minutes,
            spoken_hash: None,
        })
    }
}

/// Which published posts a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostQuery {
    pub kind: PostKind,
    pub tag_id: Option<i64>,
    pub author_id: Option<i64>,
    pub featured_only: bool,
    /// Only posts published at or after this time.
    pub since: Option<Timestamp>,
    /// The edition whose posts are listed (the main one unless said).
    pub edition: EditionId,
}

impl Default for PostQuery {
    fn default() -> Self {
        PostQuery {
            kind: PostKind::Post,
            tag_id: None,
            author_id: None,
            featured_only: false,
            since: None,
            edition: MAIN_EDITION,
        }
    }
}

/// One page of a longer list, with the length of the whole list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
}

impl Db {
    /// Stores a new post in the main edition with its authors and tags, saved by no
    /// one in particular (the demo, the command line); the slug must be free.
    pub async fn create_post(&self, post: NewPost) -> Result<PostId> {
        let target = Target::New {
            edition: byline_core::editions::MAIN_EDITION,
        };
        let saved = self
            .save(post, target, Writer::default(), SaveReason::Created)
            .await?;
        Ok(saved.id)
    }

    /// Stores many prepared posts in one transaction (`byline generate`), through
    /// the same steps as every other change (see `save.rs`), without narrating them.
    pub async fn create_posts(&self, posts: &[PreparedPost]) -> Result<()> {
        let now = Timestamp::now();
        let mut tx = self.begin_content_write().await?;
        save_new_posts(&mut tx, self.engine, posts, Narrate::None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A post or page in any status, with its body and notes.
    pub async fn post_by_slug(&self, slug: &Slug) -> Result<Option<Post>> {
        self.find_post(slug, false).await
    }

    /// A published post or page, as readers see it.
    pub async fn published_post(&self, slug: &Slug) -> Result<Option<Post>> {
        self.find_post(slug, true).await
    }

    async fn find_post(&self, slug: &Slug, published_only: bool) -> Result<Option<Post>> {
        let filter = if published_only {
            " AND p.status = 'published'"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, p.body_markdown, p.body_html FROM posts p WHERE p.slug = $1{filter}"
        );
        let Some(row) = sqlx::query(AssertSqlSafe(sql))
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let mut summaries = vec![rows::summary(&row)?];
        self.attach_people(&mut summaries).await?;
        let summary = summaries.remove(0);
        let notes = self.notes_of(summary.id).await?;
        Ok(Some(Post {
            summary,
            body_markdown: row.try_get("body_markdown")?,
            body_html: row.try_get("body_html")?,
            notes,
        }))
    }

    /// Published posts matching `query`, newest first.
    pub async fn list_published(
        &self,
        query: &PostQuery,
        limit: i64,
        offset: i64,
    ) -> Result<Page<PostSummary>> {
        if let Some(key) = query.list_key() {
            return self.list_page(&key, limit, offset).await;
        }
        let (from, filter, args) = list_filter(query);
        let count_sql = format!("SELECT COUNT(*) FROM {from} WHERE {filter}");
        let mut count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql));
        for arg in &args {
            count = count.bind(*arg);
        }
        let total = count.fetch_one(&self.pool).await?;
        let items = self.newest_published(query, limit, offset).await?;
        Ok(Page { items, total })
    }

    /// Published posts matching `query`, newest first, without counting the whole
    /// list (for blocks that show the newest few and no page numbers).
    pub async fn newest_published(
        &self,
        query: &PostQuery,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<PostSummary>> {
        if let Some(key) = query.list_key() {
            return self.list_newest(&key, limit, offset).await;
        }
        let (from, filter, args) = list_filter(query);
        let n = args.len();
        let list_sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {from} WHERE {filter} \
             ORDER BY p.published_at DESC, p.id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut list = sqlx::query(AssertSqlSafe(list_sql));
        for arg in &args {
            list = list.bind(*arg);
        }
        let found = list.bind(limit).bind(offset).fetch_all(&self.pool).await?;
        let mut items = found
            .iter()
            .map(rows::summary)
            .collect::<Result<Vec<_>>>()?;
        self.attach_people(&mut items).await?;
        Ok(items)
    }

    /// The published posts among `slugs`, in the order asked; missing and unpublished
    /// ones are left out.
    pub async fn published_summaries(&self, slugs: &[Slug]) -> Result<Vec<PostSummary>> {
        if slugs.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM posts p WHERE p.status = 'published' AND p.slug IN ({})",
            placeholders(1, slugs.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for slug in slugs {
            query = query.bind(slug.as_str());
        }
        let found = query.fetch_all(&self.pool).await?;
        let mut by_slug: HashMap<String, PostSummary> = found
            .iter()
            .map(|row| rows::summary(row).map(|s| (s.slug.to_string(), s)))
            .collect::<Result<_>>()?;
        let mut items: Vec<PostSummary> = slugs
            .iter()
            .filter_map(|slug| by_slug.remove(slug.as_str()))
            .collect();
        self.attach_people(&mut items).await?;
        Ok(items)
    }

    /// The published posts among `ids`, in the order asked (newsletter cards).
    pub async fn published_summaries_by_id(&self, ids: &[PostId]) -> Result<Vec<PostSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM posts p WHERE p.status = 'published' AND p.id IN ({})",
            placeholders(1, ids.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for id in ids {
            query = query.bind(*id);
        }
        let found = query.fetch_all(&self.pool).await?;
        let mut by_id: HashMap<PostId, PostSummary> = found
            .iter()
            .map(|row| rows::summary(row).map(|s| (s.id, s)))
            .collect::<Result<_>>()?;
        let mut items: Vec<PostSummary> = ids.iter().filter_map(|id| by_id.remove(id)).collect();
        self.attach_people(&mut items).await?;
        Ok(items)
    }

    /// Fills in the authors and tags of many posts with one query each (no N+1).
    pub(crate) async fn attach_people(&self, posts: &mut [PostSummary]) -> Result<()> {
        if posts.is_empty() {
            return Ok(());
        }
        let ids: Vec<PostId> = posts.iter().map(|p| p.id).collect();
        let index: HashMap<PostId, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let in_list = placeholders(1, ids.len());

        let sql = format!(
            "SELECT pa.post_id, {AUTHOR_COLUMNS} FROM post_authors pa JOIN authors a ON a.id = pa.author_id \
             WHERE pa.post_id IN ({in_list}) ORDER BY pa.post_id, pa.position"
        );
        for (post_id, row) in self.rows_by_post(sql, &ids).await? {
            posts[index[&post_id]].authors.push(rows::author(&row)?);
        }
        let sql = format!(
            "SELECT pt.post_id, {TAG_COLUMNS} FROM post_tags pt JOIN tags t ON t.id = pt.tag_id \
             WHERE pt.post_id IN ({in_list}) ORDER BY pt.post_id, pt.position"
        );
        for (post_id, row) in self.rows_by_post(sql, &ids).await? {
            posts[index[&post_id]].tags.push(rows::tag(&row)?);
        }
        Ok(())
    }

    /// Runs a query whose parameters are `post_ids` and whose first column is the
    /// post id, returning each row with its post.
    async fn rows_by_post(
        &self,
        sql: String,
        post_ids: &[PostId],
    ) -> Result<Vec<(PostId, AnyRow)>> {
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for id in post_ids {
            query = query.bind(*id);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|row| Ok((row.try_get("post_id")?, row)))
            .collect()
    }
}

/// The FROM clause, WHERE clause and arguments for a list of published posts.
fn list_filter(query: &PostQuery) -> (String, String, Vec<i64>) {
    let mut from = String::from("posts p");
    let mut filter = format!(
        "p.kind = '{}' AND p.status = 'published'",
        query.kind.as_str()
    );
    let mut args = vec![query.edition.get()];
    filter.push_str(" AND p.edition_id = $1");
    if let Some(tag_id) = query.tag_id {
        from.push_str(" JOIN post_tags ft ON ft.post_id = p.id");
        args.push(tag_id);
        filter.push_str(&format!(" AND ft.tag_id = ${}", args.len()));
    }
    if let Some(author_id) = query.author_id {
        from.push_str(" JOIN post_authors fa ON fa.post_id = p.id");
        args.push(author_id);
        filter.push_str(&format!(" AND fa.author_id = ${}", args.len()));
    }
    if query.featured_only {
        filter.push_str(" AND p.featured = 1");
    }
    if let Some(since) = query.since {
        args.push(since.as_second());
        filter.push_str(&format!(" AND p.published_at >= ${}", args.len()));
    }
    (from, filter, args)
}

pub(crate) fn missing_reference(err: sqlx::Error, entity: Entity, ids: &str) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() || db.is_unique_violation() => {
            StoreError::not_found(entity, format!("#{ids}"))
        }
        _ => StoreError::Database(err),
    }
}
