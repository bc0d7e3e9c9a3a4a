//! WordPress WXR exports.

pub mod content;
mod read;
mod xml;

pub use read::WordPressArchive;
