//! Integrations: other software (an app, a frontend, a wire importer, an automation)
//! that reads the site through the Content API with a content key and writes through
//! the Admin API with an admin key, in the formats Ghost's clients expect.
//!
//! How the keys are kept: the content key is a public read key by nature (it ships in
//! frontends' JavaScript), yet only its SHA-256 is stored, so a copy of the database
//! does not hand it out and the desk shows it once. The admin key's secret signs the
//! tokens the Admin API checks (HMAC-SHA256), so the server must be able to read it:
//! it is stored as is, as Ghost stores it, and never shown again after it is made;
//! encrypting it with a key kept beside the database would protect nothing the
//! database's own access rules do not.

use std::fmt;

use jiff::Timestamp;
use sha2::{Digest, Sha256};

/// An integration as the desk lists it (no key material).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integration {
    pub id: i64,
    pub name: String,
    /// The admin key's public half: it names the key in a token's `kid`.
    pub admin_key_id: String,
    pub created_at: Timestamp,
    /// When its keys were last made (created or regenerated).
    pub keys_made_at: Timestamp,
}

/// The longest integration name.
pub const MAX_INTEGRATION_NAME: usize = 191;

/// Why an integration's name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IntegrationNameError {
    #[error("an integration needs a name (what it is, e.g. \"Mobile app\")")]
    Empty,
    #[error("an integration's name can be at most {MAX_INTEGRATION_NAME} characters")]
    TooLong,
}

/// An integration's name, trimmed; refused when empty or too long.
pub fn integration_name(raw: &str) -> Result<&str, IntegrationNameError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(IntegrationNameError::Empty);
    }
    if name.chars().count() > MAX_INTEGRATION_NAME {
        return Err(IntegrationNameError::TooLong);
    }
    Ok(name)
}

/// Random bytes in: 13 for the content key, 12 for the admin key's id, 32 for its
/// secret (the lengths of Ghost's keys: 26, 24 and 64 hex characters).
pub const KEY_BYTES: usize = 13 + 12 + 32;

/// A fresh pair of keys, shown once.
#[derive(Clone, PartialEq, Eq)]
pub struct NewKeys {
    pub content: ContentKey,
    pub admin: AdminKey,
}

impl NewKeys {
    /// Keys from random bytes (the caller draws them from the operating system).
    pub fn from_random(bytes: &[u8; KEY_BYTES]) -> NewKeys {
        NewKeys {
            content: ContentKey(hex(&bytes[..13])),
            admin: AdminKey {
                id: hex(&bytes[13..25]),
                secret: hex(&bytes[25..]),
            },
        }
    }
}

impl fmt::Debug for NewKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewKeys")
            .field("admin_key_id", &self.admin.id)
            .finish_non_exhaustive()
    }
}

/// A content key: 26 lowercase hex characters, sent as `?key=`.
#[derive(Clone, PartialEq, Eq)]
pub struct ContentKey(String);

impl ContentKey {
    /// A key as a client sent it; `None` when it cannot be one (so no lookup is made).
    pub fn parse(raw: &str) -> Option<ContentKey> {
        (raw.len() == 26 && raw.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| ContentKey(raw.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What is stored and looked up: the key's SHA-256, in hex.
    pub fn digest(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }
}

impl fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ContentKey(…)")
    }
}

/// An admin key: `id:secret`, 24 and 64 hex characters.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminKey {
    pub id: String,
    pub secret: String,
}

impl fmt::Display for AdminKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.id, self.secret)
    }
}

impl fmt::Debug for AdminKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AdminKey({}:…)", self.id)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_ghosts_lengths_and_never_print_their_secrets() {
        let mut bytes = [0u8; KEY_BYTES];
        for (n, b) in bytes.iter_mut().enumerate() {
            *b = (n as u8).wrapping_mul(7);
        }
        let keys = NewKeys::from_random(&bytes);
        assert_eq!(keys.content.as_str().len(), 26);
        assert_eq!(keys.admin.id.len(), 24);
        assert_eq!(keys.admin.secret.len(), 64);
        let shown = keys.admin.to_string();
        assert_eq!(
            shown.split_once(':').unwrap(),
            (keys.admin.id.as_str(), keys.admin.secret.as_str())
        );
        let debug = format!("{keys:?} {:?} {:?}", keys.content, keys.admin);
        assert!(!debug.contains(&keys.admin.secret), "{debug}");
        assert!(!debug.contains(keys.content.as_str()), "{debug}");
    }

    #[test]
    fn a_content_key_is_checked_before_it_is_looked_up() {
        let key = ContentKey::parse("0123456789ABCDEF0123456789").unwrap();
        assert_eq!(key.as_str(), "0123456789abcdef0123456789");
        assert_eq!(key.digest().len(), 64);
        assert_ne!(key.digest(), key.as_str());
        for wrong in [
            "",
            "0123",
            "0123456789abcdef012345678g",
            "0123456789abcdef01234567890",
        ] {
            assert!(ContentKey::parse(wrong).is_none(), "{wrong}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(integration_name("  Mobile app "), Ok("Mobile app"));
        assert!(integration_name("   ").is_err());
        assert!(integration_name(&"x".repeat(192)).is_err());
        assert!(integration_name(&"é".repeat(191)).is_ok());
    }
}
