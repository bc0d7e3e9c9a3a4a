//! Shortcodes (`[name key="value"]`, `[name]content[/name]`, `[name /]`), expanded
//! to the HTML Byline keeps before the content is converted.
//!
//! Which bracketed text is a shortcode: right after the `[` comes a name (a letter,
//! then letters, digits, `-` or `_`) followed by `]`, white space or `/]`, and at
//! least one of these holds:
//!
//! - the name is one converted here (`caption`, `wp_caption`, `gallery`, `embed`,
//!   `audio`, `video`, and Jetpack's `youtube`, `vimeo`, `tweet`);
//! - a `[/name]` closes it later in the content;
//! - it carries a `key=value` attribute, with nothing between key, `=` and value
//!   (`id="5"`, `slot=3`);
//! - it closes itself (`[name /]`).
//!
//! So `[sic]`, `[1]`, `[Updated at 5pm]` and `[see x = y]` stay text, while
//! `[contact-form-7 id="5"]` and `[pullquote]…[/pullquote]` are shortcodes.
//! `[[name]]` is WordPress's way of writing a shortcode as text: it becomes `[name]`.
//! Shortcodes inside tags (`<a title="[x]">`) and comments are left alone.

mod parse;

use std::collections::HashSet;

use parse::{Attributes, Closings, Shortcode, closer_at, is_known, shortcode_at};

use super::autop::link_paragraph;
use super::tags::{comment_end, tag_at};
use super::{AttachmentRef, report};
use crate::Body;
use crate::html::escape;

/// How deeply shortcodes inside shortcodes are expanded.
const MAX_NESTING: usize = 16;

const AUDIO_FILES: [&str; 7] = ["mp3", "ogg", "oga", "m4a", "wav", "wma", "flac"];
const VIDEO_FILES: [&str; 7] = ["mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov"];

/// The content with every shortcode replaced by its HTML (or, for one Byline has no
/// equivalent for, by the text it encloses, a problem noted).
pub(super) fn expand(
    content: &str,
    attachment: &dyn Fn(u64) -> Option<AttachmentRef>,
    body: &mut Body,
) -> String {
    Expander {
        attachment,
        body,
        used: HashSet::new(),
    }
    .expand(content, 0)
}

struct Expander<'a> {
    attachment: &'a dyn Fn(u64) -> Option<AttachmentRef>,
    body: &'a mut Body,
    /// Names used as shortcodes, so a stray `[/name]` for one is removed too.
    used: HashSet<String>,
}

impl Expander<'_> {
    fn expand(&mut self, text: &str, depth: usize) -> String {
        let mut out = String::with_capacity(text.len());
        let mut closings = Closings::new();
        let mut copied = 0;
        let mut at = 0;
        while let Some(found) = text[at..].find(['<', '[']) {
            let start = at + found;
            at = start + 1;
            if text[start..].starts_with('<') {
                if text[start..].starts_with("<!--") {
                    at = comment_end(text, start);
                } else if let Some(tag) = tag_at(text, start) {
                    at = tag.end;
                }
                continue;
            }
            // `[[name]]`: the shortcode written as text.
            if text[start..].starts_with("[[")
                && let Some(inner) = shortcode_at(text, start + 1, &mut closings)
                && text[inner.end..].starts_with(']')
            {
                out.push_str(&text[copied..start]);
                out.push_str(&text[start + 1..inner.end]);
                copied = inner.end + 1;
                at = copied;
                continue;
            }
            if let Some(shortcode) = shortcode_at(text, start, &mut closings) {
                out.push_str(&text[copied..start]);
                let html = self.render(&shortcode, depth);
                out.push_str(&html);
                copied = shortcode.end;
                at = copied;
                continue;
            }
            if let Some((name, end)) = closer_at(text, start)
                && (is_known(name) || self.used.contains(&name.to_ascii_lowercase()))
            {
                out.push_str(&text[copied..start]);
                copied = end;
                at = end;
            }
        }
        out.push_str(&text[copied..]);
        out
    }

    fn render(&mut self, shortcode: &Shortcode<'_>, depth: usize) -> String {
        let name = shortcode.name.to_ascii_lowercase();
        self.used.insert(name.clone());
        match name.as_str() {
            "caption" | "wp_caption" => self.caption(shortcode),
            "gallery" => self.gallery(&shortcode.attrs),
            "embed" => self.embed(shortcode.content.unwrap_or("")),
            "audio" | "video" => self.media(shortcode),
            "youtube" | "vimeo" | "tweet" => match jetpack_page(&name, shortcode) {
                Some(url) => link_paragraph(&url),
                None => self.unknown(shortcode, depth),
            },
            _ => self.unknown(shortcode, depth),
        }
    }

    /// A shortcode with no equivalent: the text it encloses, if any, is kept.
    fn unknown(&mut self, shortcode: &Shortcode<'_>, depth: usize) -> String {
        let name = shortcode.name;
        match shortcode
            .content
            .filter(|content| !content.trim().is_empty())
        {
            Some(content) => {
                report(
                    self.body,
                    format!("shortcode [{name}] has no equivalent; its text was kept"),
                );
                if depth < MAX_NESTING {
                    self.expand(content, depth + 1)
                } else {
                    content.to_owned()
                }
            }
            None => {
                report(
                    self.body,
                    format!("shortcode [{name}] has no equivalent and was left out"),
                );
                String::new()
            }
        }
    }

    /// `[caption id="attachment_12"]<img …> The caption[/caption]`: a figure. The
    /// caption may also be the `caption` attribute (older posts), the picture the
    /// attachment the id names.
    fn caption(&mut self, shortcode: &Shortcode<'_>) -> String {
        // Never closed: WordPress shows nothing for it, and the picture after it as is.
        let Some(content) = shortcode.content.map(str::trim) else {
            return String::new();
        };
        let (image, text) = split_caption(content);
        let caption = match text.trim() {
            "" => shortcode.attrs.get("caption").unwrap_or("").trim(),
            text => text,
        };
        let image = match image {
            "" => attachment_id(shortcode.attrs.get("id"))
                .and_then(|id| (self.attachment)(id))
                .map(|found| image_html(&found.url, &found.alt))
                .unwrap_or_default(),
            image => image.to_owned(),
        };
        if image.is_empty() {
            report(
                self.body,
                "a [caption] without a picture was kept as its text".to_owned(),
            );
            return caption.to_owned();
        }
        let figcaption = if caption.is_empty() {
            String::new()
        } else {
            format!("<figcaption>{caption}</figcaption>")
        };
        format!("<figure>{image}{figcaption}</figure>").replace('\n', " ")
    }

    /// `[gallery ids="12,13"]`: a figure of those attachments.
    fn gallery(&mut self, attrs: &Attributes) -> String {
        let Some(ids) = attrs.get("ids").or_else(|| attrs.get("include")) else {
            report(
                self.body,
                "a [gallery] without ids shows the images attached to the post, which the \
                 export does not tie to it; it was left out"
                    .to_owned(),
            );
            return String::new();
        };
        let ids: Vec<u64> = ids
            .split(',')
            .filter_map(|id| id.trim().parse().ok())
            .collect();
        gallery_html(&ids, self.attachment, self.body)
    }

    /// `[embed]URL[/embed]`: a paragraph linking to the page.
    fn embed(&mut self, content: &str) -> String {
        let url = content.trim();
        if is_web_address(url) {
            return link_paragraph(url);
        }
        if url.is_empty() {
            report(
                self.body,
                "an [embed] without an address was left out".to_owned(),
            );
        }
        url.to_owned()
    }

    /// `[audio src=…]`, `[video mp4=…]`: a paragraph linking to the file.
    fn media(&mut self, shortcode: &Shortcode<'_>) -> String {
        let files: &[&str] = if shortcode.name.eq_ignore_ascii_case("audio") {
            &AUDIO_FILES
        } else {
            &VIDEO_FILES
        };
        let attrs = &shortcode.attrs;
        let src = attrs
            .get("src")
            .or_else(|| files.iter().find_map(|kind| attrs.get(kind)))
            .map(str::trim)
            .filter(|src| is_web_address(src) || src.starts_with('/'));
        match src {
            Some(src) => link_paragraph(src),
            None => {
                let name = shortcode.name;
                report(
                    self.body,
                    format!("an [{name}] shortcode without a file address was left out"),
                );
                String::new()
            }
        }
    }
}

/// The HTML of a gallery of attachments (`[gallery]`, or a gallery block saved with
/// only its ids): a figure of images, each with its caption if it has one. Ids not
/// in the export are reported.
pub(super) fn gallery_html(
    ids: &[u64],
    attachment: &dyn Fn(u64) -> Option<AttachmentRef>,
    body: &mut Body,
) -> String {
    let mut items = String::new();
    let mut missing = Vec::new();
    for &id in ids {
        match attachment(id) {
            Some(found) => {
                let image = image_html(&found.url, &found.alt);
                match found
                    .caption
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                {
                    Some(caption) => items.push_str(&format!(
                        "<figure>{image}<figcaption>{}</figcaption></figure>",
                        caption.replace('\n', " ")
                    )),
                    None => items.push_str(&image),
                }
            }
            None => missing.push(id.to_string()),
        }
    }
    match missing.as_slice() {
        [] => {}
        [one] => report(
            body,
            format!("gallery image {one} is not in the export and was left out"),
        ),
        many => report(
            body,
            format!(
                "gallery images {} are not in the export and were left out",
                many.join(", ")
            ),
        ),
    }
    if items.is_empty() {
        String::new()
    } else {
        format!("<figure>{items}</figure>")
    }
}

fn image_html(url: &str, alt: &str) -> String {
    format!(
        "<img src=\"{}\" alt=\"{}\">",
        escape::attribute(url),
        escape::attribute(alt)
    )
}

/// An `http(s)` address with nothing else around it.
fn is_web_address(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !text.contains(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
}

/// `attachment_12` → 12.
fn attachment_id(id: Option<&str>) -> Option<u64> {
    id?.trim().strip_prefix("attachment_")?.parse().ok()
}

/// A caption's picture (an `<img>`, perhaps in a link) and the text after it, as
/// WordPress splits them.
fn split_caption(content: &str) -> (&str, &str) {
    let skip = |at: usize| content.len() - content[at..].trim_start().len();
    let mut at = skip(0);
    let link = tag_at(content, at).filter(|tag| tag.is("a") && !tag.closing);
    if let Some(link) = link {
        at = skip(link.end);
    }
    let Some(image) = tag_at(content, at).filter(|tag| tag.is("img")) else {
        return ("", content);
    };
    let mut end = image.end;
    if link.is_some()
        && let Some(close) = tag_at(content, skip(end)).filter(|tag| tag.is("a") && tag.closing)
    {
        end = close.end;
    }
    (&content[..end], &content[end..])
}

/// The page a Jetpack `[youtube]`, `[vimeo]` or `[tweet]` shortcode shows: an address,
/// or an id.
fn jetpack_page(name: &str, shortcode: &Shortcode<'_>) -> Option<String> {
    let attrs = &shortcode.attrs;
    let value = attrs
        .positional
        .first()
        .map(String::as_str)
        .or_else(|| attrs.get("url"))
        .or_else(|| attrs.get("id"))
        .or(shortcode.content)?
        .trim();
    if is_web_address(value) {
        return Some(value.to_owned());
    }
    let id_like = |allowed: fn(u8) -> bool| !value.is_empty() && value.bytes().all(allowed);
    match name {
        "youtube" if id_like(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') => {
            Some(format!("https://www.youtube.com/watch?v={value}"))
        }
        "vimeo" if id_like(|b| b.is_ascii_digit()) => Some(format!("https://vimeo.com/{value}")),
        "tweet" if id_like(|b| b.is_ascii_digit()) => {
            Some(format!("https://x.com/i/status/{value}"))
        }
        _ => None,
    }
}
