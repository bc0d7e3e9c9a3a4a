//! For the tests that keep translation files and their callers in step (the theme's
//! and the desk's): which messages a file defines, and which a text asks for.

use std::collections::BTreeSet;

use byline_core::LanguageTag;
use byline_i18n::{Source, Translations};

/// The ids one translation file defines, read on its own (no fallback).
pub fn ids_defined(language: &str, text: &'static str) -> BTreeSet<String> {
    let tag = LanguageTag::parse(language).expect("a test language");
    Translations::load(vec![Source::new(tag.clone(), language, text)])
        .expect("the file loads")
        .message_ids(&tag)
}

/// The quoted first argument of every `name(` call in `text` (not `x.name(` or
/// `other_name(`).
pub fn called_ids(text: &str, name: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let call = format!("{name}(");
    let mut rest = text;
    while let Some(at) = rest.find(&call) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + call.len()..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = after[1..].find(quote) {
            ids.push(after[1..=end].to_owned());
        }
    }
    ids
}
