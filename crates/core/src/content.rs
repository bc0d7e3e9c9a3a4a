//! The things a newsroom publishes: posts and pages, authors, tags (sections),
//! editor's notes, news-feed items and curated collections.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::Serialize;

use crate::ids::{EditionId, PostId};
use crate::slug::Slug;

/// Longest headline we accept, in characters.
pub const MAX_TITLE_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PostKind {
    /// A dated article with bylines and a section.
    Post,
    /// A standing page such as "About" or "Contact".
    Page,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PostStatus {
    Draft,
    Scheduled,
    Published,
}

/// What an editor's note says about the change it records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    Update,
    Correction,
    Clarification,
}

/// A stored enum value that is not one we know: the database holds something this
/// version of Byline did not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{value}'")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
}

macro_rules! text_enum {
    ($ty:ident, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }
        }
        impl FromStr for $ty {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($ty::$variant),)+
                    other => Err(UnknownValue { what: $what, value: other.to_owned() }),
                }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum!(PostKind, "post kind", { Post => "post", Page => "page" });
text_enum!(PostStatus, "post status", {
    Draft => "draft", Scheduled => "scheduled", Published => "published",
});
text_enum!(NoteKind, "note kind", {
    Update => "update", Correction => "correction", Clarification => "clarification",
});

impl NoteKind {
    /// The label a reader sees above the note: an update is an "Editor's note", the
    /// way the newsrooms Byline serves label them.
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Update => "Editor's note",
            NoteKind::Correction => "Correction",
            NoteKind::Clarification => "Clarification",
        }
    }
}

/// A picture with what a reader and a screen reader need to know about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    pub url: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Author {
    pub id: i64,
    pub slug: Slug,
    pub name: String,
    /// Markdown as the author wrote it.
    pub bio: Option<String>,
    pub photo_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub id: i64,
    pub slug: Slug,
    pub name: String,
    pub description: Option<String>,
}

/// A dated public note about a change to a published article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditorNote {
    pub id: i64,
    pub kind: NoteKind,
    pub text: String,
    pub created_at: Timestamp,
}

/// What a list of articles needs: everything but the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostSummary {
    pub id: PostId,
    /// A public identifier that never changes, even when the slug does (feed GUIDs).
    pub uuid: String,
    pub slug: Slug,
    pub kind: PostKind,
    pub status: PostStatus,
    pub title: String,
    pub subtitle: Option<String>,
    /// Plain text for cards: the subtitle if there is one, else the body's opening.
    pub excerpt: String,
    pub image: Option<Image>,
    pub featured: bool,
    pub published_at: Option<Timestamp>,
    /// The public "Updated" time: moves only when an editor's note records a
    /// significant update, never on a plain save.
    pub updated_at: Option<Timestamp>,
    /// When anything about the post last changed (for caches, not for readers).
    pub edited_at: Timestamp,
    pub reading_minutes: u32,
    /// In byline order.
    pub authors: Vec<Author>,
    /// The first tag is the post's section.
    pub tags: Vec<Tag>,
}

impl PostSummary {
    pub fn section(&self) -> Option<&Tag> {
        self.tags.first()
    }
}

/// A whole post or page, as its own page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Post {
    pub summary: PostSummary,
    pub body_markdown: String,
    /// Sanitized HTML rendered when the post was saved.
    pub body_html: String,
    /// Newest first.
    pub notes: Vec<EditorNote>,
}

/// Everything needed to create a post; authors and tags by id, in order.
#[derive(Debug, Clone)]
pub struct NewPost {
    pub slug: Slug,
    pub kind: PostKind,
    pub status: PostStatus,
    pub title: String,
    pub subtitle: Option<String>,
    pub body_markdown: String,
    pub image: Option<Image>,
    pub featured: bool,
    pub published_at: Option<Timestamp>,
    pub author_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostError {
    #[error("the title cannot be empty")]
    EmptyTitle,
    #[error("the title can be at most {MAX_TITLE_CHARS} characters long")]
    TitleTooLong,
    #[error("a published or scheduled post needs a publication time")]
    MissingPublicationTime,
    #[error("the body cannot be rendered: {0}")]
    Body(crate::markdown::MarkdownLimit),
}

impl NewPost {
    /// The post with control characters taken out of every text it carries (see
    /// [`crate::text`]): the store applies this to whatever writes a post, whether a
    /// form, an import or the command line.
    pub fn without_controls(mut self) -> NewPost {
        fn clean(text: &mut String) {
            if let std::borrow::Cow::Owned(clean) = crate::text::strip_controls(text) {
                *text = clean;
            }
        }
        clean(&mut self.title);
        clean(&mut self.body_markdown);
        if let Some(subtitle) = self.subtitle.as_mut() {
            clean(subtitle);
        }
        if let Some(image) = self.image.as_mut() {
            clean(&mut image.url);
            clean(&mut image.alt);
            image.caption.as_mut().map(clean);
            image.credit.as_mut().map(clean);
        }
        self
    }

    /// Checks the rules every stored post keeps.
    pub fn validate(&self) -> Result<(), PostError> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(PostError::EmptyTitle);
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(PostError::TitleTooLong);
        }
        if self.status != PostStatus::Draft && self.published_at.is_none() {
            return Err(PostError::MissingPublicationTime);
        }
        crate::markdown::check(&self.body_markdown).map_err(PostError::Body)?;
        Ok(())
    }
}

/// A short item in the live News Feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedItem {
    pub id: i64,
    pub headline: String,
    pub text: String,
    /// The article this item points to, if any.
    pub post_slug: Option<Slug>,
    pub published_at: Timestamp,
    /// Set when an editor marks an edit as a real update ("Updated: …").
    pub updated_at: Option<Timestamp>,
    /// Shown at the top of its edition's feed, above newer items; one item at most
    /// per edition.
    pub pinned: bool,
    /// The edition whose News Feed carries it.
    pub edition: EditionId,
}

/// A named, ordered list of posts that editors curate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    EditorsPicks,
    MoreNews,
}

impl Collection {
    pub const ALL: [Collection; 2] = [Collection::EditorsPicks, Collection::MoreNews];

    pub fn slug(self) -> &'static str {
        match self {
            Collection::EditorsPicks => "editors-picks",
            Collection::MoreNews => "more-news",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Collection::EditorsPicks => "Editors' Picks",
            Collection::MoreNews => "More News",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str) -> NewPost {
        NewPost {
            slug: Slug::parse("a").unwrap(),
            kind: PostKind::Post,
            status: PostStatus::Draft,
            title: title.into(),
            subtitle: None,
            body_markdown: String::new(),
            image: None,
            featured: false,
            published_at: None,
            author_ids: vec![],
            tag_ids: vec![],
        }
    }

    #[test]
    fn a_post_needs_a_title() {
        assert_eq!(draft("   ").validate(), Err(PostError::EmptyTitle));
        assert_eq!(
            draft(&"x".repeat(301)).validate(),
            Err(PostError::TitleTooLong)
        );
        assert_eq!(draft("Bridge closes").validate(), Ok(()));
    }

    #[test]
    fn a_published_post_needs_a_time() {
        let mut post = draft("Bridge closes");
        post.status = PostStatus::Published;
        assert_eq!(post.validate(), Err(PostError::MissingPublicationTime));
    }

    #[test]
    fn enums_round_trip_through_text() {
        for kind in [
            NoteKind::Update,
            NoteKind::Correction,
            NoteKind::Clarification,
        ] {
            assert_eq!(kind.as_str().parse::<NoteKind>(), Ok(kind));
        }
        assert!("retraction".parse::<NoteKind>().is_err());
        assert_eq!("page".parse::<PostKind>(), Ok(PostKind::Page));
        assert_eq!("scheduled".parse::<PostStatus>(), Ok(PostStatus::Scheduled));
    }
}
