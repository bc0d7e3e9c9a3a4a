//! Which edition a staff member works in when a desk page does not say: the one in
//! the language they chose for the desk (a Ukrainian-speaking editor starts in the
//! Ukrainian edition), else the main one. Lists and composers start there and offer
//! the others; nothing is hidden, only preselected.

use byline_core::EditionId;
use byline_core::editions::MAIN_EDITION;
use byline_store::Edition;

use crate::desk::words::DeskLanguage;
use crate::kit::session::Staff;

/// The edition `staff` works in by default among `editions`.
pub fn working_edition(editions: &[Edition], staff: &Staff) -> EditionId {
    edition_for_language(editions, &DeskLanguage::of(staff))
}

/// The first edition written in `language` (by primary language: a desk in `uk`
/// finds an edition in `uk-UA`), else the main edition.
pub fn edition_for_language(editions: &[Edition], language: &DeskLanguage) -> EditionId {
    let wanted = language.tag().primary();
    editions
        .iter()
        .find(|edition| edition.language.primary().eq_ignore_ascii_case(wanted))
        .map_or(MAIN_EDITION, |edition| edition.id)
}

/// An edition chosen in a form or an address, by its id; `None` for anything that
/// is not one of `editions`.
pub fn chosen_edition(editions: &[Edition], raw: &str) -> Option<EditionId> {
    let id = raw.trim().parse::<i64>().ok()?;
    editions
        .iter()
        .find(|edition| edition.id.get() == id)
        .map(|edition| edition.id)
}
