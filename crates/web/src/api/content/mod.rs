//! The Ghost-compatible Content API: the site's published content, read-only, for
//! any software that speaks Ghost's Content API (`@tryghost/content-api`, headless
//! frontends, apps), at `/ghost/api/content/` and the older `/ghost/api/v2|v3|v4|canary/content/`.
//!
//! Every request goes the same way ([`serve`]): the query is read and checked, the
//! key is checked, and the answer comes from the page cache or is rendered and kept
//! there until what it shows changes (the same invalidation pages get, across
//! nodes). Answers carry an ETag, so a repeat is a 304, and are open to any origin.

mod auth;
pub(crate) mod editions;
use super::errors;
pub(crate) mod objects;
pub(crate) mod openapi;
pub(crate) mod params;
pub(crate) mod people;
mod posts;
mod site;

use std::sync::Arc;

use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use auth::KnownKeys;
use errors::{ApiError, ErrorsBody};
use openapi::Finishing;
use params::Params;

use crate::kit::cache::{CacheEntry, CachedPage, Deps, Lookup, Shelf};
use crate::kit::http::respond;
use crate::state::SharedState;

/// The API version answered in `Content-Version` (Ghost's current major).
pub const CONTENT_VERSION: &str = "v6.0";
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
    // Each handler is registered with its own `#[utoipa::path]`, so what is routed
    // and what is described are one list.
    let (api, description) = OpenApiRouter::with_openapi(Description::openapi())
        .routes(routes!(posts::browse_posts))
        .routes(routes!(posts::read_post))
        .routes(routes!(posts::read_post_by_slug))
        .routes(routes!(posts::browse_pages))
        .routes(routes!(posts::read_page))
        .routes(routes!(posts::read_page_by_slug))
        .routes(routes!(people::browse_tags))
        .routes(routes!(people::read_tag))
        .routes(routes!(people::read_tag_by_slug))
        .routes(routes!(people::browse_authors))
        .routes(routes!(people::read_author))
        .routes(routes!(people::read_author_by_slug))
        .routes(routes!(site::settings))
        .routes(routes!(site::newsletters))
        .routes(routes!(site::tiers))
        .split_for_parts();
    // After the routes' own parts are in: it adjusts their objects.
    let description = Arc::new(Finishing::applied_to(description));
    let api = api
        .route(
            "/openapi.json",
            get(async move |State(state): State<SharedState>| {
                openapi::describe(state, description.clone()).await
            }),
        )
        .fallback(unknown_endpoint)
        .layer(axum::middleware::map_response(api_headers))
        .layer(axum::middleware::from_fn(preflight));
    PREFIXES.iter().fold(Router::new(), |router, prefix| {
        router.nest(prefix, api.clone())
    })
}

/// The parts of the OpenAPI description that are not a route's.
#[derive(utoipa::OpenApi)]
#[openapi(
    components(schemas(ErrorsBody)),
    tags(
        (name = "posts", description = "Published articles"),
        (name = "pages", description = "Published pages (About, Contact, ...)"),
        (name = "tags", description = "Tags, with how many articles each has"),
        (name = "authors", description = "Authors, with how many articles each has"),
        (name = "settings", description = "What the site says about itself"),
        (name = "newsletters", description = "Newsletters taking signups"),
        (name = "tiers", description = "One free tier"),
    )
)]
struct Description;

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
    body: String,
    deps: Deps,
}

impl Answer {
    pub fn json(body: &impl Serialize, deps: Deps) -> Result<Answer, ApiError> {
        Ok(Answer {
            body: serde_json::to_string(body)?,
            deps,
        })
    }
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
    let page = match state.cache.lookup_on(Shelf::Answers, &key).await {
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
            let page = Arc::new(CachedPage::new(answer.body, JSON));
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
