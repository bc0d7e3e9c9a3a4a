//! Admin API tokens, as Ghost's clients sign them: a JWT in `Authorization: Ghost
//! <token>`, HS256 only, its header naming the admin key in `kid`, signed with the
//! key's secret decoded from hex, for the audience `/admin/` (or an older client's
//! `/v2/admin/` ... `/canary/admin/`), with at most five minutes between `iat` and
//! its end.
//!
//! Reading a token is two steps, because the secret is found by the key the token
//! names: [`key_id`] reads the header alone (nothing in it is trusted yet), then
//! [`verify`] checks the signature before it believes a single claim. Every other
//! algorithm, `none` included, is refused by name before any signature is looked at.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use sha2::Sha256;

/// The longest token read: Ghost's are about 250 bytes.
pub const MAX_TOKEN_BYTES: usize = 2048;
/// The longest life a token may claim, as in Ghost.
pub const MAX_LIFE: SignedDuration = SignedDuration::from_mins(5);
/// How far the client's clock may be from ours.
pub const CLOCK_SKEW: SignedDuration = SignedDuration::from_secs(30);

/// The audiences Ghost's clients sign for: today's, and the versioned ones.
const AUDIENCES: &[&str] = &[
    "/admin/",
    "/v2/admin/",
    "/v3/admin/",
    "/v4/admin/",
    "/v5/admin/",
    "/v6/admin/",
    "/canary/admin/",
];

/// Why a token is refused, in words for the `Invalid token: ...` message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not a JWT (three base64url parts joined by dots)")]
    Malformed,
    #[error("the token is signed with {0}; only HS256 is accepted")]
    Algorithm(String),
    #[error("the token's header has no kid naming the admin key")]
    NoKeyId,
    #[error("invalid signature")]
    Signature,
    #[error("the token is for the audience {0:?}, not /admin/")]
    Audience(String),
    #[error("the token claims a life of more than five minutes")]
    TooLong,
    #[error("the token has expired")]
    Expired,
    #[error("the token was issued in the future (check the client's clock)")]
    Future,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    iat: i64,
    exp: Option<i64>,
    aud: Audience,
}

/// `aud` is a string, or a list of them (JWT allows both).
#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// A token whose signature and claims were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub key_id: String,
    pub issued_at: Timestamp,
}

fn parts(token: &str) -> Result<[&str; 3], TokenError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::Malformed);
    }
    let mut split = token.split('.');
    match (split.next(), split.next(), split.next(), split.next()) {
        (Some(h), Some(p), Some(s), None) if !h.is_empty() && !p.is_empty() => Ok([h, p, s]),
        _ => Err(TokenError::Malformed),
    }
}

fn decode<T: for<'de> Deserialize<'de>>(part: &str) -> Result<T, TokenError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)
}

fn header(token: &str) -> Result<(Header, [&str; 3]), TokenError> {
    let parts = parts(token)?;
    let header: Header = decode(parts[0])?;
    if header.alg != "HS256" {
        return Err(TokenError::Algorithm(header.alg.chars().take(20).collect()));
    }
    Ok((header, parts))
}

/// The admin key a token names (not yet verified: only to find the secret).
pub fn key_id(token: &str) -> Result<String, TokenError> {
    let (header, _) = header(token)?;
    header
        .kid
        .filter(|kid| !kid.is_empty() && kid.len() <= 64)
        .ok_or(TokenError::NoKeyId)
}

/// Checks `token` against the admin key's hex `secret` at `now`: the algorithm, the
/// signature (in constant time), the audience and the times.
pub fn verify(token: &str, secret_hex: &str, now: Timestamp) -> Result<Verified, TokenError> {
    let (header, [h, p, s]) = header(token)?;
    let key_id = header.kid.ok_or(TokenError::NoKeyId)?;
    let signature = URL_SAFE_NO_PAD
        .decode(s)
        .map_err(|_| TokenError::Signature)?;
    mac_of(h, p, secret_hex)
        .ok_or(TokenError::Signature)?
        .verify_slice(&signature)
        .map_err(|_| TokenError::Signature)?;

    let claims: Claims = decode(p)?;
    let audiences = match claims.aud {
        Audience::One(aud) => vec![aud],
        Audience::Many(list) => list,
    };
    if !audiences
        .iter()
        .any(|aud| AUDIENCES.contains(&aud.as_str()))
    {
        let shown = audiences.first().cloned().unwrap_or_default();
        return Err(TokenError::Audience(shown.chars().take(40).collect()));
    }
    let issued_at = Timestamp::from_second(claims.iat).map_err(|_| TokenError::Malformed)?;
    if issued_at > now + CLOCK_SKEW {
        return Err(TokenError::Future);
    }
    if now > issued_at + MAX_LIFE + CLOCK_SKEW {
        return Err(TokenError::Expired);
    }
    if let Some(exp) = claims.exp {
        let expires_at = Timestamp::from_second(exp).map_err(|_| TokenError::Malformed)?;
        if expires_at.duration_since(issued_at) > MAX_LIFE {
            return Err(TokenError::TooLong);
        }
        if now > expires_at + CLOCK_SKEW {
            return Err(TokenError::Expired);
        }
    }
    Ok(Verified { key_id, issued_at })
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The MAC of a token's `header.payload` under a hex secret (`None`: not hex).
fn mac_of(h: &str, p: &str, secret_hex: &str) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&unhex(secret_hex)?).ok()?;
    mac.update(h.as_bytes());
    mac.update(b".");
    mac.update(p.as_bytes());
    Some(mac)
}

/// A token as Ghost's client signs one: for tests and tools that speak to the API.
pub fn sign(key_id: &str, secret_hex: &str, audience: &str, issued_at: Timestamp) -> String {
    let iat = issued_at.as_second();
    sign_claims(
        &serde_json::json!({ "alg": "HS256", "typ": "JWT", "kid": key_id }),
        &serde_json::json!({ "iat": iat, "exp": iat + 300, "aud": audience }),
        secret_hex,
    )
}

/// Any header and claims, signed with the hex secret as HS256 would be whatever the
/// header says: how tests forge the tokens `verify` must refuse.
pub fn sign_claims(
    header: &serde_json::Value,
    claims: &serde_json::Value,
    secret_hex: &str,
) -> String {
    let h = URL_SAFE_NO_PAD.encode(header.to_string());
    let p = URL_SAFE_NO_PAD.encode(claims.to_string());
    let s = mac_of(&h, &p, secret_hex)
        .map(|mac| URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes()))
        .unwrap_or_default();
    format!("{h}.{p}.{s}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KID: &str = "65a1b2c3d4e5f60718293a4b";
    const SECRET: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";

    fn now() -> Timestamp {
        "2026-12-05T12:00:00Z".parse().unwrap()
    }

    fn forge(header: serde_json::Value, claims: serde_json::Value, secret: &str) -> String {
        sign_claims(&header, &claims, secret)
    }

    fn claims(iat: Timestamp, life: i64, aud: &str) -> serde_json::Value {
        serde_json::json!({ "iat": iat.as_second(), "exp": iat.as_second() + life, "aud": aud })
    }

    fn header() -> serde_json::Value {
        serde_json::json!({ "alg": "HS256", "typ": "JWT", "kid": KID })
    }

    #[test]
    fn a_token_signed_as_ghosts_client_signs_is_accepted() {
        for aud in AUDIENCES {
            let token = sign(KID, SECRET, aud, now());
            assert_eq!(key_id(&token).unwrap(), KID);
            let verified = verify(&token, SECRET, now() + SignedDuration::from_secs(60)).unwrap();
            assert_eq!(verified.key_id, KID);
        }
        // Without exp, the five minutes are counted from iat.
        let no_exp = forge(
            header(),
            serde_json::json!({ "iat": now().as_second(), "aud": "/admin/" }),
            SECRET,
        );
        assert!(verify(&no_exp, SECRET, now()).is_ok());
    }

    #[test]
    fn a_forged_signature_is_refused() {
        let other = "00".repeat(32);
        let token = forge(header(), claims(now(), 300, "/admin/"), &other);
        assert_eq!(verify(&token, SECRET, now()), Err(TokenError::Signature));
        // A claim changed after signing.
        let good = sign(KID, SECRET, "/admin/", now());
        let [h, _, s] = parts(&good).unwrap();
        let later = URL_SAFE_NO_PAD
            .encode(claims(now() + SignedDuration::from_hours(9), 300, "/admin/").to_string());
        let tampered = format!("{h}.{later}.{s}");
        assert_eq!(verify(&tampered, SECRET, now()), Err(TokenError::Signature));
        // No signature at all.
        let [h, p, _] = parts(&good).unwrap();
        assert_eq!(
            verify(&format!("{h}.{p}."), SECRET, now()),
            Err(TokenError::Signature)
        );
    }

    #[test]
    fn every_algorithm_but_hs256_is_refused_before_the_signature() {
        for alg in [
            "none", "None", "HS512", "HS384", "RS256", "ES256", "hs256", "",
        ] {
            let header = serde_json::json!({ "alg": alg, "typ": "JWT", "kid": KID });
            let token = forge(header, claims(now(), 300, "/admin/"), SECRET);
            assert_eq!(
                verify(&token, SECRET, now()),
                Err(TokenError::Algorithm(alg.to_owned())),
                "{alg}"
            );
            assert!(key_id(&token).is_err(), "{alg}");
        }
        // `alg: none` written as such tokens are: no signature part.
        let h = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"65a1b2c3d4e5f60718293a4b"}"#);
        let p = URL_SAFE_NO_PAD.encode(claims(now(), 300, "/admin/").to_string());
        assert!(matches!(
            verify(&format!("{h}.{p}."), SECRET, now()),
            Err(TokenError::Algorithm(_))
        ));
    }

    #[test]
    fn times_audiences_and_key_ids_are_checked() {
        let at = |t: Timestamp| forge(header(), claims(t, 300, "/admin/"), SECRET);
        let old = at(now() - SignedDuration::from_mins(6));
        assert_eq!(verify(&old, SECRET, now()), Err(TokenError::Expired));
        let ahead = at(now() + SignedDuration::from_mins(2));
        assert_eq!(verify(&ahead, SECRET, now()), Err(TokenError::Future));
        // Within the allowance for clocks either way.
        assert!(verify(&at(now() + SignedDuration::from_secs(20)), SECRET, now()).is_ok());
        assert!(verify(&at(now() - SignedDuration::from_secs(320)), SECRET, now()).is_ok());
        let long = forge(header(), claims(now(), 3600, "/admin/"), SECRET);
        assert_eq!(verify(&long, SECRET, now()), Err(TokenError::TooLong));
        for aud in ["/content/", "/v4/content/", "admin", "/admin/x/", ""] {
            let token = forge(header(), claims(now(), 300, aud), SECRET);
            assert!(
                matches!(verify(&token, SECRET, now()), Err(TokenError::Audience(_))),
                "{aud}"
            );
        }
        let listed = forge(
            header(),
            serde_json::json!({ "iat": now().as_second(), "aud": ["/x/", "/admin/"] }),
            SECRET,
        );
        assert!(verify(&listed, SECRET, now()).is_ok());
        let no_kid = forge(
            serde_json::json!({ "alg": "HS256" }),
            claims(now(), 300, "/admin/"),
            SECRET,
        );
        assert_eq!(key_id(&no_kid), Err(TokenError::NoKeyId));
        assert_eq!(verify(&no_kid, SECRET, now()), Err(TokenError::NoKeyId));
    }

    #[test]
    fn what_is_not_a_token_is_malformed() {
        let huge = "a".repeat(MAX_TOKEN_BYTES + 1);
        for text in ["", "abc", "a.b", "a.b.c.d", "..", "!!.??.##", huge.as_str()] {
            assert_eq!(key_id(text), Err(TokenError::Malformed), "{text:.20}");
            assert!(verify(text, SECRET, now()).is_err());
        }
        let bad_json = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode("{not json"),
            URL_SAFE_NO_PAD.encode("{}")
        );
        assert_eq!(key_id(&bad_json), Err(TokenError::Malformed));
    }

    proptest! {
        #[test]
        fn no_input_panics_or_passes_without_the_secret(text in ".{0,300}", dots in "[a-zA-Z0-9_.-]{0,300}") {
            for token in [text.as_str(), dots.as_str()] {
                let _ = key_id(token);
                prop_assert!(verify(token, SECRET, now()).is_err());
            }
        }
    }
}
