//! One response body as it is sent: plain, gzip or brotli, with its ETag.

use std::io::Read;
use std::sync::OnceLock;

use axum::http::HeaderValue;
use bytes::Bytes;

/// A response body with what conditional and compressed answers need.
///
/// A page is made either from its plain body (compressed copies are made on first
/// use and kept) or, for a cached page with shared fragments, from a gzip body laid
/// together from kept compressed pieces ([`CachedPage::from_gzip`]); the plain body
/// is then inflated only if a client asks for it.
#[derive(Debug)]
pub struct CachedPage {
    pub content_type: &'static str,
    pub etag: HeaderValue,
    len: usize,
    body: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
    /// Made from gzip: sending gzip costs nothing, brotli a compression per request.
    from_gzip: bool,
}

impl CachedPage {
    pub fn new(body: impl Into<Bytes>, content_type: &'static str) -> CachedPage {
        let body = body.into();
        let etag = etag(fingerprint(&body));
        CachedPage {
            len: body.len(),
            body: OnceLock::from(body),
            content_type,
            etag,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            from_gzip: false,
        }
    }

    /// A page whose gzip body is `gzip` (of a plain body `len` bytes long), named by
    /// `fingerprint`.
    pub(super) fn from_gzip(
        gzip: Bytes,
        len: usize,
        content_type: &'static str,
        fingerprint: u64,
    ) -> CachedPage {
        CachedPage {
            len,
            body: OnceLock::new(),
            content_type,
            etag: etag(fingerprint),
            gzip: OnceLock::from(gzip),
            brotli: OnceLock::new(),
            from_gzip: true,
        }
    }

    /// How many bytes the plain body has.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The plain body.
    pub fn body(&self) -> &Bytes {
        self.body.get_or_init(|| {
            let gzip = self.gzip.get().expect("a page has a body or a gzip body");
            let mut body = Vec::with_capacity(self.len);
            flate2::read::GzDecoder::new(&gzip[..])
                .read_to_end(&mut body)
                .expect("a gzip body laid together here inflates");
            Bytes::from(body)
        })
    }

    /// The body compressed with gzip, made on first use and kept.
    pub fn gzip(&self) -> &Bytes {
        self.gzip
            .get_or_init(|| crate::kit::http::gzip(self.body()))
    }

    /// The body compressed with brotli, made on first use and kept.
    pub fn brotli(&self) -> &Bytes {
        self.brotli
            .get_or_init(|| crate::kit::http::brotli(self.body()))
    }

    /// Whether gzip is the cheaper answer to a client that takes both gzip and
    /// brotli (the page was laid together as gzip).
    pub fn prefers_gzip(&self) -> bool {
        self.from_gzip
    }

    /// What the page will weigh with its compressed copies, counted at a typical
    /// ratio up front: they are made later, on first request.
    pub(super) fn weight(&self) -> u64 {
        (self.len + self.len / 3 + 256) as u64
    }
}

fn etag(fingerprint: u64) -> HeaderValue {
    HeaderValue::from_str(&format!("W/\"{fingerprint:016x}\""))
        .expect("hex is a valid header value")
}

/// A stable 64-bit fingerprint of a body (FNV-1a), for ETags that every node agrees on.
pub(super) fn fingerprint(bytes: &[u8]) -> u64 {
    fingerprint_from(FINGERPRINT_START, bytes)
}

pub(super) const FINGERPRINT_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues a fingerprint over more bytes.
pub(super) fn fingerprint_from(start: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(start, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_depend_on_the_body() {
        let a = CachedPage::new("one", "text/html");
        let b = CachedPage::new("two", "text/html");
        assert_ne!(a.etag, b.etag);
        assert_eq!(a.etag, CachedPage::new("one", "text/html").etag);
    }

    #[test]
    fn a_page_made_from_gzip_inflates_its_plain_body_when_asked() {
        let plain = "a story told twice, a story told twice. ".repeat(50);
        let page = CachedPage::from_gzip(
            crate::kit::http::gzip(plain.as_bytes()),
            plain.len(),
            "text/html",
            7,
        );
        assert!(page.prefers_gzip());
        assert_eq!(page.len(), plain.len());
        assert_eq!(page.body(), plain.as_bytes());
    }
}
