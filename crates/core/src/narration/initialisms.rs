//! Initials said letter by letter: "FBI" is "F B I", "U.S." is "U S", "G20" is "G
//! 20". Without the spaces an engine may try to say "FBI" as a word, or read "U.S."
//! as the word "us" followed by a full stop.

use super::expand::{At, Spoken, trail_after_abbreviation};
use super::words::Word;

/// Said as words, not letters: acronyms, and everyday words typed in capitals for
/// emphasis ("NOT").
const SAID_AS_WORDS: [&str; 45] = [
    "NATO", "NASA", "OPEC", "UNESCO", "UNICEF", "FIFA", "UEFA", "COVID", "AIDS", "LASER", "RADAR",
    "SCOTUS", "POTUS", "NAFTA", "ASEAN", "OK", "SARS", "MERS", "ISIS", "FEMA", "NORAD", "DARPA",
    "CERN", "OSHA", "SWAT", "NIMBY", "PIN", "ZIP", "GIF", "ICE", "NOT", "NO", "YES", "AND", "BUT",
    "THE", "ALL", "STOP", "HELP", "WHY", "HOW", "WHAT", "VERY", "MUST", "NEVER",
];

/// Initials with a name of their own.
const SAID_IN_FULL: [(&str, &str); 2] = [("WWI", "World War One"), ("WWII", "World War Two")];

/// Capitalised words that often follow "U.S." inside a sentence ("the U.S. Army"), so
/// the capital does not mean a new sentence began.
const AFTER_COUNTRY_INITIALS: [&str; 16] = [
    "Army",
    "Navy",
    "Air",
    "Marine",
    "Marines",
    "Coast",
    "Senate",
    "House",
    "Congress",
    "Supreme",
    "Capitol",
    "Embassy",
    "Treasury",
    "Department",
    "President",
    "Open",
];

pub(super) fn initialism(at: &At) -> Option<Spoken> {
    let word = at.word();
    if let Some(letters) = dotted_letters(&word.core).filter(|_| word.is_dotted()) {
        let trail = trail_after_abbreviation(word, sentence_ended(at));
        return Some(Spoken::many(1, &letters, &trail));
    }
    if at.shouting || in_capitals_run(at) {
        return None;
    }
    let said = SAID_IN_FULL
        .iter()
        .find(|(written, _)| *written == word.core)
        .map(|(_, said)| (*said).to_owned())
        .or_else(|| capitals(&word.core))
        .or_else(|| letters_and_digits(&word.core))?;
    Some(Spoken::one(&said, word))
}

/// "LAS VEGAS (AP)", "NEW YORK": capital words side by side, one of them long, are a
/// dateline or shouted words rather than initials.
fn in_capitals_run(at: &At) -> bool {
    let word = at.word();
    if !is_capital_word(word) {
        return false;
    }
    let next = at
        .ahead(1)
        .filter(|next| word.trail.is_empty() && next.lead.is_empty() && is_capital_word(next));
    let previous = at.previous().filter(|previous| {
        previous.trail.is_empty() && word.lead.is_empty() && is_capital_word(previous)
    });
    let run: Vec<&Word> = [previous, Some(word), next].into_iter().flatten().collect();
    run.len() > 1 && run.iter().any(|word| word.core.len() >= 4)
}

fn is_capital_word(word: &Word) -> bool {
    word.core.len() >= 2 && word.core.bytes().all(|b| b.is_ascii_uppercase())
}

/// After "U.S." a capital starts a new sentence unless it is a usual follower.
fn sentence_ended(at: &At) -> bool {
    let usual_follower = at
        .ahead(1)
        .is_some_and(|next| AFTER_COUNTRY_INITIALS.contains(&next.core.as_str()));
    at.sentence_follows(1) && !usual_follower
}

/// "U.S" (its last dot is in the word's trail) -> "U S".
fn dotted_letters(core: &str) -> Option<String> {
    let letters: Vec<&str> = core.split('.').collect();
    let single_letters = letters
        .iter()
        .all(|letter| letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_alphabetic()));
    (letters.len() >= 2 && single_letters).then(|| letters.join(" "))
}

/// "FBI" -> "F B I", "CEOs" -> "C E O's", "FBI's" -> "F B I's"; two to five capitals.
fn capitals(core: &str) -> Option<String> {
    let (letters, ending) = match core.strip_suffix("'s") {
        Some(letters) => (letters, "'s"),
        None => match core.strip_suffix('s') {
            Some(letters) => (letters, "'s"),
            None => (core, ""),
        },
    };
    let all_capitals = letters.bytes().all(|b| b.is_ascii_uppercase());
    if !all_capitals || !(2..=5).contains(&letters.len()) || is_said_as_word(letters) {
        return None;
    }
    Some(format!("{}{ending}", spell(letters)))
}

/// "G20" -> "G 20", "H1N1" -> "H 1 N 1", "4K" -> "4 K": capitals and digits apart.
fn letters_and_digits(core: &str) -> Option<String> {
    let has_letter = core.bytes().any(|b| b.is_ascii_uppercase());
    let has_digit = core.bytes().any(|b| b.is_ascii_digit());
    let only_those = core
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !(has_letter && has_digit && only_those) {
        return None;
    }
    let runs = runs(core).into_iter().map(|run| {
        let spelled = run.len() <= 5 && run.bytes().all(|b| b.is_ascii_uppercase());
        if spelled && !is_said_as_word(run) {
            spell(run)
        } else {
            run.to_owned()
        }
    });
    Some(runs.collect::<Vec<_>>().join(" "))
}

/// "H1N1" -> ["H", "1", "N", "1"].
fn runs(text: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 1..=bytes.len() {
        let boundary =
            i == bytes.len() || bytes[i].is_ascii_digit() != bytes[i - 1].is_ascii_digit();
        if boundary {
            runs.push(&text[start..i]);
            start = i;
        }
    }
    runs
}

/// Roman numerals ("World War II", "Henry VIII") are left for the voice to say.
fn is_said_as_word(letters: &str) -> bool {
    SAID_AS_WORDS.contains(&letters) || letters.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
}

fn spell(letters: &str) -> String {
    let spelled: Vec<String> = letters.chars().map(String::from).collect();
    spelled.join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    #[test]
    fn dotted_initials_are_spelled_and_may_still_end_a_sentence() {
        check(&[
            ("the U.S. economy", "the U S economy"),
            ("the U.K. and the U.S.", "the U K and the U S."),
            ("in Washington, D.C., today", "in Washington, D C, today"),
            (
                "went to the U.S. Then it rained",
                "went to the U S. Then it rained",
            ),
            ("the U.S. Army", "the U S Army"),
            ("\"It was the U.S.\" Then", "\"It was the U S.\" Then"),
            ("said Sen. Ortiz (D-N.Y.).", "said Senator Ortiz (D N Y)."),
        ]);
    }

    #[test]
    fn capitals_are_spelled_unless_said_as_a_word() {
        check(&[
            ("the FBI said", "the F B I said"),
            ("EU leaders", "E U leaders"),
            ("the CEO's plan", "the C E O's plan"),
            ("three CEOs", "three C E O's"),
            ("NATO and NASA", "NATO and NASA"),
            ("OPEC, UNESCO, UNICEF", "OPEC, UNESCO, UNICEF"),
            ("OK", "OK"),
            ("I and A", "I and A"),
            ("World War II", "World War II"),
            ("after WWII ended", "after World War Two ended"),
            ("NASDAQ", "NASDAQ"),
            ("It was NOT true", "It was NOT true"),
            ("LAS VEGAS (AP) — A man", "LAS VEGAS (A P), A man"),
            ("the FBI CIA rivalry", "the F B I C I A rivalry"),
        ]);
    }

    #[test]
    fn letters_and_digits_are_said_apart() {
        check(&[
            ("the G7 and G20", "the G 7 and G 20"),
            ("COVID-19", "COVID 19"),
            ("an F-35", "an F 35"),
            ("H1N1", "H 1 N 1"),
            ("MP3", "M P 3"),
            ("4K TVs", "4 K T V's"),
            ("A380", "A 380"),
            ("mp3 and h1n1", "mp3 and h1n1"),
        ]);
    }

    #[test]
    fn mixed_case_words_are_not_initials() {
        for core in ["iPhone", "PhD", "McDonald", "Nato", "A", "ABCDEF", "B-52s"] {
            assert_eq!(capitals(core), None, "{core}");
            assert_eq!(letters_and_digits(core), None, "{core}");
        }
    }
}
