//! Clock times as Ukrainian says them: the hour is an ordinal, feminine for the
//! "година" it stands for, and the minutes a number: "15:30" is "п'ятнадцята
//! тридцять", "о 15:30" "о п'ятнадцятій тридцять", "до 9:05" "до дев'ятої нуль п'ять".

use super::dates::previous_word;
use super::numbers::{Gender, cardinal};
use super::ordinals::{Form, ordinal};
use crate::narration::expand::{At, Spoken};

/// Prepositions after which the hour is in the genitive ("до п'ятнадцятої").
const GENITIVE_PREPOSITIONS: [&str; 6] = ["до", "з", "із", "від", "після", "близько"];

/// "15:30", "9:05", "15:00"; "15.30" too, but only after "о" ("о 15.30"), since
/// elsewhere it may be a date or a version.
pub(super) fn time(at: &At) -> Option<Spoken> {
    let word = at.word();
    let preposition = previous_word(at);
    let at_hour = matches!(preposition.as_str(), "о" | "об");
    let (hour, minutes) = word
        .core
        .split_once(':')
        .or_else(|| word.core.split_once('.').filter(|_| at_hour))?;
    let form = if at_hour {
        Form::FeminineLocative
    } else if GENITIVE_PREPOSITIONS.contains(&preposition.as_str()) {
        Form::FeminineGenitive
    } else {
        Form::Feminine
    };
    Some(Spoken::one(&said(hour, minutes, form)?, word))
}

fn said(hour: &str, minutes: &str, form: Form) -> Option<String> {
    let two_digits = |text: &str| text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit());
    let hour_digits = (1..=2).contains(&hour.len()) && hour.bytes().all(|b| b.is_ascii_digit());
    if !hour_digits || !two_digits(minutes) {
        return None;
    }
    let (hour, minutes): (u64, u64) = (hour.parse().ok()?, minutes.parse().ok()?);
    if hour > 24 || minutes > 59 || (hour == 24 && minutes > 0) {
        return None;
    }
    let hour_said = match hour {
        0 => "нуль".to_owned(),
        hour => ordinal(hour, form)?,
    };
    let minutes_said = match minutes {
        0 => {
            let noun = match form {
                Form::FeminineLocative => "годині",
                Form::FeminineGenitive => "години",
                _ => "година",
            };
            return Some(match hour {
                0 => "нуль годин".to_owned(),
                _ => format!("{hour_said} {noun}"),
            });
        }
        1..=9 => format!("нуль {}", cardinal(minutes, Gender::Feminine)),
        _ => cardinal(minutes, Gender::Feminine),
    };
    Some(format!("{hour_said} {minutes_said}"))
}

#[cfg(test)]
mod tests {
    use super::super::check;

    #[test]
    fn times_are_an_ordinal_hour_and_the_minutes() {
        check(&[
            ("15:30", "п'ятнадцята тридцять"),
            ("о 15:30", "о п'ятнадцятій тридцять"),
            ("об 11:45.", "об одинадцятій сорок п'ять."),
            ("до 9:05", "до дев'ятої нуль п'ять"),
            ("з 8:00", "з восьмої години"),
            ("о 15:00", "о п'ятнадцятій годині"),
            ("20:00", "двадцята година"),
            ("о 15.30", "о п'ятнадцятій тридцять"),
            ("15.30", "15.30"),
            ("о 21:21", "о двадцять першій двадцять одна"),
            ("00:30", "нуль тридцять"),
            ("3:02", "третя нуль дві"),
        ]);
    }

    #[test]
    fn things_that_are_not_times_stay() {
        check(&[
            ("25:30", "25:30"),
            ("10:3", "10:3"),
            ("2:1", "2:1"),
            ("24:30", "24:30"),
        ]);
    }
}
