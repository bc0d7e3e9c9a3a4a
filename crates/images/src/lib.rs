//! Byline's image uploads: an editor's file checked, stripped of metadata and stored at
//! the fixed widths that pages build their `srcset` from.
//!
//! [`process`] works in memory and does no I/O; it is CPU-bound (decoding, resizing and
//! encoding a large photograph takes a noticeable fraction of a second), so the web
//! server calls it inside `spawn_blocking`. [`ProcessedImage::objects`] then names
//! the files to store (under `images/u/{hash}/` in the media storage), following the naming of
//! [`byline_core::media`]: `{width}.{ext}` for every width of
//! [`stored_widths`](byline_core::media::stored_widths), in the upload's own format
//! and in WebP.
//!
//! What an upload goes through, in order:
//! 1. its byte count is checked against [`Limits::max_bytes`];
//! 2. its format is read from its bytes, never from its name: JPEG, PNG, WebP and GIF
//!    are taken;
//! 3. the size its header declares is checked against [`Limits`] before any pixel is
//!    decoded, so a small file that would decode to gigabytes is refused cheaply;
//! 4. it is decoded, and its EXIF orientation (a phone's "this photo is sideways"
//!    note, in JPEG, or in PNG and WebP when present) is applied to the pixels;
//! 5. every stored copy is encoded afresh from pixels, so EXIF (including GPS
//!    positions), XMP, ICC profiles and comments are never carried over.
//!
//! Formats stored: a JPEG upload as JPEG (quality 82) and WebP; a PNG as PNG and WebP;
//! a WebP as WebP only; a GIF as PNG and WebP, **first frame only** (animation is not
//! kept). The WebP copies are lossless, the only kind `image` encodes: for drawings and
//! screenshots they beat PNG, but for photographs they are usually several times larger
//! than the JPEG beside them, which matters to whoever lists them first in `<picture>`.
//! Dropping the ICC profile means wide-gamut (Display P3) photos are shown as if sRGB,
//! slightly less saturated.

mod decode;
mod detect;
mod encode;
mod error;
mod store;

use std::fmt;

use sha2::{Digest, Sha256};

pub use error::ImageError;

/// How large an upload may be, checked before anything is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest upload, in bytes.
    pub max_bytes: usize,
    /// Most pixels (width × height) the header may declare. Decoding needs about
    /// 4 bytes a pixel, so 50 million pixels is 200 MB of memory for a moment.
    pub max_pixels: u64,
    /// Longest side, in pixels, whatever the pixel count.
    pub max_side: u32,
}

impl Default for Limits {
    /// 20 MiB, 50 million pixels (a 61-megapixel camera's frame is 9504 × 6336, so
    /// only the largest sensors are refused), 16,000 pixels a side.
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            max_pixels: 50_000_000,
            max_side: 16_000,
        }
    }
}

/// An upload made ready to store: its content hash, the size and format of the copy a
/// post links to, and every file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessedImage {
    /// First 16 hex digits of the SHA-256 of the uploaded bytes; the folder name.
    pub hash: String,
    /// Width of the widest stored copy (the image's own width, at most
    /// [`MAX_IMAGE_WIDTH`](byline_core::media::MAX_IMAGE_WIDTH)).
    pub width: u32,
    /// Height of the widest stored copy.
    pub height: u32,
    /// Extension of the format a post links to: `"jpg"`, `"png"` or `"webp"`.
    pub extension: &'static str,
    /// Media type of that format, such as `"image/jpeg"`.
    pub mime: &'static str,
    /// Every stored file, narrowest first, the linked format before its WebP twin.
    pub files: Vec<ImageFile>,
}

/// One stored file, named `{width}.{ext}` inside the upload's folder.
#[derive(Clone, PartialEq, Eq)]
pub struct ImageFile {
    /// File name such as `"800.jpg"` or `"800.webp"`.
    pub name: String,
    /// Width in pixels.
    pub width: u32,
    /// The encoded file.
    pub bytes: Vec<u8>,
}

impl fmt::Debug for ImageFile {
    /// The bytes are summarised by their count: a log line with a megabyte of numbers
    /// in it helps nobody.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImageFile")
            .field("name", &self.name)
            .field("width", &self.width)
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .finish()
    }
}

impl ProcessedImage {
    /// The public URL of the widest copy in the linked format, the one a post stores:
    /// `/content/images/u/{hash}/{width}.{ext}`.
    pub fn url(&self) -> String {
        format!(
            "{}{}/{}.{}",
            byline_core::media::UPLOAD_PREFIX,
            self.hash,
            self.width,
            self.extension
        )
    }
}

/// Checks, decodes and re-encodes an upload at every stored width. See the crate
/// documentation for the steps and the formats produced.
///
/// Blocking and CPU-bound: run it in `spawn_blocking`.
pub fn process(bytes: &[u8], limits: &Limits) -> Result<ProcessedImage, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(ImageError::TooLarge {
            bytes: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let kind = detect::detect(bytes)?;
    let pixels = decode::decode(bytes, kind, limits)?;
    let original = encode::Target::original(kind);
    let rendered = encode::render(pixels, original)?;
    Ok(ProcessedImage {
        hash: content_hash(bytes),
        width: rendered.width,
        height: rendered.height,
        extension: original.extension(),
        mime: original.mime(),
        files: rendered.files,
    })
}

/// The folder name of an upload: 64 bits of SHA-256 are plenty to tell a newsroom's
/// images apart, and the same upload twice lands in the same folder.
fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_sixteen_hex_digits_of_sha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223...
        assert_eq!(content_hash(b"abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn the_url_names_the_widest_copy() {
        let image = ProcessedImage {
            hash: "00ff00ff00ff00ff".into(),
            width: 1200,
            height: 800,
            extension: "jpg",
            mime: "image/jpeg",
            files: Vec::new(),
        };
        assert_eq!(image.url(), "/content/images/u/00ff00ff00ff00ff/1200.jpg");
    }

    #[test]
    fn empty_and_oversized_uploads_are_refused_first() {
        assert_eq!(process(b"", &Limits::default()), Err(ImageError::Empty));
        let small = Limits {
            max_bytes: 4,
            ..Limits::default()
        };
        assert_eq!(
            process(b"hello", &small),
            Err(ImageError::TooLarge { bytes: 5, limit: 4 })
        );
    }
}
