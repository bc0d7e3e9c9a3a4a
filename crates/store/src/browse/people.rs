//! Tags and authors, filtered, ordered and paged, each with how many published
//! articles it has (read from the kept lists' counts, not by counting articles).

use byline_core::public_ids::Resource;
use byline_core::{Author, Tag};
use byline_nql::{Field, Kind, Schema};
use sqlx::{AssertSqlSafe, Row};

use super::{Browse, Sortable, bind_all, condition, count_of, order_by};
use crate::rows::{self, AUTHOR_COLUMNS, TAG_COLUMNS};
use crate::{Db, Page, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagWithCount {
    pub tag: Tag,
    /// Published articles filed under it.
    pub posts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorWithCount {
    pub author: Author,
    /// Published articles in their byline.
    pub posts: i64,
}

/// One kind of row: its table, alias, columns, filterable and sortable properties.
struct People {
    table: &'static str,
    alias: &'static str,
    columns: &'static str,
    /// The row's published articles, from its kept list's span counts (the list of
    /// a tag's articles is kept as `tag:<id>`).
    count: &'static str,
    resource: Resource,
    properties: &'static [(&'static str, Kind, &'static str)],
}

const TAGS: People = People {
    table: "tags",
    alias: "t",
    columns: TAG_COLUMNS,
    count: "(SELECT CAST(COALESCE(SUM(ls.entries), 0) AS BIGINT) FROM list_spans ls \
            WHERE ls.list_key = 'tag:' || CAST(t.id AS TEXT))",
    resource: Resource::Tag,
    properties: &[
        ("id", Kind::Id, "t.id"),
        ("slug", Kind::Text, "t.slug"),
        ("name", Kind::Text, "t.name"),
        ("description", Kind::Text, "t.description"),
        ("visibility", Kind::Text, "'public'"),
    ],
};

const AUTHORS: People = People {
    table: "authors",
    alias: "a",
    columns: AUTHOR_COLUMNS,
    count: "(SELECT CAST(COALESCE(SUM(ls.entries), 0) AS BIGINT) FROM list_spans ls \
            WHERE ls.list_key = 'author:' || CAST(a.id AS TEXT))",
    resource: Resource::Author,
    properties: &[
        ("id", Kind::Id, "a.id"),
        ("slug", Kind::Text, "a.slug"),
        ("name", Kind::Text, "a.name"),
        ("bio", Kind::Text, "a.bio"),
        ("visibility", Kind::Text, "'public'"),
    ],
};

impl Schema for People {
    fn field(&self, property: &str) -> Option<Field> {
        self.properties
            .iter()
            .find(|(name, _, _)| *name == property)
            .map(|(_, kind, column)| Field {
                kind: *kind,
                column,
                related: None,
            })
    }

    fn names(&self) -> Vec<&'static str> {
        self.properties.iter().map(|(name, _, _)| *name).collect()
    }

    fn id_of(&self, _property: &str, public: &str) -> Option<i64> {
        self.resource.number(public)
    }
}

impl People {
    fn sortable(&self) -> Vec<Sortable> {
        let mut sortable: Vec<Sortable> = self
            .properties
            .iter()
            .filter(|(name, _, _)| *name != "visibility")
            .map(|(name, _, column)| Sortable {
                name,
                column,
                nullable: matches!(*name, "description" | "bio"),
            })
            .collect();
        sortable.push(Sortable {
            name: "count.posts",
            column: self.count,
            nullable: false,
        });
        sortable
    }
}

impl Db {
    /// One page of tags, by name unless `browse` orders otherwise.
    pub async fn browse_tags(&self, browse: &Browse) -> Result<Page<TagWithCount>> {
        let (rows, total) = self.browse_people(&TAGS, browse).await?;
        let items = rows
            .iter()
            .map(|row| {
                Ok(TagWithCount {
                    tag: rows::tag(row)?,
                    posts: row.try_get("posts")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page { items, total })
    }

    /// One page of authors, by name unless `browse` orders otherwise.
    pub async fn browse_authors(&self, browse: &Browse) -> Result<Page<AuthorWithCount>> {
        let (rows, total) = self.browse_people(&AUTHORS, browse).await?;
        let items = rows
            .iter()
            .map(|row| {
                Ok(AuthorWithCount {
                    author: rows::author(row)?,
                    posts: row.try_get("posts")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page { items, total })
    }

    async fn browse_people(
        &self,
        people: &People,
        browse: &Browse,
    ) -> Result<(Vec<sqlx::any::AnyRow>, i64)> {
        let (filter, binds) = condition(browse.filter.as_ref(), people, 1)?;
        let count = people.count;
        let alias = people.alias;
        let order = if browse.order.is_empty() {
            format!("{alias}.name ASC, {alias}.id ASC")
        } else {
            order_by(
                &browse.order,
                &people.sortable(),
                &format!("{alias}.id ASC"),
            )?
        };
        let matching = format!("FROM {} {alias} WHERE {filter}", people.table);
        let n = binds.len();
        let list_sql = format!(
            "SELECT {}, {count} AS posts {matching} ORDER BY {order} LIMIT ${} OFFSET ${}",
            people.columns,
            n + 1,
            n + 2
        );
        let count_sql = format!("SELECT COUNT(*) {matching}");
        let mut tx = self.begin_read().await?;
        let total = count_of(
            bind_all(sqlx::query(AssertSqlSafe(count_sql)), &binds),
            &mut tx,
        )
        .await?;
        let rows = bind_all(sqlx::query(AssertSqlSafe(list_sql)), &binds)
            .bind(browse.limit)
            .bind(browse.offset)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((rows, total))
    }
}
