//! Figures and tables, written as HTML blocks inside the Markdown. Only a short list
//! of elements and attributes is written (addresses, alt text, cell spans), so event
//! handlers, styles and classes never reach the block; no line of a block is blank,
//! so CommonMark keeps it whole.

use std::rc::Rc;

use markup5ever_rcdom::{Node, NodeData};

use super::inline::{safe_href, text_of};
use super::{Converter, Flow, MAX_DEPTH, Role, attr, escape, tag_of};

/// How many elements a block's markup may open inside each other; deeper markup
/// keeps only its text (Byline refuses HTML nested past 40 levels).
const MAX_OPEN: usize = 12;

/// What a figure of images may hold besides images and captions (galleries wrap
/// their images in lists, links, `<picture>` and inner figures).
const FIGURE_PARTS: [&str; 12] = [
    "img", "a", "figure", "picture", "source", "span", "div", "p", "br", "ul", "ol", "li",
];

/// Subtrees a figure's images are never taken from.
const NOT_PICTURES: [&str; 5] = ["figcaption", "noscript", "script", "style", "template"];

impl Converter<'_> {
    /// A figure of images: Markdown images without a caption, an HTML block with one.
    /// Any other figure (a table, a quote, a player) is a container, its caption an
    /// italic paragraph.
    pub(super) fn figure(&mut self, node: &Node, flow: &mut Flow, depth: usize) {
        if !is_image_figure(node) {
            self.flow_children(node, flow, depth);
            flow.paragraph_break();
            return;
        }
        if !has_caption(node) {
            for (image, href) in images_in(node) {
                if let Some(markdown) = self.image(&image) {
                    flow.blocks.paragraph(match href {
                        Some(href) => format!("[{markdown}]({})", escape::destination(&href)),
                        None => markdown,
                    });
                }
            }
            return;
        }
        let mut lines = Vec::new();
        self.figure_lines(node, &mut lines, depth);
        if !lines.is_empty() {
            flow.blocks
                .raw(format!("<figure>\n{}\n</figure>", lines.join("\n")));
        }
    }

    /// A figure's images (each in its link, if it has one), inner figures with their
    /// own captions (a gallery) and its caption, one a line.
    fn figure_lines(&mut self, node: &Node, lines: &mut Vec<String>, depth: usize) {
        if depth > MAX_DEPTH {
            self.flattened = true;
            return;
        }
        for child in node.children.borrow().iter() {
            match tag_of(child) {
                Some("img") => {
                    if let Some(html) = self.image_html(child) {
                        lines.push(html);
                    }
                }
                Some("a") => {
                    for (image, href) in images_in(child) {
                        if let Some(html) = self.image_html(&image) {
                            lines.push(match href {
                                Some(href) => {
                                    format!("<a href=\"{}\">{html}</a>", escape::attribute(&href))
                                }
                                None => html,
                            });
                        }
                    }
                }
                Some("figure") if has_caption(child) => {
                    let mut inner = Vec::new();
                    self.figure_lines(child, &mut inner, depth + 1);
                    if !inner.is_empty() {
                        lines.push(format!("<figure>{}</figure>", inner.join("")));
                    }
                }
                Some("figcaption") => {
                    let caption = self.inline_html(child, depth + 1);
                    if !caption.is_empty() {
                        lines.push(format!("<figcaption>{caption}</figcaption>"));
                    }
                }
                Some("script") => self.scripts += 1,
                Some(tag) if NOT_PICTURES.contains(&tag) => {}
                Some(_) => self.figure_lines(child, lines, depth + 1),
                None => {}
            }
        }
    }

    /// `<img src alt>`, the address recorded.
    fn image_html(&mut self, node: &Node) -> Option<String> {
        let src = self.image_source(node)?;
        self.body.saw_image(&src);
        let alt = escape::collapse(&attr(node, "alt").unwrap_or_default());
        Some(format!(
            "<img src=\"{}\" alt=\"{}\">",
            escape::attribute(&src),
            escape::attribute(&alt)
        ))
    }

    /// A table as an HTML block, one row a line; cells keep their text, emphasis,
    /// links, images, paragraphs and lists.
    pub(super) fn table(&mut self, node: &Node, flow: &mut Flow, depth: usize) {
        if text_of(node, false).is_empty() && images_in(node).is_empty() {
            return;
        }
        let mut lines = vec!["<table>".to_owned()];
        self.table_lines(node, &mut lines, depth);
        lines.push("</table>".to_owned());
        flow.blocks.raw(lines.join("\n"));
    }

    fn table_lines(&mut self, node: &Node, lines: &mut Vec<String>, depth: usize) {
        if depth > MAX_DEPTH {
            self.flattened = true;
            return;
        }
        for child in node.children.borrow().iter() {
            match tag_of(child) {
                Some("caption") => {
                    let caption = self.inline_html(child, depth + 1);
                    if !caption.is_empty() {
                        lines.push(format!("<caption>{caption}</caption>"));
                    }
                }
                Some(section @ ("thead" | "tbody" | "tfoot")) => {
                    lines.push(format!("<{section}>"));
                    self.table_lines(child, lines, depth + 1);
                    lines.push(format!("</{section}>"));
                }
                Some("tr") => {
                    let row = self.row(child, depth + 1);
                    lines.push(row);
                }
                Some("script") => self.scripts += 1,
                _ => {}
            }
        }
    }

    fn row(&mut self, row: &Node, depth: usize) -> String {
        let mut out = String::from("<tr>");
        for cell in row.children.borrow().iter() {
            let Some(tag @ ("td" | "th")) = tag_of(cell) else {
                continue;
            };
            let mut inner = String::new();
            // table, section, row and cell are open around the cell's content.
            self.html_children(cell, &mut inner, depth + 1, 4, true);
            out.push_str(&format!("<{tag}{}>{}</{tag}>", spans(cell), inner.trim()));
        }
        out.push_str("</tr>");
        out
    }

    /// Text-level content as HTML on one line (a caption).
    pub(super) fn inline_html(&mut self, node: &Node, depth: usize) -> String {
        let mut out = String::new();
        self.html_children(node, &mut out, depth, 0, false);
        out.trim().to_owned()
    }

    /// Children as HTML; with `blocks`, paragraphs, lists, quotes and tables are kept
    /// (a table cell), otherwise only their text. `open` counts the elements open
    /// around them.
    fn html_children(
        &mut self,
        node: &Node,
        out: &mut String,
        depth: usize,
        open: usize,
        blocks: bool,
    ) {
        for child in node.children.borrow().iter() {
            self.html_node(child, out, depth + 1, open, blocks);
        }
    }

    fn html_node(
        &mut self,
        node: &Node,
        out: &mut String,
        depth: usize,
        open: usize,
        blocks: bool,
    ) {
        let tag = match &node.data {
            NodeData::Text { contents } => {
                return out.push_str(&escape::html_text(&contents.borrow()));
            }
            NodeData::Element { name, .. } => &*name.local,
            _ => return,
        };
        if depth > MAX_DEPTH {
            self.flattened = true;
            out.push_str(&escape::html_text(&text_of(node, false)));
            return;
        }
        let role = Role::of(tag);
        match role {
            Role::Script => return self.scripts += 1,
            Role::Dropped(note) => return self.leave_out(note),
            Role::Break => return out.push_str("<br>"),
            Role::Image => {
                if let Some(html) = self.image_html(node) {
                    out.push_str(&html);
                }
                return;
            }
            Role::Frame | Role::Media => {
                if let Some((label, url)) = self.embed_target(node, tag) {
                    let label = escape::html_text(label.as_deref().unwrap_or(&url));
                    out.push_str(&format!(
                        "<a href=\"{}\">{label}</a>",
                        escape::attribute(&url)
                    ));
                }
                return;
            }
            _ => {}
        }
        if open >= MAX_OPEN {
            out.push(' ');
            out.push_str(&escape::html_text(&text_of(node, false)));
            out.push(' ');
            return;
        }
        if blocks && matches!(role, Role::Pre) {
            let code = escape::html_code(&text_of(node, true));
            out.push_str(&format!("<pre><code>{code}</code></pre>"));
            return;
        }
        let href = (tag == "a").then(|| safe_href(node)).flatten();
        let written = match tag {
            _ if href.is_some() => Some("a"),
            "strong" | "b" => Some("strong"),
            "em" | "i" | "cite" | "dfn" | "var" => Some("em"),
            "s" | "del" | "strike" => Some("del"),
            "code" | "kbd" | "samp" | "tt" => Some("code"),
            "sub" | "sup" | "mark" => Some(tag),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if blocks => Some("strong"),
            "p" | "ul" | "ol" | "li" | "blockquote" | "dl" | "dt" | "dd" | "table" | "caption"
            | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th"
                if blocks =>
            {
                Some(tag)
            }
            _ => None,
        };
        let Some(written) = written else {
            // Unknown markup keeps its text; a block's words are set apart.
            let spaced = role.is_block();
            if spaced {
                out.push(' ');
            }
            self.html_children(node, out, depth, open, blocks);
            if spaced {
                out.push(' ');
            }
            return;
        };
        let attributes = match (written, &href) {
            ("a", Some(href)) => format!(" href=\"{}\"", escape::attribute(href)),
            ("td" | "th", _) => spans(node),
            _ => String::new(),
        };
        out.push_str(&format!("<{written}{attributes}>"));
        self.html_children(node, out, depth, open + 1, blocks);
        out.push_str(&format!("</{written}>"));
    }
}

/// A cell's `colspan` and `rowspan`, when they are numbers.
fn spans(cell: &Node) -> String {
    let mut out = String::new();
    for name in ["colspan", "rowspan"] {
        if let Some(value) = attr(cell, name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty() && v.len() < 5 && v.bytes().all(|b| b.is_ascii_digit()))
        {
            out.push_str(&format!(" {name}=\"{value}\""));
        }
    }
    out
}

/// Whether a figure holds images and nothing else to read outside its captions.
fn is_image_figure(figure: &Node) -> bool {
    let mut images = 0;
    let mut stack: Vec<Rc<Node>> = figure.children.borrow().iter().cloned().collect();
    while let Some(node) = stack.pop() {
        match &node.data {
            NodeData::Text { contents } if !contents.borrow().trim().is_empty() => return false,
            NodeData::Element { name, .. } => {
                let tag: &str = &name.local;
                if NOT_PICTURES.contains(&tag) {
                    continue;
                }
                if !FIGURE_PARTS.contains(&tag) {
                    return false;
                }
                if tag == "img" {
                    images += 1;
                }
                stack.extend(node.children.borrow().iter().cloned());
            }
            _ => {}
        }
    }
    images > 0
}

/// Whether a figure (or a figure inside it) has a caption with something in it.
fn has_caption(figure: &Node) -> bool {
    let mut stack: Vec<Rc<Node>> = figure.children.borrow().iter().cloned().collect();
    while let Some(node) = stack.pop() {
        match tag_of(&node) {
            Some("figcaption") if !text_of(&node, false).is_empty() => return true,
            Some(tag) if NOT_PICTURES.contains(&tag) => {}
            Some(_) => stack.extend(node.children.borrow().iter().cloned()),
            None => {}
        }
    }
    false
}

/// The images under a node in document order, each with the address of the link
/// around it (the node itself may be that link), if any.
fn images_in(root: &Node) -> Vec<(Rc<Node>, Option<String>)> {
    let link = |node: &Node, around: &Option<String>| -> Option<String> {
        if tag_of(node) != Some("a") {
            return around.clone();
        }
        safe_href(node)
    };
    let mut images = Vec::new();
    let root_link = link(root, &None);
    let mut stack: Vec<(Rc<Node>, Option<String>)> = root
        .children
        .borrow()
        .iter()
        .rev()
        .map(|child| (child.clone(), root_link.clone()))
        .collect();
    while let Some((node, around)) = stack.pop() {
        match tag_of(&node) {
            Some("img") => images.push((node, around)),
            Some(tag) if NOT_PICTURES.contains(&tag) => {}
            Some(_) => {
                let around = link(&node, &around);
                let children = node.children.borrow();
                stack.extend(children.iter().rev().map(|c| (c.clone(), around.clone())));
            }
            None => {}
        }
    }
    images
}
