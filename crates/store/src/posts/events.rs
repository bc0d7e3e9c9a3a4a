//! What a change to a post announces to webhooks, with Ghost's event names: a new
//! post is `added` (and `published` or `scheduled` if it starts that way); a saved
//! one is `edited`, and also `published`, `published.edited`, `unpublished` or
//! `scheduled` as its status moved. `previous` holds the fields that changed, as
//! they were, under Ghost's names.

use byline_core::content::NewPost;
use byline_core::{PostId, PostKind, PostStatus};
use jiff::Timestamp;
use serde_json::{Map, Value, json};

use crate::posts::save::Before;
use crate::webhooks::Announcement;

fn resource(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Post => "post",
        PostKind::Page => "page",
    }
}

fn announcement(kind: PostKind, id: PostId, what: &str, previous: Value) -> Announcement {
    Announcement {
        event: format!("{}.{what}", resource(kind)),
        resource: resource(kind),
        resource_id: id.get(),
        previous,
    }
}

/// A stored time as Ghost writes times, or `null`.
pub(crate) fn time(seconds: Option<i64>) -> Value {
    seconds
        .and_then(|s| Timestamp::from_second(s).ok())
        .map_or(Value::Null, |at| {
            Value::String(at.strftime("%Y-%m-%dT%H:%M:%S.000+00:00").to_string())
        })
}

/// The announcements of a save of `post` as post `id` (`before`: its row before
/// the save, `None` for a new post).
pub(crate) fn of_save(id: PostId, post: &NewPost, before: Option<&Before>) -> Vec<Announcement> {
    let kind = post.kind;
    let Some(before) = before else {
        let mut all = vec![announcement(kind, id, "added", json!({}))];
        match post.status {
            PostStatus::Published => all.push(announcement(kind, id, "published", json!({}))),
            PostStatus::Scheduled => all.push(announcement(kind, id, "scheduled", json!({}))),
            PostStatus::Draft => {}
        }
        return all;
    };
    let mut previous = Map::new();
    if before.title != post.title {
        previous.insert("title".into(), json!(before.title));
    }
    if before.slug != post.slug.as_str() {
        previous.insert("slug".into(), json!(before.slug));
    }
    if before.status != post.status.as_str() {
        previous.insert("status".into(), json!(before.status));
    }
    if before.subtitle != post.subtitle {
        previous.insert("custom_excerpt".into(), json!(before.subtitle));
    }
    if before.featured != post.featured {
        previous.insert("featured".into(), json!(before.featured));
    }
    if before.published_at != post.published_at.map(|at| at.as_second()) {
        previous.insert("published_at".into(), time(before.published_at));
    }
    previous.insert("updated_at".into(), time(Some(before.edited_at)));
    let previous = Value::Object(previous);
    let was = before.status.as_str();
    let mut all = vec![announcement(kind, id, "edited", previous.clone())];
    let moved = match (was, post.status) {
        ("published", PostStatus::Published) => Some("published.edited"),
        ("published", PostStatus::Draft) => Some("unpublished"),
        (_, PostStatus::Published) => Some("published"),
        ("scheduled", PostStatus::Scheduled) => None,
        (_, PostStatus::Scheduled) => Some("scheduled"),
        _ => None,
    };
    if let Some(what) = moved {
        all.push(announcement(kind, id, what, previous));
    }
    all
}

/// A scheduled post published at its time.
pub(crate) fn of_scheduled_publication(id: PostId, kind: PostKind) -> Announcement {
    announcement(kind, id, "published", json!({ "status": "scheduled" }))
}

/// A deleted post: `previous` is what identified it, as the post is gone.
pub(crate) fn of_deletion(id: PostId, kind: PostKind, previous: Value) -> Announcement {
    announcement(kind, id, "deleted", previous)
}
