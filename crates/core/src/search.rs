//! Reader search: what a reader types becomes a safe query for either engine's
//! full-text index, and results get highlighted snippets.
//!
//! Both engines index *folded* text: transliterated to Latin, lowercased, with
//! everything but letters and digits turned into spaces. Queries are folded the same
//! way, so "Коваль", "koval" and "KOVAL" find the same article, accents never matter,
//! and no character a reader types can ever reach the query language as syntax.

/// Longest query we read; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;
/// At most this many terms are used.
const MAX_TERMS: usize = 12;

/// Folds text for the index: Latin letters and digits, lowercase, single spaces.
pub fn fold(text: &str) -> String {
    // Only letters and digits are transliterated: symbols and emoji (which deunicode
    // would spell out, "🎉" as "tada") are separators, never searchable words.
    let mut latin = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            latin.push(c);
        } else if c.is_alphanumeric() {
            latin.push_str(deunicode::deunicode_char(c).unwrap_or(" "));
        } else {
            latin.push(' ');
        }
    }
    let mut folded = String::with_capacity(latin.len());
    for word in latin
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(&word.to_ascii_lowercase());
    }
    folded
}

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
}

impl SearchQuery {
    /// Reads a submitted search: every word is a whole word. Returns `None` when
    /// nothing searchable is left (empty, only punctuation or emoji, only control
    /// characters).
    pub fn parse(input: &str) -> Option<SearchQuery> {
        SearchQuery::read(input, false)
    }

    /// Reads a search still being typed: the last word, unless a space or a closing
    /// quote follows it, is a prefix ("flo" finds "flood" and "floodwall").
    pub fn as_typed(input: &str) -> Option<SearchQuery> {
        SearchQuery::read(input, true)
    }

    fn read(input: &str, typing: bool) -> Option<SearchQuery> {
        let input: String = input
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_QUERY_CHARS)
            .collect();
        let typing_last_word = typing && !input.ends_with(char::is_whitespace);
        let mut terms = Vec::new();
        // Odd pieces split by quotes are inside quotes; an unclosed quote runs to the end.
        for (i, piece) in input.split('"').enumerate() {
            let tokens: Vec<String> = fold(piece)
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
        (!terms.is_empty()).then_some(SearchQuery { terms })
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
    /// matching word wrapped in `<mark>`. Without a match, the opening words.
    pub fn snippet(&self, text: &str, words: usize) -> String {
        let all: Vec<&str> = text.split_whitespace().collect();
        let hit = |word: &str| {
            fold(word)
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

    proptest! {
        #[test]
        fn any_input_gives_a_safe_query(input in "\\PC{0,300}") {
            if let Some(query) = SearchQuery::as_typed(&input) {
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
