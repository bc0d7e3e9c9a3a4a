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
//! it is served. So a News Feed item posted every minute re-renders three small
//! fragments, not every article.
//!
//! Such a page is kept compressed, as pieces that are laid together into a gzip
//! answer without compressing anything per request (see `pieces`): a kept page weighs
//! about a quarter of its plain size, so a newsroom's working set fits in memory.
//!
//! API answers are kept on their own shelf with a quarter of the pages' budget: a
//! client asking for thousands of distinct filters and pages fills that shelf and
//! never pushes readers' pages out.

mod page;
mod pieces;

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

use byline_store::Scope;
use quick_cache::DefaultHashBuilder;
use quick_cache::Weighter;
use quick_cache::sync::{Cache, DefaultLifecycle, PlaceholderGuard};

pub use page::CachedPage;
pub use pieces::{Fragment, Fragments};
use pieces::{HOLE, Part};

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

/// One cached page: what it shows, and its body whole or as compressed pieces with
/// holes for the shared fragments.
#[derive(Debug)]
pub struct CacheEntry {
    deps: Deps,
    body: EntryBody,
    /// Fixed when the entry is made: the cache weighs an entry again when it removes
    /// it and must get the same answer, whatever was compressed since.
    weight: u64,
}

#[derive(Debug)]
enum EntryBody {
    Whole(Arc<CachedPage>),
    Holed {
        parts: Vec<Part>,
        content_type: &'static str,
        /// The fingerprint of the page's own text; its ETag adds the fragments'.
        fingerprint: u64,
    },
}

impl CacheEntry {
    /// A rendered page kept for what it shows. A page with holes is kept as
    /// compressed pieces and joined to the current fragments each time it is sent.
    pub fn new(body: String, content_type: &'static str, deps: Deps) -> CacheEntry {
        if pieces::find(body.as_bytes(), HOLE).is_none() {
            return CacheEntry::whole(Arc::new(CachedPage::new(body, content_type)), deps);
        }
        let (parts, fingerprint) = pieces::split_holes(body.as_bytes());
        let weight = parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.weight(),
                Part::Hole(_) => std::mem::size_of::<Part>(),
            })
            .sum::<usize>()
            + 256;
        CacheEntry {
            deps,
            weight: weight as u64,
            body: EntryBody::Holed {
                parts,
                content_type,
                fingerprint,
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

    /// The page, if it is kept whole (serving it needs no fragments).
    pub fn whole_page(&self) -> Option<Arc<CachedPage>> {
        match &self.body {
            EntryBody::Whole(page) => Some(page.clone()),
            EntryBody::Holed { .. } => None,
        }
    }

    /// The page to send, with `fragments` in its holes: laid together as gzip from
    /// the kept pieces, which costs a copy of the compressed bytes and no compression.
    pub fn page(&self, fragments: &Fragments) -> Arc<CachedPage> {
        match &self.body {
            EntryBody::Whole(page) => page.clone(),
            EntryBody::Holed {
                parts,
                content_type,
                fingerprint,
            } => {
                let pieces = parts.iter().map(|part| match part {
                    Part::Text(text) => text,
                    Part::Hole(fragment) => fragments.piece(*fragment),
                });
                let fingerprint =
                    page::fingerprint_from(*fingerprint, &fragments.key().to_le_bytes());
                Arc::new(pieces::lay_gzip(pieces, content_type, fingerprint))
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

/// Which part of the cache an entry is kept on, each with its own budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shelf {
    /// Pages readers see, feeds and the like.
    Pages,
    /// API answers: any number of distinct queries, so they are kept apart.
    Answers,
}

type Entries = Cache<String, Arc<CacheEntry>, PageWeight>;

pub struct PageCache {
    pages: Entries,
    answers: Entries,
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
    /// A cache holding at most `capacity_bytes` of pages, and a quarter of that of
    /// API answers besides.
    pub fn new(capacity_bytes: u64) -> PageCache {
        PageCache {
            pages: Cache::with_weighter(4096, capacity_bytes, PageWeight),
            answers: Cache::with_weighter(1024, capacity_bytes / 4, PageWeight),
            version: AtomicI64::new(i64::MIN),
            changed_at: AtomicI64::new(0),
            moving: Mutex::new(()),
        }
    }

    /// Finds a page; on a miss, concurrent requests for the same page wait for the
    /// first one to render it instead of rendering it again.
    pub async fn lookup(&self, key: &str) -> Lookup<'_> {
        self.lookup_on(Shelf::Pages, key).await
    }

    /// [`PageCache::lookup`] on one shelf.
    pub async fn lookup_on(&self, shelf: Shelf, key: &str) -> Lookup<'_> {
        match self.shelf(shelf).get_value_or_guard_async(key).await {
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
                    for entries in [&self.pages, &self.answers] {
                        entries.retain(|_, entry| !entry.deps.touched_by(scopes));
                    }
                }
            }
            _ => {
                self.pages.clear();
                self.answers.clear();
            }
        }
        true
    }

    pub fn version(&self) -> i64 {
        self.version.load(Ordering::Acquire)
    }

    pub fn changed_at(&self) -> i64 {
        self.changed_at.load(Ordering::Acquire)
    }

    /// Entries kept on both shelves.
    pub fn len(&self) -> usize {
        self.pages.len() + self.answers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many bytes the kept entries weigh (never above the two budgets).
    pub fn weight(&self) -> u64 {
        self.pages.weight() + self.answers.weight()
    }

    /// How many bytes one shelf's entries weigh.
    pub fn weight_on(&self, shelf: Shelf) -> u64 {
        self.shelf(shelf).weight()
    }

    fn shelf(&self, shelf: Shelf) -> &Entries {
        match shelf {
            Shelf::Pages => &self.pages,
            Shelf::Answers => &self.answers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use byline_core::PostId;

    fn entry(body: &str, deps: Deps) -> Arc<CacheEntry> {
        Arc::new(CacheEntry::new(body.to_owned(), "text/html", deps))
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
        keep(&cache, "/one/", Deps::on([Scope::Post(PostId(1))])).await;
        keep(&cache, "/two/", Deps::on([Scope::Post(PostId(2))])).await;
        keep(&cache, "/tag/a/", Deps::on([Scope::Tag(7)])).await;
        keep(&cache, "/newsletters/", Deps::site()).await;
        keep(&cache, "/old/", Deps::Any).await;
        assert!(cache.advance(1, 2, 120, Some(&[Scope::Post(PostId(1)), Scope::Tag(7)])));
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
    async fn a_flood_of_api_answers_leaves_the_pages_alone() {
        let cache = PageCache::new(64 * 1024);
        cache.advance(0, 1, 100, None);
        keep(&cache, "/", Deps::site()).await;
        keep(&cache, "/one/", Deps::on([Scope::Post(PostId(1))])).await;
        let pages = cache.weight_on(Shelf::Pages);
        for n in 0..2_000 {
            let key = format!("/ghost/api/content/posts/?page={n}");
            let Lookup::Miss(miss) = cache.lookup_on(Shelf::Answers, &key).await else {
                panic!("{key} was already cached")
            };
            cache.fill(miss, entry(&"answer ".repeat(20), Deps::Any));
        }
        assert!(is_kept(&cache, "/").await && is_kept(&cache, "/one/").await);
        assert_eq!(cache.weight_on(Shelf::Pages), pages);
        assert!(cache.weight_on(Shelf::Answers) <= 16 * 1024);
        assert!(cache.weight_on(Shelf::Answers) > 0, "the shelf is used");
        // A change reaches both shelves.
        cache.advance(1, 2, 110, None);
        assert_eq!(cache.weight(), 0);
    }

    #[tokio::test]
    async fn a_page_compressed_since_it_was_kept_is_dropped_cleanly() {
        // The cache weighs an entry again when it removes one; a weight that grew
        // with the compressed copies once made that subtraction overflow.
        let cache = PageCache::new(1 << 20);
        cache.advance(0, 1, 100, None);
        let Lookup::Miss(miss) = cache.lookup("/a/").await else {
            panic!()
        };
        let body = format!(
            "{}<!--byline:fragment:sidebar_feed-->",
            "story ".repeat(2000)
        );
        let kept = Arc::new(CacheEntry::new(
            body,
            "text/html",
            Deps::on([Scope::Post(PostId(1))]),
        ));
        cache.fill(miss, kept.clone());
        let page = kept.page(&Fragments::new(|_| "y".repeat(9000)));
        page.body();
        page.brotli();
        let Lookup::Miss(miss) = cache.lookup("/b/").await else {
            panic!()
        };
        let whole = Arc::new(CachedPage::new("words ".repeat(900), "text/html"));
        cache.fill(
            miss,
            Arc::new(CacheEntry::whole(
                whole.clone(),
                Deps::on([Scope::Post(PostId(1))]),
            )),
        );
        whole.gzip();
        whole.brotli();
        assert!(cache.advance(1, 2, 100, Some(&[Scope::Post(PostId(1))])));
        assert!(cache.is_empty());
        assert_eq!(cache.weight(), 0);
    }

    #[tokio::test]
    async fn a_site_change_or_an_unknown_one_drops_everything() {
        let cache = PageCache::new(1 << 20);
        cache.advance(0, 1, 100, None);
        keep(&cache, "/two/", Deps::on([Scope::Post(PostId(2))])).await;
        cache.advance(1, 2, 100, Some(&[Scope::Site]));
        assert!(!is_kept(&cache, "/two/").await);
        keep(&cache, "/three/", Deps::on([Scope::Post(PostId(3))])).await;
        cache.advance(2, 3, 100, None);
        assert!(!is_kept(&cache, "/three/").await);
    }

    #[tokio::test]
    async fn changes_from_an_older_version_than_the_cache_missed_drop_everything() {
        let cache = PageCache::new(1 << 20);
        cache.advance(0, 1, 100, None);
        keep(&cache, "/two/", Deps::on([Scope::Post(PostId(2))])).await;
        // The scopes cover versions 3..=4, but the cache is at 1: version 2 is unknown.
        cache.advance(2, 4, 100, Some(&[Scope::Post(PostId(9))]));
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
    fn holes_are_filled_with_the_current_fragments_each_time_the_page_is_sent() {
        let first = Fragments::new(|fragment| format!("[{fragment:?} 1]"));
        let body = "<head><!--byline:fragment:feed_script--></head><main>story</main>\
                    <aside><!--byline:fragment:sidebar_feed--><!--byline:fragment:sidebar_picks--></aside>";
        let kept = CacheEntry::new(body.to_owned(), "text/html", Deps::site());
        assert!(kept.whole_page().is_none());
        let page = kept.page(&first);
        assert_eq!(
            page.body(),
            "<head>[FeedScript 1]</head><main>story</main><aside>[SidebarFeed 1][SidebarPicks 1]</aside>"
        );
        assert!(page.prefers_gzip());
        assert_eq!(
            page.etag,
            kept.page(&first).etag,
            "the same page, the same tag"
        );
        let second = Fragments::new(|fragment| format!("[{fragment:?} 2]"));
        let again = kept.page(&second);
        assert_eq!(
            again.body(),
            "<head>[FeedScript 2]</head><main>story</main><aside>[SidebarFeed 2][SidebarPicks 2]</aside>"
        );
        assert_ne!(page.etag, again.etag);
    }

    #[test]
    fn a_page_kept_as_pieces_weighs_about_its_compressed_size() {
        let article = "<p>The council met on Tuesday to weigh the river plan.</p>\n".repeat(300);
        let body = format!("<!--byline:fragment:feed_script-->{article}");
        let kept = CacheEntry::new(body, "text/html", Deps::site());
        assert!(
            kept.weight() < article.len() as u64 / 4,
            "{} bytes",
            kept.weight()
        );
    }

    #[test]
    fn a_page_without_holes_is_kept_whole() {
        let kept = CacheEntry::new("<p>plain</p>".into(), "text/html", Deps::Any);
        let page = kept.whole_page().expect("kept whole");
        assert_eq!(page.body(), "<p>plain</p>");
        assert!(!page.prefers_gzip());
    }
}
