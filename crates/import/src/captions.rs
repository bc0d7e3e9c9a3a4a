//! Captions from other platforms carry the photographer's credit in the same text
//! ("The pier at dawn. Photo: Ana Ruiz"); Byline keeps the two apart.

/// Splits a caption (plain text or HTML) into the caption and the credit (see
/// [`byline_core::credits::split`]); tags are removed first.
pub fn split_credit(caption: &str) -> (Option<String>, Option<String>) {
    byline_core::credits::split(&plain(caption))
}

/// The text of a bit of HTML: tags dropped, the common entities decoded, white
/// space collapsed.
pub fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&amp;", "&");
    let words: Vec<&str> = decoded.split_whitespace().collect();
    // Spaces the dropped tags left before punctuation ("<a>Ana</a>.") go again.
    words
        .join(" ")
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace(" )", ")")
        .replace("( ", "(")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_split_at_the_last_marker() {
        assert_eq!(
            split_credit("The pier at dawn. Photo: Ana Ruiz"),
            (
                Some("The pier at dawn.".into()),
                Some("Photo: Ana Ruiz".into())
            )
        );
        assert_eq!(
            split_credit("Photo by <a href=\"https://x.example\">Ana Ruiz</a>"),
            (None, Some("Photo by Ana Ruiz".into()))
        );
        assert_eq!(
            split_credit("<em>Boats</em> in the harbour"),
            (Some("Boats in the harbour".into()), None)
        );
        assert_eq!(split_credit("  "), (None, None));
    }
}
