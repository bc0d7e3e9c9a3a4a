//! Editions: one newsroom publishing in several languages, each edition a site of its
//! own under a path prefix. The edition at `/` (id 1) always exists; others live at
//! `/uk/`, `/de/`, `/en-gb/`… Every post, News Feed item and newsletter belongs to one
//! edition, and articles in different editions can be linked as translations of each
//! other.

use std::fmt;

use crate::ids::EditionId;

/// The edition at `/`, which every site has.
pub const MAIN_EDITION: EditionId = EditionId(1);

/// Where an edition's addresses start: empty for the main edition, otherwise one path
/// segment of lowercase letters, digits and hyphens (`uk`, `en-gb`, `kyiv`) that no
/// address of the site already starts with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct EditionPrefix(String);

/// First path segments the site itself answers: an edition there would hide them.
const TAKEN_SEGMENTS: &[&str] = &[
    "admin",
    "api",
    "assets",
    "atom",
    "author",
    "content",
    "corrections",
    "ghost",
    "healthz",
    "metrics",
    "news-feed",
    "newsletters",
    "p",
    "page",
    "podcast",
    "preview",
    "rss",
    "search",
    "sitemaps",
    "tag",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrefixError {
    #[error("Use 2 to 20 lowercase letters, digits or hyphens, such as uk or en-gb.")]
    Shape,
    #[error("/{0}/ is an address the site already uses; choose another prefix.")]
    Taken(String),
}

impl EditionPrefix {
    /// The main edition's prefix: nothing.
    pub fn main() -> EditionPrefix {
        EditionPrefix(String::new())
    }

    /// Reads the prefix of an edition other than the main one (`uk`, `/uk/`).
    pub fn parse(text: &str) -> Result<EditionPrefix, PrefixError> {
        let text = text.trim().trim_matches('/');
        let well_formed = (2..=20).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if !well_formed {
            return Err(PrefixError::Shape);
        }
        if TAKEN_SEGMENTS.contains(&text) {
            return Err(PrefixError::Taken(text.to_owned()));
        }
        Ok(EditionPrefix(text.to_owned()))
    }

    /// Reads a stored prefix: empty for the main edition.
    pub fn from_stored(text: &str) -> Option<EditionPrefix> {
        if text.is_empty() {
            Some(EditionPrefix::main())
        } else {
            EditionPrefix::parse(text).ok()
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_main(&self) -> bool {
        self.0.is_empty()
    }

    /// The path of the edition's home: `/` or `/uk/`.
    pub fn home_path(&self) -> String {
        if self.0.is_empty() {
            "/".to_owned()
        } else {
            format!("/{}/", self.0)
        }
    }

    /// `path` (which starts with `/`) inside the edition: `/uk/tag/city/`.
    pub fn path(&self, path: &str) -> String {
        if self.0.is_empty() {
            path.to_owned()
        } else {
            format!("/{}{path}", self.0)
        }
    }
}

impl fmt::Display for EditionPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How an edition writes a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// 4 December 2026 (most of the world, and Ukrainian: 4 грудня 2026).
    #[default]
    DayMonthYear,
    /// December 4, 2026 (the United States).
    MonthDayYear,
}

impl DateOrder {
    pub fn parse(text: &str) -> Option<DateOrder> {
        match text {
            "day-month-year" => Some(DateOrder::DayMonthYear),
            "month-day-year" => Some(DateOrder::MonthDayYear),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::DayMonthYear => "day-month-year",
            DateOrder::MonthDayYear => "month-day-year",
        }
    }
}

/// The name of an edition's kept list: the main edition's are the names lists always
/// had (`all`, `tag:5`), another edition's carry its id in front (`e2:all`,
/// `e2:tag:5`). The database's triggers write the same names (migration 0020).
pub fn list_key(edition: EditionId, list: &str) -> String {
    if edition == MAIN_EDITION {
        list.to_owned()
    } else {
        format!("e{}:{list}", edition.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_one_plain_segment() {
        for (input, expected) in [
            ("uk", "uk"),
            ("/uk/", "uk"),
            ("en-gb", "en-gb"),
            (" de ", "de"),
        ] {
            assert_eq!(EditionPrefix::parse(input).unwrap().as_str(), expected);
        }
        for input in [
            "",
            "u",
            "UK",
            "uk/ua",
            "-uk",
            "uk-",
            "u--k",
            "укр",
            "a".repeat(21).as_str(),
        ] {
            assert_eq!(
                EditionPrefix::parse(input),
                Err(PrefixError::Shape),
                "{input:?}"
            );
        }
    }

    #[test]
    fn prefixes_the_site_answers_are_refused() {
        for taken in [
            "tag",
            "admin",
            "ghost",
            "search",
            "news-feed",
            "content",
            "rss",
        ] {
            assert_eq!(
                EditionPrefix::parse(taken),
                Err(PrefixError::Taken(taken.to_owned()))
            );
        }
    }

    #[test]
    fn paths_are_made_inside_the_edition() {
        let main = EditionPrefix::main();
        let uk = EditionPrefix::parse("uk").unwrap();
        assert_eq!(main.home_path(), "/");
        assert_eq!(uk.home_path(), "/uk/");
        assert_eq!(main.path("/tag/city/"), "/tag/city/");
        assert_eq!(uk.path("/tag/city/"), "/uk/tag/city/");
        assert_eq!(EditionPrefix::from_stored(""), Some(main));
        assert_eq!(EditionPrefix::from_stored("uk"), Some(uk));
    }

    #[test]
    fn list_names_keep_the_main_editions_as_they_were() {
        assert_eq!(list_key(MAIN_EDITION, "all"), "all");
        assert_eq!(list_key(EditionId(2), "all"), "e2:all");
        assert_eq!(list_key(EditionId(3), "tag:5"), "e3:tag:5");
    }

    #[test]
    fn date_orders_round_trip() {
        for order in [DateOrder::DayMonthYear, DateOrder::MonthDayYear] {
            assert_eq!(DateOrder::parse(order.as_str()), Some(order));
        }
        assert_eq!(DateOrder::parse("year-month-day"), None);
    }
}
