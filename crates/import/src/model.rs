//! What a reader hands the importer: an archive in neutral terms, with every row's id
//! in the source so a second import can find what the first one made.

use byline_core::{LanguageTag, PostKind, PostStatus};
use jiff::Timestamp;

use crate::Body;

/// The platform an archive comes from; with a row's source id it names the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Ghost,
    WordPress,
}

impl Platform {
    /// How the platform is named in stored source keys and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Ghost => "ghost",
            Platform::WordPress => "wordpress",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Platform::Ghost => "Ghost",
            Platform::WordPress => "WordPress",
        }
    }
}

/// A person with a byline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceAuthor {
    pub source_id: String,
    /// As the source spelled it; the importer makes a Byline slug of it.
    pub slug: String,
    pub name: String,
    /// Markdown or plain text.
    pub bio: Option<String>,
    /// The photo's address in the source.
    pub photo: Option<String>,
}

/// A Ghost tag or a WordPress category or tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceTag {
    pub source_id: String,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    /// Ghost's `#internal` tags: used to organise, never shown to readers. Byline has
    /// no such tags, so posts keep them only in the import report.
    pub internal: bool,
}

/// A picture as the source describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceImage {
    /// The address in the source (rewritten once the file is copied).
    pub url: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// A post or page, its body already converted.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcePost {
    pub source_id: String,
    /// The source's stable public id (Ghost's `uuid`), kept so feed GUIDs do not
    /// change when a newsroom moves.
    pub uuid: Option<String>,
    pub kind: PostKind,
    pub status: PostStatus,
    /// As the source spelled it (decoded); the importer makes a Byline slug of it.
    pub slug: String,
    pub title: String,
    /// The standfirst: Ghost's custom excerpt, WordPress's hand-written excerpt.
    pub subtitle: Option<String>,
    pub body: Body,
    pub image: Option<SourceImage>,
    pub featured: bool,
    pub published_at: Option<Timestamp>,
    pub created_at: Option<Timestamp>,
    /// Source ids of its authors, in byline order.
    pub authors: Vec<String>,
    /// Source ids of its tags, the section first.
    pub tags: Vec<String>,
    /// Addresses this post had on the old site besides `/{slug}/` (WordPress's
    /// `/?p=ID` and date-based permalinks); each will redirect to the new page.
    pub old_paths: Vec<String>,
    /// Where the post was found in the file, for messages ("post 'pier-fire' (id 61)").
    pub location: String,
    /// The language the old site recorded for it, if it recorded one (see
    /// [`crate::languages`]); `None` is the site's own language.
    pub language: Option<LanguageTag>,
    /// Shared by the posts that are translations of each other on the old site.
    pub translation_key: Option<String>,
}

/// A newsletter readers subscribe to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceNewsletter {
    pub source_id: String,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub sender_name: Option<String>,
    pub sender_email: Option<String>,
}

/// A reader on the mailing list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMember {
    pub source_id: String,
    pub email: String,
    pub name: String,
    pub created_at: Option<Timestamp>,
    /// Source ids of the newsletters they receive (their consent, as given on the old
    /// site).
    pub subscribed: Vec<String>,
}

/// Where an old address should lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectTarget {
    /// Wherever the imported post with this source id lives now.
    Post(String),
    Tag(String),
    Author(String),
    /// A fixed address on this site.
    Path(String),
}

/// An old address that must keep working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRedirect {
    /// A site-relative path, with its query if it has one (`/?p=61`).
    pub from: String,
    pub to: RedirectTarget,
    pub permanent: bool,
}
