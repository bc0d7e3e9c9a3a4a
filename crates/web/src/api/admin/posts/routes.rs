//! One handler per address and method, each with its OpenAPI description, calling
//! the handler for posts or pages in `mod.rs`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use byline_core::PostKind;

use super::input::{PagesInput, PostsInput};
use super::{Posts, add, browse, delete, edit, read, read_by_slug};
use crate::api::admin::Caller;
use crate::api::admin::objects::{
    AdminPagesBrowse, AdminPagesRead, AdminPostsBrowse, AdminPostsRead,
};
use crate::api::admin::openapi::{Collision, Invalid, NotFound, Refusals, SourceQuery, TooLarge};
use crate::api::content::openapi::{PostBrowseQuery, PostReadQuery};
use crate::state::SharedState;

const POSTS: Posts = Posts(PostKind::Post);
const PAGES: Posts = Posts(PostKind::Page);

/// Posts in every status, most recently edited first unless `order` says otherwise.
#[utoipa::path(get, path = "/posts/", tag = "posts", params(PostBrowseQuery),
    responses((status = 200, description = "A page of posts", body = AdminPostsBrowse), Refusals),
    security(("admin_token" = [])))]
pub async fn browse_posts(caller: Caller, state: State<SharedState>, query: RawQuery) -> Response {
    browse(POSTS, caller, state, query).await
}

/// Pages in every status.
#[utoipa::path(get, path = "/pages/", tag = "pages", params(PostBrowseQuery),
    responses((status = 200, description = "A page of pages", body = AdminPagesBrowse), Refusals),
    security(("admin_token" = [])))]
pub async fn browse_pages(caller: Caller, state: State<SharedState>, query: RawQuery) -> Response {
    browse(PAGES, caller, state, query).await
}

/// One post in any status, by id.
#[utoipa::path(get, path = "/posts/{id}/", tag = "posts",
    params(("id" = String, Path, description = "The post's 24-hex id"), PostReadQuery),
    responses((status = 200, description = "The post", body = AdminPostsRead), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn read_post(
    caller: Caller,
    state: State<SharedState>,
    id: Path<String>,
    query: RawQuery,
) -> Response {
    read(POSTS, caller, state, id, query).await
}

/// One page in any status, by id.
#[utoipa::path(get, path = "/pages/{id}/", tag = "pages",
    params(("id" = String, Path, description = "The page's 24-hex id"), PostReadQuery),
    responses((status = 200, description = "The page", body = AdminPagesRead), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn read_page(
    caller: Caller,
    state: State<SharedState>,
    id: Path<String>,
    query: RawQuery,
) -> Response {
    read(PAGES, caller, state, id, query).await
}

/// One post in any status, by slug.
#[utoipa::path(get, path = "/posts/slug/{slug}/", tag = "posts",
    params(("slug" = String, Path, description = "The URL slug"), PostReadQuery),
    responses((status = 200, description = "The post", body = AdminPostsRead), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn read_post_by_slug(
    caller: Caller,
    state: State<SharedState>,
    slug: Path<String>,
    query: RawQuery,
) -> Response {
    read_by_slug(POSTS, caller, state, slug, query).await
}

/// One page in any status, by slug.
#[utoipa::path(get, path = "/pages/slug/{slug}/", tag = "pages",
    params(("slug" = String, Path, description = "The URL slug"), PostReadQuery),
    responses((status = 200, description = "The page", body = AdminPagesRead), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn read_page_by_slug(
    caller: Caller,
    state: State<SharedState>,
    slug: Path<String>,
    query: RawQuery,
) -> Response {
    read_by_slug(PAGES, caller, state, slug, query).await
}

/// Adds a post (a draft unless `status` says otherwise).
#[utoipa::path(post, path = "/posts/", tag = "posts", params(SourceQuery), request_body = PostsInput,
    responses((status = 201, description = "The post as saved", body = AdminPostsRead), Refusals, Invalid, TooLarge),
    security(("admin_token" = [])))]
pub async fn add_post(
    caller: Caller,
    state: State<SharedState>,
    query: RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    add(POSTS, caller, state, query, body).await
}

/// Adds a page.
#[utoipa::path(post, path = "/pages/", tag = "pages", params(SourceQuery), request_body = PagesInput,
    responses((status = 201, description = "The page as saved", body = AdminPagesRead), Refusals, Invalid, TooLarge),
    security(("admin_token" = [])))]
pub async fn add_page(
    caller: Caller,
    state: State<SharedState>,
    query: RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    add(PAGES, caller, state, query, body).await
}

/// Edits a post: the fields sent, over the post as it stands, if `updated_at` is
/// still the post's.
#[utoipa::path(put, path = "/posts/{id}/", tag = "posts",
    params(("id" = String, Path, description = "The post's 24-hex id"), SourceQuery), request_body = PostsInput,
    responses((status = 200, description = "The post as saved", body = AdminPostsRead), Refusals, NotFound, Collision, Invalid, TooLarge),
    security(("admin_token" = [])))]
pub async fn edit_post(
    caller: Caller,
    state: State<SharedState>,
    id: Path<String>,
    query: RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    edit(POSTS, caller, state, id, query, body).await
}

/// Edits a page.
#[utoipa::path(put, path = "/pages/{id}/", tag = "pages",
    params(("id" = String, Path, description = "The page's 24-hex id"), SourceQuery), request_body = PagesInput,
    responses((status = 200, description = "The page as saved", body = AdminPagesRead), Refusals, NotFound, Collision, Invalid, TooLarge),
    security(("admin_token" = [])))]
pub async fn edit_page(
    caller: Caller,
    state: State<SharedState>,
    id: Path<String>,
    query: RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    edit(PAGES, caller, state, id, query, body).await
}

/// Deletes a post.
#[utoipa::path(delete, path = "/posts/{id}/", tag = "posts",
    params(("id" = String, Path, description = "The post's 24-hex id")),
    responses((status = 204, description = "Deleted"), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn delete_post(caller: Caller, state: State<SharedState>, id: Path<String>) -> Response {
    delete(POSTS, caller, state, id).await
}

/// Deletes a page.
#[utoipa::path(delete, path = "/pages/{id}/", tag = "pages",
    params(("id" = String, Path, description = "The page's 24-hex id")),
    responses((status = 204, description = "Deleted"), Refusals, NotFound),
    security(("admin_token" = [])))]
pub async fn delete_page(caller: Caller, state: State<SharedState>, id: Path<String>) -> Response {
    delete(PAGES, caller, state, id).await
}
