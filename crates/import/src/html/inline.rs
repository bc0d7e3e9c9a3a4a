//! Text-level HTML to inline Markdown: words, emphasis, code, links, images, breaks.

use std::rc::Rc;

use markup5ever_rcdom::{Node, NodeData};

use super::emphasis::{self, Mark};
use super::{Converter, MAX_DEPTH, Role, attr, embed, escape, tag_of};

/// Inline Markdown being gathered. HTML white space is collapsed to one space as it
/// comes; a `<br>` is kept as `\n` until the paragraph is written.
#[derive(Debug, Default)]
pub(super) struct Inline {
    md: String,
}

/// The formatting already open around an element, so that `<b>` inside `<b>` (or a
/// link inside a link) adds nothing and formatting never nests deeply.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Marks {
    pub(super) strong: bool,
    pub(super) emphasis: bool,
    pub(super) strike: bool,
    pub(super) link: bool,
}

const BLANK: [char; 2] = [' ', '\n'];

/// Markdown split into its leading white space, its content and its trailing white
/// space.
fn split_space(md: &str) -> (&str, &str, &str) {
    let core = md.trim_matches(BLANK);
    if core.is_empty() {
        return (md, "", "");
    }
    let lead = &md[..md.len() - md.trim_start_matches(BLANK).len()];
    let trail = &md[md.trim_end_matches(BLANK).len()..];
    (lead, core, trail)
}

impl Inline {
    /// Text from the HTML: white space collapsed, Markdown characters escaped.
    pub(super) fn text(&mut self, text: &str) {
        let mut word_start = None;
        for (i, c) in text.char_indices() {
            if escape::is_html_space(c) {
                if let Some(start) = word_start.take() {
                    self.md.push_str(&escape::text(&text[start..i]));
                }
                self.space();
            } else if word_start.is_none() {
                word_start = Some(i);
            }
        }
        if let Some(start) = word_start {
            self.md.push_str(&escape::text(&text[start..]));
        }
    }

    pub(super) fn space(&mut self) {
        if !self.md.ends_with(BLANK) {
            self.md.push(' ');
        }
    }

    pub(super) fn hard_break(&mut self) {
        let kept = self.md.trim_end_matches(' ').len();
        self.md.truncate(kept);
        if !self.md.ends_with('\n') {
            self.md.push('\n');
        }
    }

    pub(super) fn ends_with_break(&self) -> bool {
        self.md.trim_end_matches(' ').ends_with('\n')
    }

    /// Inline Markdown made elsewhere, its outer white space joined with this text's.
    pub(super) fn markup(&mut self, md: &str) {
        let (lead, core, trail) = split_space(md);
        self.join(lead);
        self.md.push_str(core);
        self.join(trail);
    }

    fn join(&mut self, space: &str) {
        if space.contains('\n') {
            self.hard_break();
        } else if !space.is_empty() {
            self.space();
        }
    }

    /// The Markdown between `mark`s, white space left outside them (`**bold** text`,
    /// never `**bold **text`). The marks are placeholders until the paragraph is
    /// written (see [`emphasis`]).
    pub(super) fn wrapped(self, mark: Mark) -> String {
        let (lead, core, trail) = split_space(&self.md);
        if core.is_empty() {
            return self.md;
        }
        format!("{lead}{}{core}{}{trail}", mark.open(), mark.close())
    }

    /// The Markdown in quotation marks (`<q>`).
    fn quoted(self) -> String {
        let (lead, core, trail) = split_space(&self.md);
        if core.is_empty() {
            return self.md;
        }
        format!("{lead}\"{core}\"{trail}")
    }

    pub(super) fn into_markdown(self) -> String {
        self.md
    }

    /// A paragraph: trimmed, each break written as `\` at the end of a line, each
    /// line's start escaped. Empty if there is nothing to read.
    pub(super) fn paragraph(self) -> String {
        let md = emphasis::resolve(&self.md);
        let md = md.trim_matches(BLANK);
        if md.trim().is_empty() {
            return String::new();
        }
        md.split('\n')
            .map(|line| escape::line_start(line.trim_matches(' ')))
            .collect::<Vec<_>>()
            .join("\\\n")
    }

    /// The text on one line (a heading), breaks made spaces.
    pub(super) fn line(self) -> String {
        let md = escape::collapse(&emphasis::resolve(&self.md));
        escape::line_start(&md).into_owned()
    }
}

/// `[label](url)`, or `<url>` without a label.
pub(super) fn link_to(label: Option<&str>, url: &str) -> String {
    if let Some(label) = label {
        return format!(
            "[{}]({})",
            escape::text(&escape::collapse(label)),
            escape::destination(url)
        );
    }
    escape::autolink(url)
        .unwrap_or_else(|| format!("[{}]({})", escape::text(url), escape::destination(url)))
}

/// A link's address, unless it is empty or unsafe (`javascript:`).
pub(super) fn safe_href(node: &Node) -> Option<String> {
    attr(node, "href")
        .map(|href| href.trim().to_owned())
        .filter(|href| !href.is_empty() && escape::is_safe_href(href))
}

/// Whether an element holds block elements (a `<div>` inside an `<a>`), so it cannot
/// be written as one piece of a line.
pub(super) fn holds_blocks(node: &Node) -> bool {
    let mut stack: Vec<Rc<Node>> = node.children.borrow().iter().cloned().collect();
    while let Some(node) = stack.pop() {
        let Some(tag) = tag_of(&node) else { continue };
        let role = Role::of(tag);
        if role.is_block() {
            return true;
        }
        if !matches!(role, Role::Script | Role::Dropped(_)) {
            stack.extend(node.children.borrow().iter().cloned());
        }
    }
    false
}

/// The text under a node: as written when `keep_space` (code blocks, a `<br>` a line
/// break), otherwise collapsed. Scripts, styles and other left-out elements add
/// nothing. Walks without recursion, so any depth is fine.
pub(super) fn text_of(node: &Node, keep_space: bool) -> String {
    let mut out = String::new();
    let mut stack: Vec<Rc<Node>> = node.children.borrow().iter().rev().cloned().collect();
    while let Some(node) = stack.pop() {
        match &node.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { name, .. } => match Role::of(&name.local) {
                Role::Script | Role::Dropped(_) => {}
                Role::Break => out.push('\n'),
                _ => stack.extend(node.children.borrow().iter().rev().cloned()),
            },
            _ => {}
        }
    }
    if keep_space {
        out
    } else {
        escape::collapse(&out)
    }
}

/// Inline code, between placeholders until the paragraph is written (see
/// [`emphasis`]).
fn code_span(text: &str) -> String {
    let code = escape::collapse(text).replace(emphasis::is_placeholder, "");
    if code.is_empty() {
        return String::new();
    }
    format!("{}{code}{}", emphasis::CODE_OPEN, emphasis::CODE_CLOSE)
}

impl Converter<'_> {
    pub(super) fn inline_children(&mut self, node: &Node, depth: usize, marks: Marks) -> Inline {
        let mut out = Inline::default();
        for child in node.children.borrow().iter() {
            self.inline_node(child, &mut out, depth + 1, marks);
        }
        out
    }

    fn inline_node(&mut self, node: &Node, out: &mut Inline, depth: usize, marks: Marks) {
        let tag = match &node.data {
            NodeData::Text { contents } => return out.text(&contents.borrow()),
            NodeData::Element { name, .. } => &*name.local,
            _ => return,
        };
        if depth > MAX_DEPTH {
            for paragraph in self.paragraphs_of(node) {
                out.space();
                out.text(&paragraph);
            }
            return;
        }
        match Role::of(tag) {
            Role::Script => self.scripts += 1,
            Role::Dropped(note) => self.leave_out(note),
            Role::Break => out.hard_break(),
            Role::Image => {
                if let Some(image) = self.image(node) {
                    out.markup(&image);
                }
            }
            Role::Frame | Role::Media if !marks.link => {
                if let Some((label, url)) = self.embed_target(node, tag) {
                    out.space();
                    out.markup(&link_to(label.as_deref(), &url));
                    out.space();
                }
            }
            Role::Inline => {
                let markdown = self.inline_element(node, tag, depth, marks);
                out.markup(&markdown);
            }
            // A block inside a line (a paragraph in a caption): its words, set apart.
            _ => {
                out.space();
                let inner = self.inline_children(node, depth, marks);
                out.markup(&inner.into_markdown());
                out.space();
            }
        }
    }

    /// A text-level element as inline Markdown (white space around it kept).
    pub(super) fn inline_element(
        &mut self,
        node: &Node,
        tag: &str,
        depth: usize,
        marks: Marks,
    ) -> String {
        match tag {
            "strong" | "b" if !marks.strong => {
                let marks = Marks {
                    strong: true,
                    ..marks
                };
                self.inline_children(node, depth, marks)
                    .wrapped(Mark::Strong)
            }
            "em" | "i" | "cite" | "dfn" | "var" if !marks.emphasis => {
                let marks = Marks {
                    emphasis: true,
                    ..marks
                };
                self.inline_children(node, depth, marks)
                    .wrapped(Mark::Emphasis)
            }
            "s" | "del" | "strike" if !marks.strike => {
                let marks = Marks {
                    strike: true,
                    ..marks
                };
                self.inline_children(node, depth, marks)
                    .wrapped(Mark::Strike)
            }
            "code" | "kbd" | "samp" | "tt" => {
                let text = text_of(node, true).replace(escape::is_html_space, " ");
                let (lead, _, trail) = split_space(&text);
                format!("{lead}{}{trail}", code_span(&text))
            }
            "q" => self.inline_children(node, depth, marks).quoted(),
            "a" => self.link(node, depth, marks),
            _ => self.inline_children(node, depth, marks).into_markdown(),
        }
    }

    /// `[text](href)`, or `<href>` when the text is the address. A link without an
    /// address, with an unsafe one (`javascript:`) or inside another link keeps only
    /// its text.
    fn link(&mut self, node: &Node, depth: usize, marks: Marks) -> String {
        let inner = self
            .inline_children(
                node,
                depth,
                Marks {
                    link: true,
                    ..marks
                },
            )
            .into_markdown();
        let Some(href) = safe_href(node).filter(|_| !marks.link) else {
            return inner;
        };
        let (lead, core, trail) = split_space(&inner);
        if core.is_empty() {
            return inner;
        }
        let shows_address = !core.starts_with("![") && text_of(node, false) == href;
        let link = match escape::autolink(&href).filter(|_| shows_address) {
            Some(autolink) => autolink,
            None => format!("[{core}]({})", escape::destination(&href)),
        };
        format!("{lead}{link}{trail}")
    }

    /// `![alt](src)`, the address recorded.
    pub(super) fn image(&mut self, node: &Node) -> Option<String> {
        let src = self.image_source(node)?;
        self.body.saw_image(&src);
        let alt = escape::collapse(&attr(node, "alt").unwrap_or_default());
        Some(format!(
            "![{}]({})",
            escape::text(&alt),
            escape::destination(&src)
        ))
    }

    /// An image's address: `src`, or where lazy-loading scripts keep it
    /// (`data-src`, `data-lazy-src`) when `src` is empty or a placeholder. Images
    /// written into the page itself (`data:`) are left out.
    pub(super) fn image_source(&mut self, node: &Node) -> Option<String> {
        let source = ["src", "data-src", "data-lazy-src", "data-orig-file"]
            .iter()
            .filter_map(|name| attr(node, name))
            .map(|src| src.trim().to_owned())
            .find(|src| !src.is_empty() && !src.starts_with("data:"));
        if source.is_none()
            && attr(node, "src").is_some_and(|src| src.trim_start().starts_with("data:"))
        {
            self.note(
                "an image written into the page itself (a data: address) was left out".into(),
            );
        }
        source
    }

    /// Where an `<iframe>`, `<video>` or `<audio>` leads, with a label when it has
    /// one: the page a known player shows, otherwise the frame's or file's address.
    pub(super) fn embed_target(
        &mut self,
        node: &Node,
        tag: &str,
    ) -> Option<(Option<String>, String)> {
        if tag != "iframe" {
            let src = attr(node, "src").or_else(|| {
                node.children
                    .borrow()
                    .iter()
                    .filter(|child| tag_of(child) == Some("source"))
                    .find_map(|child| attr(child, "src"))
            })?;
            let src = embed::absolute(&src);
            return (!src.is_empty() && escape::is_safe_href(&src)).then_some((None, src));
        }
        let src = attr(node, "src")
            .filter(|src| !src.trim().is_empty())
            .or_else(|| attr(node, "data-src"))?;
        let label = attr(node, "title")
            .map(|title| escape::collapse(&title))
            .filter(|title| !title.is_empty());
        if let Some(page) = embed::page_for_frame(&src) {
            return Some((label, page));
        }
        let url = embed::absolute(&src);
        if url.is_empty() || !escape::is_safe_href(&url) {
            return None;
        }
        let host = embed::host_of(&url).unwrap_or_else(|| url.clone());
        self.note(format!(
            "an embedded frame from {host} was replaced by a link (Byline shows no frames)"
        ));
        Some((label, url))
    }
}
