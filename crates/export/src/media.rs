//! The site's images as a tar archive laid out like Ghost's `content/` folder:
//! `images/u/{hash}/{width}.{ext}`, so unpacking it in Ghost's `content/` puts every
//! file where the exported `__GHOST_URL__/content/images/…` links point.

use std::io::Write;

use anyhow::Context;
use byline_media::MediaStore;
use futures_util::TryStreamExt;

use crate::MediaReport;

/// Writes every file under `images/` in the media storage (the data folder or a
/// bucket) to `out` as a tar archive, in name order, with fixed times and owners (two
/// archives of the same files are the same bytes). A file read fails the archive with
/// its name, and so does one whose length changes while it is read: an archive that
/// looks whole but is not would be worse than none.
pub async fn write_media_tar(media: &MediaStore, out: impl Write) -> anyhow::Result<MediaReport> {
    let mut files: Vec<(String, u64)> = media
        .list("images/")
        .map_ok(|stat| (stat.key, stat.size))
        .try_collect()
        .await
        .with_context(|| format!("cannot list the images in {}", media.place()))?;
    files.sort();

    let mut builder = tar::Builder::new(out);
    builder.mode(tar::HeaderMode::Deterministic);
    let mut report = MediaReport::default();
    for (key, size) in &files {
        // Images are at most a few megabytes each: one in memory at a time.
        let bytes = media
            .read(key)
            .await
            .with_context(|| format!("cannot read {key}"))?
            .with_context(|| format!("{key} was removed while it was archived"))?;
        if bytes.len() as u64 != *size {
            anyhow::bail!("{key} changed while it was archived");
        }
        let mut header = tar::Header::new_gnu();
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_size(*size);
        builder
            .append_data(&mut header, key, bytes.as_ref())
            .with_context(|| format!("cannot archive {key}"))?;
        report.files += 1;
        report.bytes += size;
    }
    builder
        .into_inner()
        .context("cannot finish the media archive")?
        .flush()
        .context("cannot write the media archive")?;
    Ok(report)
}
