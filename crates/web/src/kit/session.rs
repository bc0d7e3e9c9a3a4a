//! Who is asking: session cookies, CSRF tokens, password hashing, and the [`Staff`]
//! extractor every desk handler takes. A handler that names `Staff` in its arguments
//! cannot run for someone signed out.

use std::sync::{Arc, OnceLock};

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use byline_core::{Action, LanguageTag, PostAccess, PostStatus, Role};
use byline_store::User;
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};

use super::errors::HttpError;
use crate::state::SharedState;

pub const SESSION_COOKIE: &str = "byline_session";
/// Carries the sign-in form's CSRF token before there is a session.
pub const SIGN_IN_COOKIE: &str = "byline_signin";
/// How long a sign-in lasts.
pub const SESSION_LENGTH: SignedDuration = SignedDuration::from_hours(14 * 24);

/// 32 random bytes as hex: session cookies, CSRF tokens, account links.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random numbers");
    hex(&bytes)
}

/// What the database keeps of a token: its SHA-256, so a copy of the database does
/// not hold anything that signs someone in.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares secrets without leaking, through timing, how much of a guess was right.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Hashes a new password with argon2id, off the async threads (it takes ~50 ms of
/// CPU on purpose).
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("cannot hash a password: {e}"))
    })
    .await?
}

/// Checks a password against a stored hash. Without a hash (unknown account, invite
/// not accepted) a throwaway hash is still computed, so the answer takes as long and
/// does not reveal which accounts exist.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok(),
        None => {
            let _ = Argon2::default().hash_password(password.as_bytes());
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// A signed-in staff member, with the CSRF token of their session.
#[derive(Debug, Clone)]
pub struct Staff {
    pub user: User,
    pub csrf: String,
    pub session_hash: String,
}

impl Staff {
    pub fn role(&self) -> Role {
        self.user.role
    }

    pub fn may(&self, action: Action) -> bool {
        self.user.role.may(action)
    }

    /// Refuses with 403 unless the role allows `action`.
    pub fn require(&self, action: Action) -> Result<(), HttpError> {
        if self.may(action) {
            Ok(())
        } else {
            Err(HttpError::RoleForbids)
        }
    }

    pub fn access(&self, created_by: Option<i64>, status: PostStatus) -> PostAccess {
        PostAccess {
            own: created_by == Some(self.user.id),
            status,
        }
    }

    /// Checks the token a form sent back against this session's.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), HttpError> {
        match sent {
            Some(sent) if same_secret(sent, &self.csrf) => Ok(()),
            _ => Err(HttpError::BadCsrf),
        }
    }
}

/// Where the [`Staff`] extractor leaves the signed-in person's desk language for a
/// layer around the handler (the desk's error page speaks it). A layer puts one in
/// the request; without it, nothing is left.
#[derive(Debug, Clone, Default)]
pub struct SignedInLanguage(Arc<OnceLock<LanguageTag>>);

impl SignedInLanguage {
    /// The language of the staff member the handler found signed in, if it did.
    pub fn get(&self) -> Option<&LanguageTag> {
        self.0.get()
    }
}

impl FromRequestParts<SharedState> for Staff {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(staff) = current_staff(&parts.headers, state).await? {
            if let Some(slot) = parts.extensions.get::<SignedInLanguage>() {
                // Set once: the same request never has two people.
                let _ = slot.0.set(staff.user.desk_language.clone());
            }
            return Ok(staff);
        }
        let had_cookie = cookie(&parts.headers, SESSION_COOKIE).is_some();
        if parts.method == Method::GET || parts.method == Method::HEAD {
            let next = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/admin/".into());
            return Err(HttpError::SignInFirst { next });
        }
        Err(if had_cookie {
            HttpError::SessionExpired
        } else {
            HttpError::SignInFirst {
                next: "/admin/".into(),
            }
        })
    }
}

/// The staff member whose session cookie came with the request, if any.
pub async fn current_staff(
    headers: &HeaderMap,
    state: &SharedState,
) -> Result<Option<Staff>, HttpError> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = token_hash(token);
    let Some(session) = state.db.session(&hash, Timestamp::now()).await? else {
        return Ok(None);
    };
    Ok(Some(Staff {
        user: session.user,
        csrf: session.csrf_token,
        session_hash: hash,
    }))
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, and Secure when the site
/// is served over HTTPS (directly or behind a proxy that says so).
pub fn set_cookie(
    name: &str,
    value: &str,
    max_age: Option<SignedDuration>,
    secure: bool,
) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    match max_age {
        Some(age) => cookie.push_str(&format!("; Max-Age={}", age.as_secs())),
        None => cookie.push_str("; Max-Age=0"),
    }
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).expect("cookie names and hex values are valid header text")
}

/// Whether cookies must be `Secure`: the public URL is HTTPS, or a proxy in front
/// says the request came over HTTPS.
pub fn is_https(headers: &HeaderMap, site_url: &str) -> bool {
    site_url.starts_with("https://")
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_hashes_are_stable() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
        assert_eq!(token_hash("x"), token_hash("x"));
        assert_ne!(token_hash("x"), "x");
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; byline_session=abc; b=2"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn secret_comparison_is_exact() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await);
        assert!(!verify_password("anything".into(), None).await);
    }
}
