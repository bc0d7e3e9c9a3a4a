//! Moving a saved post to another edition: `POST /admin/posts/{id}/edition`
//! (`edition`, an edition's id), from the editor's translations panel. The post keeps
//! its slug and takes the edition's prefix (the old address leads readers to the
//! new one); its sections, search entry and narration follow the edition's language.
//! Whoever may change the post may move it (so a contributor moves only their own
//! drafts, and a published post only moves by someone who may publish it).
//! An edition that already holds a version of the same story is refused with 409,
//! a value that names no edition with 422, both beside the field, nothing moved.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use byline_core::PostId;
use byline_store::{Entity, StoreError};

use super::super::words::DeskLanguage;
use super::super::working_edition::chosen_edition;
use super::super::{DeskResult, see_other};
use super::editable_post;
use super::editor::{self, EditorPage, EditorValues};
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

pub async fn change(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<PostId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let post = editable_post(&state, &staff, id).await?;
    let lang = DeskLanguage::of(&staff);
    let editions = state.db.editions().await?;
    let here = state.db.edition_of(id).await?;
    let mut errors = FieldErrors::default();
    let status = match chosen_edition(&editions, form.get("edition")) {
        None => {
            errors.add("edition", lang.t("editor-error-edition"));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Some(edition) if edition == here => {
            return Ok(see_other(&format!("/admin/posts/{id}")));
        }
        Some(edition) => match state.db.move_post_to_edition(id, edition).await {
            Ok(()) => {
                tracing::info!(
                    post.id = id.get(),
                    edition.id = edition.get(),
                    user.id = staff.user.id,
                    "post moved to another edition"
                );
                return Ok(see_other(&format!("/admin/posts/{id}?notice=moved")));
            }
            Err(StoreError::NotEditable(_)) => {
                errors.add("edition", lang.t("editor-error-edition-taken"));
                StatusCode::CONFLICT
            }
            // Deleted while the page was open.
            Err(StoreError::NotFound {
                entity: Entity::Edition,
                ..
            }) => {
                errors.add("edition", lang.t("editor-error-edition"));
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Err(other) => return Err(other.into()),
        },
    };
    let chrome = state.chrome().await?;
    editor::render(
        &state,
        &staff,
        status,
        EditorPage {
            post: Some(&post),
            values: EditorValues::from_post(&post, &chrome),
            edition_errors: errors,
            ..EditorPage::default()
        },
    )
    .await
}
