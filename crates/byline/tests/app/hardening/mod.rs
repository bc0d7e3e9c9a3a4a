//! Regression tests for the security review's findings (issue 14), each reproduced
//! through the real server on both engines before it was fixed.

mod addresses;
mod control_characters;
mod database_down;
mod markdown;
mod media;
mod password_reset;
pub mod preview_links;
mod redirects;
mod security_headers;
mod small;
mod streams;
