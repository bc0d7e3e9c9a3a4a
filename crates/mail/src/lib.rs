//! Byline's email: rendering messages from template files and getting them out.
//!
//! A [`Mailer`] has one of two transports, chosen at start-up:
//!
//! - **SMTP** ([`Mailer::smtp`]), for production: lettre's async client with a pool of
//!   reused connections, plain, STARTTLS or TLS, with or without a login, all named in
//!   one URL.
//! - **Files** ([`Mailer::to_files`]), when no SMTP server is configured: every message
//!   is written as a complete `.eml` file into a folder (normally inside the data
//!   folder) and a log line says where. A fresh install thus works end to end with
//!   nothing else installed: the operator opens the invitation file and follows the
//!   link.
//!
//! [`MailTemplates`] turns a template name and a context into an [`Outgoing`] message
//! (subject, text and HTML), and [`Mailer::send`] delivers it. Errors say whether a
//! retry can help ([`MailError::is_transient`]), which the newsletter worker relies on.
//!
//! Log lines name the subject and the file or server, never the recipient or the body.

mod direct;
mod error;
mod files;
mod mailer;
pub mod newsletter;
mod smtp;
mod templates;

pub use error::MailError;
pub use mailer::{Mailer, Outgoing};
pub use newsletter::RenderedIssue;
pub use templates::MailTemplates;

// Callers build template contexts with these without depending on minijinja themselves.
pub use minijinja::{Value, context};
