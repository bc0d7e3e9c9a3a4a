//! From upright pixels to the stored files: every width of [`stored_widths`], each in
//! the upload's own format and in WebP.
//!
//! The files are encoded from pixels alone and no encoder is handed any metadata, so
//! EXIF (camera serial, GPS position), XMP, ICC profiles and comments are all left
//! behind. A GIF is stored as PNG: an animation would be re-encoded frame by frame at
//! every width, and a still of its first frame is what a news page wants anyway.

use std::borrow::Cow;

use byline_core::media::stored_widths;
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ExtendedColorType, ImageEncoder};

use crate::detect::Kind;
use crate::{ImageError, ImageFile};

/// JPEG quality: photographs show no visible loss at 82 and weigh about half of 95.
const JPEG_QUALITY: u8 = 82;

/// A stored format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Jpeg,
    Png,
    WebP,
}

impl Target {
    /// The format the post links to for an upload of `kind`.
    pub(crate) fn original(kind: Kind) -> Self {
        match kind {
            Kind::Jpeg => Target::Jpeg,
            Kind::Png | Kind::Gif => Target::Png,
            Kind::WebP => Target::WebP,
        }
    }

    pub(crate) fn extension(self) -> &'static str {
        match self {
            Target::Jpeg => "jpg",
            Target::Png => "png",
            Target::WebP => "webp",
        }
    }

    pub(crate) fn mime(self) -> &'static str {
        match self {
            Target::Jpeg => "image/jpeg",
            Target::Png => "image/png",
            Target::WebP => "image/webp",
        }
    }
}

/// The stored copies and the size of the widest.
pub(crate) struct Rendered {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) files: Vec<ImageFile>,
}

/// Makes every stored copy of `image`, narrowest first, original format before WebP.
pub(crate) fn render(image: DynamicImage, original: Target) -> Result<Rendered, ImageError> {
    let mut targets = vec![original];
    if original != Target::WebP {
        targets.push(Target::WebP);
    }
    let mut resizer = Resizer::new();
    let source = Pixels::from_image(image);
    let widths = stored_widths(source.width);
    let widest_width = widths.last().copied().unwrap_or(source.width);
    // Heights come from the upload's own proportions, not the widest copy's rounded
    // ones, so every copy is as close to the true aspect ratio as whole pixels allow.
    let (source_width, source_height) = (source.width, source.height);
    let height_at = |width| scaled_height(source_width, source_height, width);
    // The narrower copies are made from the widest one rather than from the upload: a
    // 50-megapixel photo is scaled down once instead of five times, and a Lanczos
    // filter applied to an already smooth 2000-pixel copy loses nothing visible. The
    // upload's pixels are freed as soon as that copy exists.
    let widest = if widest_width == source.width {
        source
    } else {
        source.resized(widest_width, height_at(widest_width), &mut resizer)?
    };

    let mut files = Vec::with_capacity(widths.len() * targets.len());
    for width in widths {
        let resized;
        let copy = if width == widest.width {
            &widest
        } else {
            resized = widest.resized(width, height_at(width), &mut resizer)?;
            &resized
        };
        for target in &targets {
            files.push(ImageFile {
                name: format!("{width}.{}", target.extension()),
                width,
                bytes: copy.encode(*target)?,
            });
        }
    }
    Ok(Rendered {
        width: widest.width,
        height: widest.height,
        files,
    })
}

/// Raw 8-bit samples in one of the four layouts all three encoders accept.
struct Pixels {
    width: u32,
    height: u32,
    layout: PixelType,
    data: Vec<u8>,
}

impl Pixels {
    /// Takes the buffer over rather than copying it: it can be 200 MB.
    fn from_image(image: DynamicImage) -> Self {
        let (width, height) = (image.width(), image.height());
        let (layout, data) = match image {
            DynamicImage::ImageLuma8(buffer) => (PixelType::U8, buffer.into_raw()),
            DynamicImage::ImageLumaA8(buffer) => (PixelType::U8x2, buffer.into_raw()),
            DynamicImage::ImageRgb8(buffer) => (PixelType::U8x3, buffer.into_raw()),
            DynamicImage::ImageRgba8(buffer) => (PixelType::U8x4, buffer.into_raw()),
            // `decode` already reduced everything to 8 bits; this only keeps the
            // function total.
            other => (PixelType::U8x4, other.into_rgba8().into_raw()),
        };
        Self {
            width,
            height,
            layout,
            data,
        }
    }

    /// A copy scaled down to `width` × `height`.
    fn resized(
        &self,
        width: u32,
        height: u32,
        resizer: &mut Resizer,
    ) -> Result<Pixels, ImageError> {
        let internal = |e: &dyn std::fmt::Display| ImageError::Corrupt(format!("resizing: {e}"));
        let source = ImageRef::new(self.width, self.height, &self.data, self.layout)
            .map_err(|e| internal(&e))?;
        let mut target = Image::new(width, height, self.layout);
        // Lanczos3 keeps the text in screenshots and the edges in photographs sharp
        // when scaling down; `fast_image_resize` weights by alpha so transparent
        // pixels do not bleed their colour into the edges.
        let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
        resizer
            .resize(&source, &mut target, &options)
            .map_err(|e| internal(&e))?;
        Ok(Pixels {
            width,
            height,
            layout: self.layout,
            data: target.into_vec(),
        })
    }

    fn encode(&self, target: Target) -> Result<Vec<u8>, ImageError> {
        let (w, h) = (self.width, self.height);
        let mut out = Vec::new();
        let result = match target {
            Target::Jpeg => {
                // JPEG has no alpha channel. Only JPEG uploads are stored as JPEG and
                // those have none, but dropping it keeps the encoder from refusing.
                let (data, color) = without_alpha(&self.data, self.layout);
                JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                    .write_image(&data, w, h, color)
            }
            Target::Png => {
                PngEncoder::new(&mut out).write_image(&self.data, w, h, color_type(self.layout))
            }
            // `image` only encodes lossless WebP; see the crate documentation.
            Target::WebP => WebPEncoder::new_lossless(&mut out).write_image(
                &self.data,
                w,
                h,
                color_type(self.layout),
            ),
        };
        result.map_err(|e| {
            ImageError::Corrupt(format!("encoding {w}.{}: {e}", target.extension()))
        })?;
        Ok(out)
    }
}

/// The height that keeps the aspect ratio at `width`, rounded to the nearest pixel.
fn scaled_height(source_width: u32, source_height: u32, width: u32) -> u32 {
    let (sw, sh, w) = (
        u64::from(source_width),
        u64::from(source_height),
        u64::from(width),
    );
    let height = (sh * w + sw / 2) / sw;
    // The quotient is at most `source_height` because `width` never exceeds the source.
    u32::try_from(height.max(1)).unwrap_or(source_height)
}

fn color_type(layout: PixelType) -> ExtendedColorType {
    match layout {
        PixelType::U8 => ExtendedColorType::L8,
        PixelType::U8x2 => ExtendedColorType::La8,
        PixelType::U8x3 => ExtendedColorType::Rgb8,
        _ => ExtendedColorType::Rgba8,
    }
}

fn without_alpha(data: &[u8], layout: PixelType) -> (Cow<'_, [u8]>, ExtendedColorType) {
    let keep = |stride: usize, kept: usize| -> Vec<u8> {
        data.chunks_exact(stride)
            .flat_map(|p| &p[..kept])
            .copied()
            .collect()
    };
    match layout {
        PixelType::U8x2 => (keep(2, 1).into(), ExtendedColorType::L8),
        PixelType::U8x4 => (keep(4, 3).into(), ExtendedColorType::Rgb8),
        other => (data.into(), color_type(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(scaled_height(3000, 2000, 2000), 1333);
        assert_eq!(scaled_height(3000, 2000, 480), 320);
        assert_eq!(scaled_height(3000, 2000, 1600), 1067);
        // A panorama never collapses to nothing.
        assert_eq!(scaled_height(100_000, 10, 480), 1);
    }

    #[test]
    fn alpha_is_dropped_for_jpeg() {
        let (data, color) = without_alpha(&[1, 2, 3, 255, 4, 5, 6, 0], PixelType::U8x4);
        assert_eq!(&*data, &[1, 2, 3, 4, 5, 6]);
        assert_eq!(color, ExtendedColorType::Rgb8);
    }
}
