//! What the site says about itself: settings, newsletters and tiers.

use byline_core::newsletters::Newsletter;
use byline_core::public_ids::Resource;
use jiff::Timestamp;
use serde::Serialize;
use utoipa::ToSchema;

use super::ghost_time;
use crate::discovery::absolute;
use crate::state::Chrome;

#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsObject {
    pub title: String,
    pub description: String,
    pub logo: Option<String>,
    pub icon: Option<String>,
    pub accent_color: Option<String>,
    pub cover_image: Option<String>,
    pub facebook: Option<String>,
    pub twitter: Option<String>,
    /// The site's language, as a BCP 47 tag.
    pub lang: String,
    pub locale: String,
    /// An IANA time zone name.
    pub timezone: String,
    pub codeinjection_head: Option<String>,
    pub codeinjection_foot: Option<String>,
    pub navigation: Vec<NavigationLink>,
    /// Always empty: Byline has one navigation.
    pub secondary_navigation: Vec<NavigationLink>,
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub og_image: Option<String>,
    pub og_title: Option<String>,
    pub og_description: Option<String>,
    pub twitter_image: Option<String>,
    pub twitter_title: Option<String>,
    pub twitter_description: Option<String>,
    pub members_support_address: Option<String>,
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NavigationLink {
    pub label: String,
    pub url: String,
}

/// A newsletter readers can sign up for.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsletterObject {
    #[schema(pattern = "^[0-9a-f]{24}$")]
    pub id: String,
    pub name: String,
    pub description: String,
    pub slug: String,
    pub sender_name: String,
    pub subscribe_on_signup: bool,
    /// Always `members`.
    pub visibility: String,
    pub sort_order: i64,
    /// When it arrives, in the newsroom's words ("Six mornings a week").
    pub byline_cadence: String,
}

/// A membership tier: Byline has one, free, until memberships arrive.
#[derive(Debug, Serialize, ToSchema)]
pub struct TierObject {
    #[schema(pattern = "^[0-9a-f]{24}$")]
    pub id: String,
    pub name: String,
    pub description: String,
    pub slug: String,
    pub active: bool,
    /// Always `free`.
    #[serde(rename = "type")]
    pub kind: String,
    pub welcome_page_url: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub updated_at: Option<String>,
    pub visibility: String,
    pub benefits: Vec<String>,
    pub currency: Option<String>,
    pub monthly_price: Option<i64>,
    pub yearly_price: Option<i64>,
    pub trial_days: i64,
}

pub fn settings(chrome: &Chrome) -> SettingsObject {
    let site = &chrome.site;
    SettingsObject {
        title: site.title.clone(),
        description: site.description.clone(),
        logo: chrome
            .settings
            .logo_url
            .as_deref()
            .map(|p| absolute(&site.url, p)),
        icon: site.icon_url.as_deref().map(|p| absolute(&site.url, p)),
        accent_color: None,
        cover_image: None,
        facebook: None,
        twitter: None,
        lang: site.language.clone(),
        locale: site.language.clone(),
        timezone: site.timezone.clone(),
        codeinjection_head: None,
        codeinjection_foot: None,
        navigation: site
            .nav
            .iter()
            .map(|link| NavigationLink {
                label: link.label.clone(),
                url: absolute(&site.url, &link.url),
            })
            .collect(),
        secondary_navigation: Vec::new(),
        meta_title: None,
        meta_description: None,
        og_image: None,
        og_title: None,
        og_description: None,
        twitter_image: None,
        twitter_title: None,
        twitter_description: None,
        members_support_address: None,
        url: format!("{}/", site.url),
    }
}

pub fn newsletter(newsletter: &Newsletter) -> NewsletterObject {
    NewsletterObject {
        id: Resource::Newsletter.id(newsletter.id.get()),
        name: newsletter.name.clone(),
        description: newsletter.description.clone(),
        slug: newsletter.slug.clone(),
        sender_name: newsletter.sender_name.clone(),
        subscribe_on_signup: true,
        visibility: "members".to_owned(),
        sort_order: newsletter.position,
        byline_cadence: newsletter.cadence.clone(),
    }
}

/// The one free tier: every reader reads everything.
pub fn tier(site_title: &str) -> TierObject {
    TierObject {
        id: Resource::Tier.id(1),
        name: "Free".to_owned(),
        description: format!("Everything {site_title} publishes, free to read"),
        slug: "free".to_owned(),
        active: true,
        kind: "free".to_owned(),
        welcome_page_url: None,
        created_at: ghost_time(Timestamp::UNIX_EPOCH),
        updated_at: None,
        visibility: "public".to_owned(),
        benefits: Vec::new(),
        currency: None,
        monthly_price: None,
        yearly_price: None,
        trial_days: 0,
    }
}
