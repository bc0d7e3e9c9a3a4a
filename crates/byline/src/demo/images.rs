//! Illustrations drawn in code for the demo newsroom and generated sites: abstract
//! scenes (sky, hills or skyline, water, sun) in a palette picked from a seed, written
//! as small SVG files with content-hashed names so they can be cached forever.

use byline_core::content::Image;
use byline_media::MediaStore;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 675;

const PALETTES: &[[&str; 4]] = &[
    ["#0b3c5d", "#328cc1", "#d9b310", "#1d2731"],
    ["#2e4a3f", "#7fa38f", "#e8c07d", "#1b2b24"],
    ["#5b2333", "#c46d5e", "#f2c57c", "#2b1219"],
    ["#22313f", "#6c7a89", "#f4d35e", "#101820"],
    ["#3d2c5a", "#8c6bb1", "#f6ae99", "#1e1530"],
    ["#16425b", "#81c3d7", "#f7b267", "#0b2230"],
    ["#3a3b3c", "#a5a58d", "#ff9f1c", "#1c1c1d"],
];

/// A small deterministic generator (SplitMix64), so the same seed draws the same picture.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: &str) -> Dice {
        Dice(seed.bytes().fold(0x9e37_79b9_7f4a_7c15, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        }))
    }

    pub fn roll(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `low..high`.
    pub fn range(&mut self, low: u32, high: u32) -> u32 {
        low + (self.roll() % u64::from(high - low).max(1)) as u32
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.roll() % items.len() as u64) as usize]
    }
}

/// An abstract landscape for an article.
pub fn landscape(seed: &str) -> String {
    let mut dice = Dice::new(seed);
    let [deep, light, accent, dark] = *dice.pick(PALETTES);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\">\
         <defs><linearGradient id=\"sky\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\
         <stop offset=\"0\" stop-color=\"{deep}\"/><stop offset=\"1\" stop-color=\"{light}\"/></linearGradient></defs>\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"url(#sky)\"/>"
    );
    let sun_x = dice.range(150, 1050);
    let sun_y = dice.range(90, 260);
    let sun_r = dice.range(45, 110);
    svg.push_str(&format!(
        "<circle cx=\"{sun_x}\" cy=\"{sun_y}\" r=\"{sun_r}\" fill=\"{accent}\" opacity=\"0.9\"/>"
    ));
    if dice.roll().is_multiple_of(2) {
        // A skyline of blocks.
        let mut x = 0;
        while x < WIDTH {
            let w = dice.range(40, 120);
            let h = dice.range(120, 330);
            svg.push_str(&format!(
                "<rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{h}\" fill=\"{dark}\" opacity=\"0.85\"/>",
                470 - h
            ));
            x += w + dice.range(4, 18);
        }
    } else {
        // Rolling hills.
        for layer in 0..3u32 {
            let base = 330 + layer * 55;
            let mut path = format!("M0 {base}");
            let mut x = 0;
            while x < WIDTH {
                let step = dice.range(160, 320);
                let peak = base - dice.range(20, 110);
                path.push_str(&format!(" Q{} {peak} {} {base}", x + step / 2, x + step));
                x += step;
            }
            path.push_str(&format!(" L{WIDTH} {HEIGHT} L0 {HEIGHT} Z"));
            let opacity = 0.5 + f64::from(layer) * 0.2;
            svg.push_str(&format!(
                "<path d=\"{path}\" fill=\"{dark}\" opacity=\"{opacity:.1}\"/>"
            ));
        }
    }
    // Water with a few ripples.
    svg.push_str(&format!(
        "<rect y=\"470\" width=\"{WIDTH}\" height=\"{}\" fill=\"{deep}\"/>",
        HEIGHT - 470
    ));
    for _ in 0..9 {
        let y = dice.range(490, HEIGHT - 10);
        let x = dice.range(0, WIDTH - 200);
        let w = dice.range(60, 260);
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"3\" rx=\"1.5\" fill=\"{light}\" opacity=\"0.45\"/>"
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// A portrait placeholder: initials on a coloured disc.
pub fn portrait(seed: &str, name: &str) -> String {
    let mut dice = Dice::new(seed);
    let [deep, _, accent, _] = *dice.pick(PALETTES);
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect();
    let initials = initials.replace('&', "&amp;").replace('<', "&lt;");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 240 240\" width=\"240\" height=\"240\">\
         <rect width=\"240\" height=\"240\" fill=\"{deep}\"/><circle cx=\"120\" cy=\"120\" r=\"92\" fill=\"{accent}\"/>\
         <text x=\"120\" y=\"146\" font-family=\"Georgia, serif\" font-size=\"78\" text-anchor=\"middle\" fill=\"{deep}\">{initials}</text></svg>"
    )
}

/// A wordmark: the newsroom's name set on a plain band (600×60, as publishers' logos
/// for structured data are expected to be).
pub fn logo(title: &str) -> String {
    let title = title.replace('&', "&amp;").replace('<', "&lt;");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 600 60\" width=\"600\" height=\"60\">\
         <rect width=\"600\" height=\"60\" fill=\"#fdfcf9\"/><rect width=\"600\" height=\"4\" fill=\"#9e1b32\"/>\
         <text x=\"300\" y=\"44\" font-family=\"Georgia, serif\" font-size=\"34\" font-weight=\"bold\" \
         text-anchor=\"middle\" fill=\"#1a1a1a\">{title}</text></svg>"
    )
}

/// Stores an SVG under `images/{folder}/` in the media storage with a name made from
/// its content, and returns its public URL.
pub async fn store_svg(media: &MediaStore, folder: &str, svg: &str) -> anyhow::Result<String> {
    let hash = svg.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    // Named after its content: storing it again writes the same bytes.
    let key = format!("images/{folder}/{hash:016x}.svg");
    media
        .put(&key, byline_media::Bytes::from(svg.to_owned()))
        .await?;
    Ok(format!("/content/{key}"))
}

/// A featured image record for a stored illustration.
pub fn image(url: String, alt: &str, caption: Option<&str>, credit: Option<&str>) -> Image {
    Image {
        url,
        alt: alt.to_owned(),
        caption: caption.map(str::to_owned),
        credit: credit.map(str::to_owned),
        width: WIDTH,
        height: HEIGHT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_picture() {
        assert_eq!(landscape("bridge"), landscape("bridge"));
        assert_ne!(landscape("bridge"), landscape("budget"));
        assert!(landscape("x").starts_with("<svg") && landscape("x").ends_with("</svg>"));
    }

    #[test]
    fn portraits_escape_their_initials() {
        let svg = portrait("a", "<Script> &Co");
        assert!(svg.contains("&lt;&amp;"), "{svg}");
    }
}
