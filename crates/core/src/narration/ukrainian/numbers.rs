//! Ukrainian numbers in words, where the words must agree with what they count: a
//! cardinal takes the gender of its noun ("одна гривня", "один долар", "дві гривні")
//! and the noun takes one of three forms by the number ("1 гривня", "2 гривні", "5
//! гривень"; "21 гривня", "11 гривень"). Ordinals are in `ordinals`.
//!
//! Numbers are read as written in Ukrainian: thousands grouped by spaces ("1 000
//! 000"), a decimal comma ("3,5").

use crate::narration::expand::{At, Spoken};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gender {
    Masculine,
    Feminine,
    Neuter,
}

/// A noun counted by a number, in the form each number asks for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Noun {
    pub gender: Gender,
    /// After 1, 21, 101: "гривня".
    pub one: &'static str,
    /// After 2–4, 22–24: "гривні".
    pub few: &'static str,
    /// After 0, 5–20, 25–30, and after a scale word: "гривень".
    pub many: &'static str,
    /// After a fraction ("3,5", "півтори"): the genitive singular, "гривні".
    pub part: &'static str,
}

impl Noun {
    pub fn counted(&self, n: u64) -> &'static str {
        if (11..=14).contains(&(n % 100)) {
            return self.many;
        }
        match n % 10 {
            1 => self.one,
            2..=4 => self.few,
            _ => self.many,
        }
    }
}

pub(super) const fn noun(
    gender: Gender,
    one: &'static str,
    few: &'static str,
    many: &'static str,
    part: &'static str,
) -> Noun {
    Noun {
        gender,
        one,
        few,
        many,
        part,
    }
}

use Gender::{Feminine, Masculine, Neuter};

pub(super) const THOUSAND: Noun = noun(Feminine, "тисяча", "тисячі", "тисяч", "тисячі");
pub(super) const MILLION: Noun = noun(Masculine, "мільйон", "мільйони", "мільйонів", "мільйона");
pub(super) const BILLION: Noun = noun(Masculine, "мільярд", "мільярди", "мільярдів", "мільярда");
pub(super) const TRILLION: Noun = noun(
    Masculine,
    "трильйон",
    "трильйони",
    "трильйонів",
    "трильйона",
);
const QUADRILLION: Noun = noun(
    Masculine,
    "квадрильйон",
    "квадрильйони",
    "квадрильйонів",
    "квадрильйона",
);
const QUINTILLION: Noun = noun(
    Masculine,
    "квінтильйон",
    "квінтильйони",
    "квінтильйонів",
    "квінтильйона",
);

const SCALES: [(u64, Noun); 6] = [
    (1_000_000_000_000_000_000, QUINTILLION),
    (1_000_000_000_000_000, QUADRILLION),
    (1_000_000_000_000, TRILLION),
    (1_000_000_000, BILLION),
    (1_000_000, MILLION),
    (1_000, THOUSAND),
];

const ONES: [&str; 20] = [
    "нуль",
    "один",
    "два",
    "три",
    "чотири",
    "п'ять",
    "шість",
    "сім",
    "вісім",
    "дев'ять",
    "десять",
    "одинадцять",
    "дванадцять",
    "тринадцять",
    "чотирнадцять",
    "п'ятнадцять",
    "шістнадцять",
    "сімнадцять",
    "вісімнадцять",
    "дев'ятнадцять",
];
const TENS: [&str; 10] = [
    "",
    "",
    "двадцять",
    "тридцять",
    "сорок",
    "п'ятдесят",
    "шістдесят",
    "сімдесят",
    "вісімдесят",
    "дев'яносто",
];
const HUNDREDS: [&str; 10] = [
    "",
    "сто",
    "двісті",
    "триста",
    "чотириста",
    "п'ятсот",
    "шістсот",
    "сімсот",
    "вісімсот",
    "дев'ятсот",
];

/// 2026 -> "дві тисячі двадцять шість"; 21 feminine -> "двадцять одна". A leading
/// thousand or million is said without "один" ("тисяча", "мільйон"), as in speech.
pub(super) fn cardinal(n: u64, gender: Gender) -> String {
    if n == 0 {
        return ONES[0].to_owned();
    }
    let mut parts = Vec::new();
    let mut rest = n;
    for (size, scale) in SCALES {
        let count = rest / size;
        if count == 0 {
            continue;
        }
        if count > 1 || !parts.is_empty() {
            parts.push(below_thousand(count, scale.gender));
        }
        parts.push(scale.counted(count).to_owned());
        rest %= size;
    }
    if rest > 0 {
        parts.push(below_thousand(rest, gender));
    }
    parts.join(" ")
}

fn below_thousand(n: u64, gender: Gender) -> String {
    let hundreds = HUNDREDS[index(n / 100)];
    let rest = n % 100;
    match (hundreds, rest) {
        ("", rest) => below_hundred(rest, gender),
        (hundreds, 0) => hundreds.to_owned(),
        (hundreds, rest) => format!("{hundreds} {}", below_hundred(rest, gender)),
    }
}

fn below_hundred(n: u64, gender: Gender) -> String {
    let n = index(n);
    match (n / 10, n % 10) {
        (0 | 1, _) => unit(n, gender).to_owned(),
        (tens, 0) => TENS[tens].to_owned(),
        (tens, ones) => format!("{} {}", TENS[tens], unit(ones, gender)),
    }
}

/// One and two are the numbers with a gender.
fn unit(n: usize, gender: Gender) -> &'static str {
    match (n, gender) {
        (1, Feminine) => "одна",
        (1, Neuter) => "одне",
        (2, Feminine) => "дві",
        (n, _) => ONES[n],
    }
}

/// Callers pass numbers below 1,000 (or below 100 for tables of ten), so the index
/// is in range.
pub(super) fn index(n: u64) -> usize {
    usize::try_from(n % 1000).unwrap_or(0)
}

/// A number as written: "12", "-5", "3,5", "1 000 000" (over several words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Number {
    pub minus: bool,
    /// Written with a plus sign ("+3%", "+21°C"), which is said.
    pub plus: bool,
    pub whole: u64,
    /// The digits after the decimal comma.
    pub fraction: Option<String>,
}

impl Number {
    /// "12", "-5", "+3", "3,5" in one piece of text.
    pub fn parse(text: &str) -> Option<Number> {
        let (minus, plus, text) = match (text.strip_prefix(['-', '−']), text.strip_prefix('+')) {
            (Some(rest), _) => (true, false, rest),
            (None, Some(rest)) => (false, true, rest),
            (None, None) => (false, false, text),
        };
        let (whole, fraction) = match text.split_once(',') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (text, None),
        };
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
            return None;
        }
        Some(Number {
            minus,
            plus,
            whole: whole.parse().ok()?,
            fraction: fraction.map(str::to_owned),
        })
    }

    /// The number that starts at `at`, its first word being `first` (the word's text
    /// or what is left of it once a currency sign is taken off), with the groups of
    /// three digits that follow it ("1 000 000"). Returns the number and how many
    /// words it took.
    pub fn read(at: &At, first: &str) -> Option<(Number, usize)> {
        let number = Number::parse(first)?;
        let mut text = first.to_owned();
        let mut consumed = 1;
        let groupable = |text: &str| {
            let digits = text.trim_start_matches(['-', '−', '+']);
            (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
        };
        if !groupable(first) {
            return Some((number, consumed));
        }
        while let Some(next) = at.ahead(consumed) {
            let previous = at.ahead(consumed - 1)?;
            let (group, fraction) = next.core.split_once(',').unwrap_or((&next.core, ""));
            let is_group = group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit());
            if !previous.trail.is_empty() || !next.lead.is_empty() || !is_group {
                break;
            }
            text.push_str(&next.core);
            consumed += 1;
            if !fraction.is_empty() {
                break;
            }
        }
        Some((Number::parse(&text)?, consumed))
    }

    /// "3,5" -> "три цілих п'ять десятих"; the whole number in `gender`.
    pub fn said(&self, gender: Gender) -> Option<String> {
        let words = match &self.fraction {
            None => cardinal(self.whole, gender),
            Some(fraction) => decimal(self.whole, fraction)?,
        };
        Some(format!("{}{words}", self.sign()))
    }

    /// "мінус " or "плюс " when the number is written with a sign.
    pub fn sign(&self) -> &'static str {
        match (self.minus, self.plus) {
            (true, _) => "мінус ",
            (false, true) => "плюс ",
            (false, false) => "",
        }
    }

    /// The number with `noun` agreeing: "двадцять одна гривня", "три цілих п'ять
    /// десятих відсотка", "півтори тисячі".
    pub fn counting(&self, noun: &Noun) -> Option<String> {
        if self.sign().is_empty() && self.whole == 1 && self.fraction.as_deref() == Some("5") {
            let half = if noun.gender == Feminine {
                "півтори"
            } else {
                "півтора"
            };
            return Some(format!("{half} {}", noun.part));
        }
        let form = match self.fraction {
            Some(_) => noun.part,
            None => noun.counted(self.whole),
        };
        Some(format!("{} {form}", self.said(noun.gender)?))
    }
}

/// "3", "5" -> "три цілих п'ять десятих". Up to three decimal places; longer
/// decimals stay digits.
fn decimal(whole: u64, fraction: &str) -> Option<String> {
    const WHOLE: Noun = noun(Feminine, "ціла", "цілих", "цілих", "цілих");
    const DENOMINATORS: [Noun; 3] = [
        noun(Feminine, "десята", "десятих", "десятих", "десятих"),
        noun(Feminine, "сота", "сотих", "сотих", "сотих"),
        noun(Feminine, "тисячна", "тисячних", "тисячних", "тисячних"),
    ];
    let denominator = DENOMINATORS.get(fraction.len().checked_sub(1)?)?;
    let numerator: u64 = fraction.parse().ok()?;
    Some(format!(
        "{} {} {} {}",
        cardinal(whole, Feminine),
        WHOLE.counted(whole),
        cardinal(numerator, Feminine),
        denominator.counted(numerator)
    ))
}

/// "1 000 000" -> "1000000": groups of a number written with spaces are joined, so the
/// voice reads one number, not three. The number itself stays digits.
pub(super) fn grouped(at: &At) -> Option<Spoken> {
    let (number, consumed) = Number::read(at, &at.word().core)?;
    if consumed < 2 {
        return None;
    }
    let last = at.ahead(consumed - 1)?;
    let mut digits = format!("{}{}", if number.minus { "-" } else { "" }, number.whole);
    if let Some(fraction) = &number.fraction {
        digits = format!("{digits},{fraction}");
    }
    Some(Spoken::many(consumed, &digits, &last.trail))
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    #[test]
    fn cardinals_agree_in_gender() {
        let cases = [
            (0, Masculine, "нуль"),
            (1, Masculine, "один"),
            (1, Feminine, "одна"),
            (1, Neuter, "одне"),
            (2, Feminine, "дві"),
            (2, Masculine, "два"),
            (11, Feminine, "одинадцять"),
            (21, Feminine, "двадцять одна"),
            (42, Feminine, "сорок дві"),
            (100, Masculine, "сто"),
            (215, Masculine, "двісті п'ятнадцять"),
            (500, Feminine, "п'ятсот"),
            (999, Masculine, "дев'ятсот дев'яносто дев'ять"),
            (1_000, Masculine, "тисяча"),
            (2_026, Masculine, "дві тисячі двадцять шість"),
            (5_000, Masculine, "п'ять тисяч"),
            (21_000, Masculine, "двадцять одна тисяча"),
            (1_000_000, Feminine, "мільйон"),
            (1_001_000, Masculine, "мільйон одна тисяча"),
            (3_000_000, Masculine, "три мільйони"),
            (12_000_000_000, Masculine, "дванадцять мільярдів"),
            (
                u64::MAX,
                Masculine,
                "вісімнадцять квінтильйонів чотириста сорок шість квадрильйонів сімсот сорок чотири трильйони сімдесят три мільярди сімсот дев'ять мільйонів п'ятсот п'ятдесят одна тисяча шістсот п'ятнадцять",
            ),
        ];
        for (n, gender, expected) in cases {
            assert_eq!(cardinal(n, gender), expected, "{n} {gender:?}");
        }
    }

    #[test]
    fn nouns_take_one_of_three_forms() {
        const HRYVNIA: Noun = noun(Feminine, "гривня", "гривні", "гривень", "гривні");
        let cases = [
            (1, "гривня"),
            (2, "гривні"),
            (4, "гривні"),
            (5, "гривень"),
            (11, "гривень"),
            (12, "гривень"),
            (14, "гривень"),
            (20, "гривень"),
            (21, "гривня"),
            (22, "гривні"),
            (100, "гривень"),
            (101, "гривня"),
            (111, "гривень"),
            (1_000_000, "гривень"),
        ];
        for (n, expected) in cases {
            assert_eq!(HRYVNIA.counted(n), expected, "{n}");
        }
    }

    #[test]
    fn numbers_are_read_as_written_in_ukrainian() {
        let number = |whole, fraction: Option<&str>| Number {
            minus: false,
            plus: false,
            whole,
            fraction: fraction.map(str::to_owned),
        };
        assert_eq!(Number::parse("12"), Some(number(12, None)));
        assert_eq!(Number::parse("3,5"), Some(number(3, Some("5"))));
        assert!(Number::parse("+3").unwrap().plus);
        assert!(Number::parse("-5").unwrap().minus);
        for not_number in ["", "3,", ",5", "1.5", "12a", "-", "1,2,3"] {
            assert_eq!(Number::parse(not_number), None, "{not_number}");
        }
        assert_eq!(
            number(3, Some("5")).said(Feminine).as_deref(),
            Some("три цілих п'ять десятих")
        );
        assert_eq!(
            number(1, Some("25")).said(Feminine).as_deref(),
            Some("одна ціла двадцять п'ять сотих")
        );
        assert_eq!(
            number(0, Some("001")).said(Feminine).as_deref(),
            Some("нуль цілих одна тисячна")
        );
        assert_eq!(number(0, Some("0001")).said(Feminine), None);
    }

    #[test]
    fn numbers_grouped_by_spaces_are_one_number() {
        check(&[
            ("1 000 000 людей", "1000000 людей"),
            ("близько 25 000.", "близько 25000."),
            ("2026 100 людей", "2026 100 людей"),
            ("12 345,5 одиниць", "12345,5 одиниць"),
            ("у 10 000", "у 10000"),
            ("7 днів", "7 днів"),
        ]);
    }
}
