//! `byline export FILE.json [--media FILE.tar]`: the whole site in Ghost's import
//! format, and its images as a tar archive of Ghost's content folder.
//!
//! Each file is written to a temporary file beside its destination and renamed into
//! place only when complete, so a failed or interrupted export never leaves half a
//! file where a whole one is expected. The files are readable by their owner only:
//! they hold subscribers' addresses.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use indicatif::{HumanBytes, ProgressBar, ProgressStyle};
use tempfile::NamedTempFile;

use crate::cli::ExportArgs;
use crate::config::Settings;

pub async fn run(settings: &Settings, args: &ExportArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let db = crate::serve::open_database(settings).await?;
    let total = db.post_count().await?;
    let bar = ProgressBar::new(u64::try_from(total).unwrap_or(0)).with_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .expect("the progress template is valid")
            .progress_chars("=> "),
    );
    bar.set_message("exporting posts");

    let mut temp = temp_beside(&args.file)?;
    let report = {
        let mut out = BufWriter::with_capacity(1 << 20, &mut temp);
        let report =
            byline_export::write_ghost_json(&db, &mut out, &|done| bar.set_position(done)).await;
        if report.is_err() {
            db.close().await;
        }
        let report = report?;
        out.flush()
            .with_context(|| format!("cannot write {}", args.file.display()))?;
        report
    };
    bar.finish_and_clear();
    persist(temp, &args.file)?;
    if let Some(path) = &args.members {
        let mut temp = temp_beside(path)?;
        let written = {
            let mut out = BufWriter::new(&mut temp);
            let written = byline_export::write_ghost_members_csv(&db, &mut out).await;
            out.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            written
        };
        let written = match written {
            Ok(written) => written,
            Err(error) => {
                db.close().await;
                return Err(error);
            }
        };
        persist(temp, path)?;
        println!(
            "Wrote {written} members to {} for Ghost's member import (Members → Import); \
             their newsletters are in the labels column",
            path.display()
        );
    }
    db.close().await;

    println!(
        "Exported {} posts, {} pages, {} tags, {} authors, {} newsletters and {} members \
         to {} in {:.1} s",
        report.posts,
        report.pages,
        report.tags,
        report.authors,
        report.newsletters,
        report.members,
        args.file.display(),
        started.elapsed().as_secs_f64()
    );

    if let Some(media) = &args.media {
        let spinner = ProgressBar::new_spinner().with_message("archiving images");
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
        let storage = settings.media()?;
        let mut temp = temp_beside(media)?;
        let written =
            byline_export::write_media_tar(&storage, BufWriter::with_capacity(1 << 20, &mut temp))
                .await;
        spinner.finish_and_clear();
        let written = written?;
        persist(temp, media)?;
        println!(
            "Archived {} images ({}) to {}; unpack it in Ghost's content folder",
            written.files,
            HumanBytes(written.bytes),
            media.display()
        );
    }

    if !report.left_out.is_empty() {
        println!("Left out (Ghost's format has no place for them):");
        for line in &report.left_out {
            println!("  - {line}");
        }
    }
    if !report.warnings.is_empty() {
        println!("Warnings:");
        for line in &report.warnings {
            println!("  - {line}");
        }
    }
    Ok(())
}

/// A temporary file in the folder of `path`, so renaming it into place is atomic.
fn temp_beside(path: &Path) -> anyhow::Result<NamedTempFile> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    tempfile::Builder::new()
        .prefix(".byline-export-")
        .suffix(".part")
        .tempfile_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))
}

/// Makes the finished temporary file `path`, on disk before its name.
fn persist(temp: NamedTempFile, path: &Path) -> anyhow::Result<()> {
    temp.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    temp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
