//! A bound on nesting before parsing. html5ever looks through the open elements for
//! each new one, so parsing time grows with the square of the depth (10,000 nested
//! lists take seconds); the conversion keeps only text below [`super::MAX_DEPTH`]
//! anyway, so tags deeper than [`MAX_PARSED`] are removed first, their text kept.

use std::borrow::Cow;

/// How deep tags are kept for the parser.
const MAX_PARSED: usize = 256;

/// Elements that never hold others, or whose end tag is usually left implied; they
/// are not counted.
const UNCOUNTED: [&str; 23] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "html",
];

/// `html` with the tags nested deeper than [`MAX_PARSED`] removed. Counting is by
/// tag, not by the parser's rules, which is close enough for a bound: it only
/// matters for markup no editor wrote by hand.
pub(super) fn limited(html: &str) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        at = start + 1;
        let Some((closing, name, end)) = tag(html, start) else {
            continue;
        };
        at = end;
        let counted =
            !UNCOUNTED.iter().any(|u| u.eq_ignore_ascii_case(name)) && !html[..end].ends_with("/>");
        if !counted {
            continue;
        }
        let too_deep = if closing {
            let deep = depth > MAX_PARSED;
            depth = depth.saturating_sub(1);
            deep
        } else {
            depth += 1;
            depth > MAX_PARSED
        };
        if too_deep {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[copied..start]);
            copied = end;
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied..]);
            Cow::Owned(out)
        }
    }
}

/// The tag starting at `start` (`<name …>` or `</name>`): whether it closes, its
/// name and where it ends.
fn tag(html: &str, start: usize) -> Option<(bool, &str, usize)> {
    let rest = &html[start + 1..];
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let close = rest.find('>')?;
    let end = html.len() - rest.len() + close + 1;
    Some((closing, &rest[..name_len], end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_html_is_left_alone() {
        let html = "<div><p>One<ul><li>two<li>three</ul></div>";
        assert!(matches!(limited(html), Cow::Borrowed(_)));
    }

    #[test]
    fn tags_past_the_bound_are_removed_and_their_text_kept() {
        let html = format!("{}deep{}", "<div>".repeat(300), "</div>".repeat(300));
        let limited = limited(&html);
        assert_eq!(limited.matches("<div>").count(), MAX_PARSED);
        assert_eq!(limited.matches("</div>").count(), MAX_PARSED);
        assert!(limited.contains("deep"));
    }
}
