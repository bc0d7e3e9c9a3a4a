//! The Ghost-compatible Admin API, at `/ghost/api/admin/` and the older
//! `/ghost/api/v2|v3|v4|canary/admin/`: what other software writes through. Every
//! endpoint but `site/` takes the caller as an [`auth::Caller`], so no handler can
//! forget the token check. Built so far: the token check, `site/`, reading tags,
//! and posts and pages in full; the rest of issue 18 comes next.

mod auth;
mod images;
mod members;
mod newsletters;
mod objects;
mod openapi;
mod people;
mod posts;
mod site;
mod tags;
mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, put};
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use auth::Caller;
pub use members::member_object;
pub use posts::post_object;

use super::errors::{ApiError, ErrorsBody};
use crate::state::SharedState;
use openapi::Finishing;

const PREFIXES: &[&str] = &[
    "/ghost/api/admin",
    "/ghost/api/v2/admin",
    "/ghost/api/v3/admin",
    "/ghost/api/v4/admin",
    "/ghost/api/canary/admin",
];

/// An image upload's body: the library's largest image and the form around it.
const UPLOAD_BODY_BYTES: usize = 20 * 1024 * 1024 + 64 * 1024;
/// Any other body: a post's JSON, however long the article.
const JSON_BODY_BYTES: usize = 8 * 1024 * 1024;

pub fn routes() -> Router<SharedState> {
    // Each handler is registered with its own `#[utoipa::path]`, so what is routed
    // and what is described are one list.
    let (api, description) = OpenApiRouter::with_openapi(Description::openapi())
        .routes(routes!(site::read))
        .routes(routes!(
            posts::routes::browse_posts,
            posts::routes::add_post
        ))
        .routes(routes!(
            posts::routes::read_post,
            posts::routes::edit_post,
            posts::routes::delete_post
        ))
        .routes(routes!(posts::routes::read_post_by_slug))
        .routes(routes!(
            posts::routes::browse_pages,
            posts::routes::add_page
        ))
        .routes(routes!(
            posts::routes::read_page,
            posts::routes::edit_page,
            posts::routes::delete_page
        ))
        .routes(routes!(posts::routes::read_page_by_slug))
        .routes(routes!(people::browse_tags, tags::add))
        .routes(routes!(people::read_tag, tags::edit, tags::delete))
        .routes(routes!(people::read_tag_by_slug))
        .routes(routes!(people::browse_users))
        .routes(routes!(people::read_user))
        .routes(routes!(people::read_user_by_slug))
        .routes(routes!(newsletters::browse))
        .routes(routes!(members::browse, members::add))
        .routes(routes!(members::read, members::edit, members::delete))
        .routes(routes!(webhooks::add))
        .routes(routes!(webhooks::edit, webhooks::delete))
        .split_for_parts();
    let description = Arc::new(Finishing::applied_to(description));
    let api = api
        .route(
            "/images/upload/",
            post(images::upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES)),
        )
        .route(
            "/openapi.json",
            get(async move |State(state): State<SharedState>| {
                openapi::describe(state, description.clone()).await
            }),
        )
        // The writes to users/ are refused by role; reads are routed above.
        .route("/users/", post(staff_only))
        .route("/users/{id}/", put(staff_only).delete(staff_only))
        // What Ghost's Admin API offers for running the site itself: an integration
        // acts with an editor's rights, so these are refused by role, not missing.
        .route("/settings/", any(staff_only))
        .route("/integrations/", any(staff_only))
        .route("/integrations/{*rest}", any(staff_only))
        .route("/invites/", any(staff_only))
        .route("/roles/", any(staff_only))
        .route("/session/", any(staff_only))
        .route("/db/", any(staff_only))
        .route("/members/upload/", any(staff_only))
        .fallback(unknown_endpoint)
        .layer(DefaultBodyLimit::max(JSON_BODY_BYTES))
        .layer(axum::middleware::map_response(api_headers));
    PREFIXES.iter().fold(Router::new(), |router, prefix| {
        router.nest(prefix, api.clone())
    })
}

/// The parts of the OpenAPI description that are not a route's.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(images::upload),
    components(schemas(ErrorsBody)),
    tags(
        (name = "site", description = "What the site is, for a client checking its address"),
        (name = "posts", description = "Articles in every status"),
        (name = "pages", description = "Pages in every status"),
        (name = "tags", description = "Tags (sections)"),
        (name = "users", description = "Authors (bylines)"),
        (name = "images", description = "The media library"),
        (name = "newsletters", description = "Every newsletter"),
        (name = "members", description = "Newsletter subscribers"),
        (name = "webhooks", description = "The calling integration's webhooks"),
    )
)]
struct Description;

/// Staff, keys and settings: the desk's, never an integration's. The token is
/// still checked first, so an unsigned request learns nothing more than a 401/403.
async fn staff_only(_caller: Caller) -> Response {
    ApiError {
        status: StatusCode::FORBIDDEN,
        kind: "NoPermissionError",
        message: "You do not have permission to perform this action".to_owned(),
        context: Some(
            "An integration acts with an editor's rights: it cannot manage staff, keys or \
             settings. An administrator does that in the desk."
                .to_owned(),
        ),
    }
    .into_response()
}

async fn unknown_endpoint() -> Response {
    ApiError {
        status: StatusCode::NOT_FOUND,
        kind: "NotFoundError",
        message: "Resource not found".to_owned(),
        context: Some(
            "The Admin API has site/, posts/, pages/, tags/, users/, images/upload/, newsletters/, members/ and webhooks/ (each address ends in a slash).".to_owned(),
        ),
    }
    .into_response()
}

/// Every answer says which API version answered, as Ghost's do.
async fn api_headers(mut response: Response) -> Response {
    response.headers_mut().insert(
        "content-version",
        HeaderValue::from_static(super::content::CONTENT_VERSION),
    );
    response
}
