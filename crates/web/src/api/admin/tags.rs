//! `tags/` writes: add, edit and delete the site's sections. A deleted tag leaves
//! the posts filed under it with their other tags.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use byline_core::public_ids::Resource;
use byline_core::{Slug, Tag};
use byline_store::{NewTag, StoreError};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::Caller;
use super::objects::AdminTagsRead;
use super::openapi::{Invalid, NotFound, Refusals};
use super::posts::{answer, body_json, deleted};
use crate::api::content::objects;
use crate::api::errors::ApiError;
use crate::state::SharedState;

/// The most characters in a tag's name (Ghost's limit too).
const MAX_NAME_CHARS: usize = 191;

/// A tag as a client writes it: an add needs a `name`; an edit changes what it sends.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TagInput {
    name: Option<String>,
    slug: Option<String>,
    #[serde(default, deserialize_with = "super::posts::nullable")]
    #[schema(value_type = Option<String>)]
    description: Option<Option<String>>,
}

/// An add or edit of a tag: exactly one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TagsInput {
    #[serde(default)]
    tags: Vec<TagInput>,
}

/// Adds a tag.
#[utoipa::path(post, path = "/tags/", tag = "tags", request_body = TagsInput,
    responses((status = 201, description = "The tag as saved", body = AdminTagsRead), Refusals, Invalid),
    security(("admin_token" = [])))]
pub async fn add(
    _caller: Caller,
    State(state): State<SharedState>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    answer(async {
        let input = the_tag(body)?;
        let name = checked_name(input.name.as_deref())?;
        let slug = match &input.slug {
            Some(slug) => parse_slug(slug)?,
            None => Slug::from_title(&name)
                .ok_or_else(|| invalid("A tag's name needs letters or digits."))?,
        };
        let new = NewTag {
            slug,
            name,
            description: input.description.flatten().filter(|d| !d.trim().is_empty()),
        };
        // A slug made from the name moves aside for an existing one, as Ghost's do;
        // a slug the client chose is its to change.
        let created = match input.slug {
            Some(_) => state.db.create_tag(&new).await,
            None => state.db.create_tag_with_free_slug(&new).await,
        };
        let tag = created.map_err(refusal)?;
        state.webhooks.wake();
        Ok((StatusCode::CREATED, one(&state, &tag).await?))
    })
    .await
}

/// Edits a tag: the fields sent.
#[utoipa::path(put, path = "/tags/{id}/", tag = "tags",
    params(("id" = String, Path, description = "The tag's 24-hex id")), request_body = TagsInput,
    responses((status = 200, description = "The tag as saved", body = AdminTagsRead), Refusals, NotFound, Invalid),
    security(("admin_token" = [])))]
pub async fn edit(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    answer(async {
        let current = by_id(&state, &id).await?;
        let input = the_tag(body)?;
        let new = NewTag {
            name: match input.name.as_deref() {
                Some(name) => checked_name(Some(name))?,
                None => current.name.clone(),
            },
            slug: match &input.slug {
                Some(slug) => parse_slug(slug)?,
                None => current.slug.clone(),
            },
            description: match input.description {
                Some(description) => description.filter(|d| !d.trim().is_empty()),
                None => current.description.clone(),
            },
        };
        state
            .db
            .update_tag(current.id, &new)
            .await
            .map_err(refusal)?;
        state.webhooks.wake();
        let tag = by_id(&state, &id).await?;
        Ok((StatusCode::OK, one(&state, &tag).await?))
    })
    .await
}

/// Deletes a tag; its posts keep their other tags.
#[utoipa::path(delete, path = "/tags/{id}/", tag = "tags",
    params(("id" = String, Path, description = "The tag's 24-hex id")),
    responses((status = 204, description = "Deleted"), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn delete(
    _caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> Response {
    deleted(async {
        let tag = by_id(&state, &id).await?;
        state.db.delete_tag(tag.id).await?;
        state.webhooks.wake();
        Ok(())
    })
    .await
}

fn the_tag(body: Result<Bytes, BytesRejection>) -> Result<TagInput, ApiError> {
    let envelope: TagsInput = body_json(body, "tags")?;
    match <[TagInput; 1]>::try_from(envelope.tags) {
        Ok([tag]) => Ok(tag),
        Err(_) => Err(invalid("Send exactly one object in \"tags\".")),
    }
}

fn checked_name(name: Option<&str>) -> Result<String, ApiError> {
    let name = name.map(str::trim).unwrap_or_default();
    if name.is_empty() {
        return Err(invalid("A tag needs a name."));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(format!(
            "A tag's name can be at most {MAX_NAME_CHARS} characters long."
        )));
    }
    Ok(byline_core::text::strip_controls(name).into_owned())
}

fn parse_slug(slug: &str) -> Result<Slug, ApiError> {
    Slug::parse(slug).map_err(|e| invalid(format!("slug: {e}")))
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::validation("tag", message)
}

fn refusal(error: StoreError) -> ApiError {
    match error {
        StoreError::SlugTaken(slug) => {
            invalid(format!("Another tag already uses the slug “{slug}”."))
        }
        other => other.into(),
    }
}

async fn by_id(state: &SharedState, id: &str) -> Result<Tag, ApiError> {
    let found = match Resource::Tag.number(id) {
        Some(number) => state.db.tag_by_id(number).await?,
        None => None,
    };
    found.ok_or_else(|| ApiError::not_found("Tag"))
}

async fn one(state: &SharedState, tag: &Tag) -> Result<Value, ApiError> {
    let chrome = state.chrome().await?;
    let object = serde_json::to_value(objects::tag(tag, &chrome.site.url, None))?;
    Ok(serde_json::to_value(AdminTagsRead { tags: vec![object] })?)
}
