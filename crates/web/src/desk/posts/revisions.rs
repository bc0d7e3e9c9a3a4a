//! A post's revisions: the list, the difference between any two, and restoring one
//! (which saves it again as a new revision, so nothing is ever lost).

use axum::Form;
use axum::extract::{Path, Query, State};
use byline_core::PostId;
use byline_core::content::NewPost;
use byline_core::revisions::Snapshot;
use byline_core::revisions::diff as diff_snapshots;
use byline_store::{SaveReason, StoreError};
use minijinja::Value;
use serde::{Deserialize, Serialize};

use super::super::{DeskResult, page, see_other};
use super::editable_post;
use crate::kit::errors::HttpError;
use crate::kit::forms::FormData;
use crate::kit::session::Staff;
use crate::state::SharedState;

#[derive(Serialize)]
struct RevisionRow {
    number: i64,
    author: String,
    reason: String,
    at: String,
}

pub async fn list(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<PostId>,
) -> DeskResult {
    let post = editable_post(&state, &staff, id).await?;
    let chrome = state.chrome().await?;
    let clock = chrome
        .clock
        .in_language(byline_core::LanguageTag::english());
    let rows: Vec<RevisionRow> = state
        .db
        .revisions(id)
        .await?
        .into_iter()
        .map(|r| RevisionRow {
            number: r.number,
            author: r
                .author
                .unwrap_or_else(|| "Someone no longer on staff".into()),
            reason: r.reason,
            at: clock.time(r.created_at).display,
        })
        .collect();
    page(
        &staff,
        "desk/revisions.html",
        "posts",
        minijinja::context! {
            post => minijinja::context! { id, title => &post.post.summary.title, revision => post.revision },
            revisions => Value::from_serialize(&rows),
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

pub async fn diff(
    State(state): State<SharedState>,
    staff: Staff,
    Path(id): Path<PostId>,
    Query(query): Query<DiffQuery>,
) -> DeskResult {
    let post = editable_post(&state, &staff, id).await?;
    let number = |raw: Option<String>| raw.and_then(|r| r.trim().parse::<i64>().ok());
    let (Some(from), Some(to)) = (number(query.from), number(query.to)) else {
        return Err(HttpError::NotFound);
    };
    let old = state
        .db
        .revision(id, from)
        .await?
        .ok_or(HttpError::NotFound)?;
    let new = state
        .db
        .revision(id, to)
        .await?
        .ok_or(HttpError::NotFound)?;
    let changes = diff_snapshots(&old, &new);
    page(
        &staff,
        "desk/diff.html",
        "posts",
        minijinja::context! {
            post => minijinja::context! { id, title => &post.post.summary.title, revision => post.revision },
            from, to,
            changes => Value::from_serialize(&changes),
        },
    )
}

pub async fn restore(
    State(state): State<SharedState>,
    staff: Staff,
    Path((id, number)): Path<(PostId, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let post = editable_post(&state, &staff, id).await?;
    let snapshot: Snapshot = state
        .db
        .revision(id, number)
        .await?
        .ok_or(HttpError::NotFound)?;
    let s = &post.post.summary;
    let current = NewPost {
        slug: s.slug.clone(),
        kind: s.kind,
        status: s.status,
        title: s.title.clone(),
        subtitle: s.subtitle.clone(),
        body_markdown: post.post.body_markdown.clone(),
        image: s.image.clone(),
        featured: s.featured,
        published_at: s.published_at,
        author_ids: s.authors.iter().map(|a| a.id).collect(),
        tag_ids: s.tags.iter().map(|t| t.id).collect(),
    };
    let mut restored = snapshot.to_new_post(s.kind, &current);
    // Authors or sections deleted since then are left out rather than failing.
    let known = super::editor::known(&state).await?;
    restored
        .author_ids
        .retain(|id| known.author_ids.contains(id));
    restored.tag_ids.retain(|id| known.tag_ids.contains(id));
    let base = form.get("revision").trim().parse().unwrap_or(post.revision);
    match state
        .db
        .save_desk_post(
            id,
            restored,
            base,
            staff.user.id,
            SaveReason::Restored(number),
        )
        .await
    {
        Ok(_) => Ok(see_other(&format!("/admin/posts/{id}?notice=restored"))),
        Err(StoreError::Conflict { .. }) => Err(HttpError::Conflict(
            "Someone saved this post while you were looking at its revisions. Open the revisions again and retry.",
        )),
        Err(StoreError::SlugTaken(_)) => Err(HttpError::Conflict(
            "That revision's slug now belongs to another post. Restore it by hand in the editor.",
        )),
        Err(other) => Err(other.into()),
    }
}
