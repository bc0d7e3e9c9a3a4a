//! Tags and authors, as Ghost's tag and author objects.

use byline_core::content::{Author, Tag};
use byline_core::markdown;
use byline_core::public_ids::Resource;
use serde::Serialize;
use utoipa::ToSchema;

use super::PostCount;
use crate::discovery::absolute;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TagObject {
    #[schema(pattern = "^[0-9a-f]{24}$")]
    pub id: String,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub feature_image: Option<String>,
    /// Always `public`.
    pub visibility: String,
    pub og_image: Option<String>,
    pub og_title: Option<String>,
    pub og_description: Option<String>,
    pub twitter_image: Option<String>,
    pub twitter_title: Option<String>,
    pub twitter_description: Option<String>,
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub codeinjection_head: Option<String>,
    pub codeinjection_foot: Option<String>,
    pub canonical_url: Option<String>,
    pub accent_color: Option<String>,
    pub url: String,
    /// With `include=count.posts`: the tag's published articles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<PostCount>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthorObject {
    #[schema(pattern = "^[0-9a-f]{24}$")]
    pub id: String,
    pub name: String,
    pub slug: String,
    pub profile_image: Option<String>,
    pub cover_image: Option<String>,
    /// Plain text.
    pub bio: Option<String>,
    pub website: Option<String>,
    pub location: Option<String>,
    pub facebook: Option<String>,
    pub twitter: Option<String>,
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub url: String,
    /// With `include=count.posts`: the author's published articles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<PostCount>,
}

pub fn tag(tag: &Tag, site_url: &str, posts: Option<i64>) -> TagObject {
    TagObject {
        id: Resource::Tag.id(tag.id),
        name: tag.name.clone(),
        slug: tag.slug.as_str().to_owned(),
        description: tag.description.clone(),
        feature_image: None,
        visibility: "public".to_owned(),
        og_image: None,
        og_title: None,
        og_description: None,
        twitter_image: None,
        twitter_title: None,
        twitter_description: None,
        meta_title: None,
        meta_description: None,
        codeinjection_head: None,
        codeinjection_foot: None,
        canonical_url: None,
        accent_color: None,
        url: format!("{site_url}/tag/{}/", tag.slug),
        count: posts.map(|posts| PostCount { posts }),
    }
}

pub fn author(author: &Author, site_url: &str, posts: Option<i64>) -> AuthorObject {
    AuthorObject {
        id: Resource::Author.id(author.id),
        name: author.name.clone(),
        slug: author.slug.as_str().to_owned(),
        profile_image: author.photo_url.as_deref().map(|p| absolute(site_url, p)),
        cover_image: None,
        bio: author.bio.as_deref().map(markdown::plain_text),
        website: None,
        location: None,
        facebook: None,
        twitter: None,
        meta_title: None,
        meta_description: None,
        url: format!("{site_url}/author/{}/", author.slug),
        count: posts.map(|posts| PostCount { posts }),
    }
}
