//! Old addresses, pointed at where the imported rows live now.

use byline_core::PostId;

use super::*;

impl Run<'_> {
    pub(super) async fn redirects(
        &mut self,
        catalog: &Catalog,
        progress: &dyn Progress,
    ) -> Result<(), ImportError> {
        progress.stage("old addresses", catalog.redirects.len() as u64);
        let mut rows: Vec<(String, String, bool)> = Vec::new();
        let authors = self.db.list_authors().await?;
        let tags = self.db.list_tags().await?;
        for redirect in &catalog.redirects {
            let to = match &redirect.to {
                RedirectTarget::Path(path) => Some(path.clone()),
                RedirectTarget::Tag(id) => self
                    .tags
                    .get(id)
                    .and_then(|local| tags.iter().find(|t| t.id == *local))
                    .map(|t| format!("/tag/{}/", t.slug)),
                RedirectTarget::Author(id) => self
                    .authors
                    .get(id)
                    .and_then(|local| authors.iter().find(|a| a.id == *local))
                    .map(|a| format!("/author/{}/", a.slug)),
                RedirectTarget::Post(id) => {
                    let known = self.existing("post", &[id.as_str()]).await?;
                    match known.get(id) {
                        Some((local, _)) => self
                            .db
                            .post_slug(PostId(*local))
                            .await?
                            .map(|s| format!("/{s}/")),
                        None => None,
                    }
                }
            };
            let Some(to) = to else { continue };
            let from = byline_store::normalize_path(&redirect.from);
            if from != to {
                rows.push((from, to, redirect.permanent));
            }
        }
        let counts = self.report.count("redirects");
        counts.imported += rows.len() as u64;
        if !self.options.dry_run {
            let platform = self.platform.as_str();
            again_while_busy!(self.db.add_redirects(&rows, platform).await)?;
        }
        progress.advance(catalog.redirects.len() as u64);
        Ok(())
    }
}
