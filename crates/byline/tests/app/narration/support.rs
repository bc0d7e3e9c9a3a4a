//! Shared pieces: engines as the test machine has them (scripts/test.sh installs
//! them), MP3 decoding with symphonia, and waiting for the background worker.

use std::path::PathBuf;
use std::time::Duration;

use byline_core::content::NewPost;
use byline_core::{PostId, PostKind, PostStatus, Slug};
use byline_store::{Db, Narration};
use byline_voice::child::Limits;
use byline_voice::{Availability, EngineChoice, EngineSpec, VoiceSettings};
use byline_web::narration::NarrationConfig;

/// The `byline` binary, whose `voice-worker` command runs an engine.
pub fn worker() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_byline"))
}

/// The engine `choice` as discovered on this machine; a missing part fails the test
/// with what is missing (the test command installs every part).
pub fn engine(choice: EngineChoice) -> EngineSpec {
    match byline_voice::discover(&VoiceSettings {
        engine: choice,
        ..VoiceSettings::default()
    }) {
        Availability::Ready { engine, .. } => engine,
        other => panic!(
            "{} (./scripts/test.sh installs espeak-ng and the Piper voice)",
            other.describe()
        ),
    }
}

/// A node configuration that narrates with `voice`.
pub fn narrating(voice: VoiceSettings, limits: Limits) -> NarrationConfig {
    NarrationConfig {
        voice,
        worker: Some(worker()),
        limits,
    }
}

pub fn espeak() -> VoiceSettings {
    VoiceSettings {
        engine: EngineChoice::Espeak,
        ..VoiceSettings::default()
    }
}

/// A published article with no bylines or sections.
pub async fn publish(db: &Db, slug: &str, title: &str, body: &str) -> PostId {
    db.create_post(NewPost {
        slug: Slug::parse(slug).unwrap(),
        kind: PostKind::Post,
        status: PostStatus::Published,
        title: title.into(),
        subtitle: None,
        body_markdown: body.into(),
        image: None,
        featured: false,
        published_at: Some(jiff::Timestamp::now()),
        author_ids: vec![],
        tag_ids: vec![],
    })
    .await
    .unwrap()
}

/// Polls the post's narration until `done` says so (at most `limit`).
pub async fn wait_for(
    db: &Db,
    post_id: PostId,
    limit: Duration,
    done: impl Fn(&Narration) -> bool,
) -> Narration {
    let start = std::time::Instant::now();
    loop {
        if let Some(narration) = db.narration(post_id).await.unwrap()
            && done(&narration)
        {
            return narration;
        }
        assert!(
            start.elapsed() < limit,
            "the narration of post {post_id} did not get there in {limit:?}: {:?}",
            db.narration(post_id).await.unwrap()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Decoded audio: format and loudness.
#[derive(Debug)]
pub struct Decoded {
    pub sample_rate: u32,
    pub channels: usize,
    pub seconds: f64,
    /// Root mean square of all samples (silence is ~0).
    pub rms: f64,
    /// The share of 50 ms windows that are louder than a whisper: speech has pauses
    /// but is mostly sound.
    pub voiced_share: f64,
}

pub fn decode_mp3(bytes: &[u8]) -> Decoded {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::codecs::DecoderOptions;
    use symphonia::core::errors::Error;
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::meta::MetadataOptions;
    use symphonia::core::probe::Hint;

    let source = MediaSourceStream::new(
        Box::new(std::io::Cursor::new(bytes.to_vec())),
        Default::default(),
    );
    let mut hint = Hint::new();
    hint.with_extension("mp3");
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            source,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .expect("the narration is a readable MP3");
    let mut format = probed.format;
    let track = format.default_track().expect("an audio track").clone();
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .expect("an MP3 decoder");
    let (mut samples, mut rate, mut channels) = (Vec::<f32>::new(), 0, 0);
    loop {
        let packet = match format.next_packet() {
            Ok(packet) => packet,
            Err(Error::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => panic!("the MP3 does not decode: {e}"),
        };
        let decoded = decoder.decode(&packet).expect("each frame decodes");
        let spec = *decoded.spec();
        rate = spec.rate;
        channels = spec.channels.count();
        let mut buffer = SampleBuffer::<f32>::new(decoded.capacity() as u64, spec);
        buffer.copy_interleaved_ref(decoded);
        samples.extend_from_slice(buffer.samples());
    }
    let rms = (samples.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>()
        / samples.len().max(1) as f64)
        .sqrt();
    let window = (rate as usize / 20).max(1) * channels.max(1);
    let windows: Vec<f64> = samples
        .chunks(window)
        .map(|w| (w.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / w.len() as f64).sqrt())
        .collect();
    let voiced = windows.iter().filter(|rms| **rms > 0.01).count();
    Decoded {
        sample_rate: rate,
        channels,
        seconds: samples.len() as f64 / f64::from(rate.max(1)) / channels.max(1) as f64,
        rms,
        voiced_share: voiced as f64 / windows.len().max(1) as f64,
    }
}
