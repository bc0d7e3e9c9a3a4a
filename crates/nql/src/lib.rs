//! NQL, the filter language Ghost's Content and Admin APIs take in `?filter=`
//! (`tag:news+featured:true`, `published_at:>now-30d`, `slug:-[a,b]`).
//!
//! [`parse`] turns a filter into a [`Filter`] tree, refusing anything past the
//! [`Limits`] (length, depth, comparisons, values) so a hostile filter costs nothing.
//! [`compile`] turns the tree into a SQL condition with `$n` placeholders and the
//! values to bind, given a [`Schema`] that says which properties exist and where they
//! live: property names are only ever looked up, values only ever bound, so no part
//! of a filter reaches the SQL text. Both steps answer a mistake with an [`NqlError`]
//! whose message a developer can act on (the API shows it as a 400).

mod ast;
mod parse;
mod sql;

pub use ast::{Comparison, Filter, Op, RelativeDate, Unit, Value};
pub use parse::{Limits, parse, parse_with};
pub use sql::{Bind, Compiled, Field, Kind, Schema, compile};

/// A filter that cannot be read or cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct NqlError {
    pub message: String,
}

impl NqlError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        NqlError {
            message: message.into(),
        }
    }

    /// A mistake at a place in the filter: the message shows where.
    pub(crate) fn at(position: usize, message: impl std::fmt::Display) -> Self {
        NqlError::new(format!("{message} (at character {})", position + 1))
    }
}
