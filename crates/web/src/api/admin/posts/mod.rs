//! `posts/` and `pages/`: browse and read in every status, add, edit and delete.
//! Writes go through the desk's own save (revisions under the integration's name,
//! the conflict rule, narration, search, the publish job), so a post written here
//! is the same as one written in the desk.

mod input;
mod object;
pub mod routes;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use byline_core::public_ids::Resource;
use byline_core::{Post, PostId, PostKind, PostStatus, Slug};
use byline_store::{Browse, StoreError};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub(super) use self::input::nullable;
use self::input::{PagesInput, PostInput, PostsInput, Source, validation};
use super::Caller;
use super::objects::{AdminPagesBrowse, AdminPagesRead, AdminPostsBrowse, AdminPostsRead};
use crate::api::content::editions::post_paths;
use crate::api::content::objects;
use crate::api::content::params::Params;
use crate::api::errors::ApiError;
use crate::state::{AppState, SharedState};

const INCLUDES: &[&str] = &["authors", "tags"];

/// Which of the two the address names: `posts/…` or `pages/…` (`routes.rs` has a
/// handler for each address, each calling the one below for its kind).
#[derive(Debug, Clone, Copy)]
pub struct Posts(pub PostKind);

impl Posts {
    fn plural(self) -> &'static str {
        match self.0 {
            PostKind::Post => "posts",
            PostKind::Page => "pages",
        }
    }

    fn singular(self) -> &'static str {
        match self.0 {
            PostKind::Post => "Post",
            PostKind::Page => "Page",
        }
    }
}

async fn browse(
    kind: Posts,
    _caller: Caller,
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(async {
        let params = admin_params(query.as_deref())?;
        let browse = Browse {
            filter: params.filter.clone(),
            order: params.order.clone(),
            limit: params.limit.rows(),
            offset: params.offset(),
        };
        let found = state.db.browse_any_status(kind.0, &browse).await?;
        let site = state.chrome().await?.site.url.clone();
        let mut paths = post_paths(&state, &found.items.iter().collect::<Vec<_>>()).await?;
        let rows: Vec<Value> = found
            .items
            .iter()
            .map(|post| {
                let path = paths.remove(&post.summary.id).unwrap_or_default();
                object::post(post, &params, &site, path)
            })
            .collect();
        let meta = objects::meta(&params, found.total);
        let body = match kind.0 {
            PostKind::Post => serde_json::to_value(AdminPostsBrowse { posts: rows, meta })?,
            PostKind::Page => serde_json::to_value(AdminPagesBrowse { pages: rows, meta })?,
        };
        Ok((StatusCode::OK, body))
    })
    .await
}

async fn read(
    kind: Posts,
    _caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(async {
        let params = admin_params(query.as_deref())?;
        let post = by_id(&state, kind, &id).await?;
        one(&state, kind, &post, &params, StatusCode::OK).await
    })
    .await
}

async fn read_by_slug(
    kind: Posts,
    _caller: Caller,
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    answer(async {
        let params = admin_params(query.as_deref())?;
        let found = match Slug::parse(&slug) {
            Ok(slug) => state.db.desk_post_by_slug(&slug).await?,
            Err(_) => None,
        };
        let post = found
            .map(|found| found.post)
            .filter(|post| post.summary.kind == kind.0)
            .ok_or_else(|| ApiError::not_found(kind.singular()))?;
        one(&state, kind, &post, &params, StatusCode::OK).await
    })
    .await
}

async fn add(
    kind: Posts,
    caller: Caller,
    State(state): State<SharedState>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    answer(async {
        let params = admin_params(query.as_deref())?;
        let input = the_post(kind, body)?;
        let new_post = input::new_post(&state, input, kind.0, source(query.as_deref())).await?;
        let scheduled = new_post.status == PostStatus::Scheduled;
        let id = state
            .db
            .create_post_through_api(new_post, &caller.integration.name)
            .await
            .map_err(refusal)?;
        if scheduled {
            state.wake_jobs();
        }
        state.webhooks.wake();
        let post = stored(&state, kind, id).await?;
        one(&state, kind, &post, &params, StatusCode::CREATED).await
    })
    .await
}

async fn edit(
    kind: Posts,
    caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    answer(async {
        let params = admin_params(query.as_deref())?;
        let input = the_post(kind, body)?;
        let current = by_id(&state, kind, &id).await?;
        let seen = input::seen_time(&input)?;
        let post_id = current.summary.id;
        let edited = input::edited_post(&state, input, &current, source(query.as_deref())).await?;
        let scheduled = edited.status == PostStatus::Scheduled;
        state
            .db
            .edit_post_through_api(post_id, edited, seen, &caller.integration.name)
            .await
            .map_err(refusal)?;
        if scheduled {
            state.wake_jobs();
        }
        state.webhooks.wake();
        let post = stored(&state, kind, post_id).await?;
        one(&state, kind, &post, &params, StatusCode::OK).await
    })
    .await
}

async fn delete(
    kind: Posts,
    _caller: Caller,
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> Response {
    deleted(async {
        let post = by_id(&state, kind, &id).await?;
        state.db.delete_post(post.summary.id).await?;
        state.webhooks.wake();
        Ok(())
    })
    .await
}

/// Runs a delete and answers 204 with no body, or its refusal.
pub(in crate::api::admin) async fn deleted(
    work: impl Future<Output = Result<(), ApiError>>,
) -> Response {
    match work.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => error.into_response(),
    }
}

/// Runs a handler's work and answers with its JSON or its refusal.
pub(super) async fn answer(
    work: impl Future<Output = Result<(StatusCode, Value), ApiError>>,
) -> Response {
    match work.await {
        Ok((status, body)) => (status, Json(body)).into_response(),
        Err(error) => error.into_response(),
    }
}

/// A post as webhooks describe it: the Admin API's object as a plain read shows it.
pub async fn post_object(state: &AppState, post: &Post, site_url: &str) -> anyhow::Result<Value> {
    let params = admin_params(None).expect("no query is a valid query");
    let path = post_paths(state, &[post])
        .await?
        .remove(&post.summary.id)
        .unwrap_or_default();
    Ok(object::post(post, &params, site_url, path))
}

/// The query of an Admin API read: tags and authors come along unless `include`
/// names others.
fn admin_params(query: Option<&str>) -> Result<Params, ApiError> {
    let mut params = Params::parse(query, INCLUDES)?;
    let asked = query.is_some_and(|q| q.split('&').any(|pair| pair.starts_with("include=")));
    if !asked {
        params.include = INCLUDES.to_vec();
    }
    Ok(params)
}

fn source(query: Option<&str>) -> Source {
    let html = query.is_some_and(|q| q.split('&').any(|pair| pair == "source=html"));
    Source { html }
}

/// A request body as JSON of type `T`: `{"<plural>": [{…}]}`.
pub(in crate::api::admin) fn body_json<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    plural: &str,
) -> Result<T, ApiError> {
    let body = body.map_err(|rejection| ApiError {
        status: rejection.status(),
        kind: if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            "RequestEntityTooLargeError"
        } else {
            "BadRequestError"
        },
        message: "The request body could not be read.".to_owned(),
        context: Some(rejection.body_text()),
    })?;
    serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "The request body is not the JSON this endpoint takes.",
            format!("Send {{\"{plural}\": [{{…}}]}} with one object ({e})."),
        )
    })
}

/// The one post of a request body, `{"posts":[{…}]}` (or `pages`).
fn the_post(kind: Posts, body: Result<Bytes, BytesRejection>) -> Result<PostInput, ApiError> {
    let list = match kind.0 {
        PostKind::Post => body_json::<PostsInput>(body, kind.plural())?.posts,
        PostKind::Page => body_json::<PagesInput>(body, kind.plural())?.pages,
    };
    match <[PostInput; 1]>::try_from(list) {
        Ok([post]) => Ok(post),
        Err(_) => Err(validation(format!(
            "Send exactly one object in \"{}\".",
            kind.plural()
        ))),
    }
}

/// A post or page of any status by its public id.
async fn by_id(state: &SharedState, kind: Posts, id: &str) -> Result<Post, ApiError> {
    let Some(number) = Resource::Post.number(id) else {
        return Err(ApiError::not_found(kind.singular()));
    };
    stored(state, kind, PostId(number)).await
}

async fn stored(state: &SharedState, kind: Posts, id: PostId) -> Result<Post, ApiError> {
    state
        .db
        .desk_post(id)
        .await?
        .map(|found| found.post)
        .filter(|post| post.summary.kind == kind.0)
        .ok_or_else(|| ApiError::not_found(kind.singular()))
}

async fn one(
    state: &SharedState,
    kind: Posts,
    post: &Post,
    params: &Params,
    status: StatusCode,
) -> Result<(StatusCode, Value), ApiError> {
    let site = state.chrome().await?.site.url.clone();
    let path = post_paths(state, &[post])
        .await?
        .remove(&post.summary.id)
        .unwrap_or_default();
    let rows = vec![object::post(post, params, &site, path)];
    let body = match kind.0 {
        PostKind::Post => serde_json::to_value(AdminPostsRead { posts: rows })?,
        PostKind::Page => serde_json::to_value(AdminPagesRead { pages: rows })?,
    };
    Ok((status, body))
}

/// What a refused save tells the client.
fn refusal(error: StoreError) -> ApiError {
    match error {
        StoreError::Conflict { .. } => ApiError {
            status: StatusCode::CONFLICT,
            kind: "UpdateCollisionError",
            message: "Saving failed! Someone else is editing this post.".to_owned(),
            context: Some(
                "The post was saved after the updated_at you sent. Read it again, apply \
                 your change to what it holds now, and send its new updated_at."
                    .to_owned(),
            ),
        },
        StoreError::SlugTaken(slug) => {
            validation(format!("Another post already uses the slug “{slug}”."))
        }
        StoreError::InvalidPost(problem) => validation(problem.to_string()),
        StoreError::NotFound { entity, .. } => validation(format!(
            "A {entity} named in the post was removed while it was saved; send it again."
        )),
        other => other.into(),
    }
}
