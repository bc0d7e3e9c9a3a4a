//! The [`Mailer`]: one handle, two ways out (an SMTP server or a folder of `.eml` files).

use std::path::PathBuf;
use std::sync::Arc;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::direct::DirectPool;
use crate::{MailError, files, smtp};

/// One message ready to send: a recipient, a subject and the bodies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outgoing {
    /// The recipient, `reader@example.org` or `Reader Name <reader@example.org>`.
    pub to: String,
    pub subject: String,
    /// The plain-text body, always sent: some readers and every spam filter want it.
    pub text: String,
    /// An HTML body shown instead of the text by clients that can.
    pub html: Option<String>,
    /// The sender when not the mailer's own (a newsletter's name and address).
    pub from: Option<String>,
    pub reply_to: Option<String>,
    /// A fixed Message-ID (`<…@domain>`), so a copy sent twice is recognisably the
    /// same message; otherwise a random one.
    pub message_id: Option<String>,
    /// Further headers (`List-Unsubscribe`…), names and values as sent.
    pub headers: Vec<(&'static str, String)>,
}

/// Sends emails through SMTP or writes them to files. Cloning is cheap and clones share
/// the SMTP connection pool.
#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
}

// By hand: the transport has no useful Debug, and the description is what matters.
impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("transport", &self.describe())
            .field("from", &self.inner.from.to_string())
            .finish()
    }
}

struct Inner {
    from: Mailbox,
    transport: Transport,
}

enum Transport {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// Our own connections for `smtp://` servers (see `direct.rs`); `smtps://`
        /// goes through lettre's pooled transport.
        direct: Option<DirectPool>,
        /// Host, port and TLS mode for log lines; the URL itself may hold a password.
        server: String,
    },
    Files {
        dir: PathBuf,
    },
}

impl Mailer {
    /// A mailer that writes each message as an `.eml` file into `dir` (created if
    /// missing) and logs where it went. `from` is the sender, `news@example.org` or
    /// `The Daily <news@example.org>`.
    pub fn to_files(dir: PathBuf, from: &str) -> Result<Mailer, MailError> {
        let from = parse_from(from)?;
        std::fs::create_dir_all(&dir)?;
        Ok(Mailer::new(from, Transport::Files { dir }))
    }

    /// A mailer that sends through the SMTP server at `url` over a pool of reused
    /// connections: `smtp://host:port` (no TLS), `smtp://host?tls=required` (STARTTLS),
    /// `smtps://host` (TLS from the start), with `user:password@` when the server wants
    /// a login. Must be called inside a tokio runtime, which runs the pool's upkeep.
    pub fn smtp(url: &str, from: &str) -> Result<Mailer, MailError> {
        let from = parse_from(from)?;
        let (transport, server) = smtp::transport(url)?;
        let direct = DirectPool::for_url(url)?;
        Ok(Mailer::new(
            from,
            Transport::Smtp {
                transport,
                direct,
                server,
            },
        ))
    }

    fn new(from: Mailbox, transport: Transport) -> Mailer {
        Mailer {
            inner: Arc::new(Inner { from, transport }),
        }
    }

    /// Where messages go, for a start-up log line: `SMTP mail.example.org:587 (STARTTLS)`
    /// or `files in /srv/byline-data/mail`. Never contains credentials.
    pub fn describe(&self) -> String {
        match &self.inner.transport {
            Transport::Smtp { server, .. } => format!("SMTP {server}"),
            Transport::Files { dir } => format!("files in {}", dir.display()),
        }
    }

    /// Sends one message. An error says whether trying again later makes sense
    /// ([`MailError::is_transient`]).
    pub async fn send(&self, message: &Outgoing) -> Result<(), MailError> {
        let email = self.build(message)?;
        match &self.inner.transport {
            Transport::Smtp {
                direct: Some(direct),
                ..
            } => {
                direct.send(email.envelope(), &email.formatted()).await?;
                tracing::debug!(mail.subject = %message.subject, "email handed to the SMTP server");
                Ok(())
            }
            Transport::Smtp { transport, .. } => {
                transport.send(email).await?;
                tracing::debug!(mail.subject = %message.subject, "email handed to the SMTP server");
                Ok(())
            }
            Transport::Files { dir } => {
                let path = files::write(dir, email.formatted()).await?;
                tracing::info!(
                    mail.file = %path.display(),
                    mail.subject = %message.subject,
                    "email written to a file (no SMTP server configured)"
                );
                Ok(())
            }
        }
    }

    fn build(&self, message: &Outgoing) -> Result<Message, MailError> {
        let to: Mailbox = message
            .to
            .trim()
            .parse()
            .map_err(|error| MailError::Address(format!("{error}")))?;
        let from = match &message.from {
            Some(from) => parse_from(from)?,
            None => self.inner.from.clone(),
        };
        let message_id = match &message.message_id {
            Some(id) => id.clone(),
            None => self.message_id()?,
        };
        let mut builder = Message::builder()
            .message_id(Some(message_id))
            .from(from)
            .to(to)
            .subject(one_line(&message.subject));
        if let Some(reply_to) = &message.reply_to {
            let reply_to: Mailbox = reply_to.parse().map_err(|error| {
                MailError::Config(format!(
                    "the reply-to address {reply_to:?} is not valid: {error}"
                ))
            })?;
            builder = builder.reply_to(reply_to);
        }
        for (name, value) in &message.headers {
            builder = builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str(name),
                one_line(value),
            ));
        }
        let text = SinglePart::plain(message.text.clone());
        let email = match &message.html {
            // Text first: clients show the last part they understand, so HTML wins
            // where it can be shown.
            Some(html) => builder.multipart(
                MultiPart::alternative()
                    .singlepart(text)
                    .singlepart(SinglePart::html(html.clone())),
            ),
            None => builder.singlepart(text),
        };
        // The builder only fails on a missing sender or a bad envelope, and both
        // addresses were parsed above, so this names an address problem if it happens.
        email.map_err(|error| MailError::Address(error.to_string()))
    }

    /// A unique Message-ID in the sender's domain. Mail without one, or with the name
    /// of a container host in it, looks careless to spam filters.
    fn message_id(&self) -> Result<String, MailError> {
        let (high, low) = (files::random_u64()?, files::random_u64()?);
        Ok(format!(
            "<{high:016x}{low:016x}@{}>",
            self.inner.from.email.domain()
        ))
    }
}

fn parse_from(from: &str) -> Result<Mailbox, MailError> {
    from.trim().parse().map_err(|error| {
        MailError::Config(format!("the sender address {from:?} is not valid: {error}"))
    })
}

/// A header must stay on one line: line breaks in a subject would otherwise end the
/// header early or be rejected by strict servers.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
