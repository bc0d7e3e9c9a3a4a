//! A member as a client writes it, read from `{"members":[{…}]}`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use serde::Deserialize;
use utoipa::ToSchema;

use super::invalid;
use crate::api::admin::posts::body_json;
use crate::api::errors::ApiError;

const MAX_NAME_CHARS: usize = 191;

/// A member as a client writes it: an add needs `email`; an edit may change the
/// name and the newsletters.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MemberInput {
    pub email: Option<String>,
    pub name: Option<String>,
    pub newsletters: Option<Vec<NewsletterRef>>,
    /// The reader already agreed to receive the newsletters (recorded with the
    /// integration's name).
    #[serde(default)]
    pub byline_consent: bool,
}

/// A newsletter named by id, slug or name.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewsletterRef {
    pub id: Option<String>,
    pub slug: Option<String>,
    pub name: Option<String>,
}

/// An add or edit of a member: exactly one.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MembersInput {
    #[serde(default)]
    members: Vec<MemberInput>,
}

pub fn the_member(body: Result<Bytes, BytesRejection>) -> Result<MemberInput, ApiError> {
    let envelope: MembersInput = body_json(body, "members")?;
    match <[MemberInput; 1]>::try_from(envelope.members) {
        Ok([member]) => Ok(member),
        Err(_) => Err(invalid("Send exactly one object in \"members\".")),
    }
}

pub fn checked_name(name: Option<&str>) -> Result<String, ApiError> {
    let name = name.map(str::trim).unwrap_or_default();
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(invalid(format!(
            "A name can be at most {MAX_NAME_CHARS} characters long."
        )));
    }
    Ok(byline_core::text::strip_controls(name).into_owned())
}
