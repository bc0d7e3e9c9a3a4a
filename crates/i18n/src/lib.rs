//! The words of the interface in the reader's language: Project Fluent files (`.ftl`)
//! per language, plural and other choices by each language's CLDR rules, numbers and
//! dates written as the language writes them.
//!
//! The language is given with every call, never kept: one site may show pages in
//! several languages. A message is looked up in the page's exact language (`uk-UA`),
//! then its primary language (`uk`), then English; a message missing in a language is
//! shown in English and logged once, and one missing everywhere shows its id, so a
//! page never loses a label or fails to render over a translation.

mod dates;
mod numbers;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::Mutex;

use byline_core::LanguageTag;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

pub use dates::DateText;
pub use numbers::NumberStyle;

type Bundle = FluentBundle<FluentResource>;

/// One translation file: its language, where it came from (for error messages), and
/// its Fluent text.
#[derive(Debug, Clone)]
pub struct Source {
    pub language: LanguageTag,
    pub origin: String,
    pub text: String,
}

impl Source {
    pub fn new(
        language: LanguageTag,
        origin: impl Into<String>,
        text: impl Into<String>,
    ) -> Source {
        Source {
            language,
            origin: origin.into(),
            text: text.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{origin}, line {line}: {problem}")]
    Syntax {
        origin: String,
        line: usize,
        problem: String,
    },
    #[error("{origin}: the message {id} is defined twice")]
    Duplicate { origin: String, id: String },
    #[error("{origin}: {language} cannot be used as a Fluent language")]
    Language { origin: String, language: String },
}

/// The values a message is given: text, or numbers (which select plural forms and are
/// written in the language's style).
#[derive(Default)]
pub struct Args(FluentArgs<'static>);

impl Args {
    pub fn new() -> Args {
        Args(FluentArgs::new())
    }

    pub fn text(mut self, name: &str, value: impl Into<String>) -> Args {
        self.0.set(name.to_owned(), FluentValue::from(value.into()));
        self
    }

    pub fn integer(mut self, name: &str, value: i64) -> Args {
        self.0.set(name.to_owned(), FluentValue::from(value));
        self
    }

    pub fn number(mut self, name: &str, value: f64) -> Args {
        self.0.set(name.to_owned(), FluentValue::from(value));
        self
    }
}

/// Every language's messages, loaded once and shared by every render.
pub struct Translations {
    bundles: HashMap<LanguageTag, Bundle>,
    ids: HashMap<LanguageTag, BTreeSet<String>>,
    /// What has been logged as missing or broken, so each is logged once.
    reported: Mutex<HashSet<(String, String)>>,
}

impl fmt::Debug for Translations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Translations")
            .field("languages", &self.languages())
            .finish_non_exhaustive()
    }
}

impl Translations {
    /// Reads the sources in order; a later source for a language already read replaces
    /// the messages it defines again (a theme overriding the default's wording).
    pub fn load(sources: Vec<Source>) -> Result<Translations, LoadError> {
        let mut bundles: HashMap<LanguageTag, Bundle> = HashMap::new();
        let mut ids: HashMap<LanguageTag, BTreeSet<String>> = HashMap::new();
        for source in sources {
            let resource =
                FluentResource::try_new(source.text.clone()).map_err(|(_, errors)| {
                    let error = &errors[0];
                    LoadError::Syntax {
                        line: line_of(&source.text, error.pos.start),
                        origin: source.origin.clone(),
                        problem: error.to_string(),
                    }
                })?;
            let mut seen = BTreeSet::new();
            for entry in resource.entries() {
                if let ast::Entry::Message(message) = entry
                    && !seen.insert(message.id.name.to_owned())
                {
                    return Err(LoadError::Duplicate {
                        origin: source.origin,
                        id: message.id.name.to_owned(),
                    });
                }
            }
            let bundle = match bundles.entry(source.language.clone()) {
                std::collections::hash_map::Entry::Occupied(found) => found.into_mut(),
                std::collections::hash_map::Entry::Vacant(empty) => {
                    let id: LanguageIdentifier =
                        source
                            .language
                            .as_str()
                            .parse()
                            .map_err(|_| LoadError::Language {
                                origin: source.origin.clone(),
                                language: source.language.to_string(),
                            })?;
                    let mut bundle = Bundle::new_concurrent(vec![id]);
                    // Pages are HTML with their own `lang`: Unicode isolation marks
                    // around every value would only show up in copied text.
                    bundle.set_use_isolating(false);
                    bundle.set_formatter(Some(numbers::format_value));
                    empty.insert(bundle)
                }
            };
            bundle.add_resource_overriding(resource);
            ids.entry(source.language).or_default().extend(seen);
        }
        Ok(Translations {
            bundles,
            ids,
            reported: Mutex::new(HashSet::new()),
        })
    }

    /// The languages with a translation file, sorted.
    pub fn languages(&self) -> Vec<LanguageTag> {
        let mut languages: Vec<_> = self.bundles.keys().cloned().collect();
        languages.sort();
        languages
    }

    /// The message ids `language`'s own files define (no fallback), sorted.
    pub fn message_ids(&self, language: &LanguageTag) -> BTreeSet<String> {
        self.ids.get(language).cloned().unwrap_or_default()
    }

    /// Whether `id` can be shown in some language (English at the latest).
    pub fn has_message(&self, language: &LanguageTag, id: &str) -> bool {
        self.candidates(language)
            .iter()
            .any(|bundle| bundle.has_message(id))
    }

    /// The message `id` in `language`, with `args`. Never fails: see the module doc.
    pub fn translate(&self, language: &LanguageTag, id: &str, args: &Args) -> String {
        let candidates = self.candidates(language);
        for (index, bundle) in candidates.iter().enumerate() {
            let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
                continue;
            };
            if index > 0 {
                self.report_missing(language, id);
            }
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&args.0), &mut errors);
            if let Some(error) = errors.first() {
                self.report_once(language.as_str(), id, || {
                    tracing::warn!(
                        translation.language = %language,
                        translation.message = id,
                        error = %error,
                        "a translated message is incomplete"
                    );
                });
            }
            return text.into_owned();
        }
        self.report_once("*", id, || {
            tracing::warn!(
                translation.message = id,
                "no language has this message; its id is shown instead"
            );
        });
        id.to_owned()
    }

    /// The message `id` once per plural form of `language`, for a script that picks
    /// the form itself (with `Intl.PluralRules`): the form's name ("one", "few",
    /// "many", "other") to the text with `{n}` where the number `count_arg` goes.
    pub fn plural_forms(
        &self,
        language: &LanguageTag,
        id: &str,
        count_arg: &str,
    ) -> BTreeMap<&'static str, String> {
        let style = self.number_style(language);
        let mut forms = BTreeMap::new();
        let rules = language
            .as_str()
            .parse::<LanguageIdentifier>()
            .ok()
            .and_then(|id| PluralRules::create(id, PluralRuleType::CARDINAL).ok());
        // Small numbers show every integer form (0 last: a message may say "none"
        // for it); "other" is reached by some languages' integers only, so a
        // fraction stands in for it when needed.
        for n in (1..=200_i64).chain([0]) {
            let category = rules
                .as_ref()
                .and_then(|rules| rules.select(n).ok())
                .unwrap_or(PluralCategory::OTHER);
            let name = category_name(category);
            if forms.contains_key(name) {
                continue;
            }
            let text = self.translate(language, id, &Args::new().integer(count_arg, n));
            forms.insert(name, text.replace(&style.integer(n), "{n}"));
        }
        forms.entry("other").or_insert_with(|| {
            let text = self.translate(language, id, &Args::new().number(count_arg, 1.5));
            text.replace(&style.decimal(1.5, 1), "{n}")
        });
        forms
    }

    /// How `language` writes numbers.
    pub fn number_style(&self, language: &LanguageTag) -> NumberStyle {
        NumberStyle::of(language.primary())
    }

    /// The bundles to try, in order: exact tag, primary language, English.
    fn candidates(&self, language: &LanguageTag) -> Vec<&Bundle> {
        let primary = LanguageTag::parse(language.primary());
        let english = LanguageTag::english();
        let mut found: Vec<&Bundle> = Vec::with_capacity(3);
        for tag in [Some(language), primary.as_ref(), Some(&english)]
            .into_iter()
            .flatten()
        {
            if let Some(bundle) = self.bundles.get(tag)
                && !found.iter().any(|seen| std::ptr::eq(*seen, bundle))
            {
                found.push(bundle);
            }
        }
        found
    }

    fn report_missing(&self, language: &LanguageTag, id: &str) {
        let has_any = self.bundles.contains_key(language)
            || LanguageTag::parse(language.primary())
                .is_some_and(|primary| self.bundles.contains_key(&primary));
        if has_any {
            self.report_once(language.as_str(), id, || {
                tracing::warn!(
                    translation.language = %language,
                    translation.message = id,
                    "a message is missing from this language's translations; English is shown"
                );
            });
        } else {
            self.report_once(language.as_str(), "*", || {
                tracing::warn!(
                    translation.language = %language,
                    "there are no translations for this language; English is shown"
                );
            });
        }
    }

    fn report_once(&self, language: &str, id: &str, log: impl FnOnce()) {
        let first = self
            .reported
            .lock()
            .map(|mut reported| reported.insert((language.to_owned(), id.to_owned())))
            .unwrap_or(false);
        if first {
            log();
        }
    }
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

/// The line (from 1) of a byte offset in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests;
