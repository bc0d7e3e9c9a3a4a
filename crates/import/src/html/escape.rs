//! Text made safe for Markdown and for the HTML blocks inside it.

use std::borrow::Cow;

/// Escapes what would turn text into Markdown anywhere in a line: emphasis, code,
/// links, raw HTML, strikethrough, table cells and character references. An
/// underscore between two letters cannot start or end emphasis and is left alone
/// (`snake_case` stays readable). Line starts are escaped by [`line_start`]. Quotes
/// and dashes are left to Byline's smart punctuation, as WordPress curls them too.
pub(crate) fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(previous.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)) =>
            {
                out.push_str("\\_");
            }
            '&' if looks_like_reference(&text[i + 1..]) => out.push_str("\\&"),
            c if super::emphasis::is_placeholder(c) => {}
            _ => out.push(c),
        }
        previous = Some(c);
    }
    out
}

/// Escapes what only matters at the start of a line of a paragraph: headings,
/// quotes, list markers, thematic breaks and setext underlines. `line` is text
/// already escaped by [`text`] (whose own escapes never start with these).
pub(crate) fn line_start(line: &str) -> Cow<'_, str> {
    match line.as_bytes().first() {
        Some(b'#' | b'>' | b'-' | b'+' | b'=') => Cow::Owned(format!("\\{line}")),
        Some(b'0'..=b'9') => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let marker = matches!(line.as_bytes().get(digits), Some(b'.' | b')'));
            let then_space = matches!(line.as_bytes().get(digits + 1), None | Some(b' ' | b'\t'));
            if digits <= 9 && marker && then_space {
                Cow::Owned(format!("{}\\{}", &line[..digits], &line[digits..]))
            } else {
                Cow::Borrowed(line)
            }
        }
        _ => Cow::Borrowed(line),
    }
}

/// Whether text after `&` would be read as a character reference (`&amp;`, `&#38;`).
fn looks_like_reference(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest[name..].starts_with(';')
}

/// A link or image destination. The address is kept as written (the importer finds
/// image addresses in the Markdown to rewrite them); one holding spaces,
/// parentheses or backslashes is written in angle brackets.
pub(crate) fn destination(url: &str) -> String {
    let url: String = url
        .trim()
        .chars()
        .filter(|&c| !c.is_control() && !super::emphasis::is_placeholder(c))
        .collect();
    if !url.is_empty() && !url.contains([' ', '(', ')', '<', '>', '\\']) {
        return url;
    }
    let mut out = String::with_capacity(url.len() + 2);
    out.push('<');
    for c in url.chars() {
        if matches!(c, '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('>');
    out
}

/// `<url>` when the address can be an autolink (a scheme, no spaces or brackets).
pub(crate) fn autolink(url: &str) -> Option<String> {
    let scheme = url.split(':').next()?;
    let valid_scheme = url.contains(':')
        && (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    let plain = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'));
    (valid_scheme && plain).then(|| format!("<{url}>"))
}

/// Text inside an HTML block: `& < >` escaped and white space collapsed, so it holds
/// no line break (a blank line would end the block).
pub(crate) fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_html_space(c) => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Preformatted text inside an HTML block: escaped like [`html_text`], white space
/// kept, line breaks written as references so no line of the block is blank.
pub(crate) fn html_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A double-quoted attribute value. An `&` is escaped only where it would start a
/// character reference, so addresses stay as written (`?w=800&h=600`) for the
/// importer to find and rewrite.
pub(crate) fn attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.char_indices() {
        match c {
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if looks_like_reference(&value[i + 1..]) => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether a link address is safe to keep (not `javascript:` and the like).
pub(crate) fn is_safe_href(href: &str) -> bool {
    let compact: String = href
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    !["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| compact.starts_with(scheme))
}

/// HTML white space (not the no-break space, which is text).
pub(crate) fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// Text with runs of HTML white space made one space, trimmed.
pub(crate) fn collapse(text: &str) -> String {
    text.split(is_html_space)
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
