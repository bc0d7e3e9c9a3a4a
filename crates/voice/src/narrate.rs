//! Speaking a whole article: paragraph by paragraph, a sentence or so per engine call
//! (a long article never goes to the model in one piece), joined with the pauses a
//! reader would make, then encoded as MP3.

use byline_core::narration::chunks;

use crate::engine::{SpeechEngine, SpeechError};

/// The longest piece of text sent to the engine in one call.
const MAX_CHUNK_CHARS: usize = 250;
/// Silence before the first word, between sentences, between paragraphs and after
/// the headline, in milliseconds.
const LEAD_IN_MS: u32 = 250;
const SENTENCE_PAUSE_MS: u32 = 200;
const PARAGRAPH_PAUSE_MS: u32 = 650;
const HEADLINE_PAUSE_MS: u32 = 900;

/// An article's audio.
#[derive(Debug, Clone)]
pub struct Narration {
    pub mp3: Vec<u8>,
    pub duration_ms: u64,
    /// The engine that spoke it, for the desk and the log.
    pub engine: String,
}

/// Speaks `paragraphs` (prepared text, the headline first) and encodes the result.
/// `done` hears after each paragraph how many are finished.
pub fn narrate(
    engine: &mut dyn SpeechEngine,
    paragraphs: &[String],
    mut done: impl FnMut(usize),
) -> Result<Narration, SpeechError> {
    let rate = engine.sample_rate();
    let mut audio = silence(rate, LEAD_IN_MS);
    for (index, paragraph) in paragraphs.iter().enumerate() {
        for (piece_index, piece) in chunks(paragraph, MAX_CHUNK_CHARS).iter().enumerate() {
            if piece_index > 0 {
                audio.extend(silence(rate, SENTENCE_PAUSE_MS));
            }
            audio.extend(trim_silence(engine.speak(piece)?));
        }
        let pause = if index == 0 {
            HEADLINE_PAUSE_MS
        } else {
            PARAGRAPH_PAUSE_MS
        };
        audio.extend(silence(rate, pause));
        done(index + 1);
    }
    let duration_ms = audio.len() as u64 * 1000 / u64::from(rate.max(1));
    Ok(Narration {
        mp3: crate::mp3::encode(&audio, rate)?,
        duration_ms,
        engine: engine.name(),
    })
}

fn silence(rate: u32, ms: u32) -> Vec<f32> {
    vec![0.0; (u64::from(rate) * u64::from(ms) / 1000) as usize]
}

/// Engines pad their output unevenly; cutting near-silence at both ends lets the
/// pauses above decide the rhythm.
fn trim_silence(mut samples: Vec<f32>) -> Vec<f32> {
    const QUIET: f32 = 0.002;
    let end = samples
        .iter()
        .rposition(|s| s.abs() > QUIET)
        .map_or(0, |i| i + 1);
    samples.truncate(end);
    let start = samples
        .iter()
        .position(|s| s.abs() > QUIET)
        .unwrap_or(samples.len());
    samples.drain(..start);
    samples
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in engine that "speaks" 10 ms of sound per character, to check how
    /// pieces and pauses add up (the real engines are tested in the app's suite).
    struct Tone;

    impl SpeechEngine for Tone {
        fn name(&self) -> String {
            "tone".to_owned()
        }
        fn sample_rate(&self) -> u32 {
            20_000
        }
        fn speak(&mut self, text: &str) -> Result<Vec<f32>, SpeechError> {
            Ok(vec![0.5; text.chars().count() * 200])
        }
    }

    #[test]
    fn paragraphs_are_spoken_in_order_with_pauses() {
        let paragraphs = vec!["Title.".to_owned(), "One. Two.".to_owned()];
        let mut seen = Vec::new();
        let narration = narrate(&mut Tone, &paragraphs, |n| seen.push(n)).unwrap();
        assert_eq!(seen, vec![1, 2]);
        // 250 lead-in + 60 title + 900 + "One. Two." 90 (short sentences share one
        // engine call) + 650
        assert_eq!(narration.duration_ms, 250 + 60 + 900 + 90 + 650);
        let long = vec![
            "Title.".to_owned(),
            format!("{}. Two.", "word ".repeat(100)),
        ];
        let narration = narrate(&mut Tone, &long, |_| {}).unwrap();
        // Over 400 characters: the paragraph takes several calls, joined by pauses.
        let words_alone = 250 + 60 + 900 + 5040 + 40 + 650;
        assert!(
            (words_alone + 100..words_alone + 600).contains(&narration.duration_ms),
            "{}",
            narration.duration_ms
        );
        assert!(narration.mp3.len() > 1000, "an MP3 was written");
        assert_eq!(narration.engine, "tone");
    }

    #[test]
    fn silence_is_trimmed_at_both_ends() {
        let trimmed = trim_silence(vec![0.0, 0.001, 0.3, 0.0, -0.4, 0.0, 0.0]);
        assert_eq!(trimmed, vec![0.3, 0.0, -0.4]);
        assert!(trim_silence(vec![0.0; 5]).is_empty());
    }
}
