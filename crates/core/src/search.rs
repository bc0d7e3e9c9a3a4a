//! Reader search: what a reader types becomes a safe query for either engine's
//! full-text index, and results get highlighted snippets.
//!
//! Both engines index *folded* text: transliterated to Latin, lowercased, with
//! everything but letters and digits turned into spaces. Queries are folded the same
//! way, so "Коваль", "koval" and "KOVAL" find the same article, accents never matter,
//! and no character a reader types can ever reach the query language as syntax.
//!
//! # Folding by language
//!
//! How other scripts become Latin depends on the language the text is in
//! ([`fold_in`]); a query must be folded in the language of the text it searches
//! ([`SearchQuery::parse_in`]), and is highlighted by the same rules.
//!
//! - Ukrainian (`uk`) spells Cyrillic by Ukraine's national transliteration, the one
//!   on road signs, passports and in the world's press: "Київ" is `kyiv`, "Харків"
//!   `kharkiv`, "Євген" `yevhen`. A Ukrainian edition's readers type both scripts, and
//!   both meet: "Київ", "kyiv" and "KYIV" are one token, and "Харк" and "khark" are
//!   one prefix. The official spelling is the Latin a reader will type; other
//!   romanisations ("Kiev", "Kharkov") are other words and find nothing.
//! - Every other language keeps `deunicode`'s letter-by-letter transliteration,
//!   which suits accents and is near enough for scripts a site rarely shows. An
//!   English edition that quotes "Київ" in Cyrillic indexes it as `kiyiv`: the
//!   Cyrillic query finds it, "Kyiv" does not. English articles spell Ukrainian names
//!   in Latin, so the rare Cyrillic quotation is not worth changing how every other
//!   language indexes.
//!
//! Latin text folds the same in every language, so a Latin query means the same
//! thing wherever it is run.

mod fold;
mod postgres;

pub use fold::{FOLD_RULES, fold, fold_in, folds_differently_since};
pub use postgres::postgres_text_search_config;

use crate::LanguageTag;
use fold::Rules;

/// Longest query we read; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;
/// At most this many terms are used.
const MAX_TERMS: usize = 12;

/// One thing the reader asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A word; `prefix` when it is the word being typed (the query's last, unquoted).
    Word { token: String, prefix: bool },
    /// Words in quotes, which must appear together in this order.
    Phrase(Vec<String>),
}

/// A parsed search: every term must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub terms: Vec<Term>,
    /// The language the terms were folded in.
    language: LanguageTag,
}

impl SearchQuery {
    /// Reads a submitted search in English (and every language that folds like it):
    /// every word is a whole word. Returns `None` when nothing searchable is left
    /// (empty, only punctuation or emoji, only control characters).
    pub fn parse(input: &str) -> Option<SearchQuery> {
        SearchQuery::parse_in(&LanguageTag::english(), input)
    }

    /// Reads a submitted search of text in `language`, folding as [`fold_in`] does.
    pub fn parse_in(language: &LanguageTag, input: &str) -> Option<SearchQuery> {
        SearchQuery::read(language, input, false)
    }

    /// Reads a search still being typed, in English: the last word, unless a space
    /// or a closing quote follows it, is a prefix ("flo" finds "flood" and
    /// "floodwall").
    pub fn as_typed(input: &str) -> Option<SearchQuery> {
        SearchQuery::as_typed_in(&LanguageTag::english(), input)
    }

    /// Reads a search still being typed, of text in `language` ("Харк" and "khark"
    /// find "Харків" in Ukrainian).
    pub fn as_typed_in(language: &LanguageTag, input: &str) -> Option<SearchQuery> {
        SearchQuery::read(language, input, true)
    }

    /// The language the query was read in.
    pub fn language(&self) -> &LanguageTag {
        &self.language
    }

    fn read(language: &LanguageTag, input: &str, typing: bool) -> Option<SearchQuery> {
        let input: String = input
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_QUERY_CHARS)
            .collect();
        let typing_last_word = typing && !input.ends_with(char::is_whitespace);
        let mut terms = Vec::new();
        // Odd pieces split by quotes are inside quotes; an unclosed quote runs to the end.
        for (i, piece) in input.split('"').enumerate() {
            let tokens: Vec<String> = fold_in(language, piece)
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            if tokens.is_empty() {
                continue;
            }
            if i % 2 == 1 && tokens.len() > 1 {
                terms.push(Term::Phrase(tokens));
            } else {
                terms.extend(tokens.into_iter().map(|token| Term::Word {
                    token,
                    prefix: false,
                }));
            }
        }
        terms.dedup();
        terms.truncate(MAX_TERMS);
        if typing_last_word
            && !input.trim_end().ends_with('"')
            && let Some(Term::Word { prefix, .. }) = terms.last_mut()
        {
            *prefix = true;
        }
        (!terms.is_empty()).then_some(SearchQuery {
            terms,
            language: language.clone(),
        })
    }

    /// The query in SQLite FTS5 syntax. Tokens are letters and digits only, and each
    /// is quoted, so nothing in them is an operator.
    pub fn to_fts5(&self) -> String {
        self.terms
            .iter()
            .map(|term| match term {
                Term::Word {
                    token,
                    prefix: true,
                } => format!("\"{token}\"*"),
                Term::Word {
                    token,
                    prefix: false,
                } => format!("\"{token}\""),
                Term::Phrase(tokens) => format!("\"{}\"", tokens.join(" ")),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The query in PostgreSQL `to_tsquery('simple', …)` syntax.
    pub fn to_tsquery(&self) -> String {
        self.terms
            .iter()
            .map(|term| match term {
                Term::Word {
                    token,
                    prefix: true,
                } => format!("{token}:*"),
                Term::Word {
                    token,
                    prefix: false,
                } => token.clone(),
                Term::Phrase(tokens) => format!("({})", tokens.join(" <-> ")),
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    /// Every word the query looks for, folded as the index holds them.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.terms
            .iter()
            .flat_map(|term| match term {
                Term::Word { token, .. } => std::slice::from_ref(token).iter(),
                Term::Phrase(tokens) => tokens.iter(),
            })
            .map(String::as_str)
    }

    /// True when a folded word is one the reader looked for.
    fn matches(&self, folded_word: &str) -> bool {
        self.terms.iter().any(|term| match term {
            Term::Word { token, prefix } => {
                folded_word == token || (*prefix && folded_word.starts_with(token.as_str()))
            }
            Term::Phrase(tokens) => tokens.iter().any(|t| t == folded_word),
        })
    }

    /// A short passage of `text` around the first match, HTML-escaped, with every
    /// matching word wrapped in `<mark>`. Without a match, the opening words. The
    /// text is taken to be in the query's language.
    pub fn snippet(&self, text: &str, words: usize) -> String {
        self.snippet_in(&self.language, text, words)
    }

    /// Like [`SearchQuery::snippet`], for text in another language than the query's
    /// (a Latin query folds the same in every language, so it still finds its words).
    pub fn snippet_in(&self, language: &LanguageTag, text: &str, words: usize) -> String {
        let rules = Rules::of(language);
        let all: Vec<&str> = text.split_whitespace().collect();
        let hit = |word: &str| {
            fold::fold_with(rules, word)
                .split(' ')
                .any(|part| !part.is_empty() && self.matches(part))
        };
        let first = all.iter().position(|w| hit(w)).unwrap_or(0);
        let start = first.saturating_sub(words / 4);
        let end = (start + words).min(all.len());
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        for (i, word) in all[start..end].iter().enumerate() {
            if i > 0 || start > 0 {
                out.push(' ');
            }
            let escaped = crate::html::escape(word);
            if hit(word) {
                out.push_str("<mark>");
                out.push_str(&escaped);
                out.push_str("</mark>");
            } else {
                out.push_str(&escaped);
            }
        }
        if end < all.len() {
            out.push_str(" …");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn word(token: &str, prefix: bool) -> Term {
        Term::Word {
            token: token.into(),
            prefix,
        }
    }

    #[test]
    fn folding_removes_case_accents_and_script() {
        assert_eq!(fold("Café au LAIT, São Paulo!"), "cafe au lait sao paulo");
        assert_eq!(fold("Олена Коваль"), fold("olena koval"));
    }

    #[test]
    fn the_word_being_typed_is_a_prefix() {
        let submitted = SearchQuery::parse("river flo").unwrap();
        assert_eq!(
            submitted.terms,
            vec![word("river", false), word("flo", false)]
        );
        let query = SearchQuery::as_typed("river flo").unwrap();
        assert_eq!(query.terms, vec![word("river", false), word("flo", true)]);
        assert_eq!(query.to_fts5(), "\"river\" \"flo\"*");
        assert_eq!(query.to_tsquery(), "river & flo:*");
        let finished = SearchQuery::as_typed("river flood ").unwrap();
        assert_eq!(
            finished.terms,
            vec![word("river", false), word("flood", false)]
        );
    }

    #[test]
    fn quotes_make_phrases_even_when_left_open() {
        let query = SearchQuery::as_typed("\"flood wall\" east").unwrap();
        assert_eq!(
            query.terms,
            vec![
                Term::Phrase(vec!["flood".into(), "wall".into()]),
                word("east", true)
            ]
        );
        assert_eq!(query.to_fts5(), "\"flood wall\" \"east\"*");
        assert_eq!(query.to_tsquery(), "(flood <-> wall) & east:*");
        let open = SearchQuery::as_typed("bridge \"alder street").unwrap();
        assert_eq!(
            open.terms[1],
            Term::Phrase(vec!["alder".into(), "street".into()])
        );
    }

    #[test]
    fn operators_and_keywords_are_only_words() {
        let query = SearchQuery::parse("NEAR(a b) OR x* -y AND ') DROP TABLE posts; --").unwrap();
        for term in &query.terms {
            if let Term::Word { token, .. } = term {
                assert!(
                    token
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                    "{token}"
                );
            }
        }
        assert!(SearchQuery::parse("🎉🎉 !!! \u{0} \u{7}").is_none());
        assert!(SearchQuery::parse("").is_none());
        assert!(SearchQuery::parse("\"\"\"").is_none());
    }

    #[test]
    fn long_queries_are_cut() {
        let query = SearchQuery::parse(&"word ".repeat(10_000)).unwrap();
        assert!(query.terms.len() <= MAX_TERMS);
        let many =
            SearchQuery::parse(&(0..100).map(|i| format!("w{i} ")).collect::<String>()).unwrap();
        assert_eq!(many.terms.len(), MAX_TERMS);
    }

    #[test]
    fn snippets_mark_matches_and_escape_text() {
        let query = SearchQuery::parse("river").unwrap();
        let snippet = query.snippet("The <b>River</b> rose. Then the river fell.", 20);
        assert_eq!(
            snippet,
            "The <mark>&lt;b&gt;River&lt;/b&gt;</mark> rose. Then the <mark>river</mark> fell."
        );
        let long = format!("{} river {}", "a ".repeat(50), "b ".repeat(50));
        let cut = query.snippet(&long, 10);
        assert!(
            cut.starts_with('…') && cut.ends_with('…') && cut.contains("<mark>river</mark>"),
            "{cut}"
        );
        let cyrillic = SearchQuery::parse("koval")
            .unwrap()
            .snippet("Олена Коваль reports", 10);
        assert!(cyrillic.contains("<mark>Коваль</mark>"), "{cyrillic}");
    }

    fn uk() -> LanguageTag {
        LanguageTag::parse("uk-UA").unwrap()
    }

    #[test]
    fn a_ukrainian_query_in_either_script_is_the_same_query() {
        let cases = [
            (&["Київ", "kyiv", "Kyiv", "KYIV"][..], &["kyiv"][..]),
            (&["Запоріжжя", "Zaporizhzhia"], &["zaporizhzhia"]),
            (&["Хмельницький", "Khmelnytskyi"], &["khmelnytskyi"]),
            (
                &["Євген Щербина", "Yevhen Shcherbyna"],
                &["yevhen", "shcherbyna"],
            ),
            (
                &["Юлія, Миколаїв", "yuliia mykolaiv"],
                &["yuliia", "mykolaiv"],
            ),
            (&["п'ять", "пʼять", "piat"], &["piat"]),
        ];
        for (inputs, tokens) in cases {
            let expected: Vec<Term> = tokens.iter().map(|t| word(t, false)).collect();
            for input in inputs {
                let query = SearchQuery::parse_in(&uk(), input).unwrap();
                assert_eq!(query.terms, expected, "{input}");
                assert_eq!(query.language(), &uk());
            }
        }
        let phrase = SearchQuery::parse_in(&uk(), "\"Біла Церква\"").unwrap();
        assert_eq!(phrase.to_tsquery(), "(bila <-> tserkva)");
        // English keeps deunicode's spelling, for queries as for the index.
        let english = SearchQuery::parse("Київ").unwrap();
        assert_eq!(english.terms, vec![word("kiyiv", false)]);
        assert_eq!(
            Some(english),
            SearchQuery::parse_in(&LanguageTag::english(), "Київ")
        );
    }

    #[test]
    fn a_ukrainian_word_being_typed_is_found_in_either_script() {
        for (typed, prefix) in [("Харк", "khark"), ("khark", "khark"), ("Зг", "zgh")] {
            let query = SearchQuery::as_typed_in(&uk(), typed).unwrap();
            assert_eq!(query.terms, vec![word(prefix, true)], "{typed}");
            assert_eq!(query.to_fts5(), format!("\"{prefix}\"*"));
        }
        // Every beginning of a word, typed in Cyrillic, finds the whole word.
        for whole in [
            "Харків",
            "Київ",
            "Їжакевич",
            "Згорани",
            "Хмельницький",
            "Знам'янка",
        ] {
            let folded = fold_in(&uk(), whole);
            let ends = whole.char_indices().map(|(i, _)| i).skip(1);
            for typed in ends.map(|end| &whole[..end]).chain([whole]) {
                let query = SearchQuery::as_typed_in(&uk(), typed).unwrap();
                assert!(query.matches(&folded), "{typed} of {whole}: {query:?}");
            }
        }
    }

    #[test]
    fn ukrainian_snippets_mark_cyrillic_words_found_in_either_script() {
        let text = "Учора до Київ прибув Євген Щербина з Харкова, за п’ять годин.";
        for typed in ["Київ", "kyiv", "KYIV"] {
            let snippet = SearchQuery::parse_in(&uk(), typed)
                .unwrap()
                .snippet(text, 20);
            assert!(snippet.contains("<mark>Київ</mark>"), "{typed}: {snippet}");
        }
        for typed in ["Харк", "khark"] {
            let snippet = SearchQuery::as_typed_in(&uk(), typed)
                .unwrap()
                .snippet(text, 20);
            assert!(
                snippet.contains("<mark>Харкова,</mark>"),
                "{typed}: {snippet}"
            );
        }
        for typed in ["п'ять", "piat"] {
            let snippet = SearchQuery::parse_in(&uk(), typed)
                .unwrap()
                .snippet(text, 20);
            assert!(snippet.contains("<mark>п’ять</mark>"), "{typed}: {snippet}");
        }
        // A Latin query read in English still marks a Ukrainian article's words when
        // told the article's language.
        let english = SearchQuery::parse("shcherbyna").unwrap();
        assert!(!english.snippet(text, 20).contains("<mark>"));
        assert!(
            english
                .snippet_in(&uk(), text, 20)
                .contains("<mark>Щербина</mark>")
        );
    }

    proptest! {
        #[test]
        fn any_input_gives_a_safe_query(input in "\\PC{0,300}", ukrainian: bool) {
            let language = if ukrainian { uk() } else { LanguageTag::english() };
            if let Some(query) = SearchQuery::as_typed_in(&language, &input) {
                let fts = query.to_fts5();
                let ts = query.to_tsquery();
                for c in fts.chars() {
                    prop_assert!(c.is_ascii_lowercase() || c.is_ascii_digit() || " \"*".contains(c), "{fts}");
                }
                for c in ts.chars() {
                    prop_assert!(c.is_ascii_lowercase() || c.is_ascii_digit() || " &:*()<->".contains(c), "{ts}");
                }
            }
        }
    }
}
