//! Reading an import file: every line checked against the rules in `import.rs`'s
//! documentation, and either all the rows or every problem with its line number.

use byline_core::newsletters::clean_name;
use byline_core::{EmailAddress, EmailError, NewsletterId};
use byline_store::{ImportRow, Newsletter};
use serde::Serialize;

use super::export::unguard;

/// Most addresses in one file.
const MAX_ROWS: usize = 100_000;

/// One thing wrong with the file, at a line (1 is the header) or with all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: Option<u64>,
    pub message: String,
}

impl Problem {
    fn file(message: impl Into<String>) -> Problem {
        Problem {
            line: None,
            message: message.into(),
        }
    }

    fn at(line: u64, message: impl Into<String>) -> Problem {
        Problem {
            line: Some(line),
            message: message.into(),
        }
    }
}

pub const NO_NEWSLETTER: &str =
    "The file has no “newsletters” column, so choose the newsletter to import into.";

/// Reads and checks the whole file; the rows to import, or every problem found.
pub fn parse(
    bytes: &[u8],
    newsletters: &[Newsletter],
    fallback: Option<NewsletterId>,
) -> Result<Vec<ImportRow>, Vec<Problem>> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![Problem::file(
            "The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and try again.",
        )]);
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![Problem::file("The file is empty.")]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(_) => {
            return Err(vec![Problem::at(
                1,
                "The first line could not be read as CSV.",
            )]);
        }
    };
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (email_at, consent_at) = (column(&["email"]), column(&["consent"]));
    let (name_at, newsletters_at) = (column(&["name"]), column(&["newsletters", "newsletter"]));
    let Some(email_at) = email_at else {
        return Err(vec![Problem::at(
            1,
            if header.iter().any(|h| h.contains('@')) {
                "The first line must name the columns (email, consent, and optionally name and \
             newsletters), but it holds an address. Add a header line."
            } else {
                "The file has no “email” column. The first line must name the columns: email, \
             consent, and optionally name and newsletters."
            },
        )]);
    };
    let Some(consent_at) = consent_at else {
        return Err(vec![Problem::at(
            1,
            "The file has no “consent” column. Add one saying for each person whether they \
             agreed to receive the newsletters (yes or no).",
        )]);
    };
    let mut problems = Vec::new();
    if newsletters_at.is_none() && fallback.is_none() {
        problems.push(Problem::file(NO_NEWSLETTER));
    }
    let mut rows = Vec::new();
    let mut lines = 0;
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                problems.push(Problem::at(line, "This line could not be read as CSV."));
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        lines += 1;
        if lines > MAX_ROWS {
            return Err(vec![Problem::file(format!(
                "The file has more than {MAX_ROWS} addresses. Split it into smaller files."
            ))]);
        }
        let line = record.position().map_or(0, |p| p.line());
        let cell = |at: Option<usize>| at.and_then(|at| record.get(at)).unwrap_or("");
        let mut wrong = |message: String| problems.push(Problem::at(line, message));
        let email = EmailAddress::check(cell(Some(email_at)));
        if let Err(reason) = &email {
            wrong(email_problem(cell(Some(email_at)), reason));
        }
        let agreed = consent(cell(Some(consent_at)));
        if agreed.is_none() {
            wrong(format!(
                "consent “{}” is not yes or no (write yes, no, true, false, 1, 0, y or n).",
                printable(cell(Some(consent_at)), 40)
            ));
        }
        let newsletter_ids = match newsletters_at {
            Some(at) => match newsletter_ids(cell(Some(at)), newsletters) {
                Ok(ids) => ids,
                Err(message) => {
                    wrong(message);
                    Vec::new()
                }
            },
            None => fallback.into_iter().collect(),
        };
        if let (Ok(email), Some(consent)) = (email, agreed) {
            rows.push(ImportRow {
                email,
                name: clean_name(unguard(cell(name_at))),
                newsletter_ids,
                consent,
            });
        }
    }
    if problems.is_empty() && rows.is_empty() {
        problems.push(Problem::file(
            "The file has a header line but no addresses under it.",
        ));
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

fn email_problem(raw: &str, reason: &EmailError) -> String {
    match reason {
        EmailError::Empty => "the email address is missing.".to_owned(),
        _ => format!("“{}”: {reason}.", printable(raw, 60)),
    }
}

fn consent(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" | "y" => Some(true),
        "no" | "false" | "0" | "n" => Some(false),
        _ => None,
    }
}

/// The newsletters a cell names by slug (separated by `;` or spaces), each once.
fn newsletter_ids(cell: &str, newsletters: &[Newsletter]) -> Result<Vec<NewsletterId>, String> {
    let mut ids = Vec::new();
    for slug in cell
        .split(|c: char| c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
    {
        let slug = slug.to_lowercase();
        match newsletters.iter().find(|n| n.slug == slug) {
            Some(newsletter) if !ids.contains(&newsletter.id) => ids.push(newsletter.id),
            Some(_) => {}
            None => {
                let known: Vec<&str> = newsletters.iter().map(|n| n.slug.as_str()).collect();
                return Err(format!(
                    "no newsletter is called “{}” (the newsletters are: {}).",
                    printable(&slug, 40),
                    known.join(", ")
                ));
            }
        }
    }
    if ids.is_empty() {
        return Err(
            "the newsletters column is empty: name at least one newsletter, such as \
             daily-briefing."
                .to_owned(),
        );
    }
    Ok(ids)
}

/// A value quoted back in a message: control characters shown as spaces, and cut
/// short.
pub fn printable(text: &str, longest: usize) -> String {
    let mut shown: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(longest)
        .collect();
    if text.chars().count() > longest {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn newsletters() -> Vec<Newsletter> {
        ["daily-briefing", "weekly-column"]
            .iter()
            .enumerate()
            .map(|(i, slug)| Newsletter {
                id: NewsletterId(i as i64 + 1),
                slug: (*slug).to_owned(),
                name: slug.replace('-', " "),
                description: String::new(),
                cadence: String::new(),
                sender_name: "Desk".to_owned(),
                sender_email: "desk@example.org".to_owned(),
                reply_to: String::new(),
                signup_open: true,
                position: i as i64,
            })
            .collect()
    }

    fn lines(problems: &[Problem]) -> Vec<Option<u64>> {
        problems.iter().map(|p| p.line).collect()
    }

    #[test]
    fn a_good_file_becomes_rows_in_order() {
        let file = "\u{feff}Email,Name,Consent,Newsletters\n\
                    ana@example.org,\"Silva, Ana\",yes,daily-briefing\n\
                    \n\
                    BEN@example.org,'=cmd,N,daily-briefing; weekly-column weekly-column\n";
        let rows = parse(file.as_bytes(), &newsletters(), None).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].email.as_str(), "ana@example.org");
        assert_eq!(rows[0].name, "Silva, Ana");
        assert!(rows[0].consent);
        assert_eq!(rows[0].newsletter_ids, [NewsletterId(1)]);
        assert_eq!(rows[1].email.as_str(), "ben@example.org");
        assert_eq!(rows[1].name, "=cmd");
        assert!(!rows[1].consent);
        assert_eq!(rows[1].newsletter_ids, [NewsletterId(1), NewsletterId(2)]);
    }

    #[test]
    fn without_a_newsletters_column_the_form_picks_the_newsletter() {
        let file = "email,consent\nana@example.org,1\n";
        let rows = parse(file.as_bytes(), &newsletters(), Some(NewsletterId(2))).unwrap();
        assert_eq!(rows[0].newsletter_ids, [NewsletterId(2)]);
        let problems = parse(file.as_bytes(), &newsletters(), None).unwrap_err();
        assert_eq!(problems, [Problem::file(NO_NEWSLETTER)]);
    }

    #[test]
    fn every_bad_line_is_named_with_its_number() {
        let file = "email,consent,newsletters\n\
                    ana@example.org,yes,daily-briefing\n\
                    ana silva@example.org,yes,daily-briefing\n\
                    ben@example.org,maybe,daily-briefing\n\
                    cy@example.org,no,nightly\n\
                    ,yes,daily-briefing\n\
                    dee@example.org,no,\n";
        let problems = parse(file.as_bytes(), &newsletters(), None).unwrap_err();
        assert_eq!(
            lines(&problems),
            [Some(3), Some(4), Some(5), Some(6), Some(7)]
        );
        assert!(
            problems[0].message.contains("contains a space"),
            "{problems:?}"
        );
        assert!(problems[1].message.contains("“maybe”"));
        assert!(problems[2].message.contains("“nightly”"));
        assert!(
            problems[2]
                .message
                .contains("daily-briefing, weekly-column")
        );
        assert!(problems[3].message.contains("missing"));
        assert!(problems[4].message.contains("empty"));
    }

    #[test]
    fn files_without_the_required_columns_are_refused_at_the_header() {
        let no_consent = parse(
            b"email,name\nana@example.org,Ana\n",
            &newsletters(),
            Some(NewsletterId(1)),
        );
        let problems = no_consent.unwrap_err();
        assert_eq!(lines(&problems), [Some(1)]);
        assert!(problems[0].message.contains("“consent”"));
        let no_header = parse(
            b"ana@example.org,yes\n",
            &newsletters(),
            Some(NewsletterId(1)),
        )
        .unwrap_err();
        assert!(no_header[0].message.contains("holds an address"));
        let no_email = parse(
            b"address,consent\nx,yes\n",
            &newsletters(),
            Some(NewsletterId(1)),
        )
        .unwrap_err();
        assert!(no_email[0].message.contains("“email”"));
    }

    #[test]
    fn empty_and_unreadable_files_are_refused() {
        for file in [&b""[..], b"  \n\n", b"\xef\xbb\xbf"] {
            let problems = parse(file, &newsletters(), Some(NewsletterId(1))).unwrap_err();
            assert_eq!(problems, [Problem::file("The file is empty.")]);
        }
        let header_only =
            parse(b"email,consent\n", &newsletters(), Some(NewsletterId(1))).unwrap_err();
        assert!(header_only[0].message.contains("no addresses"));
        let latin1 = parse(
            b"email,consent\nj\xe9r\xf4me@example.org,yes\n",
            &newsletters(),
            Some(NewsletterId(1)),
        );
        assert!(latin1.unwrap_err()[0].message.contains("UTF-8"));
    }

    #[test]
    fn consent_reads_the_usual_words_and_nothing_else() {
        for yes in ["yes", "YES", " true ", "1", "y", "Y"] {
            assert_eq!(consent(yes), Some(true), "{yes}");
        }
        for no in ["no", "False", "0", "n"] {
            assert_eq!(consent(no), Some(false), "{no}");
        }
        for neither in ["", "maybe", "2", "ja", "oui"] {
            assert_eq!(consent(neither), None, "{neither}");
        }
    }

    #[test]
    fn quoted_values_are_printable_and_short() {
        assert_eq!(printable("a\u{7}b", 10), "a b");
        assert_eq!(
            printable(&"x".repeat(50), 10),
            format!("{}…", "x".repeat(10))
        );
    }
}
