//! Who is calling the Admin API: the integration whose admin key signed the request's
//! token (`core::admin_token` checks it). An integration acts with an editor's rights.
//! Desk sessions do not reach the Admin API: a cookie would let any page the editor
//! visits make writes (CSRF), so the Admin API takes tokens only.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use byline_core::admin_token;
use byline_core::integrations::Integration;
use jiff::Timestamp;

use crate::api::errors::ApiError;
use crate::state::SharedState;

/// The integration a request comes from, its token checked.
pub struct Caller {
    pub integration: Integration,
}

impl FromRequestParts<SharedState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Caller, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Ghost "))
            .map(str::trim)
            .ok_or_else(ApiError::no_authorization)?;
        let key_id = admin_token::key_id(token).map_err(ApiError::invalid_token)?;
        let Some((integration, secret)) = state.db.integration_by_admin_key(&key_id).await? else {
            return Err(ApiError::unknown_admin_key());
        };
        admin_token::verify(token, &secret, Timestamp::now()).map_err(ApiError::invalid_token)?;
        Ok(Caller { integration })
    }
}
