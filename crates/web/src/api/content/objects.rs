//! Byline's content as Ghost's objects: Ghost's field names and types (ids as 24 hex
//! digits, times as ISO 8601 with milliseconds, absolute URLs), `null` where Byline
//! keeps nothing of the kind (code injection, separate social titles), and Byline's
//! own fields a newsroom needs under names starting `byline_`, which Ghost clients
//! pass over.

use byline_core::content::{Author, Tag};
use byline_core::html::escape;
use byline_core::public_ids::Resource;
use byline_core::{Post, markdown};
use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::params::{Limit, Params};
// Links in an answer are absolute, as in feeds: a headless frontend lives elsewhere.
use crate::discovery::{absolute, absolutize_html};

/// `2026-12-05T09:30:00.000+00:00`, as Ghost writes times.
pub fn ghost_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S.000+00:00").to_string()
}

fn time_or_null(at: Option<Timestamp>) -> Value {
    at.map(ghost_time).map_or(Value::Null, Value::String)
}

/// What a post object shows besides its own fields.
pub struct PostExtras<'a> {
    pub site_url: &'a str,
    /// The narration's file, as `/content/audio/...`, if the article is narrated.
    pub audio_path: Option<String>,
}

pub fn post(post: &Post, params: &Params, extras: &PostExtras<'_>) -> Value {
    let s = &post.summary;
    let site = extras.site_url;
    let id = Resource::Post.id(s.id.get());
    let url = format!("{site}/{}/", s.slug);
    let image = s.image.as_ref();
    let mut object = Map::new();
    let mut put = |key: &str, value: Value| {
        object.insert(key.to_owned(), value);
    };
    put("id", json!(id));
    put("uuid", json!(s.uuid));
    put("title", json!(s.title));
    put("slug", json!(s.slug.as_str()));
    if params.html {
        put("html", json!(absolutize_html(site, &post.body_html)));
    }
    if params.plaintext {
        put(
            "plaintext",
            json!(markdown::plain_text(&post.body_markdown)),
        );
    }
    put("comment_id", json!(id));
    put(
        "feature_image",
        json!(image.map(|i| absolute(site, &i.url))),
    );
    put("feature_image_alt", json!(image.map(|i| &i.alt)));
    put(
        "feature_image_caption",
        json!(image.and_then(|i| i.caption.as_deref()).map(escape)),
    );
    put("featured", json!(s.featured));
    put("visibility", json!("public"));
    put(
        "created_at",
        time_or_null(s.published_at.or(Some(s.edited_at))),
    );
    put("updated_at", json!(ghost_time(s.edited_at)));
    put("published_at", time_or_null(s.published_at));
    put("custom_excerpt", json!(s.subtitle));
    put("excerpt", json!(s.excerpt));
    put("reading_time", json!(s.reading_minutes));
    put("url", json!(url));
    put("canonical_url", Value::Null);
    put("access", json!(true));
    put("comments", json!(false));
    for empty in [
        "codeinjection_head",
        "codeinjection_foot",
        "custom_template",
        "og_image",
        "og_title",
        "og_description",
        "twitter_image",
        "twitter_title",
        "twitter_description",
        "meta_title",
        "meta_description",
        "email_subject",
        "frontmatter",
    ] {
        put(empty, Value::Null);
    }
    // Byline's own: the public "Updated" time (moved only by an editor's note), the
    // photo credit, the notes themselves, and the narration.
    put("byline_updated_at", time_or_null(s.updated_at));
    put(
        "byline_image_credit",
        json!(image.and_then(|i| i.credit.as_deref())),
    );
    put(
        "byline_notes",
        Value::Array(
            post.notes
                .iter()
                .map(|note| {
                    json!({
                        "type": note.kind.as_str(),
                        "label": note.kind.label(),
                        "text": note.text,
                        "created_at": ghost_time(note.created_at),
                    })
                })
                .collect(),
        ),
    );
    put(
        "byline_audio_url",
        json!(extras.audio_path.as_deref().map(|p| absolute(site, p))),
    );
    if params.includes("tags") {
        let tags: Vec<Value> = s.tags.iter().map(|t| tag(t, site, None)).collect();
        object.insert(
            "primary_tag".into(),
            tags.first().cloned().unwrap_or(Value::Null),
        );
        object.insert("tags".into(), Value::Array(tags));
    }
    if params.includes("authors") {
        let authors: Vec<Value> = s.authors.iter().map(|a| author(a, site, None)).collect();
        object.insert(
            "primary_author".into(),
            authors.first().cloned().unwrap_or(Value::Null),
        );
        object.insert("authors".into(), Value::Array(authors));
    }
    only_fields(Value::Object(object), params)
}

pub fn tag(tag: &Tag, site_url: &str, posts: Option<i64>) -> Value {
    let mut object = json!({
        "id": Resource::Tag.id(tag.id),
        "name": tag.name,
        "slug": tag.slug.as_str(),
        "description": tag.description,
        "feature_image": null,
        "visibility": "public",
        "og_image": null,
        "og_title": null,
        "og_description": null,
        "twitter_image": null,
        "twitter_title": null,
        "twitter_description": null,
        "meta_title": null,
        "meta_description": null,
        "codeinjection_head": null,
        "codeinjection_foot": null,
        "canonical_url": null,
        "accent_color": null,
        "url": format!("{site_url}/tag/{}/", tag.slug),
    });
    if let Some(posts) = posts {
        object["count"] = json!({ "posts": posts });
    }
    object
}

pub fn author(author: &Author, site_url: &str, posts: Option<i64>) -> Value {
    let mut object = json!({
        "id": Resource::Author.id(author.id),
        "name": author.name,
        "slug": author.slug.as_str(),
        "profile_image": author.photo_url.as_deref().map(|p| absolute(site_url, p)),
        "cover_image": null,
        "bio": author.bio.as_deref().map(markdown::plain_text),
        "website": null,
        "location": null,
        "facebook": null,
        "twitter": null,
        "meta_title": null,
        "meta_description": null,
        "url": format!("{site_url}/author/{}/", author.slug),
    });
    if let Some(posts) = posts {
        object["count"] = json!({ "posts": posts });
    }
    object
}

/// `row` with only the fields asked for in `fields` (every field when none are),
/// and what `include` asked for.
pub fn only_fields(mut row: Value, params: &Params) -> Value {
    const INCLUDED: &[&str] = &["count", "tags", "authors", "primary_tag", "primary_author"];
    if let (Value::Object(object), false) = (&mut row, params.fields.is_empty()) {
        object.retain(|key, _| {
            params.fields.iter().any(|f| f == key) || INCLUDED.contains(&key.as_str())
        });
    }
    row
}

/// `{"pagination": {...}}` for a browse of `total` rows.
pub fn meta(params: &Params, total: i64) -> Value {
    let rows = params.limit.rows();
    let pages = ((total + rows - 1) / rows).max(1);
    let limit = match params.limit {
        Limit::All if total <= rows => json!("all"),
        _ => json!(rows),
    };
    json!({
        "pagination": {
            "page": params.page,
            "limit": limit,
            "pages": pages,
            "total": total,
            "next": (params.page < pages).then_some(params.page + 1),
            "prev": (params.page > 1).then_some(params.page - 1),
        }
    })
}
