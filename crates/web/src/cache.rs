//! The in-memory page cache: rendered pages kept until what they show changes.
//!
//! Every write to public content moves the database's content version and records
//! what it touched as [`Scope`]s. Each cached page knows what it shows ([`Deps`]);
//! when the version moves, a node reads the scopes it missed (or hears them in a
//! PostgreSQL notification) and drops only the pages that show one of them. A change
//! to the site itself (settings, sections, people) still drops everything.
//!
//! The parts every page shares (the News Feed script and the sidebar's News Feed and
//! Editors' Picks) are not rendered into each page. A page is kept with holes where
//! they go, and they are rendered once per change ([`Fragments`]) and joined to it when
//! it is served; the joined page is kept until the fragments change. So a News Feed
//! item posted every minute re-renders three small fragments, not every article.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use axum::http::HeaderValue;
use byline_store::Scope;
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

    /// What the page will weigh with its compressed copies, counted at a typical
    /// ratio up front: they are made later, on first request.
    fn weight(&self) -> u64 {
        (self.body.len() + self.body.len() / 3 + 256) as u64
    }
}

/// A stable 64-bit fingerprint of a body (FNV-1a), for ETags that every node agrees on.
fn fingerprint(bytes: &[u8]) -> u64 {
    fingerprint_from(0xcbf2_9ce4_8422_2325, bytes)
}

fn fingerprint_from(start: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(start, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What a cached page shows: the changes that make it stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deps {
    /// Any change at all (pages that have not said what they show).
    Any,
    /// A change to one of these, or to the site itself.
    On(Vec<Scope>),
}

impl Deps {
    /// A page that only a change to the site itself makes stale.
    pub fn site() -> Deps {
        Deps::On(Vec::new())
    }

    pub fn on(scopes: impl IntoIterator<Item = Scope>) -> Deps {
        Deps::On(scopes.into_iter().collect())
    }

    fn touched_by(&self, changed: &[Scope]) -> bool {
        match self {
            Deps::Any => true,
            Deps::On(shown) => shown.iter().any(|scope| changed.contains(scope)),
        }
    }
}

/// The shared parts joined to every page, by the name of their hole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fragment {
    FeedScript,
    SidebarFeed,
    SidebarPicks,
}

impl Fragment {
    pub const ALL: [Fragment; 3] = [
        Fragment::FeedScript,
        Fragment::SidebarFeed,
        Fragment::SidebarPicks,
    ];

    /// The partial template it is rendered from.
    pub fn template(self) -> &'static str {
        match self {
            Fragment::FeedScript => "partials/feed_script.html",
            Fragment::SidebarFeed => "partials/sidebar_feed.html",
            Fragment::SidebarPicks => "partials/sidebar_picks.html",
        }
    }

    /// The name in the comment a page leaves where it goes
    /// (`<!--byline:fragment:NAME-->`).
    fn name(self) -> &'static str {
        match self {
            Fragment::FeedScript => "feed_script",
            Fragment::SidebarFeed => "sidebar_feed",
            Fragment::SidebarPicks => "sidebar_picks",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The shared fragments as rendered for one content version.
#[derive(Debug, Clone, Default)]
pub struct Fragments {
    bodies: [Bytes; 3],
    /// Changes exactly when one of the bodies does: joined pages compare it.
    key: u64,
}

impl Fragments {
    pub fn new(render: impl Fn(Fragment) -> String) -> Fragments {
        let bodies = Fragment::ALL.map(|fragment| Bytes::from(render(fragment)));
        let key = bodies.iter().fold(0xcbf2_9ce4_8422_2325, |hash, body| {
            fingerprint_from(fingerprint_from(hash, body), &[0xff])
        });
        Fragments { bodies, key }
    }

    fn body(&self, fragment: Fragment) -> &Bytes {
        &self.bodies[fragment.index()]
    }

    fn joined(&self, parts: &[Part]) -> Bytes {
        let length = parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.len(),
                Part::Hole(fragment) => self.body(*fragment).len(),
            })
            .sum();
        let mut body = Vec::with_capacity(length);
        for part in parts {
            match part {
                Part::Text(text) => body.extend_from_slice(text),
                Part::Hole(fragment) => body.extend_from_slice(self.body(*fragment)),
            }
        }
        Bytes::from(body)
    }
}

#[derive(Debug)]
enum Part {
    Text(Bytes),
    Hole(Fragment),
}

/// What every hole starts with; the fragment's name and `-->` follow.
const HOLE: &[u8] = b"<!--byline:fragment:";

/// Cuts a body at its fragment holes, in one pass. A marker naming no known fragment
/// is left as text.
fn split_holes(body: Bytes) -> Vec<Part> {
    let mut parts = Vec::new();
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
                if at > text_from {
                    parts.push(Part::Text(body.slice(text_from..at)));
                }
                parts.push(Part::Hole(fragment));
                (text_from, search_from) = (end, end);
            }
            None => search_from = name_from,
        }
    }
    if text_from < body.len() {
        parts.push(Part::Text(body.slice(text_from..)));
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// One cached page: what it shows, and its body whole or with holes.
#[derive(Debug)]
pub struct CacheEntry {
    deps: Deps,
    body: EntryBody,
    /// Fixed when the entry is made: the cache weighs an entry again when it removes
    /// it and must get the same answer, whatever was compressed or joined since.
    weight: u64,
}

#[derive(Debug)]
enum EntryBody {
    Whole(Arc<CachedPage>),
    Holed {
        parts: Vec<Part>,
        content_type: &'static str,
        /// The page last joined, and the fragments' key it was joined with.
        joined: Mutex<(u64, Arc<CachedPage>)>,
    },
}

impl CacheEntry {
    /// A rendered page kept for what it shows; its holes, if any, are filled from
    /// `fragments` now and again whenever they change.
    pub fn new(
        body: String,
        content_type: &'static str,
        deps: Deps,
        fragments: &Fragments,
    ) -> CacheEntry {
        let body = Bytes::from(body);
        if find(&body, HOLE).is_none() {
            return CacheEntry::whole(Arc::new(CachedPage::new(body, content_type)), deps);
        }
        let parts = split_holes(body);
        let page = Arc::new(CachedPage::new(fragments.joined(&parts), content_type));
        let skeleton: usize = parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.len(),
                Part::Hole(_) => 0,
            })
            .sum();
        CacheEntry {
            deps,
            weight: skeleton as u64 + page.weight(),
            body: EntryBody::Holed {
                parts,
                content_type,
                joined: Mutex::new((fragments.key, page)),
            },
        }
    }

    /// A page kept as it is (assets, or anything without holes).
    pub fn whole(page: Arc<CachedPage>, deps: Deps) -> CacheEntry {
        CacheEntry {
            deps,
            weight: page.weight(),
            body: EntryBody::Whole(page),
        }
    }

    /// Whether serving it needs the current fragments.
    pub fn has_holes(&self) -> bool {
        matches!(self.body, EntryBody::Holed { .. })
    }

    /// The page to send: joined again if the fragments changed since it last was.
    pub fn page(&self, fragments: Option<&Fragments>) -> Arc<CachedPage> {
        match &self.body {
            EntryBody::Whole(page) => page.clone(),
            EntryBody::Holed {
                parts,
                content_type,
                joined,
            } => {
                let mut joined = joined.lock().expect("joined page lock");
                if let Some(fragments) = fragments
                    && joined.0 != fragments.key
                {
                    let page = CachedPage::new(fragments.joined(parts), content_type);
                    *joined = (fragments.key, Arc::new(page));
                    metrics::counter!("byline_page_joins_total").increment(1);
                }
                joined.1.clone()
            }
        }
    }

    fn weight(&self) -> u64 {
        self.weight
    }
}

#[derive(Clone)]
struct PageWeight;

impl Weighter<String, Arc<CacheEntry>> for PageWeight {
    fn weight(&self, key: &String, entry: &Arc<CacheEntry>) -> u64 {
        key.len() as u64 + entry.weight()
    }
}

pub struct PageCache {
    pages: Cache<String, Arc<CacheEntry>, PageWeight>,
    version: AtomicI64,
    /// When public content last changed, as Unix seconds (for `Last-Modified`).
    changed_at: AtomicI64,
    /// Holds version moves one at a time, so they apply in order.
    moving: Mutex<()>,
}

/// What a cache miss hands the renderer: the version it renders for.
pub struct Miss<'a> {
    guard: PlaceholderGuard<
        'a,
        String,
        Arc<CacheEntry>,
        PageWeight,
        DefaultHashBuilder,
        DefaultLifecycle<String, Arc<CacheEntry>>,
    >,
    version: i64,
}

pub enum Lookup<'a> {
    Hit(Arc<CacheEntry>),
    Miss(Miss<'a>),
}

impl PageCache {
    /// A cache holding at most `capacity_bytes` of pages.
    pub fn new(capacity_bytes: u64) -> PageCache {
        PageCache {
            pages: Cache::with_weighter(4096, capacity_bytes, PageWeight),
            version: AtomicI64::new(i64::MIN),
            changed_at: AtomicI64::new(0),
            moving: Mutex::new(()),
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
    pub fn fill(&self, miss: Miss<'_>, entry: Arc<CacheEntry>) {
        if self.version.load(Ordering::Acquire) == miss.version {
            let _ = miss.guard.insert(entry);
        }
    }

    /// Moves to the database's content version `version`, which changed `changed`
    /// since `from` (`None`: unknown, so everything is dropped). Returns whether it
    /// moved. A move to a version this cache is already at or past does nothing.
    pub fn advance(
        &self,
        from: i64,
        version: i64,
        changed_at: i64,
        changed: Option<&[Scope]>,
    ) -> bool {
        let _one_at_a_time = self.moving.lock().expect("version move lock");
        self.changed_at.fetch_max(changed_at, Ordering::AcqRel);
        let current = self.version.load(Ordering::Acquire);
        if current == version || (current != i64::MIN && current > version) {
            return false;
        }
        // Pages that were current at `from` or later are covered by `changed`; an
        // older cache (another move was missed) is not.
        let changed = changed.filter(|_| current >= from);
        self.version.store(version, Ordering::Release);
        match changed {
            Some(scopes) if !scopes.contains(&Scope::Site) => {
                if !scopes.is_empty() {
                    self.pages.retain(|_, entry| !entry.deps.touched_by(scopes));
                }
            }
            _ => self.pages.clear(),
        }
        true
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

    /// How many bytes the kept pages weigh (never above the capacity).
    pub fn weight(&self) -> u64 {
        self.pages.weight()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(body: &str, deps: Deps) -> Arc<CacheEntry> {
        Arc::new(CacheEntry::new(
            body.to_owned(),
            "text/html",
            deps,
            &Fragments::default(),
        ))
    }

    async fn keep(cache: &PageCache, key: &str, deps: Deps) {
        let Lookup::Miss(miss) = cache.lookup(key).await else {
            panic!("{key} was already cached")
        };
        cache.fill(miss, entry(key, deps));
    }

    async fn is_kept(cache: &PageCache, key: &str) -> bool {
        matches!(cache.lookup(key).await, Lookup::Hit(_))
    }

    #[tokio::test]
    async fn a_change_drops_only_the_pages_that_show_it() {
        let cache = PageCache::new(1 << 20);
        cache.advance(0, 1, 100, None);
        keep(&cache, "/one/", Deps::on([Scope::Post(1)])).await;
        keep(&cache, "/two/", Deps::on([Scope::Post(2)])).await;
        keep(&cache, "/tag/a/", Deps::on([Scope::Tag(7)])).await;
        keep(&cache, "/newsletters/", Deps::site()).await;
        keep(&cache, "/old/", Deps::Any).await;
        assert!(cache.advance(1, 2, 120, Some(&[Scope::Post(1), Scope::Tag(7)])));
        assert!(!is_kept(&cache, "/one/").await);
        assert!(!is_kept(&cache, "/tag/a/").await);
        assert!(
            !is_kept(&cache, "/old/").await,
            "a page of unknown deps goes"
        );
        assert!(is_kept(&cache, "/two/").await);
        assert!(is_kept(&cache, "/newsletters/").await);
        assert_eq!(cache.changed_at(), 120);
    }

    #[tokio::test]
    async fn a_page_compressed_and_joined_since_it_was_kept_is_dropped_cleanly() {
        // The cache weighs an entry again when it removes one; a weight that grew
        // with the compressed copies once made that subtraction overflow.
        let cache = PageCache::new(1 << 20);
        cache.advance(0, 1, 100, None);
        let Lookup::Miss(miss) = cache.lookup("/a/").await else {
            panic!()
        };
        let fragments = Fragments::new(|_| "x".repeat(5000));
        let body = format!(
            "{}<!--byline:fragment:sidebar_feed-->",
            "story ".repeat(2000)
        );
        let kept = Arc::new(CacheEntry::new(
            body,
            "text/html",
            Deps::on([Scope::Post(1)]),
            &fragments,
        ));
        cache.fill(miss, kept.clone());
        let page = kept.page(Some(&Fragments::new(|_| "y".repeat(9000))));
        page.gzip();
        page.brotli();
        assert!(cache.advance(1, 2, 100, Some(&[Scope::Post(1)])));
        assert!(cache.is_empty());
        assert_eq!(cache.weight(), 0);
    }

    #[tokio::test]
    async fn a_site_change_or_an_unknown_one_drops_everything() {
        let cache = PageCache::new(1 << 20);
        cache.advance(0, 1, 100, None);
        keep(&cache, "/two/", Deps::on([Scope::Post(2)])).await;
        cache.advance(1, 2, 100, Some(&[Scope::Site]));
        assert!(!is_kept(&cache, "/two/").await);
        keep(&cache, "/three/", Deps::on([Scope::Post(3)])).await;
        cache.advance(2, 3, 100, None);
        assert!(!is_kept(&cache, "/three/").await);
    }

    #[tokio::test]
    async fn changes_from_an_older_version_than_the_cache_missed_drop_everything() {
        let cache = PageCache::new(1 << 20);
        cache.advance(0, 1, 100, None);
        keep(&cache, "/two/", Deps::on([Scope::Post(2)])).await;
        // The scopes cover versions 3..=4, but the cache is at 1: version 2 is unknown.
        cache.advance(2, 4, 100, Some(&[Scope::Post(9)]));
        assert!(!is_kept(&cache, "/two/").await);
        assert_eq!(cache.version(), 4);
        assert!(!cache.advance(3, 4, 100, Some(&[])), "already there");
        assert!(!cache.advance(2, 3, 100, Some(&[])), "never backwards");
    }

    #[tokio::test]
    async fn a_page_rendered_across_a_change_is_not_kept() {
        let cache = PageCache::new(1 << 20);
        cache.advance(0, 1, 100, None);
        let Lookup::Miss(miss) = cache.lookup("/a/").await else {
            panic!()
        };
        cache.advance(1, 2, 120, Some(&[]));
        cache.fill(miss, entry("stale", Deps::site()));
        assert!(matches!(cache.lookup("/a/").await, Lookup::Miss(_)));
    }

    #[test]
    fn holes_are_filled_with_the_current_fragments_and_joined_again_when_they_change() {
        let first = Fragments::new(|fragment| format!("[{fragment:?} 1]"));
        let body = "<head><!--byline:fragment:feed_script--></head><main>story</main>\
                    <aside><!--byline:fragment:sidebar_feed--><!--byline:fragment:sidebar_picks--></aside>";
        let kept = CacheEntry::new(body.to_owned(), "text/html", Deps::site(), &first);
        assert!(kept.has_holes());
        let page = kept.page(Some(&first));
        assert_eq!(
            page.body,
            "<head>[FeedScript 1]</head><main>story</main><aside>[SidebarFeed 1][SidebarPicks 1]</aside>"
        );
        assert!(Arc::ptr_eq(&page, &kept.page(Some(&first))), "joined once");
        let second = Fragments::new(|fragment| format!("[{fragment:?} 2]"));
        let again = kept.page(Some(&second));
        assert_eq!(
            again.body,
            "<head>[FeedScript 2]</head><main>story</main><aside>[SidebarFeed 2][SidebarPicks 2]</aside>"
        );
        assert_ne!(page.etag, again.etag);
    }

    #[test]
    fn a_page_without_holes_is_kept_whole() {
        let kept = CacheEntry::new(
            "<p>plain</p>".into(),
            "text/html",
            Deps::Any,
            &Fragments::default(),
        );
        assert!(!kept.has_holes());
        assert_eq!(kept.page(None).body, "<p>plain</p>");
    }

    #[test]
    fn etags_depend_on_the_body() {
        let a = CachedPage::new("one", "text/html");
        let b = CachedPage::new("two", "text/html");
        assert_ne!(a.etag, b.etag);
        assert_eq!(a.etag, CachedPage::new("one", "text/html").etag);
    }
}
