//! Typed ids for the records most often passed around by number: a post's id cannot be
//! handed where a newsletter's is expected. Each is the row's integer key; it prints
//! and serializes as that bare number, so addresses, job payloads and templates see
//! exactly what they saw before; with the `sqlx` feature (the store's) it binds and
//! decodes as that number too.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl $name {
            /// The row's integer key, for binding in a query.
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map($name)
            }
        }
    };
}

typed_id!(
    /// A post's or page's id.
    PostId
);
typed_id!(
    /// A newsletter's (a mailing list's) id.
    NewsletterId
);
typed_id!(
    /// A subscriber's id: one email address, whatever lists it is on.
    SubscriberId
);
typed_id!(
    /// A newsletter issue's id.
    IssueId
);
typed_id!(
    /// An edition's id: 1 is the edition at `/`, which every site has.
    EditionId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_parse_and_serialize_as_bare_numbers() {
        let id = PostId(42);
        assert_eq!(id.to_string(), "42");
        assert_eq!("42".parse::<PostId>().unwrap(), id);
        assert!("4x".parse::<PostId>().is_err());
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<IssueId>("7").unwrap(), IssueId(7));
    }
}
