//! The fuzz input as a file, for readers that open a path (the archive readers stream
//! their file and take no reader). One file per process, rewritten for each input.
//!
//! On Linux the file is unlinked as soon as it is made and reached through
//! `/proc/self/fd/N`, so nothing is left behind, even after a crash; elsewhere it is
//! an ordinary file in the temporary folder, named after the process.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

struct InputFile {
    file: File,
    path: PathBuf,
}

static INPUT: OnceLock<InputFile> = OnceLock::new();

/// Writes `bytes` as the whole file and returns a path that opens it.
pub fn holding(bytes: &[u8]) -> &'static Path {
    let input = INPUT.get_or_init(|| {
        let named = std::env::temp_dir().join(format!("byline-fuzz-{}", std::process::id()));
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&named)
            .expect("a file in the temporary folder");
        let by_fd = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
        let path = if by_fd.exists() && std::fs::remove_file(&named).is_ok() {
            by_fd
        } else {
            named
        };
        InputFile { file, path }
    });
    input.file.set_len(0).expect("truncating the input file");
    input
        .file
        .write_all_at(bytes, 0)
        .expect("writing the input file");
    &input.path
}
