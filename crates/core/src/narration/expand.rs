//! The word rules, run in order over the words of a text: the first rule that knows
//! a word says how it is spoken.

use super::words::{Word, words};
use super::{abbreviations, clean, dates, initialisms, money, numbers, symbols, times, units};

/// Expands one run of plain text for listening (amounts, percentages, dates, times,
/// ordinals, abbreviations, units, initialisms, symbols), whitespace folded.
pub fn speakable(text: &str) -> String {
    speak(&words(&clean::clean(text)), RULES)
}

/// A rule reads the word at a place (and maybe the ones after it) and says how it is
/// spoken, or leaves it to the next rule.
pub(super) type Rule = fn(&At) -> Option<Spoken>;

/// Runs `rules` over `words` in order, the first rule that knows a word saying it, and
/// joins what they said tidily.
pub(super) fn speak(words: &[Word], rules: &[Rule]) -> String {
    let shouting = is_shouting(words);
    let mut spoken = Vec::with_capacity(words.len());
    let mut index = 0;
    while index < words.len() {
        let at = At {
            words,
            index,
            shouting,
        };
        let said = rules
            .iter()
            .find_map(|rule| rule(&at))
            .unwrap_or_else(|| Spoken::word(at.word()));
        spoken.push(format!("{}{}", at.word().lead, said.text));
        index += said.consumed.max(1);
    }
    tidy(&spoken.join(" "))
}

/// Most specific first: "$4bn" is money before it is a number with letters, "10am" a
/// time before a unit, "No. 5" an abbreviation before "NO" is an initialism.
const RULES: &[Rule] = &[
    money::amount,
    money::percent,
    times::time,
    dates::month,
    numbers::ordinal,
    units::degrees,
    units::unit,
    abbreviations::abbreviation,
    symbols::symbol,
    initialisms::initialism,
];

/// Where a rule is looking: one word and its neighbours.
pub(super) struct At<'a> {
    words: &'a [Word],
    index: usize,
    /// The whole text is in capitals (a shouted headline): capitals are not initials.
    pub shouting: bool,
}

impl<'a> At<'a> {
    pub fn word(&self) -> &'a Word {
        &self.words[self.index]
    }

    /// The word `ahead` places after this one.
    pub fn ahead(&self, ahead: usize) -> Option<&'a Word> {
        self.words.get(self.index + ahead)
    }

    pub fn previous(&self) -> Option<&'a Word> {
        self.index.checked_sub(1).map(|i| &self.words[i])
    }

    /// True when the previous word opens its sentence, so its capital letter says
    /// nothing about it being a name.
    pub fn previous_starts_sentence(&self) -> bool {
        match self.index.checked_sub(2) {
            None => true,
            Some(before) => self.words[before].trail.contains(['.', '!', '?']),
        }
    }

    /// True when the word after the `consumed` words a rule reads starts a sentence:
    /// the text ends, or a capital follows that is not in brackets ("U.S. (AP)").
    pub fn sentence_follows(&self, consumed: usize) -> bool {
        self.ahead(consumed)
            .is_none_or(|next| next.is_capitalised() && !next.lead.contains(['(', '[']))
    }
}

/// What a rule says for the words it read.
#[derive(Debug)]
pub(super) struct Spoken {
    /// How many words the rule read, from the current one.
    pub consumed: usize,
    /// The spoken words, with the closing punctuation of the last word read.
    pub text: String,
}

impl Spoken {
    /// One word said as `text`, its closing punctuation kept.
    pub fn one(text: &str, word: &Word) -> Spoken {
        Spoken::many(1, text, &word.trail)
    }

    pub fn many(consumed: usize, text: &str, trail: &str) -> Spoken {
        Spoken {
            consumed,
            text: format!("{text}{trail}"),
        }
    }

    fn word(word: &Word) -> Spoken {
        Spoken::one(&word.core, word)
    }
}

/// The punctuation after a word whose own dot was an abbreviation's ("Jr.", "U.S."):
/// the dot is said as part of the word, so it stays only where it also ended the
/// sentence, which `ends_sentence` tells.
pub(super) fn trail_after_abbreviation(word: &Word, ends_sentence: bool) -> String {
    let rest = word.trail.strip_prefix('.').unwrap_or(&word.trail);
    let has_stop = rest.contains(['.', ',', ';', ':', '!', '?']);
    if ends_sentence && !has_stop {
        format!(".{rest}")
    } else {
        rest.to_owned()
    }
}

/// A headline in capitals ("MARKETS FALL AGAIN") would otherwise be spelled out letter
/// by letter.
fn is_shouting(words: &[Word]) -> bool {
    let long: Vec<&Word> = words
        .iter()
        .filter(|word| word.core.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect();
    let capitals = long
        .iter()
        .filter(|word| !word.core.chars().any(char::is_lowercase))
        .count();
    long.len() >= 3 && capitals * 4 > long.len() * 3
}

/// Joins the spoken words tidily: no space before closing punctuation, one mark where
/// rules left two (", ." is "."), no empty brackets, no punctuation opening the text.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if is_closing(c) {
            let adjacent = !space;
            space = false;
            if push_closing(&mut out, c, adjacent) {
                continue;
            }
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

fn is_closing(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']')
}

/// Handles a closing mark where it meets another; true when it was dealt with.
/// `adjacent` tells that nothing stood between them in the text: a dot right before a
/// comma ("Minn., said") was an abbreviation's, and the comma is the pause meant.
fn push_closing(out: &mut String, c: char, adjacent: bool) -> bool {
    let last = out.chars().last();
    match (last, c) {
        (None, _) => true,
        (Some('('), ')') | (Some('['), ']') => {
            out.pop();
            out.truncate(out.trim_end().len());
            true
        }
        (Some(last), c) if stop_strength(last) > 0 && stop_strength(c) > 0 => {
            let stronger = stop_strength(c) > stop_strength(last);
            let abbreviation_dot = adjacent && last == '.' && stop_strength(c) < 3;
            if stronger || abbreviation_dot || (last == '.' && matches!(c, '?' | '!')) {
                out.pop();
                out.push(c);
            } else if matches!((last, c), ('?', '!') | ('!', '?')) {
                out.push(c);
            }
            true
        }
        _ => false,
    }
}

fn stop_strength(c: char) -> u8 {
    match c {
        ',' => 1,
        ';' | ':' => 2,
        '.' | '!' | '?' => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_input_is_said_plainly() {
        let cases = [
            ("", ""),
            ("   ", ""),
            ("  many   spaces\n\nand lines ", "many spaces and lines"),
            ("— a dash first", "a dash first"),
            ("calm — then a storm", "calm, then a storm"),
            ("calm–then", "calm, then"),
            ("see (https://example.org) here.", "see here."),
            ("Write to desk@example.org.", "Write to."),
            ("Wait... what?", "Wait. what?"),
            ("Really?!", "Really?!"),
            ("🎉🎉🎉", ""),
            ("Sure , fine .", "Sure, fine."),
            ("Acme Inc., a firm", "Acme Inc, a firm"),
            ("It ended. — Then", "It ended. Then"),
        ];
        for (text, expected) in cases {
            assert_eq!(speakable(text), expected, "{text}");
        }
    }

    #[test]
    fn shouted_headlines_are_not_spelled_out() {
        assert_eq!(speakable("MARKETS FALL AGAIN"), "MARKETS FALL AGAIN");
        assert_eq!(speakable("The FBI and the CIA"), "The F B I and the C I A");
        assert_eq!(
            speakable("The FBI, CIA and NSA"),
            "The F B I, C I A and N S A"
        );
    }

    #[test]
    fn a_sentence_end_is_kept_only_where_the_sentence_ended() {
        let word = Word::parse("etc.),");
        assert_eq!(trail_after_abbreviation(&word, true), "),");
        let word = Word::parse("etc.");
        assert_eq!(trail_after_abbreviation(&word, true), ".");
        assert_eq!(trail_after_abbreviation(&word, false), "");
    }
}
