use byline_core::content::PostError;

/// What can go wrong in storage, split where a caller answers differently.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `key` is what the caller named it by: a slug, or `#id`/an id.
    #[error("{entity} '{key}' does not exist")]
    NotFound { entity: Entity, key: String },
    #[error("the slug '{0}' is already taken")]
    SlugTaken(String),
    #[error("this email address already belongs to a staff member")]
    EmailTaken,
    #[error("someone else saved this post since you opened it (now at revision {current})")]
    Conflict { current: i64 },
    /// The thing exists but its state no longer allows the change (an issue that has
    /// started sending).
    #[error("{0}")]
    NotEditable(String),
    #[error(transparent)]
    InvalidPost(#[from] PostError),
    /// A filter or order an API client wrote that cannot be answered (the message
    /// says why and is meant for that client's developer).
    #[error("{0}")]
    InvalidQuery(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// The kinds of thing the store keeps, as a missing one is named in
/// [`StoreError::NotFound`]: callers match on the kind, never on a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Post,
    Author,
    Tag,
    User,
    Image,
    FeedItem,
    Newsletter,
    Issue,
    Redirect,
    Integration,
    Edition,
}

impl Entity {
    /// How a person calls it, in an error message.
    pub fn name(self) -> &'static str {
        match self {
            Entity::Post => "post",
            Entity::Author => "author",
            Entity::Tag => "tag",
            Entity::User => "user",
            Entity::Image => "image",
            Entity::FeedItem => "news feed item",
            Entity::Newsletter => "newsletter",
            Entity::Issue => "newsletter issue",
            Entity::Redirect => "redirect",
            Entity::Integration => "integration",
            Entity::Edition => "edition",
        }
    }
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl StoreError {
    /// A missing `entity`, named by `key`.
    pub fn not_found(entity: Entity, key: impl std::fmt::Display) -> Self {
        StoreError::NotFound {
            entity,
            key: key.to_string(),
        }
    }

    /// True when the database could not be reached at all (down, restarting, its
    /// connection broken, every connection busy), as opposed to a query that failed:
    /// the request may well work in a moment, so readers get 503, not 500.
    pub fn is_unavailable(&self) -> bool {
        let StoreError::Database(error) = self else {
            return false;
        };
        match error {
            sqlx::Error::PoolClosed
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::WorkerCrashed => true,
            sqlx::Error::Database(db) => db.code().is_some_and(|code| unavailable_code(&code)),
            _ => false,
        }
    }

    /// SQLite's "database is locked": another writer held the database longer than
    /// the busy timeout. The transaction was rolled back whole, so it may be retried.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(db)) => {
                matches!(db.code().as_deref(), Some("5" | "6" | "517"))
                    || db.message().contains("database is locked")
            }
            _ => false,
        }
    }

    pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
        matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
    }
}

/// Error codes that mean "not now" rather than "not this": PostgreSQL's connection
/// exceptions (class 08), shutdown and start-up (57P01–57P03) and exhausted resources
/// (class 53); SQLite's busy database and failed reads or opens of its file.
fn unavailable_code(code: &str) -> bool {
    if code.starts_with("08") || code.starts_with("53") || code.starts_with("57P") {
        return true;
    }
    // SQLite reports extended codes: the primary code is the low byte.
    code.parse::<u32>()
        .is_ok_and(|n| matches!(n & 0xff, 5 | 10 | 14))
}

/// A unique-constraint failure on a slug is the slug being taken; anything else is
/// the database's error.
pub(crate) fn slug_clash(err: sqlx::Error, slug: &byline_core::Slug) -> StoreError {
    if StoreError::is_unique_violation(&err) {
        StoreError::SlugTaken(slug.to_string())
    } else {
        StoreError::Database(err)
    }
}

#[cfg(test)]
mod tests {
    use super::unavailable_code;

    #[test]
    fn not_now_codes_are_told_from_not_this_codes() {
        for code in [
            "08006", "08001", "57P01", "57P03", "53300", "5", "517", "10", "522", "14",
        ] {
            assert!(unavailable_code(code), "{code}");
        }
        for code in ["23505", "42P01", "57014", "22001", "19", "1", "2067"] {
            assert!(!unavailable_code(code), "{code}");
        }
    }
}
