//! What every rendered body must be free of, checked on the serialized HTML.

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

/// Asserts that `html` holds no script element, no event handler attribute (`on…`)
/// and no `javascript:`/`vbscript:` URL in an attribute a browser follows.
pub fn assert_safe(html: &str) {
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "script in {html:?}"
    );
    for (name, value) in attributes(html) {
        assert!(!name.starts_with("on"), "event handler {name} in {html:?}");
        if URL_ATTRIBUTES.contains(&name.as_str()) {
            for url in value.split(',') {
                assert!(!runs_script(url), "{name}={value:?} in {html:?}");
            }
        }
    }
}

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
