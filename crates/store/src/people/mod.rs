//! People: the authors whose names run on articles, and the staff who sign in to the
//! desk (accounts, sessions, sign-in attempts and account links).

mod authors;
pub(crate) mod staff;

pub use authors::NewAuthor;
