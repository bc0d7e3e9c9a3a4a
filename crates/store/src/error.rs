use byline_core::content::PostError;

/// What can go wrong in storage, split where a caller answers differently.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} '{slug}' does not exist")]
    NotFound { what: &'static str, slug: String },
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
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// True when the database could not be reached at all (down, restarting, every
    /// connection busy), as opposed to a query that failed.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Database(
                sqlx::Error::PoolClosed | sqlx::Error::PoolTimedOut | sqlx::Error::Io(_)
            )
        )
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
