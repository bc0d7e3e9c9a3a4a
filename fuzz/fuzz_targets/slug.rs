//! Proves: a parsed slug keeps every rule it promises, and every slug Byline makes
//! (from any title, with any suffix) parses again and fits in MAX_SLUG_LEN.
#![no_main]

use byline_core::Slug;
use byline_core::slug::MAX_SLUG_LEN;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u32, &str)| {
    let (suffix, text) = input;
    if let Ok(slug) = Slug::parse(text) {
        assert_eq!(slug.as_str(), text);
        assert_valid(text);
    }
    if let Some(slug) = Slug::from_title(text) {
        assert_valid(slug.as_str());
        assert_eq!(Slug::parse(slug.as_str()), Ok(slug.clone()));
        assert_eq!(
            Slug::from_title(slug.as_str()),
            Some(slug.clone()),
            "idempotent"
        );
        let suffixed = slug.with_suffix(suffix);
        assert_valid(suffixed.as_str());
        assert!(suffixed.as_str().ends_with(&format!("-{suffix}")));
    }
});

/// The rules of `Slug`, restated independently of its code.
fn assert_valid(slug: &str) {
    assert!(!slug.is_empty() && slug.len() <= MAX_SLUG_LEN, "{slug:?}");
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{slug:?}"
    );
    assert!(
        !slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"),
        "{slug:?}"
    );
    assert!(Slug::parse(slug).is_ok(), "{slug:?}");
}
