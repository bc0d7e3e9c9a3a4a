//! Proves: any upload is refused or processed without panicking, and a processed one
//! stays within the limits, with well-formed stored files in the format it names.
#![no_main]

use byline_core::media::MAX_IMAGE_WIDTH;
use byline_images::{Limits, process};
use libfuzzer_sys::fuzz_target;

const LIMITS: Limits = Limits {
    max_bytes: 2 * 1024 * 1024,
    max_pixels: 4_000_000,
    max_side: 4000,
};

fuzz_target!(|bytes: &[u8]| {
    let Ok(image) = process(bytes, &LIMITS) else {
        return;
    };
    let (w, h) = (image.width, image.height);
    assert!(w >= 1 && h >= 1, "{w}x{h}");
    assert!(w <= LIMITS.max_side && h <= LIMITS.max_side, "{w}x{h}");
    assert!(u64::from(w) * u64::from(h) <= LIMITS.max_pixels, "{w}x{h}");
    assert!(w <= MAX_IMAGE_WIDTH, "{w}x{h}");
    assert!(
        image.hash.len() == 16
            && image
                .hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{}",
        image.hash
    );
    let mime = match image.extension {
        "jpg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        other => panic!("extension {other}"),
    };
    assert_eq!(image.mime, mime);

    // Narrowest first, the widest being the image's own width.
    assert_eq!(image.files.last().map(|f| f.width), Some(w));
    assert!(image.files.windows(2).all(|p| p[0].width <= p[1].width));
    for file in &image.files {
        let (stem, ext) = file.name.split_once('.').expect("name.ext");
        assert_eq!(stem, file.width.to_string());
        assert!(ext == image.extension || ext == "webp", "{}", file.name);
        let magic: &[u8] = match ext {
            "jpg" => b"\xFF\xD8\xFF",
            "png" => b"\x89PNG\r\n\x1a\n",
            _ => b"RIFF",
        };
        assert!(file.bytes.starts_with(magic), "{} is not {ext}", file.name);
    }
});
