//! HTML inside Ghost documents: blocks kept as HTML, captions, attribute values, the
//! plain text of a field, and the images HTML or Markdown shows.

use crate::Body;

/// Stands in for a blank line inside an HTML block. A blank line would end the
/// block, and what follows would be read as Markdown; removing blank lines would
/// change the code inside a `<pre>`. A comment keeps the block whole, and the
/// sanitizer strips comments when the body is rendered, so a `<pre>` shows its blank
/// line again.
const BLANK_LINE: &str = "<!-- -->";

/// HTML as one Markdown HTML block: comments removed (the sanitizer would remove
/// them anyway), blank lines replaced by [`BLANK_LINE`], and wrapped in a `<div>`
/// unless it begins with a block-level tag (otherwise Markdown could read its first
/// lines as a paragraph, or end the block at `</pre>`). Empty if there is no HTML.
pub(crate) fn html_block(html: &str) -> String {
    let html = strip_comments(&html.replace("\r\n", "\n").replace('\r', "\n"));
    let html = html.trim();
    if html.is_empty() {
        return String::new();
    }
    let lines: Vec<&str> = html
        .split('\n')
        .map(|line| {
            if line.trim().is_empty() {
                BLANK_LINE
            } else {
                line
            }
        })
        .collect();
    let block = lines.join("\n");
    if starts_html_block(&block) {
        block
    } else {
        format!("<div>\n{block}\n</div>")
    }
}

/// Whether the text begins with a tag that opens a Markdown HTML block lasting to
/// the next blank line (CommonMark's sixth kind).
fn starts_html_block(html: &str) -> bool {
    const TAGS: [&str; 62] = [
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ];
    let Some(rest) = html.strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let after = &rest[name_len..];
    let ends_name = after.is_empty()
        || after.starts_with(|c: char| c.is_ascii_whitespace() || c == '>')
        || after.starts_with("/>");
    ends_name
        && TAGS
            .iter()
            .any(|tag| tag.eq_ignore_ascii_case(&rest[..name_len]))
}

/// A caption or label kept as inline HTML on one line (inside a `<figcaption>`).
pub(crate) fn inline_html(html: &str) -> String {
    let html = strip_comments(html);
    html.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// A value for a double-quoted attribute. `&` is escaped only where it would be
/// read as a character reference, so an address stays as written.
pub(crate) fn attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.char_indices() {
        match c {
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if is_reference(&value[i + 1..]) => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn is_reference(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest[name..].starts_with(';')
}

/// The text an HTML fragment shows: tags dropped, common character references
/// decoded, whitespace collapsed.
pub(crate) fn html_text(html: &str) -> String {
    let html = strip_comments(html);
    let mut text = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => {
                text.push(' ');
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    text.push_str(rest);
    decode_references(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
            .count();
        let decoded = after[name_len..]
            .starts_with(';')
            .then(|| decode_reference(&after[..name_len]))
            .flatten();
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[name_len + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_reference(name: &str) -> Option<char> {
    let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok();
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        number(hex, 16)?
    } else if let Some(decimal) = name.strip_prefix('#') {
        number(decimal, 10)?
    } else {
        return match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => None,
        };
    };
    char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace())
}

/// Records the `src` of every `<img>` in `html`, as written.
pub(crate) fn record_html_images(html: &str, body: &mut Body) {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<img") {
        let start = from + found + "<img".len();
        from = start;
        if !html[start..].starts_with(|c: char| c.is_ascii_whitespace() || c == '/') {
            continue;
        }
        if let Some(src) = attribute_value(&html[start..], "src") {
            body.saw_image(src);
        }
    }
}

/// The value of attribute `name` in the rest of a start tag (up to its `>`).
fn attribute_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return None;
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let attribute = &tag[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value_start, value_end) = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = tag[i + 1..]
                    .find(quote as char)
                    .map_or(bytes.len(), |e| i + 1 + e);
                (i + 1, end)
            }
            _ => {
                let end = tag[i..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(bytes.len(), |e| i + e);
                (i, end)
            }
        };
        i = value_end + 1;
        if attribute.eq_ignore_ascii_case(name) {
            return Some(tag[value_start..value_end].trim());
        }
    }
    None
}

/// Records the images a Markdown text shows: `![alt](src)` and `<img>` tags.
pub(crate) fn record_markdown_images(markdown: &str, body: &mut Body) {
    let mut from = 0;
    while let Some(found) = markdown[from..].find("![") {
        let alt_start = from + found + 2;
        from = alt_start;
        let Some(close) = markdown[alt_start..].find("](") else {
            break;
        };
        let destination = markdown[alt_start + close + 2..].trim_start();
        let src = match destination.strip_prefix('<') {
            Some(bracketed) => bracketed.split('>').next().unwrap_or(""),
            None => destination
                .split(|c: char| c.is_whitespace() || c == ')')
                .next()
                .unwrap_or(""),
        };
        body.saw_image(src);
    }
    record_html_images(markdown, body);
}

/// The elements of `html` that the sanitizer removes when the body is shown.
pub(crate) fn removed_elements(html: &str) -> Vec<&'static str> {
    const REMOVED: [&str; 14] = [
        "script", "iframe", "style", "form", "input", "button", "select", "textarea", "object",
        "embed", "video", "audio", "svg", "canvas",
    ];
    let lower = html.to_ascii_lowercase();
    REMOVED
        .into_iter()
        .filter(|tag| {
            lower.match_indices(&format!("<{tag}")).any(|(i, open)| {
                lower[i + open.len()..]
                    .starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            })
        })
        .collect()
}
