//! Ghost's Mobiledoc documents (the editor before Ghost 5) to Byline Markdown.
//!
//! A Mobiledoc is flat: `sections` in order, each a paragraph-like markup section, a
//! list, an image or a card, and tables they point into (`markups`, `atoms`, `cards`).
//! A section's text is a list of markers; each opens some markups, holds text (or an
//! atom: Ghost's `soft-return` is a line break), then closes the most recent ones.

use serde_json::Value;

use super::cards::inline::{Format, Inlines};
use super::cards::markdown::Blocks;
use super::cards::{self, report_once};
use crate::Body;

/// Converts a Mobiledoc document. Fails only when the text is not a Mobiledoc (not
/// JSON, or no `sections`); anything inside that cannot be carried faithfully is
/// reported in the body's problems.
pub fn to_body(mobiledoc: &str) -> Result<Body, String> {
    let document: Value = serde_json::from_str(mobiledoc)
        .map_err(|error| format!("the Mobiledoc document is not valid JSON: {error}"))?;
    let sections = document
        .get("sections")
        .and_then(Value::as_array)
        .ok_or_else(|| "the Mobiledoc document has no \"sections\"".to_owned())?;
    let table = |name: &str| {
        document
            .get(name)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    let mut body = Body::default();
    let mut reader = Reader {
        markups: table("markups"),
        atoms: table("atoms"),
        cards: table("cards"),
        body: &mut body,
    };
    let mut out = Blocks::default();
    for section in sections {
        reader.section(section, &mut out);
    }
    body.markdown = out.finish();
    cards::check_renders(&mut body);
    Ok(body)
}

struct Reader<'a> {
    markups: &'a [Value],
    atoms: &'a [Value],
    cards: &'a [Value],
    body: &'a mut Body,
}

/// The `i`th element of a JSON array, or null.
fn at(value: &Value, i: usize) -> &Value {
    value.get(i).unwrap_or(&Value::Null)
}

fn array(value: &Value) -> &[Value] {
    value.as_array().map_or(&[], Vec::as_slice)
}

impl Reader<'_> {
    fn section(&mut self, section: &Value, out: &mut Blocks) {
        match at(section, 0).as_u64() {
            // A markup section: a paragraph, heading or quote.
            Some(1) => {
                let tag = at(section, 1).as_str().unwrap_or("p").to_ascii_lowercase();
                let text = self.markers(at(section, 2));
                match tag.as_str() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        let level = tag[1..].parse().unwrap_or(2);
                        out.heading(level, text.to_heading());
                    }
                    "blockquote" | "aside" | "pull-quote" => {
                        let mut inner = Blocks::default();
                        inner.paragraph(text.to_markdown());
                        out.quote(inner);
                    }
                    _ => out.paragraph(text.to_markdown()),
                }
            }
            // An image section: only an address.
            Some(2) => {
                let card = serde_json::json!({ "src": at(section, 1) });
                cards::render("image", &card, out, self.body);
            }
            // A list section: items of markers.
            Some(3) => {
                let ordered = at(section, 1)
                    .as_str()
                    .is_some_and(|tag| tag.eq_ignore_ascii_case("ol"));
                let items: Vec<Blocks> = array(at(section, 2))
                    .iter()
                    .map(|markers| {
                        let mut item = Blocks::default();
                        item.paragraph(self.markers(markers).to_markdown());
                        item
                    })
                    .filter(|item| !item.is_empty())
                    .collect();
                out.list(ordered, 1, items);
            }
            // A card section: an index into the cards.
            Some(10) => {
                let card = at(section, 1)
                    .as_u64()
                    .and_then(|i| self.cards.get(usize::try_from(i).ok()?));
                match card {
                    Some(card) => {
                        let name = at(card, 0).as_str().unwrap_or("");
                        cards::render(name, at(card, 1), out, self.body);
                    }
                    None => report_once(self.body, "a card the document lists was missing"),
                }
            }
            _ => report_once(
                self.body,
                "parts of the document of an unknown kind were skipped",
            ),
        }
    }

    /// A section's text. Markups open and close like a stack; only which formats and
    /// which link are open matters, so counts stand for the stack (a document that
    /// opens thousands of markups costs no more per marker).
    fn markers(&self, markers: &Value) -> Inlines {
        let mut open: Vec<Markup> = Vec::new();
        let mut counts = [0usize; 7];
        let mut links: Vec<String> = Vec::new();
        let mut text = Inlines::default();
        for marker in array(markers) {
            let kind = at(marker, 0).as_u64();
            let rest = array(marker).get(1..).unwrap_or(&[]);
            for index in rest.first().map(array).unwrap_or(&[]) {
                let markup = index
                    .as_u64()
                    .and_then(|i| self.markups.get(usize::try_from(i).ok()?))
                    .map_or(Markup::Other, markup_of);
                match &markup {
                    Markup::Format(bit) => counts[*bit] += 1,
                    Markup::Link(url) => links.push(url.clone()),
                    Markup::Other => {}
                }
                open.push(markup);
            }
            let format = (0..7)
                .filter(|bit| counts[*bit] > 0)
                .fold(Format::default(), |format, bit| {
                    format.with(Format::from_bits(1 << bit))
                });
            let link = links.last().map(String::as_str);
            let value = rest.get(2).unwrap_or(&Value::Null);
            match kind {
                Some(0) => text.text(value.as_str().unwrap_or(""), format, link),
                Some(1) => {
                    let atom = value
                        .as_u64()
                        .and_then(|i| self.atoms.get(usize::try_from(i).ok()?));
                    match atom {
                        Some(atom) if at(atom, 0).as_str() == Some("soft-return") => {
                            text.line_break();
                        }
                        Some(atom) => text.text(at(atom, 1).as_str().unwrap_or(""), format, link),
                        None => {}
                    }
                }
                _ => {}
            }
            let closed = rest.get(1).and_then(Value::as_u64).unwrap_or(0);
            for _ in 0..closed.min(open.len() as u64) {
                match open.pop() {
                    Some(Markup::Format(bit)) => counts[bit] -= 1,
                    Some(Markup::Link(_)) => {
                        links.pop();
                    }
                    _ => {}
                }
            }
        }
        text
    }
}

/// What a markup does to the text under it.
enum Markup {
    /// The format's bit number in [`Format`].
    Format(usize),
    Link(String),
    Other,
}

fn markup_of(markup: &Value) -> Markup {
    let tag = at(markup, 0).as_str().unwrap_or("").to_ascii_lowercase();
    let bit = match tag.as_str() {
        "b" | "strong" => 0,
        "i" | "em" => 1,
        "s" | "strike" | "del" => 2,
        "u" => 3,
        "code" => 4,
        "sub" => 5,
        "sup" => 6,
        "a" => {
            let attributes = array(at(markup, 1));
            let href = attributes
                .chunks(2)
                .find(|pair| pair[0].as_str() == Some("href"))
                .and_then(|pair| pair.get(1))
                .and_then(Value::as_str)
                .unwrap_or("");
            return Markup::Link(href.to_owned());
        }
        _ => return Markup::Other,
    };
    Markup::Format(bit)
}

#[cfg(test)]
mod tests;
