//! Byline's domain: the content a newsroom publishes and the rules it follows.
//!
//! Nothing here does I/O. Storage, HTTP and the binary build on these types, so the
//! rules (how a slug is made, how long an article takes to read, how Markdown becomes
//! safe HTML) live in one place and are tested fast.

pub mod accounts;
pub mod admin_token;
pub mod content;
pub mod credits;
pub mod editions;
pub mod email;
pub mod headers;
pub mod html;
pub mod ids;
pub mod integrations;
pub mod language;
pub mod links;
pub mod markdown;
pub mod media;
pub mod narration;
pub mod news_feed;
pub mod newsletters;
pub mod public_ids;
pub mod reading_time;
pub mod revisions;
pub mod search;
pub mod slug;
pub mod text;
pub mod webhooks;

pub use accounts::{Action, PostAccess, Role, User};
pub use content::{
    Author, Collection, EditorNote, FeedItem, Image, NewPost, NoteKind, Post, PostKind, PostStatus,
    Tag,
};
pub use email::{EmailAddress, EmailError, InvalidEmail};
pub use ids::{EditionId, IssueId, NewsletterId, PostId, SubscriberId};
pub use language::LanguageTag;
pub use slug::{Slug, SlugError};
