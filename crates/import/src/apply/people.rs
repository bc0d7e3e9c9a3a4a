//! Authors and sections, with their pictures.

use super::*;

impl Run<'_> {
    pub(super) async fn people(
        &mut self,
        catalog: &Catalog,
        progress: &dyn Progress,
    ) -> Result<(), ImportError> {
        progress.stage(
            "authors and sections",
            (catalog.authors.len() + catalog.tags.len()) as u64,
        );
        let ids: Vec<&str> = catalog
            .authors
            .iter()
            .map(|a| a.source_id.as_str())
            .collect();
        let known = self.existing("author", &ids).await?;
        for (n, author) in catalog.authors.iter().enumerate() {
            let location = format!("author '{}'", author.slug);
            let Some(slug) = slug_for(&author.slug, &author.name) else {
                self.report
                    .problem(location, "no usable slug or name; skipped");
                self.report.count("authors").skipped += 1;
                continue;
            };
            let photo_url = match &author.photo {
                Some(url) => self
                    .image(url, &author.name, &location)
                    .await
                    .map(|i| i.url),
                None => None,
            };
            let new = NewAuthor {
                slug,
                name: byline_core::text::strip_controls(author.name.trim()).into_owned(),
                bio: author.bio.clone(),
                photo_url,
            };
            let sum = checksum(&[&new.slug, &new.name, &new.bio, &new.photo_url]);
            let outcome = if self.options.dry_run {
                dry_outcome(known.get(&author.source_id), &sum)
            } else {
                let key = self.key("author", &author.source_id);
                again_while_busy!(self.db.import_author(key, &sum, &new).await)?
            };
            self.authors.insert(author.source_id.clone(), outcome.id());
            self.report.tally("authors", outcome);
            progress.advance(n as u64 + 1);
        }
        let ids: Vec<&str> = catalog.tags.iter().map(|t| t.source_id.as_str()).collect();
        let known = self.existing("tag", &ids).await?;
        for (n, tag) in catalog.tags.iter().enumerate() {
            if tag.internal {
                self.report.count("internal tags").skipped += 1;
                continue;
            }
            let Some(slug) = slug_for(&tag.slug, &tag.name) else {
                self.report.problem(
                    format!("tag '{}'", tag.slug),
                    "no usable slug or name; skipped",
                );
                self.report.count("tags").skipped += 1;
                continue;
            };
            let new = NewTag {
                slug,
                name: byline_core::text::strip_controls(tag.name.trim()).into_owned(),
                description: tag.description.clone(),
            };
            let sum = checksum(&[&new.slug, &new.name, &new.description]);
            let outcome = if self.options.dry_run {
                dry_outcome(known.get(&tag.source_id), &sum)
            } else {
                let key = self.key("tag", &tag.source_id);
                again_while_busy!(self.db.import_tag(key, &sum, &new).await)?
            };
            self.tags.insert(tag.source_id.clone(), outcome.id());
            self.report.tally("tags", outcome);
            progress.advance((catalog.authors.len() + n) as u64 + 1);
        }
        Ok(())
    }

    /// Brings one image in; a problem (missing, refused) is reported at `location`.
    pub(super) async fn image(
        &mut self,
        url: &str,
        alt: &str,
        location: &str,
    ) -> Option<crate::media::StoredImage> {
        match self.media.import(self.db, url, alt).await {
            Ok(Some(image)) => {
                let counts = self.report.count("images");
                if image.fresh {
                    counts.imported += 1;
                } else {
                    counts.unchanged += 1;
                }
                Some(image)
            }
            Ok(None) => None,
            Err(why) => {
                self.report.count("images").skipped += 1;
                self.report.problem(location, format!("image {url}: {why}"));
                None
            }
        }
    }
}
