//! Classic content has no `<p>` tags: WordPress makes paragraphs when it shows a
//! post (`wpautop`). This does the same before the HTML is converted: text between
//! blank lines becomes a paragraph, a single newline a line break, and block-level
//! HTML (lists, tables, figures, headings, quotes, code) is left unwrapped. A
//! YouTube, Vimeo or X address alone on a line (which WordPress shows as the player)
//! becomes a paragraph linking to it.

use crate::html::{embed, escape};

use super::tags::{comment_end, find_ignoring_case, tag_at};

/// Elements that start and end paragraphs (WordPress's list, and `figure`'s kin).
const BLOCK_TAGS: [&str; 45] = [
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "blockquote",
    "address",
    "math",
    "style",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "hgroup",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "details",
];

/// Blocks that hold text in lines: their text is not wrapped in a paragraph.
const TEXT_BLOCKS: [&str; 17] = [
    "li",
    "td",
    "th",
    "dt",
    "dd",
    "caption",
    "figcaption",
    "legend",
    "p",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "address",
];

/// Elements whose content is kept exactly as written.
const VERBATIM: [&str; 4] = ["pre", "script", "style", "textarea"];

/// Marks a piece of the text set aside while paragraphs are made (private-use
/// characters, removed from the input first).
const KEPT_OPEN: char = '\u{E000}';
const KEPT_CLOSE: char = '\u{E001}';

fn is_block(name: &str) -> bool {
    BLOCK_TAGS
        .iter()
        .any(|block| block.eq_ignore_ascii_case(name))
}

/// Classic content as HTML with paragraphs.
pub(super) fn autop(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| !matches!(*c, KEPT_OPEN | KEPT_CLOSE))
        .collect();
    if text.trim().is_empty() {
        return String::new();
    }
    let (text, kept) = set_aside(&text);
    let text = link_bare_embeds(&text);
    let text = spread_blocks(&text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chunk: Vec<&str> = Vec::new();
    for line in text.split('\n').chain([""]) {
        if line.trim().is_empty() {
            if !chunk.is_empty() {
                paragraph(&chunk.join("\n"), &mut out);
                chunk.clear();
            }
        } else {
            chunk.push(line);
        }
    }
    put_back(&out, &kept)
}

/// Comments and the content of `<pre>`, `<script>`, `<style>` and `<textarea>` set
/// aside (their newlines are not line breaks), each replaced by a marker.
fn set_aside(text: &str) -> (String, Vec<&str>) {
    let mut out = String::with_capacity(text.len());
    let mut kept = Vec::new();
    let mut keep = |piece, out: &mut String| {
        out.push(KEPT_OPEN);
        out.push_str(&kept.len().to_string());
        out.push(KEPT_CLOSE);
        kept.push(piece);
    };
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find('<') {
        let start = at + found;
        at = start + 1;
        if text[start..].starts_with("<!--") {
            let end = comment_end(text, start);
            out.push_str(&text[copied..start]);
            keep(&text[start..end], &mut out);
            copied = end;
            at = end;
            continue;
        }
        let Some(tag) = tag_at(text, start) else {
            continue;
        };
        at = tag.end;
        if tag.closing || !tag.is_any(&VERBATIM) {
            continue;
        }
        let close = format!("</{}", tag.name);
        let inner_end = find_ignoring_case(&text[tag.end..], &close)
            .map_or(text.len(), |found| tag.end + found);
        out.push_str(&text[copied..tag.end]);
        keep(&text[tag.end..inner_end], &mut out);
        copied = inner_end;
        at = inner_end;
    }
    out.push_str(&text[copied..]);
    (out, kept)
}

/// The pieces set aside, back in their places.
fn put_back(text: &str, kept: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(KEPT_OPEN) {
        out.push_str(&rest[..open]);
        let after = &rest[open + KEPT_OPEN.len_utf8()..];
        let close = after.find(KEPT_CLOSE).unwrap_or(after.len());
        if let Some(piece) = after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|i| kept.get(i))
        {
            out.push_str(piece);
        }
        rest = after.get(close + KEPT_CLOSE.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Lines that hold only a YouTube, Vimeo or X address, as paragraphs linking to it.
fn link_bare_embeds(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let url = line.trim();
            if embed::is_embeddable_page(url) {
                format!("\n{}\n", link_paragraph(url))
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `<p><a href="url">url</a></p>`. An address taken from HTML may have its `&`
/// written `&amp;`.
pub(super) fn link_paragraph(url: &str) -> String {
    let url = url.replace("&amp;", "&");
    format!(
        "<p><a href=\"{}\">{}</a></p>",
        escape::attribute(&url),
        escape::html_text(&url)
    )
}

/// A blank line before each block start tag and after each block end tag (and
/// around `<hr>`), so blocks never share a paragraph with text.
fn spread_blocks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = text[at..].find('<') {
        let start = at + found;
        at = start + 1;
        let Some(tag) = tag_at(text, start).filter(|tag| is_block(tag.name)) else {
            continue;
        };
        at = tag.end;
        out.push_str(&text[copied..start]);
        if !tag.closing {
            out.push_str("\n\n");
        }
        out.push_str(&text[start..tag.end]);
        if tag.closing || tag.is("hr") {
            out.push_str("\n\n");
        }
        copied = tag.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// One chunk between blank lines: the block tags it starts and ends with are kept as
/// they are, the text between them becomes a paragraph (unless it sits in a block
/// that holds text, like `<li>`), its newlines line breaks.
fn paragraph(chunk: &str, out: &mut String) {
    let chunk = chunk.trim();
    let mut lead_end = 0;
    let mut opener: Option<&str> = None;
    loop {
        let start = chunk.len() - chunk[lead_end..].trim_start().len();
        match tag_at(chunk, start).filter(|tag| is_block(tag.name)) {
            Some(tag) if chunk[start..].starts_with('<') => {
                opener = (!tag.closing).then_some(tag.name);
                lead_end = tag.end;
            }
            _ => break,
        }
    }
    let mut trail_start = chunk.len();
    loop {
        let head = chunk[lead_end..trail_start].trim_end();
        let head_end = lead_end + head.len();
        let Some(start) = head.rfind('<').map(|at| lead_end + at) else {
            break;
        };
        match tag_at(chunk, start) {
            Some(tag) if tag.end == head_end && is_block(tag.name) => trail_start = start,
            _ => break,
        }
    }
    let middle = chunk[lead_end..trail_start].trim();
    out.push_str(&chunk[..lead_end]);
    if !middle.is_empty() {
        let text = line_breaks(middle);
        if opener.is_some_and(|name| TEXT_BLOCKS.iter().any(|t| t.eq_ignore_ascii_case(name))) {
            out.push_str(&text);
        } else {
            out.push_str("<p>");
            out.push_str(&text);
            out.push_str("</p>");
        }
    }
    out.push_str(&chunk[trail_start..]);
    out.push_str("\n\n");
}

/// Newlines in text made `<br />` (newlines inside a tag are only spaces).
fn line_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut at = 0;
    while at < text.len() {
        let c = text[at..].chars().next().unwrap_or(' ');
        if c == '<'
            && let Some(tag) = tag_at(text, at)
        {
            out.push_str(&text[at..tag.end].replace('\n', " "));
            at = tag.end;
            continue;
        }
        if c == '\n' {
            let kept = out.trim_end().len();
            out.truncate(kept);
            if !ends_with_break(&out) {
                out.push_str("<br />");
            }
            out.push('\n');
            at += 1;
            at += text[at..].len() - text[at..].trim_start_matches([' ', '\t']).len();
            continue;
        }
        out.push(c);
        at += c.len_utf8();
    }
    out
}

fn ends_with_break(text: &str) -> bool {
    text.rfind('<')
        .and_then(|start| tag_at(text, start))
        .is_some_and(|tag| tag.is("br") && tag.end == text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_make_paragraphs_and_newlines_breaks() {
        assert_eq!(
            autop("First line\nsecond line\n\nNext paragraph."),
            "<p>First line<br />\nsecond line</p>\n\n<p>Next paragraph.</p>\n\n"
        );
    }

    #[test]
    fn block_html_is_not_wrapped() {
        assert_eq!(
            autop("<h2>Title</h2>\nText\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
            "<h2>Title</h2>\n\n<p>Text</p>\n\n<ul>\n\n<li>one</li>\n\n<li>two</li>\n\n</ul>\n\n"
        );
        assert_eq!(
            autop("<blockquote>Said once.\n\nSaid twice.</blockquote>"),
            "<blockquote><p>Said once.</p>\n\n<p>Said twice.</p></blockquote>\n\n"
        );
    }

    #[test]
    fn preformatted_text_and_comments_are_kept_as_written() {
        assert_eq!(
            autop("<pre>a\n\nb</pre>\n<!--more-->\nTail"),
            "<pre>a\n\nb</pre>\n\n<p><!--more--><br />\nTail</p>\n\n"
        );
    }

    #[test]
    fn newlines_inside_tags_are_not_breaks() {
        assert_eq!(
            autop("A <a\nhref=\"/x\">link</a> here"),
            "<p>A <a href=\"/x\">link</a> here</p>\n\n"
        );
    }
}
