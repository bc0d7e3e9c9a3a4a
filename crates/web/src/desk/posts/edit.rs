//! Creating and saving posts: save, publish now, schedule, unpublish; plus the two
//! form actions that change the form without saving (preview, add a related card).
//! A new post is written in an edition: the one chosen in the form (preselected from
//! `?edition=`, else the writer's working edition), where it is created.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use byline_core::editions::MAIN_EDITION;
use byline_core::{Action, EditionId, PostAccess, PostId, PostStatus};
use byline_i18n::Args;
use byline_store::{Entity, SaveReason, StoreError};
use jiff::Timestamp;
use serde::Deserialize;

use super::super::media::store_upload;
use super::super::words::{DeskLanguage, problems};
use super::super::working_edition::{chosen_edition, working_edition};
use super::super::{DeskResult, see_other};
use super::editable_post;
use super::editor::{self, Conflict, EditorPage, EditorValues, parse_local};
use super::preview::render_body;
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

#[derive(Debug, Deserialize)]
pub struct EditQuery {
    #[serde(default)]
    notice: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NewQuery {
    /// The edition to preselect (the posts list's), by id.
    #[serde(default)]
    edition: Option<String>,
}

pub async fn new_form(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<NewQuery>,
) -> DeskResult {
    staff.require(Action::WritePosts)?;
    let editions = state.db.editions().await?;
    let edition = match query.edition.as_deref().map(str::trim) {
        Some(raw) if !raw.is_empty() && editions.len() > 1 => chosen_edition(&editions, raw)
            .ok_or_else(|| {
                HttpError::BadRequest(DeskLanguage::of(&staff).t("editor-error-edition"))
            })?,
        _ => working_edition(&editions, &staff),
    };
    let mut values = EditorValues {
        kind: "post".into(),
        edition: edition.to_string(),
        ..EditorValues::default()
    };
    // Start with the writer's own byline when an author has their name.
    let me = state
        .db
        .list_authors()
        .await?
        .into_iter()
        .find(|a| a.name.eq_ignore_ascii_case(&staff.user.name));
    values.authors = vec![
        me.map(|a| a.id.to_string()).unwrap_or_default(),
        String::new(),
        String::new(),
    ];
    values.tags = vec![String::new(); editor::PICKERS];
    editor::render(
        &state,
        &staff,
        StatusCode::OK,
        EditorPage {
            values,
            ..EditorPage::default()
        },
    )
    .await
}

pub async fn edit_form(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<PostId>,
    Query(query): Query<EditQuery>,
) -> DeskResult {
    let post = editable_post(&state, &staff, id).await?;
    let chrome = state.chrome().await?;
    let notice = query
        .notice
        .as_deref()
        .and_then(notice_id)
        .map(|id| DeskLanguage::of(&staff).t(id));
    let values = EditorValues::from_post(&post, &chrome);
    editor::render(
        &state,
        &staff,
        StatusCode::OK,
        EditorPage {
            post: Some(&post),
            values,
            notice,
            ..EditorPage::default()
        },
    )
    .await
}

/// The message of a notice named in the address after a save.
fn notice_id(code: &str) -> Option<&'static str> {
    Some(match code {
        "created" => "editor-notice-created",
        "saved" => "saved",
        "published" => "editor-notice-published",
        "scheduled" => "editor-notice-scheduled",
        "unpublished" => "editor-notice-unpublished",
        "note-added" => "editor-notice-note-added",
        "restored" => "editor-notice-restored",
        "narration-queued" => "editor-notice-narration-queued",
        "narration-off" => "editor-notice-narration-off",
        "narration-on" => "editor-notice-narration-on",
        "preview-revoked" => "editor-notice-preview-revoked",
        "translation" => "editor-notice-translation",
        "moved" => "editor-notice-moved",
        _ => return None,
    })
}

/// What the pressed button asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intent {
    Save,
    Publish,
    Schedule,
    Unpublish,
    Preview,
    AddRelated,
}

impl Intent {
    fn of(form: &FormData) -> Intent {
        match form.get("action") {
            "publish" => Intent::Publish,
            "schedule" => Intent::Schedule,
            "unpublish" => Intent::Unpublish,
            "preview" => Intent::Preview,
            "add_related" => Intent::AddRelated,
            _ => Intent::Save,
        }
    }
}

pub async fn create(
    State(state): State<SharedState>,
    staff: Staff,
    multipart: Multipart,
) -> DeskResult {
    staff.require(Action::WritePosts)?;
    let form = FormData::from_multipart(multipart).await?;
    staff.check_csrf(form.csrf())?;
    submit(&state, &staff, None, form).await
}

pub async fn save(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<PostId>,
    multipart: Multipart,
) -> DeskResult {
    let form = FormData::from_multipart(multipart).await?;
    staff.check_csrf(form.csrf())?;
    submit(&state, &staff, Some(id), form).await
}

async fn submit(
    state: &SharedState,
    staff: &Staff,
    id: Option<PostId>,
    form: FormData,
) -> DeskResult {
    let existing = match id {
        Some(id) => Some(editable_post(state, staff, id).await?),
        None => None,
    };
    let chrome = state.chrome().await?;
    let lang = DeskLanguage::of(staff);
    let intent = Intent::of(&form);
    let mut values = EditorValues::from_form(&form);
    let mut errors = FieldErrors::default();
    let (current_status, current_published, access) = match &existing {
        Some(post) => {
            let s = &post.post.summary;
            (
                s.status,
                s.published_at,
                staff.access(post.created_by, s.status),
            )
        }
        None => (
            PostStatus::Draft,
            None,
            PostAccess {
                own: true,
                status: PostStatus::Draft,
            },
        ),
    };
    let rerender = async |values: EditorValues,
                          errors: FieldErrors,
                          status: StatusCode,
                          preview_html: Option<String>,
                          conflict: Option<Conflict>| {
        editor::render(
            state,
            staff,
            status,
            EditorPage {
                post: existing.as_ref(),
                values,
                errors,
                preview_html,
                conflict,
                ..EditorPage::default()
            },
        )
        .await
    };

    match intent {
        Intent::Preview => {
            return match render_body(state, &values.body, None).await {
                Ok(html) => rerender(values, errors, StatusCode::OK, Some(html), None).await,
                Err(HttpError::Unrenderable(limit)) => {
                    errors.add("body", super::preview::unrenderable_message(limit));
                    rerender(values, errors, StatusCode::UNPROCESSABLE_ENTITY, None, None).await
                }
                Err(other) => Err(other),
            };
        }
        Intent::AddRelated => {
            match form
                .text("related")
                .and_then(|s| byline_core::Slug::parse(&s).ok())
            {
                Some(slug) => {
                    if !values.body.is_empty() && !values.body.ends_with('\n') {
                        values.body.push('\n');
                    }
                    values.body.push_str(&format!("\n[[related: {slug}]]\n"));
                }
                None => errors.add("related", lang.t("editor-error-related")),
            }
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            return rerender(values, errors, status, None, None).await;
        }
        _ => {}
    }

    let wants_status_change = matches!(
        intent,
        Intent::Publish | Intent::Schedule | Intent::Unpublish
    );
    if wants_status_change && !staff.role().may_publish(access) {
        return Err(HttpError::Forbidden(
            "Your role cannot publish, schedule or unpublish this post. Save it and ask an editor.",
        ));
    }
    let now = Timestamp::now();
    let (status, published_at) = match intent {
        Intent::Publish => (
            PostStatus::Published,
            Some(match (current_status, current_published) {
                (PostStatus::Published, Some(at)) => at,
                _ => now,
            }),
        ),
        Intent::Schedule => match parse_local(&values.publish_at, &chrome) {
            Some(at) if at > now => (PostStatus::Scheduled, Some(at)),
            Some(_) => {
                errors.add("publish_at", lang.t("editor-error-past"));
                (current_status, current_published)
            }
            None => {
                errors.add("publish_at", lang.t("editor-error-no-time"));
                (current_status, current_published)
            }
        },
        Intent::Unpublish => (PostStatus::Draft, None),
        _ => (current_status, current_published),
    };

    // The image first: if it is refused, nothing is saved and the post keeps the
    // image it had; if it is accepted, it stays in the library even if the form has
    // other mistakes, and the re-shown form carries it.
    if let Some(upload) = form.upload_of("image_file") {
        match store_upload(
            state,
            staff,
            upload,
            &values.image_alt,
            &values.image_caption,
            &values.image_credit,
        )
        .await?
        {
            Ok(media) => values.set_image(&media.url, media.width, media.height),
            Err(problem) => errors.add("image_file", problems::image(&lang, &problem)),
        }
    } else if let Some(media_id) = form.text("image_media").and_then(|v| v.parse::<i64>().ok()) {
        match state.db.media_by_id(media_id).await? {
            Some(media) => {
                values.set_image(&media.url, media.width, media.height);
                values.image_alt = media.alt;
                values.image_caption = media.caption.unwrap_or_default();
                values.image_credit = media.credit.unwrap_or_default();
            }
            None => errors.add("image_media", lang.t("editor-error-image-gone")),
        }
    } else if form.checked("remove_image") {
        values.clear_image();
    }

    let edition = match &existing {
        Some(_) => None,
        None => Some(new_post_edition(state, staff, &form, &mut errors, &lang).await?),
    };
    let known = editor::known(state).await?;
    let new_post = editor::to_new_post(&values, &known, status, published_at, &mut errors, &lang);
    let Some(new_post) = new_post.filter(|_| errors.is_empty()) else {
        return rerender(values, errors, StatusCode::UNPROCESSABLE_ENTITY, None, None).await;
    };

    let result = match &existing {
        Some(post) => state
            .db
            .save_desk_post(
                post.post.summary.id,
                new_post,
                values.revision,
                staff.user.id,
                SaveReason::Saved,
            )
            .await
            .map(|_| post.post.summary.id),
        None => {
            let edition = edition.unwrap_or(MAIN_EDITION);
            let created = state
                .db
                .create_desk_post_in(new_post, edition, staff.user.id)
                .await;
            if let Ok(id) = &created {
                tracing::info!(
                    post.id = id.get(),
                    edition.id = edition.get(),
                    user.id = staff.user.id,
                    "post created"
                );
            }
            created
        }
    };
    match result {
        Ok(id) => {
            let notice = match (existing.is_none(), intent) {
                (_, Intent::Publish) => "published",
                (_, Intent::Schedule) => "scheduled",
                (_, Intent::Unpublish) => "unpublished",
                (true, _) => "created",
                (false, _) => "saved",
            };
            if intent == Intent::Schedule {
                state.wake_jobs();
            }
            Ok(see_other(&format!("/admin/posts/{id}?notice={notice}")))
        }
        Err(StoreError::SlugTaken(slug)) => {
            errors.add(
                "slug",
                lang.t_with(
                    "editor-error-slug-taken",
                    &Args::new().text("slug", slug.to_string()),
                ),
            );
            rerender(values, errors, StatusCode::UNPROCESSABLE_ENTITY, None, None).await
        }
        Err(StoreError::NotFound {
            entity: Entity::Author | Entity::Tag,
            ..
        }) => {
            errors.add("author", lang.t("editor-error-removed"));
            rerender(values, errors, StatusCode::UNPROCESSABLE_ENTITY, None, None).await
        }
        // Deleted while the form was open.
        Err(StoreError::NotFound {
            entity: Entity::Edition,
            ..
        }) => {
            errors.add("edition", lang.t("editor-error-edition"));
            rerender(values, errors, StatusCode::UNPROCESSABLE_ENTITY, None, None).await
        }
        Err(StoreError::Conflict { current }) => {
            let id = existing.as_ref().map_or(PostId(0), |p| p.post.summary.id);
            let conflict = Conflict {
                current,
                diff_url: format!(
                    "/admin/posts/{id}/revisions/diff?from={}&to={current}",
                    values.revision
                ),
            };
            errors.add(
                "form",
                lang.t_with(
                    "editor-error-conflict",
                    &Args::new().integer("revision", current),
                ),
            );
            rerender(values, errors, StatusCode::CONFLICT, None, Some(conflict)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The edition a new post is created in: the one chosen in the form, or the
/// writer's working edition when the form has no choice (a site with one edition,
/// or a client that does not send one). A value that names no edition is a mistake
/// beside the field.
async fn new_post_edition(
    state: &SharedState,
    staff: &Staff,
    form: &FormData,
    errors: &mut FieldErrors,
    lang: &DeskLanguage,
) -> Result<EditionId, HttpError> {
    let editions = state.db.editions().await?;
    if editions.len() < 2 || !form.checked("edition") {
        return Ok(working_edition(&editions, staff));
    }
    Ok(
        chosen_edition(&editions, form.get("edition")).unwrap_or_else(|| {
            errors.add("edition", lang.t("editor-error-edition"));
            MAIN_EDITION
        }),
    )
}
