//! Which voice speaks a post, by the post's language. The Piper voice speaks the
//! language its model was trained on (its `.onnx.json` says which); a post in any
//! other language is spoken by espeak-ng's own voice for that language, robotic but
//! in the right language, rather than by a neural voice reading Ukrainian with an
//! American accent.

use std::path::{Path, PathBuf};

use byline_core::language::LanguageTag;
use serde::Deserialize;

use crate::engine::{EngineSpec, SpeechEngine, SpeechError};

/// espeak-ng's voice for English, the accent of the Piper voice the project ships.
pub(crate) const ENGLISH_VOICE: &str = "en-us";

/// The language a Piper model speaks, as its `.onnx.json` gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ModelLanguage {
    #[serde(default)]
    espeak: EspeakSection,
    #[serde(default)]
    language: Option<LanguageSection>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
struct EspeakSection {
    /// The espeak-ng voice whose phonemes the model was trained on ("en-us").
    #[serde(default)]
    voice: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
struct LanguageSection {
    /// "en_US"
    #[serde(default)]
    code: Option<String>,
    /// "en"
    #[serde(default)]
    family: Option<String>,
}

impl ModelLanguage {
    /// Reads the language sections of a Piper voice's `.onnx.json`.
    pub fn read(config: &Path) -> Result<ModelLanguage, SpeechError> {
        let bytes = std::fs::read(config).map_err(|e| {
            SpeechError::Missing(format!("cannot read the voice's {}: {e}", config.display()))
        })?;
        serde_json::from_slice(&bytes).map_err(|e| {
            SpeechError::Failed(format!(
                "the voice's {} is not valid: {e}",
                config.display()
            ))
        })
    }

    /// The espeak-ng voice that gives the model its phonemes ("en-us" when the file
    /// does not say, as for the voices Piper first published).
    pub fn espeak_voice(&self) -> &str {
        self.espeak.voice.as_deref().unwrap_or(ENGLISH_VOICE)
    }

    /// The model's primary language: the language section's family or code, else
    /// the espeak-ng voice's language ("en-us" is English).
    pub fn primary(&self) -> Option<String> {
        let section = self.language.as_ref();
        [
            section.and_then(|s| s.family.as_deref()),
            section.and_then(|s| s.code.as_deref()),
            Some(self.espeak_voice()),
        ]
        .into_iter()
        .flatten()
        .find_map(|text| LanguageTag::parse(text).map(|tag| tag.primary().to_owned()))
    }

    /// True when the model speaks `language` (by the primary language: an `en_US`
    /// model speaks `en-GB` posts too).
    pub fn speaks(&self, language: &LanguageTag) -> bool {
        self.primary().as_deref() == Some(language.primary())
    }
}

/// The voice chosen for one post, with every path it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voice {
    /// The Piper model, fed phonemes by espeak-ng's `espeak_voice`.
    Piper {
        model: PathBuf,
        config: PathBuf,
        onnxruntime: PathBuf,
        espeak_ng: PathBuf,
        espeak_voice: String,
    },
    /// espeak-ng speaking with its voice `voice` ("uk", "en-us").
    Espeak { espeak_ng: PathBuf, voice: String },
}

impl Voice {
    /// Picks the voice for a post in `language`: the Piper model when it speaks the
    /// language (`model` is what its `.onnx.json` says), else espeak-ng's voice for
    /// the language. Reads no file, runs no engine.
    pub fn choose(engine: &EngineSpec, model: &ModelLanguage, language: &LanguageTag) -> Voice {
        match engine {
            EngineSpec::Piper {
                model: model_path,
                config,
                onnxruntime,
                espeak_ng,
            } if model.speaks(language) => Voice::Piper {
                model: model_path.clone(),
                config: config.clone(),
                onnxruntime: onnxruntime.clone(),
                espeak_ng: espeak_ng.clone(),
                espeak_voice: model.espeak_voice().to_owned(),
            },
            EngineSpec::Piper { espeak_ng, .. } | EngineSpec::Espeak { espeak_ng } => {
                Voice::Espeak {
                    espeak_ng: espeak_ng.clone(),
                    voice: espeak_voice(language),
                }
            }
        }
    }

    /// Loads the voice (for Piper: the runtime library and the model).
    pub fn open(&self) -> Result<Box<dyn SpeechEngine>, SpeechError> {
        match self {
            Voice::Piper {
                model,
                config,
                onnxruntime,
                espeak_ng,
                espeak_voice,
            } => Ok(Box::new(crate::piper::PiperVoice::open(
                model,
                config,
                onnxruntime,
                espeak_ng,
                espeak_voice,
            )?)),
            Voice::Espeak { espeak_ng, voice } => Ok(Box::new(crate::espeak::EspeakVoice::new(
                espeak_ng.clone(),
                voice.clone(),
            ))),
        }
    }
}

/// espeak-ng's voice for a language: American English for English (British for
/// `en-GB`), and the primary language's own voice otherwise (`uk` for Ukrainian,
/// which is what espeak-ng names its voices after).
pub fn espeak_voice(language: &LanguageTag) -> String {
    match (language.primary(), language.region()) {
        ("en", Some("GB")) => "en-gb".to_owned(),
        ("en", _) => ENGLISH_VOICE.to_owned(),
        (primary, _) => primary.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The language sections of the shipped `en_US-joe-medium.onnx.json`.
    const JOE: &str = r#"{
        "audio": {"sample_rate": 22050, "quality": "medium"},
        "espeak": {"voice": "en-us"},
        "language": {"code": "en_US", "family": "en", "region": "US",
                     "name_native": "English", "name_english": "English",
                     "country_english": "United States"},
        "phoneme_type": "espeak"
    }"#;

    fn tag(text: &str) -> LanguageTag {
        LanguageTag::parse(text).unwrap()
    }

    fn piper() -> EngineSpec {
        EngineSpec::Piper {
            model: "/v/en_US-joe-medium.onnx".into(),
            config: "/v/en_US-joe-medium.onnx.json".into(),
            onnxruntime: "/lib/libonnxruntime.so".into(),
            espeak_ng: "/usr/bin/espeak-ng".into(),
        }
    }

    #[test]
    fn the_model_language_is_read_from_its_settings() {
        let joe: ModelLanguage = serde_json::from_str(JOE).unwrap();
        assert_eq!(joe.espeak_voice(), "en-us");
        assert_eq!(joe.primary().as_deref(), Some("en"));
        let only_espeak: ModelLanguage =
            serde_json::from_str(r#"{"espeak": {"voice": "uk"}}"#).unwrap();
        assert_eq!(only_espeak.primary().as_deref(), Some("uk"));
        let only_code: ModelLanguage =
            serde_json::from_str(r#"{"espeak": {"voice": "uk"}, "language": {"code": "uk_UA"}}"#)
                .unwrap();
        assert!(only_code.speaks(&tag("uk")));
        let nothing: ModelLanguage = serde_json::from_str("{}").unwrap();
        assert_eq!(nothing.espeak_voice(), "en-us");
        assert_eq!(nothing.primary().as_deref(), Some("en"));
    }

    #[test]
    fn piper_speaks_posts_in_its_own_language() {
        let joe: ModelLanguage = serde_json::from_str(JOE).unwrap();
        for language in ["en", "en-US", "en-GB"] {
            let voice = Voice::choose(&piper(), &joe, &tag(language));
            assert!(
                matches!(&voice, Voice::Piper { espeak_voice, .. } if espeak_voice == "en-us"),
                "{language}: {voice:?}"
            );
        }
    }

    #[test]
    fn other_languages_get_espeak_ngs_voice_for_them() {
        let joe: ModelLanguage = serde_json::from_str(JOE).unwrap();
        let cases = [("uk", "uk"), ("uk-UA", "uk"), ("de", "de"), ("pt-BR", "pt")];
        for (language, expected) in cases {
            assert_eq!(
                Voice::choose(&piper(), &joe, &tag(language)),
                Voice::Espeak {
                    espeak_ng: "/usr/bin/espeak-ng".into(),
                    voice: expected.to_owned(),
                },
                "{language}"
            );
        }
    }

    #[test]
    fn without_piper_espeak_ng_speaks_every_language() {
        let espeak = EngineSpec::Espeak {
            espeak_ng: "/usr/bin/espeak-ng".into(),
        };
        let model = ModelLanguage::default();
        let cases = [("en", "en-us"), ("en-GB", "en-gb"), ("uk", "uk")];
        for (language, expected) in cases {
            assert_eq!(
                Voice::choose(&espeak, &model, &tag(language)),
                Voice::Espeak {
                    espeak_ng: "/usr/bin/espeak-ng".into(),
                    voice: expected.to_owned(),
                },
                "{language}"
            );
        }
    }

    #[test]
    fn a_missing_settings_file_is_named() {
        let error = ModelLanguage::read(Path::new("/nowhere/voice.onnx.json")).unwrap_err();
        assert!(
            error.to_string().contains("/nowhere/voice.onnx.json"),
            "{error}"
        );
    }
}
