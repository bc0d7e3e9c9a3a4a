//! Site settings: the newsroom's name, description, language and timezone (those four,
//! the navigation and the narration disclosure are the main edition's, kept in
//! `editions`), its public address, logo, icon and image hosts (kept in `settings`).

use std::collections::HashMap;

use byline_core::LanguageTag;
use byline_core::editions::MAIN_EDITION;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::{ChangeSet, Db, Result, bump_content_version};

/// What every page needs to know about the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSettings {
    pub title: String,
    pub description: String,
    /// An IANA zone name such as `Europe/Lisbon`; times are shown in it.
    pub timezone: String,
    pub language: String,
    /// The public address without a trailing slash, e.g. `https://news.example`.
    pub url: String,
    /// The newsroom's logo (for structured data and the masthead), if it has one.
    pub logo_url: Option<String>,
    /// The site icon browsers show on tabs and bookmarks; the theme's own when `None`.
    pub icon_url: Option<String>,
    /// Links in the site's main navigation, in order; empty means "the standing
    /// pages" (About, Contact…).
    pub navigation: Vec<NavItem>,
    /// The line shown with every narration player and in the podcast feed.
    pub audio_disclosure: String,
    /// Hosts a featured image may be linked from besides this site's own uploads
    /// (a wire service's picture desk, say); lowercase host names.
    pub image_hosts: Vec<String>,
}

/// The public address when none is saved and no server says where it listens.
const UNSAVED_URL: &str = "http://127.0.0.1:8080";

/// What narrated articles say about their audio unless the newsroom words it otherwise.
pub const DEFAULT_AUDIO_DISCLOSURE: &str = "This audio is created with AI assistance";

/// One link of the site's navigation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NavItem {
    pub label: String,
    pub url: String,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            title: "Byline".into(),
            description: "An independent newsroom".into(),
            timezone: "UTC".into(),
            language: "en".into(),
            url: UNSAVED_URL.into(),
            logo_url: None,
            icon_url: None,
            navigation: Vec::new(),
            audio_disclosure: DEFAULT_AUDIO_DISCLOSURE.into(),
            image_hosts: Vec::new(),
        }
    }
}

impl SiteSettings {
    /// The site's zone, or UTC if the stored name is unknown to the zone database.
    pub fn time_zone(&self) -> TimeZone {
        TimeZone::get(&self.timezone).unwrap_or(TimeZone::UTC)
    }
}

impl Db {
    /// The site's settings: the keys of `settings`, and the main edition's title,
    /// description, language, time zone, navigation and narration disclosure.
    pub async fn site_settings(&self) -> Result<SiteSettings> {
        let pairs: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(&self.pool)
            .await?;
        let mut map: HashMap<String, String> = pairs.into_iter().collect();
        let main = self.edition(MAIN_EDITION).await?;
        let url = map
            .remove("url")
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| self.unsaved_url());
        Ok(SiteSettings {
            title: main.title,
            description: main.description,
            timezone: main.timezone,
            language: main.language.to_string(),
            url,
            audio_disclosure: main.audio_disclosure,
            logo_url: map.remove("logo_url").filter(|url| !url.is_empty()),
            icon_url: map.remove("icon_url").filter(|url| !url.is_empty()),
            image_hosts: map
                .remove("image_hosts")
                .map(|hosts| hosts.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default(),
            navigation: main.navigation,
        })
    }

    /// Uses `url` (where the server listens) as the public address while none is
    /// saved, so links in emails, feeds and sitemaps lead somewhere that answers.
    pub fn use_address_until_saved(&self, url: &str) {
        *self.unsaved_url.write().expect("address lock") = Some(url.to_owned());
    }

    fn unsaved_url(&self) -> String {
        self.unsaved_url
            .read()
            .expect("address lock")
            .clone()
            .unwrap_or_else(|| UNSAVED_URL.to_owned())
    }

    pub async fn save_site_settings(&self, settings: &SiteSettings) -> Result<()> {
        let image_hosts = settings.image_hosts.join(" ");
        // The main edition's date order and voice are not site settings: kept as read.
        let mut main = self.edition(MAIN_EDITION).await?;
        // It reads before it writes: on SQLite the write lock is taken at BEGIN, so a
        // writer that commits in between cannot make the upgrade fail.
        let mut tx = self.begin_content_write().await?;
        // Settings saved with the address they were read with, while none was saved
        // (the demo's, or the desk's form left as it was), leave it unsaved: it keeps
        // following the address the server listens on.
        let saved_url: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'url'")
                .fetch_optional(&mut *tx)
                .await?;
        let keep_unsaved = saved_url.is_none_or(|url| url.is_empty())
            && (settings.url == self.unsaved_url() || settings.url == UNSAVED_URL);
        let url = if keep_unsaved {
            String::new()
        } else {
            settings.url.clone()
        };
        main.title = settings.title.clone();
        main.description = settings.description.clone();
        main.timezone = settings.timezone.clone();
        main.language = LanguageTag::parse(&settings.language).unwrap_or_else(LanguageTag::english);
        main.navigation = settings.navigation.clone();
        main.audio_disclosure = settings.audio_disclosure.clone();
        crate::editions::save_edition_in(&mut tx, &main).await?;
        for (key, value) in [
            ("image_hosts", &image_hosts),
            ("url", &url),
            ("logo_url", &settings.logo_url.clone().unwrap_or_default()),
            ("icon_url", &settings.icon_url.clone().unwrap_or_default()),
        ] {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        }
        bump_content_version(&mut tx, Timestamp::now(), &ChangeSet::everything()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// True when the site has no posts, authors or tags yet (so `--demo` may fill it).
    pub async fn is_empty(&self) -> Result<bool> {
        let count: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM posts) + (SELECT COUNT(*) FROM authors) + (SELECT COUNT(*) FROM tags)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(count == 0)
    }

    /// A random 32-byte secret named `name`, made on first use and shared by every
    /// node through the database (newsletter links are signed with it).
    pub async fn site_secret(&self, name: &str) -> Result<Vec<u8>> {
        let key = format!("secret:{name}");
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| crate::StoreError::Corrupt(format!("no random numbers: {e}")))?;
        let fresh: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        // The first node to get here wins; everyone reads the stored value.
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(&key)
        .bind(&fresh)
        .execute(&self.pool)
        .await?;
        let stored: String = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(&key)
            .fetch_one(&self.pool)
            .await?;
        (0..stored.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(stored.get(i..i + 2).unwrap_or("zz"), 16))
            .collect::<std::result::Result<Vec<u8>, _>>()
            .map_err(|_| crate::StoreError::Corrupt(format!("the {key} setting")))
    }
}
