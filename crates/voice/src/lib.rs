//! Narration: turning an article's prepared text into an MP3 on the newsroom's own
//! server, with nothing sent anywhere and nothing downloaded at run time.
//!
//! - [`discover`] finds the parts an operator installed: the best engine is a Piper
//!   neural voice (an ONNX model run by the ONNX Runtime library, fed phonemes by
//!   espeak-ng); espeak-ng alone is the fallback; with neither, narration is
//!   unavailable and [`Availability::Unavailable`] says what is missing.
//! - [`Voice::choose`] picks the voice for a post by its language: the Piper voice
//!   for the language its model speaks, espeak-ng's voice for any other.
//! - [`narrate`] speaks paragraph by paragraph, a sentence or so per model call, joins
//!   the pieces with pauses and encodes MP3 at 48 kb/s mono.
//! - [`child`] runs that in a child process, so an engine that crashes or hangs costs
//!   one job (killed, retried later), never the server.

pub mod child;
mod discover;
mod engine;
mod espeak;
mod mp3;
pub mod narrate;
mod piper;
mod voices;

pub use discover::{Availability, EngineChoice, VoiceSettings, discover};
pub use engine::{EngineSpec, SpeechEngine, SpeechError};
pub use narrate::{Narration, narrate};
pub use voices::{ModelLanguage, Voice, espeak_voice};
