//! `process` and `objects` on real images made by the tests.

mod common;

use std::collections::BTreeSet;
use std::time::Instant;

use byline_images::{ImageError, Limits, ProcessedImage, process};
use common::*;
use image::codecs::jpeg::JpegDecoder;
use image::{DynamicImage, GenericImageView, ImageDecoder, ImageFormat, Rgba, RgbaImage};

fn names(image: &ProcessedImage) -> Vec<&str> {
    image.files.iter().map(|f| f.name.as_str()).collect()
}

fn decode(bytes: &[u8]) -> (ImageFormat, DynamicImage) {
    let format = image::guess_format(bytes).unwrap();
    (format, image::load_from_memory(bytes).unwrap())
}

#[test]
fn exif_and_gps_never_reach_the_stored_files() {
    let upload = jpeg_with_exif(&picture(640, 480), 1);
    // The test's own EXIF block is well-formed: a decoder finds it in the upload.
    let mut decoder = JpegDecoder::new(std::io::Cursor::new(&upload)).unwrap();
    assert!(decoder.exif_metadata().unwrap().is_some());
    assert!(contains(&upload, b"Exif"));

    let image = process(&upload, &Limits::default()).unwrap();
    assert_eq!(
        names(&image),
        ["480.jpg", "480.webp", "640.jpg", "640.webp"]
    );
    for file in &image.files {
        assert!(!contains(&file.bytes, b"Exif"), "{} keeps EXIF", file.name);
        if file.name.ends_with(".jpg") {
            let mut decoder = JpegDecoder::new(std::io::Cursor::new(&file.bytes)).unwrap();
            assert_eq!(decoder.exif_metadata().unwrap(), None);
        }
    }
    assert_eq!((image.extension, image.mime), ("jpg", "image/jpeg"));
}

#[test]
fn a_sideways_phone_photo_is_stored_upright() {
    // Stored landscape with a red top-left corner; orientation 6 says "turn 90°
    // clockwise to view", which moves that corner to the top right.
    let mut sideways = picture(640, 480);
    for y in 0..80 {
        for x in 0..80 {
            sideways.put_pixel(x, y, image::Rgb([255, 0, 0]));
        }
    }
    let image = process(&jpeg_with_exif(&sideways, 6), &Limits::default()).unwrap();
    assert_eq!((image.width, image.height), (480, 640));
    let widest = image.files.iter().find(|f| f.name == "480.jpg").unwrap();
    let (_, upright) = decode(&widest.bytes);
    assert_eq!(upright.dimensions(), (480, 640));
    let [r, g, b, _] = upright.get_pixel(470, 10).0;
    assert!(r > 200 && g < 60 && b < 60, "top right is {r},{g},{b}");
}

#[test]
fn a_large_png_gets_every_width_in_png_and_webp() {
    let upload = png(&DynamicImage::ImageRgb8(picture(3000, 2000)));
    let started = Instant::now();
    let image = process(&upload, &Limits::default()).unwrap();
    eprintln!("3000×2000 PNG processed in {:?}", started.elapsed());

    assert_eq!((image.width, image.height), (2000, 1333));
    assert_eq!((image.extension, image.mime), ("png", "image/png"));
    assert!(image.url().ends_with(&format!("/{}/2000.png", image.hash)));
    let expected: Vec<String> = [480, 800, 1200, 1600, 2000]
        .iter()
        .flat_map(|w| [format!("{w}.png"), format!("{w}.webp")])
        .collect();
    assert_eq!(names(&image), expected);

    for file in &image.files {
        let (format, decoded) = decode(&file.bytes);
        let want = if file.name.ends_with(".png") {
            ImageFormat::Png
        } else {
            ImageFormat::WebP
        };
        assert_eq!(format, want, "{}", file.name);
        let (w, h) = decoded.dimensions();
        assert_eq!(w, file.width, "{}", file.name);
        // 3:2 within a pixel of rounding.
        assert!(
            (f64::from(h) - f64::from(w) * 2.0 / 3.0).abs() <= 0.5,
            "{} is {w}×{h}",
            file.name
        );
        eprintln!("{:>10}: {:>9} bytes", file.name, file.bytes.len());
    }
}

#[test]
fn a_small_image_keeps_only_its_own_width() {
    let upload = jpeg(&picture(300, 200));
    let image = process(&upload, &Limits::default()).unwrap();
    assert_eq!(names(&image), ["300.jpg", "300.webp"]);
    assert_eq!((image.width, image.height), (300, 200));
    assert!(image.files.iter().all(|f| f.width == 300));
}

#[test]
fn a_gif_is_stored_as_a_png_of_its_first_frame() {
    let image = process(&animated_gif(500, 300), &Limits::default()).unwrap();
    assert_eq!((image.extension, image.mime), ("png", "image/png"));
    assert_eq!(
        names(&image),
        ["480.png", "480.webp", "500.png", "500.webp"]
    );
    for file in &image.files {
        let (_, decoded) = decode(&file.bytes);
        let [r, _, b, _] = decoded.get_pixel(10, 10).0;
        assert!(
            r > 200 && b < 50,
            "{} shows the first (red) frame",
            file.name
        );
    }
}

#[test]
fn a_webp_upload_is_stored_as_webp_only() {
    let upload = encode(
        &DynamicImage::ImageRgb8(picture(900, 600)),
        ImageFormat::WebP,
    );
    let image = process(&upload, &Limits::default()).unwrap();
    assert_eq!((image.extension, image.mime), ("webp", "image/webp"));
    assert_eq!(names(&image), ["480.webp", "800.webp", "900.webp"]);
}

#[test]
fn transparency_and_grey_survive_and_sixteen_bit_is_reduced() {
    let clear = RgbaImage::from_fn(600, 400, |x, _| {
        Rgba([0, 90, 200, if x < 300 { 0 } else { 255 }])
    });
    let image = process(&png(&DynamicImage::ImageRgba8(clear)), &Limits::default()).unwrap();
    for file in &image.files {
        let (_, decoded) = decode(&file.bytes);
        assert!(decoded.color().has_alpha(), "{} lost its alpha", file.name);
        assert_eq!(decoded.get_pixel(10, 10).0[3], 0);
    }

    let grey = DynamicImage::ImageRgb8(picture(500, 500)).grayscale();
    let image = process(&png(&grey), &Limits::default()).unwrap();
    assert_eq!(image.files.len(), 4);

    let deep = DynamicImage::ImageRgb16(DynamicImage::ImageRgb8(picture(200, 100)).to_rgb16());
    let image = process(&png(&deep), &Limits::default()).unwrap();
    let (_, decoded) = decode(&image.files[0].bytes);
    assert_eq!(decoded.color(), image::ColorType::Rgb8);
}

#[test]
fn things_that_are_not_images_are_refused() {
    let limits = Limits::default();
    let text = b"Council approves budget\n\nThe city council voted 7-2 on Tuesday...";
    assert_eq!(process(text, &limits), Err(ImageError::NotAnImage));
    assert_eq!(process(b"", &limits), Err(ImageError::Empty));
    // `image` is built without BMP support, so the header is written by hand.
    let mut bmp = b"BM".to_vec();
    bmp.extend_from_slice(&[0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0, 0, 0]);
    assert_eq!(
        process(&bmp, &limits),
        Err(ImageError::UnsupportedFormat("BMP".into()))
    );
}

#[test]
fn a_truncated_jpeg_is_corrupt() {
    let whole = jpeg(&picture(640, 480));
    // Cut inside the headers: nothing can be read.
    assert!(matches!(
        process(&whole[..100], &Limits::default()),
        Err(ImageError::Corrupt(_))
    ));
    // Cut inside the picture data.
    let half = &whole[..whole.len() / 2];
    match process(half, &Limits::default()) {
        Err(ImageError::Corrupt(detail)) => eprintln!("half a JPEG: {detail}"),
        other => panic!("half a JPEG gave {other:?}"),
    }
    // Bytes after the end marker are another matter: phones append a video there.
    let mut motion_photo = whole.clone();
    motion_photo.extend_from_slice(b"\0\0\0\x18ftypmp42 and so on");
    assert!(process(&motion_photo, &Limits::default()).is_ok());
}

#[test]
fn other_truncated_formats_are_corrupt() {
    let picture = DynamicImage::ImageRgb8(picture(640, 480));
    for format in [ImageFormat::Png, ImageFormat::WebP, ImageFormat::Gif] {
        let whole = encode(&picture, format);
        let half = &whole[..whole.len() / 2];
        match process(half, &Limits::default()) {
            Err(ImageError::Corrupt(detail)) => eprintln!("half a {format:?}: {detail}"),
            other => panic!("half a {format:?} gave {other:?}"),
        }
    }
}

#[test]
fn a_header_claiming_ten_billion_pixels_is_refused_before_decoding() {
    let bomb = png_claiming(100_000, 100_000);
    assert!(bomb.len() < 100);
    let started = Instant::now();
    assert_eq!(
        process(&bomb, &Limits::default()),
        Err(ImageError::TooManyPixels {
            width: 100_000,
            height: 100_000
        })
    );
    // Decoding 40 GB would not finish this quickly, if at all.
    assert!(started.elapsed().as_millis() < 1000);

    // Few pixels but an absurd side is refused too.
    let ribbon = png_claiming(40_000, 2);
    assert_eq!(
        process(&ribbon, &Limits::default()),
        Err(ImageError::TooManyPixels {
            width: 40_000,
            height: 2
        })
    );

    // The limits are the caller's: a lower one applies to a real, valid image.
    let upload = png(&DynamicImage::ImageRgb8(picture(400, 300)));
    let strict = Limits {
        max_pixels: 100_000,
        ..Limits::default()
    };
    assert_eq!(
        process(&upload, &strict),
        Err(ImageError::TooManyPixels {
            width: 400,
            height: 300
        })
    );
}

#[test]
fn oversized_uploads_are_refused_by_byte_count() {
    let upload = jpeg(&picture(640, 480));
    let limits = Limits {
        max_bytes: upload.len() - 1,
        ..Limits::default()
    };
    assert_eq!(
        process(&upload, &limits),
        Err(ImageError::TooLarge {
            bytes: upload.len(),
            limit: upload.len() - 1
        })
    );
    let message = ImageError::TooLarge {
        bytes: 32_715_571,
        limit: Limits::default().max_bytes,
    }
    .to_string();
    assert_eq!(
        message,
        "This file is 31.2 MB; images can be at most 20 MB."
    );
}

#[test]
fn the_hash_is_stable_and_follows_the_bytes() {
    let upload = jpeg(&picture(320, 240));
    let first = process(&upload, &Limits::default()).unwrap();
    let again = process(&upload, &Limits::default()).unwrap();
    assert_eq!(first.hash, again.hash);
    assert_eq!(first.hash.len(), 16);
    assert!(
        first
            .hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    let other = process(&jpeg(&picture(321, 240)), &Limits::default()).unwrap();
    assert_ne!(first.hash, other.hash);
}

#[test]
fn objects_name_every_file_under_the_upload_hash() {
    let image = process(&jpeg(&picture(900, 600)), &Limits::default()).unwrap();
    let keys: BTreeSet<String> = image.objects().map(|(key, _)| key).collect();
    let expected: BTreeSet<String> = [
        "480.jpg", "480.webp", "800.jpg", "800.webp", "900.jpg", "900.webp",
    ]
    .map(|name| format!("images/u/{}/{name}", image.hash))
    .into();
    assert_eq!(keys, expected);
    for ((key, bytes), file) in image.objects().zip(&image.files) {
        assert!(key.ends_with(&file.name));
        assert_eq!(bytes, file.bytes.as_slice());
    }
    // The post links the widest copy, which is one of the objects.
    assert_eq!(
        image.url(),
        format!("/content/images/u/{}/900.jpg", image.hash)
    );
    assert!(
        image
            .objects()
            .any(|(key, _)| format!("/content/{key}") == image.url())
    );
}
