//! A number and what it counts: units ("5 км" is "п'ять кілометрів"), scales ("12
//! млн" is "дванадцять мільйонів") and nouns written out in full whose gender the
//! number must take ("21 гривня" is "двадцять одна гривня", which a voice reading
//! the digits would say "двадцять один").

use super::numbers::{BILLION, Gender, MILLION, Noun, Number, THOUSAND, TRILLION};
use crate::narration::expand::{At, Spoken};
use crate::narration::words::Word;

use super::numbers::noun as unit;
use Gender::{Feminine, Masculine};

/// Written scales, with and without their dot ("тис." takes one, "млн" and "млрд"
/// officially do not, but are often written with it).
pub(super) const SCALES: [(&str, Noun); 4] = [
    ("тис", THOUSAND),
    ("млн", MILLION),
    ("млрд", BILLION),
    ("трлн", TRILLION),
];

/// Unit symbols, said only after a number. "м" and "т" are also "місто" and "том"
/// before a name or a number, "г" a letter: after a number they are units.
const UNITS: [(&str, Noun); 20] = [
    (
        "км",
        unit(
            Masculine,
            "кілометр",
            "кілометри",
            "кілометрів",
            "кілометра",
        ),
    ),
    (
        "км/год",
        unit(
            Masculine,
            "кілометр на годину",
            "кілометри на годину",
            "кілометрів на годину",
            "кілометра на годину",
        ),
    ),
    (
        "км²",
        unit(
            Masculine,
            "квадратний кілометр",
            "квадратні кілометри",
            "квадратних кілометрів",
            "квадратного кілометра",
        ),
    ),
    ("м", unit(Masculine, "метр", "метри", "метрів", "метра")),
    (
        "см",
        unit(
            Masculine,
            "сантиметр",
            "сантиметри",
            "сантиметрів",
            "сантиметра",
        ),
    ),
    (
        "мм",
        unit(
            Masculine,
            "міліметр",
            "міліметри",
            "міліметрів",
            "міліметра",
        ),
    ),
    (
        "кг",
        unit(
            Masculine,
            "кілограм",
            "кілограми",
            "кілограмів",
            "кілограма",
        ),
    ),
    ("г", unit(Masculine, "грам", "грами", "грамів", "грама")),
    ("т", unit(Feminine, "тонна", "тонни", "тонн", "тонни")),
    (
        "га",
        unit(Masculine, "гектар", "гектари", "гектарів", "гектара"),
    ),
    ("л", unit(Masculine, "літр", "літри", "літрів", "літра")),
    ("год", unit(Feminine, "година", "години", "годин", "години")),
    (
        "хв",
        unit(Feminine, "хвилина", "хвилини", "хвилин", "хвилини"),
    ),
    (
        "с",
        unit(Feminine, "секунда", "секунди", "секунд", "секунди"),
    ),
    (
        "кВт",
        unit(Masculine, "кіловат", "кіловати", "кіловатів", "кіловата"),
    ),
    (
        "МВт",
        unit(Masculine, "мегават", "мегавати", "мегаватів", "мегавата"),
    ),
    (
        "ГВт",
        unit(Masculine, "гігават", "гігавати", "гігаватів", "гігавата"),
    ),
    (
        "°C",
        unit(
            Masculine,
            "градус за Цельсієм",
            "градуси за Цельсієм",
            "градусів за Цельсієм",
            "градуса за Цельсієм",
        ),
    ),
    (
        "°С",
        unit(
            Masculine,
            "градус за Цельсієм",
            "градуси за Цельсієм",
            "градусів за Цельсієм",
            "градуса за Цельсієм",
        ),
    ),
    (
        "°",
        unit(Masculine, "градус", "градуси", "градусів", "градуса"),
    ),
];

/// Beginnings of nouns written in full that are feminine or neuter, so a number
/// before them must be said in words to agree ("21 гривня", "2 години", "1 євро").
/// Masculine nouns need nothing: the voice reads digits as masculine.
const GENDERED_NOUNS: [(&str, Gender); 12] = [
    ("грив", Feminine),
    ("копій", Feminine),
    ("тисяч", Feminine),
    ("годин", Feminine),
    ("хвилин", Feminine),
    ("секунд", Feminine),
    ("тонн", Feminine),
    ("доб", Feminine),
    ("особ", Feminine),
    ("людин", Feminine),
    ("євро", Gender::Neuter),
    ("місц", Gender::Neuter),
];

/// The scale after a number, written short or in full ("млн", "мільйонів").
pub(super) fn scale_of(word: &Word) -> Option<Noun> {
    let core = word.core.as_str();
    if let Some((_, scale)) = SCALES.iter().find(|(short, _)| *short == core) {
        return Some(*scale);
    }
    [THOUSAND, MILLION, BILLION, TRILLION]
        .into_iter()
        .find(|scale| [scale.one, scale.few, scale.many].contains(&core))
}

/// A short scale's own dot is part of it: it stays only where it also ends the sentence.
pub(super) fn trail_after(word: &Word, at: &At, consumed: usize) -> String {
    if word.is_dotted() && SCALES.iter().any(|(short, _)| *short == word.core) {
        crate::narration::expand::trail_after_abbreviation(word, at.sentence_follows(consumed))
    } else {
        word.trail.clone()
    }
}

/// "5 км", "5км", "12 млн", "21 гривня", "2 тис. осіб".
pub(super) fn counted(at: &At) -> Option<Spoken> {
    let word = at.word();
    if let Some(attached) = attached_unit(at) {
        return Some(attached);
    }
    let (number, consumed) = Number::read(at, &word.core)?;
    let last = at.ahead(consumed - 1)?;
    let next = at.ahead(consumed).filter(|_| last.trail.is_empty())?;
    if let Some(scale) = scale_of(next) {
        let said = number.counting(&scale)?;
        let trail = trail_after(next, at, consumed + 1);
        return Some(Spoken::many(consumed + 1, &said, &trail));
    }
    if let Some((_, noun)) = UNITS.iter().find(|(symbol, _)| *symbol == next.core) {
        let said = number.counting(noun)?;
        return Some(Spoken::many(consumed + 1, &said, &next.trail));
    }
    let lower = next.core.to_lowercase();
    let (_, gender) = GENDERED_NOUNS
        .iter()
        .find(|(stem, _)| lower.starts_with(stem))?;
    let said = number.said(*gender)?;
    Some(Spoken::many(consumed, &said, &last.trail))
}

/// "5км", "30°C": the unit written onto the number.
fn attached_unit(at: &At) -> Option<Spoken> {
    let word = at.word();
    let split = word
        .core
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ',' | '-' | '+' | '−')))?;
    let (digits, symbol) = word.core.split_at(split);
    let number = Number::parse(digits)?;
    let (_, noun) = UNITS.iter().find(|(written, _)| *written == symbol)?;
    Some(Spoken::one(&number.counting(noun)?, word))
}

#[cfg(test)]
mod tests {
    use super::super::check;

    #[test]
    fn units_after_a_number_agree_with_it() {
        check(&[
            ("5 км", "п'ять кілометрів"),
            ("1 км", "один кілометр"),
            ("22 км", "двадцять два кілометри"),
            ("5,5 км", "п'ять цілих п'ять десятих кілометра"),
            ("60 км/год", "шістдесят кілометрів на годину"),
            ("10км.", "десять кілометрів."),
            ("1 т", "одна тонна"),
            ("2 т зерна", "дві тонни зерна"),
            ("3 кг", "три кілограми"),
            ("1 000 га", "тисяча гектарів"),
            ("300 МВт", "триста мегаватів"),
            ("-5 °C", "мінус п'ять градусів за Цельсієм"),
            ("+21°C", "плюс двадцять один градус за Цельсієм"),
            ("2 год", "дві години"),
            ("15 хв", "п'ятнадцять хвилин"),
        ]);
    }

    #[test]
    fn scales_after_a_number_agree_with_it() {
        check(&[
            ("12 млн", "дванадцять мільйонів"),
            ("1 млн осіб", "один мільйон осіб"),
            ("2 млн", "два мільйони"),
            ("5 тис. осіб", "п'ять тисяч осіб"),
            ("1 тис.", "одна тисяча."),
            ("2 тис. Далі", "дві тисячі. Далі"),
            ("1,5 тис. осіб", "півтори тисячі осіб"),
            ("1,5 млн", "півтора мільйона"),
            ("3,2 млрд", "три цілих дві десятих мільярда"),
            ("21 мільйон", "двадцять один мільйон"),
        ]);
    }

    #[test]
    fn numbers_take_the_gender_of_the_noun_written_after_them() {
        check(&[
            ("21 гривня", "двадцять одна гривня"),
            ("2 гривні", "дві гривні"),
            ("1 євро", "одне євро"),
            ("2 години", "дві години"),
            ("22 особи", "двадцять дві особи"),
            ("2 доби", "дві доби"),
            ("2 доларів", "2 доларів"),
            ("5 днів", "5 днів"),
        ]);
    }

    #[test]
    fn unit_letters_away_from_a_number_stay() {
        check(&[
            ("км", "км"),
            ("у м. Києві", "у місті Києві"),
            ("5 кмх", "5 кмх"),
            ("т. зв.", "так званий"),
        ]);
    }
}
