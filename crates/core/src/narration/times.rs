//! Clock times said the way a newsreader says them: "3:30 p.m." is "3 30 p m", which
//! every engine reads as "three thirty p m" instead of "three colon thirty".

use super::expand::{At, Spoken, trail_after_abbreviation};
use super::words::Word;

/// How a morning or afternoon mark is written, and whether it carries dots.
const MERIDIEMS: [(&str, &str, bool); 8] = [
    ("am", "a m", false),
    ("pm", "p m", false),
    ("AM", "a m", false),
    ("PM", "p m", false),
    ("a.m", "a m", true),
    ("p.m", "p m", true),
    ("A.M", "a m", true),
    ("P.M", "p m", true),
];

/// Words that often follow a time ("7 p.m. ET", "9 a.m. Tuesday", "3 p.m. Nov. 16"):
/// their capital does not start a new sentence.
const AFTER_A_TIME: [&str; 38] = [
    "ET",
    "EST",
    "EDT",
    "CT",
    "CST",
    "CDT",
    "MT",
    "PT",
    "PST",
    "PDT",
    "GMT",
    "UTC",
    "BST",
    "CET",
    "Eastern",
    "Central",
    "Mountain",
    "Pacific",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

struct Meridiem {
    said: &'static str,
    dotted: bool,
}

/// "3:30 p.m." -> "3 30 p m", "10am" -> "10 a m", "15:45" -> "15 45", "2:1" -> "2 to 1".
pub(super) fn time(at: &At) -> Option<Spoken> {
    let word = at.word();
    let said = || twenty_four_hour(&word.core).or_else(|| ratio(&word.core));
    with_attached_meridiem(at)
        .or_else(|| with_meridiem_after(at))
        .or_else(|| Some(Spoken::one(&said()?, word)))
}

/// "3:30pm", "10a.m."
fn with_attached_meridiem(at: &At) -> Option<Spoken> {
    let word = at.word();
    let (clock, meridiem) = split_meridiem(&word.core)?;
    let said = twelve_hour(clock, &meridiem)?;
    let trail = meridiem_trail(word, &meridiem, sentence_follows(at, 1));
    Some(Spoken::many(1, &said, &trail))
}

/// "3:30 p.m.", "10 am"
fn with_meridiem_after(at: &At) -> Option<Spoken> {
    let word = at.word();
    let next = at.ahead(1).filter(|_| word.trail.is_empty())?;
    let meridiem = meridiem(&next.core)?;
    let said = twelve_hour(&word.core, &meridiem)?;
    let trail = meridiem_trail(next, &meridiem, sentence_follows(at, 2));
    Some(Spoken::many(2, &said, &trail))
}

fn sentence_follows(at: &At, consumed: usize) -> bool {
    let usual_follower = at
        .ahead(consumed)
        .is_some_and(|next| AFTER_A_TIME.contains(&next.core.as_str()));
    at.sentence_follows(consumed) && !usual_follower
}

fn meridiem(text: &str) -> Option<Meridiem> {
    MERIDIEMS
        .iter()
        .find(|(written, _, _)| *written == text)
        .map(|(_, said, dotted)| Meridiem {
            said,
            dotted: *dotted,
        })
}

/// "3:30pm" -> ("3:30", pm).
fn split_meridiem(core: &str) -> Option<(&str, Meridiem)> {
    MERIDIEMS.iter().find_map(|(written, _, _)| {
        let clock = core.strip_suffix(written)?;
        clock
            .starts_with(|c: char| c.is_ascii_digit())
            .then(|| Some((clock, meridiem(written)?)))?
    })
}

/// The dots of "p.m." are said as part of it; a dot after "pm" ends a sentence.
fn meridiem_trail(word: &Word, meridiem: &Meridiem, sentence_follows: bool) -> String {
    if meridiem.dotted {
        trail_after_abbreviation(word, sentence_follows)
    } else {
        word.trail.clone()
    }
}

/// "3:05" with "pm" -> "3 oh 5 p m"; the hour must be one of the twelve.
fn twelve_hour(clock: &str, meridiem: &Meridiem) -> Option<String> {
    let (hour, minutes) = match clock.split_once([':', '.']) {
        Some((hour, minutes)) => (hour, Some(minutes)),
        None => (clock, None),
    };
    let hour = hour_of(hour).filter(|hour| (1..=12).contains(hour))?;
    let minutes = minutes.map(minutes_of).unwrap_or(Some(0))?;
    Some(format!("{hour}{} {}", said_minutes(minutes), meridiem.said))
}

/// "15:45" -> "15 45", "15:00" -> "15 hundred", "9:00" -> "9 o'clock".
fn twenty_four_hour(clock: &str) -> Option<String> {
    let (hour, minutes) = clock.split_once(':')?;
    let hour = hour_of(hour).filter(|hour| *hour <= 24)?;
    let said = match minutes_of(minutes)? {
        0 if hour == 0 || hour > 12 => format!("{hour} hundred"),
        0 => format!("{hour} o'clock"),
        minutes => format!("{hour}{}", said_minutes(minutes)),
    };
    Some(said)
}

/// "2:1" -> "2 to 1". Two digits after the colon would be a time, so a colon before
/// two digits that is not one ("25:30") is left as written.
fn ratio(text: &str) -> Option<String> {
    let (left, right) = text.split_once(':')?;
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    (digits(left) && digits(right) && right.len() != 2).then(|| format!("{left} to {right}"))
}

fn hour_of(text: &str) -> Option<u32> {
    let digits = (1..=2).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok())?
}

fn minutes_of(text: &str) -> Option<u32> {
    let digits = text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit());
    digits
        .then(|| text.parse().ok())?
        .filter(|minutes| *minutes < 60)
}

/// " 30", " oh 5" (as in "three oh five"), or nothing on the hour.
fn said_minutes(minutes: u32) -> String {
    match minutes {
        0 => String::new(),
        1..=9 => format!(" oh {minutes}"),
        _ => format!(" {minutes}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::speakable;

    #[test]
    fn twelve_hour_times_are_said_with_a_m_or_p_m() {
        let cases = [
            ("at 3:30 p.m. on Friday", "at 3 30 p m on Friday"),
            ("at 3:00 p.m.", "at 3 p m."),
            ("at 10 a.m. Police said", "at 10 a m. Police said"),
            ("3:05 pm", "3 oh 5 p m"),
            ("10am", "10 a m"),
            ("9.30pm.", "9 30 p m."),
            ("11:15PM,", "11 15 p m,"),
            ("12:01 A.M.", "12 oh 1 a m."),
            ("10a.m. today", "10 a m today"),
            ("5 p.m. ET on Monday", "5 p m E T on Monday"),
            ("at 7 p.m. Tuesday", "at 7 p m Tuesday"),
            ("at 3 p.m. Nov. 16", "at 3 p m November 16"),
        ];
        for (text, expected) in cases {
            assert_eq!(speakable(text), expected, "{text}");
        }
    }

    #[test]
    fn twenty_four_hour_times_and_ratios() {
        let cases = [
            ("15:45", "15 45"),
            ("at 07:05", "at 7 oh 5"),
            ("15:00", "15 hundred"),
            ("9:00", "9 o'clock"),
            ("a 2:1 vote", "a 2 to 1 vote"),
            ("odds of 100:1", "odds of 100 to 1"),
            ("25:30", "25:30"),
            ("10:30:15", "10:30:15"),
            ("noon or midnight", "noon or midnight"),
        ];
        for (text, expected) in cases {
            assert_eq!(speakable(text), expected, "{text}");
        }
    }

    #[test]
    fn am_and_pm_away_from_a_clock_are_words() {
        let cases = [
            ("I am here", "I am here"),
            ("13 pm", "13 pm"),
            ("the PM said", "the P M said"),
        ];
        for (text, expected) in cases {
            assert_eq!(speakable(text), expected, "{text}");
        }
    }
}
