//! From bytes to pixels, refusing decompression bombs before a pixel is decoded.
//!
//! A 100 KB PNG can declare 100,000 × 100,000 pixels and ask for 40 GB once decoded,
//! so the header is read on its own first and its size checked against [`Limits`].
//! Only then is the decoder built, with `image`'s own limits set as a second guard in
//! case a decoder reports one size in its header and allocates another.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader};

use crate::detect::Kind;
use crate::{ImageError, Limits};

/// Decodes an accepted upload into upright 8-bit pixels (grey or colour, with or
/// without alpha: the four layouts every encoder we use takes).
pub(crate) fn decode(
    bytes: &[u8],
    kind: Kind,
    limits: &Limits,
) -> Result<DynamicImage, ImageError> {
    let (width, height) = header_dimensions(bytes, kind)?;
    check_size(width, height, limits)?;
    if kind == Kind::Jpeg && !jpeg_is_complete(bytes) {
        return Err(ImageError::Corrupt(
            "JPEG ends before its end-of-image marker".into(),
        ));
    }

    let failed = |error| refusal(error, width, height);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    reader.limits(decoder_limits(limits));
    let mut decoder = reader.into_decoder().map_err(failed)?;
    // `DynamicImage::from_decoder` allocates `total_bytes` without consulting the
    // limits, so the claim is checked here.
    if decoder.total_bytes() > max_alloc(limits) {
        return Err(ImageError::TooManyPixels { width, height });
    }
    // A phone stores a portrait photo sideways plus an EXIF note saying so. The note is
    // about to be dropped with the rest of the metadata, so the turn is applied to the
    // pixels. A missing or unreadable note means the pixels are already upright.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(failed)?;
    image.apply_orientation(orientation);
    Ok(to_eight_bit(image))
}

/// The width and height the header declares, read without decoding any pixel data.
fn header_dimensions(bytes: &[u8], kind: Kind) -> Result<(u32, u32), ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    // Limits here would turn an oversized header into a bare "limit exceeded" with no
    // size attached; reading a header allocates little, and the size is checked next.
    reader.no_limits();
    reader
        .into_dimensions()
        .map_err(|e| ImageError::Corrupt(format!("reading the header: {e}")))
}

fn check_size(width: u32, height: u32, limits: &Limits) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::Corrupt(format!("header says {width}×{height}")));
    }
    let pixels = u64::from(width) * u64::from(height);
    if width > limits.max_side || height > limits.max_side || pixels > limits.max_pixels {
        return Err(ImageError::TooManyPixels { width, height });
    }
    Ok(())
}

fn decoder_limits(limits: &Limits) -> image::Limits {
    let mut guard = image::Limits::default();
    guard.max_image_width = Some(limits.max_side);
    guard.max_image_height = Some(limits.max_side);
    guard.max_alloc = Some(max_alloc(limits));
    guard
}

/// Room for the largest image allowed at the widest sample `image` produces (RGBA at
/// 16 bits, 8 bytes a pixel) plus working space for the decoders' own tables.
fn max_alloc(limits: &Limits) -> u64 {
    const WORKSPACE: u64 = 256 * 1024 * 1024;
    limits
        .max_pixels
        .saturating_mul(8)
        .saturating_add(WORKSPACE)
}

/// A decoder's complaint, told apart: its limits firing means the image is too big,
/// anything else means the file is damaged.
fn refusal(error: image::ImageError, width: u32, height: u32) -> ImageError {
    match error {
        image::ImageError::Limits(_) => ImageError::TooManyPixels { width, height },
        other => ImageError::Corrupt(other.to_string()),
    }
}

/// Whether a JPEG's segments and scans run through to its end-of-image marker.
///
/// The JPEG decoder is lenient: an upload cut off half-way decodes "successfully", with
/// the missing half painted grey, and would be published like that. So the marker
/// structure is walked first. Segments are skipped by their stated length (an EXIF
/// thumbnail's own end marker is inside one), and scan data is read byte by byte for
/// the next marker. Anything after the end marker, such as the video a phone appends to
/// a "motion photo", is allowed.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2; // past SOI, which `detect` has seen
    loop {
        // Scan data and stray bytes between segments: look for the next 0xFF.
        while at < bytes.len() && bytes[at] != 0xFF {
            at += 1;
        }
        // A marker may be preceded by any number of 0xFF fill bytes.
        while at < bytes.len() && bytes[at] == 0xFF {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else {
            return false;
        };
        at += 1;
        match marker {
            0xD9 => return true, // EOI
            // A 0xFF byte of scan data (stuffed as FF 00), restart markers and TEM
            // carry no length.
            0x00 | 0x01 | 0xD0..=0xD7 => {}
            _ => {
                let Some(length) = bytes.get(at..at + 2) else {
                    return false;
                };
                at += usize::from(u16::from_be_bytes([length[0], length[1]]));
            }
        }
    }
}

/// 16-bit PNGs are rare in a newsroom and no browser shows the extra depth, while the
/// JPEG and WebP encoders only take 8-bit samples; one layout keeps the rest simple.
fn to_eight_bit(image: DynamicImage) -> DynamicImage {
    let color = image.color();
    match (color.has_color(), color.has_alpha()) {
        (false, false) => DynamicImage::ImageLuma8(image.into_luma8()),
        (false, true) => DynamicImage::ImageLumaA8(image.into_luma_alpha8()),
        (true, false) => DynamicImage::ImageRgb8(image.into_rgb8()),
        (true, true) => DynamicImage::ImageRgba8(image.into_rgba8()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jpeg_must_reach_its_end_marker() {
        // SOI, an APP1 segment hiding a thumbnail's EOI, SOS, scan data with a stuffed
        // byte and a restart marker, EOI, then trailing bytes.
        let whole = b"\xFF\xD8\xFF\xE1\x00\x06\xFF\xD9\x00\x00\xFF\xDA\x00\x03\x01\
                      \x12\xFF\x00\x34\xFF\xD0\x56\xFF\xD9trailer";
        assert!(jpeg_is_complete(whole));
        let end = whole.len() - b"trailer".len();
        for cut in 2..end {
            assert!(!jpeg_is_complete(&whole[..cut]), "cut at {cut}");
        }
    }

    #[test]
    fn sizes_over_any_limit_are_refused() {
        let limits = Limits::default();
        assert!(check_size(7000, 7000, &limits).is_ok());
        let too_many = ImageError::TooManyPixels {
            width: 8000,
            height: 8000,
        };
        assert_eq!(check_size(8000, 8000, &limits), Err(too_many));
        // Few pixels, but one side longer than any decoder should be asked to handle.
        assert!(matches!(
            check_size(20_000, 10, &limits),
            Err(ImageError::TooManyPixels { .. })
        ));
        assert!(matches!(
            check_size(0, 10, &limits),
            Err(ImageError::Corrupt(_))
        ));
    }
}
