//! Ghost's Lexical documents (the editor since Ghost 5) to Byline Markdown.
//!
//! A Lexical document is a tree under `root`: element nodes (paragraphs, headings,
//! quotes, lists, links) hold children, text nodes hold text with a bitmask of
//! formats, and cards are leaf nodes with their fields beside `type`. Ghost's own
//! variants (`extended-text`, `extended-heading`, …) read as the node they extend.

use serde_json::Value;

use super::cards::inline::{Format, Inlines};
use super::cards::markdown::{Blocks, MAX_DEPTH, MAX_NESTING};
use super::cards::{self, report_once, text_paragraph};
use crate::Body;

const TOO_DEEP: &str = "parts of the article were nested too deeply (lists or quotes inside \
                        each other); their text was kept without the nesting";

const NO_TYPE: &str = "parts of the document without a type were skipped";

/// Converts a Lexical document. Fails only when the text is not a Lexical document
/// (not JSON, or no `root`); anything inside that cannot be carried faithfully is
/// reported in the body's problems.
pub fn to_body(lexical: &str) -> Result<Body, String> {
    let document: Value = serde_json::from_str(lexical)
        .map_err(|error| format!("the Lexical document is not valid JSON: {error}"))?;
    let root = document
        .get("root")
        .filter(|root| root.is_object())
        .ok_or_else(|| "the Lexical document has no \"root\"".to_owned())?;
    let mut body = Body::default();
    let mut out = Blocks::default();
    Reader { body: &mut body }.flow(children(root), &mut out, 0, 0);
    body.markdown = out.finish();
    cards::check_renders(&mut body);
    Ok(body)
}

fn children(node: &Value) -> &[Value] {
    node.get("children")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The node's type, Ghost's `extended-` variants read as the node they extend.
fn kind(node: &Value) -> &str {
    let kind = node.get("type").and_then(Value::as_str).unwrap_or("");
    kind.strip_prefix("extended-").unwrap_or(kind)
}

/// Whether the node belongs inside a paragraph.
fn is_inline(node: &Value) -> bool {
    matches!(
        kind(node),
        "text"
            | "linebreak"
            | "tab"
            | "link"
            | "autolink"
            | "at-link"
            | "hashtag"
            | "emoji"
            | "code-highlight"
            | "tk"
            | "zwnj"
    ) || (node.get("text").is_some_and(Value::is_string) && node.get("children").is_none())
}

struct Reader<'a> {
    body: &'a mut Body,
}

impl Reader<'_> {
    /// Children that may mix text and blocks: each run of inline nodes becomes a
    /// paragraph. `nesting` counts the lists and quotes around, `depth` the nodes.
    fn flow(&mut self, nodes: &[Value], out: &mut Blocks, nesting: usize, depth: usize) {
        let mut pending = Inlines::default();
        for node in nodes {
            if is_inline(node) {
                self.inline(node, &mut pending, None, depth + 1);
            } else {
                out.paragraph(std::mem::take(&mut pending).to_markdown());
                self.block(node, out, nesting, depth + 1);
            }
        }
        out.paragraph(pending.to_markdown());
    }

    fn block(&mut self, node: &Value, out: &mut Blocks, nesting: usize, depth: usize) {
        if depth > MAX_DEPTH {
            self.flatten(node, out);
            return;
        }
        match kind(node) {
            "paragraph" | "listitem" | "root" => self.flow(children(node), out, nesting, depth),
            "heading" => {
                let level = node
                    .get("tag")
                    .and_then(Value::as_str)
                    .and_then(|tag| tag.strip_prefix('h'))
                    .and_then(|level| level.parse().ok())
                    .unwrap_or(2);
                let mut text = Inlines::default();
                for child in children(node) {
                    self.inline(child, &mut text, None, depth + 1);
                }
                out.heading(level, text.to_heading());
            }
            "quote" | "aside" if nesting >= MAX_NESTING => self.flatten(node, out),
            "quote" | "aside" => {
                let mut inner = Blocks::default();
                self.flow(children(node), &mut inner, nesting + 1, depth);
                out.quote(inner);
            }
            "list" => self.list(node, out, nesting, depth),
            "code" if node.get("children").is_some() => {
                let mut code = String::new();
                code_text(node, &mut code);
                let language = node.get("language").and_then(Value::as_str).unwrap_or("");
                out.code(&code, language);
            }
            "" => report_once(self.body, NO_TYPE),
            name if node.get("children").is_some_and(Value::is_array) => {
                self.body.problem(format!(
                    "an unknown block '{name}' was kept as plain paragraphs"
                ));
                self.flow(children(node), out, nesting, depth);
            }
            name => cards::render(name, node, out, self.body),
        }
    }

    /// A list; an item holding only lists (Lexical's way to nest) adds them to the
    /// item before it.
    fn list(&mut self, node: &Value, out: &mut Blocks, nesting: usize, depth: usize) {
        if nesting >= MAX_NESTING {
            self.flatten(node, out);
            return;
        }
        let ordered = node.get("listType").and_then(Value::as_str) == Some("number")
            || node.get("tag").and_then(Value::as_str) == Some("ol");
        let start = node.get("start").and_then(Value::as_u64).unwrap_or(1);
        let mut items: Vec<Blocks> = Vec::new();
        for child in children(node) {
            let inside = children(child);
            let only_lists = kind(child) == "listitem"
                && !inside.is_empty()
                && inside.iter().all(|node| kind(node) == "list");
            if only_lists && let Some(previous) = items.last_mut() {
                for list in inside {
                    self.list(list, previous, nesting + 1, depth + 2);
                }
                continue;
            }
            let mut item = Blocks::default();
            if kind(child) == "listitem" {
                self.flow(inside, &mut item, nesting + 1, depth + 1);
            } else {
                self.flow(std::slice::from_ref(child), &mut item, nesting + 1, depth);
            }
            items.push(item);
        }
        out.list(ordered, start, items);
    }

    fn inline(&mut self, node: &Value, out: &mut Inlines, link: Option<&str>, depth: usize) {
        if depth > MAX_DEPTH {
            report_once(self.body, TOO_DEEP);
            let mut text = String::new();
            plain_text(node, &mut text);
            out.text(&text, Format::default(), link);
            return;
        }
        match kind(node) {
            "linebreak" => out.line_break(),
            "tab" => out.text("\t", Format::default(), link),
            "link" | "autolink" | "at-link" => {
                let url = node.get("url").and_then(Value::as_str).or(link);
                for child in children(node) {
                    self.inline(child, out, url, depth + 1);
                }
            }
            _ => {
                if let Some(text) = node.get("text").and_then(Value::as_str) {
                    let format = node.get("format").and_then(Value::as_u64).unwrap_or(0);
                    out.text(text, Format::from_bits(format), link);
                }
                for child in children(node) {
                    self.inline(child, out, link, depth + 1);
                }
            }
        }
    }

    /// The node's text as plain paragraphs, its structure dropped.
    fn flatten(&mut self, node: &Value, out: &mut Blocks) {
        report_once(self.body, TOO_DEEP);
        let mut text = String::new();
        plain_text(node, &mut text);
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        out.paragraph(text_paragraph(&lines.join("\n"), Format::default()));
    }
}

/// All the text under a node, a line for each element.
fn plain_text(node: &Value, out: &mut String) {
    if let Some(text) = node.get("text").and_then(Value::as_str) {
        out.push_str(text);
    }
    if kind(node) == "linebreak" {
        out.push('\n');
    }
    let inside = children(node);
    for child in inside {
        plain_text(child, out);
    }
    if !inside.is_empty() {
        out.push('\n');
    }
}

/// The code in a Lexical code element: its text, line breaks and tabs.
fn code_text(node: &Value, out: &mut String) {
    for child in children(node) {
        match kind(child) {
            "linebreak" => out.push('\n'),
            "tab" => out.push('\t'),
            _ => {
                if let Some(text) = child.get("text").and_then(Value::as_str) {
                    out.push_str(text);
                }
                code_text(child, out);
            }
        }
    }
}

#[cfg(test)]
mod tests;
