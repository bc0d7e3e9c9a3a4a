//! WordPress post content (blocks, classic HTML, shortcodes) to Byline Markdown.
//!
//! A post's `content:encoded` is first made into the HTML WordPress would show, then
//! converted once by [`crate::html::to_markdown`]:
//!
//! 1. shortcodes are expanded (the `shortcodes` module says which bracketed text
//!    counts as one): captions and galleries become figures; `[embed]`, `[audio]`,
//!    `[video]` links; the text of one with no equivalent is kept, a problem noted;
//! 2. block editor content (it holds `<!-- wp:… -->` comments) is read block by
//!    block: the HTML a block saved is kept, an embed becomes a paragraph linking to
//!    its page, a paragraph holding only a YouTube, Vimeo or X address a link, a
//!    gallery or image saved without its `<img>` is made from its attachment ids, and
//!    a block WordPress builds when the page is shown (`<!-- wp:latest-posts /-->`) is
//!    left out with a problem; text outside every block is made into paragraphs as in
//!    classic content;
//! 3. classic content (no block comments) has no `<p>` tags: paragraphs are made as
//!    WordPress makes them when it shows the post (module `autop`).
//!
//! `<!--more-->` and `<!--nextpage-->` are comments and go (Byline's excerpts are
//! automatic, and a post is one page).

mod autop;
mod shortcodes;
mod tags;
#[cfg(test)]
mod tests;

use serde_json::Value;

use crate::Body;
use crate::html::embed;

/// An attachment the content may refer to by id (galleries, [caption id="attachment_12"]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRef {
    pub url: String,
    pub alt: String,
    pub caption: Option<String>,
}

/// Converts a WordPress post's `content:encoded` to a Byline body.
pub fn to_body(content: &str, attachment: &dyn Fn(u64) -> Option<AttachmentRef>) -> Body {
    let mut body = Body::default();
    let content = content.replace("\r\n", "\n").replace('\r', "\n");
    let expanded = shortcodes::expand(&content, attachment, &mut body);
    let html = if expanded.contains("<!-- wp:") {
        blocks_to_html(&expanded, attachment, &mut body)
    } else {
        autop::autop(&expanded)
    };
    crate::html::to_markdown(&html, &mut body);
    body
}

/// Notes a problem once, however often it occurs in the post.
fn report(body: &mut Body, problem: String) {
    if !body.problems.contains(&problem) {
        body.problem(problem);
    }
}

/// Static blocks: a self-closing one is read as the same block saved empty.
const STATIC_BLOCKS: [&str; 30] = [
    "paragraph",
    "heading",
    "list",
    "list-item",
    "quote",
    "image",
    "gallery",
    "separator",
    "spacer",
    "more",
    "nextpage",
    "html",
    "shortcode",
    "table",
    "preformatted",
    "code",
    "verse",
    "columns",
    "column",
    "group",
    "buttons",
    "button",
    "cover",
    "media-text",
    "pullquote",
    "embed",
    "video",
    "audio",
    "file",
    "freeform",
];

/// A block comment: `<!-- wp:name {attrs} -->`, `<!-- wp:name /-->` or
/// `<!-- /wp:name -->`.
struct Delimiter {
    start: usize,
    end: usize,
    kind: Kind,
    /// Without the `core/` namespace core blocks may be written with.
    name: String,
    attrs: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Open,
    SelfClosing,
    Close,
}

/// A block whose end has not been read yet, and the HTML read inside it.
struct Open {
    name: String,
    attrs: Value,
    html: String,
}

/// Block editor content as HTML. Blocks are read with a stack rather than by
/// recursion, so any nesting is fine; a block left open ends with the content, and
/// an end comment that matches no open block is ignored.
fn blocks_to_html(
    content: &str,
    attachment: &dyn Fn(u64) -> Option<AttachmentRef>,
    body: &mut Body,
) -> String {
    let mut stack = vec![Open {
        name: String::new(),
        attrs: Value::Null,
        html: String::with_capacity(content.len()),
    }];
    let mut at = 0;
    while let Some(delimiter) = next_delimiter(content, at) {
        push_html(&mut stack, &content[at..delimiter.start]);
        at = delimiter.end;
        match delimiter.kind {
            Kind::Open => stack.push(Open {
                name: delimiter.name,
                attrs: delimiter.attrs,
                html: String::new(),
            }),
            Kind::SelfClosing if STATIC_BLOCKS.contains(&delimiter.name.as_str()) => {
                let empty = Open {
                    name: delimiter.name,
                    attrs: delimiter.attrs,
                    html: String::new(),
                };
                let html = finish(empty, attachment, body);
                push_block(&mut stack, &html);
            }
            Kind::SelfClosing => dynamic(&delimiter.name, &delimiter.attrs, body),
            Kind::Close => {
                let open = stack
                    .iter()
                    .rposition(|open| open.name == delimiter.name)
                    .filter(|&position| position > 0);
                if let Some(position) = open {
                    while stack.len() > position {
                        close(&mut stack, attachment, body);
                    }
                }
            }
        }
    }
    push_html(&mut stack, &content[at..]);
    while stack.len() > 1 {
        close(&mut stack, attachment, body);
    }
    stack.pop().map(|root| root.html).unwrap_or_default()
}

/// HTML read between block comments. Outside every block it is a classic
/// ("freeform") block, made into paragraphs.
fn push_html(stack: &mut [Open], html: &str) {
    match stack {
        [root] if !html.trim().is_empty() => root.html.push_str(&autop::autop(html)),
        [_] => {}
        [.., open] => open.html.push_str(html),
        [] => {}
    }
}

/// A finished block's HTML, into the block around it.
fn push_block(stack: &mut [Open], html: &str) {
    if let Some(open) = stack.last_mut() {
        open.html.push_str(html);
        open.html.push('\n');
    }
}

fn close(
    stack: &mut Vec<Open>,
    attachment: &dyn Fn(u64) -> Option<AttachmentRef>,
    body: &mut Body,
) {
    if let Some(open) = stack.pop() {
        let html = finish(open, attachment, body);
        push_block(stack, &html);
    }
}

/// The HTML a block stands for.
fn finish(
    open: Open,
    attachment: &dyn Fn(u64) -> Option<AttachmentRef>,
    body: &mut Body,
) -> String {
    let name = open.name.as_str();
    match name {
        "embed" => embed_block(open),
        _ if name.starts_with("core-embed/") => embed_block(open),
        "paragraph" => match bare_embed(&open.html) {
            Some(url) => autop::link_paragraph(&url),
            None => open.html,
        },
        "gallery" | "image" if !open.html.contains("<img") => {
            let ids: Vec<u64> = match open.attrs.get("ids").and_then(Value::as_array) {
                Some(ids) => ids.iter().filter_map(Value::as_u64).collect(),
                None => open
                    .attrs
                    .get("id")
                    .and_then(Value::as_u64)
                    .into_iter()
                    .collect(),
            };
            shortcodes::gallery_html(&ids, attachment, body)
        }
        "verse" => verse(&open.html),
        "more" | "nextpage" => String::new(),
        _ => open.html,
    }
}

/// A verse block (`<pre class="wp-block-verse">`) is a poem, not code: its lines
/// become a paragraph's lines.
fn verse(html: &str) -> String {
    let html = html.trim();
    let Some(pre) = tags::tag_at(html, 0).filter(|tag| tag.is("pre") && !tag.closing) else {
        return html.to_owned();
    };
    let lines = html[pre.end..].trim_end();
    let lines = lines.strip_suffix("</pre>").unwrap_or(lines);
    format!("<p>{}</p>", lines.trim_matches('\n').replace('\n', "<br>"))
}

/// A self-closing block that is not static: WordPress builds it when the page is
/// shown, so there is nothing to keep.
fn dynamic(name: &str, attrs: &Value, body: &mut Body) {
    let problem = match name {
        "block" => match attrs.get("ref").and_then(Value::as_u64) {
            Some(id) => format!("reusable block {id} is kept outside the post and was left out"),
            None => "a reusable block is kept outside the post and was left out".to_owned(),
        },
        "footnotes" => {
            "the footnotes are kept outside the post's text and were left out".to_owned()
        }
        _ => format!(
            "the block \"{name}\" is built by WordPress when a page is shown and was left out"
        ),
    };
    report(body, problem);
}

/// An embed block: a paragraph linking to the page it showed, its caption kept.
fn embed_block(open: Open) -> String {
    let from_attrs = open
        .attrs
        .get("url")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|url| !url.is_empty())
        .map(str::to_owned);
    let url = from_attrs.or_else(|| {
        text_of(&open.html)
            .split_whitespace()
            .find(|word| word.starts_with("http://") || word.starts_with("https://"))
            .map(str::to_owned)
    });
    let Some(url) = url else {
        return open.html;
    };
    let caption = tags::find_ignoring_case(&open.html, "<figcaption")
        .and_then(|start| {
            let end = tags::find_ignoring_case(&open.html[start..], "</figcaption>")?;
            Some(&open.html[start..start + end + "</figcaption>".len()])
        })
        .unwrap_or("");
    format!("<figure>{}{caption}</figure>", autop::link_paragraph(&url))
}

/// The address a paragraph block holds when it holds nothing else and WordPress shows
/// it as a player (YouTube, Vimeo, X).
fn bare_embed(html: &str) -> Option<String> {
    let html = html.trim();
    let open = tags::tag_at(html, 0).filter(|tag| tag.is("p") && !tag.closing)?;
    let inner = html[open.end..].strip_suffix("</p>")?.trim();
    embed::is_embeddable_page(inner).then(|| inner.to_owned())
}

/// HTML without its tags.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        out.push_str(&html[at..start]);
        at = tags::tag_at(html, start).map_or(start + 1, |tag| tag.end);
        out.push(' ');
    }
    out.push_str(&html[at..]);
    out
}

/// The next block comment at or after `from`; other comments are passed over.
fn next_delimiter(text: &str, from: usize) -> Option<Delimiter> {
    let mut at = from;
    while let Some(found) = text[at..].find("<!--") {
        let start = at + found;
        let end = tags::comment_end(text, start);
        let inner = text[start + 4..end].strip_suffix("-->")?;
        if let Some((kind, name, attrs)) = parse_delimiter(inner) {
            return Some(Delimiter {
                start,
                end,
                kind,
                name,
                attrs,
            });
        }
        at = end;
    }
    None
}

/// ` wp:name {"json":1} /` (inside `<!--` and `-->`) read as a block comment.
fn parse_delimiter(inner: &str) -> Option<(Kind, String, Value)> {
    let inner = inner.trim();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, inner),
    };
    let rest = inner.strip_prefix("wp:")?;
    if !rest.as_bytes().first()?.is_ascii_lowercase() {
        return None;
    }
    let name_len = rest
        .bytes()
        .take_while(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'/' | b'-' | b'_')
        })
        .count();
    let name = &rest[..name_len];
    let name = name.strip_prefix("core/").unwrap_or(name).to_owned();
    let mut attrs = rest[name_len..].trim();
    let self_closing = match attrs.strip_suffix('/') {
        Some(before) => {
            attrs = before.trim_end();
            true
        }
        None => false,
    };
    let attrs = match attrs {
        "" => Value::Null,
        json if json.starts_with('{') => serde_json::from_str(json).unwrap_or(Value::Null),
        _ => return None,
    };
    let kind = match (closing, self_closing) {
        (true, _) => Kind::Close,
        (false, true) => Kind::SelfClosing,
        (false, false) => Kind::Open,
    };
    Some((kind, name, attrs))
}
