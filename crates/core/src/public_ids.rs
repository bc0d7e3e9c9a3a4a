//! The ids Byline's Ghost-compatible APIs show: 24 hex digits, like Ghost's object
//! ids, made from the kind of thing and its stored number. They are the same on every
//! node and after every restart, and turn back into the number without a lookup.
//!
//! The first eight digits name the kind (ASCII "bypo", "byta", "byus", "byne",
//! "byti", "bywe", "byin", "byme" in hex), the last sixteen hold the number. Posts and pages share one kind,
//! as they share one table (and as Ghost's pages are posts).

/// The kinds of thing an API names by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// Posts and pages.
    Post,
    Tag,
    Author,
    Newsletter,
    Tier,
    Webhook,
    Integration,
    Member,
}

impl Resource {
    fn prefix(self) -> &'static str {
        match self {
            Resource::Post => "6279706f",
            Resource::Tag => "62797461",
            Resource::Author => "62797573",
            Resource::Newsletter => "6279656e",
            Resource::Tier => "62797469",
            Resource::Webhook => "62797765",
            Resource::Integration => "6279696e",
            Resource::Member => "62796d65",
        }
    }

    /// The public id of the stored row `number`.
    pub fn id(self, number: i64) -> String {
        format!("{}{:016x}", self.prefix(), number as u64)
    }

    /// The stored number behind `id`, if it is an id of this kind.
    pub fn number(self, id: &str) -> Option<i64> {
        let digits = id.strip_prefix(self.prefix())?;
        if digits.len() != 16
            || !digits
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return None;
        }
        let number = i64::try_from(u64::from_str_radix(digits, 16).ok()?).ok()?;
        (number > 0).then_some(number)
    }
}

#[cfg(test)]
mod tests {
    use super::Resource;

    #[test]
    fn ids_are_24_hex_digits_and_turn_back_into_their_number() {
        let id = Resource::Post.id(42);
        assert_eq!(id, "6279706f000000000000002a");
        assert_eq!(id.len(), 24);
        assert_eq!(Resource::Post.number(&id), Some(42));
        assert_eq!(Resource::Tag.number(&id), None, "another kind's id");
        assert_eq!(
            Resource::Tag.number(&Resource::Tag.id(i64::MAX)),
            Some(i64::MAX)
        );
    }

    #[test]
    fn anything_else_is_not_an_id() {
        for text in [
            "",
            "6279706f",
            "6279706f000000000000002A",
            "6279706f00000000000000zz",
            "6279706f0000000000000000",
            "6279706fffffffffffffffff",
            "6279706f000000000000002a0",
            "5f3c0a0b1d2e3f4a5b6c7d8e",
        ] {
            assert_eq!(Resource::Post.number(text), None, "{text}");
        }
    }
}
