//! WordPress WXR exports.

pub mod content;
