//! The member object: a subscriber as Ghost's member, with where they stand on each
//! newsletter beside it.

use byline_core::SubscriberId;
use byline_core::newsletters::{Newsletter, Subscriber, SubscriptionStatus};
use byline_core::public_ids::Resource;
use byline_store::SubscriptionView;
use serde_json::Value;

use crate::api::admin::objects::{MemberNewsletter, MemberObject, MemberStanding};
use crate::api::content::objects::ghost_time;

/// Subscriber `id` as webhooks describe it: the member object a read shows.
pub async fn member_object(
    db: &byline_store::Db,
    id: SubscriberId,
) -> Result<Option<Value>, byline_store::StoreError> {
    let Some(detail) = db.subscriber_detail(id).await? else {
        return Ok(None);
    };
    let newsletters = db.newsletters().await?;
    Ok(Some(member(
        &detail.subscriber,
        &detail.subscriptions,
        &newsletters,
    )))
}

/// A subscriber as Ghost's member object, with where they stand on each newsletter
/// (pending, active or left) beside it.
pub fn member(
    subscriber: &Subscriber,
    subscriptions: &[SubscriptionView],
    newsletters: &[Newsletter],
) -> Value {
    let active: Vec<MemberNewsletter> = subscriptions
        .iter()
        .filter(|s| s.status == SubscriptionStatus::Active)
        .filter_map(|s| newsletters.iter().find(|n| n.id == s.newsletter_id))
        .map(|n| MemberNewsletter {
            id: Resource::Newsletter.id(n.id.get()),
            name: n.name.clone(),
            slug: n.slug.clone(),
            status: if n.signup_open { "active" } else { "archived" }.to_owned(),
        })
        .collect();
    let standing: Vec<MemberStanding> = subscriptions
        .iter()
        .map(|s| MemberStanding {
            newsletter: s.newsletter_slug.clone(),
            status: s.status.as_str().to_owned(),
            requested_at: ghost_time(s.requested_at),
            confirmed_at: s.confirmed_at.map(ghost_time),
            left_at: s.left_at.map(ghost_time),
        })
        .collect();
    let object = MemberObject {
        id: Resource::Member.id(subscriber.id.get()),
        uuid: None,
        email: subscriber.email.clone(),
        name: (!subscriber.name.is_empty()).then(|| subscriber.name.clone()),
        note: None,
        geolocation: None,
        status: "free".to_owned(),
        subscribed: !active.is_empty(),
        newsletters: active,
        labels: Vec::new(),
        created_at: ghost_time(subscriber.created_at),
        updated_at: ghost_time(subscriber.created_at),
        byline_subscriptions: standing,
        byline_source: subscriber.source.clone(),
    };
    serde_json::to_value(object).unwrap_or(Value::Null)
}
