//! Proves: any text renders without panicking to HTML with no script, no event handler,
//! no `javascript:` link, and no control character in the HTML, excerpt or search text;
//! related-card markers split consistently.
#![no_main]

use byline_core::markdown::{
    BodyPart, MAX_MARKDOWN_BYTES, check, plain_text, related_slugs, render, split_related,
};
use byline_core::text::is_forbidden;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|markdown: &str| {
    if check(markdown).is_ok() {
        assert!(markdown.len() <= MAX_MARKDOWN_BYTES);
    }

    let body = render(markdown);
    let html = &body.html;
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "script in {html:?}"
    );
    for out in [html, &body.excerpt, &body.text] {
        assert!(!out.chars().any(is_forbidden), "control char in {out:?}");
    }
    for (name, value) in attributes(html) {
        assert!(!name.starts_with("on"), "event handler {name} in {html:?}");
        if URL_ATTRIBUTES.contains(&name.as_str()) {
            for url in value.split(',') {
                assert!(!runs_script(url), "{name}={value:?} in {html:?}");
            }
        }
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

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: [&str; 12] = [
    "href",
    "src",
    "srcset",
    "cite",
    "action",
    "formaction",
    "poster",
    "background",
    "longdesc",
    "usemap",
    "data",
    "xlink:href",
];

/// Whether a browser would read `url` with a script scheme: as the URL standard says,
/// it first drops leading and trailing C0 controls and spaces, then every tab and
/// newline, and the scheme is what comes before the first `:`.
fn runs_script(url: &str) -> bool {
    let seen: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    seen.starts_with("javascript:") || seen.starts_with("vbscript:")
}

/// Words joined by single spaces, as search and excerpts store them.
fn assert_single_spaced(text: &str) {
    assert!(!text.starts_with(' ') && !text.ends_with(' '), "{text:?}");
    assert!(!text.contains("  "), "{text:?}");
    assert!(
        !text.chars().any(|c| c != ' ' && c.is_whitespace()),
        "{text:?}"
    );
}

/// Every attribute (lowercased name, raw value) of every tag in serialized HTML, where
/// text never holds a bare `<` and values are always double-quoted.
fn attributes(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        // The tag name, then `name="value"` pairs or bare names, up to `>`.
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '>')
            .unwrap_or(rest.len());
        rest = &rest[name_end..];
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                return found;
            }
            if let Some(after) = rest.strip_prefix('>') {
                rest = after;
                break;
            }
            let end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len())
                .max(1);
            let name = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix("=\"") {
                let close = after.find('"').expect("unterminated attribute value");
                value = after[..close].replace("&quot;", "\"").replace("&amp;", "&");
                rest = &after[close + 1..];
            }
            found.push((name, value));
        }
    }
    found
}
