//! Proves: an accepted return path stays on this site (one leading `/`, visible ASCII,
//! no `\` or `#`); a stored web address is http(s) with a host and no credentials, and
//! reads back unchanged; an image address is an upload or https on an allowed host.
//! Input: the allowed-hosts setting, a newline, the address (no newline: no hosts).
#![no_main]

use byline_core::links::{MAX_ADDRESS_CHARS, host_list, image_address, return_path, web_address};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let (hosts_raw, raw) = input.split_once('\n').unwrap_or(("", input));

    if let Some(path) = return_path(raw) {
        assert_eq!(path, raw);
        assert!(path.starts_with('/') && !path.starts_with("//"), "{path:?}");
        assert!(
            path.bytes()
                .all(|b| b.is_ascii_graphic() && b != b'\\' && b != b'#'),
            "{path:?}"
        );
        assert!(path.len() <= MAX_ADDRESS_CHARS);
    }

    if let Ok(address) = web_address(raw) {
        assert_web(&address);
        assert_eq!(
            web_address(&address),
            Ok(address.clone()),
            "normalised once"
        );
    }

    let Ok(hosts) = host_list(hosts_raw) else {
        return;
    };
    for (i, host) in hosts.iter().enumerate() {
        assert!(
            !host.is_empty() && *host == host.to_ascii_lowercase(),
            "{host:?}"
        );
        assert!(!hosts[..i].contains(host), "duplicate {host:?}");
        // A host the administrator listed really is allowed.
        let on_host = format!("https://{host}/photo.jpg");
        assert!(image_address(&on_host, &hosts).is_ok(), "{on_host:?}");
    }
    if let Ok(image) = image_address(raw, &hosts) {
        if let Some(path) = image.strip_prefix("/content/images/") {
            assert!(!path.is_empty() && !path.contains(".."), "{image:?}");
            assert!(
                path.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"/.-_".contains(&b)),
                "{image:?}"
            );
        } else {
            assert_web(&image);
            assert!(image.starts_with("https://"), "{image:?}");
            let host = url::Url::parse(&image)
                .unwrap()
                .host_str()
                .unwrap()
                .to_owned();
            assert!(hosts.contains(&host), "{image:?} not on {hosts:?}");
        }
    }
});

fn assert_web(address: &str) {
    assert!(
        address.starts_with("http://") || address.starts_with("https://"),
        "{address:?}"
    );
    assert!(
        !address.chars().any(|c| c.is_whitespace() || c.is_control()),
        "{address:?}"
    );
    let url = url::Url::parse(address).expect("a stored address parses");
    assert!(url.host_str().is_some_and(|h| !h.is_empty()), "{address:?}");
    assert!(
        url.username().is_empty() && url.password().is_none(),
        "{address:?}"
    );
}
