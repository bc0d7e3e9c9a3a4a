//! The Ghost-compatible Admin API, at `/ghost/api/admin/` and the older
//! `/ghost/api/v2|v3|v4|canary/admin/`: what other software writes through. Every
//! endpoint but `site/` takes the caller as an [`auth::Caller`], so no handler can
//! forget the token check. Built so far: the token check, `site/`, reading tags,
//! and posts and pages in full; the rest of issue 18 comes next.

mod auth;
mod images;
mod members;
mod newsletters;
mod people;
mod posts;
mod site;
mod tags;
mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};

pub use auth::Caller;
pub use members::member_object;
pub use posts::post_object;

use super::errors::ApiError;
use crate::state::SharedState;

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
    let api = Router::new()
        .route("/site/", get(site::read))
        .route("/tags/", get(people::browse_tags).post(tags::add))
        .route(
            "/tags/{id}/",
            get(people::read_tag).put(tags::edit).delete(tags::delete),
        )
        .route("/tags/slug/{slug}/", get(people::read_tag_by_slug))
        .route(
            "/images/upload/",
            post(images::upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES)),
        )
        .route("/webhooks/", post(webhooks::add))
        .route(
            "/webhooks/{id}/",
            axum::routing::put(webhooks::edit).delete(webhooks::delete),
        )
        .route("/newsletters/", get(newsletters::browse))
        .route("/members/", get(members::browse).post(members::add))
        .route(
            "/members/{id}/",
            get(members::read)
                .put(members::edit)
                .delete(members::delete),
        )
        .route("/users/", get(people::browse_users).post(staff_only))
        .route(
            "/users/{id}/",
            get(people::read_user).put(staff_only).delete(staff_only),
        )
        .route("/users/slug/{slug}/", get(people::read_user_by_slug))
        .route("/posts/", get(posts::browse).post(posts::add))
        .route("/pages/", get(posts::browse).post(posts::add))
        .route(
            "/posts/{id}/",
            get(posts::read).put(posts::edit).delete(posts::delete),
        )
        .route(
            "/pages/{id}/",
            get(posts::read).put(posts::edit).delete(posts::delete),
        )
        .route("/posts/slug/{slug}/", get(posts::read_by_slug))
        .route("/pages/slug/{slug}/", get(posts::read_by_slug))
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
