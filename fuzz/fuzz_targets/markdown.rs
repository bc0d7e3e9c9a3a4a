//! Proves: any text renders without panicking to HTML with no script, no event handler,
//! no `javascript:` link, and no control character in the HTML, excerpt or search text;
//! related-card markers split consistently.
#![no_main]

use byline_core::markdown::{
    BodyPart, MAX_MARKDOWN_BYTES, check, plain_text, related_slugs, render, split_related,
};
use byline_core::text::is_forbidden;
use libfuzzer_sys::fuzz_target;

#[path = "support/html.rs"]
mod html;

fuzz_target!(|markdown: &str| {
    if check(markdown).is_ok() {
        assert!(markdown.len() <= MAX_MARKDOWN_BYTES);
    }

    let body = render(markdown);
    let html = &body.html;
    html::assert_safe(html);
    for out in [html, &body.excerpt, &body.text] {
        assert!(!out.chars().any(is_forbidden), "control char in {out:?}");
    }
    for text in [&body.text, &body.excerpt, &plain_text(markdown)] {
        assert_single_spaced(text);
    }

    // Markers split the same way on any HTML, and every piece is accounted for.
    for source in [html.as_str(), markdown] {
        let parts = split_related(source);
        let mut slugs = Vec::new();
        for part in &parts {
            match part {
                BodyPart::Html(piece) => {
                    assert!(!piece.is_empty());
                    assert!(related_slugs(piece).is_empty(), "marker left in {piece:?}");
                }
                BodyPart::Related(slug) => slugs.push(slug.clone()),
            }
        }
        assert_eq!(related_slugs(source), slugs);
    }
});

/// Words joined by single spaces, as search and excerpts store them.
fn assert_single_spaced(text: &str) {
    assert!(!text.starts_with(' ') && !text.ends_with(' '), "{text:?}");
    assert!(!text.contains("  "), "{text:?}");
    assert!(
        !text.chars().any(|c| c != ' ' && c.is_whitespace()),
        "{text:?}"
    );
}
