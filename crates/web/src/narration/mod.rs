//! Article narration on the server: finding an engine at start, the background
//! worker that narrates queued articles, the podcast feed and the player's view.
//!
//! Narration jobs are queued by the store whenever a published article's spoken text
//! changes (see `byline_store::narrations`). Each node with an engine runs one
//! narration worker; the job queue's claiming keeps two nodes off the same article.

pub(crate) mod job;
mod player;
pub mod podcast;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use byline_store::Lane;
use byline_voice::child::Limits;
use byline_voice::{Availability, VoiceSettings};
use jiff::Timestamp;

pub use job::{NarrateOutcome, narrate_post};
pub use player::PlayerView;

use crate::state::AppState;

/// How this node narrates.
#[derive(Debug, Clone)]
pub struct NarrationConfig {
    pub voice: VoiceSettings,
    /// The program whose `voice-worker` command runs the engine (the `byline`
    /// binary); `None` keeps narration off on this node.
    pub worker: Option<PathBuf>,
    pub limits: Limits,
}

impl Default for NarrationConfig {
    /// Off: library users and most tests never start a speech engine.
    fn default() -> NarrationConfig {
        NarrationConfig {
            voice: VoiceSettings {
                engine: byline_voice::EngineChoice::Off,
                ..VoiceSettings::default()
            },
            worker: None,
            limits: Limits::default(),
        }
    }
}

/// What this node found at start and how it runs narration jobs.
pub struct Narrator {
    pub availability: Availability,
    worker: Option<PathBuf>,
    limits: Limits,
    wake: tokio::sync::Notify,
}

impl Narrator {
    /// Looks for an engine (Python is asked where its packages are, so this runs on
    /// a blocking thread) and says once, in the log, what it found or what is missing.
    pub async fn start(config: NarrationConfig) -> Narrator {
        let availability = match config.worker {
            None => Availability::Off,
            Some(_) => {
                let voice = config.voice.clone();
                tokio::task::spawn_blocking(move || byline_voice::discover(&voice))
                    .await
                    .unwrap_or(Availability::Unavailable {
                        missing: vec!["the engine search stopped unexpectedly".to_owned()],
                    })
            }
        };
        match &availability {
            Availability::Ready { missing, .. } if missing.is_empty() => {
                tracing::info!("{}", availability.describe());
            }
            Availability::Off => tracing::info!("{}", availability.describe()),
            _ => tracing::warn!("{}", availability.describe()),
        }
        Narrator {
            availability,
            worker: config.worker,
            limits: config.limits,
            wake: tokio::sync::Notify::new(),
        }
    }

    /// Call after queuing narration through this node.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// How often the queue is checked when nothing wakes the worker sooner.
const POLL: Duration = Duration::from_secs(2);

/// This node's narration worker: one article at a time (the engine uses every
/// core), for as long as the server runs. Does nothing without an engine.
pub async fn run(state: Arc<AppState>) {
    if state.narration.availability.engine().is_none() || state.narration.worker.is_none() {
        return;
    }
    let since = Timestamp::now() - byline_store::NARRATE_IMPORTED_WITHIN;
    match state.db.queue_missed_narrations(since).await {
        Ok(0) => {}
        Ok(queued) => tracing::info!(queued, "queued narration of recent articles that missed it"),
        Err(error) => {
            tracing::warn!(error = %error, "cannot look for articles that missed narration")
        }
    }
    loop {
        match state.db.claim_job(Timestamp::now(), Lane::Narration).await {
            Ok(Some(job)) => {
                crate::worker::run_job(&state, job).await;
                continue;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(error = %error, "cannot check the narration queue"),
        }
        tokio::select! {
            _ = state.narration.wake.notified() => {}
            _ = tokio::time::sleep(POLL) => {}
        }
    }
}
