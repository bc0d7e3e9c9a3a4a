//! Bringing a newsroom's archive in from Ghost and WordPress.
//!
//! Each platform has a reader ([`ghost`], [`wordpress`]) that turns the platform's
//! export file into the neutral [`model`]: authors, sections, posts with their bodies
//! already converted to Byline's Markdown, newsletters, members and old addresses.
//! Readers stream their files (an archive can be gigabytes) and never write anything;
//! [`apply`] then writes what they read into the store, in whole posts, remembering
//! every row's source id so that running the same import again updates rather than
//! duplicates.

pub mod apply;
pub mod body;
pub mod captions;
pub mod ghost;
pub mod html;
pub mod languages;
pub mod media;
pub mod model;
pub mod source;
pub mod wordpress;

pub use apply::{ImportError, Options, Progress, Report, import};
pub use body::Body;
pub use ghost::GhostArchive;
pub use source::{Archive, ReadError};
