//! What the bytes are, read from the bytes themselves.
//!
//! The file name and the browser's content type are chosen by whoever uploads, so
//! neither is consulted: a script renamed `photo.jpg` is still refused here.

use image::ImageFormat;

use crate::ImageError;

/// The formats the desk accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Jpeg,
    Png,
    WebP,
    Gif,
}

impl Kind {
    pub(crate) fn format(self) -> ImageFormat {
        match self {
            Kind::Jpeg => ImageFormat::Jpeg,
            Kind::Png => ImageFormat::Png,
            Kind::WebP => ImageFormat::WebP,
            Kind::Gif => ImageFormat::Gif,
        }
    }
}

/// Sorts the upload into an accepted format, a known format we refuse, or not an image.
pub(crate) fn detect(bytes: &[u8]) -> Result<Kind, ImageError> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok(Kind::Jpeg),
        Ok(ImageFormat::Png) => Ok(Kind::Png),
        Ok(ImageFormat::WebP) => Ok(Kind::WebP),
        Ok(ImageFormat::Gif) => Ok(Kind::Gif),
        Ok(other) => Err(ImageError::UnsupportedFormat(format_name(other))),
        // `image` does not know these two, but editors do upload them: an iPhone photo
        // is HEIC, a logo is often SVG. Naming them tells the editor what to convert.
        Err(_) if is_heic(bytes) => Err(ImageError::UnsupportedFormat("HEIC".into())),
        Err(_) if is_svg(bytes) => Err(ImageError::UnsupportedFormat("SVG".into())),
        Err(_) => Err(ImageError::NotAnImage),
    }
}

/// The name an editor would recognise, as in "TIFF images cannot be published".
fn format_name(format: ImageFormat) -> String {
    let name = match format {
        ImageFormat::Avif => "AVIF",
        ImageFormat::Bmp => "BMP",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Ico => "ICO",
        ImageFormat::OpenExr => "OpenEXR",
        ImageFormat::Hdr => "HDR",
        // `ImageFormat` grows with `image`; its usual extension is a fair name.
        other => {
            return other
                .extensions_str()
                .first()
                .map_or_else(|| format!("{other:?}"), |ext| ext.to_ascii_uppercase());
        }
    };
    name.into()
}

/// An ISO-BMFF file whose brand is one of HEIF's (`ftypheic` and friends).
fn is_heic(bytes: &[u8]) -> bool {
    const BRANDS: [&[u8; 4]; 7] = [
        b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1",
    ];
    bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && BRANDS.iter().any(|b| &bytes[8..12] == *b)
}

/// XML text that opens an `<svg` element near its start.
fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    (text.starts_with("<?xml") || text.starts_with("<svg") || text.starts_with("<!--"))
        && text.contains("<svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_bytes() {
        assert_eq!(detect(b"\xFF\xD8\xFF\xE0rest"), Ok(Kind::Jpeg));
        assert_eq!(detect(b"GIF89a......"), Ok(Kind::Gif));
        assert_eq!(
            detect(b"hello, this is a text file"),
            Err(ImageError::NotAnImage)
        );
        assert_eq!(
            detect(b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00"),
            Err(ImageError::UnsupportedFormat("BMP".into()))
        );
        assert_eq!(
            detect(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"),
            Err(ImageError::UnsupportedFormat("HEIC".into()))
        );
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Err(ImageError::UnsupportedFormat("SVG".into()))
        );
        assert_eq!(
            detect(b"<html><body>hi</body></html>"),
            Err(ImageError::NotAnImage)
        );
    }
}
