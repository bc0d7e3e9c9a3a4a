//! A post or a page, as Ghost's post object with Byline's own fields beside it.

use byline_core::html::escape;
use byline_core::public_ids::Resource;
use byline_core::{Post, markdown};
use serde::Serialize;
use utoipa::ToSchema;

use super::{AuthorObject, TagObject, author, ghost_time, tag};
use crate::api::content::params::Params;
// Links in an answer are absolute, as in feeds: a headless frontend lives elsewhere.
use crate::discovery::{absolute, absolutize_html};

/// What a post object shows besides its own fields.
pub struct PostExtras<'a> {
    pub site_url: &'a str,
    /// The post's address inside its edition (`/uk/slug/`).
    pub path: String,
    /// The narration's file, as `/content/audio/...`, if the article is narrated.
    pub audio_path: Option<String>,
}

/// A published article or page.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostObject {
    #[schema(pattern = "^[0-9a-f]{24}$")]
    pub id: String,
    pub uuid: String,
    pub title: String,
    pub slug: String,
    /// The body as HTML, links absolute (with `formats` naming `html`, the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// The body as plain text (with `formats` naming `plaintext`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plaintext: Option<String>,
    pub comment_id: String,
    pub feature_image: Option<String>,
    pub feature_image_alt: Option<String>,
    /// HTML, as Ghost's captions are.
    pub feature_image_caption: Option<String>,
    pub featured: bool,
    /// Always `public`: everything Byline publishes is free to read.
    pub visibility: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    /// The last edit of any kind.
    #[schema(format = DateTime)]
    pub updated_at: String,
    #[schema(format = DateTime)]
    pub published_at: Option<String>,
    /// The standfirst, when the article has one.
    pub custom_excerpt: Option<String>,
    pub excerpt: String,
    /// Minutes.
    pub reading_time: u32,
    pub url: String,
    pub canonical_url: Option<String>,
    pub access: bool,
    pub comments: bool,
    pub codeinjection_head: Option<String>,
    pub codeinjection_foot: Option<String>,
    pub custom_template: Option<String>,
    pub og_image: Option<String>,
    pub og_title: Option<String>,
    pub og_description: Option<String>,
    pub twitter_image: Option<String>,
    pub twitter_title: Option<String>,
    pub twitter_description: Option<String>,
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub email_subject: Option<String>,
    pub frontmatter: Option<String>,
    /// Byline's public "Updated" time: moved only by an editor's note, never by a
    /// typo fix.
    #[schema(format = DateTime)]
    pub byline_updated_at: Option<String>,
    /// Who took the feature image.
    pub byline_image_credit: Option<String>,
    /// Editor's notes and corrections, newest first.
    pub byline_notes: Vec<NoteObject>,
    /// The narration's audio file, when the article is narrated.
    pub byline_audio_url: Option<String>,
    /// The first tag (with `include=tags`; `null` when the post has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<TagObject>)]
    pub primary_tag: Option<Option<TagObject>>,
    /// With `include=tags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<TagObject>>,
    /// The first author (with `include=authors`; `null` when the post has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<AuthorObject>)]
    pub primary_author: Option<Option<AuthorObject>>,
    /// With `include=authors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authors: Option<Vec<AuthorObject>>,
}

/// An editor's note or correction on a published article.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteObject {
    /// `update`, `correction` or `clarification`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind in readers' words ("Correction").
    pub label: String,
    pub text: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

pub fn post(post: &Post, params: &Params, extras: &PostExtras<'_>) -> PostObject {
    let s = &post.summary;
    let site = extras.site_url;
    let id = Resource::Post.id(s.id.get());
    let image = s.image.as_ref();
    let tags = params
        .includes("tags")
        .then(|| -> Vec<TagObject> { s.tags.iter().map(|t| tag(t, site, None)).collect() });
    let authors = params.includes("authors").then(|| -> Vec<AuthorObject> {
        s.authors.iter().map(|a| author(a, site, None)).collect()
    });
    PostObject {
        id: id.clone(),
        uuid: s.uuid.clone(),
        title: s.title.clone(),
        slug: s.slug.as_str().to_owned(),
        html: params.html.then(|| absolutize_html(site, &post.body_html)),
        plaintext: params
            .plaintext
            .then(|| markdown::plain_text(&post.body_markdown)),
        comment_id: id,
        feature_image: image.map(|i| absolute(site, &i.url)),
        feature_image_alt: image.map(|i| i.alt.clone()),
        feature_image_caption: image.and_then(|i| i.caption.as_deref()).map(escape),
        featured: s.featured,
        visibility: "public".to_owned(),
        created_at: ghost_time(s.published_at.unwrap_or(s.edited_at)),
        updated_at: ghost_time(s.edited_at),
        published_at: s.published_at.map(ghost_time),
        custom_excerpt: s.subtitle.clone(),
        excerpt: s.excerpt.clone(),
        reading_time: s.reading_minutes,
        url: format!("{site}{}", extras.path),
        canonical_url: None,
        access: true,
        comments: false,
        codeinjection_head: None,
        codeinjection_foot: None,
        custom_template: None,
        og_image: None,
        og_title: None,
        og_description: None,
        twitter_image: None,
        twitter_title: None,
        twitter_description: None,
        meta_title: None,
        meta_description: None,
        email_subject: None,
        frontmatter: None,
        byline_updated_at: s.updated_at.map(ghost_time),
        byline_image_credit: image.and_then(|i| i.credit.clone()),
        byline_notes: post
            .notes
            .iter()
            .map(|note| NoteObject {
                kind: note.kind.as_str().to_owned(),
                label: note.kind.label().to_owned(),
                text: note.text.clone(),
                created_at: ghost_time(note.created_at),
            })
            .collect(),
        byline_audio_url: extras.audio_path.as_deref().map(|p| absolute(site, p)),
        primary_tag: tags.as_ref().map(|tags| tags.first().cloned()),
        tags,
        primary_author: authors.as_ref().map(|authors| authors.first().cloned()),
        authors,
    }
}
