//! Proves: every accepted address is the trimmed input in lower case and keeps the
//! rules email.rs promises (plain ASCII, at most 254 bytes, one `@`, a local part of
//! at most 64 allowed characters, a domain of DNS labels with a non-numeric top level),
//! and `parse` agrees with `check`.
#![no_main]

use byline_core::EmailAddress;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    let checked = EmailAddress::check(raw);
    assert_eq!(EmailAddress::parse(raw).is_ok(), checked.is_ok());
    let Ok(address) = checked else {
        return;
    };
    let kept = address.as_str();
    assert_eq!(kept, raw.trim().to_ascii_lowercase());
    assert!(kept.is_ascii() && kept.len() <= 254, "{kept:?}");
    assert!(!kept.bytes().any(|b| b.is_ascii_uppercase()), "{kept:?}");
    assert!(
        kept.bytes()
            .all(|b| b.is_ascii_graphic() && !b"\"(),:;<>[\\]".contains(&b)),
        "{kept:?}"
    );
    let (local, domain) = kept.split_once('@').expect("an @");
    assert!(!domain.contains('@'), "{kept:?}");

    assert!((1..=64).contains(&local.len()), "{kept:?}");
    assert!(!local.starts_with('.') && !local.ends_with('.') && !local.contains(".."));

    let labels: Vec<&str> = domain.split('.').collect();
    assert!(labels.len() >= 2, "{kept:?}");
    for label in &labels {
        assert!((1..=63).contains(&label.len()), "{kept:?}");
        assert!(!label.starts_with('-') && !label.ends_with('-'), "{kept:?}");
        assert!(
            label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-'),
            "{kept:?}"
        );
    }
    let top = labels.last().unwrap();
    assert!(
        top.len() >= 2 && !top.bytes().all(|b| b.is_ascii_digit()),
        "{kept:?}"
    );

    // Stored addresses are read back as they were kept.
    assert_eq!(EmailAddress::check(kept), Ok(address.clone()));
});
