//! The shapes templates see (documented in docs/THEMES.md), made from domain types.
//! Times are turned into the site's timezone here, once, so templates only print.

use byline_core::content::{Image, PostSummary};
use byline_core::markdown;
use std::sync::Arc;

use byline_core::{Author, EditorNote, FeedItem, LanguageTag, Post, Tag};
use byline_i18n::{Args, Translations};
use byline_store::{Newsletter, Page, SiteSettings};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

/// How a page shows times: the site's zone, and the page's language with its
/// translations (month names and date patterns come from the theme's files).
#[derive(Clone)]
pub struct Clock {
    zone: TimeZone,
    language: LanguageTag,
    translations: Arc<Translations>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimeView {
    pub iso: String,
    pub display: String,
    pub date: String,
    pub clock: String,
    /// Seconds since 1970, for scripts that order things by time.
    pub unix: i64,
}

impl Clock {
    pub fn new(
        settings: &SiteSettings,
        language: LanguageTag,
        translations: Arc<Translations>,
    ) -> Clock {
        Clock {
            zone: settings.time_zone(),
            language,
            translations,
        }
    }

    pub fn time(&self, at: Timestamp) -> TimeView {
        let local = at.to_zoned(self.zone.clone());
        let text = self
            .translations
            .date_text(&self.language, local.datetime());
        TimeView {
            iso: local.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            display: text.date_time,
            date: text.date,
            clock: text.time,
            unix: at.as_second(),
        }
    }

    /// The same clock for pages in another language (the desk is in English).
    pub fn in_language(&self, language: LanguageTag) -> Clock {
        Clock {
            language,
            ..self.clone()
        }
    }

    /// The language pages are shown in.
    pub fn language(&self) -> &LanguageTag {
        &self.language
    }

    /// The label of an editor's note ("Editor's note", "Correction") in the page's
    /// language.
    pub fn note_label(&self, kind: byline_core::NoteKind) -> String {
        self.translate("note-kind", &Args::new().text("kind", kind.as_str()))
    }

    /// A message of the theme's translations in the page's language.
    pub fn translate(&self, id: &str, args: &Args) -> String {
        self.translations.translate(&self.language, id, args)
    }

    /// The theme's translations, every language.
    pub fn translations(&self) -> &Translations {
        &self.translations
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuthorView {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub bio: Option<String>,
    pub bio_html: Option<String>,
    pub photo_url: Option<String>,
}

impl From<&Author> for AuthorView {
    fn from(author: &Author) -> Self {
        AuthorView {
            name: author.name.clone(),
            slug: author.slug.to_string(),
            url: format!("/author/{}/", author.slug),
            bio: author.bio.clone(),
            bio_html: author.bio.as_deref().map(|bio| markdown::render(bio).html),
            photo_url: author.photo_url.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub description: Option<String>,
}

impl From<&Tag> for TagView {
    fn from(tag: &Tag) -> Self {
        TagView {
            name: tag.name.clone(),
            slug: tag.slug.to_string(),
            url: format!("/tag/{}/", tag.slug),
            description: tag.description.clone(),
        }
    }
}

/// A picture as templates show it: for uploads, with every stored width in its own
/// format and in WebP, so the browser picks the smallest file that looks sharp.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    pub url: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub width: u32,
    pub height: u32,
    pub srcset: Option<String>,
    pub webp_srcset: Option<String>,
}

impl ImageView {
    pub fn new(image: &Image) -> ImageView {
        let sets = byline_core::media::source_sets(&image.url, image.width);
        ImageView {
            url: image.url.clone(),
            alt: image.alt.clone(),
            caption: image.caption.clone(),
            credit: image.credit.clone(),
            width: image.width,
            height: image.height,
            srcset: sets.as_ref().map(|s| s.original.clone()),
            webp_srcset: sets.and_then(|s| s.webp),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    pub title: String,
    pub url: String,
    pub subtitle: Option<String>,
    pub excerpt: String,
    pub image: Option<ImageView>,
    pub section: Option<TagView>,
    pub authors: Vec<AuthorView>,
    pub published: Option<TimeView>,
    pub updated: Option<TimeView>,
    pub reading_minutes: u32,
    pub featured: bool,
}

impl CardView {
    pub fn new(post: &PostSummary, clock: &Clock) -> CardView {
        CardView {
            title: post.title.clone(),
            url: format!("/{}/", post.slug),
            subtitle: post.subtitle.clone(),
            excerpt: post.excerpt.clone(),
            image: post.image.as_ref().map(ImageView::new),
            section: post.section().map(TagView::from),
            authors: post.authors.iter().map(AuthorView::from).collect(),
            published: post.published_at.map(|t| clock.time(t)),
            updated: post.updated_at.map(|t| clock.time(t)),
            reading_minutes: post.reading_minutes,
            featured: post.featured,
        }
    }

    pub fn list(posts: &[PostSummary], clock: &Clock) -> Vec<CardView> {
        posts.iter().map(|p| CardView::new(p, clock)).collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub kind: &'static str,
    /// "Editor's note", "Correction", … in the page's language.
    pub kind_label: String,
    pub text_html: String,
    pub at: TimeView,
}

impl NoteView {
    fn new(note: &EditorNote, clock: &Clock) -> NoteView {
        NoteView {
            kind: note.kind.as_str(),
            kind_label: clock.note_label(note.kind),
            text_html: markdown::render(&note.text).html,
            at: clock.time(note.created_at),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PostView {
    #[serde(flatten)]
    pub card: CardView,
    pub kind: &'static str,
    pub tags: Vec<TagView>,
    pub body_html: String,
    pub notes: Vec<NoteView>,
}

impl PostView {
    /// `body_html` is the stored body with its related-article cards already filled in.
    pub fn new(post: &Post, body_html: String, clock: &Clock) -> PostView {
        PostView {
            card: CardView::new(&post.summary, clock),
            kind: post.summary.kind.as_str(),
            tags: post.summary.tags.iter().map(TagView::from).collect(),
            body_html,
            notes: post.notes.iter().map(|n| NoteView::new(n, clock)).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedItemView {
    pub id: i64,
    pub headline: String,
    pub text_html: String,
    pub url: Option<String>,
    /// The item's own page.
    pub permalink: String,
    pub published: TimeView,
    pub updated: Option<TimeView>,
    pub pinned: bool,
}

impl FeedItemView {
    pub fn new(item: &FeedItem, clock: &Clock) -> FeedItemView {
        FeedItemView {
            id: item.id,
            headline: item.headline.clone(),
            text_html: byline_core::news_feed::render_text(&item.text),
            url: item.post_slug.as_ref().map(|slug| format!("/{slug}/")),
            permalink: format!("/news-feed/{}/", item.id),
            published: clock.time(item.published_at),
            updated: item.updated_at.map(|t| clock.time(t)),
            pinned: item.pinned,
        }
    }

    pub fn list(items: &[FeedItem], clock: &Clock) -> Vec<FeedItemView> {
        items.iter().map(|i| FeedItemView::new(i, clock)).collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PaginationView {
    pub current: i64,
    pub total: i64,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

impl PaginationView {
    /// Links for page `current` of a list at `base` (`/tag/city/`), page 1 being `base`
    /// itself and page n being `base` + `page/n/`.
    pub fn new<T>(base: &str, current: i64, per_page: i64, page: &Page<T>) -> PaginationView {
        let total = total_pages(page.total, per_page);
        let url = |n: i64| {
            if n == 1 {
                base.to_owned()
            } else {
                format!("{base}page/{n}/")
            }
        };
        PaginationView {
            current,
            total,
            prev_url: (current > 1).then(|| url(current - 1)),
            next_url: (current < total).then(|| url(current + 1)),
        }
    }
}

/// Pages needed for `items` at `per_page` a page; an empty list still has one page.
pub fn total_pages(items: i64, per_page: i64) -> i64 {
    ((items + per_page - 1) / per_page).max(1)
}

/// One entry of a page's language switch, and of its `<link rel="alternate"
/// hreflang>`s: the same page, or the edition's front page, in one language.
#[derive(Debug, Clone, Serialize)]
pub struct EditionLink {
    /// The BCP 47 tag, for `hreflang` and `lang`.
    pub language: String,
    /// The language's name in itself ("Українська"), else the edition's title.
    pub name: String,
    /// The absolute address.
    pub url: String,
    /// The page being read.
    pub current: bool,
}

impl EditionLink {
    /// The front page of every edition, when the site has more than one.
    pub fn list(chrome: &crate::state::Chrome) -> Vec<EditionLink> {
        if chrome.editions.len() < 2 {
            return Vec::new();
        }
        chrome
            .editions
            .iter()
            .map(|edition| EditionLink {
                language: edition.language.as_str().to_owned(),
                name: language_name(chrome, edition),
                url: format!("{}{}", chrome.site.url, edition.prefix.home_path()),
                current: edition.id == chrome.edition.id,
            })
            .collect()
    }

    /// An article and its published translations, in edition order (empty when it
    /// has none).
    pub fn translations(
        chrome: &crate::state::Chrome,
        slug: &str,
        translations: &[byline_store::Translation],
    ) -> Vec<EditionLink> {
        let mut links = Vec::new();
        for edition in chrome.editions.iter() {
            let slug = if edition.id == chrome.edition.id {
                slug
            } else {
                match translations.iter().find(|t| {
                    t.edition == edition.id && t.status == byline_core::PostStatus::Published
                }) {
                    Some(translation) => translation.slug.as_str(),
                    None => continue,
                }
            };
            links.push(EditionLink {
                language: edition.language.as_str().to_owned(),
                name: language_name(chrome, edition),
                url: format!(
                    "{}{}",
                    chrome.site.url,
                    edition.prefix.path(&format!("/{slug}/"))
                ),
                current: edition.id == chrome.edition.id,
            });
        }
        if links.len() < 2 {
            links.clear();
        }
        links
    }
}

/// What a language calls itself, from the theme's translations; a language the theme
/// has no words for goes by its edition's title.
fn language_name(chrome: &crate::state::Chrome, edition: &byline_store::Edition) -> String {
    let translations = chrome.clock.translations();
    let own = |tag: &LanguageTag| translations.message_ids(tag).contains("language-name");
    let named = own(&edition.language)
        || LanguageTag::parse(edition.language.primary()).is_some_and(|primary| own(&primary));
    if named {
        translations.translate(&edition.language, "language-name", &Args::new())
    } else {
        edition.title.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_the_site_zone() {
        let settings = SiteSettings {
            timezone: "Europe/Kyiv".into(),
            ..SiteSettings::default()
        };
        let at: Timestamp = "2024-11-16T17:06:00Z".parse().unwrap();
        let translations = crate::kit::theme::Theme::embedded().translations().clone();
        let time = Clock::new(&settings, LanguageTag::english(), translations.clone()).time(at);
        assert_eq!(time.iso, "2024-11-16T19:06:00+02:00");
        assert_eq!(time.display, "Nov 16, 2024 7:06 PM");
        assert_eq!(time.date, "Nov 16, 2024");
        assert_eq!(time.clock, "7:06 PM");
        let uk = LanguageTag::parse("uk").unwrap();
        let time = Clock::new(&settings, uk, translations).time(at);
        assert_eq!(time.display, "16 листопада 2024, 19:06");
        assert_eq!(time.date, "16 листопада 2024");
        assert_eq!(time.clock, "19:06");
    }

    #[test]
    fn pagination_links_point_at_neighbours() {
        let page: Page<()> = Page {
            items: vec![],
            total: 25,
        };
        let view = PaginationView::new("/tag/city/", 2, 10, &page);
        assert_eq!(view.total, 3);
        assert_eq!(view.prev_url.as_deref(), Some("/tag/city/"));
        assert_eq!(view.next_url.as_deref(), Some("/tag/city/page/3/"));
        assert_eq!(total_pages(0, 10), 1);
    }
}

/// A newsletter as themes see it.
#[derive(Debug, Clone, Serialize)]
pub struct NewsletterView {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub cadence: String,
}

impl From<&Newsletter> for NewsletterView {
    fn from(newsletter: &Newsletter) -> Self {
        NewsletterView {
            slug: newsletter.slug.clone(),
            name: newsletter.name.clone(),
            description: newsletter.description.clone(),
            cadence: newsletter.cadence.clone(),
        }
    }
}
