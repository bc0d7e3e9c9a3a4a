//! Putting Markdown blocks together (quotes, lists, code) so that each reads back as
//! the block it was.

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

/// Blocks in order, a blank line apart when written out.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    parts: Vec<(Kind, String)>,
}

impl Blocks {
    pub(super) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// A paragraph of finished inline Markdown (nothing if it is blank).
    pub(super) fn paragraph(&mut self, markdown: String) {
        if !markdown.trim().is_empty() {
            self.parts.push((Kind::Paragraph, markdown));
        }
    }

    /// A heading of inline Markdown on one line; level 1 is written as level 2 (the
    /// page's only top-level heading is the headline).
    pub(super) fn heading(&mut self, level: usize, markdown: &str) {
        let markdown = markdown.trim();
        if markdown.is_empty() {
            return;
        }
        // A closing run of `#` after a space would be read as the heading's optional
        // closing marks.
        let kept = markdown.trim_end_matches('#');
        let markdown = if kept.len() < markdown.len() && (kept.is_empty() || kept.ends_with(' ')) {
            format!("{kept}\\{}", &markdown[kept.len()..])
        } else {
            markdown.to_owned()
        };
        let hashes = "#".repeat(level.clamp(2, 6));
        self.parts
            .push((Kind::Other, format!("{hashes} {markdown}")));
    }

    /// A block written elsewhere (an HTML block), kept as it is.
    pub(super) fn raw(&mut self, block: String) {
        if !block.trim().is_empty() {
            self.parts.push((Kind::Other, block));
        }
    }

    pub(super) fn rule(&mut self) {
        self.parts.push((Kind::Other, "---".to_owned()));
    }

    pub(super) fn append(&mut self, other: Blocks) {
        self.parts.extend(other.parts);
    }

    /// The blocks as a block quote.
    pub(super) fn quote(&mut self, inner: Blocks) {
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

    /// A list, each item its own blocks; empty items are left out. A list right
    /// after another of the same kind takes the other marker (`*`, `)`), or Markdown
    /// would join the two.
    pub(super) fn list(&mut self, ordered: bool, start: u64, items: Vec<Blocks>) {
        let items: Vec<Blocks> = items.into_iter().filter(|i| !i.is_empty()).collect();
        if items.is_empty() {
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
            let indent = " ".repeat(marker.len());
            for (n, line) in item.item_text().split('\n').enumerate() {
                lines.push(match (n, line.is_empty()) {
                    (0, _) => format!("{marker}{line}"),
                    (_, true) => String::new(),
                    (_, false) => format!("{indent}{line}"),
                });
            }
        }
        let kind = Kind::List {
            ordered,
            start,
            delimiter,
        };
        self.parts.push((kind, lines.join("\n")));
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
    pub(super) fn code(&mut self, code: &str, language: &str) {
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
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.' | '#'))
            .collect();
        self.parts
            .push((Kind::Other, format!("{fence}{info}\n{code}\n{fence}")));
    }

    /// The Markdown, blocks a blank line apart.
    pub(super) fn finish(self) -> String {
        let parts: Vec<String> = self.parts.into_iter().map(|(_, text)| text).collect();
        parts.join("\n\n")
    }
}
