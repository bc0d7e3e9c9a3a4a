//! Ukrainian initialisms: some are read as a word ("ООН" is "оон", "НАТО" "нато"),
//! most by the names of their letters ("ЗСУ" is "зе-ес-у", "США" "ес-ша-а"). A voice
//! left to itself tries to read "ЗСУ" as one syllable.
//!
//! A table holds the known ones whose reading the rule below gets wrong; for the rest
//! the rule is how Ukrainian speakers treat new ones: an initialism of three or more
//! letters that alternates consonants and vowels can be said as a word ("ГУР", "ФОП",
//! "НАБУ", "МАГАТЕ"); anything else is spelled ("МВС", "АЕС", "ЄС").

use crate::narration::expand::{At, Spoken};

/// Read as words although the rule would spell them, or read differently.
const KNOWN: [(&str, &str); 12] = [
    ("ООН", "оон"),
    ("ВООЗ", "вооз"),
    ("ЗНО", "зно"),
    ("ЮНЕСКО", "юнеско"),
    ("ЮНІСЕФ", "юнісеф"),
    ("ДАІ", "даї"),
    ("НАЗК", "на-зе-ка"),
    ("ЗАЕС", "за-ес"),
    ("ЧАЕС", "ча-ес"),
    ("ОП", "о-пе"),
    ("ЄС", "є-ес"),
    ("США", "ес-ша-а"),
];

/// The names of the letters, as they are spelled aloud.
const LETTERS: [(char, &str); 33] = [
    ('А', "а"),
    ('Б', "бе"),
    ('В', "ве"),
    ('Г', "ге"),
    ('Ґ', "ґе"),
    ('Д', "де"),
    ('Е', "е"),
    ('Є', "є"),
    ('Ж', "же"),
    ('З', "зе"),
    ('И', "и"),
    ('І', "і"),
    ('Ї', "ї"),
    ('Й', "йот"),
    ('К', "ка"),
    ('Л', "ел"),
    ('М', "ем"),
    ('Н', "ен"),
    ('О', "о"),
    ('П', "пе"),
    ('Р', "ер"),
    ('С', "ес"),
    ('Т', "те"),
    ('У', "у"),
    ('Ф', "еф"),
    ('Х', "ха"),
    ('Ц', "це"),
    ('Ч', "че"),
    ('Ш', "ша"),
    ('Щ', "ща"),
    ('Ь', "м'який знак"),
    ('Ю', "ю"),
    ('Я', "я"),
];

const VOWELS: &str = "АЕЄИІЇОУЮЯ";

/// The longest run of capitals taken for an initialism; longer ones are shouted words.
const MAX_LETTERS: usize = 6;

pub(super) fn initialism(at: &At) -> Option<Spoken> {
    let word = at.word();
    if at.shouting {
        return None;
    }
    Some(Spoken::one(&said(&word.core)?, word))
}

/// "ЗСУ" -> "зе-ес-у", "НАТО" -> "нато"; `None` for anything but Cyrillic capitals.
fn said(core: &str) -> Option<String> {
    if let Some((_, said)) = KNOWN.iter().find(|(written, _)| *written == core) {
        return Some((*said).to_owned());
    }
    let letters: Vec<char> = core.chars().collect();
    let capitals = letters
        .iter()
        .all(|c| LETTERS.iter().any(|(letter, _)| letter == c));
    if !capitals || !(2..=MAX_LETTERS).contains(&letters.len()) {
        return None;
    }
    if is_pronounceable(&letters) {
        return Some(core.to_lowercase());
    }
    if letters.len() == MAX_LETTERS {
        return None;
    }
    let names: Option<Vec<&str>> = letters
        .iter()
        .map(|c| {
            LETTERS
                .iter()
                .find(|(letter, _)| letter == c)
                .map(|(_, name)| *name)
        })
        .collect();
    Some(names?.join("-"))
}

/// Three or more letters, consonants and vowels taking turns: "НАТО", "ГУР", "ОПЕК".
fn is_pronounceable(letters: &[char]) -> bool {
    let is_vowel = |c: &char| VOWELS.contains(*c);
    letters.len() >= 3
        && letters.iter().any(is_vowel)
        && letters
            .windows(2)
            .all(|pair| is_vowel(&pair[0]) != is_vowel(&pair[1]))
}

#[cfg(test)]
mod tests {
    use super::super::check;

    #[test]
    fn initialisms_are_spelled_or_said_as_words() {
        check(&[
            ("ЗСУ", "зе-ес-у"),
            ("США", "ес-ша-а"),
            ("ЄС", "є-ес"),
            ("НБУ", "ен-бе-у"),
            ("ООН", "оон"),
            ("НАТО", "нато"),
            ("СБУ і МВС", "ес-бе-у і ем-ве-ес"),
            ("ГУР", "гур"),
            ("НАБУ", "набу"),
            ("АЕС", "а-е-ес"),
            ("ЦВК,", "це-ве-ка,"),
            ("РФ.", "ер-еф."),
            ("(ОБСЄ)", "(о-бе-ес-є)"),
            ("МАГАТЕ", "магате"),
            ("ЗНО", "зно"),
            ("НАЗК", "на-зе-ка"),
        ]);
    }

    #[test]
    fn other_capitals_are_left_alone() {
        check(&[
            ("Київ", "Київ"),
            ("NASA", "NASA"),
            ("Я", "Я"),
            ("УКРЕНЕРГО", "УКРЕНЕРГО"),
            ("ЗСУшники", "ЗСУшники"),
            ("УВАГА УВАГА ВСІМ", "УВАГА УВАГА ВСІМ"),
        ]);
    }
}
