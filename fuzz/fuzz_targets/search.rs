//! Proves: folded text is only `[a-z0-9]` words joined by single spaces; any reader's
//! query becomes FTS5 and tsquery strings made only of tokens and the module's own
//! syntax (balanced); snippets escape everything but their own `<mark>` tags.
//! Input: one byte (snippet length in words), the query, a newline, the text.
#![no_main]

use byline_core::search::{SearchQuery, Term, fold};
use byline_core::text::is_forbidden;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &str)| {
    let (words, rest) = input;
    let (query, text) = rest.split_once('\n').unwrap_or((rest, ""));
    for s in [query, text] {
        let folded = fold(s);
        assert_folded(&folded);
        assert_eq!(fold(&folded), folded, "fold is idempotent");
    }

    for (typing, parsed) in [
        (false, SearchQuery::parse(query)),
        (true, SearchQuery::as_typed(query)),
    ] {
        let Some(parsed) = parsed else {
            continue;
        };
        check_query(&parsed, typing);
        let snippet = parsed.snippet(text, usize::from(words));
        let bare = snippet.replace("<mark>", "").replace("</mark>", "");
        assert!(
            !bare.contains(['<', '>', '"', '\'']) && !bare.chars().any(is_forbidden),
            "{snippet:?}"
        );
        assert_eq!(
            snippet.matches("<mark>").count(),
            snippet.matches("</mark>").count()
        );
    }
});

fn assert_folded(folded: &str) {
    assert!(
        folded
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '),
        "{folded:?}"
    );
    assert!(
        !folded.starts_with(' ') && !folded.ends_with(' ') && !folded.contains("  "),
        "{folded:?}"
    );
}

fn check_query(query: &SearchQuery, typing: bool) {
    assert!(!query.terms.is_empty() && query.terms.len() <= 12);
    for (i, term) in query.terms.iter().enumerate() {
        match term {
            Term::Word { token, prefix } => {
                assert_token(token);
                // Only the last word of a query still being typed is a prefix.
                assert!(!prefix || (typing && i == query.terms.len() - 1));
            }
            Term::Phrase(tokens) => {
                assert!(tokens.len() >= 2);
                tokens.iter().for_each(|t| assert_token(t));
            }
        }
    }

    let fts = query.to_fts5();
    assert!(
        fts.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b" \"*".contains(&b)),
        "{fts:?}"
    );
    // Every token is quoted, and a `*` only follows a closing quote.
    assert_eq!(fts.matches('"').count(), 2 * query.terms.len(), "{fts:?}");
    assert_eq!(
        fts.matches('*').count(),
        fts.matches("\"*").count(),
        "{fts:?}"
    );

    let ts = query.to_tsquery();
    assert!(
        ts.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b" &:*()<->".contains(&b)),
        "{ts:?}"
    );
    assert_eq!(ts.matches('(').count(), ts.matches(')').count(), "{ts:?}");
    assert_eq!(ts.matches(" & ").count(), query.terms.len() - 1, "{ts:?}");
}

fn assert_token(token: &str) {
    assert!(
        !token.is_empty()
            && token
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
        "{token:?}"
    );
}
