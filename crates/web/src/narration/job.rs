//! Narrating one article: the job the worker runs and `byline narrate` calls.

use std::path::Path;

use byline_media::MediaStore;
use std::time::Duration;

use anyhow::Context;
use byline_core::PostId;
use byline_store::{Db, Job, NarrationAudio, NarrationStatus};
use byline_voice::EngineSpec;
use byline_voice::child::{ChildRequest, Limits};
use jiff::Timestamp;
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// What narrating a post came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NarrateOutcome {
    Narrated {
        duration_ms: u64,
        bytes: u64,
        engine: String,
    },
    /// The audio already speaks the current text.
    Unchanged,
    /// Nothing to read aloud, with the reason shown in the desk.
    Skipped(String),
    /// Not a published article (any more), or narration is off for it.
    NotNarratable,
}

/// The folder in the media storage where narrations live (`/content/audio/`).
pub const AUDIO_DIR: &str = "audio";

/// Where a narration file is served: `/content/audio/<file>`.
pub fn audio_path(file: &str) -> String {
    format!("/content/{AUDIO_DIR}/{file}")
}

/// Narrates `post_id` with `engine` in a child process started from `worker`.
/// `progress` hears `(paragraphs done, paragraphs)`. Failures are recorded on the post
/// (the desk shows them) and returned.
#[allow(clippy::too_many_arguments)]
pub async fn narrate_post(
    db: &Db,
    media: &MediaStore,
    engine: &EngineSpec,
    worker: &Path,
    limits: Limits,
    post_id: PostId,
    force: bool,
    mut progress: impl FnMut(usize, usize) + Send + 'static,
) -> anyhow::Result<NarrateOutcome> {
    let Some(source) = db.narration_source(post_id).await? else {
        return Ok(NarrateOutcome::NotNarratable);
    };
    let current = db.narration(post_id).await?;
    let switched_off = current.as_ref().is_some_and(|n| !n.enabled);
    if source.kind != byline_core::PostKind::Post
        || source.status != byline_core::PostStatus::Published
        || switched_off
    {
        return Ok(NarrateOutcome::NotNarratable);
    }
    // An article is read in its edition's language (and its voice: espeak-ng's for a
    // language no neural voice is installed for).
    let spoken = source.spoken();
    let language = source.language.clone();
    let hash = spoken.hash();
    let kept = match current.as_ref().and_then(|n| n.audio.as_ref()) {
        Some(audio) if !force && audio.text_hash == hash => {
            media.stat(&audio_key(&audio.file)).await?.is_some()
        }
        _ => false,
    };
    if kept {
        // Only the status may be stale (a queued re-check): the audio and the page
        // stay as they are, so no content version bump and no cache clearing.
        if current
            .as_ref()
            .is_some_and(|n| n.status != NarrationStatus::Ready)
        {
            db.mark_narration_current(post_id).await?;
        }
        return Ok(NarrateOutcome::Unchanged);
    }
    if spoken.is_empty() {
        let reason = "nothing to read aloud: the article has no text".to_owned();
        db.mark_narration_problem(post_id, NarrationStatus::Skipped, &reason)
            .await?;
        return Ok(NarrateOutcome::Skipped(reason));
    }
    db.mark_narration_working(post_id).await?;
    // The worker writes into this node's temporary folder; only the finished file
    // goes to the media storage, so a node that dies mid-narration leaves nothing
    // shared behind (the job is taken up again elsewhere).
    let partial = std::env::temp_dir().join(format!(
        "byline-narration-{}-{post_id}-{}.mp3",
        std::process::id(),
        Timestamp::now().as_nanosecond()
    ));
    let request = ChildRequest {
        engine: engine.clone(),
        language,
        paragraphs: spoken.paragraphs.clone(),
        output: partial.clone(),
    };
    let total = request.paragraphs.len();
    let worker = worker.to_owned();
    let spoken_result = tokio::task::spawn_blocking(move || {
        byline_voice::child::run(&worker, &request, limits, |done| progress(done, total))
    })
    .await
    .context("the narration thread stopped")?;
    let result = match spoken_result {
        Ok(result) => result,
        Err(reason) => {
            let _ = std::fs::remove_file(&partial);
            db.mark_narration_problem(post_id, NarrationStatus::Failed, &reason)
                .await?;
            anyhow::bail!("{reason}");
        }
    };
    let stored = store_audio(media, &partial).await;
    let _ = std::fs::remove_file(&partial);
    let (file, bytes) = stored?;
    let audio = NarrationAudio {
        text_hash: hash,
        file,
        bytes: bytes as i64,
        duration_ms: result.duration_ms as i64,
        engine: result.engine.clone(),
        narrated_at: Timestamp::now(),
    };
    if let Some(previous) = db.record_narration(post_id, &audio).await?
        && !db.narration_file_in_use(&previous).await?
    {
        // Best effort: an old file nobody links to is only space.
        if let Err(error) = media.delete(&audio_key(&previous)).await {
            tracing::warn!(error = %error, file = %previous, "cannot remove an old narration");
        }
    }
    Ok(NarrateOutcome::Narrated {
        duration_ms: result.duration_ms,
        bytes,
        engine: result.engine,
    })
}

/// The media key of a narration file.
pub fn audio_key(file: &str) -> String {
    format!("{AUDIO_DIR}/{file}")
}

/// Stores the child's MP3 under its content hash, so its address can be cached
/// forever and a changed narration gets a new address. Returns the file name and
/// its length.
async fn store_audio(media: &MediaStore, partial: &Path) -> anyhow::Result<(String, u64)> {
    let bytes = tokio::fs::read(partial).await.with_context(|| {
        format!(
            "the narration worker wrote no audio to {}",
            partial.display()
        )
    })?;
    let digest = Sha256::digest(&bytes);
    let name: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
    let file = format!("{name}.mp3");
    let length = bytes.len() as u64;
    media
        .put(&audio_key(&file), byline_media::Bytes::from(bytes))
        .await?;
    Ok((file, length))
}

/// How often a running narration renews its claim on the job.
const LEASE_RENEWAL: Duration = Duration::from_secs(30);

/// Runs a claimed narration job, keeping its lease while the engine works.
pub(crate) async fn run_claimed(
    state: &AppState,
    job: &Job,
    post_id: PostId,
    force: bool,
) -> anyhow::Result<()> {
    // Only a node with an engine runs the narration lane; this is for safety.
    let (Some(engine), Some(worker)) = (
        state.narration.availability.engine(),
        state.narration.worker.as_deref(),
    ) else {
        anyhow::bail!("this node has no narration engine");
    };
    let narration = narrate_post(
        &state.db,
        &state.media,
        engine,
        worker,
        state.narration.limits,
        post_id,
        force,
        |_, _| {},
    );
    tokio::pin!(narration);
    let mut renew = tokio::time::interval(LEASE_RENEWAL);
    renew.tick().await;
    let started = std::time::Instant::now();
    let outcome = loop {
        tokio::select! {
            outcome = &mut narration => {
                let label = match &outcome {
                    Ok(NarrateOutcome::Narrated { .. }) => "narrated",
                    Ok(NarrateOutcome::Unchanged | NarrateOutcome::NotNarratable) => "unchanged",
                    Ok(NarrateOutcome::Skipped(_)) => "skipped",
                    Err(_) => "failed",
                };
                metrics::counter!("byline_narrations_total", "outcome" => label).increment(1);
                if label == "narrated" {
                    metrics::histogram!("byline_narration_duration_seconds")
                        .record(started.elapsed().as_secs_f64());
                }
                break outcome?;
            }
            _ = renew.tick() => {
                if let Err(error) = state.db.extend_job_lease(job.id, Timestamp::now()).await {
                    tracing::warn!(job.id = job.id, error = %error, "cannot renew a narration job's lease");
                }
            }
        }
    };
    match &outcome {
        NarrateOutcome::Narrated {
            duration_ms,
            bytes,
            engine,
        } => {
            tracing::info!(post.id = post_id.get(), duration_ms, bytes, engine = %engine, "article narrated");
            state.refresh_content_version().await;
        }
        other => {
            tracing::info!(post.id = post_id.get(), outcome = ?other, "narration not needed")
        }
    }
    Ok(())
}
