//! The export file from start to end: one snapshot, every array in turn, and the
//! report of what had no place in it.

use std::collections::BTreeMap;
use std::io::Write;

use byline_store::{
    DEFAULT_AUDIO_DISCLOSURE, Db, ExportLeftOut, ExportSnapshot, NavItem, PostLinks, SiteSettings,
};
use jiff::Timestamp;

use crate::body::{GHOST_URL, Site, ghost_address};
use crate::editions::Editions;
use crate::ghost::{self, time};
use crate::ids::{self, Table};
use crate::json::Document;
use crate::posts::{self, ROW_PAGE};
use crate::{ExportReport, people};

/// Writes the whole site to `out` as a Ghost 5 JSON import file, reading it in pages
/// from one consistent snapshot; `progress` hears how many posts and pages are
/// written so far. `out` should be buffered: it gets many small writes.
pub async fn write_ghost_json(
    db: &Db,
    out: &mut (impl Write + Send),
    progress: &(dyn Fn(u64) + Sync),
) -> anyhow::Result<ExportReport> {
    let settings = db.site_settings().await?;
    let site = Site {
        url: settings.url.trim_end_matches('/').to_owned(),
        title: settings.title.clone(),
    };
    let mut limits = Limits::default();
    let mut snap = db.export_snapshot().await?;
    let mut doc = Document::start(out, Timestamp::now().as_millisecond())?;

    let editions = Editions::read(&mut snap).await?;
    let counts = posts::write_posts(&mut snap, &mut doc, &site, &mut limits, progress).await?;
    let mut array = doc.array("tags")?;
    people::write_tags(&mut snap, &mut array, &mut limits).await?;
    editions
        .write_tags(&mut snap, &mut array, &mut limits)
        .await?;
    let tags = array.end()?;
    let authors = people::write_users(&mut snap, &mut doc, &site, &mut limits).await?;
    let mut array = doc.array("posts_tags")?;
    posts::write_links(&mut snap, &mut array, PostLinks::Tags).await?;
    editions.write_links(&mut snap, &mut array).await?;
    array.end()?;
    let mut array = doc.array("posts_authors")?;
    posts::write_links(&mut snap, &mut array, PostLinks::Authors).await?;
    array.end()?;
    posts::write_meta(&mut snap, &mut doc, &mut limits).await?;
    people::write_roles(&mut doc)?;
    people::write_roles_users(&mut snap, &mut doc).await?;
    write_settings(&mut doc, &settings, &site, &mut limits)?;
    let (newsletters, cadences) = write_newsletters(&mut snap, &mut doc, &site).await?;
    let members = write_members(&mut snap, &mut doc, &site).await?;
    write_member_newsletters(&mut snap, &mut doc).await?;
    let left_out = snap.left_out().await?;
    snap.finish().await?;
    doc.finish()?;

    Ok(ExportReport {
        posts: counts.posts,
        pages: counts.pages,
        tags,
        authors,
        newsletters,
        members,
        left_out: left_out_lines(&left_out, &editions, &settings, cadences),
        warnings: limits.lines(),
    })
}

/// The site settings Ghost has a place for: title, description, time zone,
/// language, logo and navigation (the public address is Ghost's own configuration).
fn write_settings<W: Write>(
    doc: &mut Document<'_, W>,
    settings: &SiteSettings,
    site: &Site,
    limits: &mut Limits,
) -> anyhow::Result<()> {
    limits.check("site titles", 150, Some(&settings.title), "title");
    limits.check(
        "site descriptions",
        200,
        Some(&settings.description),
        "description",
    );
    let mut rows: Vec<(&'static str, String, &'static str)> = vec![
        ("title", settings.title.clone(), "string"),
        ("description", settings.description.clone(), "string"),
        ("timezone", settings.timezone.clone(), "string"),
        ("locale", settings.language.clone(), "string"),
    ];
    if let Some(logo) = &settings.logo_url {
        rows.push(("logo", ghost_address(logo, &site.url), "string"));
    }
    if !settings.navigation.is_empty() {
        // Ghost keeps its own pages' links as paths, like Byline.
        let navigation: Vec<NavItem> = settings
            .navigation
            .iter()
            .map(|item| NavItem {
                label: item.label.clone(),
                url: match ghost_address(&item.url, &site.url).strip_prefix(GHOST_URL) {
                    Some(path) => path.to_owned(),
                    None => item.url.clone(),
                },
            })
            .collect();
        rows.push(("navigation", serde_json::to_string(&navigation)?, "array"));
    }
    let mut array = doc.array("settings")?;
    for (n, (key, value, kind)) in (1..).zip(rows) {
        array.push(&ghost::Setting {
            id: ids::id(Table::Settings, n),
            group: "site",
            key,
            value,
            kind,
        })?;
    }
    array.end()?;
    Ok(())
}

/// Every newsletter; returns how many, and how many have a cadence (Ghost's
/// newsletters have no such field).
async fn write_newsletters<W: Write>(
    snap: &mut ExportSnapshot,
    doc: &mut Document<'_, W>,
    site: &Site,
) -> anyhow::Result<(u64, u64)> {
    let mut newsletters = snap.newsletters().await?;
    // The order the desk shows them in (position, then name), numbered from 0.
    newsletters.sort_by(|a, b| (a.position, &a.name, a.id).cmp(&(b.position, &b.name, b.id)));
    let cadences = newsletters
        .iter()
        .filter(|n| !n.cadence.trim().is_empty())
        .count() as u64;
    let mut array = doc.array("newsletters")?;
    for (sort_order, newsletter) in (0..).zip(&newsletters) {
        array.push(&ghost::Newsletter {
            id: ids::id(Table::Newsletters, newsletter.id),
            uuid: ids::uuid(&site.url, "newsletter", newsletter.id),
            name: newsletter.name.clone(),
            slug: newsletter.slug.clone(),
            description: Some(newsletter.description.clone()).filter(|d| !d.trim().is_empty()),
            sender_name: newsletter.sender_name.clone(),
            sender_email: newsletter.sender_email.clone(),
            sender_reply_to: if newsletter.reply_to.trim().is_empty() {
                "newsletter".to_owned()
            } else {
                newsletter.reply_to.clone()
            },
            status: "active",
            visibility: "members",
            subscribe_on_signup: newsletter.signup_open,
            sort_order,
            created_at: time(newsletter.created_at),
            updated_at: time(newsletter.updated_at),
        })?;
    }
    Ok((array.end()?, cadences))
}

/// Subscribers who confirmed a newsletter, as free members.
async fn write_members<W: Write>(
    snap: &mut ExportSnapshot,
    doc: &mut Document<'_, W>,
    site: &Site,
) -> anyhow::Result<u64> {
    let mut array = doc.array("members")?;
    let mut after = 0;
    loop {
        let page = snap.members(after, ROW_PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.id;
        for member in &page {
            array.push(&ghost::Member {
                id: ids::id(Table::Members, member.id),
                uuid: ids::uuid(&site.url, "member", member.id),
                email: member.email.clone(),
                name: Some(member.name.clone()).filter(|n| !n.trim().is_empty()),
                status: "free",
                created_at: time(member.created_at),
                updated_at: time(member.created_at),
            })?;
        }
    }
    array.end()
}

/// One row per active subscription: the newsletters each member receives now.
async fn write_member_newsletters<W: Write>(
    snap: &mut ExportSnapshot,
    doc: &mut Document<'_, W>,
) -> anyhow::Result<u64> {
    let mut array = doc.array("members_newsletters")?;
    let mut after = (0, 0);
    loop {
        let page = snap.active_subscriptions(after, ROW_PAGE).await?;
        let Some(&last) = page.last() else {
            break;
        };
        after = last;
        for &(subscriber, newsletter) in &page {
            array.push(&ghost::MemberNewsletter {
                id: ids::pair_id(Table::MembersNewsletters, subscriber, newsletter)?,
                member_id: ids::id(Table::Members, subscriber),
                newsletter_id: ids::id(Table::Newsletters, newsletter),
            })?;
        }
    }
    array.end()
}

fn left_out_lines(
    counts: &ExportLeftOut,
    editions: &Editions,
    settings: &SiteSettings,
    cadences: u64,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut add = |n: i64, what: &str, why: &str| {
        if n > 0 {
            lines.push(format!("{n} {what}: {why}"));
        }
    };
    add(
        counts.unconfirmed_subscribers,
        "subscribers who never confirmed a newsletter",
        "they gave no consent, so they are not members",
    );
    add(
        counts.section_names,
        "section names given by editions besides the main one",
        "a Ghost tag has one name; the shared name is exported",
    );
    add(
        counts.feed_items,
        "News Feed items",
        "Ghost has no live feed",
    );
    add(
        counts.editor_notes,
        "editor's notes",
        "Ghost posts have no dated public notes",
    );
    add(
        counts.revisions,
        "saved revisions",
        "only each post's current text is exported",
    );
    add(
        counts.narrations,
        "narrations (content/audio)",
        "Ghost has no article audio",
    );
    add(
        counts.collection_items,
        "places in curated collections (editors' picks and the like)",
        "Ghost's import has no collections",
    );
    add(
        counts.newsletter_issues,
        "newsletter issues",
        "Ghost's emails belong to posts; Byline's issues are their own",
    );
    add(
        counts.staff_accounts,
        "staff accounts",
        "Ghost's users are made from the authors; sign-ins and passwords do not move",
    );
    add(
        i64::try_from(cadences).unwrap_or(i64::MAX),
        "newsletter cadences",
        "Ghost's newsletters have no such field",
    );
    if settings.audio_disclosure != DEFAULT_AUDIO_DISCLOSURE {
        add(
            1,
            "setting (the audio disclosure)",
            "Ghost has no article audio",
        );
    }
    if !settings.image_hosts.is_empty() {
        add(
            1,
            "setting (allowed image hosts)",
            "Ghost has no such setting",
        );
    }
    lines.extend(editions.left_out());
    lines
}

/// Values longer than Ghost's importer accepts, by kind, with a few examples.
#[derive(Debug, Default)]
pub(crate) struct Limits {
    found: BTreeMap<&'static str, Found>,
}

#[derive(Debug, Default)]
struct Found {
    limit: usize,
    count: u64,
    examples: Vec<String>,
}

impl Limits {
    const EXAMPLES: usize = 5;

    /// Notes `value` of `what` (of the row named `name`) if it has more than `limit`
    /// characters.
    pub(crate) fn check(
        &mut self,
        what: &'static str,
        limit: usize,
        value: Option<&str>,
        name: &str,
    ) {
        if value.is_none_or(|v| v.chars().count() <= limit) {
            return;
        }
        let found = self.found.entry(what).or_default();
        found.limit = limit;
        found.count += 1;
        if found.examples.len() < Self::EXAMPLES {
            found.examples.push(name.to_owned());
        }
    }

    pub(crate) fn lines(self) -> Vec<String> {
        self.found
            .into_iter()
            .map(|(what, found)| {
                let more = found.count - found.examples.len() as u64;
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!(
                    "{} {what} longer than Ghost's {} characters (Ghost's importer refuses them; \
                     shorten them first): {}{more}",
                    found.count,
                    found.limit,
                    found.examples.join(", ")
                )
            })
            .collect()
    }
}
