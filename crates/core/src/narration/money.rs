//! Amounts and percentages, said in the order a listener hears them: "$12bn" is
//! "12 billion dollars", "4.5%" is "4.5 percent".

use super::expand::{At, Spoken};
use super::numbers::{integer, is_number, leading_number, sign};
use super::words::Word;

struct Currency {
    symbol: char,
    one: &'static str,
    many: &'static str,
    cent: &'static str,
    cents: &'static str,
}

const CURRENCIES: [Currency; 3] = [
    Currency {
        symbol: '$',
        one: "dollar",
        many: "dollars",
        cent: "cent",
        cents: "cents",
    },
    Currency {
        symbol: '£',
        one: "pound",
        many: "pounds",
        cent: "penny",
        cents: "pence",
    },
    Currency {
        symbol: '€',
        one: "euro",
        many: "euros",
        cent: "cent",
        cents: "cents",
    },
];

/// Letters before "$" that say whose dollars they are ("US$5"). "US" is spelled so
/// the voice does not say the word "us".
const DOLLAR_COUNTRIES: [(&str, &str); 5] = [
    ("US", "U S"),
    ("C", "Canadian"),
    ("A", "Australian"),
    ("NZ", "New Zealand"),
    ("HK", "Hong Kong"),
];

/// Scales written onto an amount ("$4bn", "£3.5m", "$2.5tn", "$40k").
const SCALE_SUFFIXES: [(&str, &str); 10] = [
    ("k", "thousand"),
    ("K", "thousand"),
    ("m", "million"),
    ("M", "million"),
    ("mn", "million"),
    ("b", "billion"),
    ("B", "billion"),
    ("bn", "billion"),
    ("tn", "trillion"),
    ("T", "trillion"),
];
const SCALE_WORDS: [&str; 4] = ["thousand", "million", "billion", "trillion"];

/// An amount as written in one word: "-US$3.5bn".
struct Amount<'a> {
    minus: bool,
    country: Option<&'static str>,
    currency: &'static Currency,
    number: &'a str,
    scale: Option<&'static str>,
}

/// "$12 billion" -> "12 billion dollars", "$12.50" -> "12 dollars and 50 cents",
/// "$10 to 12 million" -> "10 to 12 million dollars".
pub(super) fn amount(at: &At) -> Option<Spoken> {
    let word = at.word();
    let amount = parse_amount(&word.core)?;
    if amount.scale.is_some() || !word.trail.is_empty() {
        return Some(Spoken::one(&amount.said(amount.scale), word));
    }
    if let Some(range) = range(at, &amount) {
        return Some(range);
    }
    match at.ahead(1).and_then(scale_word) {
        Some((scale, next)) => Some(Spoken::many(2, &amount.said(Some(scale)), &next.trail)),
        None => Some(Spoken::one(&amount.said(None), word)),
    }
}

/// "$10 to 12 million": the range shares the currency written on its first end.
fn range(at: &At, amount: &Amount) -> Option<Spoken> {
    let to = at
        .ahead(1)
        .filter(|word| word.core == "to" && word.trail.is_empty())?;
    let end = at.ahead(2).filter(|word| is_number(&word.core))?;
    let (scale, last, consumed) = match at.ahead(3).filter(|_| end.trail.is_empty()) {
        Some(next) => match scale_word(next) {
            Some((scale, next)) => (Some(scale), next, 4),
            None => (None, end, 3),
        },
        None => (None, end, 3),
    };
    let scale = scale.map(|scale| format!(" {scale}")).unwrap_or_default();
    let text = format!(
        "{} {} {}{scale} {}",
        amount.sign_and_number(),
        to.core,
        end.core,
        amount.unit_name(true)
    );
    Some(Spoken::many(consumed, &text, &last.trail))
}

fn scale_word(word: &Word) -> Option<(&'static str, &Word)> {
    let scale = SCALE_WORDS.iter().find(|scale| **scale == word.core)?;
    Some((scale, word))
}

fn parse_amount(core: &str) -> Option<Amount<'_>> {
    let (minus, core) = match core.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, core),
    };
    let (symbol_at, symbol) = core.char_indices().find(|(_, c)| "$£€".contains(*c))?;
    let currency = CURRENCIES.iter().find(|c| c.symbol == symbol)?;
    let prefix = &core[..symbol_at];
    let country = match prefix {
        "" => None,
        prefix if symbol == '$' => Some(DOLLAR_COUNTRIES.iter().find(|(p, _)| *p == prefix)?.1),
        _ => return None,
    };
    let (number, suffix) = leading_number(&core[symbol_at + symbol.len_utf8()..]);
    if !is_number(number) {
        return None;
    }
    let scale = match suffix {
        "" => None,
        suffix => Some(SCALE_SUFFIXES.iter().find(|(s, _)| *s == suffix)?.1),
    };
    Some(Amount {
        minus,
        country,
        currency,
        number,
        scale,
    })
}

impl Amount<'_> {
    fn said(&self, scale: Option<&str>) -> String {
        if let Some(scale) = scale {
            return format!(
                "{} {scale} {}",
                self.sign_and_number(),
                self.unit_name(true)
            );
        }
        if let Some(said) = self.said_with_cents() {
            return said;
        }
        let plural = self.number != "1";
        format!("{} {}", self.sign_and_number(), self.unit_name(plural))
    }

    /// "12.50" is 12 dollars and 50 cents; "3.5" without a scale stays a decimal.
    fn said_with_cents(&self) -> Option<String> {
        let (whole, cents) = self.number.split_once('.')?;
        if cents.len() != 2 {
            return None;
        }
        let cents = integer(cents)?;
        let minus = if self.minus { "minus " } else { "" };
        let cent_name = if cents == 1 {
            self.currency.cent
        } else {
            self.currency.cents
        };
        let whole_name = self.unit_name(whole != "1");
        Some(match (integer(whole)?, cents) {
            (0, 0) => format!("{minus}0 {whole_name}"),
            (0, cents) => format!("{minus}{cents} {cent_name}"),
            (_, 0) => format!("{minus}{whole} {whole_name}"),
            (_, cents) => format!("{minus}{whole} {whole_name} and {cents} {cent_name}"),
        })
    }

    fn sign_and_number(&self) -> String {
        let minus = if self.minus { "minus " } else { "" };
        format!("{minus}{}", self.number)
    }

    fn unit_name(&self, plural: bool) -> String {
        let name = if plural {
            self.currency.many
        } else {
            self.currency.one
        };
        match self.country {
            Some(country) => format!("{country} {name}"),
            None => name.to_owned(),
        }
    }
}

/// "5%" -> "5 percent", "-2%" -> "minus 2 percent", and a "%" standing apart after a
/// number.
pub(super) fn percent(at: &At) -> Option<Spoken> {
    let word = at.word();
    if word.core == "%" {
        at.previous().filter(|previous| is_number(&previous.core))?;
        return Some(Spoken::one("percent", word));
    }
    let (minus, number) = sign(word.core.strip_suffix('%')?);
    is_number(number).then(|| Spoken::one(&format!("{minus}{number} percent"), word))
}

#[cfg(test)]
mod tests {
    use super::super::check;

    #[test]
    fn dollar_amounts_are_said_with_their_unit_last() {
        check(&[
            ("$12", "12 dollars"),
            ("$1", "1 dollar"),
            ("$12.50", "12 dollars and 50 cents"),
            ("$1.01", "1 dollar and 1 cent"),
            ("$0.99", "99 cents"),
            ("$12.00", "12 dollars"),
            ("$1,200", "1,200 dollars"),
            ("$3.5", "3.5 dollars"),
            ("costs $5.", "costs 5 dollars."),
            ("a -$5 balance", "a minus 5 dollars balance"),
        ]);
    }

    #[test]
    fn scales_come_before_the_unit() {
        check(&[
            ("$12 billion", "12 billion dollars"),
            ("$1 million", "1 million dollars"),
            ("$3.5 million,", "3.5 million dollars,"),
            ("$4bn", "4 billion dollars"),
            ("$4m.", "4 million dollars."),
            ("$2.5tn", "2.5 trillion dollars"),
            ("$40k", "40 thousand dollars"),
            ("$10 to 12 million", "10 to 12 million dollars"),
            ("$10–12 million", "10 to 12 million dollars"),
            ("$10 to 12", "10 to 12 dollars"),
            ("$10-$12", "10 dollars to 12 dollars"),
        ]);
    }

    #[test]
    fn pounds_euros_and_other_dollars() {
        check(&[
            ("£1", "1 pound"),
            ("£12.50", "12 pounds and 50 pence"),
            ("£0.01", "1 penny"),
            ("£3bn", "3 billion pounds"),
            ("€1", "1 euro"),
            ("€2.05", "2 euros and 5 cents"),
            ("€4 million", "4 million euros"),
            ("US$5", "5 U S dollars"),
            ("C$2bn", "2 billion Canadian dollars"),
            ("HK$100", "100 Hong Kong dollars"),
        ]);
    }

    #[test]
    fn things_that_are_not_amounts_stay() {
        check(&[
            ("$", "$"),
            ("$x", "$x"),
            ("XY$5", "XY$5"),
            ("$5zz", "$5zz"),
            ("£$5", "£$5"),
        ]);
    }

    #[test]
    fn percentages_are_said_as_percent() {
        check(&[
            ("5%", "5 percent"),
            ("4.5%", "4.5 percent"),
            ("-2%", "minus 2 percent"),
            ("rose 5 %", "rose 5 percent"),
            ("5%-10%", "5 percent to 10 percent"),
            ("5–10%.", "5 to 10 percent."),
            ("+3%", "plus 3 percent"),
            ("100%!", "100 percent!"),
            ("a % sign", "a % sign"),
        ]);
    }
}
