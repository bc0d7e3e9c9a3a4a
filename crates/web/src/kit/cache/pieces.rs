//! Pages kept as compressed pieces: the page's own text between holes, and the shared
//! fragments that fill the holes.
//!
//! Each piece is compressed once, on its own, as raw deflate ending in a sync flush
//! (byte-aligned, not final). Pieces laid end to end are then one valid deflate
//! stream, so a page is sent as gzip by copying its pieces behind a gzip header and
//! combining their CRC-32s: no compression per request, and a kept page weighs its
//! compressed size (about a quarter of the plain page), which is what lets a
//! newsroom's working set of pages fit in the cache.

use std::io::Write;
use std::sync::Arc;

use bytes::Bytes;
use flate2::Crc;

use super::page::{CachedPage, FINGERPRINT_START, fingerprint_from};

/// One piece compressed on its own, and the CRC-32 and length of its plain text.
#[derive(Debug)]
pub(super) struct Deflated {
    bytes: Bytes,
    crc: Crc,
}

impl Deflated {
    pub(super) fn new(text: &[u8]) -> Deflated {
        let mut encoder = flate2::write::DeflateEncoder::new(
            Vec::with_capacity(text.len() / 3 + 16),
            flate2::Compression::new(6),
        );
        encoder
            .write_all(text)
            .expect("writing to memory cannot fail");
        // A sync flush, not a finish: the stream goes on in the next piece.
        let bytes = encoder
            .flush_finish()
            .expect("writing to memory cannot fail");
        let mut crc = Crc::new();
        crc.update(text);
        Deflated {
            bytes: Bytes::from(bytes),
            crc,
        }
    }

    /// What it weighs in the cache.
    pub(super) fn weight(&self) -> usize {
        self.bytes.len() + std::mem::size_of::<Deflated>()
    }
}

/// The fixed gzip header: deflate, no name or time, unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// A final, empty deflate block with fixed codes: the end of the stream.
const DEFLATE_END: [u8; 2] = [0x03, 0x00];

/// The page the pieces make, as gzip: a header, the pieces in order, the closing
/// block, and the CRC-32 and length of the whole plain text.
pub(super) fn lay_gzip<'a>(
    pieces: impl Iterator<Item = &'a Deflated> + Clone,
    content_type: &'static str,
    fingerprint: u64,
) -> CachedPage {
    let size: usize = pieces.clone().map(|piece| piece.bytes.len()).sum();
    let mut gzip = Vec::with_capacity(GZIP_HEADER.len() + size + DEFLATE_END.len() + 8);
    gzip.extend_from_slice(&GZIP_HEADER);
    let mut crc = Crc::new();
    for piece in pieces {
        gzip.extend_from_slice(&piece.bytes);
        crc.combine(&piece.crc);
    }
    gzip.extend_from_slice(&DEFLATE_END);
    gzip.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE is the length modulo 2^32, which is what the CRC keeps.
    gzip.extend_from_slice(&crc.amount().to_le_bytes());
    CachedPage::from_gzip(
        Bytes::from(gzip),
        crc.amount() as usize,
        content_type,
        fingerprint,
    )
}

/// The shared parts joined to every page, by the name of their hole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fragment {
    FeedScript,
    SidebarFeed,
    SidebarPicks,
    /// The home page's own News Feed block: with it in a hole, a new item does not
    /// make the home page (a dozen list queries) render again.
    HomeFeed,
}

impl Fragment {
    pub const ALL: [Fragment; 4] = [
        Fragment::FeedScript,
        Fragment::SidebarFeed,
        Fragment::SidebarPicks,
        Fragment::HomeFeed,
    ];

    /// The partial template it is rendered from.
    pub fn template(self) -> &'static str {
        match self {
            Fragment::FeedScript => "partials/feed_script.html",
            Fragment::SidebarFeed => "partials/sidebar_feed.html",
            Fragment::SidebarPicks => "partials/sidebar_picks.html",
            Fragment::HomeFeed => "partials/home_feed.html",
        }
    }

    /// The name in the comment a page leaves where it goes
    /// (`<!--byline:fragment:NAME-->`).
    fn name(self) -> &'static str {
        match self {
            Fragment::FeedScript => "feed_script",
            Fragment::SidebarFeed => "sidebar_feed",
            Fragment::SidebarPicks => "sidebar_picks",
            Fragment::HomeFeed => "home_feed",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The shared fragments as rendered for one content version, compressed as pieces.
/// Cloning shares them.
#[derive(Debug, Clone)]
pub struct Fragments {
    pieces: Arc<[Deflated; Fragment::ALL.len()]>,
    /// Changes exactly when one of the fragments does: a page's ETag includes it.
    key: u64,
}

impl Fragments {
    pub fn new(render: impl Fn(Fragment) -> String) -> Fragments {
        let bodies = Fragment::ALL.map(render);
        let key = bodies.iter().fold(FINGERPRINT_START, |hash, body| {
            fingerprint_from(fingerprint_from(hash, body.as_bytes()), &[0xff])
        });
        Fragments {
            pieces: Arc::new(bodies.map(|body| Deflated::new(body.as_bytes()))),
            key,
        }
    }

    pub(super) fn piece(&self, fragment: Fragment) -> &Deflated {
        &self.pieces[fragment.index()]
    }

    pub(super) fn key(&self) -> u64 {
        self.key
    }
}

impl Default for Fragments {
    fn default() -> Fragments {
        Fragments::new(|_| String::new())
    }
}

/// A page's own text between holes, or a hole.
#[derive(Debug)]
pub(super) enum Part {
    Text(Deflated),
    Hole(Fragment),
}

/// What every hole starts with; the fragment's name and `-->` follow.
pub(super) const HOLE: &[u8] = b"<!--byline:fragment:";

/// Cuts a body at its fragment holes, in one pass, compressing the text between
/// them; also returns the fingerprint of that text. A marker naming no known
/// fragment is left as text.
pub(super) fn split_holes(body: &[u8]) -> (Vec<Part>, u64) {
    let mut parts = Vec::new();
    let mut fingerprint = FINGERPRINT_START;
    let mut text = |parts: &mut Vec<Part>, text: &[u8]| {
        if !text.is_empty() {
            fingerprint = fingerprint_from(fingerprint, text);
            parts.push(Part::Text(Deflated::new(text)));
        }
    };
    let (mut text_from, mut search_from) = (0, 0);
    while let Some(at) = find(&body[search_from..], HOLE).map(|at| search_from + at) {
        let name_from = at + HOLE.len();
        let hole = Fragment::ALL.into_iter().find_map(|fragment| {
            let end = name_from + fragment.name().len();
            (body.get(name_from..end) == Some(fragment.name().as_bytes())
                && body.get(end..end + 3) == Some(b"-->".as_slice()))
            .then_some((fragment, end + 3))
        });
        match hole {
            Some((fragment, end)) => {
                text(&mut parts, &body[text_from..at]);
                parts.push(Part::Hole(fragment));
                (text_from, search_from) = (end, end);
            }
            None => search_from = name_from,
        }
    }
    text(&mut parts, &body[text_from..]);
    (parts, fingerprint)
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn gunzip(bytes: &[u8]) -> String {
        let mut plain = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut plain)
            .unwrap();
        plain
    }

    #[test]
    fn pieces_laid_end_to_end_are_one_gzip_body_any_decoder_reads() {
        let texts = [
            "<html><head>".to_owned(),
            String::new(),
            "the river crested at noon; ".repeat(400),
            "</html>".to_owned(),
        ];
        let pieces: Vec<Deflated> = texts.iter().map(|t| Deflated::new(t.as_bytes())).collect();
        let page = lay_gzip(pieces.iter(), "text/html", 1);
        let plain = texts.concat();
        assert_eq!(page.len(), plain.len());
        assert_eq!(gunzip(page.gzip()), plain);
        // Python, browsers and curl use zlib, which checks the CRC and length too.
        let mut strict = Vec::new();
        flate2::read::MultiGzDecoder::new(&page.gzip()[..])
            .read_to_end(&mut strict)
            .unwrap();
        assert_eq!(strict, plain.as_bytes());
        assert!(page.gzip().len() < plain.len() / 10, "compressed");
    }

    #[test]
    fn holes_split_the_text_and_unknown_markers_stay_text() {
        let body = b"<head><!--byline:fragment:feed_script--></head>\
                     <!--byline:fragment:nothing--><!--byline:fragment:sidebar_picks-->";
        let (parts, _) = split_holes(body);
        let shape: Vec<String> = parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => format!("text {}", text.crc.amount()),
                Part::Hole(fragment) => format!("{fragment:?}"),
            })
            .collect();
        assert_eq!(shape, ["text 6", "FeedScript", "text 37", "SidebarPicks"]);
    }
}
