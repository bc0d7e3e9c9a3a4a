//! The rows of a Ghost export, as Ghost 4 to 6 write them. Every field is optional and
//! lenient about its type where Ghost's versions differ (ids as strings or numbers,
//! flags as booleans or 0/1, times as ISO strings, SQL-style strings or milliseconds).

use jiff::Timestamp;
use serde::{Deserialize, Deserializer};

/// A row id: Ghost 1 and later use 24 hex digits, older exports numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(i64),
        }
        Ok(match Raw::deserialize(d)? {
            Raw::Text(text) => Id(text),
            Raw::Number(n) => Id(n.to_string()),
        })
    }
}

/// A flag: `true`/`false`, `1`/`0` or null.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            Number(i64),
            Text(String),
        }
        Ok(Flag(match Option::<Raw>::deserialize(d)? {
            Some(Raw::Bool(b)) => b,
            Some(Raw::Number(n)) => n != 0,
            Some(Raw::Text(t)) => matches!(t.as_str(), "1" | "true"),
            None => false,
        }))
    }
}

/// A time: `2024-05-14T08:30:00.000Z`, `2024-05-14 08:30:00` (UTC) or milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time(pub Timestamp);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(i64),
        }
        let parsed = match Raw::deserialize(d)? {
            Raw::Number(ms) => Timestamp::from_millisecond(ms).ok(),
            Raw::Text(text) => parse_time(&text),
        };
        parsed
            .map(Time)
            .ok_or_else(|| serde::de::Error::custom("a date Ghost would not write"))
    }
}

fn parse_time(text: &str) -> Option<Timestamp> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(t);
    }
    // Older exports: "2019-03-01 10:00:00", in UTC.
    let civil: jiff::civil::DateTime = text.trim().replace(' ', "T").parse().ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Post {
    pub id: Id,
    pub uuid: Option<String>,
    pub title: Option<String>,
    pub slug: Option<String>,
    pub lexical: Option<String>,
    pub mobiledoc: Option<String>,
    pub html: Option<String>,
    pub feature_image: Option<String>,
    /// Ghost 4 kept these on the post; 5 moved them to `posts_meta`.
    pub feature_image_alt: Option<String>,
    pub feature_image_caption: Option<String>,
    pub featured: Flag,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Ghost 1 and 2: pages were posts with this flag.
    pub page: Flag,
    pub status: Option<String>,
    pub created_at: Option<Time>,
    pub published_at: Option<Time>,
    pub custom_excerpt: Option<String>,
    /// Ghost 1 and 2: the single author before `posts_authors`.
    pub author_id: Option<Id>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Tag {
    pub id: Id,
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct User {
    pub id: Id,
    pub name: Option<String>,
    pub slug: Option<String>,
    pub bio: Option<String>,
    pub profile_image: Option<String>,
}

/// A row of `posts_tags` or `posts_authors`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Link {
    pub post_id: Id,
    pub tag_id: Option<Id>,
    pub author_id: Option<Id>,
    pub sort_order: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PostMeta {
    pub post_id: Id,
    pub feature_image_alt: Option<String>,
    pub feature_image_caption: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Newsletter {
    pub id: Id,
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub sender_name: Option<String>,
    pub sender_email: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Member {
    pub id: Id,
    pub email: Option<String>,
    pub name: Option<String>,
    pub created_at: Option<Time>,
    /// Ghost 3: one list, and this flag said whether the member was on it.
    pub subscribed: Option<Flag>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MemberNewsletter {
    pub member_id: Id,
    pub newsletter_id: Id,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Setting {
    pub key: Option<String>,
    pub value: Option<serde_json::Value>,
}

/// An entry of Ghost's `redirects.json` (in `content/data/`): `from` is a regular
/// expression Ghost matches against the path.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Redirect {
    pub from: String,
    pub to: String,
    pub permanent: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_come_in_three_shapes() {
        let iso: Time = serde_json::from_str("\"2024-05-14T08:30:00.000Z\"").unwrap();
        let sql: Time = serde_json::from_str("\"2024-05-14 08:30:00\"").unwrap();
        let ms: Time = serde_json::from_str("1715675400000").unwrap();
        assert_eq!(iso, sql);
        assert_eq!(iso, ms);
        assert!(serde_json::from_str::<Time>("\"yesterday\"").is_err());
    }

    #[test]
    fn ids_and_flags_are_lenient() {
        let post: Post =
            serde_json::from_str(r#"{"id": 7, "featured": 1, "page": true, "extra": [1]}"#)
                .unwrap();
        assert_eq!(post.id, Id("7".into()));
        assert!(post.featured.0 && post.page.0);
    }
}
