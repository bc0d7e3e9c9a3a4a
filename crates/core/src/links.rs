//! Addresses Byline accepts from people: where to go back to after a form, and the
//! web addresses it stores (author photos, the site logo, featured images).
//!
//! One rule each, used by every endpoint and form that takes one, so an open redirect
//! or a `javascript:` link cannot slip in through a form that forgot to check.

use url::Url;

/// Longest return path or stored address we keep.
pub const MAX_ADDRESS_CHARS: usize = 2000;

/// A path on this site to send a browser back to after a form: it starts with one
/// `/`, holds only visible ASCII (browsers drop tabs and newlines, and treat `\` as
/// `/`, so `/\t/evil.example/` and `/\evil.example` would leave the site) and no
/// fragment. Anything else is `None`; callers fall back to a page of their own.
pub fn return_path(raw: &str) -> Option<&str> {
    let rest = raw.strip_prefix('/')?;
    let leaves_site = rest.starts_with('/');
    let visible = raw
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'\\' && b != b'#');
    (!leaves_site && visible && raw.len() <= MAX_ADDRESS_CHARS).then_some(raw)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("write a full web address that starts with https:// or http://")]
    NotWeb,
    #[error("web addresses can be at most {MAX_ADDRESS_CHARS} characters long")]
    TooLong,
    #[error(
        "images from {0} are not allowed; upload the image, or ask an administrator to allow that site in the settings"
    )]
    HostNotAllowed(String),
}

/// A web address to store and show to readers: `http` or `https` with a host, no
/// spaces or control characters, no user name or password. Returned normalised.
pub fn web_address(raw: &str) -> Result<String, AddressError> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_ADDRESS_CHARS {
        return Err(AddressError::TooLong);
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AddressError::NotWeb);
    }
    let url = Url::parse(raw).map_err(|_| AddressError::NotWeb)?;
    let web = matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.username().is_empty()
        && url.password().is_none();
    if !web {
        return Err(AddressError::NotWeb);
    }
    // Normalising percent-encodes, so the stored form can outgrow the typed one; it
    // must pass this same check when it is saved again.
    let normal: String = url.into();
    if normal.len() > MAX_ADDRESS_CHARS {
        return Err(AddressError::TooLong);
    }
    Ok(normal)
}

/// Where a featured image may come from: this site's own uploads (`/content/images/…`),
/// or an `https` address on one of the hosts the site allows. Anything else would make
/// an editor's browser fetch a stranger's server when it opens a contributor's draft.
pub fn image_address(raw: &str, allowed_hosts: &[String]) -> Result<String, AddressError> {
    let raw = raw.trim();
    if raw.starts_with('/') {
        return upload_path(raw).ok_or(AddressError::NotWeb);
    }
    let address = web_address(raw)?;
    let url = Url::parse(&address).map_err(|_| AddressError::NotWeb)?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let allowed = url.scheme() == "https"
        && allowed_hosts
            .iter()
            .any(|h| h.trim().eq_ignore_ascii_case(&host));
    if allowed {
        Ok(address)
    } else {
        Err(AddressError::HostNotAllowed(host))
    }
}

/// An image uploaded to this site: `/content/images/` and a plain relative path.
pub fn upload_path(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let path = raw.strip_prefix("/content/images/")?;
    let plain = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_'));
    (plain && !path.is_empty() && !path.contains("..") && raw.len() <= MAX_ADDRESS_CHARS)
        .then(|| raw.to_owned())
}

/// The host names in an administrator's list (one per line, or separated by commas
/// or spaces), lowercased; a full address counts as its host.
pub fn host_list(raw: &str) -> Result<Vec<String>, AddressError> {
    let mut hosts = Vec::new();
    for item in raw
        .split([',', ' ', '\n', '\r', '\t'])
        .filter(|s| !s.is_empty())
    {
        let with_scheme = if item.contains("://") {
            item.to_owned()
        } else {
            format!("https://{item}/")
        };
        let url = Url::parse(&web_address(&with_scheme)?).map_err(|_| AddressError::NotWeb)?;
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    Ok(hosts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_return_paths() {
        for good in ["/", "/city-budget/", "/tag/city/?page=2", "/%2F%2Fx/"] {
            assert_eq!(return_path(good), Some(good), "{good}");
        }
        for bad in [
            "",
            "//evil.example/",
            "/\t/evil.example/",
            "/\\evil.example",
            "\\/evil.example",
            "https://evil.example/",
            "/a b",
            "/a\nb",
            "/ok#frag",
            "javascript:alert(1)",
            "/Київ/",
        ] {
            assert_eq!(return_path(bad), None, "{bad:?}");
        }
        assert_eq!(
            return_path(&format!("/{}", "a".repeat(MAX_ADDRESS_CHARS))),
            None
        );
    }

    #[test]
    fn stored_addresses_are_http_or_https() {
        assert_eq!(
            web_address(" https://Photos.Example/a.jpg ").as_deref(),
            Ok("https://photos.example/a.jpg")
        );
        assert!(web_address("http://example.org").is_ok());
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:image/png;base64,AAAA",
            "/relative.png",
            "ftp://example.org/x",
            "https://",
            "https://user:pw@example.org/",
            "https://exa mple.org/",
            "https://example.org/\u{0}",
        ] {
            assert_eq!(web_address(bad), Err(AddressError::NotWeb), "{bad:?}");
        }
    }

    #[test]
    fn a_stored_address_passes_its_own_check_again() {
        // Found by the `links` fuzz target: 664 `>` become 1,992 characters of `%3E`.
        let grows = format!("http://a.b/{}", ">".repeat(664));
        assert_eq!(web_address(&grows), Err(AddressError::TooLong));
        let fits = format!("http://a.b/{}", ">".repeat(600));
        let stored = web_address(&fits).unwrap();
        assert_eq!(web_address(&stored), Ok(stored.clone()));
    }

    #[test]
    fn featured_images_are_uploads_or_from_allowed_hosts() {
        let hosts = host_list("photos.example.org, https://wire.example/feed").unwrap();
        assert_eq!(hosts, ["photos.example.org", "wire.example"]);
        assert!(image_address("/content/images/u/ab12/1200.jpg", &hosts).is_ok());
        assert!(image_address("https://photos.example.org/x.jpg", &hosts).is_ok());
        assert_eq!(
            image_address("https://tracker.example/x.jpg", &hosts),
            Err(AddressError::HostNotAllowed("tracker.example".into()))
        );
        assert!(image_address("http://photos.example.org/x.jpg", &hosts).is_err());
        assert!(image_address("/content/images/../../etc/passwd", &hosts).is_err());
        assert!(image_address("/content/images/a\"onerror=x", &hosts).is_err());
        assert!(host_list("javascript:alert(1)").is_err());
    }
}
