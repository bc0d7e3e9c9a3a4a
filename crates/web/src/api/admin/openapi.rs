//! The Admin API's OpenAPI 3.1 description, served at `/ghost/api/admin/openapi.json`,
//! built by utoipa from the code as the Content API's is: each route's
//! `#[utoipa::path]` sits on its handler and is registered with it, and the objects
//! are the types the API writes (`objects.rs`) and reads (`RequestBodies`).
//!
//! Only what an integration may use is described: the endpoints that answer it
//! 403 by role (settings, staff, keys) are left out.

use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{OpenApi, RefOr, Server};
use utoipa::{IntoParams, IntoResponses, Modify};

use crate::api::errors::ErrorsBody;
use crate::state::SharedState;

const BASE_PATH: &str = "/ghost/api/admin";

/// The security scheme every endpoint but `site/` names.
pub const TOKEN_SCHEME: &str = "admin_token";

/// What any endpoint that takes a token may refuse with.
#[derive(IntoResponses)]
#[expect(dead_code, reason = "describes the answers ApiError gives")]
pub enum Refusals {
    /// A parameter or body that cannot be read: a malformed filter or query, a body
    /// that is not the JSON (or form) the endpoint takes.
    #[response(status = 400)]
    BadRequest(ErrorsBody),
    /// A token that is not valid: forged, expired, from the future, for another
    /// audience, or naming an unknown key.
    #[response(status = 401)]
    BadToken(ErrorsBody),
    /// No token.
    #[response(status = 403)]
    NoToken(ErrorsBody),
}

#[derive(IntoResponses)]
#[expect(dead_code, reason = "describes the answers ApiError gives")]
pub enum NotFound {
    /// Nothing has that id or slug (or it is another integration's webhook).
    #[response(status = 404)]
    NotFound(ErrorsBody),
}

#[derive(IntoResponses)]
#[expect(dead_code, reason = "describes the answers ApiError gives")]
pub enum Invalid {
    /// The content is refused, and nothing was saved: the context says why.
    #[response(status = 422)]
    Invalid(ErrorsBody),
}

#[derive(IntoResponses)]
#[expect(dead_code, reason = "describes the answers ApiError gives")]
pub enum Collision {
    /// The post was saved after the `updated_at` sent: read it again.
    #[response(status = 409)]
    Collision(ErrorsBody),
}

#[derive(IntoResponses)]
#[expect(dead_code, reason = "describes the answers ApiError gives")]
pub enum TooLarge {
    /// The body (or the image) is over the limit.
    #[response(status = 413)]
    TooLarge(ErrorsBody),
}

/// `?source=html` on a post's add or edit.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query the handlers read")]
pub struct SourceQuery {
    /// `html`: the `html` field is the body (Byline takes it without this too).
    #[param(pattern = "^html$")]
    source: Option<String>,
}

/// A browse of members.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query the handlers read")]
pub struct MembersQuery {
    /// Part of an address or a name.
    search: Option<String>,
    /// One address: `email:'reader@example.org'`.
    #[param(pattern = "^email:")]
    filter: Option<String>,
    #[param(pattern = "^([1-9][0-9]{0,8}|all)$")]
    limit: Option<String>,
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
}

/// How a member's consent is vouched for on an add or an edit that joins a newsletter.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[expect(dead_code, reason = "describes the query the handlers read")]
pub struct ConsentQuery {
    /// `true`: email the reader a confirmation link (double opt-in).
    #[param(pattern = "^(true|false)$")]
    send_email: Option<String>,
    /// `signup` or `subscribe` (both mean the confirmation email).
    email_type: Option<String>,
}

/// The objects `fields=` applies to.
const CUT_BY_FIELDS: &[&str] = &[
    "AdminPostObject",
    "PostObject",
    "TagObject",
    "AuthorObject",
    "NewsletterObject",
    "AdminNewsletterObject",
];

/// Names the token's scheme and lets `fields=` pick any subset of an object.
pub struct Finishing;

impl Finishing {
    pub fn applied_to(mut openapi: OpenApi) -> OpenApi {
        Finishing.modify(&mut openapi);
        openapi
    }
}

impl Modify for Finishing {
    fn modify(&self, openapi: &mut OpenApi) {
        openapi.info.title = "Byline Admin API".to_owned();
        openapi.info.description = Some(
            "Ghost's Admin API, as Byline answers it: posts and pages in every status, \
             tags, authors (users), images, newsletters, members and webhooks, for \
             integrations with an editor's rights. docs/API.md has the differences from \
             Ghost."
                .to_owned(),
        );
        openapi.info.version = crate::api::content::CONTENT_VERSION.to_owned();
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            TOKEN_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "`Ghost <token>`: an HS256 JWT signed with the integration's admin key \
                 (kid = the key's id, aud = /admin/, at most five minutes of life), as \
                 @tryghost/admin-api makes one for every request.",
            ))),
        );
        for name in CUT_BY_FIELDS {
            match components.schemas.get_mut(*name) {
                Some(RefOr::T(Schema::Object(object))) => object.required.clear(),
                // An object with another flattened into it.
                Some(RefOr::T(Schema::AllOf(all))) => {
                    for part in &mut all.items {
                        if let RefOr::T(Schema::Object(object)) = part {
                            object.required.clear();
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// `openapi.json`: the description, with this site's address as its server.
pub async fn describe(state: SharedState, description: Arc<OpenApi>) -> Response {
    let mut description = (*description).clone();
    let site = match state.chrome().await {
        Ok(chrome) => chrome.site.url.clone(),
        Err(error) => return crate::api::errors::ApiError::from(error).into_response(),
    };
    description.servers = Some(vec![Server::new(format!("{site}{BASE_PATH}"))]);
    axum::Json(description).into_response()
}
