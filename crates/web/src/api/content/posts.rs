//! `posts/` and `pages/`: browse, read by id, read by slug. Only published posts and
//! pages are ever shown.

use std::collections::HashMap;

use axum::extract::Path;
use axum::response::Response;
use byline_core::public_ids::Resource;
use byline_core::{Post, PostId, PostKind, Slug};
use byline_store::{Browse, Scope};
use serde_json::Value;

use super::errors::ApiError;
use super::objects::{self, PagesBrowse, PagesRead, PostExtras, PostsBrowse, PostsRead};
use super::openapi::{NotFound, PostBrowseQuery, PostReadQuery, Refusals};
use super::params::Params;
use super::{Answer, ApiRequest, serve};
use crate::kit::cache::Deps;
use crate::narration::job::audio_path;
use crate::state::SharedState;

const INCLUDES: &[&str] = &["authors", "tags"];

fn plural(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Post => "posts",
        PostKind::Page => "pages",
    }
}

fn singular(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Post => "Post",
        PostKind::Page => "Page",
    }
}

/// Published posts.
#[utoipa::path(
    get,
    path = "/posts/",
    tag = "posts",
    params(PostBrowseQuery),
    responses((status = 200, description = "A page of published posts, newest first unless `order` says otherwise", body = PostsBrowse), Refusals),
    security(("content_key" = []))
)]
pub async fn browse_posts(request: ApiRequest) -> Response {
    browse(request, PostKind::Post).await
}

/// Published pages.
#[utoipa::path(
    get,
    path = "/pages/",
    tag = "pages",
    params(PostBrowseQuery),
    responses((status = 200, description = "A page of published pages", body = PagesBrowse), Refusals),
    security(("content_key" = []))
)]
pub async fn browse_pages(request: ApiRequest) -> Response {
    browse(request, PostKind::Page).await
}

/// One published post, by id.
#[utoipa::path(
    get,
    path = "/posts/{id}/",
    tag = "posts",
    params(("id" = String, Path, description = "The object's 24-hex id"), PostReadQuery),
    responses((status = 200, description = "The post", body = PostsRead), Refusals, NotFound),
    security(("content_key" = []))
)]
pub async fn read_post(Path(id): Path<String>, request: ApiRequest) -> Response {
    read(request, PostKind::Post, Key::Id(id)).await
}

/// One published page, by id.
#[utoipa::path(
    get,
    path = "/pages/{id}/",
    tag = "pages",
    params(("id" = String, Path, description = "The object's 24-hex id"), PostReadQuery),
    responses((status = 200, description = "The page", body = PagesRead), Refusals, NotFound),
    security(("content_key" = []))
)]
pub async fn read_page(Path(id): Path<String>, request: ApiRequest) -> Response {
    read(request, PostKind::Page, Key::Id(id)).await
}

/// One published post, by slug.
#[utoipa::path(
    get,
    path = "/posts/slug/{slug}/",
    tag = "posts",
    params(("slug" = String, Path, description = "The URL slug"), PostReadQuery),
    responses((status = 200, description = "The post", body = PostsRead), Refusals, NotFound),
    security(("content_key" = []))
)]
pub async fn read_post_by_slug(Path(slug): Path<String>, request: ApiRequest) -> Response {
    read(request, PostKind::Post, Key::Slug(slug)).await
}

/// One published page, by slug.
#[utoipa::path(
    get,
    path = "/pages/slug/{slug}/",
    tag = "pages",
    params(("slug" = String, Path, description = "The URL slug"), PostReadQuery),
    responses((status = 200, description = "The page", body = PagesRead), Refusals, NotFound),
    security(("content_key" = []))
)]
pub async fn read_page_by_slug(Path(slug): Path<String>, request: ApiRequest) -> Response {
    read(request, PostKind::Page, Key::Slug(slug)).await
}

enum Key {
    Id(String),
    Slug(String),
}

async fn browse(request: ApiRequest, kind: PostKind) -> Response {
    let state = &request.state;
    let path = format!("/ghost/api/content/{}/", plural(kind));
    serve(&request, INCLUDES, path, async |params: Params| {
        let editions = state.editions().await?;
        let (edition, filter) = super::editions::split(params.filter.as_ref(), &editions)?;
        let browse = Browse {
            filter,
            order: params.order.clone(),
            limit: params.limit.rows(),
            offset: params.offset(),
        };
        let found = state.db.browse_published_in(kind, edition, &browse).await?;
        let rows = objects_of(state, &found.items, &params).await?;
        let meta = objects::meta(&params, found.total);
        // A change to any published post adds AllPosts; pages belong to the site.
        match kind {
            PostKind::Post => Answer::json(
                &PostsBrowse { posts: rows, meta },
                Deps::on([Scope::AllPosts]),
            ),
            PostKind::Page => Answer::json(&PagesBrowse { pages: rows, meta }, Deps::site()),
        }
    })
    .await
}

async fn read(request: ApiRequest, kind: PostKind, key: Key) -> Response {
    let state = &request.state;
    let path = match &key {
        Key::Id(id) => format!("/ghost/api/content/{}/{id}/", plural(kind)),
        Key::Slug(slug) => format!("/ghost/api/content/{}/slug/{slug}/", plural(kind)),
    };
    serve(&request, INCLUDES, path, async |params: Params| {
        let found = match &key {
            Key::Id(id) => match Resource::Post.number(id) {
                Some(number) => state.db.published_post_by_id(PostId(number)).await?,
                None => None,
            },
            Key::Slug(slug) => match Slug::parse(slug) {
                Ok(slug) => state.db.published_post(&slug).await?,
                Err(_) => None,
            },
        };
        let Some(post) = found.filter(|post| post.summary.kind == kind) else {
            return Err(ApiError::not_found(singular(kind)));
        };
        let id = post.summary.id;
        let rows = objects_of(state, &[post], &params).await?;
        let deps = Deps::on([Scope::Post(id)]);
        match kind {
            PostKind::Post => Answer::json(&PostsRead { posts: rows }, deps),
            PostKind::Page => Answer::json(&PagesRead { pages: rows }, deps),
        }
    })
    .await
}

/// The posts as Ghost objects, with their narrations found in one query.
async fn objects_of(
    state: &SharedState,
    posts: &[Post],
    params: &Params,
) -> Result<Vec<Value>, ApiError> {
    let chrome = state.chrome().await?;
    let ids: Vec<PostId> = posts.iter().map(|p| p.summary.id).collect();
    let audio: HashMap<PostId, String> = state
        .db
        .narrations_of(&ids)
        .await?
        .into_iter()
        .filter(|n| n.enabled)
        .filter_map(|n| Some((n.post_id, audio_path(&n.audio?.file))))
        .collect();
    let mut paths = super::editions::post_paths(state, &posts.iter().collect::<Vec<_>>()).await?;
    Ok(posts
        .iter()
        .map(|post| {
            let extras = PostExtras {
                site_url: &chrome.site.url,
                path: paths.remove(&post.summary.id).unwrap_or_default(),
                audio_path: audio.get(&post.summary.id).cloned(),
            };
            objects::only_fields(objects::post(post, params, &extras), params)
        })
        .collect())
}
