//! Languages, named by BCP 47 tags ("en", "en-GB", "uk", "pt-BR", "zh-Hant").
//!
//! Byline reads only the shape of a tag, not the registry: a primary language of two
//! or three letters, then subtags of one to eight letters or digits. That is enough to
//! pick translation files, a narration voice, text preparation rules and a search
//! configuration by the primary language, and to write `lang` and `hreflang`
//! attributes that validators accept. Case is normalised as BCP 47 recommends
//! (`en-GB`, `zh-Hant`), so two spellings of one tag compare equal.

use std::fmt;

/// A well-formed language tag, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LanguageTag(String);

/// The longest tag accepted: longer ones are private-use constructions no site needs.
const MAX_LEN: usize = 35;

impl LanguageTag {
    /// Reads a tag such as `en`, `EN_gb` (underscores are taken for hyphens, as
    /// POSIX locales write them) or `uk-UA`; `None` for anything else.
    pub fn parse(text: &str) -> Option<LanguageTag> {
        let text = text.trim();
        if text.is_empty() || text.len() > MAX_LEN {
            return None;
        }
        let mut parts = Vec::new();
        for (index, part) in text.split(['-', '_']).enumerate() {
            let well_formed = if index == 0 {
                (2..=3).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphabetic())
            } else {
                (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
            };
            if !well_formed {
                return None;
            }
            parts.push(normalise_case(index, part));
        }
        Some(LanguageTag(parts.join("-")))
    }

    /// English, the language of a site that never chose one.
    pub fn english() -> LanguageTag {
        LanguageTag("en".into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language, lowercase: `uk` for `uk-UA`.
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }

    /// The region subtag if there is one (`GB` in `en-GB`).
    pub fn region(&self) -> Option<&str> {
        self.0
            .split('-')
            .skip(1)
            .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_uppercase()))
    }
}

/// `en` lowercase, a four-letter script titled (`Hant`), a two-letter region upper.
fn normalise_case(index: usize, part: &str) -> String {
    if index == 0 {
        part.to_ascii_lowercase()
    } else if part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()) {
        part.to_ascii_uppercase()
    } else if part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()) {
        let lower = part.to_ascii_lowercase();
        let mut chars = lower.chars();
        chars
            .next()
            .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
            .unwrap_or_default()
    } else {
        part.to_ascii_lowercase()
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for LanguageTag {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        LanguageTag::parse(text)
            .ok_or_else(|| format!("\"{text}\" is not a language tag such as en, en-GB or uk"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_and_normalised() {
        let cases = [
            ("en", "en"),
            ("EN", "en"),
            ("en-gb", "en-GB"),
            ("en_GB", "en-GB"),
            ("uk-UA", "uk-UA"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("es-419", "es-419"),
            (" de ", "de"),
            ("sr-Latn", "sr-Latn"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                LanguageTag::parse(input).map(|t| t.to_string()).as_deref(),
                Some(expected),
                "{input}"
            );
        }
    }

    #[test]
    fn malformed_tags_are_refused() {
        for input in [
            "",
            "e",
            "english",
            "en-",
            "-en",
            "en--GB",
            "en-toolongsubtag",
            "uk<script>",
            "12",
            "en GB",
            "en-GB-0123456789-0123456789-0123456789",
        ] {
            assert_eq!(LanguageTag::parse(input), None, "{input:?}");
        }
    }

    #[test]
    fn the_primary_language_and_region_are_found() {
        let tag = LanguageTag::parse("uk-UA").unwrap();
        assert_eq!(tag.primary(), "uk");
        assert_eq!(tag.region(), Some("UA"));
        let tag = LanguageTag::parse("zh-Hant").unwrap();
        assert_eq!(tag.primary(), "zh");
        assert_eq!(tag.region(), None);
    }
}
