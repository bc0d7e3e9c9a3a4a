//! Text as Byline stores and writes it: without control characters.
//!
//! A NUL, a vertical tab or an ESC in a headline is invisible to the person who typed
//! or pasted it, but XML 1.0 forbids it, so one such character makes a whole feed or
//! sitemap unreadable to every feed reader and to Google News. Forms strip them when
//! text arrives, and every HTML and XML writer strips them again on the way out (for
//! text stored before the rule, or written by a path that forgot it).

use std::borrow::Cow;

/// True for a character no stored text keeps: the C0 and C1 controls except tab,
/// newline and carriage return, and the two noncharacters XML forbids.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// The text without forbidden characters; borrowed when it had none.
///
/// Every string a page template writes passes through here, so the common case (no
/// such character) is a byte scan the compiler vectorises: every forbidden character
/// is a byte below 0x20 or 0x7F, or starts with 0xC2 (the C1 controls) or 0xEF
/// (U+FFFE, U+FFFF); only text holding one of those bytes is read as characters.
pub fn strip_controls(text: &str) -> Cow<'_, str> {
    let maybe = text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xEF);
    if maybe && text.chars().any(is_forbidden) {
        Cow::Owned(text.chars().filter(|&c| !is_forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn controls_go_and_layout_stays() {
        assert_eq!(
            strip_controls("Bridge\u{0}\u{b}\u{1b}[31m closes\t\r\n\u{85}now\u{ffff}"),
            "Bridge[31m closes\t\r\nnow"
        );
        assert!(matches!(strip_controls("Київ — 5 €"), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn stripped_text_is_valid_xml_character_data(text in "\\PC*|[\\x00-\\x20]*") {
            let clean = strip_controls(&text);
            prop_assert!(clean.chars().all(|c| !is_forbidden(c)));
            prop_assert!(clean.chars().all(|c| c >= ' ' || matches!(c, '\t' | '\n' | '\r')));
        }
    }
}
