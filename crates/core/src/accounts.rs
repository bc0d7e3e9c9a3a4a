//! The newsroom's staff: who they are (an email address, a role) and what each role
//! may do. The web layer asks these rules before every action; nothing else decides.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::content::{PostStatus, UnknownValue};
pub use crate::email::{EmailAddress, InvalidEmail};

/// A member of staff with a desk account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// False until an invitation is accepted.
    pub has_password: bool,
    pub created_at: jiff::Timestamp,
    /// The language the desk is shown in for this person (English until they choose).
    pub desk_language: crate::LanguageTag,
}

/// Shortest password the desk accepts. Length beats composition rules.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password: argon2 takes any length, but a megabyte "password" is an attack.
pub const MAX_PASSWORD_CHARS: usize = 200;

/// A staff member's role, from least to most trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Writes and edits their own drafts; cannot publish.
    Contributor,
    /// Publishes their own posts.
    Author,
    /// Every post, editor's notes, collections, tags, authors, the news feed.
    Editor,
    /// Everything, plus staff and site settings.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Contributor, Role::Author, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Contributor => "contributor",
            Role::Author => "author",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Contributor => "Contributor",
            Role::Author => "Author",
            Role::Editor => "Editor",
            Role::Admin => "Administrator",
        }
    }

    /// Whether this role may do `action` at all (post-level rules: [`Role::may_edit`]).
    pub fn may(self, action: Action) -> bool {
        let needed = match action {
            Action::WritePosts | Action::UploadMedia => Role::Contributor,
            Action::PublishOwnPosts => Role::Author,
            Action::EditAnyPost
            | Action::AddEditorsNote
            | Action::ManageCollections
            | Action::ManageTags
            | Action::ManageAuthors
            | Action::ManageNewsFeed
            | Action::ManageNewsletters => Role::Editor,
            Action::ManageStaff | Action::ManageSettings => Role::Admin,
        };
        self >= needed
    }

    /// Whether this role may change `post`: editors and admins any post, authors
    /// their own, contributors their own while it is still a draft.
    pub fn may_edit(self, post: PostAccess) -> bool {
        match self {
            Role::Editor | Role::Admin => true,
            Role::Author => post.own,
            Role::Contributor => post.own && post.status == PostStatus::Draft,
        }
    }

    /// Whether this role may change the alt text, caption and credit of an image in
    /// the library: editors and admins any image, everyone else their own uploads.
    pub fn may_edit_media(self, own: bool) -> bool {
        self >= Role::Editor || own
    }

    /// Whether this role may publish, schedule or unpublish `post`.
    pub fn may_publish(self, post: PostAccess) -> bool {
        match self {
            Role::Editor | Role::Admin => true,
            Role::Author => post.own,
            Role::Contributor => false,
        }
    }
}

impl FromStr for Role {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownValue {
                what: "role",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Things a staff member may be allowed to do, independent of any one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    WritePosts,
    UploadMedia,
    PublishOwnPosts,
    EditAnyPost,
    AddEditorsNote,
    ManageCollections,
    ManageTags,
    ManageAuthors,
    ManageNewsFeed,
    /// Newsletters, their issues and their subscribers.
    ManageNewsletters,
    ManageStaff,
    ManageSettings,
}

/// What the rules need to know about a post: whose it is and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostAccess {
    pub own: bool,
    pub status: PostStatus,
}

/// Why a new password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("use at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("use at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
}

/// Checks a new password against the desk's rules.
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Err(PasswordError::TooShort)
    } else if chars > MAX_PASSWORD_CHARS {
        Err(PasswordError::TooLong)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(own: bool, status: PostStatus) -> PostAccess {
        PostAccess { own, status }
    }

    #[test]
    fn contributors_edit_only_their_own_drafts_and_never_publish() {
        let role = Role::Contributor;
        assert!(role.may_edit(post(true, PostStatus::Draft)));
        assert!(!role.may_edit(post(true, PostStatus::Published)));
        assert!(!role.may_edit(post(false, PostStatus::Draft)));
        assert!(!role.may_publish(post(true, PostStatus::Draft)));
        assert!(!role.may(Action::PublishOwnPosts));
    }

    #[test]
    fn authors_publish_their_own_posts_only() {
        let role = Role::Author;
        assert!(role.may_edit(post(true, PostStatus::Published)));
        assert!(role.may_publish(post(true, PostStatus::Draft)));
        assert!(!role.may_edit(post(false, PostStatus::Draft)));
        assert!(!role.may_publish(post(false, PostStatus::Draft)));
        assert!(!role.may(Action::AddEditorsNote));
    }

    #[test]
    fn editors_manage_content_but_not_staff() {
        assert!(Role::Editor.may_edit(post(false, PostStatus::Published)));
        assert!(Role::Editor.may(Action::ManageCollections));
        assert!(Role::Editor.may(Action::ManageNewsletters));
        assert!(!Role::Author.may(Action::ManageNewsletters));
        assert!(!Role::Editor.may(Action::ManageStaff));
        assert!(!Role::Editor.may(Action::ManageSettings));
        assert!(Role::Admin.may(Action::ManageStaff));
    }

    #[test]
    fn roles_round_trip_through_text() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("owner".parse::<Role>().is_err());
    }

    #[test]
    fn passwords_have_a_minimum_length() {
        assert_eq!(check_new_password("short"), Err(PasswordError::TooShort));
        assert_eq!(check_new_password("long enough pass"), Ok(()));
        assert_eq!(
            check_new_password(&"x".repeat(201)),
            Err(PasswordError::TooLong)
        );
    }
}
