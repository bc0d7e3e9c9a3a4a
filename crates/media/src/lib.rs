//! Where Byline keeps its files: uploaded images and their sizes, narration MP3s,
//! imported media and exports. One small interface, [`MediaStore`], over two places:
//!
//! - the data folder (`DATA/content/`), the embedded default: one machine, nothing
//!   to set up;
//! - an S3-compatible bucket (`--media-url s3://BUCKET/PREFIX`), so that no node keeps
//!   a file of its own and any node can be replaced at any time.
//!
//! Keys are the paths under `/content/` (`images/u/{hash}/1200.jpg`,
//! `audio/{hash}.mp3`). Uploads and narrations are named after a hash of their
//! bytes, so writing the same file twice writes the same object, and a cache may keep
//! one forever. Both places are reached through `object_store`, the Arrow project's
//! well-kept crate; this crate adds what Byline needs on top: durable folder writes,
//! bounded timeouts so an unreachable bucket fails an upload in seconds rather than
//! minutes, errors an editor can read, and public addresses.

mod s3;
#[cfg(feature = "testing")]
pub mod testing;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::{GetOptions, GetRange, ObjectStore, PutPayload, WriteMultipart};

pub use bytes::Bytes;
pub use s3::S3Settings;

/// A failure of the storage, in words for the desk and the log.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The storage did not answer, or answered with an error. Uploads fail with this;
    /// pages that only link to files keep serving.
    #[error("the media storage ({place}) is not available: {reason}")]
    Unavailable { place: String, reason: String },
    /// A name that cannot be a key (`..`, an empty segment): never stored or read.
    #[error("{0:?} is not a media file name")]
    BadKey(String),
    /// The configuration cannot work (an unknown URL scheme, no bucket).
    #[error("{0}")]
    Config(String),
}

/// What the storage knows of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stat {
    pub key: String,
    pub size: u64,
    /// The store's own version tag (S3's ETag, the folder's inode-time-size), quotes
    /// removed. Content-hashed keys make it stable for a file's whole life.
    pub e_tag: Option<String>,
    /// Seconds since the Unix epoch.
    pub modified: i64,
}

/// A file being read: its description and its bytes (all of them or one range) as
/// a stream, so large audio never sits in memory whole.
pub struct Fetched {
    pub stat: Stat,
    /// The bytes the stream holds, `start..end` of `stat.size`.
    pub range: Range<u64>,
    pub body: BoxStream<'static, Result<Bytes, MediaError>>,
}

/// Files larger than this are uploaded in parts (S3 multipart), read from disk a part
/// at a time.
const PART_BYTES: usize = 8 * 1024 * 1024;

/// The place Byline keeps its files. Cheap to clone.
#[derive(Clone)]
pub struct MediaStore {
    objects: Arc<dyn ObjectStore>,
    /// The data folder's `content/`, when that is the place: writes there are synced
    /// to disk before they count.
    folder: Option<PathBuf>,
    place: String,
    public_url: Option<String>,
}

impl std::fmt::Debug for MediaStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaStore")
            .field("place", &self.place)
            .field("public_url", &self.public_url)
            .finish()
    }
}

impl MediaStore {
    /// Files under `dir` (the data folder's `content/`), created when missing.
    pub fn folder(dir: &Path) -> Result<MediaStore, MediaError> {
        std::fs::create_dir_all(dir).map_err(|e| {
            MediaError::Config(format!(
                "cannot create the media folder {}: {e}",
                dir.display()
            ))
        })?;
        let objects = LocalFileSystem::new_with_prefix(dir).map_err(|e| {
            MediaError::Config(format!(
                "cannot use the media folder {}: {e}",
                dir.display()
            ))
        })?;
        Ok(MediaStore {
            objects: Arc::new(objects),
            folder: Some(dir.to_owned()),
            place: dir.display().to_string(),
            public_url: None,
        })
    }

    /// Files in an S3-compatible bucket.
    pub fn s3(settings: &S3Settings) -> Result<MediaStore, MediaError> {
        let (objects, place) = settings.build()?;
        Ok(MediaStore {
            objects,
            folder: None,
            place,
            public_url: None,
        })
    }

    /// Readers fetch files from `url` (a public bucket or a CDN in front of it)
    /// instead of through Byline.
    pub fn with_public_url(mut self, url: Option<&str>) -> MediaStore {
        self.public_url = url
            .map(|u| u.trim().trim_end_matches('/').to_owned())
            .filter(|u| !u.is_empty());
        self
    }

    /// Where the files are, for logs and errors: a folder path or `s3://bucket/prefix`.
    pub fn place(&self) -> &str {
        &self.place
    }

    /// The data folder, when files are kept there.
    pub fn local_folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// The public address readers should fetch `key` from, when one is configured.
    pub fn public_url(&self, key: &str) -> Option<String> {
        self.public_url.as_ref().map(|base| format!("{base}/{key}"))
    }

    /// The configured public base address, without a trailing slash.
    pub fn public_base(&self) -> Option<&str> {
        self.public_url.as_deref()
    }

    /// Stores `bytes` under `key`, replacing what was there. The file is complete
    /// (and, in the folder, on disk) when this returns; a reader never sees part of it.
    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), MediaError> {
        let location = key_of(key)?;
        self.objects
            .put(&location, PutPayload::from_bytes(bytes))
            .await
            .map_err(|e| self.unavailable(e))?;
        self.sync(&location).await
    }

    /// Stores several files, a few at a time; when one fails the others may be
    /// stored, which is harmless: a content-hashed file nobody links to is only
    /// space, and the caller saves no reference to any of them.
    pub async fn put_all(&self, objects: Vec<(String, Bytes)>) -> Result<(), MediaError> {
        // Boxed futures keep the caller's future `Send` (a mapped closure over
        // borrowed keys trips the compiler's higher-ranked lifetime checks).
        let mut pending = futures_util::stream::FuturesUnordered::new();
        let mut objects = objects.into_iter();
        loop {
            while pending.len() < 4 {
                let Some((key, bytes)) = objects.next() else {
                    break;
                };
                let put: futures_util::future::BoxFuture<'_, Result<(), MediaError>> =
                    Box::pin(async move { self.put(&key, bytes).await });
                pending.push(put);
            }
            match pending.next().await {
                Some(result) => result?,
                None => return Ok(()),
            }
        }
    }

    /// Stores the file at `path` under `key`, in parts when it is large, so a big
    /// export or video never has to fit in memory.
    pub async fn put_file(&self, key: &str, path: &Path) -> Result<(), MediaError> {
        let location = key_of(key)?;
        let size = tokio::fs::metadata(path)
            .await
            .map_err(|e| MediaError::Config(format!("cannot read {}: {e}", path.display())))?
            .len();
        if size <= PART_BYTES as u64 {
            let bytes = tokio::fs::read(path)
                .await
                .map_err(|e| MediaError::Config(format!("cannot read {}: {e}", path.display())))?;
            return self.put(key, Bytes::from(bytes)).await;
        }
        let upload = self
            .objects
            .put_multipart(&location)
            .await
            .map_err(|e| self.unavailable(e))?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut file = tokio::fs::File::open(path)
            .await
            .map_err(|e| MediaError::Config(format!("cannot read {}: {e}", path.display())))?;
        let mut buffer = vec![0u8; 1024 * 1024];
        loop {
            use tokio::io::AsyncReadExt;
            let n = match file.read(&mut buffer).await {
                Ok(n) => n,
                Err(e) => {
                    let _ = writer.abort().await;
                    return Err(MediaError::Config(format!(
                        "cannot read {}: {e}",
                        path.display()
                    )));
                }
            };
            if n == 0 {
                break;
            }
            // Keeps at most a few parts in flight, so memory stays bounded.
            if let Err(e) = writer.wait_for_capacity(2).await {
                return Err(self.unavailable(e));
            }
            writer.write(&buffer[..n]);
        }
        writer.finish().await.map_err(|e| self.unavailable(e))?;
        self.sync(&location).await
    }

    /// The whole file, or `None` when there is none under `key`.
    pub async fn get(&self, key: &str) -> Result<Option<Fetched>, MediaError> {
        self.fetch(key, None).await
    }

    /// Bytes `range` of the file (cut to its end), or `None` when there is no file.
    pub async fn get_range(
        &self,
        key: &str,
        range: Range<u64>,
    ) -> Result<Option<Fetched>, MediaError> {
        self.fetch(key, Some(range)).await
    }

    /// The whole file in memory: for small files only (a probe, a test, a copy).
    pub async fn read(&self, key: &str) -> Result<Option<Bytes>, MediaError> {
        let Some(fetched) = self.get(key).await? else {
            return Ok(None);
        };
        let parts: Vec<Bytes> = fetched.body.try_collect().await?;
        Ok(Some(parts.concat().into()))
    }

    async fn fetch(
        &self,
        key: &str,
        range: Option<Range<u64>>,
    ) -> Result<Option<Fetched>, MediaError> {
        let location = key_of(key)?;
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let result = match self.objects.get_opts(&location, options).await {
            Ok(result) => result,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(self.unavailable(e)),
        };
        // Named as asked: behind a prefix, some stores report the full path.
        let stat = Stat {
            key: key.to_owned(),
            ..stat_of(&result.meta)
        };
        let range = result.range.clone();
        let place = self.place.clone();
        let body = result
            .into_stream()
            .map_err(move |e| MediaError::Unavailable {
                place: place.clone(),
                reason: e.to_string(),
            })
            .boxed();
        Ok(Some(Fetched { stat, range, body }))
    }

    /// What the storage knows of `key`, or `None` when there is no such file.
    pub async fn stat(&self, key: &str) -> Result<Option<Stat>, MediaError> {
        let location = key_of(key)?;
        match self.objects.head(&location).await {
            Ok(meta) => Ok(Some(Stat {
                key: key.to_owned(),
                ..stat_of(&meta)
            })),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.unavailable(e)),
        }
    }

    /// Removes `key`; a file that is already gone is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), MediaError> {
        let location = key_of(key)?;
        match self.objects.delete(&location).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.unavailable(e)),
        }
    }

    /// Every file whose key starts with the folder `prefix` (`images/`, or `""` for
    /// all), in no particular order, as a stream: a library of a million files is
    /// never held in memory.
    pub fn list(&self, prefix: &str) -> BoxStream<'static, Result<Stat, MediaError>> {
        let prefix = prefix.trim_matches('/');
        let location = (!prefix.is_empty()).then(|| Key::from(prefix));
        let place = self.place.clone();
        self.objects
            .list(location.as_ref())
            .map(move |item| match item {
                Ok(meta) => Ok(stat_of(&meta)),
                Err(e) => Err(MediaError::Unavailable {
                    place: place.clone(),
                    reason: e.to_string(),
                }),
            })
            .boxed()
    }

    /// Whether the storage answers: one small request that finds nothing.
    pub async fn probe(&self) -> Result<(), MediaError> {
        self.stat(".byline-probe").await.map(|_| ())
    }

    async fn sync(&self, location: &Key) -> Result<(), MediaError> {
        let Some(folder) = &self.folder else {
            return Ok(());
        };
        // object_store renames a finished temporary file into place but does not
        // sync it: a power cut could otherwise leave a complete name over missing
        // bytes, and content-hashed names are never written again.
        let path = folder.join(location.as_ref());
        tokio::task::spawn_blocking(move || sync_file_and_folder(&path))
            .await
            .map_err(|e| MediaError::Config(e.to_string()))?
            .map_err(|e| MediaError::Unavailable {
                place: self.place.clone(),
                reason: e.to_string(),
            })
    }

    fn unavailable(&self, error: object_store::Error) -> MediaError {
        MediaError::Unavailable {
            place: self.place.clone(),
            reason: short_reason(&error),
        }
    }
}

/// A key from a path under `/content/`: plain segments only.
fn key_of(key: &str) -> Result<Key, MediaError> {
    let clean = !key.is_empty()
        && !key.starts_with('/')
        && !key.ends_with('/')
        && key
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains('\\'))
        && !key.chars().any(|c| c.is_control());
    if !clean {
        return Err(MediaError::BadKey(key.to_owned()));
    }
    Key::parse(key).map_err(|_| MediaError::BadKey(key.to_owned()))
}

fn stat_of(meta: &object_store::ObjectMeta) -> Stat {
    Stat {
        key: meta.location.to_string(),
        size: meta.size,
        e_tag: meta.e_tag.as_ref().map(|t| t.trim_matches('"').to_owned()),
        modified: meta.last_modified.timestamp(),
    }
}

/// The first line of the innermost cause: object_store's messages repeat the request
/// and its retries, which says little to an editor.
fn short_reason(error: &object_store::Error) -> String {
    let mut source: &dyn std::error::Error = error;
    while let Some(next) = source.source() {
        source = next;
    }
    let inner = source.to_string();
    let inner = inner.lines().next().unwrap_or_default();
    if inner.is_empty() {
        error.to_string()
    } else {
        inner.to_owned()
    }
}

fn sync_file_and_folder(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)?.sync_all()?;
    #[cfg(unix)]
    if let Some(parent) = path.parent() {
        std::fs::File::open(parent)?.sync_all()?;
    }
    Ok(())
}

/// How long one request to the bucket may take, and how long to wait for a
/// connection: an unreachable bucket fails an upload in seconds.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_plain_paths() {
        assert!(key_of("images/u/ab12/1200.jpg").is_ok());
        assert!(key_of("audio/0f.mp3").is_ok());
        for bad in [
            "",
            "/images/a.jpg",
            "images//a.jpg",
            "images/../etc/passwd",
            "images/./a.jpg",
            "images/",
            "a\\b",
            "a\nb",
        ] {
            assert!(key_of(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn public_urls_join_without_double_slashes() {
        let dir = tempfile::tempdir().unwrap();
        let store = MediaStore::folder(dir.path())
            .unwrap()
            .with_public_url(Some("https://cdn.example/media/"));
        assert_eq!(
            store.public_url("audio/ab.mp3").as_deref(),
            Some("https://cdn.example/media/audio/ab.mp3")
        );
        let none = MediaStore::folder(dir.path())
            .unwrap()
            .with_public_url(Some("  "));
        assert_eq!(none.public_url("audio/ab.mp3"), None);
    }
}
