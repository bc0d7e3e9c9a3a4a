//! Posts and pages: streamed from the reader, converted, rendered off the async
//! workers and written a batch per transaction.

use super::*;

type Rendered = (
    String,
    &'static str,
    ImportShell,
    Result<PreparedPost, byline_store::StoreError>,
);

/// Renders converted posts on the blocking pool, in order.
fn render(posts: Vec<Pending>) -> tokio::task::JoinHandle<Vec<Rendered>> {
    tokio::task::spawn_blocking(move || {
        posts
            .into_iter()
            .map(|pending| {
                let prepared = PreparedPost::without_spoken_text(pending.post);
                (pending.location, pending.kind, pending.import, prepared)
            })
            .collect()
    })
}

/// A converted batch, rendering on two blocking threads while the batch before it
/// is written.
struct Rendering {
    /// Posts read into the batch (the progress counts them when it is written).
    read: u64,
    known: HashMap<String, (i64, String)>,
    halves: [tokio::task::JoinHandle<Vec<Rendered>>; 2],
}

impl Run<'_> {
    pub(super) async fn posts(
        &mut self,
        archive: Box<dyn Archive>,
        total: u64,
        progress: &dyn Progress,
    ) -> Result<(), ImportError> {
        progress.stage("posts and pages", total);
        // The reader runs on its own thread and hands posts over a short queue; each
        // batch renders while the one before it is written. Reading, rendering and
        // writing overlap, and memory stays flat.
        let (sender, mut receiver) = mpsc::channel::<SourcePost>(BATCH);
        let reader = tokio::task::spawn_blocking(move || {
            let mut archive = archive;
            archive.posts(&mut |post| sender.blocking_send(post).is_ok())
        });
        let mut done = 0u64;
        let mut batch = Vec::with_capacity(BATCH);
        let mut in_flight: Option<Rendering> = None;
        loop {
            let next = receiver.recv().await;
            let finished = next.is_none();
            if let Some(post) = next {
                batch.push(post);
            }
            let (before, mut written) = (done, Ok(()));
            if batch.len() >= BATCH || (finished && !batch.is_empty()) {
                written = match self.convert_batch(std::mem::take(&mut batch)).await {
                    Ok(rendering) => match in_flight.replace(rendering) {
                        Some(previous) => {
                            done += previous.read;
                            self.write_batch(previous).await
                        }
                        None => Ok(()),
                    },
                    Err(error) => Err(error),
                };
            }
            if finished
                && written.is_ok()
                && let Some(last) = in_flight.take()
            {
                done += last.read;
                written = self.write_batch(last).await;
            }
            if let Err(error) = written {
                receiver.close();
                let _ = reader.await;
                return Err(error);
            }
            if done != before {
                progress.advance(done);
            }
            if finished {
                break;
            }
        }
        match reader.await {
            Ok(result) => result?,
            Err(e) => {
                return Err(ReadError::WrongShape {
                    platform: self.platform.label(),
                    reason: format!("reading stopped: {e}"),
                }
                .into());
            }
        }
        Ok(())
    }

    /// Converts a batch (bringing its images in) and starts rendering it.
    async fn convert_batch(&mut self, batch: Vec<SourcePost>) -> Result<Rendering, ImportError> {
        let read = batch.len() as u64;
        let ids: Vec<&str> = batch.iter().map(|p| p.source_id.as_str()).collect();
        let known = self.existing("post", &ids).await?;
        let mut ready: Vec<Pending> = Vec::new();
        for post in batch {
            let kind = match post.kind {
                byline_core::PostKind::Post => "posts",
                byline_core::PostKind::Page => "pages",
            };
            for problem in &post.body.problems {
                self.report.problem(&post.location, problem);
            }
            let Some((new, old_paths)) = self.new_post(&post).await else {
                self.report.count(kind).skipped += 1;
                continue;
            };
            let edition = self.edition_for(post.language.as_ref()).await?;
            // The main edition adds nothing, so archives imported before editions
            // existed stay unchanged.
            let sum = if edition == byline_core::editions::MAIN_EDITION {
                checksum(&[&new, &post.uuid, &post.created_at, &old_paths])
            } else {
                checksum(&[&new, &post.uuid, &post.created_at, &old_paths, &edition])
            };
            if let Some((id, old)) = known.get(&post.source_id)
                && *old == sum
            {
                self.report.tally(kind, Imported::Unchanged(*id));
                self.editions
                    .remember(post.translation_key.as_deref(), byline_core::PostId(*id));
                continue;
            }
            ready.push(Pending {
                location: post.location,
                kind,
                post: new,
                import: ImportShell {
                    source_id: post.source_id,
                    checksum: sum,
                    uuid: post.uuid,
                    created_at: post.created_at,
                    old_paths,
                    edition,
                    translation_key: post.translation_key,
                },
            });
        }
        let second = ready.split_off(ready.len() / 2);
        Ok(Rendering {
            read,
            known,
            halves: [render(ready), render(second)],
        })
    }

    /// Waits for a batch's rendering and writes it in one transaction.
    async fn write_batch(&mut self, rendering: Rendering) -> Result<(), ImportError> {
        let Rendering { known, halves, .. } = rendering;
        let mut rendered = Vec::new();
        for half in halves {
            rendered.extend(half.await.map_err(|e| {
                ImportError::from(byline_store::StoreError::Corrupt(format!(
                    "rendering failed: {e}"
                )))
            })?);
        }
        let mut writes = Vec::with_capacity(rendered.len());
        let mut kinds = Vec::with_capacity(rendered.len());
        let mut keys = Vec::with_capacity(rendered.len());
        for (location, kind, shell, prepared) in rendered {
            match prepared {
                Ok(prepared) => {
                    if self.options.dry_run {
                        let outcome = dry_outcome(known.get(&shell.source_id), &shell.checksum);
                        self.report.tally(kind, outcome);
                    } else {
                        writes.push(ImportPost {
                            source_id: shell.source_id,
                            checksum: shell.checksum,
                            prepared,
                            uuid: shell.uuid,
                            created_at: shell.created_at,
                            old_paths: shell.old_paths,
                            edition: shell.edition,
                        });
                        kinds.push(kind);
                        keys.push(shell.translation_key);
                    }
                }
                Err(error) => {
                    self.report.count(kind).skipped += 1;
                    self.report
                        .problem(location, format!("not imported: {error}"));
                }
            }
        }
        if !writes.is_empty() {
            let outcomes = self.write_posts(&mut writes).await?;
            for ((outcome, kind), key) in outcomes.into_iter().zip(kinds).zip(keys) {
                self.editions.remember(key.as_deref(), outcome.post_id());
                self.report.tally(kind, outcome);
            }
        }
        Ok(())
    }

    /// Writes a batch (again after a pause when SQLite says another writer held the
    /// database too long; see `again_while_busy`).
    async fn write_posts(
        &mut self,
        writes: &mut [ImportPost],
    ) -> Result<Vec<Imported>, ImportError> {
        let platform = self.platform.as_str();
        Ok(again_while_busy!(
            self.db.import_posts(platform, writes).await
        )?)
    }

    /// The post in Byline's terms, its images brought in and addresses rewritten;
    /// `None` (with a problem reported) when it cannot be imported.
    async fn new_post(&mut self, post: &SourcePost) -> Option<(NewPost, Vec<String>)> {
        let location = post.location.as_str();
        let title = post.title.trim();
        let title = if title.is_empty() {
            self.report
                .problem(location, "it has no title; it was given \"Untitled\"");
            "Untitled"
        } else {
            title
        };
        let Some(slug) = slug_for(&post.slug, title) else {
            self.report
                .problem(location, "no usable slug or title; skipped");
            return None;
        };
        let mut markdown = post.body.markdown.clone();
        for url in &post.body.images {
            if let Some(image) = self.image(url, "", location).await {
                markdown = markdown.replace(url.as_str(), &image.url);
            }
        }
        let image = match &post.image {
            Some(source) => match self.image(&source.url, &source.alt, location).await {
                Some(stored) => Some(Image {
                    url: stored.url,
                    alt: source.alt.clone(),
                    caption: source.caption.clone(),
                    credit: source.credit.clone(),
                    width: stored.width,
                    height: stored.height,
                }),
                None => {
                    if self.media.locate(&source.url) == crate::media::Located::Elsewhere {
                        self.report.problem(
                            location,
                            format!(
                                "its lead image is on another site ({}) and was left off",
                                source.url
                            ),
                        );
                    }
                    None
                }
            },
            None => None,
        };
        markdown = self.site_relative(&markdown);
        if !self.options.dry_run || self.options.media_root.is_some() {
            markdown = self.linked_files(&markdown, location).await;
        }
        let mut author_ids = Vec::new();
        for id in &post.authors {
            match self.authors.get(id) {
                Some(local) if !author_ids.contains(local) => author_ids.push(*local),
                Some(_) => {}
                None => self
                    .report
                    .problem(location, format!("its author '{id}' is not in the export")),
            }
        }
        let tag_ids: Vec<i64> = post
            .tags
            .iter()
            .filter_map(|id| self.tags.get(id).copied())
            .fold(Vec::new(), |mut ids, id| {
                if !ids.contains(&id) {
                    ids.push(id);
                }
                ids
            });
        let mut status = post.status;
        if status != byline_core::PostStatus::Draft && post.published_at.is_none() {
            self.report
                .problem(location, "it has no publication date; imported as a draft");
            status = byline_core::PostStatus::Draft;
        }
        let mut old_paths = post.old_paths.clone();
        if slug.as_str() != post.slug && !post.slug.is_empty() {
            old_paths.push(format!("/{}/", post.slug));
        }
        let new = NewPost {
            slug,
            kind: post.kind,
            status,
            title: title.to_owned(),
            subtitle: post.subtitle.clone(),
            body_markdown: markdown,
            image,
            featured: post.featured,
            published_at: post.published_at,
            author_ids,
            tag_ids,
        };
        Some((new, old_paths))
    }

    /// Video, audio and documents the body links to on the old site, copied into
    /// this site's content folder (in a dry run, only checked) and linked there.
    async fn linked_files(&mut self, markdown: &str, location: &str) -> String {
        let mut out = markdown.to_owned();
        for link in crate::media::file_links(self.platform, markdown) {
            match self.media.copy_file(&link).await {
                Ok(Some(new_link)) => {
                    self.report.count("files").imported += 1;
                    if new_link != link {
                        out = out.replace(&link, &new_link);
                    }
                }
                Ok(None) => {}
                Err(why) => {
                    self.report.count("files").skipped += 1;
                    self.report.problem(location, format!("file {link}: {why}"));
                }
            }
        }
        out
    }

    /// The old site's absolute links made relative, so they lead to the imported
    /// pages (or through the redirects) on this site.
    fn site_relative(&self, markdown: &str) -> String {
        let mut out = markdown
            .replace("__GHOST_URL__/", "/")
            .replace("__GHOST_URL__", "/");
        if let Some(site) = &self.site_url
            && !site.is_empty()
        {
            out = out.replace(&format!("{site}/"), "/");
        }
        out
    }
}
