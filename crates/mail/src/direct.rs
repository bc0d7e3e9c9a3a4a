//! Our own pool of SMTP connections for `smtp://` servers (plain or STARTTLS), built
//! on lettre's connection type, because lettre's pooled transport leaves Nagle's
//! algorithm on: it writes a message's body and then the five-byte end marker as two
//! writes, and the kernel holds the small one back until the server acknowledges the
//! body, which a server delays by up to 40 ms. That capped a connection at about 25
//! messages a second, whatever the server's speed. Our sockets set `TCP_NODELAY`.
//!
//! A connection is taken from the idle list (or opened), used for one message, and
//! put back if all went well; after any error it is dropped. A reused connection that
//! turns out to have been closed by the server while idle is replaced once, so an
//! idle timeout never looks like an outage.

use std::sync::Mutex;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use url::Url;

use crate::MailError;

/// How long connecting, or one message, may take before the server counts as gone.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
const SEND_TIMEOUT: Duration = Duration::from_secs(120);
/// Idle connections kept for reuse.
const MAX_IDLE: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tls {
    None,
    Required,
    Opportunistic,
}

pub(crate) struct DirectPool {
    host: String,
    port: u16,
    tls: Tls,
    credentials: Option<Credentials>,
    hello: ClientId,
    idle: Mutex<Vec<AsyncSmtpConnection>>,
}

impl DirectPool {
    /// A pool for `smtp://` URLs; `None` for anything else (`smtps://` keeps lettre's
    /// own transport).
    pub(crate) fn for_url(url: &str) -> Result<Option<DirectPool>, MailError> {
        let parsed = Url::parse(url).map_err(|error| {
            MailError::Config(format!("the SMTP URL cannot be parsed: {error}"))
        })?;
        if parsed.scheme() != "smtp" {
            return Ok(None);
        }
        let host = parsed
            .host_str()
            .ok_or_else(|| MailError::Config("the SMTP URL names no host".into()))?
            .to_owned();
        let tls = match parsed
            .query_pairs()
            .find(|(key, _)| key == "tls")
            .map(|(_, value)| value.into_owned())
            .as_deref()
        {
            None => Tls::None,
            Some("required") => Tls::Required,
            Some("opportunistic") => Tls::Opportunistic,
            Some(other) => {
                return Err(MailError::Config(format!(
                    "the SMTP URL has tls={other:?}; use tls=required or tls=opportunistic"
                )));
            }
        };
        let port = parsed
            .port()
            .unwrap_or(if tls == Tls::None { 25 } else { 587 });
        let credentials = (!parsed.username().is_empty()).then(|| {
            let decode = |raw: &str| percent_decode(raw).unwrap_or_else(|| raw.to_owned());
            Credentials::new(
                decode(parsed.username()),
                decode(parsed.password().unwrap_or_default()),
            )
        });
        let hello = ClientId::default();
        Ok(Some(DirectPool {
            host,
            port,
            tls,
            credentials,
            hello,
            idle: Mutex::new(Vec::new()),
        }))
    }

    pub(crate) async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), MailError> {
        let reused = self.idle.lock().expect("not poisoned").pop();
        let was_reused = reused.is_some();
        let connection = match reused {
            Some(connection) => connection,
            None => self.connect().await?,
        };
        match self.send_on(connection, envelope, message).await {
            // The server may have closed an idle connection: one fresh try.
            Err(MailError::Unreachable(_)) if was_reused => {
                let fresh = self.connect().await?;
                self.send_on(fresh, envelope, message).await
            }
            outcome => outcome,
        }
    }

    async fn send_on(
        &self,
        mut connection: AsyncSmtpConnection,
        envelope: &Envelope,
        message: &[u8],
    ) -> Result<(), MailError> {
        let sent = tokio::time::timeout(SEND_TIMEOUT, connection.send(envelope, message)).await;
        match sent {
            Ok(Ok(_)) if !connection.has_broken() => {
                let mut idle = self.idle.lock().expect("not poisoned");
                if idle.len() < MAX_IDLE {
                    idle.push(connection);
                }
                Ok(())
            }
            Ok(Ok(_)) => Ok(()),
            // A refused message leaves the conversation in a state we do not trust;
            // the connection goes, the answer is the server's.
            Ok(Err(error)) => Err(MailError::from(error)),
            Err(_) => Err(MailError::Unreachable(format!(
                "the server did not answer within {} s",
                SEND_TIMEOUT.as_secs()
            ))),
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, MailError> {
        let unreachable = |what: &str, error: &dyn std::fmt::Display| {
            MailError::Unreachable(format!("{what} {}:{}: {error}", self.host, self.port))
        };
        let stream = tokio::time::timeout(
            CONNECT_TIMEOUT,
            tokio::net::TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|error| unreachable("cannot connect to", &error))?
        .map_err(|error| unreachable("cannot connect to", &error))?;
        stream
            .set_nodelay(true)
            .map_err(|error| unreachable("cannot configure the connection to", &error))?;
        let mut connection =
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello).await?;
        let wants_tls = match self.tls {
            Tls::None => false,
            Tls::Required => true,
            Tls::Opportunistic => connection.can_starttls(),
        };
        if wants_tls {
            let parameters = TlsParameters::new(self.host.clone())?;
            connection.starttls(parameters, &self.hello).await?;
        }
        if let Some(credentials) = &self.credentials {
            connection
                .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await?;
        }
        Ok(connection)
    }
}

/// `%40` → `@` in a user name or password written into a URL.
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_starttls_urls_get_a_direct_pool_and_smtps_does_not() {
        let plain = DirectPool::for_url("smtp://127.0.0.1:2525")
            .unwrap()
            .unwrap();
        assert_eq!((plain.port, plain.tls), (2525, Tls::None));
        let starttls = DirectPool::for_url("smtp://u%40x:p%2Fw@mail.example.org?tls=required")
            .unwrap()
            .unwrap();
        assert_eq!((starttls.port, starttls.tls), (587, Tls::Required));
        assert!(starttls.credentials.is_some());
        assert!(
            DirectPool::for_url("smtps://mail.example.org")
                .unwrap()
                .is_none()
        );
        assert!(DirectPool::for_url("smtp://mail.example.org?tls=maybe").is_err());
        assert_eq!(percent_decode("u%40x").as_deref(), Some("u@x"));
    }
}
