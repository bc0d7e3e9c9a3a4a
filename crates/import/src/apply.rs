//! Writing an archive into the store: people and sections first, then the posts in
//! batches as the reader streams them, then newsletters, members and old addresses.
//!
//! Every row remembers its source id and a checksum of what was imported, so a second
//! run updates what changed and skips the rest; posts are written a batch per
//! transaction, so a crash leaves whole posts only, and the next run carries on. A dry
//! run reads, converts and renders everything, and writes nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use byline_core::content::{Image, NewPost};
use byline_core::{EmailAddress, Slug};
use byline_store::{
    Db, ImportPost, ImportRow, Imported, NewAuthor, NewTag, PreparedPost, SourceKey,
};
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use crate::media::MediaFolder;
use crate::model::{Platform, RedirectTarget, SourcePost};
use crate::source::{Archive, Catalog, Problem, ReadError};

/// Posts written per transaction: large enough that commits do not dominate, small
/// enough that a crash loses little work and a transaction holds the writer briefly.
const BATCH: usize = 200;

#[derive(Debug, Clone)]
pub struct Options {
    pub dry_run: bool,
    /// Ghost's content folder or a copy of WordPress's wp-content/uploads.
    pub media_root: Option<PathBuf>,
    /// The site's public content folder (DATA/content): images go to images/u/,
    /// other files the bodies link to (video, audio, documents) beside them.
    pub content_dir: PathBuf,
}

/// Told how the import goes, for a progress bar or the desk's progress page.
pub trait Progress: Send + Sync {
    /// A new stage ("posts") with how many items it will take.
    fn stage(&self, stage: &str, total: u64);
    /// `done` items of the current stage are finished.
    fn advance(&self, done: u64);
}

/// Ignores progress.
pub struct Quiet;

impl Progress for Quiet {
    fn stage(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// What one kind of row did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    /// New rows (in a dry run: rows that would be new).
    pub imported: u64,
    pub updated: u64,
    /// Imported before and unchanged, or already on the site.
    pub unchanged: u64,
    /// Not imported, with a problem saying why.
    pub skipped: u64,
}

/// The summary an import ends with.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Report {
    pub platform: String,
    pub dry_run: bool,
    /// By kind: posts, pages, authors, tags, images, newsletters, members, redirects.
    pub counts: BTreeMap<String, Counts>,
    /// What the file holds that Byline does not import, with how many.
    pub left_out: Vec<(String, u64)>,
    pub problems: Vec<ProblemRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProblemRow {
    pub location: String,
    pub message: String,
}

impl Report {
    fn count(&mut self, kind: &str) -> &mut Counts {
        self.counts.entry(kind.to_owned()).or_default()
    }

    fn problem(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.problems.push(ProblemRow {
            location: location.into(),
            message: message.into(),
        });
    }

    fn tally(&mut self, kind: &str, outcome: Imported) {
        let counts = self.count(kind);
        match outcome {
            Imported::Created(_) => counts.imported += 1,
            Imported::Updated(_) => counts.updated += 1,
            Imported::Unchanged(_) | Imported::Adopted(_) => counts.unchanged += 1,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("the database refused the import: {0}")]
    Store(#[from] byline_store::StoreError),
}

/// Runs an import to the end.
pub async fn import(
    db: &Db,
    archive: Box<dyn Archive>,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Report, ImportError> {
    let platform = archive.platform();
    progress.stage("reading the file", 0);
    let (archive, catalog) = tokio::task::spawn_blocking(move || {
        let mut archive = archive;
        let catalog = archive.catalog();
        (archive, catalog)
    })
    .await
    .map_err(|e| ReadError::WrongShape {
        platform: platform.label(),
        reason: format!("reading stopped: {e}"),
    })?;
    let catalog = catalog?;
    let mut run = Run {
        db,
        platform,
        options,
        report: Report {
            platform: platform.label().to_owned(),
            dry_run: options.dry_run,
            left_out: catalog.left_out.clone(),
            ..Report::default()
        },
        media: MediaFolder::new(
            platform,
            options.media_root.clone(),
            catalog.site_url.clone(),
            options.content_dir.clone(),
            options.dry_run,
        ),
        authors: HashMap::new(),
        tags: HashMap::new(),
        site_url: catalog
            .site_url
            .clone()
            .map(|u| u.trim_end_matches('/').to_owned()),
    };
    for problem in &catalog.problems {
        run.report.problem(&problem.location, &problem.message);
    }
    run.people(&catalog, progress).await?;
    run.posts(archive, catalog.posts, progress).await?;
    run.newsletters(&catalog, progress).await?;
    run.redirects(&catalog, progress).await?;
    Ok(run.report)
}

/// A post converted and waiting to be rendered.
struct Pending {
    location: String,
    kind: &'static str,
    post: NewPost,
    import: ImportShell,
}

/// What an [`ImportPost`] carries besides the rendered post.
struct ImportShell {
    source_id: String,
    checksum: String,
    uuid: Option<String>,
    created_at: Option<Timestamp>,
    old_paths: Vec<String>,
}

struct Run<'a> {
    db: &'a Db,
    platform: Platform,
    options: &'a Options,
    report: Report,
    media: MediaFolder,
    /// Source id to local id.
    authors: HashMap<String, i64>,
    tags: HashMap<String, i64>,
    site_url: Option<String>,
}

fn checksum(parts: &[&dyn std::fmt::Debug]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(format!("{part:?}\u{0}").as_bytes());
    }
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A Byline slug for what the source calls `raw`, else made from `fallback`.
fn slug_for(raw: &str, fallback: &str) -> Option<Slug> {
    Slug::parse(raw)
        .ok()
        .or_else(|| Slug::from_title(raw))
        .or_else(|| Slug::from_title(fallback))
}

impl Run<'_> {
    fn key<'k>(&self, kind: &'k str, source_id: &'k str) -> SourceKey<'k> {
        SourceKey {
            platform: self.platform.as_str(),
            kind,
            source_id,
        }
    }

    async fn existing(
        &self,
        kind: &str,
        ids: &[&str],
    ) -> Result<HashMap<String, (i64, String)>, ImportError> {
        Ok(self
            .db
            .imported_rows(self.platform.as_str(), kind, ids)
            .await?)
    }

    async fn people(
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
                self.db
                    .import_author(self.key("author", &author.source_id), &sum, &new)
                    .await?
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
                self.db
                    .import_tag(self.key("tag", &tag.source_id), &sum, &new)
                    .await?
            };
            self.tags.insert(tag.source_id.clone(), outcome.id());
            self.report.tally("tags", outcome);
            progress.advance((catalog.authors.len() + n) as u64 + 1);
        }
        Ok(())
    }

    /// Brings one image in; a problem (missing, refused) is reported at `location`.
    async fn image(
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

    async fn posts(
        &mut self,
        archive: Box<dyn Archive>,
        total: u64,
        progress: &dyn Progress,
    ) -> Result<(), ImportError> {
        progress.stage("posts and pages", total);
        // The reader runs on its own thread and hands posts over a short queue, so
        // reading, rendering and writing overlap and memory stays flat.
        let (sender, mut receiver) = mpsc::channel::<SourcePost>(BATCH);
        let reader = tokio::task::spawn_blocking(move || {
            let mut archive = archive;
            archive.posts(&mut |post| sender.blocking_send(post).is_ok())
        });
        let mut done = 0u64;
        let mut batch = Vec::with_capacity(BATCH);
        loop {
            let next = receiver.recv().await;
            let finished = next.is_none();
            if let Some(post) = next {
                batch.push(post);
            }
            if batch.len() >= BATCH || (finished && !batch.is_empty()) {
                let taken = std::mem::take(&mut batch);
                done += taken.len() as u64;
                if let Err(error) = self.write_batch(taken).await {
                    receiver.close();
                    let _ = reader.await;
                    return Err(error);
                }
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

    async fn write_batch(&mut self, batch: Vec<SourcePost>) -> Result<(), ImportError> {
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
            let sum = checksum(&[&new, &post.uuid, &post.created_at, &old_paths]);
            if let Some((id, old)) = known.get(&post.source_id)
                && *old == sum
            {
                self.report.tally(kind, Imported::Unchanged(*id));
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
                },
            });
        }
        // Rendering is the slow part: done off the async workers, all at once.
        let rendered = tokio::task::spawn_blocking(move || {
            ready
                .into_iter()
                .map(|pending| {
                    let prepared = PreparedPost::new(pending.post);
                    (pending.location, pending.kind, pending.import, prepared)
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| byline_store::StoreError::Corrupt(format!("rendering failed: {e}")))?;
        let mut writes = Vec::with_capacity(rendered.len());
        let mut kinds = Vec::with_capacity(rendered.len());
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
                        });
                        kinds.push(kind);
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
            let outcomes = self
                .db
                .import_posts(self.platform.as_str(), &mut writes)
                .await?;
            for (outcome, kind) in outcomes.into_iter().zip(kinds) {
                self.report.tally(kind, outcome);
            }
        }
        Ok(())
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
            match self.media.copy_file(&link) {
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

    async fn newsletters(
        &mut self,
        catalog: &Catalog,
        progress: &dyn Progress,
    ) -> Result<(), ImportError> {
        if catalog.newsletters.is_empty() && catalog.members.is_empty() {
            return Ok(());
        }
        progress.stage(
            "newsletters and members",
            (catalog.newsletters.len() + catalog.members.len()) as u64,
        );
        let now = Timestamp::now();
        let ids: Vec<&str> = catalog
            .newsletters
            .iter()
            .map(|n| n.source_id.as_str())
            .collect();
        let known = self.existing("newsletter", &ids).await?;
        let mut local: HashMap<&str, i64> = HashMap::new();
        let site_title = catalog
            .site_title
            .clone()
            .unwrap_or_else(|| "Newsroom".into());
        for newsletter in &catalog.newsletters {
            let location = format!("newsletter '{}'", newsletter.slug);
            if let Some((id, _)) = known.get(&newsletter.source_id) {
                local.insert(&newsletter.source_id, *id);
                self.report.count("newsletters").unchanged += 1;
                continue;
            }
            let existing = self.db.newsletter_by_slug(&newsletter.slug).await?;
            if let Some(existing) = existing {
                local.insert(&newsletter.source_id, existing.id);
                self.report.count("newsletters").unchanged += 1;
                if !self.options.dry_run {
                    self.db
                        .remember_import(
                            self.key("newsletter", &newsletter.source_id),
                            existing.id,
                            "",
                        )
                        .await?;
                }
                continue;
            }
            let draft = byline_core::newsletters::NewsletterDraft {
                slug: slug_for(&newsletter.slug, &newsletter.name)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "newsletter".into()),
                name: newsletter.name.clone(),
                description: newsletter.description.clone().unwrap_or_default(),
                cadence: String::new(),
                sender_name: newsletter
                    .sender_name
                    .clone()
                    .unwrap_or_else(|| site_title.clone()),
                sender_email: newsletter
                    .sender_email
                    .clone()
                    .unwrap_or_else(|| "newsletter@example.invalid".into()),
                reply_to: String::new(),
                signup_open: true,
            };
            if let Some((field, why)) = draft.problems().into_iter().next() {
                self.report
                    .problem(&location, format!("{field}: {why}; set it in the desk"));
            }
            if self.options.dry_run {
                self.report.count("newsletters").imported += 1;
                continue;
            }
            let id = self.db.create_newsletter(&draft, now).await?;
            self.db
                .remember_import(self.key("newsletter", &newsletter.source_id), id, "")
                .await?;
            local.insert(&newsletter.source_id, id);
            self.report.count("newsletters").imported += 1;
        }
        let all: Vec<i64> = local.values().copied().collect();
        let mut subscribed = Vec::new();
        let mut left = Vec::new();
        for member in &catalog.members {
            let Ok(email) = EmailAddress::parse(&member.email) else {
                self.report.problem(
                    format!("member {}", member.source_id),
                    "its email address is not valid; skipped",
                );
                self.report.count("members").skipped += 1;
                continue;
            };
            let newsletter_ids: Vec<i64> = member
                .subscribed
                .iter()
                .filter_map(|id| local.get(id.as_str()).copied())
                .collect();
            let others: Vec<i64> = all
                .iter()
                .copied()
                .filter(|id| !newsletter_ids.contains(id))
                .collect();
            if !newsletter_ids.is_empty() {
                subscribed.push(ImportRow {
                    email: email.clone(),
                    name: member.name.clone(),
                    newsletter_ids,
                    consent: true,
                });
            }
            if member.subscribed.is_empty() && !others.is_empty() {
                left.push(ImportRow {
                    email,
                    name: member.name.clone(),
                    newsletter_ids: others,
                    consent: false,
                });
            }
        }
        let source = format!("{} import", self.platform.label());
        if self.options.dry_run {
            self.report.count("members").imported += (subscribed.len() + left.len()) as u64;
            return Ok(());
        }
        for chunk in subscribed.chunks(500) {
            let outcome = self.db.import_subscribers(chunk, &source, now).await?;
            let counts = self.report.count("subscriptions");
            counts.imported += outcome.confirmed as u64;
            counts.unchanged += (outcome.unchanged + outcome.left_kept) as u64;
        }
        for chunk in left.chunks(500) {
            let recorded = self.db.import_unsubscribed(chunk, &source, now).await?;
            self.report.count("left subscriptions").imported += recorded;
        }
        Ok(())
    }

    async fn redirects(
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
                        Some((local, _)) => {
                            self.db.post_slug(*local).await?.map(|s| format!("/{s}/"))
                        }
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
            self.db.add_redirects(&rows, self.platform.as_str()).await?;
        }
        progress.advance(catalog.redirects.len() as u64);
        Ok(())
    }
}

/// What a write would do, for a dry run.
fn dry_outcome(known: Option<&(i64, String)>, checksum: &str) -> Imported {
    match known {
        Some((id, old)) if old == checksum => Imported::Unchanged(*id),
        Some((id, _)) => Imported::Updated(*id),
        None => Imported::Created(0),
    }
}

impl From<&Problem> for ProblemRow {
    fn from(problem: &Problem) -> Self {
        ProblemRow {
            location: problem.location.clone(),
            message: problem.message.clone(),
        }
    }
}
