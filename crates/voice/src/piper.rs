//! A Piper neural voice: espeak-ng turns text into IPA phonemes, the voice's
//! `.onnx.json` maps each phoneme to the ids the model reads, and ONNX Runtime (a
//! library loaded at run time, see [`ort::init_from`]) runs the model.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ort::session::Session;
use ort::value::Tensor;
use serde::Deserialize;

use crate::engine::{SpeechEngine, SpeechError};
use crate::espeak;

/// The parts of a Piper voice's `.onnx.json` that synthesis needs.
#[derive(Debug, Deserialize)]
struct VoiceConfig {
    audio: AudioConfig,
    inference: InferenceConfig,
    phoneme_id_map: HashMap<String, Vec<i64>>,
}

#[derive(Debug, Deserialize)]
struct AudioConfig {
    sample_rate: u32,
}

#[derive(Debug, Deserialize)]
struct InferenceConfig {
    noise_scale: f32,
    length_scale: f32,
    noise_w: f32,
}

pub(crate) struct PiperVoice {
    session: Session,
    config: VoiceConfig,
    ids: HashMap<char, Vec<i64>>,
    espeak_ng: PathBuf,
    /// The espeak-ng voice whose phonemes the model was trained on.
    espeak_voice: String,
    name: String,
}

/// Sentence start, end and the pad between phonemes, as Piper voices name them.
const BOS: char = '^';
const EOS: char = '$';
const PAD: char = '_';

impl PiperVoice {
    pub fn open(
        model: &Path,
        config: &Path,
        onnxruntime: &Path,
        espeak_ng: &Path,
        espeak_voice: &str,
    ) -> Result<PiperVoice, SpeechError> {
        let config: VoiceConfig = serde_json::from_slice(&std::fs::read(config).map_err(|e| {
            SpeechError::Missing(format!("cannot read the voice's {}: {e}", config.display()))
        })?)
        .map_err(|e| {
            SpeechError::Failed(format!(
                "the voice's {} is not valid: {e}",
                config.display()
            ))
        })?;
        let ids = config
            .phoneme_id_map
            .iter()
            .filter_map(|(symbol, ids)| {
                let mut chars = symbol.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some((c, ids.clone())),
                    _ => None,
                }
            })
            .collect::<HashMap<_, _>>();
        for required in [BOS, EOS, PAD] {
            if !ids.contains_key(&required) {
                return Err(SpeechError::Failed(format!(
                    "the voice's phoneme map has no '{required}'"
                )));
            }
        }
        ort::init_from(onnxruntime)
            .map_err(|e| {
                SpeechError::Missing(format!(
                    "cannot load ONNX Runtime from {}: {e}",
                    onnxruntime.display()
                ))
            })?
            .commit();
        let ort_failed =
            |e: &dyn std::fmt::Display| SpeechError::Failed(format!("ONNX Runtime: {e}"));
        let builder = Session::builder().map_err(|e| ort_failed(&e))?;
        let mut builder = builder
            .with_intra_threads(threads())
            .map_err(|e| ort_failed(&e))?;
        let session = builder.commit_from_file(model).map_err(|e| {
            SpeechError::Failed(format!("cannot load the voice {}: {e}", model.display()))
        })?;
        Ok(PiperVoice {
            session,
            config,
            ids,
            espeak_ng: espeak_ng.to_owned(),
            espeak_voice: espeak_voice.to_owned(),
            name: format!("Piper {}", crate::engine::voice_name(model)),
        })
    }

    /// `^ _ p₁ _ p₂ _ … $`: each phoneme the voice knows, padded; unknown symbols
    /// (a rare diacritic) are left out rather than failing the sentence.
    fn phoneme_ids(&self, phonemes: &str) -> Vec<i64> {
        let mut ids = Vec::with_capacity(phonemes.len() * 2 + 3);
        ids.extend(&self.ids[&BOS]);
        ids.extend(&self.ids[&PAD]);
        for symbol in phonemes.chars() {
            if let Some(known) = self.ids.get(&symbol) {
                ids.extend(known);
                ids.extend(&self.ids[&PAD]);
            }
        }
        ids.extend(&self.ids[&EOS]);
        ids
    }
}

/// Model calls use the machine's cores (a narration job is the only heavy work).
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

impl SpeechEngine for PiperVoice {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn sample_rate(&self) -> u32 {
        self.config.audio.sample_rate
    }

    fn speak(&mut self, text: &str) -> Result<Vec<f32>, SpeechError> {
        let phonemes = espeak::phonemize(&self.espeak_ng, &self.espeak_voice, text)?.join(" ");
        if phonemes.trim().is_empty() {
            return Ok(Vec::new());
        }
        let ids = self.phoneme_ids(&phonemes);
        let length = ids.len() as i64;
        let inference = &self.config.inference;
        let failed = |e: ort::Error| SpeechError::Failed(format!("the voice model: {e}"));
        let input = Tensor::from_array(([1_usize, ids.len()], ids)).map_err(failed)?;
        let lengths = Tensor::from_array(([1_usize], vec![length])).map_err(failed)?;
        let scales = Tensor::from_array((
            [3_usize],
            vec![
                inference.noise_scale,
                inference.length_scale,
                inference.noise_w,
            ],
        ))
        .map_err(failed)?;
        let outputs = self
            .session
            .run(ort::inputs![
                "input" => input,
                "input_lengths" => lengths,
                "scales" => scales,
            ])
            .map_err(failed)?;
        let (_, audio) = outputs[0].try_extract_tensor::<f32>().map_err(failed)?;
        Ok(audio.iter().map(|s| s.clamp(-1.0, 1.0)).collect())
    }
}
