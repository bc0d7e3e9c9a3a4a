//! The theme's words in the page's language: its translation files (the default
//! theme's embedded, a theme folder's `locales/<tag>.ftl` on top), and the template
//! functions that read them, `t()` and `plural_forms()` (see docs/THEMES.md).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use byline_core::LanguageTag;
use byline_i18n::{Args, Source, Translations};
use minijinja::value::{Kwargs, ValueKind};
use minijinja::{Environment, State, Value};

/// The default theme's translations, `locales/<language tag>.ftl`. English is the
/// language every other falls back to.
pub const LOCALES: &[(&str, &str)] = &[
    (
        "en",
        include_str!("../../../../themes/default/locales/en.ftl"),
    ),
    (
        "uk",
        include_str!("../../../../themes/default/locales/uk.ftl"),
    ),
];

pub(crate) fn embedded_locales() -> Vec<Source> {
    LOCALES
        .iter()
        .map(|(tag, text)| {
            let language = LanguageTag::parse(tag).expect("the embedded locales are named by tags");
            Source::new(language, format!("themes/default/locales/{tag}.ftl"), *text)
        })
        .collect()
}

/// The `<tag>.ftl` files of a theme's `locales/` folder, sorted by name; none when
/// there is no such folder.
pub(crate) fn folder_locales(dir: &Path) -> anyhow::Result<Vec<Source>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the theme's translations in {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let language = LanguageTag::parse(stem).with_context(|| {
                format!(
                    "the translation file {} is not named after a language tag (en.ftl, uk.ftl, pt-BR.ftl)",
                    path.display()
                )
            })?;
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read the translation file {}", path.display()))?;
            Ok(Source::new(language, path.display().to_string(), text))
        })
        .collect()
}

/// Adds `t()` and `plural_forms()` to a template environment.
pub(crate) fn register(env: &mut Environment<'static>, translations: Arc<Translations>) {
    let words = translations.clone();
    env.add_function("t", move |state: &State, id: &str, kwargs: Kwargs| {
        translate(&words, state, id, kwargs)
    });
    // `plural_forms("message-id", "count")`: the message once per plural form of the
    // page's language, `{n}` standing for the number, for scripts that count.
    env.add_function(
        "plural_forms",
        move |state: &State, id: &str, count_arg: &str| {
            Value::from_serialize(translations.plural_forms(&page_language(state), id, count_arg))
        },
    );
}

/// The `lang` every page context carries; English without one.
fn page_language(state: &State) -> LanguageTag {
    state
        .lookup("lang")
        .and_then(|lang| lang.as_str().and_then(LanguageTag::parse))
        .unwrap_or_else(LanguageTag::english)
}

/// `t("message-id", name=value, …)`: the message in the page's language (the `lang`
/// every page context carries; English without one). Numbers stay numbers, so they
/// select plural forms. A message whose id ends in `-html` may hold markup: its
/// values are escaped and the result is not escaped again.
fn translate(
    translations: &Translations,
    state: &State,
    id: &str,
    kwargs: Kwargs,
) -> Result<Value, minijinja::Error> {
    let language = page_language(state);
    let html = id.ends_with("-html");
    let mut args = Args::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        args = match value.kind() {
            ValueKind::Undefined | ValueKind::None => args,
            ValueKind::Number => match i64::try_from(value.clone()) {
                Ok(whole) => args.integer(name, whole),
                Err(_) => args.number(name, f64::try_from(value)?),
            },
            _ if html && !value.is_safe() => {
                args.text(name, byline_core::html::escape(&value.to_string()))
            }
            _ => args.text(name, value.to_string()),
        };
    }
    let text = translations.translate(&language, id, &args);
    Ok(if html {
        Value::from_safe_string(text)
    } else {
        Value::from(text)
    })
}

#[cfg(test)]
pub(crate) mod scan;
#[cfg(test)]
mod tests;
