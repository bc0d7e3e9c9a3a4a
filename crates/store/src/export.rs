//! Reading the whole site out again, for `byline export`.
//!
//! An export reads one consistent snapshot ([`ExportSnapshot`]): a read-only
//! transaction, `REPEATABLE READ` on PostgreSQL and a deferred transaction on SQLite
//! (in WAL mode its first read fixes what it sees), so a post saved while a long
//! export runs never appears in one list and not in another. The big lists (posts,
//! their links, authors, tags, subscribers) are read in pages by keyset (`WHERE id >
//! $1 ORDER BY id LIMIT $2`), so an archive of any size is read in flat memory and
//! every page costs the same.

use byline_core::editions::EditionPrefix;
use byline_core::{EditionId, LanguageTag, PostId, PostKind, PostStatus};
use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};

use crate::rows::{self, placeholders};
use crate::{Db, Result, StoreError};

/// A read-only view of the whole site at one moment. Nothing can be written through
/// it; [`ExportSnapshot::finish`] ends it (dropping it does too).
pub struct ExportSnapshot {
    tx: Transaction<'static, Any>,
}

impl std::fmt::Debug for ExportSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExportSnapshot")
    }
}

/// A post or page of any status, with everything an export file carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportPost {
    pub id: PostId,
    pub uuid: Option<String>,
    pub slug: String,
    pub kind: PostKind,
    pub status: PostStatus,
    pub title: String,
    pub subtitle: Option<String>,
    pub body_markdown: String,
    pub body_html: String,
    pub image_url: Option<String>,
    pub featured: bool,
    pub published_at: Option<Timestamp>,
    pub created_at: Timestamp,
    /// The last save (Ghost's `updated_at`); not the public "Updated" time.
    pub edited_at: Timestamp,
}

/// What a post says about its lead photo besides the address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportImageText {
    pub post_id: PostId,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// One byline or section of a post, `position` 0 for the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportLink {
    pub post_id: PostId,
    pub other_id: i64,
    pub position: i64,
}

/// Which of a post's links to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostLinks {
    Authors,
    Tags,
}

/// A published post a related-article marker may point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedTarget {
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: String,
    pub image_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportAuthor {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: Option<String>,
    pub photo_url: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportTag {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportNewsletter {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub cadence: String,
    pub sender_name: String,
    pub sender_email: String,
    /// Empty when replies go to the sender.
    pub reply_to: String,
    pub signup_open: bool,
    pub position: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A subscriber who confirmed at least one newsletter (and may have left it since).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportMember {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub created_at: Timestamp,
}

/// An edition, with how many posts and pages it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportEdition {
    pub id: EditionId,
    pub prefix: EditionPrefix,
    pub language: LanguageTag,
    pub title: String,
    pub created_at: Timestamp,
    pub posts: i64,
}

/// A post or page outside the main edition or in a translation group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportPostEdition {
    pub post_id: PostId,
    pub edition: EditionId,
    /// The post's translation group, when the group holds another post too.
    pub translation_group: Option<i64>,
    /// One more than the post's last section position (0 with none): a place after
    /// its sections.
    pub after_sections: i64,
}

/// A translation group of two or more posts, with the time its first post was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportTranslationGroup {
    pub id: i64,
    pub created_at: Timestamp,
}

/// What an export file has no place for, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportLeftOut {
    pub feed_items: i64,
    pub editor_notes: i64,
    pub revisions: i64,
    pub narrations: i64,
    /// Subscribers who never confirmed any newsletter.
    pub unconfirmed_subscribers: i64,
    pub collection_items: i64,
    pub newsletter_issues: i64,
    pub staff_accounts: i64,
    /// Names other editions give sections (a Ghost tag has one name).
    pub section_names: i64,
}

const POST_COLUMNS: &str = "id, uuid, slug, kind, status, title, subtitle, body_markdown, \
    body_html, image_url, featured, published_at, created_at, edited_at";

fn export_post(row: &AnyRow) -> Result<ExportPost> {
    Ok(ExportPost {
        id: row.try_get("id")?,
        uuid: row.try_get("uuid")?,
        slug: row.try_get("slug")?,
        kind: rows::parsed(row.try_get("kind")?)?,
        status: rows::parsed(row.try_get("status")?)?,
        title: row.try_get("title")?,
        subtitle: row.try_get("subtitle")?,
        body_markdown: row.try_get("body_markdown")?,
        body_html: row.try_get("body_html")?,
        image_url: row.try_get("image_url")?,
        featured: row.try_get::<i64, _>("featured")? != 0,
        published_at: rows::opt_timestamp(row.try_get("published_at")?),
        created_at: rows::timestamp(row.try_get("created_at")?),
        edited_at: rows::timestamp(row.try_get("edited_at")?),
    })
}

impl Db {
    /// Opens a read-only snapshot of the whole site.
    pub async fn export_snapshot(&self) -> Result<ExportSnapshot> {
        let tx = self.begin_read().await?;
        Ok(ExportSnapshot { tx })
    }

    /// Posts and pages of every status (for an export's progress bar).
    pub async fn post_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM posts")
            .fetch_one(&self.pool)
            .await?)
    }
}

impl ExportSnapshot {
    /// Up to `limit` posts and pages of every status with ids above `after_id`, by id.
    pub async fn posts(&mut self, after_id: PostId, limit: i64) -> Result<Vec<ExportPost>> {
        let sql = format!("SELECT {POST_COLUMNS} FROM posts WHERE id > $1 ORDER BY id LIMIT $2");
        let found = sqlx::query(AssertSqlSafe(sql))
            .bind(after_id)
            .bind(limit)
            .fetch_all(&mut *self.tx)
            .await?;
        found.iter().map(export_post).collect()
    }

    /// The alt text, caption and credit of posts with ids above `after_id` that have
    /// any of them, by id.
    pub async fn image_texts(
        &mut self,
        after_id: PostId,
        limit: i64,
    ) -> Result<Vec<ExportImageText>> {
        let found = sqlx::query(
            "SELECT id, image_alt, image_caption, image_credit FROM posts WHERE id > $1 \
             AND (image_alt IS NOT NULL OR image_caption IS NOT NULL OR image_credit IS NOT NULL) \
             ORDER BY id LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await?;
        found
            .iter()
            .map(|row| {
                Ok(ExportImageText {
                    post_id: row.try_get("id")?,
                    alt: row.try_get("image_alt")?,
                    caption: row.try_get("image_caption")?,
                    credit: row.try_get("image_credit")?,
                })
            })
            .collect()
    }

    /// Up to `limit` bylines or sections after `(post_id, other_id)`, in the order of
    /// the table's primary key (so each page is an index range).
    pub async fn post_links(
        &mut self,
        which: PostLinks,
        after: (PostId, i64),
        limit: i64,
    ) -> Result<Vec<ExportLink>> {
        let (table, column) = match which {
            PostLinks::Authors => ("post_authors", "author_id"),
            PostLinks::Tags => ("post_tags", "tag_id"),
        };
        let sql = format!(
            "SELECT post_id, {column}, position FROM {table} WHERE (post_id, {column}) > ($1, $2) \
             ORDER BY post_id, {column} LIMIT $3"
        );
        let found: Vec<(PostId, i64, i64)> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(after.0)
            .bind(after.1)
            .bind(limit)
            .fetch_all(&mut *self.tx)
            .await?;
        Ok(found
            .into_iter()
            .map(|(post_id, other_id, position)| ExportLink {
                post_id,
                other_id,
                position,
            })
            .collect())
    }

    /// The published posts among `slugs` (any order; missing ones left out).
    pub async fn related_targets(&mut self, slugs: &[String]) -> Result<Vec<RelatedTarget>> {
        if slugs.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT slug, title, subtitle, excerpt, image_url FROM posts \
             WHERE status = 'published' AND slug IN ({}) ORDER BY slug",
            placeholders(1, slugs.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for slug in slugs {
            query = query.bind(slug.as_str());
        }
        let found = query.fetch_all(&mut *self.tx).await?;
        found
            .iter()
            .map(|row| {
                Ok(RelatedTarget {
                    slug: row.try_get("slug")?,
                    title: row.try_get("title")?,
                    subtitle: row.try_get("subtitle")?,
                    excerpt: row.try_get("excerpt")?,
                    image_url: row.try_get("image_url")?,
                })
            })
            .collect()
    }

    /// Every edition in the desk's order, the main one first, with its post count.
    pub async fn editions(&mut self) -> Result<Vec<ExportEdition>> {
        let found = sqlx::query(
            "SELECT e.id, e.prefix, e.language, e.title, e.created_at, \
             (SELECT COUNT(*) FROM posts p WHERE p.edition_id = e.id) AS posts \
             FROM editions e ORDER BY e.id <> 1, e.position, e.id",
        )
        .fetch_all(&mut *self.tx)
        .await?;
        found
            .iter()
            .map(|row| {
                let prefix: String = row.try_get("prefix")?;
                let language: String = row.try_get("language")?;
                Ok(ExportEdition {
                    id: EditionId(row.try_get("id")?),
                    prefix: EditionPrefix::from_stored(&prefix)
                        .ok_or_else(|| StoreError::Corrupt(format!("edition prefix {prefix:?}")))?,
                    // As `Db::editions` reads it: a language saved before tags were
                    // checked is English.
                    language: LanguageTag::parse(&language).unwrap_or_else(LanguageTag::english),
                    title: row.try_get("title")?,
                    created_at: rows::timestamp(row.try_get("created_at")?),
                    posts: row.try_get("posts")?,
                })
            })
            .collect()
    }

    /// Up to `limit` posts and pages with ids above `after_id` that are outside the
    /// main edition or share a translation group with another post, by id.
    pub async fn post_editions(
        &mut self,
        after_id: PostId,
        limit: i64,
    ) -> Result<Vec<ExportPostEdition>> {
        let found = sqlx::query(
            "SELECT p.id, p.edition_id, \
             CASE WHEN EXISTS (SELECT 1 FROM posts o WHERE o.translation_group = p.translation_group \
               AND o.id <> p.id) THEN p.translation_group END AS translation_group, \
             (SELECT COALESCE(MAX(pt.position) + 1, 0) FROM post_tags pt WHERE pt.post_id = p.id) \
               AS after_sections \
             FROM posts p WHERE p.id > $1 AND (p.edition_id <> 1 OR EXISTS (SELECT 1 FROM posts o \
               WHERE o.translation_group = p.translation_group AND o.id <> p.id)) \
             ORDER BY p.id LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await?;
        found
            .iter()
            .map(|row| {
                Ok(ExportPostEdition {
                    post_id: row.try_get("id")?,
                    edition: EditionId(row.try_get("edition_id")?),
                    translation_group: row.try_get("translation_group")?,
                    after_sections: row.try_get("after_sections")?,
                })
            })
            .collect()
    }

    /// Up to `limit` translation groups of two or more posts with ids above
    /// `after_id`, by id.
    pub async fn translation_groups(
        &mut self,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<ExportTranslationGroup>> {
        let found: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT translation_group, MIN(created_at) FROM posts WHERE translation_group > $1 \
             GROUP BY translation_group HAVING COUNT(*) > 1 ORDER BY translation_group LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(found
            .into_iter()
            .map(|(id, created_at)| ExportTranslationGroup {
                id,
                created_at: rows::timestamp(created_at),
            })
            .collect())
    }

    /// Up to `limit` authors with ids above `after_id`, by id.
    pub async fn authors(&mut self, after_id: i64, limit: i64) -> Result<Vec<ExportAuthor>> {
        let found = sqlx::query(
            "SELECT id, slug, name, bio, photo_url, created_at FROM authors WHERE id > $1 \
             ORDER BY id LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await?;
        found
            .iter()
            .map(|row| {
                Ok(ExportAuthor {
                    id: row.try_get("id")?,
                    slug: row.try_get("slug")?,
                    name: row.try_get("name")?,
                    bio: row.try_get("bio")?,
                    photo_url: row.try_get("photo_url")?,
                    created_at: rows::timestamp(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// Up to `limit` tags with ids above `after_id`, by id.
    pub async fn tags(&mut self, after_id: i64, limit: i64) -> Result<Vec<ExportTag>> {
        let found = sqlx::query(
            "SELECT id, slug, name, description, created_at FROM tags WHERE id > $1 \
             ORDER BY id LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await?;
        found
            .iter()
            .map(|row| {
                Ok(ExportTag {
                    id: row.try_get("id")?,
                    slug: row.try_get("slug")?,
                    name: row.try_get("name")?,
                    description: row.try_get("description")?,
                    created_at: rows::timestamp(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// Every newsletter, by id (a site has a handful).
    pub async fn newsletters(&mut self) -> Result<Vec<ExportNewsletter>> {
        let found = sqlx::query(
            "SELECT id, slug, name, description, cadence, sender_name, sender_email, reply_to, \
             signup_open, position, created_at, updated_at FROM newsletters ORDER BY id",
        )
        .fetch_all(&mut *self.tx)
        .await?;
        found
            .iter()
            .map(|row| {
                Ok(ExportNewsletter {
                    id: row.try_get("id")?,
                    slug: row.try_get("slug")?,
                    name: row.try_get("name")?,
                    description: row.try_get("description")?,
                    cadence: row.try_get("cadence")?,
                    sender_name: row.try_get("sender_name")?,
                    sender_email: row.try_get("sender_email")?,
                    reply_to: row.try_get("reply_to")?,
                    signup_open: row.try_get::<i64, _>("signup_open")? != 0,
                    position: row.try_get("position")?,
                    created_at: rows::timestamp(row.try_get("created_at")?),
                    updated_at: rows::timestamp(row.try_get("updated_at")?),
                })
            })
            .collect()
    }

    /// Up to `limit` subscribers with ids above `after_id` who confirmed at least one
    /// newsletter (active now, or left since), by id. Those who never confirmed gave
    /// no consent and are not members anywhere.
    pub async fn members(&mut self, after_id: i64, limit: i64) -> Result<Vec<ExportMember>> {
        let found = sqlx::query(
            "SELECT s.id, s.email, s.name, s.created_at FROM subscribers s WHERE s.id > $1 \
             AND EXISTS (SELECT 1 FROM subscriptions x WHERE x.subscriber_id = s.id \
             AND x.status IN ('active', 'left')) ORDER BY s.id LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await?;
        found
            .iter()
            .map(|row| {
                Ok(ExportMember {
                    id: row.try_get("id")?,
                    email: row.try_get("email")?,
                    name: row.try_get("name")?,
                    created_at: rows::timestamp(row.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// Up to `limit` active subscriptions `(subscriber_id, newsletter_id)` after
    /// `after`, in primary-key order.
    pub async fn active_subscriptions(
        &mut self,
        after: (i64, i64),
        limit: i64,
    ) -> Result<Vec<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT subscriber_id, newsletter_id FROM subscriptions \
             WHERE (subscriber_id, newsletter_id) > ($1, $2) AND status = 'active' \
             ORDER BY subscriber_id, newsletter_id LIMIT $3",
        )
        .bind(after.0)
        .bind(after.1)
        .bind(limit)
        .fetch_all(&mut *self.tx)
        .await?)
    }

    /// How much of what Byline keeps has no place in an export file.
    pub async fn left_out(&mut self) -> Result<ExportLeftOut> {
        let (
            feed_items,
            editor_notes,
            revisions,
            narrations,
            unconfirmed_subscribers,
            collection_items,
            newsletter_issues,
            staff_accounts,
            section_names,
        ): (i64, i64, i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM feed_items), (SELECT COUNT(*) FROM editor_notes), \
             (SELECT COUNT(*) FROM post_revisions), \
             (SELECT COUNT(*) FROM narrations WHERE audio_file IS NOT NULL), \
             (SELECT COUNT(*) FROM subscribers s WHERE NOT EXISTS (SELECT 1 FROM subscriptions x \
               WHERE x.subscriber_id = s.id AND x.status IN ('active', 'left'))), \
             (SELECT COUNT(*) FROM collection_items), (SELECT COUNT(*) FROM newsletter_issues), \
             (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM tag_names)",
        )
        .fetch_one(&mut *self.tx)
        .await?;
        Ok(ExportLeftOut {
            feed_items,
            editor_notes,
            revisions,
            narrations,
            unconfirmed_subscribers,
            collection_items,
            newsletter_issues,
            staff_accounts,
            section_names,
        })
    }

    /// Ends the snapshot (it wrote nothing, so nothing is kept or lost).
    pub async fn finish(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}
