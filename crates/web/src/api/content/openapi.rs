//! The Content API's OpenAPI 3.1 description, served at
//! `/ghost/api/content/openapi.json`, built by utoipa from the code: each route's
//! `#[utoipa::path]` sits on its handler and is registered with it
//! (`utoipa_axum::routes!`), the objects are the types the API serializes, and the
//! query parameters and refusals are described below, beside each other.
//!
//! `Params::parse` reads the query by hand (one pass, Ghost's lenient spellings, one
//! canonical cache key), so the query types here describe it rather than being
//! deserialized; `params.rs`'s tests and schemathesis (tests/api/) hold the two to
//! each other.

use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{OpenApi, RefOr, Server};
use utoipa::{IntoParams, IntoResponses, Modify};

use super::errors::ErrorsBody;
use crate::state::SharedState;

/// Where the description says the API lives (the older prefixes answer the same).
const BASE_PATH: &str = "/ghost/api/content";

/// The security scheme every endpoint names: the Content API key in `?key=`.
pub const KEY_SCHEME: &str = "content_key";

/// The query of a browse of posts or pages.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query Params::parse reads")]
pub struct PostBrowseQuery {
    /// Related records to embed, comma-separated: `authors` and `tags`
    /// (`primary_author` and `primary_tag` come with them).
    #[param(
        pattern = "^(authors|tags|primary_author|primary_tag)(,(authors|tags|primary_author|primary_tag))*$"
    )]
    include: Option<String>,
    /// Only these fields of each object, comma-separated (what `include` adds stays).
    fields: Option<String>,
    /// The body's formats, comma-separated: `html` (the default) and `plaintext`.
    #[param(pattern = "^(html|plaintext)(,(html|plaintext))*$")]
    formats: Option<String>,
    /// Rows per page: 1 to 1,000 (larger numbers are cut to 1,000), or `all` (cut
    /// the same way). The default is 15.
    #[param(pattern = "^([1-9][0-9]{0,8}|all)$")]
    limit: Option<String>,
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// Up to five keys, comma-separated, each a property and `asc` or `desc`:
    /// `published_at desc, title asc`.
    order: Option<String>,
    /// An NQL filter: `tag:news+featured:true`, `published_at:>now-30d`,
    /// `authors:[ana,ben]`, `title:~'climate'`.
    filter: Option<String>,
}

/// The query of a read of one post or page.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query Params::parse reads")]
pub struct PostReadQuery {
    #[param(
        pattern = "^(authors|tags|primary_author|primary_tag)(,(authors|tags|primary_author|primary_tag))*$"
    )]
    include: Option<String>,
    fields: Option<String>,
    #[param(pattern = "^(html|plaintext)(,(html|plaintext))*$")]
    formats: Option<String>,
}

/// The query of a browse of tags or authors.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query Params::parse reads")]
pub struct PeopleBrowseQuery {
    /// `count.posts`: each one's published articles.
    #[param(pattern = "^count\\.posts$")]
    include: Option<String>,
    fields: Option<String>,
    #[param(pattern = "^([1-9][0-9]{0,8}|all)$")]
    limit: Option<String>,
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// `name asc`, `count.posts desc`, ...
    order: Option<String>,
    /// An NQL filter: `slug:[news,opinion]`, `name:~'Gar'`.
    filter: Option<String>,
}

/// The query of a read of one tag or author.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query Params::parse reads")]
pub struct PeopleReadQuery {
    #[param(pattern = "^count\\.posts$")]
    include: Option<String>,
    fields: Option<String>,
}

/// The query of the short lists (newsletters, tiers).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query Params::parse reads")]
pub struct ListQuery {
    fields: Option<String>,
    #[param(pattern = "^([1-9][0-9]{0,8}|all)$")]
    limit: Option<String>,
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
}

/// What any endpoint may refuse with.
#[derive(IntoResponses)]
#[expect(dead_code, reason = "describes the answers ApiError gives")]
pub enum Refusals {
    /// A parameter that cannot be read: a malformed filter, an unknown property, a
    /// bad limit or page, an include this resource does not have.
    #[response(status = 400)]
    BadRequest(ErrorsBody),
    /// A key that is not one of this site's.
    #[response(status = 401)]
    UnknownKey(ErrorsBody),
    /// No key.
    #[response(status = 403)]
    NoKey(ErrorsBody),
}

/// What a read may also answer.
#[derive(IntoResponses)]
#[expect(dead_code, reason = "describes the answers ApiError gives")]
pub enum NotFound {
    /// Nothing published has that id or slug.
    #[response(status = 404)]
    NotFound(ErrorsBody),
}

/// The objects `fields=` applies to.
const CUT_BY_FIELDS: &[&str] = &[
    "PostObject",
    "TagObject",
    "AuthorObject",
    "NewsletterObject",
    "TierObject",
];

/// Names the key's scheme and lets `fields=` pick any subset of an object.
pub struct Finishing;

impl Finishing {
    pub fn applied_to(mut openapi: OpenApi) -> OpenApi {
        Finishing.modify(&mut openapi);
        openapi
    }
}

impl Modify for Finishing {
    fn modify(&self, openapi: &mut OpenApi) {
        openapi.info.title = "Byline Content API".to_owned();
        openapi.info.description = Some(
            "Ghost's Content API, as Byline answers it: the site's published posts, pages, \
             tags, authors, settings, newsletters and tiers, read-only. docs/API.md has the \
             differences from Ghost."
                .to_owned(),
        );
        openapi.info.version = super::CONTENT_VERSION.to_owned();
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            KEY_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
                "key",
                "A Content API key: 26 hex digits, from Integrations in the desk or \
                 `byline integration add NAME`.",
            ))),
        );
        // `fields=` keeps any subset of these objects' fields, so none is required.
        for name in CUT_BY_FIELDS {
            if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(*name) {
                object.required.clear();
            }
        }
    }
}

/// `openapi.json`: the description, with this site's address as its server.
pub async fn describe(state: SharedState, description: Arc<OpenApi>) -> Response {
    let mut description = (*description).clone();
    let site = match state.chrome().await {
        Ok(chrome) => chrome.site.url.clone(),
        Err(error) => return super::errors::ApiError::from(error).into_response(),
    };
    description.servers = Some(vec![Server::new(format!("{site}{BASE_PATH}"))]);
    axum::Json(description).into_response()
}
