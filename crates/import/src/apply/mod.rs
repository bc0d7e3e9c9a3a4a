//! Writing an archive into the store: people and sections first, then the posts in
//! batches as the reader streams them, then newsletters, members and old addresses.
//!
//! Every row remembers its source id and a checksum of what was imported, so a second
//! run updates what changed and skips the rest; posts are written a batch per
//! transaction, so a crash leaves whole posts only, and the next run carries on. A dry
//! run reads, converts and renders everything, and writes nothing.

/// Runs a store write again, after a growing pause, while SQLite answers that
/// another writer (a server beside the import) holds the database: the write's
/// transaction was rolled back whole, so repeating it is safe.
macro_rules! again_while_busy {
    ($write:expr) => {{
        let mut tries = 0u32;
        loop {
            match $write {
                Err(error) if error.is_busy() && tries < self::BUSY_TRIES => {
                    tries += 1;
                    tracing::warn!(tries, "the database was busy; writing again");
                    tokio::time::sleep(std::time::Duration::from_millis(250 * u64::from(tries)))
                        .await;
                }
                other => break other,
            }
        }
    }};
}

/// How many times a write that found the database busy is tried again.
const BUSY_TRIES: u32 = 8;

mod editions;
mod newsletters;
mod people;
mod posts;
mod redirects;
mod report;

use std::collections::HashMap;
use std::path::PathBuf;

use byline_core::content::{Image, NewPost};
use byline_core::{EmailAddress, Slug};
use byline_store::{
    Db, ImportPost, ImportRow, Imported, NewAuthor, NewTag, PreparedPost, SourceKey,
};
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use crate::media::MediaFolder;
use crate::model::{Platform, RedirectTarget, SourcePost};
use crate::source::{Archive, Catalog, Problem, ReadError};

pub use report::{Counts, ImportError, ProblemRow, Report};

/// Posts written per transaction: large enough that commits do not dominate, small
/// enough that a crash loses little work and a transaction holds the writer briefly.
const BATCH: usize = 200;

#[derive(Debug, Clone)]
pub struct Options {
    pub dry_run: bool,
    /// Ghost's content folder or a copy of WordPress's wp-content/uploads.
    pub media_root: Option<PathBuf>,
    /// Where the site keeps its files (the data folder or a bucket): images go to
    /// images/u/, other files the bodies link to (video, audio, documents) beside
    /// them, under the paths the old site used.
    pub media: byline_media::MediaStore,
}

/// Told how the import goes, for a progress bar or the desk's progress page.
pub trait Progress: Send + Sync {
    /// A new stage ("posts") with how many items it will take.
    fn stage(&self, stage: &str, total: u64);
    /// `done` items of the current stage are finished.
    fn advance(&self, done: u64);
}

/// Runs an import to the end.
pub async fn import(
    db: &Db,
    archive: Box<dyn Archive>,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Report, ImportError> {
    let platform = archive.platform();
    progress.stage("reading the file", 0);
    let (archive, catalog) = tokio::task::spawn_blocking(move || {
        let mut archive = archive;
        let catalog = archive.catalog();
        (archive, catalog)
    })
    .await
    .map_err(|e| ReadError::WrongShape {
        platform: platform.label(),
        reason: format!("reading stopped: {e}"),
    })?;
    let catalog = catalog?;
    let mut run = Run {
        db,
        platform,
        options,
        report: Report {
            platform: platform.label().to_owned(),
            dry_run: options.dry_run,
            left_out: catalog.left_out.clone(),
            ..Report::default()
        },
        media: MediaFolder::new(
            platform,
            options.media_root.clone(),
            catalog.site_url.clone(),
            options.media.clone(),
            options.dry_run,
        ),
        editions: editions::Editions::read(db, catalog.site_language.clone()).await?,
        authors: HashMap::new(),
        tags: HashMap::new(),
        site_url: catalog
            .site_url
            .clone()
            .map(|u| u.trim_end_matches('/').to_owned()),
    };
    for problem in &catalog.problems {
        run.report.problem(&problem.location, &problem.message);
    }
    run.people(&catalog, progress).await?;
    run.posts(archive, catalog.posts, progress).await?;
    run.link_translations().await?;
    run.newsletters(&catalog, progress).await?;
    run.redirects(&catalog, progress).await?;
    Ok(run.report)
}

/// A post converted and waiting to be rendered.
struct Pending {
    location: String,
    kind: &'static str,
    post: NewPost,
    import: ImportShell,
}

/// What an [`ImportPost`] carries besides the rendered post.
struct ImportShell {
    source_id: String,
    checksum: String,
    uuid: Option<String>,
    created_at: Option<Timestamp>,
    old_paths: Vec<String>,
    edition: byline_core::EditionId,
    translation_key: Option<String>,
}

struct Run<'a> {
    db: &'a Db,
    platform: Platform,
    options: &'a Options,
    report: Report,
    media: MediaFolder,
    editions: editions::Editions,
    /// Source id to local id.
    authors: HashMap<String, i64>,
    tags: HashMap<String, i64>,
    site_url: Option<String>,
}

fn checksum(parts: &[&dyn std::fmt::Debug]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(format!("{part:?}\u{0}").as_bytes());
    }
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A Byline slug for what the source calls `raw`, else made from `fallback`.
fn slug_for(raw: &str, fallback: &str) -> Option<Slug> {
    Slug::parse(raw)
        .ok()
        .or_else(|| Slug::from_title(raw))
        .or_else(|| Slug::from_title(fallback))
}

impl Run<'_> {
    fn key<'k>(&self, kind: &'k str, source_id: &'k str) -> SourceKey<'k> {
        SourceKey {
            platform: self.platform.as_str(),
            kind,
            source_id,
        }
    }

    async fn existing(
        &self,
        kind: &str,
        ids: &[&str],
    ) -> Result<HashMap<String, (i64, String)>, ImportError> {
        Ok(self
            .db
            .imported_rows(self.platform.as_str(), kind, ids)
            .await?)
    }
}

/// What a write would do, for a dry run.
fn dry_outcome(known: Option<&(i64, String)>, checksum: &str) -> Imported {
    match known {
        Some((id, old)) if old == checksum => Imported::Unchanged(*id),
        Some((id, _)) => Imported::Updated(*id),
        None => Imported::Created(0),
    }
}

impl From<&Problem> for ProblemRow {
    fn from(problem: &Problem) -> Self {
        ProblemRow {
            location: problem.location.clone(),
            message: problem.message.clone(),
        }
    }
}
