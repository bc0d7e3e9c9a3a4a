//! The site's images as a tar archive laid out like Ghost's `content/` folder:
//! `images/u/{hash}/{width}.{ext}`, so unpacking it in Ghost's `content/` puts every
//! file where the exported `__GHOST_URL__/content/images/…` links point.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::MediaReport;

/// Writes every file under `content_dir/images` to `out` as a tar archive, in name
/// order, with fixed times and owners (two archives of the same files are the same
/// bytes). Only regular files and folders are archived: anything else (a link, a
/// device) stops the archive with its name rather than being skipped unnoticed, and
/// so does a file that changes size while it is read.
pub fn write_media_tar(content_dir: &Path, out: impl Write) -> anyhow::Result<MediaReport> {
    if !content_dir.is_dir() {
        bail!(
            "the content folder {} does not exist",
            content_dir.display()
        );
    }
    let images = content_dir.join("images");
    let mut files = Vec::new();
    if images.exists() {
        collect(&images, Path::new("images"), &mut files)?;
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));

    let mut builder = tar::Builder::new(out);
    builder.mode(tar::HeaderMode::Deterministic);
    builder.follow_symlinks(false);
    let mut report = MediaReport::default();
    for (path, name) in &files {
        let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let metadata = file.metadata()?;
        let mut header = tar::Header::new_gnu();
        header.set_metadata_in_mode(&metadata, tar::HeaderMode::Deterministic);
        header.set_size(metadata.len());
        let exact = Exact {
            inner: file,
            left: metadata.len(),
            path,
        };
        builder
            .append_data(&mut header, name, exact)
            .with_context(|| format!("cannot archive {}", path.display()))?;
        report.files += 1;
        report.bytes += metadata.len();
    }
    builder
        .into_inner()
        .context("cannot finish the media archive")?
        .flush()
        .context("cannot write the media archive")?;
    Ok(report)
}

/// Every regular file under `dir`, with its name in the archive.
fn collect(dir: &Path, name: &Path, files: &mut Vec<(PathBuf, PathBuf)>) -> anyhow::Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", path.display()))?;
        let name = name.join(entry.file_name());
        if kind.is_dir() {
            collect(&path, &name, files)?;
        } else if kind.is_file() {
            files.push((path, name));
        } else {
            bail!(
                "cannot archive {}: it is not a file or a folder (a link, say); \
                 replace it with the file itself or move it out of the images folder",
                path.display()
            );
        }
    }
    Ok(())
}

/// A file that must give exactly as many bytes as its header says (a file that
/// shrinks while it is read would otherwise leave a corrupt archive).
struct Exact<'a> {
    inner: File,
    left: u64,
    path: &'a Path,
}

impl Read for Exact<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..want])?;
        if read == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "{} became shorter while it was archived",
                    self.path.display()
                ),
            ));
        }
        self.left -= read as u64;
        Ok(read)
    }
}
