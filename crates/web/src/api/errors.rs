//! The APIs' one error policy (Content and Admin): every refusal is Ghost's error envelope,
//! `{"errors":[{"message","context","type",...}]}`, with Ghost's type names and
//! status codes, so a Ghost client throws an error a developer recognises.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::kit::errors::HttpError;

/// What a refused request gets back.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorsBody {
    /// Exactly one.
    pub errors: Vec<ErrorObject>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorObject {
    /// What went wrong, in a sentence.
    pub message: String,
    /// What to do about it, or what was found instead.
    pub context: Option<String>,
    /// Ghost's error type: `BadRequestError`, `NoPermissionError`,
    /// `UnauthorizedError`, `NotFoundError`, `MethodNotAllowedError`, ...
    #[serde(rename = "type")]
    pub kind: String,
    pub details: Option<String>,
    pub property: Option<String>,
    pub help: Option<String>,
    pub code: Option<String>,
    pub id: Option<String>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: &'static str,
    pub message: String,
    pub context: Option<String>,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>, context: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            kind: "BadRequestError",
            message: message.into(),
            context: Some(context.into()),
        }
    }

    /// A write whose content is refused (422), as Ghost words it: "Validation error,
    /// cannot save post." with what is wrong in `context`.
    pub fn validation(thing: &str, context: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            kind: "ValidationError",
            message: format!("Validation error, cannot save {thing}."),
            context: Some(context.into()),
        }
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            kind: "NotFoundError",
            message: format!("{what} not found."),
            context: None,
        }
    }

    /// No key at all: Ghost answers 403.
    pub fn no_key() -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            kind: "NoPermissionError",
            message: "Authorization failed".to_owned(),
            context: Some(
                "This API needs a Content API key in ?key=. An administrator makes one under \
                 Integrations in the desk, or with `byline integration add NAME`."
                    .to_owned(),
            ),
        }
    }

    /// A key that is not one of this site's: Ghost answers 401.
    pub fn unknown_key() -> ApiError {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            kind: "UnauthorizedError",
            message: "Unknown Content API Key".to_owned(),
            context: Some(
                "The key is not one of this site's (it may have been regenerated or its \
                 integration deleted). Keys are 26 hexadecimal digits."
                    .to_owned(),
            ),
        }
    }
}

impl ApiError {
    /// No `Authorization: Ghost <token>` on an Admin API request: Ghost answers 403.
    pub fn no_authorization() -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            kind: "NoPermissionError",
            message: "Authorization failed".to_owned(),
            context: Some(
                "The Admin API needs `Authorization: Ghost <token>`: a JWT signed with an \
                 integration's admin key (Ghost's @tryghost/admin-api makes one per request)."
                    .to_owned(),
            ),
        }
    }

    /// A token that is not one this site accepts, and why.
    pub fn invalid_token(reason: impl std::fmt::Display) -> ApiError {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            kind: "UnauthorizedError",
            message: format!("Invalid token: {reason}"),
            context: None,
        }
    }

    /// A token naming an admin key this site does not have.
    pub fn unknown_admin_key() -> ApiError {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            kind: "UnauthorizedError",
            message: "Unknown Admin API Key".to_owned(),
            context: Some(
                "The token's kid is not one of this site's admin keys (it may have been \
                 regenerated or its integration deleted)."
                    .to_owned(),
            ),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        if let StoreError::InvalidQuery(message) = error {
            return ApiError::bad_request("The request could not be understood.", message);
        }
        ApiError::from_http(HttpError::Store(error))
    }
}

impl From<HttpError> for ApiError {
    fn from(error: HttpError) -> ApiError {
        ApiError::from_http(error)
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> ApiError {
        ApiError::from_http(HttpError::Other(error.into()))
    }
}

impl ApiError {
    /// One policy for what a server-side failure means (and one place it is logged).
    fn from_http(error: HttpError) -> ApiError {
        let answer = error.answer();
        ApiError {
            status: answer.status,
            kind: answer.kind,
            message: answer.title.to_owned(),
            context: Some(answer.message),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorsBody {
            errors: vec![ErrorObject {
                message: self.message,
                context: self.context,
                kind: self.kind.to_owned(),
                details: None,
                property: None,
                help: None,
                code: None,
                id: None,
            }],
        };
        let mut response = (
            self.status,
            [(header::CACHE_CONTROL, "no-store")],
            axum::Json(body),
        )
            .into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}
