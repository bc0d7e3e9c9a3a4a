//! The published articles a News Feed item may link to: the composer's title search
//! and the reading of what an editor typed or pasted into the link field.

use byline_core::Slug;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::rows;
use crate::{Db, Result};

/// A published article a feed item may link to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkableArticle {
    pub title: String,
    pub slug: Slug,
}

impl Db {
    /// Published articles whose title contains `words` (any case), newest first, for
    /// the composer's "link to an article" search.
    pub async fn linkable_articles(&self, words: &str, limit: i64) -> Result<Vec<LinkableArticle>> {
        let pattern = format!(
            "%{}%",
            words
                .trim()
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let found = sqlx::query(
            "SELECT title, slug FROM posts WHERE status = 'published' \
             AND LOWER(title) LIKE $1 ESCAPE '\\' ORDER BY published_at DESC, id DESC LIMIT $2",
        )
        .bind(pattern)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        found.iter().map(linkable).collect()
    }

    /// The published article an editor meant by `reference`: its slug, its address
    /// on this site (`/slug/` or a full URL ending in it), or its exact title.
    pub async fn find_linkable_article(&self, reference: &str) -> Result<Option<LinkableArticle>> {
        let reference = reference.trim();
        let path = match reference.find("://") {
            Some(scheme) => reference[scheme + 3..]
                .split_once('/')
                .map_or("", |(_, path)| path),
            None => reference,
        };
        let slug = path
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_matches('/');
        let by_slug =
            sqlx::query("SELECT title, slug FROM posts WHERE status = 'published' AND slug = $1")
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
        if let Some(row) = by_slug {
            return linkable(&row).map(Some);
        }
        let by_title = sqlx::query(
            "SELECT title, slug FROM posts WHERE status = 'published' AND LOWER(title) = $1 \
             ORDER BY published_at DESC, id DESC LIMIT 1",
        )
        .bind(reference.to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        by_title.as_ref().map(linkable).transpose()
    }
}

fn linkable(row: &AnyRow) -> Result<LinkableArticle> {
    Ok(LinkableArticle {
        title: row.try_get("title")?,
        slug: rows::slug(row.try_get("slug")?)?,
    })
}
