//! Markdown to safe HTML, done once when a post is saved (never per request).
//!
//! Bodies may embed another article as a card with a paragraph of its own:
//! `[[related: other-slug]]`. The marker survives rendering as a plain paragraph and is
//! swapped for the card when the page is built, because the card shows the other
//! article as it is *now* (and nothing if it is missing or unpublished).

use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::slug::Slug;

/// Characters of plain text kept for an automatic excerpt.
const EXCERPT_CHARS: usize = 220;

/// A body rendered for the web, with the facts other rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedBody {
    pub html: String,
    /// The opening of the body as plain text, cut at a word boundary.
    pub excerpt: String,
    /// The whole body as plain text, for search (without related-card markers).
    pub text: String,
    pub word_count: usize,
    pub image_count: usize,
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["figure", "figcaption"])
        .add_generic_attributes(["id"])
        .link_rel(Some("noopener"))
        .url_relative(ammonia::UrlRelative::PassThrough);
    builder
});

/// Renders Markdown to sanitized HTML. Raw HTML in the source is sanitized too, so a
/// script or an event handler never reaches a reader. A top-level `#` heading becomes
/// `<h2>`: the page's only `<h1>` is the headline.
pub fn render(markdown: &str) -> RenderedBody {
    let options = parser_options();

    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
            Event::End(TagEnd::Heading(HeadingLevel::H2))
        }
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    let reading = read_text(markdown, options);
    RenderedBody {
        html: SANITIZER.clean(&unsafe_html).to_string(),
        excerpt: excerpt_of(&reading.plain),
        text: reading
            .plain
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        word_count: reading.word_count,
        image_count: reading.image_count,
    }
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The plain text of a Markdown body, without rendering or sanitizing HTML (for
/// search snippets and the search index).
pub fn plain_text(markdown: &str) -> String {
    let options = parser_options();
    let read = read_text(markdown, options);
    read.plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a reader reads: the body's words outside images, code blocks' words included,
/// related-article markers left out.
struct ReadText {
    plain: String,
    word_count: usize,
    image_count: usize,
}

fn read_text(markdown: &str, options: Options) -> ReadText {
    let without_markers: String = markdown
        .lines()
        .filter(|line| parse_marker(line.trim()).is_none())
        .flat_map(|line| [line, "\n"])
        .collect();
    let mut read = ReadText {
        plain: String::new(),
        word_count: 0,
        image_count: 0,
    };
    let mut image_depth = 0usize;
    for event in Parser::new_ext(&without_markers, options) {
        match event {
            Event::Start(Tag::Image { .. }) => {
                read.image_count += 1;
                image_depth += 1;
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if image_depth == 0 => {
                read.word_count += text.split_whitespace().count();
                read.plain.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                read.plain.push(' ');
            }
            _ => {}
        }
    }
    read
}

/// Plain text cut to an excerpt's length at a word boundary, with an ellipsis if cut.
pub fn excerpt_of(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let mut cut: String = text.chars().take(EXCERPT_CHARS).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    cut.trim_end_matches([',', ';', ':', '.', ' ']).to_owned() + "…"
}

pub(crate) fn parse_marker(text: &str) -> Option<Slug> {
    let inner = text.strip_prefix("[[related:")?.strip_suffix("]]")?;
    Slug::parse(inner.trim()).ok()
}

/// A piece of a rendered body: HTML to print as it is, or a related-article card to
/// fill in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyPart<'a> {
    Html(&'a str),
    Related(Slug),
}

/// Splits rendered HTML at its related-article markers (`<p>[[related: slug]]</p>`).
pub fn split_related(html: &str) -> Vec<BodyPart<'_>> {
    const OPEN: &str = "<p>[[related:";
    const CLOSE: &str = "]]</p>";
    let mut parts = Vec::new();
    let mut html_start = 0;
    let mut search_from = 0;
    while let Some(found) = html[search_from..].find(OPEN) {
        let start = search_from + found;
        let Some(close) = html[start..].find(CLOSE) else {
            break;
        };
        let end = start + close + CLOSE.len();
        search_from = end;
        if let Some(slug) = parse_marker(&html[start + "<p>".len()..end - "</p>".len()]) {
            if start > html_start {
                parts.push(BodyPart::Html(&html[html_start..start]));
            }
            parts.push(BodyPart::Related(slug));
            html_start = end;
        }
    }
    if html_start < html.len() {
        parts.push(BodyPart::Html(&html[html_start..]));
    }
    parts
}

/// The slugs a body embeds as related-article cards, in order.
pub fn related_slugs(html: &str) -> Vec<Slug> {
    split_related(html)
        .into_iter()
        .filter_map(|part| match part {
            BodyPart::Related(slug) => Some(slug),
            BodyPart::Html(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn scripts_and_handlers_are_removed() {
        let body = render(
            "Hello <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n<a href=\"javascript:alert(3)\">x</a>",
        );
        assert!(!body.html.contains("<script"), "{}", body.html);
        assert!(!body.html.contains("onerror"), "{}", body.html);
        assert!(!body.html.contains("javascript:"), "{}", body.html);
    }

    #[test]
    fn top_level_headings_are_demoted_below_the_headline() {
        let body = render("# Inside\n\ntext\n\n## Deeper");
        assert!(body.html.contains("<h2>Inside</h2>"), "{}", body.html);
        assert!(!body.html.contains("<h1>"));
    }

    #[test]
    fn words_images_and_excerpt_are_counted() {
        let body = render("One two three.\n\n![alt](/a.png)\n\n> Four five");
        assert_eq!(body.word_count, 5);
        assert_eq!(body.image_count, 1);
        assert_eq!(body.excerpt, "One two three. Four five");
    }

    #[test]
    fn related_markers_split_the_body() {
        let body = render("Before.\n\n[[related: bridge-closes]]\n\nAfter.");
        let parts = split_related(&body.html);
        assert_eq!(
            parts,
            vec![
                BodyPart::Html("<p>Before.</p>\n"),
                BodyPart::Related(Slug::parse("bridge-closes").unwrap()),
                BodyPart::Html("\n<p>After.</p>\n"),
            ]
        );
        assert_eq!(body.word_count, 2, "the marker is not read as words");
    }

    #[test]
    fn a_malformed_marker_stays_text() {
        let body = render("[[related: Not A Slug]]");
        assert_eq!(
            split_related(&body.html),
            vec![BodyPart::Html(body.html.as_str())]
        );
    }

    #[test]
    fn long_excerpts_are_cut_at_a_word() {
        let text = "word ".repeat(100);
        let excerpt = excerpt_of(&text);
        assert!(excerpt.ends_with("word…"));
        assert!(excerpt.chars().count() <= EXCERPT_CHARS + 1);
    }

    proptest! {
            #[test]
            fn any_markdown_renders_without_script(md in "\\PC{0,400}") {
                let body = render(&md);
                prop_assert!(!body.html.to_lowercase().contains("<script"));
    for part in split_related(&body.html) {
                    if let BodyPart::Html(html) = part {
                        prop_assert!(related_slugs(html).is_empty(), "a marker left in {html}");
                    }
                }
            }
        }
}
