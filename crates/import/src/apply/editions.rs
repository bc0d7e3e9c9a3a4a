//! Languages to editions, and translations to translation groups.
//!
//! A post in the old site's own language, or in the main edition's, goes to the main
//! edition. A post in another language goes to the edition in that language (the
//! same tag first, then the same primary language), which the import makes when the
//! site has none: its prefix is the primary language (`/uk/`), or the whole tag when
//! that is taken (`/pt-br/`), and its name and time zone are the main edition's until
//! an editor words them. A dry run makes nothing and counts what it would make.
//!
//! Posts sharing a translation key on the old site are linked after every post is
//! written, so a translation that comes before its original in the file still finds
//! it. Two posts of one key in one edition cannot both be linked; the second is
//! reported and left unlinked.

use std::collections::HashMap;

use byline_core::editions::{DateOrder, EditionPrefix, MAIN_EDITION};
use byline_core::{EditionId, LanguageTag, PostId};
use byline_store::{NewEdition, StoreError};

use super::{ImportError, Run};

/// What the import knows of the site's editions and the old site's translations.
#[derive(Default)]
pub(super) struct Editions {
    /// Every edition's language, the main edition first.
    known: Vec<(LanguageTag, EditionId)>,
    /// The old site's own language: its posts go to the main edition.
    site_language: Option<LanguageTag>,
    /// Translation key → the posts sharing it, in file order.
    translations: HashMap<String, Vec<PostId>>,
}

impl Editions {
    pub(super) async fn read(
        db: &byline_store::Db,
        site_language: Option<LanguageTag>,
    ) -> Result<Editions, ImportError> {
        let known = db
            .editions()
            .await?
            .into_iter()
            .map(|e| (e.language, e.id))
            .collect();
        Ok(Editions {
            known,
            site_language,
            translations: HashMap::new(),
        })
    }

    /// The edition already holding `language`, if any.
    fn find(&self, language: &LanguageTag) -> Option<EditionId> {
        let main_language = self.known.first().map(|(l, _)| l);
        let same_primary = |a: &LanguageTag, b: &LanguageTag| a.primary() == b.primary();
        if self.site_language.as_ref() == Some(language)
            || main_language.is_some_and(|main| same_primary(main, language))
        {
            return Some(MAIN_EDITION);
        }
        self.known
            .iter()
            .find(|(l, _)| l == language)
            .or_else(|| self.known.iter().find(|(l, _)| same_primary(l, language)))
            .map(|(_, id)| *id)
    }

    /// Remembers a post's translation key once it is written (or found unchanged).
    pub(super) fn remember(&mut self, key: Option<&str>, post: PostId) {
        if let Some(key) = key {
            let posts = self.translations.entry(key.to_owned()).or_default();
            if !posts.contains(&post) {
                posts.push(post);
            }
        }
    }
}

impl Run<'_> {
    /// The edition a post in `language` goes to, made when the site has none (not in
    /// a dry run: there the post is counted as going to the main edition).
    pub(super) async fn edition_for(
        &mut self,
        language: Option<&LanguageTag>,
    ) -> Result<EditionId, ImportError> {
        let Some(language) = language else {
            return Ok(MAIN_EDITION);
        };
        if let Some(id) = self.editions.find(language) {
            return Ok(id);
        }
        self.report.count("editions").imported += 1;
        if self.options.dry_run {
            // Counted once: later posts in the language find it.
            self.editions.known.push((language.clone(), MAIN_EDITION));
            return Ok(MAIN_EDITION);
        }
        let main = self.db.edition(MAIN_EDITION).await?;
        let mut made = None;
        for candidate in [
            language.primary().to_owned(),
            language.as_str().to_ascii_lowercase(),
        ] {
            let Ok(prefix) = EditionPrefix::parse(&candidate) else {
                continue;
            };
            let new = NewEdition {
                prefix: prefix.clone(),
                language: language.clone(),
                title: main.title.clone(),
                description: main.description.clone(),
                timezone: main.timezone.clone(),
                date_order: DateOrder::default(),
            };
            match self.db.add_edition(&new).await {
                Ok(id) => {
                    made = Some((id, prefix));
                    break;
                }
                Err(StoreError::SlugTaken(_)) => continue,
                Err(other) => return Err(other.into()),
            }
        }
        let Some((id, prefix)) = made else {
            self.report.count("editions").imported -= 1;
            self.report.problem(
                format!("language {language}"),
                "no free address for an edition in this language; its posts went to the main edition",
            );
            self.editions.known.push((language.clone(), MAIN_EDITION));
            return Ok(MAIN_EDITION);
        };
        self.report.problem(
            format!("language {language}"),
            format!(
                "made the edition {} for posts in this language; give it its own name in Settings → Editions",
                prefix.home_path()
            ),
        );
        self.editions.known.push((language.clone(), id));
        Ok(id)
    }

    /// Links the posts that share a translation key on the old site.
    pub(super) async fn link_translations(&mut self) -> Result<(), ImportError> {
        if self.options.dry_run {
            return Ok(());
        }
        let mut groups: Vec<(String, Vec<PostId>)> =
            std::mem::take(&mut self.editions.translations)
                .into_iter()
                .filter(|(_, posts)| posts.len() > 1)
                .collect();
        groups.sort();
        for (key, posts) in groups {
            let (first, others) = posts.split_first().expect("groups have two or more");
            for other in others {
                match self.db.link_translation(*first, *other).await {
                    Ok(()) => self.report.count("translations").imported += 1,
                    Err(StoreError::NotEditable(why)) => {
                        self.report.count("translations").skipped += 1;
                        self.report.problem(
                            format!("translations {key}"),
                            format!("post #{other} was not linked to post #{first}: {why}"),
                        );
                    }
                    Err(other) => return Err(other.into()),
                }
            }
        }
        Ok(())
    }
}
