//! HTML to Byline Markdown (WordPress bodies, Ghost posts stored only as HTML).
//!
//! What each construct becomes:
//!
//! - paragraphs, headings (`<h1>` as `##`: the headline is the page's only `<h1>`),
//!   lists (nested), quotes, links, bold, italic, strikethrough, inline code: Markdown
//!   (emphasis that Markdown would misread, as in `<b>x</b><i>y</i>`, as inline
//!   `<strong>`, `<em>`, `<del>`);
//!   `<pre>` a fenced code block, `<hr>` `---`, `<br>` a hard break (two in a row end
//!   the paragraph);
//! - `<img>` outside a figure: `![alt](src)`; a `<figure>` of images with a caption:
//!   an HTML block (`<figure>`, `<img>`, `<figcaption>` on consecutive lines, so the
//!   block holds together); a figure of images without a caption: Markdown images;
//! - tables: an HTML `<table>` block, one row a line. Markdown tables need a header
//!   row, cannot hold lists or paragraphs in a cell and have no `colspan`, so an HTML
//!   table (which Byline's sanitizer keeps) is the one form that never loses a cell;
//! - `<iframe>` (Byline shows no frames): a paragraph linking to the page the frame
//!   showed (YouTube, Vimeo and X players are turned back into their pages);
//!   `<video>`, `<audio>`: a link to the file;
//! - `<script>`, `<style>`, forms and plugin objects: left out (a problem is noted);
//!   attributes other than addresses and alt text (event handlers included) are never
//!   copied; any other element keeps its text.
//!
//! Text is escaped so that it reads as it did. Image addresses are kept exactly as
//! written (the importer rewrites them after copying the files) and recorded with
//! [`Body::saw_image`].
//!
//! The HTML is parsed by html5ever (through `htmd`, which sets the parser up), but the
//! tree is walked here rather than by `htmd`'s own converter: that converter recurses
//! once per element and overflows the stack on deeply nested input (10,000 nested
//! `<div>`s), its handlers cannot record images or problems without shared mutable
//! state, and it escapes too little for Byline's Markdown (`~~`, `|`, `]` in alt
//! text, character references). Here the walk follows at most `MAX_DEPTH` elements
//! down and keeps deeper content as plain text, and lists and quotes nest at most
//! `MAX_CONTAINERS` deep, so the result always stays within what
//! `byline_core::markdown::check` accepts.

mod blocks;
pub(crate) mod embed;
mod emphasis;
pub(crate) mod escape;
mod inline;
mod markup;
mod nesting;
#[cfg(test)]
pub(crate) mod tests;

use std::rc::Rc;
use std::sync::LazyLock;

use markup5ever_rcdom::{Node, NodeData};

use crate::Body;
use blocks::Blocks;
use inline::{Inline, Marks};

/// How many elements deep the walk follows; deeper, an element's text is kept as
/// plain paragraphs.
const MAX_DEPTH: usize = 64;

/// How many lists and quotes may sit inside each other; deeper ones are flattened
/// into their parent (a list level counts twice towards Byline's nesting limit).
const MAX_CONTAINERS: usize = 8;

static PARSER: LazyLock<htmd::HtmlToMarkdown> = LazyLock::new(htmd::HtmlToMarkdown::new);

/// Appends `html` to `body` as Markdown: paragraphs, headings, lists, quotes, links,
/// emphasis and code as Markdown; figures, tables and anything without a Markdown
/// form as HTML blocks (sanitized when rendered). Images are recorded with
/// [`Body::saw_image`].
pub fn to_markdown(html: &str, body: &mut Body) {
    if html.trim().is_empty() {
        return;
    }
    // The doctype keeps the parser out of quirks mode, where a table may open inside
    // a paragraph.
    let html = format!("<!DOCTYPE html>{}", nesting::limited(html));
    let tree = match PARSER.html_to_tree(&html) {
        Ok(tree) => tree,
        Err(e) => {
            body.problem(format!("the HTML could not be read ({e})"));
            return;
        }
    };
    let markdown = {
        let mut converter = Converter::new(body);
        let blocks = converter.blocks_of(&tree, 0);
        converter.report();
        blocks.finish()
    };
    if markdown.is_empty() {
        return;
    }
    let kept = body.markdown.trim_end().len();
    body.markdown.truncate(kept);
    if !body.markdown.is_empty() {
        body.markdown.push_str("\n\n");
    }
    body.markdown.push_str(&markdown);
}

/// One conversion: where the Markdown's images and problems go, and what was left
/// out on the way.
struct Converter<'b> {
    body: &'b mut Body,
    scripts: usize,
    /// Whether content nested past [`MAX_DEPTH`] was kept as plain text.
    flattened: bool,
    /// Lists and quotes open around the current element.
    containers: usize,
    /// Problems to report once each.
    notes: Vec<String>,
}

/// Blocks being written, and the paragraph being gathered.
#[derive(Default)]
struct Flow {
    blocks: Blocks,
    line: Inline,
}

impl Flow {
    /// Ends the paragraph being gathered, if any.
    fn paragraph_break(&mut self) {
        let line = std::mem::take(&mut self.line);
        self.blocks.paragraph(line.paragraph());
    }

    /// A `<br>`; a second one in a row ends the paragraph, as it looks in a browser.
    fn line_break(&mut self) {
        if self.line.ends_with_break() {
            self.paragraph_break();
        } else {
            self.line.hard_break();
        }
    }

    fn finish(mut self) -> Blocks {
        self.paragraph_break();
        self.blocks
    }
}

/// What an element becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Script,
    /// Left out; with a note when an editor should know.
    Dropped(Option<&'static str>),
    /// Its children's blocks, in place (`div`, `p`, `section`, …).
    Container,
    Heading(usize),
    Quote,
    List {
        ordered: bool,
    },
    Pre,
    Rule,
    Break,
    Figure,
    Caption,
    Table,
    Frame,
    Media,
    Image,
    /// Text-level markup; unknown elements are inline and keep their text.
    Inline,
}

impl Role {
    fn of(tag: &str) -> Role {
        match tag {
            "script" => Role::Script,
            "object" | "embed" | "applet" => Role::Dropped(Some(
                "an embedded object (<object> or <embed>) was left out",
            )),
            "form" => Role::Dropped(Some("a form was left out")),
            "math" => Role::Dropped(Some("a formula (MathML) was left out")),
            "style" | "noscript" | "template" | "title" | "meta" | "link" | "base" | "param"
            | "source" | "track" | "col" | "colgroup" | "input" | "select" | "option"
            | "optgroup" | "textarea" | "button" | "datalist" | "output" | "progress" | "meter"
            | "svg" | "canvas" | "map" | "area" | "frameset" | "frame" | "wbr" => {
                Role::Dropped(None)
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                Role::Heading(usize::from(tag.as_bytes()[1] - b'0'))
            }
            "blockquote" => Role::Quote,
            "ul" | "menu" | "dir" => Role::List { ordered: false },
            "ol" => Role::List { ordered: true },
            "pre" | "xmp" | "listing" => Role::Pre,
            "hr" => Role::Rule,
            "br" => Role::Break,
            "figure" => Role::Figure,
            "figcaption" | "caption" => Role::Caption,
            "table" => Role::Table,
            "iframe" => Role::Frame,
            "video" | "audio" => Role::Media,
            "img" => Role::Image,
            "html" | "head" | "body" | "p" | "div" | "section" | "article" | "aside" | "header"
            | "footer" | "main" | "nav" | "address" | "center" | "details" | "summary"
            | "dialog" | "dl" | "dt" | "dd" | "fieldset" | "legend" | "hgroup" | "li"
            | "search" | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th" => Role::Container,
            _ => Role::Inline,
        }
    }

    /// Whether the element makes blocks of its own (so it cannot sit in a line).
    fn is_block(self) -> bool {
        !matches!(
            self,
            Role::Script | Role::Dropped(_) | Role::Break | Role::Image | Role::Inline
        )
    }
}

impl<'b> Converter<'b> {
    fn new(body: &'b mut Body) -> Self {
        Converter {
            body,
            scripts: 0,
            flattened: false,
            containers: 0,
            notes: Vec::new(),
        }
    }

    /// The blocks a node's children make.
    fn blocks_of(&mut self, node: &Node, depth: usize) -> Blocks {
        let mut flow = Flow::default();
        self.flow_children(node, &mut flow, depth);
        flow.finish()
    }

    fn flow_children(&mut self, node: &Node, flow: &mut Flow, depth: usize) {
        for child in node.children.borrow().iter() {
            self.flow_node(child, flow, depth + 1);
        }
    }

    fn flow_node(&mut self, node: &Node, flow: &mut Flow, depth: usize) {
        let tag = match &node.data {
            NodeData::Text { contents } => return flow.line.text(&contents.borrow()),
            NodeData::Document => return self.flow_children(node, flow, depth),
            NodeData::Element { name, .. } => &*name.local,
            _ => return,
        };
        if depth > MAX_DEPTH {
            flow.paragraph_break();
            for paragraph in self.paragraphs_of(node) {
                let mut line = Inline::default();
                line.text(&paragraph);
                flow.blocks.paragraph(line.paragraph());
            }
            return;
        }
        let role = Role::of(tag);
        if role.is_block() && !matches!(role, Role::Container) {
            flow.paragraph_break();
        }
        match role {
            Role::Script => self.scripts += 1,
            Role::Dropped(note) => self.leave_out(note),
            Role::Break => flow.line_break(),
            Role::Image => {
                if let Some(image) = self.image(node) {
                    flow.line.markup(&image);
                }
            }
            // A link around blocks (a bookmark card) keeps its blocks, then its address.
            Role::Inline if inline::holds_blocks(node) => {
                self.flow_children(node, flow, depth);
                if let Some(href) = inline::safe_href(node).filter(|_| tag == "a") {
                    flow.paragraph_break();
                    flow.blocks.paragraph(inline::link_to(None, &href));
                }
            }
            Role::Inline => {
                let markdown = self.inline_element(node, tag, depth, Marks::default());
                flow.line.markup(&markdown);
            }
            Role::Container => {
                flow.paragraph_break();
                self.flow_children(node, flow, depth);
                flow.paragraph_break();
            }
            Role::Heading(level) => {
                let text = self.inline_children(node, depth, Marks::default());
                flow.blocks.heading(level, &text.line());
            }
            Role::Quote if self.containers < MAX_CONTAINERS => {
                self.containers += 1;
                let inner = self.blocks_of(node, depth);
                self.containers -= 1;
                flow.blocks.quote(inner);
            }
            Role::List { ordered } if self.containers < MAX_CONTAINERS => {
                self.list(node, ordered, flow, depth);
            }
            Role::Quote | Role::List { .. } => {
                self.flow_children(node, flow, depth);
                flow.paragraph_break();
            }
            Role::Pre => {
                let code = inline::text_of(node, true);
                flow.blocks.code(&code, &language_of(node));
            }
            Role::Rule => flow.blocks.rule(),
            Role::Figure => self.figure(node, flow, depth),
            Role::Caption => {
                let marks = Marks {
                    emphasis: true,
                    ..Marks::default()
                };
                let caption = self
                    .inline_children(node, depth, marks)
                    .wrapped(emphasis::Mark::Emphasis);
                let mut line = Inline::default();
                line.markup(&caption);
                flow.blocks.paragraph(line.paragraph());
            }
            Role::Table => self.table(node, flow, depth),
            Role::Frame | Role::Media => {
                if let Some((label, url)) = self.embed_target(node, tag) {
                    flow.blocks
                        .paragraph(inline::link_to(label.as_deref(), &url));
                }
            }
        }
    }

    /// A list: each `<li>` an item; anything else inside (a list written straight
    /// into a list, stray text) joins the item before it.
    fn list(&mut self, node: &Node, ordered: bool, flow: &mut Flow, depth: usize) {
        self.containers += 1;
        let mut items: Vec<Blocks> = Vec::new();
        for child in node.children.borrow().iter() {
            if tag_of(child) == Some("li") {
                items.push(self.blocks_of(child, depth + 1));
                continue;
            }
            if let NodeData::Text { contents } = &child.data
                && contents.borrow().trim().is_empty()
            {
                continue;
            }
            let mut stray = Flow::default();
            self.flow_node(child, &mut stray, depth + 1);
            let stray = stray.finish();
            match items.last_mut() {
                Some(item) => item.append(stray),
                None => items.push(stray),
            }
        }
        self.containers -= 1;
        let start = attr(node, "start")
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or(1);
        flow.blocks.list(ordered, start, items);
    }

    /// A subtree's text without its structure, one paragraph per block element.
    fn paragraphs_of(&mut self, node: &Node) -> Vec<String> {
        self.flattened = true;
        enum Step {
            Enter(Rc<Node>),
            Leave,
        }
        let mut paragraphs = Vec::new();
        let mut current = String::new();
        let mut end_paragraph = |current: &mut String| {
            let text = escape::collapse(current);
            if !text.is_empty() {
                paragraphs.push(text);
            }
            current.clear();
        };
        let mut stack: Vec<Step> = node
            .children
            .borrow()
            .iter()
            .rev()
            .map(|child| Step::Enter(child.clone()))
            .collect();
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::Leave => {
                    end_paragraph(&mut current);
                    continue;
                }
                Step::Enter(node) => node,
            };
            match &node.data {
                NodeData::Text { contents } => current.push_str(&contents.borrow()),
                NodeData::Element { name, .. } => {
                    let role = Role::of(&name.local);
                    match role {
                        Role::Script => self.scripts += 1,
                        Role::Dropped(note) => self.leave_out(note),
                        Role::Break => current.push(' '),
                        _ => {
                            if role.is_block() {
                                end_paragraph(&mut current);
                                stack.push(Step::Leave);
                            }
                            let children = node.children.borrow();
                            stack.extend(children.iter().rev().map(|c| Step::Enter(c.clone())));
                        }
                    }
                }
                _ => {}
            }
        }
        end_paragraph(&mut current);
        paragraphs
    }

    fn leave_out(&mut self, note: Option<&'static str>) {
        if let Some(note) = note {
            self.note(note.to_owned());
        }
    }

    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    fn report(self) {
        match self.scripts {
            0 => {}
            1 => self
                .body
                .problem("a script was left out (Byline runs no scripts in articles)"),
            n => self.body.problem(format!(
                "{n} scripts were left out (Byline runs no scripts in articles)"
            )),
        }
        if self.flattened {
            self.body.problem(format!(
                "HTML nested more than {MAX_DEPTH} elements deep was kept as plain text"
            ));
        }
        for note in self.notes {
            self.body.problem(note);
        }
    }
}

fn tag_of(node: &Node) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } => Some(&name.local),
        _ => None,
    }
}

fn attr(node: &Node, name: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

/// A code block's language, from a `language-…` or `lang-…` class on the `<pre>` or
/// its `<code>`.
fn language_of(pre: &Node) -> String {
    let code = pre
        .children
        .borrow()
        .iter()
        .find(|child| tag_of(child) == Some("code"))
        .cloned();
    let classes = [attr(pre, "class"), code.and_then(|c| attr(&c, "class"))];
    classes
        .iter()
        .flatten()
        .flat_map(|class| class.split_whitespace())
        .find_map(|class| {
            class
                .strip_prefix("language-")
                .or_else(|| class.strip_prefix("lang-"))
        })
        .unwrap_or("")
        .to_owned()
}
