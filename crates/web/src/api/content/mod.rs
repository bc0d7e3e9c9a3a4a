//! The Ghost-compatible Content API: the site's published content, read-only, for
//! any software that speaks Ghost's Content API (`@tryghost/content-api`, headless
//! frontends, apps), at `/ghost/api/content/` and the older `/ghost/api/v2|v3|v4|canary/content/`.
//!
//! Every request goes the same way ([`serve`]): the query is read and checked, the
//! key is checked, and the answer comes from the page cache or is rendered and kept
//! there until what it shows changes (the same invalidation pages get, across
//! nodes). Answers carry an ETag, so a repeat is a 304, and are open to any origin.

mod auth;
mod errors;
mod objects;
mod params;
mod people;
mod posts;
mod site;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::Value;

pub use auth::KnownKeys;
use errors::ApiError;
use params::Params;

use crate::kit::cache::{CacheEntry, CachedPage, Deps, Lookup};
use crate::kit::http::respond;
use crate::state::SharedState;

/// The API version answered in `Content-Version` (Ghost's current major).
const CONTENT_VERSION: &str = "v6.0";
const JSON: &str = "application/json; charset=utf-8";
/// The prefixes clients use: today's, and the versioned ones older clients build.
const PREFIXES: &[&str] = &[
    "/ghost/api/content",
    "/ghost/api/v2/content",
    "/ghost/api/v3/content",
    "/ghost/api/v4/content",
    "/ghost/api/canary/content",
];

pub fn routes() -> Router<SharedState> {
    let api = Router::new()
        .route("/posts/", get(posts::browse_posts))
        .route("/posts/{id}/", get(posts::read_post))
        .route("/posts/slug/{slug}/", get(posts::read_post_by_slug))
        .route("/pages/", get(posts::browse_pages))
        .route("/pages/{id}/", get(posts::read_page))
        .route("/pages/slug/{slug}/", get(posts::read_page_by_slug))
        .route("/tags/", get(people::browse_tags))
        .route("/tags/{id}/", get(people::read_tag))
        .route("/tags/slug/{slug}/", get(people::read_tag_by_slug))
        .route("/authors/", get(people::browse_authors))
        .route("/authors/{id}/", get(people::read_author))
        .route("/authors/slug/{slug}/", get(people::read_author_by_slug))
        .route("/settings/", get(site::settings))
        .route("/newsletters/", get(site::newsletters))
        .route("/tiers/", get(site::tiers))
        .fallback(unknown_endpoint)
        .layer(axum::middleware::map_response(api_headers))
        .layer(axum::middleware::from_fn(preflight));
    PREFIXES.iter().fold(Router::new(), |router, prefix| {
        router.nest(prefix, api.clone())
    })
}

/// What every endpoint reads from its request: the shared state, the query string
/// and the headers (for conditional requests).
pub struct ApiRequest {
    state: SharedState,
    query: Option<String>,
    headers: HeaderMap,
}

impl FromRequestParts<SharedState> for ApiRequest {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        Ok(ApiRequest {
            state: state.clone(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers.clone(),
        })
    }
}

/// A rendered answer and what it shows (so the cache keeps it until that changes).
pub struct Answer {
    pub body: Value,
    pub deps: Deps,
}

/// Reads the parameters, checks the key, and answers from the cache or `render`.
async fn serve<F>(
    request: &ApiRequest,
    includes: &[&'static str],
    path: String,
    render: F,
) -> Response
where
    F: AsyncFnOnce(Params) -> Result<Answer, ApiError>,
{
    let state = &request.state;
    let params = match Params::parse(request.query.as_deref(), includes) {
        Ok(params) => params,
        Err(error) => return error.into_response(),
    };
    if let Err(error) = auth::check(state, params.key.as_deref()).await {
        return error.into_response();
    }
    let key = format!("{path}?{}", params.canonical());
    let page = match state.cache.lookup(&key).await {
        Lookup::Hit(entry) => {
            metrics::counter!("byline_api_cache_hits_total").increment(1);
            match entry.whole_page() {
                Some(page) => page,
                None => return ApiError::not_found("Resource").into_response(),
            }
        }
        Lookup::Miss(miss) => {
            metrics::counter!("byline_api_cache_misses_total").increment(1);
            let answer = match render(params).await {
                Ok(answer) => answer,
                Err(error) => return error.into_response(),
            };
            let page = Arc::new(CachedPage::new(answer.body.to_string(), JSON));
            state
                .cache
                .fill(miss, Arc::new(CacheEntry::whole(page.clone(), answer.deps)));
            page
        }
    };
    respond(&page, &request.headers, state.cache.changed_at())
}

/// Answers `error`, unless the key is missing or wrong (that is said first, so a
/// client without a key learns nothing about what exists).
async fn refuse(request: &ApiRequest, error: ApiError) -> Response {
    let key = Params::parse(request.query.as_deref(), &[])
        .ok()
        .and_then(|p| p.key);
    match auth::check(&request.state, key.as_deref()).await {
        Ok(()) => error.into_response(),
        Err(auth_error) => auth_error.into_response(),
    }
}

async fn unknown_endpoint(method: Method) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return ApiError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            kind: "MethodNotAllowedError",
            message: "The Content API only reads.".to_owned(),
            context: Some("Use GET; changes go through the Admin API.".to_owned()),
        }
        .into_response();
    }
    ApiError {
        status: StatusCode::NOT_FOUND,
        kind: "NotFoundError",
        message: "Resource not found".to_owned(),
        context: Some(
            "The Content API has posts/, pages/, tags/, authors/, settings/, newsletters/ and \
             tiers/ (each address ends in a slash)."
                .to_owned(),
        ),
    }
    .into_response()
}

/// Every answer, errors included, is open to any origin (the key is public by
/// nature) and says which API version answered.
async fn api_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert("content-version", HeaderValue::from_static(CONTENT_VERSION));
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("content-version"),
    );
    response
}

/// A browser asks before sending `Accept-Version` from another origin: any origin
/// may read, with any request headers.
async fn preflight(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if request.method() != Method::OPTIONS {
        return next.run(request).await;
    }
    let asked = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("accept-version, content-type"));
    (
        StatusCode::NO_CONTENT,
        [
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
            (
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, HEAD, OPTIONS"),
            ),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, asked),
            (
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("86400"),
            ),
        ],
    )
        .into_response()
}
