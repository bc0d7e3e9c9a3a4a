//! A post's revisions: the list, the difference between any two, and restoring one
//! (which saves it again as a new revision, so nothing is ever lost).

use axum::Form;
use axum::extract::{Path, Query, State};
use byline_core::PostId;
use byline_core::content::NewPost;
use byline_core::revisions::Snapshot;
use byline_core::revisions::diff as diff_snapshots;
use byline_i18n::Args;
use byline_store::{SaveReason, StoreError};
use minijinja::Value;
use serde::{Deserialize, Serialize};

use super::super::words::DeskLanguage;
use super::super::{DeskResult, page, see_other};
use super::editable_post;
use crate::kit::errors::{Cause, HttpError};
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
    let lang = DeskLanguage::of(&staff);
    let chrome = state.chrome().await?;
    let clock = chrome.clock.in_language(lang.tag().clone());
    let rows: Vec<RevisionRow> = state
        .db
        .revisions(id)
        .await?
        .into_iter()
        .map(|r| RevisionRow {
            number: r.number,
            author: r.author.unwrap_or_else(|| lang.t("revisions-former-staff")),
            reason: reason_words(&r.reason, &lang),
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

/// Why a revision was saved, in the desk's language. The store keeps the reason as
/// English words that also name it ("Restored revision 3"); one it does not know
/// is shown as stored.
fn reason_words(stored: &str, lang: &DeskLanguage) -> String {
    let id = match stored {
        "Created" => "revisions-reason-created",
        "Saved" => "revisions-reason-saved",
        "Autosaved" => "revisions-reason-autosaved",
        "Created through the Admin API" => "revisions-reason-api-created",
        "Saved through the Admin API" => "revisions-reason-api-saved",
        _ => {
            return match stored
                .strip_prefix("Restored revision ")
                .and_then(|n| n.parse::<i64>().ok())
            {
                Some(number) => lang.t_with(
                    "revisions-reason-restored",
                    &Args::new().text("number", number.to_string()),
                ),
                None => stored.to_owned(),
            };
        }
    };
    lang.t(id)
}

/// A compared field's name in the desk's language (the diff names each field in
/// English; a field this table does not know keeps that name).
fn field_words(field: &str, lang: &DeskLanguage) -> String {
    let id = match field {
        "Title" => "diff-field-title",
        "Slug" => "slug",
        "Subtitle" => "editor-standfirst",
        "Body" => "diff-field-body",
        "Featured image" => "editor-image",
        "Featured" => "diff-field-featured",
        "Author ids" => "diff-field-authors",
        "Tag ids" => "diff-field-sections",
        _ => return field.to_owned(),
    };
    lang.t(id)
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
    let lang = DeskLanguage::of(&staff);
    let changes: Vec<Value> = diff_snapshots(&old, &new)
        .into_iter()
        .map(|change| {
            minijinja::context! {
                field => field_words(change.field, &lang),
                lines => Value::from_serialize(&change.lines),
            }
        })
        .collect();
    page(
        &staff,
        "desk/diff.html",
        "posts",
        minijinja::context! {
            post => minijinja::context! { id, title => &post.post.summary.title, revision => post.revision },
            from, to,
            changes,
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
        Err(StoreError::Conflict { .. }) => Err(HttpError::Worded {
            cause: Cause::Conflict,
            message: DeskLanguage::of(&staff).t("revisions-error-conflict"),
        }),
        Err(StoreError::SlugTaken(_)) => Err(HttpError::Worded {
            cause: Cause::Conflict,
            message: DeskLanguage::of(&staff).t("revisions-error-slug-taken"),
        }),
        Err(other) => Err(other.into()),
    }
}
