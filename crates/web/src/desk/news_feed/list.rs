//! `/admin/news-feed/`: every item, the pinned one first, then newest first, with the
//! composer above; and `POST /admin/news-feed`, the composer's target.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use byline_store::NewFeedItem;
use jiff::Timestamp;
use minijinja::Value;
use serde::Deserialize;

use super::super::{DeskResult, page_with_status, see_other};
use super::{ItemRow, ReturnTo, Typed, check, composer, require_feed};
use crate::desk::posts;
use crate::kit::forms::FormData;
use crate::kit::session::Staff;
use crate::state::SharedState;

const PER_PAGE: i64 = 30;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

pub async fn redirect_list() -> Response {
    Redirect::permanent("/admin/news-feed/").into_response()
}

pub async fn show(
    State(state): State<SharedState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> DeskResult {
    require_feed(&staff)?;
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000);
    let said = match query.notice.as_deref() {
        Some("feed-published") => Said::Notice("Published to the News Feed."),
        Some("saved") => Said::Notice("Saved. Readers see the change now."),
        Some("deleted") => Said::Notice("Deleted from the News Feed."),
        Some("pinned") => Said::Notice("Pinned to the top of the News Feed."),
        Some("unpinned") => Said::Notice("Unpinned. The item is back in time order."),
        _ => Said::Nothing,
    };
    render(&state, &staff, StatusCode::OK, page, said, Typed::default()).await
}

/// What the list page says above the list.
#[derive(Debug, Clone, Copy)]
pub(super) enum Said {
    Nothing,
    /// A notice after a change went through.
    Notice(&'static str),
    /// A button's form that could not be understood; nothing changed.
    Refused(&'static str),
}

/// The list page; `typed` refills the composer after a mistake.
pub(super) async fn render(
    state: &SharedState,
    staff: &Staff,
    status: StatusCode,
    page: i64,
    said: Said,
    typed: Typed,
) -> DeskResult {
    let found = state.db.feed_items(PER_PAGE, (page - 1) * PER_PAGE).await?;
    let chrome = state.chrome().await?;
    let items: Vec<ItemRow> = found
        .items
        .iter()
        .map(|item| ItemRow::new(item, &chrome.clock))
        .collect();
    let composer = composer(state, &chrome.clock, ReturnTo::FeedList, typed).await?;
    page_with_status(
        status,
        staff,
        "desk/news_feed.html",
        "news-feed",
        minijinja::context! {
            items => Value::from_serialize(&items),
            total => found.total,
            page,
            pages => (found.total + PER_PAGE - 1) / PER_PAGE,
            notice => match said { Said::Notice(text) => Some(text), _ => None },
            problem => match said { Said::Refused(text) => Some(text), _ => None },
            composer,
        },
    )
}

/// `POST /admin/news-feed`: publishes an item, or shows the form again where it came
/// from with the mistakes beside the fields (422), nothing saved.
pub async fn create(
    State(state): State<SharedState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> DeskResult {
    let form = FormData::from_pairs(pairs);
    staff.check_csrf(form.csrf())?;
    require_feed(&staff)?;
    let return_to = ReturnTo::parse(form.get("return_to"));
    let checked = match check(&state, &form, None).await? {
        Ok(checked) => checked,
        Err(errors) => {
            let typed = Typed {
                values: form.values(),
                errors,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return match return_to {
                ReturnTo::Home => posts::list::render_home(&state, &staff, status, typed).await,
                ReturnTo::FeedList => render(&state, &staff, status, 1, Said::Nothing, typed).await,
            };
        }
    };
    let created = state
        .db
        .publish_feed_item(
            &NewFeedItem {
                headline: checked.draft.headline,
                text: checked.draft.text,
                post_slug: checked.post_slug,
                published_at: Timestamp::now(),
                updated_at: None,
                created_by: Some(staff.user.id),
            },
            form.checked("pinned"),
        )
        .await?;
    state.news_feed_changed();
    tracing::info!(
        feed_item.id = created.id,
        user.id = staff.user.id,
        "news feed item published"
    );
    Ok(see_other(&format!(
        "{}?notice=feed-published",
        return_to.path()
    )))
}
