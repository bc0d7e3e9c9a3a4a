//! Dates said in full: "Nov. 16" is "November 16" and "2026-11-16" is "November 16,
//! 2026". An engine reads "Nov." as "nov" and an ISO date as three numbers.

use super::expand::{At, Spoken};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Written abbreviations, with or without their dot. "May" has none, and a month is
/// only expanded before a day or a year, so the verb "may" and "march" stay words.
const ABBREVIATIONS: [(&str, usize); 12] = [
    ("Jan", 1),
    ("Feb", 2),
    ("Mar", 3),
    ("Apr", 4),
    ("Jun", 6),
    ("Jul", 7),
    ("Aug", 8),
    ("Sep", 9),
    ("Sept", 9),
    ("Oct", 10),
    ("Nov", 11),
    ("Dec", 12),
];

/// "Nov. 16" -> "November 16", "Sept. 2026" -> "September 2026".
pub(super) fn month(at: &At) -> Option<Spoken> {
    let word = at.word();
    let (_, number) = ABBREVIATIONS
        .iter()
        .find(|(short, _)| *short == word.core)?;
    let trail = word.trail.strip_prefix('.').unwrap_or(&word.trail);
    if !trail.is_empty() || !at.ahead(1)?.starts_with_digit() {
        return None;
    }
    // The dot, if any, belonged to the abbreviation.
    Some(Spoken::many(1, MONTHS[number - 1], ""))
}

/// "2026-11-16" as the words "November", "16,", "2026"; `None` for anything that is
/// not a real calendar date.
pub(super) fn iso_date_words(text: &str) -> Option<Vec<String>> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    let date =
        jiff::civil::Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()?;
    let month_name = MONTHS[usize::try_from(date.month()).ok()? - 1];
    Some(vec![
        month_name.to_owned(),
        format!("{},", date.day()),
        date.year().to_string(),
    ])
}

#[cfg(test)]
mod tests {
    use super::super::check;

    #[test]
    fn abbreviated_months_are_said_in_full_before_a_day_or_year() {
        check(&[
            ("Nov. 16", "November 16"),
            ("on Jan. 3, 2026, the", "on January 3, 2026, the"),
            ("Feb 28", "February 28"),
            ("Aug. 1st", "August first"),
            ("Sept. 2026", "September 2026"),
            ("Sep. 9", "September 9"),
            ("Oct. 5-7", "October 5 to 7"),
            ("Dec. 31.", "December 31."),
        ]);
    }

    #[test]
    fn month_like_words_stay_words() {
        check(&[
            ("May 5", "May 5"),
            ("it may rain", "it may rain"),
            ("they march 3 miles", "they march 3 miles"),
            ("in Dec. The", "in Dec. The"),
            ("Jan said", "Jan said"),
            ("Jan., 5", "Jan, 5"),
        ]);
    }

    #[test]
    fn iso_dates_are_said_as_dates() {
        check(&[
            ("2026-11-16", "November 16, 2026"),
            ("on 2026-01-05.", "on January 5, 2026."),
            ("(2024-02-29)", "(February 29, 2024)"),
            ("2026-02-30", "2026 02 30"),
            ("2026-13-01", "2026 13 01"),
            ("2026-11", "2026 to 11"),
        ]);
    }
}
