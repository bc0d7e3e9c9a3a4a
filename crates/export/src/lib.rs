//! The whole site in Ghost's JSON import format ([`write_ghost_json`]), and its media
//! as a tar archive laid out like Ghost's `content/` folder ([`write_media_tar`]).
//!
//! The JSON is Ghost 5's import file, `{"db":[{"meta":…,"data":{"posts":[…],…}}]}`,
//! written as a stream: posts, their links and subscribers are read in pages from
//! one consistent snapshot of the database and written one object at a time, so a
//! site of any size is exported in flat memory.
//!
//! # The rules an importer can rely on
//!
//! - **Ids** are 24 hex digits, like Ghost's: an 8-digit table prefix (`b71e00` and
//!   the table's number, see [`ids`]) and the Byline id in 16 zero-padded digits;
//!   rows made of two ids (`posts_tags`, `posts_authors`, `members_newsletters`) put
//!   both in 8 digits each. Exporting a site twice gives the same ids, and the same
//!   bytes except `meta.exported_on`.
//! - **Posts** keep their UUID. Their body travels twice: `lexical` holds one
//!   Markdown card with Byline's Markdown verbatim (so the article stays editable in
//!   Ghost, and Byline's importer gets its text back unchanged, related-article
//!   markers included), and `html` holds Byline's rendered HTML with site-relative
//!   links (`/content/images/…`, `/other-article/`) and links to the site's own
//!   address made `__GHOST_URL__/…`, and each related-article marker replaced by a
//!   Ghost bookmark card for that article (or left out, as Byline's pages do, when
//!   the article is missing or unpublished). The subtitle is `custom_excerpt`.
//! - **Captions and credits**: Ghost has one caption, HTML. `feature_image_caption`
//!   is the caption and the credit joined by `byline_core::credits::join` (the
//!   credit keeps its own label, such as "Illustration: ", else gets "Photo: "), then
//!   escaped; Byline's importer splits it at the last label.
//! - **Authors** become Ghost staff users with the role Author (they may publish their
//!   own posts there, as they did here; Ghost locks imported users until they reset
//!   their password). Byline's authors are bylines, not sign-ins,
//!   and have no address, so each gets `{slug}@authors.invalid`: unique, clearly not
//!   a mailbox (`.invalid` can never resolve, RFC 2606), and replaceable in Ghost.
//! - **Members** (read by Byline's importer; Ghost's JSON import skips them, so
//!   `write_ghost_members_csv` writes them for Ghost's member import too) are the
//!   subscribers who confirmed a newsletter: one `members_newsletters`
//!   row per newsletter they are on now; someone who left every newsletter is a member
//!   with none (Ghost's "unsubscribed"). Subscribers who never confirmed gave no consent
//!   and are left out. Newsletters and members get name-based (v5) UUIDs from the
//!   site's address, so they are stable too.
//! - **Editions and translations** (Ghost has neither) are internal tags after a
//!   post's sections, as Ghost newsrooms mark languages and Byline's importer reads
//!   them: `#lang-uk` on every post and page of an edition besides the main one (none
//!   on the main edition's: a post without one goes to the main edition anyway), and
//!   `#translation-<group>` on each post of a translation group. See `editions.rs`.
//!
//! Everything Ghost's format has no place for (the News Feed, editor's notes,
//! revisions, narration audio, editions' own settings, …) is counted in
//! [`ExportReport::left_out`], with the editions whose posts an import would put in
//! another edition (their language the main edition's, or an earlier edition's); values
//! Ghost's importer would refuse (a title over 255 characters) are named in
//! [`ExportReport::warnings`].

mod body;
mod editions;
mod ghost;
pub mod ids;
mod json;
mod media;
mod members_csv;
mod people;
mod posts;
mod site;

pub use media::write_media_tar;
pub use members_csv::write_ghost_members_csv;
pub use people::author_email;
pub use site::write_ghost_json;

/// What an export wrote, and what it could not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportReport {
    pub posts: u64,
    pub pages: u64,
    /// Rows of Ghost's `tags`: the sections, and the internal tags of editions and
    /// translation groups.
    pub tags: u64,
    pub authors: u64,
    pub newsletters: u64,
    pub members: u64,
    /// What Ghost's format has no place for, each with how many and why.
    pub left_out: Vec<String>,
    /// Values written as they are that Ghost's importer will refuse until they are
    /// shortened (Ghost's column limits are narrower than Byline's).
    pub warnings: Vec<String>,
}

/// What the media archive holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MediaReport {
    pub files: u64,
    /// The files' own sizes (the archive adds headers and padding).
    pub bytes: u64,
}
