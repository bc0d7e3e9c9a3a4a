//! Authors (bylines: name, slug, bio, photo) and tags (sections: name, slug,
//! description). Editors and admins manage both.

use std::collections::BTreeMap;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use byline_core::{Action, Slug};
use byline_i18n::Args;
use byline_store::{NewAuthor, NewTag, StoreError};
use minijinja::Value;
use serde::Deserialize;

use super::media::store_upload;
use super::words::{DeskLanguage, problems};
use super::{DeskResult, page_with_status, see_other};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

/// Longest author or section name, in characters.
const NAME_MAX: usize = 120;

/// Which list a form belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Author,
    Tag,
}

impl Kind {
    fn action(self) -> Action {
        match self {
            Kind::Author => Action::ManageAuthors,
            Kind::Tag => Action::ManageTags,
        }
    }
    fn path(self) -> &'static str {
        match self {
            Kind::Author => "authors",
            Kind::Tag => "tags",
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Notice {
    #[serde(default)]
    notice: Option<String>,
}

fn notice_text(staff: &Staff, notice: &Notice) -> Option<String> {
    let lang = DeskLanguage::of(staff);
    match notice.notice.as_deref() {
        Some("created") => Some(lang.t("people-notice-added")),
        Some("saved") => Some(lang.t("saved")),
        _ => None,
    }
}

pub async fn authors(
    State(state): State<SharedState>,
    staff: Staff,
    Query(n): Query<Notice>,
) -> DeskResult {
    list(
        &state,
        &staff,
        Kind::Author,
        StatusCode::OK,
        notice_text(&staff, &n),
        FieldErrors::default(),
        BTreeMap::new(),
    )
    .await
}

pub async fn tags(
    State(state): State<SharedState>,
    staff: Staff,
    Query(n): Query<Notice>,
) -> DeskResult {
    list(
        &state,
        &staff,
        Kind::Tag,
        StatusCode::OK,
        notice_text(&staff, &n),
        FieldErrors::default(),
        BTreeMap::new(),
    )
    .await
}

async fn list(
    state: &SharedState,
    staff: &Staff,
    kind: Kind,
    status: StatusCode,
    notice: Option<String>,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    staff.require(kind.action())?;
    let items: Vec<Value> = match kind {
        Kind::Author => state
            .db
            .list_authors()
            .await?
            .into_iter()
            .map(|a| minijinja::context! { id => a.id, name => a.name, slug => a.slug.to_string(), detail => a.bio, photo_url => a.photo_url })
            .collect(),
        Kind::Tag => state
            .db
            .list_tags()
            .await?
            .into_iter()
            .map(|t| minijinja::context! { id => t.id, name => t.name, slug => t.slug.to_string(), detail => t.description })
            .collect(),
    };
    page_with_status(
        status,
        staff,
        "desk/people.html",
        kind.path(),
        minijinja::context! {
            kind => kind.path(), items, notice,
            errors => Value::from_serialize(&errors), v => Value::from_serialize(&values),
        },
    )
}

pub async fn author_form(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> DeskResult {
    staff.require(Action::ManageAuthors)?;
    let author = state
        .db
        .author_by_id(id)
        .await?
        .ok_or(HttpError::NotFound)?;
    let values: BTreeMap<String, String> = [
        ("name".to_owned(), author.name),
        ("slug".to_owned(), author.slug.to_string()),
        ("detail".to_owned(), author.bio.unwrap_or_default()),
        ("photo_url".to_owned(), author.photo_url.unwrap_or_default()),
    ]
    .into();
    person(
        &staff,
        Kind::Author,
        id,
        StatusCode::OK,
        notice_text(&staff, &n),
        FieldErrors::default(),
        values,
    )
}

pub async fn tag_form(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> DeskResult {
    staff.require(Action::ManageTags)?;
    let tag = state.db.tag_by_id(id).await?.ok_or(HttpError::NotFound)?;
    let values: BTreeMap<String, String> = [
        ("name".to_owned(), tag.name),
        ("slug".to_owned(), tag.slug.to_string()),
        ("detail".to_owned(), tag.description.unwrap_or_default()),
    ]
    .into();
    person(
        &staff,
        Kind::Tag,
        id,
        StatusCode::OK,
        notice_text(&staff, &n),
        FieldErrors::default(),
        values,
    )
}

fn person(
    staff: &Staff,
    kind: Kind,
    id: i64,
    status: StatusCode,
    notice: Option<String>,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    page_with_status(
        status,
        staff,
        "desk/person.html",
        kind.path(),
        minijinja::context! {
            kind => kind.path(), id, notice,
            errors => Value::from_serialize(&errors), v => Value::from_serialize(&values),
        },
    )
}

/// The checked name, slug and text of an author or tag form.
struct Checked {
    name: String,
    slug: Slug,
    detail: Option<String>,
}

fn check(form: &FormData, errors: &mut FieldErrors, lang: &DeskLanguage) -> Option<Checked> {
    let name = form.text("name").unwrap_or_default();
    if name.is_empty() {
        errors.add("name", lang.t("people-error-no-name"));
    } else if name.chars().count() > NAME_MAX {
        errors.add(
            "name",
            lang.t_with(
                "people-error-long-name",
                &Args::new().integer("count", NAME_MAX as i64),
            ),
        );
    }
    let slug = match form.text("slug") {
        Some(typed) => Slug::parse(&typed).ok().or_else(|| {
            errors.add("slug", lang.t("people-error-bad-slug"));
            None
        }),
        None => Slug::from_title(&name),
    };
    if slug.is_none() && !errors.has("slug") && !name.is_empty() {
        errors.add("slug", lang.t("people-error-no-slug"));
    }
    if let Err(limit) = byline_core::markdown::check(form.get("detail")) {
        errors.add(
            "detail",
            lang.t_with(
                "people-error-unrenderable",
                &Args::new().text("problem", problems::markdown(lang, limit)),
            ),
        );
    }
    if !errors.is_empty() {
        return None;
    }
    Some(Checked {
        name,
        slug: slug?,
        detail: form.text("detail"),
    })
}

pub async fn create_author(
    State(state): State<SharedState>,
    staff: Staff,
    multipart: Multipart,
) -> DeskResult {
    save_author(&state, &staff, None, multipart).await
}

pub async fn update_author(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> DeskResult {
    save_author(&state, &staff, Some(id), multipart).await
}

async fn save_author(
    state: &SharedState,
    staff: &Staff,
    id: Option<i64>,
    multipart: Multipart,
) -> DeskResult {
    staff.require(Action::ManageAuthors)?;
    let form = FormData::from_multipart(multipart).await?;
    staff.check_csrf(form.csrf())?;
    let lang = DeskLanguage::of(staff);
    let mut errors = FieldErrors::default();
    let mut values = form.values();
    let mut photo_url = form.text("photo_url");
    if let Some(upload) = form.upload() {
        // The picture's description is for the site's readers, not the desk.
        let alt = format!("Portrait of {}", form.get("name"));
        match store_upload(state, staff, upload, &alt, "", "").await? {
            Ok(media) => photo_url = Some(media.url),
            Err(problem) => errors.add("photo", problems::image(&lang, &problem)),
        }
    }
    // The photo is an upload or a web address: never `javascript:` or `data:`.
    if let Some(url) = photo_url.take() {
        match byline_core::links::upload_path(&url)
            .map(Ok)
            .unwrap_or_else(|| byline_core::links::web_address(&url))
        {
            Ok(checked) => {
                values.insert("photo_url".into(), checked.clone());
                photo_url = Some(checked);
            }
            Err(problem) => {
                values.remove("photo_url");
                errors.add(
                    "photo",
                    lang.t_with(
                        "people-error-photo-address",
                        &Args::new().text("problem", problems::address(&lang, &problem)),
                    ),
                );
            }
        }
    }
    let checked = check(&form, &mut errors, &lang);
    let Some(checked) = checked.filter(|_| errors.is_empty()) else {
        return refuse(state, staff, Kind::Author, id, errors, values).await;
    };
    let new = NewAuthor {
        slug: checked.slug,
        name: checked.name,
        bio: checked.detail,
        photo_url,
    };
    let result = match id {
        Some(id) => state.db.update_author(id, &new).await.map(|_| id),
        None => state.db.create_author(&new).await.map(|a| a.id),
    };
    finish(state, staff, Kind::Author, id, result, errors, values).await
}

pub async fn create_tag(
    State(state): State<SharedState>,
    staff: Staff,
    multipart: Multipart,
) -> DeskResult {
    save_tag(&state, &staff, None, multipart).await
}

pub async fn update_tag(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> DeskResult {
    save_tag(&state, &staff, Some(id), multipart).await
}

async fn save_tag(
    state: &SharedState,
    staff: &Staff,
    id: Option<i64>,
    multipart: Multipart,
) -> DeskResult {
    staff.require(Action::ManageTags)?;
    let form = FormData::from_multipart(multipart).await?;
    staff.check_csrf(form.csrf())?;
    let mut errors = FieldErrors::default();
    let values = form.values();
    let Some(checked) = check(&form, &mut errors, &DeskLanguage::of(staff)) else {
        return refuse(state, staff, Kind::Tag, id, errors, values).await;
    };
    let new = NewTag {
        slug: checked.slug,
        name: checked.name,
        description: checked.detail,
    };
    let result = match id {
        Some(id) => state.db.update_tag(id, &new).await.map(|_| id),
        None => state.db.create_tag(&new).await.map(|t| t.id),
    };
    finish(state, staff, Kind::Tag, id, result, errors, values).await
}

async fn finish(
    state: &SharedState,
    staff: &Staff,
    kind: Kind,
    id: Option<i64>,
    result: Result<i64, StoreError>,
    mut errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    match result {
        Ok(saved) => Ok(see_other(&format!(
            "/admin/{}/{saved}?notice={}",
            kind.path(),
            if id.is_some() { "saved" } else { "created" }
        ))),
        Err(StoreError::SlugTaken(slug)) => {
            errors.add(
                "slug",
                DeskLanguage::of(staff)
                    .t_with("people-error-slug-taken", &Args::new().text("slug", slug)),
            );
            refuse(state, staff, kind, id, errors, values).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn refuse(
    state: &SharedState,
    staff: &Staff,
    kind: Kind,
    id: Option<i64>,
    errors: FieldErrors,
    values: BTreeMap<String, String>,
) -> DeskResult {
    match id {
        Some(id) => person(
            staff,
            kind,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            errors,
            values,
        ),
        None => {
            list(
                state,
                staff,
                kind,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                errors,
                values,
            )
            .await
        }
    }
}
