//! Ukrainian text for a Ukrainian voice (espeak-ng's `uk`, or a Piper voice of the
//! language).
//!
//! What a voice gets wrong in Ukrainian is mostly grammar: a number must agree with
//! what it counts ("21 гривня" is "двадцять одна гривня", "2%" "два відсотки"),
//! dates and years are ordinals ("2026 р." is "дві тисячі двадцять шостого року"),
//! the hour is a feminine ordinal ("15:30" is "п'ятнадцята тридцять"), abbreviations
//! ("т. зв.", "вул.", "млн") and initialisms ("ЗСУ" is "зе-ес-у") are read as
//! letters. These words are written out.
//!
//! Plain numbers standing alone stay digits, as in English: the voice reads
//! Ukrainian digits itself. Only numbers written with spaces between their thousands
//! ("1 000 000") are joined, so they are read as one number.
//!
//! The case a preposition governs is worked out only where the word right before
//! tells it ("у 2026 р.", "о 15:30", "до 16 листопада", "у м. Києві"); elsewhere the
//! nominative is said, which a listener understands even where grammar wants another.
//! Words in Latin letters (names, "NASA") are left for the voice.

mod abbreviations;
mod dates;
mod initialisms;
mod money;
mod numbers;
mod ordinals;
mod times;
mod units;

use super::expand::{At, Rule, Spoken, speak};
use super::{clean, words};

/// Most specific first: "16.11.2026" is a date before it is a number, "500 грн" money
/// before a unit, "2026 р." a year before "р." an abbreviation.
const RULES: &[Rule] = &[
    dates::numeric_date,
    dates::day_and_month,
    dates::century,
    dates::year,
    times::time,
    money::amount,
    money::percent,
    units::counted,
    ordinals::ordinal_with_ending,
    numbers::grouped,
    abbreviations::abbreviation,
    symbol,
    initialisms::initialism,
];

/// Expands one run of plain Ukrainian text for listening, whitespace folded.
pub(super) fn speakable(text: &str) -> String {
    speak(
        &words::plain_words(&clean::clean_keeping_letters(text)),
        RULES,
    )
}

/// "№ 5" and "№5" are "номер 5", "§ 3" "параграф 3", "-5" "мінус 5".
fn symbol(at: &At) -> Option<Spoken> {
    let word = at.word();
    let core = word.core.as_str();
    let said = match core {
        "№" => "номер".to_owned(),
        "§" => "параграф".to_owned(),
        _ => match (core.strip_prefix('№'), core.strip_prefix('-')) {
            (Some(number), _) if starts_with_digit(number) => format!("номер {number}"),
            (_, Some(number)) if numbers::Number::parse(number).is_some() => {
                format!("мінус {number}")
            }
            _ => return None,
        },
    };
    Some(Spoken::one(&said, word))
}

fn starts_with_digit(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
}

/// Table tests of the Ukrainian rules: each text read aloud as expected.
#[cfg(test)]
fn check(cases: &[(&str, &str)]) {
    for (text, expected) in cases {
        assert_eq!(speakable(text), *expected, "{text}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_news_paragraph_is_said_as_a_newsreader_would() {
        check(&[
            (
                "16.11.2026 НБУ підвищив облікову ставку до 15,5% — це рекорд.",
                "шістнадцяте листопада дві тисячі двадцять шостого року ен-бе-у підвищив облікову ставку до п'ятнадцять цілих п'ять десятих відсотка, це рекорд.",
            ),
            (
                "ЄС виділить €3,5 млн на відновлення м. Харків, повідомили о 15:30.",
                "є-ес виділить три цілих п'ять десятих мільйона євро на відновлення місто Харків, повідомили о п'ятнадцятій тридцять.",
            ),
            (
                "Бюджет-2027: 1 000 000 грн на т. зв. «школу майбутнього».",
                "Бюджет-2027: мільйон гривень на так звану \"школу майбутнього\".",
            ),
        ]);
    }

    #[test]
    fn symbols_are_said_as_words() {
        check(&[
            ("наказ № 5", "наказ номер 5"),
            ("наказ №12,", "наказ номер 12,"),
            ("§ 3", "параграф 3"),
            ("-5 градусів", "мінус 5 градусів"),
            ("Київ — Львів", "Київ, Львів"),
            ("Київ—Львів", "Київ, Львів"),
            ("10–12 років", "10–12 років"),
            ("пʼять", "п'ять"),
            ("🎉🎉", ""),
            ("див. https://example.org. Далі", "дивіться. Далі"),
        ]);
    }

    #[test]
    fn shouted_headlines_are_not_spelled_out() {
        check(&[("ЗСУ ЗВІЛЬНИЛИ СЕЛО", "ЗСУ ЗВІЛЬНИЛИ СЕЛО")]);
    }
}
