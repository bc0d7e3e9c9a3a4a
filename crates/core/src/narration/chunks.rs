//! A prepared paragraph cut into pieces a speech model takes in one call. Models
//! sound best on whole sentences, so cuts fall at sentence ends first and only an
//! over-long sentence is cut at a clause, then at a word.

/// Marks that may follow a sentence's or clause's own mark before the space.
const CLOSERS: &[char] = &['"', '\'', ')', ']', '”', '’'];

/// Splits one prepared paragraph into pieces of at most `max_chars` characters for
/// one model call each: at sentence ends first (". ", "? ", "! ", also when followed
/// by a quote), then an over-long sentence at ";", ":", ",", " — ", and as a last
/// resort at word boundaries (a single word longer than `max_chars` is cut by
/// characters). Never returns empty pieces; pieces are trimmed. A `max_chars` of 0
/// is taken as 1.
pub fn chunks(paragraph: &str, max_chars: usize) -> Vec<String> {
    let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    fit(&text, max_chars.max(1), Cut::Sentences)
}

/// Where a text too long for one piece is cut, from the most natural place to the
/// least.
#[derive(Debug, Clone, Copy)]
enum Cut {
    Sentences,
    Clauses,
    Words,
    Characters,
}

fn fit(text: &str, max: usize, cut: Cut) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    if char_count(text) <= max {
        return vec![text.to_owned()];
    }
    let (pieces, finer) = match cut {
        Cut::Sentences => (split_after(text, is_sentence_end), Cut::Clauses),
        Cut::Clauses => (split_after(text, is_clause_end), Cut::Words),
        Cut::Words => (text.split_whitespace().collect(), Cut::Characters),
        Cut::Characters => return cut_characters(text, max),
    };
    let fitted = pieces.into_iter().flat_map(|piece| fit(piece, max, finer));
    pack(fitted, max)
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

fn is_clause_end(c: char) -> bool {
    matches!(c, ';' | ':' | ',' | '—' | '–')
}

/// Cuts after each mark that `ends_piece` accepts, with any closing quotes after it,
/// where a space follows: "3.5" and "1,200" are never cut.
fn split_after(text: &str, ends_piece: fn(char) -> bool) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !ends_piece(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some((j, closer)) = chars.next_if(|(_, next)| CLOSERS.contains(next)) {
            end = j + closer.len_utf8();
        }
        if chars.peek().is_some_and(|(_, next)| next.is_whitespace()) {
            pieces.push(text[start..end].trim());
            start = end;
        }
    }
    pieces.push(text[start..].trim());
    pieces.retain(|piece| !piece.is_empty());
    pieces
}

/// A word longer than a whole piece: cut every `max` characters.
fn cut_characters(text: &str, max: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(max)
        .map(|chunk| chunk.iter().collect())
        .collect()
}

/// Joins neighbouring pieces while they fit, so there are as few model calls as can be.
fn pack(pieces: impl Iterator<Item = String>, max: usize) -> Vec<String> {
    let mut packed: Vec<String> = Vec::new();
    for piece in pieces {
        match packed.last_mut() {
            Some(last) if char_count(last) + 1 + char_count(&piece) <= max => {
                last.push(' ');
                last.push_str(&piece);
            }
            _ => packed.push(piece),
        }
    }
    packed
}

fn char_count(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_paragraphs_are_one_piece() {
        assert_eq!(
            chunks("  One sentence.  Two.  ", 100),
            ["One sentence. Two."]
        );
        assert!(chunks("", 10).is_empty());
        assert!(chunks(" \n ", 10).is_empty());
    }

    #[test]
    fn sentences_are_packed_and_cut_at_their_ends() {
        let cases: [(&str, usize, &[&str]); 5] = [
            (
                "One two. Three four. Five six.",
                20,
                &["One two. Three four.", "Five six."],
            ),
            ("Is it? Yes! Fine.", 8, &["Is it?", "Yes!", "Fine."]),
            (
                "He said \"Stop.\" Then left.",
                16,
                &["He said \"Stop.\"", "Then left."],
            ),
            (
                "It cost 3.5 million. Then 1,200 more.",
                21,
                &["It cost 3.5 million.", "Then 1,200 more."],
            ),
            ("Wait… then go.", 8, &["Wait…", "then go."]),
        ];
        for (text, max, expected) in cases {
            assert_eq!(chunks(text, max), expected, "{text}");
        }
    }

    #[test]
    fn long_sentences_are_cut_at_clauses_then_words() {
        let cases: [(&str, usize, &[&str]); 4] = [
            (
                "First part, second part; third part: fourth.",
                24,
                &["First part, second part;", "third part: fourth."],
            ),
            (
                "calm — then a storm came",
                12,
                &["calm —", "then a storm", "came"],
            ),
            (
                "one two three four five",
                9,
                &["one two", "three", "four five"],
            ),
            (
                "a Llanfairpwllgwyngyll b",
                6,
                &["a", "Llanfa", "irpwll", "gwyngy", "ll b"],
            ),
        ];
        for (text, max, expected) in cases {
            assert_eq!(chunks(text, max), expected, "{text}");
        }
    }

    #[test]
    fn a_zero_limit_still_makes_progress() {
        assert_eq!(chunks("ab", 0), ["a", "b"]);
    }
}
