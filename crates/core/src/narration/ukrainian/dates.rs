//! Dates, years and centuries, said with ordinals in the case Ukrainian puts them:
//! "16.11.2026" is "шістнадцяте листопада дві тисячі двадцять шостого року", "у 2026
//! р." "у дві тисячі двадцять шостому році", "XXI ст." "двадцять першого століття".
//!
//! The day is said in the nominative ("шістнадцяте листопада"), or in the genitive
//! after a preposition that asks for it ("до шістнадцятого листопада"). A date
//! standing for "on that day" in running text is also said in the genitive by many
//! newsreaders ("шістнадцятого листопада уряд ухвалив"); telling that use from a
//! date named as such needs the sentence's grammar, so the nominative is kept there.

use super::ordinals::{Form, ordinal};
use crate::narration::expand::{At, Spoken, trail_after_abbreviation};
use crate::narration::words::Word;

/// Months in the genitive, as a date says them ("16 листопада").
const MONTHS: [&str; 12] = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
];

/// Prepositions after which a day or year is in the genitive ("до 16 листопада", "з
/// 2026 року").
const GENITIVE_PREPOSITIONS: [&str; 9] = [
    "до",
    "з",
    "із",
    "від",
    "після",
    "близько",
    "протягом",
    "напередодні",
    "починаючи",
];

/// "16.11.2026" (and "16.11.2026 р.") -> "шістнадцяте листопада дві тисячі двадцять
/// шостого року".
pub(super) fn numeric_date(at: &At) -> Option<Spoken> {
    let word = at.word();
    let mut parts = word.core.split('.');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |part: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some()
        || !digits(day, 1..=2)
        || !digits(month, 1..=2)
        || !digits(year, 4..=4)
    {
        return None;
    }
    let date =
        jiff::civil::Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()?;
    let day = ordinal(u64::try_from(date.day()).ok()?, day_form(at))?;
    let month = MONTHS[usize::try_from(date.month()).ok()? - 1];
    let year = ordinal(u64::try_from(date.year()).ok()?, Form::Genitive)?;
    let said = format!("{day} {month} {year} року");
    Some(with_year_word(at, &said, 1, word))
}

/// "16 листопада" -> "шістнадцяте листопада", and the year after it if there is one
/// ("16 листопада 2026 р.", "16 листопада 2026").
pub(super) fn day_and_month(at: &At) -> Option<Spoken> {
    let word = at.word();
    let day: u64 = word
        .core
        .parse()
        .ok()
        .filter(|day| (1..=31).contains(day) && word.trail.is_empty())?;
    let month = at
        .ahead(1)
        .filter(|next| MONTHS.contains(&next.core.as_str()))?;
    let said = format!("{} {}", ordinal(day, day_form(at))?, month.core);
    let year = at
        .ahead(2)
        .filter(|year| month.trail.is_empty() && year.core.len() == 4)
        .and_then(|year| Some((year, year_number(year)?)));
    let Some((year, number)) = year else {
        return Some(Spoken::many(2, &said, &month.trail));
    };
    let said = format!("{said} {} року", ordinal(number, Form::Genitive)?);
    Some(with_year_word(at, &said, 3, year))
}

/// After a date's year: a following "р." or "року" is the "року" already said.
fn with_year_word(at: &At, said: &str, consumed: usize, year: &Word) -> Spoken {
    let next = at.ahead(consumed).filter(|_| year.trail.is_empty());
    match next {
        Some(next) if is_year_word(next) => {
            let trail = year_word_trail(at, next, consumed + 1);
            Spoken::many(consumed + 1, said, &trail)
        }
        _ => Spoken::many(consumed, said, &year.trail),
    }
}

fn is_year_word(word: &Word) -> bool {
    (word.core == "р" && word.is_dotted()) || word.core == "року"
}

fn year_word_trail(at: &At, word: &Word, consumed: usize) -> String {
    if word.core == "р" {
        trail_after_abbreviation(word, at.sentence_follows(consumed))
    } else {
        word.trail.clone()
    }
}

/// "2026 р." -> "дві тисячі двадцять шостого року", "у 2026 р." -> "у … шостому
/// році", "2026 року", "у 2026 році", "на 2026 рік".
pub(super) fn year(at: &At) -> Option<Spoken> {
    let word = at.word();
    let number = year_number(word).filter(|_| word.trail.is_empty())?;
    let next = at.ahead(1)?;
    let preposition = previous_word(at);
    let (form, noun) = match next.core.as_str() {
        "р" if next.is_dotted() => match preposition.as_str() {
            "у" | "в" => (Form::Locative, "році"),
            "на" => (Form::Masculine, "рік"),
            _ => (Form::Genitive, "року"),
        },
        "року" => (Form::Genitive, "року"),
        "році" => (Form::Locative, "році"),
        "рік" if number >= 1000 => (Form::Masculine, "рік"),
        _ => return None,
    };
    let said = format!("{} {noun}", ordinal(number, form)?);
    Some(Spoken::many(2, &said, &year_word_trail(at, next, 2)))
}

/// A year as written: one to four digits.
fn year_number(word: &Word) -> Option<u64> {
    let digits = word.core.len() <= 4 && word.core.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| word.core.parse().ok()).flatten()
}

/// "XXI ст." -> "двадцять першого століття", "у XXI столітті" -> "у двадцять першому
/// столітті". Roman numerals are read only before the word for century.
pub(super) fn century(at: &At) -> Option<Spoken> {
    let word = at.word();
    let number = roman(&word.core)
        .or_else(|| word.core.parse().ok().filter(|n| (1..=30).contains(n)))
        .filter(|_| word.trail.is_empty())?;
    let next = at.ahead(1)?;
    let (form, noun) = match next.core.as_str() {
        "ст" if next.is_dotted() => match previous_word(at).as_str() {
            "у" | "в" => (Form::Locative, "столітті"),
            _ => (Form::Genitive, "століття"),
        },
        "століття" | "сторіччя" => (Form::Genitive, next.core.as_str()),
        "столітті" | "сторіччі" => (Form::Locative, next.core.as_str()),
        _ => return None,
    };
    let said = format!("{} {noun}", ordinal(number, form)?);
    let trail = if next.core == "ст" {
        trail_after_abbreviation(next, at.sentence_follows(2))
    } else {
        next.trail.clone()
    };
    Some(Spoken::many(2, &said, &trail))
}

/// "XXI" -> 21; numerals up to 39 written the usual way.
fn roman(text: &str) -> Option<u64> {
    let tens = text.len() - text.trim_start_matches('X').len();
    let rest = &text[tens..];
    const ONES: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let ones = ONES.iter().position(|ones| *ones == rest)?;
    let n = tens * 10 + ones;
    (tens <= 3 && n > 0).then_some(n as u64)
}

/// The day of a date: nominative, or genitive after "до", "з", "від" …
fn day_form(at: &At) -> Form {
    if GENITIVE_PREPOSITIONS.contains(&previous_word(at).as_str()) {
        Form::Genitive
    } else {
        Form::Neuter
    }
}

/// The word before, lowercase, when nothing stands between them.
pub(super) fn previous_word(at: &At) -> String {
    at.previous()
        .filter(|previous| previous.trail.is_empty())
        .map(|previous| previous.core.to_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::roman;

    #[test]
    fn numeric_dates_are_said_in_full() {
        check(&[
            (
                "16.11.2026",
                "шістнадцяте листопада дві тисячі двадцять шостого року",
            ),
            (
                "16.11.2026 р.",
                "шістнадцяте листопада дві тисячі двадцять шостого року.",
            ),
            (
                "до 01.01.2027 р. уряд",
                "до першого січня дві тисячі двадцять сьомого року уряд",
            ),
            (
                "(24.08.1991)",
                "(двадцять четверте серпня тисяча дев'ятсот дев'яносто першого року)",
            ),
            ("31.02.2026", "31.02.2026"),
            ("16.11", "16.11"),
        ]);
    }

    #[test]
    fn days_before_a_month_are_ordinals() {
        check(&[
            ("16 листопада", "шістнадцяте листопада"),
            ("з 3 березня", "з третього березня"),
            ("до 1 вересня,", "до першого вересня,"),
            (
                "16 листопада 2026 р.",
                "шістнадцяте листопада дві тисячі двадцять шостого року.",
            ),
            (
                "16 листопада 2026 року відбулося",
                "шістнадцяте листопада дві тисячі двадцять шостого року відбулося",
            ),
            (
                "16 листопада 2026",
                "шістнадцяте листопада дві тисячі двадцять шостого року",
            ),
            ("32 листопада", "32 листопада"),
            ("16 котів", "16 котів"),
            ("16 листопада 10 людей", "шістнадцяте листопада 10 людей"),
        ]);
    }

    #[test]
    fn years_are_ordinals_before_the_word_for_year() {
        check(&[
            ("2026 р.", "дві тисячі двадцять шостого року."),
            ("2026 р. Уряд", "дві тисячі двадцять шостого року. Уряд"),
            ("у 2026 р. уряд", "у дві тисячі двадцять шостому році уряд"),
            ("на 2027 р.", "на дві тисячі двадцять сьомий рік."),
            ("з 2014 року", "з дві тисячі чотирнадцятого року"),
            ("в 1991 році", "в тисяча дев'ятсот дев'яносто першому році"),
            ("2000 року", "двохтисячного року"),
            ("2026 рік", "дві тисячі двадцять шостий рік"),
            ("1 рік", "1 рік"),
            ("5 років", "5 років"),
        ]);
    }

    #[test]
    fn centuries_are_ordinals() {
        check(&[
            ("XXI ст.", "двадцять першого століття."),
            ("XXI ст. Далі", "двадцять першого століття. Далі"),
            ("у XX ст. було", "у двадцятому столітті було"),
            ("XIX століття", "дев'ятнадцятого століття"),
            ("у XVIII столітті", "у вісімнадцятому столітті"),
            ("21 ст.", "двадцять першого століття."),
            ("XXI", "XXI"),
        ]);
        assert_eq!(roman("XXIV"), Some(24));
        assert_eq!(roman("IX"), Some(9));
        assert_eq!(roman("XXXX"), None);
        assert_eq!(roman(""), None);
        assert_eq!(roman("IIII"), None);
    }
}
