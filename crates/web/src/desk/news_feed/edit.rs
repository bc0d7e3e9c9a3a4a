//! `/admin/news-feed/{id}`: editing one item (marked as an update readers see, or
//! quietly, for a typo), deleting it, and pinning it to the top or unpinning it.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use byline_core::FeedItem;
use byline_store::FeedItemEdit;
use jiff::Timestamp;
use minijinja::Value;

use super::super::{DeskResult, page_with_status, see_other};
use super::list::{self, Said, Shown};
use super::{CurrentLink, ItemRow, Typed, check, item_id, list_address, require_feed};
use crate::desk::words::DeskLanguage;
use crate::kit::errors::HttpError;
use crate::kit::forms::FormData;
use crate::kit::session::Staff;
use crate::state::SharedState;

/// The item, or the desk's 404 page.
async fn existing(state: &SharedState, id: i64) -> Result<FeedItem, HttpError> {
    state.db.feed_item(id).await?.ok_or(HttpError::NotFound)
}

pub async fn form(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
) -> DeskResult {
    require_feed(&staff)?;
    let item = existing(&state, item_id(&raw_id)?).await?;
    let link = CurrentLink::of(&state, &item).await?;
    let values: BTreeMap<String, String> = [
        ("headline".to_owned(), item.headline.clone()),
        ("text".to_owned(), item.text.clone()),
        (
            "article".to_owned(),
            link.map(|l| l.shown).unwrap_or_default(),
        ),
    ]
    .into();
    render(
        &state,
        &staff,
        StatusCode::OK,
        &item,
        Typed {
            values,
            ..Typed::default()
        },
    )
    .await
}

async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    item: &FeedItem,
    typed: Typed,
) -> DeskResult {
    let chrome = state.chrome().await?;
    page_with_status(
        status,
        staff,
        "desk/news_feed_item.html",
        "news-feed",
        minijinja::context! {
            item => Value::from_serialize(ItemRow::new(item, &chrome.clock)),
            v => Value::from_serialize(&typed.values),
            errors => Value::from_serialize(&typed.errors),
        },
    )
}

/// `POST /admin/news-feed/{id}`: saves an edit. "Mark as updated" stamps the time
/// readers see as "Updated"; without it the old mark (or none) stays.
pub async fn save(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let (form, id) = item_form(&staff, &raw_id, pairs)?;
    let item = existing(&state, id).await?;
    let link = CurrentLink::of(&state, &item).await?;
    let lang = DeskLanguage::of(&staff);
    let checked = match check(&state, &lang, &form, link.as_ref()).await? {
        Ok(checked) => checked,
        Err(errors) => {
            let typed = Typed {
                values: form.values(),
                errors,
            };
            return render(
                &state,
                &staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                &item,
                typed,
            )
            .await;
        }
    };
    let mark_updated = form.checked("mark_updated");
    state
        .db
        .update_feed_item(
            item.id,
            &FeedItemEdit {
                headline: checked.draft.headline,
                text: checked.draft.text,
                post_slug: checked.post_slug,
                updated_at: mark_updated.then(Timestamp::now),
            },
        )
        .await?;
    state.news_feed_changed();
    tracing::info!(
        feed_item.id = item.id,
        user.id = staff.user.id,
        feed_item.marked_updated = mark_updated,
        "news feed item edited"
    );
    Ok(see_other(&list_address(item.edition, Some("saved"))))
}

/// The checks every form about one item passes first, in this order: the session's
/// CSRF token, the right to manage the feed, then a well-formed id.
fn item_form(
    staff: &Staff,
    raw_id: &str,
    pairs: Vec<(String, String)>,
) -> Result<(FormData, i64), HttpError> {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    require_feed(staff)?;
    Ok((form, item_id(raw_id)?))
}

/// `POST /admin/news-feed/{id}/delete`.
pub async fn delete(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let (_, id) = item_form(&staff, &raw_id, pairs)?;
    let item = existing(&state, id).await?;
    state.db.delete_feed_item(id).await?;
    state.news_feed_changed();
    tracing::info!(
        feed_item.id = id,
        user.id = staff.user.id,
        "news feed item deleted"
    );
    Ok(see_other(&list_address(item.edition, Some("deleted"))))
}

/// `POST /admin/news-feed/{id}/pin` with `pinned=1` (pin; the item pinned before is
/// unpinned) or `pinned=0` (unpin).
pub async fn pin(
    State(state): State<SharedState>,
    staff: Staff,
    Path(raw_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let (form, id) = item_form(&staff, &raw_id, pairs)?;
    let item = existing(&state, id).await?;
    let pinned = match form.get("pinned") {
        "1" => true,
        "0" => false,
        _ => {
            let refused = Said::Refused("feed-refused-pin");
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let shown = Shown {
                page: 1,
                edition: item.edition,
            };
            return list::render(&state, &staff, status, shown, refused, Typed::default()).await;
        }
    };
    state.db.set_feed_item_pinned(id, pinned).await?;
    state.news_feed_changed();
    let notice = if pinned { "pinned" } else { "unpinned" };
    Ok(see_other(&list_address(item.edition, Some(notice))))
}
