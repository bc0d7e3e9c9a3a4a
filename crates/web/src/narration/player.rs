//! What the article page's audio player shows.

use byline_store::NarrationAudio;
use serde::Serialize;

/// The player under an article's headline.
#[derive(Debug, Clone, Serialize)]
pub struct PlayerView {
    /// `/content/audio/<content hash>.mp3`
    pub url: String,
    /// "4 min 12 sec", read by people and screen readers.
    pub duration_text: String,
    /// "4:12", for podcast apps and compact labels.
    pub duration_clock: String,
    /// ISO 8601 ("PT4M12S") for `<time datetime>` and structured data.
    pub duration_iso: String,
    pub seconds: i64,
    /// The duration in whole minutes and the seconds past them, for the theme's
    /// `listen-duration` message.
    pub duration_minutes: i64,
    pub duration_seconds: i64,
    pub bytes: i64,
    /// "1.5 MB"
    pub size_text: String,
    /// The size in megabytes to one decimal, for the theme's `listen-download` message.
    pub megabytes: f64,
    /// The site's disclosure line ("This audio is created with AI assistance").
    pub disclosure: String,
}

impl PlayerView {
    pub fn new(audio: &NarrationAudio, disclosure: &str) -> PlayerView {
        let seconds = (audio.duration_ms + 500) / 1000;
        let (minutes, rest) = (seconds / 60, seconds % 60);
        PlayerView {
            url: super::job::audio_path(&audio.file),
            duration_text: match (minutes, rest) {
                (0, s) => format!("{s} sec"),
                (m, 0) => format!("{m} min"),
                (m, s) => format!("{m} min {s} sec"),
            },
            duration_clock: clock(seconds),
            duration_iso: format!("PT{minutes}M{rest}S"),
            seconds,
            duration_minutes: minutes,
            duration_seconds: rest,
            bytes: audio.bytes,
            megabytes: (audio.bytes as f64 / 100_000.0).round() / 10.0,
            size_text: format!("{:.1} MB", audio.bytes as f64 / 1_000_000.0),
            disclosure: disclosure.to_owned(),
        }
    }
}

/// "4:12" or "1:02:03".
pub fn clock(seconds: i64) -> String {
    let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{rest:02}")
    } else {
        format!("{minutes}:{rest:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn audio(duration_ms: i64) -> NarrationAudio {
        NarrationAudio {
            text_hash: "h".into(),
            file: "abc.mp3".into(),
            bytes: 1_534_000,
            duration_ms,
            engine: "e".into(),
            narrated_at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn durations_read_naturally() {
        let cases = [
            (42_400, "42 sec", "0:42", "PT0M42S"),
            (120_000, "2 min", "2:00", "PT2M0S"),
            (252_600, "4 min 13 sec", "4:13", "PT4M13S"),
            (3_723_000, "62 min 3 sec", "1:02:03", "PT62M3S"),
        ];
        for (ms, text, clock, iso) in cases {
            let view = PlayerView::new(&audio(ms), "AI");
            assert_eq!(
                (
                    view.duration_text.as_str(),
                    view.duration_clock.as_str(),
                    view.duration_iso.as_str()
                ),
                (text, clock, iso),
                "{ms} ms"
            );
        }
        let view = PlayerView::new(&audio(1000), "AI");
        assert_eq!(view.url, "/content/audio/abc.mp3");
        assert_eq!(view.size_text, "1.5 MB");
    }
}
