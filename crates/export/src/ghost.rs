//! The rows of Ghost's export file, as Ghost 5 names their fields. Only fields Byline
//! has something for are written; Ghost's importer fills the rest with its defaults.

use jiff::Timestamp;
use serde::Serialize;

/// A time as Ghost writes it: ISO 8601 in UTC with milliseconds,
/// `2024-11-16T19:06:00.000Z`.
pub(crate) fn time(at: Timestamp) -> String {
    format!(
        "{}.{:03}Z",
        at.strftime("%Y-%m-%dT%H:%M:%S"),
        at.subsec_millisecond().unsigned_abs()
    )
}

#[derive(Debug, Serialize)]
pub(crate) struct Post {
    pub id: String,
    pub uuid: String,
    pub title: String,
    pub slug: String,
    /// Always null: the body is in `lexical`.
    pub mobiledoc: Option<String>,
    pub lexical: String,
    pub html: String,
    pub plaintext: String,
    pub feature_image: Option<String>,
    pub featured: bool,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub status: &'static str,
    pub visibility: &'static str,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    pub custom_excerpt: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PostMeta {
    pub id: String,
    pub post_id: String,
    pub feature_image_alt: Option<String>,
    pub feature_image_caption: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Tag {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub visibility: &'static str,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct User {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub email: String,
    pub bio: Option<String>,
    pub profile_image: Option<String>,
    pub status: &'static str,
    pub visibility: &'static str,
    pub created_at: String,
    pub updated_at: String,
}

/// A link of a post to a tag (`tag_id`) or an author (`author_id`).
#[derive(Debug, Serialize)]
pub(crate) struct PostLink {
    pub id: String,
    pub post_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_id: Option<String>,
    pub sort_order: i64,
}

#[derive(Debug, Serialize)]
pub(crate) struct Role {
    pub id: String,
    pub name: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct RoleUser {
    pub id: String,
    pub role_id: String,
    pub user_id: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Setting {
    pub id: String,
    pub group: &'static str,
    pub key: &'static str,
    pub value: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct Newsletter {
    pub id: String,
    pub uuid: String,
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    pub sender_name: String,
    pub sender_email: String,
    /// `newsletter` (replies go to the sender) or an address.
    pub sender_reply_to: String,
    pub status: &'static str,
    pub visibility: &'static str,
    pub subscribe_on_signup: bool,
    pub sort_order: u64,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct Member {
    pub id: String,
    pub uuid: String,
    pub email: String,
    pub name: Option<String>,
    pub status: &'static str,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct MemberNewsletter {
    pub id: String,
    pub member_id: String,
    pub newsletter_id: String,
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_have_milliseconds_and_zulu() {
        let at: jiff::Timestamp = "2024-11-16T19:06:00Z".parse().unwrap();
        assert_eq!(super::time(at), "2024-11-16T19:06:00.000Z");
    }
}
