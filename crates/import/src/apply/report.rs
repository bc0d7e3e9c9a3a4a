//! What an import did: counts per kind, what was left out, every problem.

use std::collections::BTreeMap;

use byline_store::Imported;

use crate::source::ReadError;

/// What one kind of row did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    /// New rows (in a dry run: rows that would be new).
    pub imported: u64,
    pub updated: u64,
    /// Imported before and unchanged, or already on the site.
    pub unchanged: u64,
    /// Not imported, with a problem saying why.
    pub skipped: u64,
}

/// The summary an import ends with.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Report {
    pub platform: String,
    pub dry_run: bool,
    /// By kind: posts, pages, authors, tags, images, newsletters, members, redirects.
    pub counts: BTreeMap<String, Counts>,
    /// What the file holds that Byline does not import, with how many.
    pub left_out: Vec<(String, u64)>,
    pub problems: Vec<ProblemRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProblemRow {
    pub location: String,
    pub message: String,
}

impl Report {
    pub(super) fn count(&mut self, kind: &str) -> &mut Counts {
        self.counts.entry(kind.to_owned()).or_default()
    }

    pub(super) fn problem(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.problems.push(ProblemRow {
            location: location.into(),
            message: message.into(),
        });
    }

    pub(super) fn tally(&mut self, kind: &str, outcome: Imported) {
        let counts = self.count(kind);
        match outcome {
            Imported::Created(_) => counts.imported += 1,
            Imported::Updated(_) => counts.updated += 1,
            Imported::Unchanged(_) | Imported::Adopted(_) => counts.unchanged += 1,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("the database refused the import: {0}")]
    Store(#[from] byline_store::StoreError),
}
