//! Cards that show something from a file or another site: images, galleries,
//! bookmarks, embeds, video, audio and files.

use serde_json::Value;

use super::html::{attribute, html_block, html_text, inline_html, record_html_images};
use super::inline::Format;
use super::markdown::{Blocks, escape_text, image as markdown_image, link, link_destination};
use super::{caption_block, field, text_paragraph};
use crate::Body;

/// Characters of a bookmark's description kept after its link.
const DESCRIPTION_CHARS: usize = 200;

/// `![alt](src)`, or a `<figure>` when there is a caption (Markdown has no caption).
pub(super) fn image(card: &Value, out: &mut Blocks, body: &mut Body) {
    let src = field(card, "src");
    if src.is_empty() {
        return;
    }
    body.saw_image(src);
    let alt = field(card, "alt");
    let href = field(card, "href");
    let caption = inline_html(field(card, "caption"));
    if caption.is_empty() {
        let picture = markdown_image(alt, src);
        out.paragraph(if href.is_empty() {
            picture
        } else {
            format!("[{picture}]({})", link_destination(href))
        });
        return;
    }
    let mut picture = img_tag(src, alt);
    if !href.is_empty() {
        picture = format!("<a href=\"{}\">{picture}</a>", attribute(href));
    }
    out.raw(format!(
        "<figure>{picture}<figcaption>{caption}</figcaption></figure>"
    ));
}

fn img_tag(src: &str, alt: &str) -> String {
    format!(
        "<img src=\"{}\" alt=\"{}\">",
        attribute(src),
        attribute(&alt.split_whitespace().collect::<Vec<_>>().join(" "))
    )
}

/// One `<figure>` holding every picture, then the gallery's caption.
pub(super) fn gallery(card: &Value, out: &mut Blocks, body: &mut Body) {
    let pictures: Vec<String> = card
        .get("images")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|picture| {
            let src = field(picture, "src");
            if src.is_empty() {
                return None;
            }
            body.saw_image(src);
            Some(img_tag(src, field(picture, "alt")))
        })
        .collect();
    if pictures.is_empty() {
        return;
    }
    let caption = inline_html(field(card, "caption"));
    let caption = if caption.is_empty() {
        String::new()
    } else {
        format!("<figcaption>{caption}</figcaption>")
    };
    out.raw(format!("<figure>{}{caption}</figure>", pictures.concat()));
}

/// `[Title](url) — description`, then the caption.
pub(super) fn bookmark(card: &Value, out: &mut Blocks, body: &mut Body) {
    let url = field(card, "url");
    let metadata = card.get("metadata").unwrap_or(&Value::Null);
    let title = field(metadata, "title");
    let description = shorten(field(metadata, "description"), DESCRIPTION_CHARS);
    if url.is_empty() {
        if !title.is_empty() {
            out.paragraph(text_paragraph(title, Format::default()));
        }
        body.problem("a bookmark card had no address; only its title was kept");
        return;
    }
    // A bookmark to one of the site's own articles is what Byline calls a related
    // article: a card that shows the article as it is now.
    if let Some(slug) = own_article(url) {
        out.paragraph(format!("[[related: {slug}]]"));
        return;
    }
    let label = [title, field(metadata, "publisher"), url]
        .into_iter()
        .find(|label| !label.is_empty())
        .unwrap_or(url);
    let mut line = link(label, url);
    if !description.is_empty() {
        line.push_str(" — ");
        line.push_str(&escape_text(&description));
    }
    out.paragraph(line);
    caption_block(field(card, "caption"), out);
}

/// The slug of an article on the site itself (`__GHOST_URL__/slug/`), if `url` is one.
fn own_article(url: &str) -> Option<byline_core::Slug> {
    let path = url.strip_prefix("__GHOST_URL__/")?;
    let slug = path.strip_suffix('/').unwrap_or(path);
    byline_core::Slug::parse(slug).ok()
}

/// Text cut to `chars` characters at a word, with an ellipsis if cut.
fn shorten(text: &str, chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= chars {
        return text;
    }
    let mut cut: String = text.chars().take(chars).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    cut.trim_end_matches([',', ';', ':', '.', ' ']).to_owned() + "…"
}

/// Byline embeds no other site: a link to what was embedded, named as well as the
/// card allows. A tweet keeps its quoted text (the embed's HTML is a quotation and a
/// script, and the sanitizer drops the script).
pub(super) fn embed(card: &Value, out: &mut Blocks, body: &mut Body) {
    let url = field(card, "url");
    let html = field(card, "html");
    let kind = [field(card, "embedType"), field(card, "type")]
        .into_iter()
        .find(|kind| !kind.is_empty())
        .unwrap_or("");
    let metadata = card.get("metadata").unwrap_or(&Value::Null);
    if !html.is_empty() && (kind == "twitter" || html.contains("twitter-tweet")) {
        record_html_images(html, body);
        out.raw(html_block(html));
    } else if !url.is_empty() {
        let title = field(metadata, "title");
        let provider = field(metadata, "provider_name");
        let verb = if kind == "video" { "Watch" } else { "View" };
        let label = match (provider.is_empty(), title.is_empty()) {
            (false, false) => format!("{verb} on {provider}: {title}"),
            (false, true) => format!("{verb} on {provider}"),
            (true, false) => title.to_owned(),
            (true, true) => url.to_owned(),
        };
        out.paragraph(link(&label, url));
    } else if !html.is_empty() {
        record_html_images(html, body);
        out.raw(html_block(html));
        body.problem(
            "an embed card without an address was kept as HTML; any player or script in it \
             is removed when the article is shown",
        );
    } else {
        body.problem("an empty embed card was dropped");
        return;
    }
    caption_block(field(card, "caption"), out);
}

/// Video, audio and files are carried as links to the file.
pub(super) fn file(name: &str, card: &Value, out: &mut Blocks) {
    let src = field(card, "src");
    if src.is_empty() {
        return;
    }
    let named = |prefix: &str, title: &str, otherwise: &str| {
        if title.is_empty() {
            otherwise.to_owned()
        } else {
            format!("{prefix}: {title}")
        }
    };
    match name {
        "video" => {
            out.paragraph(link(
                &named("Video", field(card, "fileName"), "Watch the video"),
                src,
            ));
            caption_block(field(card, "caption"), out);
        }
        "audio" => {
            out.paragraph(link(
                &named("Audio", field(card, "title"), "Listen to the audio"),
                src,
            ));
        }
        _ => {
            let title = [field(card, "fileTitle"), field(card, "fileName")]
                .into_iter()
                .find(|title| !title.is_empty())
                .unwrap_or("Download the file");
            let mut line = link(title, src);
            let caption = html_text(field(card, "fileCaption"));
            if !caption.is_empty() {
                line.push_str(" — ");
                line.push_str(&escape_text(&caption));
            }
            out.paragraph(line);
        }
    }
}
