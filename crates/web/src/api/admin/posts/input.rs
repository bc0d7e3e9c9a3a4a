//! A post as an Admin API client writes it (`{"posts":[{…}]}`), turned into the
//! [`NewPost`] the desk's save takes. Ghost's clients send only the fields they
//! change on an edit, so every field is optional and an edit starts from the post as
//! it stands. Fields Byline keeps nothing of (`uuid`, `url`, code injection …) are
//! ignored, as a client often sends back an object it read.

use byline_core::content::{Image, NewPost};
use byline_core::public_ids::Resource;
use byline_core::{Post, PostKind, PostStatus, Slug};
use byline_import::Body;
use byline_store::NewTag;
use jiff::Timestamp;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use crate::api::errors::ApiError;
use crate::state::SharedState;

/// A post (or page) as a client writes it. Every field is optional: an add takes
/// what it is given (`title` is needed), an edit changes only what it sends and must
/// send the `updated_at` it read.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PostInput {
    title: Option<String>,
    slug: Option<String>,
    html: Option<String>,
    lexical: Option<String>,
    mobiledoc: Option<String>,
    /// `draft`, `published` or `scheduled`.
    status: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = DateTime)]
    published_at: Option<Option<String>>,
    /// What the client last read; required on an edit.
    #[schema(format = DateTime)]
    pub updated_at: Option<String>,
    featured: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    custom_excerpt: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    feature_image: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    feature_image_alt: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    feature_image_caption: Option<Option<String>>,
    tags: Option<Vec<Reference>>,
    authors: Option<Vec<Reference>>,
}

/// A tag or an author named by a plain string (its name, or an author's email) or an
/// object with any of `id`, `slug`, `name`, `email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Reference {
    Text(String),
    Object {
        id: Option<String>,
        slug: Option<String>,
        name: Option<String>,
        email: Option<String>,
    },
}

/// An add or edit of a post: exactly one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PostsInput {
    #[serde(default)]
    pub posts: Vec<PostInput>,
}

/// An add or edit of a page: exactly one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PagesInput {
    #[serde(default)]
    pub pages: Vec<PostInput>,
}

/// Tells a field sent as `null` (`Some(None)`) from a field not sent (`None`).
pub fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// How the body arrives: `?source=html` says the `html` field is the body.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    pub html: bool,
}

pub fn validation(message: impl Into<String>) -> ApiError {
    ApiError::validation("post", message)
}

/// The post an add request describes (a draft unless `status` says otherwise).
pub async fn new_post(
    state: &SharedState,
    input: PostInput,
    kind: PostKind,
    source: Source,
) -> Result<NewPost, ApiError> {
    let title = input.title.clone().unwrap_or_default();
    let start = NewPost {
        slug: Slug::parse("untitled").expect("a valid slug"),
        kind,
        status: PostStatus::Draft,
        title,
        subtitle: None,
        body_markdown: String::new(),
        image: None,
        featured: false,
        published_at: None,
        author_ids: Vec::new(),
        tag_ids: Vec::new(),
    };
    let slug_given = input.slug.is_some();
    let mut post = apply(state, input, start, source).await?;
    if !slug_given {
        let from_title = Slug::from_title(&post.title).ok_or_else(|| {
            validation("Give the post a title with letters or digits, or a slug.")
        })?;
        post.slug = state.db.free_post_slug(&from_title).await?;
    }
    Ok(post)
}

/// The post an edit request makes of `current`.
pub async fn edited_post(
    state: &SharedState,
    input: PostInput,
    current: &Post,
    source: Source,
) -> Result<NewPost, ApiError> {
    let s = &current.summary;
    let start = NewPost {
        slug: s.slug.clone(),
        kind: s.kind,
        status: s.status,
        title: s.title.clone(),
        subtitle: s.subtitle.clone(),
        body_markdown: current.body_markdown.clone(),
        image: s.image.clone(),
        featured: s.featured,
        published_at: s.published_at,
        author_ids: s.authors.iter().map(|a| a.id).collect(),
        tag_ids: s.tags.iter().map(|t| t.id).collect(),
    };
    apply(state, input, start, source).await
}

/// `updated_at` as the client sent it back.
pub fn seen_time(input: &PostInput) -> Result<Timestamp, ApiError> {
    let Some(text) = input.updated_at.as_deref() else {
        return Err(validation(
            "An edit must send the post's updated_at as it was read, so that it cannot \
             overwrite a change made since.",
        ));
    };
    parse_time(text, "updated_at")
}

fn parse_time(text: &str, field: &str) -> Result<Timestamp, ApiError> {
    text.parse::<Timestamp>().map_err(|_| {
        validation(format!(
            "{field} must be an ISO 8601 time with its offset, such as 2026-12-05T09:30:00.000Z."
        ))
    })
}

async fn apply(
    state: &SharedState,
    input: PostInput,
    mut post: NewPost,
    source: Source,
) -> Result<NewPost, ApiError> {
    if let Some(title) = input.title.clone() {
        post.title = title;
    }
    if let Some(slug) = &input.slug {
        post.slug = Slug::parse(slug).map_err(|e| validation(format!("slug: {e}")))?;
    }
    if let Some(body) = body_of(&input.html, &input.lexical, &input.mobiledoc, source)? {
        post.body_markdown = body.markdown;
    }
    if let Some(excerpt) = input.custom_excerpt.clone() {
        post.subtitle = excerpt.filter(|e| !e.trim().is_empty());
    }
    if let Some(featured) = input.featured {
        post.featured = featured;
    }
    if let Some(image) = &input.feature_image {
        post.image = match image {
            Some(url) if !url.trim().is_empty() => {
                Some(library_image(state, url, post.image.take()).await?)
            }
            _ => None,
        };
    }
    apply_image_words(&mut post, &input);
    if let Some(tags) = &input.tags {
        post.tag_ids = tag_ids(state, tags).await?;
    }
    if let Some(authors) = &input.authors {
        post.author_ids = author_ids(state, authors).await?;
    }
    let status = match input.status.as_deref() {
        None => post.status,
        Some("draft") => PostStatus::Draft,
        Some("published") => PostStatus::Published,
        Some("scheduled") => PostStatus::Scheduled,
        Some(other) => {
            return Err(validation(format!(
                "status must be draft, published or scheduled, not “{other}”."
            )));
        }
    };
    let asked_time = match &input.published_at {
        Some(Some(text)) => Some(parse_time(text, "published_at")?),
        Some(None) => None,
        None => post.published_at,
    };
    let now = Timestamp::now();
    post.published_at = match status {
        PostStatus::Draft => None,
        // A post published before keeps its time unless the client sets another.
        PostStatus::Published => Some(asked_time.unwrap_or(now)),
        PostStatus::Scheduled => match asked_time {
            Some(at) if at > now => Some(at),
            Some(_) => {
                return Err(validation(
                    "A scheduled post needs a published_at in the future.",
                ));
            }
            None => {
                return Err(validation(
                    "A scheduled post needs published_at: the time to publish it.",
                ));
            }
        },
    };
    post.status = status;
    post.validate().map_err(|e| validation(e.to_string()))?;
    Ok(post)
}

/// The body, from whichever of Ghost's formats the client sent (`None`: unchanged).
/// HTML is taken with or without `?source=html`: Ghost would drop it silently
/// without, and a post saved without its body helps nobody.
fn body_of(
    html: &Option<String>,
    lexical: &Option<String>,
    mobiledoc: &Option<String>,
    source: Source,
) -> Result<Option<Body>, ApiError> {
    let from_html = |html: &str| {
        let mut body = Body::default();
        byline_import::html::to_markdown(html, &mut body);
        body
    };
    if let (Some(html), true) = (html, source.html) {
        return Ok(Some(from_html(html)));
    }
    if let Some(lexical) = lexical {
        return byline_import::ghost::lexical::to_body(lexical)
            .map(Some)
            .map_err(|e| validation(format!("lexical: {e}")));
    }
    if let Some(mobiledoc) = mobiledoc {
        return byline_import::ghost::mobiledoc::to_body(mobiledoc)
            .map(Some)
            .map_err(|e| validation(format!("mobiledoc: {e}")));
    }
    Ok(html.as_deref().map(from_html))
}

/// The feature image's alt text and caption, when sent.
fn apply_image_words(post: &mut NewPost, input: &PostInput) {
    let Some(image) = post.image.as_mut() else {
        return;
    };
    if let Some(alt) = &input.feature_image_alt {
        image.alt = alt.clone().unwrap_or_default();
    }
    if let Some(caption) = &input.feature_image_caption {
        // Ghost's captions are HTML; Byline's are text.
        image.caption = caption
            .as_deref()
            .map(byline_import::captions::plain)
            .filter(|c| !c.is_empty());
    }
}

/// An image from the site's library, by its address (absolute or from the site's
/// root). Byline lays images out by their size, which it knows only for images it
/// processed, so other addresses are refused with the way to upload them.
async fn library_image(
    state: &SharedState,
    url: &str,
    previous: Option<Image>,
) -> Result<Image, ApiError> {
    let chrome = state.chrome().await?;
    let path = url.strip_prefix(chrome.site.url.as_str()).unwrap_or(url);
    let Some(media) = state.db.media_by_url(path).await? else {
        return Err(validation(format!(
            "feature_image must be an image uploaded to this site; upload {url} through \
             images/upload/ and use the url it answers."
        )));
    };
    let kept = previous.filter(|p| p.url == media.url);
    Ok(Image {
        url: media.url,
        alt: kept.as_ref().map_or(media.alt, |p| p.alt.clone()),
        caption: kept.as_ref().map_or(media.caption, |p| p.caption.clone()),
        credit: kept.as_ref().map_or(media.credit, |p| p.credit.clone()),
        width: media.width,
        height: media.height,
    })
}

/// The tags named, in order; names no tag has yet become new tags.
async fn tag_ids(state: &SharedState, references: &[Reference]) -> Result<Vec<i64>, ApiError> {
    let mut ids = Vec::with_capacity(references.len());
    let mut known = state.db.list_tags().await?;
    for reference in references {
        let found = match reference {
            Reference::Object { id: Some(id), .. } => {
                let number = Resource::Tag.number(id);
                known.iter().find(|t| Some(t.id) == number)
            }
            Reference::Object {
                slug: Some(slug), ..
            } => known.iter().find(|t| t.slug.as_str() == slug),
            Reference::Object {
                name: Some(name), ..
            }
            | Reference::Text(name) => known
                .iter()
                .find(|t| t.name.trim().eq_ignore_ascii_case(name.trim())),
            Reference::Object { .. } => {
                return Err(validation("Name each tag by id, slug or name."));
            }
        };
        let id = match (found, reference) {
            (Some(tag), _) => tag.id,
            (
                None,
                Reference::Text(name)
                | Reference::Object {
                    id: None,
                    slug: None,
                    name: Some(name),
                    ..
                },
            ) => {
                let tag = new_tag(state, name).await?;
                let id = tag.id;
                known.push(tag);
                id
            }
            (None, _) => return Err(validation("A tag named by id or slug does not exist.")),
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

async fn new_tag(state: &SharedState, name: &str) -> Result<byline_core::Tag, ApiError> {
    let name = name.trim();
    let slug = Slug::from_title(name)
        .ok_or_else(|| validation(format!("A tag name needs letters or digits: “{name}”.")))?;
    let new = NewTag {
        slug,
        name: name.to_owned(),
        description: None,
    };
    Ok(state.db.create_tag_with_free_slug(&new).await?)
}

/// The authors named, in order. Byline's authors are bylines without email
/// addresses, so an author is named by id, slug or name.
async fn author_ids(state: &SharedState, references: &[Reference]) -> Result<Vec<i64>, ApiError> {
    let known = state.db.list_authors().await?;
    let mut ids = Vec::with_capacity(references.len());
    for reference in references {
        let found = match reference {
            Reference::Object { id: Some(id), .. } => {
                let number = Resource::Author.number(id);
                known.iter().find(|a| Some(a.id) == number)
            }
            Reference::Object {
                slug: Some(slug), ..
            } => known.iter().find(|a| a.slug.as_str() == slug),
            Reference::Object {
                name: Some(name), ..
            } => known.iter().find(|a| a.name == *name),
            Reference::Text(text) => known
                .iter()
                .find(|a| a.name == *text || a.slug.as_str() == text),
            Reference::Object { email: Some(_), .. } => {
                return Err(validation(
                    "Byline's authors have no email addresses: name an author by id, slug or name.",
                ));
            }
            Reference::Object { .. } => {
                return Err(validation("Name each author by id, slug or name."));
            }
        };
        let Some(author) = found else {
            return Err(validation(
                "An author named in authors does not exist; users/ lists them.",
            ));
        };
        if !ids.contains(&author.id) {
            ids.push(author.id);
        }
    }
    Ok(ids)
}
