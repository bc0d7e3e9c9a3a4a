//! `POST /admin/posts/{id}/preview-link`: make or revoke the post's secret preview
//! link. The link is shown once, on the page this answers with: Byline keeps only its
//! SHA-256, like every other token.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use byline_core::PostId;
use jiff::{SignedDuration, Timestamp};

use super::super::{DeskResult, see_other};
use super::editable_post;
use super::editor::{self, EditorPage, EditorValues};
use crate::kit::errors::HttpError;
use crate::kit::forms::FormData;
use crate::kit::session::{Staff, random_token, token_hash};
use crate::state::SharedState;

/// How long a preview link works.
pub const PREVIEW_LINK_LIFETIME: SignedDuration = SignedDuration::from_hours(7 * 24);

pub async fn change(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<PostId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let post = editable_post(&state, &staff, id).await?;
    match form.get("action") {
        "make" => {
            let token = random_token();
            let now = Timestamp::now();
            state
                .db
                .replace_preview_link(
                    id,
                    &token_hash(&token),
                    staff.user.id,
                    now,
                    now + PREVIEW_LINK_LIFETIME,
                )
                .await?;
            tracing::info!(
                post.id = id.get(),
                user.id = staff.user.id,
                "preview link made"
            );
            let chrome = state.chrome().await?;
            editor::render(
                &state,
                &staff,
                StatusCode::OK,
                EditorPage {
                    post: Some(&post),
                    values: EditorValues::from_post(&post, &chrome),
                    // Relative, like every desk link: "Copy link" makes it whole
                    // with the address the editor is using.
                    new_preview_url: Some(format!("/preview/{token}/")),
                    ..EditorPage::default()
                },
            )
            .await
        }
        "revoke" => {
            state.db.revoke_preview_link(id).await?;
            tracing::info!(
                post.id = id.get(),
                user.id = staff.user.id,
                "preview link revoked"
            );
            Ok(see_other(&format!(
                "/admin/posts/{id}?notice=preview-revoked"
            )))
        }
        _ => Err(HttpError::BadRequest(
            "Choose to make a new preview link or to revoke the one that works now.".into(),
        )),
    }
}
