use super::write::code_span;
use super::*;

fn paragraph(runs: &[(&str, Format, Option<&str>)]) -> String {
    let mut inlines = Inlines::default();
    for (text, format, link) in runs {
        inlines.text(text, *format, *link);
    }
    inlines.to_markdown()
}

fn rendered(markdown: &str) -> String {
    byline_core::markdown::render(markdown).html
}

const PLAIN: Format = Format(0);

#[test]
fn formats_become_markdown_delimiters() {
    let markdown = paragraph(&[
        ("The ", PLAIN, None),
        ("pier", Format::BOLD, None),
        (" reopened ", PLAIN, None),
        ("on Friday", Format::ITALIC, None),
        (", not ", PLAIN, None),
        ("Thursday", Format::STRIKE, None),
        (": run ", PLAIN, None),
        ("make", Format::CODE, None),
        (".", PLAIN, None),
    ]);
    assert_eq!(
        markdown,
        "The **pier** reopened *on Friday*, not ~~Thursday~~: run `make`."
    );
}

#[test]
fn underline_subscript_and_superscript_are_inline_html() {
    let markdown = paragraph(&[
        ("H", PLAIN, None),
        ("2", Format::SUB, None),
        ("O and E = mc", PLAIN, None),
        ("2", Format::SUP, None),
        (", ", PLAIN, None),
        ("underlined", Format::UNDERLINE, None),
    ]);
    assert_eq!(
        markdown,
        "H<sub>2</sub>O and E = mc<sup>2</sup>, <u>underlined</u>"
    );
    let html = rendered(&markdown);
    assert!(
        html.contains("<sub>2</sub>") && html.contains("<u>underlined</u>"),
        "{html}"
    );
}

#[test]
fn a_format_spanning_a_link_stays_one_span() {
    let markdown = paragraph(&[
        ("bold ", Format::BOLD, None),
        ("link", Format::BOLD, Some("https://example.org/a")),
        (" more", Format::BOLD, None),
    ]);
    assert_eq!(markdown, "**bold [link](https://example.org/a) more**");
}

#[test]
fn whitespace_at_the_edges_of_a_format_moves_outside_it() {
    let markdown = paragraph(&[
        ("The", PLAIN, None),
        (" pier ", Format::BOLD, None),
        ("reopened", PLAIN, None),
    ]);
    assert_eq!(markdown, "The **pier** reopened");
}

#[test]
fn emphasis_that_markdown_cannot_open_falls_back_to_html() {
    let markdown = paragraph(&[("word", PLAIN, None), ("\"quoted\"", Format::BOLD, None)]);
    assert_eq!(markdown, "word<strong>\"quoted\"</strong>");
    let html = rendered(&markdown);
    assert!(html.contains("<strong>"), "{html}");
}

#[test]
fn markdown_characters_in_text_stay_text() {
    let text = "*stars* _under_ [brackets](x) <b>tag</b> `tick` ~strike~ a|b &amp; \\";
    let markdown = paragraph(&[(text, PLAIN, None)]);
    let html = rendered(&markdown);
    assert_eq!(
        html,
        "<p>*stars* _under_ [brackets](x) &lt;b&gt;tag&lt;/b&gt; `tick` ~strike~ a|b &amp;amp; \\</p>\n"
    );
}

#[test]
fn block_syntax_at_the_start_of_a_line_stays_text() {
    for text in [
        "# not a heading",
        "> not a quote",
        "- not a list",
        "+ not a list",
        "1. not a list",
        "2024) not a list",
        "---",
        "===",
        "    not code",
    ] {
        let mut inlines = Inlines::default();
        inlines.text("first line", PLAIN, None);
        inlines.line_break();
        inlines.text(text, PLAIN, None);
        let single = paragraph(&[(text, PLAIN, None)]);
        for markdown in [single, inlines.to_markdown()] {
            let html = rendered(&markdown);
            assert!(
                html.starts_with("<p>") && html.matches("<p>").count() == 1,
                "{text:?}: {html}"
            );
            assert!(
                !html.contains("<hr") && !html.contains("<h"),
                "{text:?}: {html}"
            );
            let shown = html.replace("&gt;", ">");
            // Smart punctuation turns `--` into a dash.
            if !text.contains("--") {
                assert!(shown.contains(text.trim()), "{text:?}: {html}");
            }
        }
    }
}

#[test]
fn line_breaks_are_hard_breaks_and_never_end_a_paragraph() {
    let mut inlines = Inlines::default();
    inlines.line_break();
    inlines.text("first", PLAIN, None);
    inlines.line_break();
    inlines.text("second\nthird", PLAIN, None);
    inlines.line_break();
    assert_eq!(inlines.to_markdown(), "first\\\nsecond\\\nthird");
    assert_eq!(
        rendered(&inlines.to_markdown()),
        "<p>first<br>\nsecond<br>\nthird</p>\n"
    );
}

#[test]
fn headings_are_one_line_and_keep_a_trailing_hash() {
    let mut inlines = Inlines::default();
    inlines.text("Learn C#", PLAIN, None);
    inlines.line_break();
    inlines.text("today", Format::ITALIC, None);
    assert_eq!(inlines.to_heading(), "Learn C# *today*");
    let mut inlines = Inlines::default();
    inlines.text("Learn C #", PLAIN, None);
    let heading = format!("## {}", inlines.to_heading());
    assert_eq!(heading, "## Learn C \\#");
    assert!(rendered(&heading).contains("Learn C #</h2>"));
}

#[test]
fn code_spans_are_fenced_past_the_backticks_inside() {
    assert_eq!(code_span("a`b"), "``a`b``");
    assert_eq!(code_span("`tick`"), "`` `tick` ``");
    assert_eq!(code_span("a``b`c"), "<code>a\\`\\`b\\`c</code>");
    let html = rendered(&code_span("a``b`c"));
    assert!(html.contains("<code>a``b`c</code>"), "{html}");
}

/// A tiny deterministic generator, so the property test needs no dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The formats every visible character of rendered HTML carries, as Format bits and
/// the link address.
fn formats_in_html(html: &str) -> Vec<(char, u8, Option<String>)> {
    let mut out = Vec::new();
    let mut open: Vec<(String, Option<String>)> = Vec::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let end = rest.find('>').expect("a closed tag");
            let tag = &rest[1..end];
            if let Some(name) = tag.strip_prefix('/') {
                let position = open.iter().rposition(|(open, _)| open == name);
                open.truncate(position.expect("a closing tag that was opened"));
            } else {
                let name = tag.split(' ').next().unwrap_or("").to_owned();
                let href = tag
                    .split("href=\"")
                    .nth(1)
                    .and_then(|h| h.split('"').next())
                    .map(str::to_owned);
                if name != "br" {
                    open.push((name, href));
                }
            }
            rest = &rest[end + 1..];
            continue;
        }
        let (c, len) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
        ]
        .iter()
        .find(|(entity, _)| rest.starts_with(entity))
        .map_or((c, c.len_utf8()), |(entity, c)| (*c, entity.len()));
        rest = &rest[len..];
        if c.is_whitespace() {
            continue;
        }
        let mut bits = 0u8;
        let mut link = None;
        for (name, href) in &open {
            bits |= match name.as_str() {
                "strong" => 1,
                "em" => 2,
                "del" => 4,
                "u" => 8,
                "code" => 16,
                "sub" => 32,
                "sup" => 64,
                "a" => {
                    link = href.clone();
                    0
                }
                _ => 0,
            };
        }
        out.push((c, bits, link));
    }
    out
}

#[test]
fn any_runs_render_with_exactly_their_formats() {
    const ALPHABET: &[char] = &[
        'a', 'b', 'é', ' ', ' ', '*', '_', '`', '\\', '[', ']', '<', '>', '&', '|', '~', '#', '1',
        ')', '+', '=', '!', ':', '(', ';', '😀',
    ];
    const LINKS: [&str; 2] = ["https://example.org/one", "https://example.org/two"];
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    for case in 0..4000 {
        let mut inlines = Inlines::default();
        let mut expected = Vec::new();
        for _ in 0..=random.below(7) {
            if random.below(10) == 0 {
                inlines.line_break();
                continue;
            }
            let text: String = (0..=random.below(4))
                .map(|_| ALPHABET[random.below(ALPHABET.len() as u64) as usize])
                .collect();
            let mut format = Format(0);
            for bit in [1, 2, 4, 8, 16, 32, 64] {
                if random.below(if bit > 8 { 8 } else { 3 }) == 0 {
                    format = format.with(Format(bit));
                }
            }
            let link = (random.below(4) == 0).then(|| LINKS[random.below(2) as usize]);
            inlines.text(&text, format, link);
            for c in text.chars().filter(|c| !c.is_whitespace()) {
                expected.push((c, format.0, link.map(str::to_owned)));
            }
        }
        let markdown = inlines.to_markdown();
        let html = rendered(&markdown);
        let context = format!("case {case}: {inlines:?}\nmarkdown: {markdown}\nhtml: {html}");
        if expected.is_empty() {
            continue;
        }
        assert!(
            html.starts_with("<p>") && html.ends_with("</p>\n"),
            "{context}"
        );
        assert_eq!(html.matches("<p>").count(), 1, "{context}");
        assert_eq!(formats_in_html(&html), expected, "{context}");
    }
}
