//! A post's narration in the desk: where it stands, and the editor's buttons to
//! narrate it again or switch it off (or back on).

use axum::Form;
use axum::extract::{Path, State};
use byline_core::{PostId, PostKind, PostStatus};
use byline_store::{Narration, NarrationStatus};
use byline_voice::Availability;
use serde::Serialize;

use super::super::{DeskResult, see_other};
use super::editable_post;
use crate::kit::errors::HttpError;
use crate::kit::forms::FormData;
use crate::kit::session::Staff;
use crate::narration::PlayerView;
use crate::state::SharedState;
use crate::views::Clock;

/// The editor's narration panel.
#[derive(Debug, Clone, Serialize)]
pub struct NarrationPanel {
    /// queued, working, ready, failed, skipped, off, or none.
    pub status: &'static str,
    pub label: &'static str,
    pub detail: String,
    pub audio_url: Option<String>,
    pub enabled: bool,
    /// Why this server cannot narrate, when it cannot.
    pub server_problem: Option<String>,
}

impl NarrationPanel {
    pub fn new(
        narration: Option<&Narration>,
        post_status: PostStatus,
        availability: &Availability,
        clock: &Clock,
    ) -> NarrationPanel {
        let server_problem = match availability {
            Availability::Ready { .. } => None,
            other => Some(other.describe()),
        };
        let audio = narration.and_then(|n| n.audio.as_ref());
        let audio_line = audio.map(|a| {
            let player = PlayerView::new(a, "");
            format!(
                "{}, made by {} on {}.",
                player.duration_text,
                a.engine,
                clock.time(a.narrated_at).display
            )
        });
        let (status, label, detail) = match narration {
            None if post_status != PostStatus::Published => (
                "none",
                "Not narrated yet.",
                "The article is narrated when it is published.".to_owned(),
            ),
            None => (
                "none",
                "Not narrated yet.",
                "Press “Narrate” to make its audio.".to_owned(),
            ),
            Some(n) => match n.status {
                NarrationStatus::Queued => (
                    "queued",
                    "Waiting to be narrated.",
                    match &audio_line {
                        Some(line) => {
                            format!("Readers hear the previous version until then: {line}")
                        }
                        None => "Readers see the player once it is ready.".to_owned(),
                    },
                ),
                NarrationStatus::Working => ("working", "Being narrated now.", String::new()),
                NarrationStatus::Ready => {
                    ("ready", "Narrated.", audio_line.clone().unwrap_or_default())
                }
                NarrationStatus::Failed => (
                    "failed",
                    "The last attempt failed.",
                    format!(
                        "{} It is tried again automatically.",
                        n.error.as_deref().unwrap_or("No reason was recorded.")
                    ),
                ),
                NarrationStatus::Skipped => (
                    "skipped",
                    "Not narrated.",
                    n.error.clone().unwrap_or_default(),
                ),
                NarrationStatus::Off => (
                    "off",
                    "Narration is switched off for this article.",
                    "Readers see no audio player.".to_owned(),
                ),
            },
        };
        NarrationPanel {
            status,
            label,
            detail,
            audio_url: audio
                .filter(|_| narration.is_some_and(|n| n.enabled))
                .map(|a| PlayerView::new(a, "").url),
            enabled: narration.is_none_or(|n| n.enabled),
            server_problem,
        }
    }
}

/// The panel for a post in the editor, or `None` for pages.
pub async fn panel(
    state: &SharedState,
    post_id: PostId,
    kind: PostKind,
    status: PostStatus,
    clock: &Clock,
) -> Result<Option<NarrationPanel>, HttpError> {
    if kind != PostKind::Post {
        return Ok(None);
    }
    let narration = state.db.narration(post_id).await?;
    Ok(Some(NarrationPanel::new(
        narration.as_ref(),
        status,
        &state.narration.availability,
        clock,
    )))
}

/// `POST /admin/posts/{id}/narration`: `action` is `narrate`, `off` or `on`.
pub async fn change(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<PostId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let post = editable_post(&state, &staff, id).await?;
    let summary = &post.post.summary;
    if !staff
        .role()
        .may_publish(staff.access(post.created_by, summary.status))
    {
        return Err(HttpError::Forbidden(
            "Only editors can change an article's narration.",
        ));
    }
    if summary.kind != PostKind::Post {
        return Err(HttpError::BadRequest(
            "Pages are not narrated: only articles are.".to_owned(),
        ));
    }
    let notice = match form.get("action") {
        "narrate" if summary.status != PostStatus::Published => {
            return Err(HttpError::BadRequest(
                "Only published articles are narrated. Publish this one first.".to_owned(),
            ));
        }
        "narrate" => {
            state.db.request_narration(id, true).await?;
            "narration-queued"
        }
        "off" => {
            state.db.set_narration_enabled(id, false).await?;
            "narration-off"
        }
        "on" => {
            state.db.set_narration_enabled(id, true).await?;
            "narration-on"
        }
        other => {
            return Err(HttpError::BadRequest(format!(
                "“{other}” is not something narration can do: choose Narrate, Switch off or Switch on."
            )));
        }
    };
    state.narration.wake();
    Ok(see_other(&format!("/admin/posts/{id}?notice={notice}")))
}
