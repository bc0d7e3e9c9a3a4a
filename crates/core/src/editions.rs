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

/// The longest name an edition may give a section, as for the section's own name.
pub const SECTION_NAME_MAX: usize = 120;

/// An edition's own name for a section, with its own description. Sections are shared
/// by the editions and are named once for the site; another edition may name one in
/// its language (Місто for City), and then shows that name and description wherever
/// the section appears in it, never the shared description under its own name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionName {
    name: String,
    description: Option<String>,
}

/// Why what an editor typed cannot be an edition's name for a section.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SectionNameError {
    #[error("Keep the name under {SECTION_NAME_MAX} characters.")]
    TooLong,
    #[error("Write the name too: a description needs the name it describes.")]
    DescriptionWithoutName,
    #[error("This text cannot be saved: {0}.")]
    Description(crate::markdown::MarkdownLimit),
}

impl SectionName {
    /// Reads a name and a description as typed. A blank name is no name of the
    /// edition's own (`None`): the edition goes on using the shared one.
    pub fn parse(name: &str, description: &str) -> Result<Option<SectionName>, SectionNameError> {
        let name = name.trim();
        let description = description.trim();
        if name.is_empty() {
            return if description.is_empty() {
                Ok(None)
            } else {
                Err(SectionNameError::DescriptionWithoutName)
            };
        }
        if name.chars().count() > SECTION_NAME_MAX {
            return Err(SectionNameError::TooLong);
        }
        crate::markdown::check(description).map_err(SectionNameError::Description)?;
        Ok(Some(SectionName {
            name: name.to_owned(),
            description: (!description.is_empty()).then(|| description.to_owned()),
        }))
    }

    /// A name as stored (it was parsed when it was saved).
    pub fn from_stored(name: String, description: Option<String>) -> SectionName {
        SectionName { name, description }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// `tag` as the edition shows it: this name and this description.
    pub fn apply_to(&self, tag: &mut crate::Tag) {
        tag.name.clone_from(&self.name);
        tag.description.clone_from(&self.description);
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

    #[test]
    fn a_blank_section_name_is_no_name_of_the_editions_own() {
        assert_eq!(SectionName::parse("  ", ""), Ok(None));
        let named = SectionName::parse(" Місто ", " Вулиці й мости ")
            .unwrap()
            .unwrap();
        assert_eq!(named.name(), "Місто");
        assert_eq!(named.description(), Some("Вулиці й мости"));
        let bare = SectionName::parse("Місто", "   ").unwrap().unwrap();
        assert_eq!(bare.description(), None);
        assert_eq!(
            SectionName::parse("", "Вулиці й мости"),
            Err(SectionNameError::DescriptionWithoutName)
        );
        let longest = "м".repeat(SECTION_NAME_MAX);
        assert!(SectionName::parse(&longest, "").is_ok());
        assert_eq!(
            SectionName::parse(&format!("{longest}м"), ""),
            Err(SectionNameError::TooLong)
        );
    }
}
