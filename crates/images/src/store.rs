//! Writing a processed upload to disk.
//!
//! The site serves these files straight from the folder, so a reader must never see a
//! half-written one: each file is written under a temporary name in the same folder
//! (same file system, so the rename is atomic) and renamed into place. Names are derived
//! from the content hash, so a file already present is the same file and is left alone;
//! uploading one image twice costs no writes.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::ProcessedImage;

/// Tells apart the temporary files of two threads storing the same upload at once.
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

impl ProcessedImage {
    /// Writes every file into `images_root/{hash}/`, creating the folder as needed.
    /// The caller passes `DATA/content/images/u`. Files already present are skipped, so
    /// calling this again, or after a crash part-way, is safe.
    pub fn write_to(&self, images_root: &Path) -> io::Result<()> {
        let folder = images_root.join(&self.hash);
        fs::create_dir_all(&folder)?;
        let mut wrote_any = false;
        for file in &self.files {
            let path = folder.join(&file.name);
            if path.try_exists()? {
                continue;
            }
            write_atomically(&folder, &path, &file.bytes)?;
            wrote_any = true;
        }
        if wrote_any {
            sync_folder(&folder)?;
        }
        Ok(())
    }
}

fn write_atomically(folder: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_path(folder, path);
    let written = (|| {
        let mut out = File::create_new(&temp)?;
        out.write_all(bytes)?;
        // On disk before the rename, so a crash cannot leave a complete name over
        // incomplete contents.
        out.sync_all()?;
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        // Best effort: the error being returned matters more than a stray temp file.
        let _ = fs::remove_file(&temp);
    }
    written
}

/// A dot-name (not served as an image URL, skipped by listings) unique to this process
/// and call.
fn temp_path(folder: &Path, path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy());
    let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
    folder.join(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Makes the renames themselves durable. Only Unix can open a folder to sync it.
#[cfg(unix)]
fn sync_folder(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> io::Result<()> {
    Ok(())
}
