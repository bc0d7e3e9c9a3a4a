//! Ghost ids (24 hex digits) and UUIDs made from Byline's ids, the same on every run.
//!
//! An id is the table's prefix, `b71e00` and two digits naming the table, then the
//! Byline id in 16 zero-padded hex digits: post 42 is `b71e0001000000000000002a`.
//! Rows that join two ids carry both in 8 digits each: the link of post 42 to tag 7
//! is `b71e0005` `0000002a` `00000007`.
//!
//! The internal tags made from editions and translation groups (see `editions.rs`)
//! have numbers of their own, so they never share an id with a section: the `#lang-uk`
//! tag of edition 2 is `b71e000d0000000000000002`, its link to post 42
//! `b71e000f` `0000002a` `00000002`.

use anyhow::bail;

/// A table of the export file, with its two-digit number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Posts = 0x01,
    PostsMeta = 0x02,
    Tags = 0x03,
    Users = 0x04,
    PostsTags = 0x05,
    PostsAuthors = 0x06,
    Roles = 0x07,
    RolesUsers = 0x08,
    Settings = 0x09,
    Newsletters = 0x0a,
    Members = 0x0b,
    MembersNewsletters = 0x0c,
    /// `tags`: an edition's language tag, by the edition's id.
    LanguageTags = 0x0d,
    /// `tags`: a translation group's tag, by the group's id.
    TranslationTags = 0x0e,
    /// `posts_tags`: a post and its edition's language tag.
    PostsLanguageTags = 0x0f,
    /// `posts_tags`: a post and its translation group's tag.
    PostsTranslationTags = 0x10,
}

/// The 24-digit id of row `id` of `table`.
pub fn id(table: Table, id: i64) -> String {
    format!("b71e00{:02x}{:016x}", table as u8, id)
}

/// The 24-digit id of the row joining `a` and `b` in `table`. Each must fit in 8 hex
/// digits (ids up to 4,294,967,295).
pub fn pair_id(table: Table, a: i64, b: i64) -> anyhow::Result<String> {
    let (Ok(a), Ok(b)) = (u32::try_from(a), u32::try_from(b)) else {
        bail!("ids {a} and {b} are too large for an export id");
    };
    Ok(format!("b71e00{:02x}{a:08x}{b:08x}", table as u8))
}

/// A name-based (v5) UUID for `what` number `id` of the site at `site_url`, for rows
/// Byline keeps no UUID for: the same site gives the same UUID on every export, and
/// two sites never share one.
pub fn uuid(site_url: &str, what: &str, id: i64) -> String {
    let name = format!("{site_url}/#byline-{what}-{id}");
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_24_hex_digits_and_name_their_table() {
        assert_eq!(id(Table::Posts, 42), "b71e0001000000000000002a");
        assert_eq!(id(Table::Members, 1).len(), 24);
        assert_eq!(
            pair_id(Table::PostsTags, 42, 7).unwrap(),
            "b71e00050000002a00000007"
        );
        assert!(pair_id(Table::PostsTags, 1 << 40, 1).is_err());
    }

    #[test]
    fn uuids_are_stable_per_site() {
        let a = uuid("https://news.example", "member", 1);
        assert_eq!(a, uuid("https://news.example", "member", 1));
        assert_ne!(a, uuid("https://other.example", "member", 1));
        assert_ne!(a, uuid("https://news.example", "newsletter", 1));
        assert_eq!(&a[14..15], "5");
    }
}
