//! A post's translations in the editor: which edition it is in, its versions in the
//! other editions (each with its text, to read beside the one being written),
//! "Translate" for an edition that has none yet, and moving it to such an edition
//! (`edition.rs`). `POST /admin/posts/{id}/translate` (`edition`) makes the linked
//! draft there and opens it.

use axum::Form;
use axum::extract::{Path, State};
use byline_core::{Action, EditionId, PostId};
use byline_store::{Edition, StoreError};
use minijinja::Value;
use serde::Serialize;

use super::super::{DeskResult, see_other};
use super::editable_post;
use crate::kit::errors::HttpError;
use crate::kit::forms::FormData;
use crate::kit::session::Staff;
use crate::state::SharedState;

#[derive(Serialize)]
struct Version {
    edition: String,
    language: String,
    /// The version's own words, for the translator to read beside their draft.
    title: String,
    body: String,
    status: &'static str,
    edit_url: String,
}

#[derive(Serialize)]
struct Missing {
    id: i64,
    edition: String,
    language: String,
}

/// The editor's translations panel for `post`, which is in edition `here` of
/// `editions` (shown on a site with more than one edition).
pub async fn panel(
    state: &SharedState,
    staff: &Staff,
    post: PostId,
    editions: &[Edition],
    here: EditionId,
) -> Result<Value, HttpError> {
    let translations = state.db.translations_of(post).await?;
    let mut versions = Vec::new();
    for translation in &translations {
        let Some(edition) = editions.iter().find(|e| e.id == translation.edition) else {
            continue;
        };
        let Some(desk) = state.db.desk_post(translation.post).await? else {
            continue;
        };
        versions.push(Version {
            edition: edition.title.clone(),
            language: edition.language.to_string(),
            title: translation.title.clone(),
            body: desk.post.body_markdown,
            status: translation.status.as_str(),
            edit_url: format!("/admin/posts/{}", translation.post),
        });
    }
    let missing: Vec<Missing> = editions
        .iter()
        .filter(|e| e.id != here && translations.iter().all(|t| t.edition != e.id))
        .map(|e| Missing {
            id: e.id.get(),
            edition: e.title.clone(),
            language: e.language.to_string(),
        })
        .collect();
    let current = editions.iter().find(|e| e.id == here);
    Ok(minijinja::context! {
        edition => current.map(|e| e.title.clone()),
        language => current.map(|e| e.language.to_string()),
        versions => Value::from_serialize(&versions),
        missing => Value::from_serialize(&missing),
        may_translate => staff.may(Action::WritePosts),
    })
}

/// `POST /admin/posts/{id}/translate` (`edition`): a draft in that edition with this
/// post's words to write over, linked as its translation, opened in the editor.
pub async fn start(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<PostId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    staff.require(Action::WritePosts)?;
    editable_post(&state, &staff, id).await?;
    let edition = form
        .get("edition")
        .parse::<i64>()
        .map(EditionId)
        .map_err(|_| HttpError::BadRequest("Choose the edition to translate into.".into()))?;
    match state.db.start_translation(id, edition, staff.user.id).await {
        Ok(draft) => {
            tracing::info!(
                post.id = id.get(),
                translation.id = draft.get(),
                edition.id = edition.get(),
                user.id = staff.user.id,
                "translation started"
            );
            Ok(see_other(&format!(
                "/admin/posts/{draft}?notice=translation"
            )))
        }
        Err(StoreError::NotEditable(_)) => Err(HttpError::Conflict(
            "This article already has a version in that edition, or is in it itself.",
        )),
        Err(StoreError::NotFound { .. }) => Err(HttpError::NotFound),
        Err(other) => Err(other.into()),
    }
}
