//! Why an upload was refused, worded for the editor who tried it.
//!
//! The messages are shown on the desk as they are, so they name what the editor can
//! change (size, format) and never the decoder's own wording; that detail travels in
//! [`ImageError::Corrupt`]'s payload for the log only.

use std::fmt;

/// Why [`crate::process`] refused an upload. `Display` is the sentence for the editor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// The upload has more bytes than [`crate::Limits::max_bytes`].
    #[error(
        "This file is {}; images can be at most {}.",
        Size::rounded_up(*bytes),
        Size::rounded_down(*limit)
    )]
    TooLarge { bytes: usize, limit: usize },
    /// The upload has no bytes at all.
    #[error("This file is empty. Upload a JPEG, PNG, WebP or GIF.")]
    Empty,
    /// The bytes are not a picture format we recognise.
    #[error("This file is not an image. Upload a JPEG, PNG, WebP or GIF.")]
    NotAnImage,
    /// A picture format we recognise but do not publish, named for the editor ("TIFF").
    #[error(
        "{0} images cannot be published. Save it as a JPEG, PNG, WebP or GIF and upload it again."
    )]
    UnsupportedFormat(String),
    /// The header declares more pixels, or a longer side, than [`crate::Limits`] allows.
    /// Raised before any pixel is decoded.
    #[error(
        "This image is {width} × {height} pixels, which is too large to process. \
         Scale it down (for example to 4000 pixels wide) and upload it again."
    )]
    TooManyPixels { width: u32, height: u32 },
    /// The decoder gave up. The payload is the decoder's reason, for the log, not the editor.
    #[error("This image is damaged and cannot be read.")]
    Corrupt(String),
}

/// A byte count as an editor reads it: "31.2 MB", "640 KB".
///
/// Sizes use 1024-based units so that the default 20 MiB limit reads "20 MB". The
/// upload's own size is rounded up and the limit rounded down, so a file just over the
/// limit never reads as the same number as the limit.
struct Size {
    tenths: u64,
    unit: &'static str,
}

impl Size {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;

    fn rounded_up(bytes: usize) -> Self {
        Self::new(bytes as u64, u64::div_ceil)
    }

    fn rounded_down(bytes: usize) -> Self {
        Self::new(bytes as u64, |a, b| a / b)
    }

    fn new(bytes: u64, divide: fn(u64, u64) -> u64) -> Self {
        let (unit_bytes, unit) = if bytes >= Self::MB {
            (Self::MB, "MB")
        } else if bytes >= Self::KB {
            (Self::KB, "KB")
        } else {
            return Self {
                tenths: bytes * 10,
                unit: "bytes",
            };
        };
        Self {
            tenths: divide(bytes.saturating_mul(10), unit_bytes),
            unit,
        }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, tenth) = (self.tenths / 10, self.tenths % 10);
        if tenth == 0 {
            write!(f, "{whole} {}", self.unit)
        } else {
            write!(f, "{whole}.{tenth} {}", self.unit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        let mb = 1024 * 1024;
        let too_large = ImageError::TooLarge {
            bytes: 31 * mb + mb / 5,
            limit: 20 * mb,
        };
        assert_eq!(
            too_large.to_string(),
            "This file is 31.2 MB; images can be at most 20 MB."
        );
        // Just over the limit still reads as more than the limit.
        let barely = ImageError::TooLarge {
            bytes: 20 * mb + 1,
            limit: 20 * mb,
        };
        assert_eq!(
            barely.to_string(),
            "This file is 20.1 MB; images can be at most 20 MB."
        );
        assert_eq!(Size::rounded_up(1536).to_string(), "1.5 KB");
        assert_eq!(Size::rounded_up(12).to_string(), "12 bytes");
    }

    #[test]
    fn messages_keep_internals_out() {
        let corrupt = ImageError::Corrupt("zune-jpeg: premature end of buffer".into());
        assert_eq!(
            corrupt.to_string(),
            "This image is damaged and cannot be read."
        );
        assert_eq!(
            ImageError::NotAnImage.to_string(),
            "This file is not an image. Upload a JPEG, PNG, WebP or GIF."
        );
        let huge = ImageError::TooManyPixels {
            width: 20000,
            height: 20000,
        };
        assert!(
            huge.to_string()
                .starts_with("This image is 20000 × 20000 pixels")
        );
        let tiff = ImageError::UnsupportedFormat("TIFF".into());
        assert!(
            tiff.to_string()
                .starts_with("TIFF images cannot be published.")
        );
    }
}
