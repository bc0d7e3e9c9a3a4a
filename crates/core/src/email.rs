//! Email addresses, checked strictly, because every one accepted receives mail from
//! the newsroom's server and a bad one costs its sending reputation: plain ASCII
//! `local@domain.tld`, no spaces or control characters, no quoted local parts, a
//! domain of real DNS labels. Unicode is refused outright: lookalike letters (a
//! Cyrillic `а` in `pаypal.com`) are how phishing addresses are made, and the few
//! readers with internationalised addresses are better served by a clear refusal than
//! by mail that bounces. Addresses are kept in lower case; no mail system in use
//! treats the local part's case as meaningful.

use std::fmt;

use serde::Serialize;

/// RFC 5321's limits: 64 characters before the `@`, 254 in all.
const LOCAL_MAX: usize = 64;
const ADDRESS_MAX: usize = 254;

/// An email address that passed [`EmailAddress::parse`], in lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

/// The desk's answer to a bad address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("enter an email address such as name@example.org")]
pub struct InvalidEmail;

/// Why an address was refused; readers see one plain message, the desk's importer and
/// logs see the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("the address is empty")]
    Empty,
    #[error("the address is longer than {ADDRESS_MAX} characters")]
    TooLong,
    #[error("the address contains a space")]
    Space,
    #[error("the address contains a control character")]
    Control,
    #[error("the address contains letters outside plain ASCII")]
    NotAscii,
    #[error("the address needs exactly one @")]
    At,
    #[error("the part before the @ is not valid")]
    Local,
    #[error("the part after the @ is not a valid domain")]
    Domain,
}

impl EmailAddress {
    /// Checks `raw` (surrounding whitespace is forgiven, as pasted addresses often
    /// carry some).
    pub fn parse(raw: &str) -> Result<EmailAddress, InvalidEmail> {
        EmailAddress::check(raw).map_err(|_| InvalidEmail)
    }

    /// Like [`EmailAddress::parse`], saying what is wrong.
    pub fn check(raw: &str) -> Result<EmailAddress, EmailError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(EmailError::Empty);
        }
        if raw.chars().any(char::is_control) {
            return Err(EmailError::Control);
        }
        if raw.chars().any(char::is_whitespace) {
            return Err(EmailError::Space);
        }
        if !raw.is_ascii() {
            return Err(EmailError::NotAscii);
        }
        if raw.len() > ADDRESS_MAX {
            return Err(EmailError::TooLong);
        }
        let mut parts = raw.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(EmailError::At);
        };
        if !valid_local(local) {
            return Err(EmailError::Local);
        }
        if !valid_domain(domain) {
            return Err(EmailError::Domain);
        }
        Ok(EmailAddress(raw.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn valid_local(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";
    !local.is_empty()
        && local.len() <= LOCAL_MAX
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let Some(top) = labels.last() else {
        return false;
    };
    // A top-level domain is letters (or an `xn--` IDN form); all digits means an IP
    // address typed without brackets, which nobody subscribes with.
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && top.len() >= 2
        && !top.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_are_accepted_with_the_domain_lowered() {
        for (raw, kept) in [
            ("reader@example.org", "reader@example.org"),
            (
                "  Ana.Silva+news@Example.ORG ",
                "ana.silva+news@example.org",
            ),
            ("o'brien@mail.co.uk", "o'brien@mail.co.uk"),
            ("x@xn--bcher-kva.example", "x@xn--bcher-kva.example"),
        ] {
            assert_eq!(EmailAddress::check(raw).unwrap().as_str(), kept, "{raw}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused_with_the_reason() {
        let long_local = format!("{}@example.org", "a".repeat(65));
        let long_domain = format!("a@{}.org", "b.".repeat(130));
        for (raw, why) in [
            ("", EmailError::Empty),
            ("   ", EmailError::Empty),
            ("ana silva@example.org", EmailError::Space),
            ("ana@exa mple.org", EmailError::Space),
            ("ana@example.org\r\nBcc: x@y.z", EmailError::Control),
            ("ana\u{0}@example.org", EmailError::Control),
            ("ana@pаypal.com", EmailError::NotAscii), // Cyrillic а
            ("аna@example.org", EmailError::NotAscii),
            ("ana@exam\u{200b}ple.org", EmailError::NotAscii), // zero-width space
            ("ana.example.org", EmailError::At),
            ("ana@@example.org", EmailError::At),
            ("a@b@example.org", EmailError::At),
            ("@example.org", EmailError::Local),
            (".ana@example.org", EmailError::Local),
            ("ana.@example.org", EmailError::Local),
            ("an..a@example.org", EmailError::Local),
            ("\"ana\"@example.org", EmailError::Local),
            (&long_local, EmailError::Local),
            ("ana@", EmailError::Domain),
            ("ana@localhost", EmailError::Domain),
            ("ana@example.", EmailError::Domain),
            ("ana@.example.org", EmailError::Domain),
            ("ana@-example.org", EmailError::Domain),
            ("ana@example.c", EmailError::Domain),
            ("ana@192.168.0.1", EmailError::Domain),
            ("ana@[192.168.0.1]", EmailError::Domain),
            ("ana@exa_mple.org", EmailError::Domain),
            (&long_domain, EmailError::TooLong),
        ] {
            assert_eq!(EmailAddress::check(raw), Err(why), "{raw:?}");
            assert_eq!(EmailAddress::parse(raw), Err(InvalidEmail));
        }
    }
}
