//! Editors' Picks and More News: curated, ordered lists of articles. Each button
//! (add, remove, move up, move down) is its own small form, so the page works with
//! the keyboard and without JavaScript.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use byline_core::{Action, Collection, PostId};
use byline_store::{CollectionStore, PostQuery};
use serde::Deserialize;

use super::words::DeskLanguage;
use super::{DeskResult, page_with_status, see_other};
use crate::kit::errors::HttpError;
use crate::kit::forms::{FieldErrors, FormData};
use crate::kit::session::Staff;
use crate::state::SharedState;

/// Longest a collection may be.
pub const MAX_ITEMS: usize = 50;

#[derive(Debug, Deserialize)]
pub struct Notice {
    #[serde(default)]
    notice: Option<String>,
}

pub async fn show(
    State(state): State<SharedState>,
    staff: Staff,
    Query(n): Query<Notice>,
) -> DeskResult {
    staff.require(Action::ManageCollections)?;
    let notice = n
        .notice
        .is_some()
        .then(|| DeskLanguage::of(&staff).t("collections-notice-saved"));
    render(&state, &staff, StatusCode::OK, notice, None).await
}

/// A list's name in the desk's language.
fn name_id(collection: Collection) -> &'static str {
    match collection {
        Collection::EditorsPicks => "collection-editors-picks",
        Collection::MoreNews => "collection-more-news",
    }
}

async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    notice: Option<String>,
    error: Option<(&str, &str)>,
) -> DeskResult {
    let lang = DeskLanguage::of(staff);
    let mut lists = Vec::new();
    for collection in Collection::ALL {
        let items = state.db.collection(collection, MAX_ITEMS as i64).await?;
        let items: Vec<_> = items
            .iter()
            .map(|p| minijinja::context! { id => p.id, title => &p.title, url => format!("/{}/", p.slug) })
            .collect();
        let mut errors = FieldErrors::default();
        if let Some((slug, message_id)) = error
            && slug == collection.slug()
        {
            errors.add("post_id", lang.t(message_id));
        }
        lists.push(minijinja::context! {
            slug => collection.slug(), name => lang.t(name_id(collection)), items,
            errors => minijinja::Value::from_serialize(&errors),
        });
    }
    let candidates: Vec<_> = state
        .db
        .newest_published(&PostQuery::default(), 100, 0)
        .await?
        .into_iter()
        .map(|p| minijinja::context! { id => p.id, title => p.title })
        .collect();
    page_with_status(
        status,
        staff,
        "desk/collections.html",
        "collections",
        minijinja::context! { lists, candidates, notice },
    )
}

pub async fn change(
    State(state): State<SharedState>,
    staff: Staff,
    Path(name): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    staff.require(Action::ManageCollections)?;
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    let collection = Collection::ALL
        .into_iter()
        .find(|c| c.slug() == name)
        .ok_or(HttpError::NotFound)?;
    let mut ids: Vec<PostId> = state
        .db
        .collection(collection, MAX_ITEMS as i64)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let Some(post_id) = form.text("post_id").and_then(|v| v.parse::<PostId>().ok()) else {
        return render(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some((collection.slug(), "collections-error-choose")),
        )
        .await;
    };
    let position = ids.iter().position(|id| *id == post_id);
    let refusal = match (form.get("op"), position) {
        ("add", Some(_)) => Some("collections-error-already-in"),
        ("add", None) if ids.len() >= MAX_ITEMS => Some("collections-error-full"),
        ("add", None) => {
            ids.push(post_id);
            None
        }
        ("remove", Some(i)) => {
            ids.remove(i);
            None
        }
        ("up", Some(i)) if i > 0 => {
            ids.swap(i, i - 1);
            None
        }
        ("down", Some(i)) if i + 1 < ids.len() => {
            ids.swap(i, i + 1);
            None
        }
        ("up" | "down", Some(_)) => None,
        _ => Some("collections-error-not-in"),
    };
    if let Some(message_id) = refusal {
        return render(
            &state,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some((collection.slug(), message_id)),
        )
        .await;
    }
    match state.db.set_collection(collection, &ids).await {
        Ok(()) => Ok(see_other("/admin/collections?notice=saved")),
        Err(byline_store::StoreError::NotFound { .. }) => {
            render(
                &state,
                &staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some((collection.slug(), "collections-error-gone")),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
