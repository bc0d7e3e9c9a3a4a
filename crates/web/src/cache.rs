//! The in-memory page cache: rendered pages kept until content changes.
//!
//! Every write to public content moves the database's content version. Each node
//! polls that version (and a node that writes tells its own cache at once); when it
//! moves, the whole cache is dropped. News sites change rarely compared with how often
//! they are read, so dropping everything is both simple and correct across nodes.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

use axum::http::HeaderValue;
use bytes::Bytes;
use quick_cache::DefaultHashBuilder;
use quick_cache::Weighter;
use quick_cache::sync::{Cache, DefaultLifecycle, PlaceholderGuard};

/// A rendered response body with what conditional and compressed answers need.
#[derive(Debug)]
pub struct CachedPage {
    pub body: Bytes,
    pub content_type: &'static str,
    pub etag: HeaderValue,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
}

impl CachedPage {
    pub fn new(body: impl Into<Bytes>, content_type: &'static str) -> CachedPage {
        let body = body.into();
        let etag = HeaderValue::from_str(&format!("W/\"{:016x}\"", fingerprint(&body)))
            .expect("hex is a valid header value");
        CachedPage {
            body,
            content_type,
            etag,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    /// The body compressed with gzip, made on first use and kept.
    pub fn gzip(&self) -> &Bytes {
        self.gzip.get_or_init(|| crate::http::gzip(&self.body))
    }

    /// The body compressed with brotli, made on first use and kept.
    pub fn brotli(&self) -> &Bytes {
        self.brotli.get_or_init(|| crate::http::brotli(&self.body))
    }

    fn weight(&self) -> u64 {
        let compressed =
            self.gzip.get().map_or(0, Bytes::len) + self.brotli.get().map_or(0, Bytes::len);
        // Compressed copies are made later; count them at a typical ratio up front.
        (self.body.len() + compressed.max(self.body.len() / 3) + 256) as u64
    }
}

/// A stable 64-bit fingerprint of a body (FNV-1a), for ETags that every node agrees on.
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[derive(Clone)]
struct PageWeight;

impl Weighter<String, Arc<CachedPage>> for PageWeight {
    fn weight(&self, key: &String, page: &Arc<CachedPage>) -> u64 {
        key.len() as u64 + page.weight()
    }
}

pub struct PageCache {
    pages: Cache<String, Arc<CachedPage>, PageWeight>,
    version: AtomicI64,
    /// When public content last changed, as Unix seconds (for `Last-Modified`).
    changed_at: AtomicI64,
}

/// What a cache miss hands the renderer: the version it renders for.
pub struct Miss<'a> {
    guard: PlaceholderGuard<
        'a,
        String,
        Arc<CachedPage>,
        PageWeight,
        DefaultHashBuilder,
        DefaultLifecycle<String, Arc<CachedPage>>,
    >,
    version: i64,
}

pub enum Lookup<'a> {
    Hit(Arc<CachedPage>),
    Miss(Miss<'a>),
}

impl PageCache {
    /// A cache holding at most `capacity_bytes` of pages.
    pub fn new(capacity_bytes: u64) -> PageCache {
        PageCache {
            pages: Cache::with_weighter(4096, capacity_bytes, PageWeight),
            version: AtomicI64::new(i64::MIN),
            changed_at: AtomicI64::new(0),
        }
    }

    /// Finds a page; on a miss, concurrent requests for the same page wait for the
    /// first one to render it instead of rendering it again.
    pub async fn lookup(&self, key: &str) -> Lookup<'_> {
        match self.pages.get_value_or_guard_async(key).await {
            Ok(page) => Lookup::Hit(page),
            Err(guard) => Lookup::Miss(Miss {
                guard,
                version: self.version.load(Ordering::Acquire),
            }),
        }
    }

    /// Stores a page rendered after a miss, unless content changed while it was being
    /// rendered (then it may already be stale and the next request renders again).
    pub fn fill(&self, miss: Miss<'_>, page: Arc<CachedPage>) {
        if self.version.load(Ordering::Acquire) == miss.version {
            let _ = miss.guard.insert(page);
        }
    }

    /// Adopts the database's content version; drops every page if it moved.
    pub fn observe_version(&self, version: i64, changed_at: i64) -> bool {
        self.changed_at.store(changed_at, Ordering::Release);
        let previous = self.version.swap(version, Ordering::AcqRel);
        if previous != version {
            self.pages.clear();
            return true;
        }
        false
    }

    pub fn version(&self) -> i64 {
        self.version.load(Ordering::Acquire)
    }

    pub fn changed_at(&self) -> i64 {
        self.changed_at.load(Ordering::Acquire)
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_filled_page_is_found_until_the_version_moves() {
        let cache = PageCache::new(1 << 20);
        cache.observe_version(1, 100);
        let Lookup::Miss(miss) = cache.lookup("/a/").await else {
            panic!("empty cache hit")
        };
        cache.fill(miss, Arc::new(CachedPage::new("hello", "text/html")));
        assert!(matches!(cache.lookup("/a/").await, Lookup::Hit(_)));
        assert!(!cache.observe_version(1, 100));
        assert!(cache.observe_version(2, 120));
        assert!(matches!(cache.lookup("/a/").await, Lookup::Miss(_)));
    }

    #[tokio::test]
    async fn a_page_rendered_across_a_change_is_not_kept() {
        let cache = PageCache::new(1 << 20);
        cache.observe_version(1, 100);
        let Lookup::Miss(miss) = cache.lookup("/a/").await else {
            panic!()
        };
        cache.observe_version(2, 120);
        cache.fill(miss, Arc::new(CachedPage::new("stale", "text/html")));
        assert!(matches!(cache.lookup("/a/").await, Lookup::Miss(_)));
    }

    #[test]
    fn etags_depend_on_the_body() {
        let a = CachedPage::new("one", "text/html");
        let b = CachedPage::new("two", "text/html");
        assert_ne!(a.etag, b.etag);
        assert_eq!(a.etag, CachedPage::new("one", "text/html").etag);
    }
}
