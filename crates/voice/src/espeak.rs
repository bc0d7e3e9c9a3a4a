//! espeak-ng, run as a program: the phonemizer in front of the Piper model, and the
//! fallback voice when no Piper voice is installed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::engine::{SpeechEngine, SpeechError};

/// A piece of a sentence up to a punctuation mark the listener should hear as a pause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    pub text: String,
    pub ending: Option<char>,
}

/// Splits text at `, ; : . ! ?` followed by a space (not inside "3.5" or "10:30").
pub(crate) fn clauses(text: &str) -> Vec<Clause> {
    let mut clauses = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let ends_clause = matches!(c, ',' | ';' | ':' | '.' | '!' | '?')
            && chars.peek().is_none_or(|next| next.is_whitespace());
        if ends_clause {
            push_clause(&mut clauses, &current, Some(c));
            current.clear();
        } else {
            current.push(c);
        }
    }
    push_clause(&mut clauses, &current, None);
    clauses
}

fn push_clause(clauses: &mut Vec<Clause>, text: &str, ending: Option<char>) {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text
        .trim_end_matches(|c: char| {
            matches!(c, ',' | ';' | ':' | '.' | '!' | '?') || c.is_whitespace()
        })
        .to_owned();
    if text.chars().any(char::is_alphanumeric) {
        clauses.push(Clause { text, ending });
    } else if let (Some(last), Some(ending)) = (clauses.last_mut(), ending) {
        // "Really?!" or a stray mark: the previous clause takes the stronger ending.
        last.ending = Some(ending);
    }
}

/// The IPA phonemes of each clause in espeak-ng's `voice`, with the clause's
/// punctuation mark after it (the Piper model was trained on phonemes with
/// punctuation, which is where it pauses and changes pitch).
pub(crate) fn phonemize(
    espeak_ng: &Path,
    voice: &str,
    text: &str,
) -> Result<Vec<String>, SpeechError> {
    let clauses = clauses(text);
    if clauses.is_empty() {
        return Ok(Vec::new());
    }
    // One clause per line: espeak-ng answers with one line of phonemes per line.
    let input: String = clauses.iter().map(|c| format!("{}\n", c.text)).collect();
    let output = run(espeak_ng, &["-q", "--ipa", "-v", voice], input.as_bytes())?;
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() == clauses.len() {
        return Ok(lines
            .iter()
            .zip(&clauses)
            .map(|(ipa, clause)| with_ending(ipa, clause.ending))
            .collect());
    }
    // espeak-ng split or merged a clause its own way: keep its phonemes and end with
    // the last mark, losing only a pause or two.
    let ending = clauses.last().and_then(|c| c.ending);
    Ok(vec![with_ending(&lines.join(" "), ending)])
}

fn with_ending(ipa: &str, ending: Option<char>) -> String {
    match ending {
        Some(mark) => format!("{ipa}{mark}"),
        None => ipa.to_owned(),
    }
}

/// Runs espeak-ng with `input` on its standard input; a crash, a failure or a
/// missing program becomes a [`SpeechError`] that names it.
fn run(espeak_ng: &Path, args: &[&str], input: &[u8]) -> Result<Output, SpeechError> {
    let mut child = Command::new(espeak_ng)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| SpeechError::Missing(format!("cannot run {}: {e}", espeak_ng.display())))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.to_vec();
    // Written from another thread: a long input could fill the pipe while espeak-ng
    // waits for us to read its output.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|e| SpeechError::Failed(format!("espeak-ng: {e}")))?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(SpeechError::Failed(format!(
            "espeak-ng {}: {}",
            describe_exit(&output.status),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(output)
}

/// "exited with status 1" or "was killed by signal 11 (a crash)".
pub(crate) fn describe_exit(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (None, Some(signal)) => format!("was killed by signal {signal}"),
        _ => "ended abnormally".to_owned(),
    }
}

/// espeak-ng's own voice, the fallback when no neural voice is installed or none
/// speaks the post's language.
pub(crate) struct EspeakVoice {
    espeak_ng: PathBuf,
    /// espeak-ng's name for the voice: "en-us", "uk".
    voice: String,
}

impl EspeakVoice {
    pub fn new(espeak_ng: PathBuf, voice: String) -> EspeakVoice {
        EspeakVoice { espeak_ng, voice }
    }
}

/// espeak-ng writes 16-bit mono WAV at this rate.
const ESPEAK_RATE: u32 = 22_050;

impl SpeechEngine for EspeakVoice {
    /// "espeak-ng" for the English voice, as before voices were chosen by language;
    /// "espeak-ng (uk)" for the others.
    fn name(&self) -> String {
        if self.voice == crate::voices::ENGLISH_VOICE {
            "espeak-ng".to_owned()
        } else {
            format!("espeak-ng ({})", self.voice)
        }
    }

    fn sample_rate(&self) -> u32 {
        ESPEAK_RATE
    }

    fn speak(&mut self, text: &str) -> Result<Vec<f32>, SpeechError> {
        let output = run(
            &self.espeak_ng,
            &["-v", &self.voice, "-s", "165", "--stdout"],
            text.as_bytes(),
        )?;
        read_wav(&output.stdout)
    }
}

/// Samples of a 16-bit WAV; espeak-ng writing to a pipe cannot fill in the sizes in
/// the header, so the data chunk is read to the end whatever it claims.
fn read_wav(bytes: &[u8]) -> Result<Vec<f32>, SpeechError> {
    let data = bytes
        .windows(4)
        .position(|w| w == b"data")
        .map(|at| &bytes[(at + 8).min(bytes.len())..])
        .ok_or_else(|| SpeechError::Failed("espeak-ng wrote no audio".to_owned()))?;
    Ok(data
        .chunks_exact(2)
        .map(|pair| f32::from(i16::from_le_bytes([pair[0], pair[1]])) / 32_768.0)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_end_at_punctuation_followed_by_a_space() {
        let split = clauses("Prices rose 3.5 percent, he said. At 10:30 it fell!");
        let texts: Vec<_> = split.iter().map(|c| (c.text.as_str(), c.ending)).collect();
        assert_eq!(
            texts,
            vec![
                ("Prices rose 3.5 percent", Some(',')),
                ("he said", Some('.')),
                ("At 10:30 it fell", Some('!')),
            ]
        );
    }

    #[test]
    fn marks_without_words_join_the_clause_before() {
        let split = clauses("Really?! Yes ... ");
        assert_eq!(
            split,
            vec![
                Clause {
                    text: "Really".to_owned(),
                    ending: Some('!')
                },
                Clause {
                    text: "Yes".to_owned(),
                    ending: Some('.')
                },
            ]
        );
        assert!(clauses(" , . ").is_empty());
    }

    /// espeak-ng as this machine has it; the test command installs it.
    fn installed_espeak_ng() -> PathBuf {
        let settings = crate::VoiceSettings {
            engine: crate::EngineChoice::Espeak,
            ..crate::VoiceSettings::default()
        };
        match crate::discover(&settings) {
            crate::Availability::Ready {
                engine: crate::EngineSpec::Espeak { espeak_ng },
                ..
            } => espeak_ng,
            other => panic!(
                "{} (./scripts/test.sh installs espeak-ng)",
                other.describe()
            ),
        }
    }

    #[test]
    fn espeak_ng_speaks_a_ukrainian_post_with_its_ukrainian_voice() {
        let engine = crate::EngineSpec::Espeak {
            espeak_ng: installed_espeak_ng(),
        };
        let ukrainian = byline_core::language::LanguageTag::parse("uk").unwrap();
        let text = byline_core::narration::speakable_in(
            &ukrainian,
            "16.11.2026 ЗСУ отримали 500 млн грн.",
        );
        let mut voice = engine.open(&ukrainian).unwrap();
        assert_eq!(voice.name(), "espeak-ng (uk)");
        let samples = voice.speak(&text).unwrap();
        let seconds = samples.len() as f32 / voice.sample_rate() as f32;
        assert!(seconds > 2.0, "{seconds} s for {text:?}");
        assert!(
            samples.iter().any(|s| s.abs() > 0.05),
            "the audio is not silent"
        );
    }

    #[test]
    fn the_voice_decides_the_phonemes() {
        let espeak_ng = installed_espeak_ng();
        let ukrainian = phonemize(&espeak_ng, "uk", "п'ять гривень").unwrap();
        let english = phonemize(&espeak_ng, "en-us", "п'ять гривень").unwrap();
        assert_eq!(ukrainian.len(), 1);
        assert!(!ukrainian[0].is_empty());
        assert_ne!(ukrainian, english);
    }

    #[test]
    fn wav_data_is_read_to_the_end() {
        let mut wav = b"RIFF\xff\xff\xff\x7fWAVEfmt ".to_vec();
        wav.extend_from_slice(&[0; 20]);
        wav.extend_from_slice(b"data\xff\xff\xff\x7f");
        wav.extend_from_slice(&i16::MAX.to_le_bytes());
        wav.extend_from_slice(&i16::MIN.to_le_bytes());
        let samples = read_wav(&wav).unwrap();
        assert_eq!(samples.len(), 2);
        assert!(samples[0] > 0.99 && samples[1] <= -1.0);
    }
}
