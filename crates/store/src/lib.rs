//! Byline's persistence: one storage contract, two engines.
//!
//! SQLite (bundled, WAL) is the embedded default; PostgreSQL is for newsrooms that run
//! several stateless nodes. Both are reached through sqlx's `Any` driver with the same
//! plain SQL (positional `$1` parameters work on both), times as Unix seconds and flags
//! as 0/1, so there is one implementation to test. Where the engines differ
//! (migrations, search, the queue's claiming, how a write transaction opens) the
//! code branches on [`Engine`].

mod browse;
mod changes;
mod connect;
mod editions;
mod error;
mod export;
mod imports;
mod integrations;
mod media;
mod migrate;
mod narrations;
mod news_feed;
mod newsletters;
mod people;
mod posts;
mod queue;
mod redirects;
mod rows;
mod search;
mod sections;
mod settings;
mod tag_names;
pub mod testing;
mod transactions;
mod webhooks;

use jiff::Timestamp;
use sqlx::AnyPool;

pub use browse::{AuthorWithCount, Browse, Order, TagWithCount};
pub use changes::{ChangeListener, ChangeNotice, Scope};
pub(crate) use changes::{ChangeSet, bump_content_version};
pub use editions::{Edition, NewEdition, Translation};
pub use error::{Entity, StoreError};
pub use export::{
    ExportAuthor, ExportEdition, ExportImageText, ExportLeftOut, ExportLink, ExportMember,
    ExportNewsletter, ExportPost, ExportPostEdition, ExportSnapshot, ExportTag,
    ExportTranslationGroup, PostLinks, RelatedTarget,
};
pub use imports::runs::{ImportRun, ImportRunStatus};
pub use imports::{ImportPost, Imported, SourceKey};
pub use media::{Media, NewMedia};
pub use narrations::{Narration, NarrationAudio, NarrationSource, NarrationStatus};
pub use news_feed::{
    FeedEvent, FeedEventKind, FeedItemEdit, FeedSnapshot, LinkableArticle, NewFeedItem,
};
pub use newsletters::{
    ConfirmOutcome, Delivery, DeliveryProgress, ExportRow, FailedDelivery, ImportReport, ImportRow,
    Issue, IssueEdit, IssueStatus, IssueSummary, Newsletter, NoticeLimit, Preferences,
    SignupOutcome, SignupRequest, StartOutcome, Subscriber, SubscriberCounts, SubscriberDelivery,
    SubscriberDetail, SubscriberEvent, SubscriberSearch, SubscriberSummary, SubscriptionStatus,
    SubscriptionView, UnsubscribeOutcome, newsletter_send_job_key,
};
pub use people::NewAuthor;
pub use people::staff::{NewUser, Session, TokenPurpose};
// The domain types live in core; the store hands them out under its own name too.
pub use byline_core::User;
pub use byline_core::integrations::{AdminKey, ContentKey, Integration, NewKeys};
pub use posts::collections::CollectionStore;
pub use posts::desk::{DeskFilter, DeskPost, DeskRow, RevisionInfo, SaveReason, publish_job_key};
pub use posts::notes::LoggedNote;
pub use posts::preview_links::PreviewLink;
pub use posts::syndication::SitemapEntry;
pub use posts::{
    NARRATE_IMPORTED_WITHIN, Page, PostQuery, PreparedPost, RENDER_TIME_LIMIT, render_bounded,
};
pub use queue::{Job, JobState, Lane, NewJob, Work};
pub use redirects::{MAX_REDIRECT_PATH, Redirect, normalize_path};
pub use search::{SearchHit, SearchResults};
pub use sections::NewTag;
pub use settings::{DEFAULT_AUDIO_DISCLOSURE, NavItem, SiteSettings};
pub use webhooks::{ClaimedDelivery, DeliveryOutcome, DeliveryRecord, NewWebhook, Webhook};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A handle to the newsroom's database; cheap to clone (a connection pool).
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    engine: Engine,
    /// Kept for connections outside the pool (PostgreSQL's LISTEN).
    url: Option<changes::SecretUrl>,
    /// The public address to use while none is saved (see [`Db::use_address_until_saved`]).
    unsaved_url: std::sync::Arc<std::sync::RwLock<Option<String>>>,
}

/// The content version every node compares against to know its caches are stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentVersion {
    pub version: i64,
    pub changed_at: Timestamp,
}

impl Db {
    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Runs a trivial query: the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The current content version; it moves on every change to public content.
    pub async fn content_version(&self) -> Result<ContentVersion> {
        let (version, changed_at): (i64, i64) =
            sqlx::query_as("SELECT content_version, changed_at FROM site_state WHERE id = 1")
                .fetch_one(&self.pool)
                .await?;
        Ok(ContentVersion {
            version,
            changed_at: rows::timestamp(changed_at),
        })
    }

    /// Refreshes the query planner's statistics; run after loading many rows, so the
    /// planner knows, for instance, how common a search word is.
    pub async fn analyze(&self) -> Result<()> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
