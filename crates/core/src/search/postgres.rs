//! Which of PostgreSQL's text search configurations belongs to a language.

use crate::LanguageTag;

/// PostgreSQL's built-in text search configuration for `language` (`english` for
/// `en-GB`, `norwegian` for `nb`), or `simple` where PostgreSQL 15 has none, as for
/// Ukrainian.
///
/// # Not for the folded index
///
/// The index holds folded text (Latin, lowercase, no accents), and these
/// configurations were written for text as people write it. Tried on PostgreSQL 15:
///
/// - Languages in another script lose their stemmer. `russian` and `hindi` stem
///   their own script but send `asciiword` tokens to `english_stem`, so folded
///   "novosti moskvy" would be cut by English rules (`'moskvi'`); the Greek, Arabic,
///   Tamil, Armenian, Yiddish and Nepali stemmers are handed Latin words they have no
///   rules for. (Serbian, written in Latin as well, fares like the next group.)
/// - Latin-script stemmers half work: stop word lists and some suffix rules are
///   spelled with accents, so `french` drops "été" and "était" as stop words but keeps
///   folded "ete" and "etait", and Portuguese's nasal vowels are gone.
/// - A stemmed index breaks prefix search while typing: `english` indexes "flooding"
///   as `flood`, which the prefix `floodin:*` does not match, so a suggestion would
///   vanish one letter before the word is complete.
/// - SQLite's FTS5 has no stemmer but Porter (English), so the two engines would
///   answer the same search differently, and one conformance suite could no longer
///   hold both.
///
/// So the folded index stays on `simple` in every language, and a language's search
/// differs only in how it folds ([`super::fold_in`]). This configuration is for a
/// second, unfolded vector (`to_tsvector(config, title || body)` as written), should
/// stemmed matching of submitted searches be wanted later: queried with
/// `plainto_tsquery(config, …)` beside the folded one, never for prefixes.
pub fn postgres_text_search_config(language: &LanguageTag) -> &'static str {
    match language.primary() {
        "ar" => "arabic",
        "hy" => "armenian",
        "eu" => "basque",
        "ca" => "catalan",
        "da" => "danish",
        "nl" => "dutch",
        "en" => "english",
        "fi" => "finnish",
        "fr" => "french",
        "de" => "german",
        "el" => "greek",
        "hi" => "hindi",
        "hu" => "hungarian",
        "id" => "indonesian",
        "ga" => "irish",
        "it" => "italian",
        "lt" => "lithuanian",
        "ne" => "nepali",
        "no" | "nb" | "nn" => "norwegian",
        "pt" => "portuguese",
        "ro" => "romanian",
        "ru" => "russian",
        "sr" => "serbian",
        "es" => "spanish",
        "sv" => "swedish",
        "ta" => "tamil",
        "tr" => "turkish",
        "yi" => "yiddish",
        _ => "simple",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(tag: &str) -> &'static str {
        postgres_text_search_config(&LanguageTag::parse(tag).unwrap())
    }

    #[test]
    fn languages_get_their_postgresql_configuration() {
        let cases = [
            ("en", "english"),
            ("en-GB", "english"),
            ("de-AT", "german"),
            ("fr", "french"),
            ("es-419", "spanish"),
            ("pt-BR", "portuguese"),
            ("nb", "norwegian"),
            ("nn", "norwegian"),
            ("ru", "russian"),
            ("sr-Latn", "serbian"),
            ("uk", "simple"),
            ("uk-UA", "simple"),
            ("be", "simple"),
            ("pl", "simple"),
            ("zh-Hant", "simple"),
            ("ja", "simple"),
        ];
        for (tag, expected) in cases {
            assert_eq!(config(tag), expected, "{tag}");
        }
    }

    /// `\dF` on PostgreSQL 15: every configuration it lists is reachable, and nothing
    /// else is ever named.
    #[test]
    fn every_configuration_postgresql_15_has_is_used_and_no_other() {
        const BUILT_IN: [&str; 29] = [
            "arabic",
            "armenian",
            "basque",
            "catalan",
            "danish",
            "dutch",
            "english",
            "finnish",
            "french",
            "german",
            "greek",
            "hindi",
            "hungarian",
            "indonesian",
            "irish",
            "italian",
            "lithuanian",
            "nepali",
            "norwegian",
            "portuguese",
            "romanian",
            "russian",
            "serbian",
            "simple",
            "spanish",
            "swedish",
            "tamil",
            "turkish",
            "yiddish",
        ];
        // Every two-letter primary language there can be.
        let mut named = std::collections::BTreeSet::new();
        for a in 'a'..='z' {
            for b in 'a'..='z' {
                named.insert(config(&format!("{a}{b}")));
            }
        }
        assert_eq!(named, BUILT_IN.into_iter().collect());
    }
}
