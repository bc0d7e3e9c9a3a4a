//! Text cut into words the rules can look at: each whitespace-separated piece with its
//! quotes, brackets and punctuation split off, web addresses dropped, and compounds
//! ("2019–2021", "R&D", "COVID-19") taken apart where their parts are said separately.

use super::dates;

/// Punctuation that can open a word.
const OPENERS: &[char] = &['"', '\'', '(', '[', '¿', '¡'];
/// Punctuation that can close a word. A dot here may still belong to an abbreviation
/// ("Dr.", "U.S."); the rules decide.
const CLOSERS: &[char] = &['.', ',', ';', ':', '!', '?', '"', '\'', ')', ']'];
const DASHES: &[char] = &['—', '–'];

/// One word of running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word {
    /// Opening quotes and brackets.
    pub lead: String,
    /// The word itself; empty when the piece was only punctuation.
    pub core: String,
    /// Closing punctuation, quotes and brackets.
    pub trail: String,
}

impl Word {
    pub fn parse(raw: &str) -> Word {
        let core_start = raw.find(|c| !OPENERS.contains(&c)).unwrap_or(raw.len());
        let (lead, rest) = raw.split_at(core_start);
        let core_end = rest.trim_end_matches(CLOSERS).len();
        let (core, trail) = rest.split_at(core_end);
        Word {
            lead: lead.to_owned(),
            core: core.to_owned(),
            trail: trail.to_owned(),
        }
    }

    /// True when the word is written with its abbreviation dot ("Dr." or "U.S.").
    pub fn is_dotted(&self) -> bool {
        self.trail.starts_with('.')
    }

    /// True when the word begins with a capital letter, as a name or a new sentence does.
    pub fn is_capitalised(&self) -> bool {
        self.core.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn starts_with_digit(&self) -> bool {
        self.core.starts_with(|c: char| c.is_ascii_digit())
    }
}

/// The words of cleaned text, ready for the rules.
pub(super) fn words(text: &str) -> Vec<Word> {
    text.split_whitespace()
        .map(Word::parse)
        .flat_map(split_compound)
        .collect()
}

/// The words of cleaned text in a language without word rules of its own: only
/// addresses are dropped and dashes made pauses, since "&", "+" and ranges are said
/// in words of the language ("10–12" stays whole for its voice to read).
pub(super) fn plain_words(text: &str) -> Vec<Word> {
    text.split_whitespace()
        .map(Word::parse)
        .flat_map(|word| {
            if is_web_address(&word.core) || word.core.is_empty() {
                return split_compound(word);
            }
            split_pieces(&word, pauses_at_dashes(&word.core))
        })
        .collect()
}

/// "Київ—Львів" -> "Київ,", "Львів"; a dash standing alone is a pause; a dash
/// between digits ("10–12") is left for the voice.
fn pauses_at_dashes(core: &str) -> Vec<String> {
    if core.chars().all(|c| DASHES.contains(&c) || c == '-') {
        return vec![",".to_owned()];
    }
    if starts_numeric(core) {
        return vec![core.to_owned()];
    }
    let mut pieces: Vec<String> = Vec::new();
    for part in core.split(DASHES) {
        if let Some(last) = pieces.last_mut() {
            last.push(',');
        }
        if !part.is_empty() {
            pieces.push(part.to_owned());
        }
    }
    pieces
}

/// Addresses are left out: read aloud they are letters and slashes, and a listener
/// cannot click them. Only the sentence punctuation after one stays.
fn is_web_address(core: &str) -> bool {
    let lower = core.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || lower.starts_with("mailto:")
        || is_email(core)
}

fn is_email(core: &str) -> bool {
    let Some((user, domain)) = core.split_once('@') else {
        return false;
    };
    !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
}

/// A word taken apart into the words a listener hears.
fn split_compound(word: Word) -> Vec<Word> {
    if is_web_address(&word.core) {
        let stops: String = word
            .trail
            .chars()
            .filter(|c| ".,;:!?".contains(*c))
            .collect();
        return vec![Word::parse(&stops)];
    }
    let pieces = match dates::iso_date_words(&word.core) {
        Some(date) => date,
        None => split_core(&word.core),
    };
    split_pieces(&word, pieces)
}

/// `word` said as `pieces`, its opening marks on the first and closing marks on the
/// last.
fn split_pieces(word: &Word, pieces: Vec<String>) -> Vec<Word> {
    if pieces.is_empty() || pieces == [word.core.as_str()] {
        return vec![word.clone()];
    }
    let last = pieces.len().saturating_sub(1);
    pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let lead = if i == 0 { word.lead.as_str() } else { "" };
            let trail = if i == last { word.trail.as_str() } else { "" };
            Word::parse(&format!("{lead}{piece}{trail}"))
        })
        .collect()
}

/// The pieces of a word's core: "&", "+", "±" and "×" become words, dashes become
/// pauses or ranges, and hyphens split where the parts are numbers or initials.
fn split_core(core: &str) -> Vec<String> {
    let core = core.replace("+/-", "±");
    let mut pieces = Vec::new();
    let mut rest = core.as_str();
    while let Some((at, symbol)) = rest.char_indices().find(|(_, c)| "&+±×".contains(*c)) {
        let before = &rest[..at];
        rest = &rest[at + symbol.len_utf8()..];
        if !before.is_empty() {
            pieces.extend(split_dashes(before));
        }
        pieces.push(symbol_word(symbol, rest).to_owned());
    }
    if !rest.is_empty() {
        pieces.extend(split_dashes(rest));
    }
    pieces
}

/// "2×4" is "2 by 4", "3× faster" is "3 times faster".
fn symbol_word(symbol: char, after: &str) -> &'static str {
    match symbol {
        '&' => "and",
        '+' => "plus",
        '±' => "plus or minus",
        _ if starts_numeric(after) => "by",
        _ => "times",
    }
}

/// Splits at em and en dashes: between numbers a dash is a range ("10–12" is "10 to
/// 12"), elsewhere it is a break in the sentence and the voice should pause.
fn split_dashes(text: &str) -> Vec<String> {
    if text.chars().all(|c| DASHES.contains(&c) || c == '-') {
        // A dash standing alone (" — " or " -- ") is a pause.
        return vec![",".to_owned()];
    }
    let parts: Vec<&str> = text.split(DASHES).collect();
    let mut pieces: Vec<String> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            let previous = parts[i - 1];
            if ends_numeric(previous) && starts_numeric(part) {
                pieces.push("to".to_owned());
            } else if let Some(last) = pieces.last_mut() {
                last.push(',');
            }
        }
        if !part.is_empty() {
            pieces.extend(split_hyphens(part));
        }
    }
    pieces
}

/// Splits at hyphens where the parts are said apart: two numbers are a range or a
/// score ("2019-2021", "3-2"), and numbers or initials joined to words are said as
/// two words ("COVID-19", "F-35", "24-year-old"). Hyphenated words stay whole.
fn split_hyphens(text: &str) -> Vec<String> {
    let parts: Vec<&str> = text.split('-').collect();
    if parts.len() == 1 || parts.iter().any(|part| part.is_empty()) {
        return vec![text.to_owned()];
    }
    if parts.len() == 2 && ends_numeric(parts[0]) && starts_numeric(parts[1]) {
        return vec![parts[0].to_owned(), "to".to_owned(), parts[1].to_owned()];
    }
    let said_apart = parts
        .iter()
        .any(|part| starts_numeric(part) || is_initials(part));
    if !said_apart {
        return vec![text.to_owned()];
    }
    // "U.S.-China": dotted initials inside a compound lose their dots, which would
    // otherwise read as the end of a sentence. The last part's final dot is not in
    // `text` ("D-N.Y." gives "N.Y"), so the initials rule still sees it there.
    let last = parts.len() - 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i < last && is_initials(part) {
                part.replace('.', "")
            } else {
                (*part).to_owned()
            }
        })
        .collect()
}

/// "12", "$12", "£3.5m", "10%", "9am": a piece that starts as a number or an amount.
fn starts_numeric(text: &str) -> bool {
    text.trim_start_matches(['$', '£', '€'])
        .starts_with(|c: char| c.is_ascii_digit())
}

fn ends_numeric(text: &str) -> bool {
    starts_numeric(text) && text.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '%')
}

/// "US", "UK" or "U.S.": two or more capitals, dotted or not.
fn is_initials(text: &str) -> bool {
    let capitals = text.chars().filter(char::is_ascii_uppercase).count();
    capitals >= 2 && text.chars().all(|c| c.is_ascii_uppercase() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cores(text: &str) -> Vec<String> {
        words(text).into_iter().map(|word| word.core).collect()
    }

    #[test]
    fn punctuation_is_split_off_around_the_word() {
        let cases = [
            ("(Dr.", ("(", "Dr", ".")),
            ("\"U.S.\"", ("\"", "U.S", ".\"")),
            ("4.5%,", ("", "4.5%", ",")),
            ("...", ("", "", "...")),
            ("don't", ("", "don't", "")),
        ];
        for (raw, (lead, core, trail)) in cases {
            let word = Word::parse(raw);
            assert_eq!(
                (word.lead.as_str(), word.core.as_str(), word.trail.as_str()),
                (lead, core, trail),
                "{raw}"
            );
        }
    }

    #[test]
    fn compounds_split_where_their_parts_are_said_apart() {
        let cases: [(&str, &[&str]); 15] = [
            ("2019–2021", &["2019", "to", "2021"]),
            ("2019-2021", &["2019", "to", "2021"]),
            ("$10-$12", &["$10", "to", "$12"]),
            ("COVID-19", &["COVID", "19"]),
            ("24-year-old", &["24", "year", "old"]),
            ("well-known", &["well-known"]),
            ("R&D", &["R", "and", "D"]),
            ("Disney+", &["Disney", "plus"]),
            ("2×4", &["2", "by", "4"]),
            ("3×", &["3", "times"]),
            ("+/-3%", &["plus or minus", "3%"]),
            ("-5", &["-5"]),
            ("calm—then", &["calm", "then"]),
            ("U.S.-China", &["US", "China"]),
            ("(D-N.Y.).", &["D", "N.Y"]),
        ];
        for (text, expected) in cases {
            assert_eq!(cores(text), expected, "{text}");
        }
    }

    #[test]
    fn addresses_are_dropped_but_their_full_stop_stays() {
        assert_eq!(
            cores("see https://example.org/a-b. Then"),
            ["see", "", "Then"]
        );
        assert_eq!(words("www.example.org.")[0].trail, ".");
        assert_eq!(cores("desk@example.org"), [""]);
        assert_eq!(cores("@handle"), ["@handle"]);
    }
}
