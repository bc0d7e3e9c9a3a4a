//! Test images made on the spot with `image`, plus hand-built EXIF and PNG headers, so
//! the suite needs no fixture files.

use std::io::Cursor;

use image::codecs::gif::GifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, Frame, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// A smooth gradient with a grid, so resized copies have edges to keep and encoders
/// have something other than a flat colour to compress.
pub fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let line = x % 100 < 3 || y % 100 < 3;
        if line {
            Rgb([20, 20, 20])
        } else {
            Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 160])
        }
    })
}

pub fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

pub fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(image)
        .unwrap();
    out
}

pub fn png(image: &DynamicImage) -> Vec<u8> {
    encode(image, ImageFormat::Png)
}

/// A two-frame animated GIF: red, then blue.
pub fn animated_gif(width: u32, height: u32) -> Vec<u8> {
    let red = RgbaImage::from_pixel(width, height, Rgba([255, 0, 0, 255]));
    let blue = RgbaImage::from_pixel(width, height, Rgba([0, 0, 255, 255]));
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut out);
        encoder
            .encode_frames([Frame::new(red), Frame::new(blue)])
            .unwrap();
    }
    out
}

/// A JPEG with an APP1 "Exif" segment spliced in right after SOI. The TIFF block holds
/// an orientation tag and a GPS sub-directory with a latitude and longitude, as a
/// phone camera writes them.
pub fn jpeg_with_exif(image: &RgbImage, orientation: u16) -> Vec<u8> {
    let plain = jpeg(image);
    assert_eq!(&plain[..2], b"\xFF\xD8", "SOI");
    let tiff = exif_tiff(orientation);
    let mut segment = vec![0xFF, 0xE1];
    let length = u16::try_from(2 + 6 + tiff.len()).unwrap();
    segment.extend_from_slice(&length.to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);

    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&segment);
    out.extend_from_slice(&plain[2..]);
    out
}

/// Little-endian TIFF: header, IFD0 (orientation, GPS pointer), the GPS IFD (N/E refs
/// and three rationals each for latitude and longitude), then the rationals.
fn exif_tiff(orientation: u16) -> Vec<u8> {
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const ASCII: u16 = 2;
    const RATIONAL: u16 = 5;
    let ifd0 = 8u32;
    let gps_ifd = ifd0 + 2 + 2 * 12 + 4; // 38
    let latitude = gps_ifd + 2 + 4 * 12 + 4; // 92
    let longitude = latitude + 24; // 116

    let mut t = b"II*\0".to_vec();
    t.extend_from_slice(&ifd0.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value);
    };
    let short = |v: u16| {
        let b = v.to_le_bytes();
        [b[0], b[1], 0, 0]
    };

    t.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut t, 0x0112, SHORT, 1, short(orientation));
    entry(&mut t, 0x8825, LONG, 1, gps_ifd.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(t.len() as u32, gps_ifd);

    t.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut t, 0x0001, ASCII, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, RATIONAL, 3, latitude.to_le_bytes());
    entry(&mut t, 0x0003, ASCII, 2, *b"E\0\0\0");
    entry(&mut t, 0x0004, RATIONAL, 3, longitude.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(t.len() as u32, latitude);

    // 59° 54' 50.4" N, 10° 45' 7.2" E.
    for (numerator, denominator) in [(59, 1), (54, 1), (504, 10), (10, 1), (45, 1), (72, 10)] {
        t.extend_from_slice(&u32::to_le_bytes(numerator));
        t.extend_from_slice(&u32::to_le_bytes(denominator));
    }
    t
}

/// A real 1×1 PNG whose IHDR is rewritten to claim `width` × `height`, CRC fixed so
/// the decoder trusts the header. Decoding it for real would need gigabytes.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(&DynamicImage::ImageRgb8(RgbImage::new(1, 1)));
    // Signature (8), then the IHDR chunk: length (4), "IHDR", 13 bytes of data, CRC.
    assert_eq!(&bytes[12..16], b"IHDR");
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// CRC-32 as PNG uses it (reflected polynomial 0xEDB88320), bit by bit.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
