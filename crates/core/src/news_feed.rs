//! Rules for News Feed items: how long a headline and text may be, and the small
//! Markdown subset an item's text is written in (links, bold, italics).
//!
//! Feed items are glanced at beside an article, so the text stays short and plain:
//! anything beyond the subset (headings, lists, images, raw HTML) is shown as its
//! words, never as markup.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Longest headline, in characters.
pub const HEADLINE_MAX: usize = 120;
/// Longest text, in characters: two or three lines beside an article.
pub const TEXT_MAX: usize = 600;

/// What an editor typed into the composer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItemDraft {
    pub headline: String,
    pub text: String,
}

/// Why a draft cannot be published, in words for the editor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedItemError {
    #[error("Write a headline.")]
    HeadlineMissing,
    #[error("Keep the headline to {HEADLINE_MAX} characters; it has {0}.")]
    HeadlineTooLong(usize),
    #[error("Write the item's text: two or three lines.")]
    TextMissing,
    #[error(
        "Keep the text to {TEXT_MAX} characters; it has {0}. Link to an article for the full story."
    )]
    TextTooLong(usize),
}

impl FeedItemDraft {
    /// The draft with surrounding whitespace trimmed.
    pub fn new(headline: &str, text: &str) -> FeedItemDraft {
        FeedItemDraft {
            headline: headline.split_whitespace().collect::<Vec<_>>().join(" "),
            text: text.trim().replace("\r\n", "\n"),
        }
    }

    /// Every problem with the draft, headline first.
    pub fn problems(&self) -> Vec<FeedItemError> {
        let mut problems = Vec::new();
        let headline = self.headline.chars().count();
        if headline == 0 {
            problems.push(FeedItemError::HeadlineMissing);
        } else if headline > HEADLINE_MAX {
            problems.push(FeedItemError::HeadlineTooLong(headline));
        }
        let text = self.text.chars().count();
        if text == 0 {
            problems.push(FeedItemError::TextMissing);
        } else if text > TEXT_MAX {
            problems.push(FeedItemError::TextTooLong(text));
        }
        problems
    }
}

/// Renders an item's text: paragraphs, links (web, mail and site-relative addresses
/// only), bold and italics. Everything else becomes escaped text.
pub fn render_text(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    let mut in_paragraph = false;
    // Whether each open link was written (an unsafe address keeps only its words).
    let mut links: Vec<bool> = Vec::new();
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Emphasis) => html.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => html.push_str("</em>"),
            Event::Start(Tag::Strong) => html.push_str("<strong>"),
            Event::End(TagEnd::Strong) => html.push_str("</strong>"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let safe = is_safe_link(&dest_url);
                if safe {
                    open_paragraph(&mut html, &mut in_paragraph);
                    html.push_str("<a href=\"");
                    escape_into(&mut html, &dest_url);
                    html.push_str("\">");
                }
                links.push(safe);
            }
            Event::End(TagEnd::Link) => {
                let written = links.pop() == Some(true);
                html.push_str(if written { "</a>" } else { "" });
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock,
            ) => open_paragraph(&mut html, &mut in_paragraph),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock,
            ) => close_paragraph(&mut html, &mut in_paragraph),
            Event::Text(words)
            | Event::Code(words)
            | Event::Html(words)
            | Event::InlineHtml(words) => {
                open_paragraph(&mut html, &mut in_paragraph);
                escape_into(&mut html, &words);
            }
            Event::SoftBreak => html.push(' '),
            Event::HardBreak => html.push_str("<br>"),
            _ => {}
        }
    }
    close_paragraph(&mut html, &mut in_paragraph);
    html
}

fn close_paragraph(html: &mut String, in_paragraph: &mut bool) {
    if *in_paragraph {
        html.push_str("</p>");
        *in_paragraph = false;
    }
}

fn open_paragraph(html: &mut String, in_paragraph: &mut bool) {
    if !*in_paragraph {
        html.push_str("<p>");
        *in_paragraph = true;
    }
}

fn is_safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (lower.starts_with('/') && !lower.starts_with("//"))
}

fn escape_into(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_links_bold_and_italics() {
        assert_eq!(
            render_text("Road **closed** at *dawn*; see [the map](https://example.com/m?a=1&b=2)."),
            "<p>Road <strong>closed</strong> at <em>dawn</em>; see \
             <a href=\"https://example.com/m?a=1&amp;b=2\">the map</a>.</p>"
        );
        assert_eq!(
            render_text("[Full story](/council-vote/)"),
            "<p><a href=\"/council-vote/\">Full story</a></p>"
        );
    }

    #[test]
    fn everything_else_becomes_words() {
        assert_eq!(
            render_text("# Big\n\n<script>alert(1)</script>\n\n- one\n- two"),
            "<p>Big</p><p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p><p>one</p><p>two</p>"
        );
        assert_eq!(
            render_text("![a cat](https://example.com/cat.jpg) [x](javascript:alert(1))"),
            "<p>a cat x</p>"
        );
        assert_eq!(render_text("[x](//evil.example/)"), "<p>x</p>");
    }

    #[test]
    fn lines_stay_together_in_a_paragraph() {
        assert_eq!(render_text("one\ntwo"), "<p>one two</p>");
        assert_eq!(render_text("one\n\ntwo"), "<p>one</p><p>two</p>");
    }

    #[test]
    fn drafts_are_checked_for_length_and_emptiness() {
        assert_eq!(
            FeedItemDraft::new("  ", "\n").problems(),
            vec![FeedItemError::HeadlineMissing, FeedItemError::TextMissing]
        );
        let long = "é".repeat(HEADLINE_MAX + 1);
        assert_eq!(
            FeedItemDraft::new(&long, "ok").problems(),
            vec![FeedItemError::HeadlineTooLong(HEADLINE_MAX + 1)]
        );
        let fine = FeedItemDraft::new(&"é".repeat(HEADLINE_MAX), &"x".repeat(TEXT_MAX));
        assert!(fine.problems().is_empty());
        assert_eq!(
            FeedItemDraft::new("h", &"x".repeat(TEXT_MAX + 1)).problems(),
            vec![FeedItemError::TextTooLong(TEXT_MAX + 1)]
        );
        assert_eq!(FeedItemDraft::new(" a   b ", " t ").headline, "a b");
    }
}
