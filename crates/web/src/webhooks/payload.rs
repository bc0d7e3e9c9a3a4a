//! What a delivery says, as Ghost says it: `{"post":{"current":{…},"previous":{…}}}`
//! with the Admin API's object. `current` is the object as it stands when the
//! delivery is made (a receiver that fell behind is told the newest state, never an
//! older one); it is empty once the thing is deleted. `previous` holds the fields
//! the change moved, as they were, recorded with the event.

use byline_core::news_feed::render_text;
use byline_core::{PostId, SubscriberId};
use byline_store::ClaimedDelivery;
use serde_json::json;

use crate::api::admin::{member_object, post_object};
use crate::api::content::objects;
use crate::state::AppState;

pub async fn body(state: &AppState, delivery: &ClaimedDelivery) -> anyhow::Result<Vec<u8>> {
    let site = state.chrome().await?.site.url.clone();
    let current = match delivery.resource.as_str() {
        "post" | "page" => match state.db.desk_post(PostId(delivery.resource_id)).await? {
            Some(found) => Some(post_object(state, &found.post, &site).await?),
            None => None,
        },
        "tag" => state
            .db
            .tag_by_id(delivery.resource_id)
            .await?
            .map(|tag| serde_json::to_value(objects::tag(&tag, &site, None)))
            .transpose()?,
        "member" => member_object(&state.db, SubscriberId(delivery.resource_id)).await?,
        "news_feed_item" => match state.db.feed_item(delivery.resource_id).await? {
            Some(item) => {
                let editions = state.editions().await?;
                let prefix = editions
                    .iter()
                    .find(|edition| edition.id == item.edition)
                    .map(|edition| edition.prefix.clone())
                    .unwrap_or_else(byline_core::editions::EditionPrefix::main);
                Some(feed_item(&item, &site, &prefix))
            }
            None => None,
        },
        _ => None,
    };
    let body = json!({
        delivery.resource.as_str(): {
            "current": current.unwrap_or_else(|| json!({})),
            "previous": delivery.previous,
        }
    });
    Ok(serde_json::to_vec(&body)?)
}

/// A News Feed item: Byline's own event, so its own object (no Ghost client reads
/// one), with the fields a wire bot or a push service needs.
/// Its addresses are inside its edition (`prefix`); a linked article of another
/// edition redirects to its own.
fn feed_item(
    item: &byline_core::FeedItem,
    site: &str,
    prefix: &byline_core::editions::EditionPrefix,
) -> serde_json::Value {
    json!({
        "id": item.id,
        "headline": item.headline,
        "text": item.text,
        "html": render_text(&item.text),
        "url": format!("{site}{}", prefix.path(&format!("/news-feed/{}/", item.id))),
        "article_url": item
            .post_slug
            .as_ref()
            .map(|slug| format!("{site}{}", prefix.path(&format!("/{slug}/")))),
        "pinned": item.pinned,
        "published_at": objects::ghost_time(item.published_at),
        "updated_at": item.updated_at.map(objects::ghost_time),
    })
}
