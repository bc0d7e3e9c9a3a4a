//! The links in newsletter emails: confirmation, unsubscribe and preferences.
//!
//! Every token carries an HMAC-SHA256 signature made with the site's secret (kept in
//! the database, so every node signs and checks alike), so a tampered token is
//! refused before any lookup.
//!
//! - A **confirmation** token is 32 random bytes plus signature. The database keeps
//!   only its SHA-256 with an expiry and a used mark: single use, expiring.
//! - An **unsubscribe** or **preferences** token names the subscriber (and the
//!   newsletter) in the clear, signed. They must keep working for as long as the
//!   email sits in an inbox, so they do not expire; deleting the subscriber ends them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use byline_core::{NewsletterId, SubscriberId};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// Signature bytes kept in a token: 128 bits, plenty against forgery, short links.
const SIGNATURE_BYTES: usize = 16;

/// Signs and checks newsletter link tokens with the site's secret.
#[derive(Clone)]
pub struct LinkSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner(..)")
    }
}

/// A new confirmation token and what the database stores of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmToken {
    pub token: String,
    pub hash: String,
}

impl LinkSigner {
    pub fn new(secret: &[u8]) -> LinkSigner {
        LinkSigner {
            key: secret.to_vec(),
        }
    }

    /// The signer for this site, with the secret every node shares.
    pub async fn load(db: &byline_store::Db) -> byline_store::Result<LinkSigner> {
        Ok(LinkSigner::new(&db.site_secret(super::LINK_SECRET).await?))
    }

    fn signature(&self, purpose: &str, payload: &[u8]) -> [u8; SIGNATURE_BYTES] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key size");
        mac.update(purpose.as_bytes());
        mac.update(b":");
        mac.update(payload);
        let full = mac.finalize().into_bytes();
        let mut short = [0u8; SIGNATURE_BYTES];
        short.copy_from_slice(&full[..SIGNATURE_BYTES]);
        short
    }

    fn seal(&self, purpose: &str, payload: &[u8]) -> String {
        let signature = self.signature(purpose, payload);
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(signature)
        )
    }

    /// The payload of a token signed for `purpose`, if the signature holds.
    fn open(&self, purpose: &str, token: &str) -> Option<Vec<u8>> {
        if token.len() > 200 {
            return None;
        }
        let (payload, signature) = token.split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let expected = self.signature(purpose, &payload);
        // Constant time, so the signature cannot be guessed byte by byte.
        let same = signature.len() == expected.len()
            && signature
                .iter()
                .zip(expected.iter())
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0;
        same.then_some(payload)
    }

    /// A fresh confirmation token.
    pub fn confirm_token(&self) -> ConfirmToken {
        let mut random = [0u8; 32];
        getrandom::fill(&mut random).expect("the operating system provides random numbers");
        let token = self.seal("confirm", &random);
        ConfirmToken {
            hash: token_hash(&token),
            token,
        }
    }

    /// The stored hash for a confirmation token from a link, if it is one of ours.
    pub fn check_confirm_token(&self, token: &str) -> Option<String> {
        let payload = self.open("confirm", token)?;
        (payload.len() == 32).then(|| token_hash(token))
    }

    pub fn unsubscribe_token(
        &self,
        subscriber_id: SubscriberId,
        newsletter_id: NewsletterId,
    ) -> String {
        self.seal(
            "unsubscribe",
            &ids(&[subscriber_id.get(), newsletter_id.get()]),
        )
    }

    /// (subscriber id, newsletter id) from an unsubscribe token.
    pub fn open_unsubscribe(&self, token: &str) -> Option<(SubscriberId, NewsletterId)> {
        match read_ids(&self.open("unsubscribe", token)?)[..] {
            [subscriber, newsletter] => Some((SubscriberId(subscriber), NewsletterId(newsletter))),
            _ => None,
        }
    }

    pub fn preferences_token(&self, subscriber_id: SubscriberId) -> String {
        self.seal("preferences", &ids(&[subscriber_id.get()]))
    }

    pub fn open_preferences(&self, token: &str) -> Option<SubscriberId> {
        match read_ids(&self.open("preferences", token)?)[..] {
            [subscriber] => Some(SubscriberId(subscriber)),
            _ => None,
        }
    }
}

/// What the database keeps of a confirmation token: its SHA-256 in hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn ids(values: &[i64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_be_bytes()).collect()
}

fn read_ids(bytes: &[u8]) -> Vec<i64> {
    if !bytes.len().is_multiple_of(8) {
        return Vec::new();
    }
    bytes
        .chunks_exact(8)
        .map(|chunk| i64::from_be_bytes(chunk.try_into().expect("8 bytes")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_open_only_with_the_right_key_and_purpose() {
        let signer = LinkSigner::new(b"one secret");
        let other = LinkSigner::new(b"another secret");
        let unsubscribe = signer.unsubscribe_token(SubscriberId(42), NewsletterId(7));
        assert_eq!(
            signer.open_unsubscribe(&unsubscribe),
            Some((SubscriberId(42), NewsletterId(7)))
        );
        assert_eq!(other.open_unsubscribe(&unsubscribe), None);
        assert_eq!(signer.open_preferences(&unsubscribe), None);
        let preferences = signer.preferences_token(SubscriberId(42));
        assert_eq!(
            signer.open_preferences(&preferences),
            Some(SubscriberId(42))
        );
        let confirm = signer.confirm_token();
        assert_eq!(
            signer.check_confirm_token(&confirm.token),
            Some(confirm.hash)
        );
        assert_eq!(other.check_confirm_token(&confirm.token), None);
    }

    #[test]
    fn tampered_or_garbled_tokens_are_refused() {
        let signer = LinkSigner::new(b"secret");
        let token = signer.unsubscribe_token(SubscriberId(1), NewsletterId(2));
        let (payload, signature) = token.split_once('.').unwrap();
        // Someone else's id with our signature.
        let forged = format!("{}.{signature}", URL_SAFE_NO_PAD.encode(ids(&[2, 2])));
        assert_eq!(signer.open_unsubscribe(&forged), None);
        let mut flipped = signature.to_owned();
        flipped.replace_range(0..1, if signature.starts_with('A') { "B" } else { "A" });
        assert_eq!(
            signer.open_unsubscribe(&format!("{payload}.{flipped}")),
            None
        );
        for garbage in ["", ".", "abc", "a.b.c", "!!!.???", &"x".repeat(500)] {
            assert_eq!(signer.open_unsubscribe(garbage), None, "{garbage}");
            assert_eq!(signer.check_confirm_token(garbage), None, "{garbage}");
        }
    }
}
