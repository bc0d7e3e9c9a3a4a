//! `edition:` in a posts or pages filter: which edition's articles a browse lists.
//!
//! A Ghost client knows nothing of editions, so a filter without `edition:` lists the
//! main edition (what the site at `/` shows), and every client written for Ghost sees
//! the site it expects. `edition:uk` names another edition by its prefix, or by its
//! language; it stands alone or is joined to the rest with `+`
//! (`edition:uk+tag:city`), since one browse reads one edition's lists.

use byline_core::EditionId;
use byline_core::editions::MAIN_EDITION;
use byline_nql::{Comparison, Filter, Op, Value};
use byline_store::Edition;

use crate::api::errors::ApiError;

const PROPERTY: &str = "edition";

/// The edition a filter asks for, and the rest of the filter.
pub fn split(
    filter: Option<&Filter>,
    editions: &[Edition],
) -> Result<(EditionId, Option<Filter>), ApiError> {
    let Some(filter) = filter else {
        return Ok((MAIN_EDITION, None));
    };
    if !filter.properties().contains(&PROPERTY) {
        return Ok((MAIN_EDITION, Some(filter.clone())));
    }
    let (named, rest) = match filter {
        Filter::Compare(comparison) => (comparison, None),
        Filter::And(parts) => {
            let mut named = parts.iter().filter_map(edition_part);
            let (Some(first), None) = (named.next(), named.next()) else {
                return Err(misplaced());
            };
            let rest: Vec<Filter> = parts
                .iter()
                .filter(|part| edition_part(part).is_none())
                .cloned()
                .collect();
            let rest = match rest.len() {
                1 => rest.into_iter().next(),
                _ => Some(Filter::And(rest)),
            };
            (first, rest)
        }
        Filter::Or(_) => return Err(misplaced()),
    };
    if rest
        .as_ref()
        .is_some_and(|rest| rest.properties().contains(&PROPERTY))
    {
        return Err(misplaced());
    }
    let name = match (named.op, named.values.as_slice()) {
        (Op::Eq, [Value::Text { text, .. }]) => text.as_str(),
        _ => return Err(misplaced()),
    };
    let edition = editions
        .iter()
        .find(|edition| !edition.is_main() && edition.prefix.as_str() == name)
        .or_else(|| {
            editions
                .iter()
                .find(|edition| edition.language.as_str().eq_ignore_ascii_case(name))
        })
        .ok_or_else(|| {
            ApiError::bad_request(
                "The filter names no edition of this site.",
                format!("There is no edition {name:?}: name one by its prefix or its language."),
            )
        })?;
    Ok((edition.id, rest))
}

/// Each post's address inside its edition (`/uk/slug/`), for the objects the APIs
/// and webhooks send.
pub async fn post_paths(
    state: &crate::state::AppState,
    posts: &[&byline_core::Post],
) -> Result<std::collections::HashMap<byline_core::PostId, String>, byline_store::StoreError> {
    let ids: Vec<byline_core::PostId> = posts.iter().map(|post| post.summary.id).collect();
    let editions = state.editions().await?;
    let edition_of = state.db.editions_of(&ids).await?;
    Ok(posts
        .iter()
        .map(|post| {
            let address = format!("/{}/", post.summary.slug);
            let path = match edition_of
                .get(&post.summary.id)
                .and_then(|id| editions.iter().find(|edition| edition.id == *id))
            {
                Some(edition) => edition.prefix.path(&address),
                None => address,
            };
            (post.summary.id, path)
        })
        .collect())
}

/// The comparison of a part that tests the edition.
fn edition_part(part: &Filter) -> Option<&Comparison> {
    match part {
        Filter::Compare(comparison) if comparison.property == PROPERTY => Some(comparison),
        _ => None,
    }
}

fn misplaced() -> ApiError {
    ApiError::bad_request(
        "The filter could not be read.",
        "edition: names one edition (edition:uk), alone or joined to the rest with +.",
    )
}

#[cfg(test)]
mod tests {
    use byline_core::LanguageTag;
    use byline_core::editions::{DateOrder, EditionPrefix};

    use super::*;

    fn editions() -> Vec<Edition> {
        let edition = |id: i64, prefix: &str, language: &str| Edition {
            id: EditionId(id),
            prefix: EditionPrefix::from_stored(prefix).unwrap(),
            language: LanguageTag::parse(language).unwrap(),
            title: String::new(),
            description: String::new(),
            timezone: "UTC".into(),
            date_order: DateOrder::default(),
            navigation: Vec::new(),
            audio_disclosure: String::new(),
            voice: None,
        };
        vec![
            edition(1, "", "en"),
            edition(2, "uk", "uk"),
            edition(3, "kyiv", "uk-UA"),
        ]
    }

    fn split_text(text: &str) -> Result<(i64, Option<String>), ApiError> {
        let filter = byline_nql::parse(text).unwrap();
        split(Some(&filter), &editions()).map(|(id, rest)| (id.get(), rest.map(|r| r.to_string())))
    }

    #[test]
    fn an_edition_is_named_by_prefix_or_language() {
        assert_eq!(split_text("edition:uk").unwrap(), (2, None));
        assert_eq!(split_text("edition:kyiv").unwrap(), (3, None));
        assert_eq!(split_text("edition:en").unwrap(), (1, None));
        assert_eq!(split_text("edition:uk-UA").unwrap(), (3, None));
        assert_eq!(
            split_text("tag:city+edition:uk").unwrap(),
            (2, Some("tag:city".into()))
        );
        assert_eq!(
            split_text("tag:city+edition:uk+featured:true").unwrap().1,
            Some("tag:city+featured:true".into())
        );
        assert_eq!(split(None, &editions()).unwrap().0, MAIN_EDITION);
        assert_eq!(
            split_text("tag:city").unwrap(),
            (1, Some("tag:city".into()))
        );
    }

    #[test]
    fn other_uses_are_refused() {
        for text in [
            "edition:de",
            "edition:-uk",
            "edition:[uk,en]",
            "edition:uk,tag:city",
            "edition:uk+edition:en",
            "tag:city+(edition:uk,featured:true)",
        ] {
            assert!(split_text(text).is_err(), "{text}");
        }
    }
}
