//! Writing a tree of spans as inline Markdown: delimiters where CommonMark reads
//! them as meant, HTML tags where it would not, text and code escaped.

use super::{Format, Mark, Node};
use crate::ghost::cards::markdown::{escape_text, link_destination};

/// The Markdown of a paragraph's (or heading's) spans.
pub(super) fn write(nodes: &[Node]) -> String {
    let mut out = String::new();
    render(nodes, Class::Space, Class::Space, &mut out);
    out
}

/// What a character next to a delimiter is, for CommonMark's flanking rules.
/// `Unsure` is a non-ASCII symbol: treated as the stricter of punctuation or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Punct,
    Word,
    Unsure,
}

fn class_of(c: Option<char>) -> Class {
    match c {
        None => Class::Space,
        Some(c) if c.is_whitespace() => Class::Space,
        Some(c) if c.is_ascii_punctuation() => Class::Punct,
        Some(c) if c.is_alphanumeric() || c.is_ascii() => Class::Word,
        Some(_) => Class::Unsure,
    }
}

/// Whether a delimiter between `before` and `first` can only open. One that could
/// also close (`a**b`, `"**"`) might close an outer span of the same character, so
/// such places get HTML tags instead.
fn can_open(before: Class, first: Class) -> bool {
    match before {
        Class::Space => first != Class::Space,
        Class::Punct => first == Class::Word,
        Class::Word | Class::Unsure => false,
    }
}

/// Whether a delimiter between `last` and `after` can only close.
fn can_close(last: Class, after: Class) -> bool {
    match after {
        Class::Space => last != Class::Space,
        Class::Punct => last == Class::Word,
        Class::Word | Class::Unsure => false,
    }
}

/// How a node's Markdown begins: formatted spans, code and breaks all begin with
/// punctuation (`*`, `<`, `[`, a backtick, a backslash).
fn first_class(node: &Node) -> Class {
    match node {
        Node::Text { text, code: false } => class_of(escape_text(text).chars().next()),
        _ => Class::Punct,
    }
}

fn starts_with_asterisk(node: &Node) -> bool {
    matches!(
        node,
        Node::Span {
            mark: Mark::Format(Format::BOLD | Format::ITALIC),
            ..
        }
    )
}

/// Whether a level's Markdown begins and ends with the asterisks of a span inside it.
#[derive(Debug, Clone, Copy, Default)]
struct Edges {
    starts: bool,
    ends: bool,
}

/// Writes `nodes` after `out`, which holds what comes before them at this level;
/// `before` and `after` are what surrounds the level.
fn render(nodes: &[Node], before: Class, after: Class, out: &mut String) -> Edges {
    let level_start = out.len();
    let mut starts = None;
    let mut ends = false;
    for (i, node) in nodes.iter().enumerate() {
        let next = nodes.get(i + 1);
        let written = out.len();
        let mut asterisks = false;
        match node {
            Node::Text { text, code: false } => out.push_str(&escape_text(text)),
            Node::Text { text, code: true } => out.push_str(&code_span(text)),
            Node::Break => out.push_str("\\\n"),
            Node::Span {
                mark: Mark::Link(url),
                children,
            } => {
                let mut inner = String::new();
                render(children, Class::Punct, Class::Punct, &mut inner);
                if inner.is_empty() {
                    continue;
                }
                // `![` would make the link an image.
                if out.ends_with('!') {
                    out.pop();
                    out.push_str("\\!");
                }
                out.push('[');
                out.push_str(&inner);
                out.push_str("](");
                out.push_str(&link_destination(url));
                out.push(')');
            }
            Node::Span {
                mark: Mark::Format(format),
                children,
            } => {
                let mut inner = String::new();
                let edges = render(children, Class::Punct, Class::Punct, &mut inner);
                if inner.is_empty() {
                    continue;
                }
                let (open, close) = delimiters(*format);
                let asterisk = open.starts_with('*');
                // Asterisks of a span inside join these into one delimiter run, which
                // then stands next to the text that span checked was a word.
                let first = if asterisk && edges.starts {
                    Class::Word
                } else {
                    class_of(inner.chars().next())
                };
                let last = if asterisk && edges.ends {
                    Class::Word
                } else {
                    class_of(inner.chars().next_back())
                };
                let prev = if out.len() > level_start {
                    class_of(out.chars().next_back())
                } else {
                    before
                };
                let following = next.map_or(after, first_class);
                let markdown_fits = !open.starts_with('<')
                    && can_open(prev, first)
                    && can_close(last, following)
                    && !(asterisk && out[level_start..].ends_with('*'))
                    && !(asterisk && next.is_some_and(starts_with_asterisk));
                let (open, close) = if markdown_fits {
                    (open, close)
                } else {
                    html_tags(*format)
                };
                asterisks = markdown_fits && asterisk;
                out.push_str(open);
                out.push_str(&inner);
                out.push_str(close);
            }
        }
        if out.len() > written {
            starts.get_or_insert(asterisks);
            ends = asterisks;
        }
    }
    Edges {
        starts: starts.unwrap_or(false),
        ends,
    }
}

fn delimiters(format: Format) -> (&'static str, &'static str) {
    match format {
        Format::BOLD => ("**", "**"),
        Format::ITALIC => ("*", "*"),
        Format::STRIKE => ("~~", "~~"),
        other => html_tags(other),
    }
}

fn html_tags(format: Format) -> (&'static str, &'static str) {
    match format {
        Format::BOLD => ("<strong>", "</strong>"),
        Format::ITALIC => ("<em>", "</em>"),
        Format::STRIKE => ("<del>", "</del>"),
        Format::SUB => ("<sub>", "</sub>"),
        Format::SUP => ("<sup>", "</sup>"),
        _ => ("<u>", "</u>"),
    }
}

/// Inline code: a backtick fence no run inside matches, padded when the code starts
/// or ends with a backtick or a space. Code needing three backticks or more (which
/// would open a code block at the start of a line) becomes escaped `<code>` instead.
pub(super) fn code_span(code: &str) -> String {
    let mut runs = Vec::new();
    let mut current = 0usize;
    for c in code.chars().chain(std::iter::once('\0')) {
        if c == '`' {
            current += 1;
        } else if current > 0 {
            runs.push(current);
            current = 0;
        }
    }
    let Some(fence) = (1..=2).find(|n| !runs.contains(n)) else {
        return format!("<code>{}</code>", escape_text(code));
    };
    let fence = "`".repeat(fence);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty());
    if pad {
        format!("{fence} {code} {fence}")
    } else {
        format!("{fence}{code}{fence}")
    }
}

/// Escapes what would begin a block at the start of each line: headings, quotes,
/// list items, rules and setext underlines. Leading whitespace is dropped (four
/// spaces would begin a code block).
pub(super) fn escape_line_starts(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 8);
    for (i, line) in markdown.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_start_matches([' ', '\t']);
        if line.starts_with(['#', '>', '-', '+', '=']) {
            out.push('\\');
            out.push_str(line);
            continue;
        }
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &line[digits..];
        let marker = (1..=9).contains(&digits)
            && rest.starts_with(['.', ')'])
            && (rest.len() == 1 || rest[1..].starts_with([' ', '\t']));
        if marker {
            out.push_str(&line[..digits]);
            out.push('\\');
            out.push_str(rest);
        } else {
            out.push_str(line);
        }
    }
    out
}
