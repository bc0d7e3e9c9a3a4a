//! Units after a number said in words: "10 km" is "10 kilometers", "30°F" is "30
//! degrees Fahrenheit". Read letter by letter they mean nothing to a listener.

use super::expand::{At, Spoken};
use super::numbers::{is_number, leading_number, sign};

/// Symbol, singular, plural. Case matters: "MW" is megawatts, "mW" would not be.
const UNITS: [(&str, &str, &str); 21] = [
    ("km", "kilometer", "kilometers"),
    ("km/h", "kilometer per hour", "kilometers per hour"),
    ("kph", "kilometer per hour", "kilometers per hour"),
    ("km²", "square kilometer", "square kilometers"),
    ("mph", "mile per hour", "miles per hour"),
    ("mi", "mile", "miles"),
    ("ft", "foot", "feet"),
    ("cm", "centimeter", "centimeters"),
    ("mm", "millimeter", "millimeters"),
    ("kg", "kilogram", "kilograms"),
    ("mg", "milligram", "milligrams"),
    ("lb", "pound", "pounds"),
    ("lbs", "pound", "pounds"),
    ("oz", "ounce", "ounces"),
    ("ml", "milliliter", "milliliters"),
    ("kW", "kilowatt", "kilowatts"),
    ("kWh", "kilowatt hour", "kilowatt hours"),
    ("MW", "megawatt", "megawatts"),
    ("GW", "gigawatt", "gigawatts"),
    ("GB", "gigabyte", "gigabytes"),
    ("TB", "terabyte", "terabytes"),
];

const SCALES: [(&str, &str); 4] = [
    ("F", "Fahrenheit"),
    ("C", "Celsius"),
    ("Fahrenheit", "Fahrenheit"),
    ("Celsius", "Celsius"),
];

/// "10km" and "10 km" -> "10 kilometers"; "1 lb" -> "1 pound".
pub(super) fn unit(at: &At) -> Option<Spoken> {
    let word = at.word();
    let (minus, signless) = sign(&word.core);
    let (number, symbol) = leading_number(signless);
    if !number.is_empty() {
        let name = unit_name(symbol, number == "1")?;
        return is_number(number).then(|| Spoken::one(&format!("{minus}{number} {name}"), word));
    }
    let previous = at.previous().filter(|previous| previous.trail.is_empty())?;
    let (_, amount) = sign(&previous.core);
    if !is_number(amount) {
        return None;
    }
    Some(Spoken::one(unit_name(&word.core, amount == "1")?, word))
}

fn unit_name(symbol: &str, singular: bool) -> Option<&'static str> {
    let (_, one, many) = UNITS.iter().find(|(written, _, _)| *written == symbol)?;
    Some(if singular { one } else { many })
}

/// "30°F", "30° F", "30 °F" -> "30 degrees Fahrenheit"; "-5°" -> "minus 5 degrees".
pub(super) fn degrees(at: &At) -> Option<Spoken> {
    let word = at.word();
    if let Some(scale) = word.core.strip_prefix('°') {
        let previous = at.previous().filter(|previous| previous.trail.is_empty())?;
        let (_, amount) = sign(&previous.core);
        if !is_number(amount) {
            return None;
        }
        let said = format!("{} {}", degrees_word(amount), scale_name(scale)?);
        return Some(Spoken::one(said.trim_end(), word));
    }
    let (number, scale) = word.core.split_once('°')?;
    let (minus, amount) = sign(number);
    if !scale.is_empty() {
        return Some(Spoken::one(
            &said_degrees(minus, amount, scale_name(scale)?)?,
            word,
        ));
    }
    let next = at.ahead(1).filter(|_| word.trail.is_empty());
    match next.and_then(|next| Some((next, scale_name(&next.core)?))) {
        Some((next, scale)) => Some(Spoken::many(
            2,
            &said_degrees(minus, amount, scale)?,
            &next.trail,
        )),
        None => Some(Spoken::one(&said_degrees(minus, amount, "")?, word)),
    }
}

/// "" stands for degrees without a scale.
fn scale_name(written: &str) -> Option<&'static str> {
    if written.is_empty() {
        return Some("");
    }
    SCALES
        .iter()
        .find(|(short, _)| *short == written)
        .map(|(_, name)| *name)
}

fn said_degrees(minus: &str, amount: &str, scale: &str) -> Option<String> {
    if !is_number(amount) {
        return None;
    }
    let said = format!("{minus}{amount} {} {scale}", degrees_word(amount));
    Some(said.trim_end().to_owned())
}

fn degrees_word(amount: &str) -> &'static str {
    if amount == "1" { "degree" } else { "degrees" }
}

#[cfg(test)]
mod tests {
    use super::super::check;

    #[test]
    fn units_after_a_number_are_said_in_words() {
        check(&[
            ("walked 10 km", "walked 10 kilometers"),
            ("10km", "10 kilometers"),
            ("1 km", "1 kilometer"),
            ("at 100 km/h", "at 100 kilometers per hour"),
            ("65mph.", "65 miles per hour."),
            ("5.5 kg", "5.5 kilograms"),
            ("1 lb", "1 pound"),
            ("3 lbs", "3 pounds"),
            ("6 ft", "6 feet"),
            ("1,200 MW", "1,200 megawatts"),
        ]);
    }

    #[test]
    fn temperatures_are_said_in_degrees() {
        check(&[
            ("30°F", "30 degrees Fahrenheit"),
            ("-5°C.", "minus 5 degrees Celsius."),
            ("30 °C", "30 degrees Celsius"),
            ("30° F", "30 degrees Fahrenheit"),
            ("1°", "1 degree"),
            ("turned 90°", "turned 90 degrees"),
            ("30º", "30 degrees"),
        ]);
    }

    #[test]
    fn unit_letters_away_from_a_number_stay() {
        check(&[
            ("km", "km"),
            ("the ft lobby", "the ft lobby"),
            ("5 ftx", "5 ftx"),
            ("10 km. Then", "10 kilometers. Then"),
            ("°F", "°F"),
        ]);
    }
}
