//! What can go wrong when preparing or sending an email, sorted by what the caller
//! should do about it: fix the configuration, reject the address, retry later, or give
//! up on this message.

/// An email could not be prepared or delivered.
///
/// The texts never contain the message body. They can contain the SMTP server's reply,
/// and servers sometimes quote the recipient in it, so log them as the cause of a
/// failure, not as a routine line.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The mailer is set up wrongly (a bad SMTP URL, a bad sender address).
    #[error("email is not configured correctly: {0}")]
    Config(String),
    /// The recipient address cannot be used.
    #[error("the email address is not valid: {0}")]
    Address(String),
    /// An email template is missing or failed to render (a bug, not bad input).
    #[error("an email template failed: {0}")]
    Template(String),
    /// The server answered 4xx for this message: it may succeed later, so keep it
    /// and try again.
    #[error("the email could not be sent now, try again later: {0}")]
    Transient(String),
    /// The server could not be reached or the conversation broke off (refused,
    /// timed out, TLS trouble): nothing is wrong with the message, every message
    /// waits until the server is back.
    #[error("the mail server cannot be reached: {0}")]
    Unreachable(String),
    /// The server refused the message with a 5xx reply: sending it again will not help.
    #[error("the email was refused: {0}")]
    Permanent(String),
    /// Writing a message to the mail folder failed.
    #[error("the email could not be written: {0}")]
    Io(#[from] std::io::Error),
}

impl MailError {
    /// Whether sending the same message again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, MailError::Transient(_) | MailError::Unreachable(_))
    }
}

impl From<lettre::transport::smtp::Error> for MailError {
    fn from(error: lettre::transport::smtp::Error) -> Self {
        // Only a 5xx reply is final. Everything else (refused or dropped connections,
        // timeouts, 4xx replies, TLS trouble, garbled replies) may clear up once the
        // server or its configuration is back in order, and a newsletter must not drop
        // a subscriber's issue because the server restarted mid-send.
        if error.is_permanent() {
            MailError::Permanent(error.to_string())
        } else if error.is_transient() {
            MailError::Transient(error.to_string())
        } else {
            MailError::Unreachable(error.to_string())
        }
    }
}
