//! Proves: `strip_controls` leaves no forbidden character, removes nothing else, borrows
//! clean text unchanged, and is idempotent; `html::escape` leaves no markup or control.
#![no_main]

use std::borrow::Cow;

use byline_core::html::escape;
use byline_core::text::{is_forbidden, strip_controls};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let clean = strip_controls(text);
    assert!(!clean.chars().any(is_forbidden), "{clean:?}");
    let kept: String = text.chars().filter(|&c| !is_forbidden(c)).collect();
    assert_eq!(clean, kept);
    let had_forbidden = text.chars().any(is_forbidden);
    assert_eq!(matches!(clean, Cow::Borrowed(_)), !had_forbidden);
    if !had_forbidden {
        assert_eq!(clean, text);
    }
    assert!(matches!(strip_controls(&clean), Cow::Borrowed(again) if again == clean));

    let escaped = escape(text);
    assert!(
        !escaped.contains(['<', '>', '"', '\'']) && !escaped.chars().any(is_forbidden),
        "{escaped:?}"
    );
});
