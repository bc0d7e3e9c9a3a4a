//! `byline media migrate to-bucket|to-folder`: moves a media library between the
//! data folder and a bucket, so a newsroom that outgrows one machine takes its files
//! along (and can take them back).
//!
//! The copy is resumable: the target is listed once, and a file already there with
//! the same length is skipped. Names are content hashes (imported files keep the old
//! site's names, which do not change either), so the same name and length is the
//! same file. Nothing is deleted from the source: the operator switches nodes to the
//! new place when the copy is done, and removes the old one when satisfied.

use std::collections::HashMap;

use anyhow::{Context, bail};
use byline_media::MediaStore;
use futures_util::{StreamExt, TryStreamExt};
use indicatif::{HumanBytes, ProgressBar, ProgressStyle};

use crate::cli::MigrateDirection;
use crate::config::Settings;

/// Files copied at once: enough to hide a bucket's latency, few enough that
/// memory stays small.
const IN_FLIGHT: usize = 8;

pub async fn migrate(settings: &Settings, direction: MigrateDirection) -> anyhow::Result<()> {
    let Some(bucket) = &settings.media_bucket else {
        bail!(
            "name the bucket with --media-url s3://BUCKET/PREFIX (and --s3-endpoint for a service other than AWS)"
        );
    };
    let folder = MediaStore::folder(&settings.content_dir())?;
    let bucket = MediaStore::s3(bucket)?;
    let (from, to) = match direction {
        MigrateDirection::ToBucket => (&folder, &bucket),
        MigrateDirection::ToFolder => (&bucket, &folder),
    };
    to.probe()
        .await
        .with_context(|| format!("{} cannot be written to", to.place()))?;

    let listing = ProgressBar::new_spinner().with_message(format!("listing {}", from.place()));
    listing.enable_steady_tick(std::time::Duration::from_millis(120));
    let there: HashMap<String, u64> = to
        .list("")
        .map_ok(|stat| (stat.key, stat.size))
        .try_collect()
        .await?;
    let mut files: Vec<(String, u64)> = from
        .list("")
        .map_ok(|stat| (stat.key, stat.size))
        .try_filter(|(key, _)| std::future::ready(!is_scratch(key)))
        .try_collect()
        .await?;
    listing.finish_and_clear();
    files.sort();
    let total_files = files.len();
    files.retain(|(key, size)| there.get(key) != Some(size));
    let skipped = total_files - files.len();
    let bytes: u64 = files.iter().map(|(_, size)| size).sum();

    let bar = ProgressBar::new(bytes).with_style(
        ProgressStyle::with_template(
            "{msg} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
        )
        .expect("the progress template is valid")
        .progress_chars("=> "),
    );
    bar.set_message(format!("{} files", files.len()));
    let copied = futures_util::stream::iter(files)
        .map(|(key, size)| {
            let bar = bar.clone();
            async move {
                copy(from, to, &key, size).await?;
                bar.inc(size);
                anyhow::Ok(())
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .try_fold(0usize, |n, ()| async move { Ok(n + 1) })
        .await;
    bar.finish_and_clear();
    let copied = copied.context("the copy stopped; run the same command again to resume")?;
    println!(
        "Copied {copied} files ({}) from {} to {}; {skipped} were already there.",
        HumanBytes(bytes),
        from.place(),
        to.place()
    );
    Ok(())
}

/// Uploads waiting for an import are this node's business, not the library's.
fn is_scratch(key: &str) -> bool {
    key.starts_with("private/")
}

/// Copies `key`, whose length the listing gave as `size`. A file removed since the
/// listing is skipped.
async fn copy(from: &MediaStore, to: &MediaStore, key: &str, size: u64) -> anyhow::Result<()> {
    if size > 8 * 1024 * 1024 {
        // Large files (an imported video) go through a temporary file, in parts.
        let Some(fetched) = from.get(key).await? else {
            return Ok(());
        };
        let mut body = fetched.body;
        let temp = tempfile::NamedTempFile::new()?;
        let mut out = tokio::fs::File::from_std(temp.reopen()?);
        while let Some(chunk) = body.try_next().await? {
            tokio::io::AsyncWriteExt::write_all(&mut out, &chunk).await?;
        }
        tokio::io::AsyncWriteExt::flush(&mut out).await?;
        to.put_file(key, temp.path()).await?;
    } else {
        let Some(bytes) = from.read(key).await? else {
            return Ok(());
        };
        to.put(key, bytes).await?;
    }
    Ok(())
}
