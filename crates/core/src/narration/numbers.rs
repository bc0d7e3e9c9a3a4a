//! Numbers in words where digits alone would be misread: ordinals ("21st" is
//! "twenty-first", not "twenty-one s t"). Plain numbers stay digits, which every
//! engine reads well.

use super::expand::{At, Spoken};

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const SCALES: [(u64, &str); 6] = [
    (1_000_000_000_000_000_000, "quintillion"),
    (1_000_000_000_000_000, "quadrillion"),
    (1_000_000_000_000, "trillion"),
    (1_000_000_000, "billion"),
    (1_000_000, "million"),
    (1_000, "thousand"),
];
const ORDINAL_SUFFIXES: [&str; 4] = ["st", "nd", "rd", "th"];

/// "21st" -> "twenty-first", "1,000th" -> "one thousandth".
pub(super) fn ordinal(at: &At) -> Option<Spoken> {
    let word = at.word();
    let digits = ORDINAL_SUFFIXES.iter().find_map(|suffix| {
        let split = word.core.len().checked_sub(suffix.len())?;
        let (digits, end) = word.core.split_at_checked(split)?;
        end.eq_ignore_ascii_case(suffix).then_some(digits)
    })?;
    let n = integer(digits)?;
    Some(Spoken::one(&ordinal_words(n), word))
}

/// "12", "1,200", "3.5": a number as written in running text.
pub(super) fn is_number(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    integer(whole).is_some() && !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// "-5" -> ("minus ", "5"): a minus sign is said.
pub(super) fn sign(text: &str) -> (&'static str, &str) {
    match text.strip_prefix('-') {
        Some(rest) => ("minus ", rest),
        None => ("", text),
    }
}

/// "12.5km" -> ("12.5", "km"): the digits a word starts with and what follows them.
pub(super) fn leading_number(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(text.len());
    text.split_at(end)
}

/// "1,200" -> 1200. Commas must group thousands; anything else is not an integer.
pub(super) fn integer(text: &str) -> Option<u64> {
    let mut groups = text.split(',');
    let first = groups.next()?;
    let first_ok = !first.is_empty() && (first.len() <= 3 || !text.contains(','));
    let rest_ok = groups.all(|group| group.len() == 3);
    if !first_ok || !rest_ok {
        return None;
    }
    let digits: String = text.chars().filter(|c| *c != ',').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// 2026 -> "two thousand twenty-six" (American style, without "and").
pub(super) fn cardinal_words(n: u64) -> String {
    let mut parts = Vec::new();
    let mut rest = n;
    for (size, name) in SCALES {
        if rest >= size {
            parts.push(format!("{} {name}", below_thousand(rest / size)));
            rest %= size;
        }
    }
    if rest > 0 || parts.is_empty() {
        parts.push(below_thousand(rest));
    }
    parts.join(" ")
}

/// 42 -> "forty-second": the cardinal with its last word made ordinal.
pub(super) fn ordinal_words(n: u64) -> String {
    let cardinal = cardinal_words(n);
    let last_start = cardinal.rfind([' ', '-']).map_or(0, |i| i + 1);
    let (head, last) = cardinal.split_at(last_start);
    format!("{head}{}", ordinal_of(last))
}

fn ordinal_of(word: &str) -> String {
    match word {
        "one" => "first".to_owned(),
        "two" => "second".to_owned(),
        "three" => "third".to_owned(),
        "five" => "fifth".to_owned(),
        "eight" => "eighth".to_owned(),
        "nine" => "ninth".to_owned(),
        "twelve" => "twelfth".to_owned(),
        tens if tens.ends_with('y') => format!("{}ieth", &tens[..tens.len() - 1]),
        other => format!("{other}th"),
    }
}

fn below_thousand(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    match (hundreds, rest) {
        (0, rest) => below_hundred(rest),
        (hundreds, 0) => format!("{} hundred", below_hundred(hundreds)),
        (hundreds, rest) => format!(
            "{} hundred {}",
            below_hundred(hundreds),
            below_hundred(rest)
        ),
    }
}

fn below_hundred(n: u64) -> String {
    // Callers pass n < 100, so the indexes are in range.
    let n = usize::try_from(n).unwrap_or(0) % 100;
    match (n / 10, n % 10) {
        (0 | 1, _) => ONES[n].to_owned(),
        (tens, 0) => TENS[tens].to_owned(),
        (tens, ones) => format!("{}-{}", TENS[tens], ONES[ones]),
    }
}

#[cfg(test)]
mod tests {
    use super::super::speakable;
    use super::*;

    #[test]
    fn ordinals_are_said_as_words() {
        let cases = [
            ("the 1st day", "the first day"),
            ("2nd place", "second place"),
            ("3rd, 4th and 5th", "third, fourth and fifth"),
            ("her 11th title", "her eleventh title"),
            ("12th, 13th", "twelfth, thirteenth"),
            ("the 21st century", "the twenty-first century"),
            ("42nd Street", "forty-second Street"),
            ("its 100th year", "its one hundredth year"),
            ("the 1,000th visitor", "the one thousandth visitor"),
            ("the 2026th run", "the two thousand twenty-sixth run"),
            ("9,999th", "nine thousand nine hundred ninety-ninth"),
            ("1ST", "first"),
            ("1st-place finish", "first place finish"),
        ];
        for (text, expected) in cases {
            assert_eq!(speakable(text), expected, "{text}");
        }
    }

    #[test]
    fn things_that_look_like_ordinals_are_left_alone() {
        for text in ["1sth", "st", "1,00th", "first", "99999999999999999999th"] {
            assert_eq!(speakable(text), text);
        }
    }

    #[test]
    fn cardinals_cover_every_scale() {
        let cases = [
            (0, "zero"),
            (7, "seven"),
            (15, "fifteen"),
            (40, "forty"),
            (99, "ninety-nine"),
            (101, "one hundred one"),
            (1_000, "one thousand"),
            (20_026, "twenty thousand twenty-six"),
            (1_000_001, "one million one"),
            (
                u64::MAX,
                "eighteen quintillion four hundred forty-six quadrillion seven hundred forty-four trillion seventy-three billion seven hundred nine million five hundred fifty-one thousand six hundred fifteen",
            ),
        ];
        for (n, expected) in cases {
            assert_eq!(cardinal_words(n), expected, "{n}");
        }
    }

    #[test]
    fn numbers_are_recognised_as_written() {
        for number in ["12", "1,200", "3.5", "1,234,567.89", "0"] {
            assert!(is_number(number), "{number}");
        }
        for not_number in ["", "1,2", "12,", "3.", ".5", "1.2.3", "12a", "1,2345"] {
            assert!(!is_number(not_number), "{not_number}");
        }
    }
}
