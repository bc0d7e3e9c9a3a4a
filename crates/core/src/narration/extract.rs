//! The spoken blocks of a Markdown body: paragraphs, headings, list items and quoted
//! paragraphs, as plain text. What only makes sense on a page is left out.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::markdown::parse_marker;

/// Raw HTML elements whose contents are not prose: a figure's caption describes a
/// picture the listener cannot see; scripts, styles and embeds are not text at all.
const UNSPOKEN_ELEMENTS: [&str; 10] = [
    "figure",
    "figcaption",
    "script",
    "style",
    "iframe",
    "video",
    "audio",
    "picture",
    "svg",
    "table",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    Paragraph,
    /// Headings and list items often have no full stop, yet need the pause of one.
    Heading,
    ListItem,
}

/// One spoken paragraph before the word rules run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    pub kind: BlockKind,
    pub text: String,
}

/// The same options the page is rendered with, so the listener hears the text the
/// reader sees.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The blocks of a body in reading order, without empty ones or related-article cards.
pub(super) fn blocks(markdown: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    for event in Parser::new_ext(markdown, parser_options()) {
        reader.read(event);
    }
    reader.flush();
    reader.blocks
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    text: String,
    kind: Option<BlockKind>,
    /// Depth inside something left out: an image, code, a table, a footnote, raw HTML.
    unspoken: usize,
    /// Depth inside inline HTML elements whose contents are left out.
    unspoken_html: usize,
    list_items: usize,
}

impl Reader {
    fn read(&mut self, event: Event) {
        match event {
            Event::Start(tag) if is_unspoken(&tag) => self.unspoken += 1,
            Event::End(tag) if is_unspoken_end(tag) => {
                self.unspoken = self.unspoken.saturating_sub(1);
            }
            Event::Start(Tag::Heading { .. }) => self.begin(BlockKind::Heading),
            Event::Start(Tag::Item) => {
                self.list_items += 1;
                self.begin(BlockKind::ListItem);
            }
            Event::Start(Tag::Paragraph) => self.begin(self.paragraph_kind()),
            Event::End(TagEnd::Item) => {
                self.flush();
                self.list_items = self.list_items.saturating_sub(1);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => self.flush(),
            Event::Text(text) | Event::Code(text) => self.push(&text),
            Event::SoftBreak | Event::HardBreak => self.push(" "),
            Event::InlineHtml(html) => self.read_inline_html(&html),
            _ => {}
        }
    }

    fn paragraph_kind(&self) -> BlockKind {
        if self.list_items > 0 {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        }
    }

    fn begin(&mut self, kind: BlockKind) {
        self.flush();
        self.kind = Some(kind);
    }

    fn push(&mut self, text: &str) {
        if self.unspoken == 0 && self.unspoken_html == 0 {
            self.text.push_str(text);
        }
    }

    /// Tags are dropped and their text kept ("<em>really</em>"), except inside the
    /// elements that are never prose.
    fn read_inline_html(&mut self, html: &str) {
        let Some(name) = tag_name(html) else {
            return;
        };
        if name == "br" {
            self.push(" ");
        } else if UNSPOKEN_ELEMENTS.contains(&name.as_str()) && !html.ends_with("/>") {
            if html.starts_with("</") {
                self.unspoken_html = self.unspoken_html.saturating_sub(1);
            } else {
                self.unspoken_html += 1;
            }
        }
    }

    fn flush(&mut self) {
        let text = std::mem::take(&mut self.text);
        let kind = self.kind.take().unwrap_or_else(|| self.paragraph_kind());
        // A card for another article is a marker on its own line, not words.
        let is_card = parse_marker(text.trim()).is_some();
        if !text.trim().is_empty() && !is_card {
            self.blocks.push(Block { kind, text });
        }
    }
}

/// Struck-through words are words the newsroom took back: reading both versions
/// aloud would only confuse.
fn is_unspoken(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Image { .. }
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::Table(_)
            | Tag::FootnoteDefinition(_)
            | Tag::Strikethrough
            | Tag::MetadataBlock(_)
    )
}

fn is_unspoken_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Image
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::Table
            | TagEnd::FootnoteDefinition
            | TagEnd::Strikethrough
            | TagEnd::MetadataBlock(_)
    )
}

/// "<figure class=x>" -> "figure", "</EM>" -> "em".
fn tag_name(html: &str) -> Option<String> {
    let inner = html.strip_prefix('<')?.trim_start_matches('/');
    let end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    (end > 0).then(|| inner[..end].to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(markdown: &str) -> Vec<String> {
        blocks(markdown)
            .into_iter()
            .map(|block| block.text)
            .collect()
    }

    #[test]
    fn prose_blocks_are_kept_in_order_with_their_kind() {
        let markdown =
            "# Floods\n\nThe river rose.\n\n- sandbags\n- pumps\n\n> A quote.\n\n## After";
        let kinds: Vec<(BlockKind, String)> = blocks(markdown)
            .into_iter()
            .map(|block| (block.kind, block.text))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Heading, "Floods".to_owned()),
                (BlockKind::Paragraph, "The river rose.".to_owned()),
                (BlockKind::ListItem, "sandbags".to_owned()),
                (BlockKind::ListItem, "pumps".to_owned()),
                (BlockKind::Paragraph, "A quote.".to_owned()),
                (BlockKind::Heading, "After".to_owned()),
            ]
        );
    }

    #[test]
    fn what_only_a_page_shows_is_left_out() {
        let cases: [(&str, &[&str]); 9] = [
            (
                "Before ![a map of the bay](/map.png) after.",
                &["Before  after."],
            ),
            ("```\nlet x = 1;\n```\n\nText.", &["Text."]),
            ("    indented code\n\nText.", &["Text."]),
            ("| a | b |\n|---|---|\n| 1 | 2 |\n\nText.", &["Text."]),
            ("Claim.[^1]\n\n[^1]: A source.", &["Claim."]),
            (
                "Before.\n\n[[related: bridge-closes]]\n\nAfter.",
                &["Before.", "After."],
            ),
            (
                "<figure><img src=a.png><figcaption>Cap</figcaption></figure>\n\nText.",
                &["Text."],
            ),
            ("It was ~~Monday~~ Tuesday.", &["It was  Tuesday."]),
            (
                "Text <figcaption>inline cap</figcaption> more.",
                &["Text  more."],
            ),
        ];
        for (markdown, expected) in cases {
            assert_eq!(texts(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn inline_text_is_kept_without_its_markup() {
        let cases: [(&str, &[&str]); 5] = [
            (
                "A [linked report](https://example.org) says.",
                &["A linked report says."],
            ),
            ("Run `make` now.", &["Run make now."]),
            ("Very <em>very</em> loud.", &["Very very loud."]),
            ("One line\nnext line  \nlast", &["One line next line last"]),
            (
                "A [[related: Not A Slug]] stays.",
                &["A [[related: Not A Slug]] stays."],
            ),
        ];
        for (markdown, expected) in cases {
            assert_eq!(texts(markdown), expected, "{markdown}");
        }
    }

    #[test]
    fn loose_and_nested_list_items_are_separate_blocks() {
        let markdown = "- first\n\n  still first\n- second\n  - inner";
        assert_eq!(texts(markdown), ["first", "still first", "second", "inner"]);
        let kinds: Vec<BlockKind> = blocks(markdown).into_iter().map(|b| b.kind).collect();
        assert!(kinds.iter().all(|kind| *kind == BlockKind::ListItem));
    }
}
