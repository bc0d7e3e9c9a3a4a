//! Finding shortcodes in text and reading their attributes, by the rule in the
//! `shortcodes` module's documentation.

use std::collections::HashMap;

/// Shortcodes with a Byline equivalent.
const KNOWN: [&str; 9] = [
    "caption",
    "wp_caption",
    "gallery",
    "embed",
    "audio",
    "video",
    "youtube",
    "vimeo",
    "tweet",
];

/// How far a shortcode's attributes may run before the `]`.
const MAX_ATTRIBUTE_BYTES: usize = 4096;

/// A shortcode found in the text.
pub(super) struct Shortcode<'t> {
    pub(super) name: &'t str,
    pub(super) attrs: Attributes,
    /// What `[name]…[/name]` encloses.
    pub(super) content: Option<&'t str>,
    /// Just past the shortcode (its closing tag, if it has one).
    pub(super) end: usize,
}

/// Where each `[/name]` in a text starts, by name: found in one pass over the text
/// the first time a closing tag is looked for, so a text of many different names
/// (`[a1] [a2] …`) costs one pass, not one search of the rest per name.
#[derive(Debug, Default)]
pub(super) struct Closings<'t> {
    starts: Option<HashMap<&'t str, Vec<usize>>>,
}

impl<'t> Closings<'t> {
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// Where the first `[/name]` at or after `from` in `text` starts; `text` is the
    /// same on every call.
    fn after(&mut self, text: &'t str, name: &str, from: usize) -> Option<usize> {
        let starts = self.starts.get_or_insert_with(|| {
            let mut starts: HashMap<&str, Vec<usize>> = HashMap::new();
            for (start, _) in text.match_indices("[/") {
                if let Some((name, _)) = closer_at(text, start) {
                    starts.entry(name).or_default().push(start);
                }
            }
            starts
        });
        let starts = starts.get(name)?;
        starts.get(starts.partition_point(|&at| at < from)).copied()
    }
}

pub(super) fn is_known(name: &str) -> bool {
    KNOWN.iter().any(|known| known.eq_ignore_ascii_case(name))
}

/// The shortcode opening at `start` (a `[`), with what it encloses, if the rule in
/// the `shortcodes` module's documentation makes it one.
pub(super) fn shortcode_at<'t>(
    text: &'t str,
    start: usize,
    closings: &mut Closings<'t>,
) -> Option<Shortcode<'t>> {
    let rest = text.get(start + 1..)?;
    let bytes = rest.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let name_len = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-')
        .count();
    let name = &rest[..name_len];
    let after = &rest[name_len..];
    match after.as_bytes().first() {
        Some(b']') => {}
        Some(b'/') if after.starts_with("/]") => {}
        Some(b) if b.is_ascii_whitespace() => {}
        _ => return None,
    }
    let close = after
        .bytes()
        .take(MAX_ATTRIBUTE_BYTES)
        .position(|b| b == b']' || b == b'[')
        .filter(|&at| after.as_bytes()[at] == b']')?;
    let inside = after[..close].trim_end();
    let (inside, closes_itself) = match inside.strip_suffix('/') {
        Some(inside) => (inside, true),
        None => (inside, false),
    };
    let attrs = Attributes::parse(inside);
    let open_end = start + 1 + name_len + close + 1;
    let closing = if closes_itself {
        None
    } else {
        closings.after(text, name, open_end)
    };
    if !(is_known(name) || closing.is_some() || !attrs.named.is_empty() || closes_itself) {
        return None;
    }
    let (content, end) = match closing {
        Some(closing_start) => (
            Some(&text[open_end..closing_start]),
            closing_start + name.len() + 3,
        ),
        None => (None, open_end),
    };
    Some(Shortcode {
        name,
        attrs,
        content,
        end,
    })
}

/// A `[/name]` at `start`: its name and where it ends.
pub(super) fn closer_at(text: &str, start: usize) -> Option<(&str, usize)> {
    let rest = text.get(start..)?.strip_prefix("[/")?;
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    (name_len > 0 && rest[name_len..].starts_with(']'))
        .then(|| (&rest[..name_len], start + 2 + name_len + 1))
}

/// A shortcode's attributes as WordPress reads them: `key="value"`, `key='value'`,
/// `key=value`, and positional values.
#[derive(Debug, Default)]
pub(super) struct Attributes {
    pub(super) named: Vec<(String, String)>,
    pub(super) positional: Vec<String>,
}

impl Attributes {
    fn parse(text: &str) -> Attributes {
        let mut attrs = Attributes::default();
        let mut rest = text.trim_start();
        while !rest.is_empty() {
            let key_len = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
                .count();
            if key_len > 0
                && let Some(after) = rest[key_len..].strip_prefix('=')
                && let Some((value, remaining)) = value(after)
            {
                attrs
                    .named
                    .push((rest[..key_len].to_ascii_lowercase(), value.to_owned()));
                rest = remaining.trim_start();
                continue;
            }
            let (token, remaining) = value(rest).unwrap_or((rest, ""));
            attrs.positional.push(token.to_owned());
            rest = remaining.trim_start();
        }
        attrs
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A value at the start of `text` (quoted, or up to white space) and what follows.
fn value(text: &str) -> Option<(&str, &str)> {
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote) {
            let end = inner.find(quote).unwrap_or(inner.len());
            return Some((&inner[..end], inner.get(end + 1..).unwrap_or("")));
        }
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    (end > 0).then(|| (&text[..end], &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_shortcode(text: &str) -> bool {
        shortcode_at(text, 0, &mut Closings::new()).is_some()
    }

    #[test]
    fn known_closed_attributed_or_self_closing_names_are_shortcodes() {
        for text in [
            "[gallery]",
            "[Embed]https://example.org/[/Embed]",
            "[contact-form-7 id=\"5\"]",
            "[ad slot=3]",
            "[note]kept[/note]",
            "[toc /]",
        ] {
            assert!(is_shortcode(text), "{text}");
        }
    }

    #[test]
    fn other_bracketed_text_is_not() {
        for text in [
            "[sic]",
            "[1]",
            "[Updated at 5pm]",
            "[see x = y]",
            "[Editor's note]",
            "[link text]",
            "[x]y",
            "[ gallery]",
            "[note",
            "[ad slot=[3]]",
            "[note]never closed",
        ] {
            assert!(!is_shortcode(text), "{text}");
        }
    }

    #[test]
    fn a_closing_tag_is_the_first_one_after_the_opening() {
        let text = "[/note] [note]a[/note] [note]b[/note] [Note]c[/Note]";
        let mut closings = Closings::new();
        let contents: Vec<_> = text
            .match_indices('[')
            .filter_map(|(start, _)| shortcode_at(text, start, &mut closings))
            .map(|shortcode| (shortcode.name, shortcode.content))
            .collect();
        assert_eq!(
            contents,
            [
                ("note", Some("a")),
                ("note", Some("b")),
                ("Note", Some("c"))
            ]
        );
    }

    #[test]
    fn many_different_names_cost_one_pass_over_the_text() {
        // 300,000 names, each once, only the last one closed: looking for every
        // name's `[/name]` in the rest of the text took minutes.
        let names = 300_000;
        let mut text: String = (0..names).map(|i| format!("[n{i}] ")).collect();
        text.push_str(&format!("[/n{}]", names - 1));
        let mut closings = Closings::new();
        let found: Vec<&str> = text
            .match_indices('[')
            .filter_map(|(start, _)| shortcode_at(&text, start, &mut closings))
            .map(|shortcode| shortcode.name)
            .collect();
        assert_eq!(found, [format!("n{}", names - 1)]);
    }

    #[test]
    fn attributes_are_read_as_wordpress_writes_them() {
        let attrs = Attributes::parse(" ids=\"1,2\" Size='large' columns=3 \"quoted value\" bare ");
        assert_eq!(
            attrs.named,
            vec![
                ("ids".to_owned(), "1,2".to_owned()),
                ("size".to_owned(), "large".to_owned()),
                ("columns".to_owned(), "3".to_owned()),
            ]
        );
        assert_eq!(attrs.positional, vec!["quoted value", "bare"]);
        assert_eq!(attrs.get("SIZE"), Some("large"));
    }
}
