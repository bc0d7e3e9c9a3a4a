//! Where a processed upload's files go: one object per stored copy, named after the
//! upload's content hash, so storing one image twice writes the same objects and a
//! cache may keep them forever. The server writes them with `byline-media` (the data
//! folder or a bucket); this crate does no I/O.

use crate::ProcessedImage;

impl ProcessedImage {
    /// Every stored copy as `(key, bytes)`, keys under `/content/`:
    /// `images/u/{hash}/{width}.{ext}`.
    pub fn objects(&self) -> impl Iterator<Item = (String, &[u8])> {
        let folder = byline_core::media::UPLOAD_PREFIX
            .trim_start_matches("/content/")
            .to_owned();
        self.files.iter().map(move |file| {
            (
                format!("{folder}{}/{}", self.hash, file.name),
                file.bytes.as_slice(),
            )
        })
    }
}
