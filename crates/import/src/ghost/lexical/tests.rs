use serde_json::{Value, json};

use super::*;

/// A document with these top-level nodes.
fn document(children: Value) -> String {
    json!({"root": {"type": "root", "version": 1, "children": children}}).to_string()
}

fn convert(children: Value) -> Body {
    to_body(&document(children)).expect("a Lexical document")
}

fn text(text: &str) -> Value {
    json!({"type": "extended-text", "text": text, "format": 0, "version": 1})
}

fn styled(text: &str, format: u64) -> Value {
    json!({"type": "text", "text": text, "format": format, "version": 1})
}

fn paragraph(children: Value) -> Value {
    json!({"type": "paragraph", "children": children})
}

fn rendered(body: &Body) -> String {
    byline_core::markdown::render(&body.markdown).html
}

#[test]
fn paragraphs_keep_their_formatting_and_links() {
    let body = convert(json!([
        paragraph(json!([
            text("The "),
            styled("pier", 1),
            text(" reopened "),
            styled("on Friday", 2),
            text(" after "),
            styled("three", 4),
            text(" weeks; see "),
            {"type": "link", "url": "https://example.org/pier", "children": [text("the notice")]},
            text(" or run "),
            styled("pier --open", 16),
            text("."),
        ])),
        paragraph(json!([
            styled("Both", 3),
            text(" and "),
            styled("under", 8)
        ])),
    ]));
    assert_eq!(
        body.markdown,
        "The **pier** reopened *on Friday* after ~~three~~ weeks; see \
         [the notice](https://example.org/pier) or run `pier --open`.\n\n\
         ***Both*** and <u>under</u>"
    );
    assert!(body.problems.is_empty(), "{:?}", body.problems);
    let html = rendered(&body);
    assert!(html.contains("<strong>pier</strong>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org/pier\""),
        "{html}"
    );
    assert!(html.contains("<u>under</u>"), "{html}");
}

#[test]
fn empty_paragraphs_are_dropped() {
    let body = convert(json!([
        paragraph(json!([])),
        paragraph(json!([text("  ")])),
        paragraph(json!([text("Kept.")])),
    ]));
    assert_eq!(body.markdown, "Kept.");
}

#[test]
fn headings_keep_their_level_below_the_headline() {
    let body = convert(json!([
        {"type": "heading", "tag": "h1", "children": [text("Top")]},
        {"type": "extended-heading", "tag": "h3", "children": [text("Deeper "), styled("still", 2)]},
        {"type": "heading", "tag": "h6", "children": [text("Deepest")]},
    ]));
    assert_eq!(
        body.markdown,
        "## Top\n\n### Deeper *still*\n\n###### Deepest"
    );
}

#[test]
fn quotes_and_asides_are_block_quotes() {
    let body = convert(json!([
        {"type": "quote", "children": [text("First line"), {"type": "linebreak"}, text("second line")]},
        {"type": "aside", "children": [text("An aside.")]},
    ]));
    assert_eq!(
        body.markdown,
        "> First line\\\n> second line\n\n> An aside."
    );
    let html = rendered(&body);
    assert_eq!(html.matches("<blockquote>").count(), 2, "{html}");
    assert!(html.contains("First line<br>"), "{html}");
}

fn item(children: Value) -> Value {
    json!({"type": "listitem", "children": children})
}

#[test]
fn lists_nest_and_keep_their_numbering() {
    let nested = json!({"type": "list", "listType": "bullet", "tag": "ul", "children": [
        item(json!([text("inner one")])),
        item(json!([text("inner two")])),
    ]});
    let body = convert(json!([
        {"type": "list", "listType": "bullet", "tag": "ul", "children": [
            item(json!([text("outer one")])),
            item(json!([nested])),
            item(json!([text("outer two")])),
        ]},
        {"type": "list", "listType": "number", "tag": "ol", "start": 9, "children": [
            item(json!([text("nine")])),
            item(json!([text("ten "), styled("bold", 1)])),
        ]},
    ]));
    assert_eq!(
        body.markdown,
        "- outer one\n  - inner one\n  - inner two\n- outer two\n\n9. nine\n10. ten **bold**"
    );
    let html = rendered(&body);
    assert!(html.contains("<ol start=\"9\">"), "{html}");
    assert_eq!(html.matches("<ul>").count(), 2, "{html}");
    assert!(!html.contains("<p>"), "the lists stay tight: {html}");
}

#[test]
fn two_lists_in_a_row_stay_two_lists() {
    let list =
        json!({"type": "list", "listType": "bullet", "children": [item(json!([text("a")]))]});
    let body = convert(json!([list, list]));
    assert_eq!(body.markdown, "- a\n\n* a");
    assert_eq!(rendered(&body).matches("<ul>").count(), 2);
}

#[test]
fn text_that_looks_like_markdown_reads_the_same() {
    let body = convert(json!([
        paragraph(json!([text("# Not a heading")])),
        paragraph(json!([text(
            "1. Not a list, *not* emphasis, [not] a link, <b>not</b> HTML"
        )])),
    ]));
    let html = rendered(&body);
    assert_eq!(
        html,
        "<p># Not a heading</p>\n<p>1. Not a list, *not* emphasis, [not] a link, \
         &lt;b&gt;not&lt;/b&gt; HTML</p>\n"
    );
}

#[test]
fn unknown_blocks_keep_their_text() {
    let body = convert(json!([
        {"type": "mystery-box", "children": [text("Inside the box.")]},
    ]));
    assert_eq!(body.markdown, "Inside the box.");
    assert_eq!(
        body.problems,
        ["an unknown block 'mystery-box' was kept as plain paragraphs"]
    );
}

#[test]
fn a_lexical_code_element_is_a_code_block() {
    let body = convert(json!([
        {"type": "code", "language": "rust", "children": [
            {"type": "code-highlight", "text": "fn main() {"},
            {"type": "linebreak"},
            {"type": "tab"},
            {"type": "code-highlight", "text": "run();"},
            {"type": "linebreak"},
            {"type": "code-highlight", "text": "}"},
        ]},
    ]));
    assert_eq!(body.markdown, "```rust\nfn main() {\n\trun();\n}\n```");
}

#[test]
fn what_is_not_a_lexical_document_is_an_error() {
    for text in [
        "",
        "not json",
        "[]",
        "{}",
        "{\"root\": 3}",
        "{\"root\": null}",
        "\"root\"",
    ] {
        assert!(to_body(text).is_err(), "{text}");
    }
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    assert!(to_body(&deep).is_err());
}

#[test]
fn odd_nodes_never_panic() {
    let body = convert(json!([
        null,
        3,
        "text",
        [],
        {"type": 7},
        {"children": "not a list"},
        {"type": "paragraph", "children": [null, {"type": "text", "text": 5, "format": "bold"}, {"type": "link"}]},
        {"type": "heading", "tag": "h99", "children": [text("Odd level")]},
        {"type": "list", "start": -4, "children": [null, text("loose text"), {"type": "listitem", "children": [[]]}]},
        {"type": "image"},
        {"type": "gallery", "images": "none"},
        {"type": "callout", "calloutText": 4},
        {"type": "codeblock", "code": null},
    ]));
    assert!(body.markdown.contains("## Odd level"), "{}", body.markdown);
    assert!(body.markdown.contains("- loose text"), "{}", body.markdown);
    assert!(!body.problems.is_empty());
    let empty = to_body("{\"root\": {}}").expect("a root without children");
    assert_eq!(empty, Body::default());
}

#[test]
fn deep_nesting_is_flattened_and_still_renders() {
    let mut list =
        json!({"type": "list", "listType": "bullet", "children": [item(json!([text("bottom")]))]});
    for level in 0..28 {
        list = json!({"type": "list", "listType": "bullet", "children": [
            item(json!([text(&format!("level {level}"))])),
            item(json!([list])),
        ]});
    }
    let mut quote = json!({"type": "quote", "children": [text("innermost")]});
    for _ in 0..28 {
        quote = json!({"type": "quote", "children": [quote]});
    }
    let body = convert(json!([list, quote]));
    assert!(body.markdown.contains("bottom") && body.markdown.contains("innermost"));
    assert!(
        body.problems
            .iter()
            .any(|p| p.contains("nested too deeply")),
        "{:?}",
        body.problems
    );
    assert_eq!(byline_core::markdown::check(&body.markdown), Ok(()));
}

#[test]
fn a_long_document_converts_quickly() {
    let paragraphs: Vec<Value> = (0..20_000)
        .map(|i| {
            paragraph(json!([
                text(&format!("Paragraph {i} with ")),
                styled("bold", 1)
            ]))
        })
        .collect();
    let started = std::time::Instant::now();
    let body = convert(Value::Array(paragraphs));
    assert!(started.elapsed().as_secs() < 10);
    assert!(body.markdown.ends_with("Paragraph 19999 with **bold**"));
    assert!(
        body.problems
            .iter()
            .any(|p| p.contains("longer than 512 KB")),
        "{:?}",
        body.problems
    );
}

/// Random trees of plausible and implausible nodes, for the "never panics" promise.
#[test]
fn random_documents_never_panic() {
    const TYPES: [&str; 16] = [
        "paragraph",
        "heading",
        "quote",
        "list",
        "listitem",
        "text",
        "link",
        "linebreak",
        "image",
        "callout",
        "toggle",
        "html",
        "gallery",
        "embed",
        "product",
        "unknown",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    fn node(next: &mut dyn FnMut(u64) -> u64, depth: usize) -> Value {
        let kind = TYPES[next(TYPES.len() as u64) as usize];
        let children: Vec<Value> = if depth < 7 {
            (0..next(4)).map(|_| node(next, depth + 1)).collect()
        } else {
            Vec::new()
        };
        let tag = ["h2", "ol", "x"][next(3) as usize];
        json!({
            "type": kind, "children": children, "text": "a*b_[c]", "format": next(200),
            "tag": tag, "listType": "number",
            "url": "https://example.org/x", "src": "__GHOST_URL__/content/images/x.jpg",
            "html": "<p>a</p>\n\n<p>b</p>", "calloutText": "<b>c</b>", "images": [{"src": 1}],
        })
    }
    for _ in 0..200 {
        let children: Vec<Value> = (0..next(6)).map(|_| node(&mut next, 0)).collect();
        let body = convert(Value::Array(children));
        let _ = rendered(&body);
    }
}
