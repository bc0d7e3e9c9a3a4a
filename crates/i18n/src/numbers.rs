//! Numbers written the way a language writes them: its thousands separator and its
//! decimal mark. Fluent's own NUMBER formatting in fluent-rs prints plain digits, so
//! every number a message shows goes through [`NumberStyle`] instead (see
//! [`format_value`], the bundles' formatter).

use fluent_bundle::FluentValue;
use fluent_bundle::types::FluentNumber;
use intl_memoizer::Memoizable;
use intl_memoizer::concurrent::IntlLangMemoizer;
use unic_langid::LanguageIdentifier;

/// How one language writes numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    /// Between groups of three digits.
    pub group: &'static str,
    pub decimal: &'static str,
    /// The fewest digits an integer part must have to be grouped: 4 writes "1,234",
    /// 5 writes "1234" but "12 345" (Polish and Spanish do).
    pub group_from: usize,
}

const NBSP: &str = "\u{a0}";

const ENGLISH: NumberStyle = NumberStyle {
    group: ",",
    decimal: ".",
    group_from: 4,
};

/// The styles Byline knows, by primary language. A language missing here writes
/// numbers as English does; add a line when a theme brings a new language.
const STYLES: &[(&str, NumberStyle)] = &[
    ("en", ENGLISH),
    (
        "uk",
        NumberStyle {
            group: NBSP,
            decimal: ",",
            group_from: 4,
        },
    ),
    (
        "de",
        NumberStyle {
            group: ".",
            decimal: ",",
            group_from: 4,
        },
    ),
    (
        "fr",
        NumberStyle {
            group: "\u{202f}",
            decimal: ",",
            group_from: 4,
        },
    ),
    (
        "pl",
        NumberStyle {
            group: NBSP,
            decimal: ",",
            group_from: 5,
        },
    ),
    (
        "es",
        NumberStyle {
            group: ".",
            decimal: ",",
            group_from: 5,
        },
    ),
];

impl NumberStyle {
    /// The style of a language by its primary subtag (`uk` for `uk-UA`).
    pub fn of(primary_language: &str) -> NumberStyle {
        STYLES
            .iter()
            .find(|(language, _)| *language == primary_language)
            .map(|(_, style)| *style)
            .unwrap_or(ENGLISH)
    }

    /// A whole number: `12345` is "12,345" in English, "12 345" in Ukrainian.
    pub fn integer(&self, value: i64) -> String {
        let digits = value.unsigned_abs().to_string();
        let sign = if value < 0 { "-" } else { "" };
        format!("{sign}{}", self.grouped(&digits))
    }

    /// A number with a fractional part, with at most `max_fraction` digits after the
    /// mark (trailing zeros dropped): 1.5 is "1.5" in English, "1,5" in Ukrainian.
    pub fn decimal(&self, value: f64, max_fraction: usize) -> String {
        self.decimal_digits(value, 0, max_fraction)
    }

    fn decimal_digits(&self, value: f64, min_fraction: usize, max_fraction: usize) -> String {
        if !value.is_finite() {
            return value.to_string();
        }
        let max_fraction = max_fraction.max(min_fraction);
        let fixed = format!("{:.*}", max_fraction, value.abs());
        let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let keep = fraction.trim_end_matches('0').len().max(min_fraction);
        let fraction = &fraction[..keep.min(fraction.len())];
        let negative = value < 0.0 && (whole.bytes().any(|b| b != b'0') || !fraction.is_empty());
        let sign = if negative { "-" } else { "" };
        let whole = self.grouped(whole);
        if fraction.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{}{fraction}", self.decimal)
        }
    }

    fn grouped(&self, digits: &str) -> String {
        if digits.len() < self.group_from {
            return digits.to_owned();
        }
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * self.group.len());
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                out.push_str(self.group);
            }
            out.push(digit);
        }
        out
    }

    fn fluent_number(&self, number: &FluentNumber) -> String {
        let options = &number.options;
        let min = options.minimum_fraction_digits.unwrap_or(0);
        let max = options.maximum_fraction_digits.unwrap_or(3);
        if number.value.fract() == 0.0 && min == 0 && number.value.abs() < 9.0e15 {
            return self.integer(number.value as i64);
        }
        self.decimal_digits(number.value, min, max)
    }
}

/// The style as a bundle's memoizer keeps it: built once per bundle.
impl Memoizable for NumberStyle {
    type Args = ();
    type Error = ();

    fn construct(language: LanguageIdentifier, _: ()) -> Result<Self, ()> {
        Ok(NumberStyle::of(language.language.as_str()))
    }
}

/// The bundles' formatter: numbers in the bundle's language's style; anything else
/// as Fluent writes it.
pub(crate) fn format_value(value: &FluentValue, intls: &IntlLangMemoizer) -> Option<String> {
    match value {
        FluentValue::Number(number) => intls
            .with_try_get::<NumberStyle, _, _>((), |style| style.fluent_number(number))
            .ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_groups_thousands_with_commas() {
        let en = NumberStyle::of("en");
        let cases = [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (12345, "12,345"),
            (1234567, "1,234,567"),
            (-4200, "-4,200"),
        ];
        for (value, expected) in cases {
            assert_eq!(en.integer(value), expected, "{value}");
        }
        assert_eq!(en.decimal(1.5, 1), "1.5");
        assert_eq!(en.decimal(1234.25, 2), "1,234.25");
        assert_eq!(en.decimal(2.0, 1), "2");
    }

    #[test]
    fn ukrainian_groups_with_a_no_break_space_and_writes_a_decimal_comma() {
        let uk = NumberStyle::of("uk");
        let cases = [
            (5, "5"),
            (999, "999"),
            (1000, "1\u{a0}000"),
            (12345, "12\u{a0}345"),
            (1234567, "1\u{a0}234\u{a0}567"),
        ];
        for (value, expected) in cases {
            assert_eq!(uk.integer(value), expected, "{value}");
        }
        assert_eq!(uk.decimal(1.5, 1), "1,5");
        assert_eq!(uk.decimal(0.25, 2), "0,25");
        assert_eq!(uk.decimal(12345.75, 1), "12\u{a0}345,8");
        assert_eq!(uk.decimal(3.04, 1), "3");
    }

    #[test]
    fn unknown_languages_write_numbers_as_english_does() {
        assert_eq!(NumberStyle::of("xx"), NumberStyle::of("en"));
        assert_eq!(NumberStyle::of("xx").integer(1000), "1,000");
    }

    #[test]
    fn some_languages_group_only_from_five_digits() {
        let pl = NumberStyle::of("pl");
        assert_eq!(pl.integer(1234), "1234");
        assert_eq!(pl.integer(12345), "12\u{a0}345");
    }
}
