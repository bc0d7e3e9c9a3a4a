//! The desk's own words in each staff member's language: the translation files in
//! `crates/web/locales/desk/` (embedded, read once), the languages they make
//! available, and the choice of language for a page. A signed-in person sees the desk
//! in the language they chose on their account page; a page before sign-in follows
//! the browser's `Accept-Language`. The site's theme has translations of its own for
//! readers; these are only the newsroom's tools.

use std::sync::{Arc, OnceLock};

use axum::http::{HeaderMap, header};
use byline_core::LanguageTag;
use byline_i18n::{Args, Source, Translations};

use crate::kit::session::Staff;

/// The desk's translations, `<language tag>.ftl`. English is the language every
/// other falls back to, and the desk's language until someone chooses another.
pub const LOCALES: &[(&str, &str)] = &[
    ("en", include_str!("../../locales/desk/en.ftl")),
    ("uk", include_str!("../../locales/desk/uk.ftl")),
];

/// Every language's desk messages, loaded on first use.
pub fn translations() -> Arc<Translations> {
    static LOADED: OnceLock<Arc<Translations>> = OnceLock::new();
    LOADED
        .get_or_init(|| {
            let sources = LOCALES
                .iter()
                .map(|(tag, text)| {
                    let language =
                        LanguageTag::parse(tag).expect("the desk's locales are named by tags");
                    Source::new(
                        language,
                        format!("crates/web/locales/desk/{tag}.ftl"),
                        *text,
                    )
                })
                .collect();
            Arc::new(
                Translations::load(sources)
                    .unwrap_or_else(|e| panic!("the desk's translations are broken: {e}")),
            )
        })
        .clone()
}

/// A language the desk has a translation file for. Nothing else can be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskLanguage(LanguageTag);

impl DeskLanguage {
    /// The language named exactly by one of the desk's files (`en`, `uk`).
    pub fn parse(text: &str) -> Option<DeskLanguage> {
        let tag = LanguageTag::parse(text)?;
        LOCALES
            .iter()
            .any(|(known, _)| *known == tag.as_str())
            .then_some(DeskLanguage(tag))
    }

    pub fn english() -> DeskLanguage {
        DeskLanguage(LanguageTag::english())
    }

    /// Every language the desk can be shown in, in the order of its files.
    pub fn all() -> Vec<DeskLanguage> {
        LOCALES
            .iter()
            .filter_map(|(tag, _)| DeskLanguage::parse(tag))
            .collect()
    }

    /// The language a signed-in staff member chose (English if the desk no longer
    /// has it).
    pub fn of(staff: &Staff) -> DeskLanguage {
        DeskLanguage::parse(staff.user.desk_language.as_str()).unwrap_or_else(Self::english)
    }

    /// The browser's first language the desk has (by primary language: `uk-UA`
    /// finds `uk`), for pages before sign-in; English otherwise.
    pub fn from_headers(headers: &HeaderMap) -> DeskLanguage {
        let Some(accepted) = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
        else {
            return DeskLanguage::english();
        };
        let mut ranked: Vec<(f32, usize, &str)> = accepted
            .split(',')
            .enumerate()
            .filter_map(|(index, item)| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let quality = parts
                    .find_map(|part| part.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (quality > 0.0).then_some((quality, index, tag))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked
            .into_iter()
            .find_map(|(_, _, tag)| {
                let tag = LanguageTag::parse(tag)?;
                DeskLanguage::parse(tag.primary())
            })
            .unwrap_or_else(DeskLanguage::english)
    }

    pub fn tag(&self) -> &LanguageTag {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The language's name in itself ("English", "Українська").
    pub fn name(&self) -> String {
        self.t("language-self-name")
    }

    /// The message `id` in this language.
    pub fn t(&self, id: &str) -> String {
        self.t_with(id, &Args::new())
    }

    /// The message `id` in this language, with `args`.
    pub fn t_with(&self, id: &str, args: &Args) -> String {
        translations().translate(&self.0, id, args)
    }
}

pub mod problems;

#[cfg(test)]
mod tests;
