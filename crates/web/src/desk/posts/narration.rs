//! A post's narration in the desk: where it stands, and the editor's buttons to
//! narrate it again or switch it off (or back on).

use axum::Form;
use axum::extract::{Path, State};
use byline_core::{PostId, PostKind, PostStatus};
use byline_i18n::Args;
use byline_store::{Narration, NarrationStatus};
use byline_voice::Availability;
use serde::Serialize;

use super::super::words::DeskLanguage;
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
    pub label: String,
    pub detail: String,
    pub audio_url: Option<String>,
    pub enabled: bool,
    /// Why this server cannot narrate, when it cannot.
    pub server_problem: Option<String>,
}

impl NarrationPanel {
    /// The panel in the staff member's language.
    pub fn new(
        narration: Option<&Narration>,
        post_status: PostStatus,
        availability: &Availability,
        clock: &Clock,
        lang: &DeskLanguage,
    ) -> NarrationPanel {
        let server_problem = match availability {
            Availability::Ready { .. } => None,
            other => Some(other.describe()),
        };
        let audio = narration.and_then(|n| n.audio.as_ref());
        let audio_line = audio.map(|a| {
            let player = PlayerView::new(a, "");
            let duration = lang.t_with(
                "narration-duration",
                &Args::new()
                    .integer("minutes", player.seconds / 60)
                    .integer("seconds", player.seconds % 60),
            );
            lang.t_with(
                "narration-made",
                &Args::new()
                    .text("duration", duration)
                    .text("engine", a.engine.clone())
                    .text("date", clock.time(a.narrated_at).display),
            )
        });
        let (status, label, detail) = match narration {
            None if post_status != PostStatus::Published => {
                ("none", "narration-none", lang.t("narration-none-draft"))
            }
            None => ("none", "narration-none", lang.t("narration-none-published")),
            Some(n) => match n.status {
                NarrationStatus::Queued => (
                    "queued",
                    "narration-queued",
                    match &audio_line {
                        Some(line) => lang.t_with(
                            "narration-queued-previous",
                            &Args::new().text("line", line.clone()),
                        ),
                        None => lang.t("narration-queued-new"),
                    },
                ),
                NarrationStatus::Working => ("working", "narration-working", String::new()),
                NarrationStatus::Ready => (
                    "ready",
                    "narration-ready",
                    audio_line.clone().unwrap_or_default(),
                ),
                NarrationStatus::Failed => (
                    "failed",
                    "narration-failed",
                    lang.t_with(
                        "narration-failed-detail",
                        &Args::new().text(
                            "reason",
                            n.error
                                .clone()
                                .unwrap_or_else(|| lang.t("narration-no-reason")),
                        ),
                    ),
                ),
                NarrationStatus::Skipped => (
                    "skipped",
                    "narration-skipped",
                    n.error.clone().unwrap_or_default(),
                ),
                NarrationStatus::Off => (
                    "off",
                    "narration-switched-off",
                    lang.t("narration-switched-off-detail"),
                ),
            },
        };
        NarrationPanel {
            status,
            label: lang.t(label),
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
    lang: &DeskLanguage,
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
        lang,
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
