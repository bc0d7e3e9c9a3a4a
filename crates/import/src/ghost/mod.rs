//! Ghost JSON exports.

pub mod cards;
