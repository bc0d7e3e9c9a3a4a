//! Runs of formatted text to inline Markdown.
//!
//! Both editors describe a paragraph as runs of text, each with a set of formats and
//! perhaps a link. The runs become a tree of spans (a format that lasts longer opens
//! first, so `**bold [link](u) more**` stays one bold span), then Markdown. Emphasis is
//! written with `*`, `**` and `~~` where CommonMark's flanking rules let those
//! delimiters open and close where they stand, and as `<strong>`, `<em>`, `<del>`
//! otherwise (`word**"quoted"**` would stay literal asterisks), so every run keeps
//! its formatting. Underline, subscript and superscript have no Markdown form and are
//! always inline HTML.

use super::markdown::{escape_text, link_destination};

/// A set of formats, with the bits Lexical uses for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Format(u8);

impl Format {
    pub(crate) const BOLD: Format = Format(1);
    pub(crate) const ITALIC: Format = Format(2);
    pub(crate) const STRIKE: Format = Format(4);
    pub(crate) const UNDERLINE: Format = Format(8);
    pub(crate) const CODE: Format = Format(16);
    pub(crate) const SUB: Format = Format(32);
    pub(crate) const SUP: Format = Format(64);

    /// The formats among Lexical's bits; the others (highlight and whatever comes
    /// next) are ignored.
    pub(crate) fn from_bits(bits: u64) -> Format {
        Format((bits & 127) as u8)
    }

    pub(crate) fn with(self, other: Format) -> Format {
        Format(self.0 | other.0)
    }

    fn has(self, other: Format) -> bool {
        self.0 & other.0 == other.0
    }

    fn common(self, other: Format) -> Format {
        Format(self.0 & other.0)
    }
}

/// The style of a run: its formats and the address it links to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Style {
    format: Format,
    link: Option<String>,
}

impl Style {
    fn common(&self, other: &Style) -> Style {
        Style {
            format: self.format.common(other.format),
            link: self.link.clone().filter(|_| self.link == other.link),
        }
    }

    fn has(&self, mark: &Mark) -> bool {
        match mark {
            Mark::Link(url) => self.link.as_ref() == Some(url),
            Mark::Format(format) => self.format.has(*format),
        }
    }

    /// The marks of this style, in the order they open when they last equally long.
    fn marks(&self) -> Vec<Mark> {
        let mut marks: Vec<Mark> = self.link.iter().cloned().map(Mark::Link).collect();
        for format in [
            Format::BOLD,
            Format::ITALIC,
            Format::STRIKE,
            Format::UNDERLINE,
            Format::SUB,
            Format::SUP,
        ] {
            if self.format.has(format) {
                marks.push(Mark::Format(format));
            }
        }
        marks
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Run {
    Text { text: String, style: Style },
    Break,
}

/// A paragraph's (or heading's) text as the editor stored it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inlines {
    runs: Vec<Run>,
}

impl Inlines {
    /// Adds text with its formats and link. Line feeds inside become line breaks.
    pub(crate) fn text(&mut self, text: &str, format: Format, link: Option<&str>) {
        let style = Style {
            format,
            link: link.map(str::to_owned),
        };
        let text = text.replace('\r', "");
        if format.has(Format::CODE) {
            self.push_text(text.replace('\n', " "), style);
            return;
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.line_break();
            }
            self.push_text(line.to_owned(), style.clone());
        }
    }

    fn push_text(&mut self, text: String, style: Style) {
        if text.is_empty() {
            return;
        }
        if let Some(Run::Text {
            text: last,
            style: last_style,
        }) = self.runs.last_mut()
            && *last_style == style
        {
            last.push_str(&text);
            return;
        }
        self.runs.push(Run::Text { text, style });
    }

    pub(crate) fn line_break(&mut self) {
        self.runs.push(Run::Break);
    }

    /// The paragraph's Markdown, every line safe to stand at the start of a line
    /// (`# `, `> `, `1. ` written as text stay text). Empty if there is no text.
    pub(crate) fn to_markdown(&self) -> String {
        let tree = build_tree(&self.normalized(false));
        let mut out = String::new();
        render(&tree, Class::Space, Class::Space, &mut out);
        escape_line_starts(&out)
    }

    /// One line of Markdown for a heading: line breaks become spaces, and a trailing
    /// `#` is escaped so it is not read as a closing sequence.
    pub(crate) fn to_heading(&self) -> String {
        let tree = build_tree(&self.normalized(true));
        let mut out = String::new();
        render(&tree, Class::Space, Class::Space, &mut out);
        let out = out.trim();
        let hashes = out.len() - out.trim_end_matches('#').len();
        if hashes > 0 {
            let (head, tail) = out.split_at(out.len() - hashes);
            format!("{head}\\{tail}")
        } else {
            out.to_owned()
        }
    }

    /// The runs ready for the tree: breaks at either end dropped (a backslash that
    /// ends a paragraph would be printed), whitespace at the edges of a formatted
    /// run moved out of its formats (`** bold **` does not open), equal neighbours
    /// merged.
    fn normalized(&self, breaks_as_spaces: bool) -> Vec<Run> {
        let mut runs: Vec<Run> = self
            .runs
            .iter()
            .map(|run| match run {
                Run::Break if breaks_as_spaces => Run::Text {
                    text: " ".to_owned(),
                    style: Style::default(),
                },
                other => other.clone(),
            })
            .collect();
        trim_edges(&mut runs);
        let styles: Vec<Style> = runs
            .iter()
            .map(|run| match run {
                Run::Text { style, .. } => style.clone(),
                Run::Break => Style::default(),
            })
            .collect();
        let mut out = Inlines::default();
        for (i, run) in runs.into_iter().enumerate() {
            let Run::Text { text, style } = run else {
                out.line_break();
                continue;
            };
            if style.format.has(Format::CODE) || style == Style::default() {
                out.push_text(text, style);
                continue;
            }
            let none = Style::default();
            let before = i.checked_sub(1).map_or(&none, |p| &styles[p]);
            let after = styles.get(i + 1).unwrap_or(&none);
            let core = text.trim_matches(char::is_whitespace);
            if core.is_empty() {
                out.push_text(text, style.common(before).common(after));
                continue;
            }
            let start = text.len() - text.trim_start_matches(char::is_whitespace).len();
            let end = start + core.len();
            out.push_text(text[..start].to_owned(), style.common(before));
            out.push_text(core.to_owned(), style.clone());
            out.push_text(text[end..].to_owned(), style.common(after));
        }
        out.runs
    }
}

/// Drops line breaks and whitespace at both ends of the runs.
fn trim_edges(runs: &mut Vec<Run>) {
    loop {
        match runs.first_mut() {
            Some(Run::Break) => {
                runs.remove(0);
            }
            Some(Run::Text { text, style }) if !style.format.has(Format::CODE) => {
                let trimmed = text.trim_start();
                if trimmed.is_empty() {
                    runs.remove(0);
                } else {
                    *text = trimmed.to_owned();
                    break;
                }
            }
            _ => break,
        }
    }
    loop {
        match runs.last_mut() {
            Some(Run::Break) => {
                runs.pop();
            }
            Some(Run::Text { text, style }) if !style.format.has(Format::CODE) => {
                let trimmed = text.trim_end();
                if trimmed.is_empty() {
                    runs.pop();
                } else {
                    text.truncate(trimmed.len());
                    break;
                }
            }
            _ => break,
        }
    }
}

/// A span's reason to exist.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mark {
    Link(String),
    Format(Format),
}

#[derive(Debug)]
enum Node {
    Text { text: String, code: bool },
    Break,
    Span { mark: Mark, children: Vec<Node> },
}

/// Nests the runs: at each run, the open spans it does not share close (and every
/// span opened after them), and its other marks open, the longest-lasting first.
fn build_tree(runs: &[Run]) -> Vec<Node> {
    let styles: Vec<Option<&Style>> = runs
        .iter()
        .map(|run| match run {
            Run::Text { style, .. } => Some(style),
            Run::Break => None,
        })
        .collect();
    let mut frames: Vec<(Option<Mark>, Vec<Node>)> = vec![(None, Vec::new())];
    for (i, run) in runs.iter().enumerate() {
        // A break keeps open what the next text continues.
        let wanted = match run {
            Run::Text { style, .. } => Some(style),
            Run::Break => styles[i..].iter().flatten().next().copied(),
        };
        let keep = frames
            .iter()
            .skip(1)
            .take_while(|(mark, _)| {
                let mark = mark.as_ref().expect("only the root frame has no mark");
                wanted.is_some_and(|style| style.has(mark))
            })
            .count();
        while frames.len() > keep + 1 {
            close_frame(&mut frames);
        }
        let Run::Text { text, style } = run else {
            push_node(&mut frames, Node::Break);
            continue;
        };
        let open: Vec<&Mark> = frames
            .iter()
            .filter_map(|(mark, _)| mark.as_ref())
            .collect();
        let mut new: Vec<Mark> = style
            .marks()
            .into_iter()
            .filter(|mark| !open.contains(&mark))
            .collect();
        new.sort_by_key(|mark| std::cmp::Reverse(extent(&styles[i..], mark)));
        for mark in new {
            frames.push((Some(mark), Vec::new()));
        }
        push_node(
            &mut frames,
            Node::Text {
                text: text.clone(),
                code: style.format.has(Format::CODE),
            },
        );
    }
    while frames.len() > 1 {
        close_frame(&mut frames);
    }
    frames.pop().map(|(_, nodes)| nodes).unwrap_or_default()
}

/// How many runs, from the first, carry `mark` (breaks in between do not end it).
fn extent(styles: &[Option<&Style>], mark: &Mark) -> usize {
    styles
        .iter()
        .take_while(|style| style.is_none_or(|style| style.has(mark)))
        .count()
}

fn push_node(frames: &mut [(Option<Mark>, Vec<Node>)], node: Node) {
    if let Some((_, nodes)) = frames.last_mut() {
        nodes.push(node);
    }
}

fn close_frame(frames: &mut Vec<(Option<Mark>, Vec<Node>)>) {
    if let Some((Some(mark), children)) = frames.pop() {
        push_node(frames, Node::Span { mark, children });
    }
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
fn code_span(code: &str) -> String {
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
fn escape_line_starts(markdown: &str) -> String {
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

#[cfg(test)]
mod tests;
