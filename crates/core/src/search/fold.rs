//! Folding: any text to the words the index holds, lowercase Latin letters and digits
//! separated by single spaces. The rules differ only in how letters of another script
//! become Latin; see the module doc of [`crate::search`] for which language gets which.

use crate::LanguageTag;

/// How letters that are not ASCII become Latin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rules {
    /// `deunicode`, letter by letter: fine for accents, approximate for other scripts.
    Generic,
    /// Cyrillic by Ukraine's national transliteration (Cabinet of Ministers
    /// resolution 55 of 2010); everything else as [`Rules::Generic`].
    Ukrainian,
}

impl Rules {
    pub(super) fn of(language: &LanguageTag) -> Rules {
        match language.primary() {
            "uk" => Rules::Ukrainian,
            _ => Rules::Generic,
        }
    }
}

/// The version of the folding rules. Raise it when a language's rules change, and say
/// in [`folds_differently_since`] which languages' words changed: an index folded by
/// older rules is rebuilt at start on a site that writes in one of them.
pub const FOLD_RULES: u32 = 2;

/// Whether text in `language` folds differently by [`FOLD_RULES`] than by the rules
/// of `version` (1: `deunicode` for every language).
pub fn folds_differently_since(version: u32, language: &LanguageTag) -> bool {
    version < 2 && Rules::of(language) == Rules::Ukrainian
}

/// Folds text for the index the way every language but Ukrainian does; the same as
/// [`fold_in`] with English.
pub fn fold(text: &str) -> String {
    fold_with(Rules::Generic, text)
}

/// Folds text written in `language` for the index: Latin letters and digits,
/// lowercase, single spaces. Text and queries must be folded in the same language to
/// meet; Latin text folds the same in every language.
pub fn fold_in(language: &LanguageTag, text: &str) -> String {
    fold_with(Rules::of(language), text)
}

pub(super) fn fold_with(rules: Rules, text: &str) -> String {
    let latin = match rules {
        Rules::Generic => text.chars().fold(String::new(), |mut latin, c| {
            push_generic(c, &mut latin);
            latin
        }),
        Rules::Ukrainian => ukrainian_latin(text),
    };
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

/// One character in Latin, or a space where words part.
fn push_generic(c: char, latin: &mut String) {
    // Only letters and digits are transliterated: symbols and emoji (which deunicode
    // would spell out, "🎉" as "tada") are separators, never searchable words.
    if c.is_ascii() {
        latin.push(c);
    } else if c.is_alphanumeric() {
        latin.push_str(deunicode::deunicode_char(c).unwrap_or(" "));
    } else {
        latin.push(' ');
    }
}

/// The apostrophes Ukrainian is written with: typewriter, typographic, and the
/// modifier letter U+02BC that the orthography recommends.
const APOSTROPHES: [char; 3] = ['\'', '\u{2019}', '\u{02BC}'];
const COMBINING_BREVE: char = '\u{0306}';
const COMBINING_DIAERESIS: char = '\u{0308}';

fn is_cyrillic_letter(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c) && c.is_alphabetic()
}

/// Cyrillic by the national table; other characters as [`push_generic`] writes them.
/// Besides the table, two things keep a Ukrainian word whole: an apostrophe between
/// Cyrillic letters ("п'ять") is dropped rather than parting the word, and so is a
/// combining mark after a Cyrillic letter (a stress mark, or the breve and diaeresis of
/// a decomposed "й" and "ї", which are put back together first).
fn ukrainian_latin(text: &str) -> String {
    let mut latin = String::with_capacity(text.len() + text.len() / 4);
    let mut chars = text.chars().peekable();
    // The letter before, lowercase, when the character at hand continues a word.
    let mut previous: Option<char> = None;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let after_cyrillic = previous.is_some_and(is_cyrillic_letter);
        if after_cyrillic
            && (APOSTROPHES.contains(&c) && next.is_some_and(is_cyrillic_letter)
                || ('\u{0300}'..='\u{036F}').contains(&c))
        {
            continue;
        }
        let mut letter = lowercase(c);
        match (letter, next) {
            ('и', Some(COMBINING_BREVE)) => letter = 'й',
            ('і', Some(COMBINING_DIAERESIS)) => letter = 'ї',
            _ => {}
        }
        let word_start = previous.is_none();
        match ukrainian_letter(letter, word_start, previous == Some('з')) {
            Some(spelled) => latin.push_str(spelled),
            None => push_generic(c, &mut latin),
        }
        previous = c.is_alphabetic().then_some(letter);
    }
    latin
}

/// Lowercase when that is one character, as it is for every Cyrillic letter.
fn lowercase(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// A lowercase Ukrainian letter in Latin. Є, Ї, Й, Ю and Я have one spelling at the
/// start of a word and another inside it; Г after З is "gh", so that "зг" is not read
/// back as "ж". The soft sign is dropped.
fn ukrainian_letter(c: char, word_start: bool, after_z: bool) -> Option<&'static str> {
    let by_place = |start, inside| if word_start { start } else { inside };
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' if after_z => "gh",
        'г' => "h",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'є' => by_place("ye", "ie"),
        'ж' => "zh",
        'з' => "z",
        'и' => "y",
        'і' => "i",
        'ї' => by_place("yi", "i"),
        'й' => by_place("y", "i"),
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ь' => "",
        'ю' => by_place("yu", "iu"),
        'я' => by_place("ya", "ia"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn uk() -> LanguageTag {
        LanguageTag::parse("uk").unwrap()
    }

    // What deunicode 1.6.2 gives for these names, and so what `fold` (and every
    // language but Ukrainian) indexes: Київ "Kiyiv", Харків "Kharkiv", Запоріжжя
    // "Zaporizhzhia", Миколаїв "Mikolayiv", Хмельницький "Khmel'nits'kii" (the soft
    // sign becomes an apostrophe, which parts the word: "khmel nits kii"), Євген
    // "Evgen", Юлія "Iuliia", Щербина "Shcherbina", п'ять "p'iat'", ґ "g'". Only
    // Харків and Запоріжжя come out as Ukraine's own spelling.
    #[test]
    fn ukrainian_is_spelled_as_ukraine_spells_it() {
        let cases = [
            ("Київ", "kyiv"),
            ("Харків", "kharkiv"),
            ("Запоріжжя", "zaporizhzhia"),
            ("Миколаїв", "mykolaiv"),
            ("Хмельницький", "khmelnytskyi"),
            ("Євген", "yevhen"),
            ("Юлія", "yuliia"),
            ("Щербина", "shcherbyna"),
            ("Згорани", "zghorany"),
            ("Розгон", "rozghon"),
            ("Їжакевич", "yizhakevych"),
            ("Йосипівка", "yosypivka"),
            ("Стрий", "stryi"),
            ("Андрій", "andrii"),
            ("Феодосія", "feodosiia"),
            ("Яготин", "yahotyn"),
            ("Костянтин", "kostiantyn"),
            ("Юрій", "yurii"),
            ("Корюківка", "koriukivka"),
            ("Гадяч", "hadiach"),
            ("Ґорґани", "gorgany"),
            ("Знам'янка", "znamianka"),
            ("Рівне", "rivne"),
            ("Біла Церква", "bila tserkva"),
            ("ЄВРОПА", "yevropa"),
        ];
        for (cyrillic, latin) in cases {
            assert_eq!(fold_in(&uk(), cyrillic), latin, "{cyrillic}");
        }
        // Deunicode's spellings, which the other languages keep.
        assert_eq!(fold("Київ Миколаїв Євген"), "kiyiv mikolayiv evgen");
        assert_eq!(fold("Хмельницький"), "khmel nits kii");
    }

    #[test]
    fn an_apostrophe_inside_a_ukrainian_word_keeps_it_whole() {
        for word in ["п'ять", "п’ять", "пʼять", "П'ЯТЬ"] {
            assert_eq!(fold_in(&uk(), word), "piat", "{word}");
        }
        assert_eq!(fold_in(&uk(), "м’ясо"), "miaso");
        assert_eq!(fold_in(&uk(), "сім'я"), "simia");
        // Around a word it is a quotation mark, and outside Cyrillic it parts words as
        // it does in every language.
        assert_eq!(fold_in(&uk(), "'Київ' ’Львів’"), "kyiv lviv");
        assert_eq!(fold_in(&uk(), "O'Brien's п'ять"), "o brien s piat");
    }

    #[test]
    fn decomposed_letters_and_stress_marks_keep_a_ukrainian_word_whole() {
        assert_eq!(fold_in(&uk(), "Киі\u{308}в"), "kyiv");
        assert_eq!(fold_in(&uk(), "Андріи\u{306}"), "andrii");
        assert_eq!(fold_in(&uk(), "доба\u{301}"), "doba");
    }

    #[test]
    fn latin_text_folds_the_same_in_every_language() {
        let text = "Kyiv, Café au LAIT: O'Brien’s 2024 report";
        let english = fold(text);
        assert_eq!(english, "kyiv cafe au lait o brien s 2024 report");
        for tag in ["en", "uk", "uk-UA", "de", "ru", "pt-BR"] {
            let language = LanguageTag::parse(tag).unwrap();
            assert_eq!(fold_in(&language, text), english, "{tag}");
        }
        assert_eq!(fold_in(&LanguageTag::english(), "Київ"), fold("Київ"));
    }

    #[test]
    fn other_cyrillic_letters_in_ukrainian_text_fall_back_to_deunicode() {
        assert_eq!(fold_in(&uk(), "Подъём ы э"), "pod iom y e");
    }

    proptest! {
        #[test]
        fn folding_gives_only_lowercase_words_and_single_spaces(
            text in "\\PC{0,200}|[а-яА-ЯіїєґІЇЄҐ'’ʼ\u{301}\u{306}\u{308} a-z-]{0,60}",
            tag in "en|uk|uk-UA|de|ru|zh-Hant|sr-Latn",
        ) {
            let folded = fold_in(&LanguageTag::parse(&tag).unwrap(), &text);
            prop_assert!(
                folded.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' '),
                "{folded:?}"
            );
            prop_assert!(!folded.starts_with(' ') && !folded.ends_with(' ') && !folded.contains("  "), "{folded:?}");
        }

        #[test]
        fn fold_is_folding_in_english(text in "\\PC{0,200}") {
            prop_assert_eq!(fold(&text), fold_in(&LanguageTag::english(), &text));
        }

        #[test]
        fn text_without_cyrillic_folds_in_ukrainian_as_in_english(text in "[\\PC&&\\P{Cyrillic}]{0,200}") {
            prop_assert_eq!(fold_in(&uk(), &text), fold(&text));
        }
    }
}

#[cfg(test)]
mod rule_versions {
    use super::*;

    #[test]
    fn only_ukrainian_folds_differently_since_the_first_rules() {
        let uk = LanguageTag::parse("uk-UA").unwrap();
        assert!(folds_differently_since(1, &uk));
        assert!(!folds_differently_since(FOLD_RULES, &uk));
        for other in ["en", "de", "ru", "pl"] {
            assert!(!folds_differently_since(
                1,
                &LanguageTag::parse(other).unwrap()
            ));
        }
    }
}
