//! Ukrainian ordinals ("перший", "шістнадцятого", "дві тисячі двадцять шостому"):
//! adjectives, whose ending follows the gender and case of their noun. Only the last
//! word of a compound ordinal is one; the words before it are cardinals.

use super::numbers::{Gender, cardinal, index};
use crate::narration::expand::{At, Spoken};

/// The gender, number and case an ordinal takes from its noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// "перший (день)"
    Masculine,
    /// "перша (година)"
    Feminine,
    /// "перше (листопада)"
    Neuter,
    /// "першого (року)", masculine and neuter
    Genitive,
    /// "першої (години)"
    FeminineGenitive,
    /// "(у) першому (році)", masculine and neuter; also the dative
    Locative,
    /// "(на) першу (годину)"
    FeminineAccusative,
    /// "(о) першій (годині)"
    FeminineLocative,
    /// "перші (місця)"
    Plural,
    /// "(у 1990-)их (роках)"
    PluralGenitive,
}

impl Form {
    /// Endings of a hard stem ("перш-ий") and of the one soft stem ("трет-ій").
    fn endings(self) -> (&'static str, &'static str) {
        match self {
            Form::Masculine => ("ий", "ій"),
            Form::Feminine => ("а", "я"),
            Form::Neuter => ("е", "є"),
            Form::Genitive => ("ого", "ього"),
            Form::FeminineGenitive => ("ої", "ьої"),
            Form::Locative => ("ому", "ьому"),
            Form::FeminineAccusative => ("у", "ю"),
            Form::FeminineLocative => ("ій", "ій"),
            Form::Plural => ("і", "і"),
            Form::PluralGenitive => ("их", "іх"),
        }
    }
}

const ORDINAL_UNITS: [&str; 20] = [
    "",
    "перш",
    "друг",
    "трет",
    "четверт",
    "п'ят",
    "шост",
    "сьом",
    "восьм",
    "дев'ят",
    "десят",
    "одинадцят",
    "дванадцят",
    "тринадцят",
    "чотирнадцят",
    "п'ятнадцят",
    "шістнадцят",
    "сімнадцят",
    "вісімнадцят",
    "дев'ятнадцят",
];
const ORDINAL_TENS: [&str; 10] = [
    "",
    "",
    "двадцят",
    "тридцят",
    "сороков",
    "п'ятдесят",
    "шістдесят",
    "сімдесят",
    "вісімдесят",
    "дев'яност",
];
const ORDINAL_HUNDREDS: [&str; 10] = [
    "",
    "сот",
    "двохсот",
    "трьохсот",
    "чотирьохсот",
    "п'ятисот",
    "шестисот",
    "семисот",
    "восьмисот",
    "дев'ятисот",
];
const ORDINAL_THOUSANDS: [&str; 6] = [
    "",
    "тисячн",
    "двохтисячн",
    "трьохтисячн",
    "чотирьохтисячн",
    "п'ятитисячн",
];

/// 2026 genitive -> "дві тисячі двадцять шостого": the cardinal with its last word
/// made ordinal. `None` for round numbers past 5,000 ("двадцятитисячний"), which
/// articles hardly use.
pub(super) fn ordinal(n: u64, form: Form) -> Option<String> {
    let (head, stem) = if n.is_multiple_of(1000) {
        let thousands = ORDINAL_THOUSANDS.get(usize::try_from(n / 1000).ok()?)?;
        (0, *thousands)
    } else if n.is_multiple_of(100) {
        (n - n % 1000, ORDINAL_HUNDREDS[index(n / 100 % 10)])
    } else {
        let rest = index(n % 100);
        let (tens, ones) = (rest / 10, rest % 10);
        match (tens, ones) {
            (0 | 1, _) => (n - n % 100, ORDINAL_UNITS[rest]),
            (tens, 0) => (n - n % 100, ORDINAL_TENS[tens]),
            (_, ones) => (n - n % 10, ORDINAL_UNITS[ones]),
        }
    };
    if stem.is_empty() {
        return None;
    }
    let (hard, soft) = form.endings();
    let ending = if stem == "трет" { soft } else { hard };
    let word = format!("{stem}{ending}");
    Some(match head {
        0 => word,
        head => format!("{} {word}", cardinal(head, Gender::Masculine)),
    })
}

/// "1-й" -> "перший", "2-га" -> "друга", "1990-х" -> "тисяча дев'ятсот дев'яностих":
/// the ending written after the hyphen tells the gender and case.
pub(super) fn ordinal_with_ending(at: &At) -> Option<Spoken> {
    let word = at.word();
    let (digits, ending) = word.core.split_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let form = form_of_ending(ending)?;
    let said = ordinal(digits.parse().ok()?, form)?;
    Some(Spoken::one(&said, word))
}

/// The written ending of an ordinal: "й" (-ий), "ша", "ге", "го", "му", "ї", "х".
fn form_of_ending(ending: &str) -> Option<Form> {
    if ending.is_empty() || ending.chars().count() > 3 {
        return None;
    }
    let ends = |suffix: &str| ending.ends_with(suffix);
    Some(match () {
        _ if ends("ій") => Form::FeminineLocative,
        _ if ends("й") => Form::Masculine,
        _ if ends("го") => Form::Genitive,
        _ if ends("му") => Form::Locative,
        _ if ends("а") || ends("я") => Form::Feminine,
        _ if ends("е") || ends("є") => Form::Neuter,
        _ if ends("ї") => Form::FeminineGenitive,
        _ if ends("у") || ends("ю") => Form::FeminineAccusative,
        _ if ends("х") => Form::PluralGenitive,
        _ if ends("і") => Form::Plural,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    #[test]
    fn ordinals_take_the_form_of_their_noun() {
        let cases = [
            (1, Form::Masculine, "перший"),
            (2, Form::Feminine, "друга"),
            (3, Form::Masculine, "третій"),
            (3, Form::Feminine, "третя"),
            (3, Form::Genitive, "третього"),
            (16, Form::Neuter, "шістнадцяте"),
            (15, Form::Feminine, "п'ятнадцята"),
            (15, Form::FeminineLocative, "п'ятнадцятій"),
            (40, Form::Genitive, "сорокового"),
            (90, Form::PluralGenitive, "дев'яностих"),
            (100, Form::Masculine, "сотий"),
            (2026, Form::Genitive, "дві тисячі двадцять шостого"),
            (2026, Form::Locative, "дві тисячі двадцять шостому"),
            (1991, Form::Genitive, "тисяча дев'ятсот дев'яносто першого"),
            (1900, Form::Genitive, "тисяча дев'ятисотого"),
            (2000, Form::Genitive, "двохтисячного"),
            (2010, Form::Masculine, "дві тисячі десятий"),
            (21, Form::Genitive, "двадцять першого"),
            (24, Form::Feminine, "двадцять четверта"),
        ];
        for (n, form, expected) in cases {
            assert_eq!(ordinal(n, form).as_deref(), Some(expected), "{n} {form:?}");
        }
        assert_eq!(ordinal(20_000, Form::Masculine), None);
    }

    #[test]
    fn ordinals_with_a_written_ending() {
        check(&[
            ("1-й етап", "перший етап"),
            ("3-й день", "третій день"),
            ("2-га спроба", "друга спроба"),
            ("3-тя хвиля", "третя хвиля"),
            ("5-те місце", "п'яте місце"),
            ("до 1-го січня", "до першого січня"),
            ("у 2026-му", "у дві тисячі двадцять шостому"),
            ("на 1-ій сторінці", "на першій сторінці"),
            ("у 1990-х роках", "у тисяча дев'ятсот дев'яностих роках"),
            ("10-ти річний", "10-ти річний"),
        ]);
    }
}
