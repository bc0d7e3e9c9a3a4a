//! Editions and translation groups (migrations 0019 and 0020).
//!
//! Edition 1 is the one at `/` and cannot be deleted; its title, language and the rest
//! are also what [`Db::site_settings`] reads. An edition that still holds posts, News
//! Feed items or newsletters cannot be deleted either: nothing is lost by a click.
//!
//! Translations: articles in different editions that tell the same story share a
//! `translation_group`, named by the id of the article the group started from, and a
//! group holds at most one article per edition (a unique index says so to both
//! engines, whatever writes).

use byline_core::editions::{DateOrder, EditionPrefix, MAIN_EDITION};
use byline_core::{EditionId, LanguageTag, PostId, PostStatus};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::settings::NavItem;
use crate::{ChangeSet, Db, Entity, Result, Scope, StoreError, bump_content_version};

/// One edition, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    pub id: EditionId,
    pub prefix: EditionPrefix,
    pub language: LanguageTag,
    pub title: String,
    pub description: String,
    /// An IANA zone name such as `Europe/Kyiv`.
    pub timezone: String,
    pub date_order: DateOrder,
    pub navigation: Vec<NavItem>,
    /// The line shown with every narration player of this edition.
    pub audio_disclosure: String,
    /// A narration voice the newsroom chose; `None` picks one by the language.
    pub voice: Option<String>,
}

impl Edition {
    pub fn is_main(&self) -> bool {
        self.id == MAIN_EDITION
    }
}

/// What the desk sends to make an edition.
#[derive(Debug, Clone)]
pub struct NewEdition {
    pub prefix: EditionPrefix,
    pub language: LanguageTag,
    pub title: String,
    pub description: String,
    pub timezone: String,
    pub date_order: DateOrder,
}

/// One article of a translation group, for the desk's list and the page's switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub post: PostId,
    pub edition: EditionId,
    pub slug: String,
    pub title: String,
    pub status: PostStatus,
}

const COLUMNS: &str = "id, prefix, language, title, description, timezone, date_format, \
                       navigation, audio_disclosure, voice";

fn edition_from_row(row: &AnyRow) -> Result<Edition> {
    let prefix: String = row.try_get("prefix")?;
    let language: String = row.try_get("language")?;
    let date_format: String = row.try_get("date_format")?;
    let navigation: String = row.try_get("navigation")?;
    Ok(Edition {
        id: EditionId(row.try_get("id")?),
        prefix: EditionPrefix::from_stored(&prefix)
            .ok_or_else(|| StoreError::Corrupt(format!("edition prefix {prefix:?}")))?,
        // A language saved before tags were checked reads as English rather than
        // taking the site down.
        language: LanguageTag::parse(&language).unwrap_or_else(LanguageTag::english),
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        timezone: row.try_get("timezone")?,
        date_order: DateOrder::parse(&date_format).unwrap_or_default(),
        navigation: serde_json::from_str(&navigation).unwrap_or_default(),
        audio_disclosure: row.try_get("audio_disclosure")?,
        voice: row.try_get("voice")?,
    })
}

impl Db {
    /// Every edition, the main one first, then in the desk's order.
    pub async fn editions(&self) -> Result<Vec<Edition>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM editions ORDER BY id <> 1, position, id"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(edition_from_row).collect()
    }

    pub async fn edition(&self, id: EditionId) -> Result<Edition> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM editions WHERE id = $1"
        )))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::not_found(Entity::Edition, id.to_string()))?;
        edition_from_row(&row)
    }

    /// Adds an edition after the others. A prefix already used is
    /// [`StoreError::SlugTaken`], as is one a post's address already uses.
    pub async fn add_edition(&self, new: &NewEdition) -> Result<EditionId> {
        let mut tx = self.begin_content_write().await?;
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM editions WHERE prefix = $1 \
             UNION ALL SELECT 1 FROM posts WHERE slug = $1",
        )
        .bind(new.prefix.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(StoreError::SlugTaken(new.prefix.to_string()));
        }
        let position: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(position), 0) + 1 FROM editions")
                .fetch_one(&mut *tx)
                .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO editions (prefix, language, title, description, timezone, date_format, \
                                   navigation, audio_disclosure, position, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, '[]', $7, $8, $9) RETURNING id",
        )
        .bind(new.prefix.as_str())
        .bind(new.language.as_str())
        .bind(&new.title)
        .bind(&new.description)
        .bind(&new.timezone)
        .bind(new.date_order.as_str())
        .bind(crate::DEFAULT_AUDIO_DISCLOSURE)
        .bind(position)
        .bind(Timestamp::now().as_second())
        .fetch_one(&mut *tx)
        .await?;
        bump_content_version(&mut tx, Timestamp::now(), &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(EditionId(id))
    }

    /// Saves an edition's title, language and the rest (its prefix stays: addresses
    /// that readers and search engines know do not move).
    pub async fn save_edition(&self, edition: &Edition) -> Result<()> {
        let mut tx = self.begin_content_write().await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT language FROM editions WHERE id = $1")
                .bind(edition.id.get())
                .fetch_optional(&mut *tx)
                .await?;
        save_edition_in(&mut tx, edition).await?;
        if before.is_some_and(|before| before != edition.language.as_str()) {
            self.speak_a_new_language(&mut tx, edition.id).await?;
        }
        bump_content_version(&mut tx, Timestamp::now(), &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// After an edition's language changed: its articles are folded for search as its
    /// readers now type, and those already narrated are narrated again by the new
    /// language's rules and voice (the others wait to be asked, as an archive does).
    async fn speak_a_new_language(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        edition: EditionId,
    ) -> Result<()> {
        let posts: Vec<i64> = sqlx::query_scalar("SELECT id FROM posts WHERE edition_id = $1")
            .bind(edition.get())
            .fetch_all(&mut **tx)
            .await?;
        for post in posts {
            crate::search::reindex_post(tx, self.engine, PostId(post)).await?;
        }
        let narrated: Vec<i64> = sqlx::query_scalar(
            "SELECT n.post_id FROM narrations n JOIN posts p ON p.id = n.post_id \
             WHERE p.edition_id = $1 AND n.audio_file IS NOT NULL",
        )
        .bind(edition.get())
        .fetch_all(&mut **tx)
        .await?;
        let now = Timestamp::now();
        for post in narrated {
            if let Some(source) = crate::narrations::narration_source_in(tx, PostId(post)).await? {
                crate::narrations::sync_narration(tx, &source, now).await?;
            }
        }
        Ok(())
    }

    /// Deletes an edition that holds nothing. The main edition, or one with posts,
    /// News Feed items or newsletters, is [`StoreError::NotEditable`] with the reason.
    pub async fn delete_edition(&self, id: EditionId) -> Result<()> {
        if id == MAIN_EDITION {
            return Err(StoreError::NotEditable(
                "The edition at / cannot be deleted.".into(),
            ));
        }
        let mut tx = self.begin_content_write().await?;
        let (posts, items, newsletters): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM posts WHERE edition_id = $1), \
                    (SELECT COUNT(*) FROM feed_items WHERE edition_id = $1), \
                    (SELECT COUNT(*) FROM newsletters WHERE edition_id = $1)",
        )
        .bind(id.get())
        .fetch_one(&mut *tx)
        .await?;
        if posts + items + newsletters > 0 {
            return Err(StoreError::NotEditable(format!(
                "This edition still holds {posts} posts or pages, {items} News Feed items and \
                 {newsletters} newsletters; move or delete them first."
            )));
        }
        let deleted = sqlx::query("DELETE FROM editions WHERE id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(StoreError::not_found(Entity::Edition, id.to_string()));
        }
        bump_content_version(&mut tx, Timestamp::now(), &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The edition a post belongs to.
    pub async fn edition_of(&self, post: PostId) -> Result<EditionId> {
        sqlx::query_scalar("SELECT edition_id FROM posts WHERE id = $1")
            .bind(post.get())
            .fetch_optional(&self.pool)
            .await?
            .map(EditionId)
            .ok_or_else(|| post_not_found(post))
    }

    /// The editions of `posts` (those that exist).
    pub async fn editions_of(
        &self,
        posts: &[PostId],
    ) -> Result<std::collections::HashMap<PostId, EditionId>> {
        if posts.is_empty() {
            return Ok(Default::default());
        }
        let sql = format!(
            "SELECT id, edition_id FROM posts WHERE id IN ({})",
            crate::rows::placeholders(1, posts.len())
        );
        let mut query = sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(sql));
        for post in posts {
            query = query.bind(post.get());
        }
        Ok(query
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|(post, edition)| (PostId(post), EditionId(edition)))
            .collect())
    }

    /// Moves a post to another edition; its kept lists follow (the triggers of 0020).
    /// A post in a translation group cannot move into an edition the group already
    /// has an article in.
    pub async fn move_post_to_edition(&self, post: PostId, edition: EditionId) -> Result<()> {
        let mut tx = self.begin_content_write().await?;
        self.edition_exists(&mut tx, edition).await?;
        let clash: Option<i64> = sqlx::query_scalar(
            "SELECT o.id FROM posts p JOIN posts o ON o.translation_group = p.translation_group \
             WHERE p.id = $1 AND o.id <> p.id AND o.edition_id = $2",
        )
        .bind(post.get())
        .bind(edition.get())
        .fetch_optional(&mut *tx)
        .await?;
        if clash.is_some() {
            return Err(StoreError::NotEditable(
                "Its translation group already has an article in that edition.".into(),
            ));
        }
        let moved = sqlx::query("UPDATE posts SET edition_id = $2 WHERE id = $1")
            .bind(post.get())
            .bind(edition.get())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if moved == 0 {
            return Err(post_not_found(post));
        }
        // Its words are folded as the new edition's readers type them, and it is read
        // aloud by the new edition's rules and voice.
        crate::search::reindex_post(&mut tx, self.engine, post).await?;
        if let Some(source) = crate::narrations::narration_source_in(&mut tx, post).await? {
            crate::narrations::sync_narration(&mut tx, &source, Timestamp::now()).await?;
        }
        bump_content_version(&mut tx, Timestamp::now(), &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Links `translation` into `original`'s translation group (making the group if
    /// `original` had none). Refused when the two are in one edition, when the group
    /// already has an article in `translation`'s edition, or when `translation`
    /// belongs to another group (unlink it first).
    pub async fn link_translation(&self, original: PostId, translation: PostId) -> Result<()> {
        if original == translation {
            return Err(StoreError::NotEditable(
                "An article cannot be its own translation.".into(),
            ));
        }
        let mut tx = self.begin_content_write().await?;
        let read = |id: PostId| {
            sqlx::query_as::<_, (i64, Option<i64>)>(
                "SELECT edition_id, translation_group FROM posts WHERE id = $1",
            )
            .bind(id.get())
        };
        let (original_edition, group) = read(original)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| post_not_found(original))?;
        let (translation_edition, translation_group) = read(translation)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| post_not_found(translation))?;
        let group = group.unwrap_or(original.get());
        if translation_group == Some(group) {
            return Ok(());
        }
        if translation_group.is_some() {
            return Err(StoreError::NotEditable(
                "That article is already linked to other translations; unlink it first.".into(),
            ));
        }
        if original_edition == translation_edition {
            return Err(StoreError::NotEditable(
                "Translations must be in different editions.".into(),
            ));
        }
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM posts WHERE translation_group = $1 AND edition_id = $2",
        )
        .bind(group)
        .bind(translation_edition)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(StoreError::NotEditable(
                "This article already has a translation in that edition.".into(),
            ));
        }
        sqlx::query("UPDATE posts SET translation_group = $1 WHERE id IN ($2, $3)")
            .bind(group)
            .bind(original.get())
            .bind(translation.get())
            .execute(&mut *tx)
            .await?;
        bump_content_version(
            &mut tx,
            Timestamp::now(),
            &ChangeSet::of([Scope::Post(original), Scope::Post(translation)]),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Starts a translation of `original` in `edition`: a draft with the original's
    /// words, picture, sections and bylines for the translator to write over, at the
    /// original's slug with the edition's prefix after it, in the original's
    /// translation group, all in one transaction (there is never an unlinked copy).
    /// Refused when the group already has an article in that edition, or the edition
    /// is the original's own.
    pub async fn start_translation(
        &self,
        original: PostId,
        edition: EditionId,
        user_id: i64,
    ) -> Result<PostId> {
        let target = self.edition(edition).await?;
        let source = self
            .desk_post(original)
            .await?
            .ok_or_else(|| post_not_found(original))?
            .post;
        let summary = &source.summary;
        let wanted = byline_core::Slug::parse(&format!("{}-{}", summary.slug, target.prefix))
            .unwrap_or_else(|_| summary.slug.clone());
        let slug = self.free_post_slug(&wanted).await?;
        let draft = byline_core::NewPost {
            slug,
            kind: summary.kind,
            status: PostStatus::Draft,
            title: summary.title.clone(),
            subtitle: summary.subtitle.clone(),
            body_markdown: source.body_markdown.clone(),
            image: summary.image.clone(),
            featured: false,
            published_at: None,
            author_ids: summary.authors.iter().map(|a| a.id).collect(),
            tag_ids: summary.tags.iter().map(|t| t.id).collect(),
        };
        let prepared = crate::PreparedPost::prepare(draft).await?;
        let mut tx = self.begin_content_write().await?;
        let (original_edition, group): (i64, Option<i64>) =
            sqlx::query_as("SELECT edition_id, translation_group FROM posts WHERE id = $1")
                .bind(original.get())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| post_not_found(original))?;
        let group = group.unwrap_or(original.get());
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM posts WHERE translation_group = $1 AND edition_id = $2",
        )
        .bind(group)
        .bind(edition.get())
        .fetch_optional(&mut *tx)
        .await?;
        if original_edition == edition.get() || taken.is_some() {
            return Err(StoreError::NotEditable(
                "This article already has a version in that edition.".into(),
            ));
        }
        let save = crate::posts::save::Save {
            target: crate::posts::save::Target::New { edition },
            prepared: &prepared,
            by: Some(user_id),
            integration: None,
            reason: crate::SaveReason::Created,
        };
        let saved =
            crate::posts::save::save_post(&mut tx, self.engine, save, Timestamp::now()).await?;
        sqlx::query("UPDATE posts SET translation_group = $1 WHERE id IN ($2, $3)")
            .bind(group)
            .bind(saved.id.get())
            .bind(original.get())
            .execute(&mut *tx)
            .await?;
        bump_content_version(
            &mut tx,
            Timestamp::now(),
            &ChangeSet::of([Scope::Post(original)]),
        )
        .await?;
        tx.commit().await?;
        Ok(saved.id)
    }

    /// Takes a post out of its translation group; a group left with one article is
    /// dissolved, so no article claims translations it does not have.
    pub async fn unlink_translation(&self, post: PostId) -> Result<()> {
        let mut tx = self.begin_content_write().await?;
        let group: Option<i64> =
            sqlx::query_scalar("SELECT translation_group FROM posts WHERE id = $1")
                .bind(post.get())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| post_not_found(post))?;
        let Some(group) = group else {
            return Ok(());
        };
        let members: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM posts WHERE translation_group = $1")
                .bind(group)
                .fetch_all(&mut *tx)
                .await?;
        sqlx::query("UPDATE posts SET translation_group = NULL WHERE id = $1")
            .bind(post.get())
            .execute(&mut *tx)
            .await?;
        if members.len() <= 2 {
            sqlx::query("UPDATE posts SET translation_group = NULL WHERE translation_group = $1")
                .bind(group)
                .execute(&mut *tx)
                .await?;
        }
        bump_content_version(
            &mut tx,
            Timestamp::now(),
            &ChangeSet::of(members.into_iter().map(|id| Scope::Post(PostId(id)))),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The other articles of a post's translation group, in edition order (empty
    /// when it has none).
    pub async fn translations_of(&self, post: PostId) -> Result<Vec<Translation>> {
        let rows: Vec<(i64, i64, String, String, String)> = sqlx::query_as(
            "SELECT o.id, o.edition_id, o.slug, o.title, o.status \
             FROM posts p JOIN posts o ON o.translation_group = p.translation_group \
             JOIN editions e ON e.id = o.edition_id \
             WHERE p.id = $1 AND o.id <> p.id \
             ORDER BY e.id <> 1, e.position, e.id",
        )
        .bind(post.get())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, edition, slug, title, status)| {
                Ok(Translation {
                    post: PostId(id),
                    edition: EditionId(edition),
                    slug,
                    title,
                    status: status
                        .parse()
                        .map_err(|_| StoreError::Corrupt(format!("post status {status:?}")))?,
                })
            })
            .collect()
    }

    /// [`check_edition`] in `tx`.
    pub(crate) async fn edition_exists(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        edition: EditionId,
    ) -> Result<()> {
        check_edition(tx, edition).await
    }
}

/// Writes an edition's fields (not its prefix) in the caller's transaction.
pub(crate) async fn save_edition_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    edition: &Edition,
) -> Result<()> {
    let navigation = serde_json::to_string(&edition.navigation)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let saved = sqlx::query(
        "UPDATE editions SET language = $2, title = $3, description = $4, timezone = $5, \
             date_format = $6, navigation = $7, audio_disclosure = $8, voice = $9 \
         WHERE id = $1",
    )
    .bind(edition.id.get())
    .bind(edition.language.as_str())
    .bind(&edition.title)
    .bind(&edition.description)
    .bind(&edition.timezone)
    .bind(edition.date_order.as_str())
    .bind(navigation)
    .bind(&edition.audio_disclosure)
    .bind(edition.voice.as_deref())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if saved == 0 {
        return Err(StoreError::not_found(
            Entity::Edition,
            edition.id.to_string(),
        ));
    }
    Ok(())
}

/// [`StoreError::NotFound`] unless `edition` exists, in the caller's transaction
/// (posts name their edition without a foreign key, so the store checks first).
pub(crate) async fn check_edition(
    conn: &mut sqlx::AnyConnection,
    edition: EditionId,
) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM editions WHERE id = $1")
        .bind(edition.get())
        .fetch_optional(conn)
        .await?;
    found
        .map(|_| ())
        .ok_or_else(|| StoreError::not_found(Entity::Edition, edition.to_string()))
}

fn post_not_found(post: PostId) -> StoreError {
    StoreError::not_found(Entity::Post, format!("#{post}"))
}
