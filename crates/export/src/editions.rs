//! Editions and translation groups, which Ghost has no place for, as the internal tags
//! Ghost newsrooms mark languages with and Byline's importer reads
//! (`import/src/languages.rs`, `import/src/apply/editions.rs`):
//!
//! - Every post and page of an edition besides the main one gets `#lang-<language>`
//!   (slug `hash-lang-<language>`, lowercased), one tag per language. The importer puts
//!   it in the edition of that language, making one when the site has none.
//! - Posts of the main edition get no tag. The importer puts a post without a language
//!   tag in the main edition, and would put one tagged with the file's own language
//!   (`locale`, the main edition's) there too, so a tag would change nothing for Byline
//!   and only add a tag to every post of a Ghost site. Either way the main edition's
//!   posts go to the importing site's main edition, whatever its language.
//! - Every post of a translation group of two or more gets `#translation-<group>`
//!   (slug `hash-translation-<group>`, the group's id); the importer links the posts
//!   sharing one as translations.
//!
//! Both come after the post's sections, so Ghost's primary tag is still the first
//! section. Two cases the importer cannot tell apart are reported: an edition whose
//! primary language is the main edition's (`en-GB` beside `en`) goes to the main
//! edition, and one whose language an earlier edition also has goes to that one.

use std::collections::HashMap;
use std::io::Write;

use byline_core::editions::MAIN_EDITION;
use byline_core::{EditionId, LanguageTag, PostId};
use byline_store::{ExportEdition, ExportSnapshot};

use crate::ghost::{self, time};
use crate::ids::{self, Table};
use crate::json::Array;
use crate::posts::ROW_PAGE;
use crate::site::Limits;

/// The site's editions as the export file carries them.
#[derive(Debug)]
pub(crate) struct Editions {
    /// The number of the language tag of each edition besides the main one: the id of
    /// the first edition in its language.
    tag_of: HashMap<EditionId, i64>,
    /// One row per language, in the desk's order of the editions.
    tags: Vec<ghost::Tag>,
    /// Editions besides the main one.
    others: usize,
    /// Report lines for editions whose posts an import puts in another edition.
    misplaced: Vec<String>,
}

impl Editions {
    pub(crate) async fn read(snap: &mut ExportSnapshot) -> anyhow::Result<Editions> {
        Ok(Editions::from_list(&snap.editions().await?))
    }

    /// `editions` in the desk's order, the main one first.
    fn from_list(editions: &[ExportEdition]) -> Editions {
        let main = editions.iter().find(|e| e.id == MAIN_EDITION);
        let mut first_in: Vec<(&LanguageTag, &ExportEdition, Vec<&ExportEdition>)> = Vec::new();
        let mut tag_of = HashMap::new();
        let mut misplaced = Vec::new();
        for edition in editions.iter().filter(|e| e.id != MAIN_EDITION) {
            let at = match first_in.iter().position(|(l, ..)| **l == edition.language) {
                Some(at) => at,
                None => {
                    first_in.push((&edition.language, edition, Vec::new()));
                    first_in.len() - 1
                }
            };
            let (_, first, sharing) = &mut first_in[at];
            sharing.push(edition);
            tag_of.insert(edition.id, first.id.get());
            // Where the importer puts this language on a site with these editions.
            let goes_to = match main {
                Some(main) if main.language.primary() == edition.language.primary() => Some(
                    format!("the main edition, whose language is {}", main.language),
                ),
                _ if first.id != edition.id => Some(format!(
                    "{}, the first edition in {}",
                    first.prefix.home_path(),
                    first.language
                )),
                _ => None,
            };
            if let Some(goes_to) = goes_to
                && edition.posts > 0
            {
                misplaced.push(format!(
                    "{} posts' edition {} ({}): Byline's importer puts them in {goes_to}",
                    edition.posts,
                    edition.prefix.home_path(),
                    edition.language,
                ));
            }
        }
        let tags = first_in
            .into_iter()
            .map(|(language, first, sharing)| {
                let named: Vec<String> = sharing
                    .iter()
                    .map(|e| format!("{} ({})", e.prefix.home_path(), e.title))
                    .collect();
                ghost::Tag {
                    id: ids::id(Table::LanguageTags, first.id.get()),
                    name: format!("#lang-{language}"),
                    slug: format!("hash-lang-{}", language.as_str().to_ascii_lowercase()),
                    description: Some(format!("Byline: the posts of {}", named.join(", "))),
                    visibility: "internal",
                    created_at: time(first.created_at),
                    updated_at: time(first.created_at),
                }
            })
            .collect();
        Editions {
            tag_of,
            tags,
            others: editions.len().saturating_sub(1),
            misplaced,
        }
    }

    /// The language tags, then one tag per translation group of two or more posts.
    pub(crate) async fn write_tags<W: Write>(
        &self,
        snap: &mut ExportSnapshot,
        array: &mut Array<'_, W>,
        limits: &mut Limits,
    ) -> anyhow::Result<()> {
        for tag in &self.tags {
            limits.check(
                "tag descriptions",
                500,
                tag.description.as_deref(),
                &tag.slug,
            );
            array.push(tag)?;
        }
        let mut after = 0;
        loop {
            let page = snap.translation_groups(after, ROW_PAGE).await?;
            let Some(last) = page.last() else {
                break;
            };
            after = last.id;
            for group in &page {
                array.push(&ghost::Tag {
                    id: ids::id(Table::TranslationTags, group.id),
                    name: format!("#translation-{}", group.id),
                    slug: format!("hash-translation-{}", group.id),
                    description: Some(
                        "Byline: one story in several editions, each post its translation".into(),
                    ),
                    visibility: "internal",
                    created_at: time(group.created_at),
                    updated_at: time(group.created_at),
                })?;
            }
        }
        Ok(())
    }

    /// The `posts_tags` rows of the language and translation tags, by post.
    pub(crate) async fn write_links<W: Write>(
        &self,
        snap: &mut ExportSnapshot,
        array: &mut Array<'_, W>,
    ) -> anyhow::Result<()> {
        let mut after = PostId(0);
        loop {
            let page = snap.post_editions(after, ROW_PAGE).await?;
            let Some(last) = page.last() else {
                break;
            };
            after = last.post_id;
            for post in &page {
                let language = self
                    .tag_of
                    .get(&post.edition)
                    .map(|&tag| (Table::PostsLanguageTags, Table::LanguageTags, tag));
                let group = post
                    .translation_group
                    .map(|group| (Table::PostsTranslationTags, Table::TranslationTags, group));
                let links = language.into_iter().chain(group);
                for (sort_order, (link, tags, tag)) in (post.after_sections.max(0)..).zip(links) {
                    array.push(&ghost::PostLink {
                        id: ids::pair_id(link, post.post_id.get(), tag)?,
                        post_id: ids::id(Table::Posts, post.post_id.get()),
                        tag_id: Some(ids::id(tags, tag)),
                        author_id: None,
                        sort_order,
                    })?;
                }
            }
        }
        Ok(())
    }

    /// What the file cannot carry of the editions.
    pub(crate) fn left_out(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.others > 0 {
            lines.push(format!(
                "{} editions' own settings besides the main one's (name, prefix, description, \
                 time zone, navigation): a Ghost site has one of each; their posts keep their \
                 edition by a #lang- tag, and Byline's importer makes an edition for a language \
                 the site lacks",
                self.others
            ));
        }
        lines.extend(self.misplaced.iter().cloned());
        lines
    }
}

#[cfg(test)]
mod tests {
    use byline_core::editions::EditionPrefix;

    use super::*;

    fn edition(id: i64, prefix: &str, language: &str, posts: i64) -> ExportEdition {
        ExportEdition {
            id: EditionId(id),
            prefix: EditionPrefix::from_stored(prefix).unwrap(),
            language: LanguageTag::parse(language).unwrap(),
            title: format!("Edition {id}"),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            posts,
        }
    }

    #[test]
    fn one_tag_per_language_named_as_the_importer_reads_it() {
        let editions = Editions::from_list(&[
            edition(1, "", "en", 3),
            edition(2, "uk", "uk", 2),
            edition(3, "br", "pt-BR", 1),
        ]);
        let names: Vec<(&str, &str, &str)> = editions
            .tags
            .iter()
            .map(|t| (t.name.as_str(), t.slug.as_str(), t.visibility))
            .collect();
        assert_eq!(
            names,
            [
                ("#lang-uk", "hash-lang-uk", "internal"),
                ("#lang-pt-BR", "hash-lang-pt-br", "internal"),
            ]
        );
        assert_eq!(editions.tag_of.get(&EditionId(1)), None);
        assert_eq!(editions.tag_of.get(&EditionId(3)), Some(&3));
        assert_eq!(editions.misplaced, Vec::<String>::new());
        assert_eq!(editions.left_out().len(), 1);
    }

    #[test]
    fn editions_the_importer_cannot_tell_apart_are_reported() {
        let editions = Editions::from_list(&[
            edition(1, "", "en", 3),
            edition(2, "gb", "en-GB", 2),
            edition(3, "uk", "uk", 2),
            edition(4, "kyiv", "uk", 4),
            edition(5, "empty", "uk", 0),
        ]);
        assert_eq!(editions.tags.len(), 2);
        assert_eq!(editions.tag_of.get(&EditionId(4)), Some(&3));
        assert_eq!(
            editions.misplaced,
            [
                "2 posts' edition /gb/ (en-GB): Byline's importer puts them in the main \
                 edition, whose language is en",
                "4 posts' edition /kyiv/ (uk): Byline's importer puts them in /uk/, the first \
                 edition in uk",
            ]
        );
    }
}
