//! Editor's notes: an update, correction or clarification added to a published
//! article. Adding one is what moves the article's public "Updated" time.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use byline_core::{Action, NoteKind, PostId, PostStatus};
use jiff::Timestamp;

use super::super::{DeskResult, see_other};
use super::editable_post;
use super::editor::{self, EditorPage, EditorValues};
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

const MAX_NOTE_CHARS: usize = 2000;

pub async fn add(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<PostId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    staff.require(Action::AddEditorsNote)?;
    let post = editable_post(&state, &staff, id).await?;
    let mut errors = FieldErrors::default();
    let kind = form.get("note_kind").parse::<NoteKind>();
    if kind.is_err() {
        errors.add("note_kind", "Choose update, correction or clarification.");
    }
    let text = form.text("note_text").unwrap_or_default();
    if text.is_empty() {
        errors.add(
            "note_text",
            "Write what changed, for readers: “This article has been updated to…”.",
        );
    } else if text.chars().count() > MAX_NOTE_CHARS {
        errors.add(
            "note_text",
            format!("Keep the note under {MAX_NOTE_CHARS} characters."),
        );
    } else if let Err(limit) = byline_core::markdown::check(&text) {
        errors.add("note_text", format!("This note cannot be saved: {limit}."));
    }
    if post.post.summary.status != PostStatus::Published {
        errors.add(
            "note_text",
            "Notes are for published articles. Publish this one first.",
        );
    }
    if let (true, Ok(kind)) = (errors.is_empty(), kind) {
        state.db.add_note(id, kind, &text, Timestamp::now()).await?;
        return Ok(see_other(&format!("/admin/posts/{id}?notice=note-added")));
    }
    let chrome = state.chrome().await?;
    let note_values: BTreeMap<String, String> = [
        ("note_kind".to_owned(), form.get("note_kind").to_owned()),
        ("note_text".to_owned(), form.get("note_text").to_owned()),
    ]
    .into();
    editor::render(
        &state,
        &staff,
        StatusCode::UNPROCESSABLE_ENTITY,
        EditorPage {
            post: Some(&post),
            values: EditorValues::from_post(&post, &chrome),
            note_errors: errors,
            note_values,
            ..EditorPage::default()
        },
    )
    .await
}
