use serde_json::{Value, json};

use super::*;

/// A Mobiledoc 0.3 document from its tables and sections.
fn convert(markups: Value, atoms: Value, cards: Value, sections: Value) -> Body {
    let document = json!({"version": "0.3.1", "markups": markups, "atoms": atoms,
        "cards": cards, "sections": sections});
    to_body(&document.to_string()).expect("a Mobiledoc document")
}

fn rendered(body: &Body) -> String {
    byline_core::markdown::render(&body.markdown).html
}

#[test]
fn markers_open_and_close_markups() {
    let body = convert(
        json!([
            ["strong"],
            ["em"],
            ["a", ["href", "https://example.org/pier", "rel", "noopener"]],
            ["code"],
            ["s"],
            ["u"],
            ["sup"],
            ["sub"]
        ]),
        json!([]),
        json!([]),
        json!([[
            1,
            "p",
            [
                [0, [], 0, "The "],
                [0, [0], 1, "pier"],
                [0, [], 0, " reopened "],
                [0, [1], 0, "on "],
                [0, [0], 2, "Friday"],
                [0, [], 0, "; see "],
                [0, [2], 1, "the notice"],
                [0, [], 0, ", run "],
                [0, [3], 1, "open"],
                [0, [], 0, ", "],
                [0, [4], 1, "closed"],
                [0, [], 0, " "],
                [0, [5], 1, "under"],
                [0, [], 0, " x"],
                [0, [6], 1, "2"],
                [0, [], 0, " H"],
                [0, [7], 1, "2"],
                [0, [], 0, "O"],
            ]
        ]]),
    );
    assert_eq!(
        body.markdown,
        "The **pier** reopened *on **Friday***; see [the notice](https://example.org/pier), \
         run `open`, ~~closed~~ <u>under</u> x<sup>2</sup> H<sub>2</sub>O"
    );
    let html = rendered(&body);
    assert!(
        html.contains("<em>on <strong>Friday</strong></em>"),
        "{html}"
    );
    assert!(
        html.contains("<sup>2</sup>") && html.contains("<del>closed</del>"),
        "{html}"
    );
}

#[test]
fn a_soft_return_is_a_line_break_and_other_atoms_keep_their_text() {
    let body = convert(
        json!([]),
        json!([["soft-return", "", {}], ["mention", "@harbour", {"id": 4}]]),
        json!([]),
        json!([[
            1,
            "p",
            [
                [0, [], 0, "First"],
                [1, [], 0, 0],
                [0, [], 0, "second "],
                [1, [], 0, 1]
            ]
        ]]),
    );
    assert_eq!(body.markdown, "First\\\nsecond @harbour");
}

#[test]
fn sections_become_headings_quotes_lists_and_images() {
    let body = convert(
        json!([["b"]]),
        json!([]),
        json!([]),
        json!([
            [1, "h1", [[0, [], 0, "Title"]]],
            [1, "H3", [[0, [], 0, "Smaller"]]],
            [1, "blockquote", [[0, [], 0, "Quoted."]]],
            [1, "aside", [[0, [], 0, "Aside."]]],
            [3, "ul", [[[0, [], 0, "one"]], [[0, [0], 1, "two"]], []]],
            [3, "ol", [[[0, [], 0, "first"]], [[0, [], 0, "second"]]]],
            [2, "__GHOST_URL__/content/images/old.jpg"],
        ]),
    );
    assert_eq!(
        body.markdown,
        "## Title\n\n### Smaller\n\n> Quoted.\n\n> Aside.\n\n- one\n- **two**\n\n\
         1. first\n2. second\n\n![](__GHOST_URL__/content/images/old.jpg)"
    );
    assert_eq!(body.images, ["__GHOST_URL__/content/images/old.jpg"]);
}

#[test]
fn cards_use_their_mobiledoc_names() {
    let body = convert(
        json!([]),
        json!([]),
        json!([
            ["card-markdown", {"cardName": "card-markdown", "markdown": "Some *Markdown*."}],
            ["image", {"src": "__GHOST_URL__/content/images/a.jpg", "alt": "A", "caption": "Cap"}],
            ["hr", {}],
            ["code", {"code": "let a = 1;", "language": "js"}],
            ["html", {"html": "<p>Raw</p>"}],
            ["markdown", {"markdown": "## Kept"}],
            ["paywall", {}],
        ]),
        json!([
            [10, 0],
            [10, 1],
            [10, 2],
            [10, 3],
            [10, 4],
            [10, 5],
            [10, 6]
        ]),
    );
    assert_eq!(
        body.markdown,
        "Some *Markdown*.\n\n<figure><img src=\"__GHOST_URL__/content/images/a.jpg\" alt=\"A\">\
         <figcaption>Cap</figcaption></figure>\n\n---\n\n```js\nlet a = 1;\n```\n\n<p>Raw</p>\n\n## Kept"
    );
    assert_eq!(body.images, ["__GHOST_URL__/content/images/a.jpg"]);
    assert_eq!(body.problems.len(), 1, "the paywall: {:?}", body.problems);
}

#[test]
fn what_is_not_a_mobiledoc_is_an_error() {
    for text in [
        "",
        "nope",
        "[]",
        "{}",
        "{\"sections\": {}}",
        "{\"sections\": null}",
    ] {
        assert!(to_body(text).is_err(), "{text}");
    }
}

#[test]
fn odd_sections_never_panic() {
    let body = convert(
        json!([["a"], "strong", null, ["a", ["href"]]]),
        json!([null, ["soft-return"]]),
        json!([null, ["image"], ["gallery", {"images": [null, {"src": 3}]}]]),
        json!([
            null,
            [],
            [99],
            [1],
            [1, null, null],
            [
                1,
                "p",
                [
                    null,
                    [],
                    [0],
                    [0, null, 7, 5],
                    [0, [0, 1, 2, 3, 900], 1, "text"],
                    [1, [], 0, 99],
                    [1, [], 0, 0],
                    [7]
                ]
            ],
            [3, "ol", "items"],
            [10, 0],
            [10, 1],
            [10, 2],
            [10, 99],
            [10, -1],
            [10, "0"],
            [2, null],
        ]),
    );
    assert!(body.markdown.contains("text"), "{}", body.markdown);
    assert!(!body.problems.is_empty());
    let _ = rendered(&body);
}

#[test]
fn thousands_of_open_markups_cost_nothing_per_marker() {
    let markers: Vec<Value> = (0..20_000)
        .map(|i| json!([0, [i % 2], 0, format!("w{i} ")]))
        .collect();
    let started = std::time::Instant::now();
    let body = convert(
        json!([["em"], ["strong"]]),
        json!([]),
        json!([]),
        json!([[1, "p", markers]]),
    );
    assert!(started.elapsed().as_secs() < 5);
    assert!(
        body.markdown.starts_with("*w0 **w1 w2"),
        "{}",
        &body.markdown[..40]
    );
}
