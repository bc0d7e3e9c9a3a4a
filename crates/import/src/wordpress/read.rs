//! A WordPress WXR 1.1 or 1.2 export, read in two passes (see [`crate::source`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use byline_core::{PostKind, PostStatus};
use jiff::Timestamp;

use super::content::{AttachmentRef, to_body};
use super::xml::{Found, Record, scan};
use crate::captions::{plain, split_credit};
use crate::model::{
    Platform, RedirectTarget, SourceAuthor, SourceImage, SourcePost, SourceRedirect, SourceTag,
};
use crate::source::{Archive, Catalog, MAX_FILE_BYTES, ReadError, check_size, open};

pub struct WordPressArchive {
    path: PathBuf,
    limit: u64,
    /// What the second pass needs from the first.
    attachments: HashMap<u64, Attachment>,
    /// Category and tag slugs to their source ids (`category:news`).
    terms: HashMap<String, String>,
    site_url: String,
}

#[derive(Debug, Clone)]
struct Attachment {
    url: String,
    alt: String,
    caption: String,
}

/// Post types that are articles or pages; everything else (attachments, menus,
/// revisions, reusable blocks, forms…) is not content a reader sees.
const CONTENT_TYPES: [&str; 2] = ["post", "page"];

impl WordPressArchive {
    pub fn open(path: &Path) -> Result<Self, ReadError> {
        Self::open_with_limit(path, MAX_FILE_BYTES)
    }

    pub fn open_with_limit(path: &Path, limit: u64) -> Result<Self, ReadError> {
        check_size(path, limit)?;
        Ok(WordPressArchive {
            path: path.to_owned(),
            limit,
            attachments: HashMap::new(),
            terms: HashMap::new(),
            site_url: String::new(),
        })
    }

    fn scan(&self, found: &mut dyn FnMut(Found) -> bool) -> Result<bool, ReadError> {
        check_size(&self.path, self.limit)?;
        scan(open(&self.path)?, found)
    }
}

impl Archive for WordPressArchive {
    fn platform(&self) -> Platform {
        Platform::WordPress
    }

    fn catalog(&mut self) -> Result<Catalog, ReadError> {
        let mut catalog = Catalog::default();
        let mut wxr_version = None;
        let mut comments = 0;
        let mut other_types: HashMap<String, u64> = HashMap::new();
        let mut category_parents: Vec<(String, String)> = Vec::new();
        let mut attachments = HashMap::new();
        let mut terms = HashMap::new();
        self.scan(&mut |found| {
            match found {
                Found::Channel(name, value) => match name.as_str() {
                    "wp:wxr_version" => wxr_version = Some(value),
                    "title" => catalog.site_title = Some(value),
                    "language" => {
                        catalog.site_language = crate::languages::wordpress_language(&value)
                    }
                    "wp:base_blog_url" => catalog.site_url = Some(value),
                    "wp:base_site_url" if catalog.site_url.is_none() => {
                        catalog.site_url = Some(value)
                    }
                    _ => {}
                },
                Found::Record(kind, record) => match kind.as_str() {
                    "wp:author" => catalog.authors.push(author(&record)),
                    "wp:category" => {
                        let slug = decode_slug(record.get("wp:category_nicename"));
                        let id = format!("category:{slug}");
                        terms.insert(id.clone(), id.clone());
                        // Yoast names the primary category by its term id.
                        terms.insert(
                            format!("id:{}", record.get("wp:term_id").trim()),
                            id.clone(),
                        );
                        let parent = record.get("wp:category_parent").trim().to_owned();
                        if !parent.is_empty() {
                            category_parents.push((slug.clone(), parent));
                        }
                        catalog.tags.push(SourceTag {
                            source_id: id,
                            slug,
                            name: plain(record.get("wp:cat_name")),
                            description: non_empty(record.get("wp:category_description")),
                            internal: false,
                        });
                    }
                    "wp:tag" => {
                        let slug = decode_slug(record.get("wp:tag_slug"));
                        let id = format!("post_tag:{slug}");
                        terms.insert(id.clone(), id.clone());
                        catalog.tags.push(SourceTag {
                            source_id: id,
                            slug,
                            name: plain(record.get("wp:tag_name")),
                            description: non_empty(record.get("wp:tag_description")),
                            internal: false,
                        });
                    }
                    "item" => {
                        comments += record.comments;
                        let post_type = record.get("wp:post_type");
                        if post_type == "attachment" {
                            if let Ok(id) = record.get("wp:post_id").trim().parse::<u64>() {
                                attachments.insert(
                                    id,
                                    Attachment {
                                        url: record.get("wp:attachment_url").trim().to_owned(),
                                        alt: record
                                            .meta("_wp_attachment_image_alt")
                                            .unwrap_or("")
                                            .to_owned(),
                                        caption: record.get("excerpt:encoded").to_owned(),
                                    },
                                );
                            }
                        } else if CONTENT_TYPES.contains(&post_type) {
                            if !matches!(
                                record.get("wp:status"),
                                "auto-draft" | "trash" | "inherit"
                            ) {
                                catalog.posts += 1;
                            }
                        } else {
                            *other_types.entry(post_type.to_owned()).or_default() += 1;
                        }
                    }
                    _ => {}
                },
            }
            true
        })?;
        match wxr_version.as_deref() {
            Some("1.0" | "1.1" | "1.2") => {}
            Some(other) => catalog.problems.push(crate::source::Problem {
                location: "the file's header".into(),
                message: format!(
                    "WXR version {other}; Byline reads 1.1 and 1.2, so check the result"
                ),
            }),
            None => {
                return Err(ReadError::WrongShape {
                    platform: "WordPress",
                    reason: "it has no <wp:wxr_version>; export it from Tools → Export".into(),
                });
            }
        }
        if comments > 0 {
            catalog.left_out.push(("comments".into(), comments));
        }
        let mut other_types: Vec<_> = other_types.into_iter().collect();
        other_types.sort();
        for (post_type, n) in other_types {
            let label = match post_type.as_str() {
                "nav_menu_item" => "menu items".to_owned(),
                "revision" => "revisions".to_owned(),
                "wp_block" => "reusable blocks".to_owned(),
                other => format!("items of type '{other}'"),
            };
            catalog.left_out.push((label, n));
        }
        self.site_url = catalog.site_url.clone().unwrap_or_default();
        add_redirects(&mut catalog, &category_parents);
        self.attachments = attachments;
        self.terms = terms;
        Ok(catalog)
    }

    fn posts(&mut self, sink: &mut dyn FnMut(SourcePost) -> bool) -> Result<(), ReadError> {
        let attachments = &self.attachments;
        let terms = &self.terms;
        let site_url = self.site_url.trim_end_matches('/');
        let finished = scan(open(&self.path)?, &mut |found| match found {
            Found::Record(kind, record) if kind == "item" => {
                match convert(&record, attachments, terms, site_url) {
                    Some(post) => sink(post),
                    None => true,
                }
            }
            _ => true,
        })?;
        if finished {
            Ok(())
        } else {
            Err(ReadError::Stopped)
        }
    }
}

fn author(record: &Record) -> SourceAuthor {
    let login = record.get("wp:author_login").trim().to_owned();
    let display = plain(record.get("wp:author_display_name"));
    let full = format!(
        "{} {}",
        plain(record.get("wp:author_first_name")),
        plain(record.get("wp:author_last_name"))
    );
    let name = [display, full.trim().to_owned(), login.clone()]
        .into_iter()
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| "Unnamed author".into());
    SourceAuthor {
        source_id: login.clone(),
        slug: login,
        name,
        bio: None,
        photo: None,
    }
}

/// Old addresses of categories, tags, authors and the feed.
fn add_redirects(catalog: &mut Catalog, category_parents: &[(String, String)]) {
    // A child's first parent, found once rather than by a search per category.
    let mut parent_of: HashMap<&str, &str> = HashMap::new();
    for (child, parent) in category_parents {
        parent_of.entry(child.as_str()).or_insert(parent.as_str());
    }
    let mut redirects = vec![SourceRedirect {
        from: "/feed/".into(),
        to: RedirectTarget::Path("/rss/".into()),
        permanent: true,
    }];
    for tag in &catalog.tags {
        let (base, kind) = match tag.source_id.split_once(':') {
            Some(("category", _)) => ("category", "category"),
            _ => ("tag", "tag"),
        };
        let mut paths = vec![format!("/{base}/{}/", tag.slug)];
        if kind == "category" {
            // A child category's archive also lives under its parent's slug.
            if let Some(parent) = parent_of.get(tag.slug.as_str()) {
                paths.push(format!("/{base}/{}/{}/", decode_slug(parent), tag.slug));
            }
        }
        for path in paths {
            redirects.push(SourceRedirect {
                from: format!("{path}feed/"),
                to: RedirectTarget::Path(format!("/tag/{}/rss/", tag.slug)),
                permanent: true,
            });
            redirects.push(SourceRedirect {
                from: path,
                to: RedirectTarget::Tag(tag.source_id.clone()),
                permanent: true,
            });
        }
    }
    for author in &catalog.authors {
        redirects.push(SourceRedirect {
            from: format!("/author/{}/", author.slug),
            to: RedirectTarget::Author(author.source_id.clone()),
            permanent: true,
        });
    }
    catalog.redirects.extend(redirects);
}

/// One WordPress item in Byline's terms; `None` for items that are not posts or pages
/// (attachments, menus, revisions) or are in the bin.
fn convert(
    record: &Record,
    attachments: &HashMap<u64, Attachment>,
    terms: &HashMap<String, String>,
    site_url: &str,
) -> Option<SourcePost> {
    let post_type = record.get("wp:post_type");
    if !CONTENT_TYPES.contains(&post_type) {
        return None;
    }
    let id = record.get("wp:post_id").trim().to_owned();
    let raw_status = record.get("wp:status");
    if matches!(raw_status, "auto-draft" | "trash" | "inherit") {
        return None;
    }
    let title = plain(record.get("title"));
    let slug = decode_slug(record.get("wp:post_name"));
    let location = format!(
        "{post_type} '{}' (id {id})",
        if slug.is_empty() { &title } else { &slug }
    );
    let lookup = |attachment_id: u64| {
        attachments.get(&attachment_id).map(|a| AttachmentRef {
            url: a.url.clone(),
            alt: a.alt.clone(),
            caption: non_empty(&plain(&a.caption)),
        })
    };
    let mut body = to_body(record.get("content:encoded"), &lookup);
    if record.oversized {
        body.problem(format!(
            "a field was longer than {} MB and was cut",
            super::xml::MAX_FIELD_BYTES / (1024 * 1024)
        ));
    }
    let status = match raw_status {
        "publish" => PostStatus::Published,
        "future" => PostStatus::Scheduled,
        "draft" | "pending" => PostStatus::Draft,
        "private" => {
            body.problem("a private post was imported as a draft (Byline has no private posts)");
            PostStatus::Draft
        }
        other => {
            body.problem(format!("unknown status '{other}', imported as a draft"));
            PostStatus::Draft
        }
    };
    let published_at =
        gmt_time(record.get("wp:post_date_gmt")).or_else(|| gmt_time(record.get("wp:post_date")));
    let image = record
        .meta("_thumbnail_id")
        .and_then(|id| id.trim().parse::<u64>().ok())
        .and_then(|id| match attachments.get(&id) {
            Some(a) => Some(a),
            None => {
                body.problem(format!(
                    "its featured image (attachment {id}) is not in the export"
                ));
                None
            }
        })
        .map(|a| {
            let (caption, credit) = split_credit(&a.caption);
            SourceImage {
                url: a.url.clone(),
                alt: a.alt.clone(),
                caption,
                credit,
            }
        });
    let subtitle = record
        .meta("newspack_post_subtitle")
        .map(plain)
        .or_else(|| non_empty(&plain(record.get("excerpt:encoded"))));
    if record.meta("_yoast_wpseo_title").is_some() || record.meta("_yoast_wpseo_metadesc").is_some()
    {
        body.problem(
            "its Yoast SEO title and description have no place in Byline and were left out",
        );
    }
    let tags = section_first(record, terms);
    let mut authors: Vec<String> = record
        .categories
        .iter()
        .filter(|t| t.domain == "author")
        .map(|t| t.nicename.trim_start_matches("cap-").to_owned())
        .collect();
    let creator = record.get("dc:creator").trim();
    if authors.is_empty() && !creator.is_empty() {
        authors.push(creator.to_owned());
    }
    // Only what readers could reach has old addresses to keep.
    let mut old_paths = Vec::new();
    if status == PostStatus::Published {
        old_paths.push(match post_type {
            "page" => format!("/?page_id={id}"),
            _ => format!("/?p={id}"),
        });
        if let Some(path) = site_path(record.get("link"), site_url)
            && !old_paths.contains(&path)
        {
            old_paths.push(path);
        }
    }
    Some(SourcePost {
        source_id: id,
        uuid: None,
        kind: if post_type == "page" {
            PostKind::Page
        } else {
            PostKind::Post
        },
        status,
        slug,
        title,
        subtitle,
        body,
        image,
        featured: record.get("wp:is_sticky").trim() == "1",
        published_at,
        created_at: published_at,
        authors,
        tags,
        old_paths,
        location,
        language: record
            .categories
            .iter()
            .find(|t| t.domain == "language")
            .and_then(|t| crate::languages::wordpress_language(&t.nicename))
            .or_else(|| {
                record
                    .meta("_wpml_import_language_code")
                    .and_then(crate::languages::wordpress_language)
            }),
        translation_key: record
            .categories
            .iter()
            .find(|t| t.domain == "post_translations")
            .map(|t| format!("polylang:{}", t.nicename.trim()))
            .or_else(|| {
                record
                    .meta("_wpml_import_translation_group")
                    .map(|group| format!("wpml:{}", group.trim()))
            })
            .filter(|key| !key.ends_with(':')),
    })
}

/// Categories first (the first one is the section, or Yoast's primary category when
/// set), then tags.
fn section_first(record: &Record, terms: &HashMap<String, String>) -> Vec<String> {
    let mut categories: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for term in &record.categories {
        let slug = decode_slug(&term.nicename);
        let id = format!("{}:{slug}", term.domain);
        if !terms.contains_key(&id) {
            continue;
        }
        let list = match term.domain.as_str() {
            "category" => &mut categories,
            "post_tag" => &mut tags,
            _ => continue,
        };
        if seen.insert(id.clone()) {
            list.push(id);
        }
    }
    // Yoast stores the primary category by term id; the export only names terms by
    // slug, so it is honoured when the id can be matched through the term list.
    if categories.len() > 1
        && let Some(primary) = record.meta("_yoast_wpseo_primary_category")
        && let Some(primary) = terms.get(&format!("id:{}", primary.trim()))
        && let Some(at) = categories.iter().position(|c| c == primary)
    {
        let first = categories.remove(at);
        categories.insert(0, first);
    }
    categories.extend(tags);
    categories
}

/// A WordPress time "2024-05-14 08:30:00" (UTC for the `_gmt` fields); drafts have
/// "0000-00-00 00:00:00".
fn gmt_time(raw: &str) -> Option<Timestamp> {
    let raw = raw.trim();
    if raw.is_empty() || raw.starts_with("0000") {
        return None;
    }
    let civil: jiff::civil::DateTime = raw.replace(' ', "T").parse().ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// WordPress stores non-ASCII slugs percent-encoded (`%c3%a9t%c3%a9`).
fn decode_slug(raw: &str) -> String {
    byline_store::normalize_path(raw.trim())
        .trim_matches('/')
        .to_owned()
}

/// The path of an address on the old site (`https://old.example/2024/05/14/x/` →
/// `/2024/05/14/x/`); `None` for other sites' addresses.
fn site_path(link: &str, site_url: &str) -> Option<String> {
    let link = link.trim();
    if site_url.is_empty() {
        return None;
    }
    let rest = link.strip_prefix(site_url)?;
    if rest.is_empty() || rest == "/" {
        return None;
    }
    Some(if rest.starts_with('/') {
        rest.to_owned()
    } else {
        format!("/{rest}")
    })
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests;
