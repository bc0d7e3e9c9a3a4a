//! The News Feed in the desk: short items (headline, two or three lines, an optional
//! link to an article) that editors publish from the desk's first screen or from
//! `/admin/news-feed/`, edit, pin to the top and delete.
//!
//! Only editors and administrators may touch the feed ([`Action::ManageNewsFeed`]);
//! every write tells live pages at once through [`AppState::news_feed_changed`].
//!
//! Each edition has its own feed. On a site with several, the list and the composer
//! start in the staff member's working edition (`desk::working_edition`) and offer
//! the others; a site with one edition shows no choice at all.
//!
//! [`AppState::news_feed_changed`]: crate::state::AppState::news_feed_changed

pub mod articles;
pub mod edit;
pub mod list;

use std::collections::BTreeMap;

use byline_core::news_feed::{FeedItemDraft, FeedItemError, HEADLINE_MAX, TEXT_MAX};
use byline_core::{Action, EditionId, FeedItem, Slug};
use byline_i18n::Args;
use byline_store::Edition;
use minijinja::Value;
use serde::Serialize;

use crate::desk::words::DeskLanguage;
use crate::desk::working_edition::{chosen_edition, working_edition};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;
use crate::views::Clock;

/// How many of the newest items the desk's first screen lists under the composer.
const RECENT_ON_HOME: i64 = 5;

/// Refuses with 403 unless the staff member may run the feed.
fn require_feed(staff: &Staff) -> Result<(), HttpError> {
    if staff.may(Action::ManageNewsFeed) {
        Ok(())
    } else {
        Err(HttpError::Forbidden(
            "Only editors and administrators can post to the News Feed. Ask one of them to publish your item.",
        ))
    }
}

/// An item id from the address; anything that is not one is a page that does not
/// exist (404), never a server error.
fn item_id(raw: &str) -> Result<i64, HttpError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(HttpError::NotFound)
}

/// Where the composer was sent from, and so where its answer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnTo {
    /// The desk's first screen, `/admin/`.
    Home,
    /// The feed's own page, `/admin/news-feed/`.
    FeedList,
}

impl ReturnTo {
    /// Reads the form's `return_to`; anything but the two known pages means the
    /// feed's page, so the field can never send anyone elsewhere.
    fn parse(raw: &str) -> ReturnTo {
        match raw {
            "/admin/" => ReturnTo::Home,
            _ => ReturnTo::FeedList,
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            ReturnTo::Home => "/admin/",
            ReturnTo::FeedList => "/admin/news-feed/",
        }
    }
}

/// The desk's list of an edition's feed: `/admin/news-feed/`, with `?edition=ID` for
/// any edition but the main one, and `notice` when one is given.
fn list_address(edition: EditionId, notice: Option<&str>) -> String {
    let mut query = Vec::new();
    if let Some(notice) = notice {
        query.push(format!("notice={notice}"));
    }
    if edition != byline_core::editions::MAIN_EDITION {
        query.push(format!("edition={}", edition.get()));
    }
    if query.is_empty() {
        "/admin/news-feed/".to_owned()
    } else {
        format!("/admin/news-feed/?{}", query.join("&"))
    }
}

/// An edition as the desk's choices show it.
#[derive(Debug, Serialize)]
struct EditionChoice {
    id: i64,
    name: String,
    language: String,
}

/// The editions to choose among, or none on a site with one.
fn edition_choices(editions: &[Edition]) -> Vec<EditionChoice> {
    if editions.len() < 2 {
        return Vec::new();
    }
    editions
        .iter()
        .map(|edition| EditionChoice {
            id: edition.id.get(),
            name: edition.title.clone(),
            language: edition.language.to_string(),
        })
        .collect()
}

/// The edition a feed form is for: the one it names, or the staff member's working
/// edition when it names none (a site with one edition has no field). A named
/// edition the site does not have is a mistake beside the field.
fn form_edition(editions: &[Edition], staff: &Staff, form: &FormData) -> Option<EditionId> {
    match form.text("edition") {
        None => Some(working_edition(editions, staff)),
        Some(raw) => chosen_edition(editions, &raw),
    }
}

/// What a form came back with: the values as typed and the mistakes by field.
#[derive(Debug, Default)]
pub struct Typed {
    pub values: BTreeMap<String, String>,
    pub errors: FieldErrors,
}

/// An item as the desk lists it.
#[derive(Debug, Serialize)]
struct ItemRow {
    id: i64,
    headline: String,
    published: String,
    published_iso: String,
    updated: Option<String>,
    pinned: bool,
    post_url: Option<String>,
}

impl ItemRow {
    fn new(item: &FeedItem, clock: &Clock) -> ItemRow {
        let published = clock.time(item.published_at);
        ItemRow {
            id: item.id,
            headline: item.headline.clone(),
            published: published.display,
            published_iso: published.iso,
            updated: item.updated_at.map(|t| clock.time(t).display),
            pinned: item.pinned,
            post_url: item.post_slug.as_ref().map(|slug| format!("/{slug}/")),
        }
    }
}

/// The composer's context: the form (empty, or as typed with its mistakes), the
/// editions to publish in (the typed one chosen, else the staff member's working
/// edition), where it returns to, and on the first screen that edition's newest items.
pub async fn composer(
    state: &SharedState,
    staff: &Staff,
    clock: &Clock,
    return_to: ReturnTo,
    typed: Typed,
) -> Result<Value, HttpError> {
    let editions = state.editions().await?;
    let edition = typed
        .values
        .get("edition")
        .and_then(|raw| chosen_edition(&editions, raw))
        .unwrap_or_else(|| working_edition(&editions, staff));
    let recent: Vec<ItemRow> = match return_to {
        ReturnTo::Home => state
            .db
            .feed_items_in(edition, RECENT_ON_HOME, 0)
            .await?
            .items
            .iter()
            .map(|item| ItemRow::new(item, clock))
            .collect(),
        ReturnTo::FeedList => Vec::new(),
    };
    Ok(minijinja::context! {
        v => Value::from_serialize(&typed.values),
        errors => Value::from_serialize(&typed.errors),
        return_to => return_to.path(),
        recent => Value::from_serialize(&recent),
        editions => Value::from_serialize(edition_choices(&editions)),
        edition => edition.get(),
        list_url => list_address(edition, None),
    })
}

/// A checked form: what to save.
struct Checked {
    draft: FeedItemDraft,
    post_slug: Option<Slug>,
}

/// A draft's problem in the staff member's language.
fn problem_words(problem: &FeedItemError, lang: &DeskLanguage) -> String {
    match problem {
        FeedItemError::HeadlineMissing => lang.t("feed-error-headline-missing"),
        FeedItemError::HeadlineTooLong(count) => lang.t_with(
            "feed-error-headline-too-long",
            &Args::new()
                .integer("max", HEADLINE_MAX as i64)
                .integer("count", *count as i64),
        ),
        FeedItemError::TextMissing => lang.t("feed-error-text-missing"),
        FeedItemError::TextTooLong(count) => lang.t_with(
            "feed-error-text-too-long",
            &Args::new()
                .integer("max", TEXT_MAX as i64)
                .integer("count", *count as i64),
        ),
    }
}

/// The link an item already has, as its form shows it: the article's title while it
/// is published, else its slug.
struct CurrentLink<'a> {
    shown: String,
    slug: &'a Slug,
}

impl<'a> CurrentLink<'a> {
    async fn of(state: &SharedState, item: &'a FeedItem) -> Result<Option<Self>, HttpError> {
        let Some(slug) = &item.post_slug else {
            return Ok(None);
        };
        let shown = match state.db.find_linkable_article(slug.as_str()).await? {
            Some(article) if article.slug == *slug => article.title,
            _ => slug.to_string(),
        };
        Ok(Some(CurrentLink { shown, slug }))
    }
}

/// Checks a composer or edit form. `current` is the edited item's link: sent back
/// unchanged, it is kept as it is even if the article has since been unpublished.
async fn check(
    state: &SharedState,
    lang: &DeskLanguage,
    form: &FormData,
    current: Option<&CurrentLink<'_>>,
) -> Result<Result<Checked, FieldErrors>, HttpError> {
    let draft = FeedItemDraft::new(form.get("headline"), form.get("text"));
    let mut errors = FieldErrors::default();
    for problem in draft.problems() {
        let field = match problem {
            FeedItemError::HeadlineMissing | FeedItemError::HeadlineTooLong(_) => "headline",
            FeedItemError::TextMissing | FeedItemError::TextTooLong(_) => "text",
        };
        errors.add(field, problem_words(&problem, lang));
    }
    let post_slug = match form.text("article") {
        None => None,
        Some(reference) => match current.filter(|c| c.shown == reference) {
            Some(kept) => Some(kept.slug.clone()),
            None => match state.db.find_linkable_article(&reference).await? {
                Some(article) => Some(article.slug),
                None => {
                    errors.add(
                        "article",
                        lang.t_with(
                            "feed-error-no-article",
                            &Args::new().text("reference", shortened(&reference)),
                        ),
                    );
                    None
                }
            },
        },
    };
    Ok(if errors.is_empty() {
        Ok(Checked { draft, post_slug })
    } else {
        Err(errors)
    })
}

/// A typed reference as quoted back in a message: at most 80 characters.
fn shortened(text: &str) -> String {
    const LONGEST: usize = 80;
    if text.chars().count() <= LONGEST {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(LONGEST - 1).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_two_known_pages_are_returned_to() {
        assert_eq!(ReturnTo::parse("/admin/"), ReturnTo::Home);
        assert_eq!(ReturnTo::parse("/admin/news-feed/"), ReturnTo::FeedList);
        assert_eq!(ReturnTo::parse("https://evil.example/"), ReturnTo::FeedList);
        assert_eq!(ReturnTo::parse(""), ReturnTo::FeedList);
    }

    #[test]
    fn ids_that_are_not_numbers_are_not_found() {
        assert_eq!(item_id("12").ok(), Some(12));
        for bad in ["abc", "-1", "0", "1.5", "99999999999999999999999"] {
            assert!(matches!(item_id(bad), Err(HttpError::NotFound)), "{bad}");
        }
    }

    #[test]
    fn long_references_are_shortened_in_messages() {
        assert_eq!(shortened("city-hall"), "city-hall");
        let long = "x".repeat(200);
        assert_eq!(shortened(&long).chars().count(), 80);
        assert!(shortened(&long).ends_with('…'));
    }
}
