//! Sections as the edition being read names them. Sections are shared; an edition
//! may name some in its language (`Db::save_tag_names`). The names are read once per
//! edition and content version with the chrome, and every reader page puts them on
//! the sections of what it shows (cards, the article, feeds, structured data) before
//! turning it into views: one read however many articles a page lists.

use std::collections::HashMap;

use byline_core::content::PostSummary;
use byline_core::editions::SectionName;
use byline_core::{EditionId, Tag};
use byline_store::{Db, StoreError};

/// The names one edition gives sections, by section id (empty for the main edition,
/// whose names are the sections' own).
#[derive(Debug, Default)]
pub struct SectionNames(HashMap<i64, SectionName>);

impl SectionNames {
    /// The names `edition` gives; the main edition reads nothing.
    pub async fn load(db: &Db, edition: EditionId) -> Result<SectionNames, StoreError> {
        if edition == byline_core::editions::MAIN_EDITION {
            return Ok(SectionNames::default());
        }
        Ok(SectionNames(db.edition_tag_names(edition).await?))
    }

    /// `tags` with the edition's names in place of the shared ones.
    pub fn tags(&self, tags: &mut [Tag]) {
        if self.0.is_empty() {
            return;
        }
        for tag in tags {
            if let Some(name) = self.0.get(&tag.id) {
                name.apply_to(tag);
            }
        }
    }

    /// What the edition calls `tag`.
    pub fn name<'a>(&'a self, tag: &'a Tag) -> &'a str {
        self.0.get(&tag.id).map_or(&tag.name, |named| named.name())
    }

    /// The sections of `posts` by the edition's names.
    pub fn posts(&self, posts: &mut [PostSummary]) {
        for post in posts {
            self.tags(&mut post.tags);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(id: i64, name: &str) -> Tag {
        Tag {
            id,
            slug: byline_core::Slug::parse(&name.to_lowercase()).unwrap(),
            name: name.into(),
            description: Some(format!("About {name}")),
        }
    }

    #[test]
    fn named_sections_take_the_editions_name_and_others_keep_theirs() {
        let names = SectionNames(HashMap::from([(
            1,
            SectionName::parse("Місто", "").unwrap().unwrap(),
        )]));
        let mut tags = [tag(1, "City"), tag(2, "Politics")];
        names.tags(&mut tags);
        assert_eq!(tags[0].name, "Місто");
        assert_eq!(tags[0].description, None);
        assert_eq!(tags[0].slug.as_str(), "city", "addresses stay");
        assert_eq!(tags[1], tag(2, "Politics"));
        assert_eq!(names.name(&tag(1, "City")), "Місто");
        assert_eq!(names.name(&tag(2, "Politics")), "Politics");
    }
}
