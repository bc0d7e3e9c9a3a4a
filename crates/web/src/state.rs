//! What every request handler shares: the database, the theme, the page cache, and
//! the "chrome" every page shows (site settings, sections, news feed, picks).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use byline_core::{Collection, EditionId, PostKind};
use byline_store::{
    ChangeNotice, CollectionStore, ContentVersion, Db, Edition, PostQuery, SiteSettings, StoreError,
};
use serde::Serialize;

use crate::kit::cache::{Fragment, Fragments, PageCache};
use crate::kit::section_names::SectionNames;
use crate::kit::theme::Theme;
use crate::views::{CardView, Clock, FeedItemView, TagView};

/// Items of the news feed shown beside every page.
pub const SIDEBAR_FEED_ITEMS: i64 = 8;
/// Editors' picks shown beside every page.
pub const SIDEBAR_PICKS: i64 = 5;

pub type SharedState = Arc<AppState>;

pub struct AppState {
    pub db: Db,
    pub theme: Theme,
    pub cache: PageCache,
    /// The data folder's `content/`: the base for this node's scratch folders.
    pub content_dir: PathBuf,
    /// Where uploaded and generated media live: the data folder or a bucket.
    pub media: byline_media::MediaStore,
    /// Sends account emails (invitations, password resets).
    pub mailer: byline_mail::Mailer,
    pub mail_templates: Arc<byline_mail::MailTemplates>,
    /// Wakes this node's job worker when a job is added here (other nodes' jobs
    /// are found by polling).
    pub jobs_wake: tokio::sync::Notify,
    /// Wakes the import worker when the desk queues an import.
    pub imports_wake: tokio::sync::Notify,
    /// Streams News Feed changes to open pages.
    pub live: crate::news_feed::live::FeedHub,
    /// Signs and checks the links in newsletter emails.
    pub links: byline_mail::newsletter::LinkSigner,
    /// Wakes this node's newsletter delivery when a send starts here.
    pub delivery_wake: Arc<tokio::sync::Notify>,
    /// This node's speech engine, if any, and its narration worker's wake-up call.
    pub narration: crate::narration::Narrator,
    /// The chrome for one content version: as other code sees it, and as cached
    /// pages are rendered with it (leaving holes for the shared fragments).
    /// One per edition that has been read at the current version.
    chrome: Mutex<Vec<VersionChrome>>,
    /// The site's editions at one content version (every request under a prefix
    /// looks its edition up here).
    editions: Mutex<Option<(i64, Arc<Vec<Edition>>)>>,
    /// Lets one request at a time load the chrome for a new version: the others wait
    /// for it instead of all loading it at once (hundreds, under load).
    chrome_loading: tokio::sync::Mutex<()>,
    /// Open News Feed streams per client address, capped.
    pub streams: crate::news_feed::stream_limit::StreamLimiter,
    /// Opens `/metrics` to requests from other machines that carry it.
    pub metrics_token: Option<String>,
    /// Content API keys found lately (see `api::content::auth`).
    pub content_keys: crate::api::content::KnownKeys,
    /// How this node sends webhooks, and its delivery loops' wake-up call.
    pub webhooks: crate::webhooks::Webhooks,
}

/// The chrome of one edition loaded for one content version, plain and with holes.
struct VersionChrome {
    version: i64,
    edition: EditionId,
    plain: Arc<Chrome>,
    with_holes: Arc<Chrome>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub url: String,
    /// The path of this edition's front page: `/`, or `/uk/`.
    pub home: String,
    pub language: String,
    pub timezone: String,
    /// The newsroom's own site icon, if it uploaded one.
    pub icon_url: Option<String>,
    pub nav: Vec<NavLink>,
    pub sections: Vec<TagView>,
}

/// The parts of every page that do not depend on the page itself, loaded once per
/// content version rather than once per render.
#[derive(Clone)]
pub struct Chrome {
    /// The site's settings, with the edition's own title, description, language,
    /// time zone, navigation and narration notice in place of the main edition's.
    pub settings: SiteSettings,
    /// The edition these pages belong to.
    pub edition: Edition,
    /// Every edition of the site, the main one first (for language switches).
    pub editions: Arc<Vec<Edition>>,
    pub clock: Clock,
    pub site: SiteView,
    pub news_feed: Vec<FeedItemView>,
    /// The last News Feed event `news_feed` reflects; live pages resume after it.
    pub feed_seq: i64,
    pub editors_picks: Vec<CardView>,
    /// The names this edition gives sections, for what each page shows.
    pub section_names: Arc<SectionNames>,
    /// Newsletters that take signups, for signup boxes.
    pub newsletters: Vec<crate::views::NewsletterView>,
    /// The parts every page shares, rendered once for this chrome.
    pub fragments: Fragments,
    /// Pages rendered with this chrome leave holes for `fragments` (the page cache
    /// joins them); otherwise the fragments are rendered in place.
    pub holes: bool,
}

impl Chrome {
    /// `path` (from `/`) inside this chrome's edition: `/uk/tag/city/`.
    pub fn path(&self, path: &str) -> String {
        self.edition.prefix.path(path)
    }

    /// The absolute address of `path` inside this chrome's edition.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.site.url, self.path(path))
    }

    /// A page rendered for this edition, with its links kept inside it.
    pub fn keep_links_within(&self, html: String) -> String {
        if self.edition.is_main() {
            return html;
        }
        let prefixes: Vec<Arc<str>> = self
            .editions
            .iter()
            .filter(|edition| !edition.is_main())
            .map(|edition| Arc::from(edition.prefix.as_str()))
            .collect();
        crate::kit::edition::keep_links_within(html, &self.edition.prefix, &prefixes)
    }

    /// The language this chrome's pages are shown in.
    pub fn language(&self) -> &byline_core::LanguageTag {
        self.clock.language()
    }

    /// A message of the theme's translations in the pages' language.
    pub fn translate(&self, id: &str, args: &byline_i18n::Args) -> String {
        self.clock.translate(id, args)
    }

    /// The line under the audio player: the newsroom's own words, or, while it keeps
    /// Byline's default, that default in the page's language.
    pub fn audio_disclosure(&self) -> String {
        if self.settings.audio_disclosure == byline_store::DEFAULT_AUDIO_DISCLOSURE {
            self.translate("listen-disclosure", &byline_i18n::Args::new())
        } else {
            self.settings.audio_disclosure.clone()
        }
    }
}

impl AppState {
    // One call site (Server::bind) composes the state from its parts; a builder
    // would only rename the arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        db: Db,
        theme: Theme,
        content_dir: PathBuf,
        media: byline_media::MediaStore,
        cache_bytes: u64,
        mailer: byline_mail::Mailer,
        links: byline_mail::newsletter::LinkSigner,
        narration: crate::narration::Narrator,
    ) -> AppState {
        AppState {
            db,
            theme,
            cache: PageCache::new(cache_bytes),
            content_dir,
            media,
            mailer,
            mail_templates: Arc::new(byline_mail::MailTemplates::new()),
            jobs_wake: tokio::sync::Notify::new(),
            imports_wake: tokio::sync::Notify::new(),
            live: crate::news_feed::live::FeedHub::new(),
            links,
            delivery_wake: Arc::new(tokio::sync::Notify::new()),
            narration,
            chrome: Mutex::new(Vec::new()),
            editions: Mutex::new(None),
            chrome_loading: tokio::sync::Mutex::new(()),
            streams: crate::news_feed::stream_limit::StreamLimiter::new(
                crate::DEFAULT_STREAMS_PER_ADDRESS,
            ),
            metrics_token: None,
            content_keys: Default::default(),
            webhooks: crate::webhooks::Webhooks::new(Default::default()),
        }
    }

    pub fn wake_jobs(&self) {
        self.jobs_wake.notify_one();
    }

    /// Call after starting a newsletter send through this node.
    pub fn wake_delivery(&self) {
        self.delivery_wake.notify_one();
    }

    /// Call after changing the News Feed through this node: live pages hear of it
    /// at once instead of at the next poll.
    pub fn news_feed_changed(&self) {
        self.live.wake();
    }

    /// Reads the content version now rather than at the next poll, so that a change
    /// made through this node shows on its very next page.
    pub async fn refresh_content_version(&self) {
        if let Ok(version) = self.db.content_version().await {
            self.observe(version, None).await;
        }
    }

    /// Adopts the database's content version `seen`, dropping the cached pages that
    /// show what changed since this node's version. What changed comes from another
    /// node's notice when it covers exactly that step, else from the database; when
    /// neither can say, every page is dropped. Returns whether the version moved.
    pub async fn observe(&self, seen: ContentVersion, notice: Option<&ChangeNotice>) -> bool {
        let from = self.cache.version();
        let changed_at = seen.changed_at.as_second();
        let changed = if seen.version == from || from == i64::MIN {
            None
        } else {
            match notice {
                Some(ChangeNotice {
                    version,
                    scopes: Some(scopes),
                }) if *version == seen.version && from == version - 1 => Some(scopes.clone()),
                _ => self
                    .db
                    .changes_between(from, seen.version)
                    .await
                    .unwrap_or_else(|error| {
                        tracing::warn!(
                            error = %error,
                            "cannot read what changed; dropping every cached page"
                        );
                        None
                    }),
            }
        };
        let moved = self
            .cache
            .advance(from, seen.version, changed_at, changed.as_deref());
        if moved {
            // "no": every page was dropped (a site change, or what changed is unknown).
            let precise = changed
                .as_ref()
                .is_some_and(|scopes| !scopes.contains(&byline_store::Scope::Site));
            metrics::counter!(
                "byline_page_cache_invalidations_total",
                "precise" => if precise { "yes" } else { "no" }
            )
            .increment(1);
        }
        moved
    }

    /// The chrome for the current content version, loading it if the version moved.
    pub async fn chrome(&self) -> Result<Arc<Chrome>, StoreError> {
        Ok(self.chromes().await?.0)
    }

    /// The chrome cached pages are rendered with: it leaves holes for the shared
    /// fragments, which it carries.
    pub async fn page_chrome(&self) -> Result<Arc<Chrome>, StoreError> {
        Ok(self.chromes().await?.1)
    }

    /// The shared fragments last rendered, for cached pages sent while the database
    /// cannot be reached to render the current ones.
    pub fn last_fragments(&self) -> Fragments {
        let edition = crate::kit::edition::current().id;
        self.chrome
            .lock()
            .expect("chrome lock")
            .iter()
            .find(|loaded| loaded.edition == edition)
            .map(|loaded| loaded.with_holes.fragments.clone())
            .unwrap_or_default()
    }

    async fn chromes(&self) -> Result<(Arc<Chrome>, Arc<Chrome>), StoreError> {
        let edition = crate::kit::edition::current().id;
        let version = self.cache.version();
        if let Some(loaded) = self.loaded_chrome(version, edition) {
            return Ok(loaded);
        }
        let _one_loader = self.chrome_loading.lock().await;
        // Whoever held the gate before may have loaded this version (or a newer one).
        let version = self.cache.version();
        if let Some(loaded) = self.loaded_chrome(version, edition) {
            return Ok(loaded);
        }
        let mut chrome = self.load_chrome(edition).await?;
        chrome.fragments = Fragments::new(|fragment| self.render_fragment(&chrome, fragment));
        let with_holes = Arc::new(Chrome {
            holes: true,
            ..chrome.clone()
        });
        let chrome = Arc::new(chrome);
        let mut loaded = self.chrome.lock().expect("chrome lock");
        loaded.retain(|kept| kept.version == version && kept.edition != edition);
        loaded.push(VersionChrome {
            version,
            edition,
            plain: chrome.clone(),
            with_holes: with_holes.clone(),
        });
        Ok((chrome, with_holes))
    }

    fn loaded_chrome(
        &self,
        version: i64,
        edition: EditionId,
    ) -> Option<(Arc<Chrome>, Arc<Chrome>)> {
        let loaded = self.chrome.lock().expect("chrome lock");
        let loaded = loaded
            .iter()
            .find(|loaded| loaded.version == version && loaded.edition == edition)?;
        Some((loaded.plain.clone(), loaded.with_holes.clone()))
    }

    /// The site's editions, read once per content version.
    pub async fn editions(&self) -> Result<Arc<Vec<Edition>>, StoreError> {
        let version = self.cache.version();
        if let Some((seen, editions)) = self.editions.lock().expect("editions lock").as_ref()
            && *seen == version
        {
            return Ok(editions.clone());
        }
        let editions = Arc::new(self.db.editions().await?);
        *self.editions.lock().expect("editions lock") = Some((version, editions.clone()));
        Ok(editions)
    }

    /// One shared fragment for `chrome`. A broken fragment template is logged and
    /// left out rather than failing every page.
    fn render_fragment(&self, chrome: &Chrome, fragment: Fragment) -> String {
        let context = crate::kit::serve::page_context(chrome, "/", minijinja::context! {});
        self.theme
            .render(fragment.template(), context)
            .map(|html| chrome.keep_links_within(html))
            .unwrap_or_else(|error| {
                tracing::error!(
                    template = fragment.template(),
                    error = %format!("{error:#}"),
                    "cannot render a shared fragment"
                );
                String::new()
            })
    }

    async fn load_chrome(&self, edition: EditionId) -> Result<Chrome, StoreError> {
        let editions = self.editions().await?;
        let edition = match editions.iter().find(|found| found.id == edition) {
            Some(edition) => edition.clone(),
            None => self.db.edition(edition).await?,
        };
        let mut settings = self.db.site_settings().await?;
        settings.title = edition.title.clone();
        settings.description = edition.description.clone();
        settings.language = edition.language.as_str().to_owned();
        settings.timezone = edition.timezone.clone();
        settings.navigation = edition.navigation.clone();
        settings.audio_disclosure = edition.audio_disclosure.clone();
        let clock = Clock::new(
            &settings,
            edition.language.clone(),
            self.theme.translations().clone(),
        );
        let sections = if edition.is_main() {
            self.db.list_tags().await?
        } else {
            self.db.edition_sections(edition.id).await?
        };
        let page_query = PostQuery {
            kind: PostKind::Page,
            edition: edition.id,
            ..PostQuery::default()
        };
        let pages = self.db.newest_published(&page_query, 10, 0).await?;
        let feed = self
            .db
            .feed_snapshot(edition.id, SIDEBAR_FEED_ITEMS, 0)
            .await?;
        let mut picks = self
            .db
            .edition_collection(Collection::EditorsPicks, edition.id, SIDEBAR_PICKS)
            .await?;
        let section_names = SectionNames::load(&self.db, edition.id).await?;
        section_names.posts(&mut picks);
        let site = SiteView {
            title: settings.title.clone(),
            description: settings.description.clone(),
            url: settings.url.trim_end_matches('/').to_owned(),
            home: edition.prefix.home_path(),
            language: settings.language.clone(),
            timezone: settings.timezone.clone(),
            icon_url: settings.icon_url.clone(),
            nav: if settings.navigation.is_empty() {
                pages
                    .iter()
                    .map(|p| NavLink {
                        label: p.title.clone(),
                        url: format!("/{}/", p.slug),
                    })
                    .collect()
            } else {
                settings
                    .navigation
                    .iter()
                    .map(|item| NavLink {
                        label: item.label.clone(),
                        url: item.url.clone(),
                    })
                    .collect()
            },
            sections: sections.iter().map(TagView::from).collect(),
        };
        let newsletters = self
            .db
            .edition_newsletters(edition.id)
            .await?
            .iter()
            .filter(|newsletter| newsletter.signup_open)
            .map(crate::views::NewsletterView::from)
            .collect();
        Ok(Chrome {
            newsletters,
            news_feed: FeedItemView::list(&feed.page.items, &clock),
            feed_seq: feed.seq,
            editors_picks: CardView::list(&picks, &clock),
            section_names: Arc::new(section_names),
            settings,
            edition,
            editions,
            clock,
            site,
            fragments: Fragments::default(),
            holes: false,
        })
    }
}
