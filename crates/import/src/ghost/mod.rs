//! Ghost JSON exports.

pub mod cards;
mod convert;
pub mod lexical;
pub mod mobiledoc;
mod read;
mod stream;
mod tables;

pub use read::GhostArchive;
