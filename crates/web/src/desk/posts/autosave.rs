//! `POST /admin/posts/{id}/autosave`: the editor's script saves a draft in the
//! background. Answers in JSON; only drafts autosave (changes to a published post go
//! live only when someone presses Update).

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use byline_core::{PostId, PostStatus};
use byline_store::{SaveReason, StoreError};

use super::super::words::DeskLanguage;
use super::editable_post;
use super::editor::{self, EditorValues};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

pub async fn save(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<PostId>,
    multipart: Multipart,
) -> Result<Response, HttpError> {
    let form = FormData::from_multipart(multipart).await?;
    staff.check_csrf(form.csrf())?;
    let post = editable_post(&state, &staff, id).await?;
    let lang = DeskLanguage::of(&staff);
    if post.post.summary.status != PostStatus::Draft {
        return Ok(json_error(
            StatusCode::CONFLICT,
            &lang.t("autosave-not-draft"),
        ));
    }
    let values = EditorValues::from_form(&form);
    let known = editor::known(&state).await?;
    let mut errors = FieldErrors::default();
    let Some(new_post) =
        editor::to_new_post(&values, &known, PostStatus::Draft, None, &mut errors, &lang)
    else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(serde_json::json!({ "error": lang.t("autosave-mistakes"), "errors": errors })),
        )
            .into_response());
    };
    match state
        .db
        .save_desk_post(
            id,
            new_post,
            values.revision,
            staff.user.id,
            SaveReason::Autosaved,
        )
        .await
    {
        Ok(revision) => Ok(Json(serde_json::json!({
            "revision": revision,
            "saved_at": jiff::Timestamp::now().to_string(),
        }))
        .into_response()),
        Err(StoreError::Conflict { current }) => Ok(json_error(
            StatusCode::CONFLICT,
            &lang.t_with(
                "autosave-conflict",
                &byline_i18n::Args::new().integer("revision", current),
            ),
        )),
        Err(StoreError::SlugTaken(_)) => Ok(json_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &lang.t("autosave-slug-taken"),
        )),
        Err(other) => Err(other.into()),
    }
}

fn json_error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}
