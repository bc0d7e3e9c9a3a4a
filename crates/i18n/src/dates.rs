//! Dates and times as a page shows them, from patterns in the translation files.
//!
//! Each language's file has three messages, given the parts of one local time:
//! `date` ("Nov 16, 2024"; "16 листопада 2024"), `time` ("7:06 PM"; "19:06") and
//! `date-time` (both). Month names live in the file too (usually a `date-month`
//! message the patterns refer to), so a theme adds a language without Rust.
//!
//! The parts, as Fluent variables: `$day` (1–31), `$month` (a number, 1–12, for
//! selecting the month's name), `$year` ("2024"), `$hour` ("07", 24-hour),
//! `$hour12` ("7"), `$minute` ("06") and `$period` ("am" or "pm"). All but `$month`
//! are text, so a year never gets a thousands separator.

use jiff::civil::DateTime;

use crate::{Args, Translations};
use byline_core::LanguageTag;

/// One time written for a page: the date, the time of day, and both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateText {
    pub date: String,
    pub time: String,
    pub date_time: String,
}

impl Translations {
    /// `at` (already in the site's zone) written in `language`.
    pub fn date_text(&self, language: &LanguageTag, at: DateTime) -> DateText {
        let hour12 = match at.hour() % 12 {
            0 => 12,
            hour => hour,
        };
        let args = Args::new()
            .text("day", at.day().to_string())
            .integer("month", i64::from(at.month()))
            .text("year", at.year().to_string())
            .text("hour", format!("{:02}", at.hour()))
            .text("hour12", hour12.to_string())
            .text("minute", format!("{:02}", at.minute()))
            .text("period", if at.hour() < 12 { "am" } else { "pm" });
        DateText {
            date: self.translate(language, "date", &args),
            time: self.translate(language, "time", &args),
            date_time: self.translate(language, "date-time", &args),
        }
    }
}
