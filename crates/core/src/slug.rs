//! Slugs: the readable, URL-safe names of posts, tags and authors.

use std::fmt;

/// The longest slug we accept; longer titles are cut at a word boundary.
pub const MAX_SLUG_LEN: usize = 120;

/// A slug: lowercase ASCII letters, digits and single hyphens, never empty, never
/// starting or ending with a hyphen. Parsed once at the edge, trusted inside.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("a slug cannot be empty")]
    Empty,
    #[error("a slug can be at most {MAX_SLUG_LEN} characters long")]
    TooLong,
    #[error(
        "a slug may contain only lowercase letters a-z, digits and single hyphens between them"
    )]
    InvalidCharacters,
}

impl Slug {
    /// Accepts an already-formed slug, exactly as given.
    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        if raw.is_empty() {
            return Err(SlugError::Empty);
        }
        if raw.len() > MAX_SLUG_LEN {
            return Err(SlugError::TooLong);
        }
        let valid_chars = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_chars || raw.starts_with('-') || raw.ends_with('-') || raw.contains("--") {
            return Err(SlugError::InvalidCharacters);
        }
        Ok(Slug(raw.to_owned()))
    }

    /// Makes a slug from any text: transliterates other scripts to Latin (Cyrillic
    /// "Київ" becomes "kyiv"), lowercases, and joins words with hyphens. Text with
    /// nothing to keep (emoji only, punctuation only) yields `None`.
    pub fn from_title(title: &str) -> Option<Self> {
        let latin = deunicode::deunicode_with_tofu(title, " ");
        let mut slug = String::with_capacity(latin.len());
        for word in latin
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let extra = word.len() + usize::from(!slug.is_empty());
            if slug.len() + extra > MAX_SLUG_LEN {
                break;
            }
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(&word.to_ascii_lowercase());
        }
        if slug.is_empty() {
            // A first word longer than the limit: keep its beginning.
            let first: String = latin
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(MAX_SLUG_LEN)
                .collect::<String>()
                .to_ascii_lowercase();
            return (!first.is_empty()).then_some(Slug(first));
        }
        Some(Slug(slug))
    }

    /// The slug with a numeric suffix, for making a clashing slug unique
    /// (`bridge-closes` -> `bridge-closes-2`), still within the length limit.
    pub fn with_suffix(&self, n: u32) -> Self {
        let suffix = format!("-{n}");
        let mut base = self.0.clone();
        base.truncate(MAX_SLUG_LEN - suffix.len());
        let base = base.trim_end_matches('-');
        Slug(format!("{base}{suffix}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn titles_become_hyphenated_lowercase_words() {
        let slug = Slug::from_title("Council Approves $12 Billion Budget!").unwrap();
        assert_eq!(slug.as_str(), "council-approves-12-billion-budget");
    }

    #[test]
    fn cyrillic_titles_are_transliterated_to_latin() {
        let slug = Slug::from_title("Олена Коваль у Києві").unwrap();
        assert_eq!(slug.as_str(), "olena-koval-u-kiievi");
    }

    #[test]
    fn accented_latin_is_folded() {
        assert_eq!(
            Slug::from_title("Café São Paulo — Über").unwrap().as_str(),
            "cafe-sao-paulo-uber"
        );
    }

    #[test]
    fn text_without_letters_gives_no_slug() {
        assert_eq!(Slug::from_title("!!! ---"), None);
        assert_eq!(Slug::from_title(""), None);
    }

    #[test]
    fn parse_rejects_malformed_slugs() {
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        assert_eq!(Slug::parse("Upper"), Err(SlugError::InvalidCharacters));
        assert_eq!(Slug::parse("-lead"), Err(SlugError::InvalidCharacters));
        assert_eq!(Slug::parse("a--b"), Err(SlugError::InvalidCharacters));
        assert_eq!(Slug::parse(&"a".repeat(121)), Err(SlugError::TooLong));
        assert!(Slug::parse("bridge-closes-2").is_ok());
    }

    #[test]
    fn suffix_keeps_the_slug_within_the_limit() {
        let long = Slug::parse(&"a".repeat(MAX_SLUG_LEN)).unwrap();
        let suffixed = long.with_suffix(12);
        assert!(suffixed.as_str().len() <= MAX_SLUG_LEN);
        assert!(suffixed.as_str().ends_with("-12"));
        assert!(Slug::parse(suffixed.as_str()).is_ok());
    }

    proptest! {
        #[test]
        fn every_generated_slug_parses(title in "\\PC{0,300}") {
            if let Some(slug) = Slug::from_title(&title) {
                prop_assert!(Slug::parse(slug.as_str()).is_ok(), "{slug}");
            }
        }

        #[test]
        fn generating_is_idempotent(title in "\\PC{0,200}") {
            if let Some(slug) = Slug::from_title(&title) {
                prop_assert_eq!(Slug::from_title(slug.as_str()), Some(slug));
            }
        }
    }
}
