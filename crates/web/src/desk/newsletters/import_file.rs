//! Reading an import file: every line checked against the rules in `import.rs`'s
//! documentation, and either all the rows or every problem with its line number.

use byline_core::newsletters::clean_name;
use byline_core::{EmailAddress, EmailError, NewsletterId};
use byline_i18n::Args;
use byline_store::{ImportRow, Newsletter};

use super::super::words::{DeskLanguage, problems};
use super::export::unguard;

/// Most addresses in one file.
const MAX_ROWS: usize = 100_000;

/// One thing wrong with the file, at a line (1 is the header) or with all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<u64>,
    pub wrong: Wrong,
}

impl Problem {
    fn file(wrong: Wrong) -> Problem {
        Problem { line: None, wrong }
    }

    fn at(line: u64, wrong: Wrong) -> Problem {
        Problem {
            line: Some(line),
            wrong,
        }
    }
}

/// What is wrong with a file or one of its lines. Values quoted back are already
/// [`printable`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wrong {
    NotUtf8,
    Empty,
    HeaderUnreadable,
    /// The first line holds an address, not the columns' names.
    HeaderIsAddress,
    NoEmailColumn,
    NoConsentColumn,
    /// No `newsletters` column, and the form chose no newsletter.
    NoNewsletter,
    LineUnreadable,
    TooManyRows,
    NoAddresses,
    EmailMissing,
    Email {
        typed: String,
        reason: EmailError,
    },
    Consent {
        typed: String,
    },
    UnknownNewsletter {
        typed: String,
        known: String,
    },
    NoNewsletterNamed,
}

impl Wrong {
    /// The problem as the page says it.
    pub fn words(&self, lang: &DeskLanguage) -> String {
        match self {
            Wrong::NotUtf8 => lang.t("csv-error-not-utf8"),
            Wrong::Empty => lang.t("csv-error-empty"),
            Wrong::HeaderUnreadable => lang.t("csv-error-header-unreadable"),
            Wrong::HeaderIsAddress => lang.t("csv-error-header-is-address"),
            Wrong::NoEmailColumn => lang.t("csv-error-no-email-column"),
            Wrong::NoConsentColumn => lang.t("csv-error-no-consent-column"),
            Wrong::NoNewsletter => lang.t("csv-error-no-newsletter"),
            Wrong::LineUnreadable => lang.t("csv-error-line-unreadable"),
            Wrong::TooManyRows => lang.t_with(
                "csv-error-too-many-rows",
                &Args::new().integer("count", MAX_ROWS as i64),
            ),
            Wrong::NoAddresses => lang.t("csv-error-no-addresses"),
            Wrong::EmailMissing => lang.t("csv-error-email-missing"),
            Wrong::Email { typed, reason } => lang.t_with(
                "csv-error-email",
                &Args::new()
                    .text("email", typed.clone())
                    .text("problem", problems::email(lang, reason)),
            ),
            Wrong::Consent { typed } => lang.t_with(
                "csv-error-consent",
                &Args::new().text("consent", typed.clone()),
            ),
            Wrong::UnknownNewsletter { typed, known } => lang.t_with(
                "csv-error-unknown-newsletter",
                &Args::new()
                    .text("newsletter", typed.clone())
                    .text("known", known.clone()),
            ),
            Wrong::NoNewsletterNamed => lang.t("csv-error-no-newsletter-named"),
        }
    }
}

/// Reads and checks the whole file; the rows to import, or every problem found.
pub fn parse(
    bytes: &[u8],
    newsletters: &[Newsletter],
    fallback: Option<NewsletterId>,
) -> Result<Vec<ImportRow>, Vec<Problem>> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![Problem::file(Wrong::NotUtf8)]);
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![Problem::file(Wrong::Empty)]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(_) => return Err(vec![Problem::at(1, Wrong::HeaderUnreadable)]),
    };
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (email_at, consent_at) = (column(&["email"]), column(&["consent"]));
    let (name_at, newsletters_at) = (column(&["name"]), column(&["newsletters", "newsletter"]));
    let Some(email_at) = email_at else {
        return Err(vec![Problem::at(
            1,
            if header.iter().any(|h| h.contains('@')) {
                Wrong::HeaderIsAddress
            } else {
                Wrong::NoEmailColumn
            },
        )]);
    };
    let Some(consent_at) = consent_at else {
        return Err(vec![Problem::at(1, Wrong::NoConsentColumn)]);
    };
    let mut problems = Vec::new();
    if newsletters_at.is_none() && fallback.is_none() {
        problems.push(Problem::file(Wrong::NoNewsletter));
    }
    let mut rows = Vec::new();
    let mut lines = 0;
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                problems.push(Problem::at(line, Wrong::LineUnreadable));
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        lines += 1;
        if lines > MAX_ROWS {
            return Err(vec![Problem::file(Wrong::TooManyRows)]);
        }
        let line = record.position().map_or(0, |p| p.line());
        let cell = |at: Option<usize>| at.and_then(|at| record.get(at)).unwrap_or("");
        let mut wrong = |wrong: Wrong| problems.push(Problem::at(line, wrong));
        let email = EmailAddress::check(cell(Some(email_at)));
        if let Err(reason) = &email {
            wrong(email_problem(cell(Some(email_at)), reason));
        }
        let agreed = consent(cell(Some(consent_at)));
        if agreed.is_none() {
            wrong(Wrong::Consent {
                typed: printable(cell(Some(consent_at)), 40),
            });
        }
        let newsletter_ids = match newsletters_at {
            Some(at) => match newsletter_ids(cell(Some(at)), newsletters) {
                Ok(ids) => ids,
                Err(problem) => {
                    wrong(problem);
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
        problems.push(Problem::file(Wrong::NoAddresses));
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

fn email_problem(raw: &str, reason: &EmailError) -> Wrong {
    match reason {
        EmailError::Empty => Wrong::EmailMissing,
        _ => Wrong::Email {
            typed: printable(raw, 60),
            reason: reason.clone(),
        },
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
fn newsletter_ids(cell: &str, newsletters: &[Newsletter]) -> Result<Vec<NewsletterId>, Wrong> {
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
                return Err(Wrong::UnknownNewsletter {
                    typed: printable(&slug, 40),
                    known: known.join(", "),
                });
            }
        }
    }
    if ids.is_empty() {
        return Err(Wrong::NoNewsletterNamed);
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
                edition_id: byline_core::editions::MAIN_EDITION,
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
        assert_eq!(problems, [Problem::file(Wrong::NoNewsletter)]);
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
        let wrongs: Vec<Wrong> = problems.into_iter().map(|p| p.wrong).collect();
        assert_eq!(
            wrongs,
            [
                Wrong::Email {
                    typed: "ana silva@example.org".into(),
                    reason: EmailError::Space
                },
                Wrong::Consent {
                    typed: "maybe".into()
                },
                Wrong::UnknownNewsletter {
                    typed: "nightly".into(),
                    known: "daily-briefing, weekly-column".into()
                },
                Wrong::EmailMissing,
                Wrong::NoNewsletterNamed,
            ]
        );
        let en = DeskLanguage::english();
        assert_eq!(
            wrongs[0].words(&en),
            "“ana silva@example.org”: the address contains a space."
        );
        assert!(
            wrongs[2]
                .words(&en)
                .contains("daily-briefing, weekly-column")
        );
        let uk = DeskLanguage::parse("uk").unwrap();
        assert_eq!(
            wrongs[1].words(&uk),
            "згода «maybe» — це не «так» чи «ні» (напишіть yes, no, true, false, 1, 0, y або n)."
        );
    }

    #[test]
    fn files_without_the_required_columns_are_refused_at_the_header() {
        let no_consent = parse(
            b"email,name\nana@example.org,Ana\n",
            &newsletters(),
            Some(NewsletterId(1)),
        );
        let problems = no_consent.unwrap_err();
        assert_eq!(problems, [Problem::at(1, Wrong::NoConsentColumn)]);
        let no_header = parse(
            b"ana@example.org,yes\n",
            &newsletters(),
            Some(NewsletterId(1)),
        )
        .unwrap_err();
        assert_eq!(no_header, [Problem::at(1, Wrong::HeaderIsAddress)]);
        let no_email = parse(
            b"address,consent\nx,yes\n",
            &newsletters(),
            Some(NewsletterId(1)),
        )
        .unwrap_err();
        assert_eq!(no_email, [Problem::at(1, Wrong::NoEmailColumn)]);
    }

    #[test]
    fn empty_and_unreadable_files_are_refused() {
        for file in [&b""[..], b"  \n\n", b"\xef\xbb\xbf"] {
            let problems = parse(file, &newsletters(), Some(NewsletterId(1))).unwrap_err();
            assert_eq!(problems, [Problem::file(Wrong::Empty)]);
        }
        let header_only =
            parse(b"email,consent\n", &newsletters(), Some(NewsletterId(1))).unwrap_err();
        assert_eq!(header_only, [Problem::file(Wrong::NoAddresses)]);
        let latin1 = parse(
            b"email,consent\nj\xe9r\xf4me@example.org,yes\n",
            &newsletters(),
            Some(NewsletterId(1)),
        );
        assert_eq!(latin1.unwrap_err(), [Problem::file(Wrong::NotUtf8)]);
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
