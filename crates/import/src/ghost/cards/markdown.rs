//! Writing Byline Markdown: escaping text and addresses, and putting blocks together
//! (quotes, lists, code) so that each reads back as the block it was.

/// How many lists and quotes may sit inside each other. Rendering refuses Markdown
/// nested more than [`byline_core::markdown::MAX_NESTING`] levels of any kind (a list
/// level counts twice, list and item, and formatting adds a few more), so deeper
/// structure is kept as plain paragraphs.
pub(crate) const MAX_NESTING: usize = 12;

/// How deep a reader follows nodes inside nodes; past it, a node's text is kept
/// without its structure.
pub(crate) const MAX_DEPTH: usize = 64;

/// Escapes the characters that would turn text into Markdown syntax anywhere in a
/// line: emphasis, code, links, HTML, strikethrough, table cells and character
/// references. What matters only at the start of a line is escaped per line by the
/// paragraph writer.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_reference(&text[i + 1..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
    out
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
/// image addresses in the Markdown to rewrite them); one holding spaces, brackets or
/// backslashes is written in angle brackets.
pub(crate) fn link_destination(url: &str) -> String {
    let url: String = url.trim().chars().filter(|c| !c.is_control()).collect();
    if !url.contains([' ', '(', ')', '<', '>', '\\']) && !url.is_empty() {
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

/// `![alt](src)`.
pub(crate) fn image(alt: &str, src: &str) -> String {
    let alt = escape_text(&alt.split_whitespace().collect::<Vec<_>>().join(" "));
    format!("![{alt}]({})", link_destination(src))
}

/// `[label](url)`, the label plain text.
pub(crate) fn link(label: &str, url: &str) -> String {
    let label = escape_text(&label.split_whitespace().collect::<Vec<_>>().join(" "));
    format!("[{label}]({})", link_destination(url))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    List {
        ordered: bool,
        start: u64,
        delimiter: char,
    },
    Other,
}

/// Blocks in order, separated by a blank line when written out.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    parts: Vec<(Kind, String)>,
}

impl Blocks {
    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// How many blocks there are.
    pub(crate) fn len(&self) -> usize {
        self.parts.len()
    }

    /// A paragraph of inline Markdown (nothing if it is blank).
    pub(crate) fn paragraph(&mut self, markdown: String) {
        if !markdown.trim().is_empty() {
            self.parts.push((Kind::Paragraph, markdown));
        }
    }

    /// A heading of inline Markdown on one line; level 1 is written as level 2 (the
    /// page's only top-level heading is the headline).
    pub(crate) fn heading(&mut self, level: usize, markdown: String) {
        if !markdown.trim().is_empty() {
            let hashes = "#".repeat(level.clamp(2, 6));
            self.parts
                .push((Kind::Other, format!("{hashes} {markdown}")));
        }
    }

    /// A block written elsewhere (an HTML block, a Markdown card), kept as it is.
    pub(crate) fn raw(&mut self, block: String) {
        if !block.trim().is_empty() {
            self.parts.push((Kind::Other, block));
        }
    }

    pub(crate) fn rule(&mut self) {
        self.parts.push((Kind::Other, "---".to_owned()));
    }

    /// The blocks as a block quote.
    pub(crate) fn quote(&mut self, inner: Blocks) {
        let text = inner.finish();
        if text.is_empty() {
            return;
        }
        let quoted: Vec<String> = text
            .split('\n')
            .map(|line| {
                if line.is_empty() {
                    ">".to_owned()
                } else {
                    format!("> {line}")
                }
            })
            .collect();
        self.parts.push((Kind::Other, quoted.join("\n")));
    }

    /// A list, each item its own blocks. A list right after another of the same kind
    /// takes the other marker (`*`, `)`), or Markdown would join the two.
    pub(crate) fn list(&mut self, ordered: bool, start: u64, items: Vec<Blocks>) {
        if items.iter().all(Blocks::is_empty) {
            return;
        }
        let follows_same = matches!(
            self.parts.last(),
            Some((Kind::List { ordered: o, delimiter, .. }, _))
                if *o == ordered && matches!(delimiter, '-' | '.')
        );
        let delimiter = match (ordered, follows_same) {
            (false, false) => '-',
            (false, true) => '*',
            (true, false) => '.',
            (true, true) => ')',
        };
        // Markdown reads at most nine digits.
        let start = start.min(999_999_999 - items.len() as u64);
        let mut lines: Vec<String> = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let marker = if ordered {
                format!("{}{delimiter} ", start + i as u64)
            } else {
                format!("{delimiter} ")
            };
            let text = item.item_text();
            let indent = " ".repeat(marker.len());
            for (n, line) in text.split('\n').enumerate() {
                lines.push(match (n, line.is_empty()) {
                    (0, true) => marker.trim_end().to_owned(),
                    (0, false) => format!("{marker}{line}"),
                    (_, true) => String::new(),
                    (_, false) => format!("{indent}{line}"),
                });
            }
        }
        self.parts.push((
            Kind::List {
                ordered,
                start,
                delimiter,
            },
            lines.join("\n"),
        ));
    }

    /// An item's blocks: a list right after the item's text stays tight (on the next
    /// line) when it can interrupt a paragraph; everything else is a blank line apart.
    fn item_text(self) -> String {
        let mut out = String::new();
        let mut previous = None;
        for (kind, text) in self.parts {
            if let Some(previous) = previous {
                let tight = previous == Kind::Paragraph
                    && matches!(kind, Kind::List { ordered, start, .. } if !ordered || start == 1);
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            out.push_str(&text);
            previous = Some(kind);
        }
        out
    }

    /// A fenced code block, the fence longer than any run of backticks inside.
    pub(crate) fn code(&mut self, code: &str, language: &str) {
        let code = code.replace("\r\n", "\n").replace('\r', "\n");
        let code = code.trim_end_matches('\n');
        if code.trim().is_empty() {
            return;
        }
        let mut longest = 0;
        let mut run = 0;
        for c in code.chars() {
            run = if c == '`' { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        let fence = "`".repeat((longest + 1).max(3));
        let info: String = language
            .split_whitespace()
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| *c != '`')
            .collect();
        self.parts
            .push((Kind::Other, format!("{fence}{info}\n{code}\n{fence}")));
    }

    /// The Markdown, blocks a blank line apart.
    pub(crate) fn finish(self) -> String {
        let parts: Vec<String> = self.parts.into_iter().map(|(_, text)| text).collect();
        parts.join("\n\n")
    }
}
