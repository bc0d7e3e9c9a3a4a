//! The Admin API's objects and envelopes as Rust types: what it writes
//! (`Serialize`) and what its OpenAPI description says (`ToSchema`), so the two
//! cannot drift apart. Posts, tags and authors are the Content API's objects
//! (`api/content/objects/`), a post with its status beside them.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::content::objects::envelopes::envelopes;
use crate::api::content::objects::{AuthorObject, Meta, NewsletterObject, PostObject, TagObject};

/// A post or page in any status.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminPostObject {
    #[serde(flatten)]
    pub post: PostObject,
    /// `draft`, `published` or `scheduled`.
    #[schema(pattern = "^(draft|published|scheduled)$")]
    pub status: String,
}

/// A newsletter, open to signups or not.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminNewsletterObject {
    #[serde(flatten)]
    pub newsletter: NewsletterObject,
    /// `active` when it takes signups, `archived` when it does not.
    pub status: String,
    pub sender_email: String,
    /// `newsletter` (replies go to the sender) or the reply-to address.
    pub sender_reply_to: String,
}

/// A newsletter subscriber, as Ghost's member.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberObject {
    #[schema(pattern = "^[0-9a-f]{24}$")]
    pub id: String,
    /// Always `null`.
    pub uuid: Option<String>,
    pub email: String,
    pub name: Option<String>,
    /// Always `null`.
    pub note: Option<String>,
    /// Always `null`.
    pub geolocation: Option<String>,
    /// Always `free`.
    pub status: String,
    /// Whether the member receives at least one newsletter.
    pub subscribed: bool,
    /// The newsletters the member receives.
    pub newsletters: Vec<MemberNewsletter>,
    /// Always empty.
    pub labels: Vec<Value>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// Where the member stands on each newsletter they signed up for.
    pub byline_subscriptions: Vec<MemberStanding>,
    /// Where the address came from.
    pub byline_source: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberNewsletter {
    pub id: String,
    pub name: String,
    pub slug: String,
    /// `active` or `archived`.
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberStanding {
    /// The newsletter's slug.
    pub newsletter: String,
    /// `pending` (waiting for the reader's confirmation), `active` or `left`.
    pub status: String,
    #[schema(format = DateTime)]
    pub requested_at: String,
    #[schema(format = DateTime)]
    pub confirmed_at: Option<String>,
    #[schema(format = DateTime)]
    pub left_at: Option<String>,
}

/// A request to hear of an event at an address.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookObject {
    #[schema(pattern = "^[0-9a-f]{24}$")]
    pub id: String,
    pub event: String,
    pub target_url: String,
    pub name: Option<String>,
    pub secret: Option<String>,
    pub api_version: String,
    pub integration_id: String,
    /// Always `available`.
    pub status: String,
    #[schema(format = DateTime)]
    pub last_triggered_at: Option<String>,
    /// The receiver's last answer (`200`), if it answered.
    pub last_triggered_status: Option<String>,
    pub last_triggered_error: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

/// An uploaded image's address, and the client's own label for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImageObject {
    pub url: String,
    #[serde(rename = "ref")]
    #[schema(rename = "ref")]
    pub reference: Option<String>,
}

envelopes!(AdminPostsBrowse, AdminPostsRead, posts, AdminPostObject);
envelopes!(AdminPagesBrowse, AdminPagesRead, pages, AdminPostObject);
envelopes!(AdminTagsBrowse, AdminTagsRead, tags, TagObject);
envelopes!(UsersBrowse, UsersRead, users, AuthorObject);
envelopes!(MembersBrowse, MembersRead, members, MemberObject);

#[derive(Debug, Serialize, ToSchema)]
pub struct AdminNewslettersBrowse {
    #[schema(value_type = Vec<AdminNewsletterObject>)]
    pub newsletters: Vec<Value>,
    pub meta: Meta,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhooksRead {
    /// Exactly one.
    pub webhooks: Vec<WebhookObject>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImagesUploaded {
    /// Exactly one.
    pub images: Vec<ImageObject>,
}

/// What the site says about itself to a client before it signs anything.
#[derive(Debug, Serialize, ToSchema)]
pub struct SiteObject {
    pub title: String,
    pub description: String,
    pub logo: Option<String>,
    pub icon: Option<String>,
    pub accent_color: Option<String>,
    pub locale: String,
    pub url: String,
    /// The Ghost version whose API this answers, `6.0`.
    pub version: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SiteRead {
    pub site: SiteObject,
}
