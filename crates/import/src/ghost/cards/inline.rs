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

mod write;

use self::write::{escape_line_starts, write};

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
        escape_line_starts(&write(&build_tree(&self.normalized(false))))
    }

    /// One line of Markdown for a heading: line breaks become spaces, and a trailing
    /// `#` is escaped so it is not read as a closing sequence.
    pub(crate) fn to_heading(&self) -> String {
        let out = write(&build_tree(&self.normalized(true)));
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

#[cfg(test)]
mod tests;
