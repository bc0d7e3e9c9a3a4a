//! Amounts and percentages, the number agreeing with the currency: "500 грн" is
//! "п'ятсот гривень", "$12 млрд" "дванадцять мільярдів доларів", "€3,5 млн" "три
//! цілих п'ять десятих мільйона євро", "12%" "дванадцять відсотків".
//!
//! Only the nominative is said: "за 1 гривню" (accusative) or "з 5 гривень"
//! (genitive) need the case the preposition governs, which these rules do not
//! work out; the nominative is what a listener expects from a figure read aloud.

use super::numbers::{Gender, Noun, Number, noun};
use super::units::{scale_of, trail_after};
use crate::narration::expand::{At, Spoken, trail_after_abbreviation};
use crate::narration::words::Word;

use Gender::{Feminine, Masculine, Neuter};

struct Currency {
    sign: char,
    /// Written after the number: "грн", "дол." (and the sign itself).
    short: &'static [&'static str],
    noun: Noun,
    /// The hundredth part, for "12,50 грн".
    cent: Noun,
}

const CENT: Noun = noun(Masculine, "цент", "центи", "центів", "цента");

const CURRENCIES: [Currency; 4] = [
    Currency {
        sign: '₴',
        short: &["грн"],
        noun: noun(Feminine, "гривня", "гривні", "гривень", "гривні"),
        cent: noun(Feminine, "копійка", "копійки", "копійок", "копійки"),
    },
    Currency {
        sign: '$',
        short: &["дол"],
        noun: noun(Masculine, "долар", "долари", "доларів", "долара"),
        cent: CENT,
    },
    Currency {
        sign: '€',
        short: &[],
        noun: noun(Neuter, "євро", "євро", "євро", "євро"),
        cent: CENT,
    },
    Currency {
        sign: '£',
        short: &[],
        noun: noun(Masculine, "фунт", "фунти", "фунтів", "фунта"),
        cent: noun(Masculine, "пенс", "пенси", "пенсів", "пенса"),
    },
];

const PERCENT: Noun = noun(Masculine, "відсоток", "відсотки", "відсотків", "відсотка");

/// "$12", "₴1 000", "500₴", "500 грн", "12 млн грн", "$12 млрд".
pub(super) fn amount(at: &At) -> Option<Spoken> {
    let word = at.word();
    let (minus, core) = match word.core.strip_prefix(['-', '−']) {
        Some(rest) => ("-", rest),
        None => ("", word.core.as_str()),
    };
    let mut chars = core.chars();
    if let Some(currency) = chars.next().and_then(currency_of_sign) {
        let (number, consumed) = Number::read(at, &format!("{minus}{}", chars.as_str()))?;
        return Some(said_after_number(at, &number, consumed, currency));
    }
    if let Some(currency) = core.chars().last().and_then(currency_of_sign) {
        let digits = &word.core[..word.core.len() - currency.sign.len_utf8()];
        let number = Number::parse(digits)?;
        return Some(Spoken::one(&said(&number, currency)?, word));
    }
    let (number, consumed) = Number::read(at, &word.core)?;
    let last = at.ahead(consumed - 1)?;
    let next = at.ahead(consumed).filter(|_| last.trail.is_empty())?;
    if let Some(currency) = currency_written(next) {
        let said = said(&number, currency)?;
        let trail = currency_trail(at, next, consumed + 1);
        return Some(Spoken::many(consumed + 1, &said, &trail));
    }
    let scale = scale_of(next)?;
    let after = at
        .ahead(consumed + 1)
        .filter(|_| next.trail.is_empty() || next.trail == ".")?;
    let currency = currency_written(after)?;
    let said = format!("{} {}", number.counting(&scale)?, currency.noun.many);
    let trail = currency_trail(at, after, consumed + 2);
    Some(Spoken::many(consumed + 2, &said, &trail))
}

/// After a sign and its number: a scale may follow ("$12 млрд"), which puts the
/// currency after it.
fn said_after_number(at: &At, number: &Number, consumed: usize, currency: &Currency) -> Spoken {
    let last = at.ahead(consumed - 1).unwrap_or(at.word());
    let scale = at
        .ahead(consumed)
        .filter(|_| last.trail.is_empty())
        .and_then(|next| Some((next, scale_of(next)?)));
    let said_scaled = scale.and_then(|(next, scale)| {
        let said = format!("{} {}", number.counting(&scale)?, currency.noun.many);
        Some(Spoken::many(
            consumed + 1,
            &said,
            &trail_after(next, at, consumed + 1),
        ))
    });
    said_scaled.unwrap_or_else(|| match said(number, currency) {
        Some(text) => Spoken::many(consumed, &text, &last.trail),
        None => Spoken::many(consumed, &at.word().core, &last.trail),
    })
}

fn currency_of_sign(sign: char) -> Option<&'static Currency> {
    CURRENCIES.iter().find(|currency| currency.sign == sign)
}

/// "грн", "грн.", "дол.", or a sign standing alone ("500 ₴").
fn currency_written(word: &Word) -> Option<&'static Currency> {
    let mut chars = word.core.chars();
    if let (Some(sign), None) = (chars.next(), chars.next()) {
        return currency_of_sign(sign);
    }
    CURRENCIES
        .iter()
        .find(|currency| currency.short.contains(&word.core.as_str()))
}

/// The dot of "грн." is the abbreviation's; it stays where it also ends the sentence.
fn currency_trail(at: &At, word: &Word, consumed: usize) -> String {
    if word.is_dotted() {
        trail_after_abbreviation(word, at.sentence_follows(consumed))
    } else {
        word.trail.clone()
    }
}

/// "12,50" with hryvnias -> "дванадцять гривень п'ятдесят копійок"; other decimals
/// are a fraction of the currency ("3,5 долара").
fn said(number: &Number, currency: &Currency) -> Option<String> {
    let cents = number
        .fraction
        .as_deref()
        .filter(|fraction| fraction.len() == 2)
        .and_then(|fraction| fraction.parse::<u64>().ok());
    let Some(cents) = cents else {
        return number.counting(&currency.noun);
    };
    let whole = Number {
        fraction: None,
        ..number.clone()
    };
    let cents = Number {
        minus: false,
        plus: false,
        whole: cents,
        fraction: None,
    };
    Some(match (whole.whole, cents.whole) {
        (0, 0) | (_, 0) => whole.counting(&currency.noun)?,
        (0, _) => format!("{}{}", whole.sign(), cents.counting(&currency.cent)?),
        _ => format!(
            "{} {}",
            whole.counting(&currency.noun)?,
            cents.counting(&currency.cent)?
        ),
    })
}

/// "12%", "12 %", "3,5%" -> "дванадцять відсотків", "три цілих п'ять десятих
/// відсотка".
pub(super) fn percent(at: &At) -> Option<Spoken> {
    let word = at.word();
    if let Some(number) = word.core.strip_suffix('%') {
        return Some(Spoken::one(
            &Number::parse(number)?.counting(&PERCENT)?,
            word,
        ));
    }
    let number = Number::parse(&word.core)?;
    let sign = at
        .ahead(1)
        .filter(|next| word.trail.is_empty() && next.core == "%")?;
    Some(Spoken::many(2, &number.counting(&PERCENT)?, &sign.trail))
}

#[cfg(test)]
mod tests {
    use super::super::check;

    #[test]
    fn hryvnias_agree_with_their_number() {
        check(&[
            ("500 грн", "п'ятсот гривень"),
            ("1 грн", "одна гривня"),
            ("2 грн", "дві гривні"),
            ("21 грн", "двадцять одна гривня"),
            ("11 грн", "одинадцять гривень"),
            ("₴500", "п'ятсот гривень"),
            ("500₴", "п'ятсот гривень"),
            ("500 ₴.", "п'ятсот гривень."),
            ("1 000 000 грн", "мільйон гривень"),
            ("₴1 500", "тисяча п'ятсот гривень"),
            ("12,50 грн", "дванадцять гривень п'ятдесят копійок"),
            ("0,01 грн", "одна копійка"),
            ("3,5 грн", "три цілих п'ять десятих гривні"),
            ("коштує 5 грн. Потім", "коштує п'ять гривень. Потім"),
            ("5 грн. і більше", "п'ять гривень і більше"),
        ]);
    }

    #[test]
    fn dollars_euros_and_pounds() {
        check(&[
            ("$1", "один долар"),
            ("$2", "два долари"),
            ("$12", "дванадцять доларів"),
            ("$12,99", "дванадцять доларів дев'яносто дев'ять центів"),
            ("-$5", "мінус п'ять доларів"),
            ("12$", "дванадцять доларів"),
            ("€1", "одне євро"),
            ("€2", "два євро"),
            ("£3", "три фунти"),
            ("100 дол.", "сто доларів."),
        ]);
    }

    #[test]
    fn scales_put_the_currency_after_them() {
        check(&[
            ("$12 млрд", "дванадцять мільярдів доларів"),
            ("$12 млрд.", "дванадцять мільярдів доларів."),
            ("12 млн доларів", "дванадцять мільйонів доларів"),
            ("€3,5 млн", "три цілих п'ять десятих мільйона євро"),
            ("1,5 млрд грн", "півтора мільярда гривень"),
            ("12 млн грн,", "дванадцять мільйонів гривень,"),
            ("5 тис. грн", "п'ять тисяч гривень"),
            ("$1 млн", "один мільйон доларів"),
            ("₴2 млрд", "два мільярди гривень"),
        ]);
    }

    #[test]
    fn percentages_agree_with_their_number() {
        check(&[
            ("12%", "дванадцять відсотків"),
            ("1%", "один відсоток"),
            ("2%", "два відсотки"),
            ("11%", "одинадцять відсотків"),
            ("21%", "двадцять один відсоток"),
            ("3,5%", "три цілих п'ять десятих відсотка"),
            ("1,5%", "півтора відсотка"),
            ("12 %", "дванадцять відсотків"),
            ("-2%.", "мінус два відсотки."),
            ("+3%", "плюс три відсотки"),
            ("100%!", "сто відсотків!"),
            ("знак %", "знак %"),
        ]);
    }

    #[test]
    fn things_that_are_not_amounts_stay() {
        check(&[("$", "$"), ("$x", "$x"), ("₴", "₴"), ("грн", "гривень")]);
    }
}
