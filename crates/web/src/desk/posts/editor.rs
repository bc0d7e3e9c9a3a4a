//! The post editor's form: turning what was submitted into a post (with every
//! mistake named next to its field), and rendering the form again with what was
//! typed.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use byline_core::content::{MAX_TITLE_CHARS, NewPost};
use byline_core::{Image, Post, PostKind, PostStatus, Slug};
use byline_i18n::Args;
use byline_store::{DeskPost, PostQuery};
use jiff::Timestamp;
use jiff::civil::DateTime;
use minijinja::Value;
use serde::Serialize;

use super::super::words::{DeskLanguage, problems};
use super::super::{DeskResult, page_with_status};
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::{Chrome, SharedState};

/// How many author and section pickers the editor shows, in order.
pub const PICKERS: usize = 3;
const MAX_SUBTITLE_CHARS: usize = 500;

/// The editor's fields as text, exactly as typed or as loaded.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EditorValues {
    pub title: String,
    pub slug: String,
    pub subtitle: String,
    pub body: String,
    pub kind: String,
    pub featured: bool,
    pub image_url: String,
    pub image_alt: String,
    pub image_caption: String,
    pub image_credit: String,
    pub image_width: String,
    pub image_height: String,
    pub publish_at: String,
    pub revision: i64,
    /// Chosen author ids, one per picker ("" for none).
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    /// The edition chosen for a new post, by id (a saved post moves with its own
    /// form: see `edition.rs`).
    pub edition: String,
}

impl EditorValues {
    pub fn from_form(form: &FormData) -> EditorValues {
        let mut authors: Vec<String> = form.all("author").iter().map(|s| s.to_string()).collect();
        let mut tags: Vec<String> = form.all("tag").iter().map(|s| s.to_string()).collect();
        authors.resize(PICKERS.max(authors.len()), String::new());
        tags.resize(PICKERS.max(tags.len()), String::new());
        EditorValues {
            title: form.get("title").to_owned(),
            slug: form.get("slug").trim().to_owned(),
            subtitle: form.get("subtitle").to_owned(),
            body: form.get("body").replace("\r\n", "\n"),
            kind: form.text("kind").unwrap_or_else(|| "post".into()),
            featured: form.checked("featured"),
            image_url: form.get("image_url").trim().to_owned(),
            image_alt: form.get("image_alt").trim().to_owned(),
            image_caption: form.get("image_caption").trim().to_owned(),
            image_credit: form.get("image_credit").trim().to_owned(),
            image_width: form.get("image_width").trim().to_owned(),
            image_height: form.get("image_height").trim().to_owned(),
            publish_at: form.get("publish_at").trim().to_owned(),
            revision: form.get("revision").trim().parse().unwrap_or(0),
            authors,
            tags,
            edition: form.get("edition").trim().to_owned(),
        }
    }

    pub fn from_post(desk: &DeskPost, chrome: &Chrome) -> EditorValues {
        let post: &Post = &desk.post;
        let s = &post.summary;
        let image = s.image.as_ref();
        let mut authors: Vec<String> = s.authors.iter().map(|a| a.id.to_string()).collect();
        let mut tags: Vec<String> = s.tags.iter().map(|t| t.id.to_string()).collect();
        authors.resize(PICKERS.max(authors.len()), String::new());
        tags.resize(PICKERS.max(tags.len()), String::new());
        EditorValues {
            title: s.title.clone(),
            slug: s.slug.to_string(),
            subtitle: s.subtitle.clone().unwrap_or_default(),
            body: post.body_markdown.clone(),
            kind: s.kind.as_str().to_owned(),
            featured: s.featured,
            image_url: image.map(|i| i.url.clone()).unwrap_or_default(),
            image_alt: image.map(|i| i.alt.clone()).unwrap_or_default(),
            image_caption: image.and_then(|i| i.caption.clone()).unwrap_or_default(),
            image_credit: image.and_then(|i| i.credit.clone()).unwrap_or_default(),
            image_width: image.map(|i| i.width.to_string()).unwrap_or_default(),
            image_height: image.map(|i| i.height.to_string()).unwrap_or_default(),
            publish_at: match (s.status, s.published_at) {
                (PostStatus::Scheduled, Some(at)) => local_input(at, chrome),
                _ => String::new(),
            },
            revision: desk.revision,
            authors,
            tags,
            edition: String::new(),
        }
    }

    /// Sets the featured image from an upload or a library pick.
    pub fn set_image(&mut self, url: &str, width: u32, height: u32) {
        self.image_url = url.to_owned();
        self.image_width = width.to_string();
        self.image_height = height.to_string();
    }

    pub fn clear_image(&mut self) {
        self.image_url.clear();
        self.image_alt.clear();
        self.image_caption.clear();
        self.image_credit.clear();
        self.image_width.clear();
        self.image_height.clear();
    }
}

/// The value of a `datetime-local` field for `at`, in the newsroom's time zone.
pub fn local_input(at: Timestamp, chrome: &Chrome) -> String {
    at.to_zoned(chrome.settings.time_zone())
        .datetime()
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Reads a `datetime-local` value as a time in the newsroom's zone.
pub fn parse_local(value: &str, chrome: &Chrome) -> Option<Timestamp> {
    let civil: DateTime = value.parse().ok()?;
    Some(
        civil
            .to_zoned(chrome.settings.time_zone())
            .ok()?
            .timestamp(),
    )
}

/// Everything the form needs checked against the database: which authors and
/// sections exist.
pub struct Known {
    pub author_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
    /// Hosts a featured image may come from besides the site's own uploads.
    pub image_hosts: Vec<String>,
}

/// Turns the values into a post with `status` and `published_at`, or the list of
/// mistakes. Nothing is saved here.
pub fn to_new_post(
    values: &EditorValues,
    known: &Known,
    status: PostStatus,
    published_at: Option<Timestamp>,
    errors: &mut FieldErrors,
    lang: &DeskLanguage,
) -> Option<NewPost> {
    let title = values.title.trim();
    if title.is_empty() {
        errors.add("title", lang.t("editor-error-no-headline"));
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.add(
            "title",
            lang.t_with(
                "editor-error-long-headline",
                &Args::new().integer("most", MAX_TITLE_CHARS as i64),
            ),
        );
    }
    let slug = if values.slug.is_empty() {
        Slug::from_title(title)
    } else {
        match Slug::parse(&values.slug) {
            Ok(slug) => Some(slug),
            Err(_) => {
                errors.add("slug", lang.t("editor-error-bad-slug"));
                None
            }
        }
    };
    if slug.is_none() && !title.is_empty() && !errors.has("slug") {
        errors.add("slug", lang.t("editor-error-no-slug"));
    }
    if values.subtitle.chars().count() > MAX_SUBTITLE_CHARS {
        errors.add(
            "subtitle",
            lang.t_with(
                "editor-error-long-standfirst",
                &Args::new().integer("most", MAX_SUBTITLE_CHARS as i64),
            ),
        );
    }
    if let Err(limit) = byline_core::markdown::check(&values.body) {
        errors.add("body", super::preview::unrenderable_message(limit));
    }
    let kind = match values.kind.as_str() {
        "page" => PostKind::Page,
        "post" => PostKind::Post,
        _ => {
            errors.add("kind", lang.t("editor-error-kind"));
            PostKind::Post
        }
    };
    let author_ids = picked_ids(
        &values.authors,
        &known.author_ids,
        "author",
        &lang.t("editor-error-author-gone"),
        errors,
    );
    let tag_ids = picked_ids(
        &values.tags,
        &known.tag_ids,
        "tag",
        &lang.t("editor-error-section-gone"),
        errors,
    );
    let image = if values.image_url.is_empty() {
        None
    } else {
        match byline_core::links::image_address(&values.image_url, &known.image_hosts) {
            Err(problem) => {
                errors.add(
                    "image_file",
                    lang.t_with(
                        "editor-error-image",
                        &Args::new().text("problem", problems::address(lang, &problem)),
                    ),
                );
                None
            }
            Ok(url) => {
                if values.image_alt.is_empty() {
                    errors.add("image_alt", lang.t("editor-error-no-alt"));
                }
                Some(Image {
                    url,
                    alt: values.image_alt.clone(),
                    caption: non_empty(&values.image_caption),
                    credit: non_empty(&values.image_credit),
                    width: values.image_width.parse().unwrap_or(0),
                    height: values.image_height.parse().unwrap_or(0),
                })
            }
        }
    };
    if !errors.is_empty() {
        return None;
    }
    Some(NewPost {
        slug: slug?,
        kind,
        status,
        title: title.to_owned(),
        subtitle: non_empty(&values.subtitle),
        body_markdown: values.body.clone(),
        image,
        featured: values.featured,
        published_at,
        author_ids,
        tag_ids,
    })
}

fn picked_ids(
    picked: &[String],
    known: &[i64],
    field: &str,
    message: &str,
    errors: &mut FieldErrors,
) -> Vec<i64> {
    let mut ids = Vec::new();
    for value in picked.iter().filter(|v| !v.is_empty()) {
        match value.parse::<i64>() {
            Ok(id) if known.contains(&id) => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => errors.add(field, message),
        }
    }
    ids
}

fn non_empty(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// What the editor page shows besides the fields.
#[derive(Default)]
pub struct EditorPage<'a> {
    pub post: Option<&'a DeskPost>,
    pub values: EditorValues,
    pub errors: FieldErrors,
    pub notice: Option<String>,
    pub conflict: Option<Conflict>,
    pub preview_html: Option<String>,
    pub note_errors: FieldErrors,
    pub note_values: BTreeMap<String, String>,
    /// A preview link just made: shown once, since only its hash is kept.
    pub new_preview_url: Option<String>,
    /// Mistakes of the form that moves a saved post to another edition.
    pub edition_errors: FieldErrors,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub current: i64,
    pub diff_url: String,
}

#[derive(Serialize)]
struct Choice {
    id: i64,
    name: String,
}

#[derive(Serialize)]
struct NoteItem {
    kind_id: &'static str,
    text: String,
    at: String,
}

pub async fn known(state: &SharedState) -> Result<Known, byline_store::StoreError> {
    Ok(Known {
        author_ids: state
            .db
            .list_authors()
            .await?
            .iter()
            .map(|a| a.id)
            .collect(),
        tag_ids: state.db.list_tags().await?.iter().map(|t| t.id).collect(),
        image_hosts: state.db.site_settings().await?.image_hosts,
    })
}

pub async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    editor: EditorPage<'_>,
) -> DeskResult {
    let lang = DeskLanguage::of(staff);
    let chrome = state.chrome().await?;
    let clock = chrome
        .clock
        .in_language(byline_core::LanguageTag::english());
    let authors: Vec<Choice> = state
        .db
        .list_authors()
        .await?
        .into_iter()
        .map(|a| Choice {
            id: a.id,
            name: a.name,
        })
        .collect();
    let tags: Vec<Choice> = state
        .db
        .list_tags()
        .await?
        .into_iter()
        .map(|t| Choice {
            id: t.id,
            name: t.name,
        })
        .collect();
    let related: Vec<(String, String)> = state
        .db
        .newest_published(&PostQuery::default(), 100, 0)
        .await?
        .into_iter()
        .map(|p| (p.slug.to_string(), p.title))
        .collect();
    let media = state.db.list_media(40, 0).await?.items;
    let media: Vec<_> = media
        .iter()
        .map(|m| minijinja::context! { id => m.id, file_name => &m.file_name, caption => &m.caption, url => &m.url })
        .collect();
    let editions = state.db.editions().await?;
    let several_editions = editions.len() > 1;
    // A new post's edition is chosen in the form, on a site with more than one.
    let edition_choices: Vec<Choice> = if several_editions && editor.post.is_none() {
        editions
            .iter()
            .map(|edition| Choice {
                id: edition.id.get(),
                name: format!("{} ({})", edition.title, edition.prefix.home_path()),
            })
            .collect()
    } else {
        Vec::new()
    };
    let (post_view, notes) = match editor.post {
        Some(desk) => {
            let s = &desk.post.summary;
            let narration =
                super::narration::panel(state, s.id, s.kind, s.status, &clock, &lang).await?;
            let here = state.db.edition_of(s.id).await?;
            let edition = editions.iter().find(|edition| edition.id == here);
            let translations = if several_editions {
                Some(super::translations::panel(state, staff, s.id, &editions, here).await?)
            } else {
                None
            };
            let preview_link = state
                .db
                .preview_link(s.id, jiff::Timestamp::now())
                .await?
                .map(|link| {
                    minijinja::context! {
                        made => clock.time(link.created_at).display,
                        made_by => link.created_by,
                        expires => clock.time(link.expires_at).display,
                    }
                });
            let access = staff.access(desk.created_by, s.status);
            let notes: Vec<NoteItem> = desk
                .post
                .notes
                .iter()
                .map(|n| NoteItem {
                    kind_id: n.kind.as_str(),
                    text: n.text.clone(),
                    at: clock.time(n.created_at).display,
                })
                .collect();
            (
                Some(minijinja::context! {
                    id => s.id,
                    status => s.status.as_str(),
                    published => s.published_at.map(|t| clock.time(t).display),
                    updated => s.updated_at.map(|t| clock.time(t).display),
                    public_url => (s.status == PostStatus::Published).then(|| {
                        let path = format!("/{}/", s.slug);
                        edition.map_or(path.clone(), |e| e.prefix.path(&path))
                    }),
                    edition => edition
                        .filter(|_| several_editions)
                        .map(|e| minijinja::context! { title => &e.title, language => e.language.as_str() }),
                    preview_link,
                    may_publish => staff.role().may_publish(access),
                    narration => narration.map(|n| Value::from_serialize(&n)),
                    translations,
                }),
                notes,
            )
        }
        None => (None, Vec::new()),
    };
    let may_publish_new = staff.role().may_publish(byline_core::PostAccess {
        own: true,
        status: PostStatus::Draft,
    });
    page_with_status(
        status,
        staff,
        "desk/editor.html",
        "posts",
        minijinja::context! {
            post => post_view,
            may_publish_new,
            v => Value::from_serialize(&editor.values),
            errors => Value::from_serialize(&editor.errors),
            error_count => editor.errors.len(),
            notice => editor.notice,
            conflict => editor.conflict.map(|c| Value::from_serialize(&c)),
            preview_html => editor.preview_html,
            new_preview_url => editor.new_preview_url,
            authors => Value::from_serialize(&authors),
            tags => Value::from_serialize(&tags),
            related => Value::from_serialize(&related),
            media,
            notes => Value::from_serialize(&notes),
            note_errors => Value::from_serialize(&editor.note_errors),
            note_values => Value::from_serialize(&editor.note_values),
            edition_errors => Value::from_serialize(&editor.edition_errors),
            editions => Value::from_serialize(&edition_choices),
            timezone => &chrome.settings.timezone,
        },
    )
}
