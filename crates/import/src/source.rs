//! What every reader offers the importer: a catalog of the small things (people,
//! sections, newsletters, members, old addresses), read first, then the posts, one at
//! a time, read second. Two passes keep memory flat whatever the archive's size: the
//! catalog is small, and posts are never all held at once.

use std::path::Path;

use crate::model::{
    Platform, SourceAuthor, SourceMember, SourceNewsletter, SourcePost, SourceRedirect, SourceTag,
};

/// The largest export file an import reads unless told otherwise (the command line's
/// `--max-file-mb`). Files are streamed, so size costs time, not memory; the limit
/// stops a wrong or hostile file (a 2 GB upload) before any of it is read. A
/// 100,000-post Ghost export with its HTML, Lexical and plain text is about 2 GB.
pub const MAX_FILE_BYTES: u64 = 2048 * 1024 * 1024;

/// Why a file cannot be imported at all. Nothing has been written when one of these
/// is returned.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the file is {size} MB; imports read at most {limit} MB (from the command line, --max-file-mb raises the limit)"
    )]
    TooLarge { size: u64, limit: u64 },
    #[error("this is not a {platform} export: {reason}")]
    WrongShape {
        platform: &'static str,
        reason: String,
    },
    #[error("the file is not well-formed {format} ({detail})")]
    NotWellFormed {
        format: &'static str,
        detail: String,
    },
    #[error(
        "the file declares a document type with entities; WordPress exports never do, and entities can make a small file expand to gigabytes or read files on this server, so it is refused"
    )]
    Entities,
    #[error("the import was stopped")]
    Stopped,
}

/// A problem found while reading, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// "post 'pier-fire' (id 61)", "attachment 12", "members".
    pub location: String,
    pub message: String,
}

/// Everything but the posts.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub site_title: Option<String>,
    /// The old site's own address (`https://harbour.example`), for turning its
    /// absolute links into this site's paths.
    pub site_url: Option<String>,
    /// The old site's own language (Ghost's `locale`, a WordPress feed's `language`).
    pub site_language: Option<byline_core::LanguageTag>,
    pub authors: Vec<SourceAuthor>,
    pub tags: Vec<SourceTag>,
    pub newsletters: Vec<SourceNewsletter>,
    pub members: Vec<SourceMember>,
    pub redirects: Vec<SourceRedirect>,
    /// Posts and pages the second pass will hand over.
    pub posts: u64,
    /// Things in the file Byline does not import, with how many ("comments", 12).
    pub left_out: Vec<(String, u64)>,
    pub problems: Vec<Problem>,
}

/// A platform's export file, read in two passes.
pub trait Archive: Send {
    fn platform(&self) -> Platform;

    /// The first pass: everything but the posts.
    fn catalog(&mut self) -> Result<Catalog, ReadError>;

    /// The second pass: every post and page, in file order. `sink` returns false to
    /// stop early (the import was cancelled), which ends the pass with
    /// [`ReadError::Stopped`].
    fn posts(&mut self, sink: &mut dyn FnMut(SourcePost) -> bool) -> Result<(), ReadError>;
}

/// Refuses a file past [`MAX_FILE_BYTES`] before reading it.
pub fn check_size(path: &Path, limit: u64) -> Result<(), ReadError> {
    let size = std::fs::metadata(path)
        .map_err(|source| ReadError::Io {
            path: path.display().to_string(),
            source,
        })?
        .len();
    if size > limit {
        return Err(ReadError::TooLarge {
            size: size / (1024 * 1024),
            limit: limit / (1024 * 1024),
        });
    }
    Ok(())
}

pub(crate) fn open(path: &Path) -> Result<std::io::BufReader<std::fs::File>, ReadError> {
    let file = std::fs::File::open(path).map_err(|source| ReadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(std::io::BufReader::with_capacity(256 * 1024, file))
}
