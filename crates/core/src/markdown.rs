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

/// The longest Markdown text Byline renders: a long read is 50 KB, so this leaves
/// room for tables and embeds while keeping one render in the milliseconds.
pub const MAX_MARKDOWN_BYTES: usize = 512 * 1024;

/// How deeply quotes, lists, formatting and raw HTML tags may nest. Rendering and
/// sanitizing cost grows with the square of the depth (40,000 nested quotes took
/// seconds), and no article needs more than a handful of levels.
pub const MAX_NESTING: usize = 40;

/// Why a text is refused before it is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MarkdownLimit {
    #[error("the text is longer than 512 KB; split it into several articles")]
    TooLong,
    #[error(
        "quotes, lists, formatting or HTML tags are nested more than 40 levels deep; flatten them"
    )]
    TooDeep,
    #[error("the text took too long to render; simplify its formatting")]
    TooSlow,
}

/// Checks the limits every rendered text keeps, without rendering it: its size, the
/// quote and list markers at the start of each line (before the parser sees them),
/// then the nesting the parser finds, raw HTML tags included. Linear in the text.
pub fn check(markdown: &str) -> Result<(), MarkdownLimit> {
    if markdown.len() > MAX_MARKDOWN_BYTES {
        return Err(MarkdownLimit::TooLong);
    }
    if markdown
        .lines()
        .any(|line| leading_markers(line) > MAX_NESTING)
    {
        return Err(MarkdownLimit::TooDeep);
    }
    let mut depth = 0usize;
    let mut html_depth = 0usize;
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(raw) | Event::InlineHtml(raw) => {
                html_depth = html_nesting(&raw, html_depth);
            }
            _ => {}
        }
        if depth + html_depth > MAX_NESTING {
            return Err(MarkdownLimit::TooDeep);
        }
    }
    Ok(())
}

/// How many quote or list markers open a line (`> > - 1. text` has four).
fn leading_markers(line: &str) -> usize {
    let mut count = 0;
    for token in line.split_whitespace() {
        let ordered = token
            .strip_suffix(['.', ')'])
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if token.bytes().all(|b| b == b'>') {
            count += token.len();
        } else if matches!(token, "-" | "*" | "+") || ordered {
            count += 1;
        } else if let Some(rest) = token.strip_prefix('>') {
            // `>>text`: the quote markers, then the line's words.
            count += 1 + rest.bytes().take_while(|&b| b == b'>').count();
            break;
        } else {
            break;
        }
    }
    count
}

/// The depth of open raw HTML elements after `raw`, starting from `depth`: opening
/// tags count up, closing tags down; void and self-closing tags do not count.
fn html_nesting(raw: &str, mut depth: usize) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let bytes = raw.as_bytes();
    for (i, _) in raw.match_indices('<') {
        let rest = &raw[i + 1..];
        if rest.starts_with('/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[i + 1].is_ascii_alphabetic() {
            continue;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        let self_closing = rest.find('>').is_some_and(|end| rest[..end].ends_with('/'));
        if !VOID.contains(&name.as_str()) && !self_closing {
            depth += 1;
        }
    }
    depth
}

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
/// `<h2>`: the page's only `<h1>` is the headline. Control characters are dropped.
///
/// A text over the limits of [`check`] (forms refuse those with a message, but older
/// rows or other writers may hold one) is shown as escaped plain paragraphs instead,
/// so no text can hold a thread for long.
pub fn render(markdown: &str) -> RenderedBody {
    let markdown = &*crate::text::strip_controls(markdown);
    if check(markdown).is_err() {
        return render_as_plain_text(markdown);
    }
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
    // Character references (`&#1;`) decode to control characters after the source
    // was cleaned, in Markdown text and inside raw HTML: clean what comes out too.
    let html = SANITIZER.clean(&unsafe_html).to_string();
    let plain = crate::text::strip_controls(&reading.plain);
    RenderedBody {
        html: crate::text::strip_controls(&html).into_owned(),
        excerpt: excerpt_of(&plain),
        text: plain.split_whitespace().collect::<Vec<_>>().join(" "),
        word_count: reading.word_count,
        image_count: reading.image_count,
    }
}

/// The fallback for a text over the limits: each blank-line-separated block becomes an
/// escaped paragraph, in linear time.
fn render_as_plain_text(markdown: &str) -> RenderedBody {
    let cut = if markdown.len() > MAX_MARKDOWN_BYTES {
        let mut end = MAX_MARKDOWN_BYTES;
        while !markdown.is_char_boundary(end) {
            end -= 1;
        }
        &markdown[..end]
    } else {
        markdown
    };
    let mut html = String::with_capacity(cut.len() + cut.len() / 8);
    for block in cut.split("\n\n").filter(|b| !b.trim().is_empty()) {
        html.push_str("<p>");
        html.push_str(&crate::html::escape(block.trim()));
        html.push_str("</p>\n");
    }
    let text = cut.split_whitespace().collect::<Vec<_>>().join(" ");
    RenderedBody {
        html,
        excerpt: excerpt_of(&text),
        word_count: text.split(' ').filter(|w| !w.is_empty()).count(),
        image_count: 0,
        text,
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
    if check(markdown).is_err() {
        return render_as_plain_text(markdown).text;
    }
    let options = parser_options();
    let read = read_text(markdown, options);
    crate::text::strip_controls(&read.plain)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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

/// The slug of a related-article marker (`[[related: slug]]`), if `text` is one.
pub fn parse_marker(text: &str) -> Option<Slug> {
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

    #[test]
    fn deep_nesting_is_refused_before_rendering() {
        let quotes = "> ".repeat(40_000) + "deep";
        assert_eq!(check(&quotes), Err(MarkdownLimit::TooDeep));
        let lists = "- ".repeat(MAX_NESTING + 1) + "deep";
        assert_eq!(check(&lists), Err(MarkdownLimit::TooDeep));
        let indented: String = (0..60)
            .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
            .collect();
        assert_eq!(check(&indented), Err(MarkdownLimit::TooDeep));
        let html = "<div>".repeat(MAX_NESTING + 1) + "deep";
        assert_eq!(check(&html), Err(MarkdownLimit::TooDeep));
        let emphasis = "*a ".repeat(200) + &"b*".repeat(200);
        assert!(check(&emphasis).is_ok() || check(&emphasis) == Err(MarkdownLimit::TooDeep));
        assert_eq!(
            check(&"x".repeat(MAX_MARKDOWN_BYTES + 1)),
            Err(MarkdownLimit::TooLong)
        );
        assert_eq!(
            check("> > quote\n\n- a\n  - b\n\n<div><p>x</p></div><br>"),
            Ok(())
        );
    }

    #[test]
    fn a_text_over_the_limits_renders_as_escaped_paragraphs() {
        let body = render(&("> ".repeat(40_000) + "<script>alert(1)</script>\n\nsecond"));
        assert!(
            body.html.starts_with("<p>&gt; &gt;"),
            "{}",
            &body.html[..40]
        );
        assert!(!body.html.contains("<script"));
        assert!(body.html.ends_with("<p>second</p>\n"));
    }

    #[test]
    fn control_characters_never_reach_the_html() {
        let body = render("Bridge\u{0}\u{b} closes\u{1b}");
        assert_eq!(body.html, "<p>Bridge closes</p>\n");
        // Found by the `markdown` fuzz target: references decode after the cleaning.
        for source in ["&#1;", "a &#x85; b &#xFFFF; c", "<p>x&#1;y</p>"] {
            let body = render(source);
            let all = [&body.html, &body.excerpt, &body.text];
            assert!(
                all.iter()
                    .all(|t| !t.chars().any(crate::text::is_forbidden)),
                "{source}: {all:?}"
            );
            assert!(!plain_text(source).chars().any(crate::text::is_forbidden));
        }
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
