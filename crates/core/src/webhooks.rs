//! Webhooks: the events a site announces, how a delivery is signed, and which
//! addresses a delivery may go to.
//!
//! A delivery is signed as Ghost signs one, so a receiver written for Ghost checks
//! it unchanged: `X-Ghost-Signature: sha256=<hex>, t=<ms>`, the hex being the
//! HMAC-SHA256, keyed with the webhook's secret, of the body followed by the
//! timestamp's digits.
//!
//! Staff choose where deliveries go, so a target is checked like any address a
//! server is asked to fetch (SSRF): only `http` and `https`, and never the
//! machine's own network unless the operator allows private targets. Link-local
//! addresses (which include the cloud metadata services at 169.254.169.254 and
//! fd00:ec2::254) are refused even then: no newsroom hook lives there.

use std::fmt::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use url::{Host, Url};

/// Every event a webhook can listen for.
pub const EVENTS: &[&str] = &[
    "post.added",
    "post.deleted",
    "post.edited",
    "post.published",
    "post.published.edited",
    "post.unpublished",
    "post.scheduled",
    "page.added",
    "page.deleted",
    "page.edited",
    "page.published",
    "page.published.edited",
    "page.unpublished",
    "page.scheduled",
    "tag.added",
    "tag.edited",
    "tag.deleted",
    "member.added",
    "member.edited",
    "member.deleted",
    "news_feed.item.published",
];

/// The longest target address accepted.
pub const MAX_TARGET_LEN: usize = 2000;

/// The `X-Ghost-Signature` value for `body` sent at `at_ms` (Unix milliseconds).
pub fn signature(secret: &str, body: &[u8], at_ms: i64) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body);
    mac.update(at_ms.to_string().as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    format!("sha256={hex}, t={at_ms}")
}

/// Why a target address is refused, in words for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("the target must be a full http:// or https:// address")]
    NotHttp,
    #[error("the target address is longer than {MAX_TARGET_LEN} characters")]
    TooLong,
    #[error("the target address must not carry a user name or password")]
    Credentials,
    #[error("the target {0} is {1}; webhooks may not be sent there")]
    Forbidden(IpAddr, &'static str),
    #[error(
        "the target {0} is {1}; the operator has not allowed private webhook targets \
         (byline serve --webhooks-to-private-addresses)"
    )]
    Private(IpAddr, &'static str),
}

/// Reads a target address: `http` or `https`, with a host, without credentials.
pub fn parse_target(text: &str) -> Result<Url, TargetError> {
    if text.len() > MAX_TARGET_LEN {
        return Err(TargetError::TooLong);
    }
    let url = Url::parse(text.trim()).map_err(|_| TargetError::NotHttp)?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(TargetError::NotHttp);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(TargetError::Credentials);
    }
    if let Some(ip) = literal_ip(&url) {
        check_address(ip, true)?;
    }
    Ok(url)
}

/// The target's host when it is written as an address rather than a name.
pub fn literal_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        Host::Domain(_) => None,
    }
}

/// Whether a delivery may connect to `ip`: never to link-local, unspecified,
/// multicast or broadcast addresses; to loopback and private ones only when
/// `allow_private`.
pub fn check_address(ip: IpAddr, allow_private: bool) -> Result<(), TargetError> {
    let ip = match ip {
        // An IPv4 address written in IPv6 form is judged as itself.
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    };
    if let Some(what) = forbidden(ip) {
        return Err(TargetError::Forbidden(ip, what));
    }
    match private(ip) {
        Some(what) if !allow_private => Err(TargetError::Private(ip, what)),
        _ => Ok(()),
    }
}

fn forbidden(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => {
            if v4.is_link_local() {
                Some("a link-local address (where cloud metadata services answer)")
            } else if v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast() {
                Some("not an address of a single machine")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            if (v6.segments()[0] & 0xffc0) == 0xfe80 {
                Some("a link-local address")
            } else if v6 == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
                Some("a cloud metadata address")
            } else if v6.is_unspecified() || v6.is_multicast() {
                Some("not an address of a single machine")
            } else {
                None
            }
        }
    }
}

fn private(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => {
            if v4.is_loopback() {
                Some("this machine (loopback)")
            } else if v4.is_private() || is_shared_v4(v4) || v4.octets()[0] == 0 {
                Some("a private network address")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            if v6.is_loopback() {
                Some("this machine (loopback)")
            } else if (v6.segments()[0] & 0xfe00) == 0xfc00 {
                Some("a private network address")
            } else {
                None
            }
        }
    }
}

/// 100.64.0.0/10, the carrier-grade NAT range: private in practice.
fn is_shared_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    a == 100 && (64..128).contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_hmac_of_body_and_time() {
        // The hex is what Node's crypto.createHmac('sha256', 'shh')
        // .update('{"a":1}' + '1700000000000').digest('hex') prints.
        let signed = signature("shh", br#"{"a":1}"#, 1_700_000_000_000);
        assert_eq!(
            signed,
            "sha256=5bf7401b998b34ea696a8f5a71501166eca62f9bcf2aee92a758d62334a4d835, t=1700000000000"
        );
        assert_ne!(signed, signature("other", br#"{"a":1}"#, 1_700_000_000_000));
        assert_ne!(signed, signature("shh", br#"{"a":2}"#, 1_700_000_000_000));
        assert_ne!(signed, signature("shh", br#"{"a":1}"#, 1_700_000_000_001));
    }

    #[test]
    fn only_http_addresses_without_credentials_are_targets() {
        assert!(parse_target("https://hooks.example.org/byline").is_ok());
        assert!(parse_target("http://hooks.example.org:8080/in?x=1").is_ok());
        for bad in [
            "ftp://example.org/",
            "file:///etc/passwd",
            "example.org",
            "",
            "https://",
        ] {
            assert_eq!(parse_target(bad), Err(TargetError::NotHttp), "{bad}");
        }
        assert_eq!(
            parse_target("https://user:pw@example.org/"),
            Err(TargetError::Credentials)
        );
        let long = format!("https://example.org/{}", "a".repeat(MAX_TARGET_LEN));
        assert_eq!(parse_target(&long), Err(TargetError::TooLong));
    }

    #[test]
    fn metadata_and_link_local_addresses_are_refused_always() {
        for text in [
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/",
            "http://[fd00:ec2::254]/",
            "http://[::ffff:169.254.169.254]/",
            "http://0.0.0.0/",
            "http://255.255.255.255/",
        ] {
            let refused = parse_target(text);
            assert!(
                matches!(refused, Err(TargetError::Forbidden(..))),
                "{text}: {refused:?}"
            );
        }
    }

    #[test]
    fn private_addresses_need_the_operators_leave() {
        for text in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.10",
            "172.20.0.1",
            "100.64.0.1",
            "::1",
            "fd12::1",
        ] {
            let ip: IpAddr = text.parse().unwrap();
            assert!(
                matches!(check_address(ip, false), Err(TargetError::Private(..))),
                "{text}"
            );
            assert_eq!(check_address(ip, true), Ok(()), "{text}");
        }
        for public in ["93.184.216.34", "2606:2800:220:1::1"] {
            assert_eq!(check_address(public.parse().unwrap(), false), Ok(()));
        }
    }
}
