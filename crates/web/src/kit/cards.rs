//! Related-article cards inside an article's body: the Markdown marks where a card
//! goes; here each mark becomes the theme's card for that article, if it is
//! published. The public article and the desk's preview both render bodies this way.

use std::collections::HashMap;

use byline_core::markdown::{BodyPart, split_related};
use byline_core::{PostId, Slug};
use minijinja::Value;

use super::errors::HttpError;
use crate::state::{Chrome, SharedState};
use crate::views::CardView;

/// The stored body with each `[[related: slug]]` marker replaced by that article's
/// card, or by nothing when it is missing or unpublished. One query for all cards.
pub async fn body_with_cards(
    state: &SharedState,
    chrome: &Chrome,
    body_html: &str,
    own_slug: Option<&Slug>,
) -> Result<String, HttpError> {
    Ok(body_and_cards(state, chrome, body_html, own_slug).await?.0)
}

/// [`body_with_cards`], and the ids of the posts whose cards it shows.
pub async fn body_and_cards(
    state: &SharedState,
    chrome: &Chrome,
    body_html: &str,
    own_slug: Option<&Slug>,
) -> Result<(String, Vec<PostId>), HttpError> {
    let parts = split_related(body_html);
    let slugs: Vec<Slug> = parts
        .iter()
        .filter_map(|p| match p {
            BodyPart::Related(slug) if Some(slug) != own_slug => Some(slug.clone()),
            _ => None,
        })
        .collect();
    if slugs.is_empty() {
        return Ok((body_html.to_owned(), Vec::new()));
    }
    let mut summaries = state.db.published_summaries(&slugs).await?;
    chrome.section_names.posts(&mut summaries);
    let found: HashMap<String, CardView> = summaries
        .iter()
        .map(|summary| {
            (
                summary.slug.to_string(),
                CardView::new(summary, &chrome.clock),
            )
        })
        .collect();
    let mut html = String::with_capacity(body_html.len() + 1024);
    for part in parts {
        match part {
            BodyPart::Html(piece) => html.push_str(piece),
            BodyPart::Related(slug) => {
                if let Some(card) = found.get(slug.as_str()) {
                    let context = minijinja::context! {
                        card => Value::from_serialize(card),
                        site => Value::from_serialize(&chrome.site),
                    };
                    html.push_str(&state.theme.render("partials/related.html", context)?);
                }
            }
        }
    }
    Ok((html, summaries.iter().map(|summary| summary.id).collect()))
}
