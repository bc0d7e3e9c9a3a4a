//! Which language a post is in, as the old site recorded it, and which posts are
//! translations of each other. The importer puts each language in an edition of its
//! own (making it when the site has none) and links the translations.
//!
//! - **WordPress with Polylang:** every post carries a `language` term (its slug is
//!   the language, `uk`) and, when translated, a `post_translations` term shared by
//!   the translations (`pll_5f2c…`).
//! - **WordPress with WPML's export add-on:** the post meta `_wpml_import_language_code`
//!   and `_wpml_import_translation_group`. A plain WordPress export made with WPML
//!   carries no languages at all; such posts go to the main edition.
//! - **Ghost** has one language per site (`locale`, once `lang`, in its settings) and
//!   newsrooms mark other languages with internal tags: `#uk`, `#lang-uk`. A bare
//!   `#xx` is taken as a language only when `xx` is an ISO 639-1 code, so `#ad` or
//!   `#tv` stay the organising tags they are; `#lang-…` may carry any tag. Ghost keeps
//!   no links between translations; posts sharing an internal tag `#translation-<key>`
//!   (as Byline's export marks a translation group) are taken as translations.

use byline_core::LanguageTag;

/// The language of an internal Ghost tag, by its name (`#uk`, `#lang-uk`) or, when
/// the name says nothing, its slug (`hash-uk`, `hash-lang-uk`).
pub fn ghost_tag_language(name: &str, slug: &str) -> Option<LanguageTag> {
    let from_name = name.trim().strip_prefix('#');
    let from_slug = slug.trim().strip_prefix("hash-");
    [from_name, from_slug]
        .into_iter()
        .flatten()
        .find_map(|rest| {
            let rest = rest.trim();
            let lower = rest.to_ascii_lowercase();
            for marker in ["lang-", "lang:", "language-", "language:"] {
                if lower.starts_with(marker) {
                    return LanguageTag::parse(&rest[marker.len()..]);
                }
            }
            LanguageTag::parse(rest)
                .filter(|tag| tag.as_str().len() == 2 && ISO_639_1.contains(&tag.as_str()))
        })
}

/// The translation group an internal Ghost tag names, by its name
/// (`#translation-42`) or slug (`hash-translation-42`): the posts sharing it are
/// translations of each other.
pub fn ghost_translation_key(name: &str, slug: &str) -> Option<String> {
    const MARKER: &str = "translation-";
    let from_name = name.trim().strip_prefix('#');
    let from_slug = slug.trim().strip_prefix("hash-");
    [from_name, from_slug]
        .into_iter()
        .flatten()
        .find_map(|rest| {
            let rest = rest.trim();
            let key = rest
                .get(..MARKER.len())
                .filter(|marker| marker.eq_ignore_ascii_case(MARKER))
                .map(|_| rest[MARKER.len()..].trim())?;
            Some(key.to_lowercase()).filter(|key| !key.is_empty())
        })
}

/// A language as a WordPress plugin or a feed writes it: `uk`, `en_US`, `pt-br`.
pub fn wordpress_language(raw: &str) -> Option<LanguageTag> {
    LanguageTag::parse(raw.trim())
}

/// The two-letter codes of ISO 639-1.
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str, slug: &str) -> Option<String> {
        ghost_tag_language(name, slug).map(|t| t.to_string())
    }

    #[test]
    fn ghost_language_tags_are_read_by_name_or_slug() {
        assert_eq!(tag("#uk", "hash-uk").as_deref(), Some("uk"));
        assert_eq!(tag("#lang-uk", "hash-lang-uk").as_deref(), Some("uk"));
        assert_eq!(
            tag("#lang-pt-BR", "hash-lang-pt-br").as_deref(),
            Some("pt-BR")
        );
        assert_eq!(tag("#Language:de", "").as_deref(), Some("de"));
        assert_eq!(tag("", "hash-de").as_deref(), Some("de"));
        assert_eq!(tag("#DE", "").as_deref(), Some("de"));
    }

    #[test]
    fn organising_tags_are_not_languages() {
        for (name, slug) in [
            ("#ad", "hash-ad"),
            ("#tv", "hash-tv"),
            ("#featured", "hash-featured"),
            ("#top", "hash-top"),
            ("#lang-", "hash-lang-"),
            ("#lang-english", "hash-lang-english"),
            ("City", "city"),
            ("uk", "uk"),
        ] {
            assert_eq!(tag(name, slug), None, "{name}");
        }
    }

    #[test]
    fn ghost_translation_tags_name_their_group() {
        let key = |name, slug| ghost_translation_key(name, slug);
        assert_eq!(
            key("#translation-42", "hash-translation-42").as_deref(),
            Some("42")
        );
        assert_eq!(key("", "hash-translation-42").as_deref(), Some("42"));
        assert_eq!(key("#Translation-Flood", "").as_deref(), Some("flood"));
        for (name, slug) in [
            ("#translation-", "hash-translation-"),
            ("#translations", "hash-translations"),
            ("#lang-uk", "hash-lang-uk"),
            ("translation-42", "translation-42"),
        ] {
            assert_eq!(key(name, slug), None, "{name}");
        }
        assert_eq!(
            ghost_tag_language("#translation-42", "hash-translation-42"),
            None
        );
    }

    #[test]
    fn wordpress_languages_take_locale_spellings() {
        assert_eq!(wordpress_language("uk").unwrap().as_str(), "uk");
        assert_eq!(wordpress_language("en_US").unwrap().as_str(), "en-US");
        assert_eq!(wordpress_language(" pt-br ").unwrap().as_str(), "pt-BR");
        assert_eq!(wordpress_language("Українська"), None);
    }
}
