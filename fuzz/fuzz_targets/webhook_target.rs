//! Proves: no target address, however written, panics the webhook target check, and
//! none that it accepts is written as a link-local, metadata, unspecified or
//! multicast address, or as a private one (the check reads literal addresses as a
//! delivery would connect to them, including IPv4 inside IPv6).
#![no_main]

use std::net::IpAddr;

use byline_core::webhooks::{check_address, literal_ip, parse_target};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, [u8; 16], bool)| {
    let (text, octets, v4) = input;
    if let Ok(url) = parse_target(text) {
        assert!(matches!(url.scheme(), "http" | "https"), "{text:?}");
        assert!(url.username().is_empty() && url.password().is_none(), "{text:?}");
        if let Some(ip) = literal_ip(&url) {
            let ip = match ip {
                IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
                other => other,
            };
            match ip {
                IpAddr::V4(v4) => assert!(
                    !v4.is_link_local() && !v4.is_unspecified() && !v4.is_multicast(),
                    "{text:?} reaches {v4}"
                ),
                IpAddr::V6(v6) => assert!(
                    (v6.segments()[0] & 0xffc0) != 0xfe80 && !v6.is_unspecified(),
                    "{text:?} reaches {v6}"
                ),
            }
        }
    }
    // Any address: private ones pass only with the operator's leave.
    let ip: IpAddr = if v4 {
        IpAddr::from([octets[0], octets[1], octets[2], octets[3]])
    } else {
        IpAddr::from(octets)
    };
    if check_address(ip, false).is_ok() {
        assert!(check_address(ip, true).is_ok(), "{ip} allowed only without leave");
        if let IpAddr::V4(v4) = ip {
            assert!(!v4.is_private() && !v4.is_loopback(), "{v4} allowed");
        }
    }
});
