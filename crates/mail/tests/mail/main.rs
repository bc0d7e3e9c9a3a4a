//! byline-mail's tests, in one binary: real files read back by Python's `email`
//! module, a real SMTP server (aiosmtpd) on a free port, and the real templates.

mod files;
mod helpers;
mod smtp;
mod templates;
