//! The SMTP transport: lettre's async client over a pool of reused connections, so a
//! newsletter of thousands of messages does not open thousands of connections.

use lettre::{AsyncSmtpTransport, Tokio1Executor};
use url::Url;

use crate::MailError;

/// Builds the pooled transport for `url` and a description of the server that is safe
/// to log (no user name, no password).
pub(crate) fn transport(
    url: &str,
) -> Result<(AsyncSmtpTransport<Tokio1Executor>, String), MailError> {
    // The pool starts a tokio task to close idle connections; without a runtime that
    // would panic, so say so plainly instead.
    if tokio::runtime::Handle::try_current().is_err() {
        return Err(MailError::Config(
            "the SMTP mailer must be created inside a tokio runtime".into(),
        ));
    }
    let server = describe(url)?;
    // lettre's messages about a bad URL never repeat the URL, so no password leaks here.
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map_err(|error| MailError::Config(format!("the SMTP URL cannot be used: {error}")))?
        .build();
    Ok((transport, server))
}

/// `host:port`, plus the TLS mode when there is one, using the same default ports as
/// lettre: 25 for plain SMTP, 587 for STARTTLS, 465 for TLS from the start.
fn describe(url: &str) -> Result<String, MailError> {
    let parsed = Url::parse(url)
        .map_err(|error| MailError::Config(format!("the SMTP URL cannot be parsed: {error}")))?;
    let host = parsed
        .host_str()
        .ok_or_else(|| MailError::Config("the SMTP URL names no host".into()))?;
    let tls = parsed
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.into_owned());
    let (default_port, mode) = match (parsed.scheme(), tls.as_deref()) {
        ("smtp", None) => (25, ""),
        ("smtp", Some("required")) => (587, " (STARTTLS)"),
        ("smtp", Some("opportunistic")) => (587, " (STARTTLS when offered)"),
        ("smtps", _) => (465, " (TLS)"),
        (scheme, Some(tls)) => {
            return Err(MailError::Config(format!(
                "the SMTP URL has scheme {scheme:?} with tls={tls:?}; use smtp:// (tls=required or tls=opportunistic) or smtps://"
            )));
        }
        (scheme, None) => {
            return Err(MailError::Config(format!(
                "the SMTP URL has scheme {scheme:?}; use smtp:// or smtps://"
            )));
        }
    };
    let port = parsed.port().unwrap_or(default_port);
    Ok(format!("{host}:{port}{mode}"))
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn descriptions_name_the_server_but_never_the_login() {
        assert_eq!(describe("smtp://127.0.0.1:2525").unwrap(), "127.0.0.1:2525");
        assert_eq!(
            describe("smtp://user:secret@mail.example.org?tls=required").unwrap(),
            "mail.example.org:587 (STARTTLS)"
        );
        assert_eq!(
            describe("smtps://mail.example.org").unwrap(),
            "mail.example.org:465 (TLS)"
        );
    }

    #[test]
    fn unknown_schemes_and_tls_modes_are_configuration_errors() {
        assert!(describe("http://mail.example.org").is_err());
        assert!(describe("smtp://mail.example.org?tls=sometimes").is_err());
        assert!(describe("not a url").is_err());
    }
}
