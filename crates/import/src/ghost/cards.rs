//! Ghost editor documents (Lexical, Mobiledoc) to Byline Markdown: the cards both
//! editors share (images, embeds, callouts, …), and the Markdown writing both readers
//! use ([`markdown`] for blocks and escaping, [`inline`] for formatted text, [`html`]
//! for what stays HTML).
//!
//! A card is named as Lexical names it (`image`, `codeblock`, `horizontalrule`) or as
//! Mobiledoc did (`code`, `hr`, `card-markdown`), with its fields as Ghost stores
//! them. What has a Markdown form gets it; what Markdown cannot say stays HTML,
//! sanitized when the body is rendered; what Byline has no place for is dropped and
//! reported in the body's problems.

pub(crate) mod html;
pub(crate) mod inline;
pub(crate) mod markdown;
mod media;
mod promotion;

#[cfg(test)]
mod tests;

use serde_json::Value;

use self::html::{html_block, inline_html, record_html_images, record_markdown_images};
use self::inline::{Format, Inlines};
use self::markdown::{Blocks, link};
use crate::Body;

/// Reported once however many divider cards a document has.
const PAYWALL: &str = "the members-only divider was dropped: the whole article is now public";

/// Ghost's segment of every member, free and paid.
const ALL_MEMBERS: [&str; 2] = ["status:free", "status:-free"];

/// Writes the card `name`, with its fields in `card`, to `out`.
pub(crate) fn render(name: &str, card: &Value, out: &mut Blocks, body: &mut Body) {
    if !shown_on_web(name, card, body) {
        return;
    }
    match name {
        "image" => media::image(card, out, body),
        "gallery" => media::gallery(card, out, body),
        "bookmark" => media::bookmark(card, out, body),
        "embed" => media::embed(card, out, body),
        "video" | "audio" | "file" => media::file(name, card, out),
        "callout" => callout(card, out, body),
        "toggle" => toggle(card, out, body),
        "button" => button(card, out),
        "horizontalrule" | "hr" => out.rule(),
        "html" => html_card(card, out, body),
        "markdown" | "card-markdown" => markdown_card(card, out, body),
        "codeblock" | "code" => code(card, out),
        "paywall" => report_once(body, PAYWALL),
        "header" => promotion::header(card, out, body),
        "signup" => promotion::signup(card, out, body),
        "product" => promotion::product(card, out, body),
        "call-to-action" => promotion::call_to_action(card, out, body),
        "email" | "email-cta" => body.problem(format!(
            "an email-only '{name}' card was dropped: Ghost showed it only in newsletters"
        )),
        "transistor" | "collection" => {
            body.problem(format!("{} has no equivalent and was dropped", named(name)));
        }
        _ => unknown(name, card, out, body),
    }
}

/// A text field, trimmed; empty when missing or not text.
pub(crate) fn field<'a>(card: &'a Value, name: &str) -> &'a str {
    card.get(name).and_then(Value::as_str).map_or("", str::trim)
}

/// A switch that is on unless the card turns it off.
fn enabled(card: &Value, name: &str) -> bool {
    card.get(name).and_then(Value::as_bool) != Some(false)
}

pub(crate) fn report_once(body: &mut Body, problem: &str) {
    if !body.problems.iter().any(|known| known == problem) {
        body.problem(problem);
    }
}

/// Reports a body Byline would refuse to render as Markdown (too long, nested too
/// deeply: it would be shown as plain text).
pub(crate) fn check_renders(body: &mut Body) {
    if let Err(limit) = byline_core::markdown::check(&body.markdown) {
        body.problem(format!(
            "the converted article cannot be shown with its formatting: {limit}"
        ));
    }
}

/// Whether Ghost showed the card on the site. A card Ghost showed only in
/// newsletters is dropped; one it showed only to some members is kept for everyone.
fn shown_on_web(name: &str, card: &Value, body: &mut Body) -> bool {
    let Some(visibility) = card.get("visibility").filter(|v| v.is_object()) else {
        return true;
    };
    let (shown, everyone) = match visibility.get("web") {
        Some(web) => {
            let visitors = web.get("nonMember").and_then(Value::as_bool) != Some(false);
            let segment = web.get("memberSegment").and_then(Value::as_str);
            let members = segment.is_none_or(|segment| {
                ALL_MEMBERS
                    .iter()
                    .all(|wanted| segment.split(',').any(|s| s.trim() == *wanted))
            });
            let no_members = segment.is_some_and(|segment| segment.trim().is_empty());
            (visitors || !no_members, visitors && members)
        }
        None => (enabled(visibility, "showOnWeb"), true),
    };
    if !shown {
        body.problem(format!(
            "{} shown only in newsletters was dropped",
            named(name)
        ));
    } else if !everyone {
        body.problem(format!(
            "{} Ghost showed only to some members is now shown to every reader",
            named(name)
        ));
    }
    shown
}

/// How a message names a card: "an HTML card", "a 'product' card".
fn named(name: &str) -> String {
    match name {
        "html" => "an HTML card".to_owned(),
        "markdown" | "card-markdown" => "a Markdown card".to_owned(),
        _ if name.starts_with(['a', 'e', 'i', 'o', 'u']) => format!("an '{name}' card"),
        _ => format!("a '{name}' card"),
    }
}

/// HTML from a card's rich-text field as Markdown, by the crate's HTML converter;
/// its images and problems join `body`'s.
pub(crate) fn html_to_markdown(html: &str, body: &mut Body) -> String {
    if html.trim().is_empty() {
        return String::new();
    }
    let mut converted = Body::default();
    crate::html::to_markdown(html, &mut converted);
    for image in &converted.images {
        body.saw_image(image);
    }
    body.problems.extend(converted.problems);
    converted.markdown.trim().to_owned()
}

/// Plain text as a paragraph's Markdown (escaped, line feeds as line breaks).
pub(crate) fn text_paragraph(text: &str, format: Format) -> String {
    let mut inlines = Inlines::default();
    inlines.text(text, format, None);
    inlines.to_markdown()
}

/// Plain text as a heading's Markdown.
pub(crate) fn text_heading(text: &str) -> String {
    let mut inlines = Inlines::default();
    inlines.text(text, Format::default(), None);
    inlines.to_heading()
}

/// A caption under a card that has no place for one: a paragraph of its HTML.
pub(crate) fn caption_block(caption: &str, out: &mut Blocks) {
    let caption = inline_html(caption);
    if !caption.is_empty() {
        out.raw(format!("<p>{caption}</p>"));
    }
}

/// A quote opened by the emoji, its text converted from HTML.
fn callout(card: &Value, out: &mut Blocks, body: &mut Body) {
    let emoji = markdown::escape_text(field(card, "calloutEmoji"));
    let text = html_to_markdown(field(card, "calloutText"), body);
    let mut inner = Blocks::default();
    let plain_start = !text.is_empty()
        && !text.starts_with(|c: char| {
            c.is_ascii_digit() || c.is_whitespace() || "#>-+*=<|`~\\".contains(c)
        });
    if emoji.is_empty() {
        inner.raw(text);
    } else if plain_start {
        inner.raw(format!("{emoji} {text}"));
    } else {
        inner.paragraph(emoji);
        inner.raw(text);
    }
    out.quote(inner);
}

/// `<details>` with the heading as its summary; both stay HTML.
fn toggle(card: &Value, out: &mut Blocks, body: &mut Body) {
    let heading = inline_html(field(card, "heading"));
    let content = field(card, "content");
    if heading.is_empty() && content.is_empty() {
        return;
    }
    record_html_images(content, body);
    out.raw(html_block(&format!(
        "<details>\n<summary>{heading}</summary>\n{content}\n</details>"
    )));
}

fn button(card: &Value, out: &mut Blocks) {
    let url = field(card, "buttonUrl");
    if url.is_empty() {
        return;
    }
    let label = Some(field(card, "buttonText")).filter(|l| !l.is_empty());
    out.paragraph(link(label.unwrap_or(url), url));
}

fn html_card(card: &Value, out: &mut Blocks, body: &mut Body) {
    let html = field(card, "html");
    record_html_images(html, body);
    report_removed(html, "an HTML card", body);
    out.raw(html_block(html));
}

/// Tells the editor which parts of some HTML will not be shown.
fn report_removed(html: &str, what: &str, body: &mut Body) {
    let removed = html::removed_elements(html);
    if !removed.is_empty() {
        let tags: Vec<String> = removed.iter().map(|tag| format!("<{tag}>")).collect();
        body.problem(format!(
            "{what} holds {} which Byline removes when showing the article (no scripts, \
             styles, frames, forms or players)",
            tags.join(", ")
        ));
    }
}

/// The card's Markdown as it is, with a code block it leaves open closed.
fn markdown_card(card: &Value, out: &mut Blocks, body: &mut Body) {
    let markdown = field(card, "markdown").replace("\r\n", "\n");
    if markdown.is_empty() {
        return;
    }
    record_markdown_images(&markdown, body);
    match open_fence(&markdown) {
        Some(fence) => {
            body.problem("a Markdown card left a code block open; it was closed at the card's end");
            out.raw(format!("{markdown}\n{fence}"));
        }
        None => out.raw(markdown),
    }
}

/// The fence of a code block still open at the end of `markdown`.
fn open_fence(markdown: &str) -> Option<String> {
    let mut open: Option<(char, usize)> = None;
    for line in markdown.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let line = line.trim();
        let Some(c) = line.chars().next().filter(|c| matches!(c, '`' | '~')) else {
            continue;
        };
        let run = line.chars().take_while(|x| *x == c).count();
        match open {
            None if run >= 3 && !(c == '`' && line[run..].contains('`')) => open = Some((c, run)),
            Some((fence, length))
                if c == fence && run >= length && line[run..].trim().is_empty() =>
            {
                open = None;
            }
            _ => {}
        }
    }
    open.map(|(c, length)| c.to_string().repeat(length))
}

fn code(card: &Value, out: &mut Blocks) {
    let code = card.get("code").and_then(Value::as_str).unwrap_or("");
    out.code(code, field(card, "language"));
    caption_block(field(card, "caption"), out);
}

/// A card this converter does not know: its HTML if it has some, else nothing.
fn unknown(name: &str, card: &Value, out: &mut Blocks, body: &mut Body) {
    let html = field(card, "html");
    if html.is_empty() {
        body.problem(format!(
            "an unknown card '{name}' has no equivalent and was dropped"
        ));
        return;
    }
    record_html_images(html, body);
    out.raw(html_block(html));
    body.problem(format!("an unknown card '{name}' was kept as HTML"));
}
