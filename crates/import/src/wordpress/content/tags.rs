//! Finding HTML tags and comments in WordPress content without parsing it (the
//! content is rewritten as text before it is parsed once, at the end).

/// The longest tag looked for; a `<` with no `>` within this many bytes is text.
const MAX_TAG_BYTES: usize = 64 * 1024;

/// A start or end tag found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tag<'a> {
    pub(super) name: &'a str,
    pub(super) closing: bool,
    /// Where the tag ends (just past its `>`).
    pub(super) end: usize,
}

impl Tag<'_> {
    pub(super) fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    pub(super) fn is_any(&self, names: &[&str]) -> bool {
        names.iter().any(|name| self.is(name))
    }
}

/// The tag starting at `at` (where `text` has a `<`): `<name …>`, `<name …/>` or
/// `</name>`. A `>` inside a quoted attribute value does not end it.
pub(super) fn tag_at(text: &str, at: usize) -> Option<Tag<'_>> {
    let rest = text.get(at + 1..)?;
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let bytes = rest.as_bytes();
    if !bytes.first()?.is_ascii_alphabetic() {
        return None;
    }
    let name_len = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    if !matches!(
        bytes.get(name_len),
        Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
    ) {
        return None;
    }
    let offset = text.len() - rest.len();
    let mut quote: Option<u8> = None;
    let mut after_equals = false;
    for (i, &b) in bytes.iter().enumerate().skip(name_len).take(MAX_TAG_BYTES) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'>' => {
                return Some(Tag {
                    name: &rest[..name_len],
                    closing,
                    end: offset + i + 1,
                });
            }
            None if after_equals && (b == b'"' || b == b'\'') => quote = Some(b),
            None => {}
        }
        if quote.is_none() && !b.is_ascii_whitespace() {
            after_equals = b == b'=';
        }
    }
    None
}

/// Where the comment starting at `at` (`<!--`) ends; the end of the text if it is
/// never closed.
pub(super) fn comment_end(text: &str, at: usize) -> usize {
    let from = (at + 4).min(text.len());
    text[from..]
        .find("-->")
        .map_or(text.len(), |close| from + close + 3)
}

/// Where `needle` (ASCII) first occurs in `haystack`, ignoring case.
pub(super) fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_with_quoted_brackets() {
        let text = "a <img alt=\"1 > 0\" src='x.jpg' /> b";
        let tag = tag_at(text, 2).unwrap();
        assert_eq!((tag.name, tag.closing), ("img", false));
        assert_eq!(&text[tag.end..], " b");
        assert_eq!(
            tag_at("</p>", 0).map(|t| (t.name, t.closing)),
            Some(("p", true))
        );
        assert_eq!(tag_at("a < b", 2), None);
        assert_eq!(tag_at("<3 and <b", 0), None);
        assert_eq!(tag_at("<b", 0), None);
        assert_eq!(tag_at("<p don't>x", 0).map(|t| t.end), Some(9));
    }

    #[test]
    fn comments_end_at_their_close_or_the_end() {
        assert_eq!(comment_end("<!--more--> x", 0), 11);
        assert_eq!(comment_end("<!-- open", 0), 9);
        assert_eq!(comment_end("<!--", 0), 4);
    }
}
