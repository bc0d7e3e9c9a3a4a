//! The one interface every speech engine offers, and the serializable description
//! of an engine that discovery found (handed to the child process that runs it).

use std::path::PathBuf;

use byline_core::language::LanguageTag;
use serde::{Deserialize, Serialize};

use crate::voices::{ModelLanguage, Voice};

/// A text-to-speech engine: speaks one short piece of prepared text at a time.
pub trait SpeechEngine {
    /// For logs, the desk and the audio's metadata ("Piper en_US-joe-medium").
    fn name(&self) -> String;
    fn sample_rate(&self) -> u32;
    /// Speaks a sentence or so as mono samples in [-1, 1].
    fn speak(&mut self, text: &str) -> Result<Vec<f32>, SpeechError>;
}

#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error("{0}")]
    Missing(String),
    #[error("{0}")]
    Failed(String),
}

/// A Piper voice's name: its model file without `.onnx` ("en_US-joe-medium").
pub(crate) fn voice_name(model: &std::path::Path) -> String {
    model
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Which engine to run, with every path it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "engine", rename_all = "snake_case")]
pub enum EngineSpec {
    /// A Piper voice: `model` and its `.onnx.json`, run by ONNX Runtime, phonemes from
    /// espeak-ng.
    Piper {
        model: PathBuf,
        config: PathBuf,
        onnxruntime: PathBuf,
        espeak_ng: PathBuf,
    },
    /// espeak-ng's own formant voice: robotic but always intelligible.
    Espeak { espeak_ng: PathBuf },
}

impl EngineSpec {
    /// The voice for a post in `language`: the Piper model when it speaks the
    /// language, espeak-ng's voice for the language otherwise (see [`Voice::choose`]).
    pub fn voice_for(&self, language: &LanguageTag) -> Result<Voice, SpeechError> {
        let model = match self {
            EngineSpec::Piper { config, .. } => ModelLanguage::read(config)?,
            EngineSpec::Espeak { .. } => ModelLanguage::default(),
        };
        Ok(Voice::choose(self, &model, language))
    }

    /// Loads the voice for a post in `language` (for Piper: the runtime library and
    /// the model).
    pub fn open(&self, language: &LanguageTag) -> Result<Box<dyn SpeechEngine>, SpeechError> {
        self.voice_for(language)?.open()
    }

    /// A short description for the desk and the log.
    pub fn label(&self) -> String {
        match self {
            EngineSpec::Piper { model, .. } => {
                format!("Piper neural voice ({})", voice_name(model))
            }
            EngineSpec::Espeak { .. } => "espeak-ng (fallback voice)".to_owned(),
        }
    }
}
