//! MP3 at 48 kb/s mono: small (21 MB for two hours) and playable by every browser
//! and podcast app.

use mp3lame_encoder::{Bitrate, Builder, FlushNoGap, MonoPcm, Quality};

use crate::engine::SpeechError;

pub(crate) fn encode(samples: &[f32], sample_rate: u32) -> Result<Vec<u8>, SpeechError> {
    let failed = |what: &str, e: &dyn std::fmt::Debug| {
        SpeechError::Failed(format!("MP3 encoder {what}: {e:?}"))
    };
    let mut builder = Builder::new().ok_or_else(|| failed("setup", &"out of memory"))?;
    builder
        .set_num_channels(1)
        .map_err(|e| failed("channels", &e))?;
    builder
        .set_sample_rate(sample_rate)
        .map_err(|e| failed("sample rate", &e))?;
    builder
        .set_brate(Bitrate::Kbps48)
        .map_err(|e| failed("bit rate", &e))?;
    builder
        .set_quality(Quality::Good)
        .map_err(|e| failed("quality", &e))?;
    let mut encoder = builder.build().map_err(|e| failed("setup", &e))?;
    let mut mp3 = Vec::with_capacity(mp3lame_encoder::max_required_buffer_size(samples.len()));
    encoder
        .encode_to_vec(MonoPcm(samples), &mut mp3)
        .map_err(|e| failed("encoding", &e))?;
    mp3.reserve(7200);
    encoder
        .flush_to_vec::<FlushNoGap>(&mut mp3)
        .map_err(|e| failed("flush", &e))?;
    Ok(mp3)
}
