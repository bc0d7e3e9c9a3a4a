//! Finding an imported site's images on disk and bringing them through Byline's image
//! pipeline (checked, stripped of metadata, stored at every width pages use).
//!
//! An address in the export names a file under the folder the operator gave
//! (`--content` for Ghost, `--uploads` for WordPress). The address comes from the
//! file, so it is not trusted: only plain path segments are followed, and a path that
//! would leave the folder (`..`, an absolute path, a symbolic link pointing out) is
//! refused.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use byline_media::MediaStore;
use byline_store::{Db, NewMedia};

use crate::model::Platform;

/// Where an image address leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    File(PathBuf),
    /// The address is on the old site, but the file is not in the folder.
    Missing(String),
    /// The address is another site's: it stays as it is.
    Elsewhere,
    Refused(String),
}

/// An image stored by this import: its address on this site and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    /// False when an earlier import stored the same file and it was reused.
    pub fresh: bool,
}

pub struct MediaFolder {
    platform: Platform,
    root: Option<PathBuf>,
    /// The old site's own address, so its absolute image links are found too.
    site_url: Option<String>,
    /// Where this site keeps its files.
    storage: MediaStore,
    dry_run: bool,
    done: HashMap<String, Result<StoredImage, String>>,
}

impl MediaFolder {
    pub fn new(
        platform: Platform,
        root: Option<PathBuf>,
        site_url: Option<String>,
        storage: MediaStore,
        dry_run: bool,
    ) -> Self {
        MediaFolder {
            platform,
            root,
            site_url: site_url.map(|u| u.trim_end_matches('/').to_owned()),
            storage,
            dry_run,
            done: HashMap::new(),
        }
    }

    /// The path inside the media folder an address names, before looking at the disk.
    fn relative_path(&self, url: &str) -> Option<String> {
        let url = url.trim();
        let mut rest = url;
        for prefix in ["__GHOST_URL__", self.site_url.as_deref().unwrap_or("\u{0}")] {
            if let Some(stripped) = rest.strip_prefix(prefix) {
                rest = stripped;
            }
        }
        let rest = rest.split(['?', '#']).next().unwrap_or("");
        let marker = match self.platform {
            Platform::Ghost => "/content/",
            Platform::WordPress => "/wp-content/uploads/",
        };
        let at = rest.find(marker)?;
        // Only the old site's own addresses (relative, or under its URL).
        if at != 0 {
            return None;
        }
        let relative = byline_store::normalize_path(&rest[at + marker.len()..]);
        let relative = relative.trim_start_matches('/').trim_end_matches('/');
        // Ghost serves resized copies from content/images/size/w600/…: the original
        // sits at content/images/….
        let relative = match relative.strip_prefix("images/size/") {
            Some(sized) => match sized.split_once('/') {
                Some((_, original)) => format!("images/{original}"),
                None => relative.to_owned(),
            },
            None => relative.to_owned(),
        };
        Some(relative)
    }

    pub fn locate(&self, url: &str) -> Located {
        let Some(relative) = self.relative_path(url) else {
            return Located::Elsewhere;
        };
        let Some(root) = &self.root else {
            let option = match self.platform {
                Platform::Ghost => "--content",
                Platform::WordPress => "--uploads",
            };
            return Located::Missing(format!("no media folder was given ({option})"));
        };
        let path = Path::new(&relative);
        if relative.contains('\\')
            || path
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Located::Refused(format!("the address {url} points outside the media folder"));
        }
        let mut candidates = vec![root.join(path)];
        if self.platform == Platform::WordPress
            && let Some(original) = without_size_suffix(&relative)
        {
            candidates.push(root.join(original));
        }
        let Ok(root) = root.canonicalize() else {
            return Located::Missing(format!(
                "the media folder {} cannot be read",
                root.display()
            ));
        };
        for candidate in candidates {
            if let Ok(real) = candidate.canonicalize() {
                if !real.starts_with(&root) {
                    return Located::Refused(format!(
                        "the address {url} leads outside the media folder"
                    ));
                }
                if real.is_file() {
                    return Located::File(real);
                }
            }
        }
        Located::Missing(format!("{relative} is not in the media folder"))
    }

    /// Brings the image at `url` in once per import (in a dry run, only checks that the
    /// file is there). `Ok(None)` for another site's image, which stays as it is.
    pub async fn import(
        &mut self,
        db: &Db,
        url: &str,
        alt: &str,
    ) -> Result<Option<StoredImage>, String> {
        if let Some(done) = self.done.get(url) {
            return done.clone().map(Some);
        }
        let outcome = match self.locate(url) {
            Located::Elsewhere => return Ok(None),
            Located::Missing(why) | Located::Refused(why) => Err(why),
            Located::File(path) if self.dry_run => Ok(StoredImage {
                url: path.display().to_string(),
                width: 0,
                height: 0,
                fresh: true,
            }),
            Located::File(path) => self.reuse_or_store(db, url, &path, alt).await,
        };
        self.done.insert(url.to_owned(), outcome.clone());
        outcome.map(Some)
    }
}

impl MediaFolder {
    /// The image an earlier import stored from the same unchanged file, else the file
    /// brought through the pipeline now (and remembered for the next import).
    async fn reuse_or_store(
        &self,
        db: &Db,
        url: &str,
        path: &Path,
        alt: &str,
    ) -> Result<StoredImage, String> {
        let stamp = std::fs::metadata(path)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                format!("{}:{modified}", m.len())
            })
            .unwrap_or_default();
        let platform = self.platform.as_str();
        let known = db
            .imported_rows(platform, "image", &[url])
            .await
            .map_err(|e| e.to_string())?;
        if let Some((id, old)) = known.get(url)
            && *old == stamp
            && let Ok(Some(media)) = db.media_by_id(*id).await
        {
            return Ok(StoredImage {
                url: media.url,
                width: media.width,
                height: media.height,
                fresh: false,
            });
        }
        let (image, id) = store(db, path, &self.storage, alt).await?;
        db.remember_import(
            byline_store::SourceKey {
                platform,
                kind: "image",
                source_id: url,
            },
            id,
            &stamp,
        )
        .await
        .map_err(|e| e.to_string())?;
        Ok(image)
    }
}

/// The largest linked file (a video, a recording, a document) an import copies.
pub const MAX_LINKED_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Extensions of pictures: those go through the image pipeline, never copied as is.
const IMAGE_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "gif", "webp", "avif"];

/// Site-relative links in `markdown` to files on the old site that are not pictures:
/// Ghost's `/content/media/…` and `/content/files/…`, WordPress's
/// `/wp-content/uploads/…` (once the importer made them relative).
pub fn file_links(platform: Platform, markdown: &str) -> Vec<String> {
    let prefixes: &[&str] = match platform {
        Platform::Ghost => &["/content/media/", "/content/files/"],
        Platform::WordPress => &["/wp-content/uploads/"],
    };
    let mut links = Vec::new();
    for prefix in prefixes {
        for (at, _) in markdown.match_indices(prefix) {
            let before = markdown[..at].chars().last();
            if !matches!(before, Some('(' | '"' | '\'' | ' ' | '\n' | '<') | None) {
                continue;
            }
            let end = markdown[at..]
                .find([')', '"', '\'', ' ', '\n', '<', '>'])
                .map_or(markdown.len(), |n| at + n);
            let link = &markdown[at..end];
            let extension = link.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            if !IMAGE_EXTENSIONS.contains(&extension.as_str()) && !links.iter().any(|l| l == link) {
                links.push(link.to_owned());
            }
        }
    }
    links
}

impl MediaFolder {
    /// Copies a linked file into this site's content folder; returns its link here.
    /// `Ok(None)` when the link does not name a file of the old site.
    pub async fn copy_file(&mut self, link: &str) -> Result<Option<String>, String> {
        let path = match self.locate(link) {
            Located::Elsewhere => return Ok(None),
            Located::Missing(why) | Located::Refused(why) => return Err(why),
            Located::File(path) => path,
        };
        let relative = self.relative_path(link).unwrap_or_default();
        // Ghost's links already point at /content/…; WordPress's uploads move under
        // /content/uploads/.
        let (key, new_link) = match self.platform {
            Platform::Ghost => (relative.clone(), format!("/content/{relative}")),
            Platform::WordPress => (
                format!("uploads/{relative}"),
                format!("/content/uploads/{relative}"),
            ),
        };
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > MAX_LINKED_FILE_BYTES {
            return Err(format!(
                "it is larger than {} MB and was not copied",
                MAX_LINKED_FILE_BYTES / (1024 * 1024)
            ));
        }
        if self.dry_run {
            return Ok(Some(new_link));
        }
        // Imported files keep the old site's names, so an unchanged one (same
        // length) is not sent again when an import is repeated.
        let stored = self
            .storage
            .stat(&key)
            .await
            .map_err(|e| format!("cannot be stored: {e}"))?;
        if stored.is_none_or(|stat| stat.size != size) {
            self.storage
                .put_file(&key, &path)
                .await
                .map_err(|e| format!("cannot be stored: {e}"))?;
        }
        Ok(Some(new_link))
    }
}

/// `photo-1024x768.jpg` → `photo.jpg`: WordPress links resized copies; the upload
/// folder copy may hold only the original.
fn without_size_suffix(relative: &str) -> Option<String> {
    let (stem, extension) = relative.rsplit_once('.')?;
    let (base, size) = stem.rsplit_once('-')?;
    let (w, h) = size.split_once('x')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(w) && digits(h)).then(|| format!("{base}.{extension}"))
}

async fn store(
    db: &Db,
    path: &Path,
    storage: &MediaStore,
    alt: &str,
) -> Result<(StoredImage, i64), String> {
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|e| format!("{} cannot be read: {e}", path.display()))?;
    let shown = path.display().to_string();
    let refused = shown.clone();
    let processed = tokio::task::spawn_blocking(move || {
        byline_images::process(&bytes, &byline_images::Limits::default())
            .map_err(|e| format!("{refused} was refused: {e}"))
    })
    .await
    .map_err(|e| format!("the image pipeline failed: {e}"))??;
    let files: Vec<(String, byline_media::Bytes)> = processed
        .objects()
        .map(|(key, bytes)| (key, byline_media::Bytes::copy_from_slice(bytes)))
        .collect();
    // Stored before the library names it, so no post links a missing file.
    storage
        .put_all(files)
        .await
        .map_err(|e| format!("{shown} could not be stored: {e}"))?;
    let url = processed.url();
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let media = db
        .add_media(&NewMedia {
            url: url.clone(),
            width: processed.width,
            height: processed.height,
            file_name,
            alt: alt.to_owned(),
            caption: None,
            credit: None,
            uploaded_by: None,
        })
        .await
        .map_err(|e| format!("the media library refused it: {e}"))?;
    Ok((
        StoredImage {
            url,
            width: processed.width,
            height: processed.height,
            fresh: true,
        },
        media.id,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(platform: Platform, root: &Path) -> MediaFolder {
        MediaFolder::new(
            platform,
            Some(root.to_owned()),
            Some("https://harbour.example".into()),
            MediaStore::folder(&root.join("out")).unwrap(),
            true,
        )
    }

    #[test]
    fn addresses_lead_into_the_folder_and_never_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("images/2024/05")).unwrap();
        std::fs::write(dir.path().join("images/2024/05/pier.jpg"), b"x").unwrap();
        std::fs::create_dir_all(dir.path().join("2024/05")).unwrap();
        std::fs::write(dir.path().join("2024/05/pier.jpg"), b"x").unwrap();
        let ghost = folder(Platform::Ghost, dir.path());
        assert!(matches!(
            ghost.locate("__GHOST_URL__/content/images/2024/05/pier.jpg"),
            Located::File(_)
        ));
        assert!(matches!(
            ghost.locate("https://harbour.example/content/images/size/w600/2024/05/pier.jpg"),
            Located::File(_)
        ));
        assert!(matches!(
            ghost.locate("__GHOST_URL__/content/images/2024/05/gone.jpg"),
            Located::Missing(_)
        ));
        assert_eq!(
            ghost.locate("https://photos.example/pier.jpg"),
            Located::Elsewhere
        );
        assert!(matches!(
            ghost.locate("__GHOST_URL__/content/../../etc/passwd"),
            Located::Refused(_)
        ));
        assert!(matches!(
            ghost.locate("__GHOST_URL__/content/images/%2e%2e/%2e%2e/etc/passwd"),
            Located::Refused(_)
        ));
        let wordpress = folder(Platform::WordPress, dir.path());
        assert!(matches!(
            wordpress
                .locate("https://harbour.example/wp-content/uploads/2024/05/pier-1024x768.jpg"),
            Located::File(_)
        ));
        assert!(matches!(
            wordpress.locate("https://harbour.example/wp-content/uploads/../../etc/passwd"),
            Located::Refused(_)
        ));
    }

    #[test]
    fn size_suffixes_come_off() {
        assert_eq!(
            without_size_suffix("2024/05/a-b-300x200.jpg").as_deref(),
            Some("2024/05/a-b.jpg")
        );
        assert_eq!(without_size_suffix("2024/05/a-b.jpg"), None);
    }
}
