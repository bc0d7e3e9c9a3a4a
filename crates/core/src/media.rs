//! Where uploaded images live and which sizes exist, so the uploader that writes the
//! files and the pages that build `srcset` agree without storing a list.
//!
//! An upload is stored under a folder named by a hash of its bytes:
//! `/content/images/{hash}/{width}.{ext}` in its own format and `{width}.webp`, for every
//! width in [`IMAGE_WIDTHS`] narrower than the image, plus the image's own width (capped
//! at [`MAX_IMAGE_WIDTH`]). The post keeps the URL of the widest file in its own format.

/// Widths, in pixels, of the smaller copies made of every upload.
pub const IMAGE_WIDTHS: [u32; 4] = [480, 800, 1200, 1600];
/// No stored copy is wider than this; larger uploads are scaled down.
pub const MAX_IMAGE_WIDTH: u32 = 2000;
/// The public folder of uploaded images.
pub const UPLOAD_PREFIX: &str = "/content/images/u/";

/// The widths stored for an image `width` pixels wide, narrowest first.
pub fn stored_widths(width: u32) -> Vec<u32> {
    let widest = width.clamp(1, MAX_IMAGE_WIDTH);
    let mut widths: Vec<u32> = IMAGE_WIDTHS.into_iter().filter(|w| *w < widest).collect();
    widths.push(widest);
    widths
}

/// The `srcset` lists of an uploaded image, or `None` for any other image URL (demo
/// drawings, images on other sites).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSets {
    /// Candidates in the image's own format: `".../480.jpg 480w, .../800.jpg 800w"`.
    pub original: String,
    /// The same widths in WebP, offered first only for graphics (PNG, GIF): our WebP
    /// copies are lossless, smaller than PNG but several times larger than a JPEG
    /// photo, so photos are served as JPEG.
    pub webp: Option<String>,
}

/// Reads the folder and format back from a stored URL such as
/// `/content/images/u/3fa9c0d2e1b4a5f6/1200.jpg` and lists every stored width.
pub fn source_sets(url: &str, width: u32) -> Option<SourceSets> {
    let rest = url.strip_prefix(UPLOAD_PREFIX)?;
    let (folder, file) = rest.split_once('/')?;
    let (_, extension) = file.rsplit_once('.')?;
    if folder.is_empty() || !folder.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let list = |ext: &str| {
        stored_widths(width)
            .iter()
            .map(|w| format!("{UPLOAD_PREFIX}{folder}/{w}.{ext} {w}w"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(SourceSets {
        original: list(extension),
        webp: (extension != "jpg").then(|| list("webp")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_images_keep_only_their_own_width() {
        assert_eq!(stored_widths(300), vec![300]);
        assert_eq!(stored_widths(800), vec![480, 800]);
        assert_eq!(stored_widths(5000), vec![480, 800, 1200, 1600, 2000]);
    }

    #[test]
    fn uploads_get_source_sets_and_other_images_do_not() {
        let sets = source_sets("/content/images/u/00ff/1000.jpg", 1000).unwrap();
        assert_eq!(sets.webp, None, "photos are not offered as lossless WebP");
        let graphic = source_sets("/content/images/u/00ff/1000.png", 1000).unwrap();
        assert!(
            graphic
                .webp
                .unwrap()
                .ends_with("/content/images/u/00ff/1000.webp 1000w")
        );
        assert_eq!(
            sets.original,
            "/content/images/u/00ff/480.jpg 480w, /content/images/u/00ff/800.jpg 800w, /content/images/u/00ff/1000.jpg 1000w"
        );
        assert_eq!(source_sets("/content/images/demo-harbour.svg", 1200), None);
        assert_eq!(source_sets("/content/images/u/not-hex/1.jpg", 1), None);
    }
}
