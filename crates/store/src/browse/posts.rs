//! Published posts and pages, filtered, ordered and paged.

use std::collections::HashMap;

use byline_core::editions::MAIN_EDITION;
use byline_core::public_ids::Resource;
use byline_core::{EditionId, Post, PostId, PostKind};
use byline_nql::{Comparison, Field, Filter, Kind, Op, Schema, Value};
use sqlx::{AssertSqlSafe, Row};

use super::{Browse, Order, Sortable, bind_all, condition, count_of, order_by};
use crate::posts::lists::{list_ids, list_total};
use crate::rows::{self, SUMMARY_COLUMNS, placeholders};
use crate::{Db, Page, Result};

const TAGS: &str =
    "SELECT 1 FROM post_tags bt JOIN tags t ON t.id = bt.tag_id WHERE bt.post_id = p.id AND";
const PRIMARY_TAG: &str = "SELECT 1 FROM post_tags bt JOIN tags t ON t.id = bt.tag_id \
     WHERE bt.post_id = p.id AND bt.position = 0 AND";
const AUTHORS: &str = "SELECT 1 FROM post_authors ba JOIN authors a ON a.id = ba.author_id WHERE ba.post_id = p.id AND";
const PRIMARY_AUTHOR: &str = "SELECT 1 FROM post_authors ba JOIN authors a ON a.id = ba.author_id \
     WHERE ba.post_id = p.id AND ba.position = 0 AND";

/// A post's properties by their Ghost names, with Ghost's aliases (`tag` for
/// `tags.slug`, `primary_author` for the first author's slug ...).
struct PostSchema;

const POST_PROPERTIES: &[&str] = &[
    "id",
    "uuid",
    "slug",
    "title",
    "status",
    "visibility",
    "featured",
    "feature_image",
    "custom_excerpt",
    "published_at",
    "updated_at",
    "created_at",
    "reading_time",
    "tag",
    "tags",
    "tags.slug",
    "tags.name",
    "tags.id",
    "primary_tag",
    "primary_tag.slug",
    "author",
    "authors",
    "authors.slug",
    "authors.name",
    "authors.id",
    "primary_author",
    "primary_author.slug",
];

impl Schema for PostSchema {
    fn field(&self, property: &str) -> Option<Field> {
        let own = |kind, column| Field {
            kind,
            column,
            related: None,
        };
        let related = |kind, column, rows| Field {
            kind,
            column,
            related: Some(rows),
        };
        Some(match property {
            "id" => own(Kind::Id, "p.id"),
            "uuid" => own(Kind::Text, "p.uuid"),
            "slug" => own(Kind::Text, "p.slug"),
            "title" => own(Kind::Text, "p.title"),
            "status" => own(Kind::Text, "p.status"),
            // Everything the API shows is public: membership comes later.
            "visibility" => own(Kind::Text, "'public'"),
            "featured" => own(Kind::Bool, "p.featured"),
            "feature_image" => own(Kind::Text, "p.image_url"),
            "custom_excerpt" => own(Kind::Text, "p.subtitle"),
            "published_at" => own(Kind::Time, "p.published_at"),
            // Ghost's updated_at is the last change of any kind; the public "Updated"
            // time is Byline's own field.
            "updated_at" => own(Kind::Time, "p.edited_at"),
            "created_at" => own(Kind::Time, "p.created_at"),
            "reading_time" => own(Kind::Number, "p.reading_minutes"),
            "tag" | "tags" | "tags.slug" => related(Kind::Text, "t.slug", TAGS),
            "tags.name" => related(Kind::Text, "t.name", TAGS),
            "tags.id" => related(Kind::Id, "t.id", TAGS),
            "primary_tag" | "primary_tag.slug" => related(Kind::Text, "t.slug", PRIMARY_TAG),
            "author" | "authors" | "authors.slug" => related(Kind::Text, "a.slug", AUTHORS),
            "authors.name" => related(Kind::Text, "a.name", AUTHORS),
            "authors.id" => related(Kind::Id, "a.id", AUTHORS),
            "primary_author" | "primary_author.slug" => {
                related(Kind::Text, "a.slug", PRIMARY_AUTHOR)
            }
            _ => return None,
        })
    }

    fn names(&self) -> Vec<&'static str> {
        POST_PROPERTIES.to_vec()
    }

    fn id_of(&self, property: &str, public: &str) -> Option<i64> {
        let resource = match property {
            "tags.id" => Resource::Tag,
            "authors.id" => Resource::Author,
            _ => Resource::Post,
        };
        resource.number(public)
    }
}

/// Published posts always have every one of these.
/// Whether a browse within a kept list asks about the articles beyond their
/// publication time, which the list holds (see [`ListedPostSchema`]).
fn needs_articles(rest: Option<&Filter>, order: &[Order]) -> bool {
    !order.is_empty()
        || rest.is_some_and(|rest| rest.properties().iter().any(|p| *p != "published_at"))
}

/// A post's properties when its articles are read from a kept list: the list's own
/// copy of the publication time is used, so a section and a date range are counted
/// from the list's index alone, without reading the articles.
struct ListedPostSchema;

impl Schema for ListedPostSchema {
    fn field(&self, property: &str) -> Option<Field> {
        match property {
            "published_at" => Some(Field {
                kind: Kind::Time,
                column: "le.published_at",
                related: None,
            }),
            _ => PostSchema.field(property),
        }
    }

    fn names(&self) -> Vec<&'static str> {
        PostSchema.names()
    }

    fn id_of(&self, property: &str, public: &str) -> Option<i64> {
        PostSchema.id_of(property, public)
    }
}

const POST_ORDER: &[Sortable] = &[
    sortable("published_at", "p.published_at"),
    sortable("updated_at", "p.edited_at"),
    sortable("created_at", "p.created_at"),
    sortable("title", "p.title"),
    sortable("slug", "p.slug"),
    sortable("featured", "p.featured"),
    sortable("reading_time", "p.reading_minutes"),
    sortable("id", "p.id"),
];

const fn sortable(name: &'static str, column: &'static str) -> Sortable {
    Sortable {
        name,
        column,
        nullable: false,
    }
}

/// A browse the kept lists answer: newest first, every article, the featured ones,
/// or one section's or author's (`featured:true`, `tag:news`, `author:ana`), nothing
/// else.
enum KeptList<'a> {
    All,
    Featured,
    Tag(&'a str),
    Author(&'a str),
}

fn kept_list<'a>(kind: PostKind, browse: &'a Browse) -> Option<KeptList<'a>> {
    let newest_first = match browse.order.as_slice() {
        [] => true,
        [
            Order {
                property,
                descending: true,
            },
        ] => property == "published_at",
        _ => false,
    };
    if kind != PostKind::Post || !newest_first {
        return None;
    }
    match &browse.filter {
        None => Some(KeptList::All),
        Some(filter) => list_of(filter),
    }
}

/// The kept list a comparison names: `featured:true`, `tag:x` or `author:x` (and
/// their aliases).
fn list_of(filter: &Filter) -> Option<KeptList<'_>> {
    let Filter::Compare(Comparison {
        property,
        op: Op::Eq,
        values,
    }) = filter
    else {
        return None;
    };
    match (property.as_str(), values.as_slice()) {
        ("featured", [Value::Bool(true)]) => Some(KeptList::Featured),
        ("tag" | "tags" | "tags.slug", [Value::Text { text, .. }]) => Some(KeptList::Tag(text)),
        ("author" | "authors" | "authors.slug", [Value::Text { text, .. }]) => {
            Some(KeptList::Author(text))
        }
        _ => None,
    }
}

/// A filter that asks for one kept list's articles and something more
/// (`tag:city+published_at:>now-7d`): the kept list it names, and the rest. Reading
/// that list and testing the rest on its articles reads a section, not the archive.
fn within_list(kind: PostKind, filter: &Filter) -> Option<(KeptList<'_>, Filter)> {
    let Filter::And(parts) = filter else {
        return None;
    };
    if kind != PostKind::Post {
        return None;
    }
    let at = parts.iter().position(|part| list_of(part).is_some())?;
    let list = list_of(&parts[at])?;
    let mut rest: Vec<Filter> = parts.clone();
    rest.remove(at);
    let rest = if rest.len() == 1 {
        rest.remove(0)
    } else {
        Filter::And(rest)
    };
    Some((list, rest))
}

impl Db {
    /// One page of the main edition's published posts (or pages) that `browse` asks
    /// for, with their bodies, people and notes, and how many there are in all.
    pub async fn browse_published(&self, kind: PostKind, browse: &Browse) -> Result<Page<Post>> {
        self.browse_published_in(kind, MAIN_EDITION, browse).await
    }

    /// [`Db::browse_published`] in one edition.
    pub async fn browse_published_in(
        &self,
        kind: PostKind,
        edition: EditionId,
        browse: &Browse,
    ) -> Result<Page<Post>> {
        if let Some(list) = kept_list(kind, browse) {
            return self.browse_kept_list(list, edition, browse).await;
        }
        let within = browse
            .filter
            .as_ref()
            .and_then(|filter| within_list(kind, filter));
        let (rest, default_order) = match &within {
            Some((_, rest)) => (
                Some(rest),
                "le.day DESC, le.published_at DESC, le.post_id DESC",
            ),
            None => (browse.filter.as_ref(), "p.published_at DESC, p.id DESC"),
        };
        let schema: &dyn Schema = if within.is_some() {
            &ListedPostSchema
        } else {
            &PostSchema
        };
        let (filter, binds) = condition(rest, schema, 2)?;
        let order = if browse.order.is_empty() {
            default_order.to_owned()
        } else {
            order_by(&browse.order, POST_ORDER, "p.id DESC")?
        };
        // `$1` is the kind, or the kept list the articles are read from (which holds
        // only published articles).
        let (first, matching) = match &within {
            Some((list, _)) => match self.list_key(list, edition).await? {
                // The articles themselves are joined only when the rest of the
                // filter or the order asks about more than the list holds.
                Some(key) if needs_articles(rest, &browse.order) => (
                    key,
                    format!(
                        "FROM list_entries le JOIN posts p ON p.id = le.post_id \
                         WHERE le.list_key = $1 AND {filter}"
                    ),
                ),
                Some(key) => (
                    key,
                    format!("FROM list_entries le WHERE le.list_key = $1 AND {filter}"),
                ),
                None => {
                    return Ok(Page {
                        items: Vec::new(),
                        total: 0,
                    });
                }
            },
            None => (
                kind.as_str().to_owned(),
                // The edition's id is a number of ours, written into the text.
                format!(
                    "FROM posts p WHERE p.kind = $1 AND p.status = 'published' \
                     AND p.edition_id = {} AND {filter}",
                    edition.get()
                ),
            ),
        };
        let count_sql = format!("SELECT COUNT(*) {matching}");
        let id = if within.is_some() {
            "le.post_id"
        } else {
            "p.id"
        };
        let n = binds.len() + 1;
        let ids_sql = format!(
            "SELECT {id} AS id {matching} ORDER BY {order} LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let (total, ids) = {
            let mut tx = self.begin_read().await?;
            let counting = sqlx::query(AssertSqlSafe(count_sql)).bind(first.as_str());
            let total = count_of(bind_all(counting, &binds), &mut tx).await?;
            let ids: Vec<PostId> = if browse.offset >= total {
                Vec::new()
            } else {
                let query = sqlx::query(AssertSqlSafe(ids_sql)).bind(first.as_str());
                bind_all(query, &binds)
                    .bind(browse.limit)
                    .bind(browse.offset)
                    .fetch_all(&mut *tx)
                    .await?
                    .iter()
                    .map(|row| row.try_get("id"))
                    .collect::<std::result::Result<_, _>>()?
            };
            tx.commit().await?;
            (total, ids)
        };
        let items = self.published_posts_by_id(&ids).await?;
        Ok(Page { items, total })
    }

    /// One page of the posts (or pages) of every status that `browse` asks for, most
    /// recently edited first: the Admin API's browse, where `status:` is one more
    /// property to filter by. Drafts are few beside the archive, so this reads the
    /// posts table directly rather than a kept list.
    pub async fn browse_any_status(&self, kind: PostKind, browse: &Browse) -> Result<Page<Post>> {
        let (filter, binds) = condition(browse.filter.as_ref(), &PostSchema, 2)?;
        let order = if browse.order.is_empty() {
            "p.edited_at DESC, p.id DESC".to_owned()
        } else {
            order_by(&browse.order, POST_ORDER, "p.id DESC")?
        };
        let matching = format!("FROM posts p WHERE p.kind = $1 AND {filter}");
        let n = binds.len() + 1;
        let ids_sql = format!(
            "SELECT p.id AS id {matching} ORDER BY {order} LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let count_sql = format!("SELECT COUNT(*) {matching}");
        let (total, ids) = {
            let mut tx = self.begin_read().await?;
            let counting = sqlx::query(AssertSqlSafe(count_sql)).bind(kind.as_str());
            let total = count_of(bind_all(counting, &binds), &mut tx).await?;
            let query = sqlx::query(AssertSqlSafe(ids_sql)).bind(kind.as_str());
            let ids: Vec<PostId> = bind_all(query, &binds)
                .bind(browse.limit)
                .bind(browse.offset)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| row.try_get("id"))
                .collect::<std::result::Result<_, _>>()?;
            tx.commit().await?;
            (total, ids)
        };
        let items = self.posts_by_id(&ids, Statuses::Every).await?;
        Ok(Page { items, total })
    }

    /// The key of an edition's kept list, or `None` when its tag or author does not
    /// exist.
    async fn list_key(&self, list: &KeptList<'_>, edition: EditionId) -> Result<Option<String>> {
        let list = match list {
            KeptList::All => Some("all".to_owned()),
            KeptList::Featured => Some("featured".to_owned()),
            KeptList::Tag(slug) => self
                .id_by_slug("tags", slug)
                .await?
                .map(|id| format!("tag:{id}")),
            KeptList::Author(slug) => self
                .id_by_slug("authors", slug)
                .await?
                .map(|id| format!("author:{id}")),
        };
        Ok(list.map(|list| byline_core::editions::list_key(edition, &list)))
    }

    async fn browse_kept_list(
        &self,
        list: KeptList<'_>,
        edition: EditionId,
        browse: &Browse,
    ) -> Result<Page<Post>> {
        let Some(key) = self.list_key(&list, edition).await? else {
            return Ok(Page {
                items: Vec::new(),
                total: 0,
            });
        };
        let (total, ids) = {
            let mut tx = self.begin_read().await?;
            let total = list_total(&mut tx, &key).await?;
            let ids = if browse.offset >= total {
                Vec::new()
            } else {
                list_ids(&mut tx, &key, browse.limit, browse.offset).await?
            };
            tx.commit().await?;
            (total, ids)
        };
        let items = self.published_posts_by_id(&ids).await?;
        Ok(Page { items, total })
    }

    async fn id_by_slug(&self, table: &'static str, slug: &str) -> Result<Option<i64>> {
        let sql = format!("SELECT id FROM {table} WHERE slug = $1");
        Ok(sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// A published post or page by its stored id, with its body, people and notes.
    pub async fn published_post_by_id(&self, id: PostId) -> Result<Option<Post>> {
        Ok(self.published_posts_by_id(&[id]).await?.pop())
    }

    /// The published posts among `ids` with their bodies, people and notes, in the
    /// order asked; missing and unpublished ones are left out.
    pub async fn published_posts_by_id(&self, ids: &[PostId]) -> Result<Vec<Post>> {
        self.posts_by_id(ids, Statuses::Published).await
    }

    /// The posts among `ids` in `statuses`, with their bodies, people and notes, in
    /// the order asked.
    async fn posts_by_id(&self, ids: &[PostId], statuses: Statuses) -> Result<Vec<Post>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let only = match statuses {
            Statuses::Published => "p.status = 'published' AND ",
            Statuses::Every => "",
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, p.body_markdown, p.body_html FROM posts p \
             WHERE {only}p.id IN ({})",
            placeholders(1, ids.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for id in ids {
            query = query.bind(*id);
        }
        let mut by_id: HashMap<PostId, (byline_core::content::PostSummary, String, String)> =
            HashMap::new();
        for row in query.fetch_all(&self.pool).await? {
            let summary = rows::summary(&row)?;
            let markdown: String = row.try_get("body_markdown")?;
            let html: String = row.try_get("body_html")?;
            by_id.insert(summary.id, (summary, markdown, html));
        }
        let (mut summaries, bodies): (Vec<_>, Vec<_>) = ids
            .iter()
            .filter_map(|id| by_id.remove(id))
            .map(|(summary, markdown, html)| (summary, (markdown, html)))
            .unzip();
        let found_ids: Vec<PostId> = summaries.iter().map(|s| s.id).collect();
        // Two connections at once: an answer waits for one round trip, not two.
        let (people, notes) = tokio::join!(
            self.attach_people(&mut summaries),
            self.notes_of_posts(&found_ids)
        );
        people?;
        let mut notes = notes?;
        Ok(summaries
            .into_iter()
            .zip(bodies)
            .map(|(summary, (body_markdown, body_html))| Post {
                notes: notes.remove(&summary.id).unwrap_or_default(),
                summary,
                body_markdown,
                body_html,
            })
            .collect())
    }
}

/// Which posts a read by id may return.
#[derive(Debug, Clone, Copy)]
enum Statuses {
    Published,
    Every,
}
