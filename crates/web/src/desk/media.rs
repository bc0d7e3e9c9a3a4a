//! The media library: uploads checked and resized by `byline-images`, written under
//! content-hashed names, listed with their alt text, captions and credits for reuse.

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use byline_core::Action;
use byline_images::{ImageError, Limits};
use byline_store::{Media, NewMedia};
use minijinja::Value;
use serde::{Deserialize, Serialize};

use super::words::{DeskLanguage, problems};
use super::{DeskResult, page_with_status, see_other};
use crate::kit::errors::{Cause, HttpError};
use crate::kit::forms::{FieldErrors, FormData, Upload};
use crate::kit::session::Staff;
use crate::state::SharedState;

const PER_PAGE: i64 = 48;

/// Checks, strips and resizes an upload, writes its files and adds it to the
/// library. The outer error is ours (disk, database); the inner one is the
/// editor's (not an image, too large…) and belongs next to the field.
pub async fn store_upload(
    state: &SharedState,
    staff: &Staff,
    upload: &Upload,
    alt: &str,
    caption: &str,
    credit: &str,
) -> Result<Result<Media, ImageError>, HttpError> {
    let words = ImageWords {
        alt,
        caption,
        credit,
    };
    // The same file uploaded again keeps its entry; its words change only for
    // someone who may change them (the uploader, or an editor).
    let may_reword = |existing: &Media| {
        staff
            .role()
            .may_edit_media(existing.uploaded_by == Some(staff.user.id))
    };
    add_to_library(state, upload, words, Some(staff.user.id), may_reword).await
}

/// What an uploader says about an image.
#[derive(Debug, Clone, Copy)]
pub struct ImageWords<'a> {
    pub alt: &'a str,
    pub caption: &'a str,
    pub credit: &'a str,
}

/// The one way an image enters the library, from the desk or the Admin API:
/// checked, stripped and resized by `byline-images`, written under its content
/// hash. A file already in the library keeps its entry, and its words change only
/// when `may_reword` allows.
pub async fn add_to_library(
    state: &SharedState,
    upload: &Upload,
    words: ImageWords<'_>,
    uploaded_by: Option<i64>,
    may_reword: impl FnOnce(&Media) -> bool,
) -> Result<Result<Media, ImageError>, HttpError> {
    let bytes = upload.bytes.clone();
    let processed =
        tokio::task::spawn_blocking(move || byline_images::process(&bytes, &Limits::default()))
            .await
            .map_err(|e| HttpError::Other(e.into()))?;
    let processed = match processed {
        Ok(processed) => processed,
        Err(problem) => return Ok(Err(problem)),
    };
    let files: Vec<(String, byline_media::Bytes)> = processed
        .objects()
        .map(|(key, bytes)| (key, byline_media::Bytes::copy_from_slice(bytes)))
        .collect();
    // Every file is stored before the library (and so any post) can name it: a
    // failed upload leaves at most unlinked files, never a link to a missing one.
    state.media.put_all(files).await?;
    if let Some(existing) = state.db.media_by_url(&processed.url()).await?
        && !may_reword(&existing)
    {
        return Ok(Ok(existing));
    }
    let optional = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let media = state
        .db
        .add_media(&NewMedia {
            url: processed.url(),
            width: processed.width,
            height: processed.height,
            file_name: clean_file_name(&upload.file_name),
            alt: words.alt.trim().to_owned(),
            caption: optional(words.caption),
            credit: optional(words.credit),
            uploaded_by,
        })
        .await?;
    tracing::info!(media.id = media.id, media.url = %media.url, "image uploaded");
    Ok(Ok(media))
}

/// The file name as the uploader's computer called it, for the library list only.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.is_empty() {
        "upload".into()
    } else {
        cleaned
    }
}

#[derive(Debug, Deserialize)]
pub struct LibraryQuery {
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    notice: Option<String>,
}

#[derive(Serialize)]
struct MediaRow {
    id: i64,
    url: String,
    thumb: String,
    width: u32,
    height: u32,
    file_name: String,
    alt: String,
    caption: String,
    credit: String,
    /// Whether this staff member may change the words (their upload, or an editor).
    editable: bool,
}

pub async fn library(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<LibraryQuery>,
) -> DeskResult {
    staff.require(Action::UploadMedia)?;
    let lang = DeskLanguage::of(&staff);
    let notice = match query.notice.as_deref() {
        Some("uploaded") => Some(lang.t("media-notice-uploaded")),
        Some("saved") => Some(lang.t("saved")),
        _ => None,
    };
    render_library(
        &state,
        &staff,
        StatusCode::OK,
        query.page.unwrap_or(1),
        notice.as_deref(),
        FieldErrors::default(),
        Default::default(),
    )
    .await
}

async fn render_library(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    page_number: i64,
    notice: Option<&str>,
    errors: FieldErrors,
    values: std::collections::BTreeMap<String, String>,
) -> DeskResult {
    let page_number = page_number.clamp(1, 100_000);
    let found = state
        .db
        .list_media(PER_PAGE, (page_number - 1) * PER_PAGE)
        .await?;
    let rows: Vec<MediaRow> = found
        .items
        .into_iter()
        .map(|m| MediaRow {
            // The narrowest stored copy: the first candidate of its srcset.
            thumb: byline_core::media::source_sets(&m.url, m.width)
                .and_then(|sets| sets.original.split_whitespace().next().map(str::to_owned))
                .unwrap_or_else(|| m.url.clone()),
            id: m.id,
            url: m.url,
            width: m.width,
            height: m.height,
            file_name: m.file_name,
            alt: m.alt,
            caption: m.caption.unwrap_or_default(),
            credit: m.credit.unwrap_or_default(),
            editable: staff
                .role()
                .may_edit_media(m.uploaded_by == Some(staff.user.id)),
        })
        .collect();
    let pages = (found.total + PER_PAGE - 1) / PER_PAGE;
    page_with_status(
        status,
        staff,
        "desk/media.html",
        "media",
        minijinja::context! {
            media => Value::from_serialize(&rows),
            total => found.total,
            page => page_number,
            pages,
            notice,
            errors => Value::from_serialize(&errors),
            v => Value::from_serialize(&values),
        },
    )
}

pub async fn upload(
    State(state): State<SharedState>,
    staff: Staff,
    multipart: Multipart,
) -> DeskResult {
    staff.require(Action::UploadMedia)?;
    let form = FormData::from_multipart(multipart).await?;
    staff.check_csrf(form.csrf())?;
    let lang = DeskLanguage::of(&staff);
    let mut errors = FieldErrors::default();
    let alt = form.get("alt").trim().to_owned();
    if alt.is_empty() {
        errors.add("alt", lang.t("editor-error-no-alt"));
    }
    match form.upload() {
        None => errors.add("file", lang.t("media-error-no-file")),
        Some(upload) if errors.is_empty() => {
            match store_upload(
                &state,
                &staff,
                upload,
                &alt,
                form.get("caption"),
                form.get("credit"),
            )
            .await?
            {
                Ok(_) => return Ok(see_other("/admin/media?notice=uploaded")),
                Err(problem) => errors.add("file", problems::image(&lang, &problem)),
            }
        }
        Some(_) => {}
    }
    render_library(
        &state,
        &staff,
        StatusCode::UNPROCESSABLE_ENTITY,
        1,
        None,
        errors,
        form.values(),
    )
    .await
}

pub async fn update(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::UploadMedia)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let media = state.db.media_by_id(id).await?.ok_or(HttpError::NotFound)?;
    let lang = DeskLanguage::of(&staff);
    if !staff
        .role()
        .may_edit_media(media.uploaded_by == Some(staff.user.id))
    {
        return Err(HttpError::Worded {
            cause: Cause::Forbidden,
            message: lang.t("media-error-not-yours"),
        });
    }
    let alt = form.get("alt").trim();
    if alt.is_empty() {
        let mut errors = FieldErrors::default();
        errors.add(&format!("alt-{id}"), lang.t("editor-error-no-alt"));
        return render_library(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            1,
            None,
            errors,
            Default::default(),
        )
        .await;
    }
    state
        .db
        .update_media(
            id,
            alt,
            form.text("caption").as_deref(),
            form.text("credit").as_deref(),
        )
        .await?;
    Ok(see_other("/admin/media?notice=saved"))
}
